//! Queue calls: offer order, answer, hang-ups, wrap-up, reject, ring
//! timeout, waiting, abandon.

use super::*;

#[test]
fn a_queue_call_rings_the_agent_idle_longest_and_connects() {
    let mut d = Desk::new();
    d.login("1001");
    d.login("1002");
    let id = d.inbound("02150001234", "1");
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(lines, ["1001 agentStatus ringing/ring/3", "1001 sessionInit", "1001 ringing"]);
    let status = &pushes[0]["status"];
    let view = d.view(&id);
    let agent_leg = &view.legs[1];
    assert_eq!(status["callType"], 1);
    assert_eq!(status["uniqueId"], agent_leg.unique_id.as_str());
    assert_eq!(status["mainUniqueId"], id.as_str());
    assert_eq!(view.legs[0].unique_id, id, "the customer's leg came first");
    let ringing = find(&pushes, "ringing");
    assert_eq!(ringing["channel"], "SIP/8001-00000002");
    assert_eq!(
        (ringing["customerNumber"].as_str(), ringing["customerAreaCode"].as_str(), ringing["queueNo"].as_str()),
        (Some("02150001234"), Some("021"), Some("1"))
    );
    assert_eq!(
        (ringing["hotline"].as_str(), ringing["numberTrunk"].as_str()),
        (Some("4008001000"), Some("4008001000"))
    );
    assert!(ringing.get("subCallType").is_none());
    let init = find(&pushes, "sessionInit");
    assert_eq!((init["callType"].as_i64(), init["uniqueId"].as_str()), (Some(1), Some(agent_leg.unique_id.as_str())));
    assert_eq!(view.state, "offering");

    d.act(&id, Side::Agent, Act::Answer);
    assert_eq!(d.lines(), ["1001 agentStatus talking/answer/4"]);
    assert_eq!(d.view(&id).state, "talking");

    d.act(&id, Side::Customer, Act::Hangup);
    let pushes = d.pushes();
    assert_eq!(
        pushes.iter().map(line).collect::<Vec<_>>(),
        ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate"]
    );
    let terminate = &pushes[1];
    assert_eq!((terminate["callType"].as_i64(), terminate["mainUniqueId"].as_str()), (Some(1), Some(id.as_str())));
    assert!(terminate.get("reason").is_none());
    assert!(pushes[0]["status"].get("uniqueId").is_none(), "no call in wrap-up");
    let view = d.view(&id);
    assert_eq!((view.state, view.end_reason.as_deref()), ("ended", Some("customerHangup")));

    d.advance(29_999);
    assert!(d.lines().is_empty());
    d.advance(1);
    assert_eq!(d.lines(), ["1001 agentStatus idle/wrapupEnd/0"]);
}

