//! Parses one SIP message from one WebSocket text frame (RFC 7118: each
//! frame carries exactly one message).
//!
//! Tolerant where real peers differ (LF-only line ends, folded headers,
//! blank lines before the start line, a missing final blank line or
//! `Content-Length`), strict where a wrong guess would corrupt a dialog
//! (version, status code, header names, a body shorter than announced).

use std::borrow::Cow;

use crate::sip::message::{hdr, same_name, Header, Message, StartLine};
use crate::sip::syntax::{is_token, is_ws, parse_u32, trim};

/// Why a message (or a part of one) could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but line breaks: a keep-alive, not a message.
    Empty,
    /// The first line is neither a request line nor a status line.
    StartLine,
    /// The SIP version is not `SIP/2.0`.
    Version,
    /// The status code is not three digits from 100 to 699.
    StatusCode,
    /// The method is not a token.
    Method,
    /// A header line has no colon or its name is not a token.
    HeaderName,
    /// A continuation line came before any header.
    Folding,
    /// `Content-Length` is not a number, or two of them disagree.
    ContentLength,
    /// The body is shorter than `Content-Length` says.
    BodyTruncated,
    /// `Content-Length` ends in the middle of a character.
    BodyBoundary,
    /// A URI that is not a valid `sip:`/`sips:` URI.
    Uri,
    /// A header value that does not follow its grammar.
    HeaderValue,
    /// A digest challenge the SDK cannot answer.
    Challenge,
    /// SDP without a `v=` first line or with a malformed line.
    Sdp,
}

impl ParseError {
    /// A short, stable description.
    pub fn reason(self) -> &'static str {
        match self {
            ParseError::Empty => "empty message",
            ParseError::StartLine => "malformed start line",
            ParseError::Version => "unsupported SIP version",
            ParseError::StatusCode => "invalid status code",
            ParseError::Method => "invalid method",
            ParseError::HeaderName => "malformed header line",
            ParseError::Folding => "continuation line before any header",
            ParseError::ContentLength => "invalid Content-Length",
            ParseError::BodyTruncated => "body shorter than Content-Length",
            ParseError::BodyBoundary => "Content-Length splits a character",
            ParseError::Uri => "invalid SIP URI",
            ParseError::HeaderValue => "malformed header value",
            ParseError::Challenge => "unsupported authentication challenge",
            ParseError::Sdp => "malformed SDP",
        }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for ParseError {}

/// Parses one message. The result borrows from `text`.
pub fn parse(text: &str) -> Result<Message<'_>, ParseError> {
    let text = text.trim_start_matches(['\r', '\n']);
    if text.is_empty() {
        return Err(ParseError::Empty);
    }
    let (first, mut rest) = next_line(text);
    // A bare CR is no line end (RFC 3261 section 7), and letting one into
    // a value would change the message when it is printed again.
    if first.contains('\r') {
        return Err(ParseError::StartLine);
    }
    let start = start_line(first)?;
    let mut headers: Vec<Header<'_>> = Vec::new();
    let mut body = "";
    while !rest.is_empty() {
        let (line, after) = next_line(rest);
        rest = after;
        if line.is_empty() {
            body = after;
            break;
        }
        if line.contains('\r') {
            return Err(ParseError::HeaderValue);
        }
        if line.starts_with([' ', '\t']) {
            let last = headers.last_mut().ok_or(ParseError::Folding)?;
            let extra = trim(line);
            if !extra.is_empty() {
                let mut joined = last.value.clone().into_owned();
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(extra);
                last.value = Cow::Owned(joined);
            }
            continue;
        }
        let (name, value) = line.split_once(':').ok_or(ParseError::HeaderName)?;
        let name = name.trim_end_matches(is_ws);
        if !is_token(name) {
            return Err(ParseError::HeaderName);
        }
        headers.push(Header { name: Cow::Borrowed(name), value: Cow::Borrowed(trim(value)) });
    }
    let body = body_of(&headers, body)?;
    Ok(Message { start, headers, body: Cow::Borrowed(body) })
}

/// `(line without its line end, the rest)`.
fn next_line(s: &str) -> (&str, &str) {
    match s.split_once('\n') {
        Some((line, rest)) => (line.strip_suffix('\r').unwrap_or(line), rest),
        None => (s.strip_suffix('\r').unwrap_or(s), ""),
    }
}

fn start_line(line: &str) -> Result<StartLine<'_>, ParseError> {
    let (first, rest) = line.split_once(' ').ok_or(ParseError::StartLine)?;
    if is_version(first) {
        let rest = rest.trim_start_matches(' ');
        let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
        if code.len() != 3 {
            return Err(ParseError::StatusCode);
        }
        let code = parse_u32(code).filter(|c| (100..700).contains(c)).ok_or(ParseError::StatusCode)?;
        let reason = Cow::Borrowed(trim(reason));
        return Ok(StartLine::Response { code: code as u16, reason });
    }
    if !is_token(first) {
        return Err(ParseError::Method);
    }
    let (uri, version) = trim(rest).rsplit_once(' ').ok_or(ParseError::StartLine)?;
    let uri = trim(uri);
    if uri.is_empty() || crate::sip::syntax::has_any(uri, b" \t\r\n") {
        return Err(ParseError::StartLine);
    }
    if !is_version(version) {
        return Err(ParseError::Version);
    }
    Ok(StartLine::Request { method: Cow::Borrowed(first), uri: Cow::Borrowed(uri) })
}

fn is_version(s: &str) -> bool {
    s.eq_ignore_ascii_case("SIP/2.0")
}

/// The body, cut to `Content-Length` when there is one. Extra bytes after
/// it are dropped as RFC 3261 section 18.3 says for message-oriented
/// transports; a shorter body is an error.
fn body_of<'a>(headers: &[Header<'a>], body: &'a str) -> Result<&'a str, ParseError> {
    let mut length = None;
    for h in headers.iter().filter(|h| same_name(&h.name, hdr::CONTENT_LENGTH)) {
        let n = parse_u32(&h.value).ok_or(ParseError::ContentLength)?;
        if length.is_some_and(|l| l != n) {
            return Err(ParseError::ContentLength);
        }
        length = Some(n);
    }
    let Some(length) = length else { return Ok(body) };
    let length = length as usize;
    if length > body.len() {
        return Err(ParseError::BodyTruncated);
    }
    body.get(..length).ok_or(ParseError::BodyBoundary)
}
