//! Business error codes (`errorCode`) and the refusals that carry them. The
//! full table is in docs/protocol.md.

use agent_sdk::protocol::{Invalid, SdkResponse};

/// The `errorCode` values the gateway sends.
pub mod code {
    /// Internal failure; try again later.
    pub const TRY_LATER: i64 = 10001;
    /// A parameter breaks a rule (`bad param: <field> <rule>`).
    pub const BAD_PARAM: i64 = 20000;
    /// The connection carries no session yet.
    pub const NOT_LOGINED: i64 = 20001;
    /// Wrong `sessionKey`.
    pub const INVALID_SESSION_KEY: i64 = 20002;
    /// Unknown `tenantId`.
    pub const NO_SUCH_TENANT: i64 = 20003;
    /// Unknown `action`.
    pub const UNKNOWN_ACTION: i64 = 20004;
    /// The pause reason is not configured for the tenant.
    pub const NO_SUCH_PAUSE_REASON: i64 = 20005;
    /// Refused while the agent's device is dialling, ringing or in use.
    pub const NOT_IDLE: i64 = 20006;
    /// The agent is already in the requested state.
    pub const ALREADY: i64 = 20007;
    /// `resume` cannot continue the session.
    pub const SESSION_GONE: i64 = 20008;
    /// Graceful logout refused while the agent is on a call.
    pub const ON_CALL: i64 = 20009;
    /// `login` or `resume` on a connection that already carries a session.
    pub const ALREADY_LOGINED: i64 = 20010;
    /// The agent is on a call, dialling or locked (outbound refused).
    pub const AGENT_BUSY: i64 = 20011;
    /// Unknown `agentNo` in the tenant.
    pub const NO_SUCH_AGENT: i64 = 20012;
}

/// Why the gateway refused an operation: its `errorCode` and `message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Business error code.
    pub error_code: i64,
    /// The response `message`.
    pub message: String,
}

impl Refusal {
    /// A refusal with this code and message.
    pub fn new(error_code: i64, message: impl Into<String>) -> Self {
        Self { error_code, message: message.into() }
    }

    /// The failed response for `action` (`<op>Resp`).
    pub fn response(&self, action: &str) -> SdkResponse {
        SdkResponse::fail(action, self.message.clone(), Some(self.error_code))
    }

    /// 10001: something failed inside the gateway.
    pub fn try_later() -> Self {
        Self::new(code::TRY_LATER, "Please try again later")
    }

    /// 20000: a parameter breaks a rule.
    pub fn bad_param(invalid: &Invalid) -> Self {
        Self::new(code::BAD_PARAM, format!("bad param: {invalid}"))
    }

    /// 20001.
    pub fn not_logined() -> Self {
        Self::new(code::NOT_LOGINED, "not logined")
    }

    /// 20002.
    pub fn invalid_session_key() -> Self {
        Self::new(code::INVALID_SESSION_KEY, "invalid sessionKey")
    }

    /// 20003.
    pub fn no_such_tenant() -> Self {
        Self::new(code::NO_SUCH_TENANT, "no such tenant")
    }

    /// 20004.
    pub fn unknown_action(action: &str) -> Self {
        Self::new(code::UNKNOWN_ACTION, format!("unknown action '{action}'"))
    }

    /// 20005.
    pub fn no_such_pause_reason(pause_type: Option<i64>, description: &str) -> Self {
        let message = match pause_type {
            Some(t) => {
                format!("no such pause reason: pauseType {t}, pauseDescription '{description}'")
            }
            None => format!("no such pause reason: pauseDescription '{description}'"),
        };
        Self::new(code::NO_SUCH_PAUSE_REASON, message)
    }

    /// 20006 (seed message).
    pub fn not_idle() -> Self {
        Self::new(code::NOT_IDLE, "deviceStatus not in idle")
    }

    /// 20007 on `pause` with the current reason.
    pub fn already_paused() -> Self {
        Self::new(code::ALREADY, "already paused")
    }

    /// 20007 on `unpause` while idle (seed message).
    pub fn already_ready() -> Self {
        Self::new(code::ALREADY, "already ready")
    }

    /// 20008.
    pub fn session_gone() -> Self {
        Self::new(code::SESSION_GONE, "session gone")
    }

    /// 20009.
    pub fn on_call() -> Self {
        Self::new(code::ON_CALL, "agent is on a call")
    }

    /// 20010.
    pub fn already_logined() -> Self {
        Self::new(code::ALREADY_LOGINED, "already logined")
    }

    /// 20011 (seed message of `previewObCall`).
    pub fn agent_busy() -> Self {
        Self::new(code::AGENT_BUSY, "agent busy")
    }

    /// 20012 (seed message).
    pub fn no_such_agent() -> Self {
        Self::new(code::NO_SUCH_AGENT, "no such agent")
    }
}
