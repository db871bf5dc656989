// Supervisor operations and events, typed. Compiled with the desk sample.
import {
  AgentSDK,
  type GetQueueStatusResponse,
  type ListPreviewDialingTaskResponse,
  type QueueStatusEntry,
  type SdkResponse,
} from 'agent-desk-sdk';

const { EventType } = AgentSDK;

function rows(status: Record<string, QueueStatusEntry>): number {
  let waiting = 0;
  for (const [queueNo, entry] of Object.entries(status)) {
    const name: string | undefined = entry.queueParams?.queueName;
    const busy = (entry.agentStatuses ?? []).filter((a) => a.state === 'busy' && a.deviceStatus === 0).length;
    waiting += entry.queueEntries?.reduce((n, e) => n + (e.position > 0 ? 1 : 0), 0) ?? 0;
    console.log(queueNo, name, busy, entry.agentStatuses?.[0]?.stateSince);
  }
  return waiting;
}

AgentSDK.on(EventType.QUEUE_STATUS, (e) => console.log(rows(e.queueStatus)));
AgentSDK.on(EventType.SPY_RESULT, (e) => console.log(e.spiedCno, e.initiator, e.initiatorType, e.uniqueId, e.result));
AgentSDK.on(EventType.SPY_LINK, (e) => console.log(e.spiedCno, e.channel, e.result === 'success'));
AgentSDK.on(EventType.SPY_UNLINK, (e) => console.log(e.spiedCno));
AgentSDK.on(EventType.THREEWAY_RESULT, (e) => console.log(e.threewayedCno, e.uniqueId));
AgentSDK.on(EventType.THREEWAY_LINK, (e) => console.log(e.threewayedCno, e.channel));
AgentSDK.on(EventType.THREEWAY_UNLINK, (e) => console.log(e.threewayedAgentNo));
AgentSDK.on(EventType.WHISPER_RESULT, (e) => console.log(e.whisperedCno, e.result));
AgentSDK.on(EventType.WHISPER_LINK, (e) => console.log(e.whisperedCno, e.channel));
AgentSDK.on(EventType.WHISPER_UNLINK, (e) => console.log(e.whisperedAgentNo));
AgentSDK.on(EventType.BARGE_RESULT, (e) => console.log(e.bargedAgentNo, e.result));
AgentSDK.on(EventType.BARGE_LINK, (e) => console.log(e.bargedAgentNo, e.channel));
AgentSDK.on(EventType.BARGE_UNLINK, (e) => console.log(e.bargedCno));
AgentSDK.on(EventType.DISCONNECT_RESULT, (e) => console.log(e.disconnectorCno, e.uniqueId, e.result));
AgentSDK.on(EventType.SET_OFFLINE, (e) => console.log(e.initiator, e.code === '0', e.message));
AgentSDK.on(EventType.EXTENSTATE, (e) => console.log(e.extenNo, e.registerState === 'Registered', e.URI, e.extenIp));
AgentSDK.on(EventType.ORDER_CALLBACK, (e) => console.log(e['callbackId']));
AgentSDK.on(EventType.TRANSCRIPT, (e) => {
  const final: boolean = e.sentenceType === 'sentenceEnd' && e.finished === 1;
  console.log(e.role === 1 ? 'agent' : 'customer', e.text, e.sentenceIndex, e.beginTime, e.endTime, final);
  console.log(e.transcriptTime, e.mainUniqueId, e.sentenceBeginTimestamp, e.sentenceEndTimestamp);
});
AgentSDK.on(EventType.GET_QUEUE_STATUS_RESP, (e) => console.log(e.queueStatus));

export async function supervise(): Promise<void> {
  const target = { agentNo: '1001' };
  const done: SdkResponse[] = [
    await AgentSDK.setPause(target),
    await AgentSDK.setUnpause(target),
    await AgentSDK.spy(target),
    await AgentSDK.unspy(),
    await AgentSDK.performThreeway(target),
    await AgentSDK.cancelThreeway(target),
    await AgentSDK.whisper(target),
    await AgentSDK.unWhisper(),
    await AgentSDK.barge(target),
    await AgentSDK.disconnect(target),
    await AgentSDK.pickup(target),
    await AgentSDK.setOnline({ agentNo: '1001', bindEndpoint: { endpointType: 1, endpoint: '13512345678' } }),
    await AgentSDK.setOffline({ agentNo: '1001', unbindEndpoint: 0 }),
    await AgentSDK.setOffline({ agentNo: '1001' }),
  ];
  console.log(done.length);
  const status: GetQueueStatusResponse = await AgentSDK.getQueueStatus({
    queueNos: [1, '2'],
    fields: 'queueParams,agentStatuses,queueEntries',
  });
  if (status.queueStatus) console.log(rows(status.queueStatus));
  await AgentSDK.getQueueStatus();
  const tasks: ListPreviewDialingTaskResponse = await AgentSDK.ListPreviewDialingTask();
  console.log(tasks.tasks?.map((t) => `${t.taskName} ${t.status} ${t.dialed}/${t.total}`));

  // @ts-expect-error: agentNo is required
  await AgentSDK.spy({});
  // @ts-expect-error: agentNo is a string
  await AgentSDK.barge({ agentNo: 1001 });
  // @ts-expect-error: unbindEndpoint is 0 or 1
  await AgentSDK.setOffline({ agentNo: '1001', unbindEndpoint: 2 });
  // @ts-expect-error: setOnline needs bindEndpoint
  await AgentSDK.setOnline({ agentNo: '1001' });
  // @ts-expect-error: queueNos holds strings or numbers
  await AgentSDK.getQueueStatus({ queueNos: [true] });
  // @ts-expect-error: unspy takes no parameters
  await AgentSDK.unspy({ agentNo: '1001' });
  // @ts-expect-error: the spy events name the target spiedCno
  AgentSDK.on(EventType.SPY_LINK, (e) => console.log(e.spiedAgentNo));
  // @ts-expect-error: role is 1 or 2
  AgentSDK.on(EventType.TRANSCRIPT, (e) => e.role === 3);
}
