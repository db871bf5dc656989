//! What the user agent is told once: who it registers as, with which
//! credentials, and how its Contact and Via look.

use crate::sip::syntax::owned;
use crate::sip::transaction::Timers;
use crate::sip::uri::Uri;

/// The user agent's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The address of record, e.g. `sip:agent0001@cc.example.com`.
    pub aor: String,
    /// The REGISTER Request-URI; empty means `sip:` plus the AOR's domain.
    pub registrar: String,
    /// The digest user name; empty means the AOR's user part.
    pub auth_username: String,
    /// The digest password.
    pub password: String,
    /// The display name in From and To of REGISTER; empty for none.
    pub display_name: String,
    /// The Contact and Via host. Browsers cannot know their own address,
    /// so this is an unresolvable `*.invalid` name (RFC 7118 section 5);
    /// empty means a random one.
    pub contact_host: String,
    /// The `+sip.instance` URN (`urn:uuid:...`), stable per device (RFC
    /// 5626); empty for none, which also turns outbound and GRUU off.
    pub instance_id: String,
    /// The RFC 5626 `reg-id`; 0 for none.
    pub reg_id: u32,
    /// Registration lifetime asked for, in seconds.
    pub expires: u32,
    /// The `User-Agent` header; empty for none.
    pub user_agent: String,
    /// Use the public GRUU the registrar hands out as the dialog Contact.
    pub use_gruu: bool,
    /// The Via transport: `WSS` for `wss://`, `WS` for `ws://`.
    pub via_transport: String,
    /// T1, T2, T4.
    pub timers: Timers,
}

impl Config {
    /// A configuration with the defaults: random `.invalid` host, 600 s
    /// registrations, `reg-id=1` (outbound needs an `instance_id` too),
    /// GRUU on, `WSS`.
    pub fn new(aor: &str, password: &str) -> Self {
        Self {
            aor: owned(aor),
            registrar: String::new(),
            auth_username: String::new(),
            password: owned(password),
            display_name: String::new(),
            contact_host: String::new(),
            instance_id: String::new(),
            reg_id: 1,
            expires: 600,
            user_agent: String::new(),
            use_gruu: true,
            via_transport: owned("WSS"),
            timers: Timers::default(),
        }
    }

    /// The AOR's user part ("" when the AOR has none or does not parse).
    pub fn user(&self) -> &str {
        Uri::parse(&self.aor).ok().and_then(|u| u.user).unwrap_or("")
    }

    /// The digest user name.
    pub fn username(&self) -> &str {
        if self.auth_username.is_empty() {
            self.user()
        } else {
            &self.auth_username
        }
    }

    /// The REGISTER Request-URI.
    pub fn registrar_uri(&self) -> String {
        if !self.registrar.is_empty() {
            return self.registrar.clone();
        }
        let mut out = String::from("sip:");
        if let Ok(uri) = Uri::parse(&self.aor) {
            out.push_str(uri.host);
        }
        out
    }

    /// The AOR as a `name-addr` for From and To.
    pub fn aor_addr(&self) -> String {
        let mut out = String::new();
        if !self.display_name.is_empty() {
            crate::sip::syntax::push_quoted(&mut out, &self.display_name);
            out.push(' ');
        }
        out.push('<');
        out.push_str(&self.aor);
        out.push('>');
        out
    }

    /// `sip:user@host;transport=ws`: where requests reach this UA through
    /// the proxy that holds its WebSocket.
    pub fn contact_uri(&self) -> String {
        let mut out = String::from("sip:");
        let user = self.user();
        if !user.is_empty() {
            out.push_str(user);
            out.push('@');
        }
        out.push_str(&self.contact_host);
        out.push_str(";transport=ws");
        out
    }

    /// Whether RFC 5626 outbound (and so GRUU) is in use.
    pub fn outbound(&self) -> bool {
        !self.instance_id.is_empty()
    }

    /// The Contact of REGISTER, with `+sip.instance`, `reg-id` and `expires`.
    pub fn register_contact(&self, expires: u32) -> String {
        let mut out = String::from("<");
        out.push_str(&self.contact_uri());
        out.push('>');
        if self.outbound() {
            out.push_str(";+sip.instance=\"<");
            out.push_str(&self.instance_id);
            out.push_str(">\"");
            if self.reg_id != 0 {
                out.push_str(";reg-id=");
                crate::sip::syntax::push_u64(&mut out, u64::from(self.reg_id));
            }
        }
        out.push_str(";expires=");
        crate::sip::syntax::push_u64(&mut out, u64::from(expires));
        out
    }
}
