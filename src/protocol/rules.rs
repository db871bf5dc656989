//! What an operation is on the wire: its action name and its parameter
//! rules ([`Schema`]), shared by the SDK (checked before sending) and the
//! gateway (checked again on arrival, as a production server would).

use std::fmt;

use crate::protocol::schema::{self, Schema};

/// A parameter that breaks a documented rule: which field, and which rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The field path as the caller wrote it, e.g. `bindEndpoint.endpoint`.
    pub field: String,
    /// The rule, phrased to complete "`field` ...", e.g. "is required".
    pub rule: String,
}

impl Invalid {
    /// A broken rule on `field`.
    pub fn new(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self { field: field.into(), rule: rule.into() }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.rule)
    }
}

/// An operation's parameters: the action it is sent as, and its rules.
pub trait Operation: serde::de::DeserializeOwned + serde::Serialize {
    /// The request `action` on the wire, e.g. `login`.
    const ACTION: &'static str;
    /// Every documented rule of the parameters.
    const SCHEMA: Schema;

    /// Checks a JSON value against the rules, then reads it as `Self`.
    fn from_json(value: &serde_json::Value) -> Result<Self, Invalid> {
        schema::check(&Self::SCHEMA, &value)?;
        serde_json::from_value(value.clone()).map_err(|e| Invalid::new("params", e.to_string()))
    }
}

/// Operations that take no parameters send an empty object.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}
