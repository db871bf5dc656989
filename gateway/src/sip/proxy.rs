//! The gateway's link to an external SIP proxy (`sipProxy`,
//! docs/kamailio.md): one SIP WebSocket the gateway opens as a client.
//! The hub's ring and hang-up commands go out on it as INVITE, CANCEL and
//! BYE to the softphones' addresses of record, answered challenges
//! included; the softphones' answers and BYEs come back on it. The same
//! [`Endpoint`] as on the gateway's own SIP WebSocket decides, except that
//! REGISTER is refused: the proxy is the registrar, and the gateway asks it
//! about registrations with OPTIONS probes ([`ProxyLink::registered`]).
//!
//! The link reconnects by itself (0.25 s, doubling up to 5 s). While it is
//! down a ringing softphone leg fails as `unreachable` and probes say no.

use std::sync::Arc;
use std::time::Duration;

use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::calls::PhoneSignal;
use crate::gateway::{Gateway, SoftphoneRuntime};
use crate::sip::connection::{sleep_until_or_never, SEND_TIMEOUT};
use crate::sip::endpoint::Endpoint;
use crate::sip::{SipCommand, SipConn, SIP_SUBPROTOCOL};

/// The connection id of the link in logs and in the hub (agent and SIP
/// connections count from 1).
const LINK_ID: u64 = 0;

/// Reconnection delays.
const RETRY_FIRST: Duration = Duration::from_millis(250);
const RETRY_MAX: Duration = Duration::from_secs(5);

/// How long connecting, and a probe, may take.
const CONNECT_LIMIT: Duration = Duration::from_secs(5);
const PROBE_LIMIT: Duration = Duration::from_secs(5);

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A probe request: the SIP user, and where its verdict goes.
type ProbeRequest = (String, oneshot::Sender<bool>);

/// The rest of the gateway's handle on the link.
#[derive(Debug, Clone)]
pub struct ProxyLink {
    /// The proxy's SIP WebSocket URL.
    pub url: String,
    /// The hub's ring and hang-up queue of the link.
    pub conn: SipConn,
    probes: mpsc::UnboundedSender<ProbeRequest>,
}

/// The link task's ends of the queues.
#[derive(Debug)]
pub struct ProxyInbox {
    commands: mpsc::UnboundedReceiver<SipCommand>,
    probes: mpsc::UnboundedReceiver<ProbeRequest>,
}

/// A link to the proxy at `url` (not connected until [`run`]).
pub fn link(url: &str) -> (ProxyLink, ProxyInbox) {
    let (tx, commands) = mpsc::unbounded_channel();
    let (probe_tx, probes) = mpsc::unbounded_channel();
    let link = ProxyLink { url: url.to_string(), conn: SipConn::new(LINK_ID, tx), probes: probe_tx };
    (link, ProxyInbox { commands, probes })
}

impl ProxyLink {
    /// Whether SIP user `user` is registered with the proxy: it forwarded
    /// an OPTIONS to the softphone, which answered 2xx. No answer within
    /// 5 s, a link that is down, or any failure reads as no.
    pub async fn registered(&self, user: &str) -> bool {
        let (tx, rx) = oneshot::channel();
        if self.probes.send((user.to_string(), tx)).is_err() {
            return false;
        }
        matches!(tokio::time::timeout(PROBE_LIMIT, rx).await, Ok(Ok(true)))
    }
}

