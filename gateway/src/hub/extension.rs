//! Pushes the scenario interface makes happen outside calls: an IP phone
//! extension registering or unregistering (`extenState`, to the agents
//! bound to it), and a scheduled callback falling due (`orderCallBack`,
//! passed through untouched).

use agent_sdk::protocol::events::{ExtenStateEvent, OrderCallBackEvent};
use agent_sdk::protocol::Event;
use serde_json::{Map, Value};

use super::Hub;
use crate::calls::AgentKey;

/// `endpointType` of IP phone extensions.
const EXTENSION: i64 = 2;
/// How long an emulated phone's registration lasts, in seconds.
const REGISTRATION_SECONDS: u64 = 3_600;

/// `YYYY-MM-DD HH:MM:SS` (UTC) of Unix time `seconds`.
pub fn civil_time(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", rest / 3_600, rest % 3_600 / 60, rest % 60)
}

impl Hub {
    /// Scenario: extension `exten_no` of `tenant_id` registered (from
    /// `exten_ip`) or unregistered at `now_ms`; every agent bound to it
    /// hears `extenState`. Returns how many agents were told, or `None`
    /// when the tenant has no such extension.
    pub fn scenario_extension(
        &mut self,
        tenant_id: &str,
        exten_no: &str,
        registered: bool,
        exten_ip: &str,
        now_ms: u64,
    ) -> Option<usize> {
        let tenant = self.config.tenant(tenant_id)?;
        if !tenant.calls.extensions.iter().any(|e| e == exten_no) {
            return None;
        }
        let seconds = self.calls.epoch_ms(now_ms) / 1000;
        let event = ExtenStateEvent {
            state: if registered { "Reachable" } else { "Unreachable" }.into(),
            register_state: if registered { "Registered" } else { "Unregistered" }.into(),
            register_time: if registered { civil_time(seconds) } else { String::new() },
            expiration_time: if registered { civil_time(seconds + REGISTRATION_SECONDS) } else { String::new() },
            exten_ip: if registered { exten_ip.to_string() } else { String::new() },
            uri: if registered { format!("sip:{exten_no}@{exten_ip}:5060") } else { String::new() },
            exten_no: exten_no.to_string(),
            tenant_id: tenant_id.to_string(),
        };
        let mut told = 0;
        for session in self.sessions.values_mut() {
            let bound = session.agent.tenant_id() == tenant_id
                && session.agent.endpoint().is_some_and(|e| e.endpoint_type == EXTENSION && e.endpoint == exten_no);
            if bound {
                session.push(&Event::ExtenStateEvent(event.clone()));
                told += 1;
            }
        }
        Some(told)
    }

    /// Scenario: a scheduled callback for `tenant_id`'s agent `agent_no`
    /// is due; `payload` reaches the desk as `orderCallBack` untouched.
    /// False when the agent has no session.
    pub fn scenario_order_callback(&mut self, tenant_id: &str, agent_no: &str, payload: Map<String, Value>) -> bool {
        let key = AgentKey::new(tenant_id, agent_no);
        let Some(session) = self.by_agent.get(&key).and_then(|sid| self.sessions.get_mut(sid)) else {
            return false;
        };
        session.push(&Event::OrderCallBackEvent(OrderCallBackEvent { extra: payload }));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_times() {
        assert_eq!(civil_time(0), "1970-01-01 00:00:00");
        assert_eq!(civil_time(1_704_106_459), "2024-01-01 10:54:19");
        assert_eq!(civil_time(951_782_400), "2000-02-29 00:00:00");
    }
}
