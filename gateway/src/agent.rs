//! The agent state machine of docs/state-machine.md, without IO: a command
//! and the current time (ms) go in; the new status (or a refusal) and the
//! next deadline come out. The session layer turns a change into an
//! `agentStatus` push and the deadline into a timer.

use agent_sdk::protocol::events::AgentStatusEvent;
use agent_sdk::protocol::{AgentState, AgentStatus, BindEndpoint};

use crate::config::PauseReason;
use crate::errors::Refusal;

/// What made the agent enter its current state (`stateAction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StateAction {
    /// Plain idle: signed in ready for calls.
    Idle,
    /// Signed in straight into busy or wrap-up.
    Login,
    /// The agent paused (or changed the busy reason).
    Pause,
    /// The agent unpaused (from busy or wrap-up).
    Unpause,
    /// A supervisor paused the agent (planned).
    ForcePause,
    /// A supervisor unpaused the agent (planned).
    ForceUnpause,
    /// A call rings at the agent's endpoint.
    Ring,
    /// The agent's endpoint answered.
    Answer,
    /// The agent started an outbound call.
    Dial,
    /// The call ended and the tenant has no wrap-up time.
    Hangup,
    /// The call ended; after-call work began.
    Wrapup,
    /// The wrap-up time ran out.
    WrapupEnd,
    /// The agent logged out.
    Logout,
    /// A supervisor forced the agent offline (planned).
    ForceOffline,
}

impl StateAction {
    /// Every value, in the order of docs/state-machine.md.
    pub const ALL: [StateAction; 14] = [
        Self::Idle,
        Self::Login,
        Self::Pause,
        Self::Unpause,
        Self::ForcePause,
        Self::ForceUnpause,
        Self::Ring,
        Self::Answer,
        Self::Dial,
        Self::Hangup,
        Self::Wrapup,
        Self::WrapupEnd,
        Self::Logout,
        Self::ForceOffline,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Login => "login",
            Self::Pause => "pause",
            Self::Unpause => "unpause",
            Self::ForcePause => "forcePause",
            Self::ForceUnpause => "forceUnpause",
            Self::Ring => "ring",
            Self::Answer => "answer",
            Self::Dial => "dial",
            Self::Hangup => "hangup",
            Self::Wrapup => "wrapup",
            Self::WrapupEnd => "wrapupEnd",
            Self::Logout => "logout",
            Self::ForceOffline => "forceOffline",
        }
    }
}

/// The agent's endpoint as the call engine sees it (`deviceStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceStatus {
    /// -1: the endpoint cannot take calls.
    Invalid,
    /// 0: no call.
    Idle,
    /// 1: reserved for a call being set up.
    Locked,
    /// 2: dialling out.
    Dialling,
    /// 3: ringing.
    Ringing,
    /// 4: in use (talking).
    InUse,
}

impl DeviceStatus {
    /// The wire number.
    pub fn code(self) -> i64 {
        match self {
            Self::Invalid => -1,
            Self::Idle => 0,
            Self::Locked => 1,
            Self::Dialling => 2,
            Self::Ringing => 3,
            Self::InUse => 4,
        }
    }
}

/// The status chosen at login (`initialStatus` 1, 2 or 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitialStatus {
    /// 1: idle.
    Idle,
    /// 2: busy with a configured reason.
    Busy(PauseReason),
    /// 3: wrap-up, which ends by itself after the tenant's wrap-up time.
    Wrapup,
}

impl InitialStatus {
    fn code(&self) -> i64 {
        match self {
            Self::Idle => 1,
            Self::Busy(_) => 2,
            Self::Wrapup => 3,
        }
    }
}

/// The call an agent's status names while it dials, rings or talks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRef {
    /// `callType` (1 inbound, 4 preview outbound, 9 internal...).
    pub call_type: i64,
    /// The agent's own leg.
    pub unique_id: String,
    /// The call.
    pub main_unique_id: String,
}

/// A successful login, already authenticated and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// Where the agent takes calls.
    pub bind_endpoint: BindEndpoint,
    /// The chosen start state.
    pub initial: InitialStatus,
    /// The tenant's wrap-up time.
    pub wrapup_ms: u64,
}

