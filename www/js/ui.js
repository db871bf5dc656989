// Small helpers shared by the desk's panels.

export const $ = (id) => document.getElementById(id);

export function showError(message) {
  const alert = $('alert');
  alert.textContent = message;
  alert.hidden = !message;
}

export function log(name, summary) {
  const item = document.createElement('li');
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = name;
  const text = document.createElement('span');
  text.textContent = summary;
  item.append(time, label, text);
  const list = $('log');
  list.prepend(item);
  while (list.children.length > 100) list.lastChild.remove();
}

// Runs an SDK operation from a button. A server refusal resolves with
// code !== 0; a local problem rejects with an AgentSdkError: both are shown.
export async function run(button, operation) {
  if (button) button.disabled = true;
  showError('');
  try {
    const res = await operation();
    if (res && res.code !== 0) showError(`${res.message}${res.errorCode ? ` (${res.errorCode})` : ''}`);
    return res;
  } catch (e) {
    showError(AgentSDK.isAgentSdkError(e) ? `${e.code}: ${e.message}` : String(e));
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}
