//! Any SDP from the far end: reading directions, addresses and ICE
//! credentials, and rewriting the direction, never panic.
#![no_main]

use agent_sdk::sip::sdp::{Direction, Sdp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(sdp) = Sdp::parse(text) else { return };
    let _ = (sdp.direction(), sdp.connection_address(), sdp.ice_credentials(), sdp.is_hold());
    let _ = sdp.audio().map(|m| (m.kind(), m.port(), m.attribute("rtpmap")));
    let rewritten = sdp.with_direction(Direction::SendOnly);
    let _ = Sdp::parse(&rewritten).map(|s| s.direction());
    let _ = sdp.print();
});