#[test]
fn the_agent_hangs_up_with_unlink_either_side() {
    let mut d = Desk::new();
    d.login("1001");
    for side in [1, 2] {
        let id = d.inbound("13800138000", "1");
        d.act(&id, Side::Agent, Act::Answer);
        d.pushes();
        d.ok("1001", "unlink", json!({ "side": side }));
        assert_eq!(d.lines(), ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate"]);
        let reason = if side == 1 { "agentHangup" } else { "customerHangup" };
        assert_eq!(d.view(&id).end_reason.as_deref(), Some(reason));
        assert_eq!(d.refused("1001", "unlink", json!({})), 20006);
        d.advance(30_000);
        d.pushes();
    }
}

#[test]
fn reject_and_ring_timeout_move_the_call_to_the_next_agent() {
    let mut d = Desk::new();
    d.login("1001");
    d.login("1002");
    d.login("1003");
    let id = d.inbound("13800138000", "1");
    d.pushes();
    assert_eq!(d.refused("1002", "reject", json!({})), 20006, "1002's phone is not ringing");
    d.ok("1001", "reject", json!({ "description": "busy" }));
    assert_eq!(
        d.lines(),
        [
            "1001 agentStatus idle/hangup/0",
            "1001 sessionTerminate",
            "1002 agentStatus ringing/ring/3",
            "1002 sessionInit",
            "1002 ringing"
        ]
    );
    d.advance(29_999);
    assert!(d.lines().is_empty());
    d.advance(1);
    let lines = d.lines();
    assert_eq!(lines[..2], ["1002 agentStatus idle/hangup/0", "1002 sessionTerminate"]);
    assert_eq!(lines[2], "1003 agentStatus ringing/ring/3");
    let view = d.view(&id);
    assert_eq!(view.rejects, ["1001: busy"]);
    let causes: Vec<_> = view.legs.iter().filter_map(|l| l.end_cause.as_deref()).collect();
    assert_eq!(causes, ["rejected", "noAnswer"]);

    // Nobody left who has not had it: the call waits, even with 1001 idle.
    d.ok("1003", "reject", json!({}));
    d.pushes();
    assert_eq!(d.view(&id).state, "queued");
    d.login("1004");
    assert_eq!(d.lines()[0], "1004 agentStatus ringing/ring/3");
}

#[test]
fn a_call_waits_until_a_member_is_idle() {
    let mut d = Desk::new();
    let first = d.inbound("13800138001", "1");
    let second = d.inbound("13800138002", "1");
    assert!(d.lines().is_empty());
    assert_eq!(d.view(&first).state, "queued");
    d.login("1011");
    assert!(d.lines().is_empty(), "1011 is in queue 2 only");
    d.login("1001");
    let pushes = d.pushes();
    assert_eq!(find(&pushes, "ringing")["customerNumber"], "13800138001", "oldest call first");
    assert_eq!(d.view(&second).state, "queued");
}

#[test]
fn the_customer_may_abandon_while_queued_or_ringing() {
    let mut d = Desk::new();
    let queued = d.inbound("13800138000", "2");
    d.act(&queued, Side::Customer, Act::Hangup);
    assert_eq!(d.view(&queued).state, "ended");
    d.login("1011");
    assert!(d.lines().is_empty(), "an abandoned call is not offered");
    let ringing = d.inbound("13800138000", "2");
    d.pushes();
    d.act(&ringing, Side::Customer, Act::Hangup);
    assert_eq!(d.lines(), ["1011 agentStatus idle/hangup/0", "1011 sessionTerminate"]);
    let e = d.engine.act(&mut d.agents, &ringing, Side::Agent, Act::Answer, d.now).unwrap_err();
    assert_eq!(e, crate::calls::ScenarioError::Conflict("the call has ended".into()));
}

#[test]
fn scenario_inputs_are_checked() {
    use crate::calls::ScenarioError::*;
    let mut d = Desk::new();
    let mut inbound = |tenant: &str, queue: Option<&str>, number: &str| {
        let req = Inbound {
            tenant_id: tenant.into(),
            queue_no: queue.map(str::to_string),
            agent_no: None,
            customer_number: number.into(),
            hotline: None,
            chan_variables: None,
        };
        d.engine.inbound(&mut d.agents, req, 0)
    };
    assert!(matches!(inbound("t9", None, "123"), Err(NotFound(_))));
    assert!(matches!(inbound("t1", Some("9"), "123"), Err(NotFound(_))));
    assert!(matches!(inbound("t1", None, "12a"), Err(BadRequest(_))));
    let id = inbound("t1", None, "13800138000").unwrap();
    assert_eq!(d.view(&id).queue_no.as_deref(), Some("1"), "the first queue by default");
    let e = d.engine.act(&mut d.agents, &id, Side::Agent, Act::Answer, 0).unwrap_err();
    assert_eq!(e, Conflict("the call has no agent leg now".into()));
    let e = d.engine.act(&mut d.agents, &id, Side::Customer, Act::Answer, 0).unwrap_err();
    assert_eq!(e, Conflict("the customer leg is not ringing".into()));
    let e = d.engine.act(&mut d.agents, &id, Side::Customer, Act::Fail("lost".into()), 0).unwrap_err();
    assert!(matches!(e, BadRequest(_)));
    assert!(matches!(d.engine.act(&mut d.agents, "nope", Side::Customer, Act::Hangup, 0), Err(NotFound(_))));
}

#[test]
fn tenants_do_not_share_agents() {
    let mut d = Desk::new();
    let login = Login {
        tenant_id: "t2".into(),
        agent_no: "0001".into(),
        bind_endpoint: BindEndpoint { endpoint_type: 2, endpoint: "8001".into() },
        initial: InitialStatus::Idle,
        wrapup_ms: 0,
    };
    d.agents.0.insert(AgentKey::new("t2", "0001"), Agent::login(login, 0));
    d.inbound("13800138000", "1");
    assert!(d.lines().is_empty(), "t1's queue 1 lists 0001 of t1, not of t2");
    d.login("0001");
    assert_eq!(d.lines()[0], "0001 agentStatus ringing/ring/3");
    assert_eq!(d.pushes().len(), 0);
}

#[test]
fn an_agent_number_picks_that_agents_queue() {
    let mut d = Desk::new();
    let req = |agent: &str| Inbound {
        tenant_id: "t1".into(),
        queue_no: None,
        agent_no: Some(agent.into()),
        customer_number: "13800138000".into(),
        hotline: None,
        chan_variables: None,
    };
    let id = d.engine.inbound(&mut d.agents, req("1011"), 0).unwrap();
    assert_eq!(d.view(&id).queue_no.as_deref(), Some("2"));
    let unknown = d.engine.inbound(&mut d.agents, req("9999"), 0);
    assert!(matches!(unknown, Err(crate::calls::ScenarioError::NotFound(_))));
}
