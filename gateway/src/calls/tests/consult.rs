//! Consult: link, resume, cancel, complete, three-way, failures.

use super::*;

/// 1001 talks with a queue customer; 1002 is idle.
fn talking(d: &mut Desk) -> String {
    d.login("1001");
    let id = d.inbound("13800138000", "1");
    d.act(&id, Side::Agent, Act::Answer);
    d.login("1002");
    d.pushes();
    id
}

fn consult(d: &mut Desk, target_type: i64, target: &str) {
    d.ok("1001", "startAtxfer", json!({ "targetType": target_type, "target": target }));
}

fn customer_held(d: &Desk, id: &str) -> bool {
    d.view(id).legs[0].held
}

#[test]
fn consult_an_agent_then_resume() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    consult(&mut d, 1, "1002");
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(lines, ["1001 atxferStart", "1002 agentStatus ringing/ring/3", "1002 sessionInit", "1002 ringing"]);
    let view = d.view(&id);
    let start = &pushes[0];
    assert_eq!(
        (start["channel"].as_str(), start["destChannel"].as_str()),
        (Some(view.legs[1].channel.as_str()), Some(view.legs[2].channel.as_str()))
    );
    assert_eq!(
        (start["state"].as_str(), start["stateAction"].as_str(), start["mainUniqueId"].as_str()),
        (Some("talking"), Some("answer"), Some(id.as_str()))
    );
    let ringing = &pushes[3];
    assert_eq!((ringing["callType"].as_i64(), ringing["subCallType"].as_i64()), (Some(9), Some(102)));
    assert_eq!(ringing["customerNumber"], "13800138000");
    assert!(customer_held(&d, &id));
    assert_eq!((view.state, view.consult.as_ref().map(|c| c.state)), ("consulting", Some("ringing")));

    d.act(&id, Side::Target, Act::Answer);
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["1002 agentStatus talking/answer/4", "1001 atxferLink"]);
    let link = &pushes[1];
    assert_eq!((link["target"].as_str(), link["targetType"].as_i64()), (Some("1002"), Some(1)));
    assert_eq!(link["channel"], d.view(&id).legs[2].channel.as_str());
    assert_eq!(d.refused("1001", "cancelAtxfer", no_params()), 20006);
    assert_eq!(d.refused("1001", "hold", no_params()), 20006);

    d.ok("1001", "resumeAtxfer", no_params());
    assert_eq!(d.lines(), ["1002 agentStatus idle/hangup/0", "1002 sessionTerminate", "1001 atxferEnded side=1"]);
    assert!(!customer_held(&d, &id));
    assert_eq!(d.view(&id).state, "talking");
    assert_eq!(d.refused("1001", "resumeAtxfer", no_params()), 20006);
}

#[test]
fn cancel_before_the_target_answers_keeps_an_earlier_hold() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.ok("1001", "hold", no_params());
    consult(&mut d, 1, "1002");
    d.pushes();
    assert_eq!(d.refused("1001", "resumeAtxfer", no_params()), 20006);
    assert_eq!(d.refused("1001", "completeAtxfer", no_params()), 20006);
    assert_eq!(d.refused("1001", "threewayAtxfer", no_params()), 20006);
    assert_eq!(d.refused("1001", "startAtxfer", json!({ "targetType": 0, "target": "13700000000" })), 20006);
    d.ok("1001", "cancelAtxfer", no_params());
    assert_eq!(d.lines(), ["1002 agentStatus idle/hangup/0", "1002 sessionTerminate", "1001 atxferEnded side=1"]);
    assert!(customer_held(&d, &id), "held before the consult, held after");
    assert_eq!(d.refused("1001", "cancelAtxfer", no_params()), 20006);
}

#[test]
fn complete_hands_the_customer_to_the_target() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    consult(&mut d, 1, "1002");
    d.act(&id, Side::Target, Act::Answer);
    d.pushes();
    d.ok("1001", "completeAtxfer", json!({ "durationLimit": 60 }));
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(lines, ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate", "1001 completeAtxferResult"]);
    assert_eq!((pushes[2]["state"].as_str(), pushes[2]["target"].as_str()), (Some("wrapup"), Some("1002")));
    let view = d.view(&id);
    assert_eq!((view.state, view.agent_no.as_deref(), view.legs[0].held), ("talking", Some("1002"), false));
    d.ok("1002", "hold", no_params());
    d.advance(59_999);
    d.pushes();
    d.advance(1);
    assert_eq!(d.lines(), ["1002 agentStatus wrapup/wrapup/0", "1002 sessionTerminate"], "durationLimit ends the call");
    assert_eq!(d.view(&id).end_reason.as_deref(), Some("duration limit"));
}

