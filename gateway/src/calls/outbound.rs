//! Calls an agent starts: preview outbound calls and internal calls. The
//! agent's own phone rings first; once it answers, the far party (the
//! customer, or the callee) is dialled; once that answers, both talk.

use agent_sdk::protocol::ops::{InternalCallParams, PreviewObCallParams};

use crate::agent::Command;
use crate::calls::call::{Call, CallType, InternalTarget, Party, Phase, Preview};
use crate::calls::engine::Engine;
use crate::calls::events;
use crate::calls::numbers;
use crate::calls::ops::Answer;
use crate::calls::{AgentKey, Agents};
use crate::errors::Refusal;

/// The documented default ring times, in seconds.
const AGENT_ANSWER_TIMEOUT: i64 = 30;
const CUSTOMER_ANSWER_TIMEOUT: i64 = 45;

fn seconds_ms(value: Option<i64>, default: i64) -> u64 {
    u64::try_from(value.unwrap_or(default)).unwrap_or(0).saturating_mul(1000)
}

impl Engine {
    /// `previewObCall`: checks (docs/call-flows.md, in order), then the
    /// agent's phone rings.
    pub(super) fn preview_ob_call(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: PreviewObCallParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let settings = self.settings(&who.tenant_id);
        if !settings.outbound_enabled {
            return Err(Refusal::no_ob_permission());
        }
        if settings.outbound_denied_agents.contains(&who.agent_no) {
            return Err(Refusal::permission_denied());
        }
        if ag.agent(who).is_none_or(|a| a.on_call()) || self.find_agent(who).is_some() {
            return Err(Refusal::preview_agent_busy());
        }
        numbers::check_dialable(&p.customer_number, &settings)?;
        let ob_clid = match p.ob_clid {
            Some(clid) if !settings.caller_ids.contains(&clid) => return Err(Refusal::bad_ob_clid()),
            Some(clid) => clid,
            None => settings.caller_ids.first().cloned().unwrap_or_default(),
        };
        let mut call = self.new_call(ag, who, CallType::Preview, &p.customer_number, now);
        let request_unique_id = p.request_unique_id.unwrap_or_else(|| format!("req-{}", call.main_unique_id));
        call.preview = Some(Preview {
            agent_no: who.agent_no.clone(),
            request_unique_id: request_unique_id.clone(),
            ob_clid,
            area_code: p.ob_clid_area_code.unwrap_or_else(|| numbers::area_code(&p.customer_number)),
            number_type: numbers::number_type(&p.customer_number),
            customer_timeout_ms: seconds_ms(p.customer_answer_timeout, CUSTOMER_ANSWER_TIMEOUT),
            reported: false,
        });
        self.dial_own_leg(ag, who, call, seconds_ms(p.agent_answer_timeout, AGENT_ANSWER_TIMEOUT), now);
        Ok(Answer::Preview { request_unique_id })
    }

    /// `InternalCall`: the callee must be a logged-in idle agent (20012,
    /// 20011) or one of the tenant's extensions (20025).
    pub(super) fn internal_call(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        p: InternalCallParams,
        now: u64,
    ) -> Result<Answer, Refusal> {
        if ag.agent(who).is_none_or(|a| a.on_call()) || self.find_agent(who).is_some() {
            return Err(Refusal::agent_busy());
        }
        if p.target_type == 0 {
            self.check_agent_target(ag, who, &p.target)?;
        } else if !self.settings(&who.tenant_id).extensions.contains(&p.target) {
            return Err(Refusal::bad_dest_interface());
        }
        let mut call = self.new_call(ag, who, CallType::Internal, &p.target, now);
        call.internal = Some(InternalTarget {
            target_type: p.target_type,
            target: p.target,
            timeout_ms: seconds_ms(p.customer_answer_timeout, CUSTOMER_ANSWER_TIMEOUT),
        });
        self.dial_own_leg(ag, who, call, seconds_ms(p.agent_answer_timeout, AGENT_ANSWER_TIMEOUT), now);
        Ok(Answer::Done)
    }

    /// An agent target must not be the caller (20000), must exist and be
    /// logged in (20012), and be idle (20011).
    pub(super) fn check_agent_target(&self, ag: &dyn Agents, who: &AgentKey, target: &str) -> Result<(), Refusal> {
        if target == who.agent_no {
            return Err(Refusal::bad_param(&agent_sdk::protocol::Invalid::new(
                "target",
                "must not be the agent itself",
            )));
        }
        let key = AgentKey::new(&who.tenant_id, target);
        if ag.agent(&key).is_none() {
            return Err(Refusal::no_such_agent());
        }
        if !Self::is_idle(ag, &key) {
            return Err(Refusal::agent_busy());
        }
        Ok(())
    }

    /// A new call whose first leg is `who`'s phone (its unique id is the
    /// call's `mainUniqueId`).
    fn new_call(&mut self, ag: &dyn Agents, who: &AgentKey, call_type: CallType, number: &str, now: u64) -> Call {
        let leg = self.new_leg(ag, &who.tenant_id, Party::Agent(who.agent_no.clone()), call_type.code(), now);
        let call = Call::new(leg, who.tenant_id.clone(), call_type, number.to_string(), Phase::AgentDialling, now);
        Call { owner: Some(0), ..call }
    }

