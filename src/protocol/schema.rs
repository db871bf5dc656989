//! Parameter rules as data. Each operation declares a [`Schema`]; one
//! generic walker checks it against the caller's object, in the browser (a
//! JS object) and in the gateway (a JSON value) alike. Rules as static data
//! cost a few bytes per operation in the wasm bundle, where derived
//! deserializers would cost kilobytes each.

use crate::protocol::rules::Invalid;

/// Read access to a parameter object, whatever holds it.
pub trait Node: Sized {
    /// The value under `key`; `None` when absent, `undefined` or `null`.
    fn field(&self, key: &str) -> Option<Self>;
    /// The keys of a plain object; `None` when this is not one.
    fn keys(&self) -> Option<Vec<String>>;
    /// The items of an array; `None` when this is not one.
    fn items(&self) -> Option<Vec<Self>>;
    /// A string value.
    fn string(&self) -> Option<String>;
    /// A number value.
    fn number(&self) -> Option<f64>;
    /// A boolean value.
    fn boolean(&self) -> Option<bool>;
    /// The value's type, for messages: `string`, `number`, `object`...
    fn type_name(&self) -> &'static str;
}

/// What a field holds, with its rule.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string, checked by `Text`.
    Str(Text),
    /// An integer, optionally limited.
    Int(Limit),
    /// A number (integer or not), at least zero.
    NonNegative,
    /// `true` or `false`.
    Bool,
    /// A string or an integer (e.g. `ivrId`).
    StrOrInt,
    /// A nested object with its own fields.
    Object(&'static [Field]),
    /// An array of objects with these fields, at most `max` long.
    ObjectList(&'static [Field], usize),
    /// An array of strings or numbers (e.g. `queueNos`).
    ScalarList,
    /// An object of string values (e.g. `returnVariables`).
    StringMap,
}

/// Rules for a string.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    /// Any string.
    Any,
    /// Not empty or blank.
    NonEmpty,
    /// Fewer than this many characters.
    ShorterThan(usize),
    /// DTMF characters (0-9 * # A-D), 1 to `max` of them.
    Dtmf(usize),
    /// A phone number: digits with an optional leading `+`, 3 to 20 long.
    Phone,
    /// Up to `max` comma-separated phone numbers.
    PhoneList(usize),
    /// A comma-separated list of these values (described by the text).
    CsvOf(&'static [&'static str], &'static str),
    /// A comma-separated list without empty entries.
    Csv,
    /// A `ws://` or `wss://` URL.
    WsUrl,
    /// An `http://` or `https://` URL with a host.
    HttpUrl,
}

/// Rules for an integer.
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// Any integer.
    Any,
    /// One of these values; the text lists them for people.
    OneOf(&'static [i64], &'static str),
    /// Within `min..=max`; the text is the unit (e.g. " seconds").
    Range(i64, i64, &'static str),
}

/// One field of an operation's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name, exactly as documented.
    pub name: &'static str,
    /// Whether it must be present.
    pub required: bool,
    /// What it holds.
    pub kind: Kind,
}

/// A required field.
pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field { name, required: true, kind }
}

/// An optional field.
pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field { name, required: false, kind }
}

/// A rule between fields: when `when` equals `value`, `then` is required.
#[derive(Debug, Clone, Copy)]
pub struct Requires {
    /// The deciding field.
    pub when: &'static str,
    /// Its triggering value.
    pub value: i64,
    /// The field that becomes required.
    pub then: &'static str,
    /// The rule as people read it.
    pub rule: &'static str,
}

/// Every rule of an operation's parameters.
#[derive(Debug, Clone, Copy)]
pub struct Schema {
    /// The fields; anything else is refused as a likely typo.
    pub fields: &'static [Field],
    /// Rules between fields.
    pub requires: &'static [Requires],
}

impl Schema {
    /// A schema without cross-field rules.
    pub const fn new(fields: &'static [Field]) -> Self {
        Self { fields, requires: &[] }
    }
}

