//! The conference on synthetic PCM: the matrix, no self-hearing, a matrix
//! change mid-call, attribution per source, clipping, the inbox, and the
//! tone passed through untouched.

use std::sync::Arc;
use std::time::Instant;

use super::conference::{mix, Conference, Frame, HeardFrom, Inbox, Mix, INBOX_FRAMES};
use super::matrix::Matrix;
use crate::sip::audio::{Sine, Tone, FRAME_SAMPLES};
use crate::sip::media::{Heard, MediaCounters, MediaView};

const CUSTOMER: &str = "customer";
const AGENT: &str = "agent";
const SUPERVISOR: &str = "supervisor";

/// The matrices the supervisor modes give the bridge.
fn mode(name: &str) -> Matrix {
    let hears_both = Matrix::new().with(SUPERVISOR, AGENT).with(SUPERVISOR, CUSTOMER);
    let call = |m: Matrix| m.with(AGENT, CUSTOMER).with(CUSTOMER, AGENT);
    match name {
        "spy" => call(hears_both),
        "whisper" => call(hears_both).with(AGENT, SUPERVISOR),
        "barge" | "threeway" => Matrix::everyone(&[CUSTOMER, AGENT, SUPERVISOR]),
        other => panic!("no mode {other}"),
    }
}

struct Call {
    conference: Conference,
    agent: Arc<Inbox>,
    supervisor: Arc<Inbox>,
    counters: [(&'static str, Arc<MediaCounters>); 3],
}

/// A customer playing 440 Hz, an agent and a supervisor leg.
fn call() -> Call {
    let epoch = Instant::now();
    let counters = [CUSTOMER, AGENT, SUPERVISOR].map(|p| (p, MediaCounters::new(epoch)));
    let mut conference = Conference::new();
    conference.add_tone(CUSTOMER, 440.0, None, counters[0].1.clone());
    let (agent, supervisor) = (Arc::new(Inbox::default()), Arc::new(Inbox::default()));
    conference.add_leg(AGENT, agent.clone(), counters[1].1.clone());
    conference.add_leg(SUPERVISOR, supervisor.clone(), counters[2].1.clone());
    Call { conference, agent, supervisor, counters }
}

impl Call {
    /// One frame with both legs speaking at `level` (a constant sample):
    /// the legs' mixes, counted as their peers would once sent.
    fn tick(&mut self, agent: i16, supervisor: i16) -> Vec<Mix> {
        self.agent.push(&[agent; FRAME_SAMPLES]);
        self.supervisor.push(&[supervisor; FRAME_SAMPLES]);
        let mixes = self.conference.tick();
        for mix in &mixes {
            self.view_counters(&mix.listener).delivered(&mix.heard);
        }
        mixes
    }

    fn view_counters(&self, party: &str) -> &Arc<MediaCounters> {
        &self.counters.iter().find(|(p, _)| *p == party).unwrap().1
    }

    fn view(&self, party: &str) -> MediaView {
        self.view_counters(party).view()
    }

    /// Voiced frames `listener` was delivered from `source`.
    fn voiced(&self, listener: &str, source: &str) -> u64 {
        self.view(listener).heard.get(source).map_or(0, |h| h.voiced_frames)
    }
}

fn sources(mix: &Mix) -> Vec<&str> {
    mix.heard.iter().map(|h| &*h.source).collect()
}

fn pcm(mix: &Mix) -> &[i16] {
    match &mix.frame {
        Frame::Pcm(pcm) => pcm,
        Frame::Encoded(_) => panic!("{} was passed a packet through", mix.listener),
    }
}

#[test]
fn each_leg_gets_the_sum_of_what_it_hears_and_never_itself() {
    let mut call = call();
    call.conference.set_matrix(Matrix::everyone(&[CUSTOMER, AGENT, SUPERVISOR]));
    let mixes = call.tick(1_000, 100);
    let mut sine = vec![0; FRAME_SAMPLES];
    Sine::new(440.0).fill(&mut sine);
    let [agent, supervisor] = [&mixes[0], &mixes[1]];
    assert_eq!((&*agent.listener, &*supervisor.listener), (AGENT, SUPERVISOR));
    assert_eq!(sources(agent), [CUSTOMER, SUPERVISOR]);
    assert_eq!(sources(supervisor), [CUSTOMER, AGENT]);
    assert!(pcm(agent).iter().zip(&sine).all(|(m, s)| *m == s + 100));
    assert!(pcm(supervisor).iter().zip(&sine).all(|(m, s)| *m == s + 1_000));
    // The customer, a simulated listener, is counted at once.
    assert_eq!(call.view(CUSTOMER).heard.keys().collect::<Vec<_>>(), [AGENT, SUPERVISOR]);
}

#[test]
fn the_audio_matrix_of_each_supervisor_mode() {
    // (listener, source) pairs heard, per mode; every other pair is not.
    let table: [(&str, &[(&str, &str)]); 4] = [
        ("spy", &[(SUPERVISOR, AGENT), (SUPERVISOR, CUSTOMER), (AGENT, CUSTOMER), (CUSTOMER, AGENT)]),
        (
            "whisper",
            &[(SUPERVISOR, AGENT), (SUPERVISOR, CUSTOMER), (AGENT, CUSTOMER), (AGENT, SUPERVISOR), (CUSTOMER, AGENT)],
        ),
        (
            "barge",
            &[
                (SUPERVISOR, AGENT),
                (SUPERVISOR, CUSTOMER),
                (AGENT, CUSTOMER),
                (AGENT, SUPERVISOR),
                (CUSTOMER, AGENT),
                (CUSTOMER, SUPERVISOR),
            ],
        ),
        (
            "threeway",
            &[
                (SUPERVISOR, AGENT),
                (SUPERVISOR, CUSTOMER),
                (AGENT, CUSTOMER),
                (AGENT, SUPERVISOR),
                (CUSTOMER, AGENT),
                (CUSTOMER, SUPERVISOR),
            ],
        ),
    ];
    for (name, heard) in table {
        let mut call = call();
        call.conference.set_matrix(mode(name));
        for _ in 0..20 {
            call.tick(4_000, -4_000);
        }
        for listener in [CUSTOMER, AGENT, SUPERVISOR] {
            for source in [CUSTOMER, AGENT, SUPERVISOR] {
                let expected = if heard.contains(&(listener, source)) { 20 } else { 0 };
                assert_eq!(call.voiced(listener, source), expected, "{name}: does {listener} hear {source}?");
            }
        }
    }
}

#[test]
fn a_matrix_change_takes_effect_on_the_next_frame() {
    let mut call = call();
    call.conference.set_matrix(mode("spy"));
    for _ in 0..5 {
        call.tick(4_000, 4_000);
    }
    call.conference.set_matrix(mode("barge"));
    let mixes = call.tick(4_000, 4_000);
    assert_eq!(sources(&mixes[0]), [CUSTOMER, SUPERVISOR]);
    for _ in 0..4 {
        call.tick(4_000, 4_000);
    }
    // Five frames of spy then five of barge.
    assert_eq!(call.voiced(AGENT, SUPERVISOR), 5);
    assert_eq!(call.voiced(CUSTOMER, SUPERVISOR), 5);
    assert_eq!(call.voiced(SUPERVISOR, AGENT), 10);
    assert_eq!(call.voiced(AGENT, CUSTOMER), 10);
}

#[test]
fn the_counters_show_as_the_scenario_interface_does() {
    let mut call = call();
    call.conference.set_matrix(mode("spy"));
    call.tick(3_000, 0);
    let json = serde_json::to_value(call.view(SUPERVISOR)).unwrap();
    assert_eq!(json["heard"]["agent"], serde_json::json!({"frames": 1, "voicedFrames": 1}));
    assert_eq!(json["heard"]["customer"], serde_json::json!({"frames": 1, "voicedFrames": 1}));
    assert!(json.get("tonesReceived").is_none(), "{json}");
    // Legs with no bridge show as before.
    let plain = serde_json::to_value(MediaCounters::new(Instant::now()).view()).unwrap();
    assert!(plain.get("heard").is_none(), "{plain}");
}

#[test]
fn attribution_tells_voiced_frames_from_silent_ones() {
    let mut call = call();
    call.conference.set_matrix(mode("barge"));
    for i in 0..10 {
        // The agent speaks in every other frame; the supervisor is silent.
        call.tick(if i % 2 == 0 { 3_000 } else { 0 }, 0);
    }
    assert_eq!(call.view(CUSTOMER).heard[AGENT], Heard { frames: 10, voiced_frames: 5 });
    assert_eq!(call.view(CUSTOMER).heard[SUPERVISOR], Heard { frames: 10, voiced_frames: 0 });
    assert_eq!(call.view(SUPERVISOR).heard[CUSTOMER], Heard { frames: 10, voiced_frames: 10 });
}

#[test]
fn a_leg_with_no_audio_yet_is_absent_not_silent() {
    let mut call = call();
    call.conference.set_matrix(mode("barge"));
    // Only the agent's audio has arrived.
    call.agent.push(&[2_000; FRAME_SAMPLES]);
    let mixes = call.conference.tick();
    assert_eq!(sources(&mixes[0]), [CUSTOMER]);
    assert_eq!(sources(&mixes[1]), [CUSTOMER, AGENT]);
}

#[test]
fn the_mix_clips_to_sixteen_bits() {
    let loud = [30_000i16; FRAME_SAMPLES];
    let quiet = [-30_000i16; FRAME_SAMPLES];
    assert!(mix([&loud[..], &loud[..]].into_iter()).iter().all(|&s| s == i16::MAX));
    assert!(mix([&quiet[..], &quiet[..], &loud[..]].into_iter()).iter().all(|&s| s == -30_000));
    assert!(mix([&quiet[..], &quiet[..]].into_iter()).iter().all(|&s| s == i16::MIN));
    assert!(mix(std::iter::empty()).iter().all(|&s| s == 0));

    let mut call = call();
    call.conference.set_matrix(mode("whisper"));
    let mixes = call.tick(i16::MAX, i16::MAX);
    // The agent hears the customer's sine and the supervisor at full scale.
    assert!(pcm(&mixes[0]).iter().all(|&s| s >= i16::MAX - 8_192));
    assert!(pcm(&mixes[0]).contains(&i16::MAX));
}

#[test]
fn the_inbox_keeps_whole_frames_and_drops_the_oldest() {
    let inbox = Inbox::default();
    inbox.push(&[1; FRAME_SAMPLES - 1]);
    assert_eq!(inbox.pop_frame(), None);
    inbox.push(&[1]);
    assert_eq!(inbox.pop_frame(), Some(vec![1; FRAME_SAMPLES]));
    for i in 0..INBOX_FRAMES as i16 + 3 {
        inbox.push(&[i; FRAME_SAMPLES]);
    }
    let frames: Vec<i16> = std::iter::from_fn(|| inbox.pop_frame()).map(|f| f[0]).collect();
    assert_eq!(frames, (3..INBOX_FRAMES as i16 + 3).collect::<Vec<_>>());
}

#[test]
fn a_leg_hearing_one_tone_alone_gets_its_packets_untouched() {
    let epoch = Instant::now();
    let mut conference = Conference::new();
    conference.add_tone(CUSTOMER, 440.0, None, MediaCounters::new(epoch));
    conference.add_leg(AGENT, Arc::new(Inbox::default()), MediaCounters::new(epoch));
    conference.set_matrix(Matrix::everyone(&[CUSTOMER, AGENT]));
    // Before the loop is encoded the tone is mixed as PCM.
    assert!(matches!(conference.tick()[0].frame, Frame::Pcm(_)));
    let tone = Tone::new(440.0).unwrap();
    conference.set_tone_packets(CUSTOMER, 440.0, tone.clone());
    conference.set_tone_packets(CUSTOMER, 880.0, Tone::new(880.0).unwrap());
    let mut expected = tone;
    for _ in 0..3 {
        let mix = &conference.tick()[0];
        assert_eq!(mix.frame, Frame::Encoded(expected.next_packet().unwrap()));
        assert_eq!(mix.heard, [HeardFrom { source: CUSTOMER.into(), voiced: true }]);
    }
    // A second source heard: back to mixing.
    conference.add_leg(SUPERVISOR, Arc::new(Inbox::default()), MediaCounters::new(epoch));
    conference.set_matrix(Matrix::everyone(&[CUSTOMER, AGENT, SUPERVISOR]));
    assert!(matches!(conference.tick()[0].frame, Frame::Pcm(_)));
}

#[test]
fn removing_a_party_takes_it_out_of_every_mix() {
    let mut call = call();
    call.conference.set_matrix(mode("barge"));
    assert!(call.conference.remove(SUPERVISOR));
    assert!(!call.conference.remove(SUPERVISOR));
    let mixes = call.tick(1_000, 1_000);
    assert_eq!(mixes.len(), 1);
    assert_eq!(sources(&mixes[0]), [CUSTOMER]);
    assert_eq!(call.view(CUSTOMER).heard.keys().collect::<Vec<_>>(), [AGENT]);
}

/// The cost of one 20 ms frame of a three-party call (everyone hears
/// everyone: two legs mixed and encoded) and of a two-party call (the
/// tone passed through), in this build. A measurement, not a check: run
/// `cargo test -p agent-gateway --lib per_frame_cost -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, printed; run by hand"]
fn per_frame_cost() {
    use crate::sip::audio::{new_encoder, MAX_PACKET};
    const FRAMES: u32 = 500;
    let mut voices = [(Sine::new(880.0), vec![0i16; FRAME_SAMPLES]), (Sine::new(660.0), vec![0i16; FRAME_SAMPLES])];
    let mut encoders = [new_encoder().unwrap(), new_encoder().unwrap()];
    let mut packet = vec![0u8; MAX_PACKET];
    let mut call = call();
    call.conference.set_matrix(mode("barge"));
    let (mut mixing, mut encoding) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for _ in 0..FRAMES {
        for (sine, pcm) in &mut voices {
            sine.fill(pcm);
        }
        call.agent.push(&voices[0].1);
        call.supervisor.push(&voices[1].1);
        let at = Instant::now();
        let mixes = call.conference.tick();
        mixing += at.elapsed();
        let at = Instant::now();
        for (mix, encoder) in mixes.iter().zip(&mut encoders) {
            encoder.encode(pcm(mix), &mut packet).unwrap();
        }
        encoding += at.elapsed();
    }
    let per = |d: std::time::Duration, n: u32| d.as_micros() as f64 / f64::from(n);
    eprintln!(
        "three parties, everyone hears everyone: mixing {:.0} µs a frame, encoding {:.0} µs a leg",
        per(mixing, FRAMES),
        per(encoding, 2 * FRAMES)
    );

    let epoch = Instant::now();
    let mut conference = Conference::new();
    conference.add_tone(CUSTOMER, 440.0, Tone::new(440.0), MediaCounters::new(epoch));
    let agent = Arc::new(Inbox::default());
    conference.add_leg(AGENT, agent.clone(), MediaCounters::new(epoch));
    conference.set_matrix(Matrix::everyone(&[CUSTOMER, AGENT]));
    let at = Instant::now();
    for _ in 0..FRAMES {
        voices[0].0.fill(&mut voices[0].1);
        agent.push(&voices[0].1);
        assert!(matches!(conference.tick()[0].frame, Frame::Encoded(_)));
    }
    eprintln!("two parties, tone passed through: {:.0} µs a frame", per(at.elapsed(), FRAMES));
}

#[test]
fn the_bridge_can_be_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<super::CallBridge>();
}
