//! Registration (RFC 3261 section 10) with digest authentication, refresh
//! before expiry, un-registration, and the RFC 5626 / RFC 5627 Contact
//! parameters (`+sip.instance`, `reg-id`) that give the UA a GRUU.

use std::collections::VecDeque;

use crate::sip::build::{cseq, Local, ALLOW, SUPPORTED};
use crate::sip::config::Config;
use crate::sip::digest::{self, Challenge};
use crate::sip::io::{CommandError, Event, Output};
use crate::sip::message::{hdr, Message};
use crate::sip::rng::Rng;
use crate::sip::syntax::{owned, parse_u32, push_u64, unquote};
use crate::sip::transaction::{ClientOutcome, ClientTransaction};

/// Challenges answered in a row before giving up (a registrar that keeps
/// saying `stale=true` must not keep us looping).
const MAX_CHALLENGES: u8 = 3;

/// Where the registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegState {
    /// No binding, nothing in flight.
    Idle,
    /// A REGISTER (first or refresh) is in flight.
    Registering,
    /// Bound; a refresh is scheduled.
    Registered,
    /// The un-REGISTER is in flight.
    Unregistering,
}

/// The nonce in use, kept so that refreshes authenticate at once.
#[derive(Debug, Clone)]
struct Auth {
    challenge: Challenge,
    proxy: bool,
    nc: u32,
    cnonce: String,
}

/// The registration state machine. Its REGISTERs share one Call-ID and
/// From tag, with increasing CSeq, as RFC 3261 section 10.2 asks.
#[derive(Debug, Clone)]
pub struct Registration {
    state: RegState,
    call_id: String,
    from_tag: String,
    seq: u32,
    tx: Option<ClientTransaction>,
    auth: Option<Auth>,
    /// Challenges answered for the current operation.
    challenged: u8,
    /// Seconds asked for (raised by a 423).
    expires: u32,
    refresh_at: Option<u64>,
    gruu: Option<String>,
}

impl Registration {
    /// A registration with fresh identifiers.
    pub fn new(rng: &mut Rng, expires: u32) -> Self {
        Self {
            state: RegState::Idle,
            call_id: rng.token(22),
            from_tag: rng.token(10),
            seq: 0,
            tx: None,
            auth: None,
            challenged: 0,
            expires,
            refresh_at: None,
            gruu: None,
        }
    }

    /// The current state.
    pub fn state(&self) -> RegState {
        self.state
    }

    /// The public GRUU from the last successful registration.
    pub fn gruu(&self) -> Option<&str> {
        self.gruu.as_deref()
    }