/// Parameters of an operation with none.
pub const NO_PARAMS: Schema = Schema::new(&[]);

/// Checks `params` against `schema`; the error names the field and rule.
pub fn check<N: Node>(schema: &Schema, params: &N) -> Result<(), Invalid> {
    check_object(schema.fields, params, "")?;
    for r in schema.requires {
        let triggered = params.field(r.when).and_then(|v| v.number()) == Some(r.value as f64);
        let present = params.field(r.then).and_then(|v| v.string()).is_some_and(|s| !s.trim().is_empty());
        if triggered && !present {
            return Err(Invalid::new(r.then, r.rule));
        }
    }
    Ok(())
}

fn check_object<N: Node>(fields: &[Field], object: &N, prefix: &str) -> Result<(), Invalid> {
    let at = |name: &str| if prefix.is_empty() { name.to_string() } else { format!("{prefix}.{name}") };
    let Some(keys) = object.keys() else {
        let name = if prefix.is_empty() { "params" } else { prefix };
        return Err(Invalid::new(name, format!("must be an object, got {}", object.type_name())));
    };
    // Unknown keys first: a misspelt name would otherwise surface as a
    // confusing "required" error on the field it was meant to be.
    if let Some(unknown) = keys.iter().find(|k| !fields.iter().any(|f| f.name == k.as_str())) {
        let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
        let rule = if known.is_empty() {
            "is not a known parameter: this operation takes none".to_string()
        } else {
            format!("is not a known parameter (expected one of: {})", known.join(", "))
        };
        return Err(Invalid::new(at(unknown), rule));
    }
    for field in fields {
        match object.field(field.name) {
            None if field.required => return Err(Invalid::new(at(field.name), "is required")),
            None => {}
            Some(value) => check_value(&field.kind, &value, &at(field.name))?,
        }
    }
    Ok(())
}

fn wrong_type<N: Node>(path: &str, expected: &str, value: &N) -> Invalid {
    Invalid::new(path, format!("must be {expected}, got {}", value.type_name()))
}

fn integer<N: Node>(value: &N, path: &str) -> Result<i64, Invalid> {
    match value.number() {
        Some(n) if n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_991.0 => Ok(n as i64),
        Some(_) => Err(Invalid::new(path, "must be an integer")),
        None => Err(wrong_type(path, "an integer", value)),
    }
}

fn check_value<N: Node>(kind: &Kind, value: &N, path: &str) -> Result<(), Invalid> {
    match kind {
        Kind::Str(text) => {
            let s = value.string().ok_or_else(|| wrong_type(path, "a string", value))?;
            check_text(text, &s, path)
        }
        Kind::Int(limit) => check_limit(limit, integer(value, path)?, path),
        Kind::NonNegative => match value.number() {
            Some(n) if n >= 0.0 && n.is_finite() => Ok(()),
            Some(_) => Err(Invalid::new(path, "must be zero or more")),
            None => Err(wrong_type(path, "a number", value)),
        },
        Kind::Bool => value.boolean().map(|_| ()).ok_or_else(|| wrong_type(path, "true or false", value)),
        Kind::StrOrInt => match (value.string(), value.number()) {
            (Some(s), _) if !s.trim().is_empty() => Ok(()),
            (Some(_), _) => Err(Invalid::new(path, "is required and must not be empty")),
            (None, Some(_)) => integer(value, path).map(|_| ()),
            _ => Err(wrong_type(path, "a string or an integer", value)),
        },
        Kind::Object(fields) => check_object(fields, value, path),
        Kind::ObjectList(fields, max) => {
            let items = value.items().ok_or_else(|| wrong_type(path, "an array", value))?;
            if items.len() > *max {
                return Err(Invalid::new(path, format!("must have at most {max} entries, got {}", items.len())));
            }
            items.iter().enumerate().try_for_each(|(i, item)| check_object(fields, item, &format!("{path}[{i}]")))
        }
        Kind::ScalarList => {
            let items = value.items().ok_or_else(|| wrong_type(path, "an array", value))?;
            match items.iter().position(|i| i.string().is_none() && i.number().is_none()) {
                Some(i) => Err(wrong_type(&format!("{path}[{i}]"), "a string or a number", &items[i])),
                None => Ok(()),
            }
        }
        Kind::StringMap => {
            let keys = value.keys().ok_or_else(|| wrong_type(path, "an object", value))?;
            for key in keys {
                if let Some(v) = value.field(&key) {
                    if v.string().is_none() {
                        return Err(wrong_type(&format!("{path}.{key}"), "a string", &v));
                    }
                }
            }
            Ok(())
        }
    }
}

