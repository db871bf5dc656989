//! Transaction timers on a simulated clock (reliable transport).

use super::support::{msg, reply};
use crate::sip::transaction::{
    ClientOutcome, ClientState, ClientTransaction, Retransmit, RetransmitStep, ServerState, ServerTransaction, Timers,
};
use crate::sip::{parse, Message};

const REGISTER: &str = "REGISTER sip:cc.example.com SIP/2.0\r\n\
    Via: SIP/2.0/WSS h.invalid;branch=z9hG4bKreg1\r\n\
    Max-Forwards: 70\r\nFrom: <sip:a@cc.example.com>;tag=f1\r\nTo: <sip:a@cc.example.com>\r\n\
    Call-ID: c1\r\nCSeq: 1 REGISTER\r\nContent-Length: 0\r\n\r\n";

const REINVITE: &str = "INVITE sip:peer@203.0.113.10:5060 SIP/2.0\r\n\
    Via: SIP/2.0/WSS h.invalid;branch=z9hG4bKinv1\r\n\
    Max-Forwards: 70\r\nRoute: <sip:198.51.100.20:443;transport=ws;lr>\r\nRoute: <sip:198.51.100.20;lr>\r\n\
    From: <sip:a@cc.example.com>;tag=f1\r\nTo: <sip:peer@example.com>;tag=t9\r\n\
    Call-ID: c2\r\nCSeq: 5 INVITE\r\nContent-Length: 0\r\n\r\n";

fn client(text: &str, now: u64, timers: &Timers) -> ClientTransaction {
    ClientTransaction::new(&parse(text).unwrap(), now, timers).unwrap()
}

#[test]
fn timer_f_fires_exactly_at_64_t1() {
    let timers = Timers::default();
    let mut tx = client(REGISTER, 10_000, &timers);
    assert_eq!(tx.deadline(), Some(10_000 + 64 * 500));
    assert!(!tx.on_timeout(10_000 + 64 * 500 - 1));
    // A provisional response does not stop Timer F.
    assert_eq!(tx.on_response(&msg(&reply(REGISTER, 100, None, &[], None))), ClientOutcome::Provisional);
    assert_eq!(tx.state(), ClientState::Proceeding);
    assert_eq!(tx.deadline(), Some(42_000));
    assert!(tx.on_timeout(42_000));
    assert!(tx.is_terminated());
    assert!(!tx.on_timeout(99_000));
}

#[test]
fn timers_follow_a_configured_t1() {
    let timers = Timers { t1: 200, t2: 4_000, t4: 5_000 };
    assert_eq!(client(REGISTER, 0, &timers).deadline(), Some(12_800));
    assert_eq!(client(REINVITE, 0, &timers).deadline(), Some(12_800));
}

#[test]
fn non_invite_final_ends_at_once() {
    let mut tx = client(REGISTER, 0, &Timers::default());
    let ok = msg(&reply(REGISTER, 200, Some("r1"), &[], None)).into_owned();
    assert!(tx.matches(&ok));
    // Timer K is zero on a reliable transport.
    assert_eq!(tx.on_response(&ok), ClientOutcome::Final);
    assert!(tx.is_terminated() && tx.deadline().is_none());
    assert_eq!(tx.on_response(&ok), ClientOutcome::Stray);
}

#[test]
fn matching_needs_branch_and_method() {
    let tx = client(REINVITE, 0, &Timers::default());
    let ok = reply(REINVITE, 200, None, &[], None);
    assert!(tx.matches(&msg(&ok)));
    assert!(!tx.matches(&msg(&ok.replace("5 INVITE", "5 CANCEL"))));
    assert!(!tx.matches(&msg(&ok.replace("z9hG4bKinv1", "z9hG4bKother"))));
}

#[test]
fn timer_b_stops_at_the_first_provisional() {
    let mut tx = client(REINVITE, 0, &Timers::default());
    assert!(!tx.on_timeout(31_999));
    tx.on_response(&msg(&reply(REINVITE, 100, None, &[], None)));
    assert_eq!(tx.deadline(), None);
    assert!(!tx.on_timeout(1_000_000));

    let mut silent = client(REINVITE, 0, &Timers::default());
    assert!(silent.on_timeout(32_000));
}

#[test]
fn invite_failure_is_acked_by_the_transaction() {
    let mut tx = client(REINVITE, 0, &Timers::default());
    let busy = reply(REINVITE, 486, None, &[], None);
    let ClientOutcome::FinalWithAck(ack) = tx.on_response(&msg(&busy)) else { panic!("no ACK") };
    // Timer D is zero: nothing is left waiting.
    assert!(tx.is_terminated() && tx.deadline().is_none());
    let ack = msg(&ack);
    assert_eq!(ack.method(), Some("ACK"));
    assert_eq!(ack.request_uri(), Some("sip:peer@203.0.113.10:5060"));
    assert_eq!(ack.top_via().and_then(|v| v.branch()), Some("z9hG4bKinv1"));
    assert_eq!(ack.header("CSeq"), Some("5 ACK"));
    assert_eq!(ack.to_tag(), Some("t9"));
    assert_eq!(ack.routes().count(), 2);

    let mut ok_tx = client(REINVITE, 0, &Timers::default());
    assert_eq!(ok_tx.on_response(&msg(&reply(REINVITE, 200, None, &[], None))), ClientOutcome::Final);
}

