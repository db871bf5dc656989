//! The fault-injection part of the scenario interface: a numbered stream
//! of pushes to an agent and a stalled connection, so tests can cut the
//! network mid-stream and count what arrived (docs/gateway.md).

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use serde_json::json;

use crate::gateway::Gateway;
use crate::scenario::{bad_request, body, local_only, reply, Failure};

/// The longest stream and the slowest pace taken: enough for any test,
/// bounded so a typo cannot keep a task pushing for hours.
const MAX_STREAM: u64 = 100_000;
const MAX_INTERVAL_MS: u64 = 10_000;
const MAX_STALL_MS: u64 = 120_000;

/// The fault-injection routes.
pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/v1/scenario/agents/{tenant}/{agent}/stream", post(stream))
        .route("/v1/scenario/agents/{tenant}/{agent}/stall", post(stall))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct StreamBody {
    count: u64,
    #[serde(default)]
    interval_ms: u64,
}

/// Starts pushing `count` numbered `orderCallBack` events, one every
/// `intervalMs`, and answers at once with the stream's name. The stream
/// goes on across drops (pushes wait in the replay buffer) and stops early
/// only when the session ends.
async fn stream(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, agent)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    local_only(peer)?;
    let b: StreamBody = body(&bytes)?;
    if !(1..=MAX_STREAM).contains(&b.count) {
        return Err(bad_request(&format!("count must be 1..={MAX_STREAM}")));
    }
    if b.interval_ms > MAX_INTERVAL_MS {
        return Err(bad_request(&format!("intervalMs must be at most {MAX_INTERVAL_MS}")));
    }
    if !gateway.hub().agent_presence(&tenant, &agent).0 {
        return Err(Failure(StatusCode::NOT_FOUND, format!("agent {tenant}/{agent} has no session")));
    }
    let name = format!("stream{}", NEXT.fetch_add(1, Ordering::Relaxed));
    let task_name = name.clone();
    tokio::spawn(async move {
        for index in 0..b.count {
            if !gateway.hub().push_numbered(&tenant, &agent, &task_name, index) {
                tracing::info!(stream = task_name, index, "stream stopped: the session ended");
                return;
            }
            if b.interval_ms > 0 {
                tokio::time::sleep(Duration::from_millis(b.interval_ms)).await;
            } else if index % 64 == 63 {
                // Let the connection tasks write between batches.
                tokio::task::yield_now().await;
            }
        }
    });
    Ok(reply(StatusCode::OK, &json!({ "stream": name, "count": b.count })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StallBody {
    ms: u64,
}

/// Stalls the agent's connection: the gateway stops reading and writing
/// on it for `ms`, as a hung server would.
async fn stall(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, agent)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let b: StallBody = body(&bytes)?;
    if b.ms > MAX_STALL_MS {
        return Err(bad_request(&format!("ms must be at most {MAX_STALL_MS}")));
    }
    if gateway.hub().inject_stall(&tenant, &agent, b.ms) {
        Ok(reply(StatusCode::OK, &json!({ "stalledMs": b.ms })))
    } else {
        Err(Failure(StatusCode::NOT_FOUND, format!("agent {tenant}/{agent} has no connected session")))
    }
}
