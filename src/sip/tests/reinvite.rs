//! Re-INVITE flows: remote hold and unhold, ICE restarts, our own offer,
//! glare (491) with the RFC 3261 back-off drawn from the seed.

use super::call::{established, in_dialog};
use super::support::{events, kind, msg, reply, sdp, sent, Harness};
use crate::sip::io::{Command, CommandError, Event, Output};

const CALL_ID: &str = "6b3c1f2a4e5d47f89a0b1c2d3e4f5a6b@203.0.113.10";

/// The far end re-INVITEs with `offer`; we answer. Returns the events of
/// both steps.
fn remote_reinvite(h: &mut Harness, tag: &str, seq: u32, offer: &str) -> Vec<Event> {
    let branch = ["z9hG4bKre", &seq.to_string()].concat();
    let out = h.frame(&in_dialog("INVITE", seq, &branch, tag, Some(offer)));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["100"]);
    let mut all: Vec<Event> = events(&out).into_iter().cloned().collect();
    let out = h.command(Command::Answer { sdp: sdp("recvonly", "192.0.2.1", "me01") }).unwrap();
    let frames = sent(&out);
    assert_eq!(frames.len(), 1);
    let ok = msg(frames[0]);
    assert_eq!((ok.code(), ok.to_tag()), (Some(200), Some(tag)));
    assert_eq!(ok.cseq().map(|c| c.seq), Some(seq));
    all.extend(events(&out).into_iter().cloned());
    let ack = h.frame(&in_dialog("ACK", seq, "z9hG4bKack", tag, None));
    assert!(ack.is_empty());
    assert_eq!(h.ua.poll_timeout(), None);
    all
}

#[test]
fn remote_hold_and_unhold() {
    let (mut h, tag) = established();
    let hold = sdp("sendonly", "203.0.113.10", "3fW9");
    let events = remote_reinvite(&mut h, &tag, 103, &hold);
    assert_eq!(events, [Event::NeedsAnswerSdp { offer: hold, ice_restart: false }, Event::RemoteHold(true)]);

    let resume = sdp("sendrecv", "203.0.113.10", "3fW9");
    let events = remote_reinvite(&mut h, &tag, 104, &resume);
    assert_eq!(events, [Event::NeedsAnswerSdp { offer: resume, ice_restart: false }, Event::RemoteHold(false)]);

    // The RFC 2543 way: a zero connection address.
    let zero = sdp("sendrecv", "0.0.0.0", "3fW9");
    let events = remote_reinvite(&mut h, &tag, 105, &zero);
    assert_eq!(events.last(), Some(&Event::RemoteHold(true)));
    let inactive = sdp("inactive", "203.0.113.10", "3fW9");
    // Still on hold: no new event.
    let events = remote_reinvite(&mut h, &tag, 106, &inactive);
    assert_eq!(events.len(), 1);
}

#[test]
fn remote_ice_restart_is_flagged() {
    let (mut h, tag) = established();
    let restart = sdp("sendrecv", "203.0.113.10", "nEw1");
    let events = remote_reinvite(&mut h, &tag, 103, &restart);
    assert_eq!(events, [Event::NeedsAnswerSdp { offer: restart, ice_restart: true }]);
    let same = sdp("sendrecv", "203.0.113.10", "nEw1");
    let events = remote_reinvite(&mut h, &tag, 104, &same);
    assert_eq!(events, [Event::NeedsAnswerSdp { offer: same, ice_restart: false }]);
}

#[test]
fn remote_reinvite_updates_the_target_and_can_be_declined() {
    let (mut h, tag) = established();
    let moved = in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&sdp("sendrecv", "203.0.113.10", "3fW9")))
        .replace("203.0.113.10:5060;transport=udp>", "203.0.113.99:5070;transport=udp>");
    h.frame(&moved);
    let out = h.command(Command::Decline { code: 488 }).unwrap();
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["488"]);
    // Declined: the target did not move, the call goes on.
    let out = h.command(Command::Hangup).unwrap();
    assert_eq!(msg(sent(&out)[0]).request_uri(), Some("sip:+14155550123@203.0.113.10:5060;transport=udp"));

    let (mut h, tag) = established();
    h.frame(&moved);
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
    h.frame(&in_dialog("ACK", 103, "z9hG4bKack", &tag, None));
    let out = h.command(Command::Hangup).unwrap();
    assert_eq!(msg(sent(&out)[0]).request_uri(), Some("sip:+14155550123@203.0.113.99:5070;transport=udp"));
}

#[test]
fn offerless_reinvite_asks_for_an_offer() {
    let (mut h, tag) = established();
    let out = h.frame(&in_dialog("INVITE", 103, "z9hG4bKre1", &tag, None));
    assert_eq!(events(&out), [&Event::NeedsOfferSdp]);
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me02") }).unwrap();
    let answer = sdp("sendrecv", "203.0.113.10", "3fW9");
    let out = h.frame(&in_dialog("ACK", 103, "z9hG4bKack", &tag, Some(&answer)));
    assert_eq!(events(&out), [&Event::RemoteAnswer { sdp: answer }]);
}

