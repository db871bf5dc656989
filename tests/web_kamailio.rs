//! The softphone in Chromium through Kamailio (docs/kamailio.md): a gateway
//! configured with `sipProxy` hands out Kamailio's WebSocket, the SDK
//! registers there (digest against Kamailio's htable), and the gateway's
//! INVITEs, CANCELs and BYEs reach the browser through Kamailio. Two-way
//! audio is proven by the gateway's decoded-audio measurement and by the
//! browser's `inbound-rtp` statistics. Endpoints 80xx register with a GRUU
//! (the SDK then uses it as its dialog Contact); Kamailio gives 88xx none,
//! so their dialogs take the `.invalid` Contact and alias path.
//!
//! scripts/test-browser.sh starts Kamailio and this second gateway, and
//! sets `AGENT_GATEWAY_KAMAILIO_URL`.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::softphone::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The gateway whose softphones go through Kamailio.
const KAMAILIO_GATEWAY: &str = match option_env!("AGENT_GATEWAY_KAMAILIO_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18081",
};

/// Takes this binary's turn with the SDK, against the Kamailio gateway.
async fn turn() -> Turn {
    use_gateway(KAMAILIO_GATEWAY);
    let turn = exclusive().await;
    setup();
    watch_peer_connections();
    turn
}

/// A customer calls queue 2; the softphone rings and is answered with
/// `sipLink`; audio flows both ways. Returns the call's mainUniqueId.
async fn answered_inbound(events: &Recorder, customer: &str, nth: usize) -> String {
    let id = scenario::inbound("2", customer).await;
    let init = events.wait_nth("sipSessionInit", nth).await;
    assert_eq!(text(&init, "direction").as_deref(), Some("inbound"));
    events.wait_state("ringing").await;
    let linked = settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    assert_eq!((num(&linked, "code"), text(&linked, "action")), (Some(0.0), Some("sipLinkResp".into())));
    events.wait_state("talking").await;
    let leg = two_way_audio(&id).await;
    assert!(num(&leg, "media.packetsReceived").unwrap_or(0.0) > 0.0);
    browser_hears().await;
    id
}

/// Registers `agent` on `extension` through Kamailio, then takes two calls:
/// the customer hangs up the first (the gateway's BYE goes to the
/// softphone through Kamailio), the agent the second (`sipUnlink`: the
/// softphone's BYE goes to the gateway through Kamailio).
async fn two_calls_through_kamailio(agent: &str, extension: &str, customers: [&str; 2]) {
    let events = Recorder::start();
    let res = softphone_login(agent, extension).await;
    let url = text(&res, "webrtcSocketUrl").unwrap_or_default();
    assert!(url.starts_with("ws://") && !url.ends_with("/v1/sip/ws"), "Kamailio's WebSocket, got {url}");
    assert_eq!(text(&res, "sipIp").as_deref(), Some("127.0.0.1"));
    assert!(text(&res, "sipPwd").is_some_and(|p| !p.is_empty()));
    scenario::wait_registered(agent).await;

    let id = answered_inbound(&events, customers[0], 1).await;
    scenario::act(&id, "hangup", "customer").await;
    let ended = events.wait("sipSessionTerminate").await;
    assert!(text(&ended, "reason").is_some_and(|r| r.starts_with("remote")), "{:?}", text(&ended, "reason"));
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    events.wait_state("idle").await;

    answered_inbound(&events, customers[1], 2).await;
    settle(AgentSdk::sip_unlink()).await.expect("sipUnlink resolves");
    let ended = events.wait_nth("sipSessionTerminate", 2).await;
    assert!(text(&ended, "reason").is_some_and(|r| r.starts_with("local")), "{:?}", text(&ended, "reason"));
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn with_a_gruu_calls_ring_carry_audio_and_end_both_ways() {
    let _turn = turn().await;
    two_calls_through_kamailio("1019", "8019", ["13912340030", "13912340031"]).await;
}

#[wasm_bindgen_test]
async fn without_a_gruu_calls_ring_carry_audio_and_end_both_ways() {
    let _turn = turn().await;
    two_calls_through_kamailio("1018", "8818", ["13912340032", "13912340033"]).await;
}

#[wasm_bindgen_test]
async fn a_call_the_customer_abandons_while_ringing_is_cancelled() {
    let _turn = turn().await;
    let events = Recorder::start();
    softphone_login("1019", "8819").await;
    scenario::wait_registered("1019").await;
    let id = scenario::inbound("2", "13912340034").await;
    events.wait("sipSessionInit").await;
    events.wait_state("ringing").await;
    // The gateway's CANCEL reaches the softphone through Kamailio.
    scenario::act(&id, "hangup", "customer").await;
    let ended = events.wait("sipSessionTerminate").await;
    assert_eq!(text(&ended, "reason").as_deref(), Some("cancelled"));
    events.wait_state("idle").await;
    let err = sdk_error(AgentSdk::sip_link()).await;
    assert_eq!(text(&err, "code").as_deref(), Some("SIP_NOT_AVAILABLE"));
    logout().await;
}

#[wasm_bindgen_test]
async fn a_preview_call_the_agent_placed_is_answered_by_itself() {
    let _turn = turn().await;
    let events = Recorder::start();
    softphone_login("1019", "8019").await;
    scenario::wait_registered("1019").await;
    settle(AgentSdk::preview_ob_call(js(r#"{"customerNumber":"13800138019"}"#))).await.unwrap();
    let init = events.wait("sipSessionInit").await;
    assert_eq!(text(&init, "direction").as_deref(), Some("outbound"));
    let start = events.wait("previewObCallStart").await;
    let id = text(&start, "mainUniqueId").unwrap();
    assert!(!events.names().iter().any(|n| n == "sipLinkResp"), "nobody called sipLink");
    scenario::act(&id, "answer", "customer").await;
    events.wait("previewObCallBridge").await;
    two_way_audio(&id).await;
    browser_hears().await;
    settle(AgentSdk::unlink(Some(js(r#"{"side":1}"#)))).await.unwrap();
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn a_softphone_without_an_account_on_kamailio_cannot_log_in() {
    let _turn = turn().await;
    let res = settle(AgentSdk::login(softphone_params("1019", "7777"))).await.expect("login resolves");
    assert_eq!(num(&res, "errorCode"), Some(20000.0));
    assert_ne!(num(&res, "code"), Some(0.0));
    assert!(text(&res, "message").is_some_and(|m| m.contains("bindEndpoint.endpoint")), "{:?}", text(&res, "message"));
}

#[wasm_bindgen_test]
async fn a_softphone_that_never_registered_is_not_reported_registered() {
    let _turn = turn().await;
    // A desk without the SDK: logged in on softphone 8005, which never
    // registers. Kamailio answers the gateway's probe with 404.
    let desk = raw_login_on("1017", 3, "8005").await;
    let view = scenario::agent("1017").await;
    assert_eq!(get(&view, "loggedIn").as_bool(), Some(true));
    assert_eq!(get(&view, "softphoneRegistered").as_bool(), Some(false));
    raw_logout(desk).await;
}
