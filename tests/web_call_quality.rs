//! Audio devices and call quality in Chromium with fake media, against the
//! gateway's media peer: the device list, refused device ids, `webrtcStats`
//! once a second with the seed's fields, a microphone switched mid-call on
//! the same RTP sender, and the fallback when the chosen microphone's track
//! ends as it does when the device is unplugged.
#![cfg(target_arch = "wasm32")]

mod web_support;

use agent_sdk::AgentSdk;
use js_sys::{Array, Function};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_support::recorder::Recorder;
use web_support::softphone::{agent_leg, watch_peer_connections};
use web_support::*;

wasm_bindgen_test_configure!(run_in_browser);

fn setup_with_stats() {
    AgentSdk::setup(js(&format!(r#"{{"baseURL":"{GATEWAY}","webrtcStats":true}}"#))).expect("setup");
}

/// Runs JavaScript in the page (test instrumentation only).
fn page(body: &str) -> JsValue {
    Function::new_no_args(body).call0(&JsValue::NULL).expect("page script runs")
}

/// The call's audio sender.
fn sender() -> JsValue {
    page("const pc = globalThis.__peerConnections.at(-1); return pc.getSenders().find((s) => s.track && s.track.kind === 'audio');")
}

async fn devices(kind: &str) -> Vec<JsValue> {
    let list = settle(AgentSdk::get_audio_devices()).await.expect("getAudioDevices resolves");
    Array::from(&list).iter().filter(|d| text(d, "kind").as_deref() == Some(kind)).collect()
}

async fn softphone_call(customer: &str) -> String {
    let params = js(r#"{"tenantId":"t1","agentNo":"1017","sessionKey":"dev-key-1017",
        "bindEndpoint":{"endpointType":3,"endpoint":"8017"},"initialStatus":1}"#);
    let res = settle(AgentSdk::login(params)).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}", text(&res, "message"));
    scenario::wait_registered("1017").await;
    scenario::inbound("2", customer).await
}

/// Voiced frames the gateway's media peer has decoded from the agent.
async fn voiced(id: &str) -> f64 {
    num(&agent_leg(id).await, "media.voicedFramesReceived").unwrap_or(0.0)
}

/// Waits (at most 10 s) until the media peer has decoded at least `more`
/// voiced frames beyond `from`.
async fn voiced_beyond(id: &str, from: f64, more: f64) -> f64 {
    for _ in 0..200 {
        let now = voiced(id).await;
        if now >= from + more {
            return now;
        }
        sleep(50).await;
    }
    panic!("the gateway heard no new voice after {from} frames (now {})", voiced(id).await);
}

/// Waits (at most 15 s: a warning needs several one-second samples) for a
/// `qualityWarning` about `warning` with `active`.
async fn quality_warning(events: &Recorder, warning: &str, active: bool) -> JsValue {
    for _ in 0..300 {
        let found = events.payloads().into_iter().find(|p| {
            text(p, "eventType").as_deref() == Some("qualityWarning")
                && text(p, "warning").as_deref() == Some(warning)
                && get(p, "active").as_bool() == Some(active)
        });
        if let Some(payload) = found {
            return payload;
        }
        sleep(50).await;
    }
    panic!("no qualityWarning {warning} active={active}; recorded: {:?}", events.names());
}

async fn refused(promise: js_sys::Promise, rule: &str) {
    let err = sdk_error(promise).await;
    assert_eq!(text(&err, "code").as_deref(), Some("INVALID_PARAMS"));
    assert_eq!(text(&err, "details.field").as_deref(), Some("deviceId"));
    let got = text(&err, "details.rule").unwrap_or_default();
    assert!(got.contains(rule), "{got}");
}

#[wasm_bindgen_test]
async fn devices_are_listed_and_unknown_ones_refused() {
    let _turn = exclusive().await;
    setup();
    let mics = devices("audioinput").await;
    let speakers = devices("audiooutput").await;
    assert!(!mics.is_empty(), "Chromium's fake devices include microphones");
    assert!(!speakers.is_empty(), "and speakers");
    for d in mics.iter().chain(&speakers) {
        assert!(text(d, "deviceId").is_some_and(|id| !id.is_empty()));
        assert!(text(d, "label").is_some() && text(d, "groupId").is_some());
    }
    let mic = text(&mics[0], "deviceId").unwrap();
    let speaker = text(&speakers[0], "deviceId").unwrap();

    refused(AgentSdk::set_microphone("no-such-device".into()), "a microphone (an audioinput").await;
    refused(AgentSdk::set_microphone(JsValue::from(42)), "must be a string").await;
    refused(AgentSdk::set_speaker("no-such-device".into()), "a speaker (an audiooutput").await;
    refused(AgentSdk::set_ringtone_output(JsValue::UNDEFINED), "must be a string").await;
    if mic != speaker {
        refused(AgentSdk::set_speaker(mic.clone().into()), "a speaker").await;
    }
    settle(AgentSdk::set_microphone(mic.into())).await.expect("a listed microphone is taken");
    settle(AgentSdk::set_speaker(speaker.clone().into())).await.expect("a listed speaker is taken");
    settle(AgentSdk::set_ringtone_output(speaker.into())).await.expect("and for the ringtone");
    settle(AgentSdk::set_microphone("default".into())).await.unwrap();
    settle(AgentSdk::set_speaker("default".into())).await.unwrap();
    settle(AgentSdk::set_ringtone_output("default".into())).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_chosen_speaker_that_leaves_the_device_list_falls_back_to_the_default() {
    let _turn = exclusive().await;
    setup();
    let events = Recorder::start();
    let chosen = devices("audiooutput")
        .await
        .into_iter()
        .filter_map(|d| text(&d, "deviceId"))
        .find(|id| id != "default")
        .expect("a fake speaker besides the default");
    settle(AgentSdk::set_speaker(chosen.clone().into())).await.expect("setSpeaker");
    settle(AgentSdk::set_ringtone_output(chosen.clone().into())).await.expect("setRingtoneOutput");

    // The speaker is unplugged. Nothing unplugs a fake device, so the page
    // does what the browser does then: the device list loses it and
    // `devicechange` fires.
    page(&format!(
        "const md = navigator.mediaDevices; const real = MediaDevices.prototype.enumerateDevices.bind(md); \
         md.enumerateDevices = async () => (await real()).filter((d) => d.deviceId !== {chosen:?}); \
         md.dispatchEvent(new Event('devicechange'));"
    ));
    let mut kinds = Vec::new();
    for nth in 1..=2 {
        let fallback = events.wait_nth("audioDeviceFallback", nth).await;
        assert_eq!(text(&fallback, "reason").as_deref(), Some("removed"));
        assert_eq!(text(&fallback, "deviceId").as_deref(), Some(chosen.as_str()));
        kinds.push(text(&fallback, "kind").unwrap_or_default());
    }
    kinds.sort();
    assert_eq!(kinds, ["ringtone", "speaker"], "both choices fell back");
    // The fallback is the default: choosing the gone device now is refused.
    refused(AgentSdk::set_speaker(chosen.clone().into()), "a speaker (an audiooutput").await;
    page("delete navigator.mediaDevices.enumerateDevices;");
    settle(AgentSdk::set_speaker("default".into())).await.unwrap();
    settle(AgentSdk::set_ringtone_output("default".into())).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_call_reports_webrtc_stats_every_second_and_warns_of_a_silent_microphone() {
    let _turn = exclusive().await;
    setup_with_stats();
    watch_peer_connections();
    let events = Recorder::start();
    let id = softphone_call("13912340031").await;
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.unwrap();
    events.wait_state("talking").await;
    voiced_beyond(&id, 0.0, 10.0).await;
    // The third sample: audio has flowed both ways for a whole interval.
    let first = events.wait("webrtcStats").await;
    let third = events.wait_nth("webrtcStats", 3).await;
    assert_eq!(text(&third, "eventType").as_deref(), Some("webrtcStats"));
    assert!(["connected", "completed"].contains(&text(&third, "iceState").unwrap().as_str()));
    assert_eq!(text(&third, "dtlsState").as_deref(), Some("connected"));
    assert_eq!(text(&third, "packetsState").as_deref(), Some("normal"));
    let n = |field: &str| num(&third, field).unwrap_or_else(|| panic!("{field} is not a number"));
    assert!(n("packetsSent") > num(&first, "packetsSent").unwrap(), "packetsSent counts up");
    assert!(n("packetsReceived") > num(&first, "packetsReceived").unwrap(), "packetsReceived counts up");
    assert!(n("jitter") >= 0.0 && n("rtt") >= 0.0);
    assert!((0.0..=1.0).contains(&n("packetLossRate")));
    for field in ["sentNetworkQuality", "receivedNetworkQuality"] {
        assert!([1.0, 2.0, 3.0, 4.0].contains(&n(field)), "{field}");
    }
    // Loopback: no loss, a round trip of a few ms, a near-perfect score.
    assert!(n("mos") > 4.0 && n("mos") <= 4.5, "mos {}", n("mos"));
    assert!(n("audioLevelIn") > 0.0 && n("audioLevelIn") <= 1.0, "the media peer's tone is heard");
    assert!(n("audioLevelOut") > 0.0 && n("audioLevelOut") <= 1.0, "the fake microphone's beeps are sent");
    assert!(n("timestamp") > num(&first, "timestamp").unwrap());
    assert!(!events.names().iter().any(|e| e == "qualityWarning"), "a clean call raises no warning");

    // The microphone's track disabled sends silence: the warning is raised,
    // and cleared once the microphone is back.
    page("globalThis.__peerConnections.at(-1).getSenders().find((s) => s.track).track.enabled = false;");
    let raised = quality_warning(&events, "silentMicrophone", true).await;
    assert_eq!((num(&raised, "value"), num(&raised, "threshold")), (Some(0.0), Some(0.001)));
    page("globalThis.__peerConnections.at(-1).getSenders().find((s) => s.track).track.enabled = true;");
    let cleared = quality_warning(&events, "silentMicrophone", false).await;
    assert!(num(&cleared, "value").unwrap() > 0.005);

    scenario::act(&id, "hangup", "customer").await;
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}

#[wasm_bindgen_test]
async fn the_microphone_switches_mid_call_and_falls_back_when_unplugged() {
    let _turn = exclusive().await;
    setup();
    watch_peer_connections();
    let events = Recorder::start();
    let id = softphone_call("13912340032").await;
    events.wait("sipSessionInit").await;
    settle(AgentSdk::sip_link()).await.unwrap();
    events.wait_state("talking").await;
    let heard = voiced_beyond(&id, 0.0, 10.0).await;

    // Another microphone: the same sender carries a new track, and the
    // gateway goes on hearing voice.
    let before = sender();
    let old_track = text(&before, "track.id").unwrap();
    let other = devices("audioinput").await.into_iter().find(|d| text(d, "deviceId").as_deref() != Some("default"));
    let chosen = text(&other.expect("a second fake microphone"), "deviceId").unwrap();
    settle(AgentSdk::set_microphone(chosen.clone().into())).await.expect("setMicrophone mid-call");
    let after = sender();
    assert!(js_sys::Object::is(&before, &after), "replaceTrack keeps the RTP sender");
    assert_ne!(text(&after, "track.id").unwrap(), old_track, "with a new track");
    let settings = js_sys::Reflect::get(&get(&after, "track"), &"getSettings".into()).unwrap();
    let settings = Function::from(settings).call0(&get(&after, "track")).unwrap();
    assert_eq!(text(&settings, "deviceId").as_deref(), Some(chosen.as_str()), "from the chosen microphone");
    let heard = voiced_beyond(&id, heard, 10.0).await;

    // The chosen microphone is unplugged: its track ends, as a browser ends
    // it when the device goes (stop() alone fires no `ended` event, so the
    // test fires the one the browser would).
    page(
        "const pc = globalThis.__peerConnections.at(-1); const t = pc.getSenders().find((s) => s.track).track; \
         t.stop(); t.dispatchEvent(new Event('ended'));",
    );
    let fallback = events.wait("audioDeviceFallback").await;
    assert_eq!(text(&fallback, "kind").as_deref(), Some("microphone"));
    assert_eq!(text(&fallback, "reason").as_deref(), Some("ended"));
    assert_eq!(text(&fallback, "deviceId").as_deref(), Some(chosen.as_str()));
    let last = sender();
    assert!(js_sys::Object::is(&before, &last), "still the same sender");
    assert_eq!(text(&last, "track.readyState").as_deref(), Some("live"), "with the default microphone's track");
    voiced_beyond(&id, heard, 10.0).await;

    settle(AgentSdk::sip_unlink()).await.unwrap();
    events.wait("sipSessionTerminate").await;
    events.wait_state("wrapup").await;
    settle(AgentSdk::unpause()).await.unwrap();
    logout().await;
}