#[test]
fn threeway_then_each_party_leaving() {
    for leaver in ["target", "agent", "customer"] {
        let mut d = Desk::new();
        let id = talking(&mut d);
        consult(&mut d, 1, "1002");
        d.act(&id, Side::Target, Act::Answer);
        d.pushes();
        d.ok("1001", "threewayAtxfer", no_params());
        let pushes = d.pushes();
        assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["1001 threewayAtxferResult"]);
        assert_eq!(pushes[0]["state"], "talking");
        assert_eq!((d.view(&id).state, customer_held(&d, &id)), ("threeway", false));
        assert_eq!(d.refused("1001", "threewayAtxfer", no_params()), 20007);
        match leaver {
            "target" => {
                d.ok("1002", "unlink", json!({}));
                let expected =
                    ["1002 agentStatus wrapup/wrapup/0", "1002 sessionTerminate", "1001 atxferThreewayUnlink"];
                assert_eq!(d.lines(), expected);
                assert_eq!(d.view(&id).state, "talking");
            }
            "agent" => {
                d.ok("1001", "unlink", json!({ "side": 1 }));
                let expected =
                    ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate", "1001 atxferThreewayUnlink"];
                assert_eq!(d.lines(), expected);
                let view = d.view(&id);
                assert_eq!((view.state, view.agent_no.as_deref()), ("talking", Some("1002")));
            }
            _ => {
                d.act(&id, Side::Customer, Act::Hangup);
                let expected = [
                    "1001 agentStatus wrapup/wrapup/0",
                    "1001 sessionTerminate",
                    "1002 agentStatus wrapup/wrapup/0",
                    "1002 sessionTerminate",
                    "1001 atxferThreewayUnlink",
                ];
                assert_eq!(d.lines(), expected);
                assert_eq!(d.view(&id).state, "ended");
            }
        }
    }
}

#[test]
fn unreachable_busy_silent_or_rejecting_targets_give_atxfer_error() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.login("1003");
    let reason = crate::config::PauseReason { pause_type: 0, pause_description: "busy".into() };
    d.agents.0.get_mut(&key("1003")).unwrap().apply(crate::agent::Command::Pause(reason), d.now).unwrap();
    for (target_type, target) in
        [(1, "9999"), (1, "1005"), (1, "1003"), (0, "0001234"), (0, "13900000000"), (2, "8099")]
    {
        consult(&mut d, target_type, target);
        assert_eq!(d.lines(), ["1001 atxferStart", "1001 atxferError"], "{target}");
        assert!(!customer_held(&d, &id));
    }
    assert_eq!(d.refused("1001", "startAtxfer", json!({ "targetType": 1, "target": "1001" })), 20000);

    consult(&mut d, 1, "1002");
    d.pushes();
    d.advance(30_000);
    assert_eq!(d.lines(), ["1002 agentStatus idle/hangup/0", "1002 sessionTerminate", "1001 atxferError"]);
    consult(&mut d, 1, "1002");
    d.pushes();
    d.ok("1002", "reject", json!({ "description": "in a meeting" }));
    assert_eq!(d.lines(), ["1002 agentStatus idle/hangup/0", "1002 sessionTerminate", "1001 atxferError"]);
    assert_eq!(d.view(&id).state, "talking");
}

#[test]
fn consult_an_outside_number() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    consult(&mut d, 0, "13700000000");
    assert_eq!(d.lines(), ["1001 atxferStart"]);
    assert_eq!(d.view(&id).legs[2].channel, "SIP/pstn-trunk-00000003");
    d.act(&id, Side::Target, Act::Answer);
    assert_eq!(d.lines(), ["1001 atxferLink"]);
    d.ok("1001", "sendDtmf", json!({ "digits": "12#", "target": 2 }));
    d.act(&id, Side::Target, Act::Hangup);
    assert_eq!(d.lines(), ["1001 atxferEnded side=3"]);
    let view = d.view(&id);
    assert_eq!((view.legs[2].dtmf.as_str(), view.legs[0].dtmf.as_str()), ("12#", ""), "DTMF went to the target");

    consult(&mut d, 2, "8002");
    d.act(&id, Side::Target, Act::Answer);
    d.pushes();
    d.act(&id, Side::Customer, Act::Hangup);
    assert_eq!(d.lines(), ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate", "1001 atxferEnded side=2"]);
    assert!(d.view(&id).legs.iter().all(|l| l.state == "ended"));
}

#[test]
fn hanging_up_during_a_consult_ends_the_call() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    consult(&mut d, 1, "1002");
    d.pushes();
    d.ok("1001", "unlink", json!({}));
    let expected = [
        "1001 agentStatus wrapup/wrapup/0",
        "1001 sessionTerminate",
        "1002 agentStatus idle/hangup/0",
        "1002 sessionTerminate",
        "1001 atxferEnded side=1",
    ];
    assert_eq!(d.lines(), expected);
    assert_eq!(d.view(&id).state, "ended");
}

#[test]
fn consult_needs_a_connected_customer_call() {
    let mut d = Desk::new();
    d.login("1001");
    let start = json!({ "targetType": 0, "target": "13700000000" });
    assert_eq!(d.op("1001", "startAtxfer", start.clone()).unwrap_err().message, "no call in progress");
    d.login("1002");
    d.ok("1001", "InternalCall", json!({ "targetType": 0, "target": "1002" }));
    assert_eq!(d.op("1001", "startAtxfer", start.clone()).unwrap_err().message, "call not connected");
    let id = d.engine.views(false)[0].main_unique_id.clone();
    d.act(&id, Side::Agent, Act::Answer);
    d.act(&id, Side::Target, Act::Answer);
    assert_eq!(d.op("1001", "startAtxfer", start.clone()).unwrap_err().message, "no customer on the call");
    assert_eq!(d.op("1002", "startAtxfer", start).unwrap_err().message, "only the call's agent can do this");
}
