//! The call operations of seed 001 sections 4 and 5: their parameters read
//! with the shared schemas, and the ones that act on the agent's own leg
//! (hang-up, reject, hold, mute, DTMF, wrap-up, auto outbound tasks, work
//! mode). The flows they start live beside this file.

use agent_sdk::protocol::ops::{
    BlxferParams, CancelAtxferParams, CancelPreviewObCallParams, ChangeObCallModeParams, CompleteAtxferParams,
    HoldParams, InternalCallParams, MuteParams, PauseAutoObCallTaskParams, PerformSatisfactionSurveyParams,
    PreviewObCallParams, ProlongWrapupParams, RejectParams, ResumeAtxferParams, SendDtmfParams, StartAtxferParams,
    StartAutoObCallTaskParams, ThreewayAtxferParams, TransferIvrParams, UnholdParams, UnlinkParams, UnmuteParams,
};
use agent_sdk::protocol::{Invalid, Operation};
use serde_json::Value;

use crate::agent::Command;
use crate::calls::call::{LegState, Phase};
use crate::calls::engine::Engine;
use crate::calls::{AgentKey, Agents};
use crate::errors::Refusal;

/// A call operation with its checked parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallOp {
    /// `previewObCall`.
    PreviewObCall(Box<PreviewObCallParams>),
    /// `cancelPreviewObCall`.
    CancelPreviewObCall,
    /// `unlink`: 1 the agent's side (default), 2 the customer's.
    Unlink(i64),
    /// `reject` with its description.
    Reject(Option<String>),
    /// `hold`.
    Hold,
    /// `unhold`.
    Unhold,
    /// `mute` with its direction.
    Mute(String),
    /// `unmute` with its direction.
    Unmute(String),
    /// `sendDtmf`.
    SendDtmf(SendDtmfParams),
    /// `performSatisfactionSurvey`.
    Survey,
    /// `InternalCall`.
    InternalCall(InternalCallParams),
    /// `prolongWrapup` by so many seconds.
    ProlongWrapup(i64),
    /// `startAutoObCallTask`.
    StartAutoObCallTask(String),
    /// `pauseAutoObCallTask`.
    PauseAutoObCallTask(String),
    /// `changeObCallMode`.
    ChangeObCallMode(i64),
    /// `startAtxfer`.
    StartAtxfer(StartAtxferParams),
    /// `cancelAtxfer`.
    CancelAtxfer,
    /// `resumeAtxfer`.
    ResumeAtxfer,
    /// `completeAtxfer`.
    CompleteAtxfer(CompleteAtxferParams),
    /// `threewayAtxfer`.
    ThreewayAtxfer(ThreewayAtxferParams),
    /// `blxfer`.
    Blxfer(BlxferParams),
    /// `transferIvr`.
    TransferIvr(TransferIvrParams),
}

/// A successful call operation's extra response fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Nothing beyond `code: 0`.
    Done,
    /// `previewObCallResp` carries the request id.
    Preview {
        /// `requestUniqueId`.
        request_unique_id: String,
    },
}

fn read<P: Operation>(params: &Value) -> Result<P, Invalid> {
    P::from_json(params)
}

