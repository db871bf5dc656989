//! The supervisor operations of seed 001 section 7 as the hub runs them:
//! the role check (20013 without the `supervisor` role), the calls side
//! handed to the engine, forcing agents busy, idle, offline and online,
//! queue status on request, and the preview dialing tasks. Every target is
//! looked up in the supervisor's own tenant, so tenants stay isolated.

use std::collections::BTreeMap;

use agent_sdk::protocol::events::{QueueStatusEntry, QueueStatusEvent, SetOfflineResultEvent};
use agent_sdk::protocol::frame::{close_code, terminate_reason};
use agent_sdk::protocol::ops::{
    GetQueueStatusParams, GetQueueStatusResponse, ListPreviewDialingTaskParams, ListPreviewDialingTaskResponse,
    PreviewDialingTask, SetOfflineParams, SetOnlineParams, SetPauseParams, SetUnpauseParams,
};
use agent_sdk::protocol::{Event, Invalid, Operation, SdkResponse};
use serde_json::Value;

use super::{calls::merge, queue_watch, Hub, Outcome, Wake};
use crate::agent::{Agent, Command, InitialStatus, Login};
use crate::calls::queue_status::Sections;
use crate::calls::{AgentKey, MonitorOp};
use crate::config::{Role, Tenant};
use crate::errors::Refusal;
use crate::session::{Conn, Session, SessionId, Token};
use crate::wire;

/// A supervisor operation with its checked parameters.
enum SupervisorOp {
    Calls(MonitorOp),
    SetPause(String),
    SetUnpause(String),
    SetOnline(SetOnlineParams),
    SetOffline(SetOfflineParams),
    QueueStatus(GetQueueStatusParams),
    ListTasks,
}

fn read<P: Operation>(params: &Value) -> Result<P, Invalid> {
    P::from_json(params)
}

impl SupervisorOp {
    fn parse(action: &str, params: &Value) -> Option<Result<Self, Invalid>> {
        if let Some(op) = MonitorOp::parse(action, params) {
            return Some(op.map(Self::Calls));
        }
        let op = match action {
            SetPauseParams::ACTION => read::<SetPauseParams>(params).map(|p| Self::SetPause(p.agent_no)),
            SetUnpauseParams::ACTION => read::<SetUnpauseParams>(params).map(|p| Self::SetUnpause(p.agent_no)),
            SetOnlineParams::ACTION => read(params).map(Self::SetOnline),
            SetOfflineParams::ACTION => read(params).map(Self::SetOffline),
            GetQueueStatusParams::ACTION => read(params).map(Self::QueueStatus),
            ListPreviewDialingTaskParams::ACTION => {
                read::<ListPreviewDialingTaskParams>(params).map(|_| Self::ListTasks)
            }
            _ => return None,
        };
        Some(op)
    }

    /// Listing the preview dialing tasks is open to every agent; the rest
    /// needs the supervisor role.
    fn needs_role(&self) -> bool {
        !matches!(self, Self::ListTasks)
    }
}

/// Whether `agent_no` of `tenant` has the supervisor role.
pub(super) fn is_supervisor(tenant: &Tenant, agent_no: &str) -> bool {
    tenant.agent(agent_no).is_some_and(|a| a.roles.contains(&Role::Supervisor))
}

/// The tenant's queues a `qids` list names: each item is a queue number,
/// optionally after the tenant id and a `-` (`t1-2`).
pub(super) fn resolve_qids(tenant: &Tenant, qids: &str) -> Result<Vec<String>, Invalid> {
    let mut queues = Vec::new();
    for item in qids.split(',').map(str::trim) {
        let queue_no = item.strip_prefix(&format!("{}-", tenant.tenant_id)).unwrap_or(item);
        if tenant.queue(queue_no).is_none() {
            return Err(Invalid::new("qids", format!("names '{item}', which is not a queue of the tenant")));
        }
        if !queues.iter().any(|q| q == queue_no) {
            queues.push(queue_no.to_string());
        }
    }
    Ok(queues)
}

/// A `queueNos` item as a queue number: a string as it is, a whole number
/// as its decimal text.
fn queue_no(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => n.as_u64().map(|n| n.to_string()),
        _ => None,
    }
}

