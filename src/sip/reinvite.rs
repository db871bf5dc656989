//! Re-INVITEs in both directions: remote hold and ICE restarts from the far
//! end, our own offers (ICE restart) with 491 glare handling (RFC 3261
//! section 14.1), and the ACK for the 2xx to ours.

use crate::sip::build::{ALLOW, SUPPORTED};
use crate::sip::call::{Call, CallState, OutgoingReinvite};
use crate::sip::io::{CommandError, Event};
use crate::sip::message::{hdr, Message};
use crate::sip::sdp::Sdp;
use crate::sip::syntax::owned;
use crate::sip::transaction::{ClientTransaction, Retransmit, ServerTransaction};
use crate::sip::ua::UserAgent;

impl UserAgent {
    /// A re-INVITE in the call's dialog (CSeq already checked).
    pub(super) fn on_reinvite(&mut self, msg: Message<'_>, now: u64) {
        let Some(mut call) = self.call.take() else { return };
        let Some(tx) = ServerTransaction::new(&msg) else {
            self.call = Some(call);
            return self.respond(&msg, 400, None);
        };
        let branch = owned(tx.branch());
        self.invites.push(tx);
        let tag = call.dialog.local_tag.clone();
        let code = if call.reinvite_out.is_some() {
            // Both sides offered at once: the far end backs off and retries.
            Some(491)
        } else if call.state != CallState::Confirmed || call.reinvite_in.is_some() || call.retransmit.is_some() {
            Some(500)
        } else if !crate::sip::syntax::trim(&msg.body).is_empty() && !msg.has_sdp() {
            Some(415)
        } else if msg.has_sdp() && Sdp::parse(&msg.body).is_err() {
            Some(488)
        } else {
            None
        };
        if let Some(code) = code {
            self.call = Some(call);
            return self.respond_invite(&branch, &msg, code, &tag, now);
        }
        let mut trying = crate::sip::build::response(&msg, 100, None, false);
        trying.push(hdr::CONTENT_LENGTH, "0");
        let trying = trying.print();
        if let Some(tx) = self.invites.last_mut() {
            tx.respond(100, &trying, now, &self.config.timers);
        }
        self.send(trying);
        if call.glare_retry.take().is_some() {
            let reason = owned("overtaken by the far end's offer");
            self.emit(Event::ReinviteFailed { code: 491, reason });
        }
        let event = if msg.has_sdp() {
            let ufrag = Sdp::parse(&msg.body).ok().and_then(|s| s.ice_credentials().map(|(u, _)| owned(u)));
            let ice_restart = ufrag.is_some() && call.remote_ufrag.is_some() && ufrag != call.remote_ufrag;
            Event::NeedsAnswerSdp { offer: owned(&msg.body), ice_restart }
        } else {
            Event::NeedsOfferSdp
        };
        call.reinvite_in = Some(msg.into_owned());
        self.call = Some(call);
        self.emit(event);
    }

    /// `Command::Answer` for a pending re-INVITE.
    pub(super) fn answer_reinvite(&mut self, sdp: String, now: u64) -> Result<(), CommandError> {
        let Some(mut call) = self.call.take() else { return Err(CommandError::NoCall) };
        let Some(req) = call.reinvite_in.take() else {
            self.call = Some(call);
            return Err(CommandError::InvalidState("no re-INVITE to answer"));
        };
        let text = self.dialog_response(&req, 200, &call.dialog.local_tag, Some(&sdp));
        let branch = req.top_via().and_then(|v| v.branch()).unwrap_or("");
        if let Some(tx) = self.invites.iter_mut().find(|tx| tx.branch() == branch && tx.method() == "INVITE") {
            tx.respond(200, &text, now, &self.config.timers);
        }
        self.invites.retain(|tx| !tx.is_terminated());
        // The re-INVITE is a target refresh, effective once accepted.
        call.dialog.refresh_target(&req);
        let seq = req.cseq().map(|c| c.seq).unwrap_or(0);
        call.retransmit = Some((Retransmit::new(text.clone(), now, &self.config.timers), seq));
        call.answer_in_ack = !req.has_sdp();
        let hold = if req.has_sdp() { call.remote_sdp(&req.body) } else { None };
        self.call = Some(call);
        self.send(text);
        if let Some(hold) = hold {
            self.emit(Event::RemoteHold(hold));
        }
        Ok(())
    }

    /// `Command::Decline` for a pending re-INVITE: the call goes on with the
    /// session it had.
    pub(super) fn decline_reinvite(&mut self, code: u16, now: u64) -> Result<(), CommandError> {
        let Some(mut call) = self.call.take() else { return Err(CommandError::NoCall) };
        if let Some(req) = call.reinvite_in.take() {
            let branch = req.top_via().and_then(|v| v.branch()).map(owned).unwrap_or_default();
            self.respond_invite(&branch, &req, code, &call.dialog.local_tag, now);
        }
        self.call = Some(call);
        Ok(())
    }

