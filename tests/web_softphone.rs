//! The softphone in Chromium with fake media against the gateway's SIP
//! endpoint and media peer: register, ring, answer with `sipLink`, two-way
//! audio proven by the gateway's decoded-audio measurement and the
//! browser's `inbound-rtp` statistics, hang-ups both
//! ways, and answering by itself a call the agent placed.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::softphone::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn an_inbound_call_rings_is_answered_carries_audio_and_ends() {
    let _turn = exclusive().await;
    setup();
    watch_peer_connections();
    let events = Recorder::start();
    let res = softphone_login("1019", "8019").await;
    assert!(text(&res, "webrtcSocketUrl").is_some_and(|u| u.ends_with("/v1/sip/ws")));
    assert!(text(&res, "sipPwd").is_some() && text(&res, "sipIp").is_some());
    scenario::wait_registered("1019").await;

    let id = scenario::inbound("2", "13912340020").await;
    let init = events.wait("sipSessionInit").await;
    assert_eq!(text(&init, "direction").as_deref(), Some("inbound"));
    events.wait_state("ringing").await;
    let linked = settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    assert_eq!((num(&linked, "code"), text(&linked, "action")), (Some(0.0), Some("sipLinkResp".into())));
    events.wait_state("talking").await;

    let leg = two_way_audio(&id).await;
    assert!(num(&leg, "media.packetsReceived").unwrap_or(0.0) > 0.0);
    browser_hears().await;

    scenario::act(&id, "hangup", "customer").await;
    let ended = events.wait("sipSessionTerminate").await;
    assert!(text(&ended, "reason").is_some_and(|r| r.starts_with("remote")), "{:?}", text(&ended, "reason"));
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn sip_unlink_hangs_up_and_declines() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    softphone_login("1019", "8019").await;
    scenario::wait_registered("1019").await;

    let id = scenario::inbound("2", "13912340021").await;
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.unwrap();
    events.wait_state("talking").await;
    two_way_audio(&id).await;
    settle(AgentSdk::sip_unlink()).await.expect("sipUnlink resolves");
    let ended = events.wait("sipSessionTerminate").await;
    assert!(text(&ended, "reason").is_some_and(|r| r.starts_with("local")));
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    events.wait_state("idle").await;

    // Declined while ringing: the call goes back to its queue.
    let id = scenario::inbound("2", "13912340022").await;
    events.wait_nth("sipSessionInit", 2).await;
    settle(AgentSdk::sip_unlink()).await.unwrap();
    events.wait_nth("sipSessionTerminate", 2).await;
    events.wait_state("idle").await;
    scenario::act(&id, "hangup", "customer").await;
    let err = sdk_error(AgentSdk::sip_link()).await;
    assert_eq!(text(&err, "code").as_deref(), Some("SIP_NOT_AVAILABLE"));
    logout().await;
}

#[wasm_bindgen_test]
async fn a_preview_call_the_agent_placed_is_answered_by_itself() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    softphone_login("1019", "8019").await;
    scenario::wait_registered("1019").await;
    settle(AgentSdk::preview_ob_call(js(r#"{"customerNumber":"13800138009"}"#))).await.unwrap();
    let init = events.wait("sipSessionInit").await;
    assert_eq!(text(&init, "direction").as_deref(), Some("outbound"));
    let start = events.wait("previewObCallStart").await;
    let id = text(&start, "mainUniqueId").unwrap();
    assert!(!events.names().iter().any(|n| n == "sipLinkResp"), "nobody called sipLink");
    scenario::act(&id, "answer", "customer").await;
    events.wait("previewObCallBridge").await;
    two_way_audio(&id).await;
    settle(AgentSdk::unlink(Some(js(r#"{"side":1}"#)))).await.unwrap();
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn softphone_operations_without_a_softphone_are_refused() {
    let _turn = exclusive().await;
    setup();
    login("1018").await;
    for promise in [AgentSdk::sip_link(), AgentSdk::sip_unlink()] {
        let err = sdk_error(promise).await;
        assert_eq!(text(&err, "code").as_deref(), Some("SIP_NOT_AVAILABLE"));
    }
    logout().await;
}
