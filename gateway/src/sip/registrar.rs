//! The registrar: what a REGISTER gets. Digest with MD5 and `qop=auth`
//! against the per-session SIP password of the softphone sessions whose
//! endpoint is the REGISTER's user; 401 with a fresh nonce first, 200 with
//! the granted lifetime and the Contact echoed once the answer is right,
//! 403 for a wrong one, 401 with `stale=true` for a right answer to an
//! expired nonce, 423 below the minimum lifetime, un-REGISTER with
//! `Expires: 0`. Pure: the connection applies the binding to the hub.

use std::fmt;

use agent_sdk::sip::build;
use agent_sdk::sip::md5::{hex, md5};
use agent_sdk::sip::message::{hdr, Message};
use agent_sdk::sip::syntax::{params, parse_u32};
use agent_sdk::sip::uri::{NameAddr, Uri};

use crate::calls::AgentKey;
use crate::session::SessionId;
use crate::sip::auth::{self, NonceState, Nonces};

/// Registration lifetimes, in seconds.
pub const DEFAULT_EXPIRES: u32 = 600;
/// Below this a REGISTER gets 423 Interval Too Brief.
pub const MIN_EXPIRES: u32 = 30;
/// Longer requests are granted this.
pub const MAX_EXPIRES: u32 = 3600;

/// A softphone session the REGISTER's user may be: its agent, session and
/// SIP password.
#[derive(Clone)]
pub struct Candidate {
    /// The agent.
    pub key: AgentKey,
    /// The session the password belongs to.
    pub session: SessionId,
    /// The session's `sipPwd`.
    pub password: String,
}

impl fmt::Debug for Candidate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Candidate").field("key", &self.key).field("session", &self.session).finish_non_exhaustive()
    }
}

/// What to do with a REGISTER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Send this response; no binding changes.
    Reply(String),
    /// Authenticated: bind `contact` for `expires` seconds to this
    /// connection, then send `response`.
    Bind {
        /// Whose binding.
        key: AgentKey,
        /// The session whose password answered.
        session: SessionId,
        /// The Contact URI (where INVITEs are addressed).
        contact: String,
        /// Seconds granted.
        expires: u32,
        /// The 200 to send once bound.
        response: String,
    },
    /// Authenticated un-REGISTER: drop the binding, then send `response`.
    Unbind {
        /// Whose binding.
        key: AgentKey,
        /// The 200 to send.
        response: String,
    },
}

/// The registrar of one gateway: its realm (the SIP domain) and nonces.
#[derive(Debug, Clone)]
pub struct Registrar {
    realm: String,
    nonces: Nonces,
}

/// The REGISTER's user: the user part of its To URI.
pub fn user_of<'m>(request: &'m Message<'_>) -> Option<&'m str> {
    let to = request.to_addr()?;
    to.parsed_uri().ok()?.user.filter(|u| !u.is_empty())
}

impl Registrar {
    /// A registrar for `realm`.
    pub fn new(realm: &str, nonces: Nonces) -> Self {
        Self { realm: realm.to_string(), nonces }
    }

    /// The answer to `request`, a REGISTER, given the softphone sessions its
    /// user may be.
    pub fn handle(&self, request: &Message<'_>, candidates: &[Candidate], now_ms: u64) -> Decision {
        let Some(user) = user_of(request) else {
            return Decision::Reply(reply(request, 400, |_| {}));
        };
        let Some(value) = request.header(hdr::AUTHORIZATION) else {
            return Decision::Reply(self.challenge(request, now_ms, false));
        };
        let Some(creds) = auth::parse_authorization(value) else {
            return Decision::Reply(reply(request, 400, |_| {}));
        };
        if creds.realm != self.realm {
            return Decision::Reply(self.challenge(request, now_ms, false));
        }
        if creds.username != user {
            // Credentials of one endpoint never register another.
            return Decision::Reply(reply(request, 403, |_| {}));
        }
        let nonce = self.nonces.check(creds.nonce, now_ms);
        if nonce == NonceState::Foreign {
            return Decision::Reply(self.challenge(request, now_ms, false));
        }
        let Some(who) = candidates.iter().find(|c| auth::verify(&creds, &c.password, "REGISTER")) else {
            return Decision::Reply(reply(request, 403, |_| {}));
        };
        if nonce == NonceState::Stale {
            return Decision::Reply(self.challenge(request, now_ms, true));
        }
        self.authorized(request, who)
    }

