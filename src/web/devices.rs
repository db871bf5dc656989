//! Audio devices, an extension of the seed's API: list the microphones and
//! speakers, and choose the microphone, the call's speaker and the
//! ringtone's output. Choosing a microphone mid-call swaps the track on
//! the same RTP sender (`replaceTrack`), with no renegotiation.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::{ErrorCode, SdkError};
use crate::protocol::Invalid;
use crate::web::api::AgentSdk;
use crate::web::{convert, error, softphone};

fn media_error(action: &str, cause: &JsValue) -> JsValue {
    let why = convert::string_field(cause, "message").unwrap_or_else(|| "the browser refused".into());
    error::to_js(&SdkError::new(ErrorCode::MediaNotSupported, format!("{action}: {why}")).with_action(action))
}

/// Checks that `device_id` names a device of `kind` the browser lists now,
/// then hands it to `apply`.
async fn choose(
    action: &'static str,
    kind: &str,
    device_id: JsValue,
    apply: fn(&str) -> Promise,
) -> Result<(), JsValue> {
    let invalid = |rule: &str| error::to_js(&SdkError::invalid(action, &Invalid::new("deviceId", rule)));
    let id = device_id.as_string().ok_or_else(|| invalid("must be a string"))?;
    let list = JsFuture::from(softphone::devices()).await.map_err(|e| media_error(action, &e))?;
    let listed = Array::from(&list).iter().any(|d| {
        convert::string_field(&d, "kind").as_deref() == Some(kind)
            && convert::string_field(&d, "deviceId").as_deref() == Some(id.as_str())
    });
    if !listed {
        let what = if kind == "audioinput" { "a microphone" } else { "a speaker" };
        return Err(invalid(&format!("must be the deviceId of {what} (an {kind} of getAudioDevices())")));
    }
    JsFuture::from(apply(&id)).await.map(|_| ()).map_err(|e| media_error(action, &e))
}

/// One promise type for the three choosers: one copy of the async code.
fn device_op(action: &'static str, kind: &'static str, device_id: JsValue, apply: fn(&str) -> Promise) -> Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        choose(action, kind, device_id, apply).await?;
        Ok(JsValue::UNDEFINED)
    })
}

#[wasm_bindgen(js_class = AgentSDK)]
impl AgentSdk {
    /// Lists the microphones (`audioinput`) and speakers (`audiooutput`).
    /// Labels are empty until the page has had microphone permission.
    #[wasm_bindgen(js_name = getAudioDevices, unchecked_return_type = "Promise<AudioDevice[]>")]
    pub fn get_audio_devices() -> Promise {
        softphone::devices()
    }

    /// Chooses the microphone, by `deviceId` from `getAudioDevices()`. In a
    /// call the new microphone takes over at once.
    #[wasm_bindgen(js_name = setMicrophone, unchecked_return_type = "Promise<void>")]
    pub fn set_microphone(
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "string")] device_id: JsValue,
    ) -> Promise {
        device_op("setMicrophone", "audioinput", device_id, softphone::use_microphone)
    }

    /// Chooses the speaker the call is heard on (`setSinkId`).
    #[wasm_bindgen(js_name = setSpeaker, unchecked_return_type = "Promise<void>")]
    pub fn set_speaker(
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "string")] device_id: JsValue,
    ) -> Promise {
        device_op("setSpeaker", "audiooutput", device_id, softphone::use_speaker)
    }

    /// Chooses the speaker the ringtone plays on.
    #[wasm_bindgen(js_name = setRingtoneOutput, unchecked_return_type = "Promise<void>")]
    pub fn set_ringtone_output(
        #[wasm_bindgen(js_name = deviceId, unchecked_param_type = "string")] device_id: JsValue,
    ) -> Promise {
        device_op("setRingtoneOutput", "audiooutput", device_id, softphone::use_ringtone_output)
    }
}
