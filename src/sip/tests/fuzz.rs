//! Property test: 10,000 mutated copies of the real INVITE through the
//! parser, every typed reader, the printer and a live user agent, with no
//! panic (and printing a parsed message always parses back the same).

use super::support::{config, INVITE};
use crate::sip::digest;
use crate::sip::io::{Command, Input};
use crate::sip::sdp::Sdp;
use crate::sip::uri::{NameAddr, Uri};
use crate::sip::{parse, Message, UserAgent};

/// xorshift64: deterministic, no dependency.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes SIP gives meaning to, so mutations hit the parser's decisions.
const INTERESTING: &[u8] = b":;,<>\"\\=@?[]/ \t\r\n0123456789azAZ.-%*";

fn mutate(rng: &mut Xorshift, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = out.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if at < len => out[at] = INTERESTING[rng.below(INTERESTING.len())],
            1 if at < len => out[at] = rng.next() as u8,
            2 => {
                let end = (at + rng.below(40)).min(len);
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(60)).min(len);
                let copy = out[at..end].to_vec();
                let to = rng.below(out.len() + 1);
                out.splice(to..to, copy);
            }
            4 => out.truncate(at),
            5 => {
                out.splice(at..at, "é\u{1F600}\r\n ".bytes().take(1 + rng.below(9)));
            }
            _ => {
                let line = ["\r\n", "\n", "\r\n\r\n", ": ", ";", ",", "\"", "<", ">", "l: 99\r\n", "v: x\r\n"];
                out.splice(at..at, line[rng.below(line.len())].bytes());
            }
        }
    }
    out
}

/// Calls every reader a message offers; the results do not matter.
fn exercise(m: &Message<'_>) -> usize {
    let mut seen = 0;
    seen += m.vias().map(|v| v.branch().map_or(0, str::len) + v.received().map_or(0, str::len)).sum::<usize>();
    seen += m.vias().filter_map(|v| v.rport()).count();
    seen += [m.from_addr(), m.to_addr(), m.contact()]
        .into_iter()
        .flatten()
        .map(|a| {
            a.tag().map_or(0, str::len)
                + a.display_name().map_or(0, str::len)
                + a.parsed_uri().map_or(0, |u| u.host.len())
        })
        .sum::<usize>();
    seen += m.contacts().filter_map(|c| c.param("expires")).count();
    for route in m.record_routes().chain(m.routes()) {
        if let Ok(addr) = NameAddr::parse(route) {
            seen += addr.parsed_uri().map_or(0, |u| usize::from(u.has_param("lr")) + u.print().len());
        }
    }
    if let Some(uri) = m.request_uri() {
        seen += Uri::parse(uri).map_or(0, |u| u.params.len() + u.transport().map_or(0, str::len));
    }
    seen += m.cseq().map_or(0, |c| c.seq as usize);
    seen +=
        m.call_id().map_or(0, str::len) + m.max_forwards().unwrap_or(0) as usize + m.expires().unwrap_or(0) as usize;
    seen += m.content_type().map_or(0, str::len);
    seen += digest::pick(m.challenges()).map_or(0, |c| c.nonce.len());
    if let Ok(sdp) = Sdp::parse(&m.body) {
        seen += usize::from(sdp.is_hold()) + sdp.ice_credentials().map_or(0, |(u, p)| u.len() + p.len());
        seen += sdp.connection_address().map_or(0, str::len) + sdp.print().len();
        seen += sdp.with_direction(crate::sip::sdp::Direction::SendOnly).len();
    }
    seen
}

#[test]
fn ten_thousand_mutated_invites() {
    let mut rng = Xorshift(0x5eed_1234_abcd_0001);
    // A user agent with a ringing call, so mutated frames also reach the
    // in-dialog, CANCEL and ACK paths.
    let mut ua = UserAgent::new(config(), 7);
    ua.handle_input(Input::Frame(INVITE), 0).unwrap();
    let (mut parsed, mut total) = (0, 0usize);
    for i in 0..10_000u64 {
        let bytes = mutate(&mut rng, INVITE.as_bytes());
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(m) = parse(&text) {
            parsed += 1;
            total = total.wrapping_add(exercise(&m));
            let printed = m.print();
            let again = parse(&printed).unwrap_or_else(|e| panic!("reprint does not parse ({e}):\n{printed}"));
            assert_eq!(again, m);
        }
        let mutated_in_dialog =
            text.replacen("To: <sip:agent0001@cc.example.com>", "To: <sip:agent0001@cc.example.com>;tag=x", 1);
        for frame in [&*text, &mutated_in_dialog] {
            let _ = ua.handle_input(Input::Frame(frame), i * 10);
        }
        let _ = ua.handle_input(Input::Timeout, i * 10 + 5);
        if i % 500 == 0 {
            let _ = ua.handle_input(Input::Command(Command::Answer { sdp: "v=0\r\n".to_string() }), i * 10 + 6);
        }
        while ua.poll_output().is_some() {}
    }
    // Most mutations keep the message readable; some must not.
    assert!(parsed > 3_000 && parsed < 10_000, "parsed {parsed}");
    assert!(total > 0);
}
