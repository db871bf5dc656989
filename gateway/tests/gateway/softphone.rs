//! Softphones over SIP: login fields, the registrar, and calls rung,
//! answered, cancelled and hung up over the SIP WebSocket with real WebRTC
//! media, the softphone being the SDK's own SIP user agent with a str0m
//! peer as its browser.

use std::time::Duration;

use agent_gateway::{Config, StaticDirs};
use agent_sdk::sip::{Command, Event};
use serde_json::{json, Value};
use tokio::net::UdpSocket;

use crate::phone::{counters, exchange, sip_socket, until_media, Phone};
use crate::support::{http, login_params, Client, Server, WAIT};

/// Logs `agent` in on softphone `endpoint`; the client and the response.
pub(crate) async fn softphone_login(server: &Server, agent: &str, endpoint: &str) -> (Client, Value) {
    let mut c = server.client().await;
    let mut params = login_params("t1", agent, 1);
    params["bindEndpoint"] = json!({ "endpointType": 3, "endpoint": endpoint });
    let r = c.request("login", params).await;
    assert_eq!(r["code"], 0, "{r}");
    assert_eq!(c.recv().await["eventType"], "agentStatus");
    (c, r)
}

/// A registered softphone for `login`.
pub(crate) async fn registered(server: &Server, endpoint: &str, login: &Value) -> Phone {
    let mut phone = Phone::connect(server.addr, endpoint, login).await;
    let outcome = phone.register().await;
    assert!(matches!(outcome, Event::Registered { expires: 600, .. }), "{outcome:?}");
    phone
}

pub(crate) fn no_wrapup() -> Config {
    let mut config = Config::dev();
    config.tenants[0].wrapup_seconds = 0;
    config
}

fn sip_request(method: &str, call_id: &str) -> String {
    format!(
        "{method} sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS x.invalid;branch=z9hG4bK{call_id}\r\nMax-Forwards: 70\r\n\
         From: <sip:8001@127.0.0.1>;tag=a1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: {call_id}\r\nCSeq: 1 {method}\r\n\
         Content-Length: 0\r\n\r\n"
    )
}

/// The media the gateway shows for leg `leg` of call `id`.
pub(crate) async fn gateway_media(server: &Server, id: &str, leg: &str) -> Value {
    let call = server.call(id).await;
    let legs = call["legs"].as_array().cloned().unwrap_or_default();
    legs.into_iter().find(|l| l["uniqueId"] == leg).map(|l| l["media"].clone()).unwrap_or(Value::Null)
}

