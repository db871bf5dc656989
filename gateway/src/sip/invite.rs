//! One call the gateway places to a softphone: the INVITE with the media
//! peer's offer, its responses (provisional, the 2xx and its ACK, a
//! failure), CANCEL while it rings, BYE both ways once it is up. Sans-IO
//! like the SDK's own user agent: messages and the time in, frames to send
//! and what happened to the leg out.

use agent_sdk::sip::build::{cseq, Local, ALLOW};
use agent_sdk::sip::dialog::Dialog;
use agent_sdk::sip::message::{hdr, Message};
use agent_sdk::sip::rng::Rng;
use agent_sdk::sip::transaction::{ClientOutcome, ClientTransaction, Timers};

use crate::calls::AgentKey;
use crate::sip::challenge::{self, Credentials};
use crate::sip::registrar::reply;

/// A softphone leg the engine rings: what the INVITE is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ring {
    /// The call's `mainUniqueId`.
    pub main_unique_id: String,
    /// The agent leg's `uniqueId`.
    pub unique_id: String,
    /// The agent.
    pub agent: AgentKey,
    /// The SIP user (the softphone endpoint).
    pub user: String,
    /// The registered Contact URI: the INVITE's Request-URI.
    pub contact: String,
    /// Who calls, as the agent's phone shows it.
    pub caller: String,
    /// `callType` as the agent sees it.
    pub call_type: i64,
    /// The agent placed this call: ask the softphone to answer by itself.
    pub auto_answer: bool,
}

/// What the gateway says about itself in the messages it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// `host:port` of the listener (Via sent-by, Contact).
    pub authority: String,
    /// The SIP domain (From and To).
    pub domain: String,
    /// `<sip:gateway@host:port;transport=ws>`.
    pub contact: String,
    /// The gateway's account on an external SIP proxy, to answer its
    /// digest challenges; `None` when the gateway is the registrar.
    pub credentials: Option<Credentials>,
}

impl Identity {
    /// The identity of a gateway reached at `authority` with SIP domain
    /// `domain`.
    pub fn new(authority: &str, domain: &str) -> Self {
        let contact = format!("<sip:gateway@{authority};transport=ws>");
        Self { authority: authority.to_string(), domain: domain.to_string(), contact, credentials: None }
    }

    /// The same identity, answering a proxy's challenges with `credentials`.
    pub fn with_credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// How the gateway's requests describe it (Via, Contact, User-Agent).
    pub fn local(&self) -> Local<'_> {
        Local { via_transport: "WS", via_host: &self.authority, contact: &self.contact, user_agent: "agent-gateway" }
    }
}

/// What happened to the leg, for the call engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    /// 180 (or 183): the phone rings.
    Ringing,
    /// 200 with the SDP answer; the ACK went out.
    Answered {
        /// The answer, for the media peer.
        sdp: String,
    },
    /// A final failure, or no answer at all (408).
    Failed {
        /// The status code.
        code: u16,
    },
    /// The softphone sent BYE.
    HungUp,
}

/// What one input led to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Step {
    /// Frames to send, in order.
    pub send: Vec<String>,
    /// News for the engine, if any.
    pub happened: Option<Happened>,
}

impl Step {
    fn send(text: String) -> Self {
        Self { send: vec![text], happened: None }
    }
}

/// Where the call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// INVITE sent, nothing heard yet.
    Calling,
    /// A provisional response arrived.
    Ringing,
    /// 2xx received and ACKed.
    Up,
    /// The engine ended the leg while it rang: CANCEL sent (or waiting for
    /// a provisional response to send it).
    Cancelling,
    /// BYE sent.
    Ending,
    /// Done.
    Over,
}

/// One outgoing call to a softphone.
#[derive(Debug)]
pub struct OutgoingCall {
    ring: Ring,
    state: State,
    call_id: String,
    invite: Message<'static>,
    invite_tx: ClientTransaction,
    dialog: Option<Dialog>,
    /// BYE and CANCEL transactions.
    clients: Vec<ClientTransaction>,
    /// The ACK of the 2xx, sent again if the 2xx is.
    ack: Option<String>,
    /// The engine ended the leg before any provisional response: CANCEL as
    /// soon as one comes (RFC 3261 section 9.1).
    cancel_on_provisional: bool,
    /// Digest challenges the INVITE has had from a proxy.
    challenged: u8,
}

