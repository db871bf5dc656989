//! The agent session, sans-IO: requests and their deadlines, login, pushes
//! in `seq` order, heartbeat, reconnect and resume.
//!
//! The web layer feeds it what happened (a socket opened or closed, a frame
//! arrived, time passed) and carries out what it asks for ([`Output`]). It
//! never reads a clock or touches a socket, so every path is tested natively
//! on a simulated clock.

use std::collections::VecDeque;

use crate::core::emitted::Emitted;
use crate::core::error::{ErrorCode, SdkError};
use crate::core::heartbeat::{self, Beat, Heartbeat};
use crate::core::id_map::IdMap;
use crate::core::reconnect::{Backoff, MAX_ATTEMPTS};
use crate::protocol::events::{PingEvent, ReconnectAttemptEvent, SessionTerminateEvent};
use crate::protocol::frame::{close_code, terminate_reason, FrameHead, ResumeParams, ServerFrame};
use crate::protocol::setup::SetupConfig;

/// How long an operation may wait for its response, including time spent
/// waiting for a reconnect.
pub const REQUEST_TIMEOUT_MS: u64 = 10_000;

/// Something the web layer must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// Open the agent WebSocket to this URL (replacing any old one).
    Connect(String),
    /// Send this text frame on the open socket.
    Send(String),
    /// Drop the socket: close it and detach its listeners. The session has
    /// already accounted for the loss.
    Close,
    /// Reject request `id`'s promise.
    Reject {
        /// The request.
        id: u64,
        /// Why.
        error: SdkError,
    },
    /// Emit an event the SDK made itself.
    Emit(Emitted),
}

/// What to do with the frame just handed to [`Session::handle_frame`].
#[derive(Debug, Clone, PartialEq)]
pub enum Inbound {
    /// Resolve request `id` with the frame and emit it as `action`.
    Response {
        /// The request.
        id: u64,
        /// The event name: the request's action plus `Resp` (the
        /// frame's own `action` may differ, like `getQueueStatus`'s).
        action: String,
        /// Whether this is a successful `loginResp`, whose token must be
        /// removed before anyone sees the object.
        strip_token: bool,
    },
    /// Deliver the frame to the handlers of `event_type`.
    Push {
        /// The event name.
        event_type: String,
    },
    /// Internal or duplicate: nobody sees it.
    Consumed,
    /// The gateway rejected one of our frames (its error frame).
    GatewayError {
        /// The gateway's error code.
        code: String,
    },
    /// Unreadable: report it as `sdkError` and go on.
    Bad(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    /// No session: before login, or after a failed login.
    Idle,
    /// `login` sent (or waiting for the socket), no answer yet.
    LoggingIn { id: u64 },
    /// Logged in on an open socket.
    Online,
    /// The socket dropped; retrying, then resuming.
    Reconnecting,
    /// `logoutResp` arrived; waiting for the gateway to close.
    LoggingOut,
    /// The session ended for good; a new `login` may start another.
    Ended,
}

#[derive(Debug, Clone)]
struct Pending {
    action: String,
    frame: String,
    deadline: u64,
    sent: bool,
}

/// Who logs in, and where: the parts of `login` params the session reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginTarget {
    /// Tenant ID, for events the SDK makes on the session's behalf.
    pub tenant_id: String,
    /// Agent ID, likewise.
    pub agent_no: String,
    /// The `webSocketUrl` parameter, when given.
    pub web_socket_url: Option<String>,
}

/// One agent session.
#[derive(Debug)]
pub struct Session {
    config: Option<SetupConfig>,
    phase: Phase,
    socket_open: bool,
    url: String,
    agent: Option<LoginTarget>,
    next_id: u64,
    pending: IdMap<Pending>,
    last_seq: u64,
    token: Option<String>,
    heartbeat_interval_ms: u64,
    heartbeat: Option<Heartbeat>,
    backoff: Option<Backoff>,
    retry_at: Option<u64>,
    resume_id: Option<u64>,
    end_announced: bool,
    seed: u64,
    outputs: VecDeque<Output>,
}

impl Session {
    /// A session with nothing set up; `seed` feeds reconnect jitter.
    pub fn new(seed: u64) -> Self {
        Self {
            config: None,
            phase: Phase::Idle,
            socket_open: false,
            url: String::new(),
            agent: None,
            next_id: 1,
            pending: IdMap::new(),
            last_seq: 0,
            token: None,
            heartbeat_interval_ms: heartbeat::DEFAULT_INTERVAL_MS,
            heartbeat: None,
            backoff: None,
            retry_at: None,
            resume_id: None,
            end_announced: false,
            seed,
            outputs: VecDeque::new(),
        }
    }

