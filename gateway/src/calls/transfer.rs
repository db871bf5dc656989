//! Handing the customer elsewhere: blind transfer (`blxfer`) to a number,
//! an agent, an extension or an IVR node; a visit to an IVR node that comes
//! back to the agent (`transferIvr`); and the satisfaction survey.

use agent_sdk::protocol::ops::{BlxferParams, TransferIvrParams};
use serde_json::Value;

use crate::calls::call::{sub_call_type, Call, IvrVisit, Party, Phase};
use crate::calls::engine::Engine;
use crate::calls::events;
use crate::calls::numbers;
use crate::calls::ops::Answer;
use crate::calls::settings::IvrNode;
use crate::calls::{AgentKey, Agents};
use crate::errors::Refusal;

/// Where a blind transfer goes, checked.
enum Destination {
    Outside(Party),
    Agent(String),
    Ivr(IvrNode),
}

impl Engine {
    /// `blxfer`: the target is checked now (20102, 20031, 20012, 20011,
    /// 20025, 20015); then the agent leaves (wrap-up) and the customer goes
    /// on to the target.
    pub(super) fn blxfer(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: BlxferParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let idx = self.owner_call(who)?;
        self.check_customer_free(idx)?;
        let settings = self.settings(&who.tenant_id);
        let destination = match p.target_type {
            0 => {
                numbers::check_dialable(&p.target, &settings)?;
                Destination::Outside(Party::Pstn(p.target.clone()))
            }
            1 => {
                self.check_agent_target(ag, who, &p.target)?;
                Destination::Agent(p.target.clone())
            }
            2 if settings.extensions.contains(&p.target) => Destination::Outside(Party::Extension(p.target.clone())),
            2 => return Err(Refusal::bad_dest_interface()),
            _ => {
                let (id, node) = p.target.split_once(':').unwrap_or((p.target.as_str(), ""));
                let node =
                    settings.ivr_node(id.trim(), node.trim()).ok_or_else(|| Refusal::no_such_ivr_node(id, node))?;
                Destination::Ivr(node.clone())
            }
        };
        self.with_call(idx, |e, call| {
            if let Some(owner) = call.owner.take() {
                e.end_leg(ag, call, owner, "transferred", now);
            }
            if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
                c.held = false;
            }
            match destination {
                Destination::Agent(no) => e.offer(ag, call, &no, Some(sub_call_type::BLIND_TRANSFER), now),
                Destination::Outside(party) => {
                    let mut leg = e.new_leg(ag, &call.tenant_id, party, call.call_type.code(), now);
                    leg.ring_until = Some(now.saturating_add(settings.ring_timeout_ms()));
                    leg.answer_at = settings.customer_auto_answer_ms.map(|ms| now.saturating_add(ms));
                    call.legs.push(leg);
                    call.target = Some(call.legs.len() - 1);
                    call.phase = Phase::Transferring;
                }
                Destination::Ivr(node) => {
                    call.ivr = Some(visit(&node, false, node.variables.clone(), now));
                    call.phase = Phase::Unattended;
                }
            }
        });
        Ok(Answer::Done)
    }

    /// `transferIvr`: the customer visits the node and comes back to the
    /// agent with `interactReturn`. `returnVariables` names the variables
    /// wanted, each with a default for when the node has no value for it;
    /// without it the node returns every variable it has.
    pub(super) fn transfer_ivr(&mut self, who: &AgentKey, p: TransferIvrParams, now: u64) -> Result<Answer, Refusal> {
        let idx = self.owner_call(who)?;
        self.check_customer_free(idx)?;
        let ivr_id = match &p.ivr_target.ivr_id {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        let settings = self.settings(&who.tenant_id);
        let node = settings
            .ivr_node(&ivr_id, p.ivr_target.ivr_node.trim())
            .ok_or_else(|| Refusal::no_such_ivr_node(&ivr_id, &p.ivr_target.ivr_node))?;
        let variables = match p.return_variables {
            Some(wanted) => wanted
                .into_iter()
                .map(|(name, default)| {
                    let value = node.variables.get(&name).cloned().unwrap_or(default);
                    (name, value)
                })
                .collect(),
            None => node.variables.clone(),
        };
        self.calls[idx].ivr = Some(visit(node, true, variables, now));
        Ok(Answer::Done)
    }

    /// The IVR node is done: back to the agent with `interactReturn`, or
    /// the end of a call blind-transferred there.
    pub(super) fn ivr_done(&mut self, ag: &mut dyn Agents, call: &mut Call, now: u64) {
        let Some(visit) = call.ivr.take() else {
            return;
        };
        if !visit.returns {
            return self.end_call(ag, call, "ivr finished", now);
        }
        if let Some(no) = call.owner.filter(|o| call.is_live(Some(*o))).and_then(|o| call.agent_of(o)) {
            let event = events::interact_return(&call.tenant_id, no, visit.variables);
            let key = AgentKey::new(&call.tenant_id, no);
            self.push(&key, event);
        }
    }

    /// `performSatisfactionSurvey`: the agent leaves (wrap-up); the
    /// customer takes the survey, then the call ends.
    pub(super) fn survey(&mut self, ag: &mut dyn Agents, who: &AgentKey, now: u64) -> Result<Answer, Refusal> {
        let idx = self.owner_call(who)?;
        self.check_customer_free(idx)?;
        let survey_ms = self.settings(&who.tenant_id).survey_seconds.saturating_mul(1000);
        self.with_call(idx, |e, call| {
            if let Some(owner) = call.owner {
                e.end_leg(ag, call, owner, "survey", now);
            }
            call.owner = None;
            if let Some(c) = call.customer.and_then(|i| call.legs.get_mut(i)) {
                c.held = false;
            }
            call.phase = Phase::Unattended;
            call.survey_until = Some(now.saturating_add(survey_ms));
        });
        Ok(Answer::Done)
    }
}

fn visit(node: &IvrNode, returns: bool, variables: std::collections::BTreeMap<String, String>, now: u64) -> IvrVisit {
    IvrVisit {
        ivr_id: node.ivr_id.clone(),
        ivr_node: node.ivr_node.clone(),
        until: now.saturating_add(node.duration_ms),
        returns,
        variables,
    }
}
