//! SIP URIs (RFC 3261 section 19.1) and the addresses that carry them in
//! From, To, Contact, Route and Record-Route: `name-addr`
//! (`"Display" <sip:...>;params`) or `addr-spec` (`sip:...;params`).

use crate::sip::parse::ParseError;
use crate::sip::syntax::{param, push_quoted, push_u64, trim, unquote};

/// A parsed `sip:` or `sips:` URI; every part borrows from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uri<'a> {
    /// `sips:` rather than `sip:`.
    pub secure: bool,
    /// The user part, still escaped.
    pub user: Option<&'a str>,
    /// The password after `user:`, when someone put one there.
    pub password: Option<&'a str>,
    /// The host: a name, an IPv4 address or an IPv6 reference with its
    /// brackets.
    pub host: &'a str,
    /// The port, when given.
    pub port: Option<u16>,
    /// The URI parameters, from the first `;` (e.g. `;transport=ws;lr`), or "".
    pub params: &'a str,
    /// The headers after `?`, without it, or "".
    pub headers: &'a str,
}

/// What kind of host a URI names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    /// A host name such as `cc.example.com` or `abc.invalid`.
    Name,
    /// A dotted-quad IPv4 address.
    Ipv4,
    /// A bracketed IPv6 reference.
    Ipv6,
}

impl<'a> Uri<'a> {
    /// Parses `text` (no surrounding `<>`).
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let text = trim(text);
        let (scheme, rest) = text.split_once(':').ok_or(ParseError::Uri)?;
        let secure = if scheme.eq_ignore_ascii_case("sip") {
            false
        } else if scheme.eq_ignore_ascii_case("sips") {
            true
        } else {
            return Err(ParseError::Uri);
        };
        let (rest, headers) = rest.split_once('?').unwrap_or((rest, ""));
        let (user, password, hostport) = match rest.rsplit_once('@') {
            Some((userinfo, hostport)) => {
                let (user, password) = match userinfo.split_once(':') {
                    Some((u, p)) => (u, Some(p)),
                    None => (userinfo, None),
                };
                if user.is_empty() || crate::sip::syntax::has_any(user, b"<> \"") {
                    return Err(ParseError::Uri);
                }
                (Some(user), password, hostport)
            }
            None => (None, None, rest),
        };
        let (hostport, params) = match hostport.find(';') {
            Some(i) => hostport.split_at(i),
            None => (hostport, ""),
        };
        let (host, port) = split_host_port(hostport)?;
        Ok(Self { secure, user, password, host, port, params, headers })
    }

    /// A URI parameter: `None` absent, `Some(None)` a flag, else its value.
    pub fn param(&self, name: &str) -> Option<Option<&'a str>> {
        param(self.params, name)
    }

    /// Whether the URI has parameter `name` (e.g. `lr`, `ob`, `gr`).
    pub fn has_param(&self, name: &str) -> bool {
        self.param(name).is_some()
    }

    /// The `transport` parameter.
    pub fn transport(&self) -> Option<&'a str> {
        self.param("transport").flatten()
    }

    /// The kind of host.
    pub fn host_kind(&self) -> HostKind {
        if self.host.starts_with('[') {
            HostKind::Ipv6
        } else if self.host.split('.').count() == 4 && self.host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            HostKind::Ipv4
        } else {
            HostKind::Name
        }
    }

    /// Appends the URI as text.
    pub fn print_into(&self, out: &mut String) {
        out.push_str(if self.secure { "sips:" } else { "sip:" });
        if let Some(user) = self.user {
            out.push_str(user);
            if let Some(password) = self.password {
                out.push(':');
                out.push_str(password);
            }
            out.push('@');
        }
        out.push_str(self.host);
        if let Some(port) = self.port {
            out.push(':');
            push_u64(out, u64::from(port));
        }
        out.push_str(self.params);
        if !self.headers.is_empty() {
            out.push('?');
            out.push_str(self.headers);
        }
    }

    /// The URI as text.
    pub fn print(&self) -> String {
        let mut out = String::new();
        self.print_into(&mut out);
        out
    }
}

