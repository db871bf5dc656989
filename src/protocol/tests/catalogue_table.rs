//! The `EventType` catalogue against seed 000's table and seed 001's
//! operations.

use std::collections::BTreeSet;

use crate::protocol::catalogue::{response_event_name, EVENT_MAP_TS, EVENT_TYPES};
use crate::protocol::ops::*;
use crate::protocol::Operation;

/// Seed 000 section 2, row by row (rows naming two events are split).
const SEED_CATALOGUE: &[(&str, &str)] = &[
    ("AGENT_STATUS", "agentStatus"),
    ("PREVIEW_OBCALL_START", "previewObCallStart"),
    ("PREVIEW_OBCALL_RINGING", "previewObCallRinging"),
    ("PREVIEW_OBCALL_BRIDGE", "previewObCallBridge"),
    ("PREVIEW_OBCALL_RESULT", "previewObCallResult"),
    ("ATXFER_START", "atxferStart"),
    ("ATXFER_LINK", "atxferLink"),
    ("ATXFER_ENDED", "atxferEnded"),
    ("ATXFER_ERROR", "atxferError"),
    ("THREEWAY_ATXFER_RESULT", "threewayAtxferResult"),
    ("ATXFER_THREEWAY_UNLINK", "atxferThreewayUnlink"),
    ("COMPLETE_ATXFER_RESULT", "completeAtxferResult"),
    ("RINGING", "ringing"),
    ("SESSION_INIT", "sessionInit"),
    ("SESSION_TERMINATE", "sessionTerminate"),
    ("SIP_SESSION_INIT", "sipSessionInit"),
    ("SIP_SESSION_TERMINATE", "sipSessionTerminate"),
    ("RECONNECT_ATTEMPT", "reconnectAttempt"),
    ("QUEUE_STATUS", "queueStatus"),
    ("SPY_RESULT", "spyResult"),
    ("SPY_LINK", "spyLink"),
    ("SPY_UNLINK", "spyUnlink"),
    ("THREEWAY_RESULT", "threewayResult"),
    ("THREEWAY_LINK", "threewayLink"),
    ("THREEWAY_UNLINK", "threewayUnlink"),
    ("WHISPER_RESULT", "whisperResult"),
    ("WHISPER_LINK", "whisperLink"),
    ("WHISPER_UNLINK", "whisperUnlink"),
    ("BARGE_RESULT", "bargeResult"),
    ("BARGE_LINK", "bargeLink"),
    ("BARGE_UNLINK", "bargeUnlink"),
    ("DISCONNECT_RESULT", "disconnectResult"),
    ("SET_OFFLINE", "setOfflineResult"),
    ("EXTENSTATE", "extenState"),
    ("INTERACT_RETURN", "interactReturn"),
    ("SIP_DISCONNECTED", "sipDisconnected"),
    ("TRANSCRIPT", "transcript"),
    ("ORDER_CALLBACK", "orderCallBack"),
    ("PING", "ping"),
    ("WEBRTC_STATS", "webrtcStats"),
];

/// Events the SDK adds to the seed's catalogue.
const OWN_EVENTS: &[(&str, &str)] = &[
    ("SDK_ERROR", "sdkError"),
    ("QUALITY_WARNING", "qualityWarning"),
    ("AUDIO_DEVICE_FALLBACK", "audioDeviceFallback"),
];

