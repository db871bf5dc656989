//! `setup(config)`: the SDK's global configuration.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::schema::{opt, req, Kind, Schema, Text};
use crate::protocol::Invalid;

/// The rules of `setup(config)`.
pub const SETUP_SCHEMA: Schema = Schema::new(&[
    req("baseURL", Kind::Str(Text::HttpUrl)),
    opt("webrtc", Kind::Bool),
    opt("debug", Kind::Bool),
    opt("audio_debug", Kind::Bool),
    opt("observability", Kind::Bool),
    opt("webrtcStats", Kind::Bool),
]);

/// `AgentSDK.setup(config)`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
pub struct SetupConfig {
    /// Agent Gateway base URL (`http://` or `https://`).
    #[serde(rename = "baseURL")]
    pub base_url: String,
    /// Enable the WebRTC softphone (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub webrtc: Option<bool>,
    /// Log to the console (default false). Secrets are always redacted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub debug: Option<bool>,
    /// Log audio play/pause (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub audio_debug: Option<bool>,
    /// Upload SDK-side errors and custom events (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub observability: Option<bool>,
    /// Emit `webrtcStats` every second during softphone calls (default false).
    #[serde(default, rename = "webrtcStats", skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub webrtc_stats: Option<bool>,
}

impl SetupConfig {
    /// The agent WebSocket URL derived from `baseURL`: http becomes ws,
    /// https becomes wss, and the protocol path is appended.
    pub fn agent_ws_url(&self) -> String {
        let base = self.base_url.trim_end_matches('/');
        let ws = match base.strip_prefix("https://") {
            Some(rest) => format!("wss://{rest}"),
            None => format!("ws://{}", base.strip_prefix("http://").unwrap_or(base)),
        };
        format!("{ws}{}", crate::protocol::frame::AGENT_WS_PATH)
    }

    /// With an `https` `baseURL`, every socket the SDK opens must be `wss`:
    /// a `ws://` URL from a login parameter or the gateway would send the
    /// session key and SIP credentials in clear text.
    pub fn check_socket_url(&self, field: &str, url: &str) -> Result<(), Invalid> {
        if self.base_url.starts_with("https://") && !url.starts_with("wss://") {
            return Err(Invalid::new(field, "must be a wss:// URL when baseURL is https"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::schema::check;
    use serde_json::json;

    fn config(url: &str) -> SetupConfig {
        SetupConfig { base_url: url.into(), ..Default::default() }
    }

    #[test]
    fn derives_websocket_url() {
        assert_eq!(config("http://127.0.0.1:8080").agent_ws_url(), "ws://127.0.0.1:8080/v1/agent/ws");
        assert_eq!(config("https://api.example.com/cc/").agent_ws_url(), "wss://api.example.com/cc/v1/agent/ws");
    }

    #[test]
    fn https_allows_only_wss_sockets() {
        let secure = config("https://api.example.com");
        assert_eq!(secure.check_socket_url("webSocketUrl", "wss://x/ws"), Ok(()));
        let err = secure.check_socket_url("webrtcSocketUrl", "ws://x/sip").unwrap_err();
        assert_eq!(err.field, "webrtcSocketUrl");
        assert!(err.rule.contains("wss://"), "{err}");
        assert_eq!(config("http://127.0.0.1:8080").check_socket_url("webSocketUrl", "ws://x"), Ok(()));
    }

    #[test]
    fn seed_example_is_valid_and_bad_values_are_named() {
        let seed = json!({ "baseURL": "https://api.example.com", "debug": false, "webrtc": true,
            "webrtcStats": false, "audio_debug": false, "observability": false });
        assert_eq!(check(&SETUP_SCHEMA, &&seed), Ok(()));
        let c: SetupConfig = serde_json::from_value(seed).unwrap();
        assert_eq!(c.webrtc, Some(true));
        for bad in [json!({ "baseURL": "ftp://x" }), json!({ "baseURL": "http://" }), json!({})] {
            assert_eq!(check(&SETUP_SCHEMA, &&bad).unwrap_err().field, "baseURL");
        }
        assert_eq!(check(&SETUP_SCHEMA, &&json!({ "baseURL": "http://h", "debug": 1 })).unwrap_err().field, "debug");
        assert_eq!(
            check(&SETUP_SCHEMA, &&json!({ "baseURL": "http://h", "webRTC": true })).unwrap_err().field,
            "webRTC"
        );
    }
}
