//! RFC 3261 section 17 transactions, for a reliable transport (SIP over
//! WebSocket, RFC 7118).
//!
//! On a reliable transport requests and responses are never retransmitted
//! by the transaction layer, so Timers A, E and G do not exist and the
//! "wait for retransmissions" Timers D, I, J and K are zero. What remains:
//! Timer B (INVITE client, no response) and Timer F (non-INVITE client),
//! both 64*T1, and Timer H (INVITE server, waiting for the ACK of a
//! failure response), also 64*T1.
//!
//! The 2xx to an INVITE is outside the transaction: the UAS core
//! retransmits it until the ACK comes (RFC 3261 section 13.3.1.4), whatever
//! the transport, because a proxy behind us may forward it over UDP. That
//! schedule is [`Retransmit`].

use crate::sip::headers::Via;
use crate::sip::message::{hdr, Message};
use crate::sip::syntax::owned;

/// The RFC 3261 base timers, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timers {
    /// Round-trip estimate; 500 ms by default.
    pub t1: u64,
    /// Cap on retransmission intervals; 4 s by default.
    pub t2: u64,
    /// Longest time a message stays in the network; 5 s by default (only
    /// documented here: every timer it drives is zero on reliable links).
    pub t4: u64,
}

impl Default for Timers {
    fn default() -> Self {
        Self { t1: 500, t2: 4_000, t4: 5_000 }
    }
}

impl Timers {
    /// 64*T1: Timers B, F and H, and how long the 2xx is retransmitted.
    pub fn timeout(&self) -> u64 {
        self.t1.saturating_mul(64)
    }
}

/// Client transaction states; Completed is skipped because Timers D and K
/// are zero on a reliable transport.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientState {
    /// Request sent, nothing heard (Calling or Trying).
    Sent,
    /// A provisional response arrived.
    Proceeding,
    /// Done: a final response arrived or the timer fired.
    Terminated,
}

/// What a response means to the transaction user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientOutcome {
    /// A 1xx: pass it up.
    Provisional,
    /// A final response: pass it up. For a 2xx to INVITE the TU sends the
    /// ACK itself.
    Final,
    /// A 3xx-6xx to INVITE: pass it up, and send this ACK, which belongs
    /// to the transaction (same branch).
    FinalWithAck(String),
    /// Not for this transaction any more (it is terminated): drop it.
    Stray,
}

/// A client transaction: one request we sent.
#[derive(Debug, Clone)]
pub struct ClientTransaction {
    branch: String,
    method: String,
    request: String,
    state: ClientState,
    deadline: Option<u64>,
}

impl ClientTransaction {
    /// Starts a transaction for `request` (which must carry a Via with a
    /// branch) at `now`. The caller sends [`ClientTransaction::request`].
    pub fn new(request: &Message<'_>, now: u64, timers: &Timers) -> Option<Self> {
        let branch = owned(request.top_via()?.branch()?);
        let method = owned(request.method()?);
        Some(Self {
            branch,
            method,
            request: request.print(),
            state: ClientState::Sent,
            deadline: Some(now.saturating_add(timers.timeout())),
        })
    }

    /// The request text to send.
    pub fn request(&self) -> &str {
        &self.request
    }

    /// The Via branch that identifies the transaction.
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The request method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The current state.
    pub fn state(&self) -> ClientState {
        self.state
    }

    /// When Timer B or F fires, if running.
    pub fn deadline(&self) -> Option<u64> {
        self.deadline
    }

    /// Whether the transaction is over.
    pub fn is_terminated(&self) -> bool {
        self.state == ClientState::Terminated
    }

    /// RFC 3261 section 17.1.3: same top-Via branch and same CSeq method.
    pub fn matches(&self, response: &Message<'_>) -> bool {
        response.top_via().and_then(|v| v.branch()) == Some(self.branch.as_str())
            && response.cseq().is_some_and(|c| c.method == self.method)
    }

