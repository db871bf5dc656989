//! The SIP message model: a start line, an ordered list of headers and a
//! body.
//!
//! Parsed messages borrow from the frame they came from (`Cow::Borrowed`);
//! messages the UA builds own their text. Header names keep the spelling
//! they arrived with so that an unchanged message prints back as it came,
//! and every lookup is case-insensitive and knows the compact forms.

use std::borrow::Cow;

/// Header names the SDK reads or writes, in their canonical spelling.
pub mod hdr {
    /// `Via` (compact `v`).
    pub const VIA: &str = "Via";
    /// `From` (compact `f`).
    pub const FROM: &str = "From";
    /// `To` (compact `t`).
    pub const TO: &str = "To";
    /// `Call-ID` (compact `i`).
    pub const CALL_ID: &str = "Call-ID";
    /// `CSeq`.
    pub const CSEQ: &str = "CSeq";
    /// `Contact` (compact `m`).
    pub const CONTACT: &str = "Contact";
    /// `Content-Length` (compact `l`).
    pub const CONTENT_LENGTH: &str = "Content-Length";
    /// `Content-Type` (compact `c`).
    pub const CONTENT_TYPE: &str = "Content-Type";
    /// `Max-Forwards`.
    pub const MAX_FORWARDS: &str = "Max-Forwards";
    /// `Route`.
    pub const ROUTE: &str = "Route";
    /// `Record-Route`.
    pub const RECORD_ROUTE: &str = "Record-Route";
    /// `Expires`.
    pub const EXPIRES: &str = "Expires";
    /// `Min-Expires`.
    pub const MIN_EXPIRES: &str = "Min-Expires";
    /// `WWW-Authenticate`.
    pub const WWW_AUTHENTICATE: &str = "WWW-Authenticate";
    /// `Proxy-Authenticate`.
    pub const PROXY_AUTHENTICATE: &str = "Proxy-Authenticate";
    /// `Authorization`.
    pub const AUTHORIZATION: &str = "Authorization";
    /// `Proxy-Authorization`.
    pub const PROXY_AUTHORIZATION: &str = "Proxy-Authorization";
    /// `Supported` (compact `k`).
    pub const SUPPORTED: &str = "Supported";
    /// `Require`.
    pub const REQUIRE: &str = "Require";
    /// `Unsupported`.
    pub const UNSUPPORTED: &str = "Unsupported";
    /// `Allow`.
    pub const ALLOW: &str = "Allow";
    /// `Accept`.
    pub const ACCEPT: &str = "Accept";
    /// `User-Agent`.
    pub const USER_AGENT: &str = "User-Agent";
    /// `Reason`.
    pub const REASON: &str = "Reason";
    /// `Retry-After`.
    pub const RETRY_AFTER: &str = "Retry-After";
}

/// Compact header forms (RFC 3261 section 7.3.3 and later extensions).
const COMPACT: &[(u8, &str)] = &[
    (b'v', hdr::VIA),
    (b'f', hdr::FROM),
    (b't', hdr::TO),
    (b'i', hdr::CALL_ID),
    (b'm', hdr::CONTACT),
    (b'l', hdr::CONTENT_LENGTH),
    (b'c', hdr::CONTENT_TYPE),
    (b'k', hdr::SUPPORTED),
    (b's', "Subject"),
    (b'e', "Content-Encoding"),
    (b'o', "Event"),
    (b'r', "Refer-To"),
    (b'u', "Allow-Events"),
    (b'x', "Session-Expires"),
];

/// The full name for a compact one; other names unchanged.
pub fn expand_name(name: &str) -> &str {
    if let [b] = name.as_bytes() {
        let b = b.to_ascii_lowercase();
        if let Some((_, full)) = COMPACT.iter().find(|(c, _)| *c == b) {
            return full;
        }
    }
    name
}

/// Whether two header names denote the same header.
pub fn same_name(a: &str, b: &str) -> bool {
    expand_name(a).eq_ignore_ascii_case(expand_name(b))
}

/// The first line of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine<'a> {
    /// `METHOD Request-URI SIP/2.0`.
    Request {
        /// The method, case-sensitive as RFC 3261 requires.
        method: Cow<'a, str>,
        /// The Request-URI, unparsed (see [`crate::sip::uri::Uri::parse`]).
        uri: Cow<'a, str>,
    },
    /// `SIP/2.0 code reason`.
    Response {
        /// The status code, 100 to 699.
        code: u16,
        /// The reason phrase, possibly empty.
        reason: Cow<'a, str>,
    },
}

/// One header line, folded continuation lines already joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header<'a> {
    /// The name as written (possibly compact).
    pub name: Cow<'a, str>,
    /// The value, trimmed.
    pub value: Cow<'a, str>,
}

/// A SIP request or response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message<'a> {
    /// Request or status line.
    pub start: StartLine<'a>,
    /// Headers in arrival (or insertion) order.
    pub headers: Vec<Header<'a>>,
    /// The body; SIP over WebSocket text frames carries text bodies (SDP).
    pub body: Cow<'a, str>,
}

impl<'a> Message<'a> {
    /// A request with no headers yet.
    pub fn request(method: impl Into<Cow<'a, str>>, uri: impl Into<Cow<'a, str>>) -> Self {
        let start = StartLine::Request { method: method.into(), uri: uri.into() };
        Self { start, headers: Vec::new(), body: Cow::Borrowed("") }
    }

