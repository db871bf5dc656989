//! `AgentSdkError`: a real JS `Error` with a stable `name`, `code`, `details`.

use js_sys::{Error, Reflect};
use wasm_bindgen::prelude::*;

use crate::core::SdkError;
use crate::web::convert;

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
    let _ = Reflect::set(&error, &"details".into(), &convert::json_value_to_js(&err.details));
    error.into()
}

/// Type guard: whether `value` is an error thrown or rejected by the SDK.
#[wasm_bindgen(js_name = isAgentSdkError, unchecked_return_type = "value is AgentSdkError")]
pub fn is_agent_sdk_error(value: &JsValue) -> bool {
    value.is_instance_of::<Error>()
        && Reflect::get(value, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(ERROR_NAME)
}