#[test]
fn overlapping_remote_reinvite_gets_500_with_retry_after() {
    let (mut h, tag) = established();
    h.frame(&in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&sdp("sendrecv", "203.0.113.10", "3fW9"))));
    let out = h.frame(&in_dialog("INVITE", 104, "z9hG4bKre2", &tag, Some(&sdp("sendrecv", "203.0.113.10", "3fW9"))));
    let frames = sent(&out);
    assert_eq!(kind(frames[0]), "500");
    let retry_after: u32 = msg(frames[0]).header("Retry-After").unwrap().parse().unwrap();
    assert!(retry_after <= 10);
}

/// Sends our re-INVITE; returns its text.
fn our_reinvite(h: &mut Harness, offer: &str) -> String {
    let out = h.command(Command::Reinvite { sdp: offer.to_string() }).unwrap();
    let frames = sent(&out);
    assert_eq!(frames.len(), 1);
    frames[0].to_string()
}

#[test]
fn our_reinvite_for_an_ice_restart() {
    let (mut h, tag) = established();
    let offer = sdp("sendrecv", "192.0.2.1", "rst1");
    let invite = our_reinvite(&mut h, &offer);
    let m = msg(&invite);
    assert_eq!(m.method(), Some("INVITE"));
    assert_eq!(m.request_uri(), Some("sip:+14155550123@203.0.113.10:5060;transport=udp"));
    assert_eq!(m.routes().count(), 2);
    assert_eq!(m.header("CSeq"), Some("1 INVITE"));
    assert_eq!(m.from_tag(), Some(tag.as_str()));
    assert_eq!(m.to_tag(), Some("as5f3a9c1e"));
    assert_eq!(m.body, offer);
    assert!(m.contact().is_some());
    // Nothing else may start meanwhile.
    assert_eq!(
        h.command(Command::Reinvite { sdp: offer.clone() }),
        Err(CommandError::InvalidState("an offer/answer exchange is in progress"))
    );

    h.frame(&reply(&invite, 100, None, &[], None));
    let answer = sdp("sendrecv", "203.0.113.10", "rst2");
    let ok =
        reply(&invite, 200, Some("as5f3a9c1e"), &[("Contact", "<sip:+14155550123@203.0.113.10:5060>")], Some(&answer));
    let out = h.frame(&ok);
    let frames = sent(&out);
    assert_eq!(frames.len(), 1);
    let ack = msg(frames[0]);
    assert_eq!(ack.method(), Some("ACK"));
    assert_eq!(ack.header("CSeq"), Some("1 ACK"));
    assert_ne!(ack.top_via().unwrap().branch(), m.top_via().unwrap().branch());
    assert_eq!(ack.routes().count(), 2);
    assert_eq!(ack.request_uri(), Some("sip:+14155550123@203.0.113.10:5060"));
    assert_eq!(events(&out), [&Event::RemoteAnswer { sdp: answer }]);
    // A retransmitted 200 gets the same ACK again.
    let again = h.frame(&ok);
    assert_eq!(sent(&again), [frames[0]]);
    assert_eq!(h.ua.poll_timeout(), None);
}

#[test]
fn our_reinvite_refused() {
    let (mut h, _) = established();
    let invite = our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst1"));
    let out = h.frame(&reply(&invite, 488, Some("as5f3a9c1e"), &[], None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["ACK"]);
    assert_eq!(events(&out), [&Event::ReinviteFailed { code: 488, reason: "Not Acceptable Here".to_string() }]);
    // The call goes on and can try again.
    our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst2"));
}

#[test]
fn our_reinvite_unanswered_ends_the_call() {
    let (mut h, _) = established();
    let start = h.now;
    our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst1"));
    let out = h.run_until(start + 64 * 500);
    let outputs: Vec<&Output> = out.iter().map(|(_, o)| o).collect();
    assert_eq!(outputs.len(), 2);
    assert!(matches!(outputs[0], Output::Send(bye) if kind(bye) == "BYE"));
    assert_eq!(
        outputs[1],
        &Output::Event(Event::CallEnded {
            call_id: CALL_ID.to_string(),
            by_remote: false,
            reason: "re-INVITE timed out".to_string()
        })
    );
}

#[test]
fn our_reinvite_481_ends_the_call() {
    let (mut h, _) = established();
    let invite = our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst1"));
    let out = h.frame(&reply(&invite, 481, Some("as5f3a9c1e"), &[], None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["ACK"]);
    assert!(matches!(events(&out)[..], [Event::CallEnded { reason, .. }] if reason == "dialog gone"));
    assert_eq!(h.ua.call_id(), None);
}

#[test]
fn glare_491_both_ways_then_retry_after_the_random_delay() {
    let (mut h, tag) = established();
    let offer = sdp("sendrecv", "192.0.2.1", "rst1");
    let invite = our_reinvite(&mut h, &offer);
    // Their re-INVITE crosses ours: they get 491.
    let theirs = in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&sdp("sendrecv", "203.0.113.10", "x1")));
    let out = h.frame(&theirs);
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["491"]);
    assert!(events(&out).is_empty());
    assert!(h.frame(&in_dialog("ACK", 103, "z9hG4bKre1", &tag, None)).is_empty());
    // Ours gets 491 too: the transaction ACKs it, and a retry is scheduled
    // 0 to 2 s later, in 10 ms steps (we do not own the Call-ID).
    let glare_at = h.now;
    let out = h.frame(&reply(&invite, 491, Some("as5f3a9c1e"), &[], None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["ACK"]);
    assert!(events(&out).is_empty());
    let retry_at = h.ua.poll_timeout().unwrap();
    let delay = retry_at - glare_at;
    assert!(delay <= 2_000 && delay % 10 == 0, "delay {delay}");
    assert!(h.run_until(retry_at - 1).is_empty());
    let out = h.run_until(retry_at);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].0, retry_at);
    let Output::Send(retry) = &out[0].1 else { panic!("expected the retry") };
    let m = msg(retry);
    assert_eq!(m.header("CSeq"), Some("2 INVITE"));
    assert_eq!(m.body, offer);
    let answer = sdp("sendrecv", "203.0.113.10", "x2");
    let out = h.frame(&reply(retry, 200, Some("as5f3a9c1e"), &[], Some(&answer)));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["ACK"]);
    assert_eq!(events(&out), [&Event::RemoteAnswer { sdp: answer }]);
}

