//! A softphone as the SDK makes one: the SDK's own SIP user agent
//! (`agent_sdk::sip::UserAgent`) over a WebSocket with the `sip`
//! subprotocol, and a second str0m peer standing in for the browser's
//! media. Every wait is bounded.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use agent_gateway::sip::media::{MediaCounters, MediaPeer, MediaView, PeerOptions};
use agent_sdk::sip::{Command, Config, Event, Input, Output, UserAgent};
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{connect_async, MaybeTlsStream, WebSocketStream};

use crate::support::WAIT;

/// The tone the browser stand-in plays back (the gateway plays 440 Hz).
pub const PHONE_TONE_HZ: f32 = 880.0;

/// The customer's tone, which the browser stand-in looks for in what it
/// decodes.
pub const CUSTOMER_TONE_HZ: f32 = 440.0;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Opens the SIP WebSocket of the gateway at `addr`, asking for `sip`.
pub async fn sip_socket(addr: SocketAddr) -> Ws {
    let mut request = format!("ws://{addr}/v1/sip/ws").into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", HeaderValue::from_static("sip"));
    let (ws, response) = tokio::time::timeout(WAIT, connect_async(request)).await.expect("connect timed out").unwrap();
    assert_eq!(response.headers().get("Sec-WebSocket-Protocol").map(|v| v.as_bytes()), Some(&b"sip"[..]));
    ws
}

pub struct Phone {
    ws: Ws,
    ua: UserAgent,
    start: Instant,
    events: VecDeque<Event>,
    /// Every frame the gateway sent, in order.
    pub received: Vec<String>,
    /// The media peer of the current call.
    pub media: Option<MediaPeer>,
}

impl Phone {
    /// A softphone for a login response's `sipIp` / `sipPwd` as `user`.
    pub async fn connect(addr: SocketAddr, user: &str, login: &Value) -> Phone {
        let domain = login["sipIp"].as_str().unwrap();
        let password = login["sipPwd"].as_str().unwrap();
        Self::with_password(addr, user, domain, password).await
    }

    pub async fn with_password(addr: SocketAddr, user: &str, domain: &str, password: &str) -> Phone {
        let mut config = Config::new(&format!("sip:{user}@{domain}"), password);
        config.via_transport = "WS".into();
        let ua = UserAgent::new(config, 0x5eed_0000 ^ u64::from(addr.port()));
        let ws = sip_socket(addr).await;
        Phone { ws, ua, start: Instant::now(), events: VecDeque::new(), received: Vec::new(), media: None }
    }

    fn now(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    async fn flush(&mut self) {
        while let Some(output) = self.ua.poll_output() {
            match output {
                Output::Send(text) => self.ws.send(Message::text(text)).await.unwrap(),
                Output::Event(event) => self.events.push_back(event),
            }
        }
    }

    pub async fn command(&mut self, command: Command) {
        let now = self.now();
        self.ua.handle_input(Input::Command(command), now).unwrap();
        self.flush().await;
    }

    /// Runs the user agent until an event `pick` accepts; earlier events
    /// are dropped. Panics after 5 s.
    pub async fn until(&mut self, what: &str, pick: impl Fn(&Event) -> bool) -> Event {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            while let Some(event) = self.events.pop_front() {
                if pick(&event) {
                    return event;
                }
            }
            let timer = self.ua.poll_timeout().map(|at| at.saturating_sub(self.now()));
            let sleep = tokio::time::sleep(std::time::Duration::from_millis(timer.unwrap_or(60_000)));
            tokio::select! {
                frame = self.ws.next() => match frame {
                    Some(Ok(Message::Text(text))) => {
                        let now = self.now();
                        self.received.push(text.to_string());
                        self.ua.handle_input(Input::Frame(&text), now).unwrap();
                    }
                    Some(Ok(_)) => {}
                    other => panic!("SIP socket ended while waiting for {what}: {other:?}"),
                },
                _ = sleep => {
                    let now = self.now();
                    self.ua.handle_input(Input::Timeout, now).unwrap();
                }
                _ = tokio::time::sleep_until(deadline) => panic!("no {what} within 5 s; frames: {:#?}", self.received),
            }
            self.flush().await;
        }
    }

    /// Registers and waits for the outcome.
    pub async fn register(&mut self) -> Event {
        self.command(Command::Register).await;
        self.until("registration outcome", |e| matches!(e, Event::Registered { .. } | Event::RegistrationFailed { .. }))
            .await
    }

    /// Waits for an INVITE; returns the offer.
    pub async fn incoming(&mut self) -> String {
        match self.until("an incoming call", |e| matches!(e, Event::IncomingCall { .. })).await {
            Event::IncomingCall { sdp_offer: Some(offer), .. } => offer,
            other => panic!("an INVITE without an offer: {other:?}"),
        }
    }

    /// Answers with a fresh media peer that plays the phone's tone.
    pub async fn answer(&mut self, offer: &str) {
        let options =
            PeerOptions::tone("127.0.0.1".parse().unwrap(), PHONE_TONE_HZ).probing(&[CUSTOMER_TONE_HZ, PHONE_TONE_HZ]);
        let (peer, sdp) = MediaPeer::answer(options, offer, MediaCounters::new(Instant::now())).unwrap();
        self.media = Some(peer);
        self.command(Command::Answer { sdp }).await;
        self.until("the ACK", |e| matches!(e, Event::CallEstablished { .. })).await;
    }

    /// The phone's own media counters.
    pub fn media_view(&self) -> MediaView {
        self.media.as_ref().map(|m| m.counters().view()).expect("no call media")
    }

    /// The last frame received that starts with `start`.
    pub fn last_received(&self, start: &str) -> Option<&str> {
        self.received.iter().rev().find(|f| f.starts_with(start)).map(String::as_str)
    }

    /// The raw socket, for frames the user agent would never send.
    pub fn socket(&mut self) -> &mut Ws {
        &mut self.ws
    }
}

/// Sends `text` on a raw SIP socket and returns the next text frame.
pub async fn exchange(ws: &mut Ws, text: &str) -> String {
    ws.send(Message::text(text.to_string())).await.unwrap();
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next()).await.expect("no SIP answer within 5 s");
        match frame {
            Some(Ok(Message::Text(text))) => return text.to_string(),
            Some(Ok(_)) => continue,
            other => panic!("SIP socket ended: {other:?}"),
        }
    }
}

/// Waits until `check` holds for the counters `read` gives, polling every
/// 20 ms; panics after 5 s with the last reading.
pub async fn until_media(what: &str, read: impl Fn() -> MediaView, check: impl Fn(&MediaView) -> bool) -> MediaView {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let view = read();
        if check(&view) {
            return view;
        }
        assert!(tokio::time::Instant::now() < deadline, "{what} not reached within 5 s: {view:?}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The shared counters of a media peer, for closures.
pub fn counters(phone: &Phone) -> Arc<MediaCounters> {
    phone.media.as_ref().map(|m| m.counters().clone()).expect("no call media")
}
