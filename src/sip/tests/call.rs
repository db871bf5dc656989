//! Incoming call flows on a simulated clock: answer, ACK, BYE both ways,
//! CANCEL, decline, busy, and the 2xx retransmission.

use super::support::{events, kind, msg, reply, sdp, sent, Harness, INVITE, T1};
use crate::sip::io::{Command, CommandError, Event, Output};
use crate::sip::message::hdr;

const CALL_ID: &str = "6b3c1f2a4e5d47f89a0b1c2d3e4f5a6b@203.0.113.10";

/// A request from the far end in the call's dialog, through the proxy.
pub(super) fn in_dialog(method: &str, seq: u32, branch: &str, to_tag: &str, body: Option<&str>) -> String {
    let mut head = [
        method,
        " sip:agent0001@df7jal23ls0d.invalid;transport=ws SIP/2.0\r\n",
        "Via: SIP/2.0/WSS 198.51.100.20:443;branch=",
        branch,
        "\r\nMax-Forwards: 69\r\n",
        "From: \"Customer 4155550123\" <sip:+14155550123@carrier.example.com>;tag=as5f3a9c1e\r\n",
        "To: <sip:agent0001@cc.example.com>;tag=",
        to_tag,
        "\r\nCall-ID: ",
        CALL_ID,
        "\r\nCSeq: ",
        &seq.to_string(),
        " ",
        if method == "ACK" { "INVITE" } else { method },
        "\r\nContact: <sip:+14155550123@203.0.113.10:5060;transport=udp>\r\n",
    ]
    .concat();
    if method == "ACK" {
        head = head.replacen(" INVITE\r\n", " ACK\r\n", 1);
    }
    match body {
        Some(body) => {
            let len = body.len().to_string();
            [&head, "Content-Type: application/sdp\r\nContent-Length: ", &len, "\r\n\r\n", body].concat()
        }
        None => [&head, "Content-Length: 0\r\n\r\n"].concat(),
    }
}

/// The INVITE arrives; returns the harness and our To tag.
pub(super) fn ringing() -> (Harness, String) {
    let mut h = Harness::new();
    let out = h.frame(INVITE);
    let frames = sent(&out);
    assert_eq!(frames.iter().map(|f| kind(f)).collect::<Vec<_>>(), ["100", "180"]);
    let trying = msg(frames[0]);
    assert_eq!(trying.to_tag(), None);
    assert_eq!(trying.vias().count(), 2);
    let ringing = msg(frames[1]);
    let tag = ringing.to_tag().expect("180 has a To tag").to_string();
    assert_eq!(ringing.record_routes().count(), 2);
    assert_eq!(ringing.contact().map(|c| c.uri), Some("sip:agent0001@df7jal23ls0d.invalid;transport=ws"));
    let offer = msg(INVITE).body.to_string();
    assert_eq!(
        events(&out),
        [&Event::IncomingCall {
            call_id: CALL_ID.to_string(),
            from: "sip:+14155550123@carrier.example.com".to_string(),
            display_name: Some("Customer 4155550123".to_string()),
            sdp_offer: Some(offer),
            auto_answer: false,
        }]
    );
    (h, tag)
}

/// Answered and ACKed.
pub(super) fn established() -> (Harness, String) {
    let (mut h, tag) = ringing();
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    let out = h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, None));
    assert_eq!(events(&out), [&Event::CallEstablished { call_id: CALL_ID.to_string() }]);
    (h, tag)
}

#[test]
fn answer_ack_and_remote_bye() {
    let (mut h, tag) = ringing();
    let answer = sdp("sendrecv", "192.0.2.1", "me01");
    let out = h.command(Command::Answer { sdp: answer.clone() }).unwrap();
    let frames = sent(&out);
    assert_eq!(frames.len(), 1);
    let ok = msg(frames[0]);
    assert_eq!(ok.code(), Some(200));
    assert_eq!(ok.to_tag(), Some(tag.as_str()));
    assert_eq!(ok.header("CSeq"), Some("102 INVITE"));
    assert_eq!(ok.record_routes().count(), 2);
    assert_eq!(ok.content_type(), Some("application/sdp"));
    assert_eq!(ok.body, answer);
    assert!(ok.contact().is_some());
    assert!(events(&out).is_empty());

    let out = h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, None));
    assert_eq!(events(&out), [&Event::CallEstablished { call_id: CALL_ID.to_string() }]);
    assert!(sent(&out).is_empty());
    // The ACK stopped the 2xx retransmission: nothing is left to time.
    assert_eq!(h.ua.poll_timeout(), None);

    let out = h.frame(&in_dialog("BYE", 103, "z9hG4bKbye1", &tag, None));
    let frames = sent(&out);
    assert_eq!(frames.iter().map(|f| kind(f)).collect::<Vec<_>>(), ["200"]);
    assert_eq!(msg(frames[0]).header("CSeq"), Some("103 BYE"));
    assert_eq!(
        events(&out),
        [&Event::CallEnded { call_id: CALL_ID.to_string(), by_remote: true, reason: "BYE".to_string() }]
    );
    assert_eq!(h.ua.call_id(), None);
    // The dialog is gone: a second BYE gets 481.
    let out = h.frame(&in_dialog("BYE", 104, "z9hG4bKbye2", &tag, None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["481"]);
}