/// Splits `host[:port]` (IPv6 references in brackets), checking the host's
/// characters.
pub fn split_host_port(s: &str) -> Result<(&str, Option<u16>), ParseError> {
    let (host, port) = if s.starts_with('[') {
        let end = s.find(']').ok_or(ParseError::Uri)?;
        let (host, rest) = s.split_at(end + 1);
        let inner = host.get(1..host.len() - 1).unwrap_or("");
        if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') {
            return Err(ParseError::Uri);
        }
        match rest {
            "" => (host, None),
            _ => (host, Some(rest.strip_prefix(':').ok_or(ParseError::Uri)?)),
        }
    } else {
        let (host, port) = match s.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (s, None),
        };
        if host.is_empty() || !host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b)) {
            return Err(ParseError::Uri);
        }
        (host, port)
    };
    let port = match port {
        None => None,
        Some(p) => Some(crate::sip::syntax::parse_u32(p).and_then(|p| u16::try_from(p).ok()).ok_or(ParseError::Uri)?),
    };
    Ok((host, port))
}

/// An address as it appears in From, To, Contact and route headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameAddr<'a> {
    /// The display name, without its quotes (escapes kept).
    pub display: Option<&'a str>,
    /// The URI text, without `<>`.
    pub uri: &'a str,
    /// Header parameters after the address (`;tag=...;expires=...`), or "".
    pub params: &'a str,
}

impl<'a> NameAddr<'a> {
    /// Parses a `name-addr` or an `addr-spec`. For an `addr-spec`
    /// everything after the first `;` is a header parameter, as RFC 3261
    /// section 20.10 requires. The URI itself is not checked here (`*` in
    /// a Contact is allowed through); see [`NameAddr::parsed_uri`].
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let text = trim(text);
        let (display, rest) = if let Some(quoted) = text.strip_prefix('"') {
            let end = closing_quote(quoted).ok_or(ParseError::HeaderValue)?;
            let display = quoted.get(..end).unwrap_or("");
            let rest = quoted.get(end + 1..).unwrap_or("");
            (Some(display), trim(rest))
        } else if let Some(lt) = text.find('<') {
            let (display, rest) = text.split_at(lt);
            let display = trim(display);
            ((!display.is_empty()).then_some(display), rest)
        } else {
            let (uri, params) = match text.find(';') {
                Some(i) => text.split_at(i),
                None => (text, ""),
            };
            let uri = trim(uri);
            if uri.is_empty() || crate::sip::syntax::has_any(uri, b"<> \"") {
                return Err(ParseError::HeaderValue);
            }
            return Ok(Self { display: None, uri, params });
        };
        let inner = rest.strip_prefix('<').ok_or(ParseError::HeaderValue)?;
        let (uri, params) = inner.split_once('>').ok_or(ParseError::HeaderValue)?;
        let uri = trim(uri);
        let params = trim(params);
        if uri.is_empty() || !(params.is_empty() || params.starts_with(';')) {
            return Err(ParseError::HeaderValue);
        }
        Ok(Self { display, uri, params })
    }

    /// A header parameter: `None` absent, `Some(None)` a flag, else its
    /// value (quotes kept).
    pub fn param(&self, name: &str) -> Option<Option<&'a str>> {
        param(self.params, name)
    }

    /// The `tag` parameter.
    pub fn tag(&self) -> Option<&'a str> {
        self.param("tag").flatten()
    }

    /// The display name with its quotes and surrounding space removed.
    pub fn display_name(&self) -> Option<&'a str> {
        self.display.map(unquote).filter(|d| !d.is_empty())
    }

    /// The URI, parsed.
    pub fn parsed_uri(&self) -> Result<Uri<'a>, ParseError> {
        Uri::parse(self.uri)
    }

    /// Appends the address in `name-addr` form, keeping every parameter
    /// except `tag` (what a dialog stores as its local or remote URI).
    pub fn print_without_tag(&self, out: &mut String) {
        if let Some(display) = self.display_name() {
            push_quoted(out, display);
            out.push(' ');
        }
        out.push('<');
        out.push_str(self.uri);
        out.push('>');
        for (name, value) in crate::sip::syntax::params(self.params) {
            if name.eq_ignore_ascii_case("tag") {
                continue;
            }
            out.push(';');
            out.push_str(name);
            if let Some(value) = value {
                out.push('=');
                out.push_str(value);
            }
        }
    }
}