/// What can happen to a logged-in agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `pause` with a configured reason.
    Pause(PauseReason),
    /// `unpause`.
    Unpause,
    /// `updateBoundEndpoint`.
    UpdateBoundEndpoint(BindEndpoint),
    /// `logout`: graceful (refused on a call) or immediate; optionally
    /// dropping the endpoint binding.
    Logout {
        /// `logoutMode: 1`.
        immediate: bool,
        /// `unbindEndpoint: 1`.
        unbind: bool,
    },
    /// The agent starts an outbound call (its own leg rings first).
    Dial(CallRef),
    /// A call rings at the agent.
    Ring(CallRef),
    /// The call is connected: the agent talks.
    Answer,
    /// The agent's call ended. `wrapup`: the agent talked with a customer,
    /// so after-call work follows (when the tenant has wrap-up time).
    Hangup {
        /// After-call work is due.
        wrapup: bool,
    },
    /// `prolongWrapup`: the running wrap-up lasts this many ms longer.
    ProlongWrapup(u64),
}

/// One logged-in agent's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agent {
    tenant_id: String,
    agent_no: String,
    state: AgentState,
    action: StateAction,
    initial_status: i64,
    device: DeviceStatus,
    pause: Option<PauseReason>,
    endpoint: Option<BindEndpoint>,
    wrapup_ms: u64,
    wrapup_until: Option<u64>,
    idle_since: Option<u64>,
    call: Option<CallRef>,
}

impl Agent {
    /// The agent right after a successful login at `now_ms`.
    pub fn login(login: Login, now_ms: u64) -> Self {
        let initial_status = login.initial.code();
        let (state, action, pause, wrapup_until) = match login.initial {
            InitialStatus::Idle => (AgentState::Idle, StateAction::Idle, None, None),
            InitialStatus::Busy(reason) => (AgentState::Busy, StateAction::Login, Some(reason), None),
            InitialStatus::Wrapup => {
                (AgentState::Wrapup, StateAction::Login, None, Some(now_ms.saturating_add(login.wrapup_ms)))
            }
        };
        Self {
            tenant_id: login.tenant_id,
            agent_no: login.agent_no,
            state,
            action,
            initial_status,
            device: DeviceStatus::Idle,
            pause,
            endpoint: Some(login.bind_endpoint),
            wrapup_ms: login.wrapup_ms,
            wrapup_until,
            idle_since: (state == AgentState::Idle).then_some(now_ms),
            call: None,
        }
    }

    /// Tenant ID.
    pub fn tenant_id(&self) -> &str {
        &self.tenant_id
    }

    /// Agent ID.
    pub fn agent_no(&self) -> &str {
        &self.agent_no
    }

    /// The current state.
    pub fn state(&self) -> AgentState {
        self.state
    }

    /// The bound endpoint.
    pub fn endpoint(&self) -> Option<&BindEndpoint> {
        self.endpoint.as_ref()
    }

    /// Since when the agent has been idle (`None` unless idle): queue calls
    /// go to the agent idle longest.
    pub fn idle_since(&self) -> Option<u64> {
        self.idle_since.filter(|_| self.state == AgentState::Idle)
    }

    /// The call the status names, while on a call.
    pub fn call(&self) -> Option<&CallRef> {
        self.call.as_ref()
    }

    /// True while a call is dialling, ringing or talking.
    pub fn on_call(&self) -> bool {
        matches!(self.state, AgentState::Calling | AgentState::Ringing | AgentState::Talking)
    }

    /// When [`Agent::on_timer`] has something to do (wrap-up end).
    pub fn deadline(&self) -> Option<u64> {
        self.wrapup_until
    }

    /// The status object, as pushed in `agentStatus`.
    pub fn status(&self) -> AgentStatus {
        let busy = self.state == AgentState::Busy;
        AgentStatus {
            state: self.state,
            state_action: self.action.as_str().to_string(),
            initial_status: self.initial_status,
            device_status: self.device.code(),
            pause_description: self.pause.as_ref().filter(|_| busy).map(|p| p.pause_description.clone()),
            pause_type: self.pause.as_ref().filter(|_| busy).map(|p| p.pause_type),
            bind_endpoint: self.endpoint.clone(),
            call_type: self.call.as_ref().map(|c| c.call_type),
            unique_id: self.call.as_ref().map(|c| c.unique_id.clone()),
            main_unique_id: self.call.as_ref().map(|c| c.main_unique_id.clone()),
        }
    }

