//! What happens when a leg answers, fails to answer or hangs up, whatever
//! the flow: each case is handed to the flow the call is in. Ending a call
//! is here too.

use crate::calls::call::{Call, LegState, Phase};
use crate::calls::engine::Engine;
use crate::calls::events::{self, hangup_side, Outcome, Who};
use crate::calls::{AgentKey, Agents};

impl Engine {
    /// A ringing leg answered.
    pub(super) fn leg_answered(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, now: u64) {
        if call.legs.get(leg).map(|l| l.state) != Some(LegState::Ringing) {
            return;
        }
        call.legs[leg].answer(now);
        if call.legs[leg].monitor.is_some() {
            return self.monitor_answered(ag, call, leg);
        }
        let consult_leg = call.consult.as_ref().map(|c| c.leg);
        match call.phase {
            Phase::Offering if call.owner == Some(leg) => self.offer_answered(ag, call, leg, now),
            Phase::AgentDialling if call.owner == Some(leg) => self.own_leg_answered(ag, call, now),
            Phase::FarDialling if call.far() == Some(leg) => self.far_answered(ag, call, now),
            Phase::Connected if consult_leg == Some(leg) => self.consult_answered(ag, call, now),
            Phase::Transferring if call.target == Some(leg) => call.phase = Phase::Unattended,
            _ => {}
        }
    }

    /// A ringing leg will not answer: rejected, busy, rang too long.
    pub(super) fn leg_failed(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, cause: &str, now: u64) {
        if call.legs.get(leg).map(|l| l.state) != Some(LegState::Ringing) {
            return;
        }
        if call.legs[leg].monitor.is_some() {
            return self.monitor_failed(ag, call, leg, cause, now);
        }
        let consult_leg = call.consult.as_ref().map(|c| c.leg);
        match call.phase {
            Phase::Offering if call.owner == Some(leg) => self.offer_failed(ag, call, cause, now),
            Phase::Connected if consult_leg == Some(leg) => self.consult_failed(ag, call, cause, now),
            _ => {
                self.end_leg(ag, call, leg, cause, now);
                self.end_call(ag, call, cause, now);
            }
        }
    }

    /// A party hung up (a ringing one counts as not answering).
    pub(super) fn leg_left(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, cause: &str, now: u64) {
        match call.legs.get(leg).map(|l| l.state) {
            Some(LegState::Ringing) => self.leg_failed(ag, call, leg, cause, now),
            // A supervisor leaving a monitored call leaves the call as it was.
            Some(LegState::Up) if call.legs[leg].monitor.is_some() => self.end_leg(ag, call, leg, cause, now),
            Some(LegState::Up) if call.customer == Some(leg) => self.customer_left(ag, call, cause, now),
            Some(LegState::Up) if call.owner == Some(leg) => self.owner_left(ag, call, cause, now),
            Some(LegState::Up) => self.target_left(ag, call, leg, cause, now),
            _ => {}
        }
    }

