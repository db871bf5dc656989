// The package by its bare name, resolved through the page's import map.
// Agent 1017, gateway from `?gateway=`.
import { AgentSDK } from 'agent-desk-sdk';
import { shift } from '../shared/shift.js';

const gateway = new URLSearchParams(location.search).get('gateway') ?? 'http://127.0.0.1:18080';

AgentSDK.setup({ baseURL: gateway });
const { EventType } = AgentSDK;

await shift(AgentSDK, EventType, '1017');
