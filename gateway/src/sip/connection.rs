//! One SIP WebSocket (RFC 7118) a softphone opened to the gateway: the
//! softphone's REGISTERs, OPTIONS and in-dialog requests come in; the
//! hub's ring and hang-up commands go out as INVITE, CANCEL and BYE on the
//! same socket ([`Endpoint`] decides). A binding belongs to the connection
//! its REGISTER came on (the browser's Contact host is `*.invalid`), so it
//! goes when the connection goes, and so do the calls placed on it.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::mpsc;

use crate::gateway::Gateway;
use crate::sip::endpoint::Endpoint;
use crate::sip::SipConn;

/// How long one frame may take to leave.
pub(crate) const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// Runs a SIP WebSocket until it closes.
pub async fn run(socket: WebSocket, gateway: Arc<Gateway>) {
    let Some(softphone) = gateway.softphone() else { return };
    let (id, _counted) = gateway.open_connection();
    let (tx, mut commands) = mpsc::unbounded_channel();
    let idle_ms = gateway.timing().idle_timeout_ms;
    let Some(mut ep) = Endpoint::new(id, gateway.clone(), SipConn::new(id, tx), true, idle_ms) else {
        tracing::error!("no randomness for SIP tags and branches");
        return;
    };
    let (mut sink, mut stream) = socket.split();
    let mut shutdown = gateway.shutdown_signal();
    tracing::debug!(conn = id, "SIP connection open");
    loop {
        let deadline = ep.deadline().map(|ms| gateway.instant_at(ms));
        tokio::select! {
            incoming = stream.next() => {
                let Some(Ok(message)) = incoming else { break };
                ep.touch();
                match message {
                    WsMessage::Text(text) => ep.on_frame(softphone, text.as_str()),
                    WsMessage::Binary(bytes) => match std::str::from_utf8(&bytes) {
                        Ok(text) => ep.on_frame(softphone, text),
                        Err(_) => tracing::debug!(conn = id, "binary SIP frame that is not UTF-8 dropped"),
                    },
                    WsMessage::Ping(_) | WsMessage::Pong(_) => {}
                    WsMessage::Close(_) => break,
                }
            }
            Some(command) = commands.recv() => {
                // Fault injection: leaving the loop drops the socket without
                // a close frame, as a broken network would.
                if command == crate::sip::SipCommand::Drop {
                    break;
                }
                ep.on_command(softphone, command);
            }
            _ = sleep_until_or_never(deadline) => {
                if ep.on_timeout() {
                    tracing::info!(conn = id, "closing an idle SIP connection");
                    let frame = CloseFrame { code: crate::connection::GOING_AWAY, reason: "idle timeout".into() };
                    let _ = send(&mut sink, WsMessage::Close(Some(frame))).await;
                    break;
                }
            }
            _ = shutdown.changed() => {
                let frame = CloseFrame { code: crate::connection::GOING_AWAY, reason: "server shutting down".into() };
                let _ = send(&mut sink, WsMessage::Close(Some(frame))).await;
                break;
            }
        }
        let mut ok = true;
        for text in std::mem::take(&mut ep.out) {
            if !send(&mut sink, WsMessage::Text(text.into())).await {
                ok = false;
                break;
            }
        }
        if !ok {
            break;
        }
    }
    ep.closed();
    tracing::debug!(conn = id, "SIP connection closed");
}

pub(crate) async fn sleep_until_or_never(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

async fn send(sink: &mut SplitSink<WebSocket, WsMessage>, message: WsMessage) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(message)).await, Ok(Ok(())))
}
