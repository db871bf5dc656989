//! The scenario interface: HTTP JSON endpoints through which tests and
//! people play the parties the gateway emulates (customers calling in,
//! phones answering, hanging up or staying busy) and look at the calls.
//! Only loopback clients may use it. docs/gateway.md has the reference.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::calls::{Act, CallView, Inbound, ScenarioError, Side};
use crate::gateway::Gateway;
use crate::sip::bridge::Matrix;

/// Where the scenario interface lives.
pub const SCENARIO_PATH: &str = "/v1/scenario";

/// The scenario routes.
pub fn routes() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/v1/scenario/inbound", post(inbound))
        .route("/v1/scenario/calls", get(list))
        .route("/v1/scenario/calls/{id}", get(one))
        .route("/v1/scenario/calls/{id}/matrix", post(set_matrix))
        .route("/v1/scenario/calls/{id}/{act}", post(act))
        .route("/v1/scenario/agents/{tenant}/{agent}", get(agent_presence))
        .route("/v1/scenario/agents/{tenant}/{agent}/drop", post(drop_connection))
        .route("/v1/scenario/agents/{tenant}/{agent}/order-callback", post(order_callback))
        .route("/v1/scenario/extensions/{tenant}/{exten}", post(extension))
        .merge(crate::scenario_faults::routes())
        .merge(crate::observability::scenario_routes())
        .layer(loopback_cors())
}

/// Pages served from another loopback port (a test runner, a dev server)
/// may drive the scenario too; pages from anywhere else may not, so a web
/// page a developer happens to visit cannot ring their test agents.
fn loopback_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(|origin: &HeaderValue, _| is_loopback_origin(origin.as_bytes())))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE])
}

fn is_loopback_origin(origin: &[u8]) -> bool {
    let Ok(origin) = std::str::from_utf8(origin) else { return false };
    let Some(rest) = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) else { return false };
    let host = rest
        .rsplit_once(':')
        .map_or(rest, |(host, port)| if port.bytes().all(|b| b.is_ascii_digit()) { host } else { rest });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// A JSON reply; fields keep their declared order.
pub(crate) fn reply<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| r#"{"error":"could not encode the reply"}"#.into());
    (status, [(header::CONTENT_TYPE, "application/json")], format!("{text}\n")).into_response()
}

/// A refused scenario request: its status and `{"error": message}`.
pub(crate) struct Failure(pub(crate) StatusCode, pub(crate) String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        reply(self.0, &json!({ "error": self.1 }))
    }
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        match e {
            ScenarioError::BadRequest(m) => Self(StatusCode::BAD_REQUEST, m),
            ScenarioError::NotFound(m) => Self(StatusCode::NOT_FOUND, m),
            ScenarioError::Conflict(m) => Self(StatusCode::CONFLICT, m),
        }
    }
}

pub(crate) fn bad_request(message: &str) -> Failure {
    Failure(StatusCode::BAD_REQUEST, message.to_string())
}

/// The scenario interface drives every agent's calls, so it answers
/// loopback clients only, even when the gateway listens elsewhere too.
pub(crate) fn local_only(peer: SocketAddr) -> Result<(), Failure> {
    if peer.ip().is_loopback() {
        Ok(())
    } else {
        Err(Failure(StatusCode::FORBIDDEN, "the scenario interface answers loopback clients only".into()))
    }
}

/// The JSON body (an empty body counts as `{}`).
pub(crate) fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Failure> {
    let text = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { bytes };
    serde_json::from_slice(text).map_err(|e| bad_request(&format!("bad body: {e}")))
}

async fn inbound(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let req: Inbound = body(&bytes)?;
    let now = gateway.now_ms();
    let (result, wakes) = gateway.hub().scenario_inbound(req, now);
    gateway.schedule(wakes);
    Ok(reply(StatusCode::CREATED, &json!({ "mainUniqueId": result? })))
}

