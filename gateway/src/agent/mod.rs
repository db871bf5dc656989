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
    /// A supervisor paused the agent (`setPause`).
    ForcePause,
    /// A supervisor unpaused the agent (`setUnpause`).
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
    /// A supervisor forced the agent offline.
    ForceOffline,
    /// A supervisor forced the agent online (`setOnline`).
    ForceOnline,
}

impl StateAction {
    /// Every value, in the order of docs/state-machine.md.
    pub const ALL: [StateAction; 15] = [
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
        Self::ForceOnline,
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
            Self::ForceOnline => "forceOnline",
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
    /// A supervisor's `setPause`, with the tenant's default busy reason.
    ForcePause(PauseReason),
    /// A supervisor's `setUnpause`.
    ForceUnpause,
    /// A supervisor's `setOffline`: offline whatever the state (the
    /// agent's calls are released first); optionally unbinding.
    ForceOffline {
        /// `unbindEndpoint: 1`.
        unbind: bool,
    },
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
    since: u64,
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
            since: now_ms,
            call: None,
        }
    }

    /// The agent a supervisor's `setOnline` brought online at `now_ms`:
    /// idle on `login`'s endpoint, without a desk of its own.
    pub fn forced_online(login: Login, now_ms: u64) -> Self {
        let mut agent = Self::login(Login { initial: InitialStatus::Idle, ..login }, now_ms);
        agent.action = StateAction::ForceOnline;
        agent
    }

    /// When the agent entered its current state (gateway ms).
    pub fn since_ms(&self) -> u64 {
        self.since
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
            Command::ForcePause(reason) => {
                if self.on_call() {
                    return Err(Refusal::not_idle());
                }
                if self.state == S::Busy {
                    return Err(Refusal::already_paused());
                }
                self.pause = Some(reason);
                self.enter(S::Busy, StateAction::ForcePause, DeviceStatus::Idle, now_ms);
            }
            Command::ForceUnpause => match self.state {
                S::Idle => return Err(Refusal::already_ready()),
                S::Busy | S::Wrapup => self.enter(S::Idle, StateAction::ForceUnpause, DeviceStatus::Idle, now_ms),
                _ => return Err(Refusal::not_idle()),
            },
            Command::ForceOffline { unbind } => {
                if unbind {
                    self.endpoint = None;
                }
                self.enter(S::Offline, StateAction::ForceOffline, DeviceStatus::Idle, now_ms);
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
        if state != self.state {
            self.since = now_ms;
        }
        self.state = state;
        self.action = action;
        self.device = device;
    }
}

#[cfg(test)]
mod tests;
