//! Supervisors in calls: spy, whisper, barge, three-way, their ends,
//! forced disconnect, pickup, the audio plan each mode yields, and the
//! transcript feed.

use super::*;
use crate::calls::{audio_matrix, Mode, Role};
use crate::errors::code;

/// 1001 talks with a queue customer; supervisor 0000 is logged in busy so
/// that queue calls do not go to it.
fn talking() -> (Desk, String) {
    let mut d = Desk::new();
    d.login("0000");
    d.agents.0.get_mut(&key("0000")).unwrap().apply(crate::agent::Command::ForcePause(busy()), d.now).unwrap();
    d.login("1001");
    let id = d.inbound("02150001234", "1");
    d.act(&id, Side::Agent, Act::Answer);
    d.pushes();
    (d, id)
}

fn busy() -> crate::config::PauseReason {
    crate::config::PauseReason { pause_type: 0, pause_description: "busy".into() }
}

fn spy(target: &str) -> Value {
    json!({ "agentNo": target })
}

fn ok(d: &mut Desk, action: &str, params: Value) {
    if let Err(r) = d.supervise("0000", action, params) {
        panic!("{action} refused: {} {}", r.error_code, r.message);
    }
}

#[test]
fn spy_links_at_once_for_an_emulated_phone_and_unlinks_on_unspy() {
    let (mut d, id) = talking();
    ok(&mut d, "spy", spy("1001"));
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0000 spyResult", "0000 spyLink"]);
    let result = &pushes[0];
    assert_eq!(
        (result["spiedCno"].as_str(), result["uniqueId"].as_str(), result["result"].as_str()),
        (Some("1001"), Some(id.as_str()), Some("success"))
    );
    assert_eq!((result["initiator"].as_str(), result["initiatorType"].as_i64()), (Some("8001"), Some(2)));
    let link = &pushes[1];
    let view = d.view(&id);
    let monitor = view.legs.iter().find(|l| l.role == "monitor").expect("a monitoring leg");
    assert_eq!((monitor.id.as_str(), monitor.monitor, monitor.state), ("0000", Some("spy"), "up"));
    assert_eq!(monitor.sub_call_type, Some(103));
    assert_eq!(link["channel"].as_str(), Some(monitor.channel.as_str()));
    assert_eq!(link["result"], "success");
    assert_eq!(d.state("0000"), "busy/forcePause/0", "monitoring leaves the supervisor's own state alone");
    assert_eq!(d.state("1001"), "talking/answer/4");

    ok(&mut d, "unspy", json!({}));
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0000 spyUnlink"]);
    assert_eq!(pushes[0]["spiedCno"], "1001");
    assert_eq!(d.view(&id).state, "talking", "the call goes on");
    assert_eq!(d.supervise("0000", "unspy", json!({})).unwrap_err().error_code, code::NOT_IDLE);
}

#[test]
fn a_supervisor_switches_modes_inside_the_call_and_the_call_end_unlinks() {
    let (mut d, id) = talking();
    ok(&mut d, "spy", spy("1001"));
    d.pushes();
    ok(&mut d, "whisper", spy("1001"));
    assert_eq!(d.lines(), ["0000 spyUnlink", "0000 whisperResult", "0000 whisperLink"]);
    assert_eq!(d.supervise("0000", "whisper", spy("1001")).unwrap_err().error_code, code::ALREADY);
    ok(&mut d, "barge", spy("1001"));
    let pushes = d.pushes();
    assert_eq!(
        pushes.iter().map(line).collect::<Vec<_>>(),
        ["0000 whisperUnlink", "0000 bargeResult", "0000 bargeLink"]
    );
    assert_eq!(pushes[0]["whisperedAgentNo"], "1001");
    assert_eq!(pushes[1]["bargedAgentNo"], "1001");
    ok(&mut d, "performThreeway", spy("1001"));
    let pushes = d.pushes();
    assert_eq!(
        pushes.iter().map(line).collect::<Vec<_>>(),
        ["0000 bargeUnlink", "0000 threewayResult", "0000 threewayLink"]
    );
    assert_eq!((pushes[0]["bargedCno"].as_str(), pushes[1]["threewayedCno"].as_str()), (Some("1001"), Some("1001")));
    let monitors = d.view(&id).legs.iter().filter(|l| l.role == "monitor").count();
    assert_eq!(monitors, 1, "one leg, whatever the mode");

    d.act(&id, Side::Customer, Act::Hangup);
    let lines = d.lines();
    assert!(lines.contains(&"0000 threewayUnlink".to_string()), "{lines:?}");
    assert_eq!(d.state("0000"), "busy/forcePause/0");
}

