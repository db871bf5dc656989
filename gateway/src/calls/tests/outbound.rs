//! Preview outbound and internal calls.

use super::*;

fn preview(d: &mut Desk, agent: &str, params: Value) -> String {
    match d.op(agent, "previewObCall", params) {
        Ok(Answer::Preview { request_unique_id }) => request_unique_id,
        other => panic!("previewObCall: {other:?}"),
    }
}

fn current_call(d: &Desk) -> CallView {
    d.engine.views(false).pop().expect("a live call")
}

#[test]
fn a_preview_call_rings_the_agent_then_the_customer_then_bridges() {
    let mut d = Desk::new();
    d.login("0001");
    let request = preview(&mut d, "0001", json!({ "customerNumber": "13800138000" }));
    let call = current_call(&d);
    let id = call.main_unique_id.clone();
    assert_eq!(request, format!("req-{id}"));
    assert_eq!((call.call_type, call.state, call.legs[0].unique_id.as_str()), (4, "dialling", id.as_str()));
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0001 agentStatus calling/dial/2"]);
    assert_eq!(
        (pushes[0]["status"]["callType"].as_i64(), pushes[0]["status"]["uniqueId"].as_str()),
        (Some(4), Some(id.as_str()))
    );

    d.advance(20_000);
    assert!(d.lines().is_empty(), "an extension answers only through the scenario");
    d.act(&id, Side::Agent, Act::Answer);
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(lines, ["0001 sessionInit", "0001 previewObCallStart", "0001 previewObCallRinging"]);
    assert_eq!(pushes[0]["customerNumber"], "13800138000");
    let start = &pushes[1];
    assert_eq!(
        (start["customerNumberType"].as_i64(), start["obClidAreaCode"].as_str(), start["obClid"].as_str()),
        (Some(1), Some(""), Some("02150001000"))
    );
    assert_eq!(
        (start["mainUniqueId"].as_str(), start["requestUniqueId"].as_str()),
        (Some(id.as_str()), Some(request.as_str()))
    );
    assert_eq!((pushes[2]["state"].as_str(), pushes[2]["stateAction"].as_str()), (Some("calling"), Some("dial")));
    assert_eq!(d.view(&id).state, "ringing");

    d.act(&id, Side::Customer, Act::Answer);
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(
        lines,
        ["0001 agentStatus talking/answer/4", "0001 previewObCallBridge", "0001 previewObCallResult success"]
    );
    let view = d.view(&id);
    assert_eq!(
        (pushes[1]["channel"].as_str(), pushes[1]["destChannel"].as_str()),
        (Some(view.legs[0].channel.as_str()), Some(view.legs[1].channel.as_str()))
    );
    assert_eq!(
        (pushes[2]["uniqueId"].as_str(), pushes[2]["obClid"].as_str()),
        (Some(id.as_str()), Some("02150001000"))
    );

    d.ok("0001", "unlink", json!({}));
    assert_eq!(d.lines(), ["0001 agentStatus wrapup/wrapup/0", "0001 sessionTerminate"]);
}

#[test]
fn preview_checks_come_in_the_documented_order() {
    let mut d = Desk::with(|c| {
        c.tenants[0].calls.outbound_denied_agents.push("1019".into());
    });
    d.login("0001");
    d.login("1020");
    let call = |number: &str| json!({ "customerNumber": number });
    assert_eq!(d.refused("1020", "previewObCall", call("13800138000")), 20016);
    assert_eq!(d.refused("0001", "previewObCall", call("12ab")), 20000);
    assert_eq!(d.refused("0001", "previewObCall", call("0001234567")), 20102);
    assert_eq!(d.refused("0001", "previewObCall", call("13900000000")), 20031);
    let bad_clid = json!({ "customerNumber": "13800138000", "obClid": "02199999999" });
    assert_eq!(d.refused("0001", "previewObCall", bad_clid), 20032);
    let r = d.op(
        "0001",
        "previewObCall",
        json!({ "customerNumber": "0571888866", "obClid": "02150001001", "requestUniqueId": "mine" }),
    );
    assert_eq!(r, Ok(Answer::Preview { request_unique_id: "mine".into() }));
    let e = d.op("0001", "previewObCall", call("13800138000")).unwrap_err();
    assert_eq!((e.error_code, e.message.as_str()), (20011, "previewOutcall agent busy"));
    assert!(d.pushes().len() == 1);

    let mut off = Desk::with(|c| c.tenants[0].calls.outbound_enabled = false);
    off.login("0001");
    assert_eq!(off.refused("0001", "previewObCall", call("13800138000")), 20024);
}

#[test]
fn a_busy_agent_may_dial_and_returns_to_idle() {
    let mut d = Desk::new();
    d.login("0001");
    let reason = crate::config::PauseReason { pause_type: 1, pause_description: "MEETING".into() };
    d.agents.0.get_mut(&key("0001")).unwrap().apply(crate::agent::Command::Pause(reason), d.now).unwrap();
    preview(&mut d, "0001", json!({ "customerNumber": "13800138000", "agentAnswerTimeout": 5 }));
    assert_eq!(d.lines(), ["0001 agentStatus calling/dial/2"]);
    d.advance(5_000);
    assert_eq!(d.lines(), ["0001 agentStatus idle/hangup/0", "0001 previewObCallResult error"]);
}