    /// Feeds a matching response.
    pub fn on_response(&mut self, response: &Message<'_>) -> ClientOutcome {
        let Some(code) = response.code() else { return ClientOutcome::Stray };
        if self.state == ClientState::Terminated {
            return ClientOutcome::Stray;
        }
        let invite = self.method == "INVITE";
        if code < 200 {
            self.state = ClientState::Proceeding;
            if invite {
                // Timer B only covers Calling: once the far end is heard
                // from, an INVITE may ring for as long as it likes.
                self.deadline = None;
            }
            return ClientOutcome::Provisional;
        }
        self.state = ClientState::Terminated;
        self.deadline = None;
        if invite && code >= 300 {
            if let Some(ack) = self.ack(response) {
                return ClientOutcome::FinalWithAck(ack);
            }
        }
        ClientOutcome::Final
    }

    /// Time has reached `now`; `true` when Timer B/F fired, which the TU
    /// treats as a 408.
    pub fn on_timeout(&mut self, now: u64) -> bool {
        if self.deadline.is_some_and(|d| d <= now) {
            self.deadline = None;
            self.state = ClientState::Terminated;
            return true;
        }
        false
    }

    /// The ACK for a non-2xx final response (RFC 3261 section 17.1.1.3):
    /// the original Request-URI, top Via, From, Call-ID, CSeq number and
    /// Route, with the response's To.
    fn ack(&self, response: &Message<'_>) -> Option<String> {
        let request = crate::sip::parse::parse(&self.request).ok()?;
        let mut ack = Message::request("ACK", request.request_uri()?);
        ack.push(hdr::VIA, request.items(hdr::VIA).next()?);
        ack.push(hdr::MAX_FORWARDS, "70");
        ack.push(hdr::FROM, request.header(hdr::FROM)?);
        ack.push(hdr::TO, response.header(hdr::TO)?);
        ack.push(hdr::CALL_ID, request.header(hdr::CALL_ID)?);
        let mut cseq = String::new();
        crate::sip::syntax::push_u64(&mut cseq, u64::from(request.cseq()?.seq));
        cseq.push_str(" ACK");
        ack.push(hdr::CSEQ, cseq);
        for route in request.all(hdr::ROUTE) {
            ack.push(hdr::ROUTE, route);
        }
        ack.push(hdr::CONTENT_LENGTH, "0");
        Some(ack.print())
    }
}

/// Server transaction states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerState {
    /// Request received, no response yet (Trying).
    Received,
    /// A provisional response was sent.
    Proceeding,
    /// INVITE only: a 3xx-6xx was sent; waiting for the ACK (Timer H).
    Completed,
    /// Done.
    Terminated,
}

/// A server transaction: one request we received.
#[derive(Debug, Clone)]
pub struct ServerTransaction {
    branch: String,
    sent_by: String,
    method: String,
    state: ServerState,
    last_response: Option<String>,
    deadline: Option<u64>,
}

impl ServerTransaction {
    /// Starts a transaction for `request`; `None` for ACK (which never
    /// creates one) or a request without a Via branch.
    pub fn new(request: &Message<'_>) -> Option<Self> {
        let method = owned(request.method().filter(|m| *m != "ACK")?);
        let via = request.top_via()?;
        let branch = owned(via.branch()?);
        Some(Self {
            branch,
            sent_by: sent_by(&via),
            method,
            state: ServerState::Received,
            last_response: None,
            deadline: None,
        })
    }

    /// The Via branch of the request.
    pub fn branch(&self) -> &str {
        &self.branch
    }

    /// The request method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The current state.
    pub fn state(&self) -> ServerState {
        self.state
    }

    /// When Timer H fires, if running.
    pub fn deadline(&self) -> Option<u64> {
        self.deadline
    }

    /// Whether the transaction is over.
    pub fn is_terminated(&self) -> bool {
        self.state == ServerState::Terminated
    }

    /// Whether a final response was sent.
    pub fn is_answered(&self) -> bool {
        matches!(self.state, ServerState::Completed | ServerState::Terminated)
    }

