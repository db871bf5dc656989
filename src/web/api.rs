//! The `AgentSDK` class: the page-facing API of seed 001, as static methods
//! of one global singleton. Each method converts its arguments, hands them
//! to the core and returns; decisions live in the core.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::ids::request_unique_id;
use crate::core::params::check;
use crate::core::{LoginTarget, SdkError};
use crate::protocol::ops::{LoginParams, LogoutParams, PauseParams, UnpauseParams, UpdateBoundEndpointParams};
use crate::protocol::schema::{Node, Schema};
use crate::protocol::setup::{SetupConfig, SETUP_SCHEMA};
use crate::protocol::{Operation, EVENT_TYPES};
use crate::web::runtime::{self, Runtime};
use crate::web::{convert, error, log};

/// The Agent SDK. Every method is static: `AgentSDK.setup(...)`,
/// `AgentSDK.login(...)`, `AgentSDK.EventType`.
#[wasm_bindgen(js_name = AgentSDK)]
pub struct AgentSdk {
    _private: (),
}

thread_local! {
    static EVENT_TYPE: Object = event_type_object();
}

fn event_type_object() -> Object {
    let object = Object::new();
    for (constant, name) in EVENT_TYPES {
        // Setting a string property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(constant), &JsValue::from_str(name));
    }
    Object::freeze(&object)
}

fn throw(err: SdkError) -> JsValue {
    error::to_js(&err)
}

fn event_name(action: &str, event: &JsValue) -> Result<String, JsValue> {
    let name = event.as_string().ok_or_else(|| {
        throw(SdkError::invalid(action, &crate::protocol::Invalid::new("eventName", "must be a string")))
    })?;
    if !EVENT_TYPES.iter().any(|(_, n)| *n == name) {
        let rule = format!("must be one of AgentSDK.EventType's values, got '{name}'");
        return Err(throw(SdkError::invalid(action, &crate::protocol::Invalid::new("eventName", rule))));
    }
    Ok(name)
}

fn handler_fn(action: &str, handler: &JsValue) -> Result<Function, JsValue> {
    handler.dyn_ref::<Function>().cloned().ok_or_else(|| {
        throw(SdkError::invalid(action, &crate::protocol::Invalid::new("handler", "must be a function")))
    })
}

/// Checks the caller's `params` against `P`'s rules, then sends them.
#[inline]
pub(crate) fn operation<P: Operation>(params: &JsValue) -> Promise {
    send(P::ACTION, const { &P::SCHEMA }, params)
}

/// The body of every operation, kept out of the generic wrapper so each
/// operation costs a few bytes of wasm rather than a copy of this.
fn send(action: &'static str, schema: &'static Schema, params: &JsValue) -> Promise {
    runtime::with(|rt: &Runtime| {
        rt.request(|session, now| {
            if session.config().is_none() {
                return Err(SdkError::not_initialized(action));
            }
            // Operations whose parameters are all optional may be called with none.
            let params = if params.is_undefined() && schema.fields.iter().all(|f| !f.required) {
                &Object::new()
            } else {
                params
            };
            check(action, schema, params)?;
            let params = with_request_unique_id(schema, params, now);
            session.request(action, &convert::params_json(action, &params)?, now)
        })
    })
}

/// Operations that carry a `requestUniqueId` get one when the caller left
/// it out, on a copy: the caller's object is never changed.
fn with_request_unique_id(schema: &Schema, params: &JsValue, now: u64) -> JsValue {
    const FIELD: &str = "requestUniqueId";
    if !schema.fields.iter().any(|f| f.name == FIELD) || params.field(FIELD).is_some() {
        return params.clone();
    }
    let copy = Object::assign(&Object::new(), params.unchecked_ref::<Object>());
    let id = request_unique_id(now, (js_sys::Math::random() * 4_294_967_296.0) as u32);
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&copy, &FIELD.into(), &id.into());
    copy.into()
}

fn flag(config: &JsValue, key: &str) -> Option<bool> {
    config.field(key).and_then(|v| v.as_bool())
}

#[wasm_bindgen(js_class = AgentSDK)]
impl AgentSdk {
    /// Sets the global configuration. Throws an `AgentSdkError`
    /// (INVALID_PARAMS) naming the field when the configuration is invalid.
    pub fn setup(#[wasm_bindgen(unchecked_param_type = "SetupConfig")] config: JsValue) -> Result<(), JsValue> {
        check("setup", &SETUP_SCHEMA, &config).map_err(throw)?;
        let settings = SetupConfig {
            base_url: config.field("baseURL").and_then(|v| v.as_string()).unwrap_or_default(),
            webrtc: flag(&config, "webrtc"),
            debug: flag(&config, "debug"),
            audio_debug: flag(&config, "audio_debug"),
            observability: flag(&config, "observability"),
            webrtc_stats: flag(&config, "webrtcStats"),
        };
        log::set_debug(settings.debug.unwrap_or(false));
        crate::web::softphone::set_audio_debug(settings.audio_debug.unwrap_or(false));
        runtime::with(|rt| rt.session().setup(settings));
        Ok(())
    }

