//! Digest authentication from the registrar's side (RFC 2617, RFC 3261
//! section 22.4): the challenge, nonces that expire, and checking the
//! `Authorization` header of a REGISTER.
//!
//! Nonces are stateless, as Kamailio makes them: the expiry time and a MAC
//! of it under a secret drawn at start-up. Any connection can answer any
//! nonce this gateway issued, nothing is stored per client, and a nonce
//! from another run (another secret) is simply not ours.

use agent_sdk::sip::md5::{hex, Md5};
use agent_sdk::sip::syntax::{list, push_quoted, trim, unquote};

/// What a nonce presented by a client is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceState {
    /// Issued by us and not expired.
    Fresh,
    /// Issued by us, expired: the client is told `stale=true` when its
    /// credentials are otherwise right.
    Stale,
    /// Not issued by this gateway run.
    Foreign,
}

/// Issues and checks nonces.
#[derive(Clone)]
pub struct Nonces {
    secret: [u8; 16],
    lifetime_ms: u64,
}

impl std::fmt::Debug for Nonces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Nonces").field("secret", &"***").field("lifetime_ms", &self.lifetime_ms).finish()
    }
}

impl Nonces {
    /// Nonces under `secret` that live `lifetime_ms`.
    pub fn new(secret: [u8; 16], lifetime_ms: u64) -> Self {
        Self { secret, lifetime_ms }
    }

    /// A nonce valid until `now_ms` plus the lifetime: 16 hex digits of the
    /// expiry, then 32 of its MAC.
    pub fn issue(&self, now_ms: u64) -> String {
        let expiry = now_ms.saturating_add(self.lifetime_ms);
        let stamp = format!("{expiry:016x}");
        let mac = self.mac(&stamp);
        stamp + &mac
    }

    /// Whether `nonce` is ours and fresh at `now_ms`.
    pub fn check(&self, nonce: &str, now_ms: u64) -> NonceState {
        let (Some(stamp), Some(mac)) = (nonce.get(..16), nonce.get(16..)) else {
            return NonceState::Foreign;
        };
        if !equal(mac.as_bytes(), self.mac(stamp).as_bytes()) {
            return NonceState::Foreign;
        }
        match u64::from_str_radix(stamp, 16) {
            Ok(expiry) if expiry > now_ms => NonceState::Fresh,
            Ok(_) => NonceState::Stale,
            Err(_) => NonceState::Foreign,
        }
    }

    fn mac(&self, stamp: &str) -> String {
        let mut md5 = Md5::default();
        md5.update(&self.secret).update(b":").update(stamp.as_bytes()).update(b":").update(&self.secret);
        hex(&md5.finish())
    }
}

/// The `WWW-Authenticate` value of a 401.
pub fn challenge(realm: &str, nonce: &str, stale: bool) -> String {
    let mut out = String::from("Digest realm=");
    push_quoted(&mut out, realm);
    out.push_str(", nonce=\"");
    out.push_str(nonce);
    out.push_str("\", qop=\"auth\", algorithm=MD5");
    if stale {
        out.push_str(", stale=true");
    }
    out
}

/// The fields of an `Authorization: Digest ...` value this registrar uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Credentials<'a> {
    /// `username`.
    pub username: &'a str,
    /// `realm`.
    pub realm: &'a str,
    /// `nonce`.
    pub nonce: &'a str,
    /// `uri` (the digest covers it; it need not equal the Request-URI
    /// byte for byte, RFC 3261 section 22.4 only asks for the same URI).
    pub uri: &'a str,
    /// `response`: 32 hex digits.
    pub response: &'a str,
    /// `qop`, when the client chose one.
    pub qop: Option<&'a str>,
    /// `nc`.
    pub nc: Option<&'a str>,
    /// `cnonce`.
    pub cnonce: Option<&'a str>,
    /// `algorithm`, when named.
    pub algorithm: Option<&'a str>,
}

