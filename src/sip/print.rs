//! Prints a message as wire text.
//!
//! A parsed message that was not changed prints back as it came when it
//! used CRLF line ends and `Name: value` spacing (what every stack sends);
//! folded headers come back unfolded, which RFC 3261 treats as the same.

use crate::sip::message::{Message, StartLine};
use crate::sip::syntax::push_u64;

impl Message<'_> {
    /// The message as text, ready for a WebSocket frame.
    pub fn print(&self) -> String {
        let size = 64 + self.body.len() + self.headers.iter().map(|h| h.name.len() + h.value.len() + 4).sum::<usize>();
        let mut out = String::with_capacity(size);
        self.print_into(&mut out);
        out
    }

    /// Appends the message to `out`.
    pub fn print_into(&self, out: &mut String) {
        match &self.start {
            StartLine::Request { method, uri } => {
                out.push_str(method);
                out.push(' ');
                out.push_str(uri);
                out.push_str(" SIP/2.0\r\n");
            }
            StartLine::Response { code, reason } => {
                out.push_str("SIP/2.0 ");
                push_u64(out, u64::from(*code));
                out.push(' ');
                push_line_safe(out, reason);
                out.push_str("\r\n");
            }
        }
        for h in &self.headers {
            out.push_str(&h.name);
            out.push_str(": ");
            push_line_safe(out, &h.value);
            out.push_str("\r\n");
        }
        out.push_str("\r\n");
        out.push_str(&self.body);
    }
}

/// Appends `s` with any line break turned into a space, so that a value
/// built from outside input can never end its header early.
fn push_line_safe(out: &mut String, s: &str) {
    if crate::sip::syntax::has_any(s, b"\r\n") {
        out.extend(s.chars().map(|c| if c == '\r' || c == '\n' { ' ' } else { c }));
    } else {
        out.push_str(s);
    }
}
