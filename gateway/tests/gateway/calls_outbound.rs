//! Preview outbound and internal calls over real sockets.

use agent_gateway::{Config, StaticDirs};
use serde_json::json;

use crate::support::{http, status_of, Server};

#[tokio::test]
async fn a_preview_call_in_the_documented_order() {
    let server = Server::start().await;
    let (mut a, _) = server.login("0001").await;
    let r = a.request("previewObCall", json!({ "customerNumber": "13800138000", "requestUniqueId": "r-1" })).await;
    assert_eq!((r["code"].as_i64(), r["requestUniqueId"].as_str()), (Some(0), Some("r-1")));
    let f = a.expect(&["agentStatus calling"]).await;
    assert_eq!(status_of(&f[0]), (2, "calling", "dial", 2));
    let id = f[0]["status"]["mainUniqueId"].as_str().unwrap().to_string();
    assert_eq!(
        (f[0]["status"]["callType"].as_i64(), f[0]["status"]["uniqueId"].as_str()),
        (Some(4), Some(id.as_str()))
    );
    a.expect_quiet().await;

    server.act(&id, "answer", "agent").await;
    let init = a.expect(&["sessionInit"]).await;
    assert_eq!((init[0]["callType"].as_i64(), init[0]["uniqueId"].as_str()), (Some(4), Some(id.as_str())));
    // Field order on the wire is the seed's.
    let text = a.recv_text().await;
    let head = r#"{"seq":4,"eventType":"previewObCallStart","tenantId":"t1","agentNo":"0001","customerNumber":"13800138000","customerNumberType":1,"obClidAreaCode":"","mainUniqueId":""#;
    assert!(text.starts_with(head), "{text}");
    assert!(text.ends_with(r#","requestUniqueId":"r-1","obClid":"02150001000"}"#), "{text}");
    let f = a.expect(&["previewObCallRinging"]).await;
    assert_eq!(
        (f[0]["state"].as_str(), f[0]["stateAction"].as_str(), f[0]["mainUniqueId"].as_str()),
        (Some("calling"), Some("dial"), Some(id.as_str()))
    );

    let view = server.act(&id, "answer", "customer").await;
    let f = a.expect(&["agentStatus talking", "previewObCallBridge", "previewObCallResult"]).await;
    assert_eq!(status_of(&f[0]), (6, "talking", "answer", 4));
    assert_eq!(
        (f[1]["channel"].as_str(), f[1]["destChannel"].as_str()),
        (view["legs"][0]["channel"].as_str(), view["legs"][1]["channel"].as_str())
    );
    assert_eq!((f[2]["result"].as_str(), f[2]["uniqueId"].as_str()), (Some("success"), Some(id.as_str())));

    assert_eq!(a.request("unlink", json!({})).await["code"], 0);
    a.expect(&["agentStatus wrapup", "sessionTerminate"]).await;
    a.expect_quiet().await;
}

#[tokio::test]
async fn preview_refusals_and_failures() {
    let server = Server::start().await;
    let (mut a, _) = server.login("0001").await;
    for (number, clid, code, message) in [
        ("0001234", None, 20102, "bad tel"),
        ("13900000000", None, 20031, "restrict tel"),
        ("13800138000", Some("02199999999"), 20032, "bad obClidLeftNumber"),
        (
            "13800x",
            None,
            20000,
            "bad param: customerNumber must be a phone number (digits, optional leading +, 3 to 20 long), got '13800x'",
        ),
    ] {
        let mut params = json!({ "customerNumber": number });
        if let Some(clid) = clid {
            params["obClid"] = json!(clid);
        }
        let r = a.request("previewObCall", params).await;
        assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(code), Some(message)));
    }
    let (mut denied, _) = server.login("1020").await;
    assert_eq!(denied.request("previewObCall", json!({ "customerNumber": "13800138000" })).await["errorCode"], 20016);
    a.expect_quiet().await;

    assert_eq!(a.request("previewObCall", json!({ "customerNumber": "13800138000" })).await["code"], 0);
    let id = a.expect(&["agentStatus calling"]).await[0]["status"]["mainUniqueId"].as_str().unwrap().to_string();
    let r = a.request("previewObCall", json!({ "customerNumber": "13800138000" })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20011), Some("previewOutcall agent busy")));
    server.act(&id, "answer", "agent").await;
    a.expect(&["sessionInit", "previewObCallStart", "previewObCallRinging"]).await;
    let (status, _) = http(
        server.addr,
        "POST",
        &format!("/v1/scenario/calls/{id}/fail"),
        Some(json!({ "party": "customer", "reason": "busy" })),
    )
    .await;
    assert_eq!(status, 200);
    let f = a.expect(&["agentStatus idle", "sessionTerminate", "previewObCallResult"]).await;
    assert_eq!(f[2]["result"], "error");

    assert_eq!(a.request("previewObCall", json!({ "customerNumber": "13800138000" })).await["code"], 0);
    a.expect(&["agentStatus calling"]).await;
    assert_eq!(a.request("cancelPreviewObCall", json!({})).await["code"], 0);
    a.expect(&["agentStatus idle", "previewObCallResult"]).await;
    assert_eq!(a.request("cancelPreviewObCall", json!({})).await["errorCode"], 20006);
}

#[tokio::test]
async fn a_softphone_and_an_auto_answering_customer_need_no_scenario() {
    let mut config = Config::dev();
    config.tenants[0].calls.agent_auto_answer_ms.softphone = Some(20);
    config.tenants[0].calls.customer_auto_answer_ms = Some(20);
    let server = Server::start_with(config, StaticDirs::default()).await;
    let mut a = server.login_on("0001", 3, "0001").await;
    assert_eq!(a.request("previewObCall", json!({ "customerNumber": "13800138000" })).await["code"], 0);
    a.expect(&[
        "agentStatus calling",
        "sessionInit",
        "previewObCallStart",
        "previewObCallRinging",
        "agentStatus talking",
        "previewObCallBridge",
        "previewObCallResult",
    ])
    .await;
    let call = server.only_call().await;
    assert!(call["legs"][0]["channel"].as_str().unwrap().starts_with("SIP/webrtc-0001-"), "{call}");
}

#[tokio::test]
async fn an_internal_call_between_two_agents() {
    let server = Server::start().await;
    let (mut a, _) = server.login("0001").await;
    let (mut b, _) = server.login("1001").await;
    let r = a.request("InternalCall", json!({ "targetType": 0, "target": "1009" })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20012), Some("no such agent")));
    assert_eq!(a.request("InternalCall", json!({ "targetType": 1, "target": "8099" })).await["errorCode"], 20025);
    assert_eq!(a.request("InternalCall", json!({ "targetType": 0, "target": "1001" })).await["code"], 0);
    let f = a.expect(&["agentStatus calling"]).await;
    assert_eq!(f[0]["status"]["callType"], 9);
    let id = f[0]["status"]["mainUniqueId"].as_str().unwrap().to_string();
    server.act(&id, "answer", "agent").await;
    a.expect(&["sessionInit"]).await;
    let f = b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    assert_eq!((f[2]["callType"].as_i64(), f[2]["customerNumber"].as_str()), (Some(9), Some("0001")));
    server.act(&id, "answer", "target").await;
    b.expect(&["agentStatus talking"]).await;
    a.expect(&["agentStatus talking"]).await;
    assert_eq!(a.request("unlink", json!({})).await["code"], 0);
    let f = a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    assert_eq!(status_of(&f[0]).2, "hangup");
    b.expect(&["agentStatus idle", "sessionTerminate"]).await;
}
