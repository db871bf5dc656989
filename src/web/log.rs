//! Console logging behind `setup({ debug })`. Callers pass redacted text.

use std::cell::Cell;

thread_local! {
    static DEBUG: Cell<bool> = const { Cell::new(false) };
}

/// Turns debug logging on or off.
pub fn set_debug(on: bool) {
    DEBUG.with(|d| d.set(on));
}

/// Whether debug logging is on; check before building a costly message.
pub fn debug_enabled() -> bool {
    DEBUG.with(Cell::get)
}

/// A debug line, only when debug logging is on.
pub fn debug(message: &str) {
    if debug_enabled() {
        web_sys::console::debug_1(&format!("[AgentSDK] {message}").into());
    }
}

/// A problem the page should know about, always logged.
pub fn error(message: &str, cause: &wasm_bindgen::JsValue) {
    web_sys::console::error_2(&format!("[AgentSDK] {message}").into(), cause);
}
