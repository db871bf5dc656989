//! Supervisor events: monitoring (spy, three-way, whisper, barge), forced
//! disconnect and offline, and queue status.
//!
//! The target agent's field is named differently from event to event
//! (`spiedCno`, `threewayedAgentNo`, `bargedCno`, ...); the names are kept
//! exactly as the seed spells them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::AgentState;

/// Every monitoring event is the agent, the target under its own field name,
/// the initiator, then a few event-specific fields.
macro_rules! monitor_event {
    (
        $(#[$doc:meta])* $name:ident { $target:ident $(, $(#[$fmeta:meta])* $field:ident: $ty:ty)* $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// Tenant ID.
            pub tenant_id: String,
            /// Agent ID.
            pub agent_no: String,
            /// Target agent ID.
            pub $target: String,
            /// Who started it (supervisor agentNo, number or extension).
            pub initiator: String,
            /// 0 PSTN, 1 agent, 2 extension.
            #[tsify(type = "0 | 1 | 2")]
            pub initiator_type: i64,
            $( $(#[$fmeta])* pub $field: $ty, )*
        }
    };
}

monitor_event! {
    /// `spyResult`: outcome of `spy`.
    SpyResultEvent {
        spied_cno,
        /// Call unique id.
        unique_id: String,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
    }
}

monitor_event! {
    /// `spyLink`: monitoring is connected.
    SpyLinkEvent {
        spied_cno,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
        /// Channel name.
        channel: String,
    }
}

monitor_event! {
    /// `spyUnlink`: monitoring ended.
    SpyUnlinkEvent { spied_cno }
}

monitor_event! {
    /// `threewayResult`: outcome of `performThreeway`.
    ThreewayResultEvent {
        threewayed_cno,
        /// Call unique id.
        unique_id: String,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
    }
}

monitor_event! {
    /// `threewayLink`: the supervisor joined the call.
    ThreewayLinkEvent {
        threewayed_cno,
        /// Channel name.
        channel: String,
    }
}

monitor_event! {
    /// `threewayUnlink`: the supervisor left the call.
    ThreewayUnlinkEvent { threewayed_agent_no }
}

monitor_event! {
    /// `whisperResult`: outcome of `whisper`.
    WhisperResultEvent {
        whispered_cno,
        /// Call unique id.
        unique_id: String,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
    }
}

monitor_event! {
    /// `whisperLink`: coaching is connected.
    WhisperLinkEvent {
        whispered_cno,
        /// Channel name.
        channel: String,
    }
}

monitor_event! {
    /// `whisperUnlink`: coaching ended.
    WhisperUnlinkEvent { whispered_agent_no }
}

monitor_event! {
    /// `bargeResult`: outcome of `barge`.
    BargeResultEvent {
        barged_agent_no,
        /// Call unique id.
        unique_id: String,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
    }
}

monitor_event! {
    /// `bargeLink`: the supervisor barged in.
    BargeLinkEvent {
        barged_agent_no,
        /// Channel name.
        channel: String,
    }
}

monitor_event! {
    /// `bargeUnlink`: the barge-in ended.
    BargeUnlinkEvent { barged_cno }
}

monitor_event! {
    /// `disconnectResult`: outcome of `disconnect`.
    DisconnectResultEvent {
        disconnector_cno,
        /// Call unique id.
        unique_id: String,
        /// `success` or `error`.
        #[tsify(type = "'success' | 'error'")]
        result: String,
    }
}

/// `setOfflineResult`: outcome of forcing an agent offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct SetOfflineResultEvent {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Who forced the agent offline (supervisor agentNo or admin name).
    pub initiator: String,
    /// `0` success, `-1` failure; a string here, unlike responses.
    #[tsify(type = "'0' | '-1'")]
    pub code: String,
    /// Message (commonly `ok`).
    pub message: String,
}

/// `queueStatus`: queue number to its status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatusEvent {
    /// Queue number to its status, holding the requested sections.
    #[tsify(type = "Record<string, QueueStatusEntry>")]
    pub queue_status: BTreeMap<String, QueueStatusEntry>,
}

/// One queue's status. Only the sections asked for by `getQueueStatus`'s
/// `fields` are present.
///
/// The shapes of these types are our decision, since 06-Types is not public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueueStatusEntry {
    /// The queue's configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub queue_params: Option<QueueParams>,
    /// The queue's member agents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub agent_statuses: Option<Vec<QueueAgentStatus>>,
    /// Callers waiting in the queue, first in line first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub queue_entries: Option<Vec<QueueEntry>>,
}

/// A queue's configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueueParams {
    /// Queue number.
    pub queue_no: String,
    /// Queue name.
    pub queue_name: String,
    /// How calls are handed to agents.
    #[tsify(type = "'ringall' | 'leastrecent' | 'fewestcalls' | 'random' | 'rrmemory' | 'linear'")]
    pub strategy: String,
    /// Longest a caller waits before leaving the queue, in seconds (0: no
    /// limit).
    pub max_wait: i64,
    /// Most callers waiting at once (0: no limit).
    pub max_len: i64,
}

/// A member agent's status in a queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueueAgentStatus {
    /// Agent ID.
    pub agent_no: String,
    /// Agent state.
    pub state: AgentState,
    /// State action.
    pub state_action: String,
    /// -1 invalid, 0 idle, 1 locked, 2 dialling, 3 ringing, 4 in use.
    #[tsify(type = "-1 | 0 | 1 | 2 | 3 | 4")]
    pub device_status: i64,
    /// When the agent entered `state` (ms since the epoch).
    pub state_since: f64,
}

/// A caller waiting in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueueEntry {
    /// Call unique id.
    pub unique_id: String,
    /// Caller number.
    pub customer_number: String,
    /// Seconds waited so far.
    pub wait_time: i64,
    /// Place in line, from 1.
    pub position: i64,
}
