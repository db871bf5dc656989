//! The bridge with real str0m peers on loopback: gateway peers fed by the
//! bridge, and for each browser leg a second peer playing its own tone and
//! probing what it receives for every party's frequency. What a browser
//! hears is proved on its own decoded audio, and the bridge's counters
//! must agree.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{BridgeView, CallBridge, Matrix};
use crate::sip::media::{MediaCounters, MediaPeer, MediaView, PeerOptions};

const CUSTOMER_HZ: f32 = 440.0;
// Not a multiple of 220 Hz: no harmonic or intermodulation product of the
// 440 and 660 Hz tones (clipping, the codec) can pass for the agent's own.
const AGENT_HZ: f32 = 1_000.0;
const SUPERVISOR_HZ: f32 = 660.0;
const PROBES: [f32; 3] = [CUSTOMER_HZ, SUPERVISOR_HZ, AGENT_HZ];
/// Enough frames that a tone present in them is not a fluke.
const FRAMES: u64 = 25;
const WAIT: Duration = Duration::from_secs(10);

/// A browser leg: the gateway's bridged peer and the browser's own.
struct Leg {
    _gateway: MediaPeer,
    browser: MediaPeer,
}

impl Leg {
    fn join(bridge: &CallBridge, party: &str, browser_hz: f32) -> Self {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let (gateway, offer) = bridge.offer_leg(party, ip, MediaCounters::new(Instant::now())).unwrap();
        let options = PeerOptions::tone(ip, browser_hz).probing(&PROBES);
        let (browser, answer) = MediaPeer::answer(options, &offer, MediaCounters::new(Instant::now())).unwrap();
        gateway.accept_answer(answer);
        Self { _gateway: gateway, browser }
    }

    /// Frames the browser received with the tone at `hz` in them.
    fn tone(&self, hz: f32) -> u64 {
        self.browser.counters().view().tones_received.get(&(hz as u32)).copied().unwrap_or(0)
    }
}

/// Voiced frames `listener` was delivered from `source`, by the bridge.
fn voiced(view: &BridgeView, listener: &str, source: &str) -> u64 {
    view.parties[listener].media.heard.get(source).map_or(0, |h| h.voiced_frames)
}

async fn until(what: &str, check: impl Fn() -> bool, show: impl Fn() -> String) {
    let deadline = Instant::now() + WAIT;
    while !check() {
        assert!(Instant::now() < deadline, "not within {WAIT:?}: {what}; {}", show());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn show(bridge: &CallBridge, legs: &[(&str, &Leg)]) -> String {
    let browsers: Vec<(&str, MediaView)> = legs.iter().map(|(p, l)| (*p, l.browser.counters().view())).collect();
    format!("bridge {:?}; browsers {browsers:?}", bridge.view())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spy_whisper_then_barge_with_real_peers() {
    str0m::crypto::from_feature_flags().install_process_default();
    let bridge = CallBridge::new();
    bridge.add_tone("customer", CUSTOMER_HZ, MediaCounters::new(Instant::now()));
    let agent = Leg::join(&bridge, "agent", AGENT_HZ);
    let supervisor = Leg::join(&bridge, "supervisor", SUPERVISOR_HZ);
    let spy = Matrix::new()
        .with("agent", "customer")
        .with("customer", "agent")
        .with("supervisor", "agent")
        .with("supervisor", "customer");
    bridge.set_matrix(spy);
    let legs = [("agent", &agent), ("supervisor", &supervisor)];

    // The supervisor hears the customer and the agent; the agent hears the
    // customer; the customer hears the agent.
    until(
        "spy audio",
        || {
            let view = bridge.view();
            supervisor.tone(CUSTOMER_HZ) >= FRAMES
                && supervisor.tone(AGENT_HZ) >= FRAMES
                && agent.tone(CUSTOMER_HZ) >= FRAMES
                && voiced(&view, "customer", "agent") >= FRAMES
                && voiced(&view, "supervisor", "agent") >= FRAMES
                && voiced(&view, "supervisor", "customer") >= FRAMES
                && view.parties["supervisor"].media.voiced_frames_received >= FRAMES
        },
        || show(&bridge, &legs),
    )
    .await;
    // Nobody heard the supervisor, and nobody their own voice.
    let view = bridge.view();
    assert_eq!((agent.tone(SUPERVISOR_HZ), agent.tone(AGENT_HZ), supervisor.tone(SUPERVISOR_HZ)), (0, 0, 0));
    for listener in ["customer", "agent", "supervisor"] {
        assert!(!view.parties[listener].media.heard.contains_key("supervisor"), "{view:?}");
        assert!(!view.parties[listener].media.heard.contains_key(listener), "{view:?}");
    }
    // The supervisor's browser sent voiced audio all along: unheard by
    // the matrix, not for want of sound.

    // Whisper: the agent hears the supervisor, the customer still does not.
    bridge.set_matrix(bridge.matrix().with("agent", "supervisor"));
    until("whisper audio", || agent.tone(SUPERVISOR_HZ) >= FRAMES, || show(&bridge, &legs)).await;
    let view = bridge.view();
    assert!(voiced(&view, "agent", "supervisor") >= FRAMES, "{view:?}");
    assert!(!view.parties["customer"].media.heard.contains_key("supervisor"), "{view:?}");

    // Barge: the supervisor is heard by all.
    bridge.set_matrix(Matrix::everyone(&["customer", "agent", "supervisor"]));
    until("barge audio", || voiced(&bridge.view(), "customer", "supervisor") >= FRAMES, || show(&bridge, &legs)).await;
    assert_eq!((agent.tone(AGENT_HZ), supervisor.tone(SUPERVISOR_HZ)), (0, 0), "{}", show(&bridge, &legs));
    let cost = bridge.view().cost;
    assert!(cost.frames_encoded > 0);
    eprintln!(
        "bridge cost: {} frames encoded, {} µs per encode on average, {} µs at most, {} µs per tick on average",
        cost.frames_encoded,
        cost.encode_us / cost.frames_encoded,
        cost.max_encode_us,
        cost.tick_us / cost.ticks.max(1)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_two_party_call_passes_the_tone_through_without_encoding() {
    str0m::crypto::from_feature_flags().install_process_default();
    let bridge = CallBridge::new();
    let customer = MediaCounters::new(Instant::now());
    bridge.add_tone("customer", CUSTOMER_HZ, customer.clone());
    let agent = Leg::join(&bridge, "agent", AGENT_HZ);
    bridge.set_matrix(Matrix::everyone(&["customer", "agent"]));
    let heard = |c: &Arc<MediaCounters>| c.view().heard.get("agent").map_or(0, |h| h.voiced_frames);
    until(
        "two-way audio",
        || agent.tone(CUSTOMER_HZ) >= FRAMES && heard(&customer) >= FRAMES,
        || show(&bridge, &[("agent", &agent)]),
    )
    .await;
    assert_eq!(agent.tone(AGENT_HZ), 0);
    let view = bridge.view();
    // The tone's loop is encoded off the bridge's clock as the call starts;
    // after that its packets go out as they are.
    assert!(view.cost.frames_passed_through >= FRAMES, "{view:?}");
    assert!(view.cost.frames_encoded < view.cost.frames_passed_through, "{view:?}");
}
