//! One agent session: its push sequence and replay buffer, its cache of
//! responses by request id, its token, and the connection it is attached to
//! (if any). Sessions outlive connections; see docs/protocol.md "Resume".

use std::collections::{HashMap, VecDeque};
use std::fmt;

use agent_sdk::protocol::Event;
use tokio::sync::mpsc::UnboundedSender;

use crate::agent::Agent;
use crate::wire;

/// Pushes kept for replay after a reconnect.
pub const REPLAY_BUFFER: usize = 1024;
/// Responses kept for re-sent request ids.
pub const RESPONSE_CACHE: usize = 256;

/// Identifies a session inside the gateway (never sent on the wire).
pub type SessionId = u64;
/// Identifies a WebSocket connection inside the gateway.
pub type ConnId = u64;

/// What a connection's socket loop is asked to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outbound {
    /// A text frame.
    Text(String),
    /// A close frame with code and reason; the connection ends after it.
    Close(u16, String),
    /// End the connection at once, without a close frame, as a broken
    /// network would (fault injection for tests).
    Drop,
    /// Neither read nor write for this many ms, as a hung server would
    /// (fault injection for tests).
    Stall(u64),
}

/// The sending side of a connection.
#[derive(Debug, Clone)]
pub struct Conn {
    /// Connection id.
    pub id: ConnId,
    tx: UnboundedSender<Outbound>,
    /// The `Host` header of the upgrade request: how the client reached
    /// the gateway, so the softphone URL names the same place.
    pub host: Option<String>,
}

impl Conn {
    /// Wraps a connection's outbound queue.
    pub fn new(id: ConnId, tx: UnboundedSender<Outbound>) -> Self {
        Self { id, tx, host: None }
    }

    /// The same, remembering the `Host` the client used.
    pub fn with_host(mut self, host: Option<String>) -> Self {
        self.host = host;
        self
    }

    /// Queues a text frame. A connection that is already gone drops it: a
    /// push is still in the replay buffer, and a response in the cache.
    pub fn send(&self, text: String) {
        let _ = self.tx.send(Outbound::Text(text));
    }

    /// Queues a close frame.
    pub fn close(&self, code: u16, reason: &str) {
        let _ = self.tx.send(Outbound::Close(code, reason.to_string()));
    }

    /// Ends the connection without a close frame (fault injection).
    pub fn drop_now(&self) {
        let _ = self.tx.send(Outbound::Drop);
    }

    /// Stalls the connection for `ms` (fault injection).
    pub fn stall(&self, ms: u64) {
        let _ = self.tx.send(Outbound::Stall(ms));
    }
}

/// The session token: 32 random bytes as hex. Never in `Debug` output.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Token(String);

impl Token {
    /// A fresh random token.
    pub fn generate() -> Result<Self, getrandom::Error> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)?;
        Ok(Self(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// A configured secret (a SIP account's password) held as a token.
    pub fn configured(value: &str) -> Self {
        Self(value.to_string())
    }

    /// The hex text, for the login response and the token index.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

/// A cached response: the action it answered and the frame sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    /// The request's action.
    pub action: String,
    /// The response frame.
    pub text: String,
}

/// Why a resume cannot replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayError {
    /// Pushes after `lastSeq` have left the buffer.
    TooOld,
    /// `lastSeq` is ahead of the session.
    Ahead,
}

/// One agent session.
#[derive(Debug)]
pub struct Session {
    /// The agent's state machine.
    pub agent: Agent,
    token: Token,
    seq: u64,
    replay: VecDeque<(u64, String)>,
    responses: HashMap<u64, Cached>,
    response_order: VecDeque<u64>,
    conn: Option<Conn>,
    detach_gen: u64,
    /// Fault injection: the next response is kept for a re-sent id but the
    /// connection drops instead of delivering it.
    drop_before_response: bool,
    sip_password: Option<Token>,
    /// Requests run (not answered from the response cache), so tests can
    /// prove a re-sent request ran once.
    requests_run: u64,
}