    /// Applies `setup(config)` (already checked). Allowed again later; a
    /// live session keeps its socket.
    pub fn setup(&mut self, config: SetupConfig) {
        self.config = Some(config);
    }

    /// The session token while logged in: it also authenticates the
    /// observability uploads. Never logged.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The configuration, once set up.
    pub fn config(&self) -> Option<&SetupConfig> {
        self.config.as_ref()
    }

    /// Whether an agent is logged in (possibly reconnecting).
    pub fn is_logged_in(&self) -> bool {
        matches!(self.phase, Phase::Online | Phase::Reconnecting | Phase::LoggingOut)
    }

    /// Starts a login with checked `params` (JSON text); returns the
    /// request id.
    pub fn login(&mut self, target: LoginTarget, params: String, now: u64) -> Result<u64, SdkError> {
        let config = self.config.as_ref().ok_or_else(|| SdkError::not_initialized("login"))?;
        let ws_url = config.agent_ws_url();
        if let Some(url) = &target.web_socket_url {
            config.check_socket_url("webSocketUrl", url).map_err(|e| SdkError::invalid("login", &e))?;
        }
        match self.phase {
            Phase::Idle | Phase::Ended => {}
            // `await logout()` resolves before the gateway closes the socket;
            // a login right after it must not trip over that close.
            Phase::LoggingOut => self.end(terminate_reason::LOGOUT, "logged out"),
            _ => {
                let message = "login: an agent session is already active; call logout first";
                return Err(SdkError::new(ErrorCode::InvalidState, message).with_action("login"));
            }
        }
        self.url = target.web_socket_url.clone().unwrap_or(ws_url);
        self.agent = Some(target);
        self.last_seq = 0;
        self.token = None;
        self.end_announced = false;
        let id = self.enqueue("login", &params, now);
        self.phase = Phase::LoggingIn { id };
        self.outputs.push_back(Output::Connect(self.url.clone()));
        Ok(id)
    }

    /// Sends `action` with checked `params` (JSON text) for a logged-in
    /// agent; returns the request id. While reconnecting the request waits
    /// (its deadline running) and goes out after the session resumes.
    pub fn request(&mut self, action: &str, params: &str, now: u64) -> Result<u64, SdkError> {
        if self.config.is_none() {
            return Err(SdkError::not_initialized(action));
        }
        match self.phase {
            Phase::Online | Phase::Reconnecting => {}
            Phase::LoggingIn { .. } => {
                return Err(SdkError::not_connected(action, "login has not finished; await login() first"))
            }
            Phase::LoggingOut => return Err(SdkError::not_connected(action, "the agent is logging out")),
            Phase::Idle | Phase::Ended => {
                return Err(SdkError::not_connected(action, "not logged in; call login first"))
            }
        }
        let id = self.enqueue(action, params, now);
        if self.phase == Phase::Online {
            self.flush();
        }
        Ok(id)
    }

