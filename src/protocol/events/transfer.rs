//! Consult (attended transfer) events and the IVR interaction return.
//!
//! `startAtxfer` yields `atxferStart`, `atxferLink`, then `atxferEnded`
//! (resume, hangup or cancel); `atxferError` replaces the rest at any
//! failure. `threewayAtxfer` yields `threewayAtxferResult`, then
//! `atxferThreewayUnlink` when the conference ends; `completeAtxfer` yields
//! `completeAtxferResult`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::AgentState;

/// `atxferStart`: the consult started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AtxferStartEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Channel name.
    pub channel: String,
    /// Destination channel name.
    pub dest_channel: String,
    /// Agent state.
    pub state: AgentState,
    /// State action.
    pub state_action: String,
    /// Main call unique id.
    pub main_unique_id: String,
}

/// `atxferLink`: the consult party answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AtxferLinkEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Channel name.
    pub channel: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN, 1 agent, 2 extension.
    #[tsify(type = "0 | 1 | 2")]
    pub target_type: i64,
    /// Agent state.
    pub state: AgentState,
    /// State action.
    pub state_action: String,
}

/// `atxferEnded`: the consult ended (resume, hangup or cancel).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AtxferEndedEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Consult target.
    pub target: String,
    /// 0 PSTN, 1 agent, 2 extension.
    #[tsify(type = "0 | 1 | 2")]
    pub target_type: i64,
    /// Who ended the consult. The values are ours, since 06-Types is not
    /// public: 1 the agent (hangup, `resumeAtxfer` or `cancelAtxfer`), 2 the
    /// customer, 3 the consult party.
    #[tsify(type = "1 | 2 | 3")]
    pub hangup_side: i64,
    /// Agent state.
    pub state: AgentState,
    /// State action.
    pub state_action: String,
}

/// `atxferError`: the consult failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct AtxferErrorEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Agent state.
    pub state: AgentState,
    /// State action.
    pub state_action: String,
}

/// The three consult outcomes carry the same fields.
macro_rules! consult_outcome_event {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// Tenant ID.
            pub tenant_id: String,
            /// Agent ID.
            pub agent_no: String,
            /// Consult target.
            pub target: String,
            /// 0 PSTN, 1 agent, 2 extension.
            #[tsify(type = "0 | 1 | 2")]
            pub target_type: i64,
            /// Agent state.
            pub state: AgentState,
            /// State action.
            pub state_action: String,
        }
    };
}

consult_outcome_event! {
    /// `threewayAtxferResult`: the consult became a three-way conference.
    ThreewayAtxferResultEvent
}

consult_outcome_event! {
    /// `atxferThreewayUnlink`: the consult three-way conference ended.
    AtxferThreewayUnlinkEvent
}

consult_outcome_event! {
    /// `completeAtxferResult`: the consult transfer completed.
    CompleteAtxferResultEvent
}

/// `interactReturn`: the IVR reached by `transferIvr` returned its
/// variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct InteractReturnEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Return variables, as mapped by `transferIvr`'s `returnVariables`.
    #[tsify(type = "Record<string, string>")]
    pub return_variables: BTreeMap<String, String>,
}
