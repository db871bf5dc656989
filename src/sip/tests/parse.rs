//! Parser and printer: the real INVITE, line-end and header-form
//! variations, Content-Length rules, and garbage.

use super::support::INVITE;
use crate::sip::message::hdr;
use crate::sip::{parse, Message, ParseError};

#[test]
fn fixture_parses_and_prints_back_byte_exact() {
    let m = parse(INVITE).unwrap();
    assert_eq!(m.method(), Some("INVITE"));
    assert_eq!(m.request_uri(), Some("sip:agent0001@df7jal23ls0d.invalid;transport=ws"));
    assert_eq!(m.headers.len(), 20);
    assert_eq!(m.body.len(), 832);
    assert!(m.body.starts_with("v=0\r\n") && m.body.ends_with("cname:f9Jc2sPq0aZkL3xY\r\n"));
    assert_eq!(m.print(), INVITE);
}

#[test]
fn fixture_typed_headers() {
    let m = parse(INVITE).unwrap();
    let vias: Vec<_> = m.vias().collect();
    assert_eq!(vias.len(), 2);
    assert_eq!(vias[0].transport, "WSS");
    assert_eq!(vias[0].branch(), Some("z9hG4bK7a1f.2c3e9b4d1c0f8a6e5b7d9c2a1e3f4b5c.0"));
    assert_eq!(vias[0].rport(), Some(None));
    assert_eq!((vias[1].received(), vias[1].rport()), (Some("203.0.113.10"), Some(Some(5060))));
    let rr: Vec<_> = m.record_routes().collect();
    assert_eq!(
        rr,
        [
            "<sip:198.51.100.20:443;transport=ws;r2=on;lr;ftag=as5f3a9c1e>",
            "<sip:198.51.100.20;r2=on;lr;ftag=as5f3a9c1e>"
        ]
    );
    let from = m.from_addr().unwrap();
    assert_eq!(from.display_name(), Some("Customer 4155550123"));
    assert_eq!(from.uri, "sip:+14155550123@carrier.example.com");
    assert_eq!(m.from_tag(), Some("as5f3a9c1e"));
    assert_eq!(m.to_tag(), None);
    assert_eq!(m.call_id(), Some("6b3c1f2a4e5d47f89a0b1c2d3e4f5a6b@203.0.113.10"));
    let cseq = m.cseq().unwrap();
    assert_eq!((cseq.seq, cseq.method), (102, "INVITE"));
    let contact = m.contact().unwrap().parsed_uri().unwrap();
    assert_eq!((contact.host, contact.port, contact.transport()), ("203.0.113.10", Some(5060), Some("udp")));
    assert_eq!(m.max_forwards(), Some(69));
    assert_eq!(m.content_type(), Some("application/sdp"));
    assert!(m.has_sdp());
    assert_eq!(m.header("x-cc-queue"), Some("sales-en"));
    assert_eq!(m.items(hdr::ALLOW).count(), 10);
}

#[test]
fn lf_only_line_ends() {
    // Every line end LF, body included, with Content-Length to match.
    let lf = INVITE.replace("\r\n", "\n").replace("Content-Length: 832", "Content-Length: 796");
    let m = parse(&lf).unwrap();
    assert_eq!(m.headers.len(), 20);
    assert_eq!(m.cseq().map(|c| c.seq), Some(102));
    assert_eq!(m.body.len(), 796);
    // A whole-file conversion without fixing Content-Length leaves the
    // body short, which must not pass unnoticed.
    assert_eq!(parse(&INVITE.replace("\r\n", "\n")), Err(ParseError::BodyTruncated));
    // LF-only headers before a CRLF body print back as the CRLF original.
    let head_lf = INVITE.split_once("\r\n\r\n").map(|(h, b)| [&h.replace("\r\n", "\n"), "\n\n", b].concat()).unwrap();
    assert_eq!(parse(&head_lf).unwrap().print(), INVITE);
}

#[test]
fn compact_forms() {
    let text = "INVITE sip:bob@b.example SIP/2.0\r\n\
        v: SIP/2.0/WSS a.invalid;branch=z9hG4bK1\r\n\
        f: \"A\" <sip:a@a.example>;tag=1\r\n\
        t: <sip:bob@b.example>\r\n\
        i: abc@x\r\n\
        m: <sip:a@a.invalid;transport=ws>\r\n\
        k: timer\r\n\
        s: hello\r\n\
        e: gzip\r\n\
        CSeq: 1 INVITE\r\n\
        c: application/sdp\r\n\
        l: 4\r\n\r\nv=0\r\n";
    let m = parse(text).unwrap();
    assert_eq!(m.top_via().and_then(|v| v.branch()), Some("z9hG4bK1"));
    assert_eq!(m.from_tag(), Some("1"));
    assert_eq!(m.to_addr().map(|t| t.uri), Some("sip:bob@b.example"));
    assert_eq!(m.call_id(), Some("abc@x"));
    assert_eq!(m.contact().map(|c| c.uri), Some("sip:a@a.invalid;transport=ws"));
    assert_eq!(m.header(hdr::SUPPORTED), Some("timer"));
    assert_eq!(m.header("Subject"), Some("hello"));
    assert_eq!(m.header("Content-Encoding"), Some("gzip"));
    assert_eq!(m.content_type(), Some("application/sdp"));
    assert_eq!(m.body, "v=0\r");
    assert_eq!(m.print(), text.replace("l: 4\r\n\r\nv=0\r\n", "l: 4\r\n\r\nv=0\r"));
}

