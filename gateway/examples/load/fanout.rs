//! `load fanout --gateway HOST:PORT --pid PID --agents 200 --supervisors 1,50
//!      [--secs 10] [--change-interval-ms 1000]`
//!
//! Queue-status fan-out (docs/performance.md, figure 7): the agents of queue
//! 1 each switch busy ↔ idle once per period, spread evenly over it, while
//! first one supervisor and then 50 (each phase with fresh sessions) watch
//! the queue, bound with `qids` at login. For every change an agent makes,
//! every supervisor times from the moment the agent sent the request to the
//! first `queueStatus` push that shows it. One supervisor is the baseline:
//! the ratio of the two phases is what fanning out costs.
//!
//! Printed, one JSON object: per phase, the pushes each supervisor got per
//! second, the change-to-push delay (p50, p99, max), the changes a
//! supervisor never saw (a newer one came first), errors, and the gateway's
//! CPU and memory. Bounded: logins time out after 20 s, each phase lasts its
//! settle plus `--secs`, and every session logs out at the end.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use crate::proc::{cpu_percent, cpu_ticks, rss_bytes};
use crate::session::login;

const TENANT: &str = "load";
const QUEUE: &str = "1";
/// Before a phase is measured: every supervisor has had a push or two.
const SETTLE: Duration = Duration::from_secs(2);

pub struct Options {
    gateway: String,
    pid: u32,
    agents: usize,
    supervisors: Vec<usize>,
    secs: u64,
    change_interval_ms: u64,
}

impl Options {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options {
            gateway: String::new(),
            pid: 0,
            agents: 200,
            supervisors: vec![1, 50],
            secs: 10,
            change_interval_ms: 1000,
        };
        for (name, value) in crate::args::pairs(args)? {
            let whole = || crate::args::whole(name, value);
            match name {
                "--gateway" => o.gateway = value.to_string(),
                "--pid" => o.pid = whole()? as u32,
                "--agents" => o.agents = whole()?.clamp(1, 10_000) as usize,
                "--supervisors" => o.supervisors = crate::args::growing(name, value)?,
                "--secs" => o.secs = whole()?.clamp(1, 600),
                "--change-interval-ms" => o.change_interval_ms = whole()?.clamp(10, 60_000),
                _ => return Err(format!("unknown option {name}")),
            }
        }
        if o.gateway.is_empty() || o.pid == 0 {
            return Err("fanout needs --gateway and --pid".into());
        }
        if o.supervisors.contains(&0) {
            return Err("--supervisors must not count 0".into());
        }
        Ok(o)
    }
}

/// One agent's changes as the supervisors check them: its n-th change is
/// generation n; agents start idle at generation 0, so odd generations are
/// busy and even ones idle.
#[derive(Clone, Copy, Default)]
struct Changes {
    generation: u64,
    /// When generation g was sent, at `g % 4`: a push may show one that a
    /// newer change has already followed.
    sent: [Option<Instant>; 4],
}

impl Changes {
    /// The newest generation whose state is `busy` (or idle).
    fn newest_with(&self, busy: bool) -> u64 {
        if (self.generation % 2 == 1) == busy {
            self.generation
        } else {
            self.generation.saturating_sub(1)
        }
    }
}

/// What every session shares.
struct Board {
    agents: Mutex<Vec<Changes>>,
    /// The window of the phase being measured, if any.
    window: Mutex<Option<(Instant, Instant)>>,
    /// Changes sent inside that window, by all agents.
    changes_in_window: AtomicU64,
    /// Refused requests, failed or closed sockets, unreadable frames.
    errors: AtomicU64,
    /// Set when the run is over: the agents log out.
    stop: AtomicBool,
}

/// One phase's tallies, from its supervisors.
struct Phase {
    window: (Instant, Instant),
    delays_us: Mutex<Vec<u64>>,
    pushes: AtomicU64,
    bytes: AtomicU64,
    missed: AtomicU64,
    stop: AtomicBool,
}

