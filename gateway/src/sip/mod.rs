//! The softphone side of the gateway (docs/softphone.md): a SIP registrar
//! and call placer over WebSocket (RFC 7118) at [`SIP_WS_PATH`], a WebRTC
//! media peer per softphone leg, and a STUN binding responder.
//!
//! - [`auth`], [`registrar`]: digest authentication and REGISTER.
//! - [`invite`]: one call to a softphone (INVITE, CANCEL, ACK, BYE).
//! - [`connection`]: one SIP WebSocket: frames, the hub's ring and
//!   hang-up commands, timers.
//! - [`media`], [`audio`]: the media peer, the tone it plays and the meter
//!   for what it receives.
//! - [`bridge`]: a call's conference bridge: who hears whom, mixed live.
//! - [`bridges`]: the live calls' bridges, kept in step with the hub.
//! - [`stun`]: the STUN responder.
//!
//! The SIP grammar (parser, printer, headers, URIs, digest, transactions,
//! dialogs) is the SDK's own `agent_sdk::sip`.

pub mod audio;
pub mod auth;
pub mod bridge;
pub mod bridges;
pub mod challenge;
pub mod connection;
pub mod endpoint;
pub mod invite;
#[cfg(test)]
mod invite_tests;
pub mod media;
pub mod parked;
pub mod probe;
pub mod proxy;
pub mod registrar;
pub mod stun;

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use crate::sip::invite::Ring;
use crate::sip::media::{MediaCounters, MediaView};

/// Where the SIP WebSocket lives on the gateway's listener.
pub const SIP_WS_PATH: &str = "/v1/sip/ws";

/// The WebSocket subprotocol of SIP (RFC 7118 section 4).
pub const SIP_SUBPROTOCOL: &str = "sip";

/// Where softphones reach this gateway: what a softphone login is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Softphone {
    /// `host:port` of the listener, for the SIP WebSocket URL when the
    /// client's `Host` header does not say better.
    pub authority: String,
    /// The SIP domain (`sipIp`), also the digest realm.
    pub domain: String,
    /// `stun:host:port` (`webrtcStunServer`).
    pub stun: String,
    /// The address of the media peers' host candidates.
    pub media_ip: IpAddr,
    /// The SIP WebSocket of an external proxy softphones use instead of
    /// the gateway's own (`sipProxy.socketUrl`).
    pub proxy_url: Option<String>,
}

impl Softphone {
    /// `webrtcSocketUrl`: the external proxy's, else the listener as the
    /// client named it in `host` (its `Host` header), else as bound.
    pub fn socket_url(&self, host: Option<&str>) -> String {
        if let Some(url) = &self.proxy_url {
            return url.clone();
        }
        let plausible = |h: &&str| !h.is_empty() && h.bytes().all(|b| b.is_ascii_graphic() && !b"/?#@\\".contains(&b));
        let authority = host.filter(plausible).unwrap_or(&self.authority);
        format!("ws://{authority}{SIP_WS_PATH}")
    }
}

/// What the hub asks of a softphone's SIP connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SipCommand {
    /// Ring this leg: INVITE.
    Ring(Ring),
    /// The engine ended this leg (by `uniqueId`): CANCEL or BYE.
    End(String),
    /// Fault injection: end the connection at once, as a broken network
    /// would.
    Drop,
}

/// The hub's handle on a SIP connection.
#[derive(Debug, Clone)]
pub struct SipConn {
    /// Connection id (shared numbering with agent connections).
    pub id: u64,
    tx: UnboundedSender<SipCommand>,
}

impl SipConn {
    /// Wraps a SIP connection's command queue.
    pub fn new(id: u64, tx: UnboundedSender<SipCommand>) -> Self {
        Self { id, tx }
    }

    /// Queues a command; false when the connection is already gone (its
    /// calls were reported ended when it went).
    pub fn send(&self, command: SipCommand) -> bool {
        self.tx.send(command).is_ok()
    }
}

/// Media counters of softphone legs by `uniqueId`, for the scenario view;
/// those of ended legs stay for a while, like ended calls.
#[derive(Debug, Default)]
pub struct MediaBoard {
    inner: Mutex<Board>,
}

/// Counters by leg, and the legs in the order they came.
type Board = (HashMap<String, Arc<MediaCounters>>, VecDeque<String>);

/// Counters kept; the oldest go first.
const MEDIA_KEPT: usize = 400;

impl MediaBoard {
    /// Shows `counters` for leg `unique_id`.
    pub fn insert(&self, unique_id: &str, counters: Arc<MediaCounters>) {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let (map, order) = &mut *guard;
        if map.insert(unique_id.to_string(), counters).is_none() {
            order.push_back(unique_id.to_string());
        }
        while order.len() > MEDIA_KEPT {
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
    }

    /// The numbers of leg `unique_id`, if it had a media peer.
    pub fn view(&self, unique_id: &str) -> Option<MediaView> {
        let guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        guard.0.get(unique_id).map(|c| c.view())
    }
}