/// Whether an agent is logged in and its softphone registered, so tests
/// and people can wait for a registration instead of guessing. Behind a
/// SIP proxy the gateway sees no REGISTER: it asks the proxy (an OPTIONS to
/// the softphone's address of record, answered by the softphone).
async fn agent_presence(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, agent)): Path<(String, String)>,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let (logged_in, mut registered, requests_run) = {
        let hub = gateway.hub();
        let (logged_in, registered) = hub.agent_presence(&tenant, &agent);
        (logged_in, registered, hub.requests_run(&tenant, &agent))
    };
    let link = gateway.softphone().and_then(|s| s.proxy.clone());
    if let Some(link) = link {
        let endpoint = gateway.hub().softphone_endpoint(&tenant, &agent);
        registered = match endpoint {
            Some(user) => link.registered(&user).await,
            None => false,
        };
    }
    Ok(reply(
        StatusCode::OK,
        &json!({ "loggedIn": logged_in, "softphoneRegistered": registered, "requestsRun": requests_run }),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DropBody {
    /// `now` (default) or `beforeNextResponse`.
    #[serde(default)]
    when: Option<String>,
}

/// Fault injection: breaks an agent's connection as a network would, so
/// tests can prove that reconnecting loses no event and runs no operation
/// twice.
async fn drop_connection(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, agent)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let b: DropBody = body(&bytes)?;
    let before_next_response = match b.when.as_deref() {
        None | Some("now") => false,
        Some("beforeNextResponse") => true,
        Some("sip") => {
            return if gateway.hub().inject_sip_drop(&tenant, &agent) {
                Ok(reply(StatusCode::OK, &json!({ "dropped": "sip" })))
            } else {
                Err(Failure(StatusCode::NOT_FOUND, format!("agent {tenant}/{agent} has no registered softphone")))
            };
        }
        Some(other) => {
            return Err(bad_request(&format!("when must be now, beforeNextResponse or sip, got '{other}'")));
        }
    };
    if gateway.hub().inject_drop(&tenant, &agent, before_next_response) {
        Ok(reply(
            StatusCode::OK,
            &json!({ "dropped": if before_next_response { "beforeNextResponse" } else { "now" } }),
        ))
    } else {
        Err(Failure(StatusCode::NOT_FOUND, format!("agent {tenant}/{agent} has no connected session")))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExtensionBody {
    /// The phone registered (true) or unregistered.
    registered: bool,
    /// Its address (default `192.0.2.10`, a documentation address).
    #[serde(default)]
    exten_ip: Option<String>,
}

/// An IP phone extension registers or unregisters: the agents bound to it
/// hear `extenState`.
async fn extension(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, exten)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let b: ExtensionBody = body(&bytes)?;
    let ip = b.exten_ip.unwrap_or_else(|| "192.0.2.10".into());
    let now = gateway.now_ms();
    match gateway.hub().scenario_extension(&tenant, &exten, b.registered, &ip, now) {
        Some(told) => Ok(reply(StatusCode::OK, &json!({ "agentsTold": told }))),
        None => Err(Failure(StatusCode::NOT_FOUND, format!("tenant {tenant} has no extension {exten}"))),
    }
}

/// A scheduled callback is due: the body (a JSON object) reaches the
/// agent's desk as `orderCallBack`, untouched.
async fn order_callback(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path((tenant, agent)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let payload: serde_json::Map<String, serde_json::Value> = body(&bytes)?;
    if let Some(taken) = ["eventType", "seq"].iter().find(|k| payload.contains_key(**k)) {
        return Err(bad_request(&format!("the payload must not carry '{taken}': the push envelope sets it")));
    }
    if gateway.hub().scenario_order_callback(&tenant, &agent, payload) {
        Ok(reply(StatusCode::OK, &json!({ "pushed": true })))
    } else {
        Err(Failure(StatusCode::NOT_FOUND, format!("agent {tenant}/{agent} is not logged in")))
    }
}

async fn list(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    uri: Uri,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let ended = uri.query().is_some_and(|q| q.split('&').any(|kv| kv == "ended=1" || kv == "ended=true"));
    let calls = gateway.hub().call_views(ended);
    let calls = calls.into_iter().map(|c| with_media(&gateway, c)).collect();
    Ok(reply(StatusCode::OK, &Calls { calls }))
}

async fn one(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let view = gateway.hub().call_view(&id);
    let view = view.ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no such call '{id}'")))?;
    Ok(reply(StatusCode::OK, &with_media(&gateway, view)))
}

/// The call with the media counters of its softphone legs and simulated
/// parties, and its audio while it has a conference bridge.
fn with_media(gateway: &Gateway, mut view: CallView) -> CallView {
    if let Some(softphone) = gateway.softphone() {
        for leg in &mut view.legs {
            leg.media = softphone.media.view(&leg.unique_id);
        }
        view.audio = gateway.hub().call_audio(&view.main_unique_id);
        for monitor in view.audio.iter_mut().flat_map(|a| a.monitors.iter_mut()) {
            monitor.media = softphone.media.view(&monitor.unique_id);
        }
    }
    view
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixBody {
    /// `[[listener, source], ...]`; `null` goes back to the default.
    matrix: Option<Vec<(String, String)>>,
}

/// Who hears whom in a call, as the supervisor's monitoring modes will set
/// it, so tests can prove a matrix reaches real audio.
async fn set_matrix(
    State(gateway): State<Arc<Gateway>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Failure> {
    local_only(peer)?;
    let b: MatrixBody = body(&bytes)?;
    let matrix = b.matrix.map(|pairs| pairs.iter().fold(Matrix::new(), |m, (l, s)| m.with(l, s)));
    gateway.hub().set_call_matrix(&id, matrix)?;
    let view = gateway.hub().call_view(&id);
    let view = view.ok_or_else(|| Failure(StatusCode::NOT_FOUND, format!("no such call '{id}'")))?;
    Ok(reply(StatusCode::OK, &with_media(&gateway, view)))
}

#[derive(Serialize)]
struct Calls {
    calls: Vec<CallView>,
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
) -> Result<Response, Failure> {
    local_only(peer)?;
    let b: ActBody = body(&bytes)?;
    let act = match (what.as_str(), b.reason) {
        ("answer", None) => Act::Answer,
        ("hangup", None) => Act::Hangup,
        ("fail", Some(reason)) => Act::Fail(reason),
        ("fail", None) => return Err(bad_request("fail needs a reason: busy, noAnswer or rejected")),
        ("answer" | "hangup", Some(_)) => return Err(bad_request("only fail takes a reason")),
        _ => return Err(Failure(StatusCode::NOT_FOUND, "unknown action: use answer, hangup or fail".into())),
    };
    let now = gateway.now_ms();
    let (result, wakes) = gateway.hub().scenario_act(&id, b.party, act, now);
    gateway.schedule(wakes);
    Ok(reply(StatusCode::OK, &with_media(&gateway, result?)))
}

#[cfg(test)]
mod tests {
    use super::is_loopback_origin;

    #[test]
    fn only_loopback_pages_may_call_across_origins() {
        for ok in ["http://127.0.0.1:40381", "http://localhost:5173", "http://[::1]:8080", "https://localhost"] {
            assert!(is_loopback_origin(ok.as_bytes()), "{ok}");
        }
        for no in ["http://example.com", "http://127.0.0.1.example.com", "null", "http://localhost.evil:80", "file://"]
        {
            assert!(!is_loopback_origin(no.as_bytes()), "{no}");
        }
    }
}
