//! Call control operations (seed 001 section 4): preview outbound calls,
//! hangup, reject, hold, mute, DTMF, survey, internal calls, wrap-up and the
//! agent's auto outbound tasks.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::CHAN_VARIABLES;
use crate::protocol::common::{ChannelVariable, SdkResponse};
use crate::protocol::rules::Operation;
use crate::protocol::schema::{opt, req, Kind, Limit, Schema, Text};

/// Most backup numbers `previewObCall` accepts.
pub const MAX_BACKUP_NUMBERS: usize = 5;

/// Most DTMF digits one `sendDtmf` sends.
pub const MAX_DTMF_DIGITS: usize = 20;

/// Ring timeouts (`agentAnswerTimeout`, `customerAnswerTimeout`) share one
/// documented range.
pub const ANSWER_TIMEOUT: Kind = Kind::Int(Limit::Range(5, 60, " seconds"));

/// `mute` and `unmute` take the same direction.
const DIRECTION: Schema = Schema::new(&[req(
    "direction",
    Kind::Str(Text::OneOf(&["in", "out", "all"], "'in' (inbound audio), 'out' (outbound audio) or 'all' (both)")),
)]);

/// `previewObCall(params)`: ring the agent's endpoint first, then dial the
/// customer and bridge the two.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PreviewObCallParams {
    /// Customer phone number.
    pub customer_number: String,
    /// Ring agent timeout in seconds (default 30, range 5–60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub agent_answer_timeout: Option<i64>,
    /// Ring customer timeout in seconds (default 45, range 5–60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_answer_timeout: Option<i64>,
    /// Outbound caller ID (must belong to the tenant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ob_clid: Option<String>,
    /// Outbound caller ID area code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ob_clid_area_code: Option<String>,
    /// Caller ID group (requires the tenant feature).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ob_clid_group: Option<String>,
    /// Channel variables for event payloads, CDR custom fields and SIP header
    /// passthrough (at most 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chan_variables: Option<Vec<ChannelVariable>>,
    /// Client request id (generated when omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub request_unique_id: Option<String>,
    /// Backup numbers, comma-separated, at most 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub backup_number: Option<String>,
    /// ASR on the recording: 0 no, 1 yes (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "0 | 1")]
    pub cdr_is_asr: Option<i64>,
}

impl Operation for PreviewObCallParams {
    const ACTION: &'static str = "previewObCall";
    const SCHEMA: Schema = Schema::new(&[
        req("customerNumber", Kind::Str(Text::Phone)),
        opt("agentAnswerTimeout", ANSWER_TIMEOUT),
        opt("customerAnswerTimeout", ANSWER_TIMEOUT),
        opt("obClid", Kind::Str(Text::NonEmpty)),
        opt("obClidAreaCode", Kind::Str(Text::Any)),
        opt("obClidGroup", Kind::Str(Text::Any)),
        opt("chanVariables", CHAN_VARIABLES),
        opt("requestUniqueId", Kind::Str(Text::Any)),
        opt("backupNumber", Kind::Str(Text::PhoneList(MAX_BACKUP_NUMBERS))),
        opt("cdrIsAsr", Kind::Int(Limit::OneOf(&[0, 1], "0 (no ASR) or 1 (ASR)"))),
    ]);
}

/// The `previewObCall` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PreviewObCallResponse {
    /// Standard fields (`action` is `previewObCallResp`).
    #[serde(flatten)]
    pub base: SdkResponse,
    /// The request id the call runs under, given or generated; the
    /// `previewObCall*` events carry it back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub request_unique_id: Option<String>,
}

no_params_operation! {
    /// `cancelPreviewObCall()`: cancel a preview outbound call, typically
    /// while the agent's endpoint is ringing.
    CancelPreviewObCallParams = "cancelPreviewObCall"
}

/// `unlink(params)`: hang up the current call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnlinkParams {
    /// Hangup side: 1 agent side, 2 customer side (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "1 | 2")]
    pub side: Option<i64>,
}

impl Operation for UnlinkParams {
    const ACTION: &'static str = "unlink";
    const SCHEMA: Schema =
        Schema::new(&[opt("side", Kind::Int(Limit::OneOf(&[1, 2], "1 (agent side) or 2 (customer side)")))]);
}

/// `reject(params)`: reject an inbound call while it rings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RejectParams {
    /// Reject description, fewer than 20 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub description: Option<String>,
}

impl Operation for RejectParams {
    const ACTION: &'static str = "reject";
    const SCHEMA: Schema = Schema::new(&[opt("description", Kind::Str(Text::ShorterThan(20)))]);
}

no_params_operation! {
    /// `hold()`: put the call on hold.
    HoldParams = "hold"
}

no_params_operation! {
    /// `unhold()`: retrieve the held call.
    UnholdParams = "unhold"
}

/// `mute(params)`: mute the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MuteParams {
    /// `in` inbound audio, `out` outbound audio, `all` both.
    #[tsify(type = "'in' | 'out' | 'all'")]
    pub direction: String,
}

impl Operation for MuteParams {
    const ACTION: &'static str = "mute";
    const SCHEMA: Schema = DIRECTION;
}

