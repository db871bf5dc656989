//! Just enough SDP (RFC 8866) for call control: the direction of the audio
//! stream, the connection address, the ICE credentials, and rewriting the
//! direction. Media negotiation itself belongs to the browser.

use crate::sip::parse::ParseError;
use crate::sip::syntax::trim;

/// A media direction attribute (RFC 3264 section 5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `a=sendrecv`, also the default.
    SendRecv,
    /// `a=sendonly`.
    SendOnly,
    /// `a=recvonly`.
    RecvOnly,
    /// `a=inactive`.
    Inactive,
}

impl Direction {
    fn from_attr(value: &str) -> Option<Self> {
        match value {
            "sendrecv" => Some(Self::SendRecv),
            "sendonly" => Some(Self::SendOnly),
            "recvonly" => Some(Self::RecvOnly),
            "inactive" => Some(Self::Inactive),
            _ => None,
        }
    }

    /// The attribute name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SendRecv => "sendrecv",
            Self::SendOnly => "sendonly",
            Self::RecvOnly => "recvonly",
            Self::Inactive => "inactive",
        }
    }
}

/// One `x=value` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The line type (`v`, `o`, `c`, `m`, `a`...).
    pub kind: u8,
    /// Everything after `=`.
    pub value: &'a str,
}

/// A session description split into its session part and media sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sdp<'a> {
    lines: Vec<Line<'a>>,
    /// Index of each `m=` line in `lines`.
    media_starts: Vec<usize>,
}

/// One media section: its `m=` line and the lines after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Media<'a, 's> {
    lines: &'s [Line<'a>],
}

impl<'a> Sdp<'a> {
    /// Parses `text`; lines may end in CRLF or LF, blank lines are skipped.
    pub fn parse(text: &'a str) -> Result<Self, ParseError> {
        let mut lines = Vec::new();
        let mut media_starts = Vec::new();
        for raw in text.split('\n') {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if trim(raw).is_empty() {
                continue;
            }
            let (kind, value) = raw.split_once('=').ok_or(ParseError::Sdp)?;
            let &[kind] = kind.as_bytes() else { return Err(ParseError::Sdp) };
            if !kind.is_ascii_alphabetic() {
                return Err(ParseError::Sdp);
            }
            if kind == b'm' {
                media_starts.push(lines.len());
            }
            lines.push(Line { kind, value });
        }
        if lines.first().map(|l| l.kind) != Some(b'v') {
            return Err(ParseError::Sdp);
        }
        Ok(Self { lines, media_starts })
    }

    /// The lines before the first `m=`.
    pub fn session(&self) -> &[Line<'a>] {
        let end = self.media_starts.first().copied().unwrap_or(self.lines.len());
        self.lines.get(..end).unwrap_or(&[])
    }

    /// The media sections in order.
    pub fn media(&self) -> impl Iterator<Item = Media<'a, '_>> {
        self.media_starts.iter().enumerate().map(|(i, &start)| {
            let end = self.media_starts.get(i + 1).copied().unwrap_or(self.lines.len());
            Media { lines: self.lines.get(start..end).unwrap_or(&[]) }
        })
    }

    /// The first audio section that is not rejected (port 0).
    pub fn audio(&self) -> Option<Media<'a, '_>> {
        self.media().find(|m| m.kind() == "audio" && m.port() != Some(0))
    }

    /// The audio direction: the media-level attribute, else the
    /// session-level one, else `sendrecv`.
    pub fn direction(&self) -> Direction {
        self.audio()
            .and_then(|m| direction_in(m.lines))
            .or_else(|| direction_in(self.session()))
            .unwrap_or(Direction::SendRecv)
    }

    /// The audio connection address (`c=IN IP4 addr`), media level first.
    pub fn connection_address(&self) -> Option<&'a str> {
        self.audio().and_then(|m| connection_in(m.lines)).or_else(|| connection_in(self.session()))
    }

    /// `(ice-ufrag, ice-pwd)` of the audio section, media level first.
    pub fn ice_credentials(&self) -> Option<(&'a str, &'a str)> {
        let find = |name: &str| {
            self.audio().and_then(|m| attribute_in(m.lines, name)).or_else(|| attribute_in(self.session(), name))
        };
        Some((find("ice-ufrag")?, find("ice-pwd")?))
    }

    /// Whether the offer puts us on hold: the audio is `sendonly` or
    /// `inactive`, or its address is `0.0.0.0` (the RFC 2543 way, still
    /// sent by some PBXs).
    pub fn is_hold(&self) -> bool {
        matches!(self.direction(), Direction::SendOnly | Direction::Inactive)
            || self.connection_address() == Some("0.0.0.0")
    }

    /// The description as text, CRLF line ends.
    pub fn print(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            push_line(&mut out, line.kind, line.value);
        }
        out
    }

    /// The description with every media section's direction set to `dir`
    /// (replacing its attribute, or adding one after its last line) and
    /// session-level direction attributes dropped.
    pub fn with_direction(&self, dir: Direction) -> String {
        let mut out = String::new();
        let is_direction = |l: &Line<'_>| l.kind == b'a' && Direction::from_attr(trim(l.value)).is_some();
        for line in self.session().iter().filter(|l| !is_direction(l)) {
            push_line(&mut out, line.kind, line.value);
        }
        for media in self.media() {
            for line in media.lines.iter().filter(|l| !is_direction(l)) {
                push_line(&mut out, line.kind, line.value);
            }
            push_line(&mut out, b'a', dir.as_str());
        }
        out
    }
}

