//! Every session of the gateway, indexed by agent and by token, and what
//! happens to them: login (with takeover), resume, requests inside a
//! session, disconnects and timers; and the call engine, which moves the
//! sessions' agents (`calls.rs`). No sockets and no clock here: frames go
//! into each connection's queue, the time comes in as milliseconds, and
//! timers go out as [`Wake`]s for the runtime to schedule.

mod audio;
mod calls;
mod extension;
mod faults;
mod queue_watch;
mod softphone;
mod supervisor;

pub use queue_watch::INTERVAL_MS as QUEUE_STATUS_INTERVAL_MS;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use agent_sdk::protocol::events::SessionTerminateEvent;
use agent_sdk::protocol::frame::{close_code, terminate_reason, ResumeParams};
use agent_sdk::protocol::ops::{
    LoginParams, LoginResponse, LogoutParams, PauseParams, UnpauseParams, UpdateBoundEndpointParams,
};
use agent_sdk::protocol::{BindEndpoint, Event, Invalid, Operation, SdkResponse};
use serde::Serialize;
use serde_json::Value;

use crate::agent::{Agent, Command, InitialStatus, Login};
use crate::calls::{AgentKey, CallOp, Engine};
use crate::config::Config;
use crate::errors::Refusal;
use crate::params::{parse, parse_valid};
use crate::session::{Conn, ConnId, ReplayError, Session, SessionId, Token};
use crate::sip::bridges::Bridges;
use crate::sip::Softphone;
use crate::wire;

/// A timer the runtime must set: call [`Hub::wake`] at `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// The agent's state machine has a deadline (wrap-up end).
    Agent {
        /// Whose.
        session: SessionId,
        /// When, in gateway ms.
        at_ms: u64,
    },
    /// A call timer (ringing, auto-answer, IVR, survey, duration limit).
    Calls {
        /// When, in gateway ms.
        at_ms: u64,
    },
    /// A supervisor desk's coalesced `queueStatus` push is due.
    Queues {
        /// Whose.
        session: SessionId,
        /// When, in gateway ms.
        at_ms: u64,
    },
    /// A detached session expires unless resumed first.
    Expire {
        /// Whose.
        session: SessionId,
        /// The detach generation that must still hold.
        generation: u64,
        /// When, in gateway ms.
        at_ms: u64,
    },
}

/// What a request did to its connection.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// The session the connection carries afterwards.
    pub bound: Option<SessionId>,
    /// Timers to set.
    pub wakes: Vec<Wake>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoginOk<'a> {
    #[serde(flatten)]
    base: LoginResponse,
    token: &'a str,
    heartbeat_interval_ms: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResumeOk {
    #[serde(flatten)]
    base: SdkResponse,
    last_seq: u64,
}

/// Unix time in seconds the unique ids of [`Hub::new`] count from (the
/// running gateway passes its start time instead).
pub const TEST_CLOCK_BASE: u64 = 1_718_000_000;

/// The session registry and the calls.
#[derive(Debug)]
pub struct Hub {
    config: Arc<Config>,
    sessions: HashMap<SessionId, Session>,
    by_agent: HashMap<AgentKey, SessionId>,
    by_token: HashMap<String, SessionId>,
    next_id: SessionId,
    calls: Engine,
    /// Call timers already handed to the runtime.
    call_wakes: BTreeSet<u64>,
    /// Where softphones reach the gateway; `None` when it does not serve
    /// them (the hub without a runtime, in unit tests).
    softphone: Option<Softphone>,
    softphones: softphone::Softphones,
    /// The calls' conference bridges; `None` without a runtime (unit
    /// tests), where the plans are still worked out.
    bridges: Option<Arc<Bridges>>,
    audio: audio::Audio,
    /// Supervisor sessions watching queues (bound with `qids` at login).
    watches: HashMap<SessionId, queue_watch::QueueWatch>,
}

