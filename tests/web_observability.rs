//! `setup({ observability: true })` against the gateway: the SDK's own
//! errors and notable events reach the gateway's observability endpoint in
//! batches, authenticated by the session, with no secret in them.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

const AGENT: &str = "1015";

/// The records the gateway kept from `AGENT`, as JSON text each.
async fn uploaded() -> Vec<String> {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    let url = format!("{}/v1/scenario/observability", gateway());
    let promise: Promise = fetch.call1(&JsValue::NULL, &url.into()).unwrap().unchecked_into();
    let list = settle(promise).await.expect("the kept records");
    js_sys::Array::from(&get(&list, "records"))
        .iter()
        .filter(|r| text(r, "agentNo").as_deref() == Some(AGENT))
        .filter_map(|r| js_sys::JSON::stringify(&get(&r, "record")).ok().and_then(|s| s.as_string()))
        .collect()
}

#[wasm_bindgen_test]
async fn errors_and_reconnects_are_uploaded_in_batches_without_secrets() {
    let _turn = exclusive().await;
    setup();
    let config = format!(r#"{{"baseURL":"{}","observability":true}}"#, gateway());
    AgentSdk::setup(js(&config)).expect("setup");
    let events = Recorder::start();
    login(AGENT).await;
    events.wait_state("idle").await;

    // A desk handler that throws is the SDK's to report (HANDLER_ERROR) ...
    let throwing = Function::new_no_args("throw new Error('desk bug')");
    AgentSdk::on(JsValue::from_str("agentStatus"), throwing.clone().into()).unwrap();
    settle(AgentSdk::pause(js(r#"{"pauseType":1,"pauseDescription":"MEETING"}"#))).await.unwrap();
    events.wait("sdkError").await;
    AgentSdk::off(JsValue::from_str("agentStatus"), throwing.into()).unwrap();
    // ... and so is a reconnect.
    scenario::drop_connection(AGENT, "now").await;
    events.wait_where("reconnectAttempt", "code", "0").await;

    // One batch per 5 s at most: wait for it (bounded).
    let mut records = vec![];
    for _ in 0..300 {
        records = uploaded().await;
        let has = |needle: &str| records.iter().any(|r| r.contains(needle));
        if has(r#""name":"sdkError""#) && has(r#""name":"reconnectAttempt""#) {
            break;
        }
        sleep(50).await;
    }
    let error = records.iter().find(|r| r.contains(r#""name":"sdkError""#)).expect("the sdkError was uploaded");
    assert!(error.contains(r#""kind":"error""#) && error.contains("HANDLER_ERROR"), "{error}");
    assert!(records.iter().any(|r| r.contains(r#""kind":"event""#) && r.contains("reconnectAttempt")), "{records:?}");
    assert!(!records.iter().any(|r| r.contains(r#""name":"agentStatus""#)), "ordinary events stay in the page");
    assert!(!records.iter().any(|r| r.contains(&format!("dev-key-{AGENT}"))), "{records:?}");

    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
    setup();
}