    /// RFC 3261 section 17.2.3: same branch, same sent-by, same method (an
    /// ACK matches the INVITE it acknowledges).
    pub fn matches(&self, request: &Message<'_>) -> bool {
        let Some(via) = request.top_via() else { return false };
        let Some(method) = request.method() else { return false };
        via.branch() == Some(self.branch.as_str())
            && sent_by(&via) == self.sent_by
            && (method == self.method || (method == "ACK" && self.method == "INVITE"))
    }

    /// Records the response `text` with status `code` as sent at `now`.
    pub fn respond(&mut self, code: u16, text: &str, now: u64, timers: &Timers) {
        if self.state == ServerState::Terminated || self.state == ServerState::Completed {
            return;
        }
        self.last_response = Some(owned(text));
        self.state = match code {
            100..=199 => ServerState::Proceeding,
            200..=299 => ServerState::Terminated,
            _ if self.method == "INVITE" => {
                self.deadline = Some(now.saturating_add(timers.timeout()));
                ServerState::Completed
            }
            _ => ServerState::Terminated,
        };
    }

    /// The response to send again when the request is retransmitted.
    pub fn retransmission(&self) -> Option<&str> {
        match self.state {
            ServerState::Proceeding | ServerState::Completed => self.last_response.as_deref(),
            _ => None,
        }
    }

    /// An ACK matched: `true` when it completes a failed INVITE (Timer I is
    /// zero, so the transaction ends at once).
    pub fn on_ack(&mut self) -> bool {
        if self.state == ServerState::Completed {
            self.state = ServerState::Terminated;
            self.deadline = None;
            return true;
        }
        false
    }

    /// Time has reached `now`; `true` when Timer H fired (the ACK never
    /// came).
    pub fn on_timeout(&mut self, now: u64) -> bool {
        if self.deadline.is_some_and(|d| d <= now) {
            self.deadline = None;
            self.state = ServerState::Terminated;
            return true;
        }
        false
    }
}

fn sent_by(via: &Via<'_>) -> String {
    let mut out = String::new();
    via.sent_by(&mut out);
    out.make_ascii_lowercase();
    out
}

/// What the 2xx retransmission schedule asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetransmitStep {
    /// Nothing due yet.
    Wait,
    /// Send the response again.
    Send,
    /// 64*T1 passed without an ACK: end the call with a BYE.
    GiveUp,
}

/// The UAS core's 2xx retransmission: first after T1, the interval
/// doubling up to T2, until the ACK arrives or 64*T1 has passed.
#[derive(Debug, Clone)]
pub struct Retransmit {
    text: String,
    interval: u64,
    next_at: u64,
    give_up_at: u64,
    t2: u64,
}

impl Retransmit {
    /// Starts the schedule for `text`, first sent at `now`.
    pub fn new(text: String, now: u64, timers: &Timers) -> Self {
        Self {
            text,
            // A zero T1 would make the schedule spin; 1 ms is the floor.
            interval: timers.t1.saturating_mul(2).clamp(1, timers.t2.max(1)),
            next_at: now.saturating_add(timers.t1),
            give_up_at: now.saturating_add(timers.timeout()),
            t2: timers.t2.max(timers.t1),
        }
    }

    /// The response being retransmitted.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// When [`Retransmit::poll`] next has something to do.
    pub fn deadline(&self) -> u64 {
        self.next_at.min(self.give_up_at)
    }

    /// Time has reached `now`. A caller woken late gets one retransmission,
    /// not a burst of the ones it missed.
    pub fn poll(&mut self, now: u64) -> RetransmitStep {
        if now >= self.give_up_at {
            return RetransmitStep::GiveUp;
        }
        if now < self.next_at {
            return RetransmitStep::Wait;
        }
        while self.next_at <= now {
            self.next_at = self.next_at.saturating_add(self.interval);
            self.interval = self.interval.saturating_mul(2).min(self.t2);
        }
        RetransmitStep::Send
    }
}
