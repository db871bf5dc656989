//! The audio of calls with softphone legs (docs/softphone.md, "Conference
//! bridge"): after every change the hub works out each such call's
//! [`AudioPlan`] (its simulated parties with their tones, its browser legs,
//! who hears whom) and hands the plans to the bridges. Two things change a
//! call's audio from outside the engine, for the supervisor's monitoring
//! modes: a monitoring party (a supervisor's softphone leg, rung over SIP
//! but not a leg of the engine's call) and an explicit matrix replacing the
//! default one.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::calls::{AgentKey, CallView, PhoneSignal, ScenarioError};
use crate::sip::bridge::Matrix;
use crate::sip::bridges::{AudioPlan, AudioView, MonitorView};
use crate::sip::invite::Ring;
use crate::sip::{SipCommand, SipConn};

use super::Hub;

/// The tones of a call's simulated parties, in the order of their legs:
/// the first (the customer on every call that has one) plays 440 Hz as a
/// softphone call always did; the others differ from it and from each
/// other (and from 660 and 880 Hz, which the tests' browsers play), so a
/// listener's audio can be attributed.
pub const SIMULATED_HZ: [f32; 4] = [440.0, 550.0, 330.0, 770.0];

/// A monitoring party: a supervisor's softphone leg in a call's audio.
#[derive(Debug, Clone)]
pub(super) struct Monitor {
    call: String,
    key: AgentKey,
    conn: SipConn,
    answered: bool,
}

/// The monitoring parties and the explicit matrices.
#[derive(Debug, Default)]
pub(super) struct Audio {
    /// By the monitoring leg's `uniqueId`.
    monitors: BTreeMap<String, Monitor>,
    /// By `mainUniqueId`: matrices set from outside, in force until
    /// cleared or the call ends.
    matrices: HashMap<String, Matrix>,
}

/// Call `view`'s audio: every live leg rung over SIP (`sip`) and every
/// monitoring party is a browser leg, every other live leg a simulated
/// party playing a tone. Unless `explicit` says otherwise, everyone
/// talking (up and not held) hears everyone else talking; monitoring
/// parties hear nothing and are heard by nobody until a matrix names them.
pub fn plan(view: &CallView, sip: &dyn Fn(&str) -> bool, monitors: &[String], explicit: Option<&Matrix>) -> AudioPlan {
    let mut tones = Vec::new();
    let mut legs = Vec::new();
    let mut talking = Vec::new();
    let mut simulated = 0;
    for leg in &view.legs {
        let live = leg.state != "ended";
        if sip(&leg.unique_id) {
            if live {
                legs.push(leg.unique_id.clone());
            }
        } else {
            // Counted over ended legs too, so a party keeps its tone when
            // one before it leaves.
            let hz = SIMULATED_HZ[simulated % SIMULATED_HZ.len()];
            simulated += 1;
            if live {
                tones.push((leg.unique_id.clone(), hz));
            }
        }
        if leg.state == "up" && !leg.held {
            talking.push(leg.unique_id.as_str());
        }
    }
    legs.extend(monitors.iter().cloned());
    let matrix = explicit.cloned().unwrap_or_else(|| Matrix::everyone(&talking));
    AudioPlan { tones, legs, matrix }
}

/// The matrix of a call a supervisor monitors (spy, whisper, barge,
/// three-way), from the engine's plan: who hears whom is the mode's, not
/// everyone's. `None` when no supervisor is in the call.
pub fn monitoring_matrix(plan: &crate::calls::AudioPlan) -> Option<Matrix> {
    if !plan.legs.iter().any(|l| l.role == crate::calls::Role::Supervisor) {
        return None;
    }
    Some(plan.hears.iter().fold(Matrix::new(), |m, (listener, source)| m.with(listener, source)))
}

impl Hub {
    /// Adds supervisor `key`'s softphone to live call `call` as a
    /// monitoring party: its softphone is rung over SIP (answering by
    /// itself, RFC 5373 `Answer-Mode: Auto`) and its leg joins the call's
    /// bridge, hearing nothing and heard by nobody until the call's matrix
    /// names it ([`Hub::set_call_matrix`]). Returns the leg's `uniqueId`,
    /// its name in the matrix.
    pub fn add_monitor(&mut self, call: &str, key: &AgentKey, now_ms: u64) -> Result<String, ScenarioError> {
        let view = self.live_call(call)?;
        let session = self.by_agent.get(key).and_then(|sid| self.sessions.get(sid));
        let user = session
            .and_then(|s| s.agent.endpoint())
            .filter(|e| e.endpoint_type == super::softphone::SOFTPHONE)
            .map(|e| e.endpoint.clone())
            .ok_or_else(|| {
                ScenarioError::Conflict(format!("agent {} is not logged in with a softphone", key.agent_no))
            })?;
        let (conn, contact) = self.softphones.binding(key).ok_or_else(|| {
            ScenarioError::Conflict(format!("the softphone of agent {} is not registered", key.agent_no))
        })?;
        let unique_id = self.calls.fresh_unique_id(now_ms);
        let ring = Ring {
            main_unique_id: call.to_string(),
            unique_id: unique_id.clone(),
            agent: key.clone(),
            user,
            contact,
            caller: view.customer_number.clone(),
            call_type: view.call_type,
            auto_answer: true,
        };
        if let Some(bridges) = &self.bridges {
            bridges.open(call);
        }
        if !conn.send(SipCommand::Ring(ring)) {
            return Err(ScenarioError::Conflict(format!("the softphone of agent {} is gone", key.agent_no)));
        }
        tracing::info!(call, agent = %key.agent_no, leg = %unique_id, "monitoring party added");
        let monitor = Monitor { call: call.to_string(), key: key.clone(), conn, answered: false };
        self.audio.monitors.insert(unique_id.clone(), monitor);
        self.sync_audio();
        Ok(unique_id)
    }