    /// Rings the caller's own phone (`agentStatus` calling) with its ring
    /// timeout and, per endpoint type, an automatic answer.
    fn dial_own_leg(&mut self, ag: &mut dyn Agents, who: &AgentKey, mut call: Call, timeout_ms: u64, now: u64) {
        let auto = self.settings(&who.tenant_id).agent_auto_answer_ms;
        let endpoint_type = ag.agent(who).and_then(|a| a.endpoint()).map_or(0, |e| e.endpoint_type);
        call.legs[0].ring_until = Some(now.saturating_add(timeout_ms));
        // A registered softphone answers (or not) over SIP by itself.
        let emulated = !(endpoint_type == 3 && ag.softphone_registered(who));
        call.legs[0].answer_at = auto.for_endpoint(endpoint_type).filter(|_| emulated).map(|ms| now.saturating_add(ms));
        self.apply(ag, who, Command::Dial(Self::call_ref(&call, 0)), now);
        let idx = self.calls.len();
        self.put(idx, call);
    }

    /// The caller's phone answered: `sessionInit`, then the far party is
    /// dialled.
    pub(super) fn own_leg_answered(&mut self, ag: &mut dyn Agents, call: &mut Call, now: u64) {
        let Some(owner) = call.owner else {
            return;
        };
        let other = call.customer_number.clone();
        self.session_init(call, owner, &other);
        let settings = self.settings(&call.tenant_id);
        call.phase = Phase::FarDialling;
        if let Some(p) = call.preview.clone() {
            let mut leg = self.new_leg(ag, &call.tenant_id, Party::Customer(other), call.call_type.code(), now);
            leg.ring_until = Some(now.saturating_add(p.customer_timeout_ms));
            leg.answer_at = settings.customer_auto_answer_ms.map(|ms| now.saturating_add(ms));
            call.legs.push(leg);
            call.customer = Some(call.legs.len() - 1);
            let key = AgentKey::new(&call.tenant_id, &p.agent_no);
            let (state, action) = Self::state_of(ag, &key);
            let start = events::preview_start(call);
            let ringing = events::preview_ringing(call, state, action);
            for event in [start, ringing].into_iter().flatten() {
                self.push(&key, event);
            }
        } else if let Some(t) = call.internal.clone() {
            self.dial_internal_callee(ag, call, &t, now);
        }
    }

    /// Rings the internal call's callee; an agent who is no longer idle
    /// ends the call.
    fn dial_internal_callee(&mut self, ag: &mut dyn Agents, call: &mut Call, t: &InternalTarget, now: u64) {
        let party =
            if t.target_type == 0 { Party::Agent(t.target.clone()) } else { Party::Extension(t.target.clone()) };
        let mut leg = self.new_leg(ag, &call.tenant_id, party, CallType::Internal.code(), now);
        leg.ring_until = Some(now.saturating_add(t.timeout_ms));
        if t.target_type != 0 {
            leg.answer_at = self.settings(&call.tenant_id).customer_auto_answer_ms.map(|ms| now.saturating_add(ms));
        }
        call.legs.push(leg);
        let idx = call.legs.len() - 1;
        call.target = Some(idx);
        if t.target_type != 0 {
            return;
        }
        let key = AgentKey::new(&call.tenant_id, &t.target);
        if !Self::is_idle(ag, &key) || !self.apply(ag, &key, Command::Ring(Self::call_ref(call, idx)), now) {
            call.legs[idx].end("busy", now);
            return self.end_call(ag, call, "busy", now);
        }
        let caller = events::caller_shown(call);
        self.session_init(call, idx, &caller);
        if let Some(event) = events::ringing(call, idx, &caller) {
            self.push(&key, event);
        }
    }

    /// The far party answered: both talk. A preview call reports the bridge
    /// and its success.
    pub(super) fn far_answered(&mut self, ag: &mut dyn Agents, call: &mut Call, now: u64) {
        call.phase = Phase::Connected;
        let callee = call.target.and_then(|t| call.agent_of(t)).map(str::to_string);
        if let Some(no) = callee {
            self.apply(ag, &AgentKey::new(&call.tenant_id, &no), Command::Answer, now);
        }
        let Some(owner) = call.owner else {
            return;
        };
        call.legs[owner].customer_contact = call.customer.is_some();
        if let Some(no) = call.agent_of(owner).map(str::to_string) {
            let key = AgentKey::new(&call.tenant_id, &no);
            self.apply(ag, &key, Command::Answer, now);
            if let Some(event) = events::preview_bridge(call) {
                self.push(&key, event);
            }
        }
        self.report_preview(call, true);
    }

    /// `cancelPreviewObCall`: ends the agent's outbound call before it
    /// connects.
    pub(super) fn cancel_outbound(&mut self, ag: &mut dyn Agents, who: &AgentKey, now: u64) -> Result<Answer, Refusal> {
        let (idx, leg) = self.find_agent(who).ok_or_else(|| Refusal::state("no call being dialled"))?;
        let call = &self.calls[idx];
        let dialling = matches!(call.phase, Phase::AgentDialling | Phase::FarDialling);
        if call.owner != Some(leg) || !dialling {
            return Err(Refusal::state("no call being dialled"));
        }
        self.with_call(idx, |e, call| e.end_call(ag, call, "cancelled", now));
        Ok(Answer::Done)
    }
}