    /// `Command::Reinvite`.
    pub(super) fn reinvite(&mut self, sdp: String, now: u64) -> Result<(), CommandError> {
        let call = self.call.as_ref().ok_or(CommandError::NoCall)?;
        if call.state != CallState::Confirmed {
            return Err(CommandError::InvalidState("the call is not established"));
        }
        let busy = call.reinvite_in.is_some()
            || call.reinvite_out.is_some()
            || call.retransmit.is_some()
            || call.glare_retry.is_some();
        if busy {
            return Err(CommandError::InvalidState("an offer/answer exchange is in progress"));
        }
        if crate::sip::syntax::trim(&sdp).is_empty() {
            return Err(CommandError::BadArgument("empty SDP"));
        }
        let Some(mut call) = self.call.take() else { return Err(CommandError::NoCall) };
        self.send_reinvite(&mut call, sdp, now);
        self.call = Some(call);
        Ok(())
    }

    /// Sends a re-INVITE carrying `sdp`.
    pub(super) fn send_reinvite(&mut self, call: &mut Call, sdp: String, now: u64) {
        let branch = self.rng.branch();
        let local = self.local();
        let mut msg = call.dialog.request("INVITE", &branch, &local);
        msg.push(hdr::CONTACT, owned(local.contact));
        msg.push(hdr::ALLOW, ALLOW);
        msg.push(hdr::SUPPORTED, SUPPORTED);
        local.push_user_agent(&mut msg);
        msg.set_body("application/sdp", sdp.as_str());
        let seq = call.dialog.local_seq;
        if let Some(tx) = ClientTransaction::new(&msg, now, &self.config.timers) {
            self.send(owned(tx.request()));
            self.clients.push(tx);
            call.reinvite_out = Some(OutgoingReinvite { branch, sdp, seq });
        }
    }

    /// The final response to our re-INVITE (a failure's ACK already went
    /// out from the transaction).
    pub(super) fn on_reinvite_response(&mut self, branch: &str, msg: &Message<'_>, now: u64) {
        let Some(mut call) = self.call.take() else { return };
        let Some(sent) = call.reinvite_out.take_if(|r| r.branch == branch) else {
            self.call = Some(call);
            return;
        };
        let code = msg.code().unwrap_or(500);
        match code {
            200..=299 => {
                // The 2xx is a target refresh, and its ACK already goes
                // to the new target.
                call.dialog.refresh_target(msg);
                let ack_branch = self.rng.branch();
                let local = self.local();
                let mut ack = call.dialog.ack(sent.seq, &ack_branch, &local);
                ack.push(hdr::CONTENT_LENGTH, "0");
                let ack = ack.print();
                call.last_ack = Some((sent.seq, ack.clone()));
                self.send(ack);
                if msg.has_sdp() {
                    if let Some(hold) = call.remote_sdp(&msg.body) {
                        self.emit(Event::RemoteHold(hold));
                    }
                    self.emit(Event::RemoteAnswer { sdp: owned(&msg.body) });
                } else {
                    let reason = owned("2xx without an SDP answer");
                    self.emit(Event::ReinviteFailed { code, reason });
                }
            }
            491 => {
                // RFC 3261 section 14.1: we do not own the Call-ID (the far
                // end called us), so wait 0 to 2 s in 10 ms steps.
                let delay = self.rng.below(201) * 10;
                call.glare_retry = Some((now.saturating_add(delay), sent.sdp));
            }
            408 | 481 => {
                // RFC 3261 section 12.2.1.2: the dialog is gone.
                if code == 408 {
                    self.send_bye(&mut call, now);
                }
                let call_id = call.dialog.call_id;
                self.emit(Event::CallEnded { call_id, by_remote: false, reason: owned("dialog gone") });
                return;
            }
            _ => self.emit(Event::ReinviteFailed { code, reason: owned(msg.reason()) }),
        }
        self.call = Some(call);
    }

    /// Timer B fired for our re-INVITE: the far end is unreachable.
    pub(super) fn on_reinvite_timeout(&mut self, now: u64) {
        let Some(mut call) = self.call.take() else { return };
        call.reinvite_out = None;
        self.send_bye(&mut call, now);
        let reason = owned("re-INVITE timed out");
        self.emit(Event::CallEnded { call_id: call.dialog.call_id, by_remote: false, reason });
    }

    /// A response no transaction wants: a retransmitted 2xx to our
    /// re-INVITE gets the same ACK again; anything else is dropped.
    pub(super) fn on_stray_response(&mut self, msg: &Message<'_>) {
        let is_invite_2xx =
            msg.code().is_some_and(|c| (200..300).contains(&c)) && msg.cseq().is_some_and(|c| c.method == "INVITE");
        let ack = self.call.as_ref().filter(|c| is_invite_2xx && c.dialog.owns_response(msg)).and_then(|c| {
            c.last_ack.as_ref().filter(|(seq, _)| msg.cseq().map(|c| c.seq) == Some(*seq)).map(|(_, a)| a.clone())
        });
        if let Some(ack) = ack {
            self.send(ack);
        }
    }
}
