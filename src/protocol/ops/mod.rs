//! Operation parameters and responses (seed 001), and the parameter checks
//! several sections share.

use serde_json::Value;

use crate::protocol::common::ChannelVariable;
use crate::protocol::rules::{max_items, one_of, required, Invalid};

/// Declares an operation that takes no parameters: it sends `{}` and rejects
/// any field, so a misspelt option is caught instead of silently dropped.
macro_rules! no_params_operation {
    ($(#[$doc:meta])* $name:ident = $action:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub crate::protocol::rules::NoParams);

        impl crate::protocol::rules::Operation for $name {
            const ACTION: &'static str = $action;

            fn validate(&self) -> Result<(), crate::protocol::rules::Invalid> {
                Ok(())
            }
        }
    };
}

pub mod agent;
pub mod call;
pub mod softphone;
pub mod supervisor;
pub mod transfer;

pub use agent::*;
pub use call::*;
pub use softphone::*;
pub use supervisor::*;
pub use transfer::*;

/// Most channel variables a call accepts.
pub const MAX_CHAN_VARIABLES: usize = 5;

/// `value` must be one of the `allowed` strings.
pub fn one_of_str(field: &str, value: &str, allowed: &[&str]) -> Result<(), Invalid> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let list: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    Err(Invalid::new(field, format!("must be one of {}, got '{value}'", list.join(", "))))
}

/// `value` must be at least 1.
pub fn positive(field: &str, value: i64, unit: &str) -> Result<(), Invalid> {
    if value >= 1 {
        return Ok(());
    }
    Err(Invalid::new(field, format!("must be a positive number{unit}, got {value}")))
}

/// A dialable-looking number: 3 to 20 characters, digits with an optional
/// leading `+`. Anything else is refused locally; whether the number can
/// really be dialled is the server's call (business code 20102).
pub fn phone_number(field: &str, value: &str) -> Result<(), Invalid> {
    required(field, value)?;
    let digits = value.strip_prefix('+').unwrap_or(value);
    let n = value.chars().count();
    if !(3..=20).contains(&n) || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::new(
            field,
            format!("must be a phone number of 3 to 20 characters (digits, optional leading +), got '{value}'"),
        ));
    }
    Ok(())
}

/// At most [`MAX_CHAN_VARIABLES`] variables, each named and of type 1..4.
pub fn chan_variables(field: &str, vars: &[ChannelVariable]) -> Result<(), Invalid> {
    max_items(field, vars, MAX_CHAN_VARIABLES)?;
    for (i, v) in vars.iter().enumerate() {
        required(&format!("{field}[{i}].name"), &v.name)?;
        one_of(
            &format!("{field}[{i}].type"),
            v.kind,
            &[1, 2, 3, 4],
            "1 (channel variable), 2 (SIP header), 3 (${} variable) or 4 (${} SIP header)",
        )?;
    }
    Ok(())
}

/// An id that may be given as a string or a number (`ivrId`, queue numbers):
/// a non-empty string or a non-negative integer.
pub fn string_or_number_id(field: &str, value: &Value) -> Result<(), Invalid> {
    match value {
        Value::String(s) => required(field, s),
        Value::Number(n) if n.as_u64().is_some() => Ok(()),
        other => Err(Invalid::new(field, format!("must be a non-empty string or a non-negative integer, got {other}"))),
    }
}