pub async fn run(o: Options) -> Result<(), String> {
    let board = Arc::new(Board {
        agents: Mutex::new(vec![Changes::default(); o.agents]),
        window: Mutex::new(None),
        changes_in_window: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    });
    let authority = o.gateway.clone();
    let mut agent_tasks = Vec::with_capacity(o.agents);
    let numbers: Vec<String> = (1..=o.agents).map(|n| n.to_string()).collect();
    let mut sockets = Vec::with_capacity(o.agents);
    for chunk in numbers.chunks(64) {
        let logins = chunk.iter().map(|n| login(&authority, TENANT, n, None));
        for (ws, n) in futures_util::future::join_all(logins).await.into_iter().zip(chunk) {
            sockets.push(ws.map_err(|e| format!("agent {n}: {e}"))?);
        }
    }
    // One epoch for all: the changes are spread evenly over the period, so
    // they fall evenly between the coalesced pushes.
    let epoch = Instant::now();
    let period = Duration::from_millis(o.change_interval_ms);
    for (index, ws) in sockets.into_iter().enumerate() {
        let first = epoch + period * index as u32 / o.agents as u32;
        agent_tasks.push(tokio::spawn(drive_agent(ws, index, first, period, board.clone())));
    }
    let mut phases = Vec::new();
    for &count in &o.supervisors {
        phases.push(measure_phase(&o, count, &board).await?);
        eprintln!("load fanout: {}", phases.last().expect("just pushed"));
    }
    board.stop.store(true, Ordering::Relaxed);
    for t in agent_tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    let report = json!({
        "tenant": TENANT, "queue": QUEUE, "agents": o.agents, "changeIntervalMs": o.change_interval_ms,
        "changesPerSecond": o.agents as f64 * 1000.0 / o.change_interval_ms as f64,
        "coalesceMs": agent_gateway::hub::QUEUE_STATUS_INTERVAL_MS,
        "settleMs": SETTLE.as_millis() as u64, "secs": o.secs, "phases": phases,
    });
    println!("{report}");
    Ok(())
}

/// Logs in `count` supervisors, measures them for `--secs`, logs them out.
async fn measure_phase(o: &Options, count: usize, board: &Arc<Board>) -> Result<Value, String> {
    let start = Instant::now() + SETTLE;
    let phase = Arc::new(Phase {
        window: (start, start + Duration::from_secs(o.secs)),
        delays_us: Mutex::new(Vec::new()),
        pushes: AtomicU64::new(0),
        bytes: AtomicU64::new(0),
        missed: AtomicU64::new(0),
        stop: AtomicBool::new(false),
    });
    board.changes_in_window.store(0, Ordering::Relaxed);
    *board.window.lock().expect("window") = Some(phase.window);
    let numbers: Vec<String> = (o.agents + 1..=o.agents + count).map(|n| n.to_string()).collect();
    let logins = numbers.iter().map(|n| login(&o.gateway, TENANT, n, Some(QUEUE)));
    let mut tasks = Vec::with_capacity(count);
    for (ws, n) in futures_util::future::join_all(logins).await.into_iter().zip(&numbers) {
        let ws = ws.map_err(|e| format!("supervisor {n}: {e}"))?;
        tasks.push(tokio::spawn(watch(ws, o.agents, board.clone(), phase.clone())));
    }
    tokio::time::sleep_until(start.into()).await;
    let errors_before = board.errors.load(Ordering::Relaxed);
    let cpu_before = (cpu_ticks(o.pid), cpu_ticks(std::process::id()));
    tokio::time::sleep_until(phase.window.1.into()).await;
    let secs = start.elapsed().as_secs_f64();
    let cpu_after = (cpu_ticks(o.pid), cpu_ticks(std::process::id()));
    // A change sent near the window's end shows after it: wait one more
    // period for those before the supervisors stop.
    tokio::time::sleep(Duration::from_millis(o.change_interval_ms)).await;
    phase.stop.store(true, Ordering::Relaxed);
    *board.window.lock().expect("window") = None;
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    let errors = board.errors.load(Ordering::Relaxed) - errors_before;
    let changes = board.changes_in_window.load(Ordering::Relaxed);
    let mut delays = std::mem::take(&mut *phase.delays_us.lock().expect("delays"));
    delays.sort_unstable();
    let q = |p: f64| {
        let at = ((delays.len() as f64 * p) as usize).min(delays.len().saturating_sub(1));
        delays.get(at).map(|&us| us as f64 / 1000.0)
    };
    let pushes = phase.pushes.load(Ordering::Relaxed) as f64;
    Ok(json!({
        "supervisors": count,
        "seconds": secs,
        "changes": changes,
        // Every supervisor should see every change made in the window.
        "observationsDue": changes * count as u64,
        "observed": delays.len(),
        "missed": phase.missed.load(Ordering::Relaxed),
        "errors": errors,
        "pushesPerSupervisorPerSecond": pushes / o.secs as f64 / count as f64,
        "pushBytes": if pushes > 0.0 { phase.bytes.load(Ordering::Relaxed) as f64 / pushes } else { 0.0 },
        "delayMs": { "p50": q(0.5), "p99": q(0.99), "max": delays.last().map(|&us| us as f64 / 1000.0) },
        "gatewayCpuPercent": cpu_percent(cpu_before.0, cpu_after.0, secs),
        "clientCpuPercent": cpu_percent(cpu_before.1, cpu_after.1, secs),
        "gatewayRssBytes": rss_bytes(o.pid),
    }))
}