impl Hub {
    /// A supervisor operation of session `sid`, or `None` when `action` is
    /// not one.
    pub(super) fn supervisor_request(
        &mut self,
        conn: &Conn,
        sid: SessionId,
        id: u64,
        action: &str,
        params: &Value,
        now_ms: u64,
    ) -> Option<Outcome> {
        let op = SupervisorOp::parse(action, params)?;
        let session = self.sessions.get(&sid)?;
        let who = AgentKey::new(session.agent.tenant_id(), session.agent.agent_no());
        let name = format!("{action}Resp");
        let allowed = |op: &SupervisorOp| {
            let role = self.config.tenant(&who.tenant_id).is_some_and(|t| is_supervisor(t, &who.agent_no));
            if op.needs_role() && !role {
                return Err(Refusal::no_permission());
            }
            Ok(())
        };
        let op = op.map_err(|e| Refusal::bad_param(&e)).and_then(|op| allowed(&op).map(|()| op));
        let mut wakes = Vec::new();
        let text = match op {
            Err(refusal) => wire::response(id, &refusal.response(&name)),
            Ok(SupervisorOp::QueueStatus(p)) => match self.queue_status_of(sid, &p, now_ms) {
                Ok(status) => {
                    let response = GetQueueStatusResponse {
                        base: SdkResponse::ok("queueStatus"),
                        queue_status: Some(status.clone()),
                    };
                    self.respond(conn, sid, id, action, wire::response(id, &response));
                    if let Some(session) = self.sessions.get_mut(&sid) {
                        session.push(&Event::QueueStatusEvent(QueueStatusEvent { queue_status: status }));
                    }
                    return Some(Outcome { bound: Some(sid), wakes: Vec::new() });
                }
                Err(refusal) => wire::response(id, &refusal.response(&name)),
            },
            Ok(SupervisorOp::ListTasks) => {
                let response =
                    ListPreviewDialingTaskResponse { base: SdkResponse::ok(name), tasks: Some(self.tasks(&who)) };
                wire::response(id, &response)
            }
            Ok(op) => {
                let result = match op {
                    SupervisorOp::Calls(op) => {
                        self.with_engine(|engine, agents| engine.supervise(agents, &who, op, now_ms))
                    }
                    SupervisorOp::SetPause(target) => self.force_pause(&who, &target, true, now_ms),
                    SupervisorOp::SetUnpause(target) => self.force_pause(&who, &target, false, now_ms),
                    SupervisorOp::SetOnline(p) => self.set_online(&who, p, now_ms),
                    SupervisorOp::SetOffline(p) => self.set_offline(&who, p, now_ms).map(|more| wakes = more),
                    _ => Ok(()),
                };
                match result {
                    Ok(()) => wire::response(id, &SdkResponse::ok(name)),
                    Err(refusal) => {
                        tracing::debug!(
                            session = sid,
                            id,
                            action,
                            code = refusal.error_code,
                            "supervisor request refused"
                        );
                        wire::response(id, &refusal.response(&name))
                    }
                }
            }
        };
        self.respond(conn, sid, id, action, text);
        let more = self.flush(now_ms);
        Some(Outcome { bound: Some(sid), wakes: merge(wakes, more) })
    }

    fn respond(&mut self, conn: &Conn, sid: SessionId, id: u64, action: &str, text: String) {
        if let Some(session) = self.sessions.get_mut(&sid) {
            session.respond(conn, id, action, text);
        }
    }

    /// The session of `target` in `who`'s tenant.
    fn target_session(&self, who: &AgentKey, target: &str) -> Result<SessionId, Refusal> {
        let key = AgentKey::new(&who.tenant_id, target);
        self.by_agent.get(&key).copied().ok_or_else(Refusal::no_such_agent)
    }