#[test]
fn two_hundred_is_retransmitted_until_the_ack() {
    let (mut h, tag) = ringing();
    let answered_at = h.now;
    let out = h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    let first = sent(&out)[0].to_string();
    let out = h.run_until(answered_at + 4_000);
    let times: Vec<u64> = out.iter().map(|(t, _)| t - answered_at).collect();
    assert_eq!(times, [T1, 3 * T1, 7 * T1]);
    assert!(out.iter().all(|(_, o)| *o == Output::Send(first.clone())));
    h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, None));
    assert!(h.run_until(answered_at + 100_000).is_empty());
}

#[test]
fn no_ack_ends_the_call_with_bye_at_64_t1() {
    let (mut h, _) = ringing();
    let answered_at = h.now;
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    let out = h.run_until(answered_at + 64 * T1);
    let retransmits = out.iter().filter(|(t, _)| *t < answered_at + 64 * T1).count();
    assert_eq!(retransmits, 10);
    let last: Vec<_> = out.iter().filter(|(t, _)| *t == answered_at + 64 * T1).map(|(_, o)| o).collect();
    assert_eq!(last.len(), 2);
    let Output::Send(bye) = last[0] else { panic!("expected BYE") };
    assert_eq!(kind(bye), "BYE");
    assert_eq!(
        last[1],
        &Output::Event(Event::CallEnded {
            call_id: CALL_ID.to_string(),
            by_remote: false,
            reason: "no ACK".to_string()
        })
    );
}

#[test]
fn local_bye_goes_through_the_record_route_set() {
    let (mut h, tag) = established();
    let out = h.command(Command::Hangup).unwrap();
    assert_eq!(
        events(&out),
        [&Event::CallEnded { call_id: CALL_ID.to_string(), by_remote: false, reason: "hangup".to_string() }]
    );
    let frames = sent(&out);
    assert_eq!(frames.len(), 1);
    let bye = msg(frames[0]);
    assert_eq!(bye.method(), Some("BYE"));
    // Loose routing: the Request-URI is the caller's Contact, the route set
    // is the Record-Route list in the order the INVITE had it (UAS side).
    assert_eq!(bye.request_uri(), Some("sip:+14155550123@203.0.113.10:5060;transport=udp"));
    assert_eq!(
        bye.routes().collect::<Vec<_>>(),
        [
            "<sip:198.51.100.20:443;transport=ws;r2=on;lr;ftag=as5f3a9c1e>",
            "<sip:198.51.100.20;r2=on;lr;ftag=as5f3a9c1e>"
        ]
    );
    assert_eq!(bye.from_addr().map(|a| a.uri), Some("sip:agent0001@cc.example.com"));
    assert_eq!(bye.from_tag(), Some(tag.as_str()));
    assert_eq!(bye.to_addr().map(|a| a.uri), Some("sip:+14155550123@carrier.example.com"));
    assert_eq!(bye.to_tag(), Some("as5f3a9c1e"));
    assert_eq!(bye.call_id(), Some(CALL_ID));
    assert_eq!(bye.header("CSeq"), Some("1 BYE"));
    assert_eq!(bye.top_via().map(|v| v.host), Some("df7jal23ls0d.invalid"));
    assert_eq!(bye.max_forwards(), Some(70));
    // The 200 for the BYE closes its transaction; nothing is left.
    let out = h.frame(&reply(frames[0], 200, None, &[], None));
    assert!(out.is_empty());
    assert_eq!(h.ua.poll_timeout(), None);
    assert_eq!(h.command(Command::Hangup), Err(CommandError::NoCall));
}

