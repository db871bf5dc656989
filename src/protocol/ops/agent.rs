//! Agent operations (seed 001 section 3): login, logout, pause, unpause,
//! updateBoundEndpoint.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::{BindEndpoint, SdkResponse};
use crate::protocol::rules::{NoParams, Operation};
use crate::protocol::schema::{opt, req, Field, Kind, Limit, Requires, Schema, Text, NO_PARAMS};

/// The fields of a `BindEndpoint`.
pub const BIND_ENDPOINT: &[Field] = &[
    req("endpointType", Kind::Int(Limit::OneOf(&[1, 2, 3], "1 (PSTN number), 2 (extension) or 3 (softphone)"))),
    req("endpoint", Kind::Str(Text::NonEmpty)),
];

/// `login(params)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LoginParams {
    /// Session credential issued by the tenant.
    pub session_key: String,
    /// Tenant ID.
    pub tenant_id: String,
    /// Agent ID.
    pub agent_no: String,
    /// WebSocket URL; derived from `baseURL` when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub web_socket_url: Option<String>,
    /// Where the agent takes calls.
    pub bind_endpoint: BindEndpoint,
    /// Supervisor only: comma-separated queue list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub qids: Option<String>,
    /// 1 idle, 2 busy (needs `pauseDescription`), 3 wrap-up.
    #[tsify(type = "1 | 2 | 3")]
    pub initial_status: i64,
    /// Busy reason; required when `initialStatus` is 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pause_description: Option<String>,
    /// Comma-separated work modes: 0 preview + predictive, 4 preview only,
    /// 5 predictive only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub work_mode: Option<String>,
}

impl Operation for LoginParams {
    const ACTION: &'static str = "login";
    const SCHEMA: Schema = Schema {
        fields: &[
            req("sessionKey", Kind::Str(Text::NonEmpty)),
            req("tenantId", Kind::Str(Text::NonEmpty)),
            req("agentNo", Kind::Str(Text::NonEmpty)),
            opt("webSocketUrl", Kind::Str(Text::WsUrl)),
            req("bindEndpoint", Kind::Object(BIND_ENDPOINT)),
            opt("qids", Kind::Str(Text::Csv)),
            req("initialStatus", Kind::Int(Limit::OneOf(&[1, 2, 3], "1 (idle), 2 (busy) or 3 (wrap-up)"))),
            opt("pauseDescription", Kind::Str(Text::NonEmpty)),
            opt(
                "workMode",
                Kind::Str(Text::CsvOf(
                    &["0", "4", "5"],
                    "0 (preview + predictive), 4 (preview only), 5 (predictive only)",
                )),
            ),
        ],
        requires: &[Requires {
            when: "initialStatus",
            value: 2,
            then: "pauseDescription",
            rule: "is required when initialStatus is 2 (busy)",
        }],
    };
}

/// The `login` response. Softphone fields come only for `endpointType: 3`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct LoginResponse {
    /// Standard fields (`action` is `loginResp`).
    #[serde(flatten)]
    pub base: SdkResponse,
    /// Tenant ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tenant_id: Option<String>,
    /// Agent ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub agent_no: Option<String>,
    /// Echo of `bindEndpoint`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub bind_endpoint: Option<BindEndpoint>,
    /// Softphone: SIP-over-WebSocket URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub webrtc_socket_url: Option<String>,
    /// Softphone: STUN server (`stun:host:port`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub webrtc_stun_server: Option<String>,
    /// Softphone: SIP password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sip_pwd: Option<String>,
    /// Softphone: SIP domain / IP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sip_ip: Option<String>,
}

/// `logout(params)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogoutParams {
    /// 0 graceful (refused while the agent is on a call), 1 immediate.
    #[tsify(type = "0 | 1")]
    pub logout_mode: i64,
    /// 0 keep the endpoint binding (default), 1 unbind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "0 | 1")]
    pub unbind_endpoint: Option<i64>,
}

