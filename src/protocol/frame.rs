//! The envelopes of wire protocol v1 (docs/protocol.md): requests, responses,
//! pushes, heartbeat and error frames. One JSON object per WebSocket text
//! frame.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Path of the agent WebSocket, appended to `baseURL` when `webSocketUrl` is
/// not given.
pub const AGENT_WS_PATH: &str = "/v1/agent/ws";

/// Largest frame either side processes. Bigger frames are answered with an
/// error frame and skipped; the connection stays up.
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// Close codes the gateway uses when it ends a session on purpose. The SDK
/// never reconnects after one of these.
pub mod close_code {
    /// Another login of the same agent took the session over.
    pub const REPLACED: u16 = 4001;
    /// The agent logged out (or was forced offline).
    pub const LOGGED_OUT: u16 = 4002;
    /// Resume failed: the session no longer exists or events were lost.
    pub const SESSION_GONE: u16 = 4003;
}

/// Reasons carried by `sessionTerminate` when the agent session (not a call)
/// ends.
pub mod terminate_reason {
    /// Another login of the same agent replaced this one.
    pub const REPLACED: &str = "replaced";
    /// The agent logged out.
    pub const LOGOUT: &str = "logout";
    /// A supervisor forced the agent offline.
    pub const FORCED_OFFLINE: &str = "forcedOffline";
    /// The session could not be resumed after a drop.
    pub const SESSION_GONE: &str = "sessionGone";
    /// Every reconnect attempt failed.
    pub const RECONNECT_FAILED: &str = "reconnectFailed";
}

/// A request from the SDK: `{id, action, params}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request<P> {
    /// Unique per session; the response carries it back. Re-sent requests
    /// keep their id so the gateway can run them at most once.
    pub id: u64,
    /// Operation name, e.g. `login`.
    pub action: String,
    /// Operation parameters (an empty object when there are none).
    pub params: P,
}

/// `resume` parameters: continue a session after a reconnect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResumeParams {
    /// Session token from the login response.
    pub token: String,
    /// Highest push `seq` the SDK has delivered.
    pub last_seq: u64,
}

impl ResumeParams {
    /// The parameters as JSON text, written by hand so the wasm bundle
    /// needs no serialiser for them (a test compares it with serde's).
    pub fn to_json(&self) -> String {
        format!(r#"{{"token":{},"lastSeq":{}}}"#, crate::protocol::schema::json::quote(&self.token), self.last_seq)
    }
}

/// Heartbeat from the SDK; answered by [`Pong`] with the same value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ping {
    /// Opaque value (the SDK sends its clock in ms).
    pub ping: f64,
}

/// Heartbeat answer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Pong {
    /// The value of the ping.
    pub pong: f64,
}

/// A frame the gateway could not take, not tied to a request id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorFrame {
    /// Stable code: `BAD_FRAME`, `FRAME_TOO_LARGE`, `NOT_LOGGED_IN`.
    pub error: String,
    /// What was wrong, for people.
    pub message: String,
}

/// What decides how a server frame is handled: the few top-level fields the
/// SDK reads. The web layer fills it from the parsed object; the rest of the
/// object goes to handlers untouched.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FrameHead {
    /// Request id, on responses.
    pub id: Option<f64>,
    /// Push sequence number, on pushes.
    pub seq: Option<f64>,
    /// Event name, on pushes.
    pub event_type: Option<String>,
    /// Response name, on responses.
    pub action: Option<String>,
    /// Result code, on responses.
    pub code: Option<f64>,
    /// Heartbeat echo.
    pub pong: Option<f64>,
    /// Error code, on error frames.
    pub error: Option<String>,
    /// Session token, on a successful `loginResp` only. Never shown to
    /// handlers.
    pub token: Option<String>,
    /// Heartbeat interval the gateway asks for, on `loginResp`.
    pub heartbeat_interval_ms: Option<f64>,
    /// On `sessionTerminate` pushes: set when the agent session ends.
    pub reason: Option<String>,
}

/// A server frame, classified.
#[derive(Debug, Clone, PartialEq)]
pub enum ServerFrame {
    /// The answer to a request.
    Response {
        /// The request's id.
        id: u64,
        /// `<operation>Resp`.
        action: String,
        /// 0 success, non-zero failure.
        code: i64,
    },
    /// A pushed event.
    Push {
        /// Its sequence number in the session.
        seq: u64,
        /// Its name.
        event_type: String,
    },
    /// Heartbeat echo.
    Pong {
        /// The value the ping carried.
        sent_at: f64,
    },
    /// The gateway rejected a frame.
    Error {
        /// The error frame's code.
        code: String,
    },
}

/// Why a server frame could not be classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFrame(pub String);

fn whole(v: f64, field: &str) -> Result<u64, BadFrame> {
    if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= 9_007_199_254_740_991.0 {
        Ok(v as u64)
    } else {
        Err(BadFrame(format!("{field} must be a non-negative integer")))
    }
}