#[test]
fn hangup_before_the_ack_waits_for_it() {
    let (mut h, tag) = ringing();
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    let out = h.command(Command::Hangup).unwrap();
    assert!(sent(&out).is_empty());
    assert!(matches!(events(&out)[..], [Event::CallEnded { by_remote: false, .. }]));
    let out = h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, None));
    assert!(events(&out).is_empty());
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["BYE"]);
}

#[test]
fn cancel_while_ringing() {
    let (mut h, tag) = ringing();
    let cancel = INVITE.replacen("INVITE sip:", "CANCEL sip:", 1).replace("102 INVITE", "102 CANCEL").replace(
        "Content-Type: application/sdp\r\nContent-Length: 832",
        "Reason: SIP;cause=200;text=\"Call completed elsewhere\"\r\nContent-Length: 0",
    );
    let cancel = cancel.split("\r\n\r\n").next().unwrap().to_string() + "\r\n\r\n";
    let out = h.frame(&cancel);
    let frames = sent(&out);
    assert_eq!(frames.iter().map(|f| kind(f)).collect::<Vec<_>>(), ["200", "487"]);
    assert_eq!(msg(frames[0]).header("CSeq"), Some("102 CANCEL"));
    let terminated = msg(frames[1]);
    assert_eq!(terminated.header("CSeq"), Some("102 INVITE"));
    assert_eq!(terminated.to_tag(), Some(tag.as_str()));
    assert_eq!(
        events(&out),
        [&Event::CallCancelled {
            call_id: CALL_ID.to_string(),
            reason: Some("SIP;cause=200;text=\"Call completed elsewhere\"".to_string())
        }]
    );
    // The ACK for the 487 reuses the INVITE's branch and ends its transaction.
    assert!(h.ua.poll_timeout().is_some());
    let ack = in_dialog("ACK", 102, "z9hG4bK7a1f.2c3e9b4d1c0f8a6e5b7d9c2a1e3f4b5c.0", &tag, None);
    assert!(h.frame(&ack).is_empty());
    assert_eq!(h.ua.poll_timeout(), None);
    assert_eq!(h.command(Command::Answer { sdp: "v=0".to_string() }), Err(CommandError::NoCall));
}

#[test]
fn timer_h_clears_a_487_never_acked() {
    let (mut h, _) = ringing();
    let start = h.now;
    h.command(Command::Decline { code: 486 }).unwrap();
    assert_eq!(h.ua.poll_timeout(), Some(start + 64 * T1));
    assert!(h.run_until(start + 64 * T1).is_empty());
    assert_eq!(h.ua.poll_timeout(), None);
}

#[test]
fn cancel_for_nothing_gets_481() {
    let mut h = Harness::new();
    let cancel = in_dialog("CANCEL", 1, "z9hG4bKnothing", "", None).replace(";tag=\r\n", "\r\n");
    let out = h.frame(&cancel);
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["481"]);
}

#[test]
fn decline_and_busy() {
    let (mut h, tag) = ringing();
    assert_eq!(
        h.command(Command::Decline { code: 200 }),
        Err(CommandError::BadArgument("decline code must be 300 to 699"))
    );
    let out = h.command(Command::Decline { code: 486 }).unwrap();
    let frames = sent(&out);
    assert_eq!(frames.iter().map(|f| kind(f)).collect::<Vec<_>>(), ["486"]);
    assert_eq!(msg(frames[0]).to_tag(), Some(tag.as_str()));
    assert_eq!(
        events(&out),
        [&Event::CallEnded { call_id: CALL_ID.to_string(), by_remote: false, reason: "declined".to_string() }]
    );

    // Hangup while ringing declines with 603.
    let (mut h, _) = ringing();
    let out = h.command(Command::Hangup).unwrap();
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["603"]);

    // A second call while one is up is busy; the first is untouched.
    let (mut h, _) = established();
    let other = INVITE.replace(CALL_ID, "second-call@203.0.113.10").replace("z9hG4bK7a1f", "z9hG4bK8b2e");
    let out = h.frame(&other);
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["486"]);
    assert!(events(&out).is_empty());
    assert_eq!(h.ua.call_id(), Some(CALL_ID));
}

#[test]
fn retransmitted_invite_repeats_the_last_response() {
    let (mut h, _) = ringing();
    let out = h.frame(INVITE);
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["180"]);
    assert!(events(&out).is_empty());
}

