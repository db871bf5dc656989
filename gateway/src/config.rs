//! The gateway's configuration: tenants with their agents, queues and pause
//! reasons, and the session timings. Read from a JSON file (schema in
//! docs/gateway.md) or taken from the built-in development default, which is
//! also kept as `gateway/config/dev.json`.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::calls::CallSettings;
use crate::security::Security;

/// The whole configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    /// Session timings; every field has a default.
    #[serde(default)]
    pub timing: Timing,
    /// Allowed origins and request rates; every field has a default.
    #[serde(default)]
    pub security: Security,
    /// The tenants, each isolated from the others.
    pub tenants: Vec<Tenant>,
    /// An external SIP proxy between the gateway and the softphones
    /// (docs/kamailio.md); without it the gateway is their registrar.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_proxy: Option<SipProxy>,
}

/// An external SIP registrar and proxy (Kamailio) that softphones register
/// with, and that the gateway sends its INVITEs through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SipProxy {
    /// The proxy's SIP WebSocket, `ws://host:port[/path]`: softphone logins
    /// are told it as `webrtcSocketUrl`, and the gateway connects to it.
    pub socket_url: String,
    /// The SIP domain the proxy serves (`sipIp`, the From and To domain).
    pub domain: String,
    /// The gateway's own account, for the proxy's digest challenges.
    pub account: SipAccount,
    /// The softphone accounts the proxy knows: a softphone login gets the
    /// password of its endpoint's account as `sipPwd`.
    pub softphones: Vec<SipAccount>,
}

/// A SIP user and its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SipAccount {
    /// The SIP user (a softphone's endpoint number).
    pub user: String,
    /// Its digest password; never logged.
    pub password: Secret,
}

impl SipProxy {
    /// The account of softphone endpoint `user`.
    pub fn softphone(&self, user: &str) -> Option<&SipAccount> {
        self.softphones.iter().find(|a| a.user == user)
    }

    /// Checks the URL, the domain and the accounts.
    pub fn check(&self) -> Result<(), ConfigError> {
        let at = |what: String| ConfigError(format!("sipProxy: {what}"));
        let authority = self.socket_url.strip_prefix("ws://").map(|rest| rest.split('/').next().unwrap_or_default());
        if !authority.is_some_and(|a| !a.is_empty() && a.bytes().all(|b| b.is_ascii_graphic() && b != b'@')) {
            return Err(at(format!("socketUrl must be ws://host:port[/path], got '{}'", self.socket_url)));
        }
        let token =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.+!~*'()".contains(&b));
        if !token(&self.domain) && !self.domain.starts_with('[') {
            return Err(at(format!("domain must be a host name or address, got '{}'", self.domain)));
        }
        let mut users = HashSet::new();
        for a in std::iter::once(&self.account).chain(&self.softphones) {
            if !token(&a.user) || !users.insert(a.user.as_str()) {
                return Err(at(format!("account user '{}' must be a non-empty SIP user name, and unique", a.user)));
            }
            if a.password.expose().is_empty() {
                return Err(at(format!("account '{}' needs a password", a.user)));
            }
        }
        Ok(())
    }
}

/// How long the gateway waits for things, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Timing {
    /// Heartbeat interval the login response tells the SDK to use.
    pub heartbeat_interval_ms: u64,
    /// A connection that sends nothing (not even a ping) for this long is
    /// closed with 1001; its session then waits for a resume.
    pub idle_timeout_ms: u64,
    /// How long a session outlives its dropped connection, waiting for a
    /// `resume`.
    pub resume_grace_ms: u64,
    /// How long a SIP digest nonce stays fresh; a REGISTER answering an
    /// older one is challenged again with `stale=true`.
    pub sip_nonce_lifetime_ms: u64,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            heartbeat_interval_ms: 5_000,
            idle_timeout_ms: 60_000,
            resume_grace_ms: 120_000,
            sip_nonce_lifetime_ms: 300_000,
        }
    }
}

/// One tenant (call center).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Tenant {
    /// Tenant ID, as sent in `login`.
    pub tenant_id: String,
    /// Display name.
    pub name: String,
    /// After-call work time in seconds (wrap-up ends by itself after it).
    #[serde(default = "default_wrapup_seconds")]
    pub wrapup_seconds: u64,
    /// The busy reasons agents may pause with.
    pub pause_reasons: Vec<PauseReason>,
    /// The agents.
    pub agents: Vec<AgentConfig>,
    /// The queues.
    #[serde(default)]
    pub queues: Vec<Queue>,
    /// How calls behave (docs/gateway.md "Call settings").
    #[serde(default)]
    pub calls: CallSettings,
}