    /// Takes monitoring party `unique_id` out of its call: its softphone
    /// is sent CANCEL or BYE. False if there is no such party.
    pub fn end_monitor(&mut self, unique_id: &str) -> bool {
        let Some(monitor) = self.audio.monitors.remove(unique_id) else { return false };
        let _ = monitor.conn.send(SipCommand::End(unique_id.to_string()));
        self.sync_audio();
        true
    }

    /// Who hears whom in live call `call` from the next frame on, as
    /// (listener, source) pairs of the parties' `uniqueId`s (its legs' and
    /// its monitoring parties'); `None` goes back to the default (everyone
    /// talking hears everyone else). In force until replaced, cleared or
    /// the call ends, whatever happens to the call meanwhile.
    pub fn set_call_matrix(&mut self, call: &str, matrix: Option<Matrix>) -> Result<(), ScenarioError> {
        let view = self.live_call(call)?;
        match matrix {
            Some(matrix) => {
                let parties: HashSet<&str> = (view.legs.iter().map(|l| l.unique_id.as_str()))
                    .chain(self.audio.monitors.iter().filter(|(_, m)| m.call == call).map(|(id, _)| id.as_str()))
                    .collect();
                let stranger = matrix.pairs().flat_map(|(l, s)| [l, s]).find(|p| !parties.contains(p));
                if let Some(stranger) = stranger {
                    let rule = format!("'{stranger}' is not a leg or a monitoring party of call {call}");
                    return Err(ScenarioError::BadRequest(format!("matrix: {rule}")));
                }
                self.audio.matrices.insert(call.to_string(), matrix);
            }
            None => {
                self.audio.matrices.remove(call);
            }
        }
        self.sync_audio();
        Ok(())
    }

    /// Call `call`'s audio for the scenario view: the matrix its bridge
    /// mixes by, its monitoring parties and what the mixing cost; `None`
    /// while it has no bridge.
    pub fn call_audio(&self, call: &str) -> Option<AudioView> {
        let bridges = self.bridges.as_ref()?;
        let (matrix, cost) = (bridges.matrix(call)?, bridges.cost(call).unwrap_or_default());
        let monitors = (self.audio.monitors.iter().filter(|(_, m)| m.call == call))
            .map(|(id, m)| MonitorView {
                unique_id: id.clone(),
                agent_no: m.key.agent_no.clone(),
                state: if m.answered { "up" } else { "ringing" },
                media: None,
            })
            .collect();
        Some(AudioView { matrix, monitors, cost })
    }

    /// Monitoring party `unique_id`'s softphone did `signal`; false if it
    /// is not one.
    pub(super) fn monitor_signal(&mut self, unique_id: &str, signal: &PhoneSignal) -> bool {
        let Some(monitor) = self.audio.monitors.get_mut(unique_id) else { return false };
        match signal {
            PhoneSignal::Answered => monitor.answered = true,
            PhoneSignal::Failed(_) | PhoneSignal::HungUp => {
                tracing::info!(leg = unique_id, "monitoring party left");
                self.audio.monitors.remove(unique_id);
            }
        }
        self.sync_audio();
        true
    }

    /// Every call's audio plan: the live calls with a softphone leg rung
    /// over SIP or a monitoring party.
    pub fn audio_plans(&self) -> BTreeMap<String, AudioPlan> {
        let mut calls: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for leg in self.calls.agent_legs() {
            if self.softphones.drives(&leg.unique_id) {
                calls.entry(leg.main_unique_id).or_default();
            }
        }
        for (id, monitor) in &self.audio.monitors {
            calls.entry(monitor.call.clone()).or_default().push(id.clone());
        }
        let sip = |id: &str| self.softphones.drives(id);
        (calls.into_iter())
            .filter_map(|(call, monitors)| {
                let view = self.calls.view(&call).filter(|v| v.ended_ms.is_none())?;
                let modes = self.calls.audio_plan(&call).and_then(|p| monitoring_matrix(&p));
                let explicit = self.audio.matrices.get(&call).or(modes.as_ref());
                let plan = plan(&view, &sip, &monitors, explicit);
                Some((call, plan))
            })
            .collect()
    }

    /// Ends monitoring parties whose call ended or whose supervisor left,
    /// forgets the matrices of ended calls, and brings the bridges in step
    /// with the plans.
    pub(super) fn sync_audio(&mut self) {
        let gone: Vec<String> = (self.audio.monitors.iter())
            .filter(|(_, m)| {
                let call_over = self.calls.view(&m.call).is_none_or(|v| v.ended_ms.is_some());
                call_over || !self.softphones.registered(&m.key)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in gone {
            if let Some(monitor) = self.audio.monitors.remove(&id) {
                let _ = monitor.conn.send(SipCommand::End(id));
            }
        }
        if !self.audio.matrices.is_empty() {
            let live: HashSet<String> = self.calls.views(false).into_iter().map(|v| v.main_unique_id).collect();
            self.audio.matrices.retain(|call, _| live.contains(call));
        }
        if let Some(bridges) = &self.bridges {
            bridges.apply(&self.audio_plans());
        }
    }

    fn live_call(&self, call: &str) -> Result<CallView, ScenarioError> {
        (self.calls.view(call).filter(|v| v.ended_ms.is_none()))
            .ok_or_else(|| ScenarioError::NotFound(format!("no live call '{call}'")))
    }
}
