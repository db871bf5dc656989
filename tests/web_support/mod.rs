//! Helpers for the browser tests: JS values from JSON, promises as futures,
//! and bounded waits for events.

#![allow(dead_code)]

pub mod recorder;
pub mod scenario;
pub mod softphone;

use agent_sdk::AgentSdk;
use js_sys::{Function, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The gateway the tests talk to; the test script starts it and sets this.
pub const GATEWAY: &str = match option_env!("AGENT_GATEWAY_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18080",
};

thread_local! {
    static BASE: std::cell::Cell<&'static str> = const { std::cell::Cell::new(GATEWAY) };
}

/// The gateway this test binary talks to: [`GATEWAY`] unless
/// [`use_gateway`] chose another.
pub fn gateway() -> &'static str {
    BASE.with(std::cell::Cell::get)
}

/// Talks to the gateway at `url` from now on (every test of a binary that
/// runs against another gateway calls it first).
pub fn use_gateway(url: &'static str) {
    BASE.with(|base| base.set(url));
}

/// A JS value from JSON text.
pub fn js(json: &str) -> JsValue {
    JSON::parse(json).expect("test JSON is valid")
}

/// Reads a dotted path, e.g. `status.state`.
pub fn get(value: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(value.clone(), |v, key| Reflect::get(&v, &key.into()).unwrap_or(JsValue::UNDEFINED))
}

/// A string at `path`.
pub fn text(value: &JsValue, path: &str) -> Option<String> {
    get(value, path).as_string()
}

/// A number at `path`.
pub fn num(value: &JsValue, path: &str) -> Option<f64> {
    get(value, path).as_f64()
}

/// Awaits a promise.
pub async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

fn delay(ms: i32) -> Promise {
    Promise::new(&mut |resolve, _| {
        let global = js_sys::global();
        let set_timeout: Function = Reflect::get(&global, &"setTimeout".into()).unwrap().unchecked_into();
        set_timeout.call2(&global, &resolve, &ms.into()).unwrap();
    })
}

/// Resolves after `ms`.
pub async fn sleep(ms: i32) {
    JsFuture::from(delay(ms)).await.unwrap();
}

/// Subscribes before the action that triggers the event, then waits at most
/// `timeout_ms` for it.
pub struct Waiter {
    promise: Promise,
    name: String,
}

/// Starts waiting for the next `name` event.
pub fn expect_event(name: &str, timeout_ms: i32) -> Waiter {
    let event = name.to_string();
    let promise = Promise::new(&mut |resolve, reject| {
        let global = js_sys::global();
        let set_timeout: Function = Reflect::get(&global, &"setTimeout".into()).unwrap().unchecked_into();
        let message = JsValue::from_str(&format!("no '{event}' event within {timeout_ms} ms"));
        let fail = Function::new_with_args("reject, message", "return () => reject(new Error(message))")
            .call2(&JsValue::NULL, &reject, &message)
            .unwrap();
        set_timeout.call2(&global, &fail, &timeout_ms.into()).unwrap();
        AgentSdk::once(JsValue::from_str(&event), resolve.into()).unwrap();
    });
    Waiter { promise, name: name.into() }
}

impl Waiter {
    /// The event's payload.
    pub async fn wait(self) -> JsValue {
        match JsFuture::from(self.promise).await {
            Ok(v) => v,
            Err(e) => panic!("waiting for {}: {:?}", self.name, e),
        }
    }
}

thread_local! {
    static TURN: std::cell::RefCell<Promise> = std::cell::RefCell::new(Promise::resolve(&JsValue::UNDEFINED));
}

/// Holds the page's one SDK for a test; the next test starts when it drops.
pub struct Turn {
    release: Function,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let _ = self.release.call0(&JsValue::NULL);
    }
}

/// Waits until every earlier test has finished with the SDK: the runner
/// starts async tests concurrently, and the SDK is one per page.
pub async fn exclusive() -> Turn {
    let mut release = None;
    let mine = Promise::new(&mut |resolve, _| release = Some(resolve));
    let previous = TURN.with(|turn| turn.replace(mine));
    // A test that panicked never releases its turn; the next one starts
    // after a bound instead of hanging the run.
    let _ = JsFuture::from(Promise::race(&js_sys::Array::of2(&previous, &delay(20_000)))).await;
    // A test that failed half-way may have left its agent logged in, or a
    // call ringing in a queue.
    logout().await;
    scenario::end_all_calls().await;
    AgentSdk::off(JsValue::UNDEFINED, JsValue::UNDEFINED).unwrap();
    Turn { release: release.expect("Promise::new runs its executor at once") }
}