    /// The `agentStatus` event payload.
    pub fn event(&self) -> AgentStatusEvent {
        AgentStatusEvent { tenant_id: self.tenant_id.clone(), agent_no: self.agent_no.clone(), status: self.status() }
    }

    /// Applies a command at `now_ms`. `Ok(true)` when the status changed
    /// (push `agentStatus`), `Ok(false)` when it succeeded without a change.
    pub fn apply(&mut self, command: Command, now_ms: u64) -> Result<bool, Refusal> {
        use AgentState as S;
        if self.state == S::Offline {
            return Err(Refusal::not_logined());
        }
        match command {
            Command::Pause(reason) => {
                if self.on_call() {
                    return Err(Refusal::not_idle());
                }
                if self.state == S::Busy && self.pause.as_ref() == Some(&reason) {
                    return Err(Refusal::already_paused());
                }
                self.pause = Some(reason);
                self.enter(S::Busy, StateAction::Pause, DeviceStatus::Idle, now_ms);
            }
            Command::Unpause => match self.state {
                S::Idle => return Err(Refusal::already_ready()),
                S::Busy | S::Wrapup => self.enter(S::Idle, StateAction::Unpause, DeviceStatus::Idle, now_ms),
                _ => return Err(Refusal::not_idle()),
            },
            Command::UpdateBoundEndpoint(endpoint) => {
                if self.on_call() {
                    return Err(Refusal::not_idle());
                }
                if self.endpoint.as_ref() == Some(&endpoint) {
                    return Ok(false);
                }
                self.endpoint = Some(endpoint);
            }
            Command::Logout { immediate, unbind } => {
                if !immediate && self.on_call() {
                    return Err(Refusal::on_call());
                }
                if unbind {
                    self.endpoint = None;
                }
                self.enter(S::Offline, StateAction::Logout, DeviceStatus::Idle, now_ms);
            }
            Command::Dial(call) => match self.state {
                S::Idle | S::Busy | S::Wrapup => {
                    self.enter(S::Calling, StateAction::Dial, DeviceStatus::Dialling, now_ms);
                    self.call = Some(call);
                }
                _ => return Err(Refusal::agent_busy()),
            },
            Command::Ring(call) => match self.state {
                S::Idle => {
                    self.enter(S::Ringing, StateAction::Ring, DeviceStatus::Ringing, now_ms);
                    self.call = Some(call);
                }
                _ => return Err(Refusal::not_idle()),
            },
            Command::Answer => match self.state {
                S::Ringing | S::Calling => self.enter(S::Talking, StateAction::Answer, DeviceStatus::InUse, now_ms),
                _ => return Err(Refusal::not_idle()),
            },
            Command::Hangup { wrapup } => {
                if !self.on_call() {
                    return Err(Refusal::not_idle());
                }
                // After-call work follows a conversation with a customer
                // only: a call that ends unanswered, an internal call, or a
                // tenant without wrap-up time goes straight back to idle.
                if !wrapup || self.state != S::Talking || self.wrapup_ms == 0 {
                    self.enter(S::Idle, StateAction::Hangup, DeviceStatus::Idle, now_ms);
                } else {
                    self.enter(S::Wrapup, StateAction::Wrapup, DeviceStatus::Idle, now_ms);
                    self.wrapup_until = Some(now_ms.saturating_add(self.wrapup_ms));
                }
            }
            Command::ProlongWrapup(ms) => match (self.state, self.wrapup_until) {
                (S::Wrapup, Some(until)) => {
                    self.wrapup_until = Some(until.saturating_add(ms));
                    return Ok(false);
                }
                _ => return Err(Refusal::not_in_wrapup()),
            },
        }
        Ok(true)
    }

    /// Runs what is due at `now_ms`. `true` when the status changed.
    pub fn on_timer(&mut self, now_ms: u64) -> bool {
        match self.wrapup_until {
            Some(until) if now_ms >= until && self.state == AgentState::Wrapup => {
                self.enter(AgentState::Idle, StateAction::WrapupEnd, DeviceStatus::Idle, now_ms);
                true
            }
            _ => false,
        }
    }

