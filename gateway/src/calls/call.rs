//! One call: its legs (one channel per party), its phase, and what is going
//! on inside it (a consult, an IVR visit, the survey, a duration limit).
//! Plain data with small queries; the engine's flows change it.

use std::collections::BTreeMap;

/// `callType` of the calls the engine makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallType {
    /// 1: a customer called a queue.
    Inbound,
    /// 4: the agent's preview outbound call.
    Preview,
    /// 9: an agent called another agent or an extension.
    Internal,
}

impl CallType {
    /// The wire number.
    pub fn code(self) -> i64 {
        match self {
            Self::Inbound => 1,
            Self::Preview => 4,
            Self::Internal => 9,
        }
    }
}

/// `subCallType` of a leg that rings at an agent for another reason than a
/// plain offer (docs/call-flows.md).
pub mod sub_call_type {
    /// The call was blind-transferred to the agent.
    pub const BLIND_TRANSFER: i64 = 101;
    /// The agent is the target of a consult.
    pub const CONSULT: i64 = 102;
    /// A supervisor's monitoring leg (spy, whisper, barge, three-way).
    pub const MONITOR: i64 = 103;
    /// A supervisor picked up a call ringing at another agent.
    pub const PICKUP: i64 = 104;
}

/// Who a leg connects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// The customer, by number.
    Customer(String),
    /// An agent of the tenant, by agentNo.
    Agent(String),
    /// An outside number dialled as a consult or transfer target.
    Pstn(String),
    /// An IP phone extension of the tenant.
    Extension(String),
}

impl Party {
    /// The agentNo, for agent legs.
    pub fn agent_no(&self) -> Option<&str> {
        match self {
            Self::Agent(no) => Some(no),
            _ => None,
        }
    }

    /// The number, agentNo or extension.
    pub fn id(&self) -> &str {
        match self {
            Self::Customer(n) | Self::Agent(n) | Self::Pstn(n) | Self::Extension(n) => n,
        }
    }

    /// `customer`, `agent`, `pstn` or `extension`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Customer(_) => "customer",
            Self::Agent(_) => "agent",
            Self::Pstn(_) => "pstn",
            Self::Extension(_) => "extension",
        }
    }
}

/// Where a leg is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegState {
    /// Being dialled or offered.
    Ringing,
    /// Answered.
    Up,
    /// Gone.
    Ended,
}

/// One party's channel in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    /// `uniqueId` of the channel.
    pub unique_id: String,
    /// Channel name, e.g. `SIP/8001-0000001a`.
    pub channel: String,
    /// Who.
    pub party: Party,
    /// `callType` as this leg's agent sees it.
    pub call_type: i64,
    /// `subCallType` as this leg's agent sees it.
    pub sub_call_type: Option<i64>,
    /// Ringing, up or ended.
    pub state: LegState,
    /// On hold (music), hearing nobody.
    pub held: bool,
    /// The agent's inbound audio is muted.
    pub muted_in: bool,
    /// The agent's outbound audio is muted.
    pub muted_out: bool,
    /// DTMF digits this leg received.
    pub dtmf: String,
    /// Counts as not answered at this time.
    pub ring_until: Option<u64>,
    /// Answers by itself at this time.
    pub answer_at: Option<u64>,
    /// `sessionInit` went to the leg's agent, so `sessionTerminate` is due
    /// when the leg ends.
    pub session_init: bool,
    /// The leg's agent talked with the customer: wrap-up follows.
    pub customer_contact: bool,
    /// When the leg was created.
    pub started_ms: u64,
    /// When it answered.
    pub answered_ms: Option<u64>,
    /// When it ended.
    pub ended_ms: Option<u64>,
    /// Why it ended (`hangup`, `rejected`, `noAnswer`, ...).
    pub end_cause: Option<String>,
    /// A supervisor's monitoring of the call: this leg is the supervisor's
    /// phone (docs/supervisor.md).
    pub monitor: Option<crate::calls::monitor::Monitor>,
}

impl Leg {
    /// True until the leg ends.
    pub fn live(&self) -> bool {
        self.state != LegState::Ended
    }

    /// The leg answered at `now`.
    pub fn answer(&mut self, now: u64) {
        self.state = LegState::Up;
        self.answered_ms = Some(now);
        self.ring_until = None;
        self.answer_at = None;
    }

