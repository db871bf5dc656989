//! The fault-injection suite: the gateway pushes a numbered stream while
//! the test breaks the connection a hundred times, loses responses and
//! stalls the gateway. Asserted on what arrived: every pushed event exactly
//! once and in order, and every operation run exactly once.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENT: &str = "1016";
const DROPS: usize = 100;
/// Pushes at 20 ms intervals: the stream runs through most of the drops.
const STREAM: u32 = 1_500;

/// Pauses or unpauses (alternately, from idle) and checks the response.
async fn toggle_pause(paused: &mut bool) {
    let res = if *paused {
        settle(AgentSdk::unpause()).await
    } else {
        settle(AgentSdk::pause(js(r#"{"pauseType":1,"pauseDescription":"MEETING"}"#))).await
    };
    let res = res.expect("the operation settled with a response");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}", text(&res, "message"));
    *paused = !*paused;
}

#[wasm_bindgen_test]
async fn a_hundred_drops_during_a_numbered_stream_lose_repeat_and_reorder_nothing() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login(AGENT).await;
    events.wait_state("idle").await;
    let runs_before = scenario::requests_run(AGENT).await;
    let stream = scenario::stream(AGENT, STREAM, 20).await;

    let mut paused = false;
    let mut operations = 0.0;
    for drop in 0..DROPS {
        let resumed = events.count("reconnectAttempt", Some(("code", "0")));
        match drop % 10 {
            // The operation runs on the gateway, its response is lost with
            // the connection; the SDK re-sends it after the resume.
            3 => {
                scenario::drop_connection(AGENT, "beforeNextResponse").await;
                toggle_pause(&mut paused).await;
                operations += 1.0;
            }
            // Issued while the SDK is reconnecting: it waits and runs once.
            7 => {
                scenario::drop_connection(AGENT, "now").await;
                events.wait_count("reconnectAttempt", Some(("code", "-1")), drop + 1, 8_000).await;
                toggle_pause(&mut paused).await;
                operations += 1.0;
            }
            _ => scenario::drop_connection(AGENT, "now").await,
        }
        events.wait_count("reconnectAttempt", Some(("code", "0")), resumed + 1, 10_000).await;
    }

    events.wait_count("orderCallBack", None, STREAM as usize, 60_000).await;
    let payloads = events.payloads();
    let seqs: Vec<f64> = payloads.iter().filter_map(|p| num(p, "seq")).collect();
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1.0), "every push once, in order: {seqs:?}");
    let indices: Vec<f64> = payloads
        .iter()
        .filter(|p| text(p, "stream").as_deref() == Some(stream.as_str()))
        .filter_map(|p| num(p, "index"))
        .collect();
    assert_eq!(indices, (0..STREAM).map(f64::from).collect::<Vec<_>>(), "the stream whole and in order");
    assert_eq!(events.count("reconnectAttempt", Some(("code", "0"))), DROPS, "one resume per drop");
    assert_eq!(events.count("sessionTerminate", None), 0);
    assert_eq!(
        scenario::requests_run(AGENT).await - runs_before,
        operations,
        "each operation ran once on the gateway, however often it was sent"
    );
    if paused {
        toggle_pause(&mut paused).await;
    }
    logout().await;
}

#[wasm_bindgen_test]
async fn a_stalled_gateway_is_detected_and_the_session_resumes() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login(AGENT).await;
    events.wait_state("idle").await;
    let stream = scenario::stream(AGENT, 200, 50).await;
    // Longer than the heartbeat's dead-link bound (docs/reliability.md):
    // the SDK must give up on the silent socket and resume on a new one.
    scenario::stall(AGENT, 25_000).await;
    events.wait_count("reconnectAttempt", Some(("code", "0")), 1, 30_000).await;
    events.wait_count("orderCallBack", None, 200, 30_000).await;
    let indices: Vec<f64> = events
        .payloads()
        .iter()
        .filter(|p| text(p, "stream").as_deref() == Some(stream.as_str()))
        .filter_map(|p| num(p, "index"))
        .collect();
    assert_eq!(indices, (0..200).map(f64::from).collect::<Vec<_>>());
    let res = settle(AgentSdk::pause(js(r#"{"pauseType":2,"pauseDescription":"BREAK"}"#))).await.unwrap();
    assert_eq!(num(&res, "code"), Some(0.0));
    events.wait_state("busy").await;
    logout().await;
}
