//! Typed readers for the headers the user agent acts on: Via, From/To,
//! Call-ID, CSeq, Contact, Route/Record-Route, Max-Forwards, Expires,
//! Content-Type and the authentication challenges.
//!
//! Each reader borrows from the message and returns `None` when the header
//! is missing or does not follow its grammar; the UA answers such requests
//! with 400 rather than guessing.

use crate::sip::message::{hdr, Message};
use crate::sip::parse::ParseError;
use crate::sip::syntax::{param, parse_u32, split_unquoted, trim};
use crate::sip::uri::{split_host_port, NameAddr};

/// The `branch` prefix of RFC 3261 transactions.
pub const MAGIC_COOKIE: &str = "z9hG4bK";

/// One Via entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via<'a> {
    /// The transport: `WS`, `WSS`, `UDP`, `TCP`, `TLS`...
    pub transport: &'a str,
    /// The sent-by host (IPv6 in brackets).
    pub host: &'a str,
    /// The sent-by port.
    pub port: Option<u16>,
    /// The parameters, from the first `;`, or "".
    pub params: &'a str,
}

impl<'a> Via<'a> {
    /// Parses one Via entry, e.g. `SIP/2.0/WSS 198.51.100.20:443;branch=z9hG4bK1;rport`.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let (head, params) = match text.find(';') {
            Some(i) => text.split_at(i),
            None => (text, ""),
        };
        let (protocol, rest) = head.rsplit_once('/').ok_or(ParseError::HeaderValue)?;
        let (name, version) = protocol.split_once('/').ok_or(ParseError::HeaderValue)?;
        if !trim(name).eq_ignore_ascii_case("SIP") || trim(version) != "2.0" {
            return Err(ParseError::HeaderValue);
        }
        let rest = trim(rest);
        let (transport, sent_by) = rest.split_once([' ', '\t']).ok_or(ParseError::HeaderValue)?;
        // A comment such as "(Example)" may follow sent-by; it carries nothing.
        let sent_by = trim(sent_by).split([' ', '\t', '(']).next().unwrap_or("");
        if !crate::sip::syntax::is_token(transport) {
            return Err(ParseError::HeaderValue);
        }
        let (host, port) = split_host_port(sent_by).map_err(|_| ParseError::HeaderValue)?;
        Ok(Self { transport, host, port, params })
    }

    /// The `branch` parameter.
    pub fn branch(&self) -> Option<&'a str> {
        param(self.params, "branch").flatten()
    }

    /// The `received` parameter.
    pub fn received(&self) -> Option<&'a str> {
        param(self.params, "received").flatten()
    }

    /// `rport`: `None` absent, `Some(None)` asked for, `Some(Some(port))`
    /// filled in by the server.
    pub fn rport(&self) -> Option<Option<u16>> {
        param(self.params, "rport").map(|v| v.and_then(parse_u32).and_then(|p| u16::try_from(p).ok()))
    }

    /// `host[:port]`, the part that identifies the sender in transaction
    /// matching (RFC 3261 section 17.2.3).
    pub fn sent_by(&self, out: &mut String) {
        out.push_str(self.host);
        if let Some(port) = self.port {
            out.push(':');
            crate::sip::syntax::push_u64(out, u64::from(port));
        }
    }
}

/// The CSeq header: sequence number and method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CSeq<'a> {
    /// The sequence number (below 2^31 by RFC 3261).
    pub seq: u32,
    /// The method.
    pub method: &'a str,
}

impl<'a> CSeq<'a> {
    /// Parses `102 INVITE`.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let text = trim(text);
        let (seq, method) = text.split_once([' ', '\t']).ok_or(ParseError::HeaderValue)?;
        let seq = parse_u32(seq).ok_or(ParseError::HeaderValue)?;
        let method = trim(method);
        if !crate::sip::syntax::is_token(method) {
            return Err(ParseError::HeaderValue);
        }
        Ok(Self { seq, method })
    }
}

