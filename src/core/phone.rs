//! The softphone, sans-IO: the SIP user agent on its own WebSocket, and the
//! decisions around it: register after login, ring or answer by itself,
//! `sipLink`/`sipUnlink`, the events the desk hears, and re-registering
//! after the SIP socket drops. Media (microphone, peer connection, audio)
//! is the web layer's: the phone asks for an SDP answer and gets it back.

use std::collections::VecDeque;

use crate::core::emitted::Emitted;
use crate::core::error::{ErrorCode, SdkError};
use crate::core::quality::{Monitor, RawSample, WarningChange};
use crate::core::reconnect::Backoff;
use crate::protocol::events::{SipDisconnectedEvent, SipSessionInitEvent, SipSessionTerminateEvent, WebrtcStatsEvent};
use crate::sip::uri::Uri;
use crate::sip::{Command, Config, Event, Input, Output, UserAgent};

/// What the login response says about the softphone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoftphoneLogin {
    /// `webrtcSocketUrl`: the SIP-over-WebSocket URL.
    pub socket_url: String,
    /// `sipIp`: the SIP domain.
    pub domain: String,
    /// The softphone's SIP user: the bound endpoint.
    pub user: String,
    /// `sipPwd`.
    pub password: String,
}

/// Something the web layer must do for the phone.
#[derive(Debug, Clone, PartialEq)]
pub enum PhoneOutput {
    /// Open the SIP WebSocket (subprotocol `sip`), replacing any old one.
    Connect(String),
    /// Send a frame on it.
    Send(String),
    /// Drop the SIP WebSocket.
    Close,
    /// Start (`true`) or stop the ringtone.
    Ring(bool),
    /// Open the microphone and answer this SDP offer; reply with
    /// [`Phone::media_answered`] or [`Phone::media_failed`].
    Answer(String),
    /// Answer a re-INVITE's offer on the existing peer connection (hold,
    /// ICE restart); reply the same way.
    Renegotiate(String),
    /// Release the call's media: peer connection, microphone, audio.
    EndMedia,
    /// Read the call's statistics; reply with [`Phone::stats_read`].
    ReadStats,
    /// Tell the desk: `webrtcStats`.
    Stats(Box<WebrtcStatsEvent>),
    /// Tell the desk: `qualityWarning`.
    Warning(WarningChange),
    /// Tell the desk.
    Emit(Emitted),
}

#[derive(Debug, Clone)]
struct PhoneCall {
    call_id: String,
    remote: Option<String>,
    direction: &'static str,
    answering: bool,
}

/// The softphone of one agent session.
#[derive(Debug, Default)]
pub struct Phone {
    ua: Option<UserAgent>,
    url: String,
    socket_open: bool,
    call: Option<PhoneCall>,
    agent_dialling: bool,
    /// The ringing call's SDP offer, until `sipLink` hands it to the media
    /// layer.
    offer: Option<String>,
    backoff: Option<Backoff>,
    retry_at: Option<u64>,
    seed: u64,
    /// `setup({ webrtcStats: true })`: sample each call's quality.
    stats: bool,
    quality: Monitor,
    outputs: VecDeque<PhoneOutput>,
}

fn not_available(action: &str, why: &str) -> SdkError {
    SdkError::new(ErrorCode::SipNotAvailable, format!("{action}: {why}")).with_action(action)
}

impl Phone {
    /// A phone that is not started.
    pub fn new(seed: u64) -> Self {
        Self { seed, ..Self::default() }
    }

    /// Whether the phone runs (the agent logged in with a softphone).
    pub fn is_started(&self) -> bool {
        self.ua.is_some()
    }

    /// Whether calls are sampled for `webrtcStats` and quality warnings
    /// (`setup({ webrtcStats: true })`); read when a call's media comes up.
    pub fn set_stats(&mut self, on: bool) {
        self.stats = on;
    }

    /// Starts the phone after a softphone login: connect, then register.
    pub fn start(&mut self, login: SoftphoneLogin) {
        let aor = format!("sip:{}@{}", login.user, login.domain);
        let mut config = Config::new(&aor, &login.password);
        // RFC 7118: plain `ws://` is WS in Via, `wss://` is WSS.
        config.via_transport = if login.socket_url.starts_with("wss://") { "WSS" } else { "WS" }.to_string();
        config.user_agent = "agent-sdk".to_string();
        self.ua = Some(UserAgent::new(config, self.seed));
        // The agent's state counts from here (see `set_agent_state`).
        self.agent_dialling = false;
        self.url = login.socket_url;
        self.outputs.push_back(PhoneOutput::Connect(self.url.clone()));
    }

