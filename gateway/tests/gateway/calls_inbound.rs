//! Queue calls over real sockets, driven by the scenario interface.

use agent_gateway::{Config, StaticDirs};
use serde_json::json;

use crate::support::{http, status_of, Server};

#[tokio::test]
async fn a_queue_call_rings_is_answered_and_wraps_up() {
    let mut config = Config::dev();
    config.tenants[0].wrapup_seconds = 0;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut a, _) = server.login("1001").await;
    let id = server.inbound("02150001234", "1").await;

    let f = a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    assert_eq!(status_of(&f[0]), (2, "ringing", "ring", 3));
    assert_eq!(
        (f[0]["status"]["callType"].as_i64(), f[0]["status"]["mainUniqueId"].as_str()),
        (Some(1), Some(id.as_str()))
    );
    let leg = f[0]["status"]["uniqueId"].as_str().unwrap().to_string();
    assert_eq!((f[1]["uniqueId"].as_str(), f[1]["customerNumber"].as_str()), (Some(leg.as_str()), Some("02150001234")));
    let ringing = &f[2];
    assert_eq!(
        (ringing["seq"].as_u64(), ringing["tenantId"].as_str(), ringing["agentNo"].as_str()),
        (Some(4), Some("t1"), Some("1001"))
    );
    assert_eq!(
        (ringing["callType"].as_i64(), ringing["uniqueId"].as_str(), ringing["mainUniqueId"].as_str()),
        (Some(1), Some(leg.as_str()), Some(id.as_str()))
    );
    assert_eq!((ringing["queueNo"].as_str(), ringing["customerAreaCode"].as_str()), (Some("1"), Some("021")));
    assert!(ringing["channel"].as_str().unwrap().starts_with("SIP/8001-"));

    let view = server.act(&id, "answer", "agent").await;
    assert_eq!(view["state"], "talking");
    let f = a.expect(&["agentStatus talking"]).await;
    assert_eq!(status_of(&f[0]), (5, "talking", "answer", 4));
    assert_eq!(f[0]["status"]["uniqueId"], leg.as_str());

    server.act(&id, "hangup", "customer").await;
    let f = a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    assert_eq!(status_of(&f[0]), (6, "idle", "hangup", 0), "no wrap-up time configured");
    assert_eq!(
        (f[1]["callType"].as_i64(), f[1]["uniqueId"].as_str(), f[1]["mainUniqueId"].as_str()),
        (Some(1), Some(leg.as_str()), Some(id.as_str()))
    );
    assert!(f[1].get("reason").is_none());
    a.expect_quiet().await;
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view["endReason"].as_str()), (Some("ended"), Some("customerHangup")));
}

#[tokio::test]
async fn a_rejected_call_goes_to_the_next_agent_and_unlink_wraps_up() {
    let server = Server::start().await;
    let (mut a, _) = server.login("1001").await;
    let (mut b, _) = server.login("1002").await;
    let id = server.inbound("13800138000", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let r = b.request("reject", json!({})).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20006), Some("no ringing call")));
    let r = a.request("unlink", json!({})).await;
    assert_eq!(r["message"], "call is ringing: use reject");
    assert_eq!(a.request("reject", json!({ "description": "on a break" })).await["code"], 0);
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    server.act(&id, "answer", "agent").await;
    b.expect(&["agentStatus talking"]).await;
    assert_eq!(b.request("unlink", json!({ "side": 2 })).await["code"], 0);
    let f = b.expect(&["agentStatus wrapup", "sessionTerminate"]).await;
    assert_eq!(status_of(&f[0]).2, "wrapup");
    let view = server.call(&id).await;
    assert_eq!(view["rejects"], json!(["1001: on a break"]));
    assert_eq!(view["legs"][1]["endCause"], "rejected");
    assert_eq!(view["endReason"], "customerHangup");
    a.expect_quiet().await;
}

#[tokio::test]
async fn the_scenario_interface_explains_what_it_refuses() {
    let server = Server::start().await;
    let addr = server.addr;
    let post = move |path: String, body: serde_json::Value| async move { http(addr, "POST", &path, Some(body)).await };
    let (status, r) = post("/v1/scenario/inbound".into(), json!({ "tenantId": "t9", "customerNumber": "123" })).await;
    assert_eq!((status, r["error"].as_str()), (404, Some("no such tenant")));
    let (status, _) = post("/v1/scenario/inbound".into(), json!({ "tenantId": "t1", "customerNumber": "x" })).await;
    assert_eq!(status, 400);
    let (status, r) = post("/v1/scenario/inbound".into(), json!({ "tenantId": "t1", "number": "123" })).await;
    assert_eq!(status, 400);
    assert!(r["error"].as_str().unwrap().starts_with("bad body: unknown field `number`"), "{r}");
    let id = server.inbound("13800138000", "2").await;
    let call = |what: &str| format!("/v1/scenario/calls/{id}/{what}");
    let (status, r) = post(call("answer"), json!({ "party": "agent" })).await;
    assert_eq!((status, r["error"].as_str()), (409, Some("the call has no agent leg now")));
    let (status, _) = post(call("answer"), json!({ "party": "boss" })).await;
    assert_eq!(status, 400);
    let (status, _) = post(call("fail"), json!({ "party": "customer" })).await;
    assert_eq!(status, 400);
    let (status, _) = post(call("dance"), json!({ "party": "customer" })).await;
    assert_eq!(status, 404);
    let (status, _) = post("/v1/scenario/calls/nope/hangup".into(), json!({ "party": "customer" })).await;
    assert_eq!(status, 404);
    let (status, r) = http(server.addr, "GET", "/v1/scenario/calls", None).await;
    assert_eq!(
        (status, r["calls"][0]["state"].as_str(), r["calls"][0]["queueNo"].as_str()),
        (200, Some("queued"), Some("2"))
    );
    server.act(&id, "hangup", "customer").await;
    let (_, r) = http(server.addr, "GET", "/v1/scenario/calls", None).await;
    assert_eq!(r["calls"], json!([]));
    let (_, r) = http(server.addr, "GET", "/v1/scenario/calls?ended=1", None).await;
    assert_eq!(r["calls"][0]["mainUniqueId"], id.as_str());
    let (status, _) = http(server.addr, "GET", "/v1/scenario/calls/nope", None).await;
    assert_eq!(status, 404);
}
