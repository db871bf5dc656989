//! The hub's side of SIP softphones: who is registered on which SIP
//! connection, which softphone legs are driven over SIP, and keeping the
//! two in step with the call engine. After every change the live agent
//! legs are compared with the legs already known: a new ringing leg of a
//! registered softphone is rung over its connection, a leg the engine
//! ended is hung up there. What the softphone does comes back through
//! [`Hub::softphone_signal`].

use std::collections::{HashMap, HashSet};

use crate::calls::{AgentKey, PhoneSignal};
use crate::session::SessionId;
use crate::sip::invite::Ring;
use crate::sip::registrar::Candidate;
use crate::sip::{SipCommand, SipConn};

use super::{Hub, Wake};

/// `endpointType` of softphones.
pub(super) const SOFTPHONE: i64 = 3;

/// A registration: the connection INVITEs go to.
#[derive(Debug, Clone)]
pub(super) struct Binding {
    conn: SipConn,
    contact: String,
    session: SessionId,
}

/// Registrations and the legs rung over SIP.
#[derive(Debug, Default)]
pub(super) struct Softphones {
    bindings: HashMap<AgentKey, Binding>,
    /// Agent legs of softphones seen so far, by `uniqueId`: the connection
    /// a SIP-driven leg was rung on, `None` for an emulated one.
    legs: HashMap<String, Option<SipConn>>,
    /// The link to an external SIP proxy: when there is one, every ringing
    /// softphone leg is rung through it, at the endpoint's address of
    /// record (the proxy knows the registrations; an unregistered one gets
    /// 404 and the leg fails as `unreachable`).
    proxy: Option<(SipConn, String)>,
}

impl Softphones {
    /// Whether `key` has a registration.
    pub(super) fn registered(&self, key: &AgentKey) -> bool {
        self.bindings.contains_key(key)
    }

    /// Where `key`'s softphone is registered: its connection and Contact.
    pub(super) fn binding(&self, key: &AgentKey) -> Option<(SipConn, String)> {
        self.bindings.get(key).map(|b| (b.conn.clone(), b.contact.clone()))
    }

    /// Whether leg `unique_id` is rung over SIP.
    pub(super) fn drives(&self, unique_id: &str) -> bool {
        self.legs.get(unique_id).is_some_and(Option::is_some)
    }

    /// Forgets the registrations of a session that ended.
    pub(super) fn session_gone(&mut self, session: SessionId) {
        self.bindings.retain(|_, b| b.session != session);
    }
}

impl Hub {
    /// Rings softphones through an external SIP proxy on `conn`, at
    /// `sip:<endpoint>@<domain>`.
    pub fn set_sip_proxy(&mut self, conn: SipConn, domain: &str) {
        self.softphones.proxy = Some((conn, domain.to_string()));
    }

    /// The softphone endpoint `tenant_id`'s agent `agent_no` is logged in
    /// with, if it is logged in with one.
    pub fn softphone_endpoint(&self, tenant_id: &str, agent_no: &str) -> Option<String> {
        let sid = self.by_agent.get(&AgentKey::new(tenant_id, agent_no))?;
        let endpoint = self.sessions.get(sid)?.agent.endpoint()?;
        (endpoint.endpoint_type == SOFTPHONE).then(|| endpoint.endpoint.clone())
    }

