//! What a page sees before `setup()`: every operation rejects with
//! NOT_INITIALIZED, subscribing already works, and `EventType` is complete.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn operations_before_setup_reject_then_work_after_it() {
    let _turn = exclusive().await;
    for promise in [
        AgentSdk::login(login_params("1010")),
        AgentSdk::logout(js(r#"{"logoutMode":1}"#)),
        AgentSdk::pause(js(r#"{"pauseType":1}"#)),
        AgentSdk::unpause(),
        AgentSdk::update_bound_endpoint(js(r#"{"bindEndpoint":{"endpointType":1,"endpoint":"1"}}"#)),
    ] {
        let err = sdk_error(promise).await;
        assert_eq!(text(&err, "code").as_deref(), Some("NOT_INITIALIZED"));
        assert!(text(&err, "message").unwrap().contains("setup"));
    }
    // Subscribing before setup is allowed and the handler sees later events.
    AgentSdk::on("loginResp".into(), Function::new_no_args("").into()).unwrap();
    let status = expect_event("agentStatus", 5_000);
    setup();
    login("1010").await;
    status.wait().await;
    logout().await;
}

#[wasm_bindgen_test]
fn event_type_has_every_constant_and_is_frozen() {
    let event_type = AgentSdk::event_type();
    assert!(Object::is_frozen(event_type.unchecked_ref::<Object>()));
    for (constant, name) in agent_sdk::protocol::EVENT_TYPES {
        let value = Reflect::get(&event_type, &JsValue::from_str(constant)).unwrap();
        assert_eq!(value.as_string().as_deref(), Some(*name), "{constant}");
    }
    assert_eq!(text(&event_type, "AGENT_STATUS").as_deref(), Some("agentStatus"));
    assert_eq!(text(&event_type, "LOGIN_RESP").as_deref(), Some("loginResp"));
}
