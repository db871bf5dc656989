//! The scenario interface: HTTP JSON endpoints through which tests and
//! people play the parties the gateway emulates (customers calling in,
//! phones answering, hanging up or staying busy) and look at the calls.
//! Only loopback clients may use it. docs/gateway.md has the reference.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::calls::{Act, Inbound, ScenarioError, Side};
use crate::gateway::Gateway;

/// Where the scenario interface lives.
pub const SCENARIO_PATH: &str = "/v1/scenario";

/// The scenario routes.
pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/v1/scenario/inbound", post(inbound))
        .route("/v1/scenario/calls", get(list))
        .route("/v1/scenario/calls/{id}", get(one))
        .route("/v1/scenario/calls/{id}/{act}", post(act))
}

fn reply(status: StatusCode, body: &Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], format!("{body}\n")).into_response()
}

fn error(status: StatusCode, message: &str) -> Response {
    reply(status, &json!({ "error": message }))
}

fn refused(e: ScenarioError) -> Response {
    match e {
        ScenarioError::BadRequest(m) => error(StatusCode::BAD_REQUEST, &m),
        ScenarioError::NotFound(m) => error(StatusCode::NOT_FOUND, &m),
        ScenarioError::Conflict(m) => error(StatusCode::CONFLICT, &m),
    }
}

/// The scenario interface drives every agent's calls, so it answers
/// loopback clients only, even when the gateway listens elsewhere too.
fn local_only(peer: SocketAddr) -> Result<(), Response> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err(error(StatusCode::FORBIDDEN, "the scenario interface answers loopback clients only"))
    }
}

/// The JSON body (an empty body counts as `{}`).
fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    let text = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { bytes };
    serde_json::from_slice(text).map_err(|e| error(StatusCode::BAD_REQUEST, &format!("bad body: {e}")))
}

fn to_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

async fn inbound(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    bytes: Bytes,
) -> Response {
    if let Err(denied) = local_only(peer) {
        return denied;
    }
    let req: Inbound = match body(&bytes) {
        Ok(req) => req,
        Err(bad) => return bad,
    };
    let now = gateway.now_ms();
    let (result, wakes) = gateway.hub().scenario_inbound(req, now);
    gateway.schedule(wakes);
    match result {
        Ok(id) => reply(StatusCode::CREATED, &json!({ "mainUniqueId": id })),
        Err(e) => refused(e),
    }
}

async fn list(State(gateway): State<Arc<Gateway>>, ConnectInfo(peer): ConnectInfo<SocketAddr>, uri: Uri) -> Response {
    if let Err(denied) = local_only(peer) {
        return denied;
    }
    let ended = uri.query().is_some_and(|q| q.split('&').any(|kv| kv == "ended=1" || kv == "ended=true"));
    let calls = gateway.hub().call_views(ended);
    reply(StatusCode::OK, &json!({ "calls": to_json(&calls) }))
}

async fn one(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
) -> Response {
    if let Err(denied) = local_only(peer) {
        return denied;
    }
    let view = gateway.hub().call_view(&id);
    match view {
        Some(view) => reply(StatusCode::OK, &to_json(&view)),
        None => error(StatusCode::NOT_FOUND, &format!("no such call '{id}'")),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActBody {
    party: Side,
    #[serde(default)]
    reason: Option<String>,
}

async fn act(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((id, what)): Path<(String, String)>,
    bytes: Bytes,
) -> Response {
    if let Err(denied) = local_only(peer) {
        return denied;
    }
    let b: ActBody = match body(&bytes) {
        Ok(b) => b,
        Err(bad) => return bad,
    };
    let act = match (what.as_str(), b.reason) {
        ("answer", None) => Act::Answer,
        ("hangup", None) => Act::Hangup,
        ("fail", Some(reason)) => Act::Fail(reason),
        ("fail", None) => return error(StatusCode::BAD_REQUEST, "fail needs a reason: busy, noAnswer or rejected"),
        ("answer" | "hangup", Some(_)) => return error(StatusCode::BAD_REQUEST, "only fail takes a reason"),
        _ => return error(StatusCode::NOT_FOUND, "unknown action: use answer, hangup or fail"),
    };
    let now = gateway.now_ms();
    let (result, wakes) = gateway.hub().scenario_act(&id, b.party, act, now);
    gateway.schedule(wakes);
    match result {
        Ok(view) => reply(StatusCode::OK, &to_json(&view)),
        Err(e) => refused(e),
    }
}
