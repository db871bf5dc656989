//! One WebSocket connection: reads client frames, hands requests to the hub,
//! writes what the hub queued for it, answers pings, closes idle sockets and
//! finishes the closing handshake.

use std::sync::Arc;
use std::time::Duration;

use agent_sdk::protocol::frame::{ClientFrame, MAX_FRAME_BYTES};
use agent_sdk::protocol::Invalid;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;
use tokio::time::{sleep_until, Instant};

use crate::errors::{code, Refusal};
use crate::gateway::Gateway;
use crate::security::RequestBudget;
use crate::session::{Conn, Outbound, SessionId};
use crate::wire::{self, BAD_FRAME, FRAME_TOO_LARGE};

/// Close code for an idle connection and for a gateway shutting down; the
/// SDK reconnects and resumes after it.
pub const GOING_AWAY: u16 = 1001;

/// How long to wait for the client's close frame after sending ours.
const CLOSE_WAIT: Duration = Duration::from_secs(2);

/// How long one frame may take to leave; a client that stops reading is
/// dropped (its session then waits for a resume) instead of stalling the
/// connection's task.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Sends one frame; false when the socket failed or stayed blocked.
async fn send(sink: &mut SplitSink<WebSocket, Message>, message: Message) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(message)).await, Ok(Ok(())))
}

/// Runs the connection until the socket ends.
/// `host` is the upgrade request's `Host` header.
pub async fn run(socket: WebSocket, gateway: Arc<Gateway>, host: Option<String>) {
    let (id, _counted) = gateway.open_connection();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let conn = Conn::new(id, tx).with_host(host);
    let (mut sink, mut stream) = socket.split();
    let mut shutdown = gateway.shutdown_signal();
    let idle = Duration::from_millis(gateway.timing().idle_timeout_ms);
    let mut idle_deadline = Instant::now() + idle;
    let mut closing: Option<Instant> = None;
    let mut bound: Option<SessionId> = None;
    let mut budget = gateway.security().request_budget(gateway.now_ms());
    // WebSocket pings are answered by the browser's network stack, not by
    // page script: a frozen page or a hidden tab whose timers are throttled
    // still pongs, so its connection is not taken for idle.
    // (At least 100 ms: a zero period would panic, and an idle timeout that
    // small is a test's, not a network's.)
    let period = (idle / 3).max(Duration::from_millis(100));
    let mut keepalive = tokio::time::interval_at(Instant::now() + period, period);
    tracing::debug!(conn = id, "connection open");

    loop {
        let deadline = closing.unwrap_or(idle_deadline);
        tokio::select! {
            incoming = stream.next() => {
                let Some(Ok(message)) = incoming else { break };
                if closing.is_some() {
                    continue;
                }
                idle_deadline = Instant::now() + idle;
                match message {
                    Message::Text(text) => on_text(&gateway, &conn, &mut bound, &mut budget, text.as_str()),
                    Message::Binary(_) => conn.send(wire::error(BAD_FRAME, "binary frames are not accepted; send JSON text")),
                    // Pings are answered by the WebSocket library; a close is
                    // answered by it too, and the stream then ends.
                    Message::Ping(_) | Message::Pong(_) | Message::Close(_) => {}
                }
            }
            Some(out) = rx.recv(), if closing.is_none() => match out {
                Outbound::Text(text) => {
                    if !send(&mut sink, Message::Text(text.into())).await {
                        break;
                    }
                }
                Outbound::Close(code, reason) => {
                    send(&mut sink, Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                    closing = Some(Instant::now() + CLOSE_WAIT);
                }
                // Leaving the loop drops the socket: the peer sees the TCP
                // connection end with no close frame, like a broken network.
                Outbound::Drop => break,
                // Blocking this task stops both directions; the socket's
                // buffers fill as they would behind a hung server.
                Outbound::Stall(ms) => {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    idle_deadline = Instant::now() + idle;
                }
            },
            _ = sleep_until(deadline) => {
                if closing.is_some() {
                    break;
                }
                tracing::info!(conn = id, "closing an idle connection");
                conn.close(GOING_AWAY, "idle timeout");
                idle_deadline = Instant::now() + CLOSE_WAIT;
            }
            _ = keepalive.tick(), if closing.is_none() => {
                if !send(&mut sink, Message::Ping(Vec::new().into())).await {
                    break;
                }
            }
            _ = shutdown.changed(), if closing.is_none() => {
                let frame = CloseFrame { code: GOING_AWAY, reason: "server shutting down".into() };
                send(&mut sink, Message::Close(Some(frame))).await;
                closing = Some(Instant::now() + CLOSE_WAIT);
            }
        }
    }

    let wakes = gateway.hub().disconnect(id, bound, gateway.now_ms());
    gateway.schedule(wakes);
    tracing::debug!(conn = id, "connection closed");
}

fn on_text(gateway: &Arc<Gateway>, conn: &Conn, bound: &mut Option<SessionId>, budget: &mut RequestBudget, text: &str) {
    if text.len() > MAX_FRAME_BYTES {
        let message = format!("frame of {} bytes is over the limit of {MAX_FRAME_BYTES}", text.len());
        conn.send(wire::error(FRAME_TOO_LARGE, message));
        return;
    }
    match ClientFrame::parse(text) {
        Ok(ClientFrame::Ping(value)) => conn.send(wire::pong(value)),
        Ok(ClientFrame::Request { id, action, params }) => {
            let now = gateway.now_ms();
            if !budget.take(now) {
                // Answered, not dropped: the caller's promise settles, and
                // the request id stays unused so a later retry still runs.
                let security = gateway.security();
                let message = format!(
                    "too many requests: at most {} a second (bursts of {}) per connection; try again later",
                    security.requests_per_second, security.request_burst
                );
                let refusal = Refusal::new(code::TRY_LATER, message);
                conn.send(wire::response(id, &refusal.response(&format!("{action}Resp"))));
                return;
            }
            let outcome = gateway.hub().request(conn, *bound, id, &action, params, now);
            *bound = outcome.bound;
            gateway.schedule(outcome.wakes);
        }
        Err((Some((id, action)), message)) => {
            let refusal = Refusal::bad_param(&Invalid::new("params", message.trim_start_matches("params ")));
            conn.send(wire::response(id, &refusal.response(&format!("{action}Resp"))));
        }
        Err((None, message)) => conn.send(wire::error(BAD_FRAME, message)),
    }
}
