//! The gateway's scenario interface from the browser: place calls, make
//! parties answer, hang up or fail.

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{gateway, js, settle, sleep, text};

/// POSTs `body` to the scenario's `path`: its JSON, or the status and
/// error of a refusal.
async fn try_post(path: &str, body: &str) -> Result<JsValue, String> {
    let fetch = Function::new_with_args(
        "url, body",
        "return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
            .then(async (r) => { const j = await r.json(); if (!r.ok) throw new Error(r.status + ' ' + j.error); return j; })",
    );
    let promise: Promise = fetch
        .call2(&JsValue::NULL, &format!("{}/v1/scenario{path}", gateway()).into(), &body.into())
        .unwrap()
        .unchecked_into();
    settle(promise).await.map_err(|e| text(&e, "message").unwrap_or_else(|| format!("{e:?}")))
}

async fn post(path: &str, body: &str) -> JsValue {
    match try_post(path, body).await {
        Ok(v) => v,
        Err(e) => panic!("scenario {path}: {e}"),
    }
}

/// Sets who hears whom in call `id`: `matrix` is the JSON of
/// `[[listener, source], ...]` (legs' uniqueIds) or `null` for the
/// default. The call afterwards, or the refusal (`"400 matrix: ..."`).
pub async fn set_matrix(id: &str, matrix: &str) -> Result<JsValue, String> {
    try_post(&format!("/calls/{id}/matrix"), &format!(r#"{{"matrix":{matrix}}}"#)).await
}

/// A customer calls queue `queue_no` of tenant t1; returns the mainUniqueId.
pub async fn inbound(queue_no: &str, customer: &str) -> String {
    let body = format!(r#"{{"tenantId":"t1","queueNo":"{queue_no}","customerNumber":"{customer}"}}"#);
    text(&post("/inbound", &body).await, "mainUniqueId").expect("mainUniqueId")
}

/// `party` (agent, customer, target) of call `id` does `act` (answer, hangup).
pub async fn act(id: &str, act: &str, party: &str) {
    post(&format!("/calls/{id}/{act}"), &format!(r#"{{"party":"{party}"}}"#)).await;
}

/// `party` of call `id` fails with `reason` (busy, noAnswer, rejected).
pub async fn fail(id: &str, party: &str, reason: &str) {
    post(&format!("/calls/{id}/fail"), &format!(r#"{{"party":"{party}","reason":"{reason}"}}"#)).await;
}

/// The scenario's view of call `id`.
pub async fn call(id: &str) -> JsValue {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    let promise: Promise =
        fetch.call1(&JsValue::NULL, &format!("{}/v1/scenario/calls/{id}", gateway()).into()).unwrap().unchecked_into();
    settle(promise).await.unwrap_or_else(|_| js("null"))
}

/// Waits (at most 10 s) until `check` holds on the view of call `id`: that
/// view; otherwise fails naming `what`, with the last view.
pub async fn call_until(id: &str, what: &str, check: impl Fn(&JsValue) -> bool) -> JsValue {
    for _ in 0..200 {
        let view = call(id).await;
        if check(&view) {
            return view;
        }
        sleep(50).await;
    }
    let view = js_sys::JSON::stringify(&call(id).await).map(String::from).unwrap_or_default();
    panic!("not within 10 s: {what}; {view}");
}

/// Breaks agent `agent`'s connection: `now`, or `beforeNextResponse` (the
/// next operation runs but its response is lost with the connection).
pub async fn drop_connection(agent: &str, when: &str) {
    post(&format!("/agents/t1/{agent}/drop"), &format!(r#"{{"when":"{when}"}}"#)).await;
}

/// Ends every live call (the customer hangs up), so no call from a failed
/// test rings an agent of the next one.
pub async fn end_all_calls() {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    let promise: Promise =
        fetch.call1(&JsValue::NULL, &format!("{}/v1/scenario/calls", gateway()).into()).unwrap().unchecked_into();
    let Ok(list) = settle(promise).await else { return };
    for call in js_sys::Array::from(&super::get(&list, "calls")).iter() {
        if let Some(id) = text(&call, "mainUniqueId") {
            let hangup = Function::new_with_args(
                "url",
                "return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ party: 'customer' }) })",
            );
            let url = format!("{}/v1/scenario/calls/{id}/hangup", gateway());
            let _ = settle(hangup.call1(&JsValue::NULL, &url.into()).unwrap().unchecked_into()).await;
        }
    }
}

/// The scenario's view of t1's agent `agent`: `loggedIn`,
/// `softphoneRegistered`.
pub async fn agent(agent: &str) -> JsValue {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    let url = format!("{}/v1/scenario/agents/t1/{agent}", gateway());
    let promise: Promise = fetch.call1(&JsValue::NULL, &url.into()).unwrap().unchecked_into();
    settle(promise).await.unwrap_or_else(|e| panic!("scenario agent {agent}: {e:?}"))
}

/// Waits (at most 8 s) until agent `agent`'s softphone is registered.
pub async fn wait_registered(agent: &str) {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    for _ in 0..400 {
        let url = format!("{}/v1/scenario/agents/t1/{agent}", gateway());
        let promise: Promise = fetch.call1(&JsValue::NULL, &url.into()).unwrap().unchecked_into();
        if let Ok(view) = settle(promise).await {
            if super::get(&view, "softphoneRegistered").as_bool() == Some(true) {
                return;
            }
        }
        super::sleep(20).await;
    }
    panic!("the softphone of {agent} did not register within 8 s");
}

/// Starts a stream of `count` numbered `orderCallBack` pushes to `agent`,
/// one every `interval_ms`; returns the stream's name.
pub async fn stream(agent: &str, count: u32, interval_ms: u32) -> String {
    let body = format!(r#"{{"count":{count},"intervalMs":{interval_ms}}}"#);
    text(&post(&format!("/agents/t1/{agent}/stream"), &body).await, "stream").expect("stream")
}

/// Stalls `agent`'s connection on the gateway for `ms`: no reads, no writes.
pub async fn stall(agent: &str, ms: u32) {
    post(&format!("/agents/t1/{agent}/stall"), &format!(r#"{{"ms":{ms}}}"#)).await;
}

/// How many requests `agent`'s session has run on the gateway (re-sent
/// ids answered from its cache do not count).
pub async fn requests_run(agent: &str) -> f64 {
    let fetch = Function::new_with_args("url", "return fetch(url).then((r) => r.json())");
    let url = format!("{}/v1/scenario/agents/t1/{agent}", super::gateway());
    let promise: Promise = fetch.call1(&JsValue::NULL, &url.into()).unwrap().unchecked_into();
    let view = settle(promise).await.expect("agent view");
    super::num(&view, "requestsRun").expect("requestsRun")
}

/// A scheduled callback for agent `agent` of t1 is due, with `payload` (a
/// JSON object).
pub async fn order_callback(agent: &str, payload: &str) {
    post(&format!("/agents/t1/{agent}/order-callback"), payload).await;
}

/// Extension `exten` of t1 registers or unregisters.
pub async fn extension(exten: &str, registered: bool) {
    post(&format!("/extensions/t1/{exten}"), &format!(r#"{{"registered":{registered}}}"#)).await;
}
