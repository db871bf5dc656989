//! The softphone's browser side: its SIP WebSocket, and the media calls
//! into `media.js`. Decisions are the core's `Phone`; this file carries its
//! outputs out and the browser's answers back.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::phone::SoftphoneLogin;
use crate::web::convert;
use crate::web::runtime;

#[wasm_bindgen(module = "/src/web/media.js")]
extern "C" {
    fn answer(offer: &str, stun_url: &str) -> Promise;
    fn renegotiate(offer: &str) -> Promise;
    fn end();
    fn ringtone(on: bool);
}

/// The softphone part of a successful `loginResp`, if the agent logged in
/// with a softphone and the gateway gave one.
pub fn login_of(response: &JsValue) -> Option<(SoftphoneLogin, String)> {
    let text = |key: &str| convert::string_field(response, key);
    let endpoint = js_sys::Reflect::get(response, &"bindEndpoint".into()).ok()?;
    let login = SoftphoneLogin {
        socket_url: text("webrtcSocketUrl")?,
        domain: text("sipIp")?,
        user: convert::string_field(&endpoint, "endpoint")?,
        password: text("sipPwd")?,
    };
    Some((login, text("webrtcStunServer").unwrap_or_default()))
}

/// Makes the SDP answer for `offer` (a new call, or a re-INVITE on the
/// current one) and hands the result to the phone.
pub fn answer_media(offer: String, stun_url: String, again: bool) {
    wasm_bindgen_futures::spawn_local(async move {
        let promise = if again { renegotiate(&offer) } else { answer(&offer, &stun_url) };
        let result = JsFuture::from(promise).await;
        runtime::with(|rt| rt.media_done(result.map(|sdp| sdp.as_string().unwrap_or_default())));
    });
}

/// Releases the call's media.
pub fn end_media() {
    end();
}

/// Starts or stops the ringtone.
pub fn ring(on: bool) {
    ringtone(on);
}
