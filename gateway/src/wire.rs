//! Server frames as JSON text: responses `{id, action, code, message, ...}`,
//! pushes `{seq, eventType, ...}`, pongs and error frames.

use agent_sdk::protocol::frame::{ErrorFrame, Pong};
use agent_sdk::protocol::Event;
use serde::Serialize;

/// Error frame code: not JSON, not an object, no id or action, binary.
pub const BAD_FRAME: &str = "BAD_FRAME";
/// Error frame code: over `MAX_FRAME_BYTES`.
pub const FRAME_TOO_LARGE: &str = "FRAME_TOO_LARGE";

#[derive(Serialize)]
struct Response<'a, B> {
    id: u64,
    #[serde(flatten)]
    body: &'a B,
}

#[derive(Serialize)]
struct Push<'a> {
    seq: u64,
    #[serde(flatten)]
    event: &'a Event,
}

fn text<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string
    // keys, no failing Serialize impls. Fall back to an error frame anyway.
    serde_json::to_string(value)
        .unwrap_or_else(|_| r#"{"error":"INTERNAL","message":"could not encode a frame"}"#.to_string())
}

/// A response to request `id`: `body` (an `SdkResponse` or a type that
/// flattens one) with the id in front.
pub fn response<B: Serialize>(id: u64, body: &B) -> String {
    text(&Response { id, body })
}

/// A push with its sequence number.
pub fn push(seq: u64, event: &Event) -> String {
    text(&Push { seq, event })
}

/// The heartbeat answer.
pub fn pong(value: f64) -> String {
    text(&Pong { pong: value })
}

/// An error frame.
pub fn error(code: &str, message: impl Into<String>) -> String {
    text(&ErrorFrame { error: code.to_string(), message: message.into() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_sdk::protocol::events::AgentStatusEvent;
    use agent_sdk::protocol::SdkResponse;
    use serde_json::{json, Value};

    #[test]
    fn push_puts_seq_beside_the_tagged_payload() {
        let sample: Value = serde_json::from_str(include_str!("../../tests/fixtures/agentStatus.json")).unwrap();
        let event: Event = serde_json::from_value(sample.clone()).unwrap();
        assert!(matches!(event, Event::AgentStatusEvent(AgentStatusEvent { .. })));
        let mut expected = sample;
        expected["seq"] = json!(7);
        assert_eq!(serde_json::from_str::<Value>(&push(7, &event)).unwrap(), expected);
        assert!(push(7, &event).starts_with(r#"{"seq":7,"eventType":"agentStatus""#));
    }

    #[test]
    fn response_puts_the_id_first() {
        let r = response(3, &SdkResponse::fail("pauseResp", "already paused", Some(20007)));
        assert_eq!(r, r#"{"id":3,"action":"pauseResp","code":-1,"message":"already paused","errorCode":20007}"#);
        assert_eq!(pong(12.5), r#"{"pong":12.5}"#);
        assert_eq!(error(BAD_FRAME, "x"), r#"{"error":"BAD_FRAME","message":"x"}"#);
    }
}