/// Keeps what a caller id may put in a SIP URI user part.
fn sip_user(caller: &str) -> &str {
    let ok = !caller.is_empty() && caller.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-_.".contains(&b));
    if ok {
        caller
    } else {
        "anonymous"
    }
}

impl OutgoingCall {
    /// Starts the call with `offer`; returns it and the INVITE to send
    /// (`None` only if the INVITE could not be made a transaction).
    pub fn start(
        ring: Ring,
        me: &Identity,
        offer: &str,
        rng: &mut Rng,
        now: u64,
        timers: &Timers,
    ) -> Option<(Self, String)> {
        let call_id = format!("{}@{}", rng.token(20), me.authority);
        let caller = sip_user(&ring.caller);
        let mut msg = Message::request("INVITE", ring.contact.clone());
        msg.push(hdr::VIA, me.local().via(&rng.branch()));
        msg.push(hdr::MAX_FORWARDS, "70");
        msg.push(hdr::FROM, format!("\"{caller}\" <sip:{caller}@{}>;tag={}", me.domain, rng.token(10)));
        msg.push(hdr::TO, format!("<sip:{}@{}>", ring.user, me.domain));
        msg.push(hdr::CALL_ID, call_id.clone());
        msg.push(hdr::CSEQ, "1 INVITE");
        msg.push(hdr::CONTACT, me.contact.clone());
        msg.push(hdr::ALLOW, ALLOW);
        // The SDK matches the SIP call to the call events by these.
        msg.push("X-Unique-Id", ring.unique_id.clone());
        msg.push("X-Main-Unique-Id", ring.main_unique_id.clone());
        msg.push("X-Call-Type", ring.call_type.to_string());
        if ring.auto_answer {
            // RFC 5373: the agent placed this call from the desk.
            msg.push("Answer-Mode", "Auto");
        }
        msg.push(hdr::USER_AGENT, "agent-gateway");
        msg.set_body("application/sdp", offer.to_string());
        let invite = msg.into_owned();
        let invite_tx = ClientTransaction::new(&invite, now, timers)?;
        let text = invite_tx.request().to_string();
        let call = Self {
            ring,
            state: State::Calling,
            call_id,
            invite,
            invite_tx,
            dialog: None,
            clients: Vec::new(),
            ack: None,
            cancel_on_provisional: false,
            challenged: 0,
        };
        Some((call, text))
    }

    /// The leg this call rings.
    pub fn ring(&self) -> &Ring {
        &self.ring
    }

    /// Where the call stands.
    pub fn state(&self) -> State {
        self.state
    }

    /// The Call-ID.
    pub fn call_id(&self) -> &str {
        &self.call_id
    }

    /// Whether `msg` (a response, or a request from the softphone) belongs
    /// to this call.
    pub fn owns(&self, msg: &Message<'_>) -> bool {
        msg.call_id() == Some(self.call_id.as_str())
    }

    /// The earliest timer: Timer B of the INVITE, Timer F of BYE/CANCEL.
    pub fn deadline(&self) -> Option<u64> {
        let all = std::iter::once(&self.invite_tx).chain(&self.clients);
        all.filter_map(ClientTransaction::deadline).min()
    }

    /// A response for this call.
    pub fn on_response(&mut self, msg: &Message<'_>, me: &Identity, rng: &mut Rng, now: u64, t: &Timers) -> Step {
        if let Some(i) = self.clients.iter().position(|tx| tx.matches(msg)) {
            let tx = &mut self.clients[i];
            let outcome = tx.on_response(msg);
            let (method, done) = (tx.method().to_string(), tx.is_terminated());
            if done {
                self.clients.remove(i);
            }
            if method == "BYE" && done && self.state == State::Ending {
                self.state = State::Over;
            }
            return match outcome {
                ClientOutcome::FinalWithAck(ack) => Step::send(ack),
                _ => Step::default(),
            };
        }
        let code = msg.code().unwrap_or(500);
        if !self.invite_tx.matches(msg) {
            return Step::default();
        }
        match self.invite_tx.on_response(msg) {
            ClientOutcome::Stray if (200..300).contains(&code) => {
                // Our ACK went missing: the 2xx is sent again.
                self.ack.clone().map(Step::send).unwrap_or_default()
            }
            ClientOutcome::Stray => Step::default(),
            ClientOutcome::Provisional => self.provisional(code, now, t),
            ClientOutcome::FinalWithAck(ack) if matches!(code, 401 | 407) => self.challenged(ack, msg, me, rng, now, t),
            ClientOutcome::FinalWithAck(ack) => {
                let mut step = Step::send(ack);
                if matches!(self.state, State::Calling | State::Ringing) {
                    step.happened = Some(Happened::Failed { code });
                }
                self.state = State::Over;
                step
            }
            ClientOutcome::Final => self.accepted(msg, me, rng, now, t),
        }
    }