/// Waits until the gateway's media for the leg passes `check`.
pub(crate) async fn until_gateway_media(server: &Server, id: &str, leg: &str, check: impl Fn(&Value) -> bool) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let media = gateway_media(server, id, leg).await;
        if check(&media) {
            return media;
        }
        assert!(tokio::time::Instant::now() < deadline, "gateway media not reached within 5 s: {media}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub(crate) fn count(media: &Value, field: &str) -> u64 {
    media[field].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn softphone_logins_learn_where_to_register_and_the_stun_server_answers() {
    let server = Server::start().await;
    let (_a, r) = softphone_login(&server, "1001", "8001").await;
    assert_eq!(r["webrtcSocketUrl"], format!("ws://{}/v1/sip/ws", server.addr));
    assert_eq!(r["sipIp"], "127.0.0.1");
    assert_eq!(r["sipPwd"].as_str().map(str::len), Some(64));
    let stun = r["webrtcStunServer"].as_str().unwrap().strip_prefix("stun:").unwrap();

    let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
    let mut request = vec![0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42];
    request.extend_from_slice(b"transaction1");
    socket.send_to(&request, stun).await.unwrap();
    let mut buf = [0u8; 100];
    let (n, _) = tokio::time::timeout(WAIT, socket.recv_from(&mut buf)).await.expect("no STUN answer").unwrap();
    let port = socket.local_addr().unwrap().port() ^ 0x2112;
    assert_eq!(&buf[..2], &[0x01, 0x01]);
    assert_eq!(&buf[8..20], b"transaction1");
    assert_eq!(&buf[26..n - 4], &port.to_be_bytes());

    let mut desk = server.client().await;
    let r = desk.request("login", login_params("t1", "1002", 1)).await;
    assert_eq!(r["code"], 0);
    for field in ["webrtcSocketUrl", "webrtcStunServer", "sipPwd", "sipIp"] {
        assert!(r.get(field).is_none(), "a desk phone login has no {field}: {r}");
    }

    // RFC 7118: no `sip` subprotocol, no SIP WebSocket.
    let url = format!("ws://{}/v1/sip/ws", server.addr);
    assert!(tokio_tungstenite::connect_async(url).await.is_err());
}

#[tokio::test]
async fn the_registrar_challenges_binds_refuses_and_unbinds() {
    let mut config = Config::dev();
    config.timing.sip_nonce_lifetime_ms = 300;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (_a, r) = softphone_login(&server, "1001", "8001").await;

    let mut wrong = Phone::with_password(server.addr, "8001", "127.0.0.1", "not-the-password").await;
    let outcome = wrong.register().await;
    assert!(matches!(outcome, Event::RegistrationFailed { code: 403, .. }), "{outcome:?}");
    assert!(wrong.received[0].starts_with("SIP/2.0 401 "), "{:?}", wrong.received);
    assert!(wrong.received[1].starts_with("SIP/2.0 403 "), "{:?}", wrong.received);
    let mut stranger = Phone::with_password(server.addr, "8009", "127.0.0.1", r["sipPwd"].as_str().unwrap()).await;
    assert!(matches!(stranger.register().await, Event::RegistrationFailed { code: 403, .. }));

    let mut phone = registered(&server, "8001", &r).await;
    assert!(phone.received[0].starts_with("SIP/2.0 401 ") && phone.received[0].contains("qop=\"auth\""));
    let ok = phone.last_received("SIP/2.0 200 ").unwrap();
    assert!(ok.contains(".invalid;transport=ws>") && ok.contains(";expires=600"), "{ok}");

    // The nonce lives 300 ms: this wait makes the next REGISTER's stale.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let outcome = phone.register().await;
    assert!(matches!(outcome, Event::Registered { .. }), "{outcome:?}");
    assert!(phone.received.iter().any(|f| f.starts_with("SIP/2.0 401 ") && f.contains("stale=true")));

    let ws = phone.socket();
    assert!(exchange(ws, &sip_request("OPTIONS", "o1")).await.starts_with("SIP/2.0 200 "));
    assert!(exchange(ws, &sip_request("SUBSCRIBE", "s1")).await.starts_with("SIP/2.0 405 "));
    assert!(exchange(ws, &sip_request("FROBNICATE", "f1")).await.starts_with("SIP/2.0 501 "));
    assert!(exchange(ws, &sip_request("BYE", "b1")).await.starts_with("SIP/2.0 481 "));
    let broken = sip_request("OPTIONS", "x1").replace("CSeq: 1 OPTIONS", "CSeq: one");
    assert!(exchange(ws, &broken).await.starts_with("SIP/2.0 400 "));
    // Frames that are not SIP at all get nothing, and the socket lives on.
    for junk in ["", "\r\n\r\n", "hello", "SIP/2.0 200 OK\r\n\r\n", "INVITE\r\n\r\n"] {
        use futures_util::SinkExt;
        ws.send(tokio_tungstenite::tungstenite::Message::text(junk)).await.unwrap();
    }
    assert!(exchange(ws, &sip_request("OPTIONS", "o2")).await.starts_with("SIP/2.0 200 "));

    phone.command(Command::Unregister).await;
    phone.until("the un-REGISTER", |e| matches!(e, Event::Unregistered)).await;
    assert!(phone.received.last().is_some_and(|f| f.starts_with("SIP/2.0 200 ")));
}

#[tokio::test]
async fn an_inbound_call_rings_the_softphone_carries_audio_both_ways_and_the_customer_hangs_up() {
    let server = Server::start_with(no_wrapup(), StaticDirs::default()).await;
    let (mut a, r) = softphone_login(&server, "1001", "8001").await;
    let mut phone = registered(&server, "8001", &r).await;

    let id = server.inbound("02150001234", "1").await;
    let f = a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let leg = f[0]["status"]["uniqueId"].as_str().unwrap().to_string();
    let offer = phone.incoming().await;
    let invite = phone.last_received("INVITE ").unwrap();
    assert!(invite.contains(&format!("X-Unique-Id: {leg}\r\n")), "{invite}");
    assert!(invite.contains(&format!("X-Main-Unique-Id: {id}\r\n")), "{invite}");
    assert!(invite.contains("From: \"02150001234\" <sip:02150001234@127.0.0.1>"), "{invite}");
    assert!(offer.contains("opus/48000") && offer.contains("a=fingerprint:"), "{offer}");
    assert!(offer.contains("\r\nc=IN IP4 127.0.0.1\r\n") && !offer.contains("0.0.0.0"), "not a hold: {offer}");

    // A registered softphone answers for itself.
    let path = format!("/v1/scenario/calls/{id}/answer");
    let (status, _) = http(server.addr, "POST", &path, Some(json!({ "party": "agent" }))).await;
    assert_eq!(status, 409);

    phone.answer(&offer).await;
    a.expect(&["agentStatus talking"]).await;

    let at_phone = counters(&phone);
    let heard =
        until_media("the gateway's tone at the phone", || at_phone.view(), |m| m.voiced_frames_received >= 20).await;
    assert!(heard.packets_received >= 20 && heard.bytes_received > 20 * 10, "{heard:?}");
    let media = until_gateway_media(&server, &id, &leg, |m| count(m, "voicedFramesReceived") >= 20).await;
    assert!(count(&media, "packetsReceived") >= 20 && count(&media, "packetsSent") >= 20, "{media}");
    assert!(count(&media, "bytesReceived") > 20 * 10 && media["lastPacketMs"].is_u64(), "{media}");
    // 20 packets or more, 20 ms apart: the first came well before the last.
    assert!(
        media["firstPacketMs"].is_u64() && count(&media, "firstPacketMs") < count(&media, "lastPacketMs"),
        "{media}"
    );
    assert!(phone.media_view().packets_sent >= count(&media, "packetsReceived"));

    server.act(&id, "hangup", "customer").await;
    let ended = phone.until("the BYE", |e| matches!(e, Event::CallEnded { .. })).await;
    assert!(matches!(ended, Event::CallEnded { by_remote: true, .. }), "{ended:?}");
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let view = server.call(&id).await;
    assert_eq!((view["state"].as_str(), view["endReason"].as_str()), (Some("ended"), Some("customerHangup")));
}

#[tokio::test]
async fn the_softphone_hangs_up_declines_and_is_cancelled_while_ringing() {
    let server = Server::start_with(no_wrapup(), StaticDirs::default()).await;
    let (mut a, r) = softphone_login(&server, "1001", "8001").await;
    let mut phone = registered(&server, "8001", &r).await;

    // The agent hangs up on the softphone: BYE from the browser.
    let id = server.inbound("13800138000", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let offer = phone.incoming().await;
    phone.answer(&offer).await;
    a.expect(&["agentStatus talking"]).await;
    phone.command(Command::Hangup).await;
    phone.until("our BYE's end", |e| matches!(e, Event::CallEnded { by_remote: false, .. })).await;
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let view = server.call(&id).await;
    assert_eq!(view["endReason"], "agentHangup", "{view}");

    // The customer gives up while the softphone rings: CANCEL.
    let id = server.inbound("13800138001", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    phone.incoming().await;
    server.act(&id, "hangup", "customer").await;
    let cancelled = phone.until("the CANCEL", |e| matches!(e, Event::CallCancelled { .. })).await;
    assert!(matches!(cancelled, Event::CallCancelled { .. }));
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;

    // The softphone declines as busy: the offer fails and the call waits
    // in the queue for another agent.
    let id = server.inbound("13800138002", "1").await;
    let f = a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let leg = f[0]["status"]["uniqueId"].as_str().unwrap().to_string();
    phone.incoming().await;
    phone.command(Command::Decline { code: 486 }).await;
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let view = server.call(&id).await;
    assert_eq!(view["state"], "queued", "{view}");
    let declined = view["legs"].as_array().unwrap().iter().find(|l| l["uniqueId"] == leg.as_str()).unwrap();
    assert_eq!(declined["endCause"], "busy", "{view}");
    a.expect_quiet().await;
}

#[tokio::test]
async fn a_preview_call_rings_the_agents_softphone_and_waits_for_its_answer() {
    let mut config = no_wrapup();
    // Without a registration this would answer the agent's phone at once.
    config.tenants[0].calls.agent_auto_answer_ms.softphone = Some(20);
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut a, r) = softphone_login(&server, "0001", "8001").await;
    let mut phone = registered(&server, "8001", &r).await;

    assert_eq!(a.request("previewObCall", json!({ "customerNumber": "13800138000" })).await["code"], 0);
    let id = a.expect(&["agentStatus calling"]).await[0]["status"]["mainUniqueId"].as_str().unwrap().to_string();
    let offer = phone.incoming().await;
    assert!(phone.last_received("INVITE ").unwrap().contains("X-Call-Type: 4\r\n"));
    // Five times the auto-answer delay: nothing answered for the phone.
    tokio::time::sleep(Duration::from_millis(100)).await;
    a.expect_quiet().await;
    assert_eq!(server.call(&id).await["state"], "dialling");

    phone.answer(&offer).await;
    a.expect(&["sessionInit", "previewObCallStart", "previewObCallRinging"]).await;
    server.act(&id, "answer", "customer").await;
    a.expect(&["agentStatus talking", "previewObCallBridge", "previewObCallResult"]).await;
    let at_phone = counters(&phone);
    until_media("the tone at the phone", || at_phone.view(), |m| m.voiced_frames_received >= 5).await;

    assert_eq!(a.request("unlink", json!({})).await["code"], 0);
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let ended = phone.until("the BYE", |e| matches!(e, Event::CallEnded { .. })).await;
    assert!(matches!(ended, Event::CallEnded { by_remote: true, .. }), "{ended:?}");
}

#[tokio::test]
async fn an_unregistered_softphone_is_unreachable_when_registration_is_required() {
    let mut config = no_wrapup();
    config.tenants[0].calls.softphone_requires_registration = true;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (mut a, r) = softphone_login(&server, "1001", "8001").await;

    let id = server.inbound("13800138000", "1").await;
    let f = a.expect(&["agentStatus ringing", "sessionInit", "ringing", "agentStatus idle", "sessionTerminate"]).await;
    let leg = f[0]["status"]["uniqueId"].as_str().unwrap().to_string();
    let view = server.call(&id).await;
    let unreachable = view["legs"].as_array().unwrap().iter().find(|l| l["uniqueId"] == leg.as_str()).unwrap();
    assert_eq!((view["state"].as_str(), unreachable["endCause"].as_str()), (Some("queued"), Some("unreachable")));

    // Once registered, the next call rings over SIP; a dropped SIP
    // connection takes the registration and the ringing call with it.
    let mut phone = registered(&server, "8001", &r).await;
    let id = server.inbound("13800138001", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    phone.incoming().await;
    drop(phone);
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    let view = server.call(&id).await;
    assert_eq!(view["legs"].as_array().unwrap().last().unwrap()["endCause"], "unreachable", "{view}");

    // A socket that never registered has nothing to do with the agent.
    let _idle = sip_socket(server.addr).await;
    server.inbound("13800138002", "1").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing", "agentStatus idle", "sessionTerminate"]).await;
}

#[tokio::test]
async fn internal_calls_and_consults_ring_a_softphone_target_over_sip() {
    let server = Server::start_with(no_wrapup(), StaticDirs::default()).await;
    let (mut a, _) = server.login("1011").await;
    let (mut b, r) = softphone_login(&server, "1001", "8001").await;
    let mut phone = registered(&server, "8001", &r).await;

    // An internal call from a desk phone to the softphone agent.
    assert_eq!(a.request("InternalCall", json!({ "targetType": 0, "target": "1001" })).await["code"], 0);
    let id = a.expect(&["agentStatus calling"]).await[0]["status"]["mainUniqueId"].as_str().unwrap().to_string();
    server.act(&id, "answer", "agent").await;
    a.expect(&["sessionInit"]).await;
    b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let offer = phone.incoming().await;
    let invite = phone.last_received("INVITE ").unwrap();
    assert!(invite.contains("X-Call-Type: 9\r\n") && invite.contains("From: \"1011\" <sip:1011@"), "{invite}");
    phone.answer(&offer).await;
    b.expect(&["agentStatus talking"]).await;
    a.expect(&["agentStatus talking"]).await;
    assert_eq!(a.request("unlink", json!({})).await["code"], 0);
    a.expect(&["agentStatus idle", "sessionTerminate"]).await;
    b.expect(&["agentStatus idle", "sessionTerminate"]).await;
    phone.until("the BYE", |e| matches!(e, Event::CallEnded { by_remote: true, .. })).await;

    // A consult to the softphone agent, completed: the customer stays with
    // it until the customer hangs up.
    let id = server.inbound("13800138000", "2").await;
    a.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    server.act(&id, "answer", "agent").await;
    a.expect(&["agentStatus talking"]).await;
    assert_eq!(a.request("startAtxfer", json!({ "targetType": 1, "target": "1001" })).await["code"], 0);
    a.expect(&["atxferStart"]).await;
    b.expect(&["agentStatus ringing", "sessionInit", "ringing"]).await;
    let offer = phone.incoming().await;
    phone.answer(&offer).await;
    b.expect(&["agentStatus talking"]).await;
    a.expect(&["atxferLink"]).await;
    assert_eq!(a.request("completeAtxfer", json!({})).await["code"], 0);
    a.expect(&["agentStatus idle", "sessionTerminate", "completeAtxferResult"]).await;
    assert_eq!(server.call(&id).await["agentNo"], "1001");
    server.act(&id, "hangup", "customer").await;
    b.expect(&["agentStatus idle", "sessionTerminate"]).await;
    phone.until("the BYE", |e| matches!(e, Event::CallEnded { by_remote: true, .. })).await;
}

#[tokio::test]
async fn the_sip_socket_survives_mangled_frames() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    let server = Server::start().await;
    let (_a, _r) = softphone_login(&server, "1001", "8001").await;
    let mut ws = sip_socket(server.addr).await;
    let register =
        "REGISTER sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/WS m.invalid;branch=z9hG4bKm1\r\nMax-Forwards: 70\r\n\
        From: <sip:8001@127.0.0.1>;tag=m1\r\nTo: <sip:8001@127.0.0.1>\r\nCall-ID: m1\r\nCSeq: 1 REGISTER\r\n\
        Contact: <sip:8001@m.invalid;transport=ws>;expires=600\r\nAuthorization: Digest username=\"8001\", \
        realm=\"127.0.0.1\", nonce=\"00\", uri=\"sip:127.0.0.1\", response=\"0123456789abcdef0123456789abcdef\", \
        qop=auth, nc=00000001, cnonce=\"c\"\r\nContent-Length: 0\r\n\r\n";
    let bytes = register.as_bytes();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for i in 0..400 {
        let mut frame = bytes.to_vec();
        if i % 2 == 0 {
            frame.truncate(i % bytes.len());
        } else {
            // xorshift: a fixed sequence of byte flips.
            for _ in 0..1 + i % 4 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let at = (state % frame.len() as u64) as usize;
                frame[at] = (state >> 32) as u8;
            }
        }
        ws.send(Message::binary(frame)).await.unwrap();
    }
    ws.send(Message::text(sip_request("OPTIONS", "final"))).await.unwrap();
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next()).await.expect("the socket went quiet").unwrap().unwrap();
        if let Message::Text(text) = frame {
            if text.contains("Call-ID: final\r\n") {
                assert!(text.starts_with("SIP/2.0 200 "), "{text}");
                break;
            }
        }
    }
}

#[tokio::test]
async fn a_sip_socket_with_nothing_registered_is_closed_when_idle() {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;

    let mut config = Config::dev();
    config.timing.idle_timeout_ms = 200;
    let server = Server::start_with(config, StaticDirs::default()).await;
    let (_a, r) = softphone_login(&server, "1001", "8001").await;
    let mut idle = sip_socket(server.addr).await;
    let mut phone = registered(&server, "8001", &r).await;
    let closed = tokio::time::timeout(WAIT, idle.next()).await.expect("the idle socket stayed open");
    match closed {
        Some(Ok(Message::Close(Some(frame)))) => assert_eq!(u16::from(frame.code), 1001),
        other => panic!("expected a close frame, got {other:?}"),
    }
    // Registered, a socket stays however long it is quiet: past the idle
    // time again, it still answers.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(matches!(phone.register().await, Event::Registered { .. }));
}
