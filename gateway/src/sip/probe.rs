//! Asking an external SIP proxy whether a softphone is registered: an
//! OPTIONS to its address of record. The proxy looks the registration up
//! and forwards the request to the softphone, which answers 200; with no
//! registration the proxy answers 404 (or 480) itself. Sans-IO like
//! [`crate::sip::invite`]: responses and the time in, frames and the
//! verdict out.

use agent_sdk::sip::message::{hdr, Message};
use agent_sdk::sip::rng::Rng;
use agent_sdk::sip::transaction::{ClientOutcome, ClientTransaction, Timers};

use crate::sip::challenge;
use crate::sip::invite::Identity;

/// What one response led to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ProbeStep {
    /// A frame to send (the OPTIONS again, answering a challenge).
    pub send: Option<String>,
    /// The verdict, once there is one: whether the softphone answered.
    pub registered: Option<bool>,
}

/// One OPTIONS probe.
#[derive(Debug)]
pub struct Probe {
    call_id: String,
    request: Message<'static>,
    tx: ClientTransaction,
    challenged: u8,
}

impl Probe {
    /// Probes softphone `user` at `sip:<user>@<domain>`; the probe and the
    /// OPTIONS to send (`None` if the request could not be made).
    pub fn start(user: &str, me: &Identity, rng: &mut Rng, now: u64, timers: &Timers) -> Option<(Self, String)> {
        let call_id = format!("{}@{}", rng.token(20), me.authority);
        let mut msg = Message::request("OPTIONS", format!("sip:{user}@{}", me.domain));
        msg.push(hdr::VIA, me.local().via(&rng.branch()));
        msg.push(hdr::MAX_FORWARDS, "70");
        msg.push(hdr::FROM, format!("<sip:gateway@{}>;tag={}", me.domain, rng.token(10)));
        msg.push(hdr::TO, format!("<sip:{user}@{}>", me.domain));
        msg.push(hdr::CALL_ID, call_id.clone());
        msg.push(hdr::CSEQ, "1 OPTIONS");
        msg.push(hdr::ACCEPT, "application/sdp");
        msg.push(hdr::USER_AGENT, "agent-gateway");
        msg.push(hdr::CONTENT_LENGTH, "0");
        let request = msg.into_owned();
        let tx = ClientTransaction::new(&request, now, timers)?;
        let text = tx.request().to_string();
        Some((Self { call_id, request, tx, challenged: 0 }, text))
    }

    /// Whether `msg` answers this probe.
    pub fn owns(&self, msg: &Message<'_>) -> bool {
        msg.call_id() == Some(self.call_id.as_str())
    }

    /// Timer F: the proxy said nothing at all.
    pub fn deadline(&self) -> Option<u64> {
        self.tx.deadline()
    }

    /// A response to the probe.
    pub fn on_response(&mut self, msg: &Message<'_>, me: &Identity, rng: &mut Rng, now: u64, t: &Timers) -> ProbeStep {
        if !self.tx.matches(msg) {
            return ProbeStep::default();
        }
        let code = msg.code().unwrap_or(500);
        match self.tx.on_response(msg) {
            ClientOutcome::Stray | ClientOutcome::Provisional => ProbeStep::default(),
            ClientOutcome::Final | ClientOutcome::FinalWithAck(_) if (200..300).contains(&code) => {
                ProbeStep { send: None, registered: Some(true) }
            }
            ClientOutcome::Final | ClientOutcome::FinalWithAck(_) => {
                let again = me
                    .credentials
                    .as_ref()
                    .filter(|_| matches!(code, 401 | 407))
                    .and_then(|c| challenge::answer(&self.request, msg, c, self.challenged, rng, &me.local()))
                    .and_then(|request| Some((ClientTransaction::new(&request, now, t)?, request)));
                match again {
                    Some((tx, request)) => {
                        self.challenged += 1;
                        let text = tx.request().to_string();
                        (self.tx, self.request) = (tx, request);
                        ProbeStep { send: Some(text), registered: None }
                    }
                    None => ProbeStep { send: None, registered: Some(false) },
                }
            }
        }
    }

