//! Conversions between JS values and JSON text, in one place.

use js_sys::{Array, Object, Reflect, JSON};
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

fn number(obj: &JsValue, key: &str) -> Option<f64> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_f64()
}

fn string(obj: &JsValue, key: &str) -> Option<String> {
    Reflect::get(obj, &JsValue::from_str(key)).ok()?.as_string()
}

/// Reads the few fields that decide how a server frame is handled; the
/// object itself goes to handlers untouched.
pub fn frame_head(obj: &JsValue) -> FrameHead {
    FrameHead {
        id: number(obj, "id"),
        seq: number(obj, "seq"),
        event_type: string(obj, "eventType"),
        action: string(obj, "action"),
        code: number(obj, "code"),
        pong: number(obj, "pong"),
        error: string(obj, "error"),
        token: string(obj, "token"),
        heartbeat_interval_ms: number(obj, "heartbeatIntervalMs"),
        reason: string(obj, "reason"),
    }
}

/// A string property, for log lines and error reports.
pub fn string_field(obj: &JsValue, key: &str) -> Option<String> {
    string(obj, key)
}