impl<'a> Media<'a, '_> {
    fn field(&self, index: usize) -> Option<&'a str> {
        self.lines.first().and_then(|m| crate::sip::syntax::field(m.value, index))
    }

    /// The media type (`audio`, `video`...).
    pub fn kind(&self) -> &'a str {
        self.field(0).unwrap_or("")
    }

    /// The port, 0 for a rejected stream.
    pub fn port(&self) -> Option<u32> {
        self.field(1).and_then(|p| crate::sip::syntax::parse_u32(p.split('/').next().unwrap_or("")))
    }

    /// The value of attribute `name` in this section (`Some("")` for a flag).
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        attribute_in(self.lines, name)
    }
}

fn direction_in(lines: &[Line<'_>]) -> Option<Direction> {
    lines.iter().filter(|l| l.kind == b'a').find_map(|l| Direction::from_attr(trim(l.value)))
}

fn connection_in<'a>(lines: &[Line<'a>]) -> Option<&'a str> {
    let c = lines.iter().find(|l| l.kind == b'c')?;
    let address = crate::sip::syntax::field(c.value, 2)?;
    // Multicast forms carry "/ttl"; the address is what comes before it.
    address.split('/').next()
}

fn attribute_in<'a>(lines: &[Line<'a>], name: &str) -> Option<&'a str> {
    lines.iter().filter(|l| l.kind == b'a').find_map(|l| match l.value.split_once(':') {
        Some((n, v)) if n == name => Some(trim(v)),
        None if trim(l.value) == name => Some(""),
        _ => None,
    })
}

fn push_line(out: &mut String, kind: u8, value: &str) {
    out.push(char::from(kind));
    out.push('=');
    out.push_str(value);
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    const OFFER: &str = "v=0\r\no=- 1 2 IN IP4 203.0.113.10\r\ns=-\r\nc=IN IP4 203.0.113.10\r\nt=0 0\r\n\
        m=audio 40376 UDP/TLS/RTP/SAVPF 111 0\r\na=ice-ufrag:3fW9\r\na=ice-pwd:kQmf2pJ1\r\na=mid:0\r\n\
        a=sendrecv\r\na=rtpmap:111 opus/48000/2\r\n";

    #[test]
    fn reads_direction_address_and_ice() {
        let sdp = Sdp::parse(OFFER).unwrap();
        assert_eq!(sdp.direction(), Direction::SendRecv);
        assert_eq!(sdp.connection_address(), Some("203.0.113.10"));
        assert_eq!(sdp.ice_credentials(), Some(("3fW9", "kQmf2pJ1")));
        assert!(!sdp.is_hold());
        assert_eq!(sdp.print(), OFFER);
        assert_eq!(sdp.audio().map(|m| (m.kind(), m.port())), Some(("audio", Some(40376))));
        assert_eq!(sdp.audio().and_then(|m| m.attribute("mid")), Some("0"));
    }

    #[test]
    fn hold_forms() {
        let sendonly = OFFER.replace("a=sendrecv", "a=sendonly");
        assert!(Sdp::parse(&sendonly).unwrap().is_hold());
        let inactive = OFFER.replace("a=sendrecv", "a=inactive");
        assert!(Sdp::parse(&inactive).unwrap().is_hold());
        let zero = OFFER.replace("c=IN IP4 203.0.113.10", "c=IN IP4 0.0.0.0");
        assert!(Sdp::parse(&zero).unwrap().is_hold());
        let recvonly = OFFER.replace("a=sendrecv", "a=recvonly");
        assert!(!Sdp::parse(&recvonly).unwrap().is_hold());
        let session_level = OFFER.replace("a=sendrecv\r\n", "").replace("t=0 0\r\n", "t=0 0\r\na=inactive\r\n");
        assert!(Sdp::parse(&session_level).unwrap().is_hold());
    }

    #[test]
    fn set_direction() {
        let sdp = Sdp::parse(OFFER).unwrap();
        let held = sdp.with_direction(Direction::SendOnly);
        let again = Sdp::parse(&held).unwrap();
        assert_eq!(again.direction(), Direction::SendOnly);
        assert_eq!(held.matches("a=send").count(), 1);
    }

    #[test]
    fn lf_only_and_garbage() {
        let lf = OFFER.replace("\r\n", "\n");
        assert_eq!(Sdp::parse(&lf).unwrap().print(), OFFER);
        for bad in ["", "garbage", "o=- 1\r\n", "v=0\r\nxx=1\r\n", "v=0\r\n1=x\r\n"] {
            assert!(Sdp::parse(bad).is_err(), "{bad:?}");
        }
        let no_media = Sdp::parse("v=0\r\n").unwrap();
        assert_eq!((no_media.direction(), no_media.ice_credentials()), (Direction::SendRecv, None));
    }
}
