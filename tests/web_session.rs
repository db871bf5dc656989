//! The agent session in a real browser against a live gateway: login,
//! agentStatus, pause/unpause, bad parameters, wrong key, takeover, logout.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn login_resolves_and_agent_status_follows() {
    let _turn = exclusive().await;
    setup();
    let login_event = expect_event("loginResp", 5_000);
    let status = expect_event("agentStatus", 5_000);
    let res = login("1001").await;
    assert_eq!(text(&res, "action").as_deref(), Some("loginResp"));
    assert_eq!(text(&res, "message").as_deref(), Some("ok"));
    assert_eq!(text(&res, "tenantId").as_deref(), Some("t1"));
    assert_eq!(text(&res, "agentNo").as_deref(), Some("1001"));
    assert_eq!(num(&res, "bindEndpoint.endpointType"), Some(1.0));
    assert!(get(&res, "token").is_undefined(), "the session token stays inside the SDK");
    let emitted = login_event.wait().await;
    assert_eq!(num(&emitted, "code"), Some(0.0), "the response is also the loginResp event");

    let status = status.wait().await;
    assert_eq!(text(&status, "eventType").as_deref(), Some("agentStatus"));
    assert_eq!(text(&status, "agentNo").as_deref(), Some("1001"));
    assert_eq!(text(&status, "status.state").as_deref(), Some("idle"));
    assert_eq!(text(&status, "status.stateAction").as_deref(), Some("idle"));
    assert_eq!(num(&status, "status.deviceStatus"), Some(0.0));
    assert_eq!(num(&status, "status.initialStatus"), Some(1.0));
    assert_eq!(num(&status, "seq"), Some(1.0));
    logout().await;
}

