//! What one SIP WebSocket carries, whichever end opened it: the gateway's
//! own SIP endpoint (a softphone connected to the gateway, which is its
//! registrar) or the gateway's link to an external SIP proxy. Frames,
//! the hub's ring and hang-up commands, probes and timers come in; frames
//! to send go out in [`Endpoint::out`]. The socket loops live in
//! [`crate::sip::connection`] and [`crate::sip::proxy`].

use std::collections::HashMap;
use std::sync::Arc;

use agent_sdk::sip::message::{hdr, Message};
use agent_sdk::sip::rng::Rng;
use agent_sdk::sip::transaction::Timers;
use agent_sdk::sip::{parse, ParseError};
use tokio::sync::oneshot;

use crate::calls::{AgentKey, PhoneSignal};
use crate::gateway::{Gateway, SoftphoneRuntime};
use crate::sip::bridges::BridgedPeer;
use crate::sip::invite::{Happened, OutgoingCall, State, Step};
use crate::sip::media::MediaCounters;
use crate::sip::parked::PARK_MS;
use crate::sip::probe::Probe;
use crate::sip::registrar::{self, reply, Decision};
use crate::sip::{SipCommand, SipConn};

/// Methods a softphone may send outside the calls the gateway placed.
const ALLOWED_OUTSIDE: &str = "REGISTER, OPTIONS, ACK, BYE, CANCEL";

/// The same through a proxy, which is the registrar.
const ALLOWED_THROUGH_PROXY: &str = "OPTIONS, ACK, BYE, CANCEL";

/// Methods RFC 3261 and its common extensions define that the gateway does
/// not take from a softphone: 405; anything else 501.
const KNOWN: &[&str] = &["INVITE", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];

/// A call placed on this connection and the media peer behind it.
#[derive(Debug)]
pub struct Active {
    call: OutgoingCall,
    media: Option<BridgedPeer>,
}

/// A connection's state between frames.
pub struct Endpoint {
    id: u64,
    gateway: Arc<Gateway>,
    conn: SipConn,
    rng: Rng,
    timers: Timers,
    calls: Vec<Active>,
    /// OPTIONS probes in flight and who waits for their verdict.
    probes: Vec<(Probe, oneshot::Sender<bool>)>,
    /// Whether REGISTERs are taken (the gateway's own endpoint), or
    /// refused (the link to a proxy, which is the registrar).
    registrar: bool,
    /// Registrations made on this connection and when they expire (ms).
    bindings: HashMap<AgentKey, u64>,
    /// Frames to send, in order.
    pub out: Vec<String>,
    /// When a connection with no registration and no call has been silent
    /// too long (ms); registered ones stay, since user agents are quiet
    /// between refreshes.
    idle_at: u64,
    idle_ms: u64,
}

/// The engine's name for a SIP failure of a ringing softphone.
pub fn failure_cause(code: u16) -> &'static str {
    match code {
        486 | 600 => "busy",
        408 => "noAnswer",
        404 | 410 | 480 => "unreachable",
        _ => "rejected",
    }
}

impl Endpoint {
    /// The state of connection `id`, whose hub handle is `conn`; `registrar`
    /// says whether it takes REGISTERs; it counts as idle after `idle_ms`
    /// without a frame while it holds nothing. `None` without randomness.
    pub fn new(id: u64, gateway: Arc<Gateway>, conn: SipConn, registrar: bool, idle_ms: u64) -> Option<Self> {
        let mut seed = [0u8; 8];
        getrandom::fill(&mut seed).ok()?;
        let mut ep = Endpoint {
            id,
            gateway,
            conn,
            rng: Rng::new(u64::from_le_bytes(seed)),
            timers: Timers::default(),
            calls: Vec::new(),
            probes: Vec::new(),
            registrar,
            bindings: HashMap::new(),
            out: Vec::new(),
            idle_at: 0,
            idle_ms,
        };
        ep.idle_at = ep.now().saturating_add(idle_ms);
        Some(ep)
    }

    fn now(&self) -> u64 {
        self.gateway.now_ms()
    }

