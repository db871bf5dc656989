//! The incoming call: INVITE, ringing, answer or decline, CANCEL, ACK, BYE
//! both ways, and the 2xx retransmission until the ACK.

use crate::sip::build::{self, ALLOW, SUPPORTED};
use crate::sip::dialog::Dialog;
use crate::sip::io::{CommandError, Event};
use crate::sip::message::{hdr, Message};
use crate::sip::sdp::Sdp;
use crate::sip::syntax::owned;
use crate::sip::transaction::{Retransmit, RetransmitStep, ServerTransaction};
use crate::sip::ua::{reason_header, UserAgent};

/// Where the call stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CallState {
    /// 180 sent, waiting for Answer or Decline.
    Ringing,
    /// 200 sent, waiting for the ACK.
    Answered,
    /// ACK received.
    Confirmed,
    /// Hung up before the ACK came: the BYE waits for it (RFC 3261
    /// section 15), the application has already heard `CallEnded`.
    Ending,
}

/// A re-INVITE we sent and its offer, kept for the glare retry.
#[derive(Debug, Clone)]
pub(super) struct OutgoingReinvite {
    pub(super) branch: String,
    pub(super) sdp: String,
    pub(super) seq: u32,
}

/// The one call.
#[derive(Debug)]
pub(super) struct Call {
    pub(super) dialog: Dialog,
    pub(super) state: CallState,
    /// The initial INVITE, kept to answer it.
    pub(super) invite: Message<'static>,
    pub(super) invite_branch: String,
    /// Our 2xx waiting for its ACK, and the CSeq of the INVITE it answers.
    pub(super) retransmit: Option<(Retransmit, u32)>,
    /// Our 2xx carried the offer, so the ACK carries the answer.
    pub(super) answer_in_ack: bool,
    /// A re-INVITE waiting for Answer or Decline.
    pub(super) reinvite_in: Option<Message<'static>>,
    /// Our re-INVITE in flight.
    pub(super) reinvite_out: Option<OutgoingReinvite>,
    /// After a 491: when to send the offer again.
    pub(super) glare_retry: Option<(u64, String)>,
    /// The ACK for the 2xx to our last re-INVITE, repeated if the 2xx is.
    pub(super) last_ack: Option<(u32, String)>,
    pub(super) remote_hold: bool,
    pub(super) remote_ufrag: Option<String>,
}

impl Call {
    /// The earliest call timer: the next 2xx retransmission or the glare retry.
    pub(super) fn deadline(&self) -> Option<u64> {
        let retransmit = self.retransmit.as_ref().map(|(r, _)| r.deadline());
        let glare = self.glare_retry.as_ref().map(|(at, _)| *at);
        match (retransmit, glare) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Takes note of an SDP from the far end (offer or answer); `Some`
    /// when its hold state changed.
    pub(super) fn remote_sdp(&mut self, body: &str) -> Option<bool> {
        let sdp = Sdp::parse(body).ok()?;
        self.remote_ufrag = sdp.ice_credentials().map(|(ufrag, _)| owned(ufrag));
        let hold = sdp.is_hold();
        (hold != self.remote_hold).then(|| {
            self.remote_hold = hold;
            hold
        })
    }
}

impl UserAgent {
    /// A response that creates or confirms the dialog: To tag, Record-Route,
    /// Contact, and the SDP when there is one.
    pub(super) fn dialog_response(&self, request: &Message<'_>, code: u16, tag: &str, sdp: Option<&str>) -> String {
        let mut msg = build::response(request, code, Some(tag), true);
        msg.push(hdr::CONTACT, self.contact.as_str());
        if code >= 200 {
            msg.push(hdr::ALLOW, ALLOW);
            msg.push(hdr::SUPPORTED, SUPPORTED);
        }
        match sdp {
            Some(sdp) => msg.set_body("application/sdp", sdp),
            None => msg.push(hdr::CONTENT_LENGTH, "0"),
        }
        msg.print()
    }

