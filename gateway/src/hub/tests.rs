//! The hub without sockets.

use super::*;
use crate::session::Outbound;
use serde_json::json;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

struct Client {
    conn: Conn,
    rx: UnboundedReceiver<Outbound>,
    bound: Option<SessionId>,
}

impl Client {
    fn new(id: ConnId) -> Self {
        let (tx, rx) = unbounded_channel();
        Self { conn: Conn::new(id, tx), rx, bound: None }
    }

    fn send(&mut self, hub: &mut Hub, id: u64, action: &str, params: Value, now: u64) -> Vec<Wake> {
        let out = hub.request(&self.conn, self.bound, id, action, params, now);
        self.bound = out.bound;
        out.wakes
    }

    fn frames(&mut self) -> Vec<Value> {
        let mut all = Vec::new();
        while let Ok(out) = self.rx.try_recv() {
            all.push(match out {
                Outbound::Text(t) => serde_json::from_str(&t).unwrap(),
                Outbound::Close(code, reason) => json!({ "close": code, "reason": reason }),
                Outbound::Drop => json!({ "dropped": true }),
                Outbound::Stall(ms) => json!({ "stalledMs": ms }),
            });
        }
        all
    }
}

fn login_params(agent: &str, initial: i64) -> Value {
    json!({ "tenantId": "t1", "agentNo": agent, "sessionKey": format!("dev-key-{agent}"),
        "bindEndpoint": { "endpointType": 2, "endpoint": "8001" }, "initialStatus": initial })
}

fn hub() -> Hub {
    // The transcript feed's timers are tested in calls/tests/monitor.rs.
    let mut config = Config::dev();
    config.tenants[0].calls.transcript = false;
    Hub::new(Arc::new(config))
}

#[test]
fn login_then_status_push() {
    let mut hub = hub();
    let mut c = Client::new(1);
    assert!(c.send(&mut hub, 1, "login", login_params("0001", 1), 0).is_empty());
    let f = c.frames();
    assert_eq!(f.len(), 2);
    assert_eq!((f[0]["id"].as_u64(), f[0]["code"].as_i64()), (Some(1), Some(0)));
    assert_eq!(f[0]["heartbeatIntervalMs"], 5000);
    assert_eq!(f[1]["seq"], 1);
    assert_eq!(f[1]["status"]["stateAction"], "idle");
    assert_eq!(hub.session_count(), 1);
}

#[test]
fn wrapup_login_sets_a_timer_that_ends_it() {
    let mut hub = hub();
    let mut c = Client::new(1);
    let wakes = c.send(&mut hub, 1, "login", login_params("0001", 3), 1000);
    assert_eq!(wakes, vec![Wake::Agent { session: 1, at_ms: 31_000 }]);
    c.frames();
    assert_eq!(hub.wake(wakes[0], 30_999), wakes);
    assert!(c.frames().is_empty());
    assert!(hub.wake(wakes[0], 31_000).is_empty());
    let f = c.frames();
    assert_eq!((f[0]["seq"].as_u64(), f[0]["status"]["stateAction"].as_str()), (Some(2), Some("wrapupEnd")));
}

#[test]
fn detached_sessions_expire_unless_resumed() {
    let mut hub = hub();
    let mut c = Client::new(1);
    c.send(&mut hub, 1, "login", login_params("0001", 1), 0);
    let token = c.frames()[0]["token"].as_str().unwrap().to_string();
    let wakes = hub.disconnect(1, c.bound, 10);
    assert_eq!(wakes, vec![Wake::Expire { session: 1, generation: 1, at_ms: 120_010 }]);
    let mut d = Client::new(2);
    d.send(&mut hub, 7, "resume", json!({ "token": token, "lastSeq": 0 }), 20);
    let f = d.frames();
    assert_eq!((f[0]["action"].as_str(), f[0]["lastSeq"].as_u64()), (Some("resumeResp"), Some(1)));
    assert_eq!(f[1]["seq"], 1);
    hub.wake(wakes[0], 120_010);
    assert_eq!(hub.session_count(), 1, "a resumed session does not expire");
    let wakes = hub.disconnect(2, d.bound, 200_000);
    hub.wake(wakes[0], 320_000);
    assert_eq!(hub.session_count(), 0);
    let mut e = Client::new(3);
    e.send(&mut hub, 1, "resume", json!({ "token": token, "lastSeq": 1 }), 320_001);
    let f = e.frames();
    assert_eq!((f[0]["errorCode"].as_i64(), f[1]["close"].as_u64()), (Some(20008), Some(4003)));
}

#[test]
fn requests_from_a_replaced_connection_are_not_logined() {
    let mut hub = hub();
    let mut a = Client::new(1);
    a.send(&mut hub, 1, "login", login_params("0001", 1), 0);
    let token = a.frames()[0]["token"].as_str().unwrap().to_string();
    let mut b = Client::new(2);
    b.send(&mut hub, 2, "resume", json!({ "token": token, "lastSeq": 1 }), 0);
    assert_eq!(a.frames(), vec![json!({ "close": 4001, "reason": "resumed on another connection" })]);
    a.send(&mut hub, 3, "unpause", json!({}), 0);
    assert_eq!(a.frames()[0]["errorCode"], 20001);
    assert_eq!(b.frames().len(), 1);
}

/// A customer calls queue 1 of t1 at `now`: the call's id and the timers
/// to set. Shared by the hub's test modules.
pub(super) fn inbound(hub: &mut Hub, now: u64) -> (String, Vec<Wake>) {
    let req = crate::calls::Inbound {
        tenant_id: "t1".into(),
        queue_no: Some("1".into()),
        agent_no: None,
        customer_number: "13800138000".into(),
        hotline: None,
        chan_variables: None,
    };
    let (id, wakes) = hub.scenario_inbound(req, now);
    (id.unwrap(), wakes)
}

