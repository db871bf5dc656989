//! The session driven through every path on a simulated clock.

use serde_json::{json, Value};

use super::emitted::Emitted;
use super::error::ErrorCode;
use super::session::{Inbound, LoginTarget, Output, Session, REQUEST_TIMEOUT_MS};
use crate::protocol::frame::FrameHead;
use crate::protocol::setup::SetupConfig;

struct Desk {
    session: Session,
    now: u64,
}

const LOGIN: &str = r#"{"tenantId":"t1","agentNo":"0001","sessionKey":"dev-key-0001","bindEndpoint":{"endpointType":1,"endpoint":"13600000000"},"initialStatus":1}"#;

fn target() -> LoginTarget {
    LoginTarget { tenant_id: "t1".into(), agent_no: "0001".into(), web_socket_url: None }
}

fn login(session: &mut Session, now: u64) -> Result<u64, super::SdkError> {
    session.login(target(), LOGIN.into(), now)
}

fn head(v: Value) -> FrameHead {
    serde_json::from_value(v).unwrap()
}

impl Desk {
    fn new() -> Self {
        let mut session = Session::new(7);
        session.setup(SetupConfig { base_url: "http://127.0.0.1:8080".into(), ..Default::default() });
        Self { session, now: 1_000_000 }
    }

    fn outputs(&mut self) -> Vec<Output> {
        std::iter::from_fn(|| self.session.poll_output()).collect()
    }

    fn sent(&mut self) -> Vec<Value> {
        self.outputs()
            .into_iter()
            .filter_map(|o| match o {
                Output::Send(text) => Some(serde_json::from_str(&text).unwrap()),
                _ => None,
            })
            .collect()
    }

    fn advance(&mut self, ms: u64) {
        self.now += ms;
        self.session.handle_timeout(self.now);
    }

    /// Runs timers until the session asks for a socket; returns the events
    /// it emitted meanwhile.
    fn run_until_connect(&mut self) -> Vec<Emitted> {
        let mut events = vec![];
        for _ in 0..100 {
            let Some(at) = self.session.poll_timeout() else { break };
            self.now = self.now.max(at);
            self.session.handle_timeout(self.now);
            let mut connected = false;
            for o in self.outputs() {
                match o {
                    Output::Emit(e) => events.push(e),
                    Output::Connect(_) => connected = true,
                    _ => {}
                }
            }
            if connected {
                return events;
            }
        }
        events
    }

    fn respond(&mut self, v: Value) -> Inbound {
        self.session.handle_frame(head(v), self.now)
    }

    fn logged_in(mut self) -> Self {
        let id = login(&mut self.session, self.now).unwrap();
        assert_eq!(self.outputs(), vec![Output::Connect("ws://127.0.0.1:8080/v1/agent/ws".into())]);
        self.session.socket_opened(self.now);
        let sent = self.sent();
        assert_eq!(sent[0]["action"], "login");
        assert_eq!(sent[0]["id"], id);
        assert_eq!(sent[0]["params"]["sessionKey"], "dev-key-0001");
        let inbound = self.respond(json!({ "id": id, "action": "loginResp", "code": 0, "message": "ok", "token": "tok", "heartbeatIntervalMs": 5000 }));
        assert_eq!(inbound, Inbound::Response { id, action: "loginResp".into(), strip_token: true });
        assert!(self.session.is_logged_in());
        self
    }
}

fn rejected(outputs: &[Output]) -> Vec<(u64, ErrorCode)> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Reject { id, error } => Some((*id, error.code)),
            _ => None,
        })
        .collect()
}

fn terminate_reason(outputs: &[Output]) -> Option<String> {
    outputs.iter().find_map(|o| match o {
        Output::Emit(Emitted::SessionTerminate(e)) => e.reason.clone(),
        _ => None,
    })
}

#[test]
fn operations_before_setup_are_not_initialized() {
    let mut session = Session::new(1);
    assert_eq!(login(&mut session, 0).unwrap_err().code, ErrorCode::NotInitialized);
    let err = session.request("unpause", "{}", 0).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotInitialized);
    assert!(err.message.contains("setup"));
}

#[test]
fn operations_before_login_are_not_connected() {
    let mut desk = Desk::new();
    let err = desk.session.request("unpause", "{}", desk.now).unwrap_err();
    assert_eq!(err.code, ErrorCode::WsNotConnected);
    assert_eq!(err.message, "unpause: not logged in; call login first");
}

