//! Events the SDK makes itself (heartbeat, reconnects, session end, its own
//! error reports). A small enum of its own keeps the catalogue's 85-variant
//! `Event`, which the gateway needs, out of the wasm bundle. The web layer
//! builds each payload member by member ([`Emitted::write`]) rather than
//! through serde_json, whose serialiser and number formatting would cost
//! the bundle several KB.

use serde::Serialize;

use crate::protocol::events::{
    PingEvent, ReconnectAttemptEvent, SdkErrorEvent, SessionTerminateEvent, SipDisconnectedEvent, SipSessionInitEvent,
    SipSessionTerminateEvent,
};

/// An event made by the SDK, serialized with its `eventType` tag.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "eventType")]
pub enum Emitted {
    /// `ping`.
    #[serde(rename = "ping")]
    Ping(PingEvent),
    /// `reconnectAttempt`.
    #[serde(rename = "reconnectAttempt")]
    ReconnectAttempt(ReconnectAttemptEvent),
    /// `sessionTerminate`.
    #[serde(rename = "sessionTerminate")]
    SessionTerminate(SessionTerminateEvent),
    /// `sdkError`.
    #[serde(rename = "sdkError")]
    SdkError(SdkErrorEvent),
    /// `sipSessionInit`.
    #[serde(rename = "sipSessionInit")]
    SipSessionInit(SipSessionInitEvent),
    /// `sipSessionTerminate`.
    #[serde(rename = "sipSessionTerminate")]
    SipSessionTerminate(SipSessionTerminateEvent),
    /// `sipDisconnected`.
    #[serde(rename = "sipDisconnected")]
    SipDisconnected(SipDisconnectedEvent),
}

/// Receives an event's members in order, e.g. to set them on a JS object.
pub trait Members {
    /// A string member.
    fn text(&mut self, key: &str, value: &str);
    /// A number member.
    fn number(&mut self, key: &str, value: f64);
}

fn opt_text(out: &mut impl Members, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        out.text(key, value);
    }
}

fn opt_number(out: &mut impl Members, key: &str, value: Option<i64>) {
    if let Some(value) = value {
        out.number(key, value as f64);
    }
}

impl Emitted {
    /// Hands the payload's members to `out`: `eventType` first, then the
    /// fields in declaration order, unset options left out (as serde writes
    /// them; a test holds the two in step).
    pub fn write(&self, out: &mut impl Members) {
        out.text("eventType", self.name());
        match self {
            Self::Ping(e) => {
                out.number("latencyTime", e.latency_time);
                out.number("networkState", e.network_state as f64);
            }
            Self::ReconnectAttempt(e) => {
                out.number("attempt", e.attempt as f64);
                out.number("code", e.code as f64);
                out.number("firstAttemptTs", e.first_attempt_ts);
                out.number("maxAttempts", e.max_attempts as f64);
                out.number("sinceFirstAttemptMs", e.since_first_attempt_ms);
            }
            Self::SessionTerminate(e) => {
                out.text("tenantId", &e.tenant_id);
                out.text("agentNo", &e.agent_no);
                opt_number(out, "callType", e.call_type);
                opt_text(out, "uniqueId", &e.unique_id);
                opt_text(out, "mainUniqueId", &e.main_unique_id);
                opt_text(out, "reason", &e.reason);
                opt_text(out, "message", &e.message);
            }
            Self::SdkError(e) => {
                out.text("code", &e.code);
                out.text("message", &e.message);
            }
            Self::SipSessionInit(e) => {
                out.text("callId", &e.call_id);
                out.text("direction", &e.direction);
                opt_text(out, "remoteNumber", &e.remote_number);
                opt_text(out, "uniqueId", &e.unique_id);
            }
            Self::SipSessionTerminate(e) => {
                out.text("callId", &e.call_id);
                out.text("direction", &e.direction);
                opt_text(out, "remoteNumber", &e.remote_number);
                opt_text(out, "uniqueId", &e.unique_id);
                out.text("reason", &e.reason);
                opt_number(out, "code", e.code);
            }
            Self::SipDisconnected(e) => {
                out.text("reason", &e.reason);
                opt_number(out, "code", e.code);
            }
        }
    }

