//! `setup({ observability: true })` in the page: the core's [`Uploader`]
//! decides what and when; this file sends a batch with `fetch` and hands
//! the outcome back, without the SDK ever waiting for it.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::web::runtime;

/// Where batches go, under the gateway's `baseURL`.
pub const PATH: &str = "/v1/observability";

#[wasm_bindgen(module = "/src/web/upload.js")]
extern "C" {
    fn upload(url: &str, token: &str, body: &str) -> Promise;
}

/// Sends `body` to `base_url`'s observability endpoint with the session
/// `token`; the runtime hears the outcome later.
pub fn send(base_url: &str, token: &str, body: &str) {
    let url = format!("{}{PATH}", base_url.trim_end_matches('/'));
    let pending = JsFuture::from(upload(&url, token, body));
    wasm_bindgen_futures::spawn_local(async move {
        let accepted = pending.await.ok().and_then(|v| v.as_bool()).unwrap_or(false);
        runtime::with(|rt| rt.upload_done(accepted));
    });
}
