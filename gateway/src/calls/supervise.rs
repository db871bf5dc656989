//! The supervisor operations of seed 001 section 7 that act on calls: spy,
//! whisper, barge and three-way (a monitoring leg for the supervisor, see
//! `monitor.rs`), their ends, forced disconnect and pickup. Permission and
//! tenant checks are the hub's; here the target must be in the
//! supervisor's own tenant because every lookup is by the supervisor's
//! tenant.

use agent_sdk::protocol::ops::{
    BargeParams, CancelThreewayParams, DisconnectParams, PerformThreewayParams, PickupParams, SpyParams,
    UnWhisperParams, UnspyParams, WhisperParams,
};
use agent_sdk::protocol::{Invalid, Operation};
use serde_json::Value;

use crate::calls::call::{sub_call_type, LegState, Party, Phase};
use crate::calls::engine::Engine;
use crate::calls::monitor::{Mode, Monitor};
use crate::calls::monitor_events;
use crate::calls::{AgentKey, Agents};
use crate::errors::Refusal;

/// A supervisor operation on calls, with its checked parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MonitorOp {
    /// `spy`, `whisper`, `barge` or `performThreeway` on the target agent.
    Start(Mode, String),
    /// `unspy` or `unWhisper`.
    Stop(Mode),
    /// `cancelThreeway` on the target agent.
    CancelThreeway(String),
    /// `disconnect` the target agent's call.
    Disconnect(String),
    /// `pickup` the call ringing at the target agent.
    Pickup(String),
}

fn read<P: Operation>(params: &Value) -> Result<P, Invalid> {
    P::from_json(params)
}

impl MonitorOp {
    /// The operation `action` names, if it is one of these, with its
    /// parameters checked against the shared schema.
    pub fn parse(action: &str, params: &Value) -> Option<Result<Self, Invalid>> {
        let op = match action {
            SpyParams::ACTION => read::<SpyParams>(params).map(|p| Self::Start(Mode::Spy, p.agent_no)),
            WhisperParams::ACTION => read::<WhisperParams>(params).map(|p| Self::Start(Mode::Whisper, p.agent_no)),
            BargeParams::ACTION => read::<BargeParams>(params).map(|p| Self::Start(Mode::Barge, p.agent_no)),
            PerformThreewayParams::ACTION => {
                read::<PerformThreewayParams>(params).map(|p| Self::Start(Mode::Threeway, p.agent_no))
            }
            UnspyParams::ACTION => read::<UnspyParams>(params).map(|_| Self::Stop(Mode::Spy)),
            UnWhisperParams::ACTION => read::<UnWhisperParams>(params).map(|_| Self::Stop(Mode::Whisper)),
            CancelThreewayParams::ACTION => {
                read::<CancelThreewayParams>(params).map(|p| Self::CancelThreeway(p.agent_no))
            }
            DisconnectParams::ACTION => read::<DisconnectParams>(params).map(|p| Self::Disconnect(p.agent_no)),
            PickupParams::ACTION => read::<PickupParams>(params).map(|p| Self::Pickup(p.agent_no)),
            _ => return None,
        };
        Some(op)
    }
}

impl Engine {
    /// Runs supervisor `who`'s operation at `now`, then offers queued calls
    /// to agents it freed.
    pub fn supervise(&mut self, ag: &mut dyn Agents, who: &AgentKey, op: MonitorOp, now: u64) -> Result<(), Refusal> {
        if ag.agent(who).is_none() {
            return Err(Refusal::not_logined());
        }
        let result = match op {
            MonitorOp::Start(mode, target) => self.start_monitor(ag, who, mode, &target, now),
            MonitorOp::Stop(mode) => self.stop_monitor(ag, who, |m| m.mode == mode, mode, now),
            MonitorOp::CancelThreeway(target) => {
                self.stop_monitor(ag, who, |m| m.mode == Mode::Threeway && m.target == target, Mode::Threeway, now)
            }
            MonitorOp::Disconnect(target) => self.force_disconnect(ag, who, &target, now),
            MonitorOp::Pickup(target) => self.pickup(ag, who, &target, now),
        };
        self.distribute(ag, now);
        result
    }

    /// The target agent's live leg: it must be another agent of the
    /// supervisor's tenant, logged in, on a call.
    fn target_leg(&self, ag: &dyn Agents, who: &AgentKey, target: &str) -> Result<(usize, usize), Refusal> {
        if target == who.agent_no {
            return Err(Refusal::bad_param(&Invalid::new("agentNo", "must not be the supervisor itself")));
        }
        let key = AgentKey::new(&who.tenant_id, target);
        if ag.agent(&key).is_none() {
            return Err(Refusal::no_such_agent());
        }
        self.find_agent(&key).ok_or_else(|| Refusal::state("agent has no call in progress"))
    }

