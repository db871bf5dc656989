//! resume after a drop: replay without loss or duplicates, the bounds of the
//! replay buffer, request deduplication, idle close and grace expiry.

use std::time::Duration;

use agent_gateway::{Config, StaticDirs};
use serde_json::json;

use crate::support::{status_of, Server};

#[tokio::test]
async fn resume_replays_missed_pushes_once() {
    let server = Server::start().await;
    let (mut c, token) = server.login("0001").await;
    // The pause is answered and pushed while the client is going away: it
    // reads neither.
    c.send_request(2, "pause", json!({ "pauseType": 2, "pauseDescription": "BREAK" })).await;
    c.drop_connection();

    let mut c = server.client().await;
    c.continue_ids(3);
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!((r["code"].as_i64(), r["message"].as_str(), r["lastSeq"].as_u64()), (Some(0), Some("ok"), Some(2)));
    let push = c.recv().await;
    assert_eq!(status_of(&push), (2, "busy", "pause", 0));
    c.expect_quiet().await;

    // The re-sent pause (same id) gets its cached answer; it does not run
    // again (which would answer "already paused") nor push again.
    c.send_request(2, "pause", json!({ "pauseType": 2, "pauseDescription": "BREAK" })).await;
    let again = c.recv().await;
    assert_eq!((again["id"].as_u64(), again["code"].as_i64()), (Some(2), Some(0)));
    c.expect_quiet().await;

    // The session goes on with the next seq.
    let r = c.request("unpause", json!({})).await;
    assert_eq!(r["code"], 0);
    assert_eq!(status_of(&c.recv().await), (3, "idle", "unpause", 0));
}

#[tokio::test]
async fn resume_with_everything_seen_replays_nothing() {
    let server = Server::start().await;
    let (c, token) = server.login("1005").await;
    c.drop_connection();
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!(r["lastSeq"], 1);
    c.expect_quiet().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!(r["errorCode"], 20010, "a connection carries one session");
}

#[tokio::test]
async fn resume_takes_the_session_from_a_half_open_connection() {
    let server = Server::start().await;
    let (mut old, token) = server.login("1006").await;
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!(r["code"], 0);
    assert_eq!(old.expect_close().await.0, 4001);
    assert_eq!(c.request("pause", json!({ "pauseType": 0 })).await["code"], 0);
    assert_eq!(status_of(&c.recv().await).0, 2);
}

#[tokio::test]
async fn stale_tokens_and_bad_resumes() {
    let server = Server::start().await;
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": "0".repeat(64), "lastSeq": 0 })).await;
    assert_eq!(
        (r["code"].as_i64(), r["errorCode"].as_i64(), r["message"].as_str()),
        (Some(-1), Some(20008), Some("session gone"))
    );
    assert_eq!(c.expect_close().await.0, 4003);

    let (c, token) = server.login("1007").await;
    c.drop_connection();
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token })).await;
    assert_eq!(r["message"], "bad param: lastSeq is required");
    let r = c.request("resume", json!({ "token": token, "lastSeq": 5 })).await;
    assert_eq!(r["message"], "bad param: lastSeq must not be greater than the session's last seq 1");
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!(r["code"], 0, "bad resumes leave the connection and the session usable");
}

#[tokio::test]
async fn resume_behind_the_replay_buffer_is_session_gone() {
    // A burst far over the default request rate fills the buffer fastest.
    let mut config = Config::dev();
    config.security.request_burst = 2_000;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut c, token) = server.login("1008").await;
    // 1030 state changes, sent without waiting, so seq 1 leaves the
    // 1024-push buffer.
    let n = 1030u64;
    for i in 0..n {
        let action = if i % 2 == 0 { "pause" } else { "unpause" };
        c.send_request(10 + i, action, json!(if i % 2 == 0 { json!({ "pauseType": 0 }) } else { json!({}) })).await;
    }
    let mut last_seq = 0;
    for _ in 0..2 * n {
        let f = c.recv().await;
        if let Some(seq) = f["seq"].as_u64() {
            last_seq = seq;
        } else {
            assert_eq!(f["code"], 0, "{f}");
        }
    }
    assert_eq!(last_seq, n + 1);
    c.drop_connection();

    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": 1 })).await;
    assert_eq!(r["errorCode"], 20008);
    assert_eq!(c.expect_close().await.0, 4003);

    // Exactly the oldest kept push is still enough.
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": n + 1 - 1024 })).await;
    assert_eq!((r["code"].as_i64(), r["lastSeq"].as_u64()), (Some(0), Some(n + 1)));
    for seq in (n + 2 - 1024)..=(n + 1) {
        assert_eq!(c.recv().await["seq"].as_u64(), Some(seq));
    }
    c.expect_quiet().await;
}

#[tokio::test]
async fn a_request_id_runs_once() {
    let server = Server::start().await;
    let (mut c, _) = server.login("1009").await;
    c.send_request(5, "pause", json!({ "pauseType": 3, "pauseDescription": "TRAINING" })).await;
    let first = c.recv().await;
    assert_eq!(first["code"], 0);
    assert_eq!(status_of(&c.recv().await).0, 2);
    c.send_request(5, "pause", json!({ "pauseType": 3, "pauseDescription": "TRAINING" })).await;
    assert_eq!(c.recv().await, first);
    c.send_request(5, "unpause", json!({})).await;
    let reuse = c.recv().await;
    assert_eq!(reuse["action"], "unpauseResp");
    assert_eq!(reuse["message"], "bad param: id was already used by a 'pause' request");
    c.expect_quiet().await;
}

#[tokio::test]
async fn idle_connections_are_closed_and_sessions_wait_for_resume() {
    let mut config = Config::dev();
    config.timing.idle_timeout_ms = 300;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut c, token) = server.login("1010").await;
    // Not reading means not answering the gateway's WebSocket pings either,
    // as a peer that is gone would.
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    assert_eq!(c.expect_close().await, (1001, "idle timeout".to_string()));
    let mut c = server.client().await;
    assert_eq!(c.request("resume", json!({ "token": token, "lastSeq": 1 })).await["code"], 0);
}

#[tokio::test]
async fn detached_sessions_expire_after_the_grace_period() {
    let mut config = Config::dev();
    config.timing.resume_grace_ms = 100;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut c, token) = server.login("1011").await;
    // A clean close from the client side detaches the session as a drop does.
    c.send_text("{\"ping\":1}").await;
    c.recv().await;
    c.drop_connection();
    // Well past the 100 ms grace period.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let mut c = server.client().await;
    assert_eq!(c.request("resume", json!({ "token": token, "lastSeq": 1 })).await["errorCode"], 20008);
}