impl Operation for LogoutParams {
    const ACTION: &'static str = "logout";
    const SCHEMA: Schema = Schema::new(&[
        req("logoutMode", Kind::Int(Limit::OneOf(&[0, 1], "0 (graceful) or 1 (immediate)"))),
        opt("unbindEndpoint", Kind::Int(Limit::OneOf(&[0, 1], "0 (keep binding) or 1 (unbind)"))),
    ]);
}

/// `pause(params)`: go busy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PauseParams {
    /// Busy type, configured per tenant.
    pub pause_type: i64,
    /// Busy reason, configured per tenant (default `busy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pause_description: Option<String>,
}

impl Operation for PauseParams {
    const ACTION: &'static str = "pause";
    const SCHEMA: Schema = Schema::new(&[
        req("pauseType", Kind::Int(Limit::Range(0, 99, ""))),
        opt("pauseDescription", Kind::Str(Text::NonEmpty)),
    ]);
}

/// `unpause()`: go idle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnpauseParams(pub NoParams);

impl Operation for UnpauseParams {
    const ACTION: &'static str = "unpause";
    const SCHEMA: Schema = NO_PARAMS;
}

/// `updateBoundEndpoint(params)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UpdateBoundEndpointParams {
    /// The new endpoint.
    pub bind_endpoint: BindEndpoint,
}

impl Operation for UpdateBoundEndpointParams {
    const ACTION: &'static str = "updateBoundEndpoint";
    const SCHEMA: Schema = Schema::new(&[req("bindEndpoint", Kind::Object(BIND_ENDPOINT))]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Invalid;
    use serde_json::json;

    fn login(v: serde_json::Value) -> Result<LoginParams, Invalid> {
        LoginParams::from_json(&v)
    }

    #[test]
    fn seed_login_example_is_valid_and_round_trips() {
        let v = json!({ "tenantId": "your_tenantId", "agentNo": "your_agentNo", "sessionKey": "your_sessionKey",
            "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" }, "initialStatus": 1 });
        let p = login(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), v);
    }

    #[test]
    fn busy_login_needs_pause_description() {
        let mut v = json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
            "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" }, "initialStatus": 2 });
        assert_eq!(login(v.clone()).unwrap_err().field, "pauseDescription");
        v["pauseDescription"] = json!("MEETING");
        assert!(login(v).is_ok());
    }

    #[test]
    fn enums_and_required_fields_are_checked() {
        let base = json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
            "bindEndpoint": { "endpointType": 1, "endpoint": "1" }, "initialStatus": 1 });
        let with = |key: &str, value: serde_json::Value| {
            let mut v = base.clone();
            v[key] = value;
            login(v).unwrap_err()
        };
        assert_eq!(
            with("bindEndpoint", json!({ "endpointType": 4, "endpoint": "1" })).field,
            "bindEndpoint.endpointType"
        );
        assert_eq!(
            with("initialStatus", json!(0)).to_string(),
            "initialStatus must be 1 (idle), 2 (busy) or 3 (wrap-up), got 0"
        );
        assert_eq!(with("agentNo", json!("")).field, "agentNo");
        assert_eq!(with("workMode", json!("0,1")).field, "workMode");
        assert_eq!(with("webSocketUrl", json!("http://x")).field, "webSocketUrl");
        assert_eq!(with("qids", json!("q1,,q2")).field, "qids");
    }

    #[test]
    fn logout_pause_and_endpoint_rules() {
        assert!(LogoutParams::from_json(&json!({ "logoutMode": 1, "unbindEndpoint": 0 })).is_ok());
        assert_eq!(LogoutParams::from_json(&json!({ "logoutMode": 3 })).unwrap_err().field, "logoutMode");
        assert!(PauseParams::from_json(&json!({ "pauseType": 1, "pauseDescription": "MEETING" })).is_ok());
        assert_eq!(PauseParams::from_json(&json!({ "pauseType": "1" })).unwrap_err().field, "pauseType");
        assert!(UnpauseParams::from_json(&json!({})).is_ok());
        assert_eq!(UnpauseParams::from_json(&json!({ "x": 1 })).unwrap_err().field, "x");
        let e = UpdateBoundEndpointParams::from_json(&json!({ "bindEndpoint": { "endpointType": 2 } })).unwrap_err();
        assert_eq!(e.field, "bindEndpoint.endpoint");
    }
}
