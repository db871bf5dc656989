//! Flow event payloads built from a call: `ringing`, the `previewObCall*`
//! events and the consult events. The shared protocol types fix the field
//! order on the wire.

use std::collections::BTreeMap;

use agent_sdk::protocol::events::{
    AtxferEndedEvent, AtxferErrorEvent, AtxferLinkEvent, AtxferStartEvent, AtxferThreewayUnlinkEvent,
    CompleteAtxferResultEvent, InteractReturnEvent, PreviewObCallBridgeEvent, PreviewObCallResultEvent,
    PreviewObCallRingingEvent, PreviewObCallStartEvent, RingingEvent, ThreewayAtxferResultEvent,
};
use agent_sdk::protocol::{AgentState, Event};

use crate::calls::call::{Call, Consult, Party};
use crate::calls::numbers;

/// Who ended a consult (`atxferEnded.hangupSide`).
pub mod hangup_side {
    /// The consulting agent (hang-up, `cancelAtxfer`, `resumeAtxfer`).
    pub const AGENT: i64 = 1;
    /// The customer.
    pub const CUSTOMER: i64 = 2;
    /// The consult target.
    pub const TARGET: i64 = 3;
}

/// `ringing` for agent leg `leg`; `other` is the number shown as the
/// caller.
pub fn ringing(call: &Call, leg: usize, other: &str) -> Option<Event> {
    let l = call.legs.get(leg)?;
    let agent_no = l.party.agent_no()?.to_string();
    let area = numbers::area_code(other);
    let from_customer = call.customer.is_some();
    Some(Event::RingingEvent(Box::new(RingingEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no,
        call_type: l.call_type,
        channel: l.channel.clone(),
        main_unique_id: call.main_unique_id.clone(),
        unique_id: l.unique_id.clone(),
        customer_number: other.to_string(),
        customer_area_code: Some(area).filter(|a| from_customer && !a.is_empty()),
        customer_province: None,
        customer_city: None,
        sub_call_type: l.sub_call_type,
        hotline: call.hotline.clone(),
        number_trunk: call.hotline.clone(),
        queue_no: call.queue_no.clone(),
        chan_variables: call.chan_variables.clone(),
    })))
}

/// The customer's channel, or empty.
fn customer_channel(call: &Call) -> String {
    call.customer.and_then(|i| call.legs.get(i)).map(|l| l.channel.clone()).unwrap_or_default()
}

/// The owner's channel, or empty.
pub fn owner_channel(call: &Call) -> String {
    call.owner.and_then(|i| call.legs.get(i)).map(|l| l.channel.clone()).unwrap_or_default()
}

/// `previewObCallStart`.
pub fn preview_start(call: &Call) -> Option<Event> {
    let p = call.preview.as_ref()?;
    Some(Event::PreviewObCallStartEvent(PreviewObCallStartEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no: p.agent_no.clone(),
        customer_number: call.customer_number.clone(),
        customer_number_type: p.number_type,
        ob_clid_area_code: p.area_code.clone(),
        main_unique_id: call.main_unique_id.clone(),
        request_unique_id: p.request_unique_id.clone(),
        ob_clid: p.ob_clid.clone(),
    }))
}

/// `previewObCallRinging`, with the agent's state.
pub fn preview_ringing(call: &Call, state: AgentState, state_action: String) -> Option<Event> {
    let p = call.preview.as_ref()?;
    Some(Event::PreviewObCallRingingEvent(PreviewObCallRingingEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no: p.agent_no.clone(),
        customer_number: call.customer_number.clone(),
        customer_number_type: p.number_type,
        ob_clid_area_code: p.area_code.clone(),
        state,
        state_action,
        main_unique_id: call.main_unique_id.clone(),
    }))
}

/// `previewObCallBridge`: the agent's channel and the customer's.
pub fn preview_bridge(call: &Call) -> Option<Event> {
    let p = call.preview.as_ref()?;
    Some(Event::PreviewObCallBridgeEvent(PreviewObCallBridgeEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no: p.agent_no.clone(),
        customer_number: call.customer_number.clone(),
        customer_number_type: p.number_type,
        ob_clid_area_code: p.area_code.clone(),
        channel: owner_channel(call),
        dest_channel: customer_channel(call),
        main_unique_id: call.main_unique_id.clone(),
    }))
}

