//! Lexical pieces shared by the SIP, URI and digest parsers: whitespace,
//! tokens, quoted strings, `;name=value` parameters and comma lists.
//!
//! Everything works on `&str` slices and returns sub-slices, so reading a
//! header costs no allocation.

/// SIP linear whitespace. Line breaks count too: folded header values are
/// unfolded by the parser, but values built by hand may still carry them.
pub fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// `s` without leading and trailing linear whitespace.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_ws)
}

/// A byte allowed in an RFC 3261 `token`.
pub fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b)
}

/// Whether `s` is a non-empty RFC 3261 `token`.
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_byte)
}

/// The inside of a quoted string, or `s` itself when it is not quoted.
/// Escapes are kept as they are: the values this SDK reads (realms, nonces,
/// instance ids) do not use them.
pub fn unquote(s: &str) -> &str {
    let s = trim(s);
    match s.strip_prefix('"').and_then(|inner| inner.strip_suffix('"')) {
        Some(inner) => inner,
        None => s,
    }
}

/// Index of the first `target` that is outside quoted strings and angle
/// brackets.
pub fn find_unquoted(s: &str, target: u8) -> Option<usize> {
    let mut in_quote = false;
    let mut escaped = false;
    let mut depth = 0u32;
    for (i, b) in s.bytes().enumerate() {
        if in_quote {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_quote = false;
            }
            continue;
        }
        if b == target && depth == 0 {
            return Some(i);
        }
        match b {
            b'"' => in_quote = true,
            b'<' => depth += 1,
            b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Splits `s` at the first unquoted `sep`: `(before, after)`, the separator
/// dropped; `(s, "")` when there is none.
pub fn split_unquoted(s: &str, sep: u8) -> (&str, &str) {
    match find_unquoted(s, sep) {
        Some(i) => (s.get(..i).unwrap_or(s), s.get(i + 1..).unwrap_or("")),
        None => (s, ""),
    }
}

/// The items of a comma-separated header value (Via, Contact, Route...),
/// trimmed, empty items skipped. Commas inside quotes or `<...>` do not split.
#[derive(Debug, Clone)]
pub struct List<'a> {
    rest: &'a str,
}

/// Iterates the comma-separated items of `value`.
pub fn list(value: &str) -> List<'_> {
    List { rest: value }
}

impl<'a> Iterator for List<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        while !self.rest.is_empty() {
            let (item, rest) = split_unquoted(self.rest, b',');
            self.rest = rest;
            let item = trim(item);
            if !item.is_empty() {
                return Some(item);
            }
        }
        None
    }
}

/// The `name[=value]` pairs of a `;`-separated parameter list (a leading `;`
/// is optional). Names and values are trimmed; values keep their quotes.
#[derive(Debug, Clone)]
pub struct Params<'a> {
    rest: &'a str,
}

/// Iterates the parameters in `s`.
pub fn params(s: &str) -> Params<'_> {
    Params { rest: s }
}

impl<'a> Iterator for Params<'a> {
    type Item = (&'a str, Option<&'a str>);

    fn next(&mut self) -> Option<Self::Item> {
        while !self.rest.is_empty() {
            let (item, rest) = split_unquoted(self.rest, b';');
            self.rest = rest;
            let item = trim(item);
            if item.is_empty() {
                continue;
            }
            return Some(match item.split_once('=') {
                Some((name, value)) => (trim(name), Some(trim(value))),
                None => (item, None),
            });
        }
        None
    }
}

/// Looks a parameter up by case-insensitive name: `None` when absent,
/// `Some(None)` for a flag such as `lr`, `Some(Some(value))` otherwise.
pub fn param<'a>(s: &'a str, name: &str) -> Option<Option<&'a str>> {
    params(s).find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

/// Parses an unsigned decimal number that fits in 32 bits (CSeq numbers
/// go up to 2^31, and some stacks start them high).
pub fn parse_u32(s: &str) -> Option<u32> {
    let s = trim(s);
    if s.is_empty() || s.len() > 10 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| n.checked_mul(10)?.checked_add(u32::from(b - b'0')))
}

/// Whether `s` contains any of the ASCII bytes in `set` (a byte loop is
/// much smaller in wasm than the `char` pattern searchers).
pub fn has_any(s: &str, set: &[u8]) -> bool {
    s.bytes().any(|b| set.contains(&b))
}

/// The `n`th space-separated field of `s` (SDP `m=` and `c=` lines).
pub fn field(s: &str, n: usize) -> Option<&str> {
    let mut rest = s;
    for _ in 0..n {
        rest = rest.split_once(' ')?.1;
    }
    Some(rest.split_once(' ').map_or(rest, |(f, _)| f))
}

/// An owned copy of `s`, kept out of line: inlined, the allocation and
/// copy would be repeated at every call site.
#[inline(never)]
pub fn owned(s: &str) -> String {
    s.to_owned()
}

/// Appends `n` in decimal without going through `format!`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &b in buf.get(i..).unwrap_or(&[]) {
        out.push(char::from(b));
    }
}

/// Appends the low `digits` hex digits of `n`, zero-padded, lower case.
pub fn push_hex(out: &mut String, n: u64, digits: u32) {
    for shift in (0..digits.min(16)).rev() {
        let nibble = ((n >> (shift * 4)) & 0xf) as u8;
        out.push(char::from(if nibble < 10 { b'0' + nibble } else { b'a' + nibble - 10 }));
    }
}

/// Appends `s` as a quoted string, escaping `"` and `\`.
pub fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        if c != '\r' && c != '\n' {
            out.push(c);
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_respect_quotes_and_brackets() {
        let items: Vec<_> = list(r#""Doe, J" <sip:a@b;x=1,2>, <sip:c@d> ,, sip:e@f"#).collect();
        assert_eq!(items, [r#""Doe, J" <sip:a@b;x=1,2>"#, "<sip:c@d>", "sip:e@f"]);
    }

    #[test]
    fn params_flags_and_quoted_values() {
        let p = r#";lr; transport = ws;+sip.instance="<urn:uuid:1;2>";expires=60"#;
        assert_eq!(param(p, "LR"), Some(None));
        assert_eq!(param(p, "transport"), Some(Some("ws")));
        assert_eq!(param(p, "+sip.instance").flatten().map(unquote), Some("<urn:uuid:1;2>"));
        assert_eq!(param(p, "expires"), Some(Some("60")));
        assert_eq!(param(p, "ob"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_u32(" 600 "), Some(600));
        assert_eq!(parse_u32("-1"), None);
        assert_eq!(parse_u32("9999999999"), None);
        assert_eq!(parse_u32("4294967295"), Some(u32::MAX));
        assert_eq!(parse_u32("4294967296"), None);
        assert_eq!(parse_u32("1804289383"), Some(1_804_289_383));
        let mut s = String::new();
        push_u64(&mut s, 0);
        s.push(' ');
        push_u64(&mut s, u64::MAX);
        s.push(' ');
        push_hex(&mut s, 1, 8);
        assert_eq!(s, "0 18446744073709551615 00000001");
    }

    #[test]
    fn unclosed_quote_does_not_split() {
        assert_eq!(list("\"a, b").collect::<Vec<_>>(), ["\"a, b"]);
        assert_eq!(unquote("\""), "\"");
    }
}
