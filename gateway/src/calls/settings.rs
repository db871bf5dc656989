//! A tenant's call settings (`tenants[].calls` in the configuration): ring
//! timeouts, outbound permissions and caller ids, the numbers and
//! extensions the gateway treats as reachable, auto-answer delays of the
//! emulated phones, auto outbound tasks and IVR nodes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How the tenant's calls behave. Every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CallSettings {
    /// How long a queue call, a transfer or a consult rings at an agent or
    /// an outside party before it counts as not answered.
    pub ring_timeout_seconds: u64,
    /// The number customers dial (`hotline` and `numberTrunk` of `ringing`).
    pub hotline: String,
    /// Outbound calling is on for the tenant (off: `previewObCall` answers
    /// 20024).
    pub outbound_enabled: bool,
    /// Agents who may not place outbound calls (20016).
    pub outbound_denied_agents: Vec<String>,
    /// The tenant's outbound caller ids; the first is the default `obClid`.
    /// A given `obClid` must be one of them (20032).
    pub caller_ids: Vec<String>,
    /// Numbers that may not be dialled (20031).
    pub blacklist: Vec<String>,
    /// The tenant's IP phone extensions: the only extension targets of
    /// `InternalCall`, `startAtxfer` and `blxfer` (else 20025).
    pub extensions: Vec<String>,
    /// After how many ms an agent's own phone answers a call the agent
    /// started (preview outbound, internal call), per endpoint type; absent:
    /// it rings until the scenario interface answers it.
    pub agent_auto_answer_ms: AutoAnswer,
    /// After how many ms a dialled outside party (preview customer, PSTN or
    /// extension target) answers by itself; absent: only the scenario
    /// interface answers it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_auto_answer_ms: Option<u64>,
    /// How long the customer stays in the satisfaction survey before the
    /// call ends.
    pub survey_seconds: u64,
    /// The auto outbound tasks agents may start and pause.
    pub auto_ob_tasks: Vec<AutoObTask>,
    /// IVR nodes for `transferIvr` and `blxfer` to an IVR.
    pub ivr_nodes: Vec<IvrNode>,
    /// A softphone agent (`endpointType` 3) must be registered over SIP to
    /// be rung: without a registration its leg fails as `unreachable`.
    /// Off: an unregistered softphone is emulated like the other phones
    /// (the scenario interface and `agentAutoAnswerMs` answer it).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub softphone_requires_registration: bool,
    /// Conversations are transcribed: a scripted `transcript` feed goes to
    /// the agent and to supervisors monitoring the call.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transcript: bool,
}

impl Default for CallSettings {
    fn default() -> Self {
        Self {
            ring_timeout_seconds: 30,
            hotline: "4008001000".into(),
            outbound_enabled: true,
            outbound_denied_agents: Vec::new(),
            caller_ids: Vec::new(),
            blacklist: Vec::new(),
            extensions: Vec::new(),
            agent_auto_answer_ms: AutoAnswer::default(),
            customer_auto_answer_ms: None,
            survey_seconds: 20,
            auto_ob_tasks: Vec::new(),
            ivr_nodes: Vec::new(),
            softphone_requires_registration: false,
            transcript: false,
        }
    }
}

/// Auto-answer delays of the agent's own phone, per endpoint type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AutoAnswer {
    /// `endpointType` 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pstn: Option<u64>,
    /// `endpointType` 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension: Option<u64>,
    /// `endpointType` 3: the SDK's softphone answers calls its agent
    /// started by itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub softphone: Option<u64>,
}

impl Default for AutoAnswer {
    fn default() -> Self {
        Self { pstn: None, extension: None, softphone: Some(500) }
    }
}

impl AutoAnswer {
    /// The delay for an endpoint type.
    pub fn for_endpoint(&self, endpoint_type: i64) -> Option<u64> {
        match endpoint_type {
            1 => self.pstn,
            2 => self.extension,
            3 => self.softphone,
            _ => None,
        }
    }
}

/// An auto outbound task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoObTask {
    /// `taskId`.
    pub task_id: String,
    /// Display name.
    pub name: String,
}

/// An IVR node a call can visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IvrNode {
    /// `ivrId` (a number in requests is compared as its decimal text).
    pub ivr_id: String,
    /// `ivrNode`.
    pub ivr_node: String,
    /// Display name.
    pub name: String,
    /// How long the customer spends in the node.
    #[serde(default = "default_ivr_ms")]
    pub duration_ms: u64,
    /// What the node collects: returned by `interactReturn`.
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

fn default_ivr_ms() -> u64 {
    3_000
}

impl CallSettings {
    /// The development tenant's settings.
    pub fn dev() -> Self {
        let vars = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Self {
            outbound_denied_agents: vec!["1020".into()],
            caller_ids: vec!["02150001000".into(), "02150001001".into()],
            blacklist: vec!["13900000000".into()],
            extensions: ["8001", "8002", "8003", "8004", "8005"].iter().map(|e| e.to_string()).collect(),
            auto_ob_tasks: vec![
                AutoObTask { task_id: "11".into(), name: "Renewals".into() },
                AutoObTask { task_id: "12".into(), name: "Win-back".into() },
            ],
            ivr_nodes: vec![
                IvrNode {
                    ivr_id: "1".into(),
                    ivr_node: "1.1".into(),
                    name: "Identity check".into(),
                    duration_ms: 3_000,
                    variables: vars(&[("idVerified", "yes"), ("accountNo", "6222020000000000")]),
                },
                IvrNode {
                    ivr_id: "1".into(),
                    ivr_node: "1.2".into(),
                    name: "Satisfaction".into(),
                    duration_ms: 3_000,
                    variables: vars(&[("satisfaction", "5")]),
                },
            ],
            transcript: true,
            ..Self::default()
        }
    }

    /// The IVR node `ivr_id`:`ivr_node`.
    pub fn ivr_node(&self, ivr_id: &str, ivr_node: &str) -> Option<&IvrNode> {
        self.ivr_nodes.iter().find(|n| n.ivr_id == ivr_id && n.ivr_node == ivr_node)
    }

    /// The task with this id.
    pub fn task(&self, task_id: &str) -> Option<&AutoObTask> {
        self.auto_ob_tasks.iter().find(|t| t.task_id == task_id)
    }

    /// The ring timeout in ms.
    pub fn ring_timeout_ms(&self) -> u64 {
        self.ring_timeout_seconds.saturating_mul(1000)
    }

    /// What serde cannot check; `agents` are the tenant's agent numbers.
    pub fn check(&self, agents: &[&str]) -> Result<(), String> {
        if let Some(a) = self.outbound_denied_agents.iter().find(|a| !agents.contains(&a.as_str())) {
            return Err(format!("calls.outboundDeniedAgents lists unknown agent '{a}'"));
        }
        let mut tasks: Vec<&str> = self.auto_ob_tasks.iter().map(|t| t.task_id.as_str()).collect();
        tasks.sort_unstable();
        if tasks.windows(2).any(|w| w[0] == w[1]) || tasks.iter().any(|t| t.trim().is_empty()) {
            return Err("calls.autoObTasks: taskId must be non-empty and unique".into());
        }
        let mut nodes: Vec<(&str, &str)> =
            self.ivr_nodes.iter().map(|n| (n.ivr_id.as_str(), n.ivr_node.as_str())).collect();
        nodes.sort_unstable();
        if nodes.windows(2).any(|w| w[0] == w[1]) {
            return Err("calls.ivrNodes: ivrId and ivrNode must be unique together".into());
        }
        Ok(())
    }
}
