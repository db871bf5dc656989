// Call control, consult and transfer, typed. Compiled with the desk sample.
import { AgentSDK, type PreviewObCallResponse, type SdkResponse } from 'agent-desk-sdk';

const { EventType } = AgentSDK;

AgentSDK.on(EventType.RINGING, (e) => console.log(e.callType, e.customerNumber, e.mainUniqueId, e.queueNo));
AgentSDK.on(EventType.PREVIEW_OBCALL_START, (e) => console.log(e.customerNumber, e.requestUniqueId));
AgentSDK.on(EventType.PREVIEW_OBCALL_RINGING, (e) => console.log(e.state, e.stateAction));
AgentSDK.on(EventType.PREVIEW_OBCALL_BRIDGE, (e) => console.log(e.channel, e.destChannel));
AgentSDK.on(EventType.PREVIEW_OBCALL_RESULT, (e) => console.log(e.result === 'success', e.uniqueId));
AgentSDK.on(EventType.ATXFER_START, (e) => console.log(e.destChannel));
AgentSDK.on(EventType.ATXFER_LINK, (e) => console.log(e.target, e.targetType));
AgentSDK.on(EventType.ATXFER_ENDED, (e) => console.log(e.hangupSide));
AgentSDK.on(EventType.ATXFER_ERROR, (e) => console.log(e.state));
AgentSDK.on(EventType.THREEWAY_ATXFER_RESULT, (e) => console.log(e.target));
AgentSDK.on(EventType.ATXFER_THREEWAY_UNLINK, (e) => console.log(e.target));
AgentSDK.on(EventType.COMPLETE_ATXFER_RESULT, (e) => console.log(e.target));
AgentSDK.on(EventType.INTERACT_RETURN, (e) => console.log(e.returnVariables));

export async function calls(): Promise<void> {
  const res: PreviewObCallResponse = await AgentSDK.previewObCall({
    customerNumber: '13800138000',
    agentAnswerTimeout: 30,
    customerAnswerTimeout: 45,
  });
  if (res.code !== 0) console.error(res.errorCode, res.message);
  const done: SdkResponse[] = [
    await AgentSDK.cancelPreviewObCall(),
    await AgentSDK.unlink({ side: 1 }),
    await AgentSDK.unlink(),
    await AgentSDK.reject({ description: 'busy' }),
    await AgentSDK.hold(),
    await AgentSDK.unhold(),
    await AgentSDK.mute({ direction: 'in' }),
    await AgentSDK.unmute({ direction: 'in' }),
    await AgentSDK.sendDtmf({ digits: '1#', target: 2 }),
    await AgentSDK.performSatisfactionSurvey(),
    await AgentSDK.InternalCall({ targetType: 0, target: '0000', agentAnswerTimeout: 30, customerAnswerTimeout: 45 }),
    await AgentSDK.prolongWrapup({ wrapupTime: 300 }),
    await AgentSDK.startAutoObCallTask({ taskId: '11', callParams: '{"key":"value"}' }),
    await AgentSDK.pauseAutoObCallTask({ taskId: '11' }),
    await AgentSDK.changeObCallMode({ workMode: 0 }),
    await AgentSDK.startAtxfer({ targetType: 0, target: '13800138000' }),
    await AgentSDK.cancelAtxfer(),
    await AgentSDK.resumeAtxfer(),
    await AgentSDK.completeAtxfer(),
    await AgentSDK.threewayAtxfer({ durationLimit: 60 }),
    await AgentSDK.blxfer({ targetType: 0, target: '13800138000' }),
    await AgentSDK.transferIvr({ ivrTarget: { ivrId: 1, ivrNode: '1.1' } }),
  ];
  console.log(done.length);

  // @ts-expect-error: customerNumber is required
  await AgentSDK.previewObCall({ agentAnswerTimeout: 30 });
  // @ts-expect-error: direction is 'in', 'out' or 'all'
  await AgentSDK.mute({ direction: 'both' });
  // @ts-expect-error: target is 1 or 2
  await AgentSDK.sendDtmf({ digits: '1', target: 3 });
  // @ts-expect-error: hold takes no parameters
  await AgentSDK.hold({ now: true });
  // @ts-expect-error: ivrTarget needs ivrNode
  await AgentSDK.transferIvr({ ivrTarget: { ivrId: 1 } });
  // @ts-expect-error: the event payload has no such field
  AgentSDK.on(EventType.RINGING, (e) => console.log(e.callerName));
}
