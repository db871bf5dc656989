//! The observability endpoint (docs/observability.md): the SDK, set up with
//! `observability: true`, posts batches of its own errors and notable
//! events here, authenticated by the session token. The gateway keeps the
//! last [`KEPT`] records in memory, logs a line per batch, and shows them to
//! tests through the scenario interface.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::gateway::Gateway;
use crate::scenario::{local_only, reply, Failure};

/// Where the SDK posts.
pub const OBSERVABILITY_PATH: &str = "/v1/observability";
/// Records kept for the scenario interface.
pub const KEPT: usize = 1_000;
/// The largest batch body taken.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Records per batch.
pub const MAX_RECORDS: usize = 100;

/// One record as kept: the SDK's record and who sent it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Kept {
    /// The sender's tenant.
    pub tenant_id: String,
    /// The sender's agent.
    pub agent_no: String,
    /// Gateway time of arrival (ms since start).
    pub received_ms: u64,
    /// `{ts, kind, name, detail}` as the SDK sent it.
    pub record: Value,
}

/// The kept records, newest last.
#[derive(Debug, Default)]
pub struct Store {
    kept: Mutex<VecDeque<Kept>>,
}

impl Store {
    fn keep(&self, records: impl IntoIterator<Item = Kept>) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        for record in records {
            if kept.len() == KEPT {
                kept.pop_front();
            }
            kept.push_back(record);
        }
    }

    fn all(&self) -> Vec<Kept> {
        self.kept.lock().unwrap_or_else(|p| p.into_inner()).iter().cloned().collect()
    }
}

/// The upload route, with CORS for the origins the gateway allows (a desk
/// served from elsewhere posts across origins, with an `Authorization`
/// header, so the browser asks first).
pub fn routes(gateway: &Arc<Gateway>) -> Router<Arc<Gateway>> {
    let security = gateway.security().clone();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            security.origin_allowed(Some(origin.to_str().unwrap_or("(not text)")))
        }))
        .allow_methods([Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]);
    Router::new().route(OBSERVABILITY_PATH, post(upload)).layer(cors)
}

/// The scenario route that shows what was kept.
pub fn scenario_routes() -> Router<Arc<Gateway>> {
    Router::new().route("/v1/scenario/observability", get(list))
}

fn refuse(status: StatusCode, message: &str) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], format!("{}\n", json!({ "error": message }))).into_response()
}

async fn upload(State(gateway): State<Arc<Gateway>>, headers: HeaderMap, bytes: Bytes) -> Response {
    let token =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let Some((tenant_id, agent_no)) = token.and_then(|t| gateway.hub().identity_of_token(t)) else {
        return refuse(StatusCode::UNAUTHORIZED, "Authorization must be 'Bearer <token of a live session>'");
    };
    if bytes.len() > MAX_BODY_BYTES {
        return refuse(StatusCode::PAYLOAD_TOO_LARGE, &format!("the body must be at most {MAX_BODY_BYTES} bytes"));
    }
    let (records, dropped) = match parse(&bytes) {
        Ok(batch) => batch,
        Err(message) => return refuse(StatusCode::BAD_REQUEST, &message),
    };
    let names: Vec<&str> = records.iter().filter_map(|r| r["name"].as_str()).collect();
    tracing::info!(tenant = %tenant_id, agent = %agent_no, records = records.len(), dropped, ?names, "observability batch");
    let received_ms = gateway.now_ms();
    gateway.observed().keep(records.into_iter().map(|record| Kept {
        tenant_id: tenant_id.clone(),
        agent_no: agent_no.clone(),
        received_ms,
        record,
    }));
    StatusCode::NO_CONTENT.into_response()
}

/// Checks a batch: `{records: [{ts, kind, name, detail?}], dropped?}`.
fn parse(bytes: &[u8]) -> Result<(Vec<Value>, u64), String> {
    let body: Value = serde_json::from_slice(bytes).map_err(|e| format!("the body must be JSON: {e}"))?;
    let records = body["records"].as_array().ok_or("records must be an array")?;
    if records.len() > MAX_RECORDS {
        return Err(format!("records must hold at most {MAX_RECORDS} items"));
    }
    for (i, r) in records.iter().enumerate() {
        if !r["ts"].is_number() {
            return Err(format!("records[{i}].ts must be a number"));
        }
        if !matches!(r["kind"].as_str(), Some("error" | "event")) {
            return Err(format!("records[{i}].kind must be 'error' or 'event'"));
        }
        if !r["name"].as_str().is_some_and(|n| (1..=64).contains(&n.len())) {
            return Err(format!("records[{i}].name must be a string of 1 to 64 characters"));
        }
    }
    let dropped = match &body["dropped"] {
        Value::Null => 0,
        d => d.as_u64().ok_or("dropped must be a non-negative integer")?,
    };
    Ok((records.clone(), dropped))
}

async fn list(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> Result<Response, Failure> {
    local_only(peer)?;
    Ok(reply(StatusCode::OK, &json!({ "records": gateway.observed().all() })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_checked_field_by_field() {
        let ok = br#"{"records":[{"ts":1,"kind":"error","name":"sdkError","detail":{}}],"dropped":2}"#;
        assert_eq!(parse(ok).map(|(r, d)| (r.len(), d)), Ok((1, 2)));
        for (bad, says) in [
            (&b"nope"[..], "JSON"),
            (br#"{}"#, "records must be an array"),
            (br#"{"records":[{"kind":"error","name":"x"}]}"#, "records[0].ts"),
            (br#"{"records":[{"ts":1,"kind":"warn","name":"x"}]}"#, "records[0].kind"),
            (br#"{"records":[{"ts":1,"kind":"event","name":""}]}"#, "records[0].name"),
            (br#"{"records":[],"dropped":-1}"#, "dropped"),
        ] {
            let err = parse(bad).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn the_store_keeps_the_newest() {
        let store = Store::default();
        let kept = |n| Kept { tenant_id: "t".into(), agent_no: "a".into(), received_ms: n, record: json!(n) };
        store.keep((0..KEPT as u64 + 5).map(kept));
        let all = store.all();
        assert_eq!((all.len(), all[0].received_ms), (KEPT, 5));
    }
}
