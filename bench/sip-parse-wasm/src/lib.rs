//! The SDK's SIP parser, exported for the benchmark page.
//!
//! Two levels, so the figure can be compared with JsSIP's
//! `Parser.parseMessage`, which both splits the message and runs its
//! grammar over the headers it knows:
//!
//! - [`parse_sip`]: start line, header lines and body (`agent_sdk::sip::parse`).
//! - [`parse_sip_full`]: that, plus the typed readers the user agent runs on
//!   an incoming request: the Request-URI, the Vias, From/To with their
//!   tags and URIs, Call-ID, CSeq, Contact, Record-Route, Max-Forwards and
//!   Content-Type. This is the like-for-like figure.

use agent_sdk::sip::message::hdr;
use agent_sdk::sip::uri::{NameAddr, Uri};
use agent_sdk::sip::{parse, Message};
use wasm_bindgen::prelude::*;

/// Whether `text` parses as one SIP message.
#[wasm_bindgen]
pub fn parse_sip(text: &str) -> bool {
    parse(text).is_ok()
}

/// Whether `text` parses as one SIP message whose headers all read as
/// their grammar says.
#[wasm_bindgen]
pub fn parse_sip_full(text: &str) -> bool {
    parse(text).is_ok_and(|msg| typed(&msg).is_some())
}

/// The structured reading; `None` at the first header that does not parse.
fn typed(msg: &Message<'_>) -> Option<()> {
    if let Some(uri) = msg.request_uri() {
        Uri::parse(uri).ok()?;
    }
    let mut vias = 0;
    for via in msg.vias() {
        via.branch()?;
        vias += 1;
    }
    if vias == 0 {
        return None;
    }
    let from = msg.from_addr()?;
    from.parsed_uri().ok()?;
    from.tag()?;
    let to = msg.to_addr()?;
    to.parsed_uri().ok()?;
    msg.call_id()?;
    let cseq = msg.cseq()?;
    if msg.method().is_some_and(|m| m != cseq.method) {
        return None;
    }
    for contact in msg.contacts() {
        contact.parsed_uri().ok()?;
    }
    for route in msg.record_routes() {
        NameAddr::parse(route).ok()?.parsed_uri().ok()?;
    }
    if msg.header(hdr::MAX_FORWARDS).is_some() {
        msg.max_forwards()?;
    }
    if msg.header(hdr::CONTENT_TYPE).is_some() {
        msg.content_type()?;
    }
    Some(())
}