    /// Stops the phone (logout, session end): un-register, hang up, close.
    pub fn stop(&mut self, now: u64) {
        if self.call.is_some() {
            let _ = self.command(Command::Hangup, now);
        }
        if self.socket_open {
            let _ = self.command(Command::Unregister, now);
        }
        self.end_call("logout", None);
        self.ua = None;
        self.socket_open = false;
        self.retry_at = None;
        self.backoff = None;
        self.outputs.push_back(PhoneOutput::Close);
    }

    /// The agent's latest state, from `agentStatus`: a call that arrives
    /// while the agent is dialling is one the agent started (preview
    /// outbound, internal call), and is answered without ringing. Only
    /// needed while the phone runs; `start` forgets any earlier state.
    pub fn set_agent_state(&mut self, state: &str) {
        self.agent_dialling = state == "calling";
    }

    /// The SIP socket is open: register (again, after a reconnect).
    pub fn socket_opened(&mut self, now: u64) {
        self.socket_open = true;
        self.backoff = None;
        let _ = self.command(Command::Register, now);
    }

    /// The SIP socket closed: tell the desk, and reconnect with backoff.
    /// The SIP dialog lives on in the user agent; media flows peer to peer
    /// and does not need the socket.
    pub fn socket_closed(&mut self, code: u16, now: u64) {
        if self.ua.is_none() {
            return;
        }
        self.socket_open = false;
        self.emit(Emitted::SipDisconnected(SipDisconnectedEvent {
            reason: "the SIP connection closed; reconnecting".into(),
            code: Some(i64::from(code)),
        }));
        let seed = self.seed;
        let backoff = self.backoff.get_or_insert_with(|| Backoff::new(now, seed));
        match backoff.next_delay() {
            Some(delay) => self.retry_at = Some(now + delay),
            None => {
                self.emit(Emitted::SipDisconnected(SipDisconnectedEvent {
                    reason: "the SIP connection could not be restored; log in again".into(),
                    code: Some(i64::from(code)),
                }));
                self.ua = None;
            }
        }
    }

    /// A SIP frame arrived.
    pub fn frame(&mut self, text: &str, now: u64) {
        if let Some(ua) = self.ua.as_mut() {
            let _ = ua.handle_input(Input::Frame(text), now);
            self.drain(now);
        }
    }

    /// The earliest time [`Phone::handle_timeout`] has work.
    pub fn poll_timeout(&self) -> Option<u64> {
        let ua = self.ua.as_ref().and_then(UserAgent::poll_timeout);
        ua.into_iter().chain(self.retry_at).chain(self.quality.poll_timeout()).min()
    }

    /// Time has reached `now`.
    pub fn handle_timeout(&mut self, now: u64) {
        if self.retry_at.is_some_and(|at| at <= now) {
            self.retry_at = None;
            self.outputs.push_back(PhoneOutput::Connect(self.url.clone()));
        }
        if self.quality.handle_timeout(now) {
            self.outputs.push_back(PhoneOutput::ReadStats);
        }
        if let Some(ua) = self.ua.as_mut() {
            if ua.poll_timeout().is_some_and(|at| at <= now) {
                let _ = ua.handle_input(Input::Timeout, now);
                self.drain(now);
            }
        }
    }

    /// `sipLink()`: answer the ringing call.
    pub fn link(&mut self) -> Result<(), SdkError> {
        if self.ua.is_none() {
            return Err(not_available("sipLink", "no softphone: log in with bindEndpoint.endpointType 3"));
        }
        let Some(call) = self.call.as_mut() else {
            return Err(not_available("sipLink", "there is no incoming call to answer"));
        };
        if !call.answering {
            call.answering = true;
            self.outputs.push_back(PhoneOutput::Ring(false));
            let offer = self.offer.take().unwrap_or_default();
            self.outputs.push_back(PhoneOutput::Answer(offer));
        }
        Ok(())
    }

    /// `sipUnlink()`: hang up, or decline a ringing call.
    pub fn unlink(&mut self, now: u64) -> Result<(), SdkError> {
        if self.ua.is_none() {
            return Err(not_available("sipUnlink", "no softphone: log in with bindEndpoint.endpointType 3"));
        }
        if self.call.is_none() {
            return Err(not_available("sipUnlink", "there is no call to hang up"));
        }
        self.command(Command::Hangup, now).map_err(|e| not_available("sipUnlink", e.reason()))
    }

    /// The media layer made its SDP answer.
    pub fn media_answered(&mut self, sdp: String, now: u64) {
        if self.call.is_some() {
            if self.stats && !self.quality.is_running() {
                self.quality.start(now);
            }
            let _ = self.command(Command::Answer { sdp }, now);
        }
    }

    /// The call's statistics, as asked for by [`PhoneOutput::ReadStats`];
    /// `None` when the browser had none to give.
    pub fn stats_read(&mut self, sample: Option<RawSample>, now: u64) {
        let Some(sample) = sample else { return self.quality.failed(now) };
        if let Some(report) = self.quality.sampled(sample, now) {
            self.outputs.push_back(PhoneOutput::Stats(Box::new(report.stats)));
            for change in report.changes {
                self.outputs.push_back(PhoneOutput::Warning(change));
            }
        }
    }

