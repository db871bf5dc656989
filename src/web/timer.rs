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
}

impl Timer {
    /// A disarmed timer.
    pub fn new(callback: impl FnMut() + 'static) -> Self {
        Self { callback: Closure::new(callback), handle: None }
    }

    /// Fires after `delay_ms`, replacing any earlier arming.
    pub fn arm(&mut self, delay_ms: f64) {
        self.disarm();
        let callback: &Function = self.callback.as_ref().unchecked_ref();
        self.handle = Some(set_timeout(callback, delay_ms.max(0.0)));
    }

    /// Cancels the pending timeout, if any.
    pub fn disarm(&mut self) {
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
