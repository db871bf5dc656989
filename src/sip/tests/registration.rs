//! Registration flows on a simulated clock.

use super::support::{config, events, kind, msg, reply, sent, Harness, T1};
use crate::sip::digest::Challenge;
use crate::sip::io::{Command, CommandError, Event, Output};
use crate::sip::message::hdr;
use crate::sip::registration::RegState;
use crate::sip::syntax::{param, unquote};

const REALM: &str = "cc.example.com";

fn challenge(nonce: &str, stale: bool) -> String {
    let mut value = ["Digest realm=\"", REALM, "\", nonce=\"", nonce, "\", qop=\"auth\", algorithm=MD5"].concat();
    if stale {
        value.push_str(", stale=true");
    }
    value
}

/// The REGISTER sent by the last step.
fn one_register(outputs: &[Output]) -> String {
    let frames = sent(outputs);
    assert_eq!(frames.len(), 1, "{frames:?}");
    assert_eq!(kind(frames[0]), "REGISTER");
    frames[0].to_string()
}

/// Checks the Authorization of `register` against the password,
/// independently of what the UA wrote, and returns `(nonce, nc)`.
fn check_auth(register: &str, password: &str) -> (String, String) {
    let m = msg(register);
    let auth = m.header(hdr::AUTHORIZATION).expect("Authorization");
    let fields = auth.strip_prefix("Digest ").unwrap().replace(", ", ";");
    let get = |name: &str| param(&fields, name).flatten().map(unquote).unwrap_or_default().to_string();
    assert_eq!(get("username"), "agent0001");
    assert_eq!(get("realm"), REALM);
    assert_eq!(get("uri"), "sip:cc.example.com");
    let ch = Challenge::parse(&challenge(&get("nonce"), false)).unwrap();
    let nc = u32::from_str_radix(&get("nc"), 16).unwrap();
    let expected = ch.response("agent0001", password, "REGISTER", "sip:cc.example.com", "", &get("cnonce"), nc);
    assert_eq!(get("response"), expected);
    (get("nonce"), get("nc"))
}

fn ok(register: &str, expires: &str) -> String {
    let contact = [
        "<sip:agent0001@df7jal23ls0d.invalid;transport=ws>;expires=",
        expires,
        ";+sip.instance=\"<urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c>\";reg-id=1;",
        "pub-gruu=\"sip:agent0001@cc.example.com;gr=urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c\"",
    ]
    .concat();
    reply(register, 200, Some("r1"), &[("Contact", "<sip:other@10.0.0.9>;expires=99"), ("Contact", &contact)], None)
}

/// Registers through one challenge; returns the harness and the last REGISTER.
fn registered() -> (Harness, String) {
    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let second =
        one_register(&h.frame(&reply(&first, 401, Some("r1"), &[("WWW-Authenticate", &challenge("n1", false))], None)));
    let out = h.frame(&ok(&second, "300"));
    assert!(sent(&out).is_empty());
    assert_eq!(
        events(&out),
        [&Event::Registered {
            expires: 300,
            gruu: Some("sip:agent0001@cc.example.com;gr=urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c".to_string())
        }]
    );
    (h, second)
}

#[test]
fn register_with_challenge() {
    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let m = msg(&first);
    assert_eq!(m.request_uri(), Some("sip:cc.example.com"));
    assert_eq!(m.header(hdr::AUTHORIZATION), None);
    assert_eq!(m.header("CSeq"), Some("1 REGISTER"));
    assert_eq!(m.header("Expires"), Some("600"));
    assert_eq!(m.to_addr().map(|a| a.uri), Some("sip:agent0001@cc.example.com"));
    let via = m.top_via().unwrap();
    assert_eq!((via.transport, via.host), ("WSS", "df7jal23ls0d.invalid"));
    assert!(via.branch().unwrap().starts_with("z9hG4bK"));
    let contact = m.contact().unwrap();
    assert_eq!(contact.uri, "sip:agent0001@df7jal23ls0d.invalid;transport=ws");
    assert_eq!(contact.param("+sip.instance"), Some(Some("\"<urn:uuid:0c4a9f5e-7b1d-4c3e-9a2f-1d2e3f4a5b6c>\"")));
    assert_eq!(contact.param("reg-id"), Some(Some("1")));
    assert_eq!(contact.param("expires"), Some(Some("600")));
    assert_eq!(m.header(hdr::SUPPORTED), Some("path, gruu, outbound"));
    assert_eq!(m.header(hdr::USER_AGENT), Some("softphone-test"));
    assert_eq!(h.ua.registration().state(), RegState::Registering);

    let out = h.frame(&reply(&first, 401, Some("r1"), &[("WWW-Authenticate", &challenge("n1", false))], None));
    assert!(events(&out).is_empty());
    let second = one_register(&out);
    let m2 = msg(&second);
    assert_eq!(m2.header("CSeq"), Some("2 REGISTER"));
    assert_eq!(m2.call_id(), m.call_id());
    assert_eq!(m2.from_tag(), m.from_tag());
    assert_ne!(m2.top_via().unwrap().branch(), via.branch());
    assert_eq!(check_auth(&second, "s3cret"), ("n1".to_string(), "00000001".to_string()));
}