    /// A proxy asked for credentials: the INVITE again with them, as long
    /// as the engine still wants the leg and the credentials have not
    /// failed; else the leg fails with the challenge's code.
    fn challenged(
        &mut self,
        ack: String,
        msg: &Message<'_>,
        me: &Identity,
        rng: &mut Rng,
        now: u64,
        t: &Timers,
    ) -> Step {
        let code = msg.code().unwrap_or(407);
        let mut step = Step::send(ack);
        let wanted = matches!(self.state, State::Calling | State::Ringing);
        let again = me
            .credentials
            .as_ref()
            .filter(|_| wanted)
            .and_then(|c| challenge::answer(&self.invite, msg, c, self.challenged, rng, &me.local()))
            .and_then(|invite| Some((ClientTransaction::new(&invite, now, t)?, invite)));
        match again {
            Some((tx, invite)) => {
                self.challenged += 1;
                step.send.push(tx.request().to_string());
                self.invite = invite;
                self.invite_tx = tx;
            }
            None => {
                if wanted {
                    step.happened = Some(Happened::Failed { code });
                }
                self.state = State::Over;
            }
        }
        step
    }

    /// The INVITE's CSeq number (it grows when a proxy's challenge is
    /// answered); ACK and CANCEL carry it.
    fn invite_seq(&self) -> u32 {
        self.invite.cseq().map_or(1, |c| c.seq)
    }

    fn provisional(&mut self, code: u16, now: u64, t: &Timers) -> Step {
        if self.cancel_on_provisional {
            self.cancel_on_provisional = false;
            return self.cancel(now, t);
        }
        if self.state == State::Calling && code > 100 {
            self.state = State::Ringing;
            return Step { send: Vec::new(), happened: Some(Happened::Ringing) };
        }
        Step::default()
    }

    /// A 2xx: ACK it; answered, or hung up at once when the engine no
    /// longer wants the leg or the answer has no SDP.
    fn accepted(&mut self, msg: &Message<'_>, me: &Identity, rng: &mut Rng, now: u64, t: &Timers) -> Step {
        let Some(mut dialog) = Dialog::uac(&self.invite, msg) else {
            self.state = State::Over;
            return Step { send: Vec::new(), happened: Some(Happened::Failed { code: 502 }) };
        };
        let mut ack = dialog.ack(self.invite_seq(), &rng.branch(), &me.local());
        ack.push(hdr::CONTENT_LENGTH, "0");
        let ack = ack.print();
        self.ack = Some(ack.clone());
        let wanted = matches!(self.state, State::Calling | State::Ringing);
        let has_sdp = msg.has_sdp() && !msg.body.trim().is_empty();
        let mut step = Step::send(ack);
        if wanted && has_sdp {
            self.state = State::Up;
            self.dialog = Some(dialog);
            step.happened = Some(Happened::Answered { sdp: msg.body.to_string() });
            return step;
        }
        if wanted {
            step.happened = Some(Happened::Failed { code: 488 });
        }
        step.send.push(self.bye(&mut dialog, me, rng, now, t));
        self.dialog = Some(dialog);
        self.state = State::Ending;
        step
    }

