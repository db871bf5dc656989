//! Every session of the gateway, indexed by agent and by token, and what
//! happens to them: login (with takeover), resume, requests inside a
//! session, disconnects and timers. No sockets and no clock here: frames go
//! into each connection's queue, the time comes in as milliseconds, and
//! timers go out as [`Wake`]s for the runtime to schedule.

use std::collections::HashMap;
use std::sync::Arc;

use agent_sdk::protocol::events::SessionTerminateEvent;
use agent_sdk::protocol::frame::{close_code, terminate_reason, ResumeParams};
use agent_sdk::protocol::ops::{
    LoginParams, LoginResponse, LogoutParams, PauseParams, UnpauseParams, UpdateBoundEndpointParams,
};
use agent_sdk::protocol::{Event, Invalid, Operation, SdkResponse};
use serde::Serialize;
use serde_json::Value;

use crate::agent::{Agent, Command, InitialStatus, Login};
use crate::config::{Config, Tenant};
use crate::errors::Refusal;
use crate::params::{parse, parse_valid};
use crate::session::{Conn, ConnId, ReplayError, Session, SessionId, Token};
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

/// The session registry.
#[derive(Debug)]
pub struct Hub {
    config: Arc<Config>,
    sessions: HashMap<SessionId, Session>,
    by_agent: HashMap<(String, String), SessionId>,
    by_token: HashMap<String, SessionId>,
    next_id: SessionId,
}

fn respond_fail(conn: &Conn, id: u64, action: &str, refusal: &Refusal) {
    conn.send(wire::response(id, &refusal.response(&format!("{action}Resp"))));
}

