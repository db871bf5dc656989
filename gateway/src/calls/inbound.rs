//! Queue calls: a waiting customer is offered to the member agent idle
//! longest; the agent's phone rings until it is answered, rejected or rings
//! too long, and then the call goes to the next agent. A blind transfer to
//! an agent is offered the same way.

use crate::agent::Command;
use crate::calls::call::{Call, Party, Phase};
use crate::calls::engine::Engine;
use crate::calls::events;
use crate::calls::{AgentKey, Agents};

impl Engine {
    /// Offers every queued call it can, oldest first, each to the member
    /// idle longest who has not had it yet.
    pub(super) fn distribute(&mut self, ag: &mut dyn Agents, now: u64) {
        loop {
            let mut queued: Vec<(u64, usize)> = (self.calls.iter().enumerate())
                .filter(|(_, c)| c.phase == Phase::Queued)
                .map(|(i, c)| (c.queued_since, i))
                .collect();
            queued.sort_unstable();
            let next = queued.iter().find_map(|&(_, idx)| self.pick_agent(ag, &self.calls[idx]).map(|no| (idx, no)));
            let Some((idx, agent_no)) = next else {
                return;
            };
            self.with_call(idx, |e, call| e.offer(ag, call, &agent_no, None, now));
        }
    }

    /// The queue member idle longest who has not had the call yet; ties go
    /// to the member listed first.
    fn pick_agent(&self, ag: &dyn Agents, call: &Call) -> Option<String> {
        let queue = self.tenant(&call.tenant_id)?.queue(call.queue_no.as_deref()?)?;
        (queue.agents.iter())
            .filter(|no| !call.tried.contains(no))
            // A member already in a call (a supervisor monitoring one) is
            // not offered another.
            .filter(|no| self.find_agent(&AgentKey::new(&call.tenant_id, no)).is_none())
            .filter_map(|no| ag.agent(&AgentKey::new(&call.tenant_id, no))?.idle_since().map(|t| (t, no)))
            .min_by_key(|(t, _)| *t)
            .map(|(_, no)| no.clone())
    }

    /// Rings agent `agent_no` for the call: `agentStatus` ringing,
    /// `sessionInit`, `ringing`.
    pub(super) fn offer(
        &mut self,
        ag: &mut dyn Agents,
        call: &mut Call,
        agent_no: &str,
        sub_call_type: Option<i64>,
        now: u64,
    ) {
        let ring_ms = self.settings(&call.tenant_id).ring_timeout_ms();
        let mut leg = self.new_leg(ag, &call.tenant_id, Party::Agent(agent_no.into()), call.call_type.code(), now);
        leg.sub_call_type = sub_call_type;
        leg.ring_until = Some(now.saturating_add(ring_ms));
        call.legs.push(leg);
        let idx = call.legs.len() - 1;
        call.owner = Some(idx);
        call.phase = Phase::Offering;
        let key = AgentKey::new(&call.tenant_id, agent_no);
        if !self.apply(ag, &key, Command::Ring(Self::call_ref(call, idx)), now) {
            return self.offer_failed(ag, call, "unavailable", now);
        }
        let other = events::caller_shown(call);
        self.session_init(call, idx, &other);
        if let Some(event) = events::ringing(call, idx, &other) {
            self.push(&key, event);
        }
    }

    /// The offered agent answered: it talks with the customer.
    pub(super) fn offer_answered(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, now: u64) {
        let Some(no) = call.agent_of(leg).map(str::to_string) else {
            return;
        };
        call.legs[leg].customer_contact = call.customer.is_some();
        call.phase = Phase::Connected;
        self.apply(ag, &AgentKey::new(&call.tenant_id, &no), Command::Answer, now);
    }

    /// The offered agent did not take the call: it goes back to its queue
    /// (the agent is not offered it again), or ends when it has none.
    pub(super) fn offer_failed(&mut self, ag: &mut dyn Agents, call: &mut Call, cause: &str, now: u64) {
        let Some(owner) = call.owner.take() else {
            return;
        };
        if let Some(no) = call.agent_of(owner).map(str::to_string) {
            call.tried.push(no);
        }
        self.end_leg(ag, call, owner, cause, now);
        if call.queue_no.is_some() && call.is_live(call.customer) {
            call.phase = Phase::Queued;
        } else {
            self.end_call(ag, call, cause, now);
        }
    }
}
