//! HTTP: the agent WebSocket at `AGENT_WS_PATH`, the SIP WebSocket at
//! `SIP_WS_PATH`, the scenario interface at
//! `/v1/scenario/`, the demo desk at `/` and the SDK package at `/pkg/`.

use std::path::PathBuf;
use std::sync::Arc;

use agent_sdk::protocol::frame::AGENT_WS_PATH;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

use crate::connection;
use crate::gateway::Gateway;
use crate::scenario;
use crate::sip::{SIP_SUBPROTOCOL, SIP_WS_PATH};

/// The WebSocket library's own message limit: far above `MAX_FRAME_BYTES`,
/// so an oversized frame reaches our check (and gets an error frame) instead
/// of the library dropping the connection.
pub const LIBRARY_MESSAGE_LIMIT: usize = 16 * 1024 * 1024;

/// The largest SIP message taken; a bigger frame ends the connection.
pub const SIP_MESSAGE_LIMIT: usize = 64 * 1024;

/// Directories served over plain HTTP.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaticDirs {
    /// Served at `/` (`index.html` for directories).
    pub www: Option<PathBuf>,
    /// Served at `/pkg/` (the built SDK package).
    pub pkg: Option<PathBuf>,
}

/// The gateway's routes.
pub fn router(gateway: Arc<Gateway>, dirs: &StaticDirs) -> Router {
    let mut app = Router::new()
        .route(AGENT_WS_PATH, get(upgrade))
        .route(SIP_WS_PATH, get(sip_upgrade))
        .merge(scenario::routes())
        .merge(crate::observability::routes(&gateway))
        .with_state(gateway);
    if let Some(pkg) = &dirs.pkg {
        app = app.nest_service("/pkg", ServeDir::new(pkg));
    }
    match &dirs.www {
        Some(www) => app.fallback_service(ServeDir::new(www)),
        None => app.route("/", get(banner)).fallback(not_found),
    }
}

/// A page from an origin the configuration does not allow is refused
/// before the upgrade: its session key never reaches the gateway's logic.
fn refuse_origin(gateway: &Gateway, headers: &HeaderMap) -> Option<Response> {
    let origin = headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or("(not text)"));
    if gateway.security().origin_allowed(origin) {
        return None;
    }
    tracing::info!(origin = origin.unwrap_or_default(), "WebSocket upgrade refused: origin not allowed");
    Some((StatusCode::FORBIDDEN, "this origin may not connect (security.allowedOrigins)\n").into_response())
}

async fn upgrade(State(gateway): State<Arc<Gateway>>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    if let Some(refused) = refuse_origin(&gateway, &headers) {
        return refused;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string);
    ws.max_message_size(LIBRARY_MESSAGE_LIMIT)
        .max_frame_size(LIBRARY_MESSAGE_LIMIT)
        .on_failed_upgrade(|e| tracing::info!(error = %e, "WebSocket upgrade failed"))
        .on_upgrade(move |socket| connection::run(socket, gateway, host))
}

/// The SIP WebSocket: RFC 7118 requires the `sip` subprotocol, and a client
/// that does not ask for it is not a SIP client.
async fn sip_upgrade(State(gateway): State<Arc<Gateway>>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    if let Some(refused) = refuse_origin(&gateway, &headers) {
        return refused;
    }
    if gateway.softphone().is_none() {
        return (StatusCode::NOT_FOUND, "this gateway serves no softphones\n").into_response();
    }
    let ws = ws.protocols([SIP_SUBPROTOCOL]);
    if ws.selected_protocol().is_none() {
        return (StatusCode::BAD_REQUEST, "SIP over WebSocket needs the 'sip' subprotocol (RFC 7118)\n")
            .into_response();
    }
    ws.max_message_size(SIP_MESSAGE_LIMIT)
        .max_frame_size(SIP_MESSAGE_LIMIT)
        .on_failed_upgrade(|e| tracing::info!(error = %e, "SIP WebSocket upgrade failed"))
        .on_upgrade(move |socket| crate::sip::connection::run(socket, gateway))
}

async fn banner() -> &'static str {
    "Agent Gateway. Agent WebSocket: /v1/agent/ws (no --www directory configured)\n"
}

async fn not_found() -> impl IntoResponse {
    (StatusCode::NOT_FOUND, "not found\n")
}
