//! Types shared by many operations and events: endpoints, channel variables,
//! the standard response envelope and the agent status object.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// Where the agent takes calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BindEndpoint {
    /// 1 PSTN number, 2 extension, 3 softphone (WebRTC).
    #[tsify(type = "1 | 2 | 3")]
    pub endpoint_type: i64,
    /// The phone number, extension number or softphone id.
    pub endpoint: String,
}

/// A variable passed with a call: channel variable or SIP header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct ChannelVariable {
    /// Variable or header name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// 1 channel variable, 2 SIP header (a plain name travels as
    /// `X-Asterisk-<name>`), 3 variable wrapped in `${}`, 4 SIP header with
    /// the value wrapped in `${}`.
    #[serde(rename = "type")]
    #[tsify(type = "1 | 2 | 3 | 4")]
    pub kind: i64,
}

/// Fields every operation response carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SdkResponse {
    /// The response name, `<operation>Resp` (for example `loginResp`).
    pub action: String,
    /// 0 on success; non-zero (commonly -1) on failure.
    pub code: i64,
    /// Human-readable outcome (`ok` on success).
    pub message: String,
    /// Domain-specific business error code, on some failures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub error_code: Option<i64>,
}

impl SdkResponse {
    /// A successful response for `action`.
    pub fn ok(action: impl Into<String>) -> Self {
        Self { action: action.into(), code: 0, message: "ok".into(), error_code: None }
    }

    /// A failed response with a message and an optional business code.
    pub fn fail(action: impl Into<String>, message: impl Into<String>, error_code: Option<i64>) -> Self {
        Self { action: action.into(), code: -1, message: message.into(), error_code }
    }
}

/// The agent state names (`state` in `agentStatus` and flow events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "lowercase")]
pub enum AgentState {
    /// Not logged in.
    Offline,
    /// Logged in but the endpoint cannot take calls.
    Invalid,
    /// Ready for calls.
    Idle,
    /// Logged in, not taking queue calls.
    Busy,
    /// Dialling out.
    Calling,
    /// A call is ringing at the agent.
    Ringing,
    /// On a call.
    Talking,
    /// After-call work.
    Wrapup,
}

impl AgentState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offline => "offline",
            Self::Invalid => "invalid",
            Self::Idle => "idle",
            Self::Busy => "busy",
            Self::Calling => "calling",
            Self::Ringing => "ringing",
            Self::Talking => "talking",
            Self::Wrapup => "wrapup",
        }
    }
}

/// The status object inside `agentStatus`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatus {
    /// Current state.
    pub state: AgentState,
    /// What made the agent enter the state (see docs/state-machine.md).
    pub state_action: String,
    /// The status chosen at login: 1 idle, 2 busy, 3 wrap-up.
    #[tsify(type = "1 | 2 | 3")]
    pub initial_status: i64,
    /// -1 invalid, 0 idle, 1 locked, 2 dialling, 3 ringing, 4 in use.
    #[tsify(type = "-1 | 0 | 1 | 2 | 3 | 4")]
    pub device_status: i64,
    /// Busy reason, while busy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pause_description: Option<String>,
    /// Busy type, while busy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pause_type: Option<i64>,
    /// The bound endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub bind_endpoint: Option<BindEndpoint>,
    /// Call type while a call is dialling, ringing or talking (see `ringing`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_type: Option<i64>,
    /// Per-leg unique id of the agent's call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub unique_id: Option<String>,
    /// Main call unique id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub main_unique_id: Option<String>,
}