/// Reads an `Authorization` value; `None` when it is not a Digest answer
/// this registrar can check (no username, nonce or response, another
/// scheme, an algorithm other than MD5, a qop other than `auth`).
pub fn parse_authorization(value: &str) -> Option<Credentials<'_>> {
    let value = trim(value);
    let (scheme, params) = value.split_once([' ', '\t'])?;
    if !scheme.eq_ignore_ascii_case("Digest") {
        return None;
    }
    let mut c = Credentials::default();
    for item in list(params) {
        let Some((name, v)) = item.split_once('=') else { continue };
        let (name, v) = (trim(name), unquote(trim(v)));
        match name.to_ascii_lowercase().as_str() {
            "username" => c.username = v,
            "realm" => c.realm = v,
            "nonce" => c.nonce = v,
            "uri" => c.uri = v,
            "response" => c.response = v,
            "qop" => c.qop = Some(v),
            "nc" => c.nc = Some(v),
            "cnonce" => c.cnonce = Some(v),
            "algorithm" => c.algorithm = Some(v),
            _ => {}
        }
    }
    let md5 = c.algorithm.is_none_or(|a| a.eq_ignore_ascii_case("MD5"));
    let qop_ok = match c.qop {
        None => true,
        Some(q) => q.eq_ignore_ascii_case("auth") && c.nc.is_some() && c.cnonce.is_some(),
    };
    let complete = !c.username.is_empty() && !c.nonce.is_empty() && c.response.len() == 32;
    (md5 && qop_ok && complete).then_some(c)
}

/// Whether `c` is the right answer for `password` and `method`.
pub fn verify(c: &Credentials<'_>, password: &str, method: &str) -> bool {
    let mut md5 = Md5::default();
    md5.update(c.username.as_bytes()).update(b":").update(c.realm.as_bytes()).update(b":");
    let ha1 = md5.update(password.as_bytes()).finish();
    let mut md5 = Md5::default();
    let ha2 = md5.update(method.as_bytes()).update(b":").update(c.uri.as_bytes()).finish();
    let mut md5 = Md5::default();
    md5.update_hex(&ha1).update(b":").update(c.nonce.as_bytes()).update(b":");
    if let (Some(qop), Some(nc), Some(cnonce)) = (c.qop, c.nc, c.cnonce) {
        md5.update(nc.as_bytes()).update(b":").update(cnonce.as_bytes()).update(b":");
        md5.update(qop.as_bytes()).update(b":");
    }
    let expected = hex(&md5.update_hex(&ha2).finish());
    equal(expected.as_bytes(), c.response.to_ascii_lowercase().as_bytes())
}

/// Compares without stopping at the first difference, so the time taken
/// says nothing about how much of a response was right.
fn equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use agent_sdk::sip::digest::Challenge;

    use super::*;

    #[test]
    fn nonces_expire_and_belong_to_their_secret() {
        let nonces = Nonces::new([7; 16], 1_000);
        let n = nonces.issue(500);
        assert_eq!(nonces.check(&n, 1_499), NonceState::Fresh);
        assert_eq!(nonces.check(&n, 1_500), NonceState::Stale);
        assert_eq!(Nonces::new([8; 16], 1_000).check(&n, 600), NonceState::Foreign);
        for bad in ["", "short", "zzzzzzzzzzzzzzzz0123", &n[..40]] {
            assert_eq!(nonces.check(bad, 600), NonceState::Foreign, "{bad}");
        }
    }

    #[test]
    fn the_sdk_answer_to_our_challenge_verifies() {
        let ch = Challenge::parse(&challenge("127.0.0.1", "abc123", false)).unwrap();
        let header = ch.authorization("8001", "s3cret", "REGISTER", "sip:127.0.0.1", "", "c0ffee", 1);
        let creds = parse_authorization(&header).unwrap();
        assert_eq!((creds.username, creds.realm, creds.nonce), ("8001", "127.0.0.1", "abc123"));
        assert!(verify(&creds, "s3cret", "REGISTER"));
        assert!(!verify(&creds, "wrong", "REGISTER"));
        assert!(!verify(&creds, "s3cret", "INVITE"));
    }

    #[test]
    fn rfc2617_example_and_rfc2069_answers() {
        let header = r#"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41""#;
        let creds = parse_authorization(header).unwrap();
        assert!(verify(&creds, "Circle Of Life", "GET"));
        let old = r#"Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", response="670fd8c2df070c60b045671b8b24ff02""#;
        assert!(verify(&parse_authorization(old).unwrap(), "Circle Of Life", "GET"));
    }

    #[test]
    fn unusable_answers_are_refused() {
        for bad in [
            "",
            "Basic dXNlcjpwYXNz",
            "Digest",
            r#"Digest username="a", nonce="n""#,
            r#"Digest username="a", nonce="n", response="00000000000000000000000000000000", algorithm=SHA-256"#,
            r#"Digest username="a", nonce="n", response="00000000000000000000000000000000", qop=auth"#,
            r#"Digest username="a", nonce="n", response="00000000000000000000000000000000", qop=auth-int, nc=1, cnonce="c""#,
        ] {
            assert!(parse_authorization(bad).is_none(), "{bad}");
        }
    }
}
