//! Parameter rules: each range at and just past both ends, each enum, each
//! list limit, and the field every failure names. Every check goes through
//! `from_json`, as the gateway's does.

use serde_json::{json, Value};

use crate::protocol::ops::*;
use crate::protocol::{Invalid, Operation};

fn check<T: Operation>(v: Value) -> Result<(), Invalid> {
    T::from_json(&v).map(|_| ())
}

fn with(base: &Value, key: &str, value: Value) -> Value {
    let mut v = base.clone();
    v[key] = value;
    v
}

fn fails_on<T: Operation>(v: Value, field: &str) {
    match check::<T>(v.clone()) {
        Err(e) => assert_eq!(e.field, field, "{v}: {e}"),
        Ok(()) => panic!("{v} passed, expected a failure on {field}"),
    }
}

/// `min` and `max` pass; one below `min` and one above `max` fail on `key`.
fn range<T: Operation>(base: &Value, key: &str, min: i64, max: i64) {
    for ok in [min, max] {
        assert_eq!(check::<T>(with(base, key, json!(ok))), Ok(()), "{key} = {ok}");
    }
    for bad in [min - 1, max + 1] {
        fails_on::<T>(with(base, key, json!(bad)), key);
    }
}

/// Each of `allowed` passes; each of `refused` fails on `key`.
fn choices<T: Operation>(base: &Value, key: &str, allowed: &[Value], refused: &[Value]) {
    for ok in allowed {
        assert_eq!(check::<T>(with(base, key, ok.clone())), Ok(()), "{key} = {ok}");
    }
    for bad in refused {
        fails_on::<T>(with(base, key, bad.clone()), key);
    }
}

fn var(name: &str, kind: i64) -> Value {
    json!({ "name": name, "value": "v", "type": kind })
}

#[test]
fn answer_timeouts_are_5_to_60_seconds() {
    let preview = json!({ "customerNumber": "13800138000" });
    range::<PreviewObCallParams>(&preview, "agentAnswerTimeout", 5, 60);
    range::<PreviewObCallParams>(&preview, "customerAnswerTimeout", 5, 60);
    let internal = json!({ "targetType": 0, "target": "0000" });
    range::<InternalCallParams>(&internal, "agentAnswerTimeout", 5, 60);
    range::<InternalCallParams>(&internal, "customerAnswerTimeout", 5, 60);
}

#[test]
fn wrapup_and_dtmf_ranges() {
    range::<ProlongWrapupParams>(&json!({ "wrapupTime": 300 }), "wrapupTime", 30, 600);
    let dtmf = json!({ "digits": "1#", "target": 2 });
    range::<SendDtmfParams>(&dtmf, "durationMs", 100, 500);
    range::<SendDtmfParams>(&dtmf, "gapMs", 250, 1000);
}

#[test]
fn dtmf_digits() {
    let dtmf = json!({ "digits": "1", "target": 1 });
    choices::<SendDtmfParams>(
        &dtmf,
        "digits",
        &[json!("0123456789*#ABCD"), json!("1".repeat(20))],
        &[json!(""), json!("1".repeat(21)), json!("12E"), json!("1 2"), json!("a")],
    );
    choices::<SendDtmfParams>(&dtmf, "target", &[json!(1), json!(2)], &[json!(0), json!(3)]);
}

#[test]
fn customer_and_backup_numbers() {
    let base = json!({ "customerNumber": "13800138000" });
    choices::<PreviewObCallParams>(
        &base,
        "customerNumber",
        &[json!("123"), json!("+8613800138000"), json!("1".repeat(20))],
        &[json!(""), json!("12"), json!("1".repeat(21)), json!("+"), json!("138-0013-8000"), json!("1380013800a")],
    );
    choices::<PreviewObCallParams>(
        &base,
        "backupNumber",
        &[json!("13800138001"), json!("101,102,103,104,105")],
        &[json!("101,102,103,104,105,106"), json!("101,,102"), json!("101,abc")],
    );
    choices::<PreviewObCallParams>(&base, "cdrIsAsr", &[json!(0), json!(1)], &[json!(-1), json!(2)]);
    fails_on::<PreviewObCallParams>(with(&base, "obClid", json!(" ")), "obClid");
}

