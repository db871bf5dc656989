//! One payload per event with every field of its seed 000 table, in the
//! table's order: it parses as [`Event`], has the right name, and prints back
//! byte for byte (so names and order match the seed exactly).

use std::collections::BTreeSet;

use crate::protocol::catalogue::{Event, EVENT_TYPES};

/// `(eventType, payload)` samples, wrapped between fields for reading (see
/// [`compact`]). Numbers the types hold as `f64` are written with a fraction
/// so they print back the same.
const SAMPLES: &[(&str, &str)] = &[
    // 3.1 and the SDK's own session events.
    (
        "agentStatus",
        r#"{"eventType":"agentStatus","tenantId":"t1","agentNo":"0001","status":{"state":"busy",
        "stateAction":"pause","initialStatus":2,"deviceStatus":0,"pauseDescription":"MEETING","pauseType":1,
        "bindEndpoint":{"endpointType":3,"endpoint":"8001"}}}"#,
    ),
    (
        "sessionInit",
        r#"{"eventType":"sessionInit","tenantId":"t1","agentNo":"0001","callType":1,
        "uniqueId":"u-1","mainUniqueId":"m-1","customerNumber":"13800138000"}"#,
    ),
    (
        "sessionTerminate",
        r#"{"eventType":"sessionTerminate","tenantId":"t1","agentNo":"0001","callType":1,
        "uniqueId":"u-1","mainUniqueId":"m-1"}"#,
    ),
    (
        "sessionTerminate",
        r#"{"eventType":"sessionTerminate","tenantId":"t1","agentNo":"0001",
        "reason":"replaced","message":"logged in elsewhere"}"#,
    ),
    ("sdkError", r#"{"eventType":"sdkError","code":"BAD_FRAME","message":"not JSON"}"#),
    // 3.2 - 3.5
    (
        "previewObCallStart",
        r#"{"eventType":"previewObCallStart","tenantId":"t1","agentNo":"0001",
        "customerNumber":"13800138000","customerNumberType":1,"obClidAreaCode":"010","mainUniqueId":"m-1",
        "requestUniqueId":"r-1","obClid":"01088886666"}"#,
    ),
    (
        "previewObCallRinging",
        r#"{"eventType":"previewObCallRinging","tenantId":"t1","agentNo":"0001",
        "customerNumber":"13800138000","customerNumberType":1,"obClidAreaCode":"010","state":"calling",
        "stateAction":"previewObCallRinging","mainUniqueId":"m-1"}"#,
    ),
    (
        "previewObCallBridge",
        r#"{"eventType":"previewObCallBridge","tenantId":"t1","agentNo":"0001",
        "customerNumber":"13800138000","customerNumberType":0,"obClidAreaCode":"010",
        "channel":"SIP/agent-0001","destChannel":"SIP/trunk-0002","mainUniqueId":"m-1"}"#,
    ),
    (
        "previewObCallResult",
        r#"{"eventType":"previewObCallResult","tenantId":"t1","agentNo":"0001",
        "customerNumber":"13800138000","result":"success","uniqueId":"u-2","obClid":"01088886666"}"#,
    ),
    // 3.6
    (
        "ringing",
        r#"{"eventType":"ringing","tenantId":"t1","agentNo":"0001","callType":1,
        "channel":"SIP/agent-0001","mainUniqueId":"m-3","uniqueId":"u-3","customerNumber":"13800138000",
        "customerAreaCode":"010","customerProvince":"Beijing","customerCity":"Beijing","subCallType":101,
        "hotline":"4000000000","numberTrunk":"01000000000","queueNo":"0001","chanVariables":{"orderId":"A1",
        "priority":"high"}}"#,
    ),
    // 3.7
    (
        "atxferStart",
        r#"{"eventType":"atxferStart","tenantId":"t1","agentNo":"0001","channel":"SIP/agent-0001",
        "destChannel":"SIP/agent-0002","state":"talking","stateAction":"atxfer","mainUniqueId":"m-1"}"#,
    ),
    (
        "atxferLink",
        r#"{"eventType":"atxferLink","tenantId":"t1","agentNo":"0001","channel":"SIP/agent-0001",
        "target":"0002","targetType":1,"state":"talking","stateAction":"atxferLink"}"#,
    ),
    (
        "atxferEnded",
        r#"{"eventType":"atxferEnded","tenantId":"t1","agentNo":"0001","target":"0002",
        "targetType":1,"hangupSide":3,"state":"talking","stateAction":"atxferEnded"}"#,
    ),
    (
        "atxferError",
        r#"{"eventType":"atxferError","tenantId":"t1","agentNo":"0001","state":"talking",
        "stateAction":"atxferError"}"#,
    ),
    // 3.8
    (
        "threewayAtxferResult",
        r#"{"eventType":"threewayAtxferResult","tenantId":"t1","agentNo":"0001",
        "target":"13800138000","targetType":0,"state":"talking","stateAction":"threeway"}"#,
    ),
    (
        "atxferThreewayUnlink",
        r#"{"eventType":"atxferThreewayUnlink","tenantId":"t1","agentNo":"0001",
        "target":"13800138000","targetType":0,"state":"talking","stateAction":"talking"}"#,
    ),
    (
        "completeAtxferResult",
        r#"{"eventType":"completeAtxferResult","tenantId":"t1","agentNo":"0001",
        "target":"8002","targetType":2,"state":"wrapup","stateAction":"wrapup"}"#,
    ),
    // 3.9
    (
        "reconnectAttempt",
        r#"{"eventType":"reconnectAttempt","attempt":1,"code":-1,
        "firstAttemptTs":1700000000000.0,"maxAttempts":20,"sinceFirstAttemptMs":1500.5}"#,
    ),
    // 3.10
    (
        "queueStatus",
        r#"{"eventType":"queueStatus","queueStatus":{"0001":{"queueParams":{"queueNo":"0001",
        "queueName":"Sales","strategy":"leastrecent","maxWait":120,"maxLen":10},
        "agentStatuses":[{"agentNo":"0001","state":"talking","stateAction":"talking","deviceStatus":4,
        "stateSince":1700000000000.5}],"queueEntries":[{"uniqueId":"u-7","customerNumber":"13800138000",
        "waitTime":30,"position":1}]}}}"#,
    ),
    // 3.11 - 3.14
    (
        "spyResult",
        r#"{"eventType":"spyResult","tenantId":"t1","agentNo":"0001","spiedCno":"0002",
        "initiator":"9001","initiatorType":1,"uniqueId":"u-4","result":"success"}"#,
    ),
    (
        "spyLink",
        r#"{"eventType":"spyLink","tenantId":"t1","agentNo":"0001","spiedCno":"0002",
        "initiator":"9001","initiatorType":1,"result":"success","channel":"SIP/agent-9001"}"#,
    ),
    (
        "spyUnlink",
        r#"{"eventType":"spyUnlink","tenantId":"t1","agentNo":"0001","spiedCno":"0002",
        "initiator":"9001","initiatorType":1}"#,
    ),
    (
        "threewayResult",
        r#"{"eventType":"threewayResult","tenantId":"t1","agentNo":"0001",
        "threewayedCno":"0002","initiator":"9001","initiatorType":1,"uniqueId":"u-4","result":"error"}"#,
    ),
    (
        "threewayLink",
        r#"{"eventType":"threewayLink","tenantId":"t1","agentNo":"0001","threewayedCno":"0002",
        "initiator":"9001","initiatorType":1,"channel":"SIP/agent-9001"}"#,
    ),
    (
        "threewayUnlink",
        r#"{"eventType":"threewayUnlink","tenantId":"t1","agentNo":"0001",
        "threewayedAgentNo":"0002","initiator":"9001","initiatorType":1}"#,
    ),
    (
        "whisperResult",
        r#"{"eventType":"whisperResult","tenantId":"t1","agentNo":"0001","whisperedCno":"0002",
        "initiator":"13600000000","initiatorType":0,"uniqueId":"u-4","result":"success"}"#,
    ),
    (
        "whisperLink",
        r#"{"eventType":"whisperLink","tenantId":"t1","agentNo":"0001","whisperedCno":"0002",
        "initiator":"13600000000","initiatorType":0,"channel":"PJSIP/trunk-1"}"#,
    ),
    (
        "whisperUnlink",
        r#"{"eventType":"whisperUnlink","tenantId":"t1","agentNo":"0001",
        "whisperedAgentNo":"0002","initiator":"13600000000","initiatorType":0}"#,
    ),
    (
        "bargeResult",
        r#"{"eventType":"bargeResult","tenantId":"t1","agentNo":"0001","bargedAgentNo":"0002",
        "initiator":"8009","initiatorType":2,"uniqueId":"u-4","result":"success"}"#,
    ),
    (
        "bargeLink",
        r#"{"eventType":"bargeLink","tenantId":"t1","agentNo":"0001","bargedAgentNo":"0002",
        "initiator":"8009","initiatorType":2,"channel":"SIP/8009"}"#,
    ),
    (
        "bargeUnlink",
        r#"{"eventType":"bargeUnlink","tenantId":"t1","agentNo":"0001","bargedCno":"0002",
        "initiator":"8009","initiatorType":2}"#,
    ),
    // 3.15 - 3.16
    (
        "disconnectResult",
        r#"{"eventType":"disconnectResult","tenantId":"t1","agentNo":"0001",
        "disconnectorCno":"0002","initiator":"9001","initiatorType":1,"uniqueId":"u-4","result":"success"}"#,
    ),
    (
        "setOfflineResult",
        r#"{"eventType":"setOfflineResult","tenantId":"t1","agentNo":"0002",
        "initiator":"9001","code":"0","message":"ok"}"#,
    ),
    // 3.17: no contract, so any fields pass through (keys sorted, as a JSON map prints them).
    (
        "orderCallBack",
        r#"{"eventType":"orderCallBack","agentNo":"0001","customerNumber":"13800138000",
        "orderTime":"2024-01-01 10:00:00","tenantId":"t1"}"#,
    ),
    // 3.18 - 3.19
    (
        "extenState",
        r#"{"eventType":"extenState","state":"Reachable","registerState":"Registered",
        "registerTime":"2024-01-01 10:54:19","expirationTime":"2024-01-01 11:54:19","extenIp":"192.168.1.20",
        "URI":"sip:8001@192.168.1.20:5060","extenNo":"8001","tenantId":"t1"}"#,
    ),
    (
        "interactReturn",
        r#"{"eventType":"interactReturn","tenantId":"t1","agentNo":"0001",
        "returnVariables":{"menuChoice":"2","surveyScore":"5"}}"#,
    ),
    // 3.20, 3.23 and the SIP session events: shapes of our own.
    ("sipDisconnected", r#"{"eventType":"sipDisconnected","reason":"transportClosed","code":1006}"#),
    (
        "sipSessionInit",
        r#"{"eventType":"sipSessionInit","callId":"a84b4c76e66710","direction":"inbound",
        "remoteNumber":"13800138000","uniqueId":"u-3"}"#,
    ),
    (
        "sipSessionTerminate",
        r#"{"eventType":"sipSessionTerminate","callId":"a84b4c76e66710",
        "direction":"outbound","remoteNumber":"13800138000","uniqueId":"u-3","reason":"rejected","code":486}"#,
    ),
    (
        "webrtcStats",
        r#"{"eventType":"webrtcStats","iceState":"connected","dtlsState":"connected",
        "packetsSent":1500,"packetsReceived":1498,"packetsState":"normal","jitter":3.5,"rtt":42.5,
        "packetLossRate":0.01,"sentNetworkQuality":1,"receivedNetworkQuality":2,"mos":4.25,"audioLevelIn":0.5,
        "audioLevelOut":0.125,"timestamp":1700000000000.0}"#,
    ),
    // The SDK's own softphone extensions.
    (
        "qualityWarning",
        r#"{"eventType":"qualityWarning","warning":"highRtt","active":true,"value":450.5,"threshold":400.0}"#,
    ),
    (
        "audioDeviceFallback",
        r#"{"eventType":"audioDeviceFallback","kind":"microphone","deviceId":"ddc8607c","reason":"ended"}"#,
    ),
    // 3.21 - 3.22
    (
        "transcript",
        r#"{"eventType":"transcript","text":"hello","role":2,"transcriptTime":1700000000000.0,
        "beginTime":1200.0,"endTime":2400.0,"finished":1,"sentenceIndex":0,"sentenceType":"sentenceEnd",
        "mainUniqueId":"m-1","sentenceBeginTimestamp":1699999999000.0,"sentenceEndTimestamp":1700000000000.0}"#,
    ),
    ("ping", r#"{"eventType":"ping","latencyTime":42.5,"networkState":1}"#),
];

