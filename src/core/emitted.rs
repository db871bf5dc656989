//! Events the SDK makes itself (heartbeat, reconnects, session end, its own
//! error reports). A small enum of its own keeps the catalogue's 85-variant
//! `Event`, which the gateway needs, out of the wasm bundle.

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

impl Emitted {
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
}
