//! Engine tests on a simulated clock: agents live in a map, pushes are read
//! from the outbox, and time moves only when a test advances it.

mod consult;
mod inbound;
mod monitor;
mod outbound;
mod transfer;

use std::collections::HashMap;
use std::sync::Arc;

use agent_sdk::protocol::BindEndpoint;
use serde_json::{json, Value};

use crate::agent::{Agent, InitialStatus, Login};
use crate::calls::{Act, AgentKey, Agents, Answer, CallOp, CallView, Engine, Inbound, Side};
use crate::config::Config;
use crate::errors::Refusal;

#[derive(Default)]
struct Map(HashMap<AgentKey, Agent>);

impl Agents for Map {
    fn agent(&self, key: &AgentKey) -> Option<&Agent> {
        self.0.get(key)
    }
    fn agent_mut(&mut self, key: &AgentKey) -> Option<&mut Agent> {
        self.0.get_mut(key)
    }
}

/// The engine, the logged-in agents of tenant `t1` and the clock.
struct Desk {
    engine: Engine,
    agents: Map,
    now: u64,
}

fn key(agent: &str) -> AgentKey {
    AgentKey::new("t1", agent)
}

impl Desk {
    fn new() -> Self {
        Self::with(|_| {})
    }

    /// A desk over the development configuration, changed by `edit`.
    fn with(edit: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::dev();
        // Transcription is tested on its own (tests/monitor.rs); the other
        // flows read clearer without its pushes.
        config.tenants[0].calls.transcript = false;
        edit(&mut config);
        Self { engine: Engine::new(Arc::new(config), 1_718_000_000), agents: Map::default(), now: 1_000 }
    }

    /// Logs `agent` in idle with an extension, one ms after the previous
    /// login (so earlier logins have been idle longer).
    fn login(&mut self, agent: &str) {
        self.login_on(agent, 2, "8001");
    }

    fn login_on(&mut self, agent: &str, endpoint_type: i64, endpoint: &str) {
        self.now += 1;
        let login = Login {
            tenant_id: "t1".into(),
            agent_no: agent.into(),
            bind_endpoint: BindEndpoint { endpoint_type, endpoint: endpoint.into() },
            initial: InitialStatus::Idle,
            wrapup_ms: 30_000,
        };
        self.agents.0.insert(key(agent), Agent::login(login, self.now));
        self.engine.settle(&mut self.agents, self.now);
    }

    /// A supervisor operation of `agent` on calls.
    fn supervise(&mut self, agent: &str, action: &str, params: Value) -> Result<(), Refusal> {
        let op = crate::calls::MonitorOp::parse(action, &params)
            .expect("a supervisor action")
            .map_err(|e| Refusal::bad_param(&e))?;
        self.engine.supervise(&mut self.agents, &key(agent), op, self.now)
    }

    fn op(&mut self, agent: &str, action: &str, params: Value) -> Result<Answer, Refusal> {
        let op = CallOp::parse(action, &params).expect("a call action").map_err(|e| Refusal::bad_param(&e))?;
        self.engine.operation(&mut self.agents, &key(agent), op, self.now)
    }

    /// The error code of a refused operation.
    fn refused(&mut self, agent: &str, action: &str, params: Value) -> i64 {
        self.op(agent, action, params).unwrap_err().error_code
    }

    fn ok(&mut self, agent: &str, action: &str, params: Value) {
        if let Err(r) = self.op(agent, action, params) {
            panic!("{action} refused: {} {}", r.error_code, r.message);
        }
    }

    fn inbound(&mut self, number: &str, queue: &str) -> String {
        let req = Inbound {
            tenant_id: "t1".into(),
            queue_no: Some(queue.into()),
            agent_no: None,
            customer_number: number.into(),
            hotline: None,
            chan_variables: None,
        };
        self.engine.inbound(&mut self.agents, req, self.now).unwrap()
    }

    fn act(&mut self, id: &str, side: Side, act: Act) {
        self.engine.act(&mut self.agents, id, side, act, self.now).unwrap();
    }

    fn view(&self, id: &str) -> CallView {
        self.engine.view(id).unwrap()
    }

    /// Moves the clock: call timers, then wrap-up ends, then queue offers.
    fn advance(&mut self, ms: u64) {
        self.now += ms;
        self.engine.on_timer(&mut self.agents, self.now);
        let mut ended = Vec::new();
        for (k, a) in self.agents.0.iter_mut() {
            if a.on_timer(self.now) {
                ended.push(k.clone());
            }
        }
        for k in ended {
            let event = self.agents.0[&k].event();
            self.engine.push(&k, agent_sdk::protocol::Event::AgentStatusEvent(event));
        }
        self.engine.settle(&mut self.agents, self.now);
    }

    /// The pushes so far as JSON, with the agent they went to under `to`.
    fn pushes(&mut self) -> Vec<Value> {
        (self.engine.drain().into_iter())
            .map(|p| {
                let mut v = serde_json::to_value(&p.event).unwrap();
                v["to"] = json!(p.to.agent_no);
                v
            })
            .collect()
    }

    /// The pushes so far, each summed up as `<agent> <eventType>[ details]`.
    fn lines(&mut self) -> Vec<String> {
        self.pushes().iter().map(line).collect()
    }

    fn state(&self, agent: &str) -> String {
        let s = self.agents.0[&key(agent)].status();
        format!("{}/{}/{}", s.state.as_str(), s.state_action, s.device_status)
    }
}

/// One push as `<agent> <eventType>[ details]`.
fn line(v: &Value) -> String {
    let to = v["to"].as_str().unwrap_or("?");
    let name = v["eventType"].as_str().unwrap_or("?");
    let detail = match name {
        "agentStatus" => {
            let s = &v["status"];
            format!(" {}/{}/{}", s["state"].as_str().unwrap(), s["stateAction"].as_str().unwrap(), s["deviceStatus"])
        }
        "previewObCallResult" => format!(" {}", v["result"].as_str().unwrap()),
        "atxferEnded" => format!(" side={}", v["hangupSide"]),
        _ => String::new(),
    };
    format!("{to} {name}{detail}")
}

/// The JSON of the first push named `name`.
fn find<'a>(pushes: &'a [Value], name: &str) -> &'a Value {
    pushes.iter().find(|p| p["eventType"] == name).unwrap_or_else(|| panic!("no {name} in {pushes:?}"))
}

fn no_params() -> Value {
    json!({})
}
