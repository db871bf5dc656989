//! Calls to a softphone against the SDK's own user agent, on a simulated
//! clock: every frame one side sends is fed to the other.

use agent_sdk::sip::parse;
use agent_sdk::sip::rng::Rng;
use agent_sdk::sip::transaction::Timers;
use agent_sdk::sip::{Command, Config, Event, Input, Output, UserAgent};

use crate::calls::AgentKey;
use crate::sip::invite::{Happened, Identity, OutgoingCall, Ring, State, Step};

const OFFER: &str = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=sendrecv\r\n";
const ANSWER: &str = "v=0\r\no=- 2 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 5000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 127.0.0.1\r\na=sendrecv\r\n";

struct Rig {
    call: OutgoingCall,
    ua: UserAgent,
    me: Identity,
    rng: Rng,
    timers: Timers,
    /// Frames from the softphone not yet given to the call.
    to_call: Vec<String>,
    events: Vec<Event>,
    happened: Vec<Happened>,
}

impl Rig {
    fn start() -> Self {
        let ring = Ring {
            main_unique_id: "1718000000.1".into(),
            unique_id: "1718000000.2".into(),
            agent: AgentKey::new("t1", "1001"),
            user: "8001".into(),
            contact: "sip:8001@ua.invalid;transport=ws".into(),
            caller: "02150001234".into(),
            call_type: 1,
            auto_answer: false,
        };
        let me = Identity::new("127.0.0.1:8080", "127.0.0.1");
        let mut rng = Rng::new(7);
        let timers = Timers::default();
        let (call, invite) = OutgoingCall::start(ring, &me, OFFER, &mut rng, 0, &timers).unwrap();
        let mut config = Config::new("sip:8001@127.0.0.1", "pw");
        config.contact_host = "ua.invalid".into();
        config.via_transport = "WS".into();
        let ua = UserAgent::new(config, 9);
        let mut rig = Self { call, ua, me, rng, timers, to_call: Vec::new(), events: Vec::new(), happened: Vec::new() };
        rig.deliver_to_ua(&[invite]);
        rig
    }

    fn deliver_to_ua(&mut self, frames: &[String]) {
        for frame in frames {
            self.ua.handle_input(Input::Frame(frame), 0).unwrap();
        }
        self.drain_ua();
    }

    fn command(&mut self, command: Command) {
        self.ua.handle_input(Input::Command(command), 0).unwrap();
        self.drain_ua();
    }

    fn drain_ua(&mut self) {
        while let Some(out) = self.ua.poll_output() {
            match out {
                Output::Send(text) => self.to_call.push(text),
                Output::Event(e) => self.events.push(e),
            }
        }
    }

    fn take(&mut self, step: Step) -> Vec<String> {
        self.happened.extend(step.happened);
        step.send
    }

    /// Gives the softphone's pending frames to the call; returns what the
    /// call sent back (not yet delivered).
    fn deliver_to_call(&mut self) -> Vec<String> {
        let mut back = Vec::new();
        for frame in std::mem::take(&mut self.to_call) {
            let msg = parse(&frame).unwrap();
            assert!(self.call.owns(&msg), "{frame}");
            let step = if msg.code().is_some() {
                self.call.on_response(&msg, &self.me, &mut self.rng, 0, &self.timers)
            } else {
                self.call.on_request(&msg)
            };
            back.extend(self.take(step));
        }
        back
    }

    fn end(&mut self) -> Vec<String> {
        let step = self.call.end(&self.me, &mut self.rng, 0, &self.timers);
        self.take(step)
    }

    fn ringing(&mut self) {
        let back = self.deliver_to_call();
        assert!(back.is_empty(), "{back:?}");
        assert_eq!(self.happened, vec![Happened::Ringing]);
        assert_eq!(self.call.state(), State::Ringing);
        assert!(
            matches!(self.events.as_slice(), [Event::IncomingCall { sdp_offer: Some(_), .. }]),
            "{:?}",
            self.events
        );
    }
}

fn first_line(frames: &[String]) -> Vec<&str> {
    frames.iter().map(|f| f.lines().next().unwrap_or("")).collect()
}

#[test]
fn answered_then_the_softphone_hangs_up() {
    let mut rig = Rig::start();
    rig.ringing();
    rig.command(Command::Answer { sdp: ANSWER.into() });
    let back = rig.deliver_to_call();
    assert_eq!(first_line(&back), ["ACK sip:8001@ua.invalid;transport=ws SIP/2.0"]);
    assert_eq!(rig.happened[1], Happened::Answered { sdp: ANSWER.into() });
    rig.deliver_to_ua(&back);
    assert!(matches!(rig.events.last(), Some(Event::CallEstablished { .. })), "{:?}", rig.events);

    rig.command(Command::Hangup);
    let back = rig.deliver_to_call();
    assert_eq!(first_line(&back), ["SIP/2.0 200 OK"]);
    assert_eq!(rig.happened.last(), Some(&Happened::HungUp));
    assert!(rig.call.is_over());
}

