//! Every example call of seed 001, copied literally: it passes its schema,
//! reads as its parameter type and serializes back unchanged.

use serde_json::{json, Value};

use crate::protocol::ops::*;
use crate::protocol::Operation;

/// `AgentSDK.<action>(params)` as the seed writes it.
fn example<T: Operation + std::fmt::Debug>(action: &str, params: Value) {
    assert_eq!(T::ACTION, action);
    let p = T::from_json(&params).unwrap_or_else(|e| panic!("{action}: {e}"));
    assert_eq!(serde_json::to_value(&p).unwrap(), params, "{action}");
}

/// A call without arguments sends an empty object.
fn no_args<T: Operation + std::fmt::Debug>(action: &str) {
    example::<T>(action, json!({}));
}

#[test]
fn agent_operations() {
    example::<LoginParams>(
        "login",
        json!({ "tenantId": "your_tenantId", "agentNo": "your_agentNo", "sessionKey": "your_sessionKey",
            "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" }, "initialStatus": 1 }),
    );
    example::<LogoutParams>("logout", json!({ "logoutMode": 1, "unbindEndpoint": 0 }));
    example::<PauseParams>("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" }));
    no_args::<UnpauseParams>("unpause");
    example::<UpdateBoundEndpointParams>(
        "updateBoundEndpoint",
        json!({ "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" } }),
    );
}

#[test]
fn call_control() {
    example::<PreviewObCallParams>(
        "previewObCall",
        json!({ "customerNumber": "13800138000", "agentAnswerTimeout": 30, "customerAnswerTimeout": 45 }),
    );
    no_args::<CancelPreviewObCallParams>("cancelPreviewObCall");
    example::<UnlinkParams>("unlink", json!({ "side": 1 }));
    example::<RejectParams>("reject", json!({ "description": "busy" }));
    no_args::<HoldParams>("hold");
    no_args::<UnholdParams>("unhold");
    example::<MuteParams>("mute", json!({ "direction": "in" }));
    example::<UnmuteParams>("unmute", json!({ "direction": "in" }));
    example::<SendDtmfParams>("sendDtmf", json!({ "digits": "1#", "target": 2 }));
    no_args::<PerformSatisfactionSurveyParams>("performSatisfactionSurvey");
    example::<InternalCallParams>(
        "InternalCall",
        json!({ "targetType": 0, "target": "0000", "agentAnswerTimeout": 30, "customerAnswerTimeout": 45 }),
    );
    example::<ProlongWrapupParams>("prolongWrapup", json!({ "wrapupTime": 300 }));
    example::<StartAutoObCallTaskParams>(
        "startAutoObCallTask",
        json!({ "taskId": "11", "callParams": "{\"key\":\"value\"}" }),
    );
    example::<PauseAutoObCallTaskParams>("pauseAutoObCallTask", json!({ "taskId": "11" }));
    example::<ChangeObCallModeParams>("changeObCallMode", json!({ "workMode": 0 }));
}

#[test]
fn consult_and_transfer() {
    example::<StartAtxferParams>("startAtxfer", json!({ "targetType": 0, "target": "13800138000" }));
    example::<StartAtxferParams>(
        "startAtxfer",
        json!({ "targetType": 1, "target": "0000", "chanVariables": [{ "name": "test", "value": "123", "type": 1 }] }),
    );
    no_args::<CancelAtxferParams>("cancelAtxfer");
    no_args::<ResumeAtxferParams>("resumeAtxfer");
    no_args::<CompleteAtxferParams>("completeAtxfer");
    no_args::<ThreewayAtxferParams>("threewayAtxfer");
    example::<BlxferParams>("blxfer", json!({ "targetType": 0, "target": "13800138000" }));
    example::<TransferIvrParams>("transferIvr", json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "1.1" } }));
}

#[test]
fn softphone() {
    no_args::<SipLinkParams>("sipLink");
    no_args::<SipUnlinkParams>("sipUnlink");
}