fn respond_fail(conn: &Conn, id: u64, action: &str, refusal: &Refusal) {
    conn.send(wire::response(id, &refusal.response(&format!("{action}Resp"))));
}

impl Hub {
    /// An empty registry over `config`, with unique ids counted from
    /// [`TEST_CLOCK_BASE`].
    pub fn new(config: Arc<Config>) -> Self {
        Self::with_clock_base(config, TEST_CLOCK_BASE)
    }

    /// An empty registry whose call unique ids count from `base_seconds`
    /// (Unix time at start).
    pub fn with_clock_base(config: Arc<Config>, base_seconds: u64) -> Self {
        Self::with_clock_base_ms(config, base_seconds.saturating_mul(1000))
    }

    /// The same with the start time in ms (the running gateway's), so the
    /// epoch times in events are exact.
    pub fn with_clock_base_ms(config: Arc<Config>, base_ms: u64) -> Self {
        Self {
            calls: Engine::with_base_ms(config.clone(), base_ms),
            config,
            sessions: HashMap::new(),
            by_agent: HashMap::new(),
            by_token: HashMap::new(),
            next_id: 1,
            call_wakes: BTreeSet::new(),
            softphone: None,
            softphones: softphone::Softphones::default(),
            bridges: None,
            audio: audio::Audio::default(),
            watches: HashMap::new(),
        }
    }

    /// Serves softphones: logins with `endpointType` 3 are told where.
    pub fn set_softphone(&mut self, softphone: Softphone) {
        self.softphone = Some(softphone);
    }

    /// Mixes the audio of calls with softphone legs on `bridges`.
    pub fn set_bridges(&mut self, bridges: Arc<Bridges>) {
        self.bridges = Some(bridges);
    }

