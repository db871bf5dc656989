//! The audio of the supervisor's monitoring modes, on real media: the
//! supervisor's softphone in Chromium (fake microphone) monitors an agent's
//! call, and the gateway's conference bridge counts, per party, the frames
//! it delivered with each source in them. Spy: the supervisor hears agent
//! and customer and nobody hears the supervisor; whisper: the agent hears
//! the supervisor, the customer still does not; barge and three-way: all
//! hear all.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENT: &str = "1014";
/// Half a second of audio: a direction that carries this much is flowing.
const FRAMES: f64 = 25.0;

async fn ok(promise: js_sys::Promise) -> JsValue {
    let res = settle(promise).await.expect("resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}: {:?}", text(&res, "action"), text(&res, "message"));
    res
}

fn target() -> JsValue {
    js(&format!(r#"{{"agentNo":"{AGENT}"}}"#))
}

fn leg(view: &JsValue, role: &str) -> JsValue {
    js_sys::Array::from(&get(view, "legs"))
        .iter()
        .find(|leg| text(leg, "role").as_deref() == Some(role))
        .unwrap_or(JsValue::UNDEFINED)
}

fn unique_id(view: &JsValue, role: &str) -> String {
    text(&leg(view, role), "uniqueId").unwrap_or_else(|| panic!("no {role} leg"))
}

/// Voiced frames the party with `role` was delivered with `source` (a
/// uniqueId) in them. uniqueIds have dots, hence no dotted path.
fn heard(view: &JsValue, role: &str, source: &str) -> f64 {
    let heard = get(&leg(view, role), "media.heard");
    let from = js_sys::Reflect::get(&heard, &source.into()).unwrap_or(JsValue::UNDEFINED);
    num(&from, "voicedFrames").unwrap_or(0.0)
}

#[wasm_bindgen_test]
async fn each_monitoring_mode_routes_the_audio_it_promises() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    ok(AgentSdk::login(js(r#"{"tenantId":"t1","agentNo":"0000","sessionKey":"dev-key-0000",
        "bindEndpoint":{"endpointType":3,"endpoint":"8090"},"initialStatus":2,"pauseDescription":"busy"}"#)))
    .await;
    scenario::wait_registered("0000").await;

    // The agent's desk is a second, raw session; its phone is emulated by
    // the gateway and plays a tone of its own, as the customer does.
    let desk = raw_login(AGENT).await;
    let id = scenario::inbound("2", "13912340141").await;
    scenario::call_until(&id, "the call offered to the agent", |v| text(v, "agentNo").as_deref() == Some(AGENT)).await;
    scenario::act(&id, "answer", "agent").await;

    ok(AgentSdk::spy(target())).await;
    events.wait("spyLink").await;
    let view = scenario::call_until(&id, "a monitoring leg", |v| text(&leg(v, "monitor"), "uniqueId").is_some()).await;
    let (customer, agent, supervisor) =
        (unique_id(&view, "customer"), unique_id(&view, "agent"), unique_id(&view, "monitor"));

    // Spy: the supervisor hears both; the supervisor's microphone reaches
    // the gateway, and yet neither party is delivered any of it.
    let view = scenario::call_until(&id, "spy: the supervisor hears agent and customer", |v| {
        heard(v, "monitor", &customer) >= FRAMES
            && heard(v, "monitor", &agent) >= FRAMES
            && num(&leg(v, "monitor"), "media.voicedFramesReceived").unwrap_or(0.0) >= FRAMES
    })
    .await;
    assert_eq!((heard(&view, "customer", &supervisor), heard(&view, "agent", &supervisor)), (0.0, 0.0));
    assert!(heard(&view, "customer", &agent) >= FRAMES && heard(&view, "agent", &customer) >= FRAMES);

    // Whisper: the agent hears the supervisor; the customer still does not.
    ok(AgentSdk::whisper(target())).await;
    events.wait("whisperLink").await;
    let view = scenario::call_until(&id, "whisper: the agent hears the supervisor", |v| {
        heard(v, "agent", &supervisor) >= FRAMES
    })
    .await;
    assert_eq!(heard(&view, "customer", &supervisor), 0.0, "the customer never hears a whisper");
    let before = heard(&view, "monitor", &customer);
    scenario::call_until(&id, "whisper: the supervisor still hears the customer", |v| {
        heard(v, "monitor", &customer) >= before + FRAMES
    })
    .await;

    // Barge: everyone hears everyone.
    ok(AgentSdk::barge(target())).await;
    events.wait("bargeLink").await;
    let view = scenario::call_until(&id, "barge: the customer hears the supervisor", |v| {
        heard(v, "customer", &supervisor) >= FRAMES
    })
    .await;
    let (agent_hears, monitor_hears) = (heard(&view, "agent", &supervisor), heard(&view, "monitor", &agent));

    // Three-way: still everyone.
    ok(AgentSdk::perform_threeway(target())).await;
    events.wait("threewayLink").await;
    let at = heard(&view, "customer", &supervisor);
    scenario::call_until(&id, "three-way: all hear all", |v| {
        heard(v, "customer", &supervisor) >= at + FRAMES
            && heard(v, "agent", &supervisor) >= agent_hears + FRAMES
            && heard(v, "monitor", &agent) >= monitor_hears + FRAMES
    })
    .await;

    ok(AgentSdk::cancel_threeway(target())).await;
    events.wait("threewayUnlink").await;
    scenario::act(&id, "hangup", "customer").await;
    raw_logout(desk).await;
    logout().await;
}
