//! Blind transfer, IVR, survey, in-call controls, wrap-up, tasks and an
//! agent leaving mid-call.

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

#[test]
fn blind_transfer_to_an_agent_offers_the_call_to_it() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.ok("1001", "blxfer", json!({ "targetType": 1, "target": "1002" }));
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    let expected = [
        "1001 agentStatus wrapup/wrapup/0",
        "1001 sessionTerminate",
        "1002 agentStatus ringing/ring/3",
        "1002 sessionInit",
        "1002 ringing",
    ];
    assert_eq!(lines, expected);
    let ringing = &pushes[4];
    assert_eq!((ringing["callType"].as_i64(), ringing["subCallType"].as_i64()), (Some(1), Some(101)));
    d.act(&id, Side::Agent, Act::Answer);
    assert_eq!(d.lines(), ["1002 agentStatus talking/answer/4"]);
    assert_eq!(d.view(&id).agent_no.as_deref(), Some("1002"));
}

#[test]
fn blind_transfer_targets_are_checked_first() {
    let mut d = Desk::new();
    talking(&mut d);
    let to = |t: i64, target: &str| json!({ "targetType": t, "target": target });
    assert_eq!(d.refused("1001", "blxfer", to(0, "0001234")), 20102);
    assert_eq!(d.refused("1001", "blxfer", to(0, "13900000000")), 20031);
    assert_eq!(d.refused("1001", "blxfer", to(1, "9999")), 20012);
    assert_eq!(d.refused("1001", "blxfer", to(2, "8099")), 20025);
    assert_eq!(d.refused("1001", "blxfer", to(3, "1:9.9")), 20015);
    assert_eq!(d.refused("1001", "blxfer", to(3, "1.1")), 20000, "the shared schema wants <ivrId>:<ivrNode>");
    d.login("1003");
    d.ok("1001", "hold", no_params());
    assert_eq!(d.refused("1002", "blxfer", to(1, "1003")), 20006, "1002 has no call");
    assert!(d.lines().is_empty());
}

#[test]
fn blind_transfer_outside_or_to_an_ivr_leaves_no_agent() {
    let mut d = Desk::with(|c| c.tenants[0].calls.ivr_nodes[0].duration_ms = 1_000);
    d.login("1001");
    let id = d.inbound("13800138000", "1");
    d.act(&id, Side::Agent, Act::Answer);
    d.pushes();
    d.ok("1001", "blxfer", json!({ "targetType": 0, "target": "13700000000" }));
    assert_eq!(d.lines(), ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate"]);
    assert_eq!(d.view(&id).state, "transferring");
    d.act(&id, Side::Target, Act::Answer);
    assert_eq!(d.view(&id).state, "unattended");
    d.act(&id, Side::Target, Act::Hangup);
    assert_eq!(d.view(&id).state, "ended");

    d.advance(30_000);
    let id = d.inbound("13800138000", "1");
    d.act(&id, Side::Agent, Act::Answer);
    d.pushes();
    d.ok("1001", "blxfer", json!({ "targetType": 3, "target": "1:1.1" }));
    d.pushes();
    let view = d.view(&id);
    assert_eq!((view.state, view.ivr.as_ref().map(|v| v.returns)), ("ivr", Some(false)));
    d.advance(1_000);
    assert_eq!(d.view(&id).end_reason.as_deref(), Some("ivr finished"));
}

#[test]
fn transfer_ivr_comes_back_with_the_variables() {
    let mut d = Desk::with(|c| c.tenants[0].calls.ivr_nodes[0].duration_ms = 2_000);
    let id = talking(&mut d);
    let wanted = json!({ "ivrTarget": { "ivrId": 1, "ivrNode": "1.1" }, "returnVariables": { "idVerified": "no", "pin": "none" } });
    d.ok("1001", "transferIvr", wanted.clone());
    assert_eq!(d.view(&id).state, "ivr");
    assert_eq!(d.refused("1001", "hold", no_params()), 20006);
    assert_eq!(d.refused("1001", "transferIvr", wanted), 20006);
    d.advance(1_999);
    assert!(d.lines().is_empty());
    d.advance(1);
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["1001 interactReturn"]);
    assert_eq!(pushes[0]["returnVariables"], json!({ "idVerified": "yes", "pin": "none" }));
    assert_eq!(d.view(&id).state, "talking");
    d.ok("1001", "transferIvr", json!({ "ivrTarget": { "ivrId": "1", "ivrNode": "1.1" } }));
    d.advance(2_000);
    let all = json!({ "idVerified": "yes", "accountNo": "6222020000000000" });
    assert_eq!(d.pushes()[0]["returnVariables"], all, "without returnVariables: all the node has");
    let unknown = json!({ "ivrTarget": { "ivrId": 2, "ivrNode": "1.1" } });
    assert_eq!(d.refused("1001", "transferIvr", unknown), 20015);
}

#[test]
fn the_survey_takes_the_customer_from_the_agent() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.ok("1001", "performSatisfactionSurvey", no_params());
    assert_eq!(d.lines(), ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate"]);
    let view = d.view(&id);
    assert_eq!((view.state, view.survey, view.agent_no.as_deref()), ("survey", true, None));
    d.advance(20_000);
    let view = d.view(&id);
    assert_eq!((view.state, view.survey, view.end_reason.as_deref()), ("ended", true, Some("survey finished")));
    assert_eq!(d.refused("1001", "performSatisfactionSurvey", no_params()), 20006);
}

