//! A simulated clock and a scripted far end for driving the user agent.

use crate::sip::build;
use crate::sip::io::{Command, CommandError, Event, Input, Output};
use crate::sip::message::{hdr, Message};
use crate::sip::{parse, Config, UserAgent};

/// The real fixture: an INVITE from a carrier through a Kamailio proxy.
pub const INVITE: &str = include_str!("../../../tests/fixtures/invite.sip");

/// T1 with the default timers.
pub const T1: u64 = 500;

/// The configuration the tests register with.
pub fn config() -> Config {
    let mut config = Config::new("sip:agent0001@cc.example.com", "s3cret");
    config.contact_host = "df7jal23ls0d.invalid".to_string();
    config.instance_id = "urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c".to_string();
    config.user_agent = "softphone-test".to_string();
    config
}

/// A user agent and the simulated time.
pub struct Harness {
    pub ua: UserAgent,
    pub now: u64,
}

impl Harness {
    pub fn new() -> Self {
        Self::with_config(config())
    }

    pub fn with_config(config: Config) -> Self {
        Self { ua: UserAgent::new(config, 42), now: 1_000 }
    }

    /// Feeds a frame and returns what came out.
    pub fn frame(&mut self, text: &str) -> Vec<Output> {
        self.ua.handle_input(Input::Frame(text), self.now).unwrap();
        self.drain()
    }

    pub fn command(&mut self, command: Command) -> Result<Vec<Output>, CommandError> {
        self.ua.handle_input(Input::Command(command), self.now)?;
        Ok(self.drain())
    }

    /// Runs every timer due up to `until`, at the exact deadline it asked
    /// for, and returns what came out with the time it came out.
    pub fn run_until(&mut self, until: u64) -> Vec<(u64, Output)> {
        let mut out = Vec::new();
        while let Some(deadline) = self.ua.poll_timeout().filter(|d| *d <= until) {
            assert!(deadline >= self.now, "timer in the past: {deadline} < {}", self.now);
            self.now = deadline;
            self.ua.handle_input(Input::Timeout, self.now).unwrap();
            out.extend(self.drain().into_iter().map(|o| (deadline, o)));
        }
        self.now = until;
        out
    }

    pub fn drain(&mut self) -> Vec<Output> {
        std::iter::from_fn(|| self.ua.poll_output()).collect()
    }
}

/// The frames in `outputs`.
pub fn sent(outputs: &[Output]) -> Vec<&str> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Send(text) => Some(text.as_str()),
            Output::Event(_) => None,
        })
        .collect()
}

/// The events in `outputs`.
pub fn events(outputs: &[Output]) -> Vec<&Event> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Event(e) => Some(e),
            Output::Send(_) => None,
        })
        .collect()
}

/// Parses a frame the UA sent (it must always parse).
pub fn msg(text: &str) -> Message<'_> {
    parse(text).unwrap_or_else(|e| panic!("the UA sent an unparseable frame ({e}):\n{text}"))
}

/// The status code or method of a frame, for compact assertions.
pub fn kind(text: &str) -> String {
    let m = msg(text);
    match m.code() {
        Some(code) => code.to_string(),
        None => m.method().unwrap_or("").to_string(),
    }
}

/// A reply from the far end to `request`, with `tag` on To and extra headers.
pub fn reply(request: &str, code: u16, tag: Option<&str>, extra: &[(&str, &str)], body: Option<&str>) -> String {
    let request = msg(request);
    let mut response = build::response(&request, code, tag, false);
    let reason = match code {
        403 => "Forbidden",
        503 => "Service Unavailable",
        _ => crate::sip::message::reason_phrase(code),
    };
    response.start = crate::sip::StartLine::Response { code, reason: reason.into() };
    for (name, value) in extra {
        response.push(*name, *value);
    }
    match body {
        Some(body) => response.set_body("application/sdp", body),
        None => response.push(hdr::CONTENT_LENGTH, "0"),
    }
    response.print()
}

/// An SDP offer or answer with the given direction, address and ufrag.
pub fn sdp(direction: &str, address: &str, ufrag: &str) -> String {
    [
        "v=0\r\no=- 4611731400430051336 3 IN IP4 203.0.113.10\r\ns=-\r\nc=IN IP4 ",
        address,
        "\r\nt=0 0\r\nm=audio 40376 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:",
        ufrag,
        "\r\na=ice-pwd:kQmf2pJ1Hx8xd9Rr6GdT4hVz\r\na=",
        direction,
        "\r\na=rtpmap:111 opus/48000/2\r\n",
    ]
    .concat()
}
