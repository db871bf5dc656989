//! The `EventType` catalogue: every event constant and name, the Rust payload
//! type behind each, and the TypeScript event map generated from the same
//! list, so names, payloads and typings cannot drift apart.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use crate::protocol::{common::SdkResponse, events::*, ops::*};

/// The type an `Event` variant holds: the payload itself, or the type given
/// after `in` (a `Box` for the payloads much larger than the rest, which
/// would otherwise size every `Event`, and everything holding one, after
/// them).
macro_rules! payload {
    ($et:ident) => {
        $et
    };
    ($et:ident $pt:ty) => {
        $pt
    };
}

macro_rules! catalogue {
    (
        events { $( $ek:ident = $en:literal => $et:ident $(in $pt:ty)?, )* }
        responses { $( $rk:ident = $rn:literal => $rt:ident, )* }
    ) => {
        /// Every `EventType` constant with its event name, events first, then
        /// one `<ACTION>_RESP` per operation.
        pub const EVENT_TYPES: &[(&str, &str)] = &[
            $( (stringify!($ek), $en), )*
            $( (stringify!($rk), $rn), )*
        ];

        /// An event payload with its tag, as pushed by the gateway (with a
        /// `seq` beside it) or emitted by the SDK.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "eventType")]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            $(
                #[doc = concat!("`", $en, "`")]
                #[serde(rename = $en)]
                $et(payload!($et $($pt)?)),
            )*
        }

        impl Event {
            /// The `eventType` name.
            pub fn name(&self) -> &'static str {
                match self { $( Event::$et(_) => $en, )* }
            }
        }

        /// The TypeScript event map and constant types, emitted into the
        /// package's `.d.ts`.
        pub const EVENT_MAP_TS: &str = concat!(
            "/** Fields every event carries beside its payload. `seq` is set on events pushed by the gateway. */\n",
            "export interface EventMeta<N extends string> { eventType: N; seq?: number }\n",
            "/** Event name to handler payload, for `on`, `once` and `off`. */\n",
            "export interface AgentSdkEventMap {\n",
            $( "  ", $en, ": ", stringify!($et), " & EventMeta<'", $en, "'>;\n", )*
            $( "  ", $rn, ": ", stringify!($rt), ";\n", )*
            "}\n",
            "/** Every event name. */\n",
            "export type AgentSdkEventName = keyof AgentSdkEventMap;\n",
            "/** The `AgentSDK.EventType` constants. */\n",
            "export interface AgentSdkEventTypes {\n",
            $( "  readonly ", stringify!($ek), ": '", $en, "';\n", )*
            $( "  readonly ", stringify!($rk), ": '", $rn, "';\n", )*
            "}\n",
        );
    };
}

