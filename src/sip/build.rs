//! Building what the UA sends: the Via of its requests, the headers every
//! message carries, and responses to received requests.

use std::borrow::Cow;

use crate::sip::message::{hdr, Message};
use crate::sip::syntax::{owned, push_u64};

/// Methods this UA accepts.
pub const ALLOW: &str = "INVITE, ACK, CANCEL, BYE, OPTIONS";

/// Option tags this UA supports (RFC 5626 outbound, RFC 5627 GRUU, RFC 3327
/// Path).
pub const SUPPORTED: &str = "path, gruu, outbound";

/// What every request this UA sends says about itself.
#[derive(Debug, Clone, Copy)]
pub struct Local<'a> {
    /// `WS` or `WSS`.
    pub via_transport: &'a str,
    /// The `.invalid` host.
    pub via_host: &'a str,
    /// The dialog Contact, as a full header value (`<sip:...>`).
    pub contact: &'a str,
    /// The `User-Agent` value, possibly empty.
    pub user_agent: &'a str,
}

impl Local<'_> {
    /// A Via value for a new request with `branch`.
    pub fn via(&self, branch: &str) -> String {
        let mut out = String::with_capacity(64);
        out.push_str("SIP/2.0/");
        out.push_str(self.via_transport);
        out.push(' ');
        out.push_str(self.via_host);
        out.push_str(";branch=");
        out.push_str(branch);
        out
    }

    /// Adds `User-Agent` when one is configured.
    pub fn push_user_agent(&self, msg: &mut Message<'_>) {
        if !self.user_agent.is_empty() {
            msg.push(hdr::USER_AGENT, owned(self.user_agent));
        }
    }
}

/// `CSeq` value: `seq METHOD`.
pub fn cseq(seq: u32, method: &str) -> String {
    let mut out = String::with_capacity(16);
    push_u64(&mut out, u64::from(seq));
    out.push(' ');
    out.push_str(method);
    out
}

/// A response to `request` (RFC 3261 section 8.2.6): its Vias, From,
/// Call-ID and CSeq, its To with `to_tag` added unless it has one, and its
/// Record-Route when `record_route` (responses that create a dialog, RFC
/// 3261 section 12.1.1).
pub fn response<'r>(request: &'r Message<'_>, code: u16, to_tag: Option<&str>, record_route: bool) -> Message<'r> {
    let mut msg = Message::response(code);
    for via in request.all(hdr::VIA) {
        msg.push(hdr::VIA, via);
    }
    if record_route {
        for rr in request.all(hdr::RECORD_ROUTE) {
            msg.push(hdr::RECORD_ROUTE, rr);
        }
    }
    if let Some(from) = request.header(hdr::FROM) {
        msg.push(hdr::FROM, from);
    }
    if let Some(to) = request.header(hdr::TO) {
        let to: Cow<'r, str> = match to_tag {
            Some(tag) if request.to_tag().is_none() => {
                let mut value = String::with_capacity(to.len() + tag.len() + 5);
                value.push_str(to);
                value.push_str(";tag=");
                value.push_str(tag);
                Cow::Owned(value)
            }
            _ => Cow::Borrowed(to),
        };
        msg.push(hdr::TO, to);
    }
    if let Some(call_id) = request.header(hdr::CALL_ID) {
        msg.push(hdr::CALL_ID, call_id);
    }
    if let Some(cseq) = request.header(hdr::CSEQ) {
        msg.push(hdr::CSEQ, cseq);
    }
    msg
}