/// Index of the quote closing a quoted string whose opening quote was
/// already consumed.
fn closing_quote(s: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, b) in s.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(s: &str) -> Uri<'_> {
        let uri = Uri::parse(s).unwrap();
        assert_eq!(uri.print(), s);
        uri
    }

    #[test]
    fn full_uri() {
        let uri = roundtrip("sip:alice:secret@atlanta.com:5061;transport=ws;lr?subject=project");
        assert!(!uri.secure);
        assert_eq!(uri.user, Some("alice"));
        assert_eq!(uri.password, Some("secret"));
        assert_eq!(uri.host, "atlanta.com");
        assert_eq!(uri.port, Some(5061));
        assert_eq!(uri.transport(), Some("ws"));
        assert!(uri.has_param("lr"));
        assert_eq!(uri.headers, "subject=project");
        assert_eq!(uri.host_kind(), HostKind::Name);
    }

    #[test]
    fn hosts() {
        let v6 = roundtrip("sips:[2001:db8::1]:443;transport=ws");
        assert!(v6.secure);
        assert_eq!((v6.host, v6.port, v6.host_kind()), ("[2001:db8::1]", Some(443), HostKind::Ipv6));
        let v4 = roundtrip("sip:198.51.100.20;r2=on;lr;ftag=as5f3a9c1e");
        assert_eq!((v4.host_kind(), v4.user, v4.port), (HostKind::Ipv4, None, None));
        let invalid = roundtrip("sip:agent0001@df7jal23ls0d.invalid;transport=ws");
        assert_eq!(invalid.host, "df7jal23ls0d.invalid");
        let gruu = roundtrip("sip:agent@cc.example.com;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assert_eq!(gruu.param("gr"), Some(Some("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6")));
        // The scheme is case-insensitive and prints in lower case.
        assert_eq!(Uri::parse("SIP:a@B.example").unwrap().print(), "sip:a@B.example");
    }

    #[test]
    fn phone_user_with_params() {
        let uri = Uri::parse("sip:+1-212-555-1212;phone-context=x@gw.example.com;user=phone").unwrap();
        assert_eq!(uri.user, Some("+1-212-555-1212;phone-context=x"));
        assert_eq!(uri.host, "gw.example.com");
        assert_eq!(uri.param("user"), Some(Some("phone")));
    }

    #[test]
    fn bad_uris() {
        for bad in [
            "",
            "sip:",
            "tel:+123",
            "sip:@host",
            "sip:a@",
            "sip:host:99999",
            "sip:host:",
            "sip:[::1",
            "sip:[zz]",
            "sip:[::1]x",
            "sip:ho st",
            "sip:a@b:c:d",
            "http://x",
        ] {
            assert!(Uri::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn name_addr_forms() {
        let a =
            NameAddr::parse(r#""Customer 4155550123" <sip:+14155550123@carrier.example.com>;tag=as5f3a9c1e"#).unwrap();
        assert_eq!(a.display_name(), Some("Customer 4155550123"));
        assert_eq!(a.uri, "sip:+14155550123@carrier.example.com");
        assert_eq!(a.tag(), Some("as5f3a9c1e"));

        let b = NameAddr::parse("Bob <sip:bob@b.example;transport=ws>;expires=60").unwrap();
        assert_eq!((b.display_name(), b.uri), (Some("Bob"), "sip:bob@b.example;transport=ws"));
        assert_eq!(b.param("expires"), Some(Some("60")));

        let c = NameAddr::parse("sip:carol@c.example;tag=88").unwrap();
        assert_eq!((c.uri, c.tag()), ("sip:carol@c.example", Some("88")));

        let star = NameAddr::parse("*").unwrap();
        assert_eq!(star.uri, "*");
        assert!(star.parsed_uri().is_err());

        let quoted = NameAddr::parse(r#""a \"b\" <c>" <sip:x@y>"#).unwrap();
        assert_eq!(quoted.uri, "sip:x@y");

        let mut out = String::new();
        a.print_without_tag(&mut out);
        assert_eq!(out, r#""Customer 4155550123" <sip:+14155550123@carrier.example.com>"#);
    }

    #[test]
    fn bad_name_addrs() {
        for bad in ["", "\"unterminated <sip:a@b>", "<sip:a@b", "Bob sip:a@b>", "<>", "<sip:a@b>junk", "\"x\" sip:a@b"]
        {
            assert!(NameAddr::parse(bad).is_err(), "{bad}");
        }
    }
}
