//! Conversions between JS values and JSON text, in one place.

use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::prelude::*;

use crate::core::emitted::Members;
use crate::core::{ErrorCode, SdkError};
use crate::protocol::frame::FrameHead;
use crate::protocol::schema::Node;

/// Checked parameters as JSON text. `JSON.stringify` drops `undefined`
/// members, and the schema has refused anything unknown.
pub fn params_json(action: &str, params: &JsValue) -> Result<String, SdkError> {
    if params.is_undefined() || params.is_null() {
        return Ok("{}".into());
    }
    JSON::stringify(params)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| SdkError::new(ErrorCode::InvalidParams, format!("{action}: params could not be read as JSON")))
}

/// The caller's objects, read in place for the schema check.
impl Node for JsValue {
    fn field(&self, key: &str) -> Option<Self> {
        Reflect::get(self, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn keys(&self) -> Option<Vec<String>> {
        if !self.is_object() || Array::is_array(self) || self.is_function() {
            return None;
        }
        let keys = Object::keys(self.unchecked_ref::<Object>());
        // Members set to undefined or null count as absent, as JSON drops them.
        Some(keys.iter().filter_map(|k| k.as_string()).filter(|k| self.field(k).is_some()).collect())
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().iter().collect())
    }

    fn string(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn type_name(&self) -> &'static str {
        if self.is_null() {
            "null"
        } else if self.is_undefined() {
            "undefined"
        } else if Array::is_array(self) {
            "array"
        } else if self.is_function() {
            "function"
        } else if self.is_string() {
            "string"
        } else if self.as_f64().is_some() {
            "number"
        } else if self.as_bool().is_some() {
            "boolean"
        } else if self.is_object() {
            "object"
        } else {
            "a value JSON cannot carry"
        }
    }
}

/// Members set one by one on a fresh plain object.
#[derive(Default)]
pub struct ObjectMembers(pub Object);

impl Members for ObjectMembers {
    fn text(&mut self, key: &str, value: &str) {
        // Setting a property on a plain object cannot fail.
        let _ = Reflect::set(&self.0, &key.into(), &value.into());
    }

    fn number(&mut self, key: &str, value: f64) {
        let _ = Reflect::set(&self.0, &key.into(), &value.into());
    }
}

/// Parses JSON text made by the SDK itself into a JS value.
pub fn json_to_js(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::NULL)
}

fn string(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

#[wasm_bindgen(module = "/src/web/frame.js")]
extern "C" {
    /// The object a text frame holds, or `None` when the text is not a
    /// JSON object. The text is parsed where it is, without a copy into wasm.
    #[wasm_bindgen(js_name = parse)]
    pub fn parse_frame(text: &JsString) -> Option<Object>;
    #[wasm_bindgen(js_name = head)]
    fn head_mask(frame: &Object) -> u32;
    #[wasm_bindgen(js_name = number)]
    fn head_number(frame: &Object, field: u32) -> f64;
    #[wasm_bindgen(js_name = string)]
    fn head_string(frame: &Object, field: u32) -> String;
    /// `status.state` of an agentStatus push, when it is a string.
    #[wasm_bindgen(js_name = statusState)]
    pub fn agent_state(frame: &Object) -> Option<String>;
}

// The head's fields, numbered as in frame.js: numbers, then strings (whose
// bits in the mask start at 8).
const ID: u32 = 0;
const SEQ: u32 = 1;
const CODE: u32 = 2;
const PONG: u32 = 3;
const HEARTBEAT_INTERVAL_MS: u32 = 4;
const EVENT_TYPE: u32 = 0;
const ACTION: u32 = 1;
const ERROR: u32 = 2;
const TOKEN: u32 = 3;
const REASON: u32 = 4;

/// Reads the few fields that decide how a server frame is handled; the
/// object itself goes to handlers untouched. One call finds which fields
/// are there with the protocol's types; only those cross into wasm.
pub fn frame_head(obj: &Object) -> FrameHead {
    let mask = head_mask(obj);
    let number = |field: u32| (mask & (1 << field) != 0).then(|| head_number(obj, field));
    let string = |field: u32| (mask & (1 << (8 + field)) != 0).then(|| head_string(obj, field));
    FrameHead {
        id: number(ID),
        seq: number(SEQ),
        event_type: string(EVENT_TYPE),
        action: string(ACTION),
        code: number(CODE),
        pong: number(PONG),
        error: string(ERROR),
        token: string(TOKEN),
        heartbeat_interval_ms: number(HEARTBEAT_INTERVAL_MS),
        reason: string(REASON),
    }
}

/// A string property, for log lines and error reports.
pub fn string_field(obj: &JsValue, key: &str) -> Option<String> {
    string(obj, key)
}
