//! A softphone call through its conference bridge over real sockets: the
//! call's matrix, set through the scenario interface, decides what the
//! softphone's own decoder finds in its audio, and the per-source counters
//! of the scenario view agree.

use agent_sdk::sip::Event;
use serde_json::{json, Value};

use crate::phone::{counters, until_media, CUSTOMER_TONE_HZ};
use crate::softphone::{no_wrapup, registered, softphone_login, until_gateway_media};
use crate::support::{http, Server};
use agent_gateway::StaticDirs;

/// Frames enough that a direction still flowing is not a fluke.
const FRAMES: u64 = 25;

/// Frames already on their way when a matrix changes: the bridge's queue
/// to a peer (5) and the network and jitter buffer between the peers.
const IN_FLIGHT: u64 = 10;

/// Voiced frames `media` was delivered from `source`.
fn voiced_from(media: &Value, source: &str) -> u64 {
    media["heard"][source]["voicedFrames"].as_u64().unwrap_or(0)
}

async fn set_matrix(server: &Server, id: &str, matrix: Value) -> (u16, Value) {
    http(server.addr, "POST", &format!("/v1/scenario/calls/{id}/matrix"), Some(json!({ "matrix": matrix }))).await
}

/// The call's matrix as sorted `listener>source` strings.
fn matrix(view: &Value) -> Vec<String> {
    let pairs = view["audio"]["matrix"].as_array().cloned().unwrap_or_default();
    let mut out: Vec<String> =
        pairs.iter().map(|p| format!("{}>{}", p[0].as_str().unwrap(), p[1].as_str().unwrap())).collect();
    out.sort();
    out
}

#[tokio::test]
async fn the_calls_matrix_decides_what_the_softphone_hears() {
    let server = Server::start_with(no_wrapup(), StaticDirs::default()).await;
    let (mut a, r) = softphone_login(&server, "1001", "8001").await;
    let mut phone = registered(&server, "8001", &r).await;
    let id = server.inbound("02150001234", "1").await;
    let f = a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let agent = f[0]["status"]["uniqueId"].as_str().unwrap().to_string();
    let offer = phone.incoming().await;
    phone.answer(&offer).await;
    a.expect(&["agentStatus talking"]).await;
    let view = server.call(&id).await;
    let customer = view["legs"][0]["uniqueId"].as_str().unwrap().to_string();
    let mut everyone = vec![format!("{customer}>{agent}"), format!("{agent}>{customer}")];
    everyone.sort();
    assert_eq!(matrix(&view), everyone, "{view}");

    // The default: the phone decodes the customer's tone; the customer is
    // delivered the phone's (voiced in every frame).
    let at_phone = counters(&phone);
    let tone = |m: &agent_gateway::sip::media::MediaView| m.tones_received.get(&(CUSTOMER_TONE_HZ as u32)).copied();
    until_media("the customer's tone at the phone", || at_phone.view(), |m| tone(m) >= Some(FRAMES)).await;
    until_gateway_media(&server, &id, &customer, |m| voiced_from(m, &agent) >= FRAMES).await;
    let media = until_gateway_media(&server, &id, &agent, |m| voiced_from(m, &customer) >= FRAMES).await;
    assert!(media["heard"].get(&agent).is_none(), "nobody hears themself: {media}");
    // A plain call costs no encoding: the agent is sent the tone's own
    // packets.
    let cost = server.call(&id).await["audio"]["cost"].clone();
    assert!(cost["framesPassedThrough"].as_u64() >= Some(FRAMES), "{cost}");

    // The agent no longer hears the customer; the customer goes on hearing
    // the agent.
    let (status, view) = set_matrix(&server, &id, json!([[customer, agent]])).await;
    assert_eq!((status, matrix(&view)), (200, vec![format!("{customer}>{agent}")]), "{view}");
    let before = tone(&at_phone.view()).unwrap_or(0);
    let from_agent = voiced_from(&view["legs"][0]["media"], &agent);
    until_gateway_media(&server, &id, &customer, |m| voiced_from(m, &agent) >= from_agent + 2 * FRAMES).await;
    let after = tone(&at_phone.view()).unwrap_or(0);
    assert!(after <= before + IN_FLIGHT, "the phone still hears the customer: {before} then {after}");

    // Back to the default: the customer's tone reaches the phone again.
    let (status, view) = set_matrix(&server, &id, Value::Null).await;
    assert_eq!((status, matrix(&view)), (200, everyone), "{view}");
    until_media("the customer's tone again", || at_phone.view(), |m| tone(m) >= Some(after + FRAMES)).await;

    // Refusals name the field and the rule.
    let (status, body) = set_matrix(&server, &id, json!([[customer, "9.9"]])).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().is_some_and(|e| e.starts_with("matrix: '9.9' is not a leg")), "{body}");
    let (status, body) = set_matrix(&server, &id, json!([[customer]])).await;
    assert!(status == 400 && body["error"].as_str().is_some_and(|e| e.contains("bad body")), "{body}");
    let (status, _) = set_matrix(&server, "1.1", Value::Null).await;
    assert_eq!(status, 404);

    server.act(&id, "hangup", "customer").await;
    phone.until("the BYE", |e| matches!(e, Event::CallEnded { .. })).await;
    let view = server.call(&id).await;
    assert!(view.get("audio").is_none(), "the call ended: its bridge is gone; {view}");
    assert!(voiced_from(&view["legs"][0]["media"], &agent) >= FRAMES, "the counters stay: {view}");
}
