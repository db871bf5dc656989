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
    /// An id given as a non-empty string or a non-negative integer (e.g.
    /// `ivrId`).
    StrOrInt,
    /// A nested object with its own fields.
    Object(&'static [Field]),
    /// An array of objects with these fields, at most `max` long.
    ObjectList(&'static [Field], usize),
    /// An array of ids, each as `StrOrInt` (e.g. `queueNos`).
    ScalarList,
    /// An object of string values under non-blank names (e.g.
    /// `returnVariables`).
    StringMap,
    /// A string checked by `Text`, and further by the first `When` whose
    /// sibling field holds its value: what `target` may be depends on
    /// `targetType`.
    StrWhen(Text, &'static [When]),
}

/// A rule on a string that holds while a sibling field has a given value.
#[derive(Debug, Clone, Copy)]
pub struct When {
    /// The deciding sibling field.
    pub field: &'static str,
    /// Its triggering value.
    pub value: i64,
    /// The rule the string then follows.
    pub text: Text,
    /// The condition as people read it, e.g. "targetType is 0 (PSTN number)".
    pub meaning: &'static str,
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
    /// Exactly one of these values; the text lists them for people.
    OneOf(&'static [&'static str], &'static str),
    /// Text that parses as JSON (e.g. `callParams`).
    Json,
    /// Two non-blank parts around the first separator, as the text shows
    /// (e.g. `<ivrId>:<ivrNode>`).
    Pair(char, &'static str),
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
    /// At least `min`, without a documented ceiling; the text is the unit.
    AtLeast(i64, &'static str),
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
            Some(value) => check_value(&field.kind, &value, &at(field.name), object)?,
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

fn check_id<N: Node>(value: &N, path: &str) -> Result<(), Invalid> {
    match (value.string(), value.number()) {
        (Some(s), _) if !s.trim().is_empty() => Ok(()),
        (Some(_), _) => Err(Invalid::new(path, "is required and must not be empty")),
        (None, Some(_)) => match integer(value, path)? {
            n if n < 0 => Err(Invalid::new(path, format!("must not be negative, got {n}"))),
            _ => Ok(()),
        },
        _ => Err(wrong_type(path, "a string or an integer", value)),
    }
}

/// `parent` is the object holding `value`, for rules that look at siblings.
fn check_value<N: Node>(kind: &Kind, value: &N, path: &str, parent: &N) -> Result<(), Invalid> {
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
        Kind::StrOrInt => check_id(value, path),
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
            items.iter().enumerate().try_for_each(|(i, item)| check_id(item, &format!("{path}[{i}]")))
        }
        Kind::StringMap => {
            let keys = value.keys().ok_or_else(|| wrong_type(path, "an object", value))?;
            for key in keys {
                if key.trim().is_empty() {
                    return Err(Invalid::new(path, "must not have a blank name"));
                }
                if let Some(v) = value.field(&key) {
                    if v.string().is_none() {
                        return Err(wrong_type(&format!("{path}.{key}"), "a string", &v));
                    }
                }
            }
            Ok(())
        }
        Kind::StrWhen(text, cases) => {
            let s = value.string().ok_or_else(|| wrong_type(path, "a string", value))?;
            check_text(text, &s, path)?;
            let applies = |c: &&When| parent.field(c.field).and_then(|v| v.number()) == Some(c.value as f64);
            match cases.iter().find(applies) {
                Some(case) => check_text(&case.text, &s, path)
                    .map_err(|e| Invalid::new(e.field, format!("{} when {}", e.rule, case.meaning))),
                None => Ok(()),
            }
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
        Limit::AtLeast(min, unit) if n < *min => {
            Err(Invalid::new(path, format!("must be at least {min}{unit}, got {n}")))
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
        Text::OneOf(allowed, meaning) if !allowed.contains(&s) => fail(format!("must be {meaning}, got '{s}'")),
        Text::Json if !json::is_json(s) => fail("must be a string holding valid JSON".into()),
        Text::Pair(sep, meaning) => match s.split_once(*sep) {
            Some((a, b)) if !a.trim().is_empty() && !b.trim().is_empty() => Ok(()),
            _ => fail(format!("must be {meaning}, got '{s}'")),
        },
        _ => Ok(()),
    }
}

/// A JSON syntax check. The SDK only needs to know that the text is JSON,
/// never its value, and serde_json's parser would add about 8 KB to the wasm
/// bundle for that.
pub mod json {
    /// Deeper nesting is refused rather than risk the stack.
    const MAX_DEPTH: usize = 128;

    /// `s` as a JSON string literal, escaped as serde_json escapes it; the
    /// SDK's few JSON texts need no serialiser in the wasm bundle.
    pub fn quote(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                c if c < ' ' => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.push_str("\\u00");
                    out.push(HEX[usize::from(c as u8 >> 4)] as char);
                    out.push(HEX[usize::from(c as u8 & 0xf)] as char);
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// Whether `s` is one JSON value, optionally surrounded by whitespace.
    pub fn is_json(s: &str) -> bool {
        let mut p = Parser { b: s.as_bytes(), i: 0 };
        p.value(0) && {
            p.space();
            p.i == p.b.len()
        }
    }

    struct Parser<'a> {
        b: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

        fn eat(&mut self, c: u8) -> bool {
            let hit = self.peek() == Some(c);
            self.i += usize::from(hit);
            hit
        }

        fn space(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.i += 1;
            }
        }

        fn digits(&mut self) -> usize {
            let start = self.i;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
            self.i - start
        }

        fn value(&mut self, depth: usize) -> bool {
            self.space();
            match self.peek() {
                Some(b'{') => depth < MAX_DEPTH && self.seq(b'}', depth, true),
                Some(b'[') => depth < MAX_DEPTH && self.seq(b']', depth, false),
                Some(b'"') => self.string(),
                Some(b't') => self.word(b"true"),
                Some(b'f') => self.word(b"false"),
                Some(b'n') => self.word(b"null"),
                Some(b'-' | b'0'..=b'9') => self.number(),
                _ => false,
            }
        }

        /// An object's members or an array's items, after the opening bracket.
        fn seq(&mut self, close: u8, depth: usize, members: bool) -> bool {
            self.i += 1;
            self.space();
            if self.eat(close) {
                return true;
            }
            loop {
                if members {
                    self.space();
                    if !(self.string() && {
                        self.space();
                        self.eat(b':')
                    }) {
                        return false;
                    }
                }
                if !self.value(depth + 1) {
                    return false;
                }
                self.space();
                if self.eat(close) {
                    return true;
                }
                if !self.eat(b',') {
                    return false;
                }
            }
        }

        fn word(&mut self, w: &[u8]) -> bool {
            let hit = self.b[self.i..].starts_with(w);
            self.i += if hit { w.len() } else { 0 };
            hit
        }

        fn string(&mut self) -> bool {
            if !self.eat(b'"') {
                return false;
            }
            while let Some(c) = self.peek() {
                self.i += 1;
                match c {
                    b'"' => return true,
                    b'\\' => {
                        let ok = match self.peek() {
                            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => 1,
                            Some(b'u') => 5,
                            _ => 0,
                        };
                        let hex =
                            self.b.get(self.i + 1..self.i + ok).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                        if ok == 0 || !hex {
                            return false;
                        }
                        self.i += ok;
                    }
                    0..=0x1f => return false,
                    _ => {}
                }
            }
            false
        }

        fn number(&mut self) -> bool {
            self.eat(b'-');
            if !self.eat(b'0') && self.digits() == 0 {
                return false;
            }
            if self.eat(b'.') && self.digits() == 0 {
                return false;
            }
            if self.eat(b'e') || self.eat(b'E') {
                if !self.eat(b'+') {
                    self.eat(b'-');
                }
                return self.digits() > 0;
            }
            true
        }
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
        assert_eq!(
            err(json!({ "name": "a", "map": { " ": "v" } })),
            ("map".into(), "must not have a blank name".into())
        );
        assert_eq!(err(json!({ "name": "a", "ivrId": -1 })), ("ivrId".into(), "must not be negative, got -1".into()));
        assert_eq!(err(json!({ "name": "a", "ivrId": "" })).0, "ivrId");
    }

    const TARGET_TYPES: &[When] = &[
        When { field: "targetType", value: 0, text: Text::Phone, meaning: "targetType is 0 (phone)" },
        When { field: "targetType", value: 3, text: Text::Pair(':', "<ivrId>:<ivrNode>"), meaning: "targetType is 3" },
    ];
    const ITEM: &[Field] =
        &[opt("targetType", Kind::Int(Limit::Any)), opt("v", Kind::StrWhen(Text::Any, TARGET_TYPES))];
    const MORE: Schema = Schema::new(&[
        opt("direction", Kind::Str(Text::OneOf(&["in", "out"], "'in' or 'out'"))),
        opt("json", Kind::Str(Text::Json)),
        opt("limit", Kind::Int(Limit::AtLeast(1, " seconds"))),
        opt("targetType", Kind::Int(Limit::Any)),
        req("target", Kind::StrWhen(Text::NonEmpty, TARGET_TYPES)),
        opt("queues", Kind::ScalarList),
        opt("items", Kind::ObjectList(ITEM, 3)),
    ]);

    fn more(v: serde_json::Value) -> Result<(), (String, String)> {
        check(&MORE, &&v).map_err(|e| (e.field, e.rule))
    }

    #[test]
    fn string_enums_take_one_value() {
        assert_eq!(more(json!({ "target": "x", "direction": "out" })), Ok(()));
        for bad in ["in,out", "IN", ""] {
            let e = more(json!({ "target": "x", "direction": bad })).unwrap_err();
            assert_eq!(e, ("direction".into(), format!("must be 'in' or 'out', got '{bad}'")));
        }
    }

    #[test]
    fn lower_bounds() {
        assert_eq!(more(json!({ "target": "x", "limit": 1 })), Ok(()));
        assert_eq!(more(json!({ "target": "x", "limit": 0 })).unwrap_err().1, "must be at least 1 seconds, got 0");
    }

    #[test]
    fn json_text() {
        for ok in [r#"{"key":"value"}"#, " [1, -2.5e+3, true, false, null, \"a\\u00e9\\n\"] ", "0", r#"{"a":{"b":[]}}"#]
        {
            assert_eq!(more(json!({ "target": "x", "json": ok })), Ok(()), "{ok}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        for bad in [
            "{key",
            "",
            "{\"a\":}",
            "[1,]",
            "01",
            "-",
            "1.",
            "1e",
            "'a'",
            "\"\\x\"",
            "\"\\u12\"",
            "{} {}",
            "tru",
            &deep,
        ] {
            assert_eq!(more(json!({ "target": "x", "json": bad })).unwrap_err().0, "json", "{bad}");
        }
        assert!(serde_json::from_str::<serde_json::Value>(&deep).is_err(), "serde_json refuses it too");
    }

    #[test]
    fn quote_escapes_as_serde_json_does() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        for s in ["", "plain", "a \"quoted\" \\ back", "é 😀 \u{7f}", "tab\tnew\nline\r", &every_control] {
            assert_eq!(json::quote(s), serde_json::to_string(s).unwrap(), "{s:?}");
            assert!(json::is_json(&json::quote(s)));
        }
    }

    #[test]
    fn rules_that_depend_on_a_sibling() {
        assert_eq!(more(json!({ "targetType": 1, "target": "agent7" })), Ok(()));
        assert_eq!(more(json!({ "targetType": 0, "target": "+8613800138000" })), Ok(()));
        assert_eq!(more(json!({ "targetType": 3, "target": "main:1.1" })), Ok(()));
        assert_eq!(more(json!({ "targetType": 1, "target": " " })).unwrap_err().0, "target");
        let e = more(json!({ "targetType": 0, "target": "agent7" })).unwrap_err();
        assert_eq!(e.0, "target");
        assert!(e.1.ends_with("got 'agent7' when targetType is 0 (phone)"), "{}", e.1);
        for bad in ["1.1", "1:", ":1", " :1"] {
            let e = more(json!({ "targetType": 3, "target": bad })).unwrap_err();
            assert_eq!(e, ("target".into(), format!("must be <ivrId>:<ivrNode>, got '{bad}' when targetType is 3")));
        }
        assert_eq!(more(json!({ "target": "x", "targetType": 1, "items": [{ "targetType": 0, "v": "123" }, { "targetType": 3, "v": "1" }] })).unwrap_err().0, "items[1].v");
    }

    #[test]
    fn id_lists() {
        assert_eq!(more(json!({ "target": "x", "queues": [0, "1", 2] })), Ok(()));
        for (bad, at) in [
            (json!([0, true]), "queues[1]"),
            (json!(["1", ""]), "queues[1]"),
            (json!([-1]), "queues[0]"),
            (json!([1.5]), "queues[0]"),
        ] {
            assert_eq!(more(json!({ "target": "x", "queues": bad })).unwrap_err().0, at);
        }
    }
}