#[test]
fn preview_failures_report_an_error_result() {
    let mut d = Desk::new();
    d.login("0001");
    for (how, tail) in [("busy", "busy"), ("timeout", "noAnswer"), ("cancel", "cancelled"), ("hangup", "agentHangup")] {
        preview(&mut d, "0001", json!({ "customerNumber": "13800138000", "customerAnswerTimeout": 10 }));
        let id = current_call(&d).main_unique_id;
        d.act(&id, Side::Agent, Act::Answer);
        d.pushes();
        match how {
            "busy" => d.act(&id, Side::Customer, Act::Fail("busy".into())),
            "timeout" => d.advance(10_000),
            "cancel" => d.ok("0001", "cancelPreviewObCall", no_params()),
            _ => d.ok("0001", "unlink", json!({ "side": 1 })),
        }
        let lines = d.lines();
        assert_eq!(
            lines,
            ["0001 agentStatus idle/hangup/0", "0001 sessionTerminate", "0001 previewObCallResult error"],
            "{how}"
        );
        assert_eq!(d.view(&id).end_reason.as_deref(), Some(tail));
    }
    assert_eq!(d.refused("0001", "cancelPreviewObCall", no_params()), 20006);
    // Cancelling while the agent's own phone still rings: no sessionInit
    // went out, so no sessionTerminate either.
    preview(&mut d, "0001", json!({ "customerNumber": "13800138000" }));
    d.pushes();
    d.ok("0001", "cancelPreviewObCall", no_params());
    assert_eq!(d.lines(), ["0001 agentStatus idle/hangup/0", "0001 previewObCallResult error"]);
    // Connected calls are hung up, not cancelled.
    preview(&mut d, "0001", json!({ "customerNumber": "13800138000" }));
    let id = current_call(&d).main_unique_id;
    d.act(&id, Side::Agent, Act::Answer);
    d.act(&id, Side::Customer, Act::Answer);
    assert_eq!(d.refused("0001", "cancelPreviewObCall", no_params()), 20006);
}

#[test]
fn softphones_answer_their_own_calls_and_customers_may_answer_by_themselves() {
    let mut d = Desk::with(|c| c.tenants[0].calls.customer_auto_answer_ms = Some(2_000));
    d.login_on("0001", 3, "webrtc");
    preview(&mut d, "0001", json!({ "customerNumber": "13800138000" }));
    assert_eq!(current_call(&d).legs[0].channel, "SIP/webrtc-0001-00000001");
    d.pushes();
    d.advance(499);
    assert!(d.lines().is_empty());
    d.advance(1);
    assert_eq!(d.lines(), ["0001 sessionInit", "0001 previewObCallStart", "0001 previewObCallRinging"]);
    d.advance(2_000);
    assert_eq!(
        d.lines(),
        ["0001 agentStatus talking/answer/4", "0001 previewObCallBridge", "0001 previewObCallResult success"]
    );
}

#[test]
fn an_internal_call_rings_the_caller_then_the_callee() {
    let mut d = Desk::new();
    d.login("0001");
    d.login("1001");
    d.ok("0001", "InternalCall", json!({ "targetType": 0, "target": "1001" }));
    let id = current_call(&d).main_unique_id;
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0001 agentStatus calling/dial/2"]);
    assert_eq!(pushes[0]["status"]["callType"], 9);
    d.act(&id, Side::Agent, Act::Answer);
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(lines, ["0001 sessionInit", "1001 agentStatus ringing/ring/3", "1001 sessionInit", "1001 ringing"]);
    let ringing = find(&pushes, "ringing");
    assert_eq!((ringing["callType"].as_i64(), ringing["customerNumber"].as_str()), (Some(9), Some("0001")));
    assert!(ringing.get("queueNo").is_none() && ringing.get("hotline").is_none());
    d.act(&id, Side::Target, Act::Answer);
    assert_eq!(d.lines(), ["1001 agentStatus talking/answer/4", "0001 agentStatus talking/answer/4"]);
    d.ok("1001", "unlink", json!({}));
    assert_eq!(
        d.lines(),
        [
            "0001 agentStatus idle/hangup/0",
            "0001 sessionTerminate",
            "1001 agentStatus idle/hangup/0",
            "1001 sessionTerminate"
        ],
        "no wrap-up after an internal call"
    );
}

#[test]
fn internal_call_targets_are_checked_and_may_fail() {
    let mut d = Desk::new();
    d.login("0001");
    d.login("1001");
    let to = |t: i64, target: &str| json!({ "targetType": t, "target": target });
    assert_eq!(d.refused("0001", "InternalCall", to(0, "9999")), 20012);
    assert_eq!(d.refused("0001", "InternalCall", to(0, "1005")), 20012, "not logged in");
    assert_eq!(d.refused("0001", "InternalCall", to(0, "0001")), 20000);
    assert_eq!(d.refused("0001", "InternalCall", to(1, "8009")), 20025);
    let reason = crate::config::PauseReason { pause_type: 0, pause_description: "busy".into() };
    d.agents.0.get_mut(&key("1001")).unwrap().apply(crate::agent::Command::Pause(reason), d.now).unwrap();
    assert_eq!(d.refused("0001", "InternalCall", to(0, "1001")), 20011);

    d.ok("0001", "InternalCall", to(1, "8003"));
    let id = current_call(&d).main_unique_id;
    d.act(&id, Side::Agent, Act::Answer);
    assert_eq!(d.view(&id).legs[1].channel, "SIP/8003-00000002");
    d.act(&id, Side::Target, Act::Fail("busy".into()));
    assert_eq!(d.lines()[1..], ["0001 sessionInit", "0001 agentStatus idle/hangup/0", "0001 sessionTerminate"]);
}