#[test]
fn supervisor() {
    let target = || json!({ "agentNo": "0000" });
    example::<SetPauseParams>("setPause", target());
    example::<SetUnpauseParams>("setUnpause", target());
    example::<SpyParams>("spy", target());
    no_args::<UnspyParams>("unspy");
    example::<PerformThreewayParams>("performThreeway", target());
    example::<CancelThreewayParams>("cancelThreeway", target());
    example::<WhisperParams>("whisper", target());
    no_args::<UnWhisperParams>("unWhisper");
    example::<BargeParams>("barge", target());
    example::<DisconnectParams>("disconnect", target());
    example::<PickupParams>("pickup", target());
    example::<SetOnlineParams>(
        "setOnline",
        json!({ "agentNo": "0000", "bindEndpoint": { "endpointType": 1, "endpoint": "1354*******" } }),
    );
    example::<SetOfflineParams>("setOffline", json!({ "agentNo": "0000", "unbindEndpoint": 0 }));
    example::<GetQueueStatusParams>(
        "getQueueStatus",
        json!({ "queueNos": [0, 1, 2], "fields": "queueParams,agentStatuses,queueEntries" }),
    );
    no_args::<ListPreviewDialingTaskParams>("ListPreviewDialingTask");
}

/// Every documented parameter at once, so none is misspelt or missing.
#[test]
fn every_documented_parameter() {
    example::<PreviewObCallParams>(
        "previewObCall",
        json!({ "customerNumber": "+8613800138000", "agentAnswerTimeout": 5, "customerAnswerTimeout": 60,
            "obClid": "01088886666", "obClidAreaCode": "010", "obClidGroup": "g1",
            "chanVariables": [{ "name": "orderId", "value": "A1", "type": 1 }], "requestUniqueId": "r-1",
            "backupNumber": "13800138001,13800138002", "cdrIsAsr": 0 }),
    );
    example::<SendDtmfParams>(
        "sendDtmf",
        json!({ "digits": "0123456789*#ABCD", "target": 1, "durationMs": 100, "gapMs": 1000 }),
    );
    example::<InternalCallParams>(
        "InternalCall",
        json!({ "targetType": 1, "target": "8001", "requestUniqueId": "r-2",
            "chanVariables": [{ "name": "X-Ref", "value": "7", "type": 2 }] }),
    );
    example::<CompleteAtxferParams>(
        "completeAtxfer",
        json!({ "durationLimit": 120, "preAlertSeconds": 60, "preAlertAudioFile": "alert.wav" }),
    );
    example::<ThreewayAtxferParams>("threewayAtxfer", json!({ "durationLimit": 300, "preAlertSeconds": 30 }));
    example::<BlxferParams>(
        "blxfer",
        json!({ "targetType": 3, "target": "1:1.1",
            "blxferVariables": [{ "name": "dept", "value": "sales", "type": 3 }],
            "blxferDialSayAgent": 1, "blxferDialAgentHold": 0 }),
    );
    example::<TransferIvrParams>(
        "transferIvr",
        json!({ "ivrTarget": { "ivrId": "ivr-main", "ivrNode": "2" },
            "chanVariables": [{ "name": "lang", "value": "en", "type": 1 }],
            "returnVariables": { "choice": "menuChoice", "score": "surveyScore" } }),
    );
    example::<GetQueueStatusParams>("getQueueStatus", json!({ "queueNos": ["0001", 2], "fields": "queueEntries" }));
}

/// The schema names the unknown field; the typed form refuses it as well.
fn refuses<T: Operation + std::fmt::Debug>(params: Value, field: &str) {
    assert_eq!(T::from_json(&params).unwrap_err().field, field, "{params}");
    assert!(serde_json::from_value::<T>(params).is_err());
}

#[test]
fn unknown_fields_are_refused() {
    refuses::<HoldParams>(json!({ "x": 1 }), "x");
    refuses::<MuteParams>(json!({ "direction": "in", "x": 1 }), "x");
    refuses::<SpyParams>(json!({ "agentNo": "0000", "agentno": "1" }), "agentno");
    refuses::<TransferIvrParams>(json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "1", "x": 0 } }), "ivrTarget.x");
    refuses::<CompleteAtxferParams>(json!({ "durationlimit": 5 }), "durationlimit");
    refuses::<BlxferParams>(
        json!({ "targetType": 1, "target": "0002", "blxferVariables": [{ "name": "a", "value": "b", "typ": 1 }] }),
        "blxferVariables[0].typ",
    );
}
