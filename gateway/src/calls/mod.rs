//! The call engine: calls between customers, agents, extensions, outside
//! numbers and IVR nodes, as docs/call-flows.md describes them. Pure like
//! the agent state machine: agent operations, scenario inputs and the time
//! (ms) go in; pushes per agent, answers and the next deadline come out.
//! The agents themselves stay in the hub's sessions and are reached through
//! [`Agents`], so the engine moves their state machines but never owns them.

mod call;
mod consult;
mod engine;
mod events;
mod flow;
mod inbound;
mod monitor;
mod monitor_events;
mod numbers;
mod ops;
mod outbound;
pub mod queue_status;
mod scenario;
mod settings;
mod softphone;
mod supervise;
mod transcript;
mod transfer;
mod view;

#[cfg(test)]
mod tests;

use agent_sdk::protocol::Event;

use crate::agent::Agent;

pub use call::{CallType, Phase};
pub use engine::Engine;
pub use monitor::{audio_matrix, AudioPlan, Mode, Monitor, PlanLeg, Role};
pub use ops::{Answer, CallOp};
pub use scenario::{Act, Inbound, ScenarioError, Side};
pub use settings::{AutoAnswer, AutoObTask, CallSettings, IvrNode};
pub use softphone::{AgentLeg, PhoneSignal};
pub use supervise::MonitorOp;
pub use view::{CallView, LegView};

/// An agent, by tenant and agentNo.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AgentKey {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
}

impl AgentKey {
    /// The key of `agent_no` in `tenant_id`.
    pub fn new(tenant_id: &str, agent_no: &str) -> Self {
        Self { tenant_id: tenant_id.to_string(), agent_no: agent_no.to_string() }
    }
}

/// The logged-in agents, as the engine reaches them.
pub trait Agents {
    /// The agent's state machine, when logged in.
    fn agent(&self, key: &AgentKey) -> Option<&Agent>;
    /// The same, to change.
    fn agent_mut(&mut self, key: &AgentKey) -> Option<&mut Agent>;
    /// Whether the agent's softphone is registered over SIP: then it rings
    /// and answers for itself, and is never auto-answered.
    fn softphone_registered(&self, _key: &AgentKey) -> bool {
        false
    }
}

/// A push for one agent's session, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Push {
    /// Whose session.
    pub to: AgentKey,
    /// What.
    pub event: Event,
}
