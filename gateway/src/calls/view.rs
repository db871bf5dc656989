//! A call as the scenario interface shows it (`GET /v1/scenario/calls`):
//! its state, its legs with their flags and received DTMF digits, and what
//! is going on inside it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calls::call::{Call, Leg, LegState, Phase};

/// One call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallView {
    /// `mainUniqueId`.
    pub main_unique_id: String,
    /// Tenant.
    pub tenant_id: String,
    /// `callType`.
    pub call_type: i64,
    /// `queued`, `offering`, `dialling`, `ringing`, `talking`, `consulting`,
    /// `threeway`, `ivr`, `transferring`, `survey`, `unattended`, `ended`.
    pub state: &'static str,
    /// Queue of an inbound call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue_no: Option<String>,
    /// The customer's number (internal call: the callee).
    pub customer_number: String,
    /// The agent handling the call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agent_no: Option<String>,
    /// `requestUniqueId` of a preview call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_unique_id: Option<String>,
    /// A consult in progress.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consult: Option<ConsultView>,
    /// The customer's IVR visit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ivr: Option<IvrView>,
    /// The customer took (or takes) the satisfaction survey.
    pub survey: bool,
    /// Reject descriptions, `<agentNo>: <description>`.
    pub rejects: Vec<String>,
    /// Variables of an inbound call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chan_variables: Option<BTreeMap<String, String>>,
    /// When it began (gateway ms).
    pub created_ms: u64,
    /// When it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_ms: Option<u64>,
    /// Why it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_reason: Option<String>,
    /// Every leg, in creation order.
    pub legs: Vec<LegView>,
    /// Who hears whom, and the monitoring parties, while the call has a
    /// conference bridge (docs/softphone.md). Filled in by the scenario
    /// interface, which sees the bridges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<crate::sip::bridges::AudioView>,
}

/// A consult.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultView {
    /// 0 PSTN, 1 agent, 2 extension.
    pub target_type: i64,
    /// As requested.
    pub target: String,
    /// `ringing`, `linked` or `threeway`.
    pub state: &'static str,
}

/// An IVR visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IvrView {
    /// `ivrId`.
    pub ivr_id: String,
    /// `ivrNode`.
    pub ivr_node: String,
    /// The customer comes back to the agent afterwards.
    pub returns: bool,
}

/// Mute flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Muted {
    /// Inbound audio.
    #[serde(rename = "in")]
    pub inbound: bool,
    /// Outbound audio.
    #[serde(rename = "out")]
    pub outbound: bool,
}

/// One leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LegView {
    /// `uniqueId`.
    pub unique_id: String,
    /// Channel name.
    pub channel: String,
    /// `customer`, `agent` (the call's agent), `target`, `monitor` (a
    /// supervisor's monitoring leg), or `former` (an agent the call left).
    pub role: &'static str,
    /// `customer`, `agent`, `pstn` or `extension`.
    pub party: &'static str,
    /// Number, agentNo or extension.
    pub id: String,
    /// `ringing`, `up` or `ended`.
    pub state: &'static str,
    /// On hold.
    pub held: bool,
    /// Muted directions.
    pub muted: Muted,
    /// DTMF digits received.
    pub dtmf: String,
    /// `callType` as the leg's agent sees it.
    pub call_type: i64,
    /// `subCallType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_call_type: Option<i64>,
    /// Created (gateway ms).
    pub started_ms: u64,
    /// Answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered_ms: Option<u64>,
    /// Ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_ms: Option<u64>,
    /// Why it ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_cause: Option<String>,
    /// A monitoring leg's mode: `spy`, `whisper`, `barge` or `threeway`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub monitor: Option<&'static str>,
    /// The media the gateway exchanged with a softphone on this leg
    /// (docs/softphone.md); absent for other legs. Filled in by the
    /// scenario interface, which sees the media peers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<crate::sip::media::MediaView>,
}

fn call_state(call: &Call) -> &'static str {
    match call.phase {
        Phase::Queued => "queued",
        Phase::Offering => "offering",
        Phase::AgentDialling => "dialling",
        Phase::FarDialling => "ringing",
        Phase::Connected => match &call.consult {
            Some(c) if c.threeway => "threeway",
            Some(_) => "consulting",
            None if call.ivr.is_some() => "ivr",
            None => "talking",
        },
        Phase::Transferring => "transferring",
        Phase::Unattended if call.ivr.is_some() => "ivr",
        Phase::Unattended if call.survey_until.is_some() => "survey",
        Phase::Unattended => "unattended",
        Phase::Ended => "ended",
    }
}

fn leg_view(call: &Call, i: usize, leg: &Leg) -> LegView {
    let role = if leg.monitor.is_some() {
        "monitor"
    } else if call.customer == Some(i) {
        "customer"
    } else if call.owner == Some(i) {
        "agent"
    } else if call.target_leg() == Some(i) || call.legs.get(i).is_some_and(|l| l.party.agent_no().is_none()) {
        "target"
    } else {
        "former"
    };
    LegView {
        unique_id: leg.unique_id.clone(),
        channel: leg.channel.clone(),
        role,
        party: leg.party.kind(),
        id: leg.party.id().to_string(),
        state: match leg.state {
            LegState::Ringing => "ringing",
            LegState::Up => "up",
            LegState::Ended => "ended",
        },
        held: leg.held,
        muted: Muted { inbound: leg.muted_in, outbound: leg.muted_out },
        dtmf: leg.dtmf.clone(),
        call_type: leg.call_type,
        sub_call_type: leg.sub_call_type,
        started_ms: leg.started_ms,
        answered_ms: leg.answered_ms,
        ended_ms: leg.ended_ms,
        end_cause: leg.end_cause.clone(),
        monitor: leg.monitor.as_ref().map(|m| m.mode.as_str()),
        media: None,
    }
}

impl CallView {
    /// The view of a call.
    pub fn of(call: &Call) -> Self {
        Self {
            main_unique_id: call.main_unique_id.clone(),
            tenant_id: call.tenant_id.clone(),
            call_type: call.call_type.code(),
            state: call_state(call),
            queue_no: call.queue_no.clone(),
            customer_number: call.customer_number.clone(),
            agent_no: call.owner.filter(|o| call.is_live(Some(*o))).and_then(|o| call.agent_of(o)).map(str::to_string),
            request_unique_id: call.preview.as_ref().map(|p| p.request_unique_id.clone()),
            consult: call.consult.as_ref().map(|c| ConsultView {
                target_type: c.target_type,
                target: c.target.clone(),
                state: match (c.linked, c.threeway) {
                    (_, true) => "threeway",
                    (true, false) => "linked",
                    (false, false) => "ringing",
                },
            }),
            ivr: call.ivr.as_ref().map(|v| IvrView {
                ivr_id: v.ivr_id.clone(),
                ivr_node: v.ivr_node.clone(),
                returns: v.returns,
            }),
            survey: call.survey_until.is_some() || call.legs.iter().any(|l| l.end_cause.as_deref() == Some("survey")),
            rejects: call.rejects.clone(),
            chan_variables: call.chan_variables.clone(),
            created_ms: call.created_ms,
            ended_ms: call.ended_ms,
            end_reason: call.end_reason.clone(),
            legs: call.legs.iter().enumerate().map(|(i, l)| leg_view(call, i, l)).collect(),
            audio: None,
        }
    }
}
