//! Consult over real sockets: two agents' sessions, the scenario playing
//! the phones.

use serde_json::json;

use crate::support::{status_of, Client, Server};

/// 1001 talks with a queue customer; 1002 is logged in and idle.
async fn talking(server: &Server) -> (Client, Client, String) {
    let (mut a, _) = server.login("1001").await;
    let id = server.inbound("13800138000", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    server.act(&id, "answer", "agent").await;
    a.expect(&["agentStatus talking"]).await;
    let (b, _) = server.login("1002").await;
    (a, b, id)
}

#[tokio::test]
async fn consult_an_agent_then_three_way_then_the_target_leaves() {
    let server = Server::start().await;
    let (mut a, mut b, id) = talking(&server).await;
    assert_eq!(a.request("startAtxfer", json!({ "targetType": 1, "target": "1002" })).await["code"], 0);
    let f = a.expect(&["atxferStart"]).await;
    assert_eq!((f[0]["state"].as_str(), f[0]["mainUniqueId"].as_str()), (Some("talking"), Some(id.as_str())));
    let f = b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    assert_eq!((f[2]["subCallType"].as_i64(), f[2]["customerNumber"].as_str()), (Some(102), Some("13800138000")));
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view["legs"][0]["held"].as_bool()), (Some("consulting"), Some(true)));
    assert_eq!(f[0]["status"]["uniqueId"], view["legs"][2]["uniqueId"]);

    server.act(&id, "answer", "target").await;
    b.expect(&["agentStatus talking"]).await;
    let f = a.expect(&["atxferLink"]).await;
    assert_eq!((f[0]["target"].as_str(), f[0]["targetType"].as_i64()), (Some("1002"), Some(1)));

    assert_eq!(a.request("threewayAtxfer", json!({})).await["code"], 0);
    let f = a.expect(&["threewayAtxferResult"]).await;
    assert_eq!((f[0]["target"].as_str(), f[0]["state"].as_str()), (Some("1002"), Some("talking")));
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view["legs"][0]["held"].as_bool()), (Some("threeway"), Some(false)));

    assert_eq!(b.request("unlink", json!({})).await["code"], 0);
    let f = b.expect(&["agentStatus wrapup", "sessionTerminate"]).await;
    assert_eq!(status_of(&f[0]).2, "wrapup", "the target talked with the customer");
    a.expect(&["atxferThreewayUnlink"]).await;
    assert_eq!(server.call(&id).await["state"], "talking");
    a.expect_quiet().await;
}

#[tokio::test]
async fn cancel_resume_and_a_failing_target() {
    let server = Server::start().await;
    let (mut a, mut b, id) = talking(&server).await;
    assert_eq!(a.request("startAtxfer", json!({ "targetType": 1, "target": "9999" })).await["code"], 0);
    let f = a.expect(&["atxferStart", "atxferError"]).await;
    assert_eq!(f[1]["state"], "talking");

    assert_eq!(a.request("startAtxfer", json!({ "targetType": 1, "target": "1002" })).await["code"], 0);
    a.expect(&["atxferStart"]).await;
    b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    assert_eq!(a.request("resumeAtxfer", json!({})).await["errorCode"], 20006);
    assert_eq!(a.request("cancelAtxfer", json!({})).await["code"], 0);
    b.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let f = a.expect(&["atxferEnded"]).await;
    assert_eq!((f[0]["hangupSide"].as_i64(), f[0]["target"].as_str()), (Some(1), Some("1002")));

    assert_eq!(a.request("startAtxfer", json!({ "targetType": 0, "target": "13700000000" })).await["code"], 0);
    a.expect(&["atxferStart"]).await;
    server.act(&id, "answer", "target").await;
    a.expect(&["atxferLink"]).await;
    assert_eq!(a.request("resumeAtxfer", json!({})).await["code"], 0);
    let f = a.expect(&["atxferEnded"]).await;
    assert_eq!(f[0]["hangupSide"], 1);
    assert_eq!(server.call(&id).await["legs"][0]["held"], false);
    b.expect_quiet().await;
}

#[tokio::test]
async fn complete_to_an_outside_number_leaves_the_customer_with_it() {
    let server = Server::start().await;
    let (mut a, _b, id) = talking(&server).await;
    assert_eq!(a.request("completeAtxfer", json!({})).await["message"], "no consult in progress");
    assert_eq!(a.request("startAtxfer", json!({ "targetType": 0, "target": "13700000000" })).await["code"], 0);
    a.expect(&["atxferStart"]).await;
    assert_eq!(a.request("completeAtxfer", json!({})).await["message"], "consult not linked");
    server.act(&id, "answer", "target").await;
    a.expect(&["atxferLink"]).await;
    assert_eq!(a.request("completeAtxfer", json!({})).await["code"], 0);
    let f = a.expect(&["agentStatus wrapup", "sessionTerminate", "completeAtxferResult"]).await;
    assert_eq!(
        (f[2]["state"].as_str(), f[2]["target"].as_str(), f[2]["targetType"].as_i64()),
        (Some("wrapup"), Some("13700000000"), Some(0))
    );
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view.get("agentNo")), (Some("unattended"), None));
    server.act(&id, "hangup", "customer").await;
    assert_eq!(server.call(&id).await["state"], "ended");
}
