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
    Hub::new(Arc::new(Config::dev()))
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