/// Sets the SDK up against the test gateway.
pub fn setup() {
    AgentSdk::setup(js(&format!(r#"{{"baseURL":"{}"}}"#, gateway()))).expect("setup");
}

/// Login params for a dev-config agent.
pub fn login_params(agent: &str) -> JsValue {
    js(&format!(
        r#"{{"tenantId":"t1","agentNo":"{agent}","sessionKey":"dev-key-{agent}",
            "bindEndpoint":{{"endpointType":1,"endpoint":"13600000000"}},"initialStatus":1}}"#
    ))
}

/// Logs `agent` in and returns the response, which must succeed.
pub async fn login(agent: &str) -> JsValue {
    let res = settle(AgentSdk::login(login_params(agent))).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "login as {agent}: {:?}", text(&res, "message"));
    res
}

/// Logs out if a session is active and waits until the session's last
/// event (`sessionTerminate`) has been delivered, so none of it reaches the
/// next test.
pub async fn logout() {
    let ended = expect_event("sessionTerminate", 5_000);
    let res = settle(AgentSdk::logout(js(r#"{"logoutMode":1}"#))).await;
    if res.is_ok_and(|r| num(&r, "code") == Some(0.0)) {
        ended.wait().await;
    }
}

/// The rejection of `promise`, which must be an `AgentSdkError`.
pub async fn sdk_error(promise: Promise) -> JsValue {
    let err = settle(promise).await.expect_err("the promise rejects");
    assert!(agent_sdk::is_agent_sdk_error(&err), "not an AgentSdkError: {err:?}");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&err, "name").as_deref(), Some("AgentSdkError"));
    err
}

/// Logs `agent` in from a second desk (a raw WebSocket of its own) and
/// waits for its `loginResp`; the desk stays signed in while the socket
/// lives.
pub async fn raw_login(agent: &str) -> web_sys::WebSocket {
    raw_login_on(agent, 2, "8002").await
}

/// [`raw_login`] on endpoint `endpoint` of `endpoint_type`.
pub async fn raw_login_on(agent: &str, endpoint_type: u8, endpoint: &str) -> web_sys::WebSocket {
    let url = format!("{}/v1/agent/ws", gateway().replacen("http", "ws", 1));
    let socket = web_sys::WebSocket::new(&url).unwrap();
    let frame = format!(
        r#"{{"id":1,"action":"login","params":{{"tenantId":"t1","agentNo":"{agent}","sessionKey":"dev-key-{agent}","bindEndpoint":{{"endpointType":{endpoint_type},"endpoint":"{endpoint}"}},"initialStatus":1}}}}"#
    );
    let answered = Promise::new(&mut |resolve, _| {
        let wire = Function::new_with_args(
            "socket, frame, resolve",
            "socket.onopen = () => socket.send(frame); socket.onmessage = (m) => { if (JSON.parse(m.data).id === 1) resolve(m.data); };",
        );
        wire.call3(&JsValue::NULL, &socket, &frame.clone().into(), &resolve).unwrap();
    });
    let reply = JsFuture::from(answered).await.unwrap().as_string().unwrap();
    assert!(reply.contains(r#""code":0"#), "second desk login: {reply}");
    socket
}

/// Signs the second desk out and waits until the gateway has closed it, so
/// its agent takes no calls meant for a later test.
pub async fn raw_logout(socket: web_sys::WebSocket) {
    let closed = Promise::new(&mut |resolve, _| {
        let wire = Function::new_with_args(
            "socket, resolve",
            r#"socket.onclose = () => resolve(); socket.send(JSON.stringify({ id: 2, action: "logout", params: { logoutMode: 1 } }));"#,
        );
        wire.call2(&JsValue::NULL, &socket, &resolve).unwrap();
    });
    let _ = JsFuture::from(Promise::race(&js_sys::Array::of2(&closed, &delay(5_000)))).await;
}