    fn authorized(&self, request: &Message<'_>, who: &Candidate) -> Decision {
        let header_expires = request.expires();
        let contacts: Vec<NameAddr<'_>> = request.contacts().collect();
        let star = contacts.iter().any(|c| c.uri == "*");
        let Some(contact) = contacts.first().filter(|_| !star) else {
            if star && header_expires == Some(0) {
                return Decision::Unbind { key: who.key.clone(), response: reply(request, 200, |_| {}) };
            }
            if star {
                return Decision::Reply(reply(request, 400, |_| {}));
            }
            // A query: the answer lists nothing, since bindings live on
            // connections and are not shown across them.
            return Decision::Reply(reply(request, 200, |_| {}));
        };
        let Ok(uri) = contact.parsed_uri() else {
            return Decision::Reply(reply(request, 400, |_| {}));
        };
        let asked =
            contact.param("expires").flatten().and_then(parse_u32).or(header_expires).unwrap_or(DEFAULT_EXPIRES);
        if asked == 0 {
            return Decision::Unbind { key: who.key.clone(), response: reply(request, 200, |_| {}) };
        }
        if asked < MIN_EXPIRES {
            return Decision::Reply(reply(request, 423, |m| m.push(hdr::MIN_EXPIRES, MIN_EXPIRES.to_string())));
        }
        let granted = asked.min(MAX_EXPIRES);
        let echoed = echo_contact(contact, granted);
        let response = reply(request, 200, |m| {
            m.push(hdr::CONTACT, echoed.clone());
            m.push(hdr::EXPIRES, granted.to_string());
        });
        Decision::Bind { key: who.key.clone(), session: who.session, contact: uri.print(), expires: granted, response }
    }

    /// A 401 with a fresh nonce.
    fn challenge(&self, request: &Message<'_>, now_ms: u64, stale: bool) -> String {
        let nonce = self.nonces.issue(now_ms);
        reply(request, 401, |m| m.push(hdr::WWW_AUTHENTICATE, auth::challenge(&self.realm, &nonce, stale)))
    }
}

/// A 403, for a binding that could not be made after all (the session
/// ended meanwhile).
pub fn forbidden(request: &Message<'_>) -> String {
    reply(request, 403, |_| {})
}

/// A response to a request outside any dialog, with a To tag made from the
/// Call-ID (stable across retransmissions), extra headers from `more`.
pub fn reply(request: &Message<'_>, code: u16, more: impl FnOnce(&mut Message<'_>)) -> String {
    let tag = request.call_id().map(|id| hex(&md5(id.as_bytes()))[..10].to_string());
    let mut msg = build::response(request, code, tag.as_deref(), false);
    more(&mut msg);
    msg.push(hdr::CONTENT_LENGTH, "0");
    msg.print()
}

/// The Contact as registered, with `expires` set to what was granted.
fn echo_contact(contact: &NameAddr<'_>, granted: u32) -> String {
    let mut out = format!("<{}>", contact.uri);
    for (name, value) in params(contact.params).filter(|(n, _)| !n.eq_ignore_ascii_case("expires")) {
        out.push(';');
        out.push_str(name);
        if let Some(value) = value {
            out.push('=');
            out.push_str(value);
        }
    }
    out.push_str(";expires=");
    out.push_str(&granted.to_string());
    out
}