    /// The `eventType` name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Ping(_) => "ping",
            Self::ReconnectAttempt(_) => "reconnectAttempt",
            Self::SessionTerminate(_) => "sessionTerminate",
            Self::SdkError(_) => "sdkError",
            Self::SipSessionInit(_) => "sipSessionInit",
            Self::SipSessionTerminate(_) => "sipSessionTerminate",
            Self::SipDisconnected(_) => "sipDisconnected",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Event, EVENT_TYPES};

    #[test]
    fn names_and_shapes_match_the_catalogue() {
        let made = Emitted::SdkError(SdkErrorEvent { code: "BAD_FRAME".into(), message: "m".into() });
        let text = serde_json::to_string(&made).unwrap();
        let event: Event = serde_json::from_str(&text).unwrap();
        assert_eq!(event.name(), made.name());
        for name in [
            "ping",
            "reconnectAttempt",
            "sessionTerminate",
            "sdkError",
            "sipSessionInit",
            "sipSessionTerminate",
            "sipDisconnected",
        ] {
            assert!(EVENT_TYPES.iter().any(|(_, n)| *n == name), "{name}");
        }
    }

    /// Collects members as serde_json does, numbers as f64 so that `2`
    /// and `2.0` compare equal.
    #[derive(Default)]
    struct Collected(Vec<(String, serde_json::Value)>);

    impl Members for Collected {
        fn text(&mut self, key: &str, value: &str) {
            self.0.push((key.into(), value.into()));
        }
        fn number(&mut self, key: &str, value: f64) {
            self.0.push((key.into(), value.into()));
        }
    }

    fn serde_members(event: &Emitted) -> Vec<(String, serde_json::Value)> {
        // serde_json's map is sorted; the writer's order is checked against
        // the declaration order below.
        let serde_json::Value::Object(map) = serde_json::to_value(event).unwrap() else { panic!("not an object") };
        map.into_iter().map(|(k, v)| (k, v.as_str().map_or_else(|| v.as_f64().unwrap().into(), |s| s.into()))).collect()
    }

    #[test]
    fn write_gives_what_serde_gives() {
        let s = |v: &str| Some(v.to_string());
        let every = [
            Emitted::Ping(PingEvent { latency_time: 12.5, network_state: 1 }),
            Emitted::ReconnectAttempt(ReconnectAttemptEvent {
                attempt: 2,
                code: -1,
                first_attempt_ts: 1.7e12,
                max_attempts: 20,
                since_first_attempt_ms: 1500.0,
            }),
            Emitted::SessionTerminate(SessionTerminateEvent {
                tenant_id: "t1".into(),
                agent_no: "0001".into(),
                call_type: Some(1),
                unique_id: s("u"),
                main_unique_id: s("m"),
                reason: s("logout"),
                message: s("bye \"now\""),
            }),
            Emitted::SessionTerminate(SessionTerminateEvent {
                tenant_id: "t1".into(),
                agent_no: "0001".into(),
                call_type: None,
                unique_id: None,
                main_unique_id: None,
                reason: None,
                message: None,
            }),
            Emitted::SdkError(SdkErrorEvent { code: "BAD_FRAME".into(), message: "m".into() }),
            Emitted::SipSessionInit(SipSessionInitEvent {
                call_id: "c".into(),
                direction: "inbound".into(),
                remote_number: s("1001"),
                unique_id: s("u"),
            }),
            Emitted::SipSessionInit(SipSessionInitEvent {
                call_id: "c".into(),
                direction: "outbound".into(),
                remote_number: None,
                unique_id: None,
            }),
            Emitted::SipSessionTerminate(SipSessionTerminateEvent {
                call_id: "c".into(),
                direction: "inbound".into(),
                remote_number: s("1001"),
                unique_id: s("u"),
                reason: "rejected".into(),
                code: Some(486),
            }),
            Emitted::SipSessionTerminate(SipSessionTerminateEvent {
                call_id: "c".into(),
                direction: "inbound".into(),
                remote_number: None,
                unique_id: None,
                reason: "localHangup".into(),
                code: None,
            }),
            Emitted::SipDisconnected(SipDisconnectedEvent { reason: "transportClosed".into(), code: Some(1006) }),
            Emitted::SipDisconnected(SipDisconnectedEvent { reason: "registrationFailed".into(), code: None }),
        ];
        for event in &every {
            let mut written = Collected::default();
            event.write(&mut written);
            let mut sorted = written.0.clone();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted, serde_members(event), "{event:?}");
            // Declaration order: serde's text lists members as written.
            let text = serde_json::to_string(event).unwrap();
            let positions: Vec<usize> =
                written.0.iter().map(|(k, _)| text.find(&format!("\"{k}\":")).unwrap()).collect();
            assert!(positions.windows(2).all(|w| w[0] < w[1]), "{event:?}: {positions:?}");
        }
    }
}