#[wasm_bindgen_test]
async fn pause_and_unpause_change_state() {
    let _turn = exclusive().await;
    setup();
    // The login's own agentStatus first, so the next one is the change's.
    let logged_in = expect_event("agentStatus", 5_000);
    login("1002").await;
    logged_in.wait().await;
    let busy = expect_event("agentStatus", 5_000);
    let res = settle(AgentSdk::pause(js(r#"{"pauseType":1,"pauseDescription":"MEETING"}"#))).await.unwrap();
    assert_eq!((num(&res, "code"), text(&res, "action")), (Some(0.0), Some("pauseResp".into())));
    let busy = busy.wait().await;
    assert_eq!(text(&busy, "status.state").as_deref(), Some("busy"));
    assert_eq!(text(&busy, "status.pauseDescription").as_deref(), Some("MEETING"));

    let idle = expect_event("agentStatus", 5_000);
    let res = settle(AgentSdk::unpause()).await.unwrap();
    assert_eq!(num(&res, "code"), Some(0.0));
    assert_eq!(text(&idle.wait().await, "status.state").as_deref(), Some("idle"));

    let again = settle(AgentSdk::unpause()).await.unwrap();
    assert_eq!(num(&again, "code"), Some(-1.0), "a server refusal resolves");
    assert_eq!(num(&again, "errorCode"), Some(20007.0));
    assert_eq!(text(&again, "message").as_deref(), Some("already ready"));
    logout().await;
}

#[wasm_bindgen_test]
async fn update_bound_endpoint_is_reflected_in_status() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    login("1003").await;
    // The login's own agentStatus first: a loaded machine may deliver it late.
    events.wait_state("idle").await;
    let params = js(r#"{"bindEndpoint":{"endpointType":2,"endpoint":"8001"}}"#);
    let res = settle(AgentSdk::update_bound_endpoint(params)).await.unwrap();
    assert_eq!(num(&res, "code"), Some(0.0));
    let status = events.wait_nth("agentStatus", 2).await;
    assert_eq!(num(&status, "status.bindEndpoint.endpointType"), Some(2.0));
    assert_eq!(text(&status, "status.bindEndpoint.endpoint").as_deref(), Some("8001"));
    logout().await;
}

#[wasm_bindgen_test]
async fn bad_parameters_reject_naming_field_and_rule() {
    let _turn = exclusive().await;
    setup();
    let busy_without_reason = js(r#"{"tenantId":"t1","agentNo":"1004","sessionKey":"dev-key-1004",
        "bindEndpoint":{"endpointType":1,"endpoint":"1"},"initialStatus":2}"#);
    let err = sdk_error(AgentSdk::login(busy_without_reason)).await;
    assert_eq!(text(&err, "code").as_deref(), Some("INVALID_PARAMS"));
    assert_eq!(text(&err, "details.field").as_deref(), Some("pauseDescription"));
    assert_eq!(
        text(&err, "message").as_deref(),
        Some("login: pauseDescription is required when initialStatus is 2 (busy)")
    );

    let bad_type = js(
        r#"{"tenantId":"t1","agentNo":"1004","sessionKey":"k","bindEndpoint":{"endpointType":9,"endpoint":"1"},"initialStatus":1}"#,
    );
    let err = sdk_error(AgentSdk::login(bad_type)).await;
    assert_eq!(text(&err, "details.field").as_deref(), Some("bindEndpoint.endpointType"));
    let err = sdk_error(AgentSdk::login(JsValue::UNDEFINED)).await;
    assert_eq!(text(&err, "message").as_deref(), Some("login: params must be an object, got undefined"));

    login("1004").await;
    let err = sdk_error(AgentSdk::pause(js(r#"{"pauseType":"1"}"#))).await;
    assert_eq!(text(&err, "message").as_deref(), Some("pause: pauseType must be an integer, got string"));
    let err = sdk_error(AgentSdk::logout(js(r#"{"logoutMode":1,"unbind":1}"#))).await;
    assert_eq!(text(&err, "details.field").as_deref(), Some("unbind"));

    let thrown = AgentSdk::on(JsValue::from_str("agentstatus"), Function::new_no_args("").into()).unwrap_err();
    assert_eq!(text(&thrown, "code").as_deref(), Some("INVALID_PARAMS"));
    let thrown = AgentSdk::setup(js(r#"{"baseURL":"ftp://example"}"#)).unwrap_err();
    assert_eq!(text(&thrown, "details.field").as_deref(), Some("baseURL"));
    logout().await;
}

#[wasm_bindgen_test]
async fn wrong_session_key_resolves_with_the_business_code() {
    let _turn = exclusive().await;
    setup();
    let params = js(r#"{"tenantId":"t1","agentNo":"1005","sessionKey":"not-the-key",
        "bindEndpoint":{"endpointType":1,"endpoint":"1"},"initialStatus":1}"#);
    let res = settle(AgentSdk::login(params)).await.expect("a refusal resolves");
    assert_eq!(num(&res, "code"), Some(-1.0));
    assert_eq!(num(&res, "errorCode"), Some(20002.0));
    let err = sdk_error(AgentSdk::unpause()).await;
    assert_eq!(text(&err, "code").as_deref(), Some("WS_NOT_CONNECTED"));
    login("1005").await;
    logout().await;
}

#[wasm_bindgen_test]
async fn handlers_once_off_and_a_throwing_handler() {
    let _turn = exclusive().await;
    setup();
    let calls = Array::new();
    let record = |tag: &str| -> JsValue {
        Function::new_with_args("calls", &format!("return () => calls.push('{tag}')"))
            .call1(&JsValue::NULL, &calls)
            .unwrap()
    };
    let thrower = Function::new_no_args("throw new Error('handler bug')");
    AgentSdk::on("agentStatus".into(), thrower.into()).unwrap();
    AgentSdk::on("agentStatus".into(), record("on")).unwrap();
    AgentSdk::once("agentStatus".into(), record("once")).unwrap();
    let removed = record("removed");
    AgentSdk::on("pauseResp".into(), removed.clone()).unwrap();
    AgentSdk::off("pauseResp".into(), JsValue::UNDEFINED).unwrap();
    let reported = expect_event("sdkError", 5_000);

    login("1006").await;
    let report = reported.wait().await;
    assert_eq!(text(&report, "code").as_deref(), Some("HANDLER_ERROR"));
    assert!(text(&report, "message").unwrap().contains("handler bug"));

    let next = expect_event("agentStatus", 5_000);
    settle(AgentSdk::pause(js(r#"{"pauseType":1,"pauseDescription":"MEETING"}"#))).await.unwrap();
    next.wait().await;
    sleep(20).await;
    let seen: Vec<String> = calls.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(seen, ["on", "once", "on"], "once fires once, off(name) removed all, the thrower harmed nothing");
    logout().await;
}

#[wasm_bindgen_test]
async fn a_second_login_elsewhere_ends_this_session() {
    let _turn = exclusive().await;
    setup();
    login("1007").await;
    let ended = expect_event("sessionTerminate", 5_000);
    // Another desk (a raw socket here) logs in as the same agent.
    let url = format!("{}/v1/agent/ws", GATEWAY.replacen("http", "ws", 1));
    let other = web_sys::WebSocket::new(&url).unwrap();
    let frame = r#"{"id":1,"action":"login","params":{"tenantId":"t1","agentNo":"1007","sessionKey":"dev-key-1007","bindEndpoint":{"endpointType":1,"endpoint":"1"},"initialStatus":1}}"#;
    let send = Closure::<dyn FnMut()>::new({
        let other = other.clone();
        move || {
            other.send_with_str(frame).unwrap();
        }
    });
    other.set_onopen(Some(send.as_ref().unchecked_ref()));
    let ended = ended.wait().await;
    assert_eq!(text(&ended, "reason").as_deref(), Some("replaced"));
    sleep(100).await;
    let err = sdk_error(AgentSdk::unpause()).await;
    assert_eq!(text(&err, "code").as_deref(), Some("WS_NOT_CONNECTED"), "the old desk does not fight back");
    other.close().unwrap();
    AgentSdk::off(JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
}

#[wasm_bindgen_test]
async fn logout_ends_the_session() {
    let _turn = exclusive().await;
    setup();
    // The login's own agentStatus first, so the next one is the change's.
    let logged_in = expect_event("agentStatus", 5_000);
    login("1008").await;
    logged_in.wait().await;
    let offline = expect_event("agentStatus", 5_000);
    let ended = expect_event("sessionTerminate", 5_000);
    let res = settle(AgentSdk::logout(js(r#"{"logoutMode":1,"unbindEndpoint":0}"#))).await.unwrap();
    assert_eq!((num(&res, "code"), text(&res, "action")), (Some(0.0), Some("logoutResp".into())));
    assert_eq!(text(&offline.wait().await, "status.state").as_deref(), Some("offline"));
    assert_eq!(text(&ended.wait().await, "reason").as_deref(), Some("logout"));
    let err = sdk_error(AgentSdk::unpause()).await;
    assert_eq!(text(&err, "code").as_deref(), Some("WS_NOT_CONNECTED"));
}