    /// The consult events' common part for agent `agent_no`, with its
    /// state as it is now.
    pub(super) fn who<'a>(ag: &dyn Agents, tenant_id: &'a str, agent_no: &'a str) -> (AgentKey, Who<'a>) {
        let key = AgentKey::new(tenant_id, agent_no);
        let (state, state_action) = Self::state_of(ag, &key);
        (key, Who { tenant_id, agent_no, state, state_action })
    }

    /// Pushes a consult event to the consulting agent `agent_no`; the event
    /// carries the agent's state after the step, like every flow event.
    pub(super) fn push_consult(
        &mut self,
        ag: &dyn Agents,
        tenant_id: &str,
        agent_no: &str,
        make: impl FnOnce(Who<'_>) -> agent_sdk::protocol::Event,
    ) {
        let (key, who) = Self::who(ag, tenant_id, agent_no);
        let event = make(who);
        self.push(&key, event);
    }

    /// The owner's agentNo, owned.
    fn owner_no(call: &Call) -> Option<String> {
        call.owner.and_then(|i| call.agent_of(i)).map(str::to_string)
    }

    /// The customer hung up: the call is over for everyone; a consult
    /// reports its end to the consulting agent after the agent's own
    /// status.
    fn customer_left(&mut self, ag: &mut dyn Agents, call: &mut Call, cause: &str, now: u64) {
        let consult = call.consult.clone();
        let owner = Self::owner_no(call);
        self.end_call(ag, call, cause, now);
        if let (Some(consult), Some(no)) = (consult, owner) {
            self.push_consult(ag, &call.tenant_id, &no, |who| {
                if consult.threeway {
                    events::atxfer_outcome(who, &consult, Outcome::ThreewayUnlink)
                } else {
                    events::atxfer_ended(who, &consult, hangup_side::CUSTOMER)
                }
            });
        }
    }

    /// The call's agent hung up.
    fn owner_left(&mut self, ag: &mut dyn Agents, call: &mut Call, cause: &str, now: u64) {
        let owner = Self::owner_no(call);
        match (call.phase, call.consult.clone(), owner) {
            (Phase::Connected, Some(consult), Some(no)) if consult.threeway => {
                // The customer and the target stay together.
                if let Some(leg) = call.owner {
                    self.end_leg(ag, call, leg, cause, now);
                }
                self.hand_over(call, consult.leg);
                self.push_consult(ag, &call.tenant_id, &no, |who| {
                    events::atxfer_outcome(who, &consult, Outcome::ThreewayUnlink)
                });
            }
            (Phase::Connected, Some(consult), Some(no)) => {
                self.end_call(ag, call, cause, now);
                self.push_consult(ag, &call.tenant_id, &no, |who| {
                    events::atxfer_ended(who, &consult, hangup_side::AGENT)
                });
            }
            _ => self.end_call(ag, call, cause, now),
        }
    }

    /// A party other than the customer and the call's agent hung up: a
    /// consult target, an internal call's callee or an outside transfer
    /// target.
    fn target_left(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, cause: &str, now: u64) {
        let Some(consult) = call.consult.clone().filter(|c| c.leg == leg) else {
            return self.end_call(ag, call, cause, now);
        };
        self.end_leg(ag, call, leg, cause, now);
        call.consult = None;
        if !consult.threeway {
            Self::restore_hold(call, &consult);
        }
        if let Some(no) = Self::owner_no(call) {
            self.push_consult(ag, &call.tenant_id, &no, |who| {
                if consult.threeway {
                    events::atxfer_outcome(who, &consult, Outcome::ThreewayUnlink)
                } else {
                    events::atxfer_ended(who, &consult, hangup_side::TARGET)
                }
            });
        }
    }

    /// After the consult, the customer is held again only if it was before.
    pub(super) fn restore_hold(call: &mut Call, consult: &crate::calls::call::Consult) {
        if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
            c.held = consult.customer_was_held && c.live();
        }
    }

    /// The consult target takes the customer over from the call's agent:
    /// an agent target becomes the call's agent; an outside target leaves
    /// the customer unattended.
    pub(super) fn hand_over(&mut self, call: &mut Call, target: usize) {
        call.consult = None;
        if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
            c.held = false;
        }
        if let Some(t) = call.legs.get_mut(target) {
            t.customer_contact = true;
        }
        if call.agent_of(target).is_some() {
            call.owner = Some(target);
            call.phase = Phase::Connected;
        } else {
            call.owner = None;
            call.target = Some(target);
            call.phase = Phase::Unattended;
        }
    }

    /// Ends every leg (the call's agent first), then reports a preview call
    /// that never connected.
    pub(super) fn end_call(&mut self, ag: &mut dyn Agents, call: &mut Call, cause: &str, now: u64) {
        if call.phase == Phase::Ended {
            return;
        }
        let order = call.owner.into_iter().chain(0..call.legs.len());
        for leg in order.collect::<Vec<_>>() {
            self.end_leg(ag, call, leg, cause, now);
        }
        call.consult = None;
        call.ivr = None;
        call.survey_until = None;
        call.limit_at = None;
        call.phase = Phase::Ended;
        call.ended_ms = Some(now);
        call.end_reason = Some(cause.to_string());
        self.report_preview(call, false);
    }

    /// Pushes `previewObCallResult` once per preview call.
    pub(super) fn report_preview(&mut self, call: &mut Call, success: bool) {
        let Some(p) = call.preview.as_mut().filter(|p| !p.reported) else {
            return;
        };
        p.reported = true;
        let key = AgentKey::new(&call.tenant_id, &p.agent_no);
        if let Some(event) = events::preview_result(call, success) {
            self.push(&key, event);
        }
    }
}