    /// When [`Endpoint::on_timeout`] is due next.
    pub fn deadline(&self) -> Option<u64> {
        let calls = self.calls.iter().filter_map(|a| a.call.deadline());
        let probes = self.probes.iter().filter_map(|(p, _)| p.deadline());
        let idle = self.idle().then_some(self.idle_at);
        calls.chain(probes).chain(self.bindings.values().copied()).chain(idle).min()
    }

    /// Whether the connection holds nothing: no registration, no call.
    fn idle(&self) -> bool {
        self.bindings.is_empty() && self.calls.is_empty() && self.probes.is_empty()
    }

    /// A frame arrived: the idle clock starts again.
    pub fn touch(&mut self) {
        self.idle_at = self.now().saturating_add(self.idle_ms);
    }

    /// One SIP message from the socket.
    pub fn on_frame(&mut self, softphone: &SoftphoneRuntime, text: &str) {
        let msg = match parse(text) {
            Ok(msg) => msg,
            // Blank frames are keep-alives (RFC 5626 CRLF pings).
            Err(ParseError::Empty) => return,
            Err(e) => {
                tracing::debug!(conn = self.id, reason = e.reason(), "unreadable SIP frame dropped");
                return;
            }
        };
        if msg.code().is_some() {
            return self.on_response(softphone, &msg);
        }
        let Some(method) = msg.method() else { return };
        let usable = msg.top_via().is_some()
            && msg.from_addr().is_some()
            && msg.to_addr().is_some()
            && msg.call_id().is_some()
            && msg.cseq().is_some_and(|c| c.method == method);
        if !usable {
            if msg.top_via().is_some() && method != "ACK" {
                self.out.push(reply(&msg, 400, |_| {}));
            }
            return;
        }
        if let Some(i) = self.calls.iter().position(|a| a.call.owns(&msg)) {
            let step = self.calls[i].call.on_request(&msg);
            return self.apply(i, step);
        }
        let allowed = if self.registrar { ALLOWED_OUTSIDE } else { ALLOWED_THROUGH_PROXY };
        match method {
            "REGISTER" if self.registrar => self.register(softphone, &msg),
            "OPTIONS" => self.out.push(reply(&msg, 200, |m| {
                m.push(hdr::ALLOW, allowed);
                m.push(hdr::ACCEPT, "application/sdp");
            })),
            "ACK" => {}
            "BYE" | "CANCEL" => self.out.push(reply(&msg, 481, |_| {})),
            m if KNOWN.contains(&m) || m == "REGISTER" => {
                self.out.push(reply(&msg, 405, |m| m.push(hdr::ALLOW, allowed)))
            }
            _ => self.out.push(reply(&msg, 501, |_| {})),
        }
    }

    fn register(&mut self, softphone: &SoftphoneRuntime, msg: &Message<'_>) {
        let candidates = match registrar::user_of(msg) {
            Some(user) => self.gateway.hub().sip_candidates(user),
            None => Vec::new(),
        };
        let now = self.now();
        match softphone.registrar.handle(msg, &candidates, now) {
            Decision::Reply(text) => self.out.push(text),
            Decision::Bind { key, session, contact, expires, response } => {
                let bound = self.gateway.hub().sip_bind(&key, session, self.conn.clone(), contact);
                if bound {
                    self.adopt(softphone, &key);
                    self.bindings.insert(key, now.saturating_add(u64::from(expires) * 1000));
                    self.out.push(response);
                } else {
                    self.out.push(registrar::forbidden(msg));
                }
            }
            Decision::Unbind { key, response } => {
                self.gateway.hub().sip_unbind(&key, self.id);
                self.bindings.remove(&key);
                self.out.push(response);
            }
        }
    }

