//! Responses with more than the standard fields round-trip with every field.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::json;

use crate::protocol::business::business_code;
use crate::protocol::ops::*;
use crate::protocol::SdkResponse;

fn round_trip<T: Serialize + DeserializeOwned + std::fmt::Debug>(text: &str) -> T {
    let value: T = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&value).unwrap(), text);
    value
}

#[test]
fn a_failure_carries_the_business_code() {
    let r: SdkResponse =
        round_trip(r#"{"action":"previewObCallResp","code":-1,"message":"bad tel","errorCode":20102}"#);
    assert_eq!(r.error_code, Some(business_code::BAD_TEL));
}

#[test]
fn preview_outbound_call_echoes_the_request_id() {
    let r: PreviewObCallResponse =
        round_trip(r#"{"action":"previewObCallResp","code":0,"message":"ok","requestUniqueId":"r-1"}"#);
    assert_eq!(r.base, SdkResponse::ok("previewObCallResp"));
    round_trip::<PreviewObCallResponse>(
        r#"{"action":"previewObCallResp","code":-1,"message":"previewOutcall agent busy","errorCode":20011}"#,
    );
}

#[test]
fn queue_status_answers_as_queue_status() {
    let r: GetQueueStatusResponse = round_trip(concat!(
        r#"{"action":"queueStatus","code":0,"message":"ok","queueStatus":{"0":{"#,
        r#""queueParams":{"queueNo":"0","queueName":"Sales","strategy":"rrmemory","maxWait":300,"maxLen":0},"#,
        r#""agentStatuses":[{"agentNo":"0001","state":"idle","stateAction":"idle","deviceStatus":0,"#,
        r#""stateSince":1700000000000.0}],"#,
        r#""queueEntries":[{"uniqueId":"u-9","customerNumber":"13800138000","waitTime":12,"position":1}]}}}"#,
    ));
    assert_eq!(r.base.action, "queueStatus");
    let entry = &r.queue_status.unwrap()["0"];
    assert_eq!(entry.queue_entries.as_ref().map(Vec::len), Some(1));
    let only_entries: GetQueueStatusResponse =
        round_trip(r#"{"action":"queueStatus","code":0,"message":"ok","queueStatus":{"1":{"queueEntries":[]}}}"#);
    assert_eq!(only_entries.queue_status.unwrap()["1"].queue_params, None);
}

#[test]
fn preview_dialing_tasks_are_listed() {
    let r: ListPreviewDialingTaskResponse = round_trip(concat!(
        r#"{"action":"ListPreviewDialingTaskResp","code":0,"message":"ok","tasks":["#,
        r#"{"taskId":"11","taskName":"Renewals","status":"running","total":200,"dialed":35}]}"#,
    ));
    assert_eq!(r.tasks.unwrap()[0].dialed, 35);
    let failed: ListPreviewDialingTaskResponse =
        serde_json::from_value(json!({ "action": "ListPreviewDialingTaskResp", "code": -1, "message": "not logined" }))
            .unwrap();
    assert_eq!(failed.tasks, None);
}
