//! Softphone helpers: a softphone login, the gateway's audio measurement
//! of a call, and the browser's own `inbound-rtp` statistics.

use agent_sdk::AgentSdk;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{get, js, num, scenario, settle, sleep, text};

/// Logs `agent` in on softphone `extension`; the response, which must
/// succeed.
pub async fn softphone_login(agent: &str, extension: &str) -> JsValue {
    let res = settle(AgentSdk::login(softphone_params(agent, extension))).await.expect("login resolves");
    assert_eq!(num(&res, "code"), Some(0.0), "{:?}", text(&res, "message"));
    res
}

/// Login params of `agent` on softphone `extension`.
pub fn softphone_params(agent: &str, extension: &str) -> JsValue {
    js(&format!(
        r#"{{"tenantId":"t1","agentNo":"{agent}","sessionKey":"dev-key-{agent}",
            "bindEndpoint":{{"endpointType":3,"endpoint":"{extension}"}},"initialStatus":1}}"#
    ))
}

/// The agent leg of call `id` in the scenario view.
pub async fn agent_leg(id: &str) -> JsValue {
    let view = scenario::call(id).await;
    js_sys::Array::from(&get(&view, "legs"))
        .iter()
        .find(|leg| text(leg, "role").as_deref() == Some("agent"))
        .unwrap_or(JsValue::UNDEFINED)
}

/// Waits (at most 10 s) until the gateway's media peer has decoded voiced
/// audio from the browser and sent its own: both directions carry sound.
pub async fn two_way_audio(id: &str) -> JsValue {
    for _ in 0..200 {
        let leg = agent_leg(id).await;
        let heard = num(&leg, "media.voicedFramesReceived").unwrap_or(0.0);
        let sent = num(&leg, "media.packetsSent").unwrap_or(0.0);
        if heard >= 10.0 && sent >= 25.0 {
            return leg;
        }
        sleep(50).await;
    }
    panic!("no two-way audio: {:?}", js_sys::JSON::stringify(&agent_leg(id).await));
}

/// Keeps every `RTCPeerConnection` the page makes in
/// `globalThis.__peerConnections`, so a test can read the browser's own
/// statistics of the SDK's call. The connections stay the browser's real
/// ones: a subclass only records them.
pub fn watch_peer_connections() {
    Function::new_no_args(
        "if (globalThis.__peerConnections) return;
         globalThis.__peerConnections = [];
         const Real = globalThis.RTCPeerConnection;
         globalThis.RTCPeerConnection = class extends Real {
           constructor(...args) { super(...args); globalThis.__peerConnections.push(this); }
         };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
}

/// The audio `inbound-rtp` statistics of the newest peer connection:
/// `{packetsReceived, audioLevel, totalAudioEnergy}`, or null.
async fn inbound_audio() -> JsValue {
    let read: Promise = Function::new_no_args(
        "const pcs = globalThis.__peerConnections || [];
         const pc = pcs[pcs.length - 1];
         if (!pc || pc.connectionState === 'closed') return Promise.resolve(null);
         return pc.getStats().then((stats) => {
           for (const s of stats.values()) {
             if (s.type === 'inbound-rtp' && s.kind === 'audio') {
               return { packetsReceived: s.packetsReceived, audioLevel: s.audioLevel ?? 0,
                        totalAudioEnergy: s.totalAudioEnergy ?? 0 };
             }
           }
           return null;
         });",
    )
    .call0(&JsValue::NULL)
    .unwrap()
    .unchecked_into();
    settle(read).await.unwrap_or(JsValue::NULL)
}

/// Waits (at most 10 s) until the browser has received at least 25 audio
/// packets from the gateway with sound in them (the gateway's tone), by
/// the browser's own `inbound-rtp` statistics; returns them.
pub async fn browser_hears() -> JsValue {
    let mut last = JsValue::NULL;
    for _ in 0..200 {
        last = inbound_audio().await;
        let packets = num(&last, "packetsReceived").unwrap_or(0.0);
        let energy = num(&last, "totalAudioEnergy").unwrap_or(0.0);
        if packets >= 25.0 && energy > 0.0 && num(&last, "audioLevel").unwrap_or(0.0) > 0.01 {
            return last;
        }
        sleep(50).await;
    }
    panic!("the browser heard nothing: {:?}", js_sys::JSON::stringify(&last));
}
