//! The softphone's browser side: its SIP WebSocket, and the media calls
//! into `media.js`. Decisions are the core's `Phone`; this file carries its
//! outputs out and the browser's answers back.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::phone::SoftphoneLogin;
use crate::core::quality::{RawSample, WarningChange};
use crate::protocol::events::WebrtcStatsEvent;
use crate::web::convert;
use crate::web::runtime;

#[wasm_bindgen(module = "/src/web/media.js")]
extern "C" {
    fn answer(offer: &str, stun_url: &str) -> Promise;
    fn renegotiate(offer: &str) -> Promise;
    fn end();
    fn ringtone(on: bool);
    fn stats() -> Promise;
    /// Every microphone and speaker: `{ deviceId, kind, label, groupId }[]`.
    pub fn devices() -> Promise;
    #[wasm_bindgen(js_name = useMicrophone)]
    pub fn use_microphone(id: &str) -> Promise;
    #[wasm_bindgen(js_name = useSpeaker)]
    pub fn use_speaker(id: &str) -> Promise;
    #[wasm_bindgen(js_name = useRingtoneOutput)]
    pub fn use_ringtone_output(id: &str) -> Promise;
    #[wasm_bindgen(js_name = onFallback)]
    pub fn on_fallback(listener: &js_sys::Function);
    #[wasm_bindgen(js_name = onProblem)]
    pub fn on_problem(listener: &js_sys::Function);
    #[wasm_bindgen(js_name = setAudioDebug)]
    pub fn set_audio_debug(on: bool);
    #[wasm_bindgen(js_name = statsEvent)]
    fn stats_object(ice_state: &str, dtls_state: &str, packets_state: &str, numbers: &[f64]) -> JsValue;
    #[wasm_bindgen(js_name = warningEvent)]
    fn warning_object(warning: &str, active: bool, value: f64, threshold: f64) -> JsValue;
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

/// Reads the call's statistics and hands them to the phone.
pub fn read_stats() {
    wasm_bindgen_futures::spawn_local(async {
        let raw = JsFuture::from(stats()).await.ok().filter(Array::is_array);
        runtime::with(|rt| rt.stats_done(raw.map(|raw| sample_of(&Array::from(&raw)))));
    });
}

/// `media.js`'s `stats()` array, in its order; what the browser did not
/// report is undefined there.
fn sample_of(raw: &Array) -> RawSample {
    let num = |i: u32| raw.get(i).as_f64();
    let zero = |i: u32| num(i).unwrap_or(0.0);
    RawSample {
        ice_state: raw.get(0).as_string().unwrap_or_default(),
        dtls_state: raw.get(1).as_string().unwrap_or_default(),
        packets_sent: zero(2),
        packets_received: zero(3),
        packets_lost: zero(4),
        jitter_s: zero(5),
        rtt_s: num(6),
        remote_fraction_lost: num(7),
        remote_jitter_s: num(8),
        energy_in: zero(9),
        duration_in: zero(10),
        energy_out: zero(11),
        duration_out: zero(12),
        timestamp: js_sys::Date::now(),
    }
}

/// The `webrtcStats` payload.
pub fn stats_event(e: &WebrtcStatsEvent) -> JsValue {
    let numbers = [
        e.packets_sent as f64,
        e.packets_received as f64,
        e.jitter,
        e.rtt,
        e.packet_loss_rate,
        e.sent_network_quality as f64,
        e.received_network_quality as f64,
        e.mos,
        e.audio_level_in,
        e.audio_level_out,
        e.timestamp,
    ];
    stats_object(&e.ice_state, &e.dtls_state, &e.packets_state, &numbers)
}

/// The `qualityWarning` payload.
pub fn warning_event(c: &WarningChange) -> JsValue {
    warning_object(c.warning.as_str(), c.active, c.value, c.threshold)
}