fn invite_request() -> Message<'static> {
    msg(super::support::INVITE).into_owned()
}

#[test]
fn server_invite_waits_for_ack_until_timer_h() {
    let timers = Timers::default();
    let invite = invite_request();
    let mut tx = ServerTransaction::new(&invite).unwrap();
    assert_eq!(tx.state(), ServerState::Received);
    assert_eq!(tx.retransmission(), None);
    tx.respond(180, "ringing", 0, &timers);
    assert_eq!(tx.state(), ServerState::Proceeding);
    assert_eq!(tx.retransmission(), Some("ringing"));
    assert!(tx.matches(&invite));
    tx.respond(486, "busy", 1_000, &timers);
    assert_eq!((tx.state(), tx.deadline()), (ServerState::Completed, Some(33_000)));
    assert_eq!(tx.retransmission(), Some("busy"));
    // Further responses are ignored once final.
    tx.respond(200, "late", 1_500, &timers);
    assert_eq!(tx.retransmission(), Some("busy"));
    assert!(!tx.on_timeout(32_999));
    assert!(tx.on_timeout(33_000));
    assert!(tx.is_terminated());

    let mut acked = ServerTransaction::new(&invite).unwrap();
    acked.respond(487, "terminated", 0, &timers);
    let ack_text = super::support::INVITE
        .replacen("INVITE sip:", "ACK sip:", 1)
        .replace("102 INVITE", "102 ACK")
        .replace("Content-Length: 832", "Content-Length: 0");
    let ack = parse(ack_text.split("\r\n\r\n").next().map(|h| [h, "\r\n\r\n"].concat()).as_deref().unwrap_or(""))
        .unwrap()
        .into_owned();
    assert!(acked.matches(&ack));
    // Timer I is zero: the ACK ends it.
    assert!(acked.on_ack());
    assert!(acked.is_terminated());
    assert!(!acked.on_ack());
}

#[test]
fn server_matching_uses_sent_by_and_ack_never_creates() {
    let invite = invite_request();
    let tx = ServerTransaction::new(&invite).unwrap();
    let text = super::support::INVITE.replacen("198.51.100.20:443", "198.51.100.21:443", 1);
    assert!(!tx.matches(&parse(&text).unwrap()));
    let ack = super::support::INVITE.replacen("INVITE sip:", "ACK sip:", 1).replace("102 INVITE", "102 ACK");
    assert!(ServerTransaction::new(&parse(&ack).unwrap()).is_none());
}

#[test]
fn server_non_invite_and_2xx_end_at_once() {
    let timers = Timers::default();
    let bye = super::support::INVITE.replacen("INVITE sip:", "BYE sip:", 1).replace("102 INVITE", "103 BYE");
    let mut tx = ServerTransaction::new(&parse(&bye).unwrap()).unwrap();
    // Timer J is zero.
    tx.respond(200, "ok", 0, &timers);
    assert!(tx.is_terminated() && tx.deadline().is_none());

    let mut inv = ServerTransaction::new(&invite_request()).unwrap();
    inv.respond(200, "ok", 0, &timers);
    assert!(inv.is_terminated());
}

/// Drives a schedule to the end and returns when each step happened.
fn schedule(timers: &Timers, ack_at: Option<u64>) -> (Vec<u64>, Option<u64>) {
    let mut r = Retransmit::new("200".to_string(), 0, timers);
    let mut sends = Vec::new();
    loop {
        let at = r.deadline();
        if ack_at.is_some_and(|ack| ack <= at) {
            return (sends, None);
        }
        match r.poll(at) {
            RetransmitStep::Send => sends.push(at),
            RetransmitStep::GiveUp => return (sends, Some(at)),
            RetransmitStep::Wait => panic!("woken at its own deadline with nothing to do"),
        }
    }
}

#[test]
fn two_hundred_retransmits_doubling_to_t2_then_gives_up_at_64_t1() {
    let (sends, give_up) = schedule(&Timers::default(), None);
    // Intervals T1, 2T1, 4T1, then T2 (4 s).
    assert_eq!(sends, [500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    assert_eq!(give_up, Some(32_000));

    let (sends, give_up) = schedule(&Timers { t1: 100, t2: 400, t4: 5_000 }, None);
    assert_eq!(&sends[..5], [100, 300, 700, 1_100, 1_500]);
    assert_eq!(give_up, Some(6_400));

    let (sends, give_up) = schedule(&Timers::default(), Some(2_000));
    assert_eq!((sends, give_up), (vec![500, 1_500], None));
}

#[test]
fn a_late_wakeup_sends_once() {
    let mut r = Retransmit::new("200".to_string(), 0, &Timers::default());
    assert_eq!(r.poll(499), RetransmitStep::Wait);
    assert_eq!(r.poll(5_000), RetransmitStep::Send);
    assert_eq!(r.poll(5_000), RetransmitStep::Wait);
    assert_eq!(r.deadline(), 7_500);
    assert_eq!(r.poll(40_000), RetransmitStep::GiveUp);
}
