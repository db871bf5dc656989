//! The `EventType` catalogue: every event constant and name, the Rust payload
//! type behind each, and the TypeScript event map generated from the same
//! list, so names, payloads and typings cannot drift apart.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use crate::protocol::{common::SdkResponse, events::*, ops::*};

macro_rules! catalogue {
    (
        events { $( $ek:ident = $en:literal => $et:ident, )* }
        responses { $( $rk:ident = $rn:literal => $rt:ident, )* }
    ) => {
        /// Every `EventType` constant with its event name, events first, then
        /// one `<ACTION>_RESP` per operation.
        pub const EVENT_TYPES: &[(&str, &str)] = &[
            $( (stringify!($ek), $en), )*
            $( (stringify!($rk), $rn), )*
        ];

        /// An event payload with its tag, as pushed by the gateway (with a
        /// `seq` beside it) or emitted by the SDK.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "eventType")]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            $(
                #[doc = concat!("`", $en, "`")]
                #[serde(rename = $en)]
                $et($et),
            )*
        }

        impl Event {
            /// The `eventType` name.
            pub fn name(&self) -> &'static str {
                match self { $( Event::$et(_) => $en, )* }
            }
        }

        /// The TypeScript event map and constant types, emitted into the
        /// package's `.d.ts`.
        pub const EVENT_MAP_TS: &str = concat!(
            "/** Fields every event carries beside its payload. `seq` is set on events pushed by the gateway. */\n",
            "export interface EventMeta<N extends string> { eventType: N; seq?: number }\n",
            "/** Event name to handler payload, for `on`, `once` and `off`. */\n",
            "export interface AgentSdkEventMap {\n",
            $( "  ", $en, ": ", stringify!($et), " & EventMeta<'", $en, "'>;\n", )*
            $( "  ", $rn, ": ", stringify!($rt), ";\n", )*
            "}\n",
            "/** Every event name. */\n",
            "export type AgentSdkEventName = keyof AgentSdkEventMap;\n",
            "/** The `AgentSDK.EventType` constants. */\n",
            "export interface AgentSdkEventTypes {\n",
            $( "  readonly ", stringify!($ek), ": '", $en, "';\n", )*
            $( "  readonly ", stringify!($rk), ": '", $rn, "';\n", )*
            "}\n",
        );
    };
}

catalogue! {
    events {
        AGENT_STATUS = "agentStatus" => AgentStatusEvent,
        SESSION_INIT = "sessionInit" => SessionInitEvent,
        SESSION_TERMINATE = "sessionTerminate" => SessionTerminateEvent,
        RECONNECT_ATTEMPT = "reconnectAttempt" => ReconnectAttemptEvent,
        PING = "ping" => PingEvent,
        SDK_ERROR = "sdkError" => SdkErrorEvent,
    }
    responses {
        LOGIN_RESP = "loginResp" => LoginResponse,
        LOGOUT_RESP = "logoutResp" => SdkResponse,
        PAUSE_RESP = "pauseResp" => SdkResponse,
        UNPAUSE_RESP = "unpauseResp" => SdkResponse,
        UPDATE_BOUND_ENDPOINT_RESP = "updateBoundEndpointResp" => SdkResponse,
    }
}

/// The event name a response is emitted as: its `action`.
pub fn response_event_name(action: &str) -> Option<&'static str> {
    EVENT_TYPES.iter().find(|(k, n)| k.ends_with("_RESP") && *n == action).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_and_constants_are_unique() {
        let names: HashSet<_> = EVENT_TYPES.iter().map(|(_, n)| n).collect();
        let consts: HashSet<_> = EVENT_TYPES.iter().map(|(k, _)| k).collect();
        assert_eq!(names.len(), EVENT_TYPES.len());
        assert_eq!(consts.len(), EVENT_TYPES.len());
    }

    #[test]
    fn every_response_constant_is_the_action_plus_resp() {
        for (k, n) in EVENT_TYPES.iter().filter(|(k, _)| k.ends_with("_RESP")) {
            assert!(n.ends_with("Resp"), "{k} = {n}");
            assert_eq!(response_event_name(n), Some(*n));
        }
    }

    #[test]
    fn seed_agent_status_sample_round_trips() {
        let text = include_str!("../../tests/fixtures/agentStatus.json");
        let event: Event = serde_json::from_str(text).unwrap();
        assert_eq!(event.name(), "agentStatus");
        let back = serde_json::to_value(&event).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(text).unwrap());
    }

    #[test]
    fn typescript_map_lists_every_event() {
        for (k, n) in EVENT_TYPES {
            assert!(EVENT_MAP_TS.contains(&format!("  {n}: ")), "{n} missing from the event map");
            assert!(EVENT_MAP_TS.contains(&format!("readonly {k}: '{n}';")), "{k} missing");
        }
    }
}
