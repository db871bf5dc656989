//! The engine's side of SIP softphones: the live agent legs (so the hub can
//! ring each softphone leg over SIP and hang it up when the engine ends it),
//! and what an agent's phone did (answered, failed, hung up), fed back as
//! the scenario's `answer` / `fail` / `hangup` would be.

use crate::calls::call::{LegState, Phase};
use crate::calls::engine::Engine;
use crate::calls::events;
use crate::calls::scenario::Side;
use crate::calls::{AgentKey, Agents};

/// A live agent leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentLeg {
    /// The call's `mainUniqueId`.
    pub main_unique_id: String,
    /// The leg's `uniqueId`.
    pub unique_id: String,
    /// The agent.
    pub key: AgentKey,
    /// Still ringing.
    pub ringing: bool,
    /// `callType` as the agent sees it.
    pub call_type: i64,
    /// The other party as the agent's phone shows it.
    pub caller: String,
    /// The agent's own phone on a call the agent placed: answered without
    /// ringing.
    pub own_phone: bool,
}

/// What an agent's own phone did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneSignal {
    /// It answered.
    Answered,
    /// It will not answer: `busy`, `rejected`, `noAnswer`, `unreachable`.
    Failed(String),
    /// The agent hung up.
    HungUp,
}

impl Engine {
    /// Every live agent leg, call by call.
    pub fn agent_legs(&self) -> Vec<AgentLeg> {
        let mut out = Vec::new();
        for call in &self.calls {
            for (i, leg) in call.legs.iter().enumerate().filter(|(_, l)| l.live()) {
                let Some(no) = leg.party.agent_no() else { continue };
                // The agent asked for this leg (its own call, a monitoring
                // leg, a pickup): its phone answers without ringing.
                let own_phone = (call.owner == Some(i) && call.phase == Phase::AgentDialling)
                    || leg.monitor.is_some()
                    || leg.sub_call_type == Some(crate::calls::call::sub_call_type::PICKUP);
                let caller = if own_phone { call.customer_number.clone() } else { events::caller_shown(call) };
                out.push(AgentLeg {
                    main_unique_id: call.main_unique_id.clone(),
                    unique_id: leg.unique_id.clone(),
                    key: AgentKey::new(&call.tenant_id, no),
                    ringing: leg.state == LegState::Ringing,
                    call_type: leg.call_type,
                    caller,
                    own_phone,
                });
            }
        }
        out
    }

    /// The agent phone of leg `unique_id` in call `main_unique_id` did
    /// `signal`; false when there is no such live leg.
    pub fn phone_signal(
        &mut self,
        ag: &mut dyn Agents,
        main_unique_id: &str,
        unique_id: &str,
        signal: PhoneSignal,
        now: u64,
    ) -> bool {
        let Some(idx) = self.find_call(main_unique_id) else { return false };
        let Some(leg) = self.calls[idx].legs.iter().position(|l| l.live() && l.unique_id == unique_id) else {
            return false;
        };
        self.with_call(idx, |e, call| match signal {
            PhoneSignal::Answered => e.leg_answered(ag, call, leg, now),
            PhoneSignal::Failed(cause) => e.leg_failed(ag, call, leg, &cause, now),
            PhoneSignal::HungUp => e.leg_left(ag, call, leg, "agentHangup", now),
        });
        self.distribute(ag, now);
        true
    }

    /// The `uniqueId` of the leg a scenario party names in live call `id`.
    pub fn side_leg(&self, id: &str, side: Side) -> Option<String> {
        let call = self.calls.iter().find(|c| c.main_unique_id == id)?;
        let leg = match side {
            Side::Agent => call.owner,
            Side::Customer => call.customer,
            Side::Target => call.target_leg(),
        }?;
        call.legs.get(leg).map(|l| l.unique_id.clone())
    }
}