/// `unmute(params)`: unmute the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UnmuteParams {
    /// `in` inbound audio, `out` outbound audio, `all` both.
    #[tsify(type = "'in' | 'out' | 'all'")]
    pub direction: String,
}

impl Operation for UnmuteParams {
    const ACTION: &'static str = "unmute";
    const SCHEMA: Schema = DIRECTION;
}

/// `sendDtmf(params)`: send DTMF digits during a call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SendDtmfParams {
    /// DTMF digits (`0`-`9`, `*`, `#`, `A`-`D`), at most 20.
    pub digits: String,
    /// 1 to the local leg, 2 to the remote leg.
    #[tsify(type = "1 | 2")]
    pub target: i64,
    /// Duration of each digit in ms (default 100, range 100–500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub duration_ms: Option<i64>,
    /// Gap between digits in ms (default 250, range 250–1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub gap_ms: Option<i64>,
}

impl Operation for SendDtmfParams {
    const ACTION: &'static str = "sendDtmf";
    const SCHEMA: Schema = Schema::new(&[
        req("digits", Kind::Str(Text::Dtmf(MAX_DTMF_DIGITS))),
        req("target", Kind::Int(Limit::OneOf(&[1, 2], "1 (local leg) or 2 (remote leg)"))),
        opt("durationMs", Kind::Int(Limit::Range(100, 500, " ms"))),
        opt("gapMs", Kind::Int(Limit::Range(250, 1000, " ms"))),
    ]);
}

no_params_operation! {
    /// `performSatisfactionSurvey()`: hand the customer to the satisfaction
    /// survey; the agent's side of the call ends.
    PerformSatisfactionSurveyParams = "performSatisfactionSurvey"
}

/// `InternalCall(params)`: call another agent or an IP phone extension of the
/// same tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InternalCallParams {
    /// 0 agent, 1 extension.
    #[tsify(type = "0 | 1")]
    pub target_type: i64,
    /// The callee: an agentNo when `targetType` is 0, an extension number
    /// when it is 1.
    pub target: String,
    /// Ring agent timeout in seconds (default 30, range 5–60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub agent_answer_timeout: Option<i64>,
    /// Ring callee timeout in seconds (default 45, range 5–60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_answer_timeout: Option<i64>,
    /// Request unique id (generated when omitted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub request_unique_id: Option<String>,
    /// Channel variables (persisting them to the CDR needs tenant
    /// configuration), at most 5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub chan_variables: Option<Vec<ChannelVariable>>,
}

impl Operation for InternalCallParams {
    const ACTION: &'static str = "InternalCall";
    const SCHEMA: Schema = Schema::new(&[
        req("targetType", Kind::Int(Limit::OneOf(&[0, 1], "0 (agent) or 1 (extension)"))),
        req("target", Kind::Str(Text::NonEmpty)),
        opt("agentAnswerTimeout", ANSWER_TIMEOUT),
        opt("customerAnswerTimeout", ANSWER_TIMEOUT),
        opt("requestUniqueId", Kind::Str(Text::Any)),
        opt("chanVariables", CHAN_VARIABLES),
    ]);
}

/// `prolongWrapup(params)`: extend the wrap-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProlongWrapupParams {
    /// Additional wrap-up time in seconds (range 30–600).
    pub wrapup_time: i64,
}

impl Operation for ProlongWrapupParams {
    const ACTION: &'static str = "prolongWrapup";
    const SCHEMA: Schema = Schema::new(&[req("wrapupTime", Kind::Int(Limit::Range(30, 600, " seconds")))]);
}

/// `startAutoObCallTask(params)`: start one of the agent's auto outbound
/// tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartAutoObCallTaskParams {
    /// Auto outbound task ID.
    pub task_id: String,
    /// Call configuration, as a JSON string.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub call_params: Option<String>,
}

impl Operation for StartAutoObCallTaskParams {
    const ACTION: &'static str = "startAutoObCallTask";
    const SCHEMA: Schema =
        Schema::new(&[req("taskId", Kind::Str(Text::NonEmpty)), opt("callParams", Kind::Str(Text::Json))]);
}

/// `pauseAutoObCallTask(params)`: pause one of the agent's auto outbound
/// tasks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PauseAutoObCallTaskParams {
    /// Auto outbound task ID.
    pub task_id: String,
}

impl Operation for PauseAutoObCallTaskParams {
    const ACTION: &'static str = "pauseAutoObCallTask";
    const SCHEMA: Schema = Schema::new(&[req("taskId", Kind::Str(Text::NonEmpty))]);
}

/// `changeObCallMode(params)`: change the agent's outbound work mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChangeObCallModeParams {
    /// 0 preview + predictive, 1 preview only, 2 predictive only.
    #[tsify(type = "0 | 1 | 2")]
    pub work_mode: i64,
}

impl Operation for ChangeObCallModeParams {
    const ACTION: &'static str = "changeObCallMode";
    const SCHEMA: Schema = Schema::new(&[req(
        "workMode",
        Kind::Int(Limit::OneOf(&[0, 1, 2], "0 (preview + predictive), 1 (preview only) or 2 (predictive only)")),
    )]);
}
