// One short shift, the same for every plain-JavaScript consumer page: sign
// in, go busy, go idle, sign out, then make one call the SDK must refuse
// locally. Each state change waits for its agentStatus event. The outcome
// lands on <body data-result> (or data-error) for the test to read.
export async function shift(AgentSDK, EventType, agentNo) {
  const stateView = document.querySelector('#state');
  const log = document.querySelector('#log');
  const note = (text) => {
    const item = document.createElement('li');
    item.textContent = text;
    log.append(item);
  };

  const states = [];
  const waiting = [];
  AgentSDK.on(EventType.AGENT_STATUS, (e) => {
    states.push(e.status.state);
    stateView.textContent = e.status.state;
    note(`agentStatus ${e.status.state} (${e.status.stateAction})`);
    for (const w of waiting.filter((w) => w.state === e.status.state)) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  // Armed before the call that causes the change: the event may come first.
  const reach = (state) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no agentStatus '${state}' within 5 s`)), 5000);
    waiting.push({ state, resolve: () => { clearTimeout(timer); resolve(); } });
  });
  const step = async (name, call, state) => {
    const reached = state ? reach(state) : Promise.resolve();
    const res = await call();
    note(`${name}: code ${res.code} ${res.message}`);
    if (res.code === 0) await reached;
    return res.code;
  };

  try {
    const codes = {
      login: await step('login', () => AgentSDK.login({
        tenantId: 't1', agentNo, sessionKey: `dev-key-${agentNo}`,
        bindEndpoint: { endpointType: 1, endpoint: '13600000000' },
        initialStatus: 1,
      }), 'idle'),
      pause: await step('pause', () => AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' }), 'busy'),
      unpause: await step('unpause', () => AgentSDK.unpause(), 'idle'),
      logout: await step('logout', () => AgentSDK.logout({ logoutMode: 1 })),
    };
    let rejected = null;
    try {
      await AgentSDK.pause({ pauseType: 'x' });
    } catch (e) {
      if (AgentSDK.isAgentSdkError(e)) rejected = e.code;
    }
    document.body.dataset.result = JSON.stringify({ codes, states, rejected });
  } catch (error) {
    document.body.dataset.error = String(error);
  }
}
