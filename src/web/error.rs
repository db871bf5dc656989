//! `AgentSdkError`: a real JS `Error` with a stable `name`, `code`, `details`.

use js_sys::{Error, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::error::Details;
use crate::core::SdkError;

#[wasm_bindgen(typescript_custom_section)]
const AGENT_SDK_ERROR: &str = crate::core::error::AGENT_SDK_ERROR_TS;

/// The `name` every SDK error carries.
pub const ERROR_NAME: &str = "AgentSdkError";

/// Makes the JS error for `err`.
pub fn to_js(err: &SdkError) -> JsValue {
    let error = Error::new(&err.message);
    error.set_name(ERROR_NAME);
    // Setting a property on a fresh Error object cannot fail.
    let _ = Reflect::set(&error, &"code".into(), &err.code.as_str().into());
    let details = err.details.as_ref().map_or(JsValue::UNDEFINED, details_to_js);
    let _ = Reflect::set(&error, &"details".into(), &details);
    error.into()
}

/// `details` as a plain object with the members that are set.
fn details_to_js(details: &Details) -> JsValue {
    let object = Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&object, &"action".into(), &details.action.as_str().into());
    if let Some(field) = &details.field {
        let _ = Reflect::set(&object, &"field".into(), &field.as_str().into());
    }
    if let Some(rule) = &details.rule {
        let _ = Reflect::set(&object, &"rule".into(), &rule.as_str().into());
    }
    if let Some(timeout_ms) = details.timeout_ms {
        let _ = Reflect::set(&object, &"timeoutMs".into(), &(timeout_ms as f64).into());
    }
    object.into()
}

/// Type guard: whether `value` is an error thrown or rejected by the SDK.
#[wasm_bindgen(js_name = isAgentSdkError, unchecked_return_type = "value is AgentSdkError")]
pub fn is_agent_sdk_error(value: &JsValue) -> bool {
    value.is_instance_of::<Error>()
        && Reflect::get(value, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(ERROR_NAME)
}