    /// Subscribes `handler` to `eventName`.
    pub fn on(
        #[wasm_bindgen(js_name = eventName, unchecked_param_type = "AgentSdkEventName")] event_name_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(event: any) => void")] handler: JsValue,
    ) -> Result<(), JsValue> {
        let name = event_name("on", &event_name_value)?;
        let handler = handler_fn("on", &handler)?;
        runtime::with(|rt| rt.emitter().add(&name, handler, false));
        Ok(())
    }

    /// Subscribes `handler` to the next `eventName` only.
    pub fn once(
        #[wasm_bindgen(js_name = eventName, unchecked_param_type = "AgentSdkEventName")] event_name_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(event: any) => void")] handler: JsValue,
    ) -> Result<(), JsValue> {
        let name = event_name("once", &event_name_value)?;
        let handler = handler_fn("once", &handler)?;
        runtime::with(|rt| rt.emitter().add(&name, handler, true));
        Ok(())
    }

    /// Unsubscribes `handler` from `eventName`; without a handler, removes
    /// every handler of `eventName`; without arguments, removes all.
    pub fn off(
        #[wasm_bindgen(js_name = eventName, unchecked_param_type = "AgentSdkEventName | undefined")]
        event_name_value: JsValue,
        #[wasm_bindgen(unchecked_param_type = "((event: any) => void) | undefined")] handler: JsValue,
    ) -> Result<(), JsValue> {
        let name = if event_name_value.is_undefined() { None } else { Some(event_name("off", &event_name_value)?) };
        let handler =
            if handler.is_undefined() || handler.is_null() { None } else { Some(handler_fn("off", &handler)?) };
        runtime::with(|rt| rt.emitter().remove(name.as_deref(), handler.as_ref()));
        Ok(())
    }

    /// Softphone: answers the ringing call (microphone on, audio flowing).
    #[wasm_bindgen(js_name = sipLink, unchecked_return_type = "Promise<SdkResponse>")]
    pub fn sip_link() -> Promise {
        runtime::with(|rt| rt.phone_operation("sipLink", |phone, _| phone.link()))
    }

    /// Softphone: hangs up, or declines a ringing call.
    #[wasm_bindgen(js_name = sipUnlink, unchecked_return_type = "Promise<SdkResponse>")]
    pub fn sip_unlink() -> Promise {
        runtime::with(|rt| rt.phone_operation("sipUnlink", |phone, now| phone.unlink(now)))
    }

    /// Type guard: whether `value` is an error thrown or rejected by the SDK.
    #[wasm_bindgen(js_name = isAgentSdkError, unchecked_return_type = "value is AgentSdkError")]
    pub fn is_agent_sdk_error(value: JsValue) -> bool {
        error::is_agent_sdk_error(&value)
    }

    /// Every event name, by constant: `AgentSDK.EventType.AGENT_STATUS`.
    #[wasm_bindgen(getter = EventType, unchecked_return_type = "AgentSdkEventTypes")]
    pub fn event_type() -> JsValue {
        EVENT_TYPE.with(|o| o.clone().into())
    }

    /// Signs the agent in: opens the session and subscribes to its events.
    #[wasm_bindgen(unchecked_return_type = "Promise<LoginResponse>")]
    pub fn login(#[wasm_bindgen(unchecked_param_type = "LoginParams")] params: JsValue) -> Promise {
        runtime::with(|rt| {
            rt.request(|session, now| {
                if session.config().is_none() {
                    return Err(SdkError::not_initialized(LoginParams::ACTION));
                }
                check(LoginParams::ACTION, &LoginParams::SCHEMA, &params)?;
                let text = |key: &str| params.field(key).and_then(|v| v.as_string());
                let target = LoginTarget {
                    tenant_id: text("tenantId").unwrap_or_default(),
                    agent_no: text("agentNo").unwrap_or_default(),
                    web_socket_url: text("webSocketUrl"),
                };
                session.login(target, convert::params_json(LoginParams::ACTION, &params)?, now)
            })
        })
    }

    /// Signs the agent out and ends the session.
    #[wasm_bindgen(unchecked_return_type = "Promise<SdkResponse>")]
    pub fn logout(#[wasm_bindgen(unchecked_param_type = "LogoutParams")] params: JsValue) -> Promise {
        operation::<LogoutParams>(&params)
    }

    /// Sets the agent busy.
    #[wasm_bindgen(unchecked_return_type = "Promise<SdkResponse>")]
    pub fn pause(#[wasm_bindgen(unchecked_param_type = "PauseParams")] params: JsValue) -> Promise {
        operation::<PauseParams>(&params)
    }

    /// Sets the agent idle.
    #[wasm_bindgen(unchecked_return_type = "Promise<SdkResponse>")]
    pub fn unpause() -> Promise {
        operation::<UnpauseParams>(&JsValue::UNDEFINED)
    }

    /// Changes the agent's bound endpoint.
    #[wasm_bindgen(js_name = updateBoundEndpoint, unchecked_return_type = "Promise<SdkResponse>")]
    pub fn update_bound_endpoint(
        #[wasm_bindgen(unchecked_param_type = "UpdateBoundEndpointParams")] params: JsValue,
    ) -> Promise {
        operation::<UpdateBoundEndpointParams>(&params)
    }
}
