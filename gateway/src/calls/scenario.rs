//! What the scenario interface does to calls: place an inbound call, and
//! make a party answer, hang up or fail to answer. The parties that are
//! phones or people outside the gateway (customers, outside numbers,
//! extensions, and agents' own phones) move only through here or through
//! their configured auto-answer.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::calls::call::{Call, CallType, LegState, Party, Phase};
use crate::calls::engine::Engine;
use crate::calls::view::CallView;
use crate::calls::Agents;

/// `POST /v1/scenario/inbound`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Inbound {
    /// Tenant.
    pub tenant_id: String,
    /// Queue; when absent, the first queue of `agentNo`, or else the
    /// tenant's first queue.
    #[serde(default)]
    pub queue_no: Option<String>,
    /// Picks the queue for a person at a desk who wants "a call for me".
    #[serde(default)]
    pub agent_no: Option<String>,
    /// Who calls.
    pub customer_number: String,
    /// The number dialled; the tenant's hotline when absent.
    #[serde(default)]
    pub hotline: Option<String>,
    /// Variables for `ringing.chanVariables`.
    #[serde(default)]
    pub chan_variables: Option<BTreeMap<String, String>>,
}

/// Which party of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The call's agent (the offered one while it rings).
    Agent,
    /// The customer.
    Customer,
    /// The consult target, the internal call's callee or an outside
    /// transfer target.
    Target,
}

impl Side {
    fn name(self) -> &'static str {
        match self {
            Self::Agent => "agent",
            Self::Customer => "customer",
            Self::Target => "target",
        }
    }
}

/// What the party does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Answers its ringing phone.
    Answer,
    /// Hangs up (a ringing phone: declines).
    Hangup,
    /// Its ringing phone fails: `busy`, `noAnswer` or `rejected`.
    Fail(String),
}

/// Why a scenario input was refused, as an HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    /// 400: the input is malformed.
    BadRequest(String),
    /// 404: no such tenant, queue or call.
    NotFound(String),
    /// 409: the call is not in a state where this can happen.
    Conflict(String),
}

/// The reasons `fail` accepts.
pub const FAIL_REASONS: [&str; 3] = ["busy", "noAnswer", "rejected"];

fn is_number(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (3..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Engine {
    /// Places an inbound call into a queue; it is offered at once if a
    /// member is idle. Returns the `mainUniqueId`.
    pub fn inbound(&mut self, ag: &mut dyn Agents, req: Inbound, now: u64) -> Result<String, ScenarioError> {
        let tenant = self.tenant(&req.tenant_id).ok_or_else(|| ScenarioError::NotFound("no such tenant".into()))?;
        let queue = match (&req.queue_no, &req.agent_no) {
            (Some(q), _) => tenant.queue(q).ok_or_else(|| ScenarioError::NotFound(format!("no such queue '{q}'")))?,
            (None, Some(agent)) => tenant
                .queues
                .iter()
                .find(|q| q.agents.iter().any(|a| a == agent))
                .ok_or_else(|| ScenarioError::NotFound(format!("agent '{agent}' is in no queue")))?,
            (None, None) => {
                tenant.queues.first().ok_or_else(|| ScenarioError::NotFound("the tenant has no queue".into()))?
            }
        };
        let queue_no = queue.queue_no.clone();
        let hotline = req.hotline.unwrap_or_else(|| tenant.calls.hotline.clone());
        if !is_number(&req.customer_number) {
            let message = "customerNumber must be digits with an optional leading +, 3 to 20 long";
            return Err(ScenarioError::BadRequest(message.into()));
        }
        let party = Party::Customer(req.customer_number.clone());
        let mut leg = self.new_leg(ag, &req.tenant_id, party, CallType::Inbound.code(), now);
        leg.answer(now);
        let call = Call::new(leg, req.tenant_id, CallType::Inbound, req.customer_number, Phase::Queued, now);
        let call = Call {
            queue_no: Some(queue_no),
            hotline: Some(hotline),
            chan_variables: req.chan_variables,
            customer: Some(0),
            ..call
        };
        let id = call.main_unique_id.clone();
        let at = self.calls.len();
        self.put(at, call);
        self.distribute(ag, now);
        Ok(id)
    }

    /// Party `side` of call `id` does `act`.
    pub fn act(&mut self, ag: &mut dyn Agents, id: &str, side: Side, act: Act, now: u64) -> Result<(), ScenarioError> {
        let Some(idx) = self.find_call(id) else {
            if self.ended.iter().any(|c| c.main_unique_id == id) {
                return Err(ScenarioError::Conflict("the call has ended".into()));
            }
            return Err(ScenarioError::NotFound("no such call".into()));
        };
        let call = &self.calls[idx];
        let leg = match side {
            Side::Agent => call.owner,
            Side::Customer => call.customer,
            Side::Target => call.target_leg(),
        };
        let name = side.name();
        let leg = leg.ok_or_else(|| ScenarioError::Conflict(format!("the call has no {name} leg now")))?;
        let state = call.legs[leg].state;
        match (&act, state) {
            (Act::Fail(reason), _) if !FAIL_REASONS.contains(&reason.as_str()) => {
                return Err(ScenarioError::BadRequest("reason must be busy, noAnswer or rejected".into()));
            }
            (Act::Answer | Act::Fail(_), LegState::Up | LegState::Ended) => {
                return Err(ScenarioError::Conflict(format!("the {name} leg is not ringing")));
            }
            (Act::Hangup, LegState::Ended) => return Err(ScenarioError::Conflict(format!("the {name} leg has ended"))),
            _ => {}
        }
        self.with_call(idx, |e, call| match act {
            Act::Answer => e.leg_answered(ag, call, leg, now),
            Act::Fail(reason) => e.leg_failed(ag, call, leg, &reason, now),
            Act::Hangup => e.leg_left(ag, call, leg, &format!("{name}Hangup"), now),
        });
        self.distribute(ag, now);
        Ok(())
    }

    /// A live or recently ended call.
    pub fn view(&self, id: &str) -> Option<CallView> {
        let live = self.calls.iter().find(|c| c.main_unique_id == id);
        live.or_else(|| self.ended.iter().rev().find(|c| c.main_unique_id == id)).map(CallView::of)
    }

    /// The live calls, oldest first; with `ended`, the recently ended ones
    /// after them.
    pub fn views(&self, ended: bool) -> Vec<CallView> {
        let mut all: Vec<&Call> = self.calls.iter().collect();
        all.sort_by_key(|c| c.created_ms);
        let old = self.ended.iter().filter(|_| ended);
        all.into_iter().chain(old).map(CallView::of).collect()
    }
}