catalogue! {
    events {
        AGENT_STATUS = "agentStatus" => AgentStatusEvent,
        SESSION_INIT = "sessionInit" => SessionInitEvent,
        SESSION_TERMINATE = "sessionTerminate" => SessionTerminateEvent,
        RECONNECT_ATTEMPT = "reconnectAttempt" => ReconnectAttemptEvent,
        PING = "ping" => PingEvent,
        SDK_ERROR = "sdkError" => SdkErrorEvent,
        PREVIEW_OBCALL_START = "previewObCallStart" => PreviewObCallStartEvent,
        PREVIEW_OBCALL_RINGING = "previewObCallRinging" => PreviewObCallRingingEvent,
        PREVIEW_OBCALL_BRIDGE = "previewObCallBridge" => PreviewObCallBridgeEvent,
        PREVIEW_OBCALL_RESULT = "previewObCallResult" => PreviewObCallResultEvent,
        RINGING = "ringing" => RingingEvent in Box<RingingEvent>,
        ATXFER_START = "atxferStart" => AtxferStartEvent,
        ATXFER_LINK = "atxferLink" => AtxferLinkEvent,
        ATXFER_ENDED = "atxferEnded" => AtxferEndedEvent,
        ATXFER_ERROR = "atxferError" => AtxferErrorEvent,
        THREEWAY_ATXFER_RESULT = "threewayAtxferResult" => ThreewayAtxferResultEvent,
        ATXFER_THREEWAY_UNLINK = "atxferThreewayUnlink" => AtxferThreewayUnlinkEvent,
        COMPLETE_ATXFER_RESULT = "completeAtxferResult" => CompleteAtxferResultEvent,
        INTERACT_RETURN = "interactReturn" => InteractReturnEvent,
        SIP_SESSION_INIT = "sipSessionInit" => SipSessionInitEvent,
        SIP_SESSION_TERMINATE = "sipSessionTerminate" => SipSessionTerminateEvent,
        SIP_DISCONNECTED = "sipDisconnected" => SipDisconnectedEvent,
        WEBRTC_STATS = "webrtcStats" => WebrtcStatsEvent,
        QUALITY_WARNING = "qualityWarning" => QualityWarningEvent,
        AUDIO_DEVICE_FALLBACK = "audioDeviceFallback" => AudioDeviceFallbackEvent,
        QUEUE_STATUS = "queueStatus" => QueueStatusEvent,
        SPY_RESULT = "spyResult" => SpyResultEvent,
        SPY_LINK = "spyLink" => SpyLinkEvent,
        SPY_UNLINK = "spyUnlink" => SpyUnlinkEvent,
        THREEWAY_RESULT = "threewayResult" => ThreewayResultEvent,
        THREEWAY_LINK = "threewayLink" => ThreewayLinkEvent,
        THREEWAY_UNLINK = "threewayUnlink" => ThreewayUnlinkEvent,
        WHISPER_RESULT = "whisperResult" => WhisperResultEvent,
        WHISPER_LINK = "whisperLink" => WhisperLinkEvent,
        WHISPER_UNLINK = "whisperUnlink" => WhisperUnlinkEvent,
        BARGE_RESULT = "bargeResult" => BargeResultEvent,
        BARGE_LINK = "bargeLink" => BargeLinkEvent,
        BARGE_UNLINK = "bargeUnlink" => BargeUnlinkEvent,
        DISCONNECT_RESULT = "disconnectResult" => DisconnectResultEvent,
        SET_OFFLINE = "setOfflineResult" => SetOfflineResultEvent,
        EXTENSTATE = "extenState" => ExtenStateEvent,
        TRANSCRIPT = "transcript" => TranscriptEvent,
        ORDER_CALLBACK = "orderCallBack" => OrderCallBackEvent,
    }
    responses {
        LOGIN_RESP = "loginResp" => LoginResponse,
        LOGOUT_RESP = "logoutResp" => SdkResponse,
        PAUSE_RESP = "pauseResp" => SdkResponse,
        UNPAUSE_RESP = "unpauseResp" => SdkResponse,
        UPDATE_BOUND_ENDPOINT_RESP = "updateBoundEndpointResp" => SdkResponse,
        PREVIEW_OBCALL_RESP = "previewObCallResp" => PreviewObCallResponse,
        CANCEL_PREVIEW_OBCALL_RESP = "cancelPreviewObCallResp" => SdkResponse,
        UNLINK_RESP = "unlinkResp" => SdkResponse,
        REJECT_RESP = "rejectResp" => SdkResponse,
        HOLD_RESP = "holdResp" => SdkResponse,
        UNHOLD_RESP = "unholdResp" => SdkResponse,
        MUTE_RESP = "muteResp" => SdkResponse,
        UNMUTE_RESP = "unmuteResp" => SdkResponse,
        SEND_DTMF_RESP = "sendDtmfResp" => SdkResponse,
        PERFORM_SATISFACTION_SURVEY_RESP = "performSatisfactionSurveyResp" => SdkResponse,
        INTERNAL_CALL_RESP = "InternalCallResp" => SdkResponse,
        PROLONG_WRAPUP_RESP = "prolongWrapupResp" => SdkResponse,
        START_AUTO_OBCALL_TASK_RESP = "startAutoObCallTaskResp" => SdkResponse,
        PAUSE_AUTO_OBCALL_TASK_RESP = "pauseAutoObCallTaskResp" => SdkResponse,
        CHANGE_OBCALL_MODE_RESP = "changeObCallModeResp" => SdkResponse,
        START_ATXFER_RESP = "startAtxferResp" => SdkResponse,
        CANCEL_ATXFER_RESP = "cancelAtxferResp" => SdkResponse,
        RESUME_ATXFER_RESP = "resumeAtxferResp" => SdkResponse,
        COMPLETE_ATXFER_RESP = "completeAtxferResp" => SdkResponse,
        THREEWAY_ATXFER_RESP = "threewayAtxferResp" => SdkResponse,
        BLXFER_RESP = "blxferResp" => SdkResponse,
        TRANSFER_IVR_RESP = "transferIvrResp" => SdkResponse,
        SIP_LINK_RESP = "sipLinkResp" => SdkResponse,
        SIP_UNLINK_RESP = "sipUnlinkResp" => SdkResponse,
        SET_PAUSE_RESP = "setPauseResp" => SdkResponse,
        SET_UNPAUSE_RESP = "setUnpauseResp" => SdkResponse,
        SPY_RESP = "spyResp" => SdkResponse,
        UNSPY_RESP = "unspyResp" => SdkResponse,
        PERFORM_THREEWAY_RESP = "performThreewayResp" => SdkResponse,
        CANCEL_THREEWAY_RESP = "cancelThreewayResp" => SdkResponse,
        WHISPER_RESP = "whisperResp" => SdkResponse,
        UN_WHISPER_RESP = "unWhisperResp" => SdkResponse,
        BARGE_RESP = "bargeResp" => SdkResponse,
        DISCONNECT_RESP = "disconnectResp" => SdkResponse,
        PICKUP_RESP = "pickupResp" => SdkResponse,
        SET_ONLINE_RESP = "setOnlineResp" => SdkResponse,
        SET_OFFLINE_RESP = "setOfflineResp" => SdkResponse,
        GET_QUEUE_STATUS_RESP = "getQueueStatusResp" => GetQueueStatusResponse,
        LIST_PREVIEW_DIALING_TASK_RESP = "ListPreviewDialingTaskResp" => ListPreviewDialingTaskResponse,
    }
}

