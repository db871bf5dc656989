// The gateway's scenario interface: the demo desk plays the other parties
// (a customer calling in, the agent's desk phone answering) with it. A real
// desk has real phones and no such buttons.
import { showError } from './ui.js';

async function post(path, body = {}) {
  const res = await fetch(`/v1/scenario${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) showError(json.error ?? `scenario request failed (${res.status})`);
  return json;
}

export const placeInboundCall = (tenantId, agentNo, customerNumber) => post('/inbound', { tenantId, agentNo, customerNumber });
export const act = (mainUniqueId, what, party, reason) =>
  post(`/calls/${encodeURIComponent(mainUniqueId)}/${what}`, reason ? { party, reason } : { party });
