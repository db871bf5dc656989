//! Whatever the gateway sends, a logged-in session classifies it or reports
//! it, and keeps working: no panic, and the heartbeat still runs.
#![no_main]

use agent_sdk::core::{LoginTarget, Session};
use agent_sdk::protocol::frame::FrameHead;
use agent_sdk::protocol::setup::SetupConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut session = Session::new(1);
    session.setup(SetupConfig { base_url: "http://127.0.0.1:8080".into(), ..Default::default() });
    let target = LoginTarget { tenant_id: "t1".into(), agent_no: "0001".into(), web_socket_url: None };
    let Ok(id) = session.login(target, "{}".into(), 0) else { return };
    session.socket_opened(0);
    let login = format!(r#"{{"id":{id},"action":"loginResp","code":0,"token":"t","heartbeatIntervalMs":5000}}"#);
    session.handle_frame(serde_json::from_str(&login).unwrap(), 0);
    let mut now = 0;
    // Several frames per input: split on newlines, as a stream of pushes.
    for line in data.split(|b| *b == b'\n') {
        let Ok(text) = std::str::from_utf8(line) else { continue };
        if let Ok(head) = serde_json::from_str::<FrameHead>(text) {
            session.handle_frame(head, now);
        }
        now += 1_000;
        session.handle_timeout(now);
        while session.poll_output().is_some() {}
    }
    let _ = session.request("unpause", "{}", now);
    let _ = session.poll_timeout();
});
