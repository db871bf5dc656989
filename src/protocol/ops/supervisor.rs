//! Supervisor and monitoring operations (seed 001 section 7). They need a
//! supervisor login (usually with `qids`) and the matching permission.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::Tsify;

use super::agent::BIND_ENDPOINT;
use crate::protocol::common::{BindEndpoint, SdkResponse};
use crate::protocol::events::QueueStatusEntry;
use crate::protocol::rules::Operation;
use crate::protocol::schema::{opt, req, Kind, Limit, Schema, Text};

/// Sections `getQueueStatus` can ask for.
pub const QUEUE_STATUS_FIELDS: &[&str] = &["queueParams", "agentStatuses", "queueEntries"];

/// The rules of an operation on one target agent.
pub const TARGET_AGENT: Schema = Schema::new(&[req("agentNo", Kind::Str(Text::NonEmpty))]);

/// Most supervisor operations name one target agent and nothing else.
macro_rules! target_agent_operation {
    ($(#[$doc:meta])* $name:ident = $action:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
        #[serde(rename_all = "camelCase", deny_unknown_fields)]
        pub struct $name {
            /// Target agent ID.
            pub agent_no: String,
        }

        impl Operation for $name {
            const ACTION: &'static str = $action;
            const SCHEMA: Schema = TARGET_AGENT;
        }
    };
}

target_agent_operation! {
    /// `setPause(params)`: set the target agent busy.
    SetPauseParams = "setPause"
}

target_agent_operation! {
    /// `setUnpause(params)`: set the target agent idle.
    SetUnpauseParams = "setUnpause"
}

target_agent_operation! {
    /// `spy(params)`: silently monitor the target agent's call.
    SpyParams = "spy"
}

no_params_operation! {
    /// `unspy()`: stop monitoring.
    UnspyParams = "unspy"
}

target_agent_operation! {
    /// `performThreeway(params)`: join the target agent's call as a third
    /// party.
    PerformThreewayParams = "performThreeway"
}

target_agent_operation! {
    /// `cancelThreeway(params)`: leave the three-way on the target agent's
    /// call.
    CancelThreewayParams = "cancelThreeway"
}

target_agent_operation! {
    /// `whisper(params)`: coach the target agent, unheard by the customer.
    WhisperParams = "whisper"
}

no_params_operation! {
    /// `unWhisper()`: stop coaching.
    UnWhisperParams = "unWhisper"
}

target_agent_operation! {
    /// `barge(params)`: barge into the target agent's call.
    BargeParams = "barge"
}

target_agent_operation! {
    /// `disconnect(params)`: force the target agent's call to end.
    DisconnectParams = "disconnect"
}

target_agent_operation! {
    /// `pickup(params)`: answer a call ringing at the target agent.
    PickupParams = "pickup"
}

/// `setOnline(params)`: force an agent online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetOnlineParams {
    /// Target agent ID.
    pub agent_no: String,
    /// The endpoint to bind (usually a PSTN number or an extension).
    pub bind_endpoint: BindEndpoint,
}

impl Operation for SetOnlineParams {
    const ACTION: &'static str = "setOnline";
    const SCHEMA: Schema =
        Schema::new(&[req("agentNo", Kind::Str(Text::NonEmpty)), req("bindEndpoint", Kind::Object(BIND_ENDPOINT))]);
}

/// `setOffline(params)`: force an agent offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SetOfflineParams {
    /// Target agent ID.
    pub agent_no: String,
    /// 0 keep the endpoint binding (default), 1 unbind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "0 | 1")]
    pub unbind_endpoint: Option<i64>,
}

impl Operation for SetOfflineParams {
    const ACTION: &'static str = "setOffline";
    const SCHEMA: Schema = Schema::new(&[
        req("agentNo", Kind::Str(Text::NonEmpty)),
        opt("unbindEndpoint", Kind::Int(Limit::OneOf(&[0, 1], "0 (keep binding) or 1 (unbind)"))),
    ]);
}

/// `getQueueStatus(params)`: query queue status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GetQueueStatusParams {
    /// Queue numbers, as strings or numbers (default: the supervisor's
    /// queues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "(string | number)[]")]
    pub queue_nos: Option<Vec<Value>>,
    /// Requested sections, comma-separated: `queueParams`, `agentStatuses`,
    /// `queueEntries` (default: all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fields: Option<String>,
}

impl Operation for GetQueueStatusParams {
    const ACTION: &'static str = "getQueueStatus";
    const SCHEMA: Schema = Schema::new(&[
        opt("queueNos", Kind::ScalarList),
        opt("fields", Kind::Str(Text::CsvOf(QUEUE_STATUS_FIELDS, "queueParams, agentStatuses, queueEntries"))),
    ]);
}

/// The `getQueueStatus` response. Its `action` is `queueStatus`, as the seed
/// documents; it is emitted as the `getQueueStatusResp` event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct GetQueueStatusResponse {
    /// Standard fields (`action` is `queueStatus`).
    #[serde(flatten)]
    pub base: SdkResponse,
    /// Queue number to its status, holding the requested sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, QueueStatusEntry>")]
    pub queue_status: Option<BTreeMap<String, QueueStatusEntry>>,
}

no_params_operation! {
    /// `ListPreviewDialingTask()`: list the preview dialing tasks.
    ListPreviewDialingTaskParams = "ListPreviewDialingTask"
}

/// One preview dialing task. The seed leaves the shape open; these fields
/// are our decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewDialingTask {
    /// Task ID.
    pub task_id: String,
    /// Task name.
    pub task_name: String,
    /// `running`, `paused` or `finished`.
    #[tsify(type = "'running' | 'paused' | 'finished'")]
    pub status: String,
    /// Numbers in the task.
    pub total: i64,
    /// Numbers already dialled.
    pub dialed: i64,
}

/// The `ListPreviewDialingTask` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ListPreviewDialingTaskResponse {
    /// Standard fields (`action` is `ListPreviewDialingTaskResp`).
    #[serde(flatten)]
    pub base: SdkResponse,
    /// The tasks, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tasks: Option<Vec<PreviewDialingTask>>,
}
