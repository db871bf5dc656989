//! Dialog state: route sets on both sides, strict routing, sequence
//! numbers, and the GRUU as dialog Contact.

use super::support::{config, events, msg, reply, sent, Harness, INVITE};
use crate::sip::build::Local;
use crate::sip::dialog::Dialog;
use crate::sip::io::{Command, Event};
use crate::sip::parse;

const LOCAL: Local<'static> =
    Local { via_transport: "WSS", via_host: "h.invalid", contact: "<sip:a@h.invalid;transport=ws>", user_agent: "" };

const OUR_INVITE: &str = "INVITE sip:bob@b.example SIP/2.0\r\n\
    Via: SIP/2.0/WSS h.invalid;branch=z9hG4bK1\r\n\
    From: <sip:a@a.example>;tag=ours\r\nTo: <sip:bob@b.example>\r\nCall-ID: c9\r\nCSeq: 7 INVITE\r\n\
    Contact: <sip:a@h.invalid;transport=ws>\r\nContent-Length: 0\r\n\r\n";

#[test]
fn uac_route_set_is_the_record_route_reversed() {
    let ok = reply(
        OUR_INVITE,
        200,
        Some("theirs"),
        &[
            ("Record-Route", "<sip:p2.example;lr>"),
            ("Record-Route", "<sip:p1.example;transport=ws;lr>"),
            ("Contact", "<sip:bob@192.0.2.7:5060>"),
        ],
        None,
    );
    let mut dialog = Dialog::uac(&parse(OUR_INVITE).unwrap(), &msg(&ok)).unwrap();
    assert_eq!(dialog.route_set, ["<sip:p1.example;transport=ws;lr>", "<sip:p2.example;lr>"]);
    assert_eq!((dialog.local_tag.as_str(), dialog.remote_tag.as_str()), ("ours", "theirs"));
    assert_eq!(dialog.local_seq, 7);
    assert!(dialog.owns_response(&msg(&ok)));
    let bye = dialog.request("BYE", "z9hG4bK2", &LOCAL);
    assert_eq!(bye.request_uri(), Some("sip:bob@192.0.2.7:5060"));
    assert_eq!(bye.routes().collect::<Vec<_>>(), ["<sip:p1.example;transport=ws;lr>", "<sip:p2.example;lr>"]);
    assert_eq!(bye.header("CSeq"), Some("8 BYE"));
    let ack = dialog.ack(7, "z9hG4bK3", &LOCAL);
    assert_eq!(ack.header("CSeq"), Some("7 ACK"));
    assert_eq!(dialog.local_seq, 8);
}

#[test]
fn uas_route_set_keeps_the_order_and_strict_routers_take_the_request_uri() {
    let invite = INVITE.replacen(";r2=on;lr;ftag=as5f3a9c1e>", ";r2=on;ftag=as5f3a9c1e>", 1);
    let mut dialog = Dialog::uas(&parse(&invite).unwrap(), "t1").unwrap();
    assert_eq!(dialog.route_set.len(), 2);
    assert_eq!(dialog.remote_seq, Some(102));
    let bye = dialog.request("BYE", "z9hG4bK9", &LOCAL);
    // The first hop has no `lr`: it gets the Request-URI, and the remote
    // target goes last in Route.
    assert_eq!(bye.request_uri(), Some("sip:198.51.100.20:443;transport=ws;r2=on;ftag=as5f3a9c1e"));
    assert_eq!(
        bye.routes().collect::<Vec<_>>(),
        ["<sip:198.51.100.20;r2=on;lr;ftag=as5f3a9c1e>", "<sip:+14155550123@203.0.113.10:5060;transport=udp>"]
    );
}

#[test]
fn remote_sequence_numbers_only_go_up() {
    let mut dialog = Dialog::uas(&parse(INVITE).unwrap(), "t1").unwrap();
    assert!(!dialog.accept_remote_seq(101));
    assert!(dialog.accept_remote_seq(103));
    assert!(dialog.accept_remote_seq(200));
    assert!(!dialog.accept_remote_seq(150));
    assert_eq!(dialog.remote_seq, Some(200));
}

fn register_with_gruu(h: &mut Harness) {
    let out = h.command(Command::Register).unwrap();
    let register = sent(&out)[0].to_string();
    let contact = "<sip:agent0001@df7jal23ls0d.invalid;transport=ws>;expires=600;\
        pub-gruu=\"sip:agent0001@cc.example.com;gr=urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c\"";
    let out = h.frame(&reply(&register, 200, Some("r"), &[("Contact", contact)], None));
    assert!(matches!(events(&out)[..], [Event::Registered { gruu: Some(_), .. }]));
}

#[test]
fn the_gruu_becomes_the_dialog_contact() {
    let mut h = Harness::new();
    register_with_gruu(&mut h);
    let out = h.frame(INVITE);
    let ringing = msg(sent(&out)[1]);
    assert_eq!(
        ringing.contact().map(|c| c.uri),
        Some("sip:agent0001@cc.example.com;gr=urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c")
    );

    let mut config = config();
    config.use_gruu = false;
    let mut h = Harness::with_config(config);
    register_with_gruu(&mut h);
    let out = h.frame(INVITE);
    let ringing = msg(sent(&out)[1]);
    assert_eq!(ringing.contact().map(|c| c.uri), Some("sip:agent0001@df7jal23ls0d.invalid;transport=ws"));
}