#[test]
fn caller_bye_on_the_early_dialog() {
    let (mut h, tag) = ringing();
    let out = h.frame(&in_dialog("BYE", 103, "z9hG4bKbye1", &tag, None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["200", "487"]);
    assert!(matches!(events(&out)[..], [Event::CallEnded { by_remote: true, .. }]));
}

#[test]
fn offerless_invite_gets_the_answer_in_the_ack() {
    let mut h = Harness::new();
    let invite = INVITE
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .replace("Content-Type: application/sdp\r\nContent-Length: 832", "Content-Length: 0")
        + "\r\n\r\n";
    let out = h.frame(&invite);
    let ringing = sent(&out)[1].to_string();
    let tag = msg(&ringing).to_tag().unwrap().to_string();
    assert!(matches!(events(&out)[..], [Event::IncomingCall { sdp_offer: None, .. }]));
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    let answer = sdp("sendonly", "203.0.113.10", "3fW9");
    let out = h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, Some(&answer)));
    assert_eq!(
        events(&out),
        [
            &Event::RemoteHold(true),
            &Event::RemoteAnswer { sdp: answer.clone() },
            &Event::CallEstablished { call_id: CALL_ID.to_string() }
        ]
    );
}

#[test]
fn other_requests() {
    let (mut h, tag) = established();
    let answers = |h: &mut Harness, text: &str| sent(&h.frame(text)).iter().map(|f| kind(f)).collect::<Vec<_>>();
    let options = in_dialog("OPTIONS", 104, "z9hG4bKo1", &tag, None);
    assert_eq!(answers(&mut h, &options), ["200"]);
    let out_of_dialog = in_dialog("OPTIONS", 1, "z9hG4bKo2", "", None).replace(";tag=\r\n", "\r\n");
    let out = h.frame(&out_of_dialog);
    let ok = msg(sent(&out)[0]);
    assert_eq!(ok.header(hdr::ALLOW), Some("INVITE, ACK, CANCEL, BYE, OPTIONS"));
    assert_eq!(ok.header(hdr::ACCEPT), Some("application/sdp"));
    let subscribe = in_dialog("SUBSCRIBE", 1, "z9hG4bKs1", "", None).replace(";tag=\r\n", "\r\n");
    let out = h.frame(&subscribe);
    assert_eq!(kind(sent(&out)[0]), "405");
    assert!(msg(sent(&out)[0]).header(hdr::ALLOW).is_some());
    let info = in_dialog("INFO", 105, "z9hG4bKi1", &tag, None);
    assert_eq!(answers(&mut h, &info), ["405"]);
    let unknown = in_dialog("FROBNICATE", 106, "z9hG4bKf1", &tag, None);
    assert_eq!(answers(&mut h, &unknown), ["501"]);
    let wrong_dialog = in_dialog("BYE", 107, "z9hG4bKb1", "not-ours", None);
    assert_eq!(answers(&mut h, &wrong_dialog), ["481"]);
    let old_cseq = in_dialog("OPTIONS", 50, "z9hG4bKo3", &tag, None);
    assert_eq!(answers(&mut h, &old_cseq), ["500"]);
    let requires = in_dialog("OPTIONS", 108, "z9hG4bKo4", &tag, None)
        .replace("Content-Length: 0", "Require: 100rel, outbound\r\nContent-Length: 0");
    let out = h.frame(&requires);
    assert_eq!(kind(sent(&out)[0]), "420");
    assert_eq!(msg(sent(&out)[0]).header(hdr::UNSUPPORTED), Some("100rel"));
    assert_eq!(h.ua.call_id(), Some(CALL_ID));
}

#[test]
fn unusable_frames() {
    let mut h = Harness::new();
    assert!(h.frame("\r\n\r\n").is_empty());
    assert_eq!(h.frame("garbage"), [Output::Event(Event::Discarded { reason: "malformed start line" })]);
    let no_call_id = in_dialog("OPTIONS", 1, "z9hG4bKx", "", None).replace("Call-ID", "X-Call-ID");
    let out = h.frame(&no_call_id);
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["400"]);
    assert_eq!(events(&out), [&Event::Discarded { reason: "request missing mandatory headers" }]);
    // A response nobody asked for is dropped quietly.
    assert!(h.frame(&reply(INVITE, 200, Some("x"), &[], None)).is_empty());
    let not_sdp = INVITE.replace("application/sdp", "text/plain");
    assert_eq!(sent(&h.frame(&not_sdp)).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["415"]);
}
