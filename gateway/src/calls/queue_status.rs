//! A queue's status computed from live state (seed 000 section 3.10): its
//! configuration, its logged-in members with their state, and the
//! customers waiting, first in line first, with how long they have waited.

use agent_sdk::protocol::events::{QueueAgentStatus, QueueEntry, QueueParams, QueueStatusEntry};

use crate::calls::call::Phase;
use crate::calls::engine::Engine;
use crate::calls::{AgentKey, Agents};

/// Which sections of a queue's status to fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sections {
    /// `queueParams`.
    pub params: bool,
    /// `agentStatuses`.
    pub agents: bool,
    /// `queueEntries`.
    pub entries: bool,
}

impl Sections {
    /// Every section.
    pub const ALL: Sections = Sections { params: true, agents: true, entries: true };

    /// The sections a `fields` list names (every section when absent).
    pub fn from_fields(fields: Option<&str>) -> Self {
        let Some(fields) = fields else { return Self::ALL };
        let has = |name: &str| fields.split(',').any(|f| f.trim() == name);
        Self { params: has("queueParams"), agents: has("agentStatuses"), entries: has("queueEntries") }
    }
}

impl Engine {
    /// The status of `tenant_id`'s queue `queue_no` at `now`, or `None`
    /// for a queue the tenant does not have. Customers waiting are those in
    /// the queue and those whose call rings at an agent; members are the
    /// logged-in ones.
    pub fn queue_status(
        &self,
        ag: &dyn Agents,
        tenant_id: &str,
        queue_no: &str,
        sections: Sections,
        now: u64,
    ) -> Option<QueueStatusEntry> {
        let queue = self.tenant(tenant_id)?.queue(queue_no)?;
        let queue_params = sections.params.then(|| QueueParams {
            queue_no: queue.queue_no.clone(),
            queue_name: queue.name.clone(),
            // Calls go to the member idle longest (see inbound.rs).
            strategy: "leastrecent".to_string(),
            max_wait: 0,
            max_len: 0,
        });
        let agent_statuses = sections.agents.then(|| {
            (queue.agents.iter())
                .filter_map(|no| ag.agent(&AgentKey::new(tenant_id, no)))
                .map(|a| {
                    let s = a.status();
                    QueueAgentStatus {
                        agent_no: a.agent_no().to_string(),
                        state: s.state,
                        state_action: s.state_action,
                        device_status: s.device_status,
                        state_since: self.epoch_ms(a.since_ms()) as f64,
                    }
                })
                .collect()
        });
        let queue_entries = sections.entries.then(|| {
            let mut waiting: Vec<_> = (self.calls.iter())
                .filter(|c| c.tenant_id == tenant_id && c.queue_no.as_deref() == Some(queue_no))
                .filter(|c| matches!(c.phase, Phase::Queued | Phase::Offering) && c.is_live(c.customer))
                .collect();
            waiting.sort_by_key(|c| c.queued_since);
            (waiting.iter().enumerate())
                .map(|(i, c)| QueueEntry {
                    unique_id: c.main_unique_id.clone(),
                    customer_number: c.customer_number.clone(),
                    wait_time: i64::try_from(now.saturating_sub(c.queued_since) / 1000).unwrap_or(i64::MAX),
                    position: i as i64 + 1,
                })
                .collect()
        });
        Some(QueueStatusEntry { queue_params, agent_statuses, queue_entries })
    }
}