    /// A response with no headers yet and the standard reason phrase.
    pub fn response(code: u16) -> Self {
        let start = StartLine::Response { code, reason: Cow::Borrowed(reason_phrase(code)) };
        Self { start, headers: Vec::new(), body: Cow::Borrowed("") }
    }

    /// The method of a request.
    pub fn method(&self) -> Option<&str> {
        match &self.start {
            StartLine::Request { method, .. } => Some(method),
            StartLine::Response { .. } => None,
        }
    }

    /// The Request-URI of a request.
    pub fn request_uri(&self) -> Option<&str> {
        match &self.start {
            StartLine::Request { uri, .. } => Some(uri),
            StartLine::Response { .. } => None,
        }
    }

    /// The status code of a response.
    pub fn code(&self) -> Option<u16> {
        match self.start {
            StartLine::Response { code, .. } => Some(code),
            StartLine::Request { .. } => None,
        }
    }

    /// The reason phrase of a response ("" for a request).
    pub fn reason(&self) -> &str {
        match &self.start {
            StartLine::Response { reason, .. } => reason,
            StartLine::Request { .. } => "",
        }
    }

    /// The value of the first header called `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|h| same_name(&h.name, name)).map(|h| &*h.value)
    }

    /// Every value of the headers called `name`, in order (one per line;
    /// see [`Message::items`] to split comma lists).
    pub fn all<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s str> + 's {
        self.headers.iter().filter(move |h| same_name(&h.name, name)).map(|h| &*h.value)
    }

    /// Every comma-separated item of the headers called `name`, in order:
    /// `Via: a, b` and two `Via` lines read the same.
    pub fn items<'s>(&'s self, name: &'s str) -> Items<'s> {
        Items { headers: self.headers.iter(), name, list: crate::sip::syntax::list("") }
    }

    /// Appends a header.
    pub fn push(&mut self, name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) {
        self.headers.push(Header { name: name.into(), value: value.into() });
    }

    /// Removes every header called `name`.
    pub fn remove(&mut self, name: &str) {
        self.headers.retain(|h| !same_name(&h.name, name));
    }

    /// Sets the body and appends the `Content-Type` and `Content-Length`
    /// headers that go with it (no `Content-Type` for an empty body); the
    /// message must not have them yet.
    pub fn set_body(&mut self, content_type: &'a str, body: impl Into<Cow<'a, str>>) {
        self.body = body.into();
        if !self.body.is_empty() {
            self.push(hdr::CONTENT_TYPE, content_type);
        }
        let mut len = String::new();
        crate::sip::syntax::push_u64(&mut len, self.body.len() as u64);
        self.push(hdr::CONTENT_LENGTH, len);
    }

    /// A copy that borrows nothing, to keep beyond the frame it came from.
    pub fn into_owned(self) -> Message<'static> {
        let own = |c: Cow<'a, str>| Cow::Owned(c.into_owned());
        let start = match self.start {
            StartLine::Request { method, uri } => StartLine::Request { method: own(method), uri: own(uri) },
            StartLine::Response { code, reason } => StartLine::Response { code, reason: own(reason) },
        };
        let headers = self.headers.into_iter().map(|h| Header { name: own(h.name), value: own(h.value) }).collect();
        Message { start, headers, body: own(self.body) }
    }
}

/// The comma-separated items of every header with one name; see
/// [`Message::items`].
#[derive(Debug, Clone)]
pub struct Items<'s> {
    headers: std::slice::Iter<'s, Header<'s>>,
    name: &'s str,
    list: crate::sip::syntax::List<'s>,
}

impl<'s> Iterator for Items<'s> {
    type Item = &'s str;

    fn next(&mut self) -> Option<&'s str> {
        loop {
            if let Some(item) = self.list.next() {
                return Some(item);
            }
            let name = self.name;
            let header = self.headers.find(|h| same_name(&h.name, name))?;
            self.list = crate::sip::syntax::list(&header.value);
        }
    }
}

/// The reason phrase for the codes this UA sends; other codes get their
/// class name (responses received keep their own phrase).
pub fn reason_phrase(code: u16) -> &'static str {
    match code {
        100 => "Trying",
        180 => "Ringing",
        400 => "Bad Request",
        405 => "Method Not Allowed",
        415 => "Unsupported Media Type",
        420 => "Bad Extension",
        481 => "Call/Transaction Does Not Exist",
        486 => "Busy Here",
        487 => "Request Terminated",
        488 => "Not Acceptable Here",
        491 => "Request Pending",
        501 => "Not Implemented",
        603 => "Decline",
        _ => match code / 100 {
            1 => "Progress",
            2 => "OK",
            3 => "Redirect",
            4 => "Client Error",
            5 => "Server Internal Error",
            _ => "Global Failure",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_and_case_insensitive_names() {
        assert!(same_name("v", "VIA"));
        assert!(same_name("call-id", "I"));
        assert!(same_name("Content-Length", "l"));
        assert!(!same_name("To", "From"));
        assert!(!same_name("", "v"));
        assert_eq!(expand_name("K"), "Supported");
    }

    #[test]
    fn items_split_lists_across_lines() {
        let mut m = Message::request("INVITE", "sip:a@b");
        m.push("Route", "<sip:p1;lr>, <sip:p2;lr>");
        m.push("route", "<sip:p3;lr>");
        assert_eq!(m.items(hdr::ROUTE).collect::<Vec<_>>(), ["<sip:p1;lr>", "<sip:p2;lr>", "<sip:p3;lr>"]);
        m.remove("ROUTE");
        assert!(m.header("Route").is_none());
    }
}
