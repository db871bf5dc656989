//! The reference Agent Gateway: a real WebSocket server speaking the Agent
//! SDK's protocol v1 (docs/protocol.md) with agents, sessions, the agent
//! state machine (docs/state-machine.md) and a call engine
//! (docs/call-flows.md) whose outside parties are played through the
//! scenario interface, so the SDK runs end to end without a vendor backend.
//! Start it with [`serve`] or [`serve_with_shutdown`]; `docs/gateway.md`
//! describes the binary, its configuration and the scenario interface.
#![deny(missing_docs)]

pub mod agent;
pub mod calls;
pub mod config;
pub mod connection;
pub mod errors;
pub mod gateway;
pub mod hub;
pub mod params;
pub mod scenario;
pub mod server;
pub mod session;
pub mod wire;

use std::future::Future;
use std::io;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::watch;

pub use config::Config;
pub use server::StaticDirs;

/// How long a stopping gateway waits for its WebSocket connections to finish
/// their closing handshakes.
const DRAIN_LIMIT: Duration = Duration::from_secs(3);

/// Serves on `listener` until the process ends.
pub async fn serve(listener: TcpListener, config: Config, dirs: StaticDirs) -> io::Result<()> {
    serve_with_shutdown(listener, config, dirs, std::future::pending()).await
}

/// Serves on `listener` until `shutdown` completes; then closes every agent
/// connection with 1001 (the SDK reconnects elsewhere or later) and returns.
pub async fn serve_with_shutdown(
    listener: TcpListener,
    config: Config,
    dirs: StaticDirs,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stop, stopped) = watch::channel(false);
    let gateway = gateway::Gateway::new(config, stopped);
    let app = server::router(gateway.clone(), &dirs);
    // The peer address lets the scenario interface refuse non-loopback
    // clients.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop.send(true);
        })
        .await?;
    gateway.connections_closed(DRAIN_LIMIT).await;
    Ok(())
}
