//! The user agent: one sans-IO object that owns the registration, the call
//! and their transactions.
//!
//! The web layer hands it frames, timeouts and commands with the current
//! time ([`UserAgent::handle_input`]), sends the frames and delivers the
//! events it gets back ([`UserAgent::poll_output`]), and arms one timer for
//! [`UserAgent::poll_timeout`]. It never reads a clock, draws randomness of
//! its own or touches a socket, so every flow is tested natively on a
//! simulated clock.

use std::collections::VecDeque;

use crate::sip::build::{self, Local, ALLOW, SUPPORTED};
use crate::sip::call::Call;
use crate::sip::config::Config;
use crate::sip::io::{Command, CommandError, Event, Input, Output};
use crate::sip::message::{hdr, Message};
use crate::sip::parse::{parse, ParseError};
use crate::sip::registration::Registration;
use crate::sip::rng::Rng;
use crate::sip::syntax::{owned, trim};
use crate::sip::transaction::{ClientOutcome, ClientTransaction, ServerTransaction};

/// Methods RFC 3261 and its common extensions define that this UA does not
/// accept: answered 405 with `Allow`, where unknown methods get 501.
const KNOWN_NOT_ALLOWED: &[&str] =
    &["REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];

/// Option tags a request may `Require` of us.
const UNDERSTOOD: &[&str] = &["path", "gruu", "outbound"];

/// A SIP user agent for one registration and one call at a time.
#[derive(Debug)]
pub struct UserAgent {
    pub(super) config: Config,
    pub(super) rng: Rng,
    pub(super) registration: Registration,
    pub(super) call: Option<Call>,
    /// Client transactions in dialogs (BYE, re-INVITE).
    pub(super) clients: Vec<ClientTransaction>,
    /// INVITE server transactions still alive: ringing, or waiting for the
    /// ACK of a failure response.
    pub(super) invites: Vec<ServerTransaction>,
    pub(super) outputs: VecDeque<Output>,
    /// The dialog Contact in use (`<sip:...>`), following the GRUU.
    pub(super) contact: String,
}

impl UserAgent {
    /// A user agent for `config`; `seed` is its only source of randomness
    /// (tags, branches, Call-IDs, cnonces, the glare back-off). Give it
    /// fresh random bits in production and a constant in tests.
    pub fn new(mut config: Config, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        if config.contact_host.is_empty() {
            config.contact_host = rng.token(12);
            config.contact_host.push_str(".invalid");
        }
        if config.instance_id.is_empty() && config.reg_id != 0 {
            config.instance_id = random_uuid_urn(&mut rng);
        }
        let registration = Registration::new(&mut rng, config.expires);
        let mut contact = String::from("<");
        contact.push_str(&config.contact_uri());
        contact.push('>');
        Self {
            config,
            rng,
            registration,
            call: None,
            clients: Vec::new(),
            invites: Vec::new(),
            outputs: VecDeque::new(),
            contact,
        }
    }

    /// The configuration in use (with the generated host and instance id).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The registration.
    pub fn registration(&self) -> &Registration {
        &self.registration
    }

    /// The Call-ID of the current call.
    pub fn call_id(&self) -> Option<&str> {
        self.call.as_ref().map(|c| c.dialog.call_id.as_str())
    }

    /// Handles one input at time `now` (milliseconds, any epoch, never
    /// going back). Only commands can fail; frames that cannot be used are
    /// reported as [`Event::Discarded`].
    pub fn handle_input(&mut self, input: Input<'_>, now: u64) -> Result<(), CommandError> {
        match input {
            Input::Frame(text) => {
                self.on_frame(text, now);
                Ok(())
            }
            Input::Timeout => {
                self.on_timeout(now);
                Ok(())
            }
            Input::Command(command) => self.on_command(command, now),
        }
    }

    /// The next thing to do, if any.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// When to feed [`Input::Timeout`] next, if anything is pending.
    pub fn poll_timeout(&self) -> Option<u64> {
        let mut earliest = self.registration.poll_timeout();
        let mut consider = |at: Option<u64>| {
            if let Some(at) = at {
                earliest = Some(earliest.map_or(at, |e| e.min(at)));
            }
        };
        for tx in &self.clients {
            consider(tx.deadline());
        }
        for tx in &self.invites {
            consider(tx.deadline());
        }
        consider(self.call.as_ref().and_then(Call::deadline));
        earliest
    }

    fn on_command(&mut self, command: Command, now: u64) -> Result<(), CommandError> {
        match command {
            Command::Register => {
                self.registration.register(&self.config, &mut self.rng, &mut self.outputs, now);
                Ok(())
            }
            Command::Unregister => self.registration.unregister(&self.config, &mut self.rng, &mut self.outputs, now),
            Command::Answer { sdp } => self.answer(sdp, now),
            Command::Decline { code } => self.decline(code, now),
            Command::Hangup => self.hangup(now),
            Command::Reinvite { sdp } => self.reinvite(sdp, now),
        }
    }

    fn on_timeout(&mut self, now: u64) {
        self.registration.on_timeout(&self.config, &mut self.rng, &mut self.outputs, now);
        let mut timed_out = Vec::new();
        for tx in &mut self.clients {
            if tx.on_timeout(now) {
                timed_out.push(owned(tx.branch()));
            }
        }
        self.clients.retain(|tx| !tx.is_terminated());
        for tx in &mut self.invites {
            // Timer H: the ACK for our failure response never came; the
            // call is already over, so there is nothing more to do.
            tx.on_timeout(now);
        }
        self.invites.retain(|tx| !tx.is_terminated());
        for branch in timed_out {
            self.on_client_timeout(&branch, now);
        }
        self.call_timers(now);
    }

    fn on_frame(&mut self, text: &str, now: u64) {
        let msg = match parse(text) {
            Ok(msg) => msg,
            // Blank frames are keep-alives (RFC 5626 CRLF pings).
            Err(ParseError::Empty) => return,
            Err(e) => return self.discard(e.reason()),
        };
        if msg.code().is_some() {
            self.on_response(&msg, now);
        } else {
            self.on_request(msg, now);
        }
    }

    pub(super) fn discard(&mut self, reason: &'static str) {
        self.outputs.push_back(Output::Event(Event::Discarded { reason }));
    }

    pub(super) fn send(&mut self, text: String) {
        self.outputs.push_back(Output::Send(text));
    }

    pub(super) fn emit(&mut self, event: Event) {
        self.outputs.push_back(Output::Event(event));
    }

    /// What in-dialog requests say about us.
    pub(super) fn local(&self) -> Local<'_> {
        Local {
            via_transport: &self.config.via_transport,
            via_host: &self.config.contact_host,
            contact: &self.contact,
            user_agent: &self.config.user_agent,
        }
    }

    /// Sends a response without keeping a transaction (non-INVITE requests:
    /// Timer J is zero on a reliable transport).
    pub(super) fn respond(&mut self, request: &Message<'_>, code: u16, to_tag: Option<&str>) {
        let mut msg = build::response(request, code, to_tag, false);
        match code {
            405 => msg.push(hdr::ALLOW, ALLOW),
            420 => {
                let unsupported: Vec<&str> = request
                    .items(hdr::REQUIRE)
                    .filter(|t| !UNDERSTOOD.iter().any(|u| u.eq_ignore_ascii_case(t)))
                    .collect();
                msg.push(hdr::UNSUPPORTED, unsupported.join(", "));
            }
            _ => {}
        }
        msg.push(hdr::CONTENT_LENGTH, "0");
        let text = msg.print();
        self.send(text);
    }

    fn on_request(&mut self, msg: Message<'_>, now: u64) {
        let Some(method) = msg.method() else { return };
        let cseq_ok = msg.cseq().is_some_and(|c| c.method == method);
        let valid = cseq_ok && msg.top_via().is_some() && msg.from_addr().is_some() && msg.to_addr().is_some();
        if !valid || msg.call_id().is_none() {
            // Too broken to answer reliably unless the Via is usable.
            if msg.top_via().is_some() && method != "ACK" {
                self.respond(&msg, 400, None);
            }
            return self.discard("request missing mandatory headers");
        }
        if method == "ACK" {
            return self.on_ack(&msg, now);
        }
        if let Some(tx) = self.invites.iter().find(|tx| tx.matches(&msg)) {
            // A retransmission: repeat the last response, if any.
            if let Some(text) = tx.retransmission().map(str::to_string) {
                self.send(text);
            }
            return;
        }
        if method == "CANCEL" {
            return self.on_cancel(&msg, now);
        }
        if msg.items(hdr::REQUIRE).any(|t| !UNDERSTOOD.iter().any(|u| u.eq_ignore_ascii_case(t))) {
            return self.respond(&msg, 420, None);
        }
        if msg.to_tag().is_some() {
            return self.on_in_dialog(msg, now);
        }
        match method {
            "INVITE" => self.on_invite(msg, now),
            "OPTIONS" => self.options(&msg),
            "BYE" => self.respond(&msg, 481, None),
            _ => self.reject_method(&msg),
        }
    }

    fn on_in_dialog(&mut self, msg: Message<'_>, now: u64) {
        let method = msg.method().unwrap_or("");
        let Some(call) = self.call.as_mut().filter(|c| c.dialog.owns_request(&msg)) else {
            return self.respond(&msg, 481, None);
        };
        let seq = msg.cseq().map(|c| c.seq).unwrap_or(0);
        if !call.dialog.accept_remote_seq(seq) {
            return self.respond(&msg, 500, None);
        }
        match method {
            "INVITE" => self.on_reinvite(msg, now),
            "BYE" => self.on_bye(&msg, now),
            "OPTIONS" => self.options(&msg),
            _ => self.reject_method(&msg),
        }
    }

    fn options(&mut self, request: &Message<'_>) {
        let mut msg = build::response(request, 200, None, false);
        msg.push(hdr::ALLOW, ALLOW);
        msg.push(hdr::ACCEPT, "application/sdp");
        msg.push(hdr::SUPPORTED, SUPPORTED);
        msg.push(hdr::CONTENT_LENGTH, "0");
        let text = msg.print();
        self.send(text);
    }

    fn reject_method(&mut self, request: &Message<'_>) {
        let method = request.method().unwrap_or("");
        let code = if KNOWN_NOT_ALLOWED.contains(&method) { 405 } else { 501 };
        self.respond(request, code, None);
    }

    fn on_response(&mut self, msg: &Message<'_>, now: u64) {
        if self.registration.matches(msg) {
            self.registration.on_response(msg, &self.config, &mut self.rng, &mut self.outputs, now);
            // New dialogs use the GRUU once the registrar gave one.
            self.contact = match self.registration.gruu().filter(|_| self.config.use_gruu) {
                Some(gruu) => ["<", gruu, ">"].concat(),
                None => ["<", &self.config.contact_uri(), ">"].concat(),
            };
            return;
        }
        let Some(index) = self.clients.iter().position(|tx| tx.matches(msg)) else {
            return self.on_stray_response(msg);
        };
        let Some(tx) = self.clients.get_mut(index) else { return };
        let outcome = tx.on_response(msg);
        let branch = owned(tx.branch());
        let method = owned(tx.method());
        if tx.is_terminated() {
            self.clients.remove(index);
        }
        match outcome {
            ClientOutcome::Stray | ClientOutcome::Provisional => {}
            ClientOutcome::Final => {}
            ClientOutcome::FinalWithAck(ack) => self.send(ack),
        }
        if method == "INVITE" && msg.code().is_some_and(|c| c >= 200) {
            self.on_reinvite_response(&branch, msg, now);
        }
    }

    fn on_client_timeout(&mut self, branch: &str, now: u64) {
        if self.call.as_ref().and_then(|c| c.reinvite_out.as_ref()).is_some_and(|r| r.branch == branch) {
            self.on_reinvite_timeout(now);
        }
        // A BYE that timed out needs nothing: the call is already over.
    }
}

/// An RFC 4122 version 4 UUID URN from the seeded generator.
fn random_uuid_urn(rng: &mut Rng) -> String {
    let (hi, lo) = (rng.next_u64(), rng.next_u64());
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0xc << 60)) | (0x8 << 60);
    let mut out = String::from("urn:uuid:");
    let parts = [(hi >> 32, 8), ((hi >> 16) & 0xffff, 4), (hi & 0xffff, 4), (lo >> 48, 4), (lo & 0xffff_ffff_ffff, 12)];
    for (i, (value, digits)) in parts.into_iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        crate::sip::syntax::push_hex(&mut out, value, digits);
    }
    out
}

/// The `Reason` header of a request, trimmed, if any.
pub(super) fn reason_header(msg: &Message<'_>) -> Option<String> {
    msg.header(hdr::REASON).map(trim).filter(|r| !r.is_empty()).map(str::to_string)
}
