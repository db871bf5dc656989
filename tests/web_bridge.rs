//! The conference bridge behind a softphone call, in Chromium with fake
//! media: the call's matrix, set through the scenario interface as the
//! supervisor's monitoring modes will set it, reaches real audio. Proved on
//! the gateway's per-source counters of what each party was delivered.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Frames enough that a direction still flowing is not a fluke (half a
/// second of audio).
const FRAMES: f64 = 25.0;

/// Frames the bridge sends at most after a matrix change that were mixed
/// before it (the queue to a leg's media peer).
const IN_FLIGHT: f64 = 5.0;

async fn softphone_login(agent: &str, extension: &str) {
    let params = js(&format!(
        r#"{{"tenantId":"t1","agentNo":"{agent}","sessionKey":"dev-key-{agent}",
            "bindEndpoint":{{"endpointType":3,"endpoint":"{extension}"}},"initialStatus":1}}"#
    ));
    let res = settle(AgentSdk::login(params)).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}", text(&res, "message"));
}

/// The leg of call `view` with `role`.
fn leg(view: &JsValue, role: &str) -> JsValue {
    js_sys::Array::from(&get(view, "legs"))
        .iter()
        .find(|leg| text(leg, "role").as_deref() == Some(role))
        .unwrap_or(JsValue::UNDEFINED)
}

/// The call's (customer, agent) legs' uniqueIds.
fn parties(view: &JsValue) -> (String, String) {
    let id = |role| text(&leg(view, role), "uniqueId").unwrap_or_else(|| panic!("no {role} leg"));
    (id("customer"), id("agent"))
}

/// The counts of frames the leg with `role` was delivered with `source`
/// in them (uniqueIds have dots, so not through `get`'s dotted paths).
fn from(view: &JsValue, role: &str, source: &str) -> JsValue {
    let heard = get(&leg(view, role), "media.heard");
    js_sys::Reflect::get(&heard, &source.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Frames the leg with `role` was delivered with `source` in them.
fn heard(view: &JsValue, role: &str, source: &str) -> f64 {
    num(&from(view, role, source), "frames").unwrap_or(0.0)
}

/// Voiced ones among them.
fn heard_voiced(view: &JsValue, role: &str, source: &str) -> f64 {
    num(&from(view, role, source), "voicedFrames").unwrap_or(0.0)
}

fn show(view: &JsValue) -> String {
    js_sys::JSON::stringify(view).map(String::from).unwrap_or_default()
}

/// The matrix in the view, as `listener>source` strings, sorted.
fn matrix(view: &JsValue) -> Vec<String> {
    let mut pairs: Vec<String> = js_sys::Array::from(&get(view, "audio.matrix"))
        .iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            format!("{}>{}", pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default())
        })
        .collect();
    pairs.sort();
    pairs
}

#[wasm_bindgen_test]
async fn the_calls_matrix_decides_who_hears_whom_on_real_audio() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    softphone_login("1019", "8019").await;
    scenario::wait_registered("1019").await;
    let id = scenario::inbound("2", "13912340030").await;
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.expect("sipLink resolves");
    events.wait_state("talking").await;

    // The default: the customer's tone reaches the agent, the agent's
    // microphone reaches the customer.
    let view = scenario::call_until(&id, "both hear each other", |v| {
        let (customer, agent) = parties(v);
        heard_voiced(v, "agent", &customer) >= FRAMES && heard_voiced(v, "customer", &agent) >= 1.0
    })
    .await;
    let (customer, agent) = parties(&view);
    let mut everyone = vec![format!("{agent}>{customer}"), format!("{customer}>{agent}")];
    everyone.sort();
    assert_eq!(matrix(&view), everyone);
    assert!(heard(&view, "agent", &agent) == 0.0 && heard(&view, "customer", &customer) == 0.0, "{}", show(&view));

    // The agent no longer hears the customer; the customer still hears
    // the agent.
    let deaf = format!(r#"[["{customer}","{agent}"]]"#);
    let view = scenario::set_matrix(&id, &deaf).await.expect("the matrix is taken");
    assert_eq!(matrix(&view), vec![format!("{customer}>{agent}")]);
    let before = heard(&view, "agent", &customer);
    let customer_before = heard(&view, "customer", &agent);
    let view = scenario::call_until(&id, "the customer goes on hearing the agent", |v| {
        heard(v, "customer", &agent) >= customer_before + FRAMES
    })
    .await;
    let after = heard(&view, "agent", &customer);
    assert!(after <= before + IN_FLIGHT, "the agent still hears the customer: {before} then {after}; {}", show(&view));

    // And back to the default: the agent hears the customer again.
    let view = scenario::set_matrix(&id, "null").await.expect("the default is taken");
    assert_eq!(matrix(&view).len(), 2);
    let before = heard_voiced(&view, "agent", &customer);
    scenario::call_until(&id, "the agent hears the customer again", |v| {
        heard_voiced(v, "agent", &customer) >= before + FRAMES
    })
    .await;

    // A matrix naming someone not in the call is refused, naming the rule.
    let err = scenario::set_matrix(&id, r#"[["nobody","x"]]"#).await.expect_err("refused");
    assert!(err.starts_with("400 matrix: 'nobody' is not a leg"), "{err}");
    let err = scenario::set_matrix("1.1", "null").await.expect_err("refused");
    assert!(err.starts_with("404"), "{err}");

    scenario::act(&id, "hangup", "customer").await;
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    let view = scenario::call(&id).await;
    assert!(get(&view, "audio").is_undefined(), "the call ended: no bridge; {}", show(&view));
    assert!(heard(&view, "agent", &customer) > 0.0, "the counters stay, frozen");
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}
