//! Supervisor operations and events in a real browser against the live
//! gateway: the SDK is signed in as supervisor 0000 (busy, so queue calls
//! go to the agents), the agents are second desks on raw WebSockets, and
//! customers are played through the scenario interface.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Logs supervisor 0000 in busy, watching queue 2.
async fn supervisor_login() {
    let params = js(r#"{"tenantId":"t1","agentNo":"0000","sessionKey":"dev-key-0000",
        "bindEndpoint":{"endpointType":2,"endpoint":"8003"},"initialStatus":2,"pauseDescription":"busy",
        "qids":"t1-2"}"#);
    let res = settle(AgentSdk::login(params)).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}", text(&res, "message"));
}

async fn ok(promise: js_sys::Promise) -> JsValue {
    let res = settle(promise).await.expect("resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}: {:?}", text(&res, "action"), text(&res, "message"));
    res
}

fn target(agent: &str) -> JsValue {
    js(&format!(r#"{{"agentNo":"{agent}"}}"#))
}

/// Agent `agent` (a second desk) takes a queue-2 call; returns its id.
async fn agent_talking(agent: &str, customer: &str) -> (web_sys::WebSocket, String) {
    let desk = raw_login(agent).await;
    let id = scenario::inbound("2", customer).await;
    for _ in 0..200 {
        let view = scenario::call(&id).await;
        if text(&view, "agentNo").as_deref() == Some(agent) {
            break;
        }
        sleep(20).await;
    }
    scenario::act(&id, "answer", "agent").await;
    (desk, id)
}

/// The common fields of a monitoring event.
fn assert_monitor_event(event: &JsValue, target_field: &str, agent: &str) {
    assert_eq!(text(event, "tenantId").as_deref(), Some("t1"));
    assert_eq!(text(event, "agentNo").as_deref(), Some("0000"));
    assert_eq!(text(event, target_field).as_deref(), Some(agent), "{target_field}");
    assert_eq!((text(event, "initiator").as_deref(), num(event, "initiatorType")), (Some("8003"), Some(2.0)));
}

#[wasm_bindgen_test]
async fn a_supervisor_spies_whispers_barges_joins_and_disconnects() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    supervisor_login().await;
    let first = events.wait("queueStatus").await;
    assert!(!get(&first, "queueStatus.2.agentStatuses").is_undefined(), "the watched queue, all sections");
    let (desk, id) = agent_talking("1011", "13912340101").await;

    ok(AgentSdk::spy(target("1011"))).await;
    let result = events.wait("spyResult").await;
    assert_monitor_event(&result, "spiedCno", "1011");
    assert_eq!((text(&result, "uniqueId"), text(&result, "result").as_deref()), (Some(id.clone()), Some("success")));
    let link = events.wait("spyLink").await;
    assert_monitor_event(&link, "spiedCno", "1011");
    assert_eq!(text(&link, "result").as_deref(), Some("success"));
    let channel = text(&link, "channel").expect("channel");
    let view = scenario::call(&id).await;
    let monitor =
        js_sys::Array::from(&get(&view, "legs")).iter().find(|l| text(l, "role").as_deref() == Some("monitor"));
    let monitor = monitor.expect("a monitoring leg");
    assert_eq!(text(&monitor, "channel"), Some(channel));
    assert_eq!(text(&monitor, "monitor").as_deref(), Some("spy"));

    let transcript = events.wait_where("transcript", "sentenceType", "sentenceEnd").await;
    assert_eq!(text(&transcript, "mainUniqueId"), Some(id.clone()));
    assert_eq!(num(&transcript, "finished"), Some(1.0));
    // The script alternates: agent (1) on even sentences, customer (2) on odd.
    let index = num(&transcript, "sentenceIndex").expect("sentenceIndex");
    assert_eq!(num(&transcript, "role"), Some(if index % 2.0 == 0.0 { 1.0 } else { 2.0 }));
    for field in ["transcriptTime", "beginTime", "endTime", "sentenceBeginTimestamp", "sentenceEndTimestamp"] {
        assert!(num(&transcript, field).is_some(), "{field}");
    }

    ok(AgentSdk::whisper(target("1011"))).await;
    assert_monitor_event(&events.wait("spyUnlink").await, "spiedCno", "1011");
    assert_monitor_event(&events.wait("whisperResult").await, "whisperedCno", "1011");
    assert_monitor_event(&events.wait("whisperLink").await, "whisperedCno", "1011");
    ok(AgentSdk::un_whisper()).await;
    assert_monitor_event(&events.wait("whisperUnlink").await, "whisperedAgentNo", "1011");

    ok(AgentSdk::barge(target("1011"))).await;
    assert_monitor_event(&events.wait("bargeResult").await, "bargedAgentNo", "1011");
    assert_monitor_event(&events.wait("bargeLink").await, "bargedAgentNo", "1011");
    ok(AgentSdk::perform_threeway(target("1011"))).await;
    assert_monitor_event(&events.wait("bargeUnlink").await, "bargedCno", "1011");
    assert_monitor_event(&events.wait("threewayResult").await, "threewayedCno", "1011");
    assert_monitor_event(&events.wait("threewayLink").await, "threewayedCno", "1011");
    ok(AgentSdk::cancel_threeway(target("1011"))).await;
    assert_monitor_event(&events.wait("threewayUnlink").await, "threewayedAgentNo", "1011");

    let res = settle(AgentSdk::unspy()).await.unwrap();
    assert_eq!((num(&res, "code"), num(&res, "errorCode")), (Some(-1.0), Some(20006.0)), "not spying");

    ok(AgentSdk::spy(target("1011"))).await;
    events.wait_nth("spyLink", 2).await;
    ok(AgentSdk::disconnect(target("1011"))).await;
    let result = events.wait("disconnectResult").await;
    assert_eq!(text(&result, "disconnectorCno").as_deref(), Some("1011"));
    assert_eq!((text(&result, "uniqueId"), text(&result, "result").as_deref()), (Some(id.clone()), Some("success")));
    assert_eq!((text(&result, "initiator").as_deref(), num(&result, "initiatorType")), (Some("8003"), Some(2.0)));
    events.wait_nth("spyUnlink", 2).await;
    let view = scenario::call(&id).await;
    assert_eq!(text(&view, "endReason").as_deref(), Some("supervisorDisconnect"));
    events.assert_order(&[
        "spyResp",
        "spyResult",
        "spyLink",
        "whisperResp",
        "spyUnlink",
        "whisperResult",
        "whisperLink",
        "unWhisperResp",
        "whisperUnlink",
        "bargeResp",
        "bargeResult",
        "bargeLink",
        "performThreewayResp",
        "bargeUnlink",
        "threewayResult",
        "threewayLink",
        "cancelThreewayResp",
        "threewayUnlink",
        "disconnectResp",
        "spyUnlink",
        "disconnectResult",
    ]);
    raw_logout(desk).await;
    logout().await;
}

#[wasm_bindgen_test]
async fn queue_status_on_request_and_on_change() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    supervisor_login().await;
    events.wait("queueStatus").await;
    let res = ok(AgentSdk::get_queue_status(Some(js(r#"{"queueNos":[2],"fields":"queueParams,queueEntries"}"#)))).await;
    assert_eq!(text(&res, "action").as_deref(), Some("queueStatus"), "the response's action, as documented");
    assert_eq!(text(&res, "queueStatus.2.queueParams.queueName").as_deref(), Some("Support"));
    assert!(get(&res, "queueStatus.2.agentStatuses").is_undefined(), "only the sections asked for");
    let emitted = events.wait("getQueueStatusResp").await;
    assert_eq!(text(&emitted, "queueStatus.2.queueParams.queueNo").as_deref(), Some("2"));
    events.wait_nth("queueStatus", 2).await;

    let desk = raw_login("1012").await;
    let mut seen = false;
    for n in 3..20 {
        let push = events.wait_nth("queueStatus", n).await;
        let members = js_sys::Array::from(&get(&push, "queueStatus.2.agentStatuses"));
        if members
            .iter()
            .any(|a| text(&a, "agentNo").as_deref() == Some("1012") && text(&a, "state").as_deref() == Some("idle"))
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "a login in the watched queue is pushed");
    let bad = settle(AgentSdk::get_queue_status(Some(js(r#"{"queueNos":[7]}"#)))).await.unwrap();
    assert_eq!(num(&bad, "errorCode"), Some(20000.0));
    assert!(text(&bad, "message").unwrap().contains("queueNos[0]"));
    let err = sdk_error(AgentSdk::get_queue_status(Some(js(r#"{"fields":"queueParams,bogus"}"#)))).await;
    assert_eq!(text(&err, "code").as_deref(), Some("INVALID_PARAMS"));
    assert!(text(&err, "message").unwrap().contains("fields"));
    raw_logout(desk).await;
    logout().await;
}

#[wasm_bindgen_test]
async fn forced_states_pickup_and_tasks() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    supervisor_login().await;
    let desk = raw_login("1013").await;
    ok(AgentSdk::set_pause(target("1013"))).await;
    let status = ok(AgentSdk::get_queue_status(Some(js(r#"{"fields":"agentStatuses"}"#)))).await;
    let member = |status: &JsValue, agent: &str| {
        js_sys::Array::from(&get(status, "queueStatus.2.agentStatuses"))
            .iter()
            .find(|a| text(a, "agentNo").as_deref() == Some(agent))
    };
    let m = member(&status, "1013").expect("1013 is online");
    assert_eq!((text(&m, "state").as_deref(), text(&m, "stateAction").as_deref()), (Some("busy"), Some("forcePause")));
    let again = settle(AgentSdk::set_pause(target("1013"))).await.unwrap();
    assert_eq!(num(&again, "errorCode"), Some(20007.0));
    ok(AgentSdk::set_unpause(target("1013"))).await;

    // Pickup: a call rings at 1013; the supervisor answers it instead.
    ok(AgentSdk::unpause()).await;
    let id = scenario::inbound("2", "13912340103").await;
    for _ in 0..200 {
        if text(&scenario::call(&id).await, "agentNo").as_deref() == Some("1013") {
            break;
        }
        sleep(20).await;
    }
    ok(AgentSdk::pickup(target("1013"))).await;
    let ringing = events.wait("ringing").await;
    assert_eq!(num(&ringing, "subCallType"), Some(104.0));
    assert_eq!(text(&ringing, "mainUniqueId"), Some(id.clone()));
    events.wait_state("talking").await;
    assert_eq!(text(&scenario::call(&id).await, "agentNo").as_deref(), Some("0000"));
    ok(AgentSdk::unlink(None)).await;
    events.wait_state("wrapup").await;

    ok(AgentSdk::set_offline(js(r#"{"agentNo":"1013","unbindEndpoint":0}"#))).await;
    let result = events.wait("setOfflineResult").await;
    assert_eq!(
        (text(&result, "agentNo").as_deref(), text(&result, "initiator").as_deref(), text(&result, "code").as_deref()),
        (Some("1013"), Some("0000"), Some("0"))
    );
    let online = r#"{"agentNo":"1013","bindEndpoint":{"endpointType":1,"endpoint":"13512345678"}}"#;
    ok(AgentSdk::set_online(js(online))).await;
    let status = ok(AgentSdk::get_queue_status(None)).await;
    let m = member(&status, "1013").expect("online again");
    assert_eq!(text(&m, "stateAction").as_deref(), Some("forceOnline"));
    ok(AgentSdk::set_offline(js(r#"{"agentNo":"1013"}"#))).await;
    let err = sdk_error(AgentSdk::set_offline(js(r#"{"agentNo":"1013","unbindEndpoint":3}"#))).await;
    assert!(text(&err, "message").unwrap().contains("unbindEndpoint"));
    let err = sdk_error(AgentSdk::set_online(js(r#"{"agentNo":"1013"}"#))).await;
    assert!(text(&err, "message").unwrap().contains("bindEndpoint"));

    let tasks = ok(AgentSdk::list_preview_dialing_task()).await;
    assert_eq!(text(&tasks, "tasks.0.taskId").as_deref(), Some("11"));
    assert_eq!(text(&tasks, "tasks.0.status").as_deref(), Some("paused"));
    drop(desk);
    logout().await;
}

#[wasm_bindgen_test]
async fn an_agent_without_the_role_is_refused_and_parameters_are_checked() {
    let _turn = exclusive().await;
    setup();
    let params = login_params("1014");
    js_sys::Reflect::set(&params, &"qids".into(), &"2".into()).unwrap();
    let res = settle(AgentSdk::login(params)).await.unwrap();
    assert_eq!(num(&res, "errorCode"), Some(20013.0), "qids are for supervisors");
    login("1014").await;
    for promise in [
        AgentSdk::spy(target("1011")),
        AgentSdk::whisper(target("1011")),
        AgentSdk::barge(target("1011")),
        AgentSdk::perform_threeway(target("1011")),
        AgentSdk::disconnect(target("1011")),
        AgentSdk::pickup(target("1011")),
        AgentSdk::set_pause(target("1011")),
        AgentSdk::unspy(),
        AgentSdk::get_queue_status(None),
    ] {
        let res = settle(promise).await.expect("a server refusal resolves");
        assert_eq!((num(&res, "code"), num(&res, "errorCode")), (Some(-1.0), Some(20013.0)));
        assert_eq!(text(&res, "message").as_deref(), Some("no permission"));
    }
    let err = sdk_error(AgentSdk::spy(js("{}"))).await;
    assert_eq!(text(&err, "code").as_deref(), Some("INVALID_PARAMS"));
    assert!(text(&err, "message").unwrap().contains("agentNo"));
    let err = sdk_error(AgentSdk::barge(js(r#"{"agentNo":"  "}"#))).await;
    assert!(text(&err, "message").unwrap().contains("agentNo"));
    logout().await;
}

#[wasm_bindgen_test]
async fn order_callbacks_pass_through_and_extension_state_is_pushed() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    let params = js(r#"{"tenantId":"t1","agentNo":"1015","sessionKey":"dev-key-1015",
        "bindEndpoint":{"endpointType":2,"endpoint":"8004"},"initialStatus":1}"#);
    ok(AgentSdk::login(params)).await;
    scenario::order_callback(
        "1015",
        r#"{"callbackId":"cb-7","customerNumber":"13800138000","dueAt":1718000000000,"nested":{"a":[1,2]}}"#,
    )
    .await;
    let callback = events.wait("orderCallBack").await;
    assert_eq!(text(&callback, "callbackId").as_deref(), Some("cb-7"));
    assert_eq!(num(&callback, "dueAt"), Some(1_718_000_000_000.0));
    assert_eq!(num(&callback, "nested.a.1"), Some(2.0), "untouched, however deep");

    scenario::extension("8004", false).await;
    let state = events.wait("extenState").await;
    assert_eq!(
        (
            text(&state, "state").as_deref(),
            text(&state, "registerState").as_deref(),
            text(&state, "extenNo").as_deref()
        ),
        (Some("Unreachable"), Some("Unregistered"), Some("8004"))
    );
    scenario::extension("8004", true).await;
    let state = events.wait_nth("extenState", 2).await;
    assert_eq!(text(&state, "registerState").as_deref(), Some("Registered"));
    assert_eq!(text(&state, "URI").as_deref(), Some("sip:8004@192.0.2.10:5060"));
    let time = text(&state, "registerTime").unwrap();
    assert_eq!((time.len(), &time[4..5], &time[13..14]), (19, "-", ":"), "{time}");
    assert_eq!(text(&state, "tenantId").as_deref(), Some("t1"));
    assert!(text(&state, "expirationTime").unwrap() > time);
    logout().await;
}

#[wasm_bindgen_test]
async fn a_softphone_supervisor_is_rung_over_sip_and_answers_by_itself() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    let params = js(r#"{"tenantId":"t1","agentNo":"0000","sessionKey":"dev-key-0000",
        "bindEndpoint":{"endpointType":3,"endpoint":"8090"},"initialStatus":2,"pauseDescription":"busy"}"#);
    ok(AgentSdk::login(params)).await;
    scenario::wait_registered("0000").await;
    let (desk, id) = agent_talking("1017", "13912340107").await;

    ok(AgentSdk::whisper(target("1017"))).await;
    let init = events.wait("sipSessionInit").await;
    assert_eq!(text(&init, "direction").as_deref(), Some("outbound"), "answered by itself, like an own call");
    let link = events.wait("whisperLink").await;
    assert_eq!((text(&link, "initiator").as_deref(), num(&link, "initiatorType")), (Some("0000"), Some(1.0)));
    assert!(!events.names().iter().any(|n| n == "sipLinkResp"), "nobody called sipLink");
    // The SIP answer comes before the gateway links the mode.
    events.assert_order(&["sipSessionInit", "whisperResult", "whisperLink"]);
    // The monitoring leg is a real media leg of the gateway's peer.
    let mut media = JsValue::UNDEFINED;
    for _ in 0..200 {
        let view = scenario::call(&id).await;
        let leg =
            js_sys::Array::from(&get(&view, "legs")).iter().find(|l| text(l, "role").as_deref() == Some("monitor"));
        media = leg.map(|l| get(&l, "media")).unwrap_or(JsValue::UNDEFINED);
        if num(&media, "packetsReceived").unwrap_or(0.0) >= 10.0 && num(&media, "packetsSent").unwrap_or(0.0) >= 10.0 {
            break;
        }
        sleep(50).await;
    }
    assert!(num(&media, "packetsReceived").unwrap_or(0.0) >= 10.0, "{:?}", js_sys::JSON::stringify(&media));

    ok(AgentSdk::un_whisper()).await;
    events.wait("whisperUnlink").await;
    let ended = events.wait("sipSessionTerminate").await;
    assert!(text(&ended, "reason").is_some_and(|r| r.starts_with("remote")), "{:?}", text(&ended, "reason"));
    scenario::act(&id, "hangup", "customer").await;
    raw_logout(desk).await;
    logout().await;
}
