//! The supervisor events of seed 000 sections 3.11 to 3.15, built from a
//! call and the supervisor's monitoring leg. Each mode names the target
//! agent's field its own way (`spiedCno`, `threewayedAgentNo`, ...); the
//! protocol types keep those names.

use agent_sdk::protocol::events::{
    BargeLinkEvent, BargeResultEvent, BargeUnlinkEvent, DisconnectResultEvent, SpyLinkEvent, SpyResultEvent,
    SpyUnlinkEvent, ThreewayLinkEvent, ThreewayResultEvent, ThreewayUnlinkEvent, WhisperLinkEvent, WhisperResultEvent,
    WhisperUnlinkEvent,
};
use agent_sdk::protocol::{BindEndpoint, Event};

use crate::calls::call::Call;
use crate::calls::monitor::{Mode, Monitor};

/// `initiator` and `initiatorType`: the supervisor's number (0, PSTN), its
/// extension (2), or its agentNo (1) for a softphone or no endpoint.
pub fn initiator(agent_no: &str, endpoint: Option<&BindEndpoint>) -> (String, i64) {
    match endpoint {
        Some(e) if e.endpoint_type == 1 => (e.endpoint.clone(), 0),
        Some(e) if e.endpoint_type == 2 => (e.endpoint.clone(), 2),
        _ => (agent_no.to_string(), 1),
    }
}

fn outcome(success: bool) -> String {
    if success { "success" } else { "error" }.to_string()
}

/// `<mode>Result`: `uniqueId` is the monitored call's `mainUniqueId`.
pub fn result(call: &Call, agent_no: &str, m: &Monitor, endpoint: Option<&BindEndpoint>, success: bool) -> Event {
    let (initiator, initiator_type) = initiator(agent_no, endpoint);
    let (tenant_id, agent_no, target) = (call.tenant_id.clone(), agent_no.to_string(), m.target.clone());
    let (unique_id, result) = (call.main_unique_id.clone(), outcome(success));
    match m.mode {
        Mode::Spy => Event::SpyResultEvent(SpyResultEvent {
            tenant_id,
            agent_no,
            spied_cno: target,
            initiator,
            initiator_type,
            unique_id,
            result,
        }),
        Mode::Whisper => Event::WhisperResultEvent(WhisperResultEvent {
            tenant_id,
            agent_no,
            whispered_cno: target,
            initiator,
            initiator_type,
            unique_id,
            result,
        }),
        Mode::Barge => Event::BargeResultEvent(BargeResultEvent {
            tenant_id,
            agent_no,
            barged_agent_no: target,
            initiator,
            initiator_type,
            unique_id,
            result,
        }),
        Mode::Threeway => Event::ThreewayResultEvent(ThreewayResultEvent {
            tenant_id,
            agent_no,
            threewayed_cno: target,
            initiator,
            initiator_type,
            unique_id,
            result,
        }),
    }
}

/// `<mode>Link`: `channel` is the supervisor's leg.
pub fn link(call: &Call, leg: usize, agent_no: &str, m: &Monitor, endpoint: Option<&BindEndpoint>) -> Event {
    let (initiator, initiator_type) = initiator(agent_no, endpoint);
    let (tenant_id, agent_no, target) = (call.tenant_id.clone(), agent_no.to_string(), m.target.clone());
    let channel = call.legs.get(leg).map(|l| l.channel.clone()).unwrap_or_default();
    match m.mode {
        Mode::Spy => Event::SpyLinkEvent(SpyLinkEvent {
            tenant_id,
            agent_no,
            spied_cno: target,
            initiator,
            initiator_type,
            result: outcome(true),
            channel,
        }),
        Mode::Whisper => Event::WhisperLinkEvent(WhisperLinkEvent {
            tenant_id,
            agent_no,
            whispered_cno: target,
            initiator,
            initiator_type,
            channel,
        }),
        Mode::Barge => Event::BargeLinkEvent(BargeLinkEvent {
            tenant_id,
            agent_no,
            barged_agent_no: target,
            initiator,
            initiator_type,
            channel,
        }),
        Mode::Threeway => Event::ThreewayLinkEvent(ThreewayLinkEvent {
            tenant_id,
            agent_no,
            threewayed_cno: target,
            initiator,
            initiator_type,
            channel,
        }),
    }
}

/// `<mode>Result` success then `<mode>Link`, for a leg that just answered
/// (or changed mode while answered).
pub fn linked(call: &Call, leg: usize, endpoint: Option<&BindEndpoint>) -> Vec<Event> {
    let (Some(no), Some(m)) = (call.agent_of(leg), call.legs.get(leg).and_then(|l| l.monitor.as_ref())) else {
        return Vec::new();
    };
    vec![result(call, no, m, endpoint, true), link(call, leg, no, m, endpoint)]
}

/// `<mode>Unlink`.
pub fn unlink(call: &Call, agent_no: &str, m: &Monitor, endpoint: Option<&BindEndpoint>) -> Event {
    let (initiator, initiator_type) = initiator(agent_no, endpoint);
    let (tenant_id, agent_no, target) = (call.tenant_id.clone(), agent_no.to_string(), m.target.clone());
    match m.mode {
        Mode::Spy => {
            Event::SpyUnlinkEvent(SpyUnlinkEvent { tenant_id, agent_no, spied_cno: target, initiator, initiator_type })
        }
        Mode::Whisper => Event::WhisperUnlinkEvent(WhisperUnlinkEvent {
            tenant_id,
            agent_no,
            whispered_agent_no: target,
            initiator,
            initiator_type,
        }),
        Mode::Barge => Event::BargeUnlinkEvent(BargeUnlinkEvent {
            tenant_id,
            agent_no,
            barged_cno: target,
            initiator,
            initiator_type,
        }),
        Mode::Threeway => Event::ThreewayUnlinkEvent(ThreewayUnlinkEvent {
            tenant_id,
            agent_no,
            threewayed_agent_no: target,
            initiator,
            initiator_type,
        }),
    }
}

/// `disconnectResult` for the supervisor who ended `target`'s call.
pub fn disconnect_result(
    call: &Call,
    agent_no: &str,
    target: &str,
    endpoint: Option<&BindEndpoint>,
    success: bool,
) -> Event {
    let (initiator, initiator_type) = initiator(agent_no, endpoint);
    Event::DisconnectResultEvent(DisconnectResultEvent {
        tenant_id: call.tenant_id.clone(),
        agent_no: agent_no.to_string(),
        disconnector_cno: target.to_string(),
        initiator,
        initiator_type,
        unique_id: call.main_unique_id.clone(),
        result: outcome(success),
    })
}
