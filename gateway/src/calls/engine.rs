//! The engine's state and the plumbing every flow uses: the live calls and
//! a bounded history of ended ones, id and channel numbering, the outbox of
//! pushes, agent state changes (each one pushed as `agentStatus`), and the
//! timers.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::Arc;

use agent_sdk::protocol::events::{SessionInitEvent, SessionTerminateEvent};
use agent_sdk::protocol::{AgentState, Event};

use crate::agent::{CallRef, Command};
use crate::calls::call::{Call, Due, Leg, LegState, Party};
use crate::calls::numbers;
use crate::calls::settings::CallSettings;
use crate::calls::{AgentKey, Agents, Push};
use crate::config::{Config, Tenant};

/// Ended calls kept for the scenario interface.
pub const HISTORY: usize = 100;

/// What an agent set outside of calls: running auto outbound tasks and the
/// outbound work mode.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AgentPrefs {
    /// Started (not paused) task ids.
    pub running_tasks: BTreeSet<String>,
    /// `changeObCallMode`'s `workMode`.
    pub work_mode: Option<i64>,
}

/// Every call of the gateway.
#[derive(Debug)]
pub struct Engine {
    pub(super) config: Arc<Config>,
    /// Unix time in ms at the gateway's ms 0.
    base_ms: u64,
    serial: u64,
    pub(super) calls: Vec<Call>,
    pub(super) ended: VecDeque<Call>,
    out: Vec<Push>,
    pub(super) prefs: HashMap<AgentKey, AgentPrefs>,
    /// An agent whose session is ending: its legs end without moving its
    /// state machine, which goes offline next.
    pub(super) leaving: Option<AgentKey>,
}

impl Engine {
    /// An engine over `config`. `base_seconds` (Unix time at start) makes
    /// unique ids look like the vendor's `1718000000.42`.
    pub fn new(config: Arc<Config>, base_seconds: u64) -> Self {
        Self::with_base_ms(config, base_seconds.saturating_mul(1000))
    }

    /// The same with the start time in ms, so the epoch times of events
    /// (`stateSince`, transcript times) are exact.
    pub fn with_base_ms(config: Arc<Config>, base_ms: u64) -> Self {
        Self {
            config,
            base_ms,
            serial: 0,
            calls: Vec::new(),
            ended: VecDeque::new(),
            out: Vec::new(),
            prefs: HashMap::new(),
            leaving: None,
        }
    }

    /// Gateway ms as ms since the Unix epoch.
    pub fn epoch_ms(&self, ms: u64) -> u64 {
        self.base_ms.saturating_add(ms)
    }

    /// The pushes made since the last call, in order.
    pub fn drain(&mut self) -> Vec<Push> {
        std::mem::take(&mut self.out)
    }

    /// The earliest timer of any call.
    pub fn deadline(&self) -> Option<u64> {
        self.calls.iter().filter_map(Call::deadline).min()
    }

    /// Runs every call timer due at `now`, then offers queued calls.
    pub fn on_timer(&mut self, ag: &mut dyn Agents, now: u64) {
        // Each handler clears or moves the timer it serves, so this ends; the
        // bound only guards against a flow that forgets to.
        for _ in 0..10_000 {
            let Some((idx, due)) = self.calls.iter().enumerate().find_map(|(i, c)| c.due(now).map(|d| (i, d))) else {
                break;
            };
            self.with_call(idx, |e, call| match due {
                Due::AutoAnswer(leg) => e.leg_answered(ag, call, leg, now),
                Due::RingTimeout(leg) => e.leg_failed(ag, call, leg, "noAnswer", now),
                Due::IvrDone => e.ivr_done(ag, call, now),
                Due::SurveyDone => e.end_call(ag, call, "survey finished", now),
                Due::Limit => e.end_call(ag, call, "duration limit", now),
                Due::Transcript => e.transcript_step(ag, call, now),
            });
        }
        self.distribute(ag, now);
        self.start_transcripts(now);
    }

