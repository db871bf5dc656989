//! Request parameters: JSON to the shared operation types, with every
//! failure phrased as an [`Invalid`] (`<field> <rule>`), the way the SDK
//! reports it.

use agent_sdk::protocol::{Invalid, Operation};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserialises `params`; a wrong shape names the field at fault.
pub fn parse<P: DeserializeOwned>(params: Value) -> Result<P, Invalid> {
    serde_path_to_error::deserialize(params).map_err(|e| {
        let path = e.path().to_string();
        describe(&path, &e.into_inner().to_string())
    })
}

/// Checks an operation's parameters against the same schema the SDK
/// checks before sending, then reads them.
pub fn parse_valid<P: Operation>(params: Value) -> Result<P, Invalid> {
    P::from_json(&params)
}

fn join(path: &str, field: &str) -> String {
    if path == "." || path.is_empty() {
        field.to_string()
    } else {
        format!("{path}.{field}")
    }
}

fn quoted(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    let end = rest.find('`')?;
    Some(rest[..end].to_string())
}

fn describe(path: &str, message: &str) -> Invalid {
    if let Some(field) = quoted(message, "missing field `") {
        return Invalid::new(join(path, &field), "is required");
    }
    if let Some(field) = quoted(message, "unknown field `") {
        // The path already ends at the unknown field.
        let full =
            if path == field || path.ends_with(&format!(".{field}")) { path.to_string() } else { join(path, &field) };
        return Invalid::new(full, "is not a known parameter");
    }
    let field = if path == "." || path.is_empty() { "params".to_string() } else { path.to_string() };
    let rule = message
        .replace("expected i64", "expected an integer")
        .replace("expected u64", "expected a non-negative integer")
        .replace("expected struct BindEndpoint", "expected an object {endpointType, endpoint}");
    let rule = match rule.find("expected struct ") {
        Some(at) => format!("{}expected an object", &rule[..at]),
        None => rule,
    };
    Invalid::new(field, rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use agent_sdk::protocol::frame::ResumeParams;
    use agent_sdk::protocol::ops::{LoginParams, PauseParams, UnpauseParams};
    use serde_json::json;

    fn login_error(v: Value) -> String {
        parse::<LoginParams>(v).unwrap_err().to_string()
    }

    #[test]
    fn shape_errors_name_the_field() {
        let ok = json!({ "tenantId": "t1", "agentNo": "0001", "sessionKey": "k",
            "bindEndpoint": { "endpointType": 1, "endpoint": "1" }, "initialStatus": 1 });
        assert!(parse::<LoginParams>(ok.clone()).is_ok());
        let mut v = ok.clone();
        v.as_object_mut().unwrap().remove("tenantId");
        assert_eq!(login_error(v), "tenantId is required");
        let mut v = ok.clone();
        v["bindEndpoint"].as_object_mut().unwrap().remove("endpoint");
        assert_eq!(login_error(v), "bindEndpoint.endpoint is required");
        let mut v = ok.clone();
        v["color"] = json!("red");
        assert_eq!(login_error(v), "color is not a known parameter");
        let mut v = ok.clone();
        v["bindEndpoint"]["color"] = json!("red");
        assert_eq!(login_error(v), "bindEndpoint.color is not a known parameter");
        let mut v = ok.clone();
        v["initialStatus"] = json!("1");
        assert_eq!(login_error(v), "initialStatus invalid type: string \"1\", expected an integer");
        let mut v = ok;
        v["bindEndpoint"] = json!(3);
        assert_eq!(
            login_error(v),
            "bindEndpoint invalid type: integer `3`, expected an object {endpointType, endpoint}"
        );
        assert_eq!(parse::<ResumeParams>(json!({ "token": "x", "lastSeq": -1 })).unwrap_err().field, "lastSeq");
        assert_eq!(parse::<UnpauseParams>(json!({ "x": 1 })).unwrap_err().to_string(), "x is not a known parameter");
    }

    #[test]
    fn rules_come_from_the_shared_schema() {
        let e = parse_valid::<PauseParams>(json!({ "pauseType": 100 })).unwrap_err();
        assert_eq!(e.to_string(), "pauseType must be between 0 and 99, got 100");
        assert!(parse_valid::<PauseParams>(json!({ "pauseType": 1, "pauseDescription": "MEETING" })).is_ok());
    }
}