    /// Sends a response to an INVITE through its server transaction.
    pub(super) fn respond_invite(&mut self, branch: &str, request: &Message<'_>, code: u16, tag: &str, now: u64) {
        let text = if code < 300 {
            self.dialog_response(request, code, tag, None)
        } else {
            let mut msg = build::response(request, code, Some(tag), false);
            if code == 500 {
                // RFC 3261 section 14.2: a re-INVITE overlapping another
                // is told when to try again, 0 to 10 s.
                let mut secs = String::new();
                crate::sip::syntax::push_u64(&mut secs, self.rng.below(11));
                msg.push(hdr::RETRY_AFTER, secs);
            }
            msg.push(hdr::CONTENT_LENGTH, "0");
            msg.print()
        };
        if let Some(tx) = self.invites.iter_mut().find(|tx| tx.branch() == branch && tx.method() == "INVITE") {
            tx.respond(code, &text, now, &self.config.timers);
        }
        self.invites.retain(|tx| !tx.is_terminated());
        self.send(text);
    }

    /// A new INVITE (no To tag).
    pub(super) fn on_invite(&mut self, msg: Message<'_>, now: u64) {
        if let Some(call) = &self.call {
            if msg.call_id() == Some(call.dialog.call_id.as_str()) {
                // The INVITE again after its transaction ended: the 2xx
                // retransmission already covers it.
                return;
            }
        }
        let Some(tx) = ServerTransaction::new(&msg) else {
            self.respond(&msg, 400, None);
            return self.discard("INVITE without a Via branch");
        };
        let branch = owned(tx.branch());
        self.invites.push(tx);
        let tag = self.rng.token(10);
        let sdp_ok = !msg.has_sdp() || Sdp::parse(&msg.body).is_ok();
        let failure = if self.call.is_some() {
            Some(486)
        } else if !crate::sip::syntax::trim(&msg.body).is_empty() && !msg.has_sdp() {
            Some(415)
        } else if !sdp_ok {
            Some(488)
        } else {
            None
        };
        let dialog = Dialog::uas(&msg, &tag);
        let (Some(dialog), None) = (dialog, failure) else {
            return self.respond_invite(&branch, &msg, failure.unwrap_or(400), &tag, now);
        };
        let mut trying = build::response(&msg, 100, None, false);
        trying.push(hdr::CONTENT_LENGTH, "0");
        let trying = trying.print();
        if let Some(tx) = self.invites.last_mut() {
            tx.respond(100, &trying, now, &self.config.timers);
        }
        self.send(trying);
        self.respond_invite(&branch, &msg, 180, &tag, now);

        let from = msg.from_addr();
        let event = Event::IncomingCall {
            call_id: dialog.call_id.clone(),
            from: from.map(|f| owned(f.uri)).unwrap_or_default(),
            display_name: from.and_then(|f| f.display_name()).map(str::to_string),
            sdp_offer: msg.has_sdp().then(|| owned(&msg.body)),
            auto_answer: msg.header("Answer-Mode").is_some_and(|m| m.trim().eq_ignore_ascii_case("auto")),
        };
        let mut call = Call {
            dialog,
            state: CallState::Ringing,
            invite: msg.into_owned(),
            invite_branch: branch,
            retransmit: None,
            answer_in_ack: false,
            reinvite_in: None,
            reinvite_out: None,
            glare_retry: None,
            last_ack: None,
            remote_hold: false,
            remote_ufrag: None,
        };
        if call.invite.has_sdp() {
            let body = owned(&call.invite.body);
            call.remote_sdp(&body);
        }
        self.call = Some(call);
        self.emit(event);
    }

    /// `Command::Answer`.
    pub(super) fn answer(&mut self, sdp: String, now: u64) -> Result<(), CommandError> {
        let call = self.call.as_ref().ok_or(CommandError::NoCall)?;
        if crate::sip::syntax::trim(&sdp).is_empty() {
            return Err(CommandError::BadArgument("empty SDP"));
        }
        if call.reinvite_in.is_some() {
            return self.answer_reinvite(sdp, now);
        }
        if call.state != CallState::Ringing {
            return Err(CommandError::InvalidState("the call is not ringing"));
        }
        let Some(mut call) = self.call.take() else { return Err(CommandError::NoCall) };
        let text = self.dialog_response(&call.invite, 200, &call.dialog.local_tag, Some(&sdp));
        if let Some(tx) = self.invites.iter_mut().find(|tx| tx.branch() == call.invite_branch) {
            tx.respond(200, &text, now, &self.config.timers);
        }
        self.invites.retain(|tx| !tx.is_terminated());
        let seq = call.invite.cseq().map(|c| c.seq).unwrap_or(0);
        call.retransmit = Some((Retransmit::new(text.clone(), now, &self.config.timers), seq));
        call.answer_in_ack = !call.invite.has_sdp();
        call.state = CallState::Answered;
        self.call = Some(call);
        self.send(text);
        Ok(())
    }