#[test]
fn cancel_threeway_names_the_agent_and_unlink_leaves_any_mode() {
    let (mut d, id) = talking();
    ok(&mut d, "performThreeway", spy("1001"));
    d.pushes();
    let e = d.supervise("0000", "cancelThreeway", spy("1002")).unwrap_err();
    assert_eq!(e.error_code, code::NOT_IDLE);
    ok(&mut d, "cancelThreeway", spy("1001"));
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0000 threewayUnlink"]);
    assert_eq!(pushes[0]["threewayedAgentNo"], "1001");

    ok(&mut d, "barge", spy("1001"));
    d.pushes();
    d.ok("0000", "unlink", json!({}));
    assert_eq!(d.lines(), ["0000 bargeUnlink"], "the supervisor hangs up its own leg only");
    assert_eq!(d.view(&id).state, "talking");
}

#[test]
fn monitoring_needs_a_talking_agent_of_the_tenant_and_a_free_supervisor() {
    let (mut d, _) = talking();
    assert_eq!(d.supervise("0000", "spy", spy("0000")).unwrap_err().error_code, code::BAD_PARAM);
    assert_eq!(d.supervise("0000", "spy", spy("1002")).unwrap_err().error_code, code::NO_SUCH_AGENT);
    d.login("1002");
    assert_eq!(d.supervise("0000", "spy", spy("1002")).unwrap_err().error_code, code::NOT_IDLE);
    let e = d.supervise("0000", "spy", json!({ "agentNo": "" })).unwrap_err();
    assert!(e.message.contains("agentNo"), "{}", e.message);
    // The same agentNo in another tenant is another agent.
    let other = AgentKey::new("t2", "0001");
    let op = crate::calls::MonitorOp::parse("spy", &spy("1001")).unwrap().unwrap();
    assert_eq!(d.engine.supervise(&mut d.agents, &other, op, d.now).unwrap_err().error_code, code::NOT_LOGINED);
    // A ringing call cannot be monitored yet.
    let id = d.inbound("02150001235", "1");
    assert_eq!(d.view(&id).state, "offering");
    assert_eq!(d.supervise("0000", "barge", spy("1002")).unwrap_err().error_code, code::NOT_IDLE);
    assert!(d.lines().iter().all(|l| !l.starts_with("0000")), "nothing went to the supervisor");
}

#[test]
fn a_softphone_supervisor_is_rung_and_links_when_it_answers_or_reports_an_error() {
    let (mut d, id) = talking();
    // Registered softphone: the leg rings (over SIP) until it answers.
    struct Registered<'a>(&'a mut Map);
    impl Agents for Registered<'_> {
        fn agent(&self, key: &AgentKey) -> Option<&crate::agent::Agent> {
            self.0.agent(key)
        }
        fn agent_mut(&mut self, key: &AgentKey) -> Option<&mut crate::agent::Agent> {
            self.0.agent_mut(key)
        }
        fn softphone_registered(&self, _: &AgentKey) -> bool {
            true
        }
    }
    let endpoint = BindEndpoint { endpoint_type: 3, endpoint: "9000".into() };
    let sup = d.agents.0.get_mut(&key("0000")).unwrap();
    sup.apply(crate::agent::Command::UpdateBoundEndpoint(endpoint), d.now).unwrap();
    let op = crate::calls::MonitorOp::parse("whisper", &spy("1001")).unwrap().unwrap();
    d.engine.supervise(&mut Registered(&mut d.agents), &key("0000"), op, d.now).unwrap();
    assert!(d.lines().is_empty(), "nothing until the softphone answers");
    let leg = d.engine.agent_legs().into_iter().find(|l| l.key == key("0000")).expect("the supervisor's leg");
    assert!(leg.ringing && leg.own_phone, "rung with an auto-answer request");
    d.engine.phone_signal(&mut d.agents, &id, &leg.unique_id, crate::calls::PhoneSignal::Answered, d.now);
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0000 whisperResult", "0000 whisperLink"]);
    assert_eq!((pushes[0]["initiator"].as_str(), pushes[0]["initiatorType"].as_i64()), (Some("0000"), Some(1)));
    d.engine.phone_signal(&mut d.agents, &id, &leg.unique_id, crate::calls::PhoneSignal::HungUp, d.now);
    assert_eq!(d.lines(), ["0000 whisperUnlink"]);

    let op = crate::calls::MonitorOp::parse("spy", &spy("1001")).unwrap().unwrap();
    d.engine.supervise(&mut Registered(&mut d.agents), &key("0000"), op, d.now).unwrap();
    let leg = d.engine.agent_legs().into_iter().find(|l| l.key == key("0000")).unwrap();
    let failed = crate::calls::PhoneSignal::Failed("rejected".into());
    d.engine.phone_signal(&mut d.agents, &id, &leg.unique_id, failed, d.now);
    let pushes = d.pushes();
    assert_eq!(pushes.iter().map(line).collect::<Vec<_>>(), ["0000 spyResult"]);
    assert_eq!(pushes[0]["result"], "error");
    assert_eq!(d.view(&id).state, "talking", "the monitored call is untouched");
}