    /// The softphone sessions SIP user `user` may be: logged-in agents
    /// whose bound endpoint is softphone `user`, with their passwords.
    pub fn sip_candidates(&self, user: &str) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (key, sid) in &self.by_agent {
            let Some(session) = self.sessions.get(sid) else { continue };
            let endpoint = session.agent.endpoint().filter(|e| e.endpoint_type == SOFTPHONE && e.endpoint == user);
            if let (Some(_), Some(password)) = (endpoint, session.sip_password()) {
                out.push(Candidate { key: key.clone(), session: *sid, password: password.expose().to_string() });
            }
        }
        out
    }

    /// Binds `key`'s softphone to `conn` at `contact`, unless session
    /// `session` has ended meanwhile.
    pub fn sip_bind(&mut self, key: &AgentKey, session: SessionId, conn: SipConn, contact: String) -> bool {
        if self.by_agent.get(key) != Some(&session) {
            return false;
        }
        tracing::info!(tenant = %key.tenant_id, agent = %key.agent_no, conn = conn.id, "softphone registered");
        self.softphones.bindings.insert(key.clone(), Binding { conn, contact, session });
        true
    }

    /// SIP-driven leg `unique_id` continues on connection `conn` (its
    /// softphone reconnected and took its parked call back).
    pub fn sip_adopt(&mut self, unique_id: &str, conn: SipConn) {
        if let Some(leg) = self.softphones.legs.get_mut(unique_id) {
            *leg = Some(conn);
        }
    }

    /// Removes `key`'s registration if it is on connection `conn`.
    pub fn sip_unbind(&mut self, key: &AgentKey, conn: u64) {
        if self.softphones.bindings.get(key).is_some_and(|b| b.conn.id == conn) {
            self.softphones.bindings.remove(key);
            tracing::info!(tenant = %key.tenant_id, agent = %key.agent_no, conn, "softphone unregistered");
            // A supervisor monitoring a call leaves it with its registration.
            self.sync_audio();
        }
    }

    /// Whether `tenant_id`'s agent `agent_no` is logged in, and whether its
    /// softphone is registered (for the scenario interface).
    pub fn agent_presence(&self, tenant_id: &str, agent_no: &str) -> (bool, bool) {
        let key = AgentKey::new(tenant_id, agent_no);
        (self.by_agent.contains_key(&key), self.softphones.registered(&key))
    }

    /// Whether `key`'s softphone is registered on connection `conn`.
    pub fn sip_bound_to(&self, key: &AgentKey, conn: u64) -> bool {
        self.softphones.bindings.get(key).is_some_and(|b| b.conn.id == conn)
    }

    /// The softphone of leg `unique_id` in call `main_unique_id` did
    /// `signal`.
    pub fn softphone_signal(
        &mut self,
        main_unique_id: &str,
        unique_id: &str,
        signal: PhoneSignal,
        now_ms: u64,
    ) -> Vec<Wake> {
        // A monitoring party is no leg of the engine's call.
        if self.monitor_signal(unique_id, &signal) {
            return Vec::new();
        }
        if let PhoneSignal::Failed(_) | PhoneSignal::HungUp = signal {
            // Already over on the SIP side: nothing to hang up there.
            if let Some(leg) = self.softphones.legs.get_mut(unique_id) {
                *leg = None;
            }
        }
        self.with_engine(|engine, agents| engine.phone_signal(agents, main_unique_id, unique_id, signal, now_ms));
        self.flush(now_ms)
    }

    /// Brings SIP in step with the engine; true when it changed the engine
    /// (an unreachable softphone's leg failed), so pushes are due again.
    pub(super) fn reconcile_softphones(&mut self, now_ms: u64) -> bool {
        let live = self.calls.agent_legs();
        let ids: HashSet<&str> = live.iter().map(|l| l.unique_id.as_str()).collect();
        self.softphones.legs.retain(|id, conn| {
            if ids.contains(id.as_str()) {
                return true;
            }
            if let Some(conn) = conn {
                // A connection already gone has ended its calls itself.
                let _ = conn.send(SipCommand::End(id.clone()));
            }
            false
        });
        for leg in live {
            if self.softphones.legs.contains_key(&leg.unique_id) {
                continue;
            }
            let user =
                self.by_agent.get(&leg.key).and_then(|sid| self.sessions.get(sid)).and_then(|s| {
                    s.agent.endpoint().filter(|e| e.endpoint_type == SOFTPHONE).map(|e| e.endpoint.clone())
                });
            let Some(user) = user else { continue };
            let binding = match (&self.softphones.proxy, self.by_agent.get(&leg.key)) {
                (Some((conn, domain)), Some(session)) => {
                    Some(Binding { conn: conn.clone(), contact: format!("sip:{user}@{domain}"), session: *session })
                }
                (Some(_), None) => None,
                (None, _) => self.softphones.bindings.get(&leg.key).cloned(),
            };
            let binding = binding.filter(|_| leg.ringing);
            let required =
                self.config.tenant(&leg.key.tenant_id).is_some_and(|t| t.calls.softphone_requires_registration);
            match binding {
                Some(b) => {
                    let ring = Ring {
                        main_unique_id: leg.main_unique_id.clone(),
                        unique_id: leg.unique_id.clone(),
                        agent: leg.key.clone(),
                        user,
                        contact: b.contact.clone(),
                        caller: leg.caller.clone(),
                        call_type: leg.call_type,
                        auto_answer: leg.own_phone,
                    };
                    // The connection looks for the call's bridge when it
                    // rings.
                    if let Some(bridges) = &self.bridges {
                        bridges.open(&leg.main_unique_id);
                    }
                    if b.conn.send(SipCommand::Ring(ring)) {
                        self.softphones.legs.insert(leg.unique_id, Some(b.conn));
                        continue;
                    }
                    // The connection closed before it could unbind (the
                    // proxy link never closes its queue).
                    self.softphones.bindings.remove(&leg.key);
                    let signal = PhoneSignal::Failed("unreachable".into());
                    let (main, unique) = (leg.main_unique_id, leg.unique_id);
                    self.with_engine(|engine, agents| engine.phone_signal(agents, &main, &unique, signal, now_ms));
                    return true;
                }
                None if required && leg.ringing => {
                    tracing::info!(tenant = %leg.key.tenant_id, agent = %leg.key.agent_no, "softphone not registered: unreachable");
                    let signal = PhoneSignal::Failed("unreachable".into());
                    let (main, unique) = (leg.main_unique_id, leg.unique_id);
                    self.with_engine(|engine, agents| engine.phone_signal(agents, &main, &unique, signal, now_ms));
                    // The engine moved on (next agent, call over): look
                    // again from the start.
                    return true;
                }
                None => {
                    self.softphones.legs.insert(leg.unique_id, None);
                }
            }
        }
        false
    }
}
