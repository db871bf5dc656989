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
pub mod observability;
pub mod params;
pub mod scenario;
pub mod scenario_faults;
pub mod security;
pub mod server;
pub mod session;
pub mod sip;
pub mod wire;

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, UdpSocket};
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
    let (softphone, proxy_inbox) = softphone_runtime(&listener, &config, stopped.clone()).await?;
    let gateway = gateway::Gateway::new(config, stopped, Some(softphone));
    if let Some(inbox) = proxy_inbox {
        tokio::spawn(sip::proxy::run(gateway.clone(), inbox));
    }
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

/// Sets up what softphones need: the media crypto, the STUN responder (on
/// UDP at the listener's own port when it is free, else on any port), the
/// registrar, the addresses softphone logins are told, and the link to an
/// external SIP proxy when the configuration names one (its task's queues
/// come back beside the runtime).
async fn softphone_runtime(
    listener: &TcpListener,
    config: &Config,
    stopped: watch::Receiver<bool>,
) -> io::Result<(gateway::SoftphoneRuntime, Option<sip::proxy::ProxyInbox>)> {
    // The media peers' DTLS and SRTP use aws-lc-rs; installing it once per
    // process is idempotent, so in-process test gateways may repeat it.
    str0m::crypto::from_feature_flags().install_process_default();
    let local = listener.local_addr()?;
    let ip = match local.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let stun = match UdpSocket::bind(SocketAddr::new(local.ip(), local.port())).await {
        Ok(socket) => socket,
        Err(_) => UdpSocket::bind(SocketAddr::new(local.ip(), 0)).await?,
    };
    let stun_addr = SocketAddr::new(ip, stun.local_addr()?.port());
    tokio::spawn(sip::stun::serve(stun, stopped));
    // The first softphone call should not wait for its tone to be encoded.
    tokio::task::spawn_blocking(|| sip::audio::Tone::new(sip::audio::TONE_HZ));
    let mut secret = [0u8; 16];
    getrandom::fill(&mut secret).map_err(|e| io::Error::other(e.to_string()))?;
    let authority = SocketAddr::new(ip, local.port()).to_string();
    let proxy = config.sip_proxy.as_ref();
    // Behind a proxy the SIP domain is the proxy's.
    let domain = proxy.map_or_else(|| ip.to_string(), |p| p.domain.clone());
    let nonces = sip::auth::Nonces::new(secret, config.timing.sip_nonce_lifetime_ms);
    let mut identity = sip::invite::Identity::new(&authority, &domain);
    if let Some(p) = proxy {
        let account = &p.account;
        identity = identity.with_credentials(sip::challenge::Credentials {
            user: account.user.clone(),
            password: account.password.clone(),
        });
    }
    let (link, inbox) = proxy.map(|p| sip::proxy::link(&p.socket_url)).unzip();
    let media = Arc::new(sip::MediaBoard::default());
    let bridges = Arc::new(sip::bridges::Bridges::new(media.clone()));
    let runtime = gateway::SoftphoneRuntime {
        info: sip::Softphone {
            authority,
            domain: domain.clone(),
            stun: format!("stun:{stun_addr}"),
            media_ip: ip,
            proxy_url: proxy.map(|p| p.socket_url.clone()),
        },
        registrar: sip::registrar::Registrar::new(&domain, nonces),
        identity,
        media,
        bridges,
        proxy: link,
        parked: Default::default(),
    };
    Ok((runtime, inbox))
}
