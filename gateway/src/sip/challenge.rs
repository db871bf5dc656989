//! Answering a SIP proxy's digest challenge (401 or 407) to a request the
//! gateway sent through it (an INVITE to a softphone, an OPTIONS probe):
//! the same request again with a new branch, the next CSeq and the
//! credentials of the gateway's own account (RFC 3261 section 22.2).

use agent_sdk::sip::build::{cseq, Local};
use agent_sdk::sip::digest;
use agent_sdk::sip::message::{hdr, same_name, Message};
use agent_sdk::sip::rng::Rng;

use crate::config::Secret;

/// How many challenges one request may get: the first, and one more when
/// the proxy found the nonce stale. A challenge to credentials that were
/// just sent means they are wrong.
pub const MAX_CHALLENGES: u8 = 2;

/// The gateway's account on the proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The digest user name.
    pub user: String,
    /// Its password; `Secret` keeps it out of `Debug` output.
    pub password: Secret,
}

/// `request` again, answering the challenge in `response`; `None` when
/// there is nothing to answer it with (no usable challenge, no CSeq, or the
/// credentials already failed: `challenged` counts the challenges this
/// request has had so far).
pub fn answer(
    request: &Message<'_>,
    response: &Message<'_>,
    credentials: &Credentials,
    challenged: u8,
    rng: &mut Rng,
    local: &Local<'_>,
) -> Option<Message<'static>> {
    let challenge = digest::pick(response.challenges())?;
    if challenged >= MAX_CHALLENGES || (challenged > 0 && !challenge.stale) {
        return None;
    }
    let method = request.method()?;
    let uri = request.request_uri()?;
    let seq = request.cseq()?.seq.checked_add(1)?;
    let value = challenge.authorization(
        &credentials.user,
        credentials.password.expose(),
        method,
        uri,
        &request.body,
        &rng.token(16),
        1,
    );
    let proxy = response.code() == Some(407);
    let mut msg = Message::request(method.to_string(), uri.to_string());
    msg.push(hdr::VIA, local.via(&rng.branch()));
    for h in &request.headers {
        let is = |name: &str| same_name(&h.name, name);
        if is(hdr::VIA) || is(hdr::AUTHORIZATION) || is(hdr::PROXY_AUTHORIZATION) {
            continue;
        }
        if is(hdr::CSEQ) {
            msg.push(hdr::CSEQ, cseq(seq, method));
            msg.push(if proxy { hdr::PROXY_AUTHORIZATION } else { hdr::AUTHORIZATION }, value.clone());
            continue;
        }
        msg.push(h.name.to_string(), h.value.to_string());
    }
    msg.body = request.body.to_string().into();
    Some(msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_sdk::sip::parse;

    const LOCAL: Local<'static> =
        Local { via_transport: "WS", via_host: "127.0.0.1:8080", contact: "", user_agent: "agent-gateway" };

    fn credentials() -> Credentials {
        Credentials { user: "gateway".into(), password: Secret::new("secret") }
    }

    fn invite() -> Message<'static> {
        let mut msg = Message::request("INVITE", "sip:8001@example.org");
        msg.push(hdr::VIA, "SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKfirst");
        msg.push(hdr::FROM, "<sip:13800138000@example.org>;tag=abc");
        msg.push(hdr::TO, "<sip:8001@example.org>");
        msg.push(hdr::CALL_ID, "call-1");
        msg.push(hdr::CSEQ, "1 INVITE");
        msg.set_body("application/sdp", "v=0\r\n");
        msg
    }

    fn challenge(code: u16, stale: bool) -> Message<'static> {
        let text = format!(
            "SIP/2.0 {code} Auth\r\nVia: SIP/2.0/WS 127.0.0.1:8080;branch=z9hG4bKfirst\r\nCall-ID: call-1\r\n\
             CSeq: 1 INVITE\r\n{}: Digest realm=\"example.org\", nonce=\"n1\", qop=\"auth\"{}\r\n\r\n",
            if code == 407 { "Proxy-Authenticate" } else { "WWW-Authenticate" },
            if stale { ", stale=true" } else { "" },
        );
        parse(&text).unwrap().into_owned()
    }

    #[test]
    fn a_407_is_answered_with_the_same_request_a_new_branch_and_the_next_cseq() {
        let mut rng = Rng::new(7);
        let again = answer(&invite(), &challenge(407, false), &credentials(), 0, &mut rng, &LOCAL).unwrap();
        let text = again.print();
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.request_uri(), Some("sip:8001@example.org"));
        assert_eq!(parsed.cseq().map(|c| (c.seq, c.method.to_string())), Some((2, "INVITE".into())));
        assert_eq!(parsed.call_id(), Some("call-1"));
        assert_eq!(parsed.from_tag(), Some("abc"));
        assert_ne!(parsed.top_via().and_then(|v| v.branch()), Some("z9hG4bKfirst"));
        assert_eq!(parsed.all(hdr::VIA).count(), 1);
        assert_eq!(parsed.body, "v=0\r\n");
        let auth = parsed.header(hdr::PROXY_AUTHORIZATION).unwrap();
        assert!(auth.starts_with("Digest username=\"gateway\""), "{auth}");
        assert!(auth.contains("uri=\"sip:8001@example.org\"") && auth.contains("nc=00000001"), "{auth}");
        assert!(!text.contains("secret"));
        // Answering the answer's challenge again: credentials already failed.
        assert!(answer(&parsed, &challenge(407, false), &credentials(), 1, &mut rng, &LOCAL).is_none());
    }

    #[test]
    fn a_401_gets_authorization_and_a_stale_nonce_one_more_try() {
        let mut rng = Rng::new(9);
        let again = answer(&invite(), &challenge(401, false), &credentials(), 0, &mut rng, &LOCAL).unwrap();
        assert!(again.header(hdr::AUTHORIZATION).is_some() && again.header(hdr::PROXY_AUTHORIZATION).is_none());
        let third = answer(&again, &challenge(401, true), &credentials(), 1, &mut rng, &LOCAL).unwrap();
        assert_eq!(third.cseq().map(|c| c.seq), Some(3));
        assert_eq!(third.all(hdr::AUTHORIZATION).count(), 1, "the old answer goes");
        assert!(answer(&third, &challenge(401, true), &credentials(), MAX_CHALLENGES, &mut rng, &LOCAL).is_none());
    }

    #[test]
    fn a_challenge_nothing_can_answer_ends_there() {
        let mut rng = Rng::new(1);
        let text = "SIP/2.0 407 Auth\r\nCall-ID: call-1\r\nCSeq: 1 INVITE\r\n\
                    Proxy-Authenticate: Basic realm=\"x\"\r\n\r\n";
        let basic = parse(text).unwrap();
        assert!(answer(&invite(), &basic, &credentials(), 0, &mut rng, &LOCAL).is_none());
    }
}
