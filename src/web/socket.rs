//! The agent WebSocket, owned: dropping it detaches every listener and
//! closes the connection, so a replaced socket can never call back.

use js_sys::JsString;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// What a socket reports, tagged with the socket's generation so the
/// runtime can tell a current socket from a replaced one.
pub enum SocketEvent {
    /// The connection is open.
    Open,
    /// A text frame arrived. It stays a JS string: the agent socket parses
    /// it in JavaScript, and only the SIP socket copies it into wasm.
    Text(JsString),
    /// A binary frame arrived; the protocol has none.
    Binary,
    /// The connection closed (or never opened) with this code.
    Closed(u16),
}

/// An open or opening WebSocket with its listeners.
pub struct Socket {
    ws: WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
}

impl Socket {
    /// Opens `url` (asking for `protocol`, e.g. `sip`, when given); every
    /// event goes to `sink` with `generation`.
    pub fn open(
        url: &str,
        protocol: Option<&str>,
        generation: u32,
        sink: fn(u32, SocketEvent),
    ) -> Result<Self, JsValue> {
        let ws = match protocol {
            Some(protocol) => WebSocket::new_with_str(url, protocol)?,
            None => WebSocket::new(url)?,
        };
        let on_open = Closure::<dyn FnMut()>::new(move || sink(generation, SocketEvent::Open));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let report = match event.data().dyn_into::<JsString>() {
                Ok(text) => SocketEvent::Text(text),
                Err(_) => SocketEvent::Binary,
            };
            sink(generation, report);
        });
        // `error` is always followed by `close`, which carries the code; one
        // listener is enough.
        let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            sink(generation, SocketEvent::Closed(event.code()))
        });
        ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        Ok(Self { ws, _on_open: on_open, _on_message: on_message, _on_close: on_close })
    }

    /// Sends a text frame.
    pub fn send(&self, text: &str) -> Result<(), JsValue> {
        self.ws.send_with_str(text)
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        if self.ws.ready_state() <= WebSocket::OPEN {
            // 1000: a normal close; the gateway keeps the session for a
            // resume unless the SDK logged out first.
            let _ = self.ws.close_with_code(1000);
        }
    }
}
