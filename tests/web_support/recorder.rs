//! Records every event the SDK emits, in order, so a test can wait for one
//! and then assert the whole sequence.

use std::cell::RefCell;
use std::rc::Rc;

use agent_sdk::AgentSdk;
use wasm_bindgen::prelude::*;

use super::{get, sleep, text};

/// Every event since `start`, as (name, payload).
pub struct Recorder {
    events: Rc<RefCell<Vec<(String, JsValue)>>>,
    _handlers: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl Recorder {
    /// Subscribes to every event name of the catalogue.
    pub fn start() -> Self {
        let events = Rc::new(RefCell::new(Vec::new()));
        let mut handlers = Vec::new();
        for (_, name) in agent_sdk::protocol::EVENT_TYPES {
            let sink = events.clone();
            let name = name.to_string();
            let handler = Closure::<dyn FnMut(JsValue)>::new({
                let name = name.clone();
                move |payload: JsValue| sink.borrow_mut().push((name.clone(), payload))
            });
            AgentSdk::on(JsValue::from_str(&name), handler.as_ref().clone()).expect("subscribe");
            handlers.push(handler);
        }
        Self { events, _handlers: handlers }
    }

    /// Payloads recorded so far.
    pub fn payloads(&self) -> Vec<JsValue> {
        self.events.borrow().iter().map(|(_, p)| p.clone()).collect()
    }

    /// Names recorded so far.
    pub fn names(&self) -> Vec<String> {
        self.events.borrow().iter().map(|(n, _)| n.clone()).collect()
    }

    /// The `nth` (from 1) `name` event, waiting at most 8 s for it.
    pub async fn wait_nth(&self, name: &str, nth: usize) -> JsValue {
        for _ in 0..400 {
            let found = self.events.borrow().iter().filter(|(n, _)| n == name).nth(nth - 1).map(|(_, p)| p.clone());
            if let Some(payload) = found {
                return payload;
            }
            sleep(20).await;
        }
        panic!("no '{name}' #{nth} within 8 s; recorded: {:?}", self.names());
    }

    /// The first `name` event.
    pub async fn wait(&self, name: &str) -> JsValue {
        self.wait_nth(name, 1).await
    }

    /// The first `name` event whose `field` equals `value` (compared as JS
    /// `==`, so `"0"` matches the number 0), waiting at most 8 s.
    pub async fn wait_where(&self, name: &str, field: &str, value: &str) -> JsValue {
        for _ in 0..400 {
            let found = self
                .events
                .borrow()
                .iter()
                .find(|(n, p)| n == name && get(p, field).loose_eq(&JsValue::from_str(value)))
                .map(|(_, p)| p.clone());
            if let Some(payload) = found {
                return payload;
            }
            sleep(20).await;
        }
        panic!("no '{name}' with {field} = {value} within 8 s; recorded: {:?}", self.names());
    }

    /// Waits (at most 8 s) until the latest `agentStatus` has `state`.
    pub async fn wait_state(&self, state: &str) -> JsValue {
        for _ in 0..400 {
            let latest = self.events.borrow().iter().rev().find(|(n, _)| n == "agentStatus").map(|(_, p)| p.clone());
            if let Some(status) = latest.filter(|p| text(p, "status.state").as_deref() == Some(state)) {
                return status;
            }
            sleep(20).await;
        }
        panic!("agent never reached '{state}'; recorded: {:?}", self.names());
    }

    /// Asserts that `expected` occur in this order among the recorded
    /// events (other events may come between them).
    pub fn assert_order(&self, expected: &[&str]) {
        let names = self.names();
        let mut position = 0;
        for want in expected {
            match names[position..].iter().position(|n| n == want) {
                Some(i) => position += i + 1,
                None => panic!("expected {expected:?} in order; recorded: {names:?}"),
            }
        }
    }

    /// How many `name` events were recorded; with `Some((field, value))`
    /// only those whose `field` equals `value` (JS `==`).
    pub fn count(&self, name: &str, filter: Option<(&str, &str)>) -> usize {
        let matches = |p: &JsValue| filter.is_none_or(|(f, v)| get(p, f).loose_eq(&JsValue::from_str(v)));
        self.events.borrow().iter().filter(|(n, p)| n == name && matches(p)).count()
    }

    /// Waits at most `timeout_ms` until [`Self::count`] reaches `n`.
    pub async fn wait_count(&self, name: &str, filter: Option<(&str, &str)>, n: usize, timeout_ms: u32) {
        for _ in 0..timeout_ms.div_ceil(20) {
            if self.count(name, filter) >= n {
                return;
            }
            sleep(20).await;
        }
        panic!("{} of {n} '{name}' {filter:?} within {timeout_ms} ms", self.count(name, filter));
    }

    /// Forgets what was recorded.
    pub fn clear(&self) {
        self.events.borrow_mut().clear();
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        AgentSdk::off(JsValue::UNDEFINED, JsValue::UNDEFINED).ok();
    }
}