    /// Time has reached `now`: no answer by Timer F means no.
    pub fn on_timeout(&mut self, now: u64) -> Option<bool> {
        self.tx.on_timeout(now).then_some(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Secret;
    use crate::sip::challenge::Credentials;
    use agent_sdk::sip::parse;

    fn me() -> Identity {
        Identity::new("127.0.0.1:8080", "sip.example.org")
            .with_credentials(Credentials { user: "gateway".into(), password: Secret::new("pw") })
    }

    fn respond(request: &str, code: u16, extra: &str) -> String {
        let req = parse(request).unwrap();
        let via = req.header(hdr::VIA).unwrap();
        let cseq = req.header(hdr::CSEQ).unwrap();
        let call_id = req.call_id().unwrap();
        format!(
            "SIP/2.0 {code} X\r\nVia: {via}\r\nCall-ID: {call_id}\r\nCSeq: {cseq}\r\n{extra}Content-Length: 0\r\n\r\n"
        )
    }

    #[test]
    fn the_probe_answers_the_proxy_challenge_and_a_200_means_registered() {
        let (me, t, mut rng) = (me(), Timers::default(), Rng::new(3));
        let (mut probe, options) = Probe::start("8001", &me, &mut rng, 0, &t).unwrap();
        assert!(options.starts_with("OPTIONS sip:8001@sip.example.org SIP/2.0\r\n"), "{options}");
        let challenge = respond(&options, 407, "Proxy-Authenticate: Digest realm=\"sip.example.org\", nonce=\"n\"\r\n");
        let step = probe.on_response(&parse(&challenge).unwrap(), &me, &mut rng, 10, &t);
        let again = step.send.expect("the OPTIONS again");
        assert_eq!(step.registered, None);
        assert!(
            again.contains("Proxy-Authorization: Digest username=\"gateway\"") && again.contains("CSeq: 2 OPTIONS")
        );
        let trying = respond(&again, 100, "");
        assert_eq!(probe.on_response(&parse(&trying).unwrap(), &me, &mut rng, 20, &t), ProbeStep::default());
        let ok = respond(&again, 200, "");
        assert!(probe.owns(&parse(&ok).unwrap()));
        assert_eq!(probe.on_response(&parse(&ok).unwrap(), &me, &mut rng, 30, &t).registered, Some(true));
    }

    #[test]
    fn not_found_a_second_challenge_or_silence_mean_not_registered() {
        let (me, t, mut rng) = (me(), Timers::default(), Rng::new(4));
        let (mut probe, options) = Probe::start("8001", &me, &mut rng, 0, &t).unwrap();
        let not_found = respond(&options, 404, "");
        assert_eq!(probe.on_response(&parse(&not_found).unwrap(), &me, &mut rng, 5, &t).registered, Some(false));

        let (mut probe, options) = Probe::start("8001", &me, &mut rng, 0, &t).unwrap();
        let challenge = "Proxy-Authenticate: Digest realm=\"r\", nonce=\"n\"\r\n";
        let again = probe.on_response(&parse(&respond(&options, 407, challenge)).unwrap(), &me, &mut rng, 5, &t);
        let again = again.send.unwrap();
        let refused = probe.on_response(&parse(&respond(&again, 407, challenge)).unwrap(), &me, &mut rng, 6, &t);
        assert_eq!(refused, ProbeStep { send: None, registered: Some(false) });

        let (mut probe, _) = Probe::start("8001", &me, &mut rng, 0, &t).unwrap();
        let deadline = probe.deadline().unwrap();
        assert_eq!(probe.on_timeout(deadline - 1), None);
        assert_eq!(probe.on_timeout(deadline), Some(false));
    }
}