    /// Offers queued calls to agents who became idle outside the engine
    /// (unpause, login, end of wrap-up), and starts the transcription of
    /// conversations that began.
    pub fn settle(&mut self, ag: &mut dyn Agents, now: u64) {
        self.distribute(ag, now);
        self.start_transcripts(now);
    }

    /// `key`'s session is ending (logout, takeover, expiry): its calls lose
    /// the agent as if it hung up. Its state machine is left alone.
    pub fn agent_gone(&mut self, ag: &mut dyn Agents, key: &AgentKey, now: u64) {
        self.leaving = Some(key.clone());
        while let Some((idx, leg)) = self.find_agent(key) {
            self.with_call(idx, |e, call| {
                e.leg_left(ag, call, leg, "agentLoggedOut", now);
                // Every flow ends the leaving leg; this makes sure of it.
                e.end_leg(ag, call, leg, "agentLoggedOut", now);
            });
        }
        self.leaving = None;
        self.prefs.remove(key);
        self.distribute(ag, now);
    }

    /// The call index and leg of `key`'s live leg.
    pub(super) fn find_agent(&self, key: &AgentKey) -> Option<(usize, usize)> {
        self.calls
            .iter()
            .enumerate()
            .filter(|(_, c)| c.tenant_id == key.tenant_id)
            .find_map(|(i, c)| c.agent_leg(&key.agent_no).map(|leg| (i, leg)))
    }

    /// The index of the live call `id`.
    pub(super) fn find_call(&self, id: &str) -> Option<usize> {
        self.calls.iter().position(|c| c.main_unique_id == id)
    }

    /// Runs `f` on call `idx` taken out of the list, then puts it back, or
    /// into the history when it ended.
    pub(super) fn with_call<R>(&mut self, idx: usize, f: impl FnOnce(&mut Self, &mut Call) -> R) -> R {
        let mut call = self.calls.remove(idx);
        let result = f(self, &mut call);
        self.put(idx, call);
        result
    }

    /// Adds a call (new, or taken out by [`Engine::with_call`]).
    pub(super) fn put(&mut self, idx: usize, call: Call) {
        if call.phase == crate::calls::Phase::Ended {
            if self.ended.len() == HISTORY {
                self.ended.pop_front();
            }
            self.ended.push_back(call);
        } else {
            let idx = idx.min(self.calls.len());
            self.calls.insert(idx, call);
        }
    }

    /// The tenant of a call.
    pub(super) fn tenant(&self, tenant_id: &str) -> Option<&Tenant> {
        self.config.tenant(tenant_id)
    }

    /// The call settings of a tenant (defaults for an unknown one).
    pub(super) fn settings(&self, tenant_id: &str) -> CallSettings {
        self.tenant(tenant_id).map(|t| t.calls.clone()).unwrap_or_default()
    }

    /// A fresh `uniqueId` at `now`, from the legs' numbering: for a leg the
    /// gateway adds to a call's audio outside the engine (a monitoring
    /// party).
    pub fn fresh_unique_id(&mut self, now: u64) -> String {
        self.serial += 1;
        format!("{}.{}", self.epoch_ms(now) / 1000, self.serial)
    }

    /// A new leg at `now`, ringing, with a fresh unique id and channel.
    pub(super) fn new_leg(&mut self, ag: &dyn Agents, tenant_id: &str, party: Party, call_type: i64, now: u64) -> Leg {
        self.serial += 1;
        let endpoint =
            party.agent_no().and_then(|no| ag.agent(&AgentKey::new(tenant_id, no))).and_then(|a| a.endpoint());
        Leg {
            unique_id: format!("{}.{}", self.epoch_ms(now) / 1000, self.serial),
            channel: numbers::channel(&party, endpoint, self.serial),
            party,
            call_type,
            sub_call_type: None,
            state: LegState::Ringing,
            held: false,
            muted_in: false,
            muted_out: false,
            dtmf: String::new(),
            ring_until: None,
            answer_at: None,
            session_init: false,
            customer_contact: false,
            started_ms: now,
            answered_ms: None,
            ended_ms: None,
            end_cause: None,
            monitor: None,
        }
    }

