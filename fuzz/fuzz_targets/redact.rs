//! Redaction never panics, and a secret value given in the usual JSON form
//! is replaced whole, whatever it contains.
#![no_main]

use agent_sdk::core::redact::redact;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = redact(text);
    // Compare the whole output: a secret may well be a substring of the
    // key's own name (the fuzzer found `essionKe`).
    let secret = text.replace(['"', '\\'], "");
    let framed = format!(r#"{{"sessionKey":"{secret}"}}"#);
    assert_eq!(redact(&framed), r#"{"sessionKey":"***"}"#, "secret leaked");
});