#[test]
fn channel_variables() {
    let base = json!({ "customerNumber": "13800138000" });
    let five: Vec<Value> = (1..=4).map(|k| var("a", k)).chain([var("b", 1)]).collect();
    assert_eq!(check::<PreviewObCallParams>(with(&base, "chanVariables", json!(five))), Ok(()));
    let six: Vec<Value> = (0..6).map(|_| var("a", 1)).collect();
    fails_on::<PreviewObCallParams>(with(&base, "chanVariables", json!(six)), "chanVariables");
    let bad_type = json!([var("a", 1), var("b", 2), var("c", 5)]);
    fails_on::<PreviewObCallParams>(with(&base, "chanVariables", bad_type), "chanVariables[2].type");
    fails_on::<PreviewObCallParams>(with(&base, "chanVariables", json!([var("a", 0)])), "chanVariables[0].type");
    fails_on::<PreviewObCallParams>(with(&base, "chanVariables", json!([var("", 1)])), "chanVariables[0].name");

    let atxfer = json!({ "targetType": 1, "target": "0002" });
    fails_on::<StartAtxferParams>(
        with(&atxfer, "chanVariables", json!([var("a", 1), var(" ", 1)])),
        "chanVariables[1].name",
    );
    let internal = json!({ "targetType": 0, "target": "0000" });
    fails_on::<InternalCallParams>(with(&internal, "chanVariables", json!(six)), "chanVariables");
    let blxfer = json!({ "targetType": 1, "target": "0002" });
    fails_on::<BlxferParams>(with(&blxfer, "blxferVariables", json!(six)), "blxferVariables");
    fails_on::<BlxferParams>(with(&blxfer, "blxferVariables", json!([var("a", 9)])), "blxferVariables[0].type");
    let ivr = json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "1.1" } });
    fails_on::<TransferIvrParams>(with(&ivr, "chanVariables", json!(six)), "chanVariables");
}

#[test]
fn reject_description_is_under_20_characters() {
    choices::<RejectParams>(
        &json!({}),
        "description",
        &[json!("x".repeat(19)), json!("忙".repeat(19))],
        &[json!("x".repeat(20))],
    );
}

#[test]
fn call_enums() {
    choices::<UnlinkParams>(&json!({}), "side", &[json!(1), json!(2)], &[json!(0), json!(3)]);
    for dir in ["in", "out", "all"] {
        assert_eq!(check::<MuteParams>(json!({ "direction": dir })), Ok(()));
        assert_eq!(check::<UnmuteParams>(json!({ "direction": dir })), Ok(()));
    }
    fails_on::<MuteParams>(json!({ "direction": "both" }), "direction");
    fails_on::<UnmuteParams>(json!({ "direction": "IN" }), "direction");
    fails_on::<MuteParams>(json!({ "direction": "in,out" }), "direction");
    fails_on::<MuteParams>(json!({}), "direction");
    let internal = json!({ "targetType": 0, "target": "0000" });
    choices::<InternalCallParams>(&internal, "targetType", &[json!(0), json!(1)], &[json!(-1), json!(2)]);
    fails_on::<InternalCallParams>(with(&internal, "target", json!("")), "target");
    choices::<ChangeObCallModeParams>(
        &json!({ "workMode": 0 }),
        "workMode",
        &[json!(0), json!(1), json!(2)],
        &[json!(-1), json!(3), json!(4)],
    );
}

#[test]
fn auto_outbound_tasks() {
    fails_on::<StartAutoObCallTaskParams>(json!({ "taskId": "" }), "taskId");
    fails_on::<StartAutoObCallTaskParams>(json!({ "taskId": "11", "callParams": "{key" }), "callParams");
    fails_on::<StartAutoObCallTaskParams>(json!({ "taskId": "11", "callParams": "" }), "callParams");
    fails_on::<StartAutoObCallTaskParams>(json!({ "taskId": "11", "callParams": { "key": "value" } }), "callParams");
    for ok in [r#"{"key":"value"}"#, r#"{ "a": [1, 2.5, -3e2], "b": null, "c": "\u00e9" }"#, "[]", "7"] {
        assert_eq!(check::<StartAutoObCallTaskParams>(json!({ "taskId": "11", "callParams": ok })), Ok(()), "{ok}");
    }
    fails_on::<PauseAutoObCallTaskParams>(json!({ "taskId": " " }), "taskId");
}

