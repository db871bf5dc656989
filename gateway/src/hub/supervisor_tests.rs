//! Supervisor requests through the hub: the role, tenants, queue binding,
//! forced states, queue status on request and coalesced on change.

use super::*;

fn supervisor_login(qids: &str) -> Value {
    let mut p = login_params("0000", 2);
    p["pauseDescription"] = json!("busy");
    p["qids"] = json!(qids);
    p
}

/// Runs the wakes due by `now`, earliest first, as the runtime's timers
/// would; keeps the rest.
fn run_due(hub: &mut Hub, pending: &mut Vec<Wake>, now: u64) {
    loop {
        let at = |w: &Wake| match *w {
            Wake::Agent { at_ms, .. } | Wake::Calls { at_ms } | Wake::Queues { at_ms, .. } => at_ms,
            Wake::Expire { at_ms, .. } => at_ms,
        };
        pending.sort_by_key(at);
        if pending.first().is_none_or(|w| at(w) > now) {
            return;
        }
        let wake = pending.remove(0);
        let more = hub.wake(wake, at(&wake));
        pending.extend(more);
    }
}

fn queue_pushes(frames: &[Value]) -> Vec<Value> {
    frames.iter().filter(|f| f["eventType"] == "queueStatus").cloned().collect()
}

#[test]
fn supervisor_operations_need_the_role_and_qids_a_supervisor() {
    let mut hub = hub();
    let mut agent = Client::new(1);
    let mut p = login_params("1001", 1);
    p["qids"] = json!("1");
    agent.send(&mut hub, 1, "login", p, 0);
    assert_eq!(agent.frames()[0]["errorCode"], 20013, "qids are for supervisors");
    agent.send(&mut hub, 2, "login", login_params("1001", 1), 0);
    agent.frames();
    for (id, action) in [(3, "spy"), (4, "setPause"), (5, "disconnect"), (6, "pickup")] {
        agent.send(&mut hub, id, action, json!({ "agentNo": "1002" }), 1);
        let f = agent.frames();
        assert_eq!((f[0]["code"].as_i64(), f[0]["errorCode"].as_i64()), (Some(-1), Some(20013)), "{action}");
        assert_eq!(f[0]["message"], "no permission");
    }
    agent.send(&mut hub, 7, "getQueueStatus", json!({}), 1);
    assert_eq!(agent.frames()[0]["errorCode"], 20013);
    agent.send(&mut hub, 8, "ListPreviewDialingTask", json!({}), 1);
    let f = agent.frames();
    assert_eq!(f[0]["code"], 0, "listing tasks is open to agents");
    assert_eq!(f[0]["tasks"][0]["taskId"], "11");

    let mut sup = Client::new(2);
    sup.send(&mut hub, 1, "login", supervisor_login("t1-1,9"), 0);
    let f = sup.frames();
    assert_eq!(f[0]["errorCode"], 20000);
    assert!(f[0]["message"].as_str().unwrap().contains("qids"), "{}", f[0]["message"]);
    sup.send(&mut hub, 2, "spy", json!({ "agentNo": 7 }), 0);
    assert_eq!(sup.frames()[0]["errorCode"], 20001, "not logged in yet");
}