    fn enqueue(&mut self, action: &str, params: &str, now: u64) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let frame = request_frame(id, action, params);
        self.pending
            .insert(id, Pending { action: action.to_string(), frame, deadline: now + REQUEST_TIMEOUT_MS, sent: false });
        id
    }

    /// Sends every request not yet on the current socket, oldest first.
    fn flush(&mut self) {
        if !self.socket_open {
            return;
        }
        for pending in self.pending.values_mut().filter(|p| !p.sent) {
            pending.sent = true;
            self.outputs.push_back(Output::Send(pending.frame.clone()));
        }
    }

    /// The socket asked for by [`Output::Connect`] is open.
    pub fn socket_opened(&mut self, now: u64) {
        self.socket_open = true;
        match self.phase {
            Phase::LoggingIn { .. } => self.flush(),
            Phase::Reconnecting => {
                let Some(token) = self.token.clone() else {
                    return self.end(terminate_reason::SESSION_GONE, "no session token");
                };
                let id = self.next_id;
                self.next_id += 1;
                self.resume_id = Some(id);
                let params = ResumeParams { token, last_seq: self.last_seq }.to_json();
                self.outputs.push_back(Output::Send(request_frame(id, "resume", &params)));
                self.heartbeat = Some(Heartbeat::new(self.heartbeat_interval_ms, now));
            }
            _ => {}
        }
    }

    /// The socket closed (or failed to open) with `code`.
    pub fn socket_closed(&mut self, code: u16, now: u64) {
        self.socket_open = false;
        self.heartbeat = None;
        self.resume_id = None;
        match self.phase {
            Phase::LoggingIn { .. } => {
                self.phase = Phase::Idle;
                let why = format!("the connection to {} closed before login was answered (code {code})", self.url);
                self.reject_all(|action| SdkError::not_connected(action, &why));
            }
            Phase::Online | Phase::Reconnecting => match terminal_reason(code) {
                Some(reason) => self.end(reason, &format!("the gateway closed the session (code {code})")),
                None => self.schedule_reconnect(now),
            },
            Phase::LoggingOut => self.end(terminate_reason::LOGOUT, "logged out"),
            Phase::Idle | Phase::Ended => {}
        }
    }

    fn schedule_reconnect(&mut self, now: u64) {
        if self.phase == Phase::Online {
            self.phase = Phase::Reconnecting;
            self.backoff = Some(Backoff::new(now, self.seed));
            for pending in self.pending.values_mut() {
                pending.sent = false;
            }
        }
        match self.backoff.as_mut().and_then(Backoff::next_delay) {
            Some(delay) => self.retry_at = Some(now + delay),
            None => {
                self.retry_at = None;
                self.end(terminate_reason::RECONNECT_FAILED, &format!("{MAX_ATTEMPTS} reconnect attempts failed"));
            }
        }
    }

    /// Classifies a frame from the gateway and updates the session.
    pub fn handle_frame(&mut self, head: FrameHead, now: u64) -> Inbound {
        let token = head.token.clone();
        let interval = head.heartbeat_interval_ms;
        let ends_session = head.reason.is_some();
        match head.classify() {
            Ok(ServerFrame::Response { id, code, .. }) => self.on_response(id, code, token, interval, now),
            Ok(ServerFrame::Push { seq, event_type }) => {
                if seq <= self.last_seq {
                    return Inbound::Consumed;
                }
                self.last_seq = seq;
                if event_type == "sessionTerminate" && ends_session {
                    self.end_announced = true;
                }
                Inbound::Push { event_type }
            }
            Ok(ServerFrame::Pong { sent_at }) => {
                let latency = self.heartbeat.as_mut().and_then(|hb| hb.pong(sent_at as u64, now));
                if let Some(latency) = latency {
                    let network_state = heartbeat::network_state(latency);
                    self.emit(Emitted::Ping(PingEvent { latency_time: latency as f64, network_state }));
                }
                Inbound::Consumed
            }
            Ok(ServerFrame::Error { code }) => Inbound::GatewayError { code },
            Err(bad) => Inbound::Bad(bad.0),
        }
    }

    fn on_response(&mut self, id: u64, code: i64, token: Option<String>, interval: Option<f64>, now: u64) -> Inbound {
        if self.resume_id == Some(id) {
            self.resume_id = None;
            if code == 0 {
                self.resumed(now);
            } else {
                self.end(terminate_reason::SESSION_GONE, "the gateway could not resume the session");
            }
            return Inbound::Consumed;
        }
        let Some(pending) = self.pending.remove(id) else { return Inbound::Consumed };
        let mut strip_token = false;
        if self.phase == (Phase::LoggingIn { id }) {
            if code == 0 {
                strip_token = true;
                self.phase = Phase::Online;
                self.token = token;
                self.heartbeat_interval_ms = interval.map(|ms| ms as u64).unwrap_or(heartbeat::DEFAULT_INTERVAL_MS);
                self.heartbeat = Some(Heartbeat::new(self.heartbeat_interval_ms, now));
                self.flush();
            } else {
                self.phase = Phase::Idle;
                self.close_socket();
            }
        } else if pending.action == "logout" && code == 0 {
            self.phase = Phase::LoggingOut;
        }
        // Emitted as `<request action>Resp`: most responses say so in their
        // `action` already, but `getQueueStatus` answers with `queueStatus`
        // (as the seed documents), which is also a push's name.
        Inbound::Response { id, action: format!("{}Resp", pending.action), strip_token }
    }

    fn resumed(&mut self, now: u64) {
        self.phase = Phase::Online;
        if let Some(backoff) = self.backoff.take() {
            self.emit(Emitted::ReconnectAttempt(ReconnectAttemptEvent {
                attempt: i64::from(backoff.attempts()),
                code: 0,
                first_attempt_ts: backoff.first_attempt_at() as f64,
                max_attempts: i64::from(MAX_ATTEMPTS),
                since_first_attempt_ms: now.saturating_sub(backoff.first_attempt_at()) as f64,
            }));
        }
        self.flush();
    }

    /// The earliest time [`Session::handle_timeout`] has work.
    pub fn poll_timeout(&self) -> Option<u64> {
        let deadlines = self.pending.values().map(|p| p.deadline);
        let beats = self.heartbeat.as_ref().map(Heartbeat::deadline);
        deadlines.chain(beats).chain(self.retry_at).min()
    }

    /// Time has reached `now`.
    pub fn handle_timeout(&mut self, now: u64) {
        let expired: Vec<u64> = self.pending.iter().filter(|(_, p)| p.deadline <= now).map(|(id, _)| id).collect();
        for id in expired {
            if let Some(pending) = self.pending.remove(id) {
                if self.phase == (Phase::LoggingIn { id }) {
                    self.phase = Phase::Idle;
                    self.close_socket();
                }
                self.outputs
                    .push_back(Output::Reject { id, error: SdkError::timeout(&pending.action, REQUEST_TIMEOUT_MS) });
            }
        }
        if let Some(hb) = self.heartbeat.as_mut() {
            match hb.poll(now) {
                Beat::Ping(ts) => self.outputs.push_back(Output::Send(format!("{{\"ping\":{ts}}}"))),
                Beat::Dead => {
                    self.close_socket();
                    self.socket_closed(1006, now);
                }
                Beat::Wait => {}
            }
        }
        if self.retry_at.is_some_and(|at| at <= now) {
            self.retry_at = None;
            if let Some(backoff) = &self.backoff {
                let event = ReconnectAttemptEvent {
                    attempt: i64::from(backoff.attempts()),
                    code: -1,
                    first_attempt_ts: backoff.first_attempt_at() as f64,
                    max_attempts: i64::from(MAX_ATTEMPTS),
                    since_first_attempt_ms: now.saturating_sub(backoff.first_attempt_at()) as f64,
                };
                self.emit(Emitted::ReconnectAttempt(event));
                self.outputs.push_back(Output::Connect(self.url.clone()));
            }
        }
    }

    /// The next thing to do, if any.
    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    fn emit(&mut self, event: Emitted) {
        self.outputs.push_back(Output::Emit(event));
    }

    fn close_socket(&mut self) {
        if self.socket_open || matches!(self.phase, Phase::LoggingIn { .. } | Phase::Reconnecting) {
            self.outputs.push_back(Output::Close);
        }
        self.socket_open = false;
    }

    fn reject_all(&mut self, error: impl Fn(&str) -> SdkError) {
        for (id, pending) in self.pending.drain() {
            self.outputs.push_back(Output::Reject { id, error: error(&pending.action) });
        }
    }

    /// Ends the session for good, telling the desk why unless the gateway
    /// already did.
    fn end(&mut self, reason: &str, message: &str) {
        self.close_socket();
        self.phase = Phase::Ended;
        self.heartbeat = None;
        self.backoff = None;
        self.retry_at = None;
        self.token = None;
        let why = format!("the session ended ({reason})");
        self.reject_all(|action| SdkError::not_connected(action, &why));
        if !self.end_announced {
            self.end_announced = true;
            let (tenant_id, agent_no) =
                self.agent.as_ref().map(|a| (a.tenant_id.clone(), a.agent_no.clone())).unwrap_or_default();
            self.emit(Emitted::SessionTerminate(SessionTerminateEvent {
                tenant_id,
                agent_no,
                call_type: None,
                unique_id: None,
                main_unique_id: None,
                reason: Some(reason.to_string()),
                message: Some(message.to_string()),
            }));
        }
    }
}

/// `{id, action, params}`: `action` is one of the SDK's own names and
/// `params` is JSON text already checked, so plain formatting is exact.
fn request_frame(id: u64, action: &str, params: &str) -> String {
    format!("{{\"id\":{id},\"action\":\"{action}\",\"params\":{params}}}")
}

fn terminal_reason(code: u16) -> Option<&'static str> {
    match code {
        close_code::REPLACED => Some(terminate_reason::REPLACED),
        close_code::LOGGED_OUT => Some(terminate_reason::LOGOUT),
        close_code::SESSION_GONE => Some(terminate_reason::SESSION_GONE),
        _ => None,
    }
}