/// One agent: a change per period from `first` on, until the run stops.
async fn drive_agent(ws: crate::session::Socket, index: usize, first: Instant, period: Duration, board: Arc<Board>) {
    let (mut tx, mut rx) = ws.split();
    let mut ticker = tokio::time::interval_at(first.into(), period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut id = 1u64;
    while !board.stop.load(Ordering::Relaxed) {
        tokio::select! {
            _ = ticker.tick() => {
                // Recorded before it is sent: no push can show it earlier.
                let now = Instant::now();
                let generation = {
                    let mut agents = board.agents.lock().expect("board");
                    let changes = &mut agents[index];
                    changes.generation += 1;
                    changes.sent[(changes.generation % 4) as usize] = Some(now);
                    changes.generation
                };
                if board.window.lock().expect("window").is_some_and(|(from, to)| now >= from && now <= to) {
                    board.changes_in_window.fetch_add(1, Ordering::Relaxed);
                }
                id += 1;
                let (action, params) =
                    if generation % 2 == 1 { ("pause", json!({ "pauseType": 0 })) } else { ("unpause", json!({})) };
                let frame = json!({ "id": id, "action": action, "params": params });
                if tx.send(Message::text(frame.to_string())).await.is_err() {
                    board.errors.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
            frame = rx.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    let refused = serde_json::from_str::<Value>(&text)
                        .map(|v| v.get("id").is_some() && v["code"] != 0)
                        .unwrap_or(true);
                    // The first few say what went wrong; the count says how often.
                    if refused && board.errors.fetch_add(1, Ordering::Relaxed) < 5 {
                        eprintln!("agent {}: {text}", index + 1);
                    }
                }
                Some(Ok(_)) => {}
                _ => {
                    board.errors.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            },
        }
    }
    logout(&mut tx).await;
}

/// One supervisor: reads its `queueStatus` pushes until the phase stops.
async fn watch(ws: crate::session::Socket, agents: usize, board: Arc<Board>, phase: Arc<Phase>) {
    let (mut tx, mut rx) = ws.split();
    // The newest generation of each agent this supervisor has seen; None
    // until its first push.
    let mut seen: Vec<Option<u64>> = vec![None; agents];
    let mut poll = tokio::time::interval(Duration::from_millis(100));
    while !phase.stop.load(Ordering::Relaxed) {
        let text = tokio::select! {
            _ = poll.tick() => continue,
            frame = rx.next() => match frame {
                Some(Ok(Message::Text(text))) => text,
                Some(Ok(_)) => continue,
                _ => {
                    board.errors.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            },
        };
        let now = Instant::now();
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            board.errors.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        if v["eventType"] != "queueStatus" {
            continue;
        }
        let Some(statuses) = v["queueStatus"][QUEUE]["agentStatuses"].as_array() else {
            board.errors.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        // Pushes are counted inside the window; a change made in it is
        // timed until it shows, even after the window closed.
        let (from, to) = phase.window;
        if now >= from && now <= to {
            phase.pushes.fetch_add(1, Ordering::Relaxed);
            phase.bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
        }
        let changes = board.agents.lock().expect("board").clone();
        let mut delays = Vec::new();
        for status in statuses {
            let index = status["agentNo"].as_str().and_then(|n| n.parse::<usize>().ok()).and_then(|n| n.checked_sub(1));
            let busy = match status["state"].as_str() {
                Some("busy") => true,
                Some("idle") => false,
                _ => continue,
            };
            let Some(index) = index.filter(|&i| i < agents) else { continue };
            let shown = changes[index].newest_with(busy);
            match seen[index] {
                Some(before) if shown > before => {
                    let sent = changes[index].sent[(shown % 4) as usize];
                    if let Some(sent) = sent.filter(|&s| s >= from && s <= to) {
                        delays.push(now.duration_since(sent).as_micros() as u64);
                        phase.missed.fetch_add(shown - before - 1, Ordering::Relaxed);
                    }
                    seen[index] = Some(shown);
                }
                Some(_) => {}
                None => seen[index] = Some(shown),
            }
        }
        phase.delays_us.lock().expect("delays").extend(delays);
    }
    logout(&mut tx).await;
}

async fn logout(tx: &mut futures_util::stream::SplitSink<crate::session::Socket, Message>) {
    let frame = json!({ "id": u32::MAX, "action": "logout", "params": { "logoutMode": 1 } });
    let _ = tokio::time::timeout(Duration::from_secs(2), tx.send(Message::text(frame.to_string()))).await;
}
