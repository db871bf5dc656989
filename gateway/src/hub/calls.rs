//! The hub's side of the call engine: call operations from sessions, the
//! scenario interface's inputs, call timers, and delivery of the engine's
//! pushes to the sessions of the agents they are for.

use std::collections::BTreeSet;
use std::collections::HashMap;

use agent_sdk::protocol::ops::PreviewObCallResponse;
use agent_sdk::protocol::SdkResponse;

use super::{Hub, Outcome, Wake};
use crate::agent::Agent;
use crate::calls::{Act, AgentKey, Agents, Answer, CallOp, CallView, Inbound, ScenarioError, Side};
use crate::errors::Refusal;
use crate::session::{Conn, Session, SessionId};
use crate::wire;

/// The sessions' agents, as the engine reaches them.
struct SessionAgents<'a> {
    sessions: &'a mut HashMap<SessionId, Session>,
    by_agent: &'a HashMap<AgentKey, SessionId>,
    softphones: &'a super::softphone::Softphones,
}

impl Agents for SessionAgents<'_> {
    fn agent(&self, key: &AgentKey) -> Option<&Agent> {
        self.by_agent.get(key).and_then(|sid| self.sessions.get(sid)).map(|s| &s.agent)
    }

    fn agent_mut(&mut self, key: &AgentKey) -> Option<&mut Agent> {
        self.by_agent.get(key).and_then(|sid| self.sessions.get_mut(sid)).map(|s| &mut s.agent)
    }

    fn softphone_registered(&self, key: &AgentKey) -> bool {
        self.softphones.registered(key)
    }
}

impl Hub {
    /// Runs `f` with the engine and the sessions' agents.
    pub(super) fn with_engine<R>(&mut self, f: impl FnOnce(&mut crate::calls::Engine, &mut dyn Agents) -> R) -> R {
        let mut agents =
            SessionAgents { sessions: &mut self.sessions, by_agent: &self.by_agent, softphones: &self.softphones };
        f(&mut self.calls, &mut agents)
    }

    /// A call operation of session `sid`: its response, then every push it
    /// caused, to whichever sessions they are for.
    pub(super) fn call_request(
        &mut self,
        conn: &Conn,
        sid: SessionId,
        id: u64,
        action: &str,
        op: Result<CallOp, Refusal>,
        now_ms: u64,
    ) -> Outcome {
        let Some(session) = self.sessions.get(&sid) else {
            return Outcome::default();
        };
        let who = AgentKey::new(session.agent.tenant_id(), session.agent.agent_no());
        let before = session.agent.deadline();
        let result = op.and_then(|op| self.with_engine(|engine, agents| engine.operation(agents, &who, op, now_ms)));
        let name = format!("{action}Resp");
        let text = match result {
            Ok(Answer::Done) => wire::response(id, &SdkResponse::ok(name)),
            Ok(Answer::Preview { request_unique_id }) => wire::response(
                id,
                &PreviewObCallResponse { base: SdkResponse::ok(name), request_unique_id: Some(request_unique_id) },
            ),
            Err(refusal) => {
                tracing::debug!(session = sid, id, action, code = refusal.error_code, "call request refused");
                wire::response(id, &refusal.response(&name))
            }
        };
        let Some(session) = self.sessions.get_mut(&sid) else {
            return Outcome::default();
        };
        session.respond(conn, id, action, text);
        let wakes: Vec<Wake> = session
            .agent
            .deadline()
            .filter(|at| Some(*at) != before)
            .map(|at_ms| Wake::Agent { session: sid, at_ms })
            .into_iter()
            .collect();
        let more = self.flush(now_ms);
        Outcome { bound: Some(sid), wakes: merge(wakes, more) }
    }