    /// The media layer could not answer (no microphone, permission denied):
    /// the call is declined with 488 and the desk told why. A call that has
    /// ended meanwhile (cancelled while a permission prompt was open) has
    /// nothing left to decline or explain: its end was already reported.
    pub fn media_failed(&mut self, message: String, now: u64) {
        if self.call.is_none() {
            return;
        }
        let _ = self.command(Command::Decline { code: 488 }, now);
        self.emit(Emitted::SdkError(crate::protocol::events::SdkErrorEvent {
            code: ErrorCode::MediaNotSupported.as_str().into(),
            message,
        }));
    }

    /// The next thing to do, if any.
    pub fn poll_output(&mut self) -> Option<PhoneOutput> {
        self.outputs.pop_front()
    }

    fn command(&mut self, command: Command, now: u64) -> Result<(), crate::sip::CommandError> {
        let Some(ua) = self.ua.as_mut() else { return Ok(()) };
        let result = ua.handle_input(Input::Command(command), now);
        self.drain(now);
        result
    }

    fn emit(&mut self, event: Emitted) {
        self.outputs.push_back(PhoneOutput::Emit(event));
    }

    fn drain(&mut self, now: u64) {
        while let Some(output) = self.ua.as_mut().and_then(UserAgent::poll_output) {
            match output {
                Output::Send(frame) if self.socket_open => self.outputs.push_back(PhoneOutput::Send(frame)),
                // Frames made while the socket is down are lost with it; the
                // registration is renewed on reconnect, and a dialog's
                // requests are retried by their transactions' timers.
                Output::Send(_) => {}
                Output::Event(event) => self.on_event(event, now),
            }
        }
    }

    fn on_event(&mut self, event: Event, now: u64) {
        match event {
            Event::IncomingCall { call_id, from, sdp_offer, auto_answer, .. } => {
                let remote = Uri::parse(from.trim_matches(['<', '>'])).ok().and_then(|u| u.user).map(str::to_owned);
                // The INVITE's Answer-Mode says so reliably; the agent's
                // state is a fallback for servers that do not send it (it
                // travels on another socket, so it may come second).
                let own_call = auto_answer || self.agent_dialling;
                let direction = if own_call { "outbound" } else { "inbound" };
                self.emit(Emitted::SipSessionInit(SipSessionInitEvent {
                    call_id: call_id.clone(),
                    direction: direction.into(),
                    remote_number: remote.clone(),
                    unique_id: None,
                }));
                self.call = Some(PhoneCall { call_id, remote, direction, answering: false });
                match sdp_offer {
                    // A browser cannot answer without an offer to hand its
                    // peer connection; such INVITEs are not for this phone.
                    None => {
                        let _ = self.command(Command::Decline { code: 488 }, now);
                    }
                    Some(offer) => {
                        self.offer = Some(offer);
                        if own_call {
                            let _ = self.link();
                        } else {
                            self.outputs.push_back(PhoneOutput::Ring(true));
                        }
                    }
                }
            }
            Event::CallCancelled { .. } => self.end_call("cancelled", None),
            Event::CallEnded { by_remote, reason, .. } => {
                let why = if by_remote { format!("remote: {reason}") } else { format!("local: {reason}") };
                self.end_call(&why, None);
            }
            Event::NeedsAnswerSdp { offer, .. } => self.outputs.push_back(PhoneOutput::Renegotiate(offer)),
            Event::RegistrationFailed { code, reason } => self.emit(Emitted::SipDisconnected(SipDisconnectedEvent {
                reason: format!("registration failed: {reason}"),
                code: Some(i64::from(code)),
            })),
            Event::NeedsOfferSdp => {
                let _ = self.command(Command::Decline { code: 488 }, now);
            }
            Event::Registered { .. }
            | Event::Unregistered
            | Event::CallEstablished { .. }
            | Event::RemoteHold(_)
            | Event::RemoteAnswer { .. }
            | Event::ReinviteFailed { .. }
            | Event::Discarded { .. } => {}
        }
    }

    fn end_call(&mut self, reason: &str, code: Option<i64>) {
        let Some(call) = self.call.take() else { return };
        self.offer = None;
        self.outputs.push_back(PhoneOutput::Ring(false));
        self.outputs.push_back(PhoneOutput::EndMedia);
        for change in self.quality.stop() {
            self.outputs.push_back(PhoneOutput::Warning(change));
        }
        self.emit(Emitted::SipSessionTerminate(SipSessionTerminateEvent {
            call_id: call.call_id,
            direction: call.direction.into(),
            remote_number: call.remote,
            unique_id: None,
            reason: reason.into(),
            code,
        }));
    }
}