#[test]
fn folded_headers_and_whitespace() {
    let text = "SIP/2.0 200 OK\r\n\
        Via: SIP/2.0/WSS a.invalid;branch=z9hG4bK1,\r\n  SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK2\r\n\
        Subject: I know you're there,\r\n\tpardon me\r\n\
        To  :   <sip:bob@b.example>;tag=2   \r\n\
        From:<sip:a@a.example>;tag=1\r\n\
        Call-ID: x\r\nCSeq: 7 REGISTER\r\nContent-Length: 0\r\n\r\n";
    let m = parse(text).unwrap();
    assert_eq!(m.code(), Some(200));
    assert_eq!(m.reason(), "OK");
    assert_eq!(m.vias().count(), 2);
    assert_eq!(m.header("subject"), Some("I know you're there, pardon me"));
    assert_eq!(m.to_tag(), Some("2"));
    assert_eq!(m.from_tag(), Some("1"));
    let printed = m.print();
    assert!(printed.contains("Subject: I know you're there, pardon me\r\n"));
    assert_eq!(parse(&printed).unwrap(), m);
}

#[test]
fn content_length_rules() {
    let head = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/WS h;branch=z9hG4bK1\r\n";
    // Absent: the rest of the frame is the body.
    assert_eq!(parse(&[head, "\r\nhello"].concat()).unwrap().body, "hello");
    // No blank line at all: headers end with the frame.
    assert_eq!(parse(head).unwrap().headers.len(), 1);
    // Shorter than the body: cut.
    assert_eq!(parse(&[head, "Content-Length: 3\r\n\r\nhello"].concat()).unwrap().body, "hel");
    // Longer than the body, not a number, or contradicting another.
    let bad = |extra: &str| parse(&[head, extra].concat()).unwrap_err();
    assert_eq!(bad("Content-Length: 9\r\n\r\nhello"), ParseError::BodyTruncated);
    assert_eq!(bad("Content-Length: x\r\n\r\n"), ParseError::ContentLength);
    assert_eq!(bad("Content-Length: 1\r\nl: 2\r\n\r\nab"), ParseError::ContentLength);
    assert_eq!(bad("Content-Length: 1\r\n\r\né"), ParseError::BodyBoundary);
    assert_eq!(parse(&[head, "Content-Length: 2\r\nl: 2\r\n\r\né"].concat()).unwrap().body, "é");
}

#[test]
fn keepalives_and_leading_blank_lines() {
    assert_eq!(parse(""), Err(ParseError::Empty));
    assert_eq!(parse("\r\n\r\n"), Err(ParseError::Empty));
    let m = parse("\r\n\nSIP/2.0 100 Trying\r\nCSeq: 1 INVITE\r\n\r\n").unwrap();
    assert_eq!(m.code(), Some(100));
    let m = parse("SIP/2.0 180\r\n\r\n").unwrap();
    assert_eq!((m.code(), m.reason()), (Some(180), ""));
}

#[test]
fn garbage_is_an_error() {
    let cases: &[(&str, ParseError)] = &[
        ("hello", ParseError::StartLine),
        ("INVITE", ParseError::StartLine),
        ("INVITE sip:a@b", ParseError::StartLine),
        ("INVITE sip:a@b HTTP/1.1\r\n\r\n", ParseError::Version),
        ("INVITE sip:a@b SIP/2.0\r\nVia: a\rb\r\n\r\n", ParseError::HeaderValue),
        ("INVITE sip:a@b\r SIP/2.0\r\n\r\n", ParseError::StartLine),
        ("INVITE sip:a@b SIP/3.0\r\n\r\n", ParseError::Version),
        ("INVITE  SIP/2.0\r\n\r\n", ParseError::StartLine),
        ("INV<ITE sip:a@b SIP/2.0\r\n\r\n", ParseError::Method),
        ("SIP/2.0 99 Low\r\n\r\n", ParseError::StatusCode),
        ("SIP/2.0 700 High\r\n\r\n", ParseError::StatusCode),
        ("SIP/2.0 abc OK\r\n\r\n", ParseError::StatusCode),
        ("SIP/2.0 2000 OK\r\n\r\n", ParseError::StatusCode),
        ("INVITE sip:a@b SIP/2.0\r\n folded first\r\n\r\n", ParseError::Folding),
        ("INVITE sip:a@b SIP/2.0\r\nNoColon\r\n\r\n", ParseError::HeaderName),
        ("INVITE sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n", ParseError::HeaderName),
        ("INVITE sip:a@b SIP/2.0\r\n: x\r\n\r\n", ParseError::HeaderName),
        ("\u{0}\u{1}\u{2}", ParseError::StartLine),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text), Err(*expected), "{text:?}");
    }
}

#[test]
fn built_messages_print_and_parse_back() {
    let mut m = Message::request("OPTIONS", "sip:bob@b.example");
    m.push(hdr::VIA, "SIP/2.0/WSS a.invalid;branch=z9hG4bKx");
    m.push("X-Evil", "a\r\nInjected: yes");
    m.set_body("text/plain", "hi");
    let text = m.print();
    assert!(text.contains("X-Evil: a  Injected: yes\r\n"));
    assert!(text.ends_with("Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"));
    let back = parse(&text).unwrap();
    assert_eq!(back.header("content-length"), Some("2"));
    assert_eq!(back.body, "hi");
    assert_eq!(Message::response(487).print(), "SIP/2.0 487 Request Terminated\r\n\r\n");
}
