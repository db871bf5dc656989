//! The audio plans of calls with softphone legs, monitoring parties and
//! explicit matrices, without sockets; and the bridges following the plans
//! on a tokio runtime.

use std::net::{IpAddr, Ipv4Addr};

use serde_json::json;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::*;
use crate::calls::{Act, PhoneSignal, ScenarioError, Side};
use crate::sip::bridge::Matrix;
use crate::sip::invite::Ring;
use crate::sip::{MediaBoard, SipCommand, SipConn};

fn softphone_hub() -> Hub {
    let mut config = Config::dev();
    config.tenants[0].wrapup_seconds = 0;
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

/// Logs `agent` in on softphone `endpoint` and registers it; its SIP
/// connection's queue.
fn softphone(hub: &mut Hub, agent: &str, endpoint: &str, conn: u64) -> UnboundedReceiver<SipCommand> {
    let (tx, _rx) = unbounded_channel();
    let params = json!({ "tenantId": "t1", "agentNo": agent, "sessionKey": format!("dev-key-{agent}"),
        "bindEndpoint": { "endpointType": 3, "endpoint": endpoint }, "initialStatus": 1 });
    hub.request(&Conn::new(conn, tx), None, 1, "login", params, 0);
    let who = hub.sip_candidates(endpoint).pop().expect("logged in");
    let (tx, rx) = unbounded_channel();
    assert!(hub.sip_bind(&who.key, who.session, SipConn::new(conn + 100, tx), format!("sip:{endpoint}@x.invalid")));
    rx
}

/// A customer calls queue 1 at 10 ms.
fn inbound(hub: &mut Hub) -> String {
    super::tests::inbound(hub, 10).0
}

fn ring(sip: &mut UnboundedReceiver<SipCommand>) -> Ring {
    match sip.try_recv() {
        Ok(SipCommand::Ring(ring)) => ring,
        other => panic!("no ring: {other:?}"),
    }
}

/// An inbound call to agent 1001's softphone, answered over SIP: the
/// call's id, the customer's leg and the agent's.
fn answered_call(hub: &mut Hub, sip: &mut UnboundedReceiver<SipCommand>) -> (String, String, String) {
    let id = inbound(hub);
    let ring = ring(sip);
    hub.softphone_signal(&id, &ring.unique_id, PhoneSignal::Answered, 20);
    let customer = hub.call_view(&id).unwrap().legs[0].unique_id.clone();
    (id, customer, ring.unique_id)
}

#[test]
fn a_softphone_call_is_planned_as_a_tone_and_a_leg_hearing_each_other_once_up() {
    let mut hub = softphone_hub();
    assert!(hub.audio_plans().is_empty(), "no call, no plan");
    let mut sip = softphone(&mut hub, "1001", "8001", 1);
    let id = inbound(&mut hub);
    let ring = ring(&mut sip);
    let customer = hub.call_view(&id).unwrap().legs[0].unique_id.clone();
    let plan = &hub.audio_plans()[&id];
    assert_eq!(plan.tones, vec![(customer.clone(), 440.0)]);
    assert_eq!(plan.legs, vec![ring.unique_id.clone()]);
    assert_eq!(plan.matrix, Matrix::new(), "a ringing agent hears nothing and is not heard");

    hub.softphone_signal(&id, &ring.unique_id, PhoneSignal::Answered, 20);
    let plan = &hub.audio_plans()[&id];
    assert_eq!(plan.matrix, Matrix::everyone(&[&customer, &ring.unique_id]));

    hub.scenario_act(&id, Side::Customer, Act::Hangup, 30).0.unwrap();
    assert!(hub.audio_plans().is_empty(), "the call ended: no plan, so no bridge");
}

#[test]
fn an_emulated_phone_gets_no_plan() {
    let mut hub = softphone_hub();
    let (tx, _rx) = unbounded_channel();
    let params = json!({ "tenantId": "t1", "agentNo": "1001", "sessionKey": "dev-key-1001",
        "bindEndpoint": { "endpointType": 3, "endpoint": "8001" }, "initialStatus": 1 });
    hub.request(&Conn::new(1, tx), None, 1, "login", params, 0);
    let id = inbound(&mut hub);
    hub.scenario_act(&id, Side::Agent, Act::Answer, 20).0.unwrap();
    assert!(hub.audio_plans().is_empty(), "no leg rung over SIP: nothing to mix");
}

#[test]
fn an_explicit_matrix_names_the_calls_parties_and_holds_until_cleared() {
    let mut hub = softphone_hub();
    let mut sip = softphone(&mut hub, "1001", "8001", 1);
    let (id, customer, agent) = answered_call(&mut hub, &mut sip);

    let deaf = Matrix::new().with(&customer, &agent);
    hub.set_call_matrix(&id, Some(deaf.clone())).unwrap();
    assert_eq!(hub.audio_plans()[&id].matrix, deaf);

    let stranger = Matrix::new().with(&customer, "9.9");
    match hub.set_call_matrix(&id, Some(stranger)) {
        Err(ScenarioError::BadRequest(m)) => assert!(m.starts_with("matrix: '9.9' is not a leg"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(hub.audio_plans()[&id].matrix, deaf, "a refused matrix changes nothing");
    assert!(matches!(hub.set_call_matrix("1.1", None), Err(ScenarioError::NotFound(_))));

    hub.set_call_matrix(&id, None).unwrap();
    assert_eq!(hub.audio_plans()[&id].matrix, Matrix::everyone(&[&customer, &agent]));
}

#[test]
fn a_monitoring_party_is_rung_joins_deaf_and_silent_and_leaves_with_the_call() {
    let mut hub = softphone_hub();
    let mut agent_sip = softphone(&mut hub, "1001", "8001", 1);
    let (id, customer, agent) = answered_call(&mut hub, &mut agent_sip);
    let supervisor = AgentKey::new("t1", "0000");
    assert!(matches!(hub.add_monitor(&id, &supervisor, 30), Err(ScenarioError::Conflict(_))), "not logged in");
    let mut sup_sip = softphone(&mut hub, "0000", "8000", 2);
    assert!(matches!(hub.add_monitor("1.1", &supervisor, 30), Err(ScenarioError::NotFound(_))));

    let monitor = hub.add_monitor(&id, &supervisor, 30).unwrap();
    let rung = ring(&mut sup_sip);
    assert_eq!(
        (rung.main_unique_id.as_str(), rung.unique_id.as_str(), rung.user.as_str()),
        (id.as_str(), monitor.as_str(), "8000")
    );
    assert!(rung.auto_answer, "the supervisor asked for it: the softphone answers by itself");
    assert!(hub.call_view(&id).unwrap().legs.iter().all(|l| l.unique_id != monitor), "not a leg of the engine's call");
    let plan = &hub.audio_plans()[&id];
    assert_eq!(plan.legs, vec![agent.clone(), monitor.clone()]);
    assert!(plan.matrix.pairs().all(|(l, s)| l != monitor && s != monitor), "deaf and silent: {:?}", plan.matrix);

    // Spy: the supervisor hears both, nobody hears the supervisor.
    let spy = Matrix::everyone(&[&customer, &agent]).with(&monitor, &customer).with(&monitor, &agent);
    hub.set_call_matrix(&id, Some(spy.clone())).unwrap();
    assert_eq!(hub.audio_plans()[&id].matrix, spy);
    assert!(hub.softphone_signal(&id, &monitor, PhoneSignal::Answered, 40).is_empty());
    assert_eq!(hub.call_view(&id).unwrap().state, "talking", "the engine's call is untouched");

    hub.scenario_act(&id, Side::Customer, Act::Hangup, 50).0.unwrap();
    assert_eq!(sup_sip.try_recv().ok(), Some(SipCommand::End(monitor.clone())), "the call ended: so does monitoring");
    assert!(hub.audio_plans().is_empty());
    assert!(!hub.end_monitor(&monitor), "already gone");
}

#[test]
fn a_monitoring_party_that_hangs_up_or_is_ended_leaves_the_plan() {
    let mut hub = softphone_hub();
    let mut agent_sip = softphone(&mut hub, "1001", "8001", 1);
    let (id, _, agent) = answered_call(&mut hub, &mut agent_sip);
    let supervisor = AgentKey::new("t1", "0000");
    let mut sup_sip = softphone(&mut hub, "0000", "8000", 2);

    let first = hub.add_monitor(&id, &supervisor, 30).unwrap();
    ring(&mut sup_sip);
    hub.softphone_signal(&id, &first, PhoneSignal::HungUp, 40);
    assert_eq!(hub.audio_plans()[&id].legs, vec![agent.clone()]);
    assert!(sup_sip.try_recv().is_err(), "its own hang-up is not echoed back");

    let second = hub.add_monitor(&id, &supervisor, 50).unwrap();
    assert_ne!(first, second);
    ring(&mut sup_sip);
    assert!(hub.end_monitor(&second));
    assert_eq!(sup_sip.try_recv().ok(), Some(SipCommand::End(second)));
    assert_eq!(hub.audio_plans()[&id].legs, vec![agent.clone()]);

    // A supervisor whose softphone unregisters leaves with it.
    let third = hub.add_monitor(&id, &supervisor, 60).unwrap();
    ring(&mut sup_sip);
    hub.sip_unbind(&supervisor, 102);
    assert_eq!(sup_sip.try_recv().ok(), Some(SipCommand::End(third)));
    assert_eq!(hub.audio_plans()[&id].legs, vec![agent]);
}

#[tokio::test]
async fn the_bridges_follow_the_plans() {
    let mut hub = softphone_hub();
    let board = Arc::new(MediaBoard::default());
    let bridges = Arc::new(Bridges::new(board.clone()));
    hub.set_bridges(bridges.clone());
    let mut sip = softphone(&mut hub, "1001", "8001", 1);
    let id = inbound(&mut hub);
    let rung = ring(&mut sip);
    assert_eq!(bridges.calls(), vec![id.clone()], "opened before the ring went out");
    let ip = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let counters = crate::sip::media::MediaCounters::new(std::time::Instant::now());
    let (peer, offer) = bridges.offer_leg(&id, &rung.unique_id, ip, counters).unwrap();
    assert!(offer.contains("m=audio"));
    let customer = hub.call_view(&id).unwrap().legs[0].unique_id.clone();
    let parties: Vec<String> = bridges.view(&id).unwrap().parties.into_keys().collect();
    assert_eq!(parties.len(), 2, "{parties:?}");
    assert!(board.view(&customer).is_some(), "the customer's counters are shown");

    hub.softphone_signal(&id, &rung.unique_id, PhoneSignal::Answered, 20);
    assert_eq!(bridges.matrix(&id), Some(Matrix::everyone(&[&customer, &rung.unique_id])));
    let deaf = Matrix::new().with(&customer, &rung.unique_id);
    hub.set_call_matrix(&id, Some(deaf.clone())).unwrap();
    assert_eq!(hub.call_audio(&id).map(|a| a.matrix), Some(deaf));

    drop(peer);
    assert_eq!(bridges.view(&id).unwrap().parties.len(), 1, "an ended leg's peer leaves the bridge");
    hub.scenario_act(&id, Side::Customer, Act::Hangup, 30).0.unwrap();
    assert!(bridges.calls().is_empty(), "the call ended: its bridge is dropped");
    assert!(hub.call_audio(&id).is_none());
    assert!(bridges.offer_leg(&id, "x", ip, crate::sip::media::MediaCounters::new(std::time::Instant::now())).is_err());
}

#[test]
fn a_monitored_calls_matrix_is_its_modes_not_everyones() {
    use crate::calls::{AudioPlan, PlanLeg, Role};
    let leg = |id: &str, role| PlanLeg { unique_id: id.into(), role };
    let pair = |l: &str, s: &str| (l.to_string(), s.to_string());
    let mut plan = AudioPlan {
        main_unique_id: "c".into(),
        legs: vec![leg("a", Role::Agent), leg("c", Role::Customer)],
        hears: vec![pair("a", "c"), pair("c", "a")],
    };
    assert_eq!(super::audio::monitoring_matrix(&plan), None, "no supervisor: the default applies");
    // Spy, as the engine plans it.
    plan.legs.push(leg("s", Role::Supervisor));
    plan.hears.extend([pair("s", "a"), pair("s", "c")]);
    let m = super::audio::monitoring_matrix(&plan).expect("a supervisor's matrix");
    assert!(m.hears("s", "a") && m.hears("s", "c") && m.hears("a", "c") && m.hears("c", "a"));
    assert!(!m.hears("a", "s") && !m.hears("c", "s"), "nobody hears a spy");
}