impl Session {
    /// A new session attached to `conn`.
    pub fn new(agent: Agent, token: Token, conn: Conn) -> Self {
        Self { conn: Some(conn), ..Self::headless(agent, token) }
    }

    /// A session without a desk: an agent a supervisor brought online
    /// (`setOnline`), taking calls on its phone. It keeps its pushes for a
    /// later login to replace, and never expires on its own.
    pub fn headless(agent: Agent, token: Token) -> Self {
        Self {
            agent,
            token,
            seq: 0,
            replay: VecDeque::new(),
            responses: HashMap::new(),
            response_order: VecDeque::new(),
            conn: None,
            detach_gen: 0,
            drop_before_response: false,
            sip_password: None,
            requests_run: 0,
        }
    }

    /// Gives the session a softphone password (`sipPwd`).
    pub fn set_sip_password(&mut self, password: Token) {
        self.sip_password = Some(password);
    }

    /// The softphone password, if the session has one.
    pub fn sip_password(&self) -> Option<&Token> {
        self.sip_password.as_ref()
    }

    /// The session token.
    pub fn token(&self) -> &Token {
        &self.token
    }

    /// The seq of the latest push (0 before the first).
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// The attached connection.
    pub fn conn(&self) -> Option<&Conn> {
        self.conn.as_ref()
    }

    /// True when `conn` is the attached connection.
    pub fn is_attached_to(&self, conn: ConnId) -> bool {
        self.conn.as_ref().is_some_and(|c| c.id == conn)
    }

    /// Numbers, buffers and sends a push.
    pub fn push(&mut self, event: &Event) {
        self.seq += 1;
        let text = wire::push(self.seq, event);
        if let Some(conn) = &self.conn {
            conn.send(text.clone());
        }
        if self.replay.len() == REPLAY_BUFFER {
            self.replay.pop_front();
        }
        self.replay.push_back((self.seq, text));
    }

    /// Counts a request that runs (it was not in the response cache).
    pub fn count_run(&mut self) {
        self.requests_run += 1;
    }

    /// Requests run in this session, login included.
    pub fn requests_run(&self) -> u64 {
        self.requests_run
    }

    /// Sends the response to request `id` on `conn` and keeps it for a
    /// re-sent id.
    pub fn respond(&mut self, conn: &Conn, id: u64, action: &str, text: String) {
        if std::mem::take(&mut self.drop_before_response) {
            conn.drop_now();
        } else {
            conn.send(text.clone());
        }
        if self.responses.insert(id, Cached { action: action.to_string(), text }).is_none() {
            self.response_order.push_back(id);
        }
        while self.response_order.len() > RESPONSE_CACHE {
            if let Some(old) = self.response_order.pop_front() {
                self.responses.remove(&old);
            }
        }
    }

    /// Fault injection: drop the connection instead of sending the next
    /// response (the operation still runs, and its response is cached).
    pub fn drop_before_next_response(&mut self) {
        self.drop_before_response = true;
    }

    /// The cached response to request `id`, if still kept.
    pub fn cached(&self, id: u64) -> Option<&Cached> {
        self.responses.get(&id)
    }

    /// Every buffered push after `last_seq`, oldest first, or why they cannot
    /// all be given.
    pub fn replay_after(&self, last_seq: u64) -> Result<Vec<String>, ReplayError> {
        if last_seq > self.seq {
            return Err(ReplayError::Ahead);
        }
        let oldest_kept = self.replay.front().map_or(self.seq + 1, |(seq, _)| *seq);
        if last_seq + 1 < oldest_kept {
            return Err(ReplayError::TooOld);
        }
        Ok(self.replay.iter().filter(|(seq, _)| *seq > last_seq).map(|(_, text)| text.clone()).collect())
    }

