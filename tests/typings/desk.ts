// A typed agent desk over the session operations. Compiled with
// `tsc --strict --noEmit`; every `@ts-expect-error` line proves a wrong call
// does not compile (tsc fails if the line compiles after all).
import {
  AgentSDK,
  isAgentSdkError,
  type AgentSdkErrorCode,
  type AgentSdkEventMap,
  type AgentStatusEvent,
  type LoginParams,
  type LoginResponse,
  type SdkResponse,
} from 'agent-desk-sdk';

AgentSDK.setup({ baseURL: 'http://127.0.0.1:8080', debug: false, webrtc: true, webrtcStats: false, audio_debug: false, observability: false });
const { EventType } = AgentSDK;

const onStatus = (e: AgentSdkEventMap['agentStatus']) => {
  const state: 'offline' | 'invalid' | 'idle' | 'busy' | 'calling' | 'ringing' | 'talking' | 'wrapup' = e.status.state;
  const device: -1 | 0 | 1 | 2 | 3 | 4 = e.status.deviceStatus;
  console.log(state, device, e.status.stateAction, e.tenantId, e.agentNo, e.seq);
};
AgentSDK.on(EventType.AGENT_STATUS, onStatus);
AgentSDK.on(EventType.AGENT_STATUS, (e) => console.log(e.status.pauseDescription?.toUpperCase()));
AgentSDK.once(EventType.SESSION_INIT, (e) => console.log(e.uniqueId, e.mainUniqueId, e.callType));
AgentSDK.on(EventType.SESSION_TERMINATE, (e) => console.log(e.reason === 'replaced'));
AgentSDK.on(EventType.PING, (e) => console.log(e.latencyTime + 1, e.networkState));
AgentSDK.on(EventType.RECONNECT_ATTEMPT, (e) => console.log(e.attempt, e.maxAttempts, e.sinceFirstAttemptMs));
AgentSDK.on(EventType.SDK_ERROR, (e) => console.log(e.code, e.message));
AgentSDK.on(EventType.LOGIN_RESP, (res) => console.log(res.code, res.agentNo));
AgentSDK.on('pauseResp', (res: SdkResponse) => console.log(res.message));
AgentSDK.off(EventType.AGENT_STATUS, onStatus);
AgentSDK.off(EventType.AGENT_STATUS);
AgentSDK.off();

// @ts-expect-error: not an event name
AgentSDK.on('agentstatus', () => {});
// @ts-expect-error: agentStatus payloads have no `state` at the top level
AgentSDK.on(EventType.AGENT_STATUS, (e) => console.log(e.state));
// @ts-expect-error: a ping handler cannot take an agentStatus payload
AgentSDK.on(EventType.PING, (e: AgentStatusEvent) => console.log(e));
// @ts-expect-error: EventType is read-only
EventType.AGENT_STATUS = 'x';

const params: LoginParams = {
  tenantId: 't1',
  agentNo: '0001',
  sessionKey: 'dev-key-0001',
  bindEndpoint: { endpointType: 1, endpoint: '13600000000' },
  initialStatus: 2,
  pauseDescription: 'MEETING',
};

export async function shift(): Promise<void> {
  try {
    const res: LoginResponse = await AgentSDK.login(params);
    if (res.code !== 0) console.error('login failed:', res.message, res.errorCode);
    await AgentSDK.pause({ pauseType: 1, pauseDescription: 'MEETING' });
    await AgentSDK.unpause();
    await AgentSDK.updateBoundEndpoint({ bindEndpoint: { endpointType: 2, endpoint: '8001' } });
    const out: SdkResponse = await AgentSDK.logout({ logoutMode: 1, unbindEndpoint: 0 });
    console.log(out.action);
  } catch (e) {
    if (isAgentSdkError(e)) {
      const code: AgentSdkErrorCode = e.code;
      console.error(code, e.message, e.details?.field);
    }
  }

  // @ts-expect-error: initialStatus is 1, 2 or 3
  await AgentSDK.login({ ...params, initialStatus: 4 });
  // @ts-expect-error: sessionKey is required
  await AgentSDK.login({ tenantId: 't1', agentNo: '0001', bindEndpoint: { endpointType: 1, endpoint: '1' }, initialStatus: 1 });
  // @ts-expect-error: endpointType is 1, 2 or 3
  await AgentSDK.updateBoundEndpoint({ bindEndpoint: { endpointType: 5, endpoint: '1' } });
  // @ts-expect-error: pauseType is required
  await AgentSDK.pause({ pauseDescription: 'MEETING' });
  // @ts-expect-error: logoutMode is 0 or 1
  await AgentSDK.logout({ logoutMode: 2 });
  // @ts-expect-error: unpause takes no parameters
  await AgentSDK.unpause({ now: true });
  // @ts-expect-error: a response's code is a number
  const wrong: string = (await AgentSDK.unpause()).code;
  console.log(wrong);
}
