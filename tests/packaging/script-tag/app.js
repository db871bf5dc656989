// @ts-check
/// <reference types="agent-desk-sdk/global" />
// The global `AgentSDK`, used as the seed documents show it (a module
// script, so the seed's top-level `await` works as written; inline scripts
// are barred by the page's CSP). Agent `?agent=` (1016 by default), gateway `?gateway=`.
// The reference above types the global; tsconfig.json checks this file.
import { shift } from '../shared/shift.js';

const query = new URLSearchParams(location.search);
const gateway = query.get('gateway') ?? 'http://127.0.0.1:18080';

AgentSDK.setup({
  baseURL: gateway,
  debug: false,
  webrtc: true,
  webrtcStats: false,
  audio_debug: false,
  observability: false,
});
const { EventType } = AgentSDK;

await shift(AgentSDK, EventType, query.get('agent') || '1016');