    /// Attaches `conn`, returning the connection it replaces. Cancels a
    /// pending expiry.
    pub fn attach(&mut self, conn: Conn) -> Option<Conn> {
        self.detach_gen += 1;
        self.conn.replace(conn)
    }

    /// Detaches `conn` if it is the attached one; returns the generation an
    /// expiry timer must still see for the session to expire.
    pub fn detach(&mut self, conn: ConnId) -> Option<u64> {
        if !self.is_attached_to(conn) {
            return None;
        }
        self.conn = None;
        self.detach_gen += 1;
        Some(self.detach_gen)
    }

    /// True when the session has been detached since `generation` was
    /// handed out, with nothing attached since.
    pub fn expired_by(&self, generation: u64) -> bool {
        self.conn.is_none() && self.detach_gen == generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::{InitialStatus, Login};
    use agent_sdk::protocol::BindEndpoint;
    use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

    fn session() -> (Session, UnboundedReceiver<Outbound>) {
        let (tx, rx) = unbounded_channel();
        let agent = Agent::login(
            Login {
                tenant_id: "t1".into(),
                agent_no: "0001".into(),
                bind_endpoint: BindEndpoint { endpoint_type: 2, endpoint: "8001".into() },
                initial: InitialStatus::Idle,
                wrapup_ms: 0,
            },
            0,
        );
        (Session::new(agent, Token::generate().unwrap(), Conn::new(1, tx)), rx)
    }

    fn status(s: &Session) -> Event {
        Event::AgentStatusEvent(s.agent.event())
    }

    #[test]
    fn tokens_are_random_hex_and_hidden_from_debug() {
        let (a, b) = (Token::generate().unwrap(), Token::generate().unwrap());
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "Token(***)");
    }

    #[test]
    fn pushes_are_numbered_sent_and_buffered() {
        let (mut s, mut rx) = session();
        let e = status(&s);
        s.push(&e);
        s.push(&e);
        assert_eq!(s.seq(), 2);
        let Outbound::Text(first) = rx.try_recv().unwrap() else { panic!() };
        assert!(first.starts_with(r#"{"seq":1,"#));
        assert_eq!(s.replay_after(0).unwrap().len(), 2);
        assert_eq!(s.replay_after(1).unwrap().len(), 1);
        assert_eq!(s.replay_after(2).unwrap(), Vec::<String>::new());
        assert_eq!(s.replay_after(3), Err(ReplayError::Ahead));
    }

    #[test]
    fn the_replay_buffer_is_bounded() {
        let (mut s, _rx) = session();
        let e = status(&s);
        for _ in 0..REPLAY_BUFFER + 10 {
            s.push(&e);
        }
        assert_eq!(s.replay_after(9), Err(ReplayError::TooOld));
        let all = s.replay_after(10).unwrap();
        assert_eq!(all.len(), REPLAY_BUFFER);
        assert!(all[0].starts_with(r#"{"seq":11,"#));
    }

    #[test]
    fn responses_are_cached_up_to_the_limit() {
        let (mut s, mut rx) = session();
        let conn = s.conn().unwrap().clone();
        for id in 0..(RESPONSE_CACHE as u64 + 5) {
            s.respond(&conn, id, "pause", format!("r{id}"));
        }
        assert_eq!(rx.try_recv().unwrap(), Outbound::Text("r0".into()));
        assert!(s.cached(4).is_none());
        assert_eq!(s.cached(5).unwrap().text, "r5");
        assert_eq!(s.cached(RESPONSE_CACHE as u64 + 4).unwrap().action, "pause");
    }

    #[test]
    fn detach_and_attach_drive_expiry() {
        let (mut s, _rx) = session();
        assert_eq!(s.detach(9), None);
        let generation = s.detach(1).unwrap();
        assert!(s.expired_by(generation));
        let (tx, _rx2) = unbounded_channel();
        assert!(s.attach(Conn::new(2, tx)).is_none());
        assert!(!s.expired_by(generation));
        assert!(s.is_attached_to(2));
    }
}
