//! A gateway started in-process on a free port, and a WebSocket client that
//! waits for frames with a bound.

use std::net::SocketAddr;
use std::time::Duration;

use agent_gateway::{serve_with_shutdown, Config, StaticDirs};
use agent_sdk::protocol::frame::AGENT_WS_PATH;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

/// How long any expected frame may take.
pub const WAIT: Duration = Duration::from_secs(5);

pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start() -> Server {
        Self::start_with(Config::dev(), StaticDirs::default()).await
    }

    pub async fn start_with(config: Config, dirs: StaticDirs) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve_with_shutdown(listener, config, dirs, async move {
            let _ = stopped.await;
        }));
        Server { addr, stop: Some(stop), task }
    }

    pub async fn client(&self) -> Client {
        Client::connect(self.addr).await
    }

    /// Logs `agentNo` of `t1` in and reads the response and the first push.
    pub async fn login(&self, agent: &str) -> (Client, String) {
        let mut c = self.client().await;
        let r = c.request("login", login_params("t1", agent, 1)).await;
        assert_eq!(r["code"], 0, "{r}");
        let push = c.recv().await;
        assert_eq!((push["seq"].as_u64(), push["eventType"].as_str()), (Some(1), Some("agentStatus")));
        let token = r["token"].as_str().unwrap().to_string();
        (c, token)
    }

    /// Stops the gateway and waits until `serve_with_shutdown` returns.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(WAIT, &mut self.task).await.expect("gateway did not stop in time");
        result.unwrap().unwrap();
    }
}

pub fn login_params(tenant: &str, agent: &str, initial: i64) -> Value {
    json!({ "tenantId": tenant, "agentNo": agent, "sessionKey": format!("dev-key-{agent}"),
        "bindEndpoint": { "endpointType": 2, "endpoint": "8001" }, "initialStatus": initial })
}

pub struct Client {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
}

impl Client {
    pub async fn connect(addr: SocketAddr) -> Client {
        let url = format!("ws://{addr}{AGENT_WS_PATH}");
        let (ws, _) = tokio::time::timeout(WAIT, connect_async(url)).await.expect("connect timed out").unwrap();
        Client { ws, next_id: 1 }
    }

    /// Continues a session's request ids on a new connection.
    pub fn continue_ids(&mut self, next: u64) {
        self.next_id = next;
    }

    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub async fn send_text(&mut self, text: impl Into<String>) {
        self.ws.send(Message::text(text.into())).await.unwrap();
    }

    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.ws.send(Message::binary(bytes)).await.unwrap();
    }

    pub async fn send(&mut self, value: Value) {
        self.send_text(value.to_string()).await;
    }

    /// Sends a request with this id (no wait).
    pub async fn send_request(&mut self, id: u64, action: &str, params: Value) {
        self.send(json!({ "id": id, "action": action, "params": params })).await;
    }

    /// The next data frame, as JSON; panics on close, end or timeout.
    pub async fn recv(&mut self) -> Value {
        loop {
            let next = tokio::time::timeout(WAIT, self.ws.next()).await.expect("no frame within 5 s");
            match next {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(text.as_str()).unwrap(),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// Sends a request with a fresh id and returns the next frame, checked to
    /// be its response.
    pub async fn request(&mut self, action: &str, params: Value) -> Value {
        let id = self.next_id();
        self.send_request(id, action, params).await;
        let r = self.recv().await;
        assert_eq!(r["id"].as_u64(), Some(id), "expected the response to {action}, got {r}");
        assert_eq!(r["action"].as_str(), Some(format!("{action}Resp").as_str()), "{r}");
        r
    }

    /// Proves nothing else was queued before: a ping's pong comes next.
    pub async fn expect_quiet(&mut self) {
        self.send(json!({ "ping": 42 })).await;
        let next = self.recv().await;
        assert_eq!(next, json!({ "pong": 42.0 }), "expected nothing before the pong");
    }

    /// Reads until the close frame and returns its code and reason.
    pub async fn expect_close(&mut self) -> (u16, String) {
        loop {
            let next = tokio::time::timeout(WAIT, self.ws.next()).await.expect("no close within 5 s");
            match next {
                Some(Ok(Message::Close(Some(frame)))) => return (u16::from(frame.code), frame.reason.to_string()),
                Some(Ok(Message::Text(text))) => panic!("expected close, got {text}"),
                Some(Ok(_)) => continue,
                other => panic!("expected a close frame, got {other:?}"),
            }
        }
    }

    /// Drops the TCP connection without a closing handshake.
    pub fn drop_connection(self) {
        drop(self.ws);
    }
}

/// The fields of an `agentStatus` push that a test usually checks.
pub fn status_of(push: &Value) -> (u64, &str, &str, i64) {
    assert_eq!(push["eventType"], "agentStatus", "{push}");
    let s = &push["status"];
    (
        push["seq"].as_u64().unwrap(),
        s["state"].as_str().unwrap(),
        s["stateAction"].as_str().unwrap(),
        s["deviceStatus"].as_i64().unwrap(),
    )
}
