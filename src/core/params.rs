//! Checks the caller's parameters against an operation's rules, turning a
//! broken rule into an `INVALID_PARAMS` error that names field and rule.

use crate::core::error::SdkError;
use crate::protocol::schema::{self, Node, Schema};

/// Checks `params` for `action`.
pub fn check<N: Node>(action: &str, schema: &Schema, params: &N) -> Result<(), SdkError> {
    schema::check(schema, params).map_err(|invalid| SdkError::invalid(action, &invalid))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::{Details, ErrorCode};
    use crate::protocol::ops::{LoginParams, PauseParams};
    use crate::protocol::Operation;
    use serde_json::json;

    #[test]
    fn errors_name_action_field_and_rule() {
        let err = check("pause", &PauseParams::SCHEMA, &&json!({ "pauseType": "1" })).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParams);
        assert_eq!(err.message, "pause: pauseType must be an integer, got string");
        assert_eq!(
            err.details,
            Some(Details {
                action: "pause".into(),
                field: Some("pauseType".into()),
                rule: Some("must be an integer, got string".into()),
                timeout_ms: None,
            })
        );
        assert_eq!(err.to_string(), format!("INVALID_PARAMS: {}", err.message));
    }

    #[test]
    fn missing_params_are_named() {
        let err = check("login", &LoginParams::SCHEMA, &&json!(null)).unwrap_err();
        assert_eq!(err.details.and_then(|d| d.field).as_deref(), Some("params"));
    }
}
