//! Fault injection and probes for tests (docs/gateway.md "The scenario
//! interface"): a numbered stream of pushes, a stalled connection, and the
//! count of requests a session ran.

use serde_json::{json, Map};

use super::Hub;
use crate::calls::AgentKey;

impl Hub {
    /// Pushes number `index` of the numbered stream `stream` to the agent's
    /// session, connected or waiting for a resume (then it waits in the
    /// replay buffer, as any push would). False when the agent has no
    /// session.
    ///
    /// The stream is carried by `orderCallBack`, whose payload the SDK
    /// passes through untouched, so the test sees exactly what was sent.
    pub fn push_numbered(&mut self, tenant_id: &str, agent_no: &str, stream: &str, index: u64) -> bool {
        let mut payload = Map::new();
        payload.insert("tenantId".into(), json!(tenant_id));
        payload.insert("agentNo".into(), json!(agent_no));
        payload.insert("callbackId".into(), json!(format!("{stream}-{index}")));
        payload.insert("stream".into(), json!(stream));
        payload.insert("index".into(), json!(index));
        self.scenario_order_callback(tenant_id, agent_no, payload)
    }

    /// Stalls the agent's connection for `ms`: the gateway neither reads nor
    /// writes on it meanwhile, as a hung server would. False when the agent
    /// has no connected session.
    pub fn inject_stall(&mut self, tenant_id: &str, agent_no: &str, ms: u64) -> bool {
        let key = AgentKey::new(tenant_id, agent_no);
        let conn = self.by_agent.get(&key).and_then(|sid| self.sessions.get(sid)).and_then(|s| s.conn().cloned());
        conn.map(|c| c.stall(ms)).is_some()
    }

    /// Breaks the SIP WebSocket the agent's softphone is registered on, as
    /// a network would. False without a registration.
    pub fn inject_sip_drop(&mut self, tenant_id: &str, agent_no: &str) -> bool {
        let key = AgentKey::new(tenant_id, agent_no);
        self.softphones.binding(&key).is_some_and(|(conn, _)| conn.send(crate::sip::SipCommand::Drop))
    }

    /// Requests the agent's current session ran (answers from the response
    /// cache to re-sent ids do not count), or `None` without a session.
    pub fn requests_run(&self, tenant_id: &str, agent_no: &str) -> Option<u64> {
        let key = AgentKey::new(tenant_id, agent_no);
        self.by_agent.get(&key).and_then(|sid| self.sessions.get(sid)).map(|s| s.requests_run())
    }
}