#[test]
fn the_engine_hangs_up_an_answered_call_with_bye() {
    let mut rig = Rig::start();
    rig.ringing();
    rig.command(Command::Answer { sdp: ANSWER.into() });
    let ack = rig.deliver_to_call();
    rig.deliver_to_ua(&ack);
    let bye = rig.end();
    assert_eq!(first_line(&bye), ["BYE sip:8001@ua.invalid;transport=ws SIP/2.0"]);
    assert_eq!(rig.call.state(), State::Ending);
    rig.deliver_to_ua(&bye);
    assert!(matches!(rig.events.last(), Some(Event::CallEnded { by_remote: true, .. })), "{:?}", rig.events);
    assert!(rig.deliver_to_call().is_empty());
    assert!(rig.call.is_over());
    assert_eq!(rig.happened.len(), 2, "the engine's own hang-up is not reported back: {:?}", rig.happened);
}

#[test]
fn cancelled_while_ringing() {
    let mut rig = Rig::start();
    rig.ringing();
    let cancel = rig.end();
    assert_eq!(first_line(&cancel), ["CANCEL sip:8001@ua.invalid;transport=ws SIP/2.0"]);
    rig.deliver_to_ua(&cancel);
    assert!(matches!(rig.events.last(), Some(Event::CallCancelled { .. })), "{:?}", rig.events);
    let ack = rig.deliver_to_call();
    assert_eq!(first_line(&ack), ["ACK sip:8001@ua.invalid;transport=ws SIP/2.0"], "the 487 is ACKed");
    assert!(rig.call.is_over());
    assert_eq!(rig.happened, vec![Happened::Ringing]);
}

#[test]
fn ended_before_any_response_cancels_on_the_first_provisional() {
    let mut rig = Rig::start();
    assert!(rig.end().is_empty(), "no CANCEL before a provisional response");
    let back = rig.deliver_to_call();
    assert_eq!(first_line(&back), ["CANCEL sip:8001@ua.invalid;transport=ws SIP/2.0"]);
    assert!(rig.happened.is_empty(), "{:?}", rig.happened);
}

#[test]
fn a_decline_fails_the_leg_with_its_code() {
    let mut rig = Rig::start();
    rig.ringing();
    rig.command(Command::Decline { code: 486 });
    let ack = rig.deliver_to_call();
    assert_eq!(first_line(&ack), ["ACK sip:8001@ua.invalid;transport=ws SIP/2.0"]);
    assert_eq!(rig.happened.last(), Some(&Happened::Failed { code: 486 }));
    assert!(rig.call.is_over());
}

#[test]
fn an_answer_crossing_the_cancel_is_acked_and_hung_up() {
    let mut rig = Rig::start();
    rig.ringing();
    rig.command(Command::Answer { sdp: ANSWER.into() });
    let cancel = rig.end();
    let back = rig.deliver_to_call();
    assert_eq!(
        first_line(&back),
        ["ACK sip:8001@ua.invalid;transport=ws SIP/2.0", "BYE sip:8001@ua.invalid;transport=ws SIP/2.0"]
    );
    assert_eq!(rig.happened, vec![Happened::Ringing], "the engine already ended the leg");
    rig.deliver_to_ua(&cancel);
    rig.deliver_to_ua(&back);
    assert!(matches!(rig.events.last(), Some(Event::CallEnded { by_remote: true, .. })), "{:?}", rig.events);
}

#[test]
fn an_answer_without_sdp_and_silence_fail_the_leg() {
    let mut rig = Rig::start();
    // The user agent never answers without SDP: such a 200 is written by
    // hand from its 180.
    let ringing = parse(&rig.received_180()).unwrap().into_owned();
    rig.ringing();
    let mut ok = agent_sdk::sip::build::response(&ringing, 200, None, false);
    if let Some(contact) = ringing.header("Contact") {
        ok.push("Contact", contact.to_string());
    }
    ok.push("Content-Length", "0");
    let msg = parse(&ok.print()).unwrap().into_owned();
    let step = rig.call.on_response(&msg, &rig.me, &mut rig.rng, 0, &rig.timers);
    assert_eq!(first_line(&step.send)[1], "BYE sip:8001@ua.invalid;transport=ws SIP/2.0");
    assert_eq!(step.happened, Some(Happened::Failed { code: 488 }));

    let mut quiet = Rig::start();
    quiet.to_call.clear();
    let step = quiet.call.on_timeout(Timers::default().timeout());
    assert_eq!(step.happened, Some(Happened::Failed { code: 408 }));
    assert!(quiet.call.is_over());
}