    /// The leg ended at `now`.
    pub fn end(&mut self, cause: &str, now: u64) {
        self.state = LegState::Ended;
        self.ended_ms = Some(now);
        self.end_cause = Some(cause.to_string());
        self.ring_until = None;
        self.answer_at = None;
        self.held = false;
    }
}

/// Where the call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The customer waits in the queue.
    Queued,
    /// An agent's leg rings for the customer (queue offer or blind
    /// transfer to an agent).
    Offering,
    /// Outbound or internal: the agent's own phone rings first.
    AgentDialling,
    /// Outbound or internal: the agent answered; the far party rings.
    FarDialling,
    /// The agent talks with the far party (possibly consulting, or with the
    /// customer in an IVR).
    Connected,
    /// Blind transfer to an outside party or extension: it rings, no agent.
    Transferring,
    /// The customer is with an outside party, an IVR or the survey; no
    /// agent.
    Unattended,
    /// Over.
    Ended,
}

/// A consult (attended transfer) in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consult {
    /// 0 PSTN, 1 agent, 2 extension.
    pub target_type: i64,
    /// As requested.
    pub target: String,
    /// The target's leg.
    pub leg: usize,
    /// The target answered.
    pub linked: bool,
    /// All three talk.
    pub threeway: bool,
    /// The customer was on hold already when the consult began, so ending
    /// the consult leaves it held.
    pub customer_was_held: bool,
}

/// What a preview outbound call reports in its events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// The agent who placed it.
    pub agent_no: String,
    /// `requestUniqueId`, given or generated.
    pub request_unique_id: String,
    /// The caller id shown to the customer.
    pub ob_clid: String,
    /// `obClidAreaCode` of the events.
    pub area_code: String,
    /// 0 landline, 1 mobile.
    pub number_type: i64,
    /// How long the customer may ring.
    pub customer_timeout_ms: u64,
    /// `previewObCallResult` went out.
    pub reported: bool,
}

/// The callee of an internal call, dialled once the caller answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalTarget {
    /// 0 agent, 1 extension.
    pub target_type: i64,
    /// agentNo or extension.
    pub target: String,
    /// How long the callee may ring.
    pub timeout_ms: u64,
}

/// The customer's visit to an IVR node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IvrVisit {
    /// `ivrId`.
    pub ivr_id: String,
    /// `ivrNode`.
    pub ivr_node: String,
    /// When the node is done.
    pub until: u64,
    /// `transferIvr`: the customer comes back to the agent with
    /// `interactReturn`; `blxfer` to an IVR: the call ends there.
    pub returns: bool,
    /// The variables `interactReturn` carries.
    pub variables: BTreeMap<String, String>,
}

/// A call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// `mainUniqueId`: the first leg's `uniqueId`.
    pub main_unique_id: String,
    /// Tenant.
    pub tenant_id: String,
    /// Inbound, preview outbound or internal.
    pub call_type: CallType,
    /// The queue of an inbound call.
    pub queue_no: Option<String>,
    /// The customer's number (an internal call: the callee).
    pub customer_number: String,
    /// The hotline the customer dialled.
    pub hotline: Option<String>,
    /// Variables the ringing event carries.
    pub chan_variables: Option<BTreeMap<String, String>>,
    /// Every leg, in creation order; ended legs stay.
    pub legs: Vec<Leg>,
    /// The customer's leg.
    pub customer: Option<usize>,
    /// The agent leg that handles the call.
    pub owner: Option<usize>,
    /// The internal call's callee, or the outside target of a blind
    /// transfer or completed consult.
    pub target: Option<usize>,
    /// Where the call stands.
    pub phase: Phase,
    /// A consult in progress.
    pub consult: Option<Consult>,
    /// Preview outbound details.
    pub preview: Option<Preview>,
    /// Internal call details.
    pub internal: Option<InternalTarget>,
    /// The customer's IVR visit.
    pub ivr: Option<IvrVisit>,
    /// The customer is in the satisfaction survey until then.
    pub survey_until: Option<u64>,
    /// `durationLimit` of `completeAtxfer` / `threewayAtxfer`: ends then.
    pub limit_at: Option<u64>,
    /// Agents the call was offered to without success (not offered again).
    pub tried: Vec<String>,
    /// Queue order.
    pub queued_since: u64,
    /// Reject descriptions, in order.
    pub rejects: Vec<String>,
    /// When the call began.
    pub created_ms: u64,
    /// When it ended.
    pub ended_ms: Option<u64>,
    /// Why it ended.
    pub end_reason: Option<String>,
    /// The scripted transcription of the conversation, once it began.
    pub transcript: Option<crate::calls::transcript::Feed>,
}

