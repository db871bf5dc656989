//! Parameter rules shared by the SDK (checked before sending) and the gateway
//! (checked again on arrival, as a production server would).

use std::fmt;

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

    /// Checks every documented rule that the type system cannot.
    fn validate(&self) -> Result<(), Invalid>;
}

/// Operations that take no parameters send an empty object.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// `value` must not be empty or only whitespace.
pub fn required(field: &str, value: &str) -> Result<(), Invalid> {
    if value.trim().is_empty() {
        return Err(Invalid::new(field, "is required and must not be empty"));
    }
    Ok(())
}

/// `value` must be one of `allowed`; `meaning` lists them for the message.
pub fn one_of(field: &str, value: i64, allowed: &[i64], meaning: &str) -> Result<(), Invalid> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(Invalid::new(field, format!("must be {meaning}, got {value}")))
}

/// `value` must lie in `min..=max`.
pub fn in_range(field: &str, value: i64, min: i64, max: i64, unit: &str) -> Result<(), Invalid> {
    if (min..=max).contains(&value) {
        return Ok(());
    }
    Err(Invalid::new(field, format!("must be between {min} and {max}{unit}, got {value}")))
}

/// At most `max` characters.
pub fn max_chars(field: &str, value: &str, max: usize) -> Result<(), Invalid> {
    let n = value.chars().count();
    if n <= max {
        return Ok(());
    }
    Err(Invalid::new(field, format!("must be at most {max} characters, got {n}")))
}

/// At most `max` items.
pub fn max_items<T>(field: &str, items: &[T], max: usize) -> Result<(), Invalid> {
    if items.len() <= max {
        return Ok(());
    }
    Err(Invalid::new(field, format!("must have at most {max} entries, got {}", items.len())))
}

/// A comma-separated list whose every item is one of `allowed`.
pub fn csv_of(field: &str, value: &str, allowed: &[&str], meaning: &str) -> Result<(), Invalid> {
    for item in value.split(',') {
        if !allowed.contains(&item.trim()) {
            return Err(Invalid::new(field, format!("must be a comma-separated list of {meaning}, got '{}'", item.trim())));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_field_and_rule() {
        assert_eq!(required("agentNo", " ").unwrap_err().to_string(), "agentNo is required and must not be empty");
        assert_eq!(
            in_range("wrapupTime", 20, 30, 600, " seconds").unwrap_err().to_string(),
            "wrapupTime must be between 30 and 600 seconds, got 20"
        );
        assert!(one_of("side", 2, &[1, 2], "1 or 2").is_ok());
        assert_eq!(max_chars("description", "ab", 1).unwrap_err().rule, "must be at most 1 characters, got 2");
        assert!(csv_of("workMode", "0,4", &["0", "4", "5"], "0, 4, 5").is_ok());
        assert!(csv_of("workMode", "0,9", &["0", "4", "5"], "0, 4, 5").is_err());
        assert!(max_items("chanVariables", &[1, 2, 3], 2).is_err());
    }
}