fn default_wrapup_seconds() -> u64 {
    30
}

/// A configured busy reason: `pause` and a busy `login` must name one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PauseReason {
    /// Busy type.
    pub pause_type: i64,
    /// Busy reason description.
    pub pause_description: String,
}

/// One agent account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AgentConfig {
    /// Agent ID, unique within the tenant.
    pub agent_no: String,
    /// Display name.
    pub name: String,
    /// The credential `login` must present.
    pub session_key: Secret,
    /// `agent`, and `supervisor` for agents that may monitor others.
    pub roles: Vec<Role>,
}

/// What an agent account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Takes calls.
    Agent,
    /// Monitors queues and other agents.
    Supervisor,
}

/// A call queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Queue {
    /// Queue number, unique within the tenant.
    pub queue_no: String,
    /// Display name.
    pub name: String,
    /// The member agents' `agentNo`s.
    pub agents: Vec<String>,
}

/// A string that never shows in `Debug` output (and so never in logs).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// Compares with `candidate` in time that does not depend on where the
    /// two first differ.
    pub fn matches(&self, candidate: &str) -> bool {
        let (a, b) = (self.0.as_bytes(), candidate.as_bytes());
        let mut diff = a.len() ^ b.len();
        for (i, x) in a.iter().enumerate() {
            diff |= usize::from(x ^ b.get(i).copied().unwrap_or(0));
        }
        diff == 0
    }

    /// The value, for the few places that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Config {
    /// The development default: tenant `t1` with agents `0001`, `0000`
    /// (also a supervisor) and `1001`..`1020`, two queues and four pause
    /// reasons; tenant `t2` with its own agent `0001`. Every `t1` agent's
    /// session key is `dev-key-<agentNo>`.
    pub fn dev() -> Self {
        let mut t1_agents = vec![
            agent("0001", "Agent 0001", "dev-key-0001", &[Role::Agent]),
            agent("0000", "Supervisor 0000", "dev-key-0000", &[Role::Agent, Role::Supervisor]),
        ];
        t1_agents.extend((1001..=1020).map(|n| {
            let no = n.to_string();
            agent(&no, &format!("Test agent {no}"), &format!("dev-key-{no}"), &[Role::Agent])
        }));
        let sales: Vec<String> =
            ["0001", "0000"].iter().map(|s| s.to_string()).chain((1001..=1010).map(|n| n.to_string())).collect();
        let support: Vec<String> =
            std::iter::once("0000".to_string()).chain((1011..=1020).map(|n| n.to_string())).collect();
        Config {
            timing: Timing::default(),
            security: Security::default(),
            sip_proxy: None,
            tenants: vec![
                Tenant {
                    tenant_id: "t1".into(),
                    name: "Development tenant".into(),
                    wrapup_seconds: 30,
                    pause_reasons: vec![
                        reason(0, "busy"),
                        reason(1, "MEETING"),
                        reason(2, "BREAK"),
                        reason(3, "TRAINING"),
                    ],
                    agents: t1_agents,
                    queues: vec![
                        Queue { queue_no: "1".into(), name: "Sales".into(), agents: sales },
                        Queue { queue_no: "2".into(), name: "Support".into(), agents: support },
                    ],
                    calls: CallSettings::dev(),
                },
                Tenant {
                    tenant_id: "t2".into(),
                    name: "Isolation tenant".into(),
                    wrapup_seconds: 30,
                    pause_reasons: vec![reason(0, "busy")],
                    agents: vec![agent("0001", "Other tenant's 0001", "t2-key-0001", &[Role::Agent])],
                    queues: vec![Queue { queue_no: "1".into(), name: "General".into(), agents: vec!["0001".into()] }],
                    calls: CallSettings::default(),
                },
            ],
        }
    }

    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError(format!("{}: {e}", path.display())))?;
        Self::from_json(&text).map_err(|ConfigError(e)| ConfigError(format!("{}: {e}", path.display())))
    }

    /// Parses and checks a configuration.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(&mut de).map_err(|e| ConfigError(format!("at {e}")))?;
        config.check()?;
        Ok(config)
    }

    /// Checks what serde cannot: unique ids, queue members that exist,
    /// non-empty keys, a usable SIP proxy.
    pub fn check(&self) -> Result<(), ConfigError> {
        if let Some(proxy) = &self.sip_proxy {
            proxy.check()?;
        }
        let mut tenants = HashSet::new();
        for t in &self.tenants {
            let at = |what: String| ConfigError(format!("tenant '{}': {what}", t.tenant_id));
            if t.tenant_id.trim().is_empty() || !tenants.insert(t.tenant_id.as_str()) {
                return Err(at("tenantId must be non-empty and unique".into()));
            }
            let mut agents = HashSet::new();
            for a in &t.agents {
                if a.agent_no.trim().is_empty() || !agents.insert(a.agent_no.as_str()) {
                    return Err(at(format!("agentNo '{}' must be non-empty and unique", a.agent_no)));
                }
                if a.session_key.expose().is_empty() {
                    return Err(at(format!("agent '{}' needs a sessionKey", a.agent_no)));
                }
            }
            let mut types = HashSet::new();
            let mut descriptions = HashSet::new();
            for r in &t.pause_reasons {
                if !types.insert(r.pause_type) || !descriptions.insert(r.pause_description.as_str()) {
                    return Err(at(format!("pause reason {} '{}' is not unique", r.pause_type, r.pause_description)));
                }
            }
            let mut queues = HashSet::new();
            for q in &t.queues {
                if !queues.insert(q.queue_no.as_str()) {
                    return Err(at(format!("queueNo '{}' is not unique", q.queue_no)));
                }
                if let Some(missing) = q.agents.iter().find(|a| !agents.contains(a.as_str())) {
                    return Err(at(format!("queue '{}' lists unknown agent '{missing}'", q.queue_no)));
                }
            }
            let numbers: Vec<&str> = t.agents.iter().map(|a| a.agent_no.as_str()).collect();
            t.calls.check(&numbers).map_err(at)?;
        }
        Ok(())
    }

    /// The tenant with this ID.
    pub fn tenant(&self, tenant_id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.tenant_id == tenant_id)
    }
}

