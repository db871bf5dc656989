//! `setup({ observability: true })`, sans-IO: the SDK's own errors and
//! notable events are queued and uploaded to the gateway in batches
//! (docs/observability.md). Uploading never blocks the SDK: the queue is
//! capped (the oldest records go first, and are counted), a failed upload
//! is retried with backoff, and nothing waits for it.

use std::collections::VecDeque;

use crate::core::redact::redact;
use crate::protocol::schema::json::{is_json, quote};

/// How often a non-empty queue is uploaded.
pub const FLUSH_INTERVAL_MS: u64 = 5_000;
/// Records kept while uploads fail; older ones are dropped and counted.
pub const MAX_QUEUED: usize = 200;
/// Records per upload.
pub const MAX_BATCH: usize = 50;
/// A record's `detail` longer than this is cut (and says so).
pub const MAX_DETAIL_BYTES: usize = 2_048;
/// The longest wait between retries of a failing upload.
pub const MAX_BACKOFF_MS: u64 = 60_000;

/// The events worth uploading: the SDK's own reports and the moments a
/// support engineer asks about. Everything else stays in the page.
pub const UPLOADED_EVENTS: [&str; 6] =
    ["sdkError", "sessionTerminate", "reconnectAttempt", "sipDisconnected", "qualityWarning", "audioDeviceFallback"];

/// The upload queue.
#[derive(Debug, Default)]
pub struct Uploader {
    queue: VecDeque<String>,
    in_flight: usize,
    dropped: u64,
    /// The part of `dropped` the batch in flight reports.
    dropped_reported: u64,
    failures: u32,
    next_at: Option<u64>,
}

