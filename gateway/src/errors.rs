//! Business error codes (`errorCode`) and the refusals that carry them. The
//! full table is in docs/protocol.md.

use agent_sdk::protocol::{Invalid, SdkResponse};

/// The `errorCode` values the gateway sends.
pub mod code {
    use agent_sdk::protocol::business::business_code;

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
    pub const ALREADY_LOGINED: i64 = business_code::ALREADY_LOGINED;
    /// The agent is on a call, dialling or locked (outbound refused).
    pub const AGENT_BUSY: i64 = 20011;
    /// Unknown `agentNo` in the tenant, or the agent is not logged in.
    pub const NO_SUCH_AGENT: i64 = 20012;
    /// `startAutoObCallTask` / `pauseAutoObCallTask`: the tenant has no such
    /// task.
    pub const NO_SUCH_TASK: i64 = business_code::NO_SUCH_TASK;
    /// A supervisor operation without the supervisor role.
    pub const NO_PERMISSION: i64 = business_code::NO_PERMISSION;
    /// `transferIvr` / `blxfer` to an IVR node the tenant does not have.
    pub const NO_SUCH_IVR_NODE: i64 = business_code::NO_SUCH_IVR_NODE;
    /// The agent may not place outbound calls.
    pub const PERMISSION_DENIED: i64 = business_code::PERMISSION_DENIED;
    /// The tenant has outbound calling switched off.
    pub const NO_OB_PERMISSION: i64 = business_code::NO_OB_PERMISSION;
    /// An extension target the tenant does not have.
    pub const BAD_DEST_INTERFACE: i64 = business_code::BAD_DEST_INTERFACE;
    /// The number is on the tenant's blacklist.
    pub const RESTRICT_TEL: i64 = business_code::RESTRICT_TEL;
    /// `obClid` is not one of the tenant's caller ids.
    pub const BAD_OB_CLID: i64 = business_code::BAD_OB_CLID;
    /// A well-formed number that cannot be dialled.
    pub const BAD_TEL: i64 = business_code::BAD_TEL;
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

    /// 20006 with what the state lacks, e.g. `no call in progress`.
    pub fn state(message: &str) -> Self {
        Self::new(code::NOT_IDLE, message)
    }

    /// 20006 on `prolongWrapup` outside wrap-up.
    pub fn not_in_wrapup() -> Self {
        Self::state("agent not in wrapup")
    }

    /// 20007 with what already holds, e.g. `already held`.
    pub fn already(message: &str) -> Self {
        Self::new(code::ALREADY, message)
    }

    /// 20011 on `previewObCall` (seed message).
    pub fn preview_agent_busy() -> Self {
        Self::new(code::AGENT_BUSY, "previewOutcall agent busy")
    }

    /// 20014.
    pub fn no_such_task(task_id: &str) -> Self {
        Self::new(code::NO_SUCH_TASK, format!("no such task '{task_id}'"))
    }

    /// 20015.
    pub fn no_such_ivr_node(ivr_id: &str, ivr_node: &str) -> Self {
        Self::new(code::NO_SUCH_IVR_NODE, format!("no such ivr node {ivr_id}:{ivr_node}"))
    }

    /// 20013: a supervisor operation from an agent without the supervisor
    /// role, or `qids` at such an agent's login.
    pub fn no_permission() -> Self {
        Self::new(code::NO_PERMISSION, "no permission")
    }

    /// 20016 (seed message).
    pub fn permission_denied() -> Self {
        Self::new(code::PERMISSION_DENIED, "permission denied")
    }

    /// 20024 (seed message).
    pub fn no_ob_permission() -> Self {
        Self::new(code::NO_OB_PERMISSION, "no ob permission")
    }

    /// 20025 (seed message).
    pub fn bad_dest_interface() -> Self {
        Self::new(code::BAD_DEST_INTERFACE, "bad destInterface")
    }

    /// 20031 (seed message).
    pub fn restrict_tel() -> Self {
        Self::new(code::RESTRICT_TEL, "restrict tel")
    }

    /// 20032 (seed message).
    pub fn bad_ob_clid() -> Self {
        Self::new(code::BAD_OB_CLID, "bad obClidLeftNumber")
    }

    /// 20102 (seed message).
    pub fn bad_tel() -> Self {
        Self::new(code::BAD_TEL, "bad tel")
    }
}
