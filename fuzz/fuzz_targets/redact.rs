//! Redaction never panics, and a secret value given in the usual JSON form
//! never survives it.
#![no_main]

use agent_sdk::core::redact::redact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let out = redact(text);
    let framed = format!(r#"{{"sessionKey":"{}"}}"#, text.replace(['"', '\\'], ""));
    if text.len() > 3 && !text.contains(['"', '\\']) {
        assert!(!redact(&framed).contains(text), "secret leaked: {out}");
    }
});