/// The event name a response is emitted as: its `action`.
pub fn response_event_name(action: &str) -> Option<&'static str> {
    EVENT_TYPES.iter().find(|(k, n)| k.ends_with("_RESP") && *n == action).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_constants_are_unique() {
        let names: HashSet<_> = EVENT_TYPES.iter().map(|(_, n)| n).collect();
        let consts: HashSet<_> = EVENT_TYPES.iter().map(|(k, _)| k).collect();
        assert_eq!(names.len(), EVENT_TYPES.len());
        assert_eq!(consts.len(), EVENT_TYPES.len());
    }

    #[test]
    fn every_response_constant_is_the_action_plus_resp() {
        for (k, n) in EVENT_TYPES.iter().filter(|(k, _)| k.ends_with("_RESP")) {
            assert!(n.ends_with("Resp"), "{k} = {n}");
            assert_eq!(response_event_name(n), Some(*n));
        }
    }

    #[test]
    fn seed_agent_status_sample_round_trips() {
        let text = include_str!("../../tests/fixtures/agentStatus.json");
        let event: Event = serde_json::from_str(text).unwrap();
        assert_eq!(event.name(), "agentStatus");
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
    }

    #[test]
    fn typescript_map_lists_every_event() {
        for (k, n) in EVENT_TYPES {
            assert!(EVENT_MAP_TS.contains(&format!("  {n}: ")), "{n} missing from the event map");
            assert!(EVENT_MAP_TS.contains(&format!("readonly {k}: '{n}';")), "{k} missing");
        }
    }
}
