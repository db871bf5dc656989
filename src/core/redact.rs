//! Secrets never reach a log line: frames are redacted before logging.

/// Keys whose values are secrets.
pub const SECRET_KEYS: [&str; 4] = ["sessionKey", "token", "sipPwd", "password"];

/// Replaces the value of every secret key in a JSON text with `"***"`.
/// Works on text so it also covers frames that do not parse.
pub fn redact(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    'scan: while !rest.is_empty() {
        for key in SECRET_KEYS {
            let quoted = format!("\"{key}\"");
            if let Some(tail) = rest.strip_prefix(quoted.as_str()) {
                let after_colon = tail.trim_start();
                if let Some(value) = after_colon.strip_prefix(':') {
                    let value = value.trim_start();
                    out.push_str(&quoted);
                    out.push_str(":\"***\"");
                    rest = skip_value(value);
                    continue 'scan;
                }
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

/// Skips one JSON scalar (a string with escapes, or a bare token).
fn skip_value(text: &str) -> &str {
    if let Some(body) = text.strip_prefix('"') {
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return &body[i + 1..],
                _ => {}
            }
        }
        return "";
    }
    let end = text.find([',', '}', ']']).unwrap_or(text.len());
    &text[end..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hides_every_secret_and_keeps_the_rest() {
        let frame = r#"{"id":1,"action":"login","params":{"sessionKey":"s3cr\"et","tenantId":"t1"},"token" : "abc","sipPwd":123}"#;
        let out = redact(frame);
        assert_eq!(
            out,
            r#"{"id":1,"action":"login","params":{"sessionKey":"***","tenantId":"t1"},"token":"***","sipPwd":"***"}"#
        );
        assert!(!out.contains("s3cr"));
    }

    #[test]
    fn survives_truncated_input() {
        assert_eq!(redact(r#"{"token":"abc"#), r#"{"token":"***""#);
        assert_eq!(redact("plain"), "plain");
    }
}
