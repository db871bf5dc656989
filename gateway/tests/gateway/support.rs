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

    /// A gateway over `config` without the transcript feed, whose timed
    /// pushes would come between the frames these tests expect (the feed
    /// has tests of its own, in the engine and in the browser).
    pub async fn start_with(mut config: Config, dirs: StaticDirs) -> Server {
        for tenant in &mut config.tenants {
            tenant.calls.transcript = false;
        }
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

    /// Logs `agentNo` of `t1` in on this endpoint and reads the response
    /// and the first push.
    pub async fn login_on(&self, agent: &str, endpoint_type: i64, endpoint: &str) -> Client {
        let mut c = self.client().await;
        let mut params = login_params("t1", agent, 1);
        params["bindEndpoint"] = json!({ "endpointType": endpoint_type, "endpoint": endpoint });
        assert_eq!(c.request("login", params).await["code"], 0);
        assert_eq!(c.recv().await["eventType"], "agentStatus");
        c
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
        serde_json::from_str(&self.recv_text().await).unwrap()
    }

    /// The next data frame as sent; panics on close, end or timeout.
    pub async fn recv_text(&mut self) -> String {
        loop {
            let next = tokio::time::timeout(WAIT, self.ws.next()).await.expect("no frame within 5 s");
            match next {
                Some(Ok(Message::Text(text))) => return text.to_string(),
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

/// One frame summed up: a response's `action`, a push's `eventType` (with
/// the state for `agentStatus`).
pub fn kind(frame: &Value) -> String {
    match (frame["action"].as_str(), frame["eventType"].as_str()) {
        (Some(action), _) => action.to_string(),
        (_, Some("agentStatus")) => format!("agentStatus {}", frame["status"]["state"].as_str().unwrap_or("?")),
        (_, Some(event)) => event.to_string(),
        _ => frame.to_string(),
    }
}

impl Client {
    /// Reads as many frames as `expected` names and checks their kinds,
    /// in order.
    pub async fn expect(&mut self, expected: &[&str]) -> Vec<Value> {
        let mut frames = Vec::new();
        for _ in expected {
            frames.push(self.recv().await);
        }
        let kinds: Vec<String> = frames.iter().map(kind).collect();
        assert_eq!(kinds, expected, "{frames:#?}");
        frames
    }
}

/// An HTTP request to the gateway; the status and the JSON body.
pub async fn http(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut s = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, s.read_to_end(&mut response)).await.expect("no HTTP answer within 5 s").unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    // Chunked bodies do not occur: every reply has a Content-Length.
    (status, serde_json::from_str(body.trim()).unwrap_or(Value::Null))
}

impl Server {
    /// Places an inbound call into `queue` of `t1`; its `mainUniqueId`.
    pub async fn inbound(&self, number: &str, queue: &str) -> String {
        let body = json!({ "tenantId": "t1", "queueNo": queue, "customerNumber": number });
        let (status, reply) = http(self.addr, "POST", "/v1/scenario/inbound", Some(body)).await;
        assert_eq!(status, 201, "{reply}");
        reply["mainUniqueId"].as_str().unwrap().to_string()
    }

    /// `party` of call `id` does `what` (`answer`, `hangup`); the call
    /// afterwards.
    pub async fn act(&self, id: &str, what: &str, party: &str) -> Value {
        let path = format!("/v1/scenario/calls/{id}/{what}");
        let (status, reply) = http(self.addr, "POST", &path, Some(json!({ "party": party }))).await;
        assert_eq!(status, 200, "{what} {party}: {reply}");
        reply
    }

    /// The call `id` as the scenario interface shows it.
    pub async fn call(&self, id: &str) -> Value {
        let (status, reply) = http(self.addr, "GET", &format!("/v1/scenario/calls/{id}"), None).await;
        assert_eq!(status, 200, "{reply}");
        reply
    }

    /// The one live call.
    pub async fn only_call(&self) -> Value {
        let (_, reply) = http(self.addr, "GET", "/v1/scenario/calls", None).await;
        let calls = reply["calls"].as_array().unwrap();
        assert_eq!(calls.len(), 1, "{reply}");
        calls[0].clone()
    }
}
