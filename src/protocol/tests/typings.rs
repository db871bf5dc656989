//! The TypeScript declarations carry the documented literal types, not just
//! `number` and `string`.

use tsify::Tsify;

use crate::protocol::events::*;
use crate::protocol::ops::*;

fn declares<T: Tsify>(needles: &[&str]) {
    for needle in needles {
        assert!(T::DECL.contains(needle), "{needle} missing from:\n{}", T::DECL);
    }
}

#[test]
fn parameter_typings() {
    declares::<MuteParams>(&["direction: 'in' | 'out' | 'all';"]);
    declares::<SendDtmfParams>(&["target: 1 | 2;", "durationMs?: number;"]);
    declares::<PreviewObCallParams>(&[
        "customerNumber: string;",
        "cdrIsAsr?: 0 | 1;",
        "chanVariables?: ChannelVariable[];",
    ]);
    declares::<InternalCallParams>(&["targetType: 0 | 1;"]);
    declares::<StartAtxferParams>(&["targetType: 0 | 1 | 2;"]);
    declares::<BlxferParams>(&["targetType: 0 | 1 | 2 | 3;", "blxferDialSayAgent?: 0 | 1;"]);
    declares::<IvrTarget>(&["ivrId: string | number;", "ivrNode: string;"]);
    declares::<TransferIvrParams>(&["ivrTarget: IvrTarget;", "returnVariables?: Record<string, string>;"]);
    declares::<ChangeObCallModeParams>(&["workMode: 0 | 1 | 2;"]);
    declares::<SetOfflineParams>(&["unbindEndpoint?: 0 | 1;"]);
    declares::<GetQueueStatusParams>(&["queueNos?: (string | number)[];", "fields?: string;"]);
    declares::<SpyParams>(&["agentNo: string;"]);
}

#[test]
fn response_typings() {
    declares::<PreviewObCallResponse>(&["extends SdkResponse", "requestUniqueId?: string;"]);
    declares::<GetQueueStatusResponse>(&["queueStatus?: Record<string, QueueStatusEntry>;"]);
    declares::<ListPreviewDialingTaskResponse>(&["tasks?: PreviewDialingTask[];"]);
    declares::<PreviewDialingTask>(&["status: 'running' | 'paused' | 'finished';"]);
}

#[test]
fn event_typings() {
    declares::<ExtenStateEvent>(&["URI: string;"]);
    declares::<SetOfflineResultEvent>(&["code: '0' | '-1';"]);
    declares::<ThreewayUnlinkEvent>(&["threewayedAgentNo: string;", "initiatorType: 0 | 1 | 2;"]);
    declares::<BargeUnlinkEvent>(&["bargedCno: string;"]);
    declares::<WhisperUnlinkEvent>(&["whisperedAgentNo: string;"]);
    declares::<RingingEvent>(&["callType: 1 | 2 | 4 | 5 | 6 | 9 | 11;", "chanVariables?: Record<string, string>;"]);
    declares::<PreviewObCallRingingEvent>(&["state: AgentState;", "customerNumberType: 0 | 1;"]);
    declares::<QueueStatusEvent>(&["queueStatus: Record<string, QueueStatusEntry>;"]);
    declares::<OrderCallBackEvent>(&["OrderCallBackEvent = Record<string, unknown>;"]);
    declares::<SipSessionInitEvent>(&["direction: 'inbound' | 'outbound';", "remoteNumber?: string;"]);
    declares::<WebrtcStatsEvent>(&["packetLossRate: number;", "sentNetworkQuality: 1 | 2 | 3 | 4;"]);
    declares::<QualityWarningEvent>(&[
        "warning: 'highRtt' | 'highJitter' | 'packetLoss' | 'lowMos' | 'silentMicrophone';",
    ]);
    declares::<AudioDeviceFallbackEvent>(&["kind: 'microphone' | 'speaker' | 'ringtone';", "deviceId: string;"]);
    declares::<AudioDevice>(&["kind: 'audioinput' | 'audiooutput';"]);
    declares::<TranscriptEvent>(&["sentenceType: 'intermediateResult' | 'sentenceEnd';"]);
}
