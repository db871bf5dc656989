//! Call events: the preview outbound flow and an incoming call ringing.
//!
//! A successful `previewObCall` yields, in this order: `previewObCallStart`
//! (the agent answered and the customer is being dialled),
//! `previewObCallRinging` (the customer rings), `previewObCallBridge` (the
//! customer answered) and `previewObCallResult` (the outcome, last, so it can
//! report failures at any earlier step too).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::AgentState;

/// `previewObCallStart`: the customer is being dialled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewObCallStartEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Customer number.
    pub customer_number: String,
    /// 0 landline, 1 mobile.
    #[tsify(type = "0 | 1")]
    pub customer_number_type: i64,
    /// Customer area code.
    pub ob_clid_area_code: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// Request unique id of the `previewObCall`.
    pub request_unique_id: String,
    /// Outbound caller ID.
    pub ob_clid: String,
}

/// `previewObCallRinging`: the customer's phone rings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewObCallRingingEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Customer number.
    pub customer_number: String,
    /// 0 landline, 1 mobile.
    #[tsify(type = "0 | 1")]
    pub customer_number_type: i64,
    /// Customer area code.
    pub ob_clid_area_code: String,
    /// Agent state.
    pub state: AgentState,
    /// State action (see docs/state-machine.md).
    pub state_action: String,
    /// Main call unique id.
    pub main_unique_id: String,
}

/// `previewObCallBridge`: the customer answered and is bridged to the agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewObCallBridgeEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Customer number.
    pub customer_number: String,
    /// 0 landline, 1 mobile.
    #[tsify(type = "0 | 1")]
    pub customer_number_type: i64,
    /// Customer area code.
    pub ob_clid_area_code: String,
    /// Channel name.
    pub channel: String,
    /// Destination channel name.
    pub dest_channel: String,
    /// Main call unique id.
    pub main_unique_id: String,
}

/// `previewObCallResult`: how the preview outbound call ended up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewObCallResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Customer number.
    pub customer_number: String,
    /// `success` connected; `error` failed (e.g. cancelled).
    #[tsify(type = "'success' | 'error'")]
    pub result: String,
    /// Call unique id.
    pub unique_id: String,
    /// Outbound caller ID.
    pub ob_clid: String,
}

/// `ringing`: a call rings at the agent.
///
/// The location, hotline, trunk and queue fields only apply to some call
/// types (an internal call has no hotline or queue), so they are optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct RingingEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// 1 inbound, 2 WebCall, 4 preview outbound, 5 predictive outbound,
    /// 6 outbound, 9 internal call, 11 SIP access.
    #[tsify(type = "1 | 2 | 4 | 5 | 6 | 9 | 11")]
    pub call_type: i64,
    /// Channel name.
    pub channel: String,
    /// Main call unique id.
    pub main_unique_id: String,
    /// Per-leg unique id.
    pub unique_id: String,
    /// Customer number.
    pub customer_number: String,
    /// Customer area code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_area_code: Option<String>,
    /// Customer province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_province: Option<String>,
    /// Customer city.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_city: Option<String>,
    /// Sub-type (101, 102, 103, ...) telling transfer, consult, monitoring
    /// and the like apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sub_call_type: Option<i64>,
    /// Hotline the customer called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub hotline: Option<String>,
    /// Trunk number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub number_trunk: Option<String>,
    /// Queue number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub queue_no: Option<String>,
    /// Custom variables, name to value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, string>")]
    pub chan_variables: Option<BTreeMap<String, String>>,
}
