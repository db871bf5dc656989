//! Blind transfer, IVR, survey and the in-call controls over real sockets.

use agent_gateway::{Config, StaticDirs};
use serde_json::json;

use crate::support::{Client, Server};

async fn talking(server: &Server, agent: &str, queue: &str) -> (Client, String) {
    let (mut a, _) = server.login(agent).await;
    let id = server.inbound("13800138000", queue).await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    server.act(&id, "answer", "agent").await;
    a.expect(&["agentStatus talking"]).await;
    (a, id)
}

#[tokio::test]
async fn blind_transfer_to_an_agent() {
    let server = Server::start().await;
    let (mut a, id) = talking(&server, "1001", "1").await;
    let (mut b, _) = server.login("1002").await;
    b.request("pause", json!({ "pauseType": 0 })).await;
    b.recv().await;
    let r = a.request("blxfer", json!({ "targetType": 1, "target": "1002" })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20011), Some("agent busy")));
    b.request("unpause", json!({})).await;
    b.recv().await;
    assert_eq!(a.request("blxfer", json!({ "targetType": 1, "target": "1002" })).await["code"], 0);
    a.expect(&["agentStatus wrapup", "sessionTerminate"]).await;
    let f = b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    assert_eq!(
        (f[2]["callType"].as_i64(), f[2]["subCallType"].as_i64(), f[2]["mainUniqueId"].as_str()),
        (Some(1), Some(101), Some(id.as_str()))
    );
    server.act(&id, "answer", "agent").await;
    b.expect(&["agentStatus talking"]).await;
    assert_eq!(server.call(&id).await["agentNo"], "1002");
}

#[tokio::test]
async fn transfer_ivr_returns_to_the_agent_with_variables() {
    let mut config = Config::dev();
    config.tenants[0].calls.ivr_nodes[1].duration_ms = 50;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut a, id) = talking(&server, "1011", "2").await;
    let params = json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "1.2" }, "returnVariables": { "satisfaction": "0", "comment": "" } });
    assert_eq!(a.request("transferIvr", params).await["code"], 0);
    let f = a.expect(&["interactReturn"]).await;
    assert_eq!(f[0]["returnVariables"], json!({ "comment": "", "satisfaction": "5" }));
    assert_eq!(server.call(&id).await["state"], "talking");
    let r = a.request("transferIvr", json!({ "ivrTarget": { "ivrId": 7, "ivrNode": "1" } })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20015), Some("no such ivr node 7:1")));
}

#[tokio::test]
async fn hold_mute_dtmf_survey_and_wrapup_controls() {
    let server = Server::start().await;
    let (mut a, id) = talking(&server, "1003", "1").await;
    for (action, params) in [
        ("hold", json!({})),
        ("mute", json!({ "direction": "all" })),
        ("unmute", json!({ "direction": "in" })),
        ("sendDtmf", json!({ "digits": "12*#", "target": 2 })),
        ("changeObCallMode", json!({ "workMode": 2 })),
        ("startAutoObCallTask", json!({ "taskId": "11" })),
    ] {
        assert_eq!(a.request(action, params).await["code"], 0, "{action}");
    }
    let r = a.request("hold", json!({})).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20007), Some("already held")));
    let r = a.request("startAutoObCallTask", json!({ "taskId": "77" })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20014), Some("no such task '77'")));
    a.expect_quiet().await;
    let view = server.call(&id).await;
    let (customer, agent) = (&view["legs"][0], &view["legs"][1]);
    assert_eq!((customer["held"].as_bool(), customer["dtmf"].as_str()), (Some(true), Some("12*#")));
    assert_eq!(agent["muted"], json!({ "in": false, "out": true }));

    assert_eq!(a.request("prolongWrapup", json!({ "wrapupTime": 30 })).await["errorCode"], 20006);
    assert_eq!(a.request("performSatisfactionSurvey", json!({})).await["code"], 0);
    a.expect(&["agentStatus wrapup", "sessionTerminate"]).await;
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view["survey"].as_bool()), (Some("survey"), Some(true)));
    assert_eq!(a.request("prolongWrapup", json!({ "wrapupTime": 30 })).await["code"], 0);
    let r = a.request("hold", json!({})).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20006), Some("no call in progress")));
    a.expect_quiet().await;
}
