//! The user agent's interface: what goes in ([`Input`], [`Command`]) and
//! what comes out ([`Output`], [`Event`]).

/// Something that happened, handed to [`crate::sip::UserAgent::handle_input`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input<'a> {
    /// A text frame arrived on the SIP WebSocket (one SIP message).
    Frame(&'a str),
    /// The time returned by [`crate::sip::UserAgent::poll_timeout`] was
    /// reached (calling it early or late is harmless).
    Timeout,
    /// The application asks for something.
    Command(Command),
}

/// What the application can ask of the user agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Register (or re-register now) and keep the registration refreshed.
    /// Send it again after the WebSocket reconnects.
    Register,
    /// Remove the registration (`Expires: 0`) and stop refreshing.
    Unregister,
    /// Answer the ringing call, or the pending re-INVITE, with this SDP:
    /// an answer after [`Event::IncomingCall`] with an offer or
    /// [`Event::NeedsAnswerSdp`]; an offer after an offer-less INVITE or
    /// [`Event::NeedsOfferSdp`].
    Answer {
        /// The SDP.
        sdp: String,
    },
    /// Reject the ringing call (e.g. 486 Busy Here, 603 Decline), or the
    /// pending re-INVITE (e.g. 488), with a status from 300 to 699.
    Decline {
        /// The status code.
        code: u16,
    },
    /// End the call: decline it while ringing (603), BYE once answered.
    Hangup,
    /// Send a re-INVITE with this SDP offer (e.g. an ICE restart).
    Reinvite {
        /// The SDP offer.
        sdp: String,
    },
}

/// Why a command was refused. Nothing was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandError {
    /// There is no call to act on.
    NoCall,
    /// The call or registration is not in a state that allows it.
    InvalidState(&'static str),
    /// An argument is out of range (e.g. a decline code below 300).
    BadArgument(&'static str),
}

impl CommandError {
    /// A short, stable description.
    pub fn reason(self) -> &'static str {
        match self {
            CommandError::NoCall => "no call",
            CommandError::InvalidState(why) | CommandError::BadArgument(why) => why,
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

impl std::error::Error for CommandError {}

/// Something the web layer must do, from
/// [`crate::sip::UserAgent::poll_output`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Send this text frame on the SIP WebSocket.
    Send(String),
    /// Tell the application.
    Event(Event),
}

/// What the application hears about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A registration or refresh succeeded.
    Registered {
        /// Seconds the registrar granted.
        expires: u32,
        /// The public GRUU, when the registrar gave one.
        gruu: Option<String>,
    },
    /// Registration failed; no refresh is scheduled. Rejected credentials
    /// (a second challenge that is not `stale`) are reported as 403, like
    /// a registrar's own 403.
    RegistrationFailed {
        /// The status code (408 for a timeout).
        code: u16,
        /// The reason phrase or what went wrong.
        reason: String,
    },
    /// The un-REGISTER finished (whatever the registrar answered: the
    /// binding is no longer kept fresh either way).
    Unregistered,
    /// An INVITE arrived; the UA already sent 100 Trying and 180 Ringing.
    IncomingCall {
        /// Its Call-ID.
        call_id: String,
        /// The caller's URI.
        from: String,
        /// The caller's display name.
        display_name: Option<String>,
        /// The SDP offer, or `None` when the INVITE had none (then
        /// [`Command::Answer`] carries our offer and the answer comes as
        /// [`Event::RemoteAnswer`]).
        sdp_offer: Option<String>,
        /// The caller asks to be answered without ringing (RFC 5373
        /// `Answer-Mode: Auto`): a call the agent placed from the desk.
        auto_answer: bool,
    },
    /// The caller cancelled before the call was answered (the call is over).
    CallCancelled {
        /// The Call-ID.
        call_id: String,
        /// The CANCEL's `Reason` header, if any.
        reason: Option<String>,
    },
    /// The ACK for our 200 arrived: the call is up.
    CallEstablished {
        /// The Call-ID.
        call_id: String,
    },
    /// The call is over (every announced call ends with exactly one
    /// `CallEnded` or `CallCancelled`).
    CallEnded {
        /// The Call-ID.
        call_id: String,
        /// Whether the far end ended it.
        by_remote: bool,
        /// `BYE` (or the BYE's `Reason` header), `hangup`, `declined`,
        /// `no ACK`, `re-INVITE timed out`, `dialog gone`.
        reason: String,
    },
    /// The far end put us on hold (`true`) or took us off hold (`false`).
    RemoteHold(bool),
    /// A re-INVITE brought an offer: answer with [`Command::Answer`] (or
    /// refuse with [`Command::Decline`]).
    NeedsAnswerSdp {
        /// The offer.
        offer: String,
        /// The ICE credentials changed: the far end restarts ICE.
        ice_restart: bool,
    },
    /// A re-INVITE came without an offer: provide one with
    /// [`Command::Answer`]; the answer comes as [`Event::RemoteAnswer`].
    NeedsOfferSdp,
    /// The far end's SDP answer to our offer.
    RemoteAnswer {
        /// The answer.
        sdp: String,
    },
    /// Our re-INVITE failed; the previous session stays in place (roll the
    /// local offer back).
    ReinviteFailed {
        /// The status code (491 when a glare retry was overtaken by the
        /// far end's own offer).
        code: u16,
        /// The reason phrase or what went wrong.
        reason: String,
    },
    /// A frame that could not be used was dropped.
    Discarded {
        /// Why.
        reason: &'static str,
    },
}
