//! The softphone across a broken agent connection: the call is on its own
//! SIP socket and media path, so the agent WebSocket dropping and resuming
//! must not touch it, and audio keeps flowing both ways throughout.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENT: &str = "1018";

/// The agent leg's media counters, from the gateway's view of call `id`.
async fn agent_media(id: &str) -> (f64, f64) {
    let view = scenario::call(id).await;
    let leg = js_sys::Array::from(&get(&view, "legs"))
        .iter()
        .find(|leg| text(leg, "role").as_deref() == Some("agent"))
        .unwrap_or(JsValue::UNDEFINED);
    (num(&leg, "media.voicedFramesReceived").unwrap_or(0.0), num(&leg, "media.packetsSent").unwrap_or(0.0))
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
    let params = js(&format!(
        r#"{{"tenantId":"t1","agentNo":"{AGENT}","sessionKey":"dev-key-{AGENT}",
            "bindEndpoint":{{"endpointType":3,"endpoint":"8{}"}},"initialStatus":1}}"#,
        &AGENT[1..]
    ));
    let res = settle(AgentSdk::login(params)).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0));
    scenario::wait_registered(AGENT).await;

    let id = scenario::inbound("2", "13912340031").await;
    // The INVITE, not the agent state, says the softphone can answer.
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    events.wait_state("talking").await;
    let before = audio_flows_past(&id, (0.0, 0.0)).await;

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
    let params = js(&format!(
        r#"{{"tenantId":"t1","agentNo":"{AGENT}","sessionKey":"dev-key-{AGENT}",
            "bindEndpoint":{{"endpointType":3,"endpoint":"8{}"}},"initialStatus":1}}"#,
        &AGENT[1..]
    ));
    let res = settle(AgentSdk::login(params)).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0));
    scenario::wait_registered(AGENT).await;

    let id = scenario::inbound("2", "13912340032").await;
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    events.wait_state("talking").await;
    let before = audio_flows_past(&id, (0.0, 0.0)).await;

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