/// The sample as one line: no value holds a line break, so every line break
/// and the indentation after it are layout.
fn compact(text: &str) -> String {
    text.lines().map(str::trim_start).collect()
}

#[test]
fn every_sample_round_trips_byte_for_byte() {
    for (name, text) in SAMPLES {
        let text = compact(text);
        let event: Event = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.name(), *name);
        assert_eq!(serde_json::to_string(&event).unwrap(), text, "{name}");
    }
}

#[test]
fn every_event_of_the_catalogue_has_a_sample() {
    let sampled: BTreeSet<&str> = SAMPLES.iter().map(|(n, _)| *n).collect();
    let events: BTreeSet<&str> = EVENT_TYPES.iter().filter(|(k, _)| !k.ends_with("_RESP")).map(|(_, n)| *n).collect();
    assert_eq!(sampled, events);
}

#[test]
fn optional_fields_may_be_absent() {
    let sparse = [
        r#"{"eventType":"ringing","tenantId":"t1","agentNo":"0001","callType":9,"channel":"c",
        "mainUniqueId":"m","uniqueId":"u","customerNumber":"0002"}"#,
        r#"{"eventType":"sipDisconnected","reason":"registrationFailed"}"#,
        r#"{"eventType":"sipSessionInit","callId":"c1","direction":"outbound"}"#,
        r#"{"eventType":"transcript","text":"hi","role":1,"transcriptTime":1.5,"beginTime":0.0,"endTime":0.5,
        "finished":0,"sentenceIndex":3,"sentenceType":"intermediateResult","mainUniqueId":"m"}"#,
        r#"{"eventType":"queueStatus","queueStatus":{"1":{"queueEntries":[]}}}"#,
        r#"{"eventType":"orderCallBack"}"#,
    ];
    for text in sparse.map(compact) {
        let event: Event = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(serde_json::to_string(&event).unwrap(), text);
    }
}

#[test]
fn the_odd_names_stay_odd() {
    let lower_uri = compact(
        r#"{"eventType":"extenState","state":"Reachable","registerState":"Registered","registerTime":"",
        "expirationTime":"","extenIp":"","uri":"x","extenNo":"8001","tenantId":"t1"}"#,
    );
    assert!(serde_json::from_str::<Event>(&lower_uri).is_err(), "extenState needs `URI` in capitals");
    let code_as_number = compact(
        r#"{"eventType":"setOfflineResult","tenantId":"t1","agentNo":"0002","initiator":"9001",
        "code":0,"message":"ok"}"#,
    );
    assert!(serde_json::from_str::<Event>(&code_as_number).is_err(), "setOfflineResult's code is a string");
}