#[test]
fn hold_mute_and_dtmf_change_only_the_legs() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.ok("1001", "hold", no_params());
    assert_eq!(d.refused("1001", "hold", no_params()), 20007);
    assert!(d.view(&id).legs[0].held);
    d.ok("1001", "unhold", no_params());
    assert_eq!(d.refused("1001", "unhold", no_params()), 20007);
    d.ok("1001", "mute", json!({ "direction": "in" }));
    assert_eq!(d.refused("1001", "mute", json!({ "direction": "in" })), 20007);
    d.ok("1001", "mute", json!({ "direction": "all" }));
    let muted = d.view(&id).legs[1].muted;
    assert!(muted.inbound && muted.outbound);
    d.ok("1001", "unmute", json!({ "direction": "out" }));
    assert_eq!(d.refused("1001", "unmute", json!({ "direction": "out" })), 20007);
    assert_eq!(d.refused("1001", "mute", json!({ "direction": "sideways" })), 20000);
    d.ok("1001", "sendDtmf", json!({ "digits": "123", "target": 2 }));
    d.ok("1001", "sendDtmf", json!({ "digits": "#", "target": 2, "durationMs": 200 }));
    d.ok("1001", "sendDtmf", json!({ "digits": "9", "target": 1 }));
    let view = d.view(&id);
    assert_eq!((view.legs[0].dtmf.as_str(), view.legs[1].dtmf.as_str()), ("123#", "9"));
    assert!(d.lines().is_empty(), "no pushes for in-call controls");
    d.ok("1001", "unlink", json!({}));
    for (action, params) in [
        ("hold", no_params()),
        ("unhold", no_params()),
        ("mute", json!({ "direction": "in" })),
        ("sendDtmf", json!({ "digits": "1", "target": 2 })),
        ("reject", no_params()),
        ("unlink", no_params()),
    ] {
        assert_eq!(d.refused("1001", action, params), 20006, "{action} without a call");
    }
}

#[test]
fn prolong_wrapup_tasks_and_work_mode() {
    let mut d = Desk::new();
    talking(&mut d);
    assert_eq!(d.refused("1001", "prolongWrapup", json!({ "wrapupTime": 60 })), 20006);
    assert_eq!(d.refused("1001", "prolongWrapup", json!({ "wrapupTime": 10 })), 20000);
    d.ok("1001", "unlink", json!({}));
    d.ok("1001", "prolongWrapup", json!({ "wrapupTime": 60 }));
    d.pushes();
    d.advance(89_999);
    assert!(d.lines().is_empty());
    d.advance(1);
    assert_eq!(d.lines(), ["1001 agentStatus idle/wrapupEnd/0"]);

    assert_eq!(d.refused("1001", "startAutoObCallTask", json!({ "taskId": "99" })), 20014);
    d.ok("1001", "startAutoObCallTask", json!({ "taskId": "11", "callParams": "{\"a\":1}" }));
    assert_eq!(d.refused("1001", "startAutoObCallTask", json!({ "taskId": "11" })), 20007);
    d.ok("1001", "pauseAutoObCallTask", json!({ "taskId": "11" }));
    assert_eq!(d.refused("1001", "pauseAutoObCallTask", json!({ "taskId": "11" })), 20007);
    assert_eq!(d.refused("1001", "pauseAutoObCallTask", json!({ "taskId": "12x" })), 20014);
    d.ok("1001", "changeObCallMode", json!({ "workMode": 1 }));
    assert_eq!(d.engine.prefs[&key("1001")].work_mode, Some(1));
    assert_eq!(d.refused("1001", "changeObCallMode", json!({ "workMode": 3 })), 20000);
}

#[test]
fn an_agent_leaving_mid_call_ends_its_part() {
    let mut d = Desk::new();
    let id = talking(&mut d);
    d.ok("1001", "startAtxfer", json!({ "targetType": 1, "target": "1002" }));
    d.pushes();
    // The consult target logs out: the consult fails.
    d.engine.agent_gone(&mut d.agents, &key("1002"), d.now);
    d.agents.0.remove(&key("1002"));
    assert_eq!(d.lines(), ["1002 sessionTerminate", "1001 atxferError"]);
    // The call's agent logs out: the call ends; its state machine is left
    // for the session to take offline.
    d.engine.agent_gone(&mut d.agents, &key("1001"), d.now);
    assert_eq!(d.lines(), ["1001 sessionTerminate"]);
    assert_eq!(d.state("1001"), "talking/answer/4");
    assert_eq!(d.view(&id).end_reason.as_deref(), Some("agentLoggedOut"));

    // An offered agent leaving puts the call back in the queue.
    let mut d = Desk::new();
    d.login("1001");
    let id = d.inbound("13800138000", "1");
    d.pushes();
    d.engine.agent_gone(&mut d.agents, &key("1001"), d.now);
    d.agents.0.remove(&key("1001"));
    assert_eq!(d.lines(), ["1001 sessionTerminate"]);
    assert_eq!(d.view(&id).state, "queued");
}