    /// Queues a push.
    pub(super) fn push(&mut self, to: &AgentKey, event: Event) {
        self.out.push(Push { to: to.clone(), event });
    }

    /// Applies `command` to `key`'s state machine and pushes the new status
    /// when it changed. A refusal here means the agent moved on (logged
    /// out, say) while the call went on: the call goes on without it.
    pub(super) fn apply(&mut self, ag: &mut dyn Agents, key: &AgentKey, command: Command, now: u64) -> bool {
        let Some(agent) = ag.agent_mut(key) else {
            return false;
        };
        match agent.apply(command, now) {
            Ok(true) => {
                let event = agent.event();
                self.push(key, Event::AgentStatusEvent(event));
                true
            }
            Ok(false) => true,
            Err(refusal) => {
                tracing::debug!(agent = %key.agent_no, code = refusal.error_code, "call step refused by the agent state");
                false
            }
        }
    }

    /// The agent's current `state` and `stateAction`, for flow events.
    pub(super) fn state_of(ag: &dyn Agents, key: &AgentKey) -> (AgentState, String) {
        ag.agent(key).map_or((AgentState::Offline, "logout".to_string()), |a| {
            let s = a.status();
            (s.state, s.state_action)
        })
    }

    /// The call reference an agent's status names for its leg.
    pub(super) fn call_ref(call: &Call, leg: usize) -> CallRef {
        let l = &call.legs[leg];
        CallRef { call_type: l.call_type, unique_id: l.unique_id.clone(), main_unique_id: call.main_unique_id.clone() }
    }

    /// Pushes `sessionInit` for an agent leg: the call reached the agent.
    pub(super) fn session_init(&mut self, call: &mut Call, leg: usize, other: &str) {
        let Some(no) = call.agent_of(leg).map(str::to_string) else {
            return;
        };
        let l = &mut call.legs[leg];
        l.session_init = true;
        let event = SessionInitEvent {
            tenant_id: call.tenant_id.clone(),
            agent_no: no.clone(),
            call_type: l.call_type,
            unique_id: l.unique_id.clone(),
            main_unique_id: call.main_unique_id.clone(),
            customer_number: Some(other.to_string()),
        };
        self.push(&AgentKey::new(&call.tenant_id, &no), Event::SessionInitEvent(event));
    }

    /// Ends leg `leg`: an agent's state machine hangs up (into wrap-up after
    /// talking with the customer) and `sessionTerminate` follows when
    /// `sessionInit` went out.
    pub(super) fn end_leg(&mut self, ag: &mut dyn Agents, call: &mut Call, leg: usize, cause: &str, now: u64) {
        let Some(l) = call.legs.get_mut(leg).filter(|l| l.live()) else {
            return;
        };
        l.end(cause, now);
        if l.monitor.is_some() {
            return self.monitor_ended(ag, call, leg);
        }
        let Some(no) = l.party.agent_no().map(str::to_string) else {
            return;
        };
        let key = AgentKey::new(&call.tenant_id, &no);
        let (wrapup, init) = (l.customer_contact, l.session_init);
        if self.leaving.as_ref() != Some(&key) {
            self.apply(ag, &key, Command::Hangup { wrapup }, now);
        }
        if init {
            let l = &call.legs[leg];
            let event = SessionTerminateEvent {
                tenant_id: call.tenant_id.clone(),
                agent_no: no,
                call_type: Some(l.call_type),
                unique_id: Some(l.unique_id.clone()),
                main_unique_id: Some(call.main_unique_id.clone()),
                reason: None,
                message: None,
            };
            self.push(&key, Event::SessionTerminateEvent(event));
        }
    }

    /// Whether `key` is logged in and idle (may be rung).
    pub(super) fn is_idle(ag: &dyn Agents, key: &AgentKey) -> bool {
        ag.agent(key).is_some_and(|a| a.state() == AgentState::Idle)
    }
}
