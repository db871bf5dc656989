//! The conference bridges of the live calls that have softphone legs, by
//! `mainUniqueId` (docs/softphone.md, "Conference bridge"). The hub says
//! what each call's audio should be ([`AudioPlan`]: its simulated parties,
//! its browser legs, its matrix) after every change; the SIP connections
//! add their legs' media peers with [`Bridges::offer_leg`]. A call's bridge
//! is dropped, and its clock stopped, when the hub's plans no longer name
//! the call.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;

use crate::sip::bridge::{CallBridge, Cost, Matrix};
use crate::sip::media::{MediaCounters, MediaPeer};
use crate::sip::MediaBoard;

/// What one call's audio should be, as the hub decides it.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioPlan {
    /// Simulated parties (the customer, an emulated phone) and the
    /// frequency each plays, by `uniqueId`.
    pub tones: Vec<(String, f32)>,
    /// Browser legs (softphone legs rung over SIP, monitoring parties), by
    /// `uniqueId`; their connections add them.
    pub legs: Vec<String>,
    /// Who hears whom.
    pub matrix: Matrix,
}

/// The audio side of a call in the scenario view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AudioView {
    /// Who hears whom now, as `[listener, source]` pairs of `uniqueId`s.
    pub matrix: Matrix,
    /// Parties added to the call to monitor it (supervisors' softphones).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub monitors: Vec<MonitorView>,
    /// What the call's mixing cost so far.
    pub cost: Cost,
}

/// A monitoring party in an [`AudioView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MonitorView {
    /// Its leg's `uniqueId`, its name in the matrix.
    pub unique_id: String,
    /// The supervisor.
    pub agent_no: String,
    /// `ringing` or `up`.
    pub state: &'static str,
    /// Its media counters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media: Option<crate::sip::media::MediaView>,
}

/// One call's bridge and the simulated parties already in it.
#[derive(Debug, Default)]
struct Entry {
    bridge: CallBridge,
    tones: HashMap<String, f32>,
}

/// The live calls' bridges.
#[derive(Debug)]
pub struct Bridges {
    /// Where the simulated parties' counters are shown too.
    board: Arc<MediaBoard>,
    /// Simulated parties receive nothing, so their counters' clock (for
    /// `lastPacketMs`) is never read; any epoch does.
    epoch: Instant,
    calls: Mutex<HashMap<String, Entry>>,
}

impl Bridges {
    /// No bridges yet; simulated parties' counters go on `board`.
    pub fn new(board: Arc<MediaBoard>) -> Self {
        Self { board, epoch: Instant::now(), calls: Mutex::default() }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.calls.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes call `call`'s bridge unless it has one: done by the hub
    /// before it rings a leg, so the leg's connection finds it. Needs a
    /// tokio runtime.
    pub fn open(&self, call: &str) {
        self.lock().entry(call.to_string()).or_default();
    }

    /// Brings every bridge in step with `plans`: bridges of calls not in
    /// them are dropped, missing ones made; each gets the simulated parties
    /// it lacks, loses the parties the plan no longer names, and takes the
    /// plan's matrix. Needs a tokio runtime.
    pub fn apply(&self, plans: &BTreeMap<String, AudioPlan>) {
        let mut calls = self.lock();
        calls.retain(|call, _| plans.contains_key(call));
        for (call, plan) in plans {
            let entry = calls.entry(call.clone()).or_default();
            for (party, hz) in &plan.tones {
                // A party keeps the frequency it joined with.
                if entry.tones.contains_key(party) {
                    continue;
                }
                let counters = MediaCounters::new(self.epoch);
                self.board.insert(party, counters.clone());
                entry.bridge.add_tone(party, *hz, counters);
                entry.tones.insert(party.clone(), *hz);
            }
            let named: HashSet<&str> =
                plan.tones.iter().map(|(p, _)| p.as_str()).chain(plan.legs.iter().map(String::as_str)).collect();
            for party in entry.bridge.parties() {
                if !named.contains(party.as_str()) {
                    entry.bridge.remove(&party);
                    entry.tones.remove(&party);
                }
            }
            if entry.bridge.matrix() != plan.matrix {
                entry.bridge.set_matrix(plan.matrix.clone());
            }
        }
    }

    /// Browser leg `party` joins call `call`'s bridge: its media peer and
    /// the SDP offer for the INVITE. An error when the call has no bridge
    /// (it ended meanwhile) or no peer can be made.
    pub fn offer_leg(
        self: &Arc<Self>,
        call: &str,
        party: &str,
        ip: IpAddr,
        counters: Arc<MediaCounters>,
    ) -> io::Result<(BridgedPeer, String)> {
        let calls = self.lock();
        let entry = calls.get(call).ok_or_else(|| io::Error::other(format!("call {call} has no bridge")))?;
        let (peer, offer) = entry.bridge.offer_leg(party, ip, counters)?;
        let bridged = BridgedPeer { peer, bridges: self.clone(), call: call.to_string(), party: party.to_string() };
        Ok((bridged, offer))
    }

    /// Takes `party` out of call `call`'s bridge, if both are there.
    pub fn remove(&self, call: &str, party: &str) {
        if let Some(entry) = self.lock().get_mut(call) {
            entry.bridge.remove(party);
            entry.tones.remove(party);
        }
    }

    /// Call `call`'s matrix, while it has a bridge.
    pub fn matrix(&self, call: &str) -> Option<Matrix> {
        self.lock().get(call).map(|e| e.bridge.matrix())
    }

    /// Call `call`'s mixing cost so far, while it has a bridge.
    pub fn cost(&self, call: &str) -> Option<Cost> {
        self.lock().get(call).map(|e| e.bridge.cost())
    }

    /// The calls that have a bridge, sorted.
    pub fn calls(&self) -> Vec<String> {
        let mut calls: Vec<String> = self.lock().keys().cloned().collect();
        calls.sort();
        calls
    }

    /// Call `call`'s bridge's own view (matrix, every party's counters,
    /// cost), while it has one.
    pub fn view(&self, call: &str) -> Option<crate::sip::bridge::BridgeView> {
        self.lock().get(call).map(|e| e.bridge.view())
    }
}

/// A leg's media peer in its call's bridge; dropping it (the leg ended)
/// takes the leg out of the bridge.
#[derive(Debug)]
pub struct BridgedPeer {
    peer: MediaPeer,
    bridges: Arc<Bridges>,
    call: String,
    party: String,
}

impl BridgedPeer {
    /// Hands the softphone's SDP answer to the peer.
    pub fn accept_answer(&self, sdp: String) {
        self.peer.accept_answer(sdp);
    }
}

impl Drop for BridgedPeer {
    fn drop(&mut self) {
        self.bridges.remove(&self.call, &self.party);
    }
}