#[test]
fn tenants_are_isolated() {
    let mut hub = hub();
    let mut sup = Client::new(1);
    sup.send(&mut hub, 1, "login", supervisor_login("1"), 0);
    let mut other = Client::new(2);
    let p = json!({ "tenantId": "t2", "agentNo": "0001", "sessionKey": "t2-key-0001",
        "bindEndpoint": { "endpointType": 2, "endpoint": "8001" }, "initialStatus": 1 });
    other.send(&mut hub, 1, "login", p, 0);
    sup.frames();
    other.frames();
    // t1's 0001 is not logged in; t2's 0001 is, and stays out of reach.
    for (id, action) in [(2, "setPause"), (3, "spy"), (4, "setOffline")] {
        sup.send(&mut hub, id, action, json!({ "agentNo": "0001" }), 1);
        assert_eq!(sup.frames()[0]["errorCode"], 20012, "{action}");
    }
    assert!(other.frames().is_empty(), "nothing reached the other tenant");
    sup.send(&mut hub, 5, "getQueueStatus", json!({}), 1);
    let f = sup.frames();
    let members: Vec<&str> = (f[0]["queueStatus"]["1"]["agentStatuses"].as_array().unwrap().iter())
        .map(|a| a["agentNo"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["0000"], "t2's agent is not a member of t1's queue 1");
}

#[test]
fn forced_busy_idle_offline_and_online() {
    let mut hub = hub();
    let mut sup = Client::new(1);
    let mut a = Client::new(2);
    sup.send(&mut hub, 1, "login", supervisor_login("1"), 0);
    a.send(&mut hub, 1, "login", login_params("1001", 1), 0);
    sup.frames();
    a.frames();
    sup.send(&mut hub, 2, "setPause", json!({ "agentNo": "1001" }), 10);
    assert_eq!(sup.frames()[0]["code"], 0);
    let f = a.frames();
    assert_eq!(kinds(&f), ["agentStatus busy"]);
    assert_eq!(
        (f[0]["status"]["stateAction"].as_str(), f[0]["status"]["pauseDescription"].as_str()),
        (Some("forcePause"), Some("busy"))
    );
    sup.send(&mut hub, 3, "setPause", json!({ "agentNo": "1001" }), 11);
    assert_eq!(sup.frames()[0]["errorCode"], 20007);
    sup.send(&mut hub, 4, "setUnpause", json!({ "agentNo": "1001" }), 12);
    assert_eq!(a.frames()[0]["status"]["stateAction"], "forceUnpause");

    sup.send(&mut hub, 5, "setOffline", json!({ "agentNo": "1001", "unbindEndpoint": 1 }), 20);
    let f = sup.frames();
    assert_eq!(f[0]["code"], 0);
    let result = f.iter().find(|f| f["eventType"] == "setOfflineResult").expect("the supervisor hears the result");
    assert_eq!(
        (result["agentNo"].as_str(), result["initiator"].as_str(), result["code"].as_str()),
        (Some("1001"), Some("0000"), Some("0"))
    );
    let f = a.frames();
    assert_eq!(kinds(&f), ["agentStatus offline", "setOfflineResult", "sessionTerminate", "close 4002"]);
    assert_eq!(f[0]["status"]["stateAction"], "forceOffline");
    assert!(f[0]["status"].get("bindEndpoint").is_none(), "unbound");
    assert_eq!(f[2]["reason"], "forcedOffline");
    sup.send(&mut hub, 6, "setOffline", json!({ "agentNo": "1001", "unbindEndpoint": 2 }), 21);
    let f = sup.frames();
    assert_eq!(f[0]["errorCode"], 20000);
    assert!(f[0]["message"].as_str().unwrap().contains("unbindEndpoint"));

    let online = json!({ "agentNo": "1001", "bindEndpoint": { "endpointType": 1, "endpoint": "13512345678" } });
    sup.send(&mut hub, 7, "setOnline", online.clone(), 30);
    assert_eq!(sup.frames()[0]["code"], 0);
    sup.send(&mut hub, 8, "setOnline", online, 31);
    assert_eq!(sup.frames()[0]["errorCode"], 20007, "already online");
    sup.send(&mut hub, 9, "getQueueStatus", json!({ "queueNos": [1], "fields": "agentStatuses" }), 600);
    let f = sup.frames();
    assert_eq!(f[0]["action"], "queueStatus", "the response's action, as the seed documents");
    let agents = f[0]["queueStatus"]["1"]["agentStatuses"].as_array().unwrap();
    let forced = agents.iter().find(|a| a["agentNo"] == "1001").expect("1001 is online again");
    assert_eq!((forced["state"].as_str(), forced["stateAction"].as_str()), (Some("idle"), Some("forceOnline")));
    assert!(f[0]["queueStatus"]["1"].get("queueParams").is_none(), "only the sections asked for");
    assert_eq!(queue_pushes(&f).len(), 1, "the status is pushed on request too");
    // The agent's own login takes the desk-less session over.
    let mut back = Client::new(3);
    back.send(&mut hub, 1, "login", login_params("1001", 1), 40);
    assert_eq!(back.frames()[0]["code"], 0);
}

#[test]
fn get_queue_status_checks_queue_numbers() {
    let mut hub = hub();
    let mut sup = Client::new(1);
    sup.send(&mut hub, 1, "login", supervisor_login("2"), 0);
    sup.frames();
    sup.send(&mut hub, 2, "getQueueStatus", json!({ "queueNos": [1, "2", 3] }), 1);
    let f = sup.frames();
    assert_eq!(f[0]["errorCode"], 20000);
    assert!(f[0]["message"].as_str().unwrap().contains("queueNos[2]"), "{}", f[0]["message"]);
    sup.send(&mut hub, 3, "getQueueStatus", json!({}), 1);
    let f = sup.frames();
    let status = f[0]["queueStatus"].as_object().unwrap();
    assert_eq!(status.keys().collect::<Vec<_>>(), ["2"], "the watched queues by default");
    assert_eq!(status["2"]["queueParams"]["queueName"], "Support");
}

#[test]
fn queue_status_is_pushed_on_change_and_coalesced_under_a_burst() {
    let mut hub = hub();
    let mut pending = Vec::new();
    let mut sup = Client::new(1);
    pending.extend(sup.send(&mut hub, 1, "login", supervisor_login("1"), 0));
    let f = sup.frames();
    assert_eq!(queue_pushes(&f).len(), 1, "the first status right after login");
    let mut a = Client::new(2);
    let mut now = 1_000;
    pending.extend(a.send(&mut hub, 1, "login", login_params("1001", 1), now));
    // 500 state changes, one per ms.
    for i in 0..500u64 {
        now += 1;
        run_due(&mut hub, &mut pending, now);
        let (action, params) = if i % 2 == 0 {
            ("pause", json!({ "pauseType": 1, "pauseDescription": "MEETING" }))
        } else {
            ("unpause", json!({}))
        };
        pending.extend(a.send(&mut hub, 2 + i, action, params, now));
    }
    // The burst ends idle; a customer calls and rings at 1001.
    let (id, more) = inbound(&mut hub, now);
    pending.extend(more);
    run_due(&mut hub, &mut pending, now + 10_000);
    let pushes = queue_pushes(&sup.frames());
    assert!(pushes.len() <= 3, "{} pushes for 502 changes in 0.5 s", pushes.len());
    assert!(pushes.len() >= 2);
    let last = &pushes.last().unwrap()["queueStatus"]["1"];
    let agent = last["agentStatuses"].as_array().unwrap().iter().find(|a| a["agentNo"] == "1001").unwrap();
    assert_eq!((agent["state"].as_str(), agent["stateAction"].as_str()), (Some("ringing"), Some("ring")));
    assert_eq!(agent["stateSince"].as_f64(), Some(((TEST_CLOCK_BASE * 1000) + now) as f64));
    let entries = last["queueEntries"].as_array().unwrap();
    assert_eq!((entries.len(), entries[0]["uniqueId"].as_str()), (1, Some(id.as_str())), "the last push is right");
    assert_eq!(entries[0]["position"], 1);
    assert_eq!(last["queueParams"]["strategy"], "leastrecent");
    assert!(pending.iter().all(|w| !matches!(w, Wake::Queues { .. })), "no timer left once all is pushed");
}

#[test]
fn a_supervisor_spies_through_the_hub() {
    let mut hub = hub();
    let mut sup = Client::new(1);
    let mut a = Client::new(2);
    sup.send(&mut hub, 1, "login", supervisor_login("1"), 0);
    a.send(&mut hub, 1, "login", login_params("1001", 1), 0);
    let (id, _) = inbound(&mut hub, 10);
    hub.scenario_act(&id, crate::calls::Side::Agent, crate::calls::Act::Answer, 20).0.unwrap();
    sup.frames();
    a.frames();
    sup.send(&mut hub, 2, "spy", json!({ "agentNo": "1001" }), 30);
    let f = sup.frames();
    let names: Vec<String> = kinds(&f).into_iter().filter(|k| k != "queueStatus").collect();
    assert_eq!(names, ["spyResp", "spyResult", "spyLink"]);
    assert!(a.frames().is_empty(), "the agent is not told");
    let view = hub.call_view(&id).unwrap();
    assert!(view.legs.iter().any(|l| l.role == "monitor" && l.monitor == Some("spy")));
    let plan = hub.audio_plan(&id).expect("a live call has a plan");
    let monitor = view.legs.iter().find(|l| l.role == "monitor").unwrap().unique_id.clone();
    assert!(plan.hears.iter().any(|(listener, _)| *listener == monitor), "the supervisor hears the call");
    assert!(plan.hears.iter().all(|(_, speaker)| *speaker != monitor), "nobody hears a spy");
    sup.send(&mut hub, 3, "unspy", json!({}), 40);
    let names: Vec<String> = kinds(&sup.frames()).into_iter().filter(|k| k != "queueStatus").collect();
    assert_eq!(names, ["unspyResp", "spyUnlink"]);
}