#[test]
fn disconnect_ends_the_call_for_everyone_and_reports_to_the_supervisor() {
    let (mut d, id) = talking();
    ok(&mut d, "spy", spy("1001"));
    d.pushes();
    ok(&mut d, "disconnect", spy("1001"));
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(
        lines,
        ["1001 agentStatus wrapup/wrapup/0", "1001 sessionTerminate", "0000 spyUnlink", "0000 disconnectResult"]
    );
    let result = &pushes[3];
    assert_eq!(
        (result["disconnectorCno"].as_str(), result["uniqueId"].as_str(), result["result"].as_str()),
        (Some("1001"), Some(id.as_str()), Some("success"))
    );
    assert_eq!(d.view(&id).end_reason.as_deref(), Some("supervisorDisconnect"));
    assert_eq!(d.supervise("0000", "disconnect", spy("1001")).unwrap_err().error_code, code::NOT_IDLE);
}

#[test]
fn pickup_takes_a_call_ringing_at_another_agent() {
    let mut d = Desk::new();
    d.login("1001");
    d.login("0000");
    let id = d.inbound("02150001234", "1");
    assert_eq!(d.view(&id).agent_no.as_deref(), Some("1001"));
    d.pushes();
    ok(&mut d, "pickup", spy("1001"));
    let pushes = d.pushes();
    let lines: Vec<String> = pushes.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            "1001 agentStatus idle/hangup/0",
            "1001 sessionTerminate",
            "0000 agentStatus ringing/ring/3",
            "0000 sessionInit",
            "0000 ringing",
            "0000 agentStatus talking/answer/4"
        ]
    );
    assert_eq!(find(&pushes, "ringing")["subCallType"], 104);
    let view = d.view(&id);
    assert_eq!((view.state, view.agent_no.as_deref()), ("talking", Some("0000")));
    assert_eq!(d.supervise("0000", "pickup", spy("1001")).unwrap_err().error_code, code::NOT_IDLE);
}

