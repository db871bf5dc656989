//! HTTP Digest authentication for SIP (RFC 2617, RFC 8760): MD5 and
//! MD5-sess, with or without `qop=auth` / `qop=auth-int`.
//!
//! SHA-256 challenges (RFC 8760) are recognised and skipped: a registrar
//! that offers both gets the MD5 answer, one that offers only SHA-256 is
//! reported as an unsupported challenge.

use crate::sip::md5::{hex, Md5};
use crate::sip::parse::ParseError;
use crate::sip::syntax::{list, owned, push_hex, push_quoted, trim, unquote};

/// The hash algorithm a challenge asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `MD5` (also the default when the challenge names none).
    Md5,
    /// `MD5-sess`: HA1 also covers the nonce and cnonce.
    Md5Sess,
}

/// The quality of protection chosen for the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qop {
    /// `auth`: request line only.
    Auth,
    /// `auth-int`: request line and body.
    AuthInt,
}

/// A parsed `Digest` challenge, owned so that the registration can reuse
/// its nonce for later requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The protection space.
    pub realm: String,
    /// The server nonce.
    pub nonce: String,
    /// Echoed back unchanged when present.
    pub opaque: Option<String>,
    /// The hash algorithm.
    pub algorithm: Algorithm,
    /// The chosen qop (`auth` preferred), `None` for an RFC 2069 challenge.
    pub qop: Option<Qop>,
    /// `stale=true`: the credentials were right, only the nonce expired.
    pub stale: bool,
}

impl Challenge {
    /// Parses a `WWW-Authenticate` / `Proxy-Authenticate` value.
    pub fn parse(value: &str) -> Result<Self, ParseError> {
        let value = trim(value);
        let (scheme, params) = value.split_once([' ', '\t']).ok_or(ParseError::Challenge)?;
        if !scheme.eq_ignore_ascii_case("Digest") {
            return Err(ParseError::Challenge);
        }
        let mut challenge = Challenge {
            realm: String::new(),
            nonce: String::new(),
            opaque: None,
            algorithm: Algorithm::Md5,
            qop: None,
            stale: false,
        };
        let (mut realm, mut nonce) = (None, None);
        for item in list(params) {
            let Some((name, value)) = item.split_once('=') else { continue };
            let (name, value) = (trim(name), unquote(value));
            let is = |n: &str| name.eq_ignore_ascii_case(n);
            if is("realm") {
                realm = Some(value);
            } else if is("nonce") {
                nonce = Some(value);
            } else if is("opaque") {
                challenge.opaque = Some(owned(value));
            } else if is("stale") {
                challenge.stale = value.eq_ignore_ascii_case("true");
            } else if is("algorithm") {
                challenge.algorithm = if value.eq_ignore_ascii_case("MD5") {
                    Algorithm::Md5
                } else if value.eq_ignore_ascii_case("MD5-sess") {
                    Algorithm::Md5Sess
                } else {
                    return Err(ParseError::Challenge);
                };
            } else if is("qop") {
                let offered = |q: &str| value.split(',').any(|o| trim(o).eq_ignore_ascii_case(q));
                challenge.qop = if offered("auth") {
                    Some(Qop::Auth)
                } else if offered("auth-int") {
                    Some(Qop::AuthInt)
                } else {
                    return Err(ParseError::Challenge);
                };
            }
        }
        challenge.realm = owned(realm.ok_or(ParseError::Challenge)?);
        challenge.nonce = owned(nonce.filter(|n| !n.is_empty()).ok_or(ParseError::Challenge)?);
        Ok(challenge)
    }

    /// The `response` value for a request.
    #[allow(clippy::too_many_arguments)]
    pub fn response(
        &self,
        username: &str,
        password: &str,
        method: &str,
        uri: &str,
        body: &str,
        cnonce: &str,
        nc: u32,
    ) -> String {
        // The hex digests are streamed into the next hash, never built as
        // strings: smaller code than formatting them.
        let mut ha1 = hash(&[username, ":", &self.realm, ":", password]);
        if self.algorithm == Algorithm::Md5Sess {
            let mut md5 = Md5::default();
            md5.update_hex(&ha1).update(b":").update(self.nonce.as_bytes()).update(b":").update(cnonce.as_bytes());
            ha1 = md5.finish();
        }
        let mut md5 = Md5::default();
        md5.update(method.as_bytes()).update(b":").update(uri.as_bytes());
        if self.qop == Some(Qop::AuthInt) {
            md5.update(b":").update_hex(&crate::sip::md5::md5(body.as_bytes()));
        }
        let ha2 = md5.finish();
        let mut md5 = Md5::default();
        md5.update_hex(&ha1).update(b":").update(self.nonce.as_bytes()).update(b":");
        if let Some(qop) = self.qop {
            let mut nc_hex = String::with_capacity(8);
            push_hex(&mut nc_hex, u64::from(nc), 8);
            md5.update(nc_hex.as_bytes()).update(b":").update(cnonce.as_bytes()).update(b":");
            md5.update(qop_name(qop).as_bytes()).update(b":");
        }
        hex(&md5.update_hex(&ha2).finish())
    }

