//! pause, unpause, updateBoundEndpoint, logout, and the wrap-up timer.

use std::time::Duration;

use agent_gateway::{Config, StaticDirs};
use serde_json::json;

use crate::support::{login_params, status_of, Server};

#[tokio::test]
async fn pause_and_unpause_push_each_change() {
    let server = Server::start().await;
    let (mut c, _) = server.login("0001").await;

    let r = c.request("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" })).await;
    assert_eq!((r["code"].as_i64(), r["message"].as_str()), (Some(0), Some("ok")));
    let push = c.recv().await;
    assert_eq!(status_of(&push), (2, "busy", "pause", 0));
    assert_eq!(
        (push["status"]["pauseType"].as_i64(), push["status"]["pauseDescription"].as_str()),
        (Some(1), Some("MEETING"))
    );

    let r = c.request("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" })).await;
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20007), Some("already paused")));
    c.expect_quiet().await;

    // Another reason while busy changes the reason; the default is "busy".
    assert_eq!(c.request("pause", json!({ "pauseType": 0 })).await["code"], 0);
    let push = c.recv().await;
    assert_eq!(status_of(&push), (3, "busy", "pause", 0));
    assert_eq!(push["status"]["pauseDescription"], "busy");

    let r = c.request("pause", json!({ "pauseType": 2, "pauseDescription": "MEETING" })).await;
    assert_eq!(r["errorCode"], 20005);
    let r = c.request("pause", json!({ "pauseType": 100 })).await;
    assert_eq!(r["message"], "bad param: pauseType must be between 0 and 99, got 100");

    assert_eq!(c.request("unpause", json!({})).await["code"], 0);
    let push = c.recv().await;
    assert_eq!(status_of(&push), (4, "idle", "unpause", 0));
    assert!(push["status"].get("pauseType").is_none());

    let r = c.request("unpause", json!({})).await;
    assert_eq!(
        (r["code"].as_i64(), r["errorCode"].as_i64(), r["message"].as_str()),
        (Some(-1), Some(20007), Some("already ready"))
    );
    c.expect_quiet().await;
}

#[tokio::test]
async fn update_bound_endpoint_pushes_the_new_endpoint() {
    let server = Server::start().await;
    let (mut c, _) = server.login("1002").await;
    let endpoint = json!({ "endpointType": 1, "endpoint": "13600000000" });
    let r = c.request("updateBoundEndpoint", json!({ "bindEndpoint": endpoint })).await;
    assert_eq!(r["code"], 0);
    let push = c.recv().await;
    assert_eq!(status_of(&push), (2, "idle", "idle", 0));
    assert_eq!(push["status"]["bindEndpoint"], endpoint);

    // The same endpoint again changes nothing.
    assert_eq!(c.request("updateBoundEndpoint", json!({ "bindEndpoint": endpoint })).await["code"], 0);
    c.expect_quiet().await;

    let r = c.request("updateBoundEndpoint", json!({ "bindEndpoint": { "endpointType": 4, "endpoint": "1" } })).await;
    assert_eq!(r["errorCode"], 20000);
    assert!(r["message"].as_str().unwrap().starts_with("bad param: bindEndpoint.endpointType must be"));
}

#[tokio::test]
async fn logout_answers_pushes_offline_and_closes() {
    let server = Server::start().await;
    let (mut c, token) = server.login("1003").await;
    let r = c.request("logout", json!({ "logoutMode": 7 })).await;
    assert_eq!(r["errorCode"], 20000);
    let r = c.request("logout", json!({ "logoutMode": 0, "unbindEndpoint": 1 })).await;
    assert_eq!((r["code"].as_i64(), r["action"].as_str()), (Some(0), Some("logoutResp")));
    let push = c.recv().await;
    assert_eq!(status_of(&push), (2, "offline", "logout", 0));
    assert!(push["status"].get("bindEndpoint").is_none(), "unbindEndpoint: 1 drops the binding");
    let terminate = c.recv().await;
    assert_eq!((terminate["seq"].as_u64(), terminate["eventType"].as_str()), (Some(3), Some("sessionTerminate")));
    assert_eq!(terminate["reason"], "logout");
    assert_eq!(c.expect_close().await.0, 4002);

    let mut again = server.client().await;
    let r = again.request("resume", json!({ "token": token, "lastSeq": 3 })).await;
    assert_eq!(r["errorCode"], 20008);
    assert_eq!(again.expect_close().await.0, 4003);

    // The agent can log in again afterwards.
    let (_c, _) = server.login("1003").await;
}

#[tokio::test]
async fn wrapup_login_ends_by_itself() {
    let mut config = Config::dev();
    config.tenants[0].wrapup_seconds = 1;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let mut c = server.client().await;
    assert_eq!(c.request("login", login_params("t1", "1004", 3)).await["code"], 0);
    let push = c.recv().await;
    assert_eq!(status_of(&push), (1, "wrapup", "login", 0));
    assert_eq!(push["status"]["initialStatus"], 3);
    let started = tokio::time::Instant::now();
    let push = c.recv().await;
    assert_eq!(status_of(&push), (2, "idle", "wrapupEnd", 0));
    assert!(started.elapsed() >= Duration::from_millis(900));
}