impl Uploader {
    /// Queues event `name` with its payload (JSON text) as a record:
    /// `sdkError` as kind `error`, the others as `event`. The payload is
    /// redacted and cut to [`MAX_DETAIL_BYTES`].
    pub fn record(&mut self, name: &str, payload_json: &str, now: u64) {
        if !UPLOADED_EVENTS.contains(&name) {
            return;
        }
        let kind = if name == "sdkError" { "error" } else { "event" };
        let mut detail = redact(payload_json);
        if detail.len() > MAX_DETAIL_BYTES {
            let mut cut = MAX_DETAIL_BYTES;
            while !detail.is_char_boundary(cut) {
                cut -= 1;
            }
            detail = quote(&format!("{}... (cut)", &detail[..cut]));
        }
        // A syntax check, not serde_json's parser, which would cost its whole
        // deserialiser in the wasm bundle.
        if !is_json(&detail) {
            detail = quote(&detail);
        }
        self.queue.push_back(format!(r#"{{"ts":{now},"kind":"{kind}","name":"{name}","detail":{detail}}}"#));
        // Records being uploaded stay; the oldest waiting ones make room.
        while self.queue.len() > MAX_QUEUED && self.queue.len() > self.in_flight {
            self.queue.remove(self.in_flight);
            self.dropped += 1;
        }
        if self.next_at.is_none() {
            self.next_at = Some(now + FLUSH_INTERVAL_MS);
        }
    }

    /// When [`Uploader::handle_timeout`] wants to run.
    pub fn poll_timeout(&self) -> Option<u64> {
        if self.in_flight > 0 {
            return None;
        }
        self.next_at
    }

    /// At `now`, the body of the upload to send (one at a time), if one
    /// is due: `{"records": [...], "dropped": n}`.
    pub fn handle_timeout(&mut self, now: u64) -> Option<String> {
        if self.in_flight > 0 || self.next_at.is_none_or(|at| now < at) || self.queue.is_empty() {
            return None;
        }
        self.in_flight = self.queue.len().min(MAX_BATCH);
        self.dropped_reported = self.dropped;
        let records: Vec<&str> = self.queue.iter().take(self.in_flight).map(String::as_str).collect();
        Some(format!(r#"{{"records":[{}],"dropped":{}}}"#, records.join(","), self.dropped))
    }

    /// The upload finished at `now`: accepted, or failed (network error,
    /// or the gateway refused it; the records are kept and retried).
    pub fn upload_done(&mut self, accepted: bool, now: u64) {
        if accepted {
            self.queue.drain(..self.in_flight.min(self.queue.len()));
            // Records dropped while the batch was out are told next time.
            self.dropped -= self.dropped_reported;
            self.failures = 0;
            self.next_at = (!self.queue.is_empty()).then_some(now);
        } else {
            self.failures = self.failures.saturating_add(1);
            let backoff = (1_000u64 << self.failures.min(6)).min(MAX_BACKOFF_MS);
            self.next_at = Some(now + backoff);
        }
        self.in_flight = 0;
    }

    /// Nothing can be sent yet (no session to upload with): try again a
    /// flush interval from `now`.
    pub fn postpone(&mut self, now: u64) {
        if self.in_flight == 0 && !self.queue.is_empty() {
            self.next_at = Some(now + FLUSH_INTERVAL_MS);
        }
    }

    /// Records waiting, for tests and the debug log.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(u: &mut Uploader, now: u64) -> serde_json::Value {
        serde_json::from_str(&u.handle_timeout(now).expect("an upload is due")).unwrap()
    }

    #[test]
    fn batches_after_the_interval_and_only_what_is_worth_uploading() {
        let mut u = Uploader::default();
        u.record("agentStatus", "{}", 0);
        assert_eq!((u.queued(), u.poll_timeout()), (0, None), "ordinary events stay in the page");
        u.record("sdkError", r#"{"code":"BAD_FRAME","message":"x"}"#, 10);
        u.record("reconnectAttempt", r#"{"attempt":1,"code":-1}"#, 20);
        assert_eq!(u.poll_timeout(), Some(10 + FLUSH_INTERVAL_MS));
        assert_eq!(u.handle_timeout(5_000), None, "not yet");
        let b = body(&mut u, 5_010);
        assert_eq!(b["records"][0]["kind"], "error");
        assert_eq!(b["records"][0]["detail"]["code"], "BAD_FRAME");
        assert_eq!(b["records"][1]["name"], "reconnectAttempt");
        assert_eq!(b["dropped"], 0);
        assert_eq!(u.poll_timeout(), None, "one upload at a time");
        u.upload_done(true, 5_100);
        assert_eq!((u.queued(), u.poll_timeout()), (0, None));
    }

    #[test]
    fn a_failed_upload_is_kept_and_retried_with_growing_backoff() {
        let mut u = Uploader::default();
        u.record("sdkError", "{}", 0);
        body(&mut u, FLUSH_INTERVAL_MS);
        u.upload_done(false, 6_000);
        assert_eq!(u.poll_timeout(), Some(8_000));
        body(&mut u, 8_000);
        u.upload_done(false, 8_000);
        assert_eq!(u.poll_timeout(), Some(12_000));
        for _ in 0..10 {
            let at = u.poll_timeout().unwrap();
            body(&mut u, at);
            u.upload_done(false, at);
        }
        let at = u.poll_timeout().unwrap();
        let b = body(&mut u, at);
        assert_eq!(b["records"].as_array().unwrap().len(), 1, "kept through every failure");
        u.upload_done(true, at);
        assert_eq!(u.queued(), 0);
    }

    #[test]
    fn the_queue_is_capped_and_the_dropped_are_counted() {
        let mut u = Uploader::default();
        for i in 0..(MAX_QUEUED + 30) {
            u.record("qualityWarning", &format!(r#"{{"n":{i}}}"#), i as u64);
        }
        assert_eq!(u.queued(), MAX_QUEUED);
        let b = body(&mut u, 10_000);
        assert_eq!(b["dropped"], 30);
        assert_eq!(b["records"].as_array().unwrap().len(), MAX_BATCH);
        assert_eq!(b["records"][0]["detail"]["n"], 30, "the oldest went first");
        // More arrive while a batch is out: the batch is not touched.
        for i in 0..MAX_QUEUED {
            u.record("qualityWarning", &format!(r#"{{"m":{i}}}"#), 10_001);
        }
        u.upload_done(true, 10_002);
        assert_eq!(u.queued(), MAX_QUEUED - MAX_BATCH);
        assert_eq!(u.poll_timeout(), Some(10_002), "the rest goes at once");
        let b = body(&mut u, 10_002);
        assert!(b["dropped"].as_u64().unwrap() > 0);
    }

    #[test]
    fn details_are_redacted_cut_and_always_json() {
        let mut u = Uploader::default();
        u.record("sdkError", r#"{"message":"login failed","sessionKey":"dev-key-0001"}"#, 0);
        u.record("sdkError", &format!(r#"{{"message":"{}"}}"#, "é".repeat(MAX_DETAIL_BYTES)), 0);
        u.record("sdkError", "not json", 0);
        let b = body(&mut u, FLUSH_INTERVAL_MS);
        let text = b.to_string();
        assert!(!text.contains("dev-key-0001"), "{text}");
        assert!(b["records"][1]["detail"].as_str().unwrap().ends_with("(cut)"));
        assert_eq!(b["records"][2]["detail"], "not json");
    }
}