    /// `spy`, `whisper`, `barge`, `performThreeway`: the supervisor's
    /// phone joins the target's connected call in `mode`; a supervisor
    /// already in that call changes mode instead.
    fn start_monitor(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        mode: Mode,
        target: &str,
        now: u64,
    ) -> Result<(), Refusal> {
        let (idx, leg) = self.target_leg(ag, who, target)?;
        let call = &self.calls[idx];
        if call.phase != Phase::Connected || call.legs[leg].state != LegState::Up || call.owner != Some(leg) {
            return Err(Refusal::state("agent not talking"));
        }
        match self.find_agent(who) {
            Some((i, own)) if i == idx && self.calls[i].legs[own].monitor.is_some() => {
                return self.change_mode(ag, who, idx, own, mode, target);
            }
            Some(_) => return Err(Refusal::agent_busy()),
            None if ag.agent(who).is_some_and(|a| a.on_call()) => return Err(Refusal::agent_busy()),
            None => {}
        }
        let emulated = !Self::rings_over_sip(ag, who);
        let ring_ms = self.settings(&who.tenant_id).ring_timeout_ms();
        self.with_call(idx, |e, call| {
            let code = call.call_type.code();
            let mut l = e.new_leg(ag, &call.tenant_id, Party::Agent(who.agent_no.clone()), code, now);
            l.sub_call_type = Some(sub_call_type::MONITOR);
            l.monitor = Some(Monitor { mode, target: target.to_string(), linked: false });
            l.ring_until = Some(now.saturating_add(ring_ms));
            call.legs.push(l);
            let new = call.legs.len() - 1;
            if emulated {
                // A phone the gateway emulates answers its own supervisor's
                // request at once; a registered softphone is rung with an
                // auto-answer request and answers over SIP.
                call.legs[new].answer(now);
                e.monitor_answered(ag, call, new);
            }
        });
        tracing::info!(supervisor = %who.agent_no, target, mode = mode.as_str(), "monitoring");
        Ok(())
    }

    /// The supervisor, already in the call, switches mode: the old mode
    /// unlinks, the new one reports its result and links.
    fn change_mode(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        idx: usize,
        leg: usize,
        mode: Mode,
        target: &str,
    ) -> Result<(), Refusal> {
        let current = self.calls[idx].legs[leg].monitor.as_ref().map(|m| m.mode);
        if current == Some(mode) {
            return Err(Refusal::already(&format!("already in {}", mode.as_str())));
        }
        self.with_call(idx, |e, call| {
            let up = call.legs[leg].state == LegState::Up;
            if up {
                e.monitor_ended(ag, call, leg);
            }
            if let Some(m) = call.legs[leg].monitor.as_mut() {
                *m = Monitor { mode, target: target.to_string(), linked: false };
            }
            if up {
                e.monitor_answered(ag, call, leg);
            }
        });
        tracing::info!(supervisor = %who.agent_no, target, mode = mode.as_str(), "monitoring mode changed");
        Ok(())
    }

    /// `unspy`, `unWhisper`, `cancelThreeway`: the supervisor's monitoring
    /// leg in that mode hangs up.
    fn stop_monitor(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        matches: impl Fn(&Monitor) -> bool,
        mode: Mode,
        now: u64,
    ) -> Result<(), Refusal> {
        let found = self.find_agent(who).filter(|&(i, l)| self.calls[i].legs[l].monitor.as_ref().is_some_and(&matches));
        let (idx, leg) = found.ok_or_else(|| Refusal::state(&format!("not in {}", mode.as_str())))?;
        self.with_call(idx, |e, call| e.end_leg(ag, call, leg, "supervisorLeft", now));
        Ok(())
    }

    /// `disconnect`: the target's call ends for everyone;
    /// `disconnectResult` tells the supervisor.
    fn force_disconnect(&mut self, ag: &mut dyn Agents, who: &AgentKey, target: &str, now: u64) -> Result<(), Refusal> {
        let (idx, _) = self.target_leg(ag, who, target)?;
        self.with_call(idx, |e, call| {
            e.end_call(ag, call, "supervisorDisconnect", now);
            let endpoint = ag.agent(who).and_then(|a| a.endpoint().cloned());
            let event = monitor_events::disconnect_result(call, &who.agent_no, target, endpoint.as_ref(), true);
            e.push(who, event);
        });
        tracing::info!(supervisor = %who.agent_no, target, "call disconnected by a supervisor");
        Ok(())
    }

    /// `pickup`: a call ringing at the target is offered to the supervisor
    /// instead, whose phone answers it (an emulated phone at once, a
    /// registered softphone over SIP with an auto-answer request).
    fn pickup(&mut self, ag: &mut dyn Agents, who: &AgentKey, target: &str, now: u64) -> Result<(), Refusal> {
        let (idx, leg) = self.target_leg(ag, who, target)?;
        let call = &self.calls[idx];
        if call.phase != Phase::Offering || call.owner != Some(leg) || call.legs[leg].state != LegState::Ringing {
            return Err(Refusal::state("no call ringing at the agent"));
        }
        if self.find_agent(who).is_some() || !Self::is_idle(ag, who) {
            return Err(Refusal::not_idle());
        }
        let emulated = !Self::rings_over_sip(ag, who);
        self.with_call(idx, |e, call| {
            call.tried.push(target.to_string());
            call.owner = None;
            e.end_leg(ag, call, leg, "pickedUp", now);
            e.offer(ag, call, &who.agent_no, Some(sub_call_type::PICKUP), now);
            let mine = call.owner.filter(|&o| call.agent_of(o) == Some(who.agent_no.as_str()));
            if let (true, Some(own)) = (emulated, mine) {
                e.leg_answered(ag, call, own, now);
            }
        });
        tracing::info!(supervisor = %who.agent_no, target, "call picked up");
        Ok(())
    }

    /// Whether `who`'s phone is a registered softphone, rung over SIP.
    fn rings_over_sip(ag: &dyn Agents, who: &AgentKey) -> bool {
        let softphone = ag.agent(who).and_then(|a| a.endpoint()).is_some_and(|e| e.endpoint_type == 3);
        softphone && ag.softphone_registered(who)
    }
}
