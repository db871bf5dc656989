// The package by its bare name, resolved through the page's import map.
// Agent `?agent=` (1017 by default), gateway `?gateway=`.
import { AgentSDK } from 'agent-desk-sdk';
import { shift } from '../shared/shift.js';

const query = new URLSearchParams(location.search);
const gateway = query.get('gateway') ?? 'http://127.0.0.1:18080';

AgentSDK.setup({ baseURL: gateway });
const { EventType } = AgentSDK;

await shift(AgentSDK, EventType, query.get('agent') || '1017');