#[test]
fn login_then_requests_then_pushes_in_order() {
    let mut desk = Desk::new().logged_in();
    let id = desk.session.request("pause", r#"{"pauseType":1,"pauseDescription":"MEETING"}"#, desk.now).unwrap();
    let sent = desk.sent();
    assert_eq!(
        sent,
        vec![json!({ "id": id, "action": "pause", "params": { "pauseType": 1, "pauseDescription": "MEETING" } })]
    );
    assert_eq!(
        desk.respond(json!({ "seq": 1, "eventType": "agentStatus" })),
        Inbound::Push { event_type: "agentStatus".into() }
    );
    assert_eq!(desk.respond(json!({ "seq": 1, "eventType": "agentStatus" })), Inbound::Consumed, "duplicate seq");
    let inbound = desk.respond(json!({ "id": id, "action": "pauseResp", "code": 0, "message": "ok" }));
    assert_eq!(inbound, Inbound::Response { id, action: "pauseResp".into(), strip_token: false });
    assert_eq!(
        desk.respond(json!({ "id": id, "action": "pauseResp", "code": 0 })),
        Inbound::Consumed,
        "late duplicate"
    );
}

#[test]
fn a_second_login_while_active_is_refused() {
    let mut desk = Desk::new().logged_in();
    assert_eq!(login(&mut desk.session, desk.now).unwrap_err().code, ErrorCode::InvalidState);
}

#[test]
fn failed_login_closes_and_allows_another() {
    let mut desk = Desk::new();
    let id = login(&mut desk.session, desk.now).unwrap();
    desk.session.socket_opened(desk.now);
    desk.outputs();
    let inbound = desk.respond(
        json!({ "id": id, "action": "loginResp", "code": -1, "message": "invalid sessionKey", "errorCode": 20002 }),
    );
    assert_eq!(inbound, Inbound::Response { id, action: "loginResp".into(), strip_token: false });
    assert_eq!(desk.outputs(), vec![Output::Close]);
    assert!(!desk.session.is_logged_in());
    assert!(login(&mut desk.session, desk.now).is_ok());
}

#[test]
fn unreachable_gateway_rejects_login() {
    let mut desk = Desk::new();
    let id = login(&mut desk.session, desk.now).unwrap();
    desk.outputs();
    desk.session.socket_closed(1006, desk.now);
    assert_eq!(rejected(&desk.outputs()), vec![(id, ErrorCode::WsNotConnected)]);
    assert_eq!(desk.session.poll_timeout(), None, "nothing left to wait for");
}

#[test]
fn unanswered_requests_time_out_exactly_at_the_deadline() {
    let mut desk = Desk::new().logged_in();
    desk.respond(json!({ "pong": 0 }));
    let id = desk.session.request("unpause", "{}", desk.now).unwrap();
    desk.outputs();
    desk.advance(REQUEST_TIMEOUT_MS - 1);
    let early = desk.outputs();
    assert!(rejected(&early).is_empty());
    desk.advance(1);
    assert_eq!(rejected(&desk.outputs()), vec![(id, ErrorCode::RequestTimeout)]);
}

#[test]
fn heartbeat_reports_latency_and_detects_a_dead_link() {
    let mut desk = Desk::new().logged_in();
    desk.advance(5_000);
    let ping = desk.sent();
    assert_eq!(ping.len(), 1);
    let ts = ping[0]["ping"].as_u64().unwrap();
    desk.now += 120;
    assert_eq!(desk.respond(json!({ "pong": ts })), Inbound::Consumed);
    let ping_event = desk.outputs().into_iter().find_map(|o| match o {
        Output::Emit(Emitted::Ping(p)) => Some(p),
        _ => None,
    });
    let ping_event = ping_event.unwrap();
    assert_eq!((ping_event.latency_time, ping_event.network_state), (120.0, 2));
    // Silence: the next ping is never answered.
    desk.advance(5_000);
    assert_eq!(desk.sent().len(), 1);
    desk.advance(10_000);
    let outputs = desk.outputs();
    assert!(outputs.contains(&Output::Close), "{outputs:?}");
    assert!(desk.session.is_logged_in(), "still logged in: reconnecting");
}

#[test]
fn a_drop_reconnects_resumes_and_resends_waiting_requests() {
    let mut desk = Desk::new().logged_in();
    desk.respond(json!({ "seq": 1, "eventType": "agentStatus" }));
    desk.respond(json!({ "seq": 2, "eventType": "agentStatus" }));
    let in_flight = desk.session.request("unpause", "{}", desk.now).unwrap();
    desk.outputs();
    desk.session.socket_closed(1006, desk.now);
    let queued = desk.session.request("unpause", "{}", desk.now).unwrap();
    assert!(desk.sent().is_empty(), "nothing goes out while disconnected");

    let events = desk.run_until_connect();
    let Some(Emitted::ReconnectAttempt(attempt)) = events.first() else { panic!("{events:?}") };
    assert_eq!((attempt.attempt, attempt.code, attempt.max_attempts), (1, -1, 20));
    desk.session.socket_opened(desk.now);
    let resume = desk.sent();
    assert_eq!(resume.len(), 1);
    assert_eq!(resume[0]["action"], "resume");
    assert_eq!(resume[0]["params"], json!({ "token": "tok", "lastSeq": 2 }));

    let resume_id = resume[0]["id"].as_u64().unwrap();
    assert_eq!(
        desk.respond(json!({ "id": resume_id, "action": "resumeResp", "code": 0, "message": "ok" })),
        Inbound::Consumed
    );
    let outputs = desk.outputs();
    assert!(outputs.iter().any(|o| matches!(o, Output::Emit(Emitted::ReconnectAttempt(a)) if a.code == 0)));
    let resent: Vec<u64> = outputs
        .iter()
        .filter_map(|o| match o {
            Output::Send(t) => serde_json::from_str::<Value>(t).unwrap()["id"].as_u64(),
            _ => None,
        })
        .collect();
    assert_eq!(resent, vec![in_flight, queued], "same ids, original order: the gateway runs each once");
    assert_eq!(desk.respond(json!({ "seq": 2, "eventType": "agentStatus" })), Inbound::Consumed, "replayed duplicate");
    assert_eq!(
        desk.respond(json!({ "seq": 3, "eventType": "agentStatus" })),
        Inbound::Push { event_type: "agentStatus".into() }
    );
}

#[test]
fn twenty_failed_attempts_end_the_session() {
    let mut desk = Desk::new().logged_in();
    let id = desk.session.request("unpause", "{}", desk.now).unwrap();
    desk.session.socket_closed(1006, desk.now);
    let mut attempts = 0;
    let mut all = vec![];
    for _ in 0..25 {
        let events = desk.run_until_connect();
        attempts += events.iter().filter(|e| matches!(e, Emitted::ReconnectAttempt(_))).count();
        desk.session.socket_closed(1006, desk.now);
        all.extend(desk.outputs());
        if !desk.session.is_logged_in() {
            break;
        }
    }
    assert_eq!(attempts, 20);
    assert_eq!(terminate_reason(&all).as_deref(), Some("reconnectFailed"));
    assert!(!desk.session.is_logged_in());
    let _ = id;
}

#[test]
fn requests_waiting_for_a_reconnect_still_time_out() {
    let mut desk = Desk::new().logged_in();
    desk.session.socket_closed(1006, desk.now);
    let id = desk.session.request("unpause", "{}", desk.now).unwrap();
    desk.advance(REQUEST_TIMEOUT_MS);
    assert_eq!(rejected(&desk.outputs()), vec![(id, ErrorCode::RequestTimeout)]);
}

#[test]
fn refused_resume_ends_the_session() {
    let mut desk = Desk::new().logged_in();
    desk.session.socket_closed(1006, desk.now);
    desk.run_until_connect();
    desk.session.socket_opened(desk.now);
    let resume_id = desk.sent()[0]["id"].clone();
    desk.respond(
        json!({ "id": resume_id, "action": "resumeResp", "code": -1, "errorCode": 20008, "message": "session gone" }),
    );
    assert_eq!(terminate_reason(&desk.outputs()).as_deref(), Some("sessionGone"));
    assert!(!desk.session.is_logged_in());
}

#[test]
fn takeover_is_final_and_announced_once() {
    let mut desk = Desk::new().logged_in();
    desk.respond(json!({ "seq": 1, "eventType": "sessionTerminate", "reason": "replaced" }));
    desk.session.socket_closed(4001, desk.now);
    let outputs = desk.outputs();
    assert_eq!(terminate_reason(&outputs), None, "the gateway already said it");
    assert_eq!(desk.session.poll_timeout(), None, "no reconnect");

    let mut desk = Desk::new().logged_in();
    desk.session.socket_closed(4001, desk.now);
    assert_eq!(
        terminate_reason(&desk.outputs()).as_deref(),
        Some("replaced"),
        "said by the SDK when the gateway did not"
    );
}

#[test]
fn logout_ends_without_reconnecting() {
    let mut desk = Desk::new().logged_in();
    let id = desk.session.request("logout", r#"{"logoutMode":1}"#, desk.now).unwrap();
    desk.outputs();
    desk.respond(json!({ "id": id, "action": "logoutResp", "code": 0, "message": "ok" }));
    let err = desk.session.request("unpause", "{}", desk.now).unwrap_err();
    assert_eq!(err.code, ErrorCode::WsNotConnected);
    desk.respond(json!({ "seq": 5, "eventType": "sessionTerminate", "reason": "logout" }));
    desk.session.socket_closed(4002, desk.now);
    desk.outputs();
    assert_eq!(desk.session.poll_timeout(), None);
    assert!(login(&mut desk.session, desk.now).is_ok(), "a new login may follow");
}

#[test]
fn a_login_right_after_logout_does_not_wait_for_the_close() {
    let mut desk = Desk::new().logged_in();
    let id = desk.session.request("logout", r#"{"logoutMode":1}"#, desk.now).unwrap();
    desk.outputs();
    desk.respond(json!({ "id": id, "action": "logoutResp", "code": 0, "message": "ok" }));
    let next = login(&mut desk.session, desk.now).unwrap();
    let outputs = desk.outputs();
    assert_eq!(terminate_reason(&outputs).as_deref(), Some("logout"), "the old session is announced as ended");
    assert!(outputs.contains(&Output::Close));
    assert_eq!(outputs.last(), Some(&Output::Connect("ws://127.0.0.1:8080/v1/agent/ws".into())));
    // The replaced socket's own close never reaches the session: the web
    // layer drops its listeners with it. The new socket opens.
    desk.session.socket_opened(desk.now);
    assert_eq!(desk.sent()[0]["id"], next);
}

#[test]
fn malformed_frames_are_reported_not_fatal() {
    let mut desk = Desk::new().logged_in();
    assert!(matches!(desk.respond(json!({ "seq": 1.5, "eventType": "agentStatus" })), Inbound::Bad(_)));
    assert!(matches!(desk.respond(json!({ "what": 1 })), Inbound::Bad(_)));
    assert_eq!(
        desk.respond(json!({ "error": "BAD_FRAME", "message": "x" })),
        Inbound::GatewayError { code: "BAD_FRAME".into() }
    );
    assert!(desk.session.is_logged_in());
}

#[test]
fn an_https_base_refuses_a_plain_websocket_url() {
    let mut session = Session::new(7);
    session.setup(SetupConfig { base_url: "https://cc.example.com".into(), ..Default::default() });
    let plain = LoginTarget { web_socket_url: Some("ws://cc.example.com/v1/agent/ws".into()), ..target() };
    let err = session.login(plain, LOGIN.into(), 0).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParams);
    assert!(err.message.contains("webSocketUrl") && err.message.contains("wss://"), "{}", err.message);
    assert!(session.poll_output().is_none(), "nothing was sent or opened");

    let secure = LoginTarget { web_socket_url: Some("wss://cc.example.com/v1/agent/ws".into()), ..target() };
    session.login(secure, LOGIN.into(), 0).unwrap();
    assert!(std::iter::from_fn(|| session.poll_output())
        .any(|o| o == Output::Connect("wss://cc.example.com/v1/agent/ws".into())));
}

#[test]
fn a_response_is_emitted_under_its_request_name_even_when_its_action_differs() {
    let mut desk = Desk::new().logged_in();
    let id = desk.session.request("getQueueStatus", "{}", desk.now).unwrap();
    // The seed documents `action: queueStatus` for this response; emitting it
    // under that name would make it look like the `queueStatus` push.
    let inbound = desk.respond(json!({ "id": id, "action": "queueStatus", "code": 0, "queueStatus": {} }));
    assert_eq!(inbound, Inbound::Response { id, action: "getQueueStatusResp".into(), strip_token: false });
}
