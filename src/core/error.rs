//! Local errors: what rejects an operation's promise before (or instead of)
//! a server answer. Server outcomes are never errors; they resolve.

use std::fmt;

use crate::protocol::Invalid;

/// Stable error codes, the `code` of a JS `AgentSdkError`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// An operation was called before `setup()`.
    NotInitialized,
    /// A parameter broke a documented rule.
    InvalidParams,
    /// There is no agent session to send on (not logged in, or it ended).
    WsNotConnected,
    /// No response arrived in time.
    RequestTimeout,
    /// The operation is not allowed now (e.g. `login` while logged in).
    InvalidState,
    /// The softphone is not registered or not enabled.
    SipNotAvailable,
    /// Microphone, speaker or audio playback is unavailable.
    MediaNotSupported,
    /// The gateway sent a frame the SDK cannot read.
    BadFrame,
    /// An event handler threw.
    HandlerError,
}

impl ErrorCode {
    /// Every code, for docs and typings.
    pub const ALL: [ErrorCode; 9] = [
        Self::NotInitialized,
        Self::InvalidParams,
        Self::WsNotConnected,
        Self::RequestTimeout,
        Self::InvalidState,
        Self::SipNotAvailable,
        Self::MediaNotSupported,
        Self::BadFrame,
        Self::HandlerError,
    ];

    /// The code as JS sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotInitialized => "NOT_INITIALIZED",
            Self::InvalidParams => "INVALID_PARAMS",
            Self::WsNotConnected => "WS_NOT_CONNECTED",
            Self::RequestTimeout => "REQUEST_TIMEOUT",
            Self::InvalidState => "INVALID_STATE",
            Self::SipNotAvailable => "SIP_NOT_AVAILABLE",
            Self::MediaNotSupported => "MEDIA_NOT_SUPPORTED",
            Self::BadFrame => "BAD_FRAME",
            Self::HandlerError => "HANDLER_ERROR",
        }
    }
}

/// The TypeScript declaration of the JS error, emitted into the package's
/// `.d.ts` by the web layer; a test keeps it in step with [`ErrorCode`].
pub const AGENT_SDK_ERROR_TS: &str = r#"/** Stable codes of `AgentSdkError`. */
export type AgentSdkErrorCode =
  | 'NOT_INITIALIZED'
  | 'INVALID_PARAMS'
  | 'WS_NOT_CONNECTED'
  | 'REQUEST_TIMEOUT'
  | 'INVALID_STATE'
  | 'SIP_NOT_AVAILABLE'
  | 'MEDIA_NOT_SUPPORTED'
  | 'BAD_FRAME'
  | 'HANDLER_ERROR';
/** What an operation rejects with when the problem is local (never a server refusal). */
export interface AgentSdkError extends Error {
  name: 'AgentSdkError';
  code: AgentSdkErrorCode;
  /** Context: the operation, and for INVALID_PARAMS the field and the rule. */
  details?: { action?: string; field?: string; rule?: string; timeoutMs?: number; [key: string]: unknown };
}
"#;

/// A local error with its code, a message for people and structured details.
#[derive(Debug, Clone, PartialEq)]
pub struct SdkError {
    /// Stable code.
    pub code: ErrorCode,
    /// Names the operation and, for parameters, the field and the rule.
    pub message: String,
    /// Machine-readable context, the JS error's `details`.
    pub details: Option<Details>,
}

/// An error's machine-readable context: a struct rather than a JSON value,
/// so the wasm bundle needs no JSON value type to build it. JS sees an
/// object with the members that are set, in this order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Details {
    /// `action`: the operation.
    pub action: String,
    /// `field`: the parameter that broke a rule.
    pub field: Option<String>,
    /// `rule`: the rule it broke.
    pub rule: Option<String>,
    /// `timeoutMs`: how long the SDK waited for an answer.
    pub timeout_ms: Option<u64>,
}

impl SdkError {
    /// An error without details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), details: None }
    }

    /// Adds details.
    pub fn with_details(mut self, details: Details) -> Self {
        self.details = Some(details);
        self
    }

    /// Adds details that name the operation only.
    pub fn with_action(self, action: &str) -> Self {
        self.with_details(Details { action: action.to_string(), ..Details::default() })
    }

    /// `action` was called before `setup()`.
    pub fn not_initialized(action: &str) -> Self {
        Self::new(ErrorCode::NotInitialized, format!("{action}: call AgentSDK.setup({{ baseURL }}) first"))
            .with_action(action)
    }

    /// A broken parameter rule.
    pub fn invalid(action: &str, invalid: &Invalid) -> Self {
        Self::new(ErrorCode::InvalidParams, format!("{action}: {invalid}")).with_details(Details {
            action: action.to_string(),
            field: Some(invalid.field.clone()),
            rule: Some(invalid.rule.clone()),
            timeout_ms: None,
        })
    }

    /// No session to send `action` on.
    pub fn not_connected(action: &str, why: &str) -> Self {
        Self::new(ErrorCode::WsNotConnected, format!("{action}: {why}")).with_action(action)
    }

    /// `action` got no answer within `timeout_ms`.
    pub fn timeout(action: &str, timeout_ms: u64) -> Self {
        Self::new(ErrorCode::RequestTimeout, format!("{action}: no response within {timeout_ms} ms"))
            .with_details(Details { action: action.to_string(), timeout_ms: Some(timeout_ms), ..Details::default() })
    }
}

impl fmt::Display for SdkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for SdkError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typescript_lists_exactly_the_codes() {
        for code in ErrorCode::ALL {
            assert!(AGENT_SDK_ERROR_TS.contains(&format!("| '{}'", code.as_str())), "{code:?}");
        }
        assert_eq!(AGENT_SDK_ERROR_TS.matches("  | '").count(), ErrorCode::ALL.len());
    }
}
