//! Connection-level protection: the Origin allow-list on both WebSockets,
//! and the per-connection request rate.

use agent_gateway::security::Security;
use agent_gateway::{Config, StaticDirs};
use agent_sdk::protocol::frame::AGENT_WS_PATH;
use serde_json::json;
use tokio_tungstenite::connect_async;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Error;

use crate::support::{login_params, Server};

/// The HTTP status of an upgrade to `path` sent with this `Origin`.
async fn upgrade_status(server: &Server, path: &str, origin: Option<&str>) -> u16 {
    let mut request = format!("ws://{}{path}", server.addr).into_client_request().unwrap();
    if let Some(origin) = origin {
        request.headers_mut().insert("Origin", HeaderValue::from_str(origin).unwrap());
    }
    if path != AGENT_WS_PATH {
        request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static("sip"));
    }
    match connect_async(request).await {
        Ok((_, response)) => response.status().as_u16(),
        Err(Error::Http(response)) => response.status().as_u16(),
        Err(e) => panic!("upgrade failed without an HTTP answer: {e}"),
    }
}

#[tokio::test]
async fn pages_from_other_origins_cannot_open_either_websocket() {
    let server = Server::start().await;
    for path in [AGENT_WS_PATH, "/v1/sip/ws"] {
        assert_eq!(upgrade_status(&server, path, Some("http://127.0.0.1:8080")).await, 101, "{path}");
        assert_eq!(upgrade_status(&server, path, None).await, 101, "{path}: a non-browser client");
        assert_eq!(upgrade_status(&server, path, Some("https://evil.example")).await, 403, "{path}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_configured_origin_list_replaces_the_loopback_default() {
    let mut config = Config::dev();
    config.security.allowed_origins = Some(vec!["https://desk.example.com".into()]);
    let server = Server::start_with(config, StaticDirs::default()).await;
    assert_eq!(upgrade_status(&server, AGENT_WS_PATH, Some("https://desk.example.com")).await, 101);
    assert_eq!(upgrade_status(&server, AGENT_WS_PATH, Some("http://127.0.0.1:8080")).await, 403);
    server.stop().await;
}

#[tokio::test]
async fn requests_over_the_rate_are_answered_with_try_later_and_run_nowhere() {
    let mut config = Config::dev();
    config.security = Security { requests_per_second: 1, request_burst: 3, ..Security::default() };
    let server = Server::start_with(config, StaticDirs::default()).await;
    let mut c = server.client().await;
    let r = c.request("login", login_params("t1", "1019", 1)).await;
    assert_eq!(r["code"], 0, "{r}");
    c.recv().await; // the first agentStatus

    // The burst has two requests left; the third is over the rate.
    let ids: Vec<u64> = (0..3).map(|_| c.next_id()).collect();
    for (id, description) in ids.iter().zip(["MEETING", "BREAK", "TRAINING"]) {
        c.send_request(*id, "pause", json!({ "pauseType": 1, "pauseDescription": description })).await;
    }
    let mut refused = vec![];
    for _ in 0..8 {
        let f = c.recv().await;
        if f["action"] == "pauseResp" {
            refused.push((f["id"].as_u64().unwrap(), f["errorCode"].as_i64(), f["message"].clone()));
            if refused.len() == 3 {
                break;
            }
        }
    }
    assert_eq!(refused.len(), 3, "every request was answered: {refused:?}");
    let (id, code, message) = &refused[2];
    assert_eq!((*id, *code), (ids[2], Some(10001)), "{message}");
    assert!(message.as_str().unwrap().contains("too many requests"), "{message}");
    server.stop().await;
}