    /// Offers queued calls to idle agents, delivers every push, and returns
    /// the timers that changed: wrap-up ends of the agents pushed to, and
    /// the engine's next deadline.
    pub(super) fn flush(&mut self, now_ms: u64) -> Vec<Wake> {
        let mut touched = BTreeSet::new();
        // Each round that changes the engine fails one unreachable
        // softphone leg for good, so this ends; the bound is a guard.
        for _ in 0..1_000 {
            self.with_engine(|engine, agents| engine.settle(agents, now_ms));
            for push in self.calls.drain() {
                let Some(sid) = self.by_agent.get(&push.to).copied() else {
                    continue;
                };
                if let Some(session) = self.sessions.get_mut(&sid) {
                    session.push(&push.event);
                    touched.insert(sid);
                }
            }
            if !self.reconcile_softphones(now_ms) {
                break;
            }
        }
        self.sync_audio();
        let mut wakes: Vec<Wake> = (touched.into_iter())
            .filter_map(|sid| self.sessions.get(&sid).and_then(|s| s.agent.deadline()).map(|at| (sid, at)))
            .map(|(session, at_ms)| Wake::Agent { session, at_ms })
            .collect();
        if let Some(at_ms) = self.calls.deadline() {
            if self.call_wakes.insert(at_ms) {
                wakes.push(Wake::Calls { at_ms });
            }
        }
        wakes.extend(self.watch_queues(now_ms));
        wakes
    }

    /// `key`'s session is ending: its calls go on without it.
    pub(super) fn release_calls(&mut self, key: &AgentKey, now_ms: u64) -> Vec<Wake> {
        self.with_engine(|engine, agents| engine.agent_gone(agents, key, now_ms));
        self.flush(now_ms)
    }

    /// The call timer set for `at_ms` fired at `now_ms`.
    pub(super) fn calls_due(&mut self, at_ms: u64, now_ms: u64) -> Vec<Wake> {
        self.call_wakes.remove(&at_ms);
        self.with_engine(|engine, agents| engine.on_timer(agents, now_ms));
        self.flush(now_ms)
    }

    /// Scenario: a customer calls a queue. Returns the `mainUniqueId`.
    pub fn scenario_inbound(&mut self, req: Inbound, now_ms: u64) -> (Result<String, ScenarioError>, Vec<Wake>) {
        let result = self.with_engine(|engine, agents| engine.inbound(agents, req, now_ms));
        (result, self.flush(now_ms))
    }

    /// Scenario: party `side` of call `id` answers, hangs up or fails.
    /// Returns the call afterwards.
    pub fn scenario_act(
        &mut self,
        id: &str,
        side: Side,
        act: Act,
        now_ms: u64,
    ) -> (Result<CallView, ScenarioError>, Vec<Wake>) {
        let sip = self.calls.side_leg(id, side).is_some_and(|leg| self.softphones.drives(&leg));
        if sip && act == Act::Answer {
            let refusal = ScenarioError::Conflict("this softphone is registered and answers over SIP".into());
            return (Err(refusal), Vec::new());
        }
        let result = self.with_engine(|engine, agents| engine.act(agents, id, side, act, now_ms));
        let wakes = self.flush(now_ms);
        let view = result.map(|()| self.calls.view(id)).and_then(|v| v.ok_or_else(|| gone(id)));
        (view, wakes)
    }

    /// Who hears whom in live call `id` now (monitoring modes included),
    /// for the media layer's bridge.
    pub fn audio_plan(&self, id: &str) -> Option<crate::calls::AudioPlan> {
        self.calls.audio_plan(id)
    }

    /// Scenario: a live or recently ended call.
    pub fn call_view(&self, id: &str) -> Option<CallView> {
        self.calls.view(id)
    }

    /// Scenario: the live calls, and with `ended` the recently ended ones.
    pub fn call_views(&self, ended: bool) -> Vec<CallView> {
        self.calls.views(ended)
    }
}

/// `wakes` and those of `more` not already in it.
pub(super) fn merge(mut wakes: Vec<Wake>, more: Vec<Wake>) -> Vec<Wake> {
    for wake in more {
        if !wakes.contains(&wake) {
            wakes.push(wake);
        }
    }
    wakes
}

fn gone(id: &str) -> ScenarioError {
    ScenarioError::NotFound(format!("no such call '{id}'"))
}