#[test]
fn consult_and_blind_transfer_targets() {
    let atxfer = json!({ "targetType": 1, "target": "0002" });
    choices::<StartAtxferParams>(&atxfer, "targetType", &[json!(1), json!(2)], &[json!(-1), json!(3)]);
    assert_eq!(check::<StartAtxferParams>(json!({ "targetType": 0, "target": "13800138000" })), Ok(()));
    fails_on::<StartAtxferParams>(json!({ "targetType": 0, "target": "agent7" }), "target");
    fails_on::<StartAtxferParams>(json!({ "targetType": 2, "target": "" }), "target");

    let blxfer = json!({ "targetType": 1, "target": "0002" });
    choices::<BlxferParams>(&blxfer, "targetType", &[json!(1), json!(2)], &[json!(-1), json!(4)]);
    assert_eq!(check::<BlxferParams>(json!({ "targetType": 0, "target": "13800138000" })), Ok(()));
    assert_eq!(check::<BlxferParams>(json!({ "targetType": 3, "target": "ivr-main:1.1" })), Ok(()));
    fails_on::<BlxferParams>(json!({ "targetType": 3, "target": "1.1" }), "target");
    fails_on::<BlxferParams>(json!({ "targetType": 3, "target": "1:" }), "target");
    fails_on::<BlxferParams>(json!({ "targetType": 0, "target": "0002x" }), "target");
    choices::<BlxferParams>(&blxfer, "blxferDialSayAgent", &[json!(0), json!(1)], &[json!(2)]);
    choices::<BlxferParams>(&blxfer, "blxferDialAgentHold", &[json!(0), json!(1)], &[json!(-1)]);
}

#[test]
fn duration_limits_are_positive() {
    for key in ["durationLimit", "preAlertSeconds"] {
        choices::<CompleteAtxferParams>(&json!({}), key, &[json!(1), json!(3600)], &[json!(0), json!(-5)]);
        choices::<ThreewayAtxferParams>(&json!({}), key, &[json!(1)], &[json!(0)]);
    }
    fails_on::<CompleteAtxferParams>(json!({ "preAlertAudioFile": "" }), "preAlertAudioFile");
}

#[test]
fn ivr_target() {
    let ok = |id: Value| json!({ "ivrTarget": { "ivrId": id, "ivrNode": "1.1" } });
    assert_eq!(check::<TransferIvrParams>(ok(json!(0))), Ok(()));
    assert_eq!(check::<TransferIvrParams>(ok(json!("main"))), Ok(()));
    for bad in [json!(""), json!(-1), json!(1.5), json!(true), json!(null), json!([1])] {
        fails_on::<TransferIvrParams>(ok(bad), "ivrTarget.ivrId");
    }
    fails_on::<TransferIvrParams>(json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "" } }), "ivrTarget.ivrNode");
    fails_on::<TransferIvrParams>(with(&ok(json!(1)), "returnVariables", json!({ "": "x" })), "returnVariables");
    fails_on::<TransferIvrParams>(json!({}), "ivrTarget");
    fails_on::<TransferIvrParams>(json!({ "ivrTarget": "1:1.1" }), "ivrTarget");
    fails_on::<TransferIvrParams>(with(&ok(json!(1)), "returnVariables", json!({ "a": 1 })), "returnVariables.a");
}

#[test]
fn supervisor_rules() {
    fails_on::<SetPauseParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<SetUnpauseParams>(json!({ "agentNo": " " }), "agentNo");
    fails_on::<SpyParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<PerformThreewayParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<CancelThreewayParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<WhisperParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<BargeParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<DisconnectParams>(json!({ "agentNo": "" }), "agentNo");
    fails_on::<PickupParams>(json!({ "agentNo": "" }), "agentNo");
    let online = json!({ "agentNo": "0000", "bindEndpoint": { "endpointType": 4, "endpoint": "8001" } });
    fails_on::<SetOnlineParams>(online, "bindEndpoint.endpointType");
    fails_on::<SetOnlineParams>(
        json!({ "agentNo": "", "bindEndpoint": { "endpointType": 2, "endpoint": "8001" } }),
        "agentNo",
    );
    let offline = json!({ "agentNo": "0000" });
    choices::<SetOfflineParams>(&offline, "unbindEndpoint", &[json!(0), json!(1)], &[json!(-1), json!(2)]);
    fails_on::<SetOfflineParams>(json!({ "agentNo": "" }), "agentNo");
}