    /// The number of live sessions (attached or waiting for a resume).
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Handles request `id` from `conn`, which carries session `bound` (if
    /// any) before it.
    pub fn request(
        &mut self,
        conn: &Conn,
        bound: Option<SessionId>,
        id: u64,
        action: &str,
        params: Value,
        now_ms: u64,
    ) -> Outcome {
        let live = bound.filter(|sid| self.sessions.get(sid).is_some_and(|s| s.is_attached_to(conn.id)));
        if let Some(sid) = live {
            return self.in_session(conn, sid, id, action, params, now_ms);
        }
        match action {
            LoginParams::ACTION => self.login(conn, id, params, now_ms),
            "resume" => self.resume(conn, id, params),
            _ => {
                respond_fail(conn, id, action, &Refusal::not_logined());
                Outcome::default()
            }
        }
    }

    /// Checks a login: the credential, the initial status, and `qids`
    /// (supervisors only); returns the agent's login and the queues it
    /// watches.
    fn authenticate(&self, params: Value) -> Result<(Login, Vec<String>), Refusal> {
        let p: LoginParams = parse_valid(params).map_err(|e| Refusal::bad_param(&e))?;
        let tenant = self.config.tenant(&p.tenant_id).ok_or_else(Refusal::no_such_tenant)?;
        let agent = tenant.agent(&p.agent_no).ok_or_else(Refusal::no_such_agent)?;
        if !agent.session_key.matches(&p.session_key) {
            return Err(Refusal::invalid_session_key());
        }
        let qids = p.qids.as_deref().filter(|q| !q.trim().is_empty());
        let watched = match qids {
            Some(_) if !supervisor::is_supervisor(tenant, &p.agent_no) => return Err(Refusal::no_permission()),
            Some(qids) => supervisor::resolve_qids(tenant, qids).map_err(|e| Refusal::bad_param(&e))?,
            None => Vec::new(),
        };
        let initial = match p.initial_status {
            1 => InitialStatus::Idle,
            2 => {
                let name = p.pause_description.as_deref().unwrap_or_default();
                let reason =
                    tenant.pause_reason_named(name).ok_or_else(|| Refusal::no_such_pause_reason(None, name))?;
                InitialStatus::Busy(reason.clone())
            }
            _ => InitialStatus::Wrapup,
        };
        let login = Login {
            tenant_id: p.tenant_id,
            agent_no: p.agent_no,
            bind_endpoint: p.bind_endpoint,
            initial,
            wrapup_ms: tenant.wrapup_seconds.saturating_mul(1000),
        };
        Ok((login, watched))
    }

    fn login(&mut self, conn: &Conn, id: u64, params: Value, now_ms: u64) -> Outcome {
        let (login, watched) = match self.authenticate(params) {
            Ok(ok) => ok,
            Err(refusal) => {
                tracing::info!(conn = conn.id, code = refusal.error_code, "login refused");
                respond_fail(conn, id, LoginParams::ACTION, &refusal);
                return Outcome::default();
            }
        };
        let token = match Token::generate() {
            Ok(t) => t,
            Err(e) => {
                tracing::error!(error = %e, "no randomness for a session token");
                respond_fail(conn, id, LoginParams::ACTION, &Refusal::try_later());
                return Outcome::default();
            }
        };
        let sip_password = match self.sip_password(&login.bind_endpoint) {
            Ok(t) => t,
            Err(refusal) => {
                tracing::info!(conn = conn.id, code = refusal.error_code, "softphone login refused");
                respond_fail(conn, id, LoginParams::ACTION, &refusal);
                return Outcome::default();
            }
        };
        let key = AgentKey::new(&login.tenant_id, &login.agent_no);
        let mut wakes = Vec::new();
        if let Some(old) = self.by_agent.get(&key).copied() {
            tracing::info!(tenant = %key.tenant_id, agent = %key.agent_no, "login replaces the agent's previous session");
            let message = "another login of this agent replaced the session";
            wakes = self.end_session(old, terminate_reason::REPLACED, message, close_code::REPLACED, now_ms);
        }
        let sid = self.next_id;
        self.next_id += 1;
        let softphone = self.softphone.as_ref().filter(|_| login.bind_endpoint.endpoint_type == 3);
        let response = LoginOk {
            base: LoginResponse {
                base: SdkResponse::ok("loginResp"),
                tenant_id: Some(login.tenant_id.clone()),
                agent_no: Some(login.agent_no.clone()),
                bind_endpoint: Some(login.bind_endpoint.clone()),
                webrtc_socket_url: softphone.map(|s| s.socket_url(conn.host.as_deref())),
                webrtc_stun_server: softphone.map(|s| s.stun.clone()),
                sip_pwd: softphone.map(|_| sip_password.expose().to_string()),
                sip_ip: softphone.map(|s| s.domain.clone()),
            },
            token: token.expose(),
            heartbeat_interval_ms: self.config.timing.heartbeat_interval_ms,
        };
        let text = wire::response(id, &response);
        let mut session = Session::new(Agent::login(login, now_ms), token, conn.clone());
        session.count_run();
        session.set_sip_password(sip_password);
        session.respond(conn, id, LoginParams::ACTION, text);
        session.push(&Event::AgentStatusEvent(session.agent.event()));
        tracing::info!(tenant = %key.tenant_id, agent = %key.agent_no, conn = conn.id, session = sid, "login");
        wakes.extend(session.agent.deadline().map(|at_ms| Wake::Agent { session: sid, at_ms }));
        self.by_token.insert(session.token().expose().to_string(), sid);
        self.by_agent.insert(key, sid);
        self.sessions.insert(sid, session);
        if !watched.is_empty() {
            self.watches.insert(sid, queue_watch::QueueWatch::new(watched));
        }
        let more = self.flush(now_ms);
        Outcome { bound: Some(sid), wakes: calls::merge(wakes, more) }
    }

    /// The `sipPwd` of a new session: its SIP account's password behind a
    /// SIP proxy (which knows it), else a fresh random one the gateway's own
    /// registrar checks.
    fn sip_password(&self, endpoint: &BindEndpoint) -> Result<Token, Refusal> {
        let proxy = self.config.sip_proxy.as_ref().filter(|_| endpoint.endpoint_type == 3 && self.softphone.is_some());
        if let Some(proxy) = proxy {
            let account = proxy.softphone(&endpoint.endpoint).ok_or_else(|| {
                let message =
                    format!("bad param: bindEndpoint.endpoint '{}' has no account on the SIP proxy", endpoint.endpoint);
                Refusal::new(crate::errors::code::BAD_PARAM, message)
            })?;
            return Ok(Token::configured(account.password.expose()));
        }
        Token::generate().map_err(|e| {
            tracing::error!(error = %e, "no randomness for a SIP password");
            Refusal::try_later()
        })
    }

    fn resume(&mut self, conn: &Conn, id: u64, params: Value) -> Outcome {
        let p: ResumeParams = match parse(params) {
            Ok(p) => p,
            Err(e) => {
                respond_fail(conn, id, "resume", &Refusal::bad_param(&e));
                return Outcome::default();
            }
        };
        let gone = |conn: &Conn| {
            respond_fail(conn, id, "resume", &Refusal::session_gone());
            conn.close(close_code::SESSION_GONE, "session gone");
            Outcome::default()
        };
        let Some(sid) = self.by_token.get(&p.token).copied() else {
            tracing::info!(conn = conn.id, "resume with an unknown or expired token");
            return gone(conn);
        };
        let Some(session) = self.sessions.get_mut(&sid) else {
            return gone(conn);
        };
        let replay = match session.replay_after(p.last_seq) {
            Ok(replay) => replay,
            Err(ReplayError::TooOld) => {
                tracing::info!(session = sid, "resume too far behind the replay buffer");
                return gone(conn);
            }
            Err(ReplayError::Ahead) => {
                let rule = format!("must not be greater than the session's last seq {}", session.seq());
                respond_fail(conn, id, "resume", &Refusal::bad_param(&Invalid::new("lastSeq", rule)));
                return Outcome::default();
            }
        };
        if let Some(old) = session.attach(conn.clone()) {
            if old.id != conn.id {
                old.close(close_code::REPLACED, "resumed on another connection");
            }
        }
        conn.send(wire::response(id, &ResumeOk { base: SdkResponse::ok("resumeResp"), last_seq: session.seq() }));
        let replayed = replay.len();
        for text in replay {
            conn.send(text);
        }
        tracing::info!(session = sid, conn = conn.id, replayed, "resume");
        Outcome { bound: Some(sid), wakes: Vec::new() }
    }

    fn in_session(
        &mut self,
        conn: &Conn,
        sid: SessionId,
        id: u64,
        action: &str,
        params: Value,
        now_ms: u64,
    ) -> Outcome {
        let Some(session) = self.sessions.get_mut(&sid) else {
            return Outcome::default();
        };
        if let Some(cached) = session.cached(id) {
            if cached.action == action {
                conn.send(cached.text.clone());
            } else {
                let rule = format!("was already used by a '{}' request", cached.action);
                respond_fail(conn, id, action, &Refusal::bad_param(&Invalid::new("id", rule)));
            }
            return Outcome { bound: Some(sid), wakes: Vec::new() };
        }
        session.count_run();
        if let Some(outcome) = self.supervisor_request(conn, sid, id, action, &params, now_ms) {
            return outcome;
        }
        if let Some(op) = CallOp::parse(action, &params) {
            return self.call_request(conn, sid, id, action, op.map_err(|e| Refusal::bad_param(&e)), now_ms);
        }
        let Some(session) = self.sessions.get_mut(&sid) else {
            return Outcome::default();
        };
        let Some(tenant) = self.config.tenant(session.agent.tenant_id()) else {
            return Outcome::default();
        };
        let before = session.agent.deadline();
        let mut logout = false;
        let result = match action {
            LoginParams::ACTION | "resume" => Err(Refusal::already_logined()),
            PauseParams::ACTION => parse_valid::<PauseParams>(params)
                .map_err(|e| Refusal::bad_param(&e))
                .and_then(|p| {
                    let description = p.pause_description.as_deref().unwrap_or("busy");
                    tenant
                        .pause_reason(p.pause_type, description)
                        .cloned()
                        .ok_or_else(|| Refusal::no_such_pause_reason(Some(p.pause_type), description))
                })
                .and_then(|reason| session.agent.apply(Command::Pause(reason), now_ms)),
            UnpauseParams::ACTION => parse_valid::<UnpauseParams>(params)
                .map_err(|e| Refusal::bad_param(&e))
                .and_then(|_| session.agent.apply(Command::Unpause, now_ms)),
            UpdateBoundEndpointParams::ACTION => parse_valid::<UpdateBoundEndpointParams>(params)
                .map_err(|e| Refusal::bad_param(&e))
                .and_then(|p| session.agent.apply(Command::UpdateBoundEndpoint(p.bind_endpoint), now_ms)),
            LogoutParams::ACTION => {
                parse_valid::<LogoutParams>(params).map_err(|e| Refusal::bad_param(&e)).and_then(|p| {
                    let command =
                        Command::Logout { immediate: p.logout_mode == 1, unbind: p.unbind_endpoint == Some(1) };
                    logout = true;
                    session.agent.apply(command, now_ms)
                })
            }
            _ => Err(Refusal::unknown_action(action)),
        };
        let reply = match &result {
            Ok(_) => SdkResponse::ok(format!("{action}Resp")),
            Err(refusal) => refusal.response(&format!("{action}Resp")),
        };
        tracing::debug!(session = sid, id, action, code = reply.error_code.unwrap_or(0), "request");
        session.respond(conn, id, action, wire::response(id, &reply));
        let mut wakes = Vec::new();
        if let Some(at_ms) = session.agent.deadline().filter(|at| Some(*at) != before) {
            wakes.push(Wake::Agent { session: sid, at_ms });
        }
        if logout && result.is_ok() {
            // The agent's calls end first, so their sessionTerminate comes
            // before the offline status and the session's own end.
            let key = AgentKey::new(session.agent.tenant_id(), session.agent.agent_no());
            wakes.extend(self.release_calls(&key, now_ms));
            if let Some(session) = self.sessions.get_mut(&sid) {
                session.push(&Event::AgentStatusEvent(session.agent.event()));
            }
            let message = "logged out";
            wakes.extend(self.end_session(sid, terminate_reason::LOGOUT, message, close_code::LOGGED_OUT, now_ms));
            wakes.extend(self.watch_queues(now_ms));
            return Outcome { bound: None, wakes };
        }
        if result == Ok(true) {
            session.push(&Event::AgentStatusEvent(session.agent.event()));
        }
        let more = self.flush(now_ms);
        Outcome { bound: Some(sid), wakes: calls::merge(wakes, more) }
    }

    /// Ends a session on purpose: its calls lose the agent, then it pushes
    /// `sessionTerminate` with `reason`, closes its connection with `code`
    /// and is forgotten.
    fn end_session(&mut self, sid: SessionId, reason: &str, message: &str, code: u16, now_ms: u64) -> Vec<Wake> {
        let Some(key) = self.sessions.get(&sid).map(|s| AgentKey::new(s.agent.tenant_id(), s.agent.agent_no())) else {
            return Vec::new();
        };
        let wakes = self.release_calls(&key, now_ms);
        let Some(mut session) = self.remove(sid) else {
            return wakes;
        };
        let event = SessionTerminateEvent {
            tenant_id: session.agent.tenant_id().to_string(),
            agent_no: session.agent.agent_no().to_string(),
            call_type: None,
            unique_id: None,
            main_unique_id: None,
            reason: Some(reason.to_string()),
            message: Some(message.to_string()),
        };
        session.push(&Event::SessionTerminateEvent(event));
        if let Some(conn) = session.conn() {
            conn.close(code, reason);
        }
        tracing::info!(session = sid, reason, "session ended");
        wakes
    }

    fn remove(&mut self, sid: SessionId) -> Option<Session> {
        let session = self.sessions.remove(&sid)?;
        self.softphones.session_gone(sid);
        self.watches.remove(&sid);
        self.by_token.remove(session.token().expose());
        let key = AgentKey::new(session.agent.tenant_id(), session.agent.agent_no());
        if self.by_agent.get(&key) == Some(&sid) {
            self.by_agent.remove(&key);
        }
        Some(session)
    }

    /// The tenant and agent of the live session holding `token` (for
    /// requests outside the WebSocket that the token authenticates).
    pub fn identity_of_token(&self, token: &str) -> Option<(String, String)> {
        let session = self.by_token.get(token).and_then(|sid| self.sessions.get(sid))?;
        Some((session.agent.tenant_id().to_string(), session.agent.agent_no().to_string()))
    }

    /// Fault injection for tests: breaks the connection of `tenant_id`'s
    /// agent `agent_no` now, or right before its next response. False when
    /// the agent has no connected session.
    pub fn inject_drop(&mut self, tenant_id: &str, agent_no: &str, before_next_response: bool) -> bool {
        let key = AgentKey::new(tenant_id, agent_no);
        let Some(session) = self.by_agent.get(&key).and_then(|sid| self.sessions.get_mut(sid)) else {
            return false;
        };
        let Some(conn) = session.conn().cloned() else { return false };
        if before_next_response {
            session.drop_before_next_response();
        } else {
            conn.drop_now();
        }
        true
    }

    /// `conn` is gone. If it carried `bound`, the session waits for a
    /// resume until the returned expiry.
    pub fn disconnect(&mut self, conn: ConnId, bound: Option<SessionId>, now_ms: u64) -> Vec<Wake> {
        let Some(sid) = bound else {
            return Vec::new();
        };
        let Some(generation) = self.sessions.get_mut(&sid).and_then(|s| s.detach(conn)) else {
            return Vec::new();
        };
        tracing::info!(session = sid, conn, "connection dropped; session waits for a resume");
        let at_ms = now_ms.saturating_add(self.config.timing.resume_grace_ms);
        vec![Wake::Expire { session: sid, generation, at_ms }]
    }

    /// A timer set from a [`Wake`] fired at `now_ms`.
    pub fn wake(&mut self, wake: Wake, now_ms: u64) -> Vec<Wake> {
        match wake {
            Wake::Agent { session: sid, .. } => {
                let Some(session) = self.sessions.get_mut(&sid) else {
                    return Vec::new();
                };
                if session.agent.on_timer(now_ms) {
                    session.push(&Event::AgentStatusEvent(session.agent.event()));
                }
                let wakes: Vec<Wake> =
                    session.agent.deadline().map(|at_ms| Wake::Agent { session: sid, at_ms }).into_iter().collect();
                let more = self.flush(now_ms);
                calls::merge(wakes, more)
            }
            Wake::Calls { at_ms } => self.calls_due(at_ms, now_ms),
            Wake::Queues { session, at_ms } => {
                self.queue_wake(session, at_ms, now_ms);
                Vec::new()
            }
            Wake::Expire { session: sid, generation, .. } => {
                let Some(session) = self.sessions.get(&sid).filter(|s| s.expired_by(generation)) else {
                    return Vec::new();
                };
                let key = AgentKey::new(session.agent.tenant_id(), session.agent.agent_no());
                let mut wakes = self.release_calls(&key, now_ms);
                self.remove(sid);
                tracing::info!(session = sid, "session expired without a resume");
                wakes.extend(self.watch_queues(now_ms));
                wakes
            }
        }
    }
}

#[cfg(test)]
mod audio_tests;
#[cfg(test)]
mod softphone_tests;
#[cfg(test)]
mod tests;