impl FrameHead {
    /// Decides what kind of frame this is.
    pub fn classify(self) -> Result<ServerFrame, BadFrame> {
        if let Some(id) = self.id {
            if self.seq.is_some() {
                return Err(BadFrame("frame has both id and seq".into()));
            }
            let id = whole(id, "id")?;
            let action = self.action.ok_or_else(|| BadFrame("response without action".into()))?;
            let code = self.code.ok_or_else(|| BadFrame("response without code".into()))?;
            if !code.is_finite() || code.fract() != 0.0 {
                return Err(BadFrame("code must be an integer".into()));
            }
            return Ok(ServerFrame::Response { id, action, code: code as i64 });
        }
        if let Some(seq) = self.seq {
            let seq = whole(seq, "seq")?;
            let event_type = self.event_type.ok_or_else(|| BadFrame("push without eventType".into()))?;
            if event_type.is_empty() {
                return Err(BadFrame("push with empty eventType".into()));
            }
            return Ok(ServerFrame::Push { seq, event_type });
        }
        if let Some(sent_at) = self.pong {
            return Ok(ServerFrame::Pong { sent_at });
        }
        if let Some(code) = self.error {
            return Ok(ServerFrame::Error { code });
        }
        Err(BadFrame("frame is neither a response, a push, a pong nor an error".into()))
    }
}

/// A frame from the SDK, as the gateway reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientFrame {
    /// An operation.
    Request {
        /// Request id, echoed in the response.
        id: u64,
        /// Operation name.
        action: String,
        /// Parameters (always an object).
        params: Value,
    },
    /// A heartbeat.
    Ping(f64),
}

impl ClientFrame {
    /// Parses a text frame. The error says what is wrong and, when the frame
    /// had a usable id and action, which request to answer.
    pub fn parse(text: &str) -> Result<Self, (Option<(u64, String)>, String)> {
        let value: Value = serde_json::from_str(text).map_err(|e| (None, format!("not JSON: {e}")))?;
        let Value::Object(mut obj) = value else {
            return Err((None, "frame must be a JSON object".into()));
        };
        if let Some(p) = obj.get("ping") {
            return p.as_f64().map(ClientFrame::Ping).ok_or((None, "ping must be a number".into()));
        }
        let id = obj.get("id").and_then(Value::as_u64);
        let action = obj.get("action").and_then(Value::as_str).map(str::to_owned);
        match (id, action) {
            (Some(id), Some(action)) => {
                let params = obj.remove("params").unwrap_or_else(|| Value::Object(Default::default()));
                if !params.is_object() {
                    return Err((Some((id, action)), "params must be an object".into()));
                }
                Ok(ClientFrame::Request { id, action, params })
            }
            (None, _) => Err((None, "request needs an integer id".into())),
            (Some(_), None) => Err((None, "request needs an action".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> FrameHead {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn classifies_every_kind() {
        assert_eq!(
            head(r#"{"id":3,"action":"loginResp","code":0,"message":"ok"}"#).classify(),
            Ok(ServerFrame::Response { id: 3, action: "loginResp".into(), code: 0 })
        );
        assert_eq!(
            head(r#"{"seq":9,"eventType":"agentStatus","status":{}}"#).classify(),
            Ok(ServerFrame::Push { seq: 9, event_type: "agentStatus".into() })
        );
        assert_eq!(head(r#"{"pong":12.5}"#).classify(), Ok(ServerFrame::Pong { sent_at: 12.5 }));
        assert_eq!(
            head(r#"{"error":"BAD_FRAME","message":"x"}"#).classify(),
            Ok(ServerFrame::Error { code: "BAD_FRAME".into() })
        );
    }

    #[test]
    fn rejects_malformed_heads() {
        assert!(head(r#"{"id":-1,"action":"a","code":0}"#).classify().is_err());
        assert!(head(r#"{"id":1.5,"action":"a","code":0}"#).classify().is_err());
        assert!(head(r#"{"id":1,"code":0}"#).classify().is_err());
        assert!(head(r#"{"seq":1}"#).classify().is_err());
        assert!(head(r#"{"hello":1}"#).classify().is_err());
    }

    #[test]
    fn resume_params_text_is_serdes() {
        let params = ResumeParams { token: "t\"ok\\en".into(), last_seq: 42 };
        assert_eq!(params.to_json(), serde_json::to_string(&params).unwrap());
    }

    #[test]
    fn parses_client_frames() {
        assert_eq!(
            ClientFrame::parse(r#"{"id":1,"action":"unpause"}"#),
            Ok(ClientFrame::Request { id: 1, action: "unpause".into(), params: serde_json::json!({}) })
        );
        assert_eq!(ClientFrame::parse(r#"{"ping":5}"#), Ok(ClientFrame::Ping(5.0)));
        assert_eq!(ClientFrame::parse("nope").unwrap_err().0, None);
        assert_eq!(ClientFrame::parse("[1]").unwrap_err().0, None);
        let (answer, msg) = ClientFrame::parse(r#"{"id":4,"action":"pause","params":3}"#).unwrap_err();
        assert_eq!(answer, Some((4, "pause".into())));
        assert_eq!(msg, "params must be an object");
    }
}