    /// `setPause` (with the tenant's first busy reason) or `setUnpause`.
    fn force_pause(&mut self, who: &AgentKey, target: &str, pause: bool, now_ms: u64) -> Result<(), Refusal> {
        let sid = self.target_session(who, target)?;
        let command = if pause {
            let tenant = self.config.tenant(&who.tenant_id).ok_or_else(Refusal::no_such_tenant)?;
            let reason = tenant.pause_reasons.first().cloned();
            Command::ForcePause(reason.ok_or_else(|| Refusal::no_such_pause_reason(None, ""))?)
        } else {
            Command::ForceUnpause
        };
        let session = self.sessions.get_mut(&sid).ok_or_else(Refusal::no_such_agent)?;
        if session.agent.apply(command, now_ms)? {
            session.push(&Event::AgentStatusEvent(session.agent.event()));
        }
        Ok(())
    }

    /// `setOffline`: the target's calls are released, it goes offline
    /// (`forceOffline`), hears `setOfflineResult` and its session ends
    /// with `sessionTerminate` `forcedOffline`. The supervisor hears
    /// `setOfflineResult` too.
    fn set_offline(&mut self, who: &AgentKey, p: SetOfflineParams, now_ms: u64) -> Result<Vec<Wake>, Refusal> {
        if p.agent_no == who.agent_no {
            return Err(Refusal::bad_param(&Invalid::new("agentNo", "must not be the supervisor itself")));
        }
        let sid = self.target_session(who, &p.agent_no)?;
        let key = AgentKey::new(&who.tenant_id, &p.agent_no);
        let mut wakes = self.release_calls(&key, now_ms);
        let result = SetOfflineResultEvent {
            tenant_id: who.tenant_id.clone(),
            agent_no: p.agent_no.clone(),
            initiator: who.agent_no.clone(),
            code: "0".into(),
            message: "ok".into(),
        };
        if let Some(session) = self.sessions.get_mut(&sid) {
            session.agent.apply(Command::ForceOffline { unbind: p.unbind_endpoint == Some(1) }, now_ms)?;
            session.push(&Event::AgentStatusEvent(session.agent.event()));
            session.push(&Event::SetOfflineResultEvent(result.clone()));
        }
        let message = format!("forced offline by supervisor {}", who.agent_no);
        let reason = terminate_reason::FORCED_OFFLINE;
        wakes.extend(self.end_session(sid, reason, &message, close_code::LOGGED_OUT, now_ms));
        if let Some(session) = self.by_agent.get(who).and_then(|s| self.sessions.get_mut(s)) {
            session.push(&Event::SetOfflineResultEvent(result));
        }
        tracing::info!(supervisor = %who.agent_no, target = %p.agent_no, "agent forced offline");
        Ok(wakes)
    }

    /// `setOnline`: an agent of the tenant without a session is brought
    /// online, idle, on the given endpoint, without a desk (a headless
    /// session that a later login of the agent replaces).
    fn set_online(&mut self, who: &AgentKey, p: SetOnlineParams, now_ms: u64) -> Result<(), Refusal> {
        let tenant = self.config.tenant(&who.tenant_id).ok_or_else(Refusal::no_such_tenant)?;
        tenant.agent(&p.agent_no).ok_or_else(Refusal::no_such_agent)?;
        let key = AgentKey::new(&who.tenant_id, &p.agent_no);
        if self.by_agent.contains_key(&key) {
            return Err(Refusal::already("already online"));
        }
        let login = Login {
            tenant_id: who.tenant_id.clone(),
            agent_no: p.agent_no.clone(),
            bind_endpoint: p.bind_endpoint,
            initial: InitialStatus::Idle,
            wrapup_ms: tenant.wrapup_seconds.saturating_mul(1000),
        };
        let token = Token::generate().map_err(|_| Refusal::try_later())?;
        let mut session = Session::headless(Agent::forced_online(login, now_ms), token);
        session.push(&Event::AgentStatusEvent(session.agent.event()));
        let sid = self.next_id;
        self.next_id += 1;
        self.by_token.insert(session.token().expose().to_string(), sid);
        self.by_agent.insert(key, sid);
        self.sessions.insert(sid, session);
        tracing::info!(supervisor = %who.agent_no, target = %p.agent_no, "agent forced online");
        Ok(())
    }

