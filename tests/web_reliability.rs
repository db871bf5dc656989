//! Faults injected through the gateway's scenario interface: the agent's
//! connection breaks, and the SDK must reconnect, resume, lose no event,
//! deliver none twice, and run no operation twice.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The `seq` of every pushed event recorded, in delivery order.
fn pushed_seqs(events: &Recorder) -> Vec<f64> {
    events.payloads().iter().filter_map(|p| num(p, "seq")).collect()
}

#[wasm_bindgen_test]
async fn events_pushed_while_disconnected_arrive_once_in_order() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login("1013").await;
    events.wait_state("idle").await;

    scenario::drop_connection("1013", "now").await;
    // The gateway keeps the session; these pushes wait in its replay buffer.
    let id = scenario::inbound("2", "13912340010").await;

    let back = events.wait("reconnectAttempt").await;
    assert_eq!(num(&back, "code"), Some(-1.0), "the first report is an attempt");
    assert_eq!(num(&back, "maxAttempts"), Some(20.0));
    let ringing = events.wait("ringing").await;
    assert_eq!(text(&ringing, "mainUniqueId").as_deref(), Some(id.as_str()));
    let resumed = events.wait_where("reconnectAttempt", "code", "0").await;
    assert!(num(&resumed, "sinceFirstAttemptMs").is_some_and(|ms| ms >= 0.0));

    let seqs = pushed_seqs(&events);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1.0), "no gap, no repeat, no reordering: {seqs:?}");
    assert_eq!(events.names().iter().filter(|n| *n == "ringing").count(), 1);

    scenario::act(&id, "hangup", "customer").await;
    events.wait_state("idle").await;
    logout().await;
}

#[wasm_bindgen_test]
async fn an_operation_whose_response_was_lost_runs_once() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login("1014").await;
    events.wait_state("idle").await;

    scenario::drop_connection("1014", "beforeNextResponse").await;
    let res = settle(AgentSdk::pause(js(r#"{"pauseType":1,"pauseDescription":"MEETING"}"#))).await.unwrap();
    // Run twice, the second run would answer 20007 "already paused".
    assert_eq!(
        num(&res, "code"),
        Some(0.0),
        "the re-sent request got the first run's response: {:?}",
        text(&res, "message")
    );
    events.wait_where("reconnectAttempt", "code", "0").await;
    events.wait_state("busy").await;
    let busy = events.payloads().iter().filter(|p| text(p, "status.state").as_deref() == Some("busy")).count();
    assert_eq!(busy, 1, "one state change, delivered once");
    let seqs = pushed_seqs(&events);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1.0), "{seqs:?}");
    logout().await;
}

#[wasm_bindgen_test]
async fn operations_called_while_reconnecting_wait_and_run() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login("1014").await;
    events.wait_state("idle").await;
    scenario::drop_connection("1014", "now").await;
    events.wait("reconnectAttempt").await;
    let res = settle(AgentSdk::pause(js(r#"{"pauseType":2,"pauseDescription":"BREAK"}"#))).await.unwrap();
    assert_eq!(num(&res, "code"), Some(0.0));
    events.wait_state("busy").await;
    logout().await;
}
