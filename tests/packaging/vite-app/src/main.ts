// A TypeScript app built by Vite with no plugin or option for the SDK: it
// imports the package by name, types its handlers from the package's
// declarations, and runs one short shift against the gateway named in the
// page's `?gateway=` parameter, as agent `?agent=` (1015 by default). The
// outcome lands on <body data-result>.
import { AgentSDK, isAgentSdkError } from 'agent-desk-sdk';
import type { AgentSdkEventMap, AgentSdkHandler, AgentState, LoginParams, SdkResponse } from 'agent-desk-sdk';

const query = new URLSearchParams(location.search);
const gateway = query.get('gateway') ?? 'http://127.0.0.1:18080';
const agentNo = query.get('agent') || '1015';
const stateView = document.querySelector<HTMLOutputElement>('#state')!;
const log = document.querySelector<HTMLOListElement>('#log')!;

function note(text: string): void {
  const item = document.createElement('li');
  item.textContent = text;
  log.append(item);
}

AgentSDK.setup({ baseURL: gateway });
const { EventType } = AgentSDK;

const states: AgentState[] = [];
const waiting: Array<{ state: AgentState; resolve: () => void }> = [];
const onStatus: AgentSdkHandler<'agentStatus'> = (e) => {
  states.push(e.status.state);
  stateView.textContent = e.status.state;
  note(`agentStatus ${e.status.state} (${e.status.stateAction})`);
  for (const w of waiting.filter((w) => w.state === e.status.state)) {
    waiting.splice(waiting.indexOf(w), 1);
    w.resolve();
  }
};
AgentSDK.on(EventType.AGENT_STATUS, onStatus);
AgentSDK.on(EventType.LOGIN_RESP, (res: AgentSdkEventMap['loginResp']) => note(`loginResp ${res.code}`));

/** Resolves at the next agentStatus event with `state`; armed before the call that causes it. */
function reach(state: AgentState): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no agentStatus '${state}' within 5 s`)), 5000);
    waiting.push({ state, resolve: () => { clearTimeout(timer); resolve(); } });
  });
}

async function step<T extends SdkResponse>(name: string, call: () => Promise<T>, state?: AgentState): Promise<number> {
  const reached = state ? reach(state) : Promise.resolve();
  const res = await call();
  note(`${name}: code ${res.code} ${res.message}`);
  if (res.code === 0) await reached;
  return res.code;
}

const login: LoginParams = {
  tenantId: 't1', agentNo, sessionKey: `dev-key-${agentNo}`,
  bindEndpoint: { endpointType: 1, endpoint: '13600000000' },
  initialStatus: 1,
};

async function shift() {
  const codes = {
    login: await step('login', () => AgentSDK.login(login), 'idle'),
    pause: await step('pause', () => AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' }), 'busy'),
    unpause: await step('unpause', () => AgentSDK.unpause(), 'idle'),
    logout: await step('logout', () => AgentSDK.logout({ logoutMode: 1 })),
  };
  let rejected: string | null = null;
  try {
    // @ts-expect-error: pauseType is a number; the SDK rejects it locally too.
    await AgentSDK.pause({ pauseType: 'x' });
  } catch (e) {
    if (isAgentSdkError(e)) rejected = e.code;
  }
  return { codes, states, rejected };
}

shift().then(
  (result) => { document.body.dataset.result = JSON.stringify(result); },
  (error: unknown) => { document.body.dataset.error = String(error); },
);