/// `previewObCallResult`: `success` or `error`. `uniqueId` is the call's
/// `mainUniqueId`, the id the other preview events carry.
pub fn preview_result(call: &Call, success: bool) -> Option<Event> {
    let p = call.preview.as_ref()?;
    Some(Event::PreviewObCallResultEvent(PreviewObCallResultEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no: p.agent_no.clone(),
        customer_number: call.customer_number.clone(),
        result: if success { "success" } else { "error" }.to_string(),
        unique_id: call.main_unique_id.clone(),
        ob_clid: p.ob_clid.clone(),
    }))
}

/// The parts every consult event shares.
pub struct Who<'a> {
    /// Tenant.
    pub tenant_id: &'a str,
    /// The consulting agent.
    pub agent_no: &'a str,
    /// Its state.
    pub state: AgentState,
    /// Its stateAction.
    pub state_action: String,
}

/// `atxferStart`: the agent's channel and the target's.
pub fn atxfer_start(who: Who<'_>, call: &Call, consult: &Consult) -> Event {
    Event::AtxferStartEvent(AtxferStartEvent {
        tenant_id: who.tenant_id.to_string(),
        agent_no: who.agent_no.to_string(),
        channel: owner_channel(call),
        dest_channel: call.legs.get(consult.leg).map(|l| l.channel.clone()).unwrap_or_default(),
        state: who.state,
        state_action: who.state_action,
        main_unique_id: call.main_unique_id.clone(),
    })
}

/// `atxferLink`: the target's channel.
pub fn atxfer_link(who: Who<'_>, call: &Call, consult: &Consult) -> Event {
    Event::AtxferLinkEvent(AtxferLinkEvent {
        tenant_id: who.tenant_id.to_string(),
        agent_no: who.agent_no.to_string(),
        channel: call.legs.get(consult.leg).map(|l| l.channel.clone()).unwrap_or_default(),
        target: consult.target.clone(),
        target_type: consult.target_type,
        state: who.state,
        state_action: who.state_action,
    })
}

/// `atxferEnded` with `hangupSide`.
pub fn atxfer_ended(who: Who<'_>, consult: &Consult, hangup_side: i64) -> Event {
    Event::AtxferEndedEvent(AtxferEndedEvent {
        tenant_id: who.tenant_id.to_string(),
        agent_no: who.agent_no.to_string(),
        target: consult.target.clone(),
        target_type: consult.target_type,
        hangup_side,
        state: who.state,
        state_action: who.state_action,
    })
}

/// `atxferError`.
pub fn atxfer_error(who: Who<'_>) -> Event {
    Event::AtxferErrorEvent(AtxferErrorEvent {
        tenant_id: who.tenant_id.to_string(),
        agent_no: who.agent_no.to_string(),
        state: who.state,
        state_action: who.state_action,
    })
}

/// Which consult outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// `threewayAtxferResult`.
    Threeway,
    /// `atxferThreewayUnlink`.
    ThreewayUnlink,
    /// `completeAtxferResult`.
    Complete,
}

/// One of the consult outcome events (same fields).
pub fn atxfer_outcome(who: Who<'_>, consult: &Consult, outcome: Outcome) -> Event {
    let (tenant_id, agent_no) = (who.tenant_id.to_string(), who.agent_no.to_string());
    let (target, target_type, state, state_action) =
        (consult.target.clone(), consult.target_type, who.state, who.state_action);
    match outcome {
        Outcome::Threeway => Event::ThreewayAtxferResultEvent(ThreewayAtxferResultEvent {
            tenant_id,
            agent_no,
            target,
            target_type,
            state,
            state_action,
        }),
        Outcome::ThreewayUnlink => Event::AtxferThreewayUnlinkEvent(AtxferThreewayUnlinkEvent {
            tenant_id,
            agent_no,
            target,
            target_type,
            state,
            state_action,
        }),
        Outcome::Complete => Event::CompleteAtxferResultEvent(CompleteAtxferResultEvent {
            tenant_id,
            agent_no,
            target,
            target_type,
            state,
            state_action,
        }),
    }
}

/// `interactReturn`.
pub fn interact_return(tenant_id: &str, agent_no: &str, variables: BTreeMap<String, String>) -> Event {
    Event::InteractReturnEvent(InteractReturnEvent {
        tenant_id: tenant_id.to_string(),
        agent_no: agent_no.to_string(),
        return_variables: variables,
    })
}

/// The number an agent's ringing leg shows as the caller: the customer's,
/// or for an internal call the calling agent's number.
pub fn caller_shown(call: &Call) -> String {
    match call.owner.and_then(|i| call.legs.get(i)).map(|l| &l.party) {
        Some(Party::Agent(no)) if call.customer.is_none() => no.clone(),
        _ => call.customer_number.clone(),
    }
}
