//! One re-armable timeout, owned: dropping it clears the pending timeout.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    // The global functions work on the main thread, in workers and in Node.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// A timeout that calls `callback` once per arming.
pub struct Timer {
    callback: Closure<dyn FnMut()>,
    handle: Option<JsValue>,
    /// The deadline (ms since the epoch) of the pending timeout.
    deadline: Option<u64>,
}

impl Timer {
    /// A disarmed timer.
    pub fn new(callback: impl FnMut() + 'static) -> Self {
        Self { callback: Closure::new(callback), handle: None, deadline: None }
    }

    /// Fires at `deadline` (ms since the epoch; `now` reads the clock),
    /// replacing any earlier arming. Arming again for the same deadline
    /// does nothing, not even read the clock: most frames leave the
    /// earliest deadline where it was, and re-arming on each would cost two
    /// timer calls per frame.
    pub fn arm_at(&mut self, deadline: u64, now: impl FnOnce() -> u64) {
        if self.deadline == Some(deadline) && self.handle.is_some() {
            return;
        }
        self.disarm();
        let callback: &Function = self.callback.as_ref().unchecked_ref();
        self.handle = Some(set_timeout(callback, deadline.saturating_sub(now()) as f64));
        self.deadline = Some(deadline);
    }

    /// The pending timeout fired: the next arming must set a new one.
    pub fn fired(&mut self) {
        self.handle = None;
        self.deadline = None;
    }

    /// Cancels the pending timeout, if any.
    pub fn disarm(&mut self) {
        self.deadline = None;
        if let Some(handle) = self.handle.take() {
            clear_timeout(&handle);
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.disarm();
    }
}
