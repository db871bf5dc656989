//! Connection-level protection (docs/gateway.md "Security"): which web
//! origins may open the agent and SIP WebSockets, and how many requests one
//! connection may send per second.

use serde::{Deserialize, Serialize};

/// The `security` section of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct Security {
    /// Origins (`scheme://host[:port]`) whose pages may open a WebSocket.
    /// Unset: pages served from loopback only. `"*"` allows every origin.
    /// A client that sends no `Origin` (not a browser) is always let in: it
    /// is authenticated by its session key like everyone else.
    pub allowed_origins: Option<Vec<String>>,
    /// Sustained requests per second one agent connection may send.
    pub requests_per_second: u32,
    /// Requests a connection may send at once before the rate applies.
    pub request_burst: u32,
}

impl Default for Security {
    fn default() -> Self {
        Self { allowed_origins: None, requests_per_second: 50, request_burst: 100 }
    }
}

impl Security {
    /// Whether a WebSocket upgrade with this `Origin` header may proceed.
    pub fn origin_allowed(&self, origin: Option<&str>) -> bool {
        let Some(origin) = origin else { return true };
        match &self.allowed_origins {
            Some(list) => list.iter().any(|allowed| allowed == "*" || allowed.eq_ignore_ascii_case(origin)),
            None => is_loopback_origin(origin),
        }
    }

    /// A fresh request budget for one connection, full at `now` (ms).
    pub fn request_budget(&self, now: u64) -> RequestBudget {
        RequestBudget::new(self.requests_per_second, self.request_burst, now)
    }
}

/// `http(s)://` on 127.0.0.0/8, `localhost` or `[::1]`, any port.
fn is_loopback_origin(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else {
        return false;
    };
    let host = match rest.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => rest.split(':').next().unwrap_or(""),
    };
    if host.eq_ignore_ascii_case("localhost") || host == "::1" {
        return true;
    }
    host.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// A token bucket: `burst` requests at once, refilled at `per_second`.
/// Counted in thousandths of a request so a refill never rounds away.
#[derive(Debug, Clone)]
pub struct RequestBudget {
    milli_tokens: u64,
    capacity: u64,
    per_second: u64,
    last: u64,
}

impl RequestBudget {
    fn new(per_second: u32, burst: u32, now: u64) -> Self {
        let capacity = u64::from(burst.max(1)) * 1000;
        Self { milli_tokens: capacity, capacity, per_second: u64::from(per_second), last: now }
    }

    /// Takes one request's worth at `now` (ms); false when over the rate.
    pub fn take(&mut self, now: u64) -> bool {
        let elapsed = now.saturating_sub(self.last);
        self.last = self.last.max(now);
        // per_second requests a second = per_second thousandths a millisecond.
        self.milli_tokens = (self.milli_tokens + elapsed.saturating_mul(self.per_second)).min(self.capacity);
        if self.milli_tokens < 1000 {
            return false;
        }
        self.milli_tokens -= 1000;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_only_loopback_pages_and_non_browsers_get_in() {
        let s = Security::default();
        for ok in ["http://127.0.0.1:8080", "http://localhost:5173", "https://127.0.0.2", "http://[::1]:80"] {
            assert!(s.origin_allowed(Some(ok)), "{ok}");
        }
        assert!(s.origin_allowed(None));
        for bad in ["https://evil.example", "http://127.0.0.1.evil.example", "null", "file://", "http://10.0.0.1"] {
            assert!(!s.origin_allowed(Some(bad)), "{bad}");
        }
    }

    #[test]
    fn a_configured_list_is_exact() {
        let s = Security { allowed_origins: Some(vec!["https://desk.example.com".into()]), ..Security::default() };
        assert!(s.origin_allowed(Some("https://desk.example.com")));
        assert!(s.origin_allowed(Some("HTTPS://DESK.EXAMPLE.COM")));
        assert!(!s.origin_allowed(Some("https://desk.example.com:8443")));
        assert!(!s.origin_allowed(Some("http://127.0.0.1:8080")), "the list replaces the loopback default");
        let any = Security { allowed_origins: Some(vec!["*".into()]), ..Security::default() };
        assert!(any.origin_allowed(Some("https://anything.example")));
    }

    #[test]
    fn the_budget_allows_a_burst_then_the_rate() {
        let s = Security { requests_per_second: 10, request_burst: 5, ..Security::default() };
        let mut budget = s.request_budget(0);
        assert_eq!((0..8).filter(|_| budget.take(0)).count(), 5, "the burst");
        assert!(!budget.take(50), "half a request refilled is not a request");
        assert!(budget.take(100), "one refilled after 100 ms at 10/s");
        assert!(!budget.take(100));
        assert_eq!((0..20).filter(|_| budget.take(10_000)).count(), 5, "refill stops at the burst");
    }
}