    /// The earliest time [`Registration::on_timeout`] has work.
    pub fn poll_timeout(&self) -> Option<u64> {
        let tx = self.tx.as_ref().and_then(ClientTransaction::deadline);
        match (tx, self.refresh_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Registers now (a new registration or an early refresh).
    pub fn register(&mut self, config: &Config, rng: &mut Rng, out: &mut VecDeque<Output>, now: u64) {
        self.state = RegState::Registering;
        self.challenged = 0;
        self.refresh_at = None;
        self.send(config, rng, out, now);
    }

    /// Removes the binding.
    pub fn unregister(
        &mut self,
        config: &Config,
        rng: &mut Rng,
        out: &mut VecDeque<Output>,
        now: u64,
    ) -> Result<(), CommandError> {
        if self.state == RegState::Idle {
            return Err(CommandError::InvalidState("not registered"));
        }
        self.state = RegState::Unregistering;
        self.challenged = 0;
        self.refresh_at = None;
        self.send(config, rng, out, now);
        Ok(())
    }

    /// Whether `response` answers our REGISTER.
    pub fn matches(&self, response: &Message<'_>) -> bool {
        self.tx.as_ref().is_some_and(|tx| tx.matches(response))
    }

    /// Feeds a response that [`Registration::matches`].
    pub fn on_response(
        &mut self,
        response: &Message<'_>,
        config: &Config,
        rng: &mut Rng,
        out: &mut VecDeque<Output>,
        now: u64,
    ) {
        let Some(tx) = self.tx.as_mut() else { return };
        if matches!(tx.on_response(response), ClientOutcome::Provisional | ClientOutcome::Stray) {
            return;
        }
        self.tx = None;
        let code = response.code().unwrap_or(500);
        match code {
            200..=299 => self.succeeded(response, config, out, now),
            401 | 407 => self.challenged(response, code, config, rng, out, now),
            423 => match response.header(hdr::MIN_EXPIRES).and_then(parse_u32) {
                Some(min) if min > self.expires && self.challenged < MAX_CHALLENGES => {
                    self.expires = min;
                    self.challenged += 1;
                    self.send(config, rng, out, now);
                }
                _ => self.fail(code, response.reason(), out),
            },
            _ => self.fail(code, response.reason(), out),
        }
    }

    /// Time has reached `now`: Timer F, or the refresh.
    pub fn on_timeout(&mut self, config: &Config, rng: &mut Rng, out: &mut VecDeque<Output>, now: u64) {
        if self.tx.as_mut().is_some_and(|tx| tx.on_timeout(now)) {
            self.tx = None;
            self.fail(408, "Request Timeout", out);
        }
        if self.refresh_at.is_some_and(|at| at <= now) {
            self.register(config, rng, out, now);
        }
    }

    fn succeeded(&mut self, response: &Message<'_>, config: &Config, out: &mut VecDeque<Output>, now: u64) {
        self.challenged = 0;
        if self.state == RegState::Unregistering {
            self.state = RegState::Idle;
            self.gruu = None;
            out.push_back(Output::Event(Event::Unregistered));
            return;
        }
        let ours = response.contacts().find(|c| {
            let instance = c.param("+sip.instance").flatten().map(unquote);
            let instance = instance.and_then(|i| i.strip_prefix('<')).and_then(|i| i.strip_suffix('>'));
            (config.outbound() && instance == Some(config.instance_id.as_str()))
                || c.parsed_uri().is_ok_and(|u| u.host.eq_ignore_ascii_case(&config.contact_host))
        });
        let expires = ours
            .and_then(|c| c.param("expires").flatten().and_then(parse_u32))
            .or_else(|| response.expires())
            .unwrap_or(self.expires);
        if expires == 0 {
            return self.fail(response.code().unwrap_or(200), "the registrar kept no binding", out);
        }
        self.gruu = ours.and_then(|c| c.param("pub-gruu").flatten()).map(|g| owned(unquote(g)));
        self.state = RegState::Registered;
        self.refresh_at = Some(now.saturating_add(u64::from(refresh_delay(expires)) * 1000));
        out.push_back(Output::Event(Event::Registered { expires, gruu: self.gruu.clone() }));
    }

    fn challenged(
        &mut self,
        response: &Message<'_>,
        code: u16,
        config: &Config,
        rng: &mut Rng,
        out: &mut VecDeque<Output>,
        now: u64,
    ) {
        let Some(challenge) = digest::pick(response.challenges()) else {
            return self.fail(code, "unsupported authentication challenge", out);
        };
        // Credentials answering a challenge of this very exchange were
        // wrong unless the server only found the nonce stale. Credentials
        // sent up front with an old nonce get one fresh try.
        if self.challenged > 0 && !challenge.stale {
            return self.fail(403, "Forbidden (credentials rejected)", out);
        }
        if self.challenged >= MAX_CHALLENGES {
            return self.fail(code, "too many authentication challenges", out);
        }
        self.challenged += 1;
        self.auth = Some(Auth { challenge, proxy: code == 407, nc: 0, cnonce: rng.token(16) });
        self.send(config, rng, out, now);
    }

    fn fail(&mut self, code: u16, reason: &str, out: &mut VecDeque<Output>) {
        let was = self.state;
        self.state = RegState::Idle;
        self.refresh_at = None;
        self.gruu = None;
        self.challenged = 0;
        let event = if was == RegState::Unregistering {
            Event::Unregistered
        } else {
            Event::RegistrationFailed { code, reason: owned(reason) }
        };
        out.push_back(Output::Event(event));
    }

    fn send(&mut self, config: &Config, rng: &mut Rng, out: &mut VecDeque<Output>, now: u64) {
        let expires = if self.state == RegState::Unregistering { 0 } else { self.expires };
        self.seq = self.seq.saturating_add(1);
        let uri = config.registrar_uri();
        let local = Local {
            via_transport: &config.via_transport,
            via_host: &config.contact_host,
            contact: "",
            user_agent: &config.user_agent,
        };
        let branch = rng.branch();
        let mut msg = Message::request("REGISTER", uri.as_str());
        msg.push(hdr::VIA, local.via(&branch));
        msg.push(hdr::MAX_FORWARDS, "70");
        let aor = config.aor_addr();
        let mut from = aor.clone();
        from.push_str(";tag=");
        from.push_str(&self.from_tag);
        msg.push(hdr::TO, aor);
        msg.push(hdr::FROM, from);
        msg.push(hdr::CALL_ID, self.call_id.as_str());
        msg.push(hdr::CSEQ, cseq(self.seq, "REGISTER"));
        msg.push(hdr::CONTACT, config.register_contact(expires));
        let mut seconds = String::new();
        push_u64(&mut seconds, u64::from(expires));
        msg.push(hdr::EXPIRES, seconds);
        if let Some(auth) = self.auth.as_mut() {
            auth.nc = auth.nc.saturating_add(1);
            let value = auth.challenge.authorization(
                config.username(),
                &config.password,
                "REGISTER",
                &uri,
                "",
                &auth.cnonce,
                auth.nc,
            );
            msg.push(if auth.proxy { hdr::PROXY_AUTHORIZATION } else { hdr::AUTHORIZATION }, value);
        }
        msg.push(hdr::ALLOW, ALLOW);
        msg.push(hdr::SUPPORTED, SUPPORTED);
        local.push_user_agent(&mut msg);
        msg.push(hdr::CONTENT_LENGTH, "0");
        if let Some(tx) = ClientTransaction::new(&msg, now, &config.timers) {
            out.push_back(Output::Send(owned(tx.request())));
            self.tx = Some(tx);
        }
    }
}

/// Seconds after a successful registration at which to refresh it: 90% of
/// the lifetime or 30 s before expiry, whichever is earlier, but never
/// before half of it (so a tiny lifetime does not turn into a busy loop).
pub fn refresh_delay(expires: u32) -> u32 {
    (expires / 10 * 9 + expires % 10 * 9 / 10).min(expires.saturating_sub(30)).max(expires / 2)
}

#[cfg(test)]
mod tests {
    use super::refresh_delay;

    #[test]
    fn refresh_schedule() {
        assert_eq!(refresh_delay(600), 540);
        assert_eq!(refresh_delay(3600), 3240);
        assert_eq!(refresh_delay(120), 90);
        assert_eq!(refresh_delay(60), 30);
        assert_eq!(refresh_delay(20), 10);
        assert_eq!(refresh_delay(1), 0);
        assert_eq!(refresh_delay(u32::MAX), u32::MAX / 10 * 9 + 4);
    }
}
