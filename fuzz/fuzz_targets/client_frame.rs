//! Whatever a client sends the gateway, the frame parser and every
//! operation's parameter rules answer without panicking.
#![no_main]

use agent_sdk::protocol::frame::ClientFrame;
use agent_sdk::protocol::ops::registry::OPERATIONS;
use agent_sdk::protocol::schema::check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(ClientFrame::Request { params, .. }) = ClientFrame::parse(text) {
        // Every schema, not only the named one: more rule paths per input.
        for (_, schema) in OPERATIONS {
            let _ = check(schema, &&params);
        }
    }
});