impl CallOp {
    /// The operation `action` names, if it is a call operation, with its
    /// parameters checked against the shared schema.
    pub fn parse(action: &str, params: &Value) -> Option<Result<Self, Invalid>> {
        let op = match action {
            PreviewObCallParams::ACTION => read(params).map(|p| Self::PreviewObCall(Box::new(p))),
            CancelPreviewObCallParams::ACTION => {
                read::<CancelPreviewObCallParams>(params).map(|_| Self::CancelPreviewObCall)
            }
            UnlinkParams::ACTION => read::<UnlinkParams>(params).map(|p| Self::Unlink(p.side.unwrap_or(1))),
            RejectParams::ACTION => read::<RejectParams>(params).map(|p| Self::Reject(p.description)),
            HoldParams::ACTION => read::<HoldParams>(params).map(|_| Self::Hold),
            UnholdParams::ACTION => read::<UnholdParams>(params).map(|_| Self::Unhold),
            MuteParams::ACTION => read::<MuteParams>(params).map(|p| Self::Mute(p.direction)),
            UnmuteParams::ACTION => read::<UnmuteParams>(params).map(|p| Self::Unmute(p.direction)),
            SendDtmfParams::ACTION => read(params).map(Self::SendDtmf),
            PerformSatisfactionSurveyParams::ACTION => {
                read::<PerformSatisfactionSurveyParams>(params).map(|_| Self::Survey)
            }
            InternalCallParams::ACTION => read(params).map(Self::InternalCall),
            ProlongWrapupParams::ACTION => {
                read::<ProlongWrapupParams>(params).map(|p| Self::ProlongWrapup(p.wrapup_time))
            }
            StartAutoObCallTaskParams::ACTION => {
                read::<StartAutoObCallTaskParams>(params).map(|p| Self::StartAutoObCallTask(p.task_id))
            }
            PauseAutoObCallTaskParams::ACTION => {
                read::<PauseAutoObCallTaskParams>(params).map(|p| Self::PauseAutoObCallTask(p.task_id))
            }
            ChangeObCallModeParams::ACTION => {
                read::<ChangeObCallModeParams>(params).map(|p| Self::ChangeObCallMode(p.work_mode))
            }
            StartAtxferParams::ACTION => read(params).map(Self::StartAtxfer),
            CancelAtxferParams::ACTION => read::<CancelAtxferParams>(params).map(|_| Self::CancelAtxfer),
            ResumeAtxferParams::ACTION => read::<ResumeAtxferParams>(params).map(|_| Self::ResumeAtxfer),
            CompleteAtxferParams::ACTION => read(params).map(Self::CompleteAtxfer),
            ThreewayAtxferParams::ACTION => read(params).map(Self::ThreewayAtxfer),
            BlxferParams::ACTION => read(params).map(Self::Blxfer),
            TransferIvrParams::ACTION => read(params).map(Self::TransferIvr),
            _ => return None,
        };
        Some(op)
    }
}

impl Engine {
    /// Runs a call operation of agent `who` at `now`, then offers queued
    /// calls to agents it freed.
    pub fn operation(&mut self, ag: &mut dyn Agents, who: &AgentKey, op: CallOp, now: u64) -> Result<Answer, Refusal> {
        if ag.agent(who).is_none() {
            return Err(Refusal::not_logined());
        }
        let result = match op {
            CallOp::PreviewObCall(p) => self.preview_ob_call(ag, who, *p, now),
            CallOp::CancelPreviewObCall => self.cancel_outbound(ag, who, now),
            CallOp::Unlink(side) => self.unlink(ag, who, side, now),
            CallOp::Reject(description) => self.reject(ag, who, description, now),
            CallOp::Hold => self.hold(who, true),
            CallOp::Unhold => self.hold(who, false),
            CallOp::Mute(direction) => self.mute(who, &direction, true),
            CallOp::Unmute(direction) => self.mute(who, &direction, false),
            CallOp::SendDtmf(p) => self.send_dtmf(who, &p),
            CallOp::Survey => self.survey(ag, who, now),
            CallOp::InternalCall(p) => self.internal_call(ag, who, p, now),
            CallOp::ProlongWrapup(seconds) => {
                let ms = u64::try_from(seconds).unwrap_or(0).saturating_mul(1000);
                let agent = ag.agent_mut(who).ok_or_else(Refusal::not_logined)?;
                agent.apply(Command::ProlongWrapup(ms), now).map(|_| Answer::Done)
            }
            CallOp::StartAutoObCallTask(task) => self.task(who, &task, true),
            CallOp::PauseAutoObCallTask(task) => self.task(who, &task, false),
            CallOp::ChangeObCallMode(mode) => {
                self.prefs.entry(who.clone()).or_default().work_mode = Some(mode);
                Ok(Answer::Done)
            }
            CallOp::StartAtxfer(p) => self.start_atxfer(ag, who, p, now),
            CallOp::CancelAtxfer => self.cancel_atxfer(ag, who, now),
            CallOp::ResumeAtxfer => self.resume_atxfer(ag, who, now),
            CallOp::CompleteAtxfer(p) => self.complete_atxfer(ag, who, p, now),
            CallOp::ThreewayAtxfer(p) => self.threeway_atxfer(ag, who, p, now),
            CallOp::Blxfer(p) => self.blxfer(ag, who, p, now),
            CallOp::TransferIvr(p) => self.transfer_ivr(who, p, now),
        };
        self.distribute(ag, now);
        result
    }