#[test]
fn each_mode_yields_its_matrix_for_the_bridge() {
    use Role::*;
    let heard_by = |mode: Mode, listener: Role| -> Vec<Role> {
        audio_matrix(mode).iter().filter(|(l, _)| *l == listener).map(|(_, s)| *s).collect()
    };
    for mode in [Mode::Spy, Mode::Whisper, Mode::Barge, Mode::Threeway] {
        assert_eq!(heard_by(mode, Supervisor), [Agent, Customer], "{mode:?}: the supervisor hears both");
        assert!(heard_by(mode, Agent).contains(&Customer) && heard_by(mode, Customer).contains(&Agent));
    }
    assert!(!heard_by(Mode::Spy, Agent).contains(&Supervisor) && !heard_by(Mode::Spy, Customer).contains(&Supervisor));
    assert!(heard_by(Mode::Whisper, Agent).contains(&Supervisor));
    assert!(!heard_by(Mode::Whisper, Customer).contains(&Supervisor));
    for mode in [Mode::Barge, Mode::Threeway] {
        assert!(heard_by(mode, Agent).contains(&Supervisor) && heard_by(mode, Customer).contains(&Supervisor));
    }

    let (mut d, id) = talking();
    let plan = d.engine.audio_plan(&id).unwrap();
    assert_eq!(plan.legs.len(), 2);
    assert_eq!(plan.hears.len(), 2, "agent and customer hear each other");
    ok(&mut d, "whisper", spy("1001"));
    let plan = d.engine.audio_plan(&id).unwrap();
    let view = d.view(&id);
    let uid = |role: &str| view.legs.iter().find(|l| l.role == role && l.state == "up").unwrap().unique_id.clone();
    let (sup, agent, customer) = (uid("monitor"), uid("agent"), uid("customer"));
    let hears = |a: &str, b: &str| plan.hears.contains(&(a.to_string(), b.to_string()));
    assert!(hears(&sup, &agent) && hears(&sup, &customer) && hears(&agent, &sup));
    assert!(!hears(&customer, &sup), "the customer never hears a whisper");
    d.ok("1001", "hold", json!({}));
    let plan = d.engine.audio_plan(&id).unwrap();
    let hears = |a: &str, b: &str| plan.hears.contains(&(a.to_string(), b.to_string()));
    assert!(!hears(&sup, &customer) && !hears(&agent, &customer), "a held customer is heard by nobody");
}

#[test]
fn the_transcript_feed_reaches_the_agent_and_the_supervisor_in_the_call() {
    let mut d = Desk::with(|_| {});
    d.engine = Engine::new(Arc::new(Config::dev()), 1_718_000_000);
    d.login("0000");
    d.agents.0.get_mut(&key("0000")).unwrap().apply(crate::agent::Command::ForcePause(busy()), d.now).unwrap();
    d.login("1001");
    let id = d.inbound("02150001234", "1");
    d.act(&id, Side::Agent, Act::Answer);
    d.engine.settle(&mut d.agents, d.now);
    d.pushes();
    ok(&mut d, "spy", spy("1001"));
    d.pushes();
    let mut transcripts = Vec::new();
    for _ in 0..200 {
        let at = d.engine.deadline().expect("the feed is running");
        d.advance(at - d.now);
        transcripts.extend(d.pushes().into_iter().filter(|p| p["eventType"] == "transcript"));
        // Four sentences, each to the agent and to the supervisor.
        if transcripts.iter().filter(|p| p["sentenceType"] == "sentenceEnd").count() == 8 {
            break;
        }
    }
    let to = |who: &str| transcripts.iter().filter(|p| p["to"] == who).cloned().collect::<Vec<_>>();
    let (agent, supervisor) = (to("1001"), to("0000"));
    assert_eq!(agent.len(), supervisor.len(), "the supervisor gets every update the agent gets");
    let ends: Vec<&Value> = agent.iter().filter(|p| p["sentenceType"] == "sentenceEnd").collect();
    assert_eq!(ends.iter().map(|p| p["role"].as_i64().unwrap()).collect::<Vec<_>>(), [1, 2, 1, 2]);
    assert_eq!(ends.iter().map(|p| p["sentenceIndex"].as_i64().unwrap()).collect::<Vec<_>>(), [0, 1, 2, 3]);
    for end in &ends {
        assert_eq!(end["finished"], 1);
        assert_eq!(end["mainUniqueId"], id.as_str());
        let (b, e) = (end["sentenceBeginTimestamp"].as_f64().unwrap(), end["sentenceEndTimestamp"].as_f64().unwrap());
        assert!(b < e && e == end["transcriptTime"].as_f64().unwrap());
        assert!(end["beginTime"].as_f64().unwrap() < end["endTime"].as_f64().unwrap());
    }
    let partial = agent.iter().find(|p| p["sentenceType"] == "intermediateResult").unwrap();
    assert_eq!((partial["finished"].as_i64(), partial["sentenceIndex"].as_i64()), (Some(0), Some(0)));
    assert!(partial.get("sentenceBeginTimestamp").is_none());

    d.act(&id, Side::Customer, Act::Hangup);
    d.pushes();
    assert_eq!(d.engine.deadline(), None, "the feed ends with the call");
}