    /// `Command::Decline`.
    pub(super) fn decline(&mut self, code: u16, now: u64) -> Result<(), CommandError> {
        if !(300..700).contains(&code) {
            return Err(CommandError::BadArgument("decline code must be 300 to 699"));
        }
        let call = self.call.as_ref().ok_or(CommandError::NoCall)?;
        if call.reinvite_in.is_some() {
            return self.decline_reinvite(code, now);
        }
        if call.state != CallState::Ringing {
            return Err(CommandError::InvalidState("the call is already answered; hang up instead"));
        }
        self.end_ringing(code, "declined", now);
        Ok(())
    }

    /// `Command::Hangup`.
    pub(super) fn hangup(&mut self, now: u64) -> Result<(), CommandError> {
        let Some(mut call) = self.call.take() else { return Err(CommandError::NoCall) };
        match call.state {
            CallState::Ringing => {
                self.call = Some(call);
                self.end_ringing(603, "declined", now);
            }
            CallState::Answered => {
                call.state = CallState::Ending;
                let call_id = call.dialog.call_id.clone();
                self.call = Some(call);
                self.emit(Event::CallEnded { call_id, by_remote: false, reason: owned("hangup") });
            }
            CallState::Confirmed => {
                self.abandon_reinvite(&mut call, now);
                self.send_bye(&mut call, now);
                let call_id = call.dialog.call_id;
                self.emit(Event::CallEnded { call_id, by_remote: false, reason: owned("hangup") });
            }
            CallState::Ending => self.call = Some(call),
        }
        Ok(())
    }

    /// Rejects the ringing call with `code` and ends it.
    fn end_ringing(&mut self, code: u16, reason: &str, now: u64) {
        let Some(call) = self.call.take() else { return };
        self.respond_invite(&call.invite_branch, &call.invite, code, &call.dialog.local_tag, now);
        let call_id = call.dialog.call_id;
        self.emit(Event::CallEnded { call_id, by_remote: false, reason: owned(reason) });
    }

    /// Answers a re-INVITE still waiting for us with 487 (RFC 3261 section
    /// 15.1.2), as the dialog is ending.
    fn abandon_reinvite(&mut self, call: &mut Call, now: u64) {
        if let Some(req) = call.reinvite_in.take() {
            let branch = req.top_via().and_then(|v| v.branch()).map(owned).unwrap_or_default();
            self.respond_invite(&branch, &req, 487, &call.dialog.local_tag, now);
        }
    }

    /// Sends a BYE in the call's dialog.
    pub(super) fn send_bye(&mut self, call: &mut Call, now: u64) {
        let branch = self.rng.branch();
        let local = self.local();
        let mut msg = call.dialog.request("BYE", &branch, &local);
        local.push_user_agent(&mut msg);
        msg.push(hdr::CONTENT_LENGTH, "0");
        if let Some(tx) = crate::sip::transaction::ClientTransaction::new(&msg, now, &self.config.timers) {
            self.send(owned(tx.request()));
            self.clients.push(tx);
        }
    }

    /// A CANCEL (RFC 3261 section 9.2).
    pub(super) fn on_cancel(&mut self, msg: &Message<'_>, now: u64) {
        let branch = msg.top_via().and_then(|v| v.branch()).unwrap_or("");
        let Some(tx) = self.invites.iter().find(|tx| tx.method() == "INVITE" && tx.branch() == branch) else {
            return self.respond(msg, 481, None);
        };
        let answered = tx.is_answered();
        let ringing = self.call.as_ref().filter(|c| c.invite_branch == branch && c.state == CallState::Ringing);
        let tag = ringing.map(|c| c.dialog.local_tag.clone());
        self.respond(msg, 200, tag.as_deref());
        if answered {
            return;
        }
        if tag.is_none() {
            return self.cancel_reinvite(branch, now);
        }
        let Some(call) = self.call.take() else { return };
        self.respond_invite(&call.invite_branch, &call.invite, 487, &call.dialog.local_tag, now);
        self.emit(Event::CallCancelled { call_id: call.dialog.call_id, reason: reason_header(msg) });
    }