fn kinds(frames: &[Value]) -> Vec<String> {
    frames
        .iter()
        .map(|f| match (f["action"].as_str(), f["eventType"].as_str(), f["close"].as_u64()) {
            (Some(a), _, _) => a.to_string(),
            (_, Some("agentStatus"), _) => format!("agentStatus {}", f["status"]["state"].as_str().unwrap()),
            (_, Some(e), _) => e.to_string(),
            (_, _, Some(code)) => format!("close {code}"),
            _ => f.to_string(),
        })
        .collect()
}

#[test]
fn calls_push_to_every_session_involved_and_set_call_timers() {
    let mut hub = hub();
    let mut a = Client::new(1);
    let mut b = Client::new(2);
    a.send(&mut hub, 1, "login", login_params("1001", 1), 0);
    b.send(&mut hub, 1, "login", login_params("1002", 1), 5);
    a.frames();
    b.frames();
    let (id, wakes) = inbound(&mut hub, 10);
    assert_eq!(wakes, vec![Wake::Calls { at_ms: 30_010 }], "the ring timeout");
    let f = a.frames();
    assert_eq!(kinds(&f), ["agentStatus ringing", "sessionInit", "ringing"]);
    assert_eq!((f[0]["seq"].as_u64(), f[2]["seq"].as_u64()), (Some(2), Some(4)));
    assert!(b.frames().is_empty(), "1001 has been idle longer");
    let (view, wakes) = hub.scenario_act(&id, crate::calls::Side::Agent, crate::calls::Act::Answer, 20);
    assert_eq!(view.unwrap().state, "talking");
    assert!(wakes.is_empty(), "no call timer left");
    assert_eq!(hub.wake(Wake::Calls { at_ms: 30_010 }, 30_010), Vec::new(), "a stale call timer does nothing");
    a.frames();
    a.send(&mut hub, 2, "startAtxfer", json!({ "targetType": 1, "target": "1002" }), 40);
    assert_eq!(kinds(&a.frames()), ["startAtxferResp", "atxferStart"]);
    assert_eq!(kinds(&b.frames()), ["agentStatus ringing", "sessionInit", "ringing"]);
    b.send(&mut hub, 2, "reject", json!({}), 50);
    assert_eq!(kinds(&b.frames()), ["rejectResp", "agentStatus idle", "sessionTerminate"]);
    assert_eq!(kinds(&a.frames()), ["atxferError"]);
    let wakes = a.send(&mut hub, 3, "unlink", json!({}), 60);
    assert_eq!(wakes, vec![Wake::Agent { session: 1, at_ms: 30_060 }], "wrap-up ends after 30 s");
    assert_eq!(kinds(&a.frames()), ["unlinkResp", "agentStatus wrapup", "sessionTerminate"]);
    let r = &{
        a.send(&mut hub, 4, "previewObCall", json!({ "customerNumber": "0001" }), 70);
        a.frames()
    }[0];
    assert_eq!((r["errorCode"].as_i64(), r["message"].as_str()), (Some(20102), Some("bad tel")));
}

#[test]
fn the_end_of_wrapup_offers_a_waiting_call() {
    let mut hub = hub();
    let mut a = Client::new(1);
    a.send(&mut hub, 1, "login", login_params("1001", 3), 0);
    a.frames();
    let (id, _) = inbound(&mut hub, 10);
    assert!(a.frames().is_empty());
    hub.wake(Wake::Agent { session: 1, at_ms: 30_000 }, 30_000);
    assert_eq!(kinds(&a.frames()), ["agentStatus idle", "agentStatus ringing", "sessionInit", "ringing"]);
    assert_eq!(hub.call_view(&id).unwrap().state, "offering");
}

#[test]
fn logout_or_takeover_ends_the_agents_call_first() {
    let mut hub = hub();
    let mut a = Client::new(1);
    a.send(&mut hub, 1, "login", login_params("1001", 1), 0);
    let (id, _) = inbound(&mut hub, 10);
    assert!(hub.scenario_act(&id, crate::calls::Side::Agent, crate::calls::Act::Answer, 20).0.is_ok());
    a.frames();
    a.send(&mut hub, 2, "logout", json!({ "logoutMode": 0 }), 30);
    assert_eq!(a.frames()[0]["errorCode"], 20009);
    a.send(&mut hub, 3, "logout", json!({ "logoutMode": 1 }), 30);
    let f = a.frames();
    assert_eq!(kinds(&f), ["logoutResp", "sessionTerminate", "agentStatus offline", "sessionTerminate", "close 4002"]);
    assert_eq!((f[1]["mainUniqueId"].as_str(), f[1].get("reason")), (Some(id.as_str()), None));
    assert_eq!(f[3]["reason"], "logout");
    assert_eq!(hub.call_view(&id).unwrap().end_reason.as_deref(), Some("agentLoggedOut"));

    let mut b = Client::new(2);
    b.send(&mut hub, 1, "login", login_params("1001", 1), 40);
    let (id, _) = inbound(&mut hub, 50);
    b.frames();
    let mut c = Client::new(3);
    c.send(&mut hub, 1, "login", login_params("1001", 1), 60);
    assert_eq!(kinds(&b.frames()), ["sessionTerminate", "sessionTerminate", "close 4001"]);
    assert_eq!(hub.call_view(&id).unwrap().state, "queued", "the offer went back to the queue");
    assert_eq!(kinds(&c.frames()), ["loginResp", "agentStatus idle"], "1001 had the call already");
}

#[path = "supervisor_tests.rs"]
mod supervisor;
