//! Any frame on the SIP WebSocket: the parser answers without panicking,
//! and whatever it accepts prints back to something that parses again to
//! the same message. The same bytes then go to a registered user agent.
#![no_main]

use agent_sdk::sip::{parse, Command, Config, Input, UserAgent};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(message) = parse(text) {
        let printed = message.print();
        let again = parse(&printed).expect("a printed message parses");
        assert_eq!(again.print(), printed, "printing is stable");
    }
    let mut ua = UserAgent::new(Config::new("sip:8001@127.0.0.1", "secret"), 7);
    let _ = ua.handle_input(Input::Command(Command::Register), 0);
    while ua.poll_output().is_some() {}
    let _ = ua.handle_input(Input::Frame(text), 10);
    let _ = ua.handle_input(Input::Timeout, 40_000);
    while ua.poll_output().is_some() {}
});