impl Rig {
    /// The 180 the softphone sent (still queued for the call).
    fn received_180(&self) -> String {
        self.to_call.iter().find(|f| f.starts_with("SIP/2.0 180")).cloned().unwrap_or_default()
    }
}

/// A proxy's answer to the INVITE `frame`: `code`, with a digest challenge
/// when it is 401 or 407.
fn challenge_to(frame: &str, code: u16) -> String {
    let req = parse(frame).unwrap();
    let challenge = match code {
        407 => "Proxy-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"abc\", qop=\"auth\"\r\n",
        401 => "WWW-Authenticate: Digest realm=\"127.0.0.1\", nonce=\"abc\", qop=\"auth\"\r\n",
        _ => "",
    };
    format!(
        "SIP/2.0 {code} X\r\nVia: {}\r\nFrom: {}\r\nTo: {};tag=proxy\r\nCall-ID: {}\r\nCSeq: {}\r\n\
         {challenge}Content-Length: 0\r\n\r\n",
        req.header("Via").unwrap(),
        req.header("From").unwrap(),
        req.header("To").unwrap(),
        req.call_id().unwrap(),
        req.header("CSeq").unwrap(),
    )
}

fn proxied_call() -> (OutgoingCall, Identity, Rng, Timers, String) {
    use crate::config::Secret;
    use crate::sip::challenge::Credentials;
    let ring = Ring {
        main_unique_id: "1718000000.1".into(),
        unique_id: "1718000000.2".into(),
        agent: AgentKey::new("t1", "1001"),
        user: "8001".into(),
        contact: "sip:8001@127.0.0.1".into(),
        caller: "02150001234".into(),
        call_type: 1,
        auto_answer: false,
    };
    let me = Identity::new("127.0.0.1:8080", "127.0.0.1")
        .with_credentials(Credentials { user: "gateway".into(), password: Secret::new("pw") });
    let (mut rng, timers) = (Rng::new(11), Timers::default());
    let (call, invite) = OutgoingCall::start(ring, &me, OFFER, &mut rng, 0, &timers).unwrap();
    (call, me, rng, timers, invite)
}

#[test]
fn a_proxy_challenge_is_acked_and_answered_and_cancel_follows_the_answered_invite() {
    let (mut call, me, mut rng, timers, invite) = proxied_call();
    let challenge = challenge_to(&invite, 407);
    let step = call.on_response(&parse(&challenge).unwrap(), &me, &mut rng, 10, &timers);
    assert_eq!(step.happened, None);
    let [ack, again] = &step.send[..] else { panic!("{:?}", step.send) };
    assert!(ack.starts_with("ACK sip:8001@127.0.0.1 SIP/2.0") && ack.contains("CSeq: 1 ACK"), "{ack}");
    assert!(again.starts_with("INVITE sip:8001@127.0.0.1 SIP/2.0") && again.contains("CSeq: 2 INVITE"), "{again}");
    assert!(again.contains("Proxy-Authorization: Digest username=\"gateway\"") && again.contains(OFFER));
    assert_eq!(call.state(), State::Calling);

    let ringing = challenge_to(again, 180);
    assert_eq!(
        call.on_response(&parse(&ringing).unwrap(), &me, &mut rng, 20, &timers).happened,
        Some(Happened::Ringing)
    );
    let cancel = call.end(&me, &mut rng, 30, &timers).send;
    let branch = |text: &str| parse(text).unwrap().top_via().and_then(|v| v.branch().map(str::to_string));
    assert!(cancel[0].contains("CSeq: 2 CANCEL"), "{}", cancel[0]);
    assert_eq!(branch(&cancel[0]), branch(again));
}

#[test]
fn credentials_the_proxy_refuses_fail_the_leg() {
    let (mut call, me, mut rng, timers, invite) = proxied_call();
    let step = call.on_response(&parse(&challenge_to(&invite, 407)).unwrap(), &me, &mut rng, 10, &timers);
    let again = step.send[1].clone();
    let step = call.on_response(&parse(&challenge_to(&again, 407)).unwrap(), &me, &mut rng, 20, &timers);
    assert_eq!(step.happened, Some(Happened::Failed { code: 407 }));
    assert_eq!(step.send.len(), 1, "only the ACK of the second challenge");
    assert!(call.is_over());

    // Without credentials (the gateway as registrar) a challenge is a failure.
    let (mut call, _, mut rng, timers, invite) = proxied_call();
    let bare = Identity::new("127.0.0.1:8080", "127.0.0.1");
    let step = call.on_response(&parse(&challenge_to(&invite, 401)).unwrap(), &bare, &mut rng, 10, &timers);
    assert_eq!(step.happened, Some(Happened::Failed { code: 401 }));
}
