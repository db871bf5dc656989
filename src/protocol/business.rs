//! Business error codes: the `errorCode` of a response whose `code` is not
//! 0. The gateway answers with them and docs/errors.md lists them,
//! so both read the numbers from here.

/// The codes. 10001, 20000, 20011, 20012, 20016, 20024, 20025, 20031, 20032
/// and 20101-20103 come from the seed's `previewObCall` table; 20001-20009
/// and 20013 are the gateway's own.
pub mod business_code {
    /// `Please try again later`: system exception.
    pub const SYSTEM_EXCEPTION: i64 = 10001;
    /// `bad param`: a parameter breaks a rule (the server checks the rules
    /// the SDK checks locally, for clients that skip the SDK).
    pub const BAD_PARAM: i64 = 20000;
    /// `not logined`: a request before login.
    pub const NOT_LOGINED: i64 = 20001;
    /// `invalid sessionKey`: the login credential was refused.
    pub const INVALID_SESSION_KEY: i64 = 20002;
    /// `no such tenant`: unknown `tenantId`.
    pub const NO_SUCH_TENANT: i64 = 20003;
    /// `unknown action`: the gateway has no such operation.
    pub const UNKNOWN_ACTION: i64 = 20004;
    /// `pause reason not configured`: the busy reason is not configured for
    /// the tenant.
    pub const PAUSE_REASON_NOT_CONFIGURED: i64 = 20005;
    /// `deviceStatus not in idle`: the agent's state does not allow the
    /// operation.
    pub const STATE_NOT_ALLOWED: i64 = 20006;
    /// `already ready` / `already paused`: the agent is already in the
    /// requested state.
    pub const ALREADY_IN_STATE: i64 = 20007;
    /// `session gone`: resume refused, the session no longer exists.
    pub const SESSION_GONE: i64 = 20008;
    /// `agent on a call`: graceful logout refused during a call.
    pub const AGENT_ON_CALL: i64 = 20009;
    /// `login` or `resume` on a connection that already carries a session.
    pub const ALREADY_LOGINED: i64 = 20010;
    /// `previewOutcall agent busy`: the agent is on a call, dialling, etc.
    pub const AGENT_BUSY: i64 = 20011;
    /// `no such agent`: the agent does not exist or is offline.
    pub const NO_SUCH_AGENT: i64 = 20012;
    /// `no permission`: a supervisor operation without the supervisor role.
    pub const NO_PERMISSION: i64 = 20013;
    /// An auto outbound task the tenant does not have.
    pub const NO_SUCH_TASK: i64 = 20014;
    /// An IVR node the tenant does not have.
    pub const NO_SUCH_IVR_NODE: i64 = 20015;
    /// `permission denied`: no outbound permission.
    pub const PERMISSION_DENIED: i64 = 20016;
    /// `no ob permission`: outbound capability not enabled.
    pub const NO_OB_PERMISSION: i64 = 20024;
    /// `bad destInterface`: extension not registered.
    pub const BAD_DEST_INTERFACE: i64 = 20025;
    /// `restrict tel`: the number is blacklisted or not whitelisted.
    pub const RESTRICT_TEL: i64 = 20031;
    /// `bad obClidLeftNumber`: the caller ID is not the tenant's.
    pub const BAD_OB_CLID: i64 = 20032;
    /// `previewOutcall not within the time allowed`: outbound time
    /// restriction.
    pub const OUTSIDE_ALLOWED_TIME: i64 = 20101;
    /// `bad tel`: the number is well formed but cannot be dialled.
    pub const BAD_TEL: i64 = 20102;
    /// `fail to get lock`: the agent could not be locked.
    pub const FAIL_TO_GET_LOCK: i64 = 20103;
}

use business_code::*;

/// Every code with the message it is sent with, in code order.
pub const MESSAGES: &[(i64, &str)] = &[
    (SYSTEM_EXCEPTION, "Please try again later"),
    (BAD_PARAM, "bad param"),
    (NOT_LOGINED, "not logined"),
    (INVALID_SESSION_KEY, "invalid sessionKey"),
    (NO_SUCH_TENANT, "no such tenant"),
    (UNKNOWN_ACTION, "unknown action"),
    (PAUSE_REASON_NOT_CONFIGURED, "pause reason not configured"),
    (STATE_NOT_ALLOWED, "deviceStatus not in idle"),
    (ALREADY_IN_STATE, "already ready"),
    (SESSION_GONE, "session gone"),
    (AGENT_ON_CALL, "agent on a call"),
    (ALREADY_LOGINED, "already logined"),
    (AGENT_BUSY, "previewOutcall agent busy"),
    (NO_SUCH_AGENT, "no such agent"),
    (NO_PERMISSION, "no permission"),
    (NO_SUCH_TASK, "no such task"),
    (NO_SUCH_IVR_NODE, "no such ivr node"),
    (PERMISSION_DENIED, "permission denied"),
    (NO_OB_PERMISSION, "no ob permission"),
    (BAD_DEST_INTERFACE, "bad destInterface"),
    (RESTRICT_TEL, "restrict tel"),
    (BAD_OB_CLID, "bad obClidLeftNumber"),
    (OUTSIDE_ALLOWED_TIME, "previewOutcall not within the time allowed"),
    (BAD_TEL, "bad tel"),
    (FAIL_TO_GET_LOCK, "fail to get lock"),
];

/// The message a code is usually sent with. `ALREADY_IN_STATE` also goes
/// out as `already paused` when the agent is already busy.
pub fn message(code: i64) -> Option<&'static str> {
    MESSAGES.iter().find(|(c, _)| *c == code).map(|(_, m)| *m)
}

/// The messages `pause` and `unpause` answer with (seed 001 section 3.3),
/// with the `errorCode` each carries; `ok` is the success and carries none.
pub const PAUSE_MESSAGES: &[(&str, Option<i64>)] = &[
    ("ok", None),
    ("deviceStatus not in idle", Some(STATE_NOT_ALLOWED)),
    ("exception", Some(SYSTEM_EXCEPTION)),
    ("fail to get lock", Some(FAIL_TO_GET_LOCK)),
    ("already ready", Some(ALREADY_IN_STATE)),
    ("already paused", Some(ALREADY_IN_STATE)),
    ("not logined", Some(NOT_LOGINED)),
    ("no such agent", Some(NO_SUCH_AGENT)),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted() {
        assert!(MESSAGES.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(message(BAD_TEL), Some("bad tel"));
        assert_eq!(message(42), None);
    }

    #[test]
    fn the_document_lists_every_code_and_pause_message() {
        let doc = include_str!("../../docs/errors.md");
        for (code, msg) in MESSAGES {
            let row = format!("| {code} | {msg} |");
            assert!(doc.contains(&row), "docs/errors.md lacks the row starting {row}");
        }
        for (msg, code) in PAUSE_MESSAGES {
            let code = code.map_or("none".to_string(), |c| c.to_string());
            let row = format!("| {msg} | {code} |");
            assert!(doc.contains(&row), "docs/errors.md lacks the pause row {row}");
        }
    }
}