    fn on_response(&mut self, softphone: &SoftphoneRuntime, msg: &Message<'_>) {
        if let Some(i) = self.probes.iter().position(|(p, _)| p.owns(msg)) {
            let now = self.now();
            let step = self.probes[i].0.on_response(msg, &softphone.identity, &mut self.rng, now, &self.timers);
            self.out.extend(step.send);
            if let Some(registered) = step.registered {
                let (_, waiting) = self.probes.swap_remove(i);
                let _ = waiting.send(registered);
            }
            return;
        }
        let Some(i) = self.calls.iter().position(|a| a.call.owns(msg)) else { return };
        let now = self.now();
        let step = self.calls[i].call.on_response(msg, &softphone.identity, &mut self.rng, now, &self.timers);
        self.apply(i, step);
    }

    /// Asks the proxy whether softphone `user` is registered; the verdict
    /// goes to `reply`.
    pub fn probe(&mut self, softphone: &SoftphoneRuntime, user: &str, reply: oneshot::Sender<bool>) {
        let now = self.now();
        match Probe::start(user, &softphone.identity, &mut self.rng, now, &self.timers) {
            Some((probe, options)) => {
                self.out.push(options);
                self.probes.push((probe, reply));
            }
            None => {
                let _ = reply.send(false);
            }
        }
    }

    /// A command of the hub.
    pub fn on_command(&mut self, softphone: &SoftphoneRuntime, command: SipCommand) {
        match command {
            SipCommand::Ring(ring) => {
                let now = self.now();
                let counters = MediaCounters::new(self.gateway.epoch());
                let ip = softphone.info.media_ip;
                let offered = softphone.bridges.offer_leg(&ring.main_unique_id, &ring.unique_id, ip, counters.clone());
                let started = offered.ok().and_then(|(media, offer)| {
                    let (call, invite) = OutgoingCall::start(
                        ring.clone(),
                        &softphone.identity,
                        &offer,
                        &mut self.rng,
                        now,
                        &self.timers,
                    )?;
                    Some((media, call, invite))
                });
                let Some((media, call, invite)) = started else {
                    tracing::warn!(conn = self.id, "could not start a media peer for a softphone call");
                    let signal = PhoneSignal::Failed("unreachable".into());
                    let wakes = self.gateway.hub().softphone_signal(&ring.main_unique_id, &ring.unique_id, signal, now);
                    self.gateway.schedule(wakes);
                    return;
                };
                softphone.media.insert(&ring.unique_id, counters);
                self.out.push(invite);
                self.calls.push(Active { call, media: Some(media) });
            }
            // The connection loop ends the socket; nothing to do here.
            SipCommand::Drop => {}
            SipCommand::End(unique_id) => {
                let Some(i) = self.calls.iter().position(|a| a.call.ring().unique_id == unique_id) else { return };
                let now = self.now();
                let step = self.calls[i].call.end(&softphone.identity, &mut self.rng, now, &self.timers);
                self.apply(i, step);
            }
        }
    }

    /// Timers due; true when the connection has been idle too long.
    pub fn on_timeout(&mut self) -> bool {
        let now = self.now();
        let mut i = 0;
        while i < self.probes.len() {
            match self.probes[i].0.on_timeout(now) {
                Some(registered) => {
                    let (_, waiting) = self.probes.swap_remove(i);
                    let _ = waiting.send(registered);
                }
                None => i += 1,
            }
        }
        for i in 0..self.calls.len() {
            let step = self.calls[i].call.on_timeout(now);
            if step.happened.is_some() || !step.send.is_empty() {
                self.apply_keep(i, step);
            }
        }
        self.calls.retain(|a| !a.call.is_over());
        let expired: Vec<AgentKey> =
            self.bindings.iter().filter(|(_, at)| **at <= now).map(|(k, _)| k.clone()).collect();
        for key in expired {
            self.bindings.remove(&key);
            self.gateway.hub().sip_unbind(&key, self.id);
            // The registration lapsed: the idle clock starts from here.
            self.idle_at = now.saturating_add(self.idle_ms);
        }
        self.idle() && self.idle_at <= now
    }

    /// Sends a step's frames and tells the engine what happened; drops the
    /// call once it is over.
    fn apply(&mut self, i: usize, step: Step) {
        self.apply_keep(i, step);
        self.calls.retain(|a| !a.call.is_over());
    }