#[test]
fn queue_status_request() {
    choices::<GetQueueStatusParams>(
        &json!({}),
        "fields",
        &[json!("queueParams"), json!("agentStatuses,queueEntries"), json!("queueParams, agentStatuses")],
        &[json!("queueParams,agents"), json!(""), json!("queueParams,")],
    );
    assert_eq!(check::<GetQueueStatusParams>(json!({ "queueNos": [] })), Ok(()));
    fails_on::<GetQueueStatusParams>(json!({ "queueNos": [0, true] }), "queueNos[1]");
    fails_on::<GetQueueStatusParams>(json!({ "queueNos": ["1", ""] }), "queueNos[1]");
}

#[test]
fn failures_read_as_sentences() {
    let e = check::<SendDtmfParams>(json!({ "digits": "1", "target": 1, "gapMs": 100 })).unwrap_err();
    assert_eq!(e.to_string(), "gapMs must be between 250 and 1000 ms, got 100");
    let e = check::<MuteParams>(json!({ "direction": "both" })).unwrap_err();
    assert_eq!(
        e.to_string(),
        "direction must be 'in' (inbound audio), 'out' (outbound audio) or 'all' (both), got 'both'"
    );
    let e = check::<BlxferParams>(json!({ "targetType": 3, "target": "1.1" })).unwrap_err();
    assert_eq!(e.to_string(), "target must be <ivrId>:<ivrNode>, got '1.1' when targetType is 3 (IVR node)");
    let e = check::<CompleteAtxferParams>(json!({ "durationLimit": 0 })).unwrap_err();
    assert_eq!(e.to_string(), "durationLimit must be at least 1 second, got 0");
    let e = check::<InternalCallParams>(json!({ "targetType": 0, "target": "0000", "chanVariables": [var("a", 5)] }))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "chanVariables[0].type must be 1 (channel variable), 2 (SIP header), 3 (${} variable) or 4 (${} SIP header), \
         got 5"
    );
    let e = check::<ProlongWrapupParams>(json!({ "wrapupTime": 601 })).unwrap_err();
    assert_eq!(e.to_string(), "wrapupTime must be between 30 and 600 seconds, got 601");
}

#[test]
fn wrong_types_and_shapes_name_the_field() {
    fails_on::<UnlinkParams>(json!({ "side": "1" }), "side");
    fails_on::<ProlongWrapupParams>(json!({ "wrapupTime": 300.5 }), "wrapupTime");
    fails_on::<SendDtmfParams>(json!({ "digits": 12, "target": 1 }), "digits");
    fails_on::<BlxferParams>(json!({ "targetType": 1, "target": 2 }), "target");
    fails_on::<BlxferParams>(json!({ "targetType": 1 }), "target");
    let base = json!({ "customerNumber": "13800138000" });
    fails_on::<PreviewObCallParams>(with(&base, "chanVariables", json!({ "name": "a" })), "chanVariables");
    fails_on::<PreviewObCallParams>(
        with(&base, "chanVariables", json!([{ "name": "a", "type": 1 }])),
        "chanVariables[0].value",
    );
    fails_on::<PreviewObCallParams>(
        with(&base, "chanVariables", json!([{ "name": "a", "value": "v", "type": 1, "kind": 1 }])),
        "chanVariables[0].kind",
    );
    fails_on::<SetOnlineParams>(json!({ "agentNo": "0000" }), "bindEndpoint");
    fails_on::<GetQueueStatusParams>(json!({ "queueNos": "1,2" }), "queueNos");
    fails_on::<GetQueueStatusParams>(json!({ "queueNos": [-1] }), "queueNos[0]");
    fails_on::<HoldParams>(json!([]), "params");
}
