//! Call control operations (seed 001 section 4): preview outbound calls,
//! hangup, reject, hold, mute, DTMF, survey, internal calls, wrap-up and the
//! agent's auto outbound tasks.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use super::{chan_variables, one_of_str, phone_number};
use crate::protocol::common::{ChannelVariable, SdkResponse};
use crate::protocol::rules::{in_range, max_chars, one_of, required, Invalid, Operation};

/// Most backup numbers `previewObCall` accepts.
pub const MAX_BACKUP_NUMBERS: usize = 5;

/// Most DTMF digits one `sendDtmf` sends.
pub const MAX_DTMF_DIGITS: usize = 20;

/// Characters a DTMF string may hold.
pub const DTMF_CHARS: &str = "0123456789*#ABCD";

/// Ring timeouts (`agentAnswerTimeout`, `customerAnswerTimeout`) share one
/// documented range.
fn answer_timeout(field: &str, value: Option<i64>) -> Result<(), Invalid> {
    match value {
        Some(v) => in_range(field, v, 5, 60, " seconds"),
        None => Ok(()),
    }
}

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

    fn validate(&self) -> Result<(), Invalid> {
        phone_number("customerNumber", &self.customer_number)?;
        answer_timeout("agentAnswerTimeout", self.agent_answer_timeout)?;
        answer_timeout("customerAnswerTimeout", self.customer_answer_timeout)?;
        if let Some(clid) = &self.ob_clid {
            required("obClid", clid)?;
        }
        if let Some(vars) = &self.chan_variables {
            chan_variables("chanVariables", vars)?;
        }
        if let Some(backup) = &self.backup_number {
            let numbers: Vec<&str> = backup.split(',').map(str::trim).collect();
            if numbers.len() > MAX_BACKUP_NUMBERS {
                return Err(Invalid::new(
                    "backupNumber",
                    format!("must hold at most {MAX_BACKUP_NUMBERS} numbers, got {}", numbers.len()),
                ));
            }
            for n in numbers {
                phone_number("backupNumber", n)?;
            }
        }
        if let Some(asr) = self.cdr_is_asr {
            one_of("cdrIsAsr", asr, &[0, 1], "0 (no ASR) or 1 (ASR)")?;
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        match self.side {
            Some(side) => one_of("side", side, &[1, 2], "1 (agent side) or 2 (customer side)"),
            None => Ok(()),
        }
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        match &self.description {
            Some(d) => max_chars("description", d, 19),
            None => Ok(()),
        }
    }
}

no_params_operation! {
    /// `hold()`: put the call on hold.
    HoldParams = "hold"
}

no_params_operation! {
    /// `unhold()`: retrieve the held call.
    UnholdParams = "unhold"
}

/// Checks a mute direction.
fn mute_direction(direction: &str) -> Result<(), Invalid> {
    one_of_str("direction", direction, &["in", "out", "all"])
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

    fn validate(&self) -> Result<(), Invalid> {
        mute_direction(&self.direction)
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        mute_direction(&self.direction)
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        required("digits", &self.digits)?;
        max_chars("digits", &self.digits, MAX_DTMF_DIGITS)?;
        if let Some(bad) = self.digits.chars().find(|c| !DTMF_CHARS.contains(*c)) {
            return Err(Invalid::new("digits", format!("must hold only 0-9, *, # and A-D, got '{bad}'")));
        }
        one_of("target", self.target, &[1, 2], "1 (local leg) or 2 (remote leg)")?;
        if let Some(d) = self.duration_ms {
            in_range("durationMs", d, 100, 500, " ms")?;
        }
        if let Some(g) = self.gap_ms {
            in_range("gapMs", g, 250, 1000, " ms")?;
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        one_of("targetType", self.target_type, &[0, 1], "0 (agent) or 1 (extension)")?;
        required("target", &self.target)?;
        answer_timeout("agentAnswerTimeout", self.agent_answer_timeout)?;
        answer_timeout("customerAnswerTimeout", self.customer_answer_timeout)?;
        if let Some(vars) = &self.chan_variables {
            chan_variables("chanVariables", vars)?;
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        in_range("wrapupTime", self.wrapup_time, 30, 600, " seconds")
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        required("taskId", &self.task_id)?;
        if let Some(p) = &self.call_params {
            if serde_json::from_str::<serde_json::Value>(p).is_err() {
                return Err(Invalid::new("callParams", "must be a JSON string"));
            }
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        required("taskId", &self.task_id)
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        one_of(
            "workMode",
            self.work_mode,
            &[0, 1, 2],
            "0 (preview + predictive), 1 (preview only) or 2 (predictive only)",
        )
    }
}