    /// The agent's connected call, which it handles; or why not.
    pub(super) fn owner_call(&self, who: &AgentKey) -> Result<usize, Refusal> {
        let (idx, leg) = self.find_agent(who).ok_or_else(|| Refusal::state("no call in progress"))?;
        let call = &self.calls[idx];
        if call.owner != Some(leg) {
            return Err(Refusal::state("only the call's agent can do this"));
        }
        if call.phase != Phase::Connected || call.legs[leg].state != LegState::Up {
            return Err(Refusal::state("call not connected"));
        }
        Ok(idx)
    }

    /// The call has a customer who is with the agent: no consult running,
    /// not in an IVR.
    pub(super) fn check_customer_free(&self, idx: usize) -> Result<(), Refusal> {
        let call = &self.calls[idx];
        if !call.is_live(call.customer) {
            return Err(Refusal::state("no customer on the call"));
        }
        if call.consult.is_some() {
            return Err(Refusal::state("consult in progress"));
        }
        if call.ivr.is_some() {
            return Err(Refusal::state("customer in IVR"));
        }
        Ok(())
    }

    /// `unlink`: side 1 the agent hangs up, side 2 it hangs up the far
    /// party. A call still being dialled is cancelled either way.
    fn unlink(&mut self, ag: &mut dyn Agents, who: &AgentKey, side: i64, now: u64) -> Result<Answer, Refusal> {
        let (idx, leg) = self.find_agent(who).ok_or_else(|| Refusal::state("no call in progress"))?;
        let call = &self.calls[idx];
        let own_dialling = call.owner == Some(leg) && call.phase == Phase::AgentDialling;
        if call.legs[leg].state == LegState::Ringing && !own_dialling {
            return Err(Refusal::state("call is ringing: use reject"));
        }
        let far = call.far().filter(|f| call.is_live(Some(*f)));
        let (leg, cause) = match (side, far) {
            (2, Some(far)) if call.owner == Some(leg) => (far, "customerHangup"),
            _ => (leg, "agentHangup"),
        };
        self.with_call(idx, |e, call| e.leg_left(ag, call, leg, cause, now));
        Ok(Answer::Done)
    }

    /// `reject`: a call ringing at the agent goes elsewhere (next agent,
    /// back to the consulting agent, or ends).
    fn reject(
        &mut self,
        ag: &mut dyn Agents,
        who: &AgentKey,
        description: Option<String>,
        now: u64,
    ) -> Result<Answer, Refusal> {
        let ringing = ag.agent(who).is_some_and(|a| a.state() == agent_sdk::protocol::AgentState::Ringing);
        let found = self.find_agent(who).filter(|&(i, l)| self.calls[i].legs[l].state == LegState::Ringing);
        let (idx, leg) = found.filter(|_| ringing).ok_or_else(|| Refusal::state("no ringing call"))?;
        self.with_call(idx, |e, call| {
            call.rejects.push(format!("{}: {}", who.agent_no, description.unwrap_or_default()));
            e.leg_failed(ag, call, leg, "rejected", now);
        });
        Ok(Answer::Done)
    }