#[test]
fn proxy_challenge_gets_proxy_authorization() {
    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let value = challenge("p1", false);
    let second = one_register(&h.frame(&reply(&first, 407, Some("r1"), &[("Proxy-Authenticate", &value)], None)));
    let m = msg(&second);
    assert!(m.header(hdr::PROXY_AUTHORIZATION).is_some_and(|a| a.contains("nonce=\"p1\"")));
    assert!(m.header(hdr::AUTHORIZATION).is_none());
}

#[test]
fn refresh_at_ninety_percent_with_the_cached_nonce() {
    let (mut h, _) = registered();
    let registered_at = h.now;
    // 300 s granted: refresh 270 s later, not a millisecond before.
    assert_eq!(h.ua.poll_timeout(), Some(registered_at + 270_000));
    assert!(h.run_until(registered_at + 269_999).is_empty());
    let out = h.run_until(registered_at + 270_000);
    assert_eq!(out.len(), 1);
    let Output::Send(refresh) = &out[0].1 else { panic!("expected a REGISTER") };
    let m = msg(refresh);
    assert_eq!(m.header("CSeq"), Some("3 REGISTER"));
    // Authenticated up front with the same nonce, next nonce count.
    assert_eq!(check_auth(refresh, "s3cret"), ("n1".to_string(), "00000002".to_string()));
    let out = h.frame(&ok(refresh, "300"));
    assert!(matches!(events(&out)[..], [Event::Registered { expires: 300, .. }]));
    assert_eq!(h.ua.poll_timeout(), Some(h.now + 270_000));
}

#[test]
fn stale_nonce_is_retried_with_the_new_one() {
    let (mut h, _) = registered();
    let out = h.run_until(h.now + 270_000);
    let Output::Send(refresh) = &out[0].1 else { panic!("expected a REGISTER") };
    let refresh = refresh.clone();
    let stale = challenge("n2", true);
    let retry = one_register(&h.frame(&reply(&refresh, 401, Some("r1"), &[("WWW-Authenticate", &stale)], None)));
    assert_eq!(check_auth(&retry, "s3cret"), ("n2".to_string(), "00000001".to_string()));
    // Even a stale challenge to credentials just answered is retried.
    let stale = challenge("n3", true);
    let retry2 = one_register(&h.frame(&reply(&retry, 401, Some("r1"), &[("WWW-Authenticate", &stale)], None)));
    assert_eq!(check_auth(&retry2, "s3cret").0, "n3");
    let out = h.frame(&ok(&retry2, "300"));
    assert!(matches!(events(&out)[..], [Event::Registered { .. }]));
}

#[test]
fn a_new_nonce_for_old_credentials_gets_one_more_try() {
    let (mut h, _) = registered();
    let out = h.run_until(h.now + 270_000);
    let Output::Send(refresh) = &out[0].1 else { panic!("expected a REGISTER") };
    let refresh = refresh.clone();
    let fresh = challenge("n9", false);
    let retry = one_register(&h.frame(&reply(&refresh, 401, Some("r1"), &[("WWW-Authenticate", &fresh)], None)));
    assert_eq!(check_auth(&retry, "s3cret").0, "n9");
}