    fn enter(&mut self, state: AgentState, action: StateAction, device: DeviceStatus, now_ms: u64) {
        if state != AgentState::Busy {
            self.pause = None;
        }
        if state != AgentState::Wrapup {
            self.wrapup_until = None;
        }
        if !matches!(state, AgentState::Calling | AgentState::Ringing | AgentState::Talking) {
            self.call = None;
        }
        if state == AgentState::Idle && self.state != AgentState::Idle {
            self.idle_since = Some(now_ms);
        }
        self.state = state;
        self.action = action;
        self.device = device;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::code;

    fn endpoint(e: &str) -> BindEndpoint {
        BindEndpoint { endpoint_type: 1, endpoint: e.into() }
    }

    fn reason(t: i64, d: &str) -> PauseReason {
        PauseReason { pause_type: t, pause_description: d.into() }
    }

    fn call() -> CallRef {
        CallRef { call_type: 1, unique_id: "1718000000.2".into(), main_unique_id: "1718000000.1".into() }
    }

    fn agent(initial: InitialStatus) -> Agent {
        Agent::login(
            Login {
                tenant_id: "t1".into(),
                agent_no: "0001".into(),
                bind_endpoint: endpoint("13600000000"),
                initial,
                wrapup_ms: 30_000,
            },
            1_000,
        )
    }

    fn shape(a: &Agent) -> (AgentState, &'static str, i64) {
        let s = a.status();
        (s.state, StateAction::ALL.iter().find(|x| x.as_str() == s.state_action).unwrap().as_str(), s.device_status)
    }

    fn refused(r: Result<bool, Refusal>) -> i64 {
        r.unwrap_err().error_code
    }

    #[test]
    fn idle_login_matches_the_seed_example() {
        let a = agent(InitialStatus::Idle);
        let json = serde_json::to_value(a.event()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "tenantId": "t1", "agentNo": "0001", "status": {
                "state": "idle", "stateAction": "idle", "initialStatus": 1, "deviceStatus": 0,
                "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" } } })
        );
        assert_eq!(a.deadline(), None);
    }

    #[test]
    fn busy_login_carries_the_reason() {
        let a = agent(InitialStatus::Busy(reason(1, "MEETING")));
        let s = a.status();
        assert_eq!((s.state, s.state_action.as_str(), s.initial_status), (AgentState::Busy, "login", 2));
        assert_eq!((s.pause_type, s.pause_description.as_deref()), (Some(1), Some("MEETING")));
    }

    #[test]
    fn wrapup_login_ends_after_the_wrapup_time() {
        let mut a = agent(InitialStatus::Wrapup);
        assert_eq!(shape(&a), (AgentState::Wrapup, "login", 0));
        assert_eq!(a.status().initial_status, 3);
        assert_eq!(a.deadline(), Some(31_000));
        assert!(!a.on_timer(30_999));
        assert!(a.on_timer(31_000));
        assert_eq!(shape(&a), (AgentState::Idle, "wrapupEnd", 0));
        assert_eq!(a.deadline(), None);
        assert!(!a.on_timer(40_000));
    }

    #[test]
    fn pause_and_unpause() {
        let mut a = agent(InitialStatus::Idle);
        assert_eq!(refused(a.apply(Command::Unpause, 0)), code::ALREADY);
        assert_eq!(a.apply(Command::Pause(reason(0, "busy")), 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Busy, "pause", 0));
        assert_eq!(a.status().pause_description.as_deref(), Some("busy"));
        let again = a.apply(Command::Pause(reason(0, "busy")), 0).unwrap_err();
        assert_eq!((again.error_code, again.message.as_str()), (code::ALREADY, "already paused"));
        assert_eq!(a.apply(Command::Pause(reason(2, "BREAK")), 0), Ok(true));
        assert_eq!(a.status().pause_type, Some(2));
        assert_eq!(a.apply(Command::Unpause, 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Idle, "unpause", 0));
        assert_eq!(a.status().pause_type, None);
        assert_eq!(a.apply(Command::Unpause, 0).unwrap_err().message, "already ready");
    }

    #[test]
    fn pause_or_unpause_ends_wrapup_and_its_timer() {
        let mut a = agent(InitialStatus::Wrapup);
        assert_eq!(a.apply(Command::Pause(reason(1, "MEETING")), 5), Ok(true));
        assert_eq!(a.deadline(), None);
        assert!(!a.on_timer(1_000_000));
        assert_eq!(shape(&a), (AgentState::Busy, "pause", 0));
        let mut a = agent(InitialStatus::Wrapup);
        assert_eq!(a.apply(Command::Unpause, 5), Ok(true));
        assert_eq!((shape(&a), a.deadline()), ((AgentState::Idle, "unpause", 0), None));
    }

    #[test]
    fn update_bound_endpoint_keeps_the_state() {
        let mut a = agent(InitialStatus::Busy(reason(3, "TRAINING")));
        assert_eq!(a.apply(Command::UpdateBoundEndpoint(endpoint("13600000000")), 0), Ok(false));
        assert_eq!(a.apply(Command::UpdateBoundEndpoint(endpoint("8001")), 0), Ok(true));
        let s = a.status();
        assert_eq!((s.state, s.state_action.as_str()), (AgentState::Busy, "login"));
        assert_eq!(s.bind_endpoint, Some(endpoint("8001")));
    }

    #[test]
    fn logout_goes_offline_and_may_unbind() {
        let mut a = agent(InitialStatus::Busy(reason(0, "busy")));
        assert_eq!(a.apply(Command::Logout { immediate: false, unbind: false }, 0), Ok(true));
        let s = a.status();
        assert_eq!((s.state, s.state_action.as_str(), s.pause_type), (AgentState::Offline, "logout", None));
        assert!(s.bind_endpoint.is_some());
        assert_eq!(refused(a.apply(Command::Unpause, 0)), code::NOT_LOGINED);
        let mut a = agent(InitialStatus::Idle);
        assert_eq!(a.apply(Command::Logout { immediate: true, unbind: true }, 0), Ok(true));
        assert_eq!(a.status().bind_endpoint, None);
    }

    #[test]
    fn call_states_refuse_agent_operations() {
        let mut a = agent(InitialStatus::Idle);
        assert_eq!(a.apply(Command::Ring(call()), 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Ringing, "ring", 3));
        assert!(a.on_call());
        for cmd in [Command::Pause(reason(0, "busy")), Command::Unpause, Command::UpdateBoundEndpoint(endpoint("1"))] {
            assert_eq!(refused(a.apply(cmd, 0)), code::NOT_IDLE);
        }
        assert_eq!(refused(a.apply(Command::Logout { immediate: false, unbind: false }, 0)), code::ON_CALL);
        assert_eq!(refused(a.apply(Command::Dial(call()), 0)), code::AGENT_BUSY);
        assert_eq!(a.apply(Command::Answer, 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Talking, "answer", 4));
        assert_eq!(refused(a.apply(Command::Pause(reason(0, "busy")), 0)), code::NOT_IDLE);
        assert_eq!(refused(a.apply(Command::Logout { immediate: false, unbind: false }, 0)), code::ON_CALL);
        let mut immediate = a.clone();
        assert_eq!(immediate.apply(Command::Logout { immediate: true, unbind: false }, 0), Ok(true));
        assert_eq!(immediate.state(), AgentState::Offline);
    }

    #[test]
    fn hangup_goes_through_wrapup_back_to_idle() {
        let mut a = agent(InitialStatus::Busy(reason(0, "busy")));
        assert_eq!(refused(a.apply(Command::Ring(call()), 0)), code::NOT_IDLE);
        assert_eq!(a.apply(Command::Dial(call()), 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Calling, "dial", 2));
        assert_eq!(a.status().pause_type, None);
        assert_eq!(refused(a.apply(Command::Unpause, 0)), code::NOT_IDLE);
        assert_eq!(a.apply(Command::Answer, 100), Ok(true));
        assert_eq!(a.apply(Command::Hangup { wrapup: true }, 200), Ok(true));
        assert_eq!(shape(&a), (AgentState::Wrapup, "wrapup", 0));
        assert_eq!(a.deadline(), Some(30_200));
        assert!(a.on_timer(30_200));
        assert_eq!(shape(&a), (AgentState::Idle, "wrapupEnd", 0));
        assert_eq!(refused(a.apply(Command::Hangup { wrapup: true }, 0)), code::NOT_IDLE);
    }

    #[test]
    fn hangup_without_a_conversation_or_wrapup_time_goes_idle() {
        let mut a = agent(InitialStatus::Idle);
        a.apply(Command::Ring(call()), 0).unwrap();
        assert_eq!(a.apply(Command::Hangup { wrapup: true }, 0), Ok(true));
        assert_eq!(shape(&a), (AgentState::Idle, "hangup", 0));
        a.apply(Command::Dial(call()), 0).unwrap();
        assert_eq!(a.apply(Command::Hangup { wrapup: true }, 0), Ok(true));
        assert_eq!((shape(&a), a.deadline()), ((AgentState::Idle, "hangup", 0), None));
        a.wrapup_ms = 0;
        a.apply(Command::Ring(call()), 0).unwrap();
        a.apply(Command::Answer, 0).unwrap();
        assert_eq!(a.apply(Command::Hangup { wrapup: true }, 0), Ok(true));
        assert_eq!((shape(&a), a.deadline()), ((AgentState::Idle, "hangup", 0), None));
    }

    #[test]
    fn the_status_names_the_call_while_on_it() {
        let mut a = agent(InitialStatus::Idle);
        a.apply(Command::Ring(call()), 0).unwrap();
        let s = a.status();
        assert_eq!((s.call_type, s.unique_id.as_deref()), (Some(1), Some("1718000000.2")));
        assert_eq!(s.main_unique_id.as_deref(), Some("1718000000.1"));
        a.apply(Command::Answer, 0).unwrap();
        assert_eq!(a.status().call_type, Some(1));
        a.apply(Command::Hangup { wrapup: true }, 0).unwrap();
        let s = a.status();
        assert_eq!((s.call_type, s.unique_id, s.main_unique_id), (None, None, None));
        assert!(a.call().is_none());
    }

    #[test]
    fn internal_calls_skip_wrapup() {
        let mut a = agent(InitialStatus::Idle);
        a.apply(Command::Ring(call()), 0).unwrap();
        a.apply(Command::Answer, 0).unwrap();
        assert_eq!(a.apply(Command::Hangup { wrapup: false }, 0), Ok(true));
        assert_eq!((shape(&a), a.deadline()), ((AgentState::Idle, "hangup", 0), None));
    }

    #[test]
    fn idle_since_counts_from_entering_idle() {
        let mut a = agent(InitialStatus::Idle);
        assert_eq!(a.idle_since(), Some(1_000));
        a.apply(Command::Pause(reason(0, "busy")), 2_000).unwrap();
        assert_eq!(a.idle_since(), None);
        a.apply(Command::Unpause, 3_000).unwrap();
        assert_eq!(a.idle_since(), Some(3_000));
        a.apply(Command::UpdateBoundEndpoint(endpoint("8002")), 4_000).unwrap();
        assert_eq!(a.idle_since(), Some(3_000), "staying idle keeps the time");
        assert_eq!(agent(InitialStatus::Wrapup).idle_since(), None);
    }

    #[test]
    fn prolong_wrapup_extends_only_a_running_wrapup() {
        let mut a = agent(InitialStatus::Idle);
        assert_eq!(refused(a.apply(Command::ProlongWrapup(30_000), 0)), code::NOT_IDLE);
        a.apply(Command::Ring(call()), 0).unwrap();
        a.apply(Command::Answer, 0).unwrap();
        a.apply(Command::Hangup { wrapup: true }, 10_000).unwrap();
        assert_eq!(a.deadline(), Some(40_000));
        assert_eq!(a.apply(Command::ProlongWrapup(30_000), 20_000), Ok(false));
        assert_eq!(a.deadline(), Some(70_000));
        assert!(!a.on_timer(40_000));
        assert!(a.on_timer(70_000));
        assert_eq!(a.apply(Command::ProlongWrapup(30_000), 0).unwrap_err().message, "agent not in wrapup");
    }

    #[test]
    fn state_action_names_are_unique() {
        let names: std::collections::HashSet<_> = StateAction::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), StateAction::ALL.len());
    }
}