/// Every operation of seed 001.
const ACTIONS: &[&str] = &[
    LoginParams::ACTION,
    LogoutParams::ACTION,
    PauseParams::ACTION,
    UnpauseParams::ACTION,
    UpdateBoundEndpointParams::ACTION,
    PreviewObCallParams::ACTION,
    CancelPreviewObCallParams::ACTION,
    UnlinkParams::ACTION,
    RejectParams::ACTION,
    HoldParams::ACTION,
    UnholdParams::ACTION,
    MuteParams::ACTION,
    UnmuteParams::ACTION,
    SendDtmfParams::ACTION,
    PerformSatisfactionSurveyParams::ACTION,
    InternalCallParams::ACTION,
    ProlongWrapupParams::ACTION,
    StartAutoObCallTaskParams::ACTION,
    PauseAutoObCallTaskParams::ACTION,
    ChangeObCallModeParams::ACTION,
    StartAtxferParams::ACTION,
    CancelAtxferParams::ACTION,
    ResumeAtxferParams::ACTION,
    CompleteAtxferParams::ACTION,
    ThreewayAtxferParams::ACTION,
    BlxferParams::ACTION,
    TransferIvrParams::ACTION,
    SipLinkParams::ACTION,
    SipUnlinkParams::ACTION,
    SetPauseParams::ACTION,
    SetUnpauseParams::ACTION,
    SpyParams::ACTION,
    UnspyParams::ACTION,
    PerformThreewayParams::ACTION,
    CancelThreewayParams::ACTION,
    WhisperParams::ACTION,
    UnWhisperParams::ACTION,
    BargeParams::ACTION,
    DisconnectParams::ACTION,
    PickupParams::ACTION,
    SetOnlineParams::ACTION,
    SetOfflineParams::ACTION,
    GetQueueStatusParams::ACTION,
    ListPreviewDialingTaskParams::ACTION,
];

/// The constant for an action, spelt as the seed spells its own constants
/// (`ObCall` is one word there: `PREVIEW_OBCALL_START`).
fn resp_constant(action: &str) -> String {
    let mut out = String::new();
    for (i, c) in action.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    format!("{}_RESP", out.replace("OB_CALL", "OBCALL"))
}

#[test]
fn the_seed_catalogue_is_in_event_types() {
    for pair in SEED_CATALOGUE {
        assert!(EVENT_TYPES.contains(pair), "{pair:?} missing from EVENT_TYPES");
    }
}

#[test]
fn events_are_the_seed_catalogue_plus_our_own() {
    let events: BTreeSet<_> = EVENT_TYPES.iter().filter(|(k, _)| !k.ends_with("_RESP")).collect();
    let expected: BTreeSet<_> = SEED_CATALOGUE.iter().chain(OWN_EVENTS).collect();
    assert_eq!(events, expected);
}

#[test]
fn every_action_has_its_response_entry() {
    let actions: BTreeSet<_> = ACTIONS.iter().collect();
    assert_eq!(actions.len(), 44, "an operation is listed twice");
    for action in ACTIONS {
        let name = format!("{action}Resp");
        let constant = resp_constant(action);
        assert!(
            EVENT_TYPES.contains(&(constant.as_str(), name.as_str())),
            "({constant}, {name}) missing from EVENT_TYPES"
        );
        assert_eq!(response_event_name(&name), Some(name.as_str()));
    }
    let responses = EVENT_TYPES.iter().filter(|(k, _)| k.ends_with("_RESP")).count();
    assert_eq!(responses, ACTIONS.len(), "a response entry has no operation");
}

#[test]
fn response_constants_follow_the_seed_spelling() {
    assert_eq!(resp_constant("previewObCall"), "PREVIEW_OBCALL_RESP");
    assert_eq!(resp_constant("startAutoObCallTask"), "START_AUTO_OBCALL_TASK_RESP");
    assert_eq!(resp_constant("InternalCall"), "INTERNAL_CALL_RESP");
    assert_eq!(resp_constant("unWhisper"), "UN_WHISPER_RESP");
    assert_eq!(resp_constant("ListPreviewDialingTask"), "LIST_PREVIEW_DIALING_TASK_RESP");
    assert!(EVENT_TYPES.contains(&("GET_QUEUE_STATUS_RESP", "getQueueStatusResp")));
    assert!(EVENT_MAP_TS.contains("  getQueueStatusResp: GetQueueStatusResponse;\n"));
    assert!(EVENT_MAP_TS.contains("  setOfflineResult: SetOfflineResultEvent & EventMeta<'setOfflineResult'>;\n"));
    assert!(EVENT_MAP_TS.contains("  readonly EXTENSTATE: 'extenState';\n"));
}