#[test]
fn wrong_password_fails_like_a_403() {
    let mut config = config();
    config.password = "wrong".to_string();
    let mut h = Harness::with_config(config);
    let first = one_register(&h.command(Command::Register).unwrap());
    let second =
        one_register(&h.frame(&reply(&first, 401, Some("r1"), &[("WWW-Authenticate", &challenge("n1", false))], None)));
    check_auth(&second, "wrong");
    let out = h.frame(&reply(&second, 401, Some("r1"), &[("WWW-Authenticate", &challenge("n2", false))], None));
    assert!(sent(&out).is_empty());
    assert_eq!(
        events(&out),
        [&Event::RegistrationFailed { code: 403, reason: "Forbidden (credentials rejected)".to_string() }]
    );
    assert_eq!(h.ua.registration().state(), RegState::Idle);
    assert_eq!(h.ua.poll_timeout(), None);
}

#[test]
fn registrar_403_and_other_failures() {
    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let second =
        one_register(&h.frame(&reply(&first, 401, Some("r1"), &[("WWW-Authenticate", &challenge("n1", false))], None)));
    let out = h.frame(&reply(&second, 403, Some("r1"), &[], None));
    assert_eq!(events(&out), [&Event::RegistrationFailed { code: 403, reason: "Forbidden".to_string() }]);

    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let out = h.frame(&reply(&first, 401, Some("r1"), &[("WWW-Authenticate", "Basic realm=\"x\"")], None));
    assert!(matches!(events(&out)[..], [Event::RegistrationFailed { code: 401, .. }]));

    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let out = h.frame(&reply(&first, 503, Some("r1"), &[], None));
    assert_eq!(events(&out), [&Event::RegistrationFailed { code: 503, reason: "Service Unavailable".to_string() }]);
}

#[test]
fn no_answer_times_out_at_64_t1() {
    let mut h = Harness::new();
    let start = h.now;
    one_register(&h.command(Command::Register).unwrap());
    assert!(h.run_until(start + 64 * T1 - 1).is_empty());
    let out = h.run_until(start + 64 * T1);
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0],
        (start + 32_000, Output::Event(Event::RegistrationFailed { code: 408, reason: "Request Timeout".to_string() }))
    );
    assert_eq!(h.ua.poll_timeout(), None);
}

#[test]
fn interval_too_brief_retries_with_min_expires() {
    let mut h = Harness::new();
    let first = one_register(&h.command(Command::Register).unwrap());
    let retry = one_register(&h.frame(&reply(&first, 423, Some("r1"), &[("Min-Expires", "1800")], None)));
    assert_eq!(msg(&retry).header("Expires"), Some("1800"));
}

#[test]
fn unregister_sends_expires_zero() {
    let (mut h, _) = registered();
    let bye = one_register(&h.command(Command::Unregister).unwrap());
    let m = msg(&bye);
    assert_eq!(m.header("Expires"), Some("0"));
    assert_eq!(m.contact().and_then(|c| c.param("expires")), Some(Some("0")));
    assert_eq!(check_auth(&bye, "s3cret").1, "00000002");
    assert_eq!(h.ua.registration().state(), RegState::Unregistering);
    let out = h.frame(&reply(&bye, 200, Some("r1"), &[], None));
    assert_eq!(events(&out), [&Event::Unregistered]);
    assert_eq!(h.ua.registration().state(), RegState::Idle);
    assert_eq!(h.ua.poll_timeout(), None);
    assert_eq!(h.command(Command::Unregister), Err(CommandError::InvalidState("not registered")));
}

#[test]
fn unregister_through_a_challenge() {
    let (mut h, _) = registered();
    let bye = one_register(&h.command(Command::Unregister).unwrap());
    let stale = challenge("n5", true);
    let again = one_register(&h.frame(&reply(&bye, 401, Some("r1"), &[("WWW-Authenticate", &stale)], None)));
    assert_eq!(msg(&again).header("Expires"), Some("0"));
    let out = h.frame(&reply(&again, 200, Some("r1"), &[], None));
    assert_eq!(events(&out), [&Event::Unregistered]);
}

#[test]
fn generated_host_and_instance() {
    let mut config = config();
    config.contact_host.clear();
    config.instance_id.clear();
    let h = Harness::with_config(config);
    let c = h.ua.config();
    assert!(c.contact_host.ends_with(".invalid") && c.contact_host.len() == 20);
    assert!(c.instance_id.starts_with("urn:uuid:") && c.instance_id.len() == 45);
    assert_eq!(c.instance_id.as_bytes()[23], b'4');
}