#[test]
fn the_delay_comes_from_the_seed() {
    let delay = |seed: u64| {
        let mut h = Harness::with_config(super::support::config());
        h.ua = crate::sip::UserAgent::new(super::support::config(), seed);
        let out = h.frame(super::support::INVITE);
        let tag = msg(sent(&out)[1]).to_tag().unwrap().to_string();
        h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }).unwrap();
        h.frame(&in_dialog("ACK", 102, "z9hG4bKack1", &tag, None));
        let invite = our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst1"));
        let at = h.now;
        h.frame(&reply(&invite, 491, Some("as5f3a9c1e"), &[], None));
        h.ua.poll_timeout().unwrap() - at
    };
    assert_eq!(delay(1), delay(1));
    let delays: std::collections::BTreeSet<u64> = (1..20).map(delay).collect();
    assert!(delays.len() > 5, "{delays:?}");
}

#[test]
fn their_offer_during_our_back_off_wins() {
    let (mut h, tag) = established();
    let invite = our_reinvite(&mut h, &sdp("sendrecv", "192.0.2.1", "rst1"));
    h.frame(&reply(&invite, 491, Some("as5f3a9c1e"), &[], None));
    let offer = sdp("sendrecv", "203.0.113.10", "x1");
    let out = h.frame(&in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&offer)));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["100"]);
    assert_eq!(
        events(&out),
        [
            &Event::ReinviteFailed { code: 491, reason: "overtaken by the far end's offer".to_string() },
            &Event::NeedsAnswerSdp { offer, ice_restart: true }
        ]
    );
    h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "rst1") }).unwrap();
    h.frame(&in_dialog("ACK", 103, "z9hG4bKack", &tag, None));
    // No retry is left behind.
    assert_eq!(h.ua.poll_timeout(), None);
}

#[test]
fn reinvite_needs_an_established_call() {
    let mut h = Harness::new();
    assert_eq!(h.command(Command::Reinvite { sdp: "v=0".to_string() }), Err(CommandError::NoCall));
    h.frame(super::support::INVITE);
    assert_eq!(
        h.command(Command::Reinvite { sdp: "v=0".to_string() }),
        Err(CommandError::InvalidState("the call is not established"))
    );
}

#[test]
fn hangup_answers_a_pending_reinvite_with_487() {
    let (mut h, tag) = established();
    h.frame(&in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&sdp("sendonly", "203.0.113.10", "3fW9"))));
    let out = h.command(Command::Hangup).unwrap();
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["487", "BYE"]);
}

#[test]
fn a_cancelled_reinvite_gets_487_and_the_call_goes_on() {
    let (mut h, tag) = established();
    h.frame(&in_dialog("INVITE", 103, "z9hG4bKre1", &tag, Some(&sdp("sendonly", "203.0.113.10", "3fW9"))));
    let out = h.frame(&in_dialog("CANCEL", 103, "z9hG4bKre1", &tag, None));
    assert_eq!(sent(&out).iter().map(|f| kind(f)).collect::<Vec<_>>(), ["200", "487"]);
    assert_eq!(
        h.command(Command::Answer { sdp: sdp("sendrecv", "192.0.2.1", "me01") }),
        Err(CommandError::InvalidState("the call is not ringing"))
    );
    assert!(h.frame(&in_dialog("ACK", 103, "z9hG4bKre1", &tag, None)).is_empty());
    assert_eq!(h.ua.call_id(), Some(CALL_ID));
}
