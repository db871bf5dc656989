//! The reference's tables: a parameter's rule in words, and the rows of
//! parameter and field tables.

use super::*;

pub(super) const PHONE_SHAPE: &str = "digits with an optional leading `+`, 3 to 20 long";

pub(super) fn text_rule(text: &Text) -> String {
    match *text {
        Text::Any => "any string".into(),
        Text::NonEmpty => "not empty or blank".into(),
        Text::ShorterThan(n) => format!("fewer than {n} characters"),
        Text::Dtmf(max) => format!("1 to {max} DTMF characters: `0`-`9`, `*`, `#`, `A`-`D`"),
        Text::Phone => format!("a phone number ({PHONE_SHAPE})"),
        Text::PhoneList(max) => format!("up to {max} comma-separated phone numbers ({PHONE_SHAPE})"),
        Text::CsvOf(_, meaning) => format!("a comma-separated list of {meaning}"),
        Text::Csv => "a comma-separated list without empty entries".into(),
        Text::WsUrl => "a `ws://` or `wss://` URL".into(),
        Text::HttpUrl => "an `http://` or `https://` URL with a host".into(),
        Text::OneOf(_, meaning) => meaning.into(),
        Text::Json => "a string holding valid JSON".into(),
        Text::Pair(_, shape) => format!("`{shape}`, both parts non-blank"),
    }
}

pub(super) fn kind_rule(kind: &Kind) -> String {
    match kind {
        Kind::Str(text) => text_rule(text),
        Kind::Int(Limit::Any) => "an integer".into(),
        Kind::Int(Limit::OneOf(_, meaning)) => meaning.to_string(),
        Kind::Int(Limit::Range(min, max, unit)) => format!("an integer from {min} to {max}{unit}"),
        Kind::Int(Limit::AtLeast(min, unit)) => format!("an integer, at least {min}{unit}"),
        Kind::NonNegative => "a number, zero or more".into(),
        Kind::Bool => "`true` or `false`".into(),
        Kind::StrOrInt => "a non-blank string or a non-negative integer".into(),
        Kind::Object(_) => "an object with the fields below".into(),
        Kind::ObjectList(_, max) => format!("an array of at most {max} objects with the fields below"),
        Kind::ScalarList => "an array of ids, each a non-blank string or a non-negative integer".into(),
        Kind::StringMap => "an object of string values under non-blank names".into(),
        Kind::StrWhen(text, cases) => cases
            .iter()
            .fold(text_rule(text), |rule, case| format!("{rule}; when {}: {}", case.meaning, text_rule(&case.text))),
    }
}

/// Text for one table cell.
pub(super) fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub(super) const PARAM_HEADER: &str = "| Parameter | Type | Required | Rule | Description |\n|---|---|---|---|---|\n";
pub(super) const FIELD_HEADER: &str = "| Field | Type | Description |\n|---|---|---|\n";

/// One row per parameter of `ty` that `fields` rules; nested fields follow
/// their parent as `parent.child` (`parent[].child` in arrays).
pub(super) fn param_rows(
    out: &mut String,
    types: &Types,
    ty: &str,
    fields: &[Field],
    requires: &[Requires],
    prefix: &str,
) {
    let members = types.fields(ty);
    for f in fields {
        let m = members.iter().find(|m| m.name == f.name);
        let m = m.unwrap_or_else(|| panic!("{ty} declares no field `{}`, which its schema rules", f.name));
        let required = match requires.iter().find(|r| r.then == f.name) {
            Some(r) => r.rule.trim_start_matches("is required ").to_string(),
            None if f.required => "yes".into(),
            None => "no".into(),
        };
        let (name, ty, rule, doc) = (f.name, types.ts(&m.ty, "types.md"), cell(&kind_rule(&f.kind)), cell(&m.doc));
        writeln!(out, "| `{prefix}{name}` | {ty} | {required} | {rule} | {doc} |").unwrap();
        match f.kind {
            Kind::Object(inner) => param_rows(out, types, &m.ty, inner, &[], &format!("{prefix}{name}.")),
            Kind::ObjectList(inner, _) => {
                param_rows(out, types, m.ty.trim_end_matches("[]"), inner, &[], &format!("{prefix}{name}[]."))
            }
            _ => {}
        }
    }
}

/// One row per field, optional ones marked `?` as in TypeScript.
pub(super) fn field_rows(out: &mut String, types: &Types, members: &[&Member], page: &str) {
    for m in members {
        let optional = if m.optional { "?" } else { "" };
        writeln!(out, "| `{}{optional}` | {} | {} |", m.name, types.ts(&m.ty, page), cell(&m.doc)).unwrap();
    }
}