/// The host of a Contact URI, lower-case; browsers use `*.invalid` ones.
pub fn contact_host(contact: &str) -> Option<String> {
    Uri::parse(contact).ok().map(|u| u.host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use agent_sdk::sip::digest::Challenge;
    use agent_sdk::sip::parse;

    use super::*;

    const REALM: &str = "127.0.0.1";

    fn registrar() -> Registrar {
        Registrar::new(REALM, Nonces::new([3; 16], 10_000))
    }

    fn register(auth: Option<&str>, contact: &str, expires: Option<u32>) -> String {
        let mut text = String::from(
            "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS abc.invalid;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n\
             From: <sip:8001@127.0.0.1>;tag=f1\r\nTo: <sip:8001@127.0.0.1>\r\nCall-ID: reg1\r\nCSeq: 2 REGISTER\r\n",
        );
        text.push_str(&format!("Contact: {contact}\r\n"));
        if let Some(e) = expires {
            text.push_str(&format!("Expires: {e}\r\n"));
        }
        if let Some(a) = auth {
            text.push_str(&format!("Authorization: {a}\r\n"));
        }
        text.push_str("Content-Length: 0\r\n\r\n");
        text
    }

    fn candidates() -> Vec<Candidate> {
        vec![
            Candidate { key: AgentKey::new("t2", "0001"), session: 7, password: "other".into() },
            Candidate { key: AgentKey::new("t1", "0001"), session: 9, password: "pw".into() },
        ]
    }

    /// The SDK's answer to the challenge in `response`.
    fn answer(response: &str, password: &str) -> String {
        let msg = parse(response).unwrap();
        let ch = Challenge::parse(msg.header("WWW-Authenticate").unwrap()).unwrap();
        ch.authorization("8001", password, "REGISTER", "sip:127.0.0.1", "", "cn", 1)
    }

    fn reply_text(d: Decision) -> String {
        match d {
            Decision::Reply(r) => r,
            other => panic!("expected a reply, got {other:?}"),
        }
    }

    #[test]
    fn challenge_then_bind_with_the_matching_session() {
        let r = registrar();
        let contact = r#"<sip:8001@abc.invalid;transport=ws>;+sip.instance="<urn:uuid:1>";reg-id=1;expires=600"#;
        let first = reply_text(r.handle(&parse(&register(None, contact, Some(600))).unwrap(), &candidates(), 0));
        assert!(first.starts_with("SIP/2.0 401 "), "{first}");
        assert!(first.contains("qop=\"auth\"") && !first.contains("stale"));
        let auth = answer(&first, "pw");
        let second = register(Some(&auth), contact, Some(600));
        match r.handle(&parse(&second).unwrap(), &candidates(), 100) {
            Decision::Bind { key, session, contact, expires, response } => {
                assert_eq!((key, session, expires), (AgentKey::new("t1", "0001"), 9, 600));
                assert_eq!(contact, "sip:8001@abc.invalid;transport=ws");
                assert!(response.starts_with("SIP/2.0 200 OK\r\n"), "{response}");
                let msg = parse(&response).unwrap();
                assert_eq!(
                    msg.header("Contact"),
                    Some(r#"<sip:8001@abc.invalid;transport=ws>;+sip.instance="<urn:uuid:1>";reg-id=1;expires=600"#)
                );
                assert_eq!(msg.header("Expires"), Some("600"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_password_stale_nonce_and_lifetimes() {
        let r = registrar();
        let contact = "<sip:8001@abc.invalid;transport=ws>";
        let first = reply_text(r.handle(&parse(&register(None, contact, None)).unwrap(), &candidates(), 0));
        let wrong = answer(&first, "nope");
        let denied = reply_text(r.handle(&parse(&register(Some(&wrong), contact, None)).unwrap(), &candidates(), 1));
        assert!(denied.starts_with("SIP/2.0 403 "), "{denied}");

        let right = answer(&first, "pw");
        let later = register(Some(&right), contact, None);
        let stale = reply_text(r.handle(&parse(&later).unwrap(), &candidates(), 20_000));
        assert!(stale.starts_with("SIP/2.0 401 ") && stale.contains("stale=true"), "{stale}");
        let stale_wrong =
            reply_text(r.handle(&parse(&register(Some(&wrong), contact, None)).unwrap(), &candidates(), 20_000));
        assert!(stale_wrong.starts_with("SIP/2.0 403 "), "{stale_wrong}");

        let brief = reply_text(r.handle(&parse(&register(Some(&right), contact, Some(10))).unwrap(), &candidates(), 5));
        assert!(brief.starts_with("SIP/2.0 423 ") && brief.contains("Min-Expires: 30"), "{brief}");
        match r.handle(&parse(&register(Some(&right), contact, Some(86_400))).unwrap(), &candidates(), 5) {
            Decision::Bind { expires, .. } => assert_eq!(expires, MAX_EXPIRES),
            other => panic!("{other:?}"),
        }
        match r.handle(&parse(&register(Some(&right), "*", Some(0))).unwrap(), &candidates(), 5) {
            Decision::Unbind { key, response } => {
                assert_eq!(key, AgentKey::new("t1", "0001"));
                assert!(response.starts_with("SIP/2.0 200 "));
            }
            other => panic!("{other:?}"),
        }
        let unreg = register(Some(&right), "<sip:8001@abc.invalid;transport=ws>;expires=0", None);
        assert!(matches!(r.handle(&parse(&unreg).unwrap(), &candidates(), 5), Decision::Unbind { .. }));
    }

    #[test]
    fn foreign_nonces_other_users_and_broken_requests() {
        let r = registrar();
        let contact = "<sip:8001@abc.invalid;transport=ws>";
        let other = registrar_with_other_secret();
        let foreign = other.nonces.issue(0);
        let ch = Challenge::parse(&auth::challenge(REALM, &foreign, false)).unwrap();
        let auth = ch.authorization("8001", "pw", "REGISTER", "sip:127.0.0.1", "", "cn", 1);
        let again = reply_text(r.handle(&parse(&register(Some(&auth), contact, None)).unwrap(), &candidates(), 1));
        assert!(again.starts_with("SIP/2.0 401 ") && !again.contains("stale"), "{again}");

        let first = reply_text(r.handle(&parse(&register(None, contact, None)).unwrap(), &candidates(), 0));
        let msg = parse(&first).unwrap();
        let ch = Challenge::parse(msg.header("WWW-Authenticate").unwrap()).unwrap();
        let as_other_user = ch.authorization("8002", "pw", "REGISTER", "sip:127.0.0.1", "", "cn", 1);
        let denied =
            reply_text(r.handle(&parse(&register(Some(&as_other_user), contact, None)).unwrap(), &candidates(), 1));
        assert!(denied.starts_with("SIP/2.0 403 "), "{denied}");
        let garbage =
            reply_text(r.handle(&parse(&register(Some("Digest junk"), contact, None)).unwrap(), &candidates(), 1));
        assert!(garbage.starts_with("SIP/2.0 400 "), "{garbage}");
        let no_user = register(None, contact, None).replace("To: <sip:8001@127.0.0.1>", "To: <sip:127.0.0.1>");
        assert!(reply_text(r.handle(&parse(&no_user).unwrap(), &candidates(), 1)).starts_with("SIP/2.0 400 "));
    }

    fn registrar_with_other_secret() -> Registrar {
        Registrar::new(REALM, Nonces::new([4; 16], 10_000))
    }
}
