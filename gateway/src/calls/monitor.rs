//! A supervisor inside an agent's call: silent monitoring (spy), coaching
//! (whisper), barge-in and three-way. The supervisor's phone is one more
//! leg of the call, marked with its [`Monitor`]; the mode decides who hears
//! whom ([`audio_matrix`], [`Engine::audio_plan`]), which the media layer
//! applies. The leg's events (`<mode>Result`, `<mode>Link`, `<mode>Unlink`)
//! go to the supervisor.

use serde::Serialize;

use crate::calls::call::{Call, LegState};
use crate::calls::engine::Engine;
use crate::calls::monitor_events;
use crate::calls::{AgentKey, Agents};

/// How a supervisor takes part in a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Hears both parties, heard by none.
    Spy,
    /// Hears both parties, heard by the agent only.
    Whisper,
    /// Hears and is heard by everyone.
    Barge,
    /// Hears and is heard by everyone, as a third party of the call.
    Threeway,
}

impl Mode {
    /// The name used in the scenario view and in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Spy => "spy",
            Self::Whisper => "whisper",
            Self::Barge => "barge",
            Self::Threeway => "threeway",
        }
    }
}

/// A supervisor's monitoring of a call, kept on the supervisor's leg.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monitor {
    /// The mode now.
    pub mode: Mode,
    /// The monitored agent, as the supervisor named it.
    pub target: String,
    /// The supervisor's phone answered: `<mode>Link` went out, so
    /// `<mode>Unlink` is due when the mode or the leg ends.
    pub linked: bool,
}

/// A party of a call, as the audio matrix sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The customer (or the far party of an internal call).
    Customer,
    /// The call's agent.
    Agent,
    /// The monitoring supervisor.
    Supervisor,
}

/// Who hears whom in a mode, as `(listener, speaker)` pairs. The agent and
/// the customer always hear each other; the rest is the mode's.
pub fn audio_matrix(mode: Mode) -> &'static [(Role, Role)] {
    use Role::*;
    const BASE: [(Role, Role); 2] = [(Agent, Customer), (Customer, Agent)];
    match mode {
        Mode::Spy => &[BASE[0], BASE[1], (Supervisor, Agent), (Supervisor, Customer)],
        Mode::Whisper => &[BASE[0], BASE[1], (Supervisor, Agent), (Supervisor, Customer), (Agent, Supervisor)],
        Mode::Barge | Mode::Threeway => &[
            BASE[0],
            BASE[1],
            (Supervisor, Agent),
            (Supervisor, Customer),
            (Agent, Supervisor),
            (Customer, Supervisor),
        ],
    }
}

/// One leg of a call's audio plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanLeg {
    /// The leg's `uniqueId`.
    pub unique_id: String,
    /// Its role.
    pub role: Role,
}

/// Who hears whom in one call right now: plain data the media layer's
/// bridge applies leg by leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioPlan {
    /// The call's `mainUniqueId`.
    pub main_unique_id: String,
    /// The answered legs that take part.
    pub legs: Vec<PlanLeg>,
    /// `(listener uniqueId, speaker uniqueId)` pairs.
    pub hears: Vec<(String, String)>,
}

/// The plan of a call: its agent and customer, and each answered monitoring
/// leg with its mode's matrix. A held customer hears nobody and is heard by
/// nobody (it hears music).
pub fn plan(call: &Call) -> AudioPlan {
    let up = |i: Option<usize>| i.filter(|&i| call.legs.get(i).is_some_and(|l| l.state == LegState::Up));
    let customer = up(call.far());
    let agent = up(call.owner);
    let held = customer.is_some_and(|c| call.legs[c].held);
    let id = |i: usize| call.legs[i].unique_id.clone();
    let mut legs = Vec::new();
    legs.extend(agent.map(|i| PlanLeg { unique_id: id(i), role: Role::Agent }));
    legs.extend(customer.map(|i| PlanLeg { unique_id: id(i), role: Role::Customer }));
    let mut hears = Vec::new();
    let leg_of = |role: Role, supervisor: usize| match role {
        Role::Agent => agent,
        Role::Customer => customer.filter(|_| !held),
        Role::Supervisor => Some(supervisor),
    };
    let monitors: Vec<(usize, Mode)> = (call.monitor_legs())
        .filter(|(_, l)| l.state == LegState::Up)
        .filter_map(|(i, l)| l.monitor.as_ref().map(|m| (i, m.mode)))
        .collect();
    if monitors.is_empty() {
        if let (Some(a), Some(c)) = (agent, customer.filter(|_| !held)) {
            hears.extend([(id(a), id(c)), (id(c), id(a))]);
        }
    }
    for (n, &(sup, mode)) in monitors.iter().enumerate() {
        legs.push(PlanLeg { unique_id: id(sup), role: Role::Supervisor });
        for &(listener, speaker) in audio_matrix(mode) {
            let both_base = listener != Role::Supervisor && speaker != Role::Supervisor;
            if both_base && n > 0 {
                continue;
            }
            if let (Some(l), Some(s)) = (leg_of(listener, sup), leg_of(speaker, sup)) {
                hears.push((id(l), id(s)));
            }
        }
    }
    AudioPlan { main_unique_id: call.main_unique_id.clone(), legs, hears }
}

impl Engine {
    /// The audio plan of live call `main_unique_id`.
    pub fn audio_plan(&self, main_unique_id: &str) -> Option<AudioPlan> {
        self.find_call(main_unique_id).map(|i| plan(&self.calls[i]))
    }

    /// The supervisor's monitoring leg answered: the mode is linked.
    pub(super) fn monitor_answered(&mut self, ag: &dyn Agents, call: &mut Call, leg: usize) {
        let Some(m) = call.legs[leg].monitor.as_mut() else { return };
        m.linked = true;
        let Some(no) = call.agent_of(leg).map(str::to_string) else { return };
        let key = AgentKey::new(&call.tenant_id, &no);
        let endpoint = ag.agent(&key).and_then(|a| a.endpoint().cloned());
        for event in monitor_events::linked(call, leg, endpoint.as_ref()) {
            self.push(&key, event);
        }
    }

    /// The supervisor's phone will not answer: `<mode>Result` error, and the
    /// leg ends without `<mode>Unlink`.
    pub(super) fn monitor_failed(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, cause: &str, now: u64) {
        if let (Some(no), Some(m)) = (call.agent_of(leg), call.legs[leg].monitor.as_ref()) {
            let key = AgentKey::new(&call.tenant_id, no);
            let endpoint = ag.agent(&key).and_then(|a| a.endpoint().cloned());
            let event = monitor_events::result(call, no, m, endpoint.as_ref(), false);
            self.push(&key, event);
        }
        self.end_leg(ag, call, leg, cause, now);
    }

    /// A monitoring leg ended (from [`Engine::end_leg`]): `<mode>Unlink`
    /// when it was linked. The supervisor's own state is not the call's.
    pub(super) fn monitor_ended(&mut self, ag: &dyn Agents, call: &Call, leg: usize) {
        let (Some(no), Some(m)) = (call.agent_of(leg), call.legs[leg].monitor.as_ref()) else { return };
        if !m.linked {
            return;
        }
        let key = AgentKey::new(&call.tenant_id, no);
        let endpoint = ag.agent(&key).and_then(|a| a.endpoint().cloned());
        let event = monitor_events::unlink(call, no, m, endpoint.as_ref());
        self.push(&key, event);
    }
}