    /// The queues a `getQueueStatus` asks about (default: the session's
    /// watched queues, else every queue of the tenant) with the sections
    /// asked for.
    fn queue_status_of(
        &mut self,
        sid: SessionId,
        p: &GetQueueStatusParams,
        now_ms: u64,
    ) -> Result<BTreeMap<String, QueueStatusEntry>, Refusal> {
        let session = self.sessions.get(&sid).ok_or_else(Refusal::not_logined)?;
        let tenant_id = session.agent.tenant_id().to_string();
        let tenant = self.config.tenant(&tenant_id).ok_or_else(Refusal::no_such_tenant)?;
        let queues: Vec<String> = match &p.queue_nos {
            Some(list) => {
                let mut out = Vec::new();
                for (i, value) in list.iter().enumerate() {
                    let no = queue_no(value).filter(|no| tenant.queue(no).is_some()).ok_or_else(|| {
                        Refusal::bad_param(&Invalid::new(
                            format!("queueNos[{i}]"),
                            format!("is {value}, which is not a queue of the tenant"),
                        ))
                    })?;
                    out.push(no);
                }
                out
            }
            None => match self.watches.get(&sid) {
                Some(w) => w.queues.clone(),
                None => tenant.queues.iter().map(|q| q.queue_no.clone()).collect(),
            },
        };
        let sections = Sections::from_fields(p.fields.as_deref());
        Ok(self.statuses(&tenant_id, &queues, sections, now_ms))
    }

    /// The status of `queues` of `tenant_id` now.
    fn statuses(
        &mut self,
        tenant_id: &str,
        queues: &[String],
        sections: Sections,
        now_ms: u64,
    ) -> BTreeMap<String, QueueStatusEntry> {
        self.with_engine(|engine, agents| {
            (queues.iter())
                .filter_map(|q| engine.queue_status(agents, tenant_id, q, sections, now_ms).map(|s| (q.clone(), s)))
                .collect()
        })
    }

    /// The tenant's preview dialing tasks: its auto outbound tasks, running
    /// while any agent has started one. The gateway keeps no dialing lists,
    /// so `total` and `dialed` are 0.
    fn tasks(&self, who: &AgentKey) -> Vec<PreviewDialingTask> {
        let tenant = self.config.tenant(&who.tenant_id);
        let tasks = tenant.map(|t| t.calls.auto_ob_tasks.clone()).unwrap_or_default();
        (tasks.into_iter())
            .map(|t| PreviewDialingTask {
                status: if self.calls.task_running(&who.tenant_id, &t.task_id) { "running" } else { "paused" }
                    .to_string(),
                task_id: t.task_id,
                task_name: t.name,
                total: 0,
                dialed: 0,
            })
            .collect()
    }

    /// Pushes `queueStatus` to every watching supervisor whose queues
    /// changed, at most once per interval each; returns the timers the
    /// coalescing needs.
    pub(super) fn watch_queues(&mut self, now_ms: u64) -> Vec<Wake> {
        let sids: Vec<SessionId> = self.watches.keys().copied().collect();
        let mut wakes = Vec::new();
        for sid in sids {
            match self.watches.get_mut(&sid).map(|w| w.on_change(now_ms)) {
                Some(queue_watch::Next::Check) => self.offer_queue_status(sid, now_ms),
                Some(queue_watch::Next::WakeAt(at_ms)) => wakes.push(Wake::Queues { session: sid, at_ms }),
                _ => {}
            }
        }
        wakes
    }

    /// The coalescing timer of session `sid` fired.
    pub(super) fn queue_wake(&mut self, sid: SessionId, at_ms: u64, now_ms: u64) {
        if self.watches.get_mut(&sid).is_some_and(|w| w.on_wake(at_ms)) {
            self.offer_queue_status(sid, now_ms);
        }
    }

    fn offer_queue_status(&mut self, sid: SessionId, now_ms: u64) {
        let Some(tenant_id) = self.sessions.get(&sid).map(|s| s.agent.tenant_id().to_string()) else { return };
        let Some(queues) = self.watches.get(&sid).map(|w| w.queues.clone()) else { return };
        let status = self.statuses(&tenant_id, &queues, Sections::ALL, now_ms);
        if self.watches.get_mut(&sid).is_some_and(|w| w.offer(now_ms, &status)) {
            if let Some(session) = self.sessions.get_mut(&sid) {
                session.push(&Event::QueueStatusEvent(QueueStatusEvent { queue_status: status }));
            }
        }
    }
}