    /// The far end withdrew its re-INVITE before we answered it: 487, and
    /// the session stays as it was (a later `Answer` is refused).
    fn cancel_reinvite(&mut self, branch: &str, now: u64) {
        let Some(mut call) = self.call.take() else { return };
        let pending = call.reinvite_in.as_ref().and_then(|r| r.top_via()).and_then(|v| v.branch()) == Some(branch);
        if pending {
            self.abandon_reinvite(&mut call, now);
        }
        self.call = Some(call);
    }

    /// A BYE in the call's dialog.
    pub(super) fn on_bye(&mut self, msg: &Message<'_>, now: u64) {
        self.respond(msg, 200, None);
        let Some(mut call) = self.call.take() else { return };
        self.abandon_reinvite(&mut call, now);
        if call.state == CallState::Ringing {
            self.respond_invite(&call.invite_branch, &call.invite, 487, &call.dialog.local_tag, now);
        }
        if call.state != CallState::Ending {
            let reason = reason_header(msg).unwrap_or_else(|| owned("BYE"));
            self.emit(Event::CallEnded { call_id: call.dialog.call_id, by_remote: true, reason });
        }
    }

    /// An ACK: for a failure response (its transaction), or for our 2xx.
    pub(super) fn on_ack(&mut self, msg: &Message<'_>, now: u64) {
        if let Some(tx) = self.invites.iter_mut().find(|tx| tx.matches(msg)) {
            tx.on_ack();
            self.invites.retain(|tx| !tx.is_terminated());
            return;
        }
        let seq = msg.cseq().map(|c| c.seq);
        let Some(mut call) = self.call.take() else { return };
        let awaited = call.retransmit.as_ref().map(|(_, s)| *s);
        if !call.dialog.owns_request(msg) || awaited.is_none() || awaited != seq {
            self.call = Some(call);
            return;
        }
        call.retransmit = None;
        if call.answer_in_ack && msg.has_sdp() {
            if let Some(hold) = call.remote_sdp(&msg.body) {
                self.emit(Event::RemoteHold(hold));
            }
            self.emit(Event::RemoteAnswer { sdp: owned(&msg.body) });
        }
        call.answer_in_ack = false;
        match call.state {
            CallState::Answered => {
                call.state = CallState::Confirmed;
                let call_id = call.dialog.call_id.clone();
                self.call = Some(call);
                self.emit(Event::CallEstablished { call_id });
            }
            CallState::Ending => self.send_bye(&mut call, now),
            _ => self.call = Some(call),
        }
    }

    /// The call's own timers: 2xx retransmission and the glare retry.
    pub(super) fn call_timers(&mut self, now: u64) {
        let Some(mut call) = self.call.take() else { return };
        let step = call.retransmit.as_mut().map(|(r, _)| r.poll(now));
        match step {
            Some(RetransmitStep::Send) => {
                if let Some((r, _)) = &call.retransmit {
                    let text = owned(r.text());
                    self.send(text);
                }
            }
            Some(RetransmitStep::GiveUp) => {
                // RFC 3261 section 13.3.1.4: no ACK within 64*T1 ends the
                // session with a BYE.
                call.retransmit = None;
                self.send_bye(&mut call, now);
                if call.state != CallState::Ending {
                    let call_id = call.dialog.call_id;
                    self.emit(Event::CallEnded { call_id, by_remote: false, reason: owned("no ACK") });
                }
                return;
            }
            _ => {}
        }
        if call.glare_retry.as_ref().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, sdp)) = call.glare_retry.take() {
                self.send_reinvite(&mut call, sdp, now);
            }
        }
        self.call = Some(call);
    }
}
