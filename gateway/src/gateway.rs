//! The running gateway's shared state: the hub behind a lock, the clock the
//! hub's milliseconds count from, timers, connection ids and the shutdown
//! signal.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::sync::{watch, Notify};
use tokio::time::Instant;

use crate::config::{Config, Timing};
use crate::hub::{Hub, Wake};
use crate::security::Security;
use crate::session::ConnId;
use crate::sip::bridges::Bridges;
use crate::sip::invite::Identity;
use crate::sip::proxy::ProxyLink;
use crate::sip::registrar::Registrar;
use crate::sip::{MediaBoard, Softphone};

/// What serving softphones takes at run time: where they reach the
/// gateway, the registrar, how the gateway names itself in SIP, and the
/// media counters of their legs.
#[derive(Debug)]
pub struct SoftphoneRuntime {
    /// Where softphones reach the gateway.
    pub info: Softphone,
    /// The registrar (realm and nonces).
    pub registrar: Registrar,
    /// Via, Contact and From/To domain of the gateway's requests.
    pub identity: Identity,
    /// Media counters by leg.
    pub media: Arc<MediaBoard>,
    /// The live calls' conference bridges.
    pub bridges: Arc<Bridges>,
    /// The link to an external SIP proxy, when softphones use one.
    pub proxy: Option<ProxyLink>,
    /// Up calls whose softphone's SIP socket broke, waiting for it.
    pub parked: crate::sip::parked::Parked<crate::sip::endpoint::Active>,
}

/// Now in Unix ms: call unique ids count from the gateway's start, like a
/// real switch's, and event times are the hub's ms after it.
fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// Shared by every connection and timer.
#[derive(Debug)]
pub struct Gateway {
    hub: Mutex<Hub>,
    timing: Timing,
    security: Security,
    observed: crate::observability::Store,
    epoch: Instant,
    next_conn: AtomicU64,
    connections: AtomicUsize,
    all_closed: Notify,
    shutdown: watch::Receiver<bool>,
    softphone: Option<SoftphoneRuntime>,
}

/// Counts a live connection until dropped.
#[derive(Debug)]
pub struct ConnectionGuard(Arc<Gateway>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        if self.0.connections.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.all_closed.notify_waiters();
        }
    }
}

impl Gateway {
    /// A gateway over `config`; `shutdown` turns true when it must stop;
    /// with `softphone` it serves SIP softphones too.
    pub fn new(config: Config, shutdown: watch::Receiver<bool>, softphone: Option<SoftphoneRuntime>) -> Arc<Self> {
        let timing = config.timing;
        let security = config.security.clone();
        let mut hub = Hub::with_clock_base_ms(Arc::new(config), unix_ms());
        if let Some(s) = &softphone {
            hub.set_softphone(s.info.clone());
            hub.set_bridges(s.bridges.clone());
            if let Some(link) = &s.proxy {
                hub.set_sip_proxy(link.conn.clone(), &s.info.domain);
            }
        }
        Arc::new(Self {
            timing,
            security,
            observed: crate::observability::Store::default(),
            hub: Mutex::new(hub),
            epoch: Instant::now(),
            next_conn: AtomicU64::new(1),
            connections: AtomicUsize::new(0),
            all_closed: Notify::new(),
            shutdown,
            softphone,
        })
    }

    /// The softphone runtime, when the gateway serves softphones.
    pub fn softphone(&self) -> Option<&SoftphoneRuntime> {
        self.softphone.as_ref()
    }

    /// The instant the hub's milliseconds count from.
    pub fn epoch(&self) -> std::time::Instant {
        self.epoch.into_std()
    }

    /// The instant `at_ms` gateway milliseconds stand for.
    pub fn instant_at(&self, at_ms: u64) -> Instant {
        self.epoch + Duration::from_millis(at_ms)
    }

    /// The observability records the SDKs uploaded.
    pub fn observed(&self) -> &crate::observability::Store {
        &self.observed
    }

    /// Allowed origins and request rates.
    pub fn security(&self) -> &Security {
        &self.security
    }

    /// Session timings.
    pub fn timing(&self) -> Timing {
        self.timing
    }

    /// Milliseconds since the gateway started: the hub's clock.
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The hub. Every holder finishes without awaiting, and a panic while
    /// holding it leaves consistent maps, so a poisoned lock is still used.
    pub fn hub(&self) -> MutexGuard<'_, Hub> {
        self.hub.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A fresh connection id, and the guard that counts the connection.
    pub fn open_connection(self: &Arc<Self>) -> (ConnId, ConnectionGuard) {
        self.connections.fetch_add(1, Ordering::AcqRel);
        (self.next_conn.fetch_add(1, Ordering::Relaxed), ConnectionGuard(self.clone()))
    }

    /// The shutdown signal.
    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.clone()
    }

    /// Sets a timer for each wake. Timers hold the gateway weakly, so they
    /// never keep a stopped gateway alive.
    pub fn schedule(self: &Arc<Self>, wakes: Vec<Wake>) {
        for wake in wakes {
            let at_ms = match wake {
                Wake::Agent { at_ms, .. }
                | Wake::Calls { at_ms }
                | Wake::Queues { at_ms, .. }
                | Wake::Expire { at_ms, .. } => at_ms,
            };
            let at = self.epoch + Duration::from_millis(at_ms);
            let gateway: Weak<Self> = Arc::downgrade(self);
            tokio::spawn(async move {
                tokio::time::sleep_until(at).await;
                if let Some(gateway) = gateway.upgrade() {
                    let more = gateway.hub().wake(wake, gateway.now_ms());
                    gateway.schedule(more);
                }
            });
        }
    }

    /// Waits until every connection has ended, or `limit` has passed.
    pub async fn connections_closed(&self, limit: Duration) {
        let wait = async {
            loop {
                let notified = self.all_closed.notified();
                if self.connections.load(Ordering::Acquire) == 0 {
                    return;
                }
                notified.await;
            }
        };
        let _ = tokio::time::timeout(limit, wait).await;
    }
}