impl<'a> Message<'a> {
    /// The topmost Via entry.
    pub fn top_via(&self) -> Option<Via<'_>> {
        self.items(hdr::VIA).next().and_then(|v| Via::parse(v).ok())
    }

    /// Every Via entry in order; an unreadable entry ends the list.
    pub fn vias(&self) -> impl Iterator<Item = Via<'_>> {
        self.items(hdr::VIA).map_while(|v| Via::parse(v).ok())
    }

    /// The From address.
    pub fn from_addr(&self) -> Option<NameAddr<'_>> {
        self.header(hdr::FROM).and_then(|v| NameAddr::parse(v).ok())
    }

    /// The To address.
    pub fn to_addr(&self) -> Option<NameAddr<'_>> {
        self.header(hdr::TO).and_then(|v| NameAddr::parse(v).ok())
    }

    /// The From tag.
    pub fn from_tag(&self) -> Option<&str> {
        self.from_addr().and_then(|a| a.tag())
    }

    /// The To tag.
    pub fn to_tag(&self) -> Option<&str> {
        self.to_addr().and_then(|a| a.tag())
    }

    /// The Call-ID.
    pub fn call_id(&self) -> Option<&str> {
        self.header(hdr::CALL_ID).filter(|v| !v.is_empty() && !v.contains(crate::sip::syntax::is_ws))
    }

    /// The CSeq.
    pub fn cseq(&self) -> Option<CSeq<'_>> {
        self.header(hdr::CSEQ).and_then(|v| CSeq::parse(v).ok())
    }

    /// The Contact addresses; unreadable entries are skipped. `*` comes
    /// through with `uri == "*"`.
    pub fn contacts(&self) -> impl Iterator<Item = NameAddr<'_>> {
        self.items(hdr::CONTACT).filter_map(|v| NameAddr::parse(v).ok())
    }

    /// The first Contact address.
    pub fn contact(&self) -> Option<NameAddr<'_>> {
        self.contacts().next()
    }

    /// The Record-Route entries, top first, as written (`<sip:...;lr>`).
    pub fn record_routes(&self) -> impl Iterator<Item = &str> {
        self.items(hdr::RECORD_ROUTE)
    }

    /// The Route entries, top first, as written.
    pub fn routes(&self) -> impl Iterator<Item = &str> {
        self.items(hdr::ROUTE)
    }

    /// Max-Forwards.
    pub fn max_forwards(&self) -> Option<u32> {
        self.header(hdr::MAX_FORWARDS).and_then(parse_u32)
    }

    /// The Expires header, in seconds.
    pub fn expires(&self) -> Option<u32> {
        self.header(hdr::EXPIRES).and_then(parse_u32)
    }

    /// The media type of the body, without parameters, e.g.
    /// `application/sdp`.
    pub fn content_type(&self) -> Option<&str> {
        self.header(hdr::CONTENT_TYPE).map(|v| trim(split_unquoted(v, b';').0)).filter(|v| !v.is_empty())
    }

    /// The challenges of a 401 (`WWW-Authenticate`) or 407
    /// (`Proxy-Authenticate`), raw; see [`crate::sip::digest::Challenge`].
    pub fn challenges(&self) -> impl Iterator<Item = &str> {
        let name = if self.code() == Some(407) { hdr::PROXY_AUTHENTICATE } else { hdr::WWW_AUTHENTICATE };
        self.all(name)
    }

    /// Whether the body is SDP (or there is no Content-Type but a body,
    /// which RFC 3261 lets a UA read as SDP for INVITE/ACK).
    pub fn has_sdp(&self) -> bool {
        !trim(&self.body).is_empty() && self.content_type().is_none_or(|t| t.eq_ignore_ascii_case("application/sdp"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn via_forms() {
        let v = Via::parse("SIP/2.0/WSS 198.51.100.20:443;branch=z9hG4bK7a1f.2c;rport").unwrap();
        assert_eq!((v.transport, v.host, v.port), ("WSS", "198.51.100.20", Some(443)));
        assert_eq!(v.branch(), Some("z9hG4bK7a1f.2c"));
        assert_eq!(v.rport(), Some(None));
        assert_eq!(v.received(), None);

        let v = Via::parse("SIP/2.0/UDP 203.0.113.10:5060;received=203.0.113.10;branch=z9hG4bK-5;rport=5060").unwrap();
        assert_eq!((v.received(), v.rport()), (Some("203.0.113.10"), Some(Some(5060))));

        let v = Via::parse("SIP / 2.0 / TCP [2001:db8::9] (comment);branch=z9hG4bKx").unwrap();
        assert_eq!((v.transport, v.host, v.port), ("TCP", "[2001:db8::9]", None));

        let v = Via::parse("SIP/2.0/WS abc.invalid;branch=z9hG4bKq").unwrap();
        let mut s = String::new();
        v.sent_by(&mut s);
        assert_eq!(s, "abc.invalid");

        for bad in ["", "SIP/2.0/UDP", "SIP/3.0/UDP h", "HTTP/2.0/UDP h", "SIP/2.0/UDP h:x", "SIP/2.0 h"] {
            assert!(Via::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cseq_forms() {
        assert_eq!(CSeq::parse(" 102  INVITE ").unwrap(), CSeq { seq: 102, method: "INVITE" });
        for bad in ["INVITE", "1", "x INVITE", "-1 BYE", "1 BY E"] {
            assert!(CSeq::parse(bad).is_err(), "{bad}");
        }
    }
}