    /// `hold` / `unhold`: the far party (customer, or an internal call's
    /// callee) hears music.
    fn hold(&mut self, who: &AgentKey, hold: bool) -> Result<Answer, Refusal> {
        let idx = self.owner_call(who)?;
        let call = &mut self.calls[idx];
        if call.consult.is_some() {
            return Err(Refusal::state("consult in progress"));
        }
        if call.ivr.is_some() {
            return Err(Refusal::state("customer in IVR"));
        }
        let far = call.far().and_then(|f| call.legs.get_mut(f)).filter(|l| l.state == LegState::Up);
        let far = far.ok_or_else(|| Refusal::state("call not connected"))?;
        match (hold, far.held) {
            (true, true) => Err(Refusal::already("already held")),
            (false, false) => Err(Refusal::already("not held")),
            _ => {
                far.held = hold;
                Ok(Answer::Done)
            }
        }
    }

    /// The agent's answered leg.
    fn own_up_leg(&self, who: &AgentKey) -> Result<(usize, usize), Refusal> {
        let (idx, leg) = self.find_agent(who).ok_or_else(|| Refusal::state("no call in progress"))?;
        if self.calls[idx].legs[leg].state != LegState::Up {
            return Err(Refusal::state("call not connected"));
        }
        Ok((idx, leg))
    }

    /// `mute` / `unmute` of the agent's audio in one or both directions.
    fn mute(&mut self, who: &AgentKey, direction: &str, mute: bool) -> Result<Answer, Refusal> {
        let (idx, leg) = self.own_up_leg(who)?;
        let l = &mut self.calls[idx].legs[leg];
        let (inbound, outbound) = match direction {
            "in" => (true, false),
            "out" => (false, true),
            _ => (true, true),
        };
        let done = |current: bool, asked: bool| !asked || current == mute;
        if done(l.muted_in, inbound) && done(l.muted_out, outbound) {
            return Err(Refusal::already(if mute { "already muted" } else { "not muted" }));
        }
        if inbound {
            l.muted_in = mute;
        }
        if outbound {
            l.muted_out = mute;
        }
        Ok(Answer::Done)
    }

    /// `sendDtmf`: the digits reach the agent's own leg (target 1) or the
    /// party it talks with (target 2); the scenario view shows them.
    fn send_dtmf(&mut self, who: &AgentKey, p: &SendDtmfParams) -> Result<Answer, Refusal> {
        let (idx, leg) = self.own_up_leg(who)?;
        let call = &mut self.calls[idx];
        let remote = if call.owner == Some(leg) {
            match &call.consult {
                Some(c) if c.linked && !c.threeway => Some(c.leg),
                _ => call.far(),
            }
        } else {
            call.owner.or(call.customer)
        };
        let to = if p.target == 1 { Some(leg) } else { remote };
        let l = to.and_then(|t| call.legs.get_mut(t)).filter(|l| l.live());
        let l = l.ok_or_else(|| Refusal::state("call not connected"))?;
        l.dtmf.push_str(&p.digits);
        Ok(Answer::Done)
    }

    /// Whether any agent of `tenant_id` has started task `task_id`.
    pub fn task_running(&self, tenant_id: &str, task_id: &str) -> bool {
        self.prefs.iter().any(|(k, p)| k.tenant_id == tenant_id && p.running_tasks.contains(task_id))
    }

    /// `startAutoObCallTask` / `pauseAutoObCallTask`.
    fn task(&mut self, who: &AgentKey, task_id: &str, start: bool) -> Result<Answer, Refusal> {
        if self.settings(&who.tenant_id).task(task_id).is_none() {
            return Err(Refusal::no_such_task(task_id));
        }
        let running = &mut self.prefs.entry(who.clone()).or_default().running_tasks;
        let changed = if start { running.insert(task_id.to_string()) } else { running.remove(task_id) };
        if !changed {
            return Err(Refusal::already(if start { "task already started" } else { "task not started" }));
        }
        Ok(Answer::Done)
    }
}