/// Keeps the link up until the gateway stops.
pub async fn run(gateway: Arc<Gateway>, mut inbox: ProxyInbox) {
    let Some(softphone) = gateway.softphone() else { return };
    let Some(url) = softphone.proxy.as_ref().map(|l| l.url.clone()) else { return };
    let mut shutdown = gateway.shutdown_signal();
    let mut retry = RETRY_FIRST;
    loop {
        let connected = tokio::select! {
            connected = connect(&url) => connected,
            _ = shutdown.changed() => return,
        };
        match connected {
            Ok(ws) => {
                tracing::info!(url, "connected to the SIP proxy");
                retry = RETRY_FIRST;
                if serve(&gateway, softphone, ws, &mut inbox, &mut shutdown).await {
                    return;
                }
                tracing::warn!(url, "the SIP proxy connection closed");
            }
            Err(reason) => tracing::warn!(url, reason, "cannot reach the SIP proxy"),
        }
        // Nothing can be rung until the link is back.
        let until = tokio::time::Instant::now() + retry;
        retry = (retry * 2).min(RETRY_MAX);
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => break,
                Some(command) = inbox.commands.recv() => unreachable(&gateway, command),
                Some((_, reply)) = inbox.probes.recv() => {
                    let _ = reply.send(false);
                }
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// Opens the proxy's SIP WebSocket, asking for the `sip` subprotocol.
async fn connect(url: &str) -> Result<Ws, String> {
    let mut request = url.into_client_request().map_err(|e| e.to_string())?;
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static(SIP_SUBPROTOCOL));
    let connecting = tokio_tungstenite::connect_async(request);
    let (ws, response) = match tokio::time::timeout(CONNECT_LIMIT, connecting).await {
        Ok(Ok(connected)) => connected,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => return Err("connecting timed out".into()),
    };
    let protocol = response.headers().get("Sec-WebSocket-Protocol").map(HeaderValue::as_bytes);
    if protocol != Some(SIP_SUBPROTOCOL.as_bytes()) {
        return Err("the server did not accept the sip subprotocol".into());
    }
    Ok(ws)
}

/// A ring while the link is down: the leg fails at once.
fn unreachable(gateway: &Arc<Gateway>, command: SipCommand) {
    let SipCommand::Ring(ring) = command else { return };
    let now = gateway.now_ms();
    let signal = PhoneSignal::Failed("unreachable".into());
    let wakes = gateway.hub().softphone_signal(&ring.main_unique_id, &ring.unique_id, signal, now);
    gateway.schedule(wakes);
}

/// Carries one connection until it closes; true when the gateway stops.
async fn serve(
    gateway: &Arc<Gateway>,
    softphone: &SoftphoneRuntime,
    ws: Ws,
    inbox: &mut ProxyInbox,
    shutdown: &mut watch::Receiver<bool>,
) -> bool {
    // The link holds calls and probes, not registrations: it is never idle.
    let Some(mut ep) = Endpoint::new(LINK_ID, gateway.clone(), inbox_conn(softphone), false, u64::MAX) else {
        tracing::error!("no randomness for SIP tags and branches");
        return true;
    };
    let (mut sink, mut stream) = ws.split();
    let mut stopping = false;
    loop {
        let deadline = ep.deadline().map(|ms| gateway.instant_at(ms));
        tokio::select! {
            incoming = stream.next() => {
                let Some(Ok(message)) = incoming else { break };
                match message {
                    Message::Text(text) => ep.on_frame(softphone, text.as_str()),
                    Message::Binary(bytes) => match std::str::from_utf8(&bytes) {
                        Ok(text) => ep.on_frame(softphone, text),
                        Err(_) => tracing::debug!("binary SIP frame that is not UTF-8 dropped"),
                    },
                    Message::Close(_) => break,
                    Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => {}
                }
            }
            Some(command) = inbox.commands.recv() => ep.on_command(softphone, command),
            Some((user, reply)) = inbox.probes.recv() => ep.probe(softphone, &user, reply),
            _ = sleep_until_or_never(deadline) => {
                ep.on_timeout();
            }
            _ = shutdown.changed() => {
                let frame = CloseFrame { code: crate::connection::GOING_AWAY.into(), reason: "server shutting down".into() };
                let _ = send(&mut sink, Message::Close(Some(frame))).await;
                stopping = true;
                break;
            }
        }
        let mut ok = true;
        for text in std::mem::take(&mut ep.out) {
            if !send(&mut sink, Message::Text(text.into())).await {
                ok = false;
                break;
            }
        }
        if !ok {
            break;
        }
    }
    ep.closed();
    stopping
}

/// The link's hub handle, for the endpoint (which only uses it to bind
/// registrations, which the link refuses).
fn inbox_conn(softphone: &SoftphoneRuntime) -> SipConn {
    match &softphone.proxy {
        Some(link) => link.conn.clone(),
        None => SipConn::new(LINK_ID, mpsc::unbounded_channel().0),
    }
}

async fn send(sink: &mut SplitSink<Ws, Message>, message: Message) -> bool {
    matches!(tokio::time::timeout(SEND_TIMEOUT, sink.send(message)).await, Ok(Ok(())))
}