    /// A request from the softphone in this call.
    pub fn on_request(&mut self, msg: &Message<'_>) -> Step {
        let method = msg.method().unwrap_or("");
        let in_dialog = self.dialog.as_ref().is_some_and(|d| d.owns_request(msg));
        match method {
            "ACK" => Step::default(),
            "BYE" if in_dialog && self.state == State::Up => {
                self.state = State::Over;
                Step { send: vec![reply(msg, 200, |_| {})], happened: Some(Happened::HungUp) }
            }
            "BYE" if in_dialog => Step::send(reply(msg, 200, |_| {})),
            "OPTIONS" => Step::send(reply(msg, 200, |m| m.push(hdr::ALLOW, ALLOW))),
            // Holding and ICE restarts from the softphone are not taken: the
            // session goes on as it was (RFC 3261 section 14.2).
            "INVITE" if in_dialog => Step::send(reply(msg, 488, |_| {})),
            "CANCEL" | "INVITE" | "BYE" => Step::send(reply(msg, 481, |_| {})),
            _ => Step::send(reply(msg, 405, |m| m.push(hdr::ALLOW, ALLOW))),
        }
    }

    /// The engine ended the leg: CANCEL while ringing, BYE once up.
    pub fn end(&mut self, me: &Identity, rng: &mut Rng, now: u64, t: &Timers) -> Step {
        match self.state {
            State::Calling => {
                self.cancel_on_provisional = true;
                self.state = State::Cancelling;
                Step::default()
            }
            State::Ringing => self.cancel(now, t),
            State::Up => {
                let Some(mut dialog) = self.dialog.take() else {
                    self.state = State::Over;
                    return Step::default();
                };
                let bye = self.bye(&mut dialog, me, rng, now, t);
                self.dialog = Some(dialog);
                self.state = State::Ending;
                Step::send(bye)
            }
            State::Cancelling | State::Ending | State::Over => Step::default(),
        }
    }

    /// The softphone's connection is gone: nothing can be sent any more.
    pub fn abandon(&mut self) -> Option<Happened> {
        let was = self.state;
        self.state = State::Over;
        match was {
            State::Calling | State::Ringing => Some(Happened::Failed { code: 480 }),
            State::Up => Some(Happened::HungUp),
            _ => None,
        }
    }

    /// Time has reached `now`: Timer B (no response to the INVITE at all)
    /// fails the leg; a BYE or CANCEL nobody answered ends the call.
    pub fn on_timeout(&mut self, now: u64) -> Step {
        let mut step = Step::default();
        if self.invite_tx.on_timeout(now) && matches!(self.state, State::Calling | State::Ringing | State::Cancelling) {
            if self.state != State::Cancelling {
                step.happened = Some(Happened::Failed { code: 408 });
            }
            self.state = State::Over;
        }
        for tx in &mut self.clients {
            if tx.on_timeout(now) && self.state == State::Ending {
                self.state = State::Over;
            }
        }
        self.clients.retain(|tx| !tx.is_terminated());
        step
    }

    /// Whether nothing is left to do.
    pub fn is_over(&self) -> bool {
        self.state == State::Over || (self.state == State::Cancelling && self.invite_tx.is_terminated())
    }

    fn bye(&mut self, dialog: &mut Dialog, me: &Identity, rng: &mut Rng, now: u64, t: &Timers) -> String {
        let mut bye = dialog.request("BYE", &rng.branch(), &me.local());
        bye.push(hdr::CONTENT_LENGTH, "0");
        self.track(&bye, now, t)
    }

    /// CANCEL (RFC 3261 section 9.1): the INVITE's Request-URI, top Via,
    /// From, To, Call-ID and CSeq number.
    fn cancel(&mut self, now: u64, t: &Timers) -> Step {
        self.state = State::Cancelling;
        let invite = &self.invite;
        let mut msg = Message::request("CANCEL", invite.request_uri().unwrap_or_default().to_string());
        for name in [hdr::VIA, hdr::MAX_FORWARDS, hdr::FROM, hdr::TO, hdr::CALL_ID] {
            if let Some(value) = invite.header(name) {
                msg.push(name, value.to_string());
            }
        }
        msg.push(hdr::CSEQ, cseq(self.invite_seq(), "CANCEL"));
        msg.push(hdr::CONTENT_LENGTH, "0");
        let text = self.track(&msg, now, t);
        Step::send(text)
    }

    /// Keeps a transaction for a request we send; its text.
    fn track(&mut self, msg: &Message<'_>, now: u64, t: &Timers) -> String {
        match ClientTransaction::new(msg, now, t) {
            Some(tx) => {
                let text = tx.request().to_string();
                self.clients.push(tx);
                text
            }
            None => msg.print(),
        }
    }
}
