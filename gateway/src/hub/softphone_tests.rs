//! The hub keeping SIP in step with the engine, without sockets: what
//! reaches a SIP connection's queue when calls ring and end.

use std::net::{IpAddr, Ipv4Addr};

use serde_json::json;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::*;
use crate::calls::{Act, PhoneSignal, ScenarioError, Side};
use crate::sip::{SipCommand, SipConn};

fn softphone_hub(config: Config) -> Hub {
    let mut hub = Hub::new(Arc::new(config));
    hub.set_softphone(Softphone {
        authority: "127.0.0.1:8080".into(),
        domain: "127.0.0.1".into(),
        stun: "stun:127.0.0.1:8080".into(),
        media_ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
        proxy_url: None,
    });
    hub
}

/// Logs `agent` in on softphone 8001; the login response.
fn login(hub: &mut Hub, agent: &str) -> Value {
    let (tx, mut rx) = unbounded_channel();
    let conn = Conn::new(1, tx).with_host(Some("localhost:9000".into()));
    let params = json!({ "tenantId": "t1", "agentNo": agent, "sessionKey": format!("dev-key-{agent}"),
        "bindEndpoint": { "endpointType": 3, "endpoint": "8001" }, "initialStatus": 1 });
    hub.request(&conn, None, 1, "login", params, 0);
    match rx.try_recv() {
        Ok(crate::session::Outbound::Text(t)) => serde_json::from_str(&t).unwrap(),
        other => panic!("{other:?}"),
    }
}

fn register(hub: &mut Hub) -> UnboundedReceiver<SipCommand> {
    let candidates = hub.sip_candidates("8001");
    assert_eq!(candidates.len(), 1);
    let (tx, rx) = unbounded_channel();
    let who = &candidates[0];
    assert!(hub.sip_bind(&who.key, who.session, SipConn::new(50, tx), "sip:8001@x.invalid;transport=ws".into()));
    rx
}

/// A customer calls queue 1 at 10 ms.
fn inbound(hub: &mut Hub) -> String {
    super::tests::inbound(hub, 10).0
}

#[test]
fn softphone_logins_carry_the_sip_fields() {
    let mut hub = softphone_hub(Config::dev());
    let r = login(&mut hub, "1001");
    assert_eq!(r["webrtcSocketUrl"], "ws://localhost:9000/v1/sip/ws");
    assert_eq!((r["webrtcStunServer"].as_str(), r["sipIp"].as_str()), (Some("stun:127.0.0.1:8080"), Some("127.0.0.1")));
    let candidates = hub.sip_candidates("8001");
    assert_eq!(r["sipPwd"].as_str(), Some(candidates[0].password.as_str()));
    assert!(hub.sip_candidates("8002").is_empty());
}

#[test]
fn a_registered_softphone_is_rung_and_hung_up_over_sip() {
    let mut config = Config::dev();
    config.tenants[0].wrapup_seconds = 0;
    let mut hub = softphone_hub(config);
    login(&mut hub, "1001");
    let mut sip = register(&mut hub);
    let id = inbound(&mut hub);
    let ring = match sip.try_recv() {
        Ok(SipCommand::Ring(ring)) => ring,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (ring.main_unique_id.as_str(), ring.user.as_str(), ring.caller.as_str()),
        (id.as_str(), "8001", "13800138000")
    );
    assert_eq!(ring.contact, "sip:8001@x.invalid;transport=ws");

    let (refused, _) = hub.scenario_act(&id, Side::Agent, Act::Answer, 20);
    assert!(matches!(refused, Err(ScenarioError::Conflict(_))), "{refused:?}");
    hub.softphone_signal(&id, &ring.unique_id, PhoneSignal::Answered, 30);
    assert_eq!(hub.call_view(&id).unwrap().state, "talking");
    assert!(sip.try_recv().is_err(), "nothing more for the softphone");

    hub.scenario_act(&id, Side::Customer, Act::Hangup, 40).0.unwrap();
    assert_eq!(sip.try_recv().ok(), Some(SipCommand::End(ring.unique_id.clone())));

    // The softphone's own hang-up is not echoed back to it.
    let id = inbound(&mut hub);
    let Ok(SipCommand::Ring(ring)) = sip.try_recv() else { panic!("no ring") };
    hub.softphone_signal(&id, &ring.unique_id, PhoneSignal::Failed("busy".into()), 50);
    assert!(sip.try_recv().is_err());
    let view = hub.call_view(&id).unwrap();
    assert_eq!(view.legs.last().and_then(|l| l.end_cause.as_deref()), Some("busy"));
}

#[test]
fn without_a_registration_a_softphone_is_emulated_or_unreachable() {
    let mut hub = softphone_hub(Config::dev());
    login(&mut hub, "1001");
    let id = inbound(&mut hub);
    assert_eq!(hub.call_view(&id).unwrap().state, "offering", "emulated: it rings until the scenario answers");
    hub.scenario_act(&id, Side::Agent, Act::Answer, 20).0.unwrap();

    let mut config = Config::dev();
    config.tenants[0].calls.softphone_requires_registration = true;
    let mut hub = softphone_hub(config);
    login(&mut hub, "1001");
    let id = inbound(&mut hub);
    let view = hub.call_view(&id).unwrap();
    assert_eq!(view.state, "queued");
    assert_eq!(view.legs.last().and_then(|l| l.end_cause.as_deref()), Some("unreachable"));
}