impl Tenant {
    /// The agent with this ID.
    pub fn agent(&self, agent_no: &str) -> Option<&AgentConfig> {
        self.agents.iter().find(|a| a.agent_no == agent_no)
    }

    /// The pause reason with exactly this type and description.
    pub fn pause_reason(&self, pause_type: i64, description: &str) -> Option<&PauseReason> {
        self.pause_reasons.iter().find(|r| r.pause_type == pause_type && r.pause_description == description)
    }

    /// The queue with this number.
    pub fn queue(&self, queue_no: &str) -> Option<&Queue> {
        self.queues.iter().find(|q| q.queue_no == queue_no)
    }

    /// The pause reason with this description (a busy `login` names only the
    /// description).
    pub fn pause_reason_named(&self, description: &str) -> Option<&PauseReason> {
        self.pause_reasons.iter().find(|r| r.pause_description == description)
    }
}

/// A configuration that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn agent(no: &str, name: &str, key: &str, roles: &[Role]) -> AgentConfig {
    AgentConfig { agent_no: no.into(), name: name.into(), session_key: Secret::new(key), roles: roles.to_vec() }
}

fn reason(pause_type: i64, description: &str) -> PauseReason {
    PauseReason { pause_type, pause_description: description.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_file_equals_the_built_in_default() {
        let text = include_str!("../config/dev.json");
        assert_eq!(Config::from_json(text), Ok(Config::dev()));
    }

    #[test]
    fn dev_default_has_the_seed_identities() {
        let c = Config::dev();
        assert_eq!(c.check(), Ok(()));
        let t1 = c.tenant("t1").unwrap();
        assert_eq!(t1.agents.len(), 22);
        assert!(t1.agent("0001").unwrap().session_key.matches("dev-key-0001"));
        assert!(t1.agent("1020").unwrap().session_key.matches("dev-key-1020"));
        assert_eq!(t1.agent("0000").unwrap().roles, vec![Role::Agent, Role::Supervisor]);
        assert_eq!(t1.pause_reason(1, "MEETING").map(|r| r.pause_type), Some(1));
        assert_eq!(t1.pause_reason_named("TRAINING").map(|r| r.pause_type), Some(3));
        assert!(t1.pause_reason(2, "MEETING").is_none());
        assert!(c.tenant("t2").unwrap().pause_reason_named("MEETING").is_none());
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let c = Config::dev();
        assert!(!format!("{c:?}").contains("dev-key-"));
        let s = Secret::new("abc");
        assert!(s.matches("abc"));
        assert!(!s.matches("abd"));
        assert!(!s.matches("ab"));
        assert!(!s.matches("abcd"));
        assert!(!s.matches(""));
    }

    #[test]
    fn bad_configs_are_refused_with_a_reason() {
        let mut c = Config::dev();
        c.tenants[0].queues[0].agents.push("9999".into());
        assert!(c.check().unwrap_err().0.contains("unknown agent '9999'"));
        let mut c = Config::dev();
        c.tenants[1].tenant_id = "t1".into();
        assert!(c.check().is_err());
        let mut c = Config::dev();
        c.tenants[0].pause_reasons.push(reason(9, "busy"));
        assert!(c.check().is_err());
        let err = Config::from_json(r#"{"tenants":[{"tenantId":"x"}]}"#).unwrap_err();
        assert!(err.0.contains("tenants[0]"), "{err}");
        let minimal = r#"{"tenants":[{"tenantId":"x","name":"X","pauseReasons":[],"agents":[]}]}"#;
        let c = Config::from_json(minimal).unwrap();
        assert_eq!(c.timing, Timing::default());
        assert_eq!(c.tenants[0].wrapup_seconds, 30);
    }

    #[test]
    fn the_kamailio_test_config_is_the_dev_config_behind_a_proxy_whose_accounts_kamailio_holds() {
        let config = Config::from_json(include_str!("../../tests/kamailio/gateway.json")).unwrap();
        let proxy = config.sip_proxy.clone().unwrap();
        assert_eq!(Config { sip_proxy: None, ..config }, Config::dev());
        assert_eq!(proxy.socket_url, "ws://127.0.0.1:18090");
        // Kamailio's htable: `$sht(accounts=>USER) = "PASSWORD";` lines.
        let htable: Vec<(String, String)> = include_str!("../../tests/kamailio/accounts.cfg")
            .lines()
            .filter_map(|l| l.strip_prefix("$sht(accounts=>"))
            .filter_map(|l| {
                let (user, rest) = l.split_once(") = \"")?;
                Some((user.to_string(), rest.strip_suffix("\";")?.to_string()))
            })
            .collect();
        let accounts: Vec<(String, String)> = std::iter::once(&proxy.account)
            .chain(&proxy.softphones)
            .map(|a| (a.user.clone(), a.password.expose().to_string()))
            .collect();
        assert_eq!(htable, accounts);
        assert!(proxy.softphone("8019").is_some() && proxy.softphone("8819").is_some());
        assert!(proxy.softphone("gateway").is_none());
    }

    #[test]
    fn bad_sip_proxies_are_refused_with_a_reason() {
        let proxy = |url: &str, domain: &str, user: &str, password: &str| {
            let mut c = Config::dev();
            c.sip_proxy = Some(SipProxy {
                socket_url: url.into(),
                domain: domain.into(),
                account: SipAccount { user: "gateway".into(), password: Secret::new("pw") },
                softphones: vec![SipAccount { user: user.into(), password: Secret::new(password) }],
            });
            c.check().map_err(|e| e.0)
        };
        assert_eq!(proxy("ws://127.0.0.1:5066", "127.0.0.1", "8001", "pw"), Ok(()));
        assert!(proxy("wss://127.0.0.1:5066", "127.0.0.1", "8001", "pw").unwrap_err().contains("socketUrl"));
        assert!(proxy("ws://", "127.0.0.1", "8001", "pw").unwrap_err().contains("socketUrl"));
        assert!(proxy("ws://a:1", "", "8001", "pw").unwrap_err().contains("domain"));
        assert!(proxy("ws://a:1", "a b", "8001", "pw").unwrap_err().contains("domain"));
        assert!(proxy("ws://a:1", "a", "gateway", "pw").unwrap_err().contains("unique"));
        assert!(proxy("ws://a:1", "a", "80 01", "pw").unwrap_err().contains("'80 01'"));
        assert!(proxy("ws://a:1", "a", "8001", "").unwrap_err().contains("needs a password"));
        let mut c = Config::dev();
        c.sip_proxy = Some(SipProxy {
            socket_url: "ws://a:1".into(),
            domain: "a".into(),
            account: SipAccount { user: "gateway".into(), password: Secret::new("sip-pw-x") },
            softphones: Vec::new(),
        });
        assert!(!format!("{c:?}").contains("sip-pw-x"));
    }
}