impl Hub {
    /// An empty registry over `config`.
    pub fn new(config: Arc<Config>) -> Self {
        Self { config, sessions: HashMap::new(), by_agent: HashMap::new(), by_token: HashMap::new(), next_id: 1 }
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

    fn authenticate(&self, params: Value) -> Result<(Login, &Tenant), Refusal> {
        let p: LoginParams = parse_valid(params).map_err(|e| Refusal::bad_param(&e))?;
        let tenant = self.config.tenant(&p.tenant_id).ok_or_else(Refusal::no_such_tenant)?;
        let agent = tenant.agent(&p.agent_no).ok_or_else(Refusal::no_such_agent)?;
        if !agent.session_key.matches(&p.session_key) {
            return Err(Refusal::invalid_session_key());
        }
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
        Ok((login, tenant))
    }

    fn login(&mut self, conn: &Conn, id: u64, params: Value, now_ms: u64) -> Outcome {
        let login = match self.authenticate(params) {
            Ok((login, _)) => login,
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
        let key = (login.tenant_id.clone(), login.agent_no.clone());
        if let Some(old) = self.by_agent.get(&key).copied() {
            tracing::info!(tenant = %key.0, agent = %key.1, "login replaces the agent's previous session");
            let message = "another login of this agent replaced the session";
            self.end_session(old, terminate_reason::REPLACED, message, close_code::REPLACED);
        }
        let sid = self.next_id;
        self.next_id += 1;
        let response = LoginOk {
            base: LoginResponse {
                base: SdkResponse::ok("loginResp"),
                tenant_id: Some(login.tenant_id.clone()),
                agent_no: Some(login.agent_no.clone()),
                bind_endpoint: Some(login.bind_endpoint.clone()),
                webrtc_socket_url: None,
                webrtc_stun_server: None,
                sip_pwd: None,
                sip_ip: None,
            },
            token: token.expose(),
            heartbeat_interval_ms: self.config.timing.heartbeat_interval_ms,
        };
        let text = wire::response(id, &response);
        let mut session = Session::new(Agent::login(login, now_ms), token, conn.clone());
        session.respond(conn, id, LoginParams::ACTION, text);
        session.push(&Event::AgentStatusEvent(session.agent.event()));
        tracing::info!(tenant = %key.0, agent = %key.1, conn = conn.id, session = sid, "login");
        let wakes = session.agent.deadline().map(|at_ms| Wake::Agent { session: sid, at_ms }).into_iter().collect();
        self.by_token.insert(session.token().expose().to_string(), sid);
        self.by_agent.insert(key, sid);
        self.sessions.insert(sid, session);
        Outcome { bound: Some(sid), wakes }
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
        if result == Ok(true) {
            session.push(&Event::AgentStatusEvent(session.agent.event()));
        }
        let mut wakes = Vec::new();
        if let Some(at_ms) = session.agent.deadline().filter(|at| Some(*at) != before) {
            wakes.push(Wake::Agent { session: sid, at_ms });
        }
        if logout && result.is_ok() {
            self.end_session(sid, terminate_reason::LOGOUT, "logged out", close_code::LOGGED_OUT);
            return Outcome { bound: None, wakes: Vec::new() };
        }
        Outcome { bound: Some(sid), wakes }
    }

    /// Ends a session on purpose: pushes `sessionTerminate` with `reason`,
    /// closes its connection with `code` and forgets it.
    fn end_session(&mut self, sid: SessionId, reason: &str, message: &str, code: u16) {
        let Some(mut session) = self.remove(sid) else {
            return;
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
    }

    fn remove(&mut self, sid: SessionId) -> Option<Session> {
        let session = self.sessions.remove(&sid)?;
        self.by_token.remove(session.token().expose());
        let key = (session.agent.tenant_id().to_string(), session.agent.agent_no().to_string());
        if self.by_agent.get(&key) == Some(&sid) {
            self.by_agent.remove(&key);
        }
        Some(session)
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
                session.agent.deadline().map(|at_ms| Wake::Agent { session: sid, at_ms }).into_iter().collect()
            }
            Wake::Expire { session: sid, generation, .. } => {
                if self.sessions.get(&sid).is_some_and(|s| s.expired_by(generation)) {
                    self.remove(sid);
                    tracing::info!(session = sid, "session expired without a resume");
                }
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Outbound;
    use serde_json::json;
    use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

    struct Client {
        conn: Conn,
        rx: UnboundedReceiver<Outbound>,
        bound: Option<SessionId>,
    }

    impl Client {
        fn new(id: ConnId) -> Self {
            let (tx, rx) = unbounded_channel();
            Self { conn: Conn::new(id, tx), rx, bound: None }
        }

        fn send(&mut self, hub: &mut Hub, id: u64, action: &str, params: Value, now: u64) -> Vec<Wake> {
            let out = hub.request(&self.conn, self.bound, id, action, params, now);
            self.bound = out.bound;
            out.wakes
        }

        fn frames(&mut self) -> Vec<Value> {
            let mut all = Vec::new();
            while let Ok(out) = self.rx.try_recv() {
                all.push(match out {
                    Outbound::Text(t) => serde_json::from_str(&t).unwrap(),
                    Outbound::Close(code, reason) => json!({ "close": code, "reason": reason }),
                });
            }
            all
        }
    }

    fn login_params(agent: &str, initial: i64) -> Value {
        json!({ "tenantId": "t1", "agentNo": agent, "sessionKey": format!("dev-key-{agent}"),
            "bindEndpoint": { "endpointType": 2, "endpoint": "8001" }, "initialStatus": initial })
    }

    fn hub() -> Hub {
        Hub::new(Arc::new(Config::dev()))
    }

    #[test]
    fn login_then_status_push() {
        let mut hub = hub();
        let mut c = Client::new(1);
        assert!(c.send(&mut hub, 1, "login", login_params("0001", 1), 0).is_empty());
        let f = c.frames();
        assert_eq!(f.len(), 2);
        assert_eq!((f[0]["id"].as_u64(), f[0]["code"].as_i64()), (Some(1), Some(0)));
        assert_eq!(f[0]["heartbeatIntervalMs"], 5000);
        assert_eq!(f[1]["seq"], 1);
        assert_eq!(f[1]["status"]["stateAction"], "idle");
        assert_eq!(hub.session_count(), 1);
    }

    #[test]
    fn wrapup_login_sets_a_timer_that_ends_it() {
        let mut hub = hub();
        let mut c = Client::new(1);
        let wakes = c.send(&mut hub, 1, "login", login_params("0001", 3), 1000);
        assert_eq!(wakes, vec![Wake::Agent { session: 1, at_ms: 31_000 }]);
        c.frames();
        assert_eq!(hub.wake(wakes[0], 30_999), wakes);
        assert!(c.frames().is_empty());
        assert!(hub.wake(wakes[0], 31_000).is_empty());
        let f = c.frames();
        assert_eq!((f[0]["seq"].as_u64(), f[0]["status"]["stateAction"].as_str()), (Some(2), Some("wrapupEnd")));
    }

    #[test]
    fn detached_sessions_expire_unless_resumed() {
        let mut hub = hub();
        let mut c = Client::new(1);
        c.send(&mut hub, 1, "login", login_params("0001", 1), 0);
        let token = c.frames()[0]["token"].as_str().unwrap().to_string();
        let wakes = hub.disconnect(1, c.bound, 10);
        assert_eq!(wakes, vec![Wake::Expire { session: 1, generation: 1, at_ms: 120_010 }]);
        let mut d = Client::new(2);
        d.send(&mut hub, 7, "resume", json!({ "token": token, "lastSeq": 0 }), 20);
        let f = d.frames();
        assert_eq!((f[0]["action"].as_str(), f[0]["lastSeq"].as_u64()), (Some("resumeResp"), Some(1)));
        assert_eq!(f[1]["seq"], 1);
        hub.wake(wakes[0], 120_010);
        assert_eq!(hub.session_count(), 1, "a resumed session does not expire");
        let wakes = hub.disconnect(2, d.bound, 200_000);
        hub.wake(wakes[0], 320_000);
        assert_eq!(hub.session_count(), 0);
        let mut e = Client::new(3);
        e.send(&mut hub, 1, "resume", json!({ "token": token, "lastSeq": 1 }), 320_001);
        let f = e.frames();
        assert_eq!((f[0]["errorCode"].as_i64(), f[1]["close"].as_u64()), (Some(20008), Some(4003)));
    }

    #[test]
    fn requests_from_a_replaced_connection_are_not_logined() {
        let mut hub = hub();
        let mut a = Client::new(1);
        a.send(&mut hub, 1, "login", login_params("0001", 1), 0);
        let token = a.frames()[0]["token"].as_str().unwrap().to_string();
        let mut b = Client::new(2);
        b.send(&mut hub, 2, "resume", json!({ "token": token, "lastSeq": 1 }), 0);
        assert_eq!(a.frames(), vec![json!({ "close": 4001, "reason": "resumed on another connection" })]);
        a.send(&mut hub, 3, "unpause", json!({}), 0);
        assert_eq!(a.frames()[0]["errorCode"], 20001);
        assert_eq!(b.frames().len(), 1);
    }
}