fn check_limit(limit: &Limit, n: i64, path: &str) -> Result<(), Invalid> {
    match limit {
        Limit::Any => Ok(()),
        Limit::OneOf(allowed, meaning) if !allowed.contains(&n) => {
            Err(Invalid::new(path, format!("must be {meaning}, got {n}")))
        }
        Limit::Range(min, max, unit) if !(min..=max).contains(&&n) => {
            Err(Invalid::new(path, format!("must be between {min} and {max}{unit}, got {n}")))
        }
        _ => Ok(()),
    }
}

fn is_phone(s: &str) -> bool {
    let digits = s.strip_prefix('+').unwrap_or(s);
    (3..=20).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

fn check_text(text: &Text, s: &str, path: &str) -> Result<(), Invalid> {
    let fail = |rule: String| Err(Invalid::new(path, rule));
    match text {
        Text::Any => Ok(()),
        Text::NonEmpty if s.trim().is_empty() => fail("is required and must not be empty".into()),
        Text::ShorterThan(n) if s.chars().count() >= *n => {
            fail(format!("must be shorter than {n} characters, got {}", s.chars().count()))
        }
        Text::Dtmf(max) if s.is_empty() || s.chars().count() > *max => {
            fail(format!("must have 1 to {max} digits, got {}", s.chars().count()))
        }
        Text::Dtmf(_) if !s.chars().all(|c| matches!(c, '0'..='9' | '*' | '#' | 'A'..='D')) => {
            fail("may only contain the DTMF characters 0-9 * # A B C D".into())
        }
        Text::Phone if !is_phone(s) => {
            fail(format!("must be a phone number (digits, optional leading +, 3 to 20 long), got '{s}'"))
        }
        Text::PhoneList(max) => {
            let numbers: Vec<&str> = s.split(',').map(str::trim).collect();
            if numbers.len() > *max {
                return fail(format!("must list at most {max} numbers, got {}", numbers.len()));
            }
            match numbers.iter().find(|n| !is_phone(n)) {
                Some(bad) => fail(format!("must be comma-separated phone numbers, got '{bad}'")),
                None => Ok(()),
            }
        }
        Text::CsvOf(allowed, meaning) => match s.split(',').map(str::trim).find(|i| !allowed.contains(i)) {
            Some(bad) => fail(format!("must be a comma-separated list of {meaning}, got '{bad}'")),
            None => Ok(()),
        },
        Text::Csv if s.split(',').any(|i| i.trim().is_empty()) => {
            fail("must be a comma-separated list without empty entries".into())
        }
        Text::WsUrl if !(s.starts_with("ws://") || s.starts_with("wss://")) => {
            fail("must start with ws:// or wss://".into())
        }
        Text::HttpUrl => {
            let rest = s.strip_prefix("http://").or_else(|| s.strip_prefix("https://"));
            match rest {
                None => fail("must start with http:// or https://".into()),
                Some(host) if host.trim_end_matches('/').is_empty() || host.contains(char::is_whitespace) => {
                    fail("must name a host, without spaces".into())
                }
                Some(_) => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// JSON values as parameter objects: the gateway's side, and native tests.
impl Node for &serde_json::Value {
    fn field(&self, key: &str) -> Option<Self> {
        self.get(key).filter(|v| !v.is_null())
    }
    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|o| o.iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k.clone()).collect())
    }
    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().map(|a| a.iter().collect())
    }
    fn string(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }
    fn number(&self) -> Option<f64> {
        self.as_f64()
    }
    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }
    fn type_name(&self) -> &'static str {
        match self {
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "boolean",
            serde_json::Value::Number(_) => "number",
            serde_json::Value::String(_) => "string",
            serde_json::Value::Array(_) => "array",
            serde_json::Value::Object(_) => "object",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ENDPOINT: &[Field] = &[
        req("endpointType", Kind::Int(Limit::OneOf(&[1, 2, 3], "1, 2 or 3"))),
        req("endpoint", Kind::Str(Text::NonEmpty)),
    ];
    const SAMPLE: Schema = Schema {
        fields: &[
            req("name", Kind::Str(Text::NonEmpty)),
            opt("status", Kind::Int(Limit::OneOf(&[1, 2], "1 or 2"))),
            opt("reason", Kind::Str(Text::Any)),
            opt("timeout", Kind::Int(Limit::Range(5, 60, " seconds"))),
            opt("digits", Kind::Str(Text::Dtmf(20))),
            opt("endpoint", Kind::Object(ENDPOINT)),
            opt("vars", Kind::ObjectList(ENDPOINT, 2)),
            opt("numbers", Kind::Str(Text::PhoneList(5))),
            opt("ivrId", Kind::StrOrInt),
            opt("map", Kind::StringMap),
        ],
        requires: &[Requires { when: "status", value: 2, then: "reason", rule: "is required when status is 2" }],
    };

    fn err(v: serde_json::Value) -> (String, String) {
        let e = check(&SAMPLE, &&v).unwrap_err();
        (e.field, e.rule)
    }

    #[test]
    fn accepts_valid_params_and_treats_null_as_absent() {
        let v = json!({ "name": "a", "status": 2, "reason": "r", "timeout": 5, "digits": "1#A",
            "endpoint": { "endpointType": 1, "endpoint": "x" }, "vars": [], "numbers": "+123, 456",
            "ivrId": 7, "map": { "a": "b" }, "extra": null });
        assert_eq!(check(&SAMPLE, &&v), Ok(()));
    }

    #[test]
    fn names_the_field_and_the_rule() {
        assert_eq!(err(json!({})), ("name".into(), "is required".into()));
        assert_eq!(err(json!([])).0, "params");
        assert_eq!(err(json!({ "name": 1 })), ("name".into(), "must be a string, got number".into()));
        assert_eq!(err(json!({ "name": "a", "nmae": 1 })).0, "nmae");
        assert_eq!(err(json!({ "name": "a", "status": 2 })), ("reason".into(), "is required when status is 2".into()));
        assert_eq!(err(json!({ "name": "a", "status": 1.5 })).1, "must be an integer");
        assert_eq!(err(json!({ "name": "a", "timeout": 4 })).1, "must be between 5 and 60 seconds, got 4");
        assert_eq!(err(json!({ "name": "a", "timeout": 61 })).0, "timeout");
        assert!(check(&SAMPLE, &&json!({ "name": "a", "timeout": 60 })).is_ok());
        assert_eq!(err(json!({ "name": "a", "digits": "12x" })).0, "digits");
        assert_eq!(err(json!({ "name": "a", "digits": "1".repeat(21) })).0, "digits");
        assert_eq!(
            err(json!({ "name": "a", "endpoint": { "endpointType": 4, "endpoint": "x" } })).0,
            "endpoint.endpointType"
        );
        assert_eq!(err(json!({ "name": "a", "vars": [{ "endpointType": 1, "endpoint": "" }] })).0, "vars[0].endpoint");
        assert_eq!(err(json!({ "name": "a", "vars": [{}, {}, {}] })).1, "must have at most 2 entries, got 3");
        assert_eq!(err(json!({ "name": "a", "numbers": "1,2,3,4,5,6" })).0, "numbers");
        assert_eq!(err(json!({ "name": "a", "ivrId": true })).0, "ivrId");
        assert_eq!(err(json!({ "name": "a", "map": { "k": 1 } })).0, "map.k");
    }
}