    /// The `Authorization` / `Proxy-Authorization` value answering this
    /// challenge for one request. `nc` counts the requests made with this
    /// nonce, from 1.
    #[allow(clippy::too_many_arguments)]
    pub fn authorization(
        &self,
        username: &str,
        password: &str,
        method: &str,
        uri: &str,
        body: &str,
        cnonce: &str,
        nc: u32,
    ) -> String {
        let response = self.response(username, password, method, uri, body, cnonce, nc);
        let mut out = String::with_capacity(256);
        out.push_str("Digest username=");
        push_quoted(&mut out, username);
        push_field(&mut out, "realm", &self.realm);
        push_field(&mut out, "nonce", &self.nonce);
        push_field(&mut out, "uri", uri);
        push_field(&mut out, "response", &response);
        out.push_str(match self.algorithm {
            Algorithm::Md5 => ", algorithm=MD5",
            Algorithm::Md5Sess => ", algorithm=MD5-sess",
        });
        if let Some(opaque) = &self.opaque {
            push_field(&mut out, "opaque", opaque);
        }
        if let Some(qop) = self.qop {
            out.push_str(", qop=");
            out.push_str(qop_name(qop));
            push_field(&mut out, "cnonce", cnonce);
            out.push_str(", nc=");
            push_hex(&mut out, u64::from(nc), 8);
        }
        out
    }
}

/// The first challenge among `values` that this module can answer.
pub fn pick<'a>(values: impl Iterator<Item = &'a str>) -> Option<Challenge> {
    values.filter_map(|v| Challenge::parse(v).ok()).next()
}

fn qop_name(qop: Qop) -> &'static str {
    match qop {
        Qop::Auth => "auth",
        Qop::AuthInt => "auth-int",
    }
}

/// `, name="value"`. Values come from the server's own challenge or our
/// URI; they are written back as the server quoted them.
fn push_field(out: &mut String, name: &str, value: &str) {
    out.push_str(", ");
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(value);
    out.push('"');
}

fn hash(parts: &[&str]) -> [u8; 16] {
    let mut md5 = Md5::default();
    for part in parts {
        md5.update(part.as_bytes());
    }
    md5.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC2617: &str = r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#;

    #[test]
    fn rfc2617_section_3_5() {
        let ch = Challenge::parse(RFC2617).unwrap();
        assert_eq!(ch.realm, "testrealm@host.com");
        assert_eq!(ch.qop, Some(Qop::Auth));
        assert_eq!(ch.algorithm, Algorithm::Md5);
        assert!(!ch.stale);
        let response = ch.response("Mufasa", "Circle Of Life", "GET", "/dir/index.html", "", "0a4f113b", 1);
        assert_eq!(response, "6629fae49393a05397450978507c4ef1");
        let header = ch.authorization("Mufasa", "Circle Of Life", "GET", "/dir/index.html", "", "0a4f113b", 1);
        assert_eq!(
            header,
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", \
             response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, \
             opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", qop=auth, cnonce=\"0a4f113b\", nc=00000001"
        );
    }

    #[test]
    fn rfc7616_md5_example() {
        let ch = Challenge::parse(
            r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#,
        )
        .unwrap();
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let response = ch.response("Mufasa", "Circle of Life", "GET", "/dir/index.html", "", cnonce, 1);
        assert_eq!(response, "8ca523f5e9506fed4657c9700eebdbec");
    }

    #[test]
    fn md5_sess_and_rfc2069() {
        let sess = RFC2617.replace("qop=", "algorithm=MD5-sess, qop=");
        let ch = Challenge::parse(&sess).unwrap();
        assert_eq!(ch.algorithm, Algorithm::Md5Sess);
        let response = ch.response("Mufasa", "Circle Of Life", "GET", "/dir/index.html", "", "0a4f113b", 1);
        assert_eq!(response, "8e3825c57e897f5a0dec6c2d4e5059d0");

        let ch = Challenge::parse(r#"Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093""#)
            .unwrap();
        assert_eq!(ch.qop, None);
        let response = ch.response("Mufasa", "Circle Of Life", "GET", "/dir/index.html", "", "x", 1);
        assert_eq!(response, "670fd8c2df070c60b045671b8b24ff02");
        let header = ch.authorization("Mufasa", "Circle Of Life", "GET", "/dir/index.html", "", "x", 1);
        assert!(!header.contains("nc=") && !header.contains("cnonce"));
    }

    #[test]
    fn stale_and_unsupported() {
        let ch = Challenge::parse(r#"Digest realm="r", nonce="n2", stale=TRUE, algorithm=md5"#).unwrap();
        assert!(ch.stale);
        for bad in [
            "Basic realm=\"r\"",
            "Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256",
            "Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"",
            "Digest nonce=\"n\"",
            "Digest realm=\"r\"",
            "Digest",
            "",
        ] {
            assert!(Challenge::parse(bad).is_err(), "{bad}");
        }
        let both = [r#"Digest realm="r", nonce="n", algorithm=SHA-256"#, r#"Digest realm="r", nonce="n""#];
        assert_eq!(pick(both.into_iter()).map(|c| c.algorithm), Some(Algorithm::Md5));
    }
}
