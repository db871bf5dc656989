//! Agent session events: status, session start and end, heartbeat,
//! reconnects, and the SDK's own error report.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::AgentStatus;

/// `agentStatus`: the agent's state changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AgentStatusEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// The status object.
    pub status: AgentStatus,
}

/// `sessionInit`: a call reached the agent (device ringing or in use).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SessionInitEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Call type (see `ringing`).
    pub call_type: i64,
    /// Per-leg unique id.
    pub unique_id: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// The other party's number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_number: Option<String>,
}

/// `sessionTerminate`: a call left the agent, or the agent session itself
/// ended (then `reason` says why: `replaced`, `logout`, `forcedOffline`,
/// `sessionGone`, `reconnectFailed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SessionTerminateEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Call type of the call that ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_type: Option<i64>,
    /// Per-leg unique id of the call that ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub unique_id: Option<String>,
    /// Main call unique id of the call that ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub main_unique_id: Option<String>,
    /// Set when the agent session ended rather than a call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "'replaced' | 'logout' | 'forcedOffline' | 'sessionGone' | 'reconnectFailed'")]
    pub reason: Option<String>,
    /// Details for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub message: Option<String>,
}

/// `ping`: heartbeat round trip (emitted by the SDK).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PingEvent {
    /// Round-trip time in ms.
    pub latency_time: f64,
    /// 1 excellent (< 100 ms), 2 good (< 300 ms), 3 poor (< 1000 ms),
    /// 4 bad (>= 1000 ms or a missed pong).
    #[tsify(type = "1 | 2 | 3 | 4")]
    pub network_state: i64,
}

/// `reconnectAttempt`: the SDK is reconnecting (emitted by the SDK).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ReconnectAttemptEvent {
    /// Attempt number, from 1.
    pub attempt: i64,
    /// 0 reconnected; -1 disconnected.
    #[tsify(type = "0 | -1")]
    pub code: i64,
    /// When the reconnect loop started (ms since the epoch).
    pub first_attempt_ts: f64,
    /// Always 20.
    pub max_attempts: i64,
    /// Time since the first attempt (ms).
    pub since_first_attempt_ms: f64,
}

/// `sdkError`: something went wrong outside any operation's promise (a
/// malformed server frame, a throwing handler), so it is reported here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SdkErrorEvent {
    /// An `AgentSdkError` code, e.g. `BAD_FRAME`.
    pub code: String,
    /// What happened.
    pub message: String,
}