/// A timer of a call that is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// The leg rang too long.
    RingTimeout(usize),
    /// The leg's phone answers by itself.
    AutoAnswer(usize),
    /// The IVR node is done.
    IvrDone,
    /// The survey is over.
    SurveyDone,
    /// `durationLimit` reached.
    Limit,
    /// The transcript feed has its next update.
    Transcript,
}

impl Call {
    /// A call with only its first leg, whose unique id becomes the call's
    /// `mainUniqueId`; everything a flow adds later starts empty.
    pub fn new(
        first: Leg,
        tenant_id: String,
        call_type: CallType,
        customer_number: String,
        phase: Phase,
        now: u64,
    ) -> Self {
        Self {
            main_unique_id: first.unique_id.clone(),
            tenant_id,
            call_type,
            queue_no: None,
            customer_number,
            hotline: None,
            chan_variables: None,
            legs: vec![first],
            customer: None,
            owner: None,
            target: None,
            phase,
            consult: None,
            preview: None,
            internal: None,
            ivr: None,
            survey_until: None,
            limit_at: None,
            tried: Vec::new(),
            queued_since: now,
            rejects: Vec::new(),
            created_ms: now,
            ended_ms: None,
            end_reason: None,
            transcript: None,
        }
    }

    /// The live monitoring legs, with their index.
    pub fn monitor_legs(&self) -> impl Iterator<Item = (usize, &Leg)> {
        self.legs.iter().enumerate().filter(|(_, l)| l.live() && l.monitor.is_some())
    }

    /// The live leg of agent `agent_no`.
    pub fn agent_leg(&self, agent_no: &str) -> Option<usize> {
        self.legs.iter().position(|l| l.live() && l.party.agent_no() == Some(agent_no))
    }

    /// The consult target's leg, else the internal callee's or outside
    /// target's leg.
    pub fn target_leg(&self) -> Option<usize> {
        self.consult.as_ref().map(|c| c.leg).or(self.target)
    }

    /// The party opposite the owner: the customer, or an internal call's
    /// callee.
    pub fn far(&self) -> Option<usize> {
        self.customer.or(self.target)
    }

    /// The agent of a leg.
    pub fn agent_of(&self, leg: usize) -> Option<&str> {
        self.legs.get(leg).and_then(|l| l.party.agent_no())
    }

    /// True when `leg` is live.
    pub fn is_live(&self, leg: Option<usize>) -> bool {
        leg.and_then(|i| self.legs.get(i)).is_some_and(Leg::live)
    }

    /// The earliest timer, if any.
    pub fn deadline(&self) -> Option<u64> {
        let legs = self.legs.iter().filter(|l| l.live()).flat_map(|l| [l.ring_until, l.answer_at]);
        let transcript = self.transcript.as_ref().map(|t| t.next_at);
        let call = [self.ivr.as_ref().map(|v| v.until), self.survey_until, self.limit_at, transcript];
        legs.chain(call).flatten().min()
    }

    /// A timer due at `now`, earliest first; auto-answer wins a tie with
    /// the ring timeout.
    pub fn due(&self, now: u64) -> Option<Due> {
        let mut best: Option<(u64, Due)> = None;
        let mut consider = |at: Option<u64>, due: Due| {
            if let Some(at) = at.filter(|at| *at <= now) {
                if best.is_none_or(|(b, _)| at < b) {
                    best = Some((at, due));
                }
            }
        };
        for (i, leg) in self.legs.iter().enumerate().filter(|(_, l)| l.state == LegState::Ringing) {
            consider(leg.answer_at, Due::AutoAnswer(i));
            consider(leg.ring_until, Due::RingTimeout(i));
        }
        consider(self.ivr.as_ref().map(|v| v.until), Due::IvrDone);
        consider(self.survey_until, Due::SurveyDone);
        consider(self.limit_at, Due::Limit);
        consider(self.transcript.as_ref().map(|t| t.next_at), Due::Transcript);
        best.map(|(_, due)| due)
    }
}
