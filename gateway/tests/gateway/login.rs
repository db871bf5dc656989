//! login: checks in order, the response, the first push, takeover and
//! tenant isolation.

use serde_json::json;

use crate::support::{login_params, status_of, Server};

#[tokio::test]
async fn login_answers_with_the_session_then_pushes_the_status() {
    let server = Server::start().await;
    let mut c = server.client().await;
    let r = c.request("login", login_params("t1", "0001", 1)).await;
    assert_eq!((r["code"].as_i64(), r["message"].as_str()), (Some(0), Some("ok")));
    assert_eq!((r["tenantId"].as_str(), r["agentNo"].as_str()), (Some("t1"), Some("0001")));
    assert_eq!(r["bindEndpoint"], json!({ "endpointType": 2, "endpoint": "8001" }));
    let token = r["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(r["heartbeatIntervalMs"], 5000);
    assert!(r.get("errorCode").is_none() && r.get("sipPwd").is_none() && r.get("webrtcSocketUrl").is_none());

    let push = c.recv().await;
    assert_eq!(
        push,
        json!({ "seq": 1, "eventType": "agentStatus", "tenantId": "t1", "agentNo": "0001", "status": {
            "state": "idle", "stateAction": "idle", "initialStatus": 1, "deviceStatus": 0,
            "bindEndpoint": { "endpointType": 2, "endpoint": "8001" } } })
    );
    c.expect_quiet().await;
}

#[tokio::test]
async fn login_refusals_keep_the_connection_usable() {
    let server = Server::start().await;
    let mut c = server.client().await;
    let cases = [
        (json!({ "tenantId": "nope" }), 20003, "no such tenant"),
        (json!({ "agentNo": "9999" }), 20012, "no such agent"),
        (json!({ "sessionKey": "dev-key-0000" }), 20002, "invalid sessionKey"),
        (json!({ "sessionKey": "" }), 20000, "bad param: sessionKey is required and must not be empty"),
        (
            json!({ "initialStatus": 4 }),
            20000,
            "bad param: initialStatus must be 1 (idle), 2 (busy) or 3 (wrap-up), got 4",
        ),
        (
            json!({ "bindEndpoint": { "endpointType": 2, "endpoint": " " } }),
            20000,
            "bad param: bindEndpoint.endpoint is required and must not be empty",
        ),
        (json!({ "initialStatus": "1" }), 20000, "bad param: initialStatus must be an integer, got string"),
        (
            json!({ "colour": "red" }),
            20000,
            "bad param: colour is not a known parameter (expected one of: sessionKey, tenantId, agentNo, \
             webSocketUrl, bindEndpoint, qids, initialStatus, pauseDescription, workMode)",
        ),
        (
            json!({ "initialStatus": 2 }),
            20000,
            "bad param: pauseDescription is required when initialStatus is 2 (busy)",
        ),
        (
            json!({ "initialStatus": 2, "pauseDescription": "NAPPING" }),
            20005,
            "no such pause reason: pauseDescription 'NAPPING'",
        ),
    ];
    for (change, code, message) in cases {
        let mut params = login_params("t1", "0001", 1);
        for (k, v) in change.as_object().unwrap() {
            params[k] = v.clone();
        }
        let r = c.request("login", params).await;
        assert_eq!((r["code"].as_i64(), r["errorCode"].as_i64()), (Some(-1), Some(code)), "{r}");
        assert_eq!(r["message"], message);
        assert!(r.get("token").is_none());
    }
    let mut missing = login_params("t1", "0001", 1);
    missing.as_object_mut().unwrap().remove("tenantId");
    let r = c.request("login", missing).await;
    assert_eq!(r["message"], "bad param: tenantId is required");
    c.expect_quiet().await;

    let r = c.request("login", login_params("t1", "0001", 1)).await;
    assert_eq!(r["code"], 0, "the connection still logs in after refusals");
}

#[tokio::test]
async fn busy_login_needs_a_configured_reason() {
    let server = Server::start().await;
    let mut c = server.client().await;
    let mut params = login_params("t1", "1001", 2);
    params["pauseDescription"] = json!("MEETING");
    assert_eq!(c.request("login", params).await["code"], 0);
    let push = c.recv().await;
    assert_eq!(status_of(&push), (1, "busy", "login", 0));
    assert_eq!((push["status"]["pauseType"].as_i64(), push["status"]["initialStatus"].as_i64()), (Some(1), Some(2)));
    assert_eq!(push["status"]["pauseDescription"], "MEETING");
}

#[tokio::test]
async fn a_second_login_replaces_the_first_session() {
    let server = Server::start().await;
    let (mut old, old_token) = server.login("0001").await;
    let (mut new, _) = server.login("0001").await;
    let terminate = old.recv().await;
    assert_eq!(terminate["seq"], 2);
    assert_eq!(terminate["eventType"], "sessionTerminate");
    assert_eq!((terminate["tenantId"].as_str(), terminate["agentNo"].as_str()), (Some("t1"), Some("0001")));
    assert_eq!(terminate["reason"], "replaced");
    assert!(terminate["message"].is_string());
    assert_eq!(old.expect_close().await.0, 4001);

    // The replaced session is gone for good; the new one works.
    let mut again = server.client().await;
    let r = again.request("resume", json!({ "token": old_token, "lastSeq": 2 })).await;
    assert_eq!(r["errorCode"], 20008);
    assert_eq!(again.expect_close().await.0, 4003);
    let r = new.request("pause", json!({ "pauseType": 0 })).await;
    assert_eq!(r["code"], 0);
    assert_eq!(status_of(&new.recv().await), (2, "busy", "pause", 0));
}

#[tokio::test]
async fn tenants_are_isolated() {
    let server = Server::start().await;
    let mut c = server.client().await;
    // t1's key does not open t2's agent of the same number.
    let r = c.request("login", login_params("t2", "0001", 1)).await;
    assert_eq!(r["errorCode"], 20002);
    let mut t2 = login_params("t2", "0001", 1);
    t2["sessionKey"] = json!("t2-key-0001");
    assert_eq!(c.request("login", t2).await["code"], 0);
    assert_eq!(c.recv().await["tenantId"], "t2");

    // The same agentNo in t1 is a different agent: no takeover.
    let (mut t1, _) = server.login("0001").await;
    c.expect_quiet().await;
    // t2 has no MEETING reason; t1 has.
    let r = c.request("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" })).await;
    assert_eq!(r["errorCode"], 20005);
    let r = t1.request("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" })).await;
    assert_eq!(r["code"], 0);
    assert_eq!(t1.recv().await["tenantId"], "t1");
    c.expect_quiet().await;
}
