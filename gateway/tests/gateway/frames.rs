//! Frames the gateway cannot take are answered, never fatal; nothing but
//! login, resume and ping works before login.

use agent_sdk::protocol::frame::MAX_FRAME_BYTES;
use serde_json::{json, Value};

use crate::support::Server;

async fn expect_error(c: &mut crate::support::Client, code: &str) -> Value {
    let f = c.recv().await;
    assert_eq!(f["error"], code, "{f}");
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()));
    f
}

#[tokio::test]
async fn malformed_frames_are_answered_and_the_connection_goes_on() {
    let server = Server::start().await;
    let (mut c, _) = server.login("0000").await;
    for bad in [
        "nope",
        "[1,2]",
        "42",
        "{\"action\":\"pause\"}",
        "{\"id\":3}",
        "{\"id\":-3,\"action\":\"pause\"}",
        "{\"ping\":\"x\"}",
        "{",
    ] {
        c.send_text(bad).await;
        expect_error(&mut c, "BAD_FRAME").await;
    }
    c.send_binary(vec![1, 2, 3]).await;
    expect_error(&mut c, "BAD_FRAME").await;

    let big = json!({ "id": 50, "action": "pause", "params": { "pauseDescription": "x".repeat(MAX_FRAME_BYTES) } });
    c.send(big).await;
    let f = expect_error(&mut c, "FRAME_TOO_LARGE").await;
    assert!(f["message"].as_str().unwrap().contains("65536"));

    let r = c.request("dance", json!({})).await;
    assert_eq!((r["code"].as_i64(), r["errorCode"].as_i64()), (Some(-1), Some(20004)));
    assert_eq!(r["message"], "unknown action 'dance'");
    c.send_text(r#"{"id":60,"action":"pause","params":3}"#).await;
    let r = c.recv().await;
    assert_eq!(
        (r["id"].as_u64(), r["action"].as_str(), r["errorCode"].as_i64()),
        (Some(60), Some("pauseResp"), Some(20000))
    );
    assert_eq!(r["message"], "bad param: params must be an object");
    let r = c.request("login", json!({})).await;
    assert_eq!(r["errorCode"], 20010);

    c.send(json!({ "ping": 1234.5 })).await;
    assert_eq!(c.recv().await, json!({ "pong": 1234.5 }));
    let r = c.request("pause", json!({ "pauseType": 0 })).await;
    assert_eq!(r["code"], 0, "the connection still works");
}

#[tokio::test]
async fn before_login_only_login_resume_and_ping_work() {
    let server = Server::start().await;
    let mut c = server.client().await;
    c.send(json!({ "ping": 7 })).await;
    assert_eq!(c.recv().await, json!({ "pong": 7.0 }));
    for action in ["pause", "unpause", "logout", "dance"] {
        let r = c.request(action, json!({})).await;
        assert_eq!((r["code"].as_i64(), r["errorCode"].as_i64()), (Some(-1), Some(20001)), "{r}");
        assert_eq!(r["message"], "not logined");
    }
    c.send_text("nope").await;
    expect_error(&mut c, "BAD_FRAME").await;
    let r = c.request("login", crate::support::login_params("t1", "0001", 1)).await;
    assert_eq!(r["code"], 0);
}
