// The softphone's devices and call quality, typed. Compiled with the desk sample.
import { AgentSDK, type AudioDevice, type WebrtcStatsEvent } from 'agent-desk-sdk';

const { EventType } = AgentSDK;

AgentSDK.setup({ baseURL: 'http://127.0.0.1:8080', webrtcStats: true });
AgentSDK.on(EventType.WEBRTC_STATS, (e: WebrtcStatsEvent) => {
  const state: 'normal' | 'sendStalled' | 'receiveStalled' | 'stalled' = e.packetsState;
  const quality: 1 | 2 | 3 | 4 = e.receivedNetworkQuality;
  console.log(e.iceState, e.dtlsState, state, quality, e.mos.toFixed(1), e.rtt, e.jitter, e.packetLossRate,
    e.audioLevelIn, e.audioLevelOut, e.packetsSent, e.packetsReceived, e.sentNetworkQuality, e.timestamp);
});
AgentSDK.on(EventType.QUALITY_WARNING, (e) => {
  const which: 'highRtt' | 'highJitter' | 'packetLoss' | 'lowMos' | 'silentMicrophone' = e.warning;
  console.log(which, e.active ? 'raised' : 'cleared', e.value, e.threshold);
});
AgentSDK.on(EventType.AUDIO_DEVICE_FALLBACK, (e) => {
  const kind: 'microphone' | 'speaker' | 'ringtone' = e.kind;
  const reason: 'ended' | 'removed' = e.reason;
  console.log(kind, reason, e.deviceId);
});

export async function devices(): Promise<void> {
  const list: AudioDevice[] = await AgentSDK.getAudioDevices();
  const mic = list.find((d) => d.kind === 'audioinput');
  const speaker = list.find((d) => d.kind === 'audiooutput');
  if (mic) await AgentSDK.setMicrophone(mic.deviceId);
  if (speaker) {
    const done: void = await AgentSDK.setSpeaker(speaker.deviceId);
    await AgentSDK.setRingtoneOutput(speaker.deviceId);
    console.log(done, speaker.label, speaker.groupId);
  }

  // @ts-expect-error: a device id is a string
  await AgentSDK.setMicrophone(3);
  // @ts-expect-error: devices are audioinput or audiooutput only
  const video = list.filter((d) => d.kind === 'videoinput');
  console.log(video);
  // @ts-expect-error: a warning's value is a number
  AgentSDK.on(EventType.QUALITY_WARNING, (e) => console.log(e.value.toUpperCase()));
}
