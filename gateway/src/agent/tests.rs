//! The agent state machine on a simulated clock.

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
