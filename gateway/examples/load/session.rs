//! One agent session of the load: log in over the agent WebSocket, ask the
//! gateway for a steady stream of pushes, ping once a period, and count
//! what comes back into the shared tallies.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

/// What every session adds to, read and reset by the step that measures.
#[derive(Default)]
pub struct Tallies {
    /// Ping round trips in µs, since the last reset.
    pub rtts_us: Mutex<Vec<u64>>,
    /// Pushes received since the last reset.
    pub pushes: AtomicU64,
    /// Pushes whose `index` was not the one after the previous.
    pub gaps: AtomicU64,
    /// Logins refused, sockets that failed or closed, malformed frames.
    pub errors: AtomicU64,
    /// Sessions logged in and streaming.
    pub live: AtomicU64,
    /// Set when the run is over: every session logs out and ends.
    pub stop: AtomicBool,
}

/// Where and how hard.
#[derive(Clone)]
pub struct Plan {
    /// `host:port` of the gateway.
    pub authority: String,
    pub tenant: String,
    /// One push every this many ms, per session.
    pub push_interval_ms: u64,
    /// One ping every this many ms, per session.
    pub ping_interval_ms: u64,
    /// Pushes asked for per session: bounds the stream even if a session
    /// outlives the run.
    pub stream_count: u64,
}

/// Runs agent `agent_no`'s session until `tallies.stop`; `ready` is told
/// once it is logged in (true) or could not (false). Its stream starts
/// within one push period after that.
pub async fn run(plan: Plan, agent_no: String, tallies: Arc<Tallies>, ready: tokio::sync::oneshot::Sender<bool>) {
    let ws = match login(&plan.authority, &plan.tenant, &agent_no, None).await {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("agent {agent_no}: {e}");
            tallies.errors.fetch_add(1, Ordering::Relaxed);
            let _ = ready.send(false);
            return;
        }
    };
    let _ = ready.send(true);
    // Streams started together would push in step, and a step's count
    // would hinge on where its edges fall between their beats: spread the
    // starts over one period (by the golden ratio of the agent number).
    let n: u64 = agent_no.parse().unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(n * 618 % plan.push_interval_ms.max(1))).await;
    if !start_stream(&plan, &agent_no).await {
        tallies.errors.fetch_add(1, Ordering::Relaxed);
        return;
    }
    tallies.live.fetch_add(1, Ordering::Relaxed);
    let (mut tx, mut rx) = ws.split();
    let epoch = Instant::now();
    let mut ticker = tokio::time::interval(Duration::from_millis(plan.ping_interval_ms));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_index: Option<u64> = None;
    while !tallies.stop.load(Ordering::Relaxed) {
        tokio::select! {
            _ = ticker.tick() => {
                let sent = epoch.elapsed().as_micros() as u64;
                if tx.send(Message::text(json!({ "ping": sent }).to_string())).await.is_err() {
                    tallies.errors.fetch_add(1, Ordering::Relaxed);
                    break;
                }
            }
            frame = rx.next() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    _ => {
                        tallies.errors.fetch_add(1, Ordering::Relaxed);
                        break;
                    }
                };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    tallies.errors.fetch_add(1, Ordering::Relaxed);
                    continue;
                };
                // The gateway echoes the ping's number as a JSON float.
                if let Some(sent) = v.get("pong").and_then(Value::as_f64) {
                    let rtt = (epoch.elapsed().as_micros() as u64).saturating_sub(sent as u64);
                    tallies.rtts_us.lock().expect("tallies").push(rtt);
                } else if v.get("eventType").and_then(Value::as_str) == Some("orderCallBack") {
                    let index = v.get("index").and_then(Value::as_u64);
                    if index != Some(last_index.map_or(0, |i| i + 1)) {
                        tallies.gaps.fetch_add(1, Ordering::Relaxed);
                    }
                    last_index = index;
                    tallies.pushes.fetch_add(1, Ordering::Relaxed);
                }
            }
        }
    }
    tallies.live.fetch_sub(1, Ordering::Relaxed);
    // Logging out ends the session and its stream at once.
    let logout = json!({ "id": 2, "action": "logout", "params": { "logoutMode": 1 } });
    let _ = tokio::time::timeout(Duration::from_secs(2), tx.send(Message::text(logout.to_string()))).await;
}

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Logs `agent_no` of `tenant` in over a new agent WebSocket, with a desk
/// phone, idle; a supervisor binds the queues `qids` names.
pub async fn login(authority: &str, tenant: &str, agent_no: &str, qids: Option<&str>) -> Result<Socket, String> {
    let url = format!("ws://{authority}/v1/agent/ws");
    let connect = tokio_tungstenite::connect_async(url.as_str());
    let (mut ws, _) = tokio::time::timeout(Duration::from_secs(20), connect)
        .await
        .map_err(|_| "no connection after 20 s".to_string())?
        .map_err(|e| format!("connect: {e}"))?;
    let mut params = json!({
        "tenantId": tenant, "agentNo": agent_no, "sessionKey": session_key(agent_no),
        "bindEndpoint": { "endpointType": 2, "endpoint": agent_no }, "initialStatus": 1,
    });
    if let Some(qids) = qids {
        params["qids"] = json!(qids);
    }
    let frame = json!({ "id": 1, "action": "login", "params": params });
    ws.send(Message::text(frame.to_string())).await.map_err(|e| format!("send login: {e}"))?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let next = tokio::time::timeout_at(deadline, ws.next()).await.map_err(|_| "no loginResp after 20 s")?;
        let Some(Ok(Message::Text(text))) = next else { continue };
        let v: Value = serde_json::from_str(&text).map_err(|e| format!("loginResp: {e}"))?;
        if v.get("action").and_then(Value::as_str) == Some("loginResp") {
            return match v.get("code").and_then(Value::as_i64) {
                Some(0) => Ok(ws),
                code => Err(format!("login refused: code {code:?}")),
            };
        }
    }
}

/// The session key the load configuration gives `agent_no`.
pub fn session_key(agent_no: &str) -> String {
    format!("load-key-{agent_no}")
}

/// `POST /v1/scenario/agents/{tenant}/{agent}/stream`, over a plain
/// blocking socket on a worker thread (one short request per session).
async fn start_stream(plan: &Plan, agent_no: &str) -> bool {
    let body = json!({ "count": plan.stream_count, "intervalMs": plan.push_interval_ms }).to_string();
    let request = format!(
        "POST /v1/scenario/agents/{}/{agent_no}/stream HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        plan.tenant,
        plan.authority,
        body.len()
    );
    let authority = plan.authority.clone();
    let answer = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
        let mut socket = TcpStream::connect(&authority)?;
        socket.set_read_timeout(Some(Duration::from_secs(20)))?;
        socket.write_all(request.as_bytes())?;
        let mut reply = String::new();
        socket.read_to_string(&mut reply)?;
        Ok(reply)
    })
    .await;
    match answer {
        Ok(Ok(reply)) if reply.starts_with("HTTP/1.1 200") => true,
        Ok(Ok(reply)) => {
            eprintln!("agent {agent_no}: stream refused: {}", reply.lines().next().unwrap_or_default());
            false
        }
        Ok(Err(e)) => {
            eprintln!("agent {agent_no}: stream request: {e}");
            false
        }
        Err(e) => {
            eprintln!("agent {agent_no}: stream request: {e}");
            false
        }
    }
}