    fn apply_keep(&mut self, i: usize, step: Step) {
        self.out.extend(step.send);
        let Some(happened) = step.happened else { return };
        let Some(active) = self.calls.get_mut(i) else { return };
        let ring = active.call.ring().clone();
        let signal = match happened {
            Happened::Ringing => return,
            Happened::Answered { sdp } => {
                if let Some(media) = &active.media {
                    media.accept_answer(sdp);
                }
                PhoneSignal::Answered
            }
            Happened::Failed { code } => {
                active.media = None;
                PhoneSignal::Failed(failure_cause(code).into())
            }
            Happened::HungUp => {
                active.media = None;
                PhoneSignal::HungUp
            }
        };
        let now = self.now();
        let wakes = self.gateway.hub().softphone_signal(&ring.main_unique_id, &ring.unique_id, signal, now);
        self.gateway.schedule(wakes);
    }

    /// The socket is gone: its calls end (ringing ones unreachable, talking
    /// ones hung up), its registrations with them, and its probes say no.
    pub fn closed(&mut self) {
        for (_, waiting) in self.probes.drain(..) {
            let _ = waiting.send(false);
        }
        self.park_up_calls();
        let now = self.now();
        for active in &mut self.calls {
            let ring = active.call.ring().clone();
            let signal = match active.call.abandon() {
                Some(Happened::Failed { code }) => PhoneSignal::Failed(failure_cause(code).into()),
                Some(Happened::HungUp) => PhoneSignal::HungUp,
                _ => continue,
            };
            let wakes = self.gateway.hub().softphone_signal(&ring.main_unique_id, &ring.unique_id, signal, now);
            self.gateway.schedule(wakes);
        }
        self.calls.clear();
        let mut hub = self.gateway.hub();
        for key in self.bindings.keys() {
            hub.sip_unbind(key, self.id);
        }
    }

    /// The socket broke: calls that are up wait for the softphone to come
    /// back (their dialog and media do not need the socket); an expiry
    /// task hangs them up if it does not.
    fn park_up_calls(&mut self) {
        let Some(softphone) = self.gateway.softphone() else { return };
        // Only the gateway's own registrar sees the softphone come back.
        if !self.registrar {
            return;
        }
        let (up, rest): (Vec<Active>, Vec<Active>) = self
            .calls
            .drain(..)
            .partition(|a| a.call.state() == State::Up && self.bindings.contains_key(&a.call.ring().agent));
        self.calls = rest;
        let mut by_agent: HashMap<AgentKey, Vec<Active>> = HashMap::new();
        for active in up {
            by_agent.entry(active.call.ring().agent.clone()).or_default().push(active);
        }
        for (key, calls) in by_agent {
            tracing::info!(conn = self.id, agent = %key.agent_no, calls = calls.len(), "SIP socket broke; calls parked");
            softphone.parked.park(key.clone(), self.id, calls);
            let gateway = self.gateway.clone();
            let generation = self.id;
            tokio::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(PARK_MS)).await;
                let Some(softphone) = gateway.softphone() else { return };
                let now = gateway.now_ms();
                for active in softphone.parked.expire(&key, generation) {
                    let ring = active.call.ring().clone();
                    tracing::info!(agent = %key.agent_no, leg = %ring.unique_id, "parked call not reclaimed; hung up");
                    let wakes =
                        gateway.hub().softphone_signal(&ring.main_unique_id, &ring.unique_id, PhoneSignal::HungUp, now);
                    gateway.schedule(wakes);
                }
            });
        }
    }

    /// `key` registered on this connection: its parked calls continue here,
    /// and the engine's commands for them come here.
    fn adopt(&mut self, softphone: &SoftphoneRuntime, key: &AgentKey) {
        let calls = softphone.parked.adopt(key);
        if calls.is_empty() {
            return;
        }
        tracing::info!(conn = self.id, agent = %key.agent_no, calls = calls.len(), "parked calls adopted");
        let mut hub = self.gateway.hub();
        for active in &calls {
            hub.sip_adopt(&active.call.ring().unique_id, self.conn.clone());
        }
        drop(hub);
        self.calls.extend(calls);
    }
}
