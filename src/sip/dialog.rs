//! Dialog state (RFC 3261 section 12): identifiers, sequence numbers,
//! remote target and route set, and building requests inside a dialog.

use crate::sip::build::{cseq, Local};
use crate::sip::message::{hdr, Message};
use crate::sip::syntax::owned;
use crate::sip::uri::NameAddr;

/// One dialog, seen from this UA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    /// The Call-ID.
    pub call_id: String,
    /// Our tag.
    pub local_tag: String,
    /// The peer's tag ("" for a peer too old to send one).
    pub remote_tag: String,
    /// Our address (`name-addr` without tag): From of our requests.
    pub local_uri: String,
    /// The peer's address (`name-addr` without tag): To of our requests.
    pub remote_uri: String,
    /// The CSeq of the last request we sent in the dialog (0 before any).
    pub local_seq: u32,
    /// The CSeq of the last request the peer sent, once there is one.
    pub remote_seq: Option<u32>,
    /// Where our requests go: the peer's Contact URI.
    pub remote_target: String,
    /// The proxies our requests pass through, first hop first, as written
    /// in Record-Route (`<sip:...;lr>`).
    pub route_set: Vec<String>,
}

impl Dialog {
    /// The dialog a UAS creates from an INVITE it answers with `local_tag`
    /// (RFC 3261 section 12.1.1): the route set is the Record-Route list as
    /// received.
    pub fn uas(request: &Message<'_>, local_tag: &str) -> Option<Self> {
        let from = request.from_addr()?;
        let to = request.to_addr()?;
        Some(Self {
            call_id: owned(request.call_id()?),
            local_tag: owned(local_tag),
            remote_tag: owned(from.tag().unwrap_or("")),
            local_uri: without_tag(&to),
            remote_uri: without_tag(&from),
            local_seq: 0,
            remote_seq: Some(request.cseq()?.seq),
            remote_target: target(request)?,
            route_set: request.record_routes().map(str::to_string).collect(),
        })
    }

    /// The dialog a UAC creates from its request and a 2xx (or tagged 1xx)
    /// response (RFC 3261 section 12.1.2): the route set is the response's
    /// Record-Route list reversed.
    pub fn uac(request: &Message<'_>, response: &Message<'_>) -> Option<Self> {
        let from = request.from_addr()?;
        let to = response.to_addr()?;
        let mut route_set: Vec<String> = response.record_routes().map(str::to_string).collect();
        route_set.reverse();
        Some(Self {
            call_id: owned(request.call_id()?),
            local_tag: owned(from.tag()?),
            remote_tag: owned(to.tag()?),
            local_uri: without_tag(&from),
            remote_uri: without_tag(&to),
            local_seq: request.cseq()?.seq,
            remote_seq: None,
            remote_target: target(response)?,
            route_set,
        })
    }

    /// Whether a request received belongs to this dialog.
    pub fn owns_request(&self, request: &Message<'_>) -> bool {
        request.call_id() == Some(self.call_id.as_str())
            && request.to_tag() == Some(self.local_tag.as_str())
            && request.from_tag().unwrap_or("") == self.remote_tag
    }

    /// Whether a response received belongs to this dialog.
    pub fn owns_response(&self, response: &Message<'_>) -> bool {
        response.call_id() == Some(self.call_id.as_str())
            && response.from_tag() == Some(self.local_tag.as_str())
            && response.to_tag().unwrap_or("") == self.remote_tag
    }

    /// Checks and records the CSeq of a request from the peer (RFC 3261
    /// section 12.2.2): `false` when it is lower than the last one, which
    /// the UAS answers with 500.
    pub fn accept_remote_seq(&mut self, seq: u32) -> bool {
        if self.remote_seq.is_some_and(|last| seq < last) {
            return false;
        }
        self.remote_seq = Some(seq);
        true
    }

    /// A target refresh (re-INVITE or its 2xx) moves the remote target to
    /// the new Contact.
    pub fn refresh_target(&mut self, msg: &Message<'_>) {
        if let Some(uri) = target(msg) {
            self.remote_target = uri;
        }
    }

    /// A new request in the dialog (RFC 3261 section 12.2.1.1), taking the
    /// next local CSeq (ACK reuses the INVITE's: see [`Dialog::ack`]).
    pub fn request(&mut self, method: &'static str, branch: &str, local: &Local<'_>) -> Message<'static> {
        self.local_seq = self.local_seq.saturating_add(1);
        self.build(method, self.local_seq, branch, local)
    }

    /// The ACK for a 2xx to our INVITE with CSeq `seq`: a new transaction
    /// (new branch) with the INVITE's sequence number.
    pub fn ack(&self, seq: u32, branch: &str, local: &Local<'_>) -> Message<'static> {
        self.build("ACK", seq, branch, local)
    }

    fn build(&self, method: &'static str, seq: u32, branch: &str, local: &Local<'_>) -> Message<'static> {
        let (uri, routes) = self.target();
        let mut msg = Message::request(method, uri);
        msg.push(hdr::VIA, local.via(branch));
        msg.push(hdr::MAX_FORWARDS, "70");
        for route in routes {
            msg.push(hdr::ROUTE, route);
        }
        msg.push(hdr::FROM, with_tag(&self.local_uri, &self.local_tag));
        msg.push(hdr::TO, with_tag(&self.remote_uri, &self.remote_tag));
        msg.push(hdr::CALL_ID, self.call_id.clone());
        msg.push(hdr::CSEQ, cseq(seq, method));
        msg
    }

    /// The Request-URI and Route list. With a loose-routing first hop
    /// (`;lr`) the request goes to the remote target through the whole
    /// route set; a strict router instead takes the Request-URI and the
    /// remote target goes last in Route.
    fn target(&self) -> (String, Vec<String>) {
        let first = self.route_set.first().and_then(|r| NameAddr::parse(r).ok());
        let Some(first) = first else { return (self.remote_target.clone(), self.route_set.clone()) };
        let strict = first.parsed_uri().map(|u| !u.has_param("lr")).unwrap_or(false);
        if !strict {
            return (self.remote_target.clone(), self.route_set.clone());
        }
        let mut routes: Vec<String> = self.route_set.iter().skip(1).cloned().collect();
        let mut last = String::from("<");
        last.push_str(&self.remote_target);
        last.push('>');
        routes.push(last);
        (owned(first.uri), routes)
    }
}

/// The Contact URI of `msg`, when it is a valid SIP URI.
fn target(msg: &Message<'_>) -> Option<String> {
    let contact = msg.contact()?;
    contact.parsed_uri().ok()?;
    Some(owned(contact.uri))
}

fn without_tag(addr: &NameAddr<'_>) -> String {
    let mut out = String::new();
    addr.print_without_tag(&mut out);
    out
}

fn with_tag(uri: &str, tag: &str) -> String {
    let mut out = String::with_capacity(uri.len() + tag.len() + 5);
    out.push_str(uri);
    if !tag.is_empty() {
        out.push_str(";tag=");
        out.push_str(tag);
    }
    out
}
