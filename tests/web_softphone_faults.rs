//! The softphone across a broken agent connection: the call is on its own
//! SIP socket and media path, so the agent WebSocket dropping and resuming
//! must not touch it, and audio keeps flowing both ways throughout.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::softphone::{agent_leg, softphone_login};
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENT: &str = "1018";
const EXTENSION: &str = "8018";

/// The agent leg's media counters, from the gateway's view of call `id`.
async fn agent_media(id: &str) -> (f64, f64) {
    let leg = agent_leg(id).await;
    (num(&leg, "media.voicedFramesReceived").unwrap_or(0.0), num(&leg, "media.packetsSent").unwrap_or(0.0))
}

/// Logs the softphone agent in, answers a call from `customer` with
/// `sipLink` and waits for audio both ways; the call's id and counters.
async fn answered_call(events: &Recorder, customer: &str) -> (String, (f64, f64)) {
    softphone_login(AGENT, EXTENSION).await;
    scenario::wait_registered(AGENT).await;
    let id = scenario::inbound("2", customer).await;
    // The INVITE, not the agent state, says the softphone can answer.
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    events.wait_state("talking").await;
    let flowing = audio_flows_past(&id, (0.0, 0.0)).await;
    (id, flowing)
}

/// Waits (at most 10 s) until both counters grew past `after`.
async fn audio_flows_past(id: &str, after: (f64, f64)) -> (f64, f64) {
    for _ in 0..200 {
        let now = agent_media(id).await;
        if now.0 >= after.0 + 10.0 && now.1 >= after.1 + 25.0 {
            return now;
        }
        sleep(50).await;
    }
    panic!("audio stopped: {:?} then {:?}", after, agent_media(id).await);
}

#[wasm_bindgen_test]
async fn a_dropped_agent_connection_leaves_the_softphone_call_and_its_audio_alone() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    let (id, before) = answered_call(&events, "13912340031").await;

    for _ in 0..3 {
        let resumed = events.count("reconnectAttempt", Some(("code", "0")));
        scenario::drop_connection(AGENT, "now").await;
        events.wait_count("reconnectAttempt", Some(("code", "0")), resumed + 1, 10_000).await;
    }
    let after = audio_flows_past(&id, before).await;
    assert!(after.0 > before.0, "the gateway kept hearing the agent");
    assert_eq!(text(&scenario::call(&id).await, "state").as_deref(), Some("talking"));
    assert_eq!(events.count("sipSessionTerminate", None), 0, "the call was not touched");
    assert_eq!(events.count("sipDisconnected", None), 0, "nor the SIP socket");

    scenario::act(&id, "hangup", "customer").await;
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn a_broken_sip_socket_reregisters_and_the_call_goes_on_in_the_same_dialog() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    let (id, before) = answered_call(&events, "13912340032").await;

    scenario::drop_connection(AGENT, "sip").await;
    let told = events.wait("sipDisconnected").await;
    assert!(text(&told, "reason").is_some_and(|r| r.contains("reconnecting")), "{:?}", text(&told, "reason"));
    scenario::wait_registered(AGENT).await;
    let after = audio_flows_past(&id, before).await;
    assert!(after.0 > before.0);
    assert_eq!(text(&scenario::call(&id).await, "state").as_deref(), Some("talking"));
    assert_eq!(events.count("sipSessionTerminate", None), 0, "the call outlived its socket");

    // The hang-up is a BYE in the original dialog, on the new socket.
    settle(AgentSdk::sip_unlink()).await.expect("sipUnlink resolves");
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    let ended = scenario::call(&id).await;
    assert_eq!(text(&ended, "endReason").as_deref(), Some("agentHangup"), "{:?}", js_sys::JSON::stringify(&ended));
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}
