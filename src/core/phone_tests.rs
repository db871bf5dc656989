//! The softphone controller driven with real SIP frames: registration,
//! ringing, `sipLink`, auto-answer, hang-up, media failure, socket drops.

use super::emitted::Emitted;
use super::error::ErrorCode;
use super::phone::{Phone, PhoneOutput, SoftphoneLogin};
use super::quality::RawSample;
use crate::sip::tests::support::reply;

const INVITE: &str = include_str!("../../tests/fixtures/invite.sip");

fn login() -> SoftphoneLogin {
    SoftphoneLogin {
        socket_url: "ws://127.0.0.1:8080/v1/sip/ws".into(),
        domain: "127.0.0.1".into(),
        user: "8001".into(),
        password: "secret".into(),
    }
}

fn drain(phone: &mut Phone) -> Vec<PhoneOutput> {
    std::iter::from_fn(|| phone.poll_output()).collect()
}

fn sent(outputs: &[PhoneOutput]) -> Vec<&str> {
    outputs
        .iter()
        .filter_map(|o| match o {
            PhoneOutput::Send(frame) => Some(frame.as_str()),
            _ => None,
        })
        .collect()
}

fn emitted(outputs: &[PhoneOutput]) -> Vec<&Emitted> {
    outputs
        .iter()
        .filter_map(|o| match o {
            PhoneOutput::Emit(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// A started phone whose registration succeeded.
fn registered() -> Phone {
    register(Phone::new(3))
}

/// `phone`, started and registered.
fn register(mut phone: Phone) -> Phone {
    phone.start(login());
    assert_eq!(drain(&mut phone), vec![PhoneOutput::Connect("ws://127.0.0.1:8080/v1/sip/ws".into())]);
    phone.socket_opened(0);
    let out = drain(&mut phone);
    let register = sent(&out)[0].to_string();
    assert!(register.starts_with("REGISTER sip:127.0.0.1 SIP/2.0\r\n"), "{register}");
    assert!(register.contains("SIP/2.0/WS "), "ws:// travels as WS in Via");
    phone.frame(&reply(&register, 200, Some("reg"), &[("Expires", "600")], None), 10);
    drain(&mut phone);
    phone
}

#[test]
fn an_inbound_call_rings_until_sip_link_then_answers_with_the_media_sdp() {
    let mut phone = registered();
    phone.frame(INVITE, 100);
    let out = drain(&mut phone);
    let frames = sent(&out);
    assert!(frames[0].starts_with("SIP/2.0 100"), "{frames:?}");
    assert!(frames.iter().any(|f| f.starts_with("SIP/2.0 180")));
    assert!(out.contains(&PhoneOutput::Ring(true)));
    let Some(Emitted::SipSessionInit(init)) = emitted(&out).first().copied() else { panic!("{out:?}") };
    assert_eq!(init.direction, "inbound");
    assert!(!out.iter().any(|o| matches!(o, PhoneOutput::Answer(_))), "no answer before sipLink");

    phone.link().unwrap();
    let out = drain(&mut phone);
    assert_eq!(out[0], PhoneOutput::Ring(false));
    let PhoneOutput::Answer(offer) = &out[1] else { panic!("{out:?}") };
    assert!(offer.starts_with("v=0"), "the INVITE's SDP goes to the media layer");
    assert!(phone.link().is_ok(), "a second sipLink is harmless");

    phone.media_answered(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".into(),
        200,
    );
    let out = drain(&mut phone);
    let ok = sent(&out).into_iter().find(|f| f.starts_with("SIP/2.0 200")).expect("200 OK");
    assert!(ok.contains("m=audio 9"), "the answer carries the media SDP");
}

#[test]
fn a_call_the_agent_started_is_answered_without_ringing() {
    let mut phone = registered();
    phone.set_agent_state("calling");
    phone.frame(INVITE, 100);
    let out = drain(&mut phone);
    assert!(!out.contains(&PhoneOutput::Ring(true)));
    assert!(out.iter().any(|o| matches!(o, PhoneOutput::Answer(_))));
    let Some(Emitted::SipSessionInit(init)) = emitted(&out).first().copied() else { panic!("{out:?}") };
    assert_eq!(init.direction, "outbound");
}

#[test]
fn an_agent_state_from_before_the_phone_started_does_not_count() {
    let mut phone = Phone::new(3);
    phone.set_agent_state("calling");
    let mut phone = register(phone);
    phone.frame(INVITE, 100);
    let out = drain(&mut phone);
    assert!(out.contains(&PhoneOutput::Ring(true)), "{out:?}");
}

#[test]
fn an_invite_with_answer_mode_auto_is_answered_without_ringing() {
    let mut phone = registered();
    let invite = INVITE.replacen("Content-Type:", "Answer-Mode: Auto\r\nContent-Type:", 1);
    phone.frame(&invite, 100);
    let out = drain(&mut phone);
    assert!(!out.contains(&PhoneOutput::Ring(true)));
    assert!(out.iter().any(|o| matches!(o, PhoneOutput::Answer(_))), "{out:?}");
}

#[test]
fn sip_unlink_while_ringing_declines_and_ends_the_session() {
    let mut phone = registered();
    phone.frame(INVITE, 100);
    drain(&mut phone);
    phone.unlink(150).unwrap();
    let out = drain(&mut phone);
    assert!(sent(&out).iter().any(|f| f.starts_with("SIP/2.0 603")), "{out:?}");
    assert!(out.contains(&PhoneOutput::EndMedia) && out.contains(&PhoneOutput::Ring(false)));
    assert!(matches!(emitted(&out)[..], [Emitted::SipSessionTerminate(_)]));
    assert_eq!(phone.unlink(160).unwrap_err().code, ErrorCode::SipNotAvailable, "nothing left to hang up");
}

#[test]
fn no_microphone_declines_the_call_and_says_why() {
    let mut phone = registered();
    phone.frame(INVITE, 100);
    drain(&mut phone);
    phone.link().unwrap();
    drain(&mut phone);
    phone.media_failed("the microphone is blocked".into(), 120);
    let out = drain(&mut phone);
    assert!(sent(&out).iter().any(|f| f.starts_with("SIP/2.0 488")), "{out:?}");
    let codes: Vec<&str> = emitted(&out)
        .iter()
        .filter_map(|e| match e {
            Emitted::SdkError(e) => Some(e.code.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(codes, ["MEDIA_NOT_SUPPORTED"]);
}

#[test]
fn a_media_failure_after_the_call_ended_changes_nothing() {
    let mut phone = registered();
    phone.frame(INVITE, 100);
    drain(&mut phone);
    phone.link().unwrap();
    drain(&mut phone);
    // The agent hangs up while the microphone is still opening.
    phone.unlink(110).unwrap();
    assert!(emitted(&drain(&mut phone)).iter().any(|e| matches!(e, Emitted::SipSessionTerminate(_))));
    phone.media_failed("the call ended before the microphone opened".into(), 120);
    assert_eq!(drain(&mut phone), [], "no second answer, no error for a call that is over");
}

#[test]
fn operations_without_a_softphone_or_a_call_are_refused() {
    let mut phone = Phone::new(1);
    assert_eq!(phone.link().unwrap_err().code, ErrorCode::SipNotAvailable);
    assert_eq!(phone.unlink(0).unwrap_err().code, ErrorCode::SipNotAvailable);
    let mut phone = registered();
    let err = phone.link().unwrap_err();
    assert_eq!(err.message, "sipLink: there is no incoming call to answer");
}

#[test]
fn a_dropped_sip_socket_is_reported_reconnected_and_registered_again() {
    let mut phone = registered();
    phone.socket_closed(1006, 1_000);
    let out = drain(&mut phone);
    assert!(matches!(emitted(&out)[..], [Emitted::SipDisconnected(_)]));
    let at = phone.poll_timeout().expect("a retry is scheduled");
    assert!(at <= 1_000 + 500, "the first retry comes quickly");
    phone.handle_timeout(at);
    assert!(drain(&mut phone).contains(&PhoneOutput::Connect("ws://127.0.0.1:8080/v1/sip/ws".into())));
    phone.socket_opened(at + 5);
    assert!(sent(&drain(&mut phone)).iter().any(|f| f.starts_with("REGISTER ")), "registers again");
}

#[test]
fn stopping_unregisters_and_closes() {
    let mut phone = registered();
    phone.stop(50);
    let out = drain(&mut phone);
    let register = sent(&out).into_iter().find(|f| f.starts_with("REGISTER ")).expect("un-REGISTER");
    assert!(register.contains("Expires: 0") || register.contains("expires=0"), "{register}");
    assert_eq!(out.last(), Some(&PhoneOutput::Close));
    assert!(!phone.is_started());
}

/// A phone in a call it answered at time 200, with or without sampling.
fn in_a_call(stats: bool) -> Phone {
    let mut phone = registered();
    phone.set_stats(stats);
    phone.frame(INVITE, 100);
    phone.link().unwrap();
    drain(&mut phone);
    phone.media_answered("v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".into(), 200);
    drain(&mut phone);
    phone
}

fn silent_second(n: u64) -> RawSample {
    let n = n as f64;
    RawSample { packets_sent: 50.0 * n, packets_received: 50.0 * n, duration_out: n, ..RawSample::default() }
}

#[test]
fn with_webrtc_stats_a_call_is_sampled_each_second_and_warns() {
    let mut phone = in_a_call(true);
    assert!(phone.poll_timeout().is_some_and(|at| at <= 1_200));
    let mut warnings = Vec::new();
    for second in 1..=5 {
        let now = 200 + second * 1_000;
        phone.handle_timeout(now);
        assert!(drain(&mut phone).contains(&PhoneOutput::ReadStats), "second {second}");
        phone.stats_read(Some(silent_second(second)), now + 5);
        for output in drain(&mut phone) {
            match output {
                PhoneOutput::Stats(stats) => assert_eq!(stats.packets_state, "normal"),
                PhoneOutput::Warning(change) => warnings.push((change.warning.as_str(), change.active)),
                other => panic!("{other:?}"),
            }
        }
    }
    assert_eq!(warnings, [("silentMicrophone", true)]);
    // No statistics to read (the browser gave none): tried again next time.
    phone.handle_timeout(6_200);
    drain(&mut phone);
    phone.stats_read(None, 6_205);
    assert!(drain(&mut phone).is_empty());
    assert!(phone.poll_timeout().is_some_and(|at| at <= 7_200));

    // The agent hangs up with a reading still out: the raised warning is
    // cleared with the call, and the late reading is dropped.
    phone.handle_timeout(7_200);
    drain(&mut phone);
    phone.unlink(7_300).unwrap();
    let out = drain(&mut phone);
    assert!(out.contains(&PhoneOutput::EndMedia));
    let cleared: Vec<_> = out
        .iter()
        .filter_map(|o| match o {
            PhoneOutput::Warning(c) => Some((c.warning.as_str(), c.active)),
            _ => None,
        })
        .collect();
    assert_eq!(cleared, [("silentMicrophone", false)]);
    phone.stats_read(Some(silent_second(8)), 7_400);
    assert!(!drain(&mut phone).iter().any(|o| matches!(o, PhoneOutput::Stats(_))));
}

#[test]
fn without_webrtc_stats_nothing_is_sampled() {
    let mut phone = in_a_call(false);
    for second in 1..=3 {
        phone.handle_timeout(200 + second * 1_000);
        assert!(!drain(&mut phone).contains(&PhoneOutput::ReadStats));
    }
}
