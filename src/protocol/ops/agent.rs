//! Agent operations (seed 001 section 3): login, logout, pause, unpause,
//! updateBoundEndpoint.

use serde::{Deserialize, Serialize};
use tsify::Tsify;

use crate::protocol::common::{BindEndpoint, SdkResponse};
use crate::protocol::rules::{self, csv_of, one_of, required, Invalid, NoParams, Operation};

/// Checks an endpoint, reporting fields under `path` (e.g. `bindEndpoint`).
pub fn validate_endpoint(path: &str, e: &BindEndpoint) -> Result<(), Invalid> {
    one_of(
        &format!("{path}.endpointType"),
        e.endpoint_type,
        &[1, 2, 3],
        "1 (PSTN number), 2 (extension) or 3 (softphone)",
    )?;
    required(&format!("{path}.endpoint"), &e.endpoint)
}

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

    fn validate(&self) -> Result<(), Invalid> {
        required("sessionKey", &self.session_key)?;
        required("tenantId", &self.tenant_id)?;
        required("agentNo", &self.agent_no)?;
        if let Some(url) = &self.web_socket_url {
            if !(url.starts_with("ws://") || url.starts_with("wss://")) {
                return Err(Invalid::new("webSocketUrl", "must start with ws:// or wss://"));
            }
        }
        validate_endpoint("bindEndpoint", &self.bind_endpoint)?;
        one_of("initialStatus", self.initial_status, &[1, 2, 3], "1 (idle), 2 (busy) or 3 (wrap-up)")?;
        if self.initial_status == 2 {
            match &self.pause_description {
                Some(d) if !d.trim().is_empty() => {}
                _ => return Err(Invalid::new("pauseDescription", "is required when initialStatus is 2 (busy)")),
            }
        }
        if let Some(qids) = &self.qids {
            if qids.split(',').any(|q| q.trim().is_empty()) {
                return Err(Invalid::new("qids", "must be a comma-separated list of queue ids without empty entries"));
            }
        }
        if let Some(mode) = &self.work_mode {
            csv_of("workMode", mode, &["0", "4", "5"], "0 (preview + predictive), 4 (preview only), 5 (predictive only)")?;
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        one_of("logoutMode", self.logout_mode, &[0, 1], "0 (graceful) or 1 (immediate)")?;
        if let Some(u) = self.unbind_endpoint {
            one_of("unbindEndpoint", u, &[0, 1], "0 (keep binding) or 1 (unbind)")?;
        }
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        rules::in_range("pauseType", self.pause_type, 0, 99, "")?;
        if let Some(d) = &self.pause_description {
            required("pauseDescription", d)?;
        }
        Ok(())
    }
}

/// `unpause()`: go idle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnpauseParams(pub NoParams);

impl Operation for UnpauseParams {
    const ACTION: &'static str = "unpause";

    fn validate(&self) -> Result<(), Invalid> {
        Ok(())
    }
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

    fn validate(&self) -> Result<(), Invalid> {
        validate_endpoint("bindEndpoint", &self.bind_endpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn login(v: serde_json::Value) -> Result<(), Invalid> {
        serde_json::from_value::<LoginParams>(v).unwrap().validate()
    }

    #[test]
    fn seed_login_example_is_valid() {
        let v = json!({ "tenantId": "your_tenantId", "agentNo": "your_agentNo", "sessionKey": "your_sessionKey",
            "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" }, "initialStatus": 1 });
        assert_eq!(login(v.clone()), Ok(()));
        let p: LoginParams = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&p).unwrap(), v);
    }

    #[test]
    fn busy_login_needs_pause_description() {
        let mut v = json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
            "bindEndpoint": { "endpointType": 1, "endpoint": "13600000000" }, "initialStatus": 2 });
        assert_eq!(login(v.clone()).unwrap_err().field, "pauseDescription");
        v["pauseDescription"] = json!("MEETING");
        assert_eq!(login(v), Ok(()));
    }

    #[test]
    fn enums_and_required_fields_are_checked() {
        let base = json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
            "bindEndpoint": { "endpointType": 1, "endpoint": "1" }, "initialStatus": 1 });
        let mut v = base.clone();
        v["bindEndpoint"]["endpointType"] = json!(4);
        assert_eq!(login(v).unwrap_err().field, "bindEndpoint.endpointType");
        let mut v = base.clone();
        v["initialStatus"] = json!(0);
        assert_eq!(login(v).unwrap_err().to_string(), "initialStatus must be 1 (idle), 2 (busy) or 3 (wrap-up), got 0");
        let mut v = base.clone();
        v["agentNo"] = json!("");
        assert_eq!(login(v).unwrap_err().field, "agentNo");
        let mut v = base.clone();
        v["workMode"] = json!("0,1");
        assert_eq!(login(v).unwrap_err().field, "workMode");
        let mut v = base;
        v["webSocketUrl"] = json!("http://x");
        assert_eq!(login(v).unwrap_err().field, "webSocketUrl");
    }

    #[test]
    fn logout_and_pause_rules() {
        let p: LogoutParams = serde_json::from_value(json!({ "logoutMode": 1, "unbindEndpoint": 0 })).unwrap();
        assert_eq!(p.validate(), Ok(()));
        let p: LogoutParams = serde_json::from_value(json!({ "logoutMode": 3 })).unwrap();
        assert_eq!(p.validate().unwrap_err().field, "logoutMode");
        let p: PauseParams = serde_json::from_value(json!({ "pauseType": 1, "pauseDescription": "MEETING" })).unwrap();
        assert_eq!(p.validate(), Ok(()));
        assert!(serde_json::from_value::<UnpauseParams>(json!({})).is_ok());
        assert!(serde_json::from_value::<UnpauseParams>(json!({ "x": 1 })).is_err());
    }
}
