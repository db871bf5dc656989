//! Consult (attended transfer): the customer is held while the agent calls
//! a target; once the target answers the agent can go back to the customer
//! (`resumeAtxfer`), hand the customer over (`completeAtxfer`) or make it a
//! three-way call (`threewayAtxfer`). A target that cannot be reached, does
//! not answer or rejects ends the consult with `atxferError`.

use agent_sdk::protocol::ops::{CompleteAtxferParams, StartAtxferParams, ThreewayAtxferParams};

use crate::agent::Command;
use crate::calls::call::{sub_call_type, Call, CallType, Consult, Party};
use crate::calls::engine::Engine;
use crate::calls::events::{self, hangup_side, Outcome};
use crate::calls::numbers;
use crate::calls::ops::Answer;
use crate::calls::{AgentKey, Agents};
use crate::errors::Refusal;

impl Engine {
    /// `startAtxfer`. Only the agent's own state is refused here; the
    /// target's reachability is reported by `atxferError` after
    /// `atxferStart`.
    pub(super) fn start_atxfer(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: StartAtxferParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let idx = self.owner_call(who)?;
        self.check_customer_free(idx)?;
        let settings = self.settings(&who.tenant_id);
        let (party, reachable) = match p.target_type {
            0 => (Party::Pstn(p.target.clone()), numbers::check_dialable(&p.target, &settings).is_ok()),
            1 => {
                let checked = self.check_agent_target(ag, who, &p.target);
                // Consulting oneself is a wrong parameter, not an
                // unreachable target.
                if let Err(refusal) = &checked {
                    if refusal.error_code == crate::errors::code::BAD_PARAM {
                        return Err(refusal.clone());
                    }
                }
                (Party::Agent(p.target.clone()), checked.is_ok())
            }
            _ => (Party::Extension(p.target.clone()), settings.extensions.contains(&p.target)),
        };
        self.with_call(idx, |e, call| {
            let ring_ms = settings.ring_timeout_ms();
            let mut leg = e.new_leg(ag, &call.tenant_id, party, CallType::Internal.code(), now);
            leg.sub_call_type = Some(sub_call_type::CONSULT);
            if reachable {
                leg.ring_until = Some(now.saturating_add(ring_ms));
                if p.target_type != 1 {
                    leg.answer_at = settings.customer_auto_answer_ms.map(|ms| now.saturating_add(ms));
                }
            }
            call.legs.push(leg);
            let target_leg = call.legs.len() - 1;
            let mut was_held = false;
            if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
                was_held = c.held;
                c.held = true;
            }
            let consult = Consult {
                target_type: p.target_type,
                target: p.target.clone(),
                leg: target_leg,
                linked: false,
                threeway: false,
                customer_was_held: was_held,
            };
            call.consult = Some(consult.clone());
            if let Some(no) = call.owner.and_then(|o| call.agent_of(o)).map(str::to_string) {
                e.push_consult(ag, &call.tenant_id, &no, |who| events::atxfer_start(who, call, &consult));
            }
            if !reachable {
                return e.consult_failed(ag, call, "unreachable", now);
            }
            if p.target_type == 1 {
                let key = AgentKey::new(&call.tenant_id, &p.target);
                if !e.apply(ag, &key, Command::Ring(Self::call_ref(call, target_leg)), now) {
                    return e.consult_failed(ag, call, "busy", now);
                }
                let customer = call.customer_number.clone();
                e.session_init(call, target_leg, &customer);
                if let Some(event) = events::ringing(call, target_leg, &customer) {
                    e.push(&key, event);
                }
            }
        });
        Ok(Answer::Done)
    }

    /// The consult target answered: `atxferLink`.
    pub(super) fn consult_answered(&mut self, ag: &mut dyn Agents, call: &mut Call, now: u64) {
        let Some(consult) = call.consult.as_mut() else {
            return;
        };
        consult.linked = true;
        let consult = consult.clone();
        if let Some(no) = call.agent_of(consult.leg).map(str::to_string) {
            self.apply(ag, &AgentKey::new(&call.tenant_id, &no), Command::Answer, now);
        }
        if let Some(no) = call.owner.and_then(|o| call.agent_of(o)).map(str::to_string) {
            self.push_consult(ag, &call.tenant_id, &no, |who| events::atxfer_link(who, call, &consult));
        }
    }

    /// The consult target cannot be reached, is busy, rejected or rang too
    /// long: the target leg ends, the customer comes back, `atxferError`.
    pub(super) fn consult_failed(&mut self, ag: &mut dyn Agents, call: &mut Call, cause: &str, now: u64) {
        let Some(consult) = call.consult.take() else {
            return;
        };
        if call.legs.get(consult.leg).is_some_and(|l| l.live()) {
            self.end_leg(ag, call, consult.leg, cause, now);
        }
        Self::restore_hold(call, &consult);
        if let Some(no) = call.owner.and_then(|o| call.agent_of(o)).map(str::to_string) {
            self.push_consult(ag, &call.tenant_id, &no, events::atxfer_error);
        }
    }

    /// The consult of the agent's connected call, or why there is none.
    fn consult_of(&self, who: &AgentKey) -> Result<(usize, Consult), Refusal> {
        let idx = self.owner_call(who)?;
        let consult = self.calls[idx].consult.clone().ok_or_else(|| Refusal::state("no consult in progress"))?;
        Ok((idx, consult))
    }

    /// `cancelAtxfer`: before the target answered.
    pub(super) fn cancel_atxfer(&mut self, ag: &mut dyn Agents, who: &AgentKey, now: u64) -> Result<Answer, Refusal> {
        let (idx, consult) = self.consult_of(who)?;
        if consult.linked {
            return Err(Refusal::state("consult already linked: use resumeAtxfer"));
        }
        self.with_call(idx, |e, call| e.leave_consult(ag, call, consult, "cancelled", now));
        Ok(Answer::Done)
    }

    /// `resumeAtxfer`: after the target answered, back to the customer.
    pub(super) fn resume_atxfer(&mut self, ag: &mut dyn Agents, who: &AgentKey, now: u64) -> Result<Answer, Refusal> {
        let (idx, consult) = self.consult_of(who)?;
        if !consult.linked {
            return Err(Refusal::state("consult not linked: use cancelAtxfer"));
        }
        if consult.threeway {
            return Err(Refusal::state("three-way call in progress"));
        }
        self.with_call(idx, |e, call| e.leave_consult(ag, call, consult, "resumed", now));
        Ok(Answer::Done)
    }

    /// The agent drops the target and returns to the customer:
    /// `atxferEnded` with hangupSide 1.
    fn leave_consult(&mut self, ag: &mut dyn Agents, call: &mut Call, consult: Consult, cause: &str, now: u64) {
        self.end_leg(ag, call, consult.leg, cause, now);
        call.consult = None;
        Self::restore_hold(call, &consult);
        if let Some(no) = call.owner.and_then(|o| call.agent_of(o)).map(str::to_string) {
            self.push_consult(ag, &call.tenant_id, &no, |who| events::atxfer_ended(who, &consult, hangup_side::AGENT));
        }
    }

    /// `completeAtxfer`: the customer stays with the target; the agent
    /// leaves (wrap-up), then `completeAtxferResult`.
    pub(super) fn complete_atxfer(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: CompleteAtxferParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let (idx, consult) = self.consult_of(who)?;
        if !consult.linked {
            return Err(Refusal::state("consult not linked"));
        }
        self.with_call(idx, |e, call| {
            if let Some(owner) = call.owner {
                e.end_leg(ag, call, owner, "transferred", now);
            }
            e.hand_over(call, consult.leg);
            call.limit_at = limit(p.duration_limit, now);
            e.push_consult(ag, &who.tenant_id, &who.agent_no, |w| {
                events::atxfer_outcome(w, &consult, Outcome::Complete)
            });
        });
        Ok(Answer::Done)
    }

    /// `threewayAtxfer`: the customer joins the agent and the target.
    pub(super) fn threeway_atxfer(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: ThreewayAtxferParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let (idx, consult) = self.consult_of(who)?;
        if !consult.linked {
            return Err(Refusal::state("consult not linked"));
        }
        if consult.threeway {
            return Err(Refusal::already("three-way call already in progress"));
        }
        self.with_call(idx, |e, call| {
            if let Some(c) = call.consult.as_mut() {
                c.threeway = true;
            }
            if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
                c.held = false;
            }
            if let Some(t) = call.legs.get_mut(consult.leg) {
                t.customer_contact = true;
            }
            call.limit_at = limit(p.duration_limit, now);
            e.push_consult(ag, &who.tenant_id, &who.agent_no, |w| {
                events::atxfer_outcome(w, &consult, Outcome::Threeway)
            });
        });
        Ok(Answer::Done)
    }
}

/// `durationLimit` seconds from now.
fn limit(seconds: Option<i64>, now: u64) -> Option<u64> {
    seconds.and_then(|s| u64::try_from(s).ok()).map(|s| now.saturating_add(s.saturating_mul(1000)))
}
