//! The gateway-scale load client of `bench/` (docs/performance.md, figure 7).
//!
//! `load config N [--supervisors S]`
//!                  prints the built-in development configuration plus a
//!                  tenant `load` with agents 1..=N in queue 1 and
//!                  supervisors N+1..=N+S (session keys `load-key-<n>`),
//!                  for the gateway under load.
//! `load run --gateway HOST:PORT --pid PID --steps 250,500,... [--step-secs 10]
//!      [--push-interval-ms 1000] [--ping-interval-ms 1000] [--p99-limit-ms 100]`
//!                  opens agent sessions step by step up to each count, each
//!                  with a steady stream of pushes and a ping per period,
//!                  measures every step for `--step-secs`, stops at the
//!                  first step that degrades (an error, a push lost or late,
//!                  or the ping p99 over the limit) and prints one JSON
//!                  object with every step.
//!
//! `load fanout ...` queue-status fan-out to supervisors (see fanout.rs).
//!
//! Bounded: at most the steps given, each at most its ramp timeout plus
//! `--step-secs`; every session logs out at the end, which ends its stream.

mod args;
mod fanout;
mod proc;
mod session;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use agent_gateway::config::{AgentConfig, Config, Queue, Role, Secret};
use serde_json::{json, Value};

use proc::{cpu_percent, cpu_ticks, rss_bytes};
use session::{Plan, Tallies};

const TENANT: &str = "load";
/// Sessions logging in at once while a step ramps up.
const RAMP_CONCURRENCY: usize = 64;
/// A step whose sessions are not all up by then counts as degraded.
const RAMP_TIMEOUT: Duration = Duration::from_secs(120);

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("config") => print_config(&args[1..]),
        Some("run") => Options::parse(&args[1..]).and_then(|o| {
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(run(o))
        }),
        Some("fanout") => fanout::Options::parse(&args[1..]).and_then(|o| {
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(fanout::run(o))
        }),
        _ => Err("usage: load config N [--supervisors S] | load run --gateway HOST:PORT --pid PID --steps N,N,... \
                  | load fanout --gateway HOST:PORT --pid PID --agents N --supervisors S,S,..."
            .into()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn print_config(args: &[String]) -> Result<(), String> {
    let n: u32 = args.first().and_then(|a| a.parse().ok()).ok_or("config needs the number of agents")?;
    let supervisors: u32 = match args.get(1..) {
        Some([flag, count]) if flag == "--supervisors" => {
            count.parse().map_err(|_| format!("--supervisors must be a whole number, got '{count}'"))?
        }
        Some([]) | None => 0,
        Some(rest) => return Err(format!("config takes N [--supervisors S], got {rest:?}")),
    };
    let mut config = Config::dev();
    let mut tenant = config.tenants.last().cloned().ok_or("the development config has no tenant")?;
    tenant.tenant_id = TENANT.into();
    tenant.name = "Load tenant".into();
    tenant.agents = (1..=n)
        .map(|i| AgentConfig {
            agent_no: i.to_string(),
            name: format!("Load agent {i}"),
            session_key: Secret::new(session::session_key(&i.to_string())),
            roles: vec![Role::Agent],
        })
        .collect();
    // Supervisors follow the agents' numbers and are in no queue: they
    // watch queue 1 with `qids` (`load fanout`).
    tenant.agents.extend((n + 1..=n + supervisors).map(|i| AgentConfig {
        agent_no: i.to_string(),
        name: format!("Load supervisor {i}"),
        session_key: Secret::new(session::session_key(&i.to_string())),
        roles: vec![Role::Agent, Role::Supervisor],
    }));
    tenant.queues =
        vec![Queue { queue_no: "1".into(), name: "Load".into(), agents: (1..=n).map(|i| i.to_string()).collect() }];
    config.tenants.push(tenant);
    config.check().map_err(|e| format!("{e:?}"))?;
    println!("{}", serde_json::to_string(&config).map_err(|e| e.to_string())?);
    Ok(())
}

struct Options {
    gateway: String,
    pid: u32,
    steps: Vec<usize>,
    step_secs: u64,
    push_interval_ms: u64,
    ping_interval_ms: u64,
    p99_limit_ms: f64,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options {
            gateway: String::new(),
            pid: 0,
            steps: Vec::new(),
            step_secs: 10,
            push_interval_ms: 1000,
            ping_interval_ms: 1000,
            p99_limit_ms: 100.0,
        };
        for (name, value) in args::pairs(args)? {
            match name {
                "--gateway" => o.gateway = value.to_string(),
                "--pid" => o.pid = args::whole(name, value)? as u32,
                "--steps" => o.steps = args::growing(name, value)?,
                "--step-secs" => o.step_secs = args::whole(name, value)?.max(1),
                "--push-interval-ms" => o.push_interval_ms = args::whole(name, value)?.clamp(1, 10_000),
                "--ping-interval-ms" => o.ping_interval_ms = args::whole(name, value)?.max(10),
                "--p99-limit-ms" => o.p99_limit_ms = args::whole(name, value)? as f64,
                _ => return Err(format!("unknown option {name}")),
            }
        }
        if o.gateway.is_empty() || o.pid == 0 || o.steps.is_empty() {
            return Err("run needs --gateway, --pid and --steps".into());
        }
        Ok(o)
    }
}

async fn run(o: Options) -> Result<(), String> {
    let plan = Plan {
        authority: o.gateway.clone(),
        tenant: TENANT.into(),
        push_interval_ms: o.push_interval_ms,
        ping_interval_ms: o.ping_interval_ms,
        // Enough for every step and its ramp, at most the gateway's bound.
        stream_count: (o.steps.len() as u64 * (o.step_secs + RAMP_TIMEOUT.as_secs()) * 1000 / o.push_interval_ms)
            .clamp(1, 100_000),
    };
    let tallies = Arc::new(Tallies::default());
    let mut tasks = Vec::new();
    let mut steps = Vec::new();
    let mut opened = 0usize;
    for &target in &o.steps {
        let ramp_started = Instant::now();
        let mut failed_logins = 0usize;
        while opened < target {
            let batch = (target - opened).min(RAMP_CONCURRENCY);
            let mut waits = Vec::with_capacity(batch);
            for _ in 0..batch {
                opened += 1;
                let (tx, rx) = tokio::sync::oneshot::channel();
                tasks.push(tokio::spawn(session::run(plan.clone(), opened.to_string(), tallies.clone(), tx)));
                waits.push(rx);
            }
            for w in waits {
                let up = tokio::time::timeout_at((ramp_started + RAMP_TIMEOUT).into(), w).await;
                if !matches!(up, Ok(Ok(true))) {
                    failed_logins += 1;
                }
            }
            if failed_logins > 0 || ramp_started.elapsed() > RAMP_TIMEOUT {
                break;
            }
        }
        let ramp_ms = ramp_started.elapsed().as_millis() as u64;
        // Settle: one push period so every new stream has begun (each
        // waits up to one period to start), then measure.
        tokio::time::sleep(Duration::from_millis(2 * o.push_interval_ms.max(o.ping_interval_ms))).await;
        let step = measure(&o, &tallies, target, ramp_ms, failed_logins).await;
        eprintln!("load: {step}");
        let degraded = step["degraded"].as_bool().unwrap_or(true);
        steps.push(step);
        if degraded {
            break;
        }
    }
    tallies.stop.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = tokio::time::timeout(Duration::from_secs(5), t).await;
    }
    let held = steps.iter().filter(|s| s["degraded"] == false).map(|s| s["sessions"].as_u64().unwrap_or(0)).max();
    let report = json!({
        "tenant": TENANT, "rampConcurrency": RAMP_CONCURRENCY, "stepSecs": o.step_secs, "pushIntervalMs": o.push_interval_ms,
        "pingIntervalMs": o.ping_interval_ms, "p99LimitMs": o.p99_limit_ms,
        "heldSessions": held.unwrap_or(0), "steps": steps,
    });
    println!("{report}");
    Ok(())
}

/// One step's measurement: `step_secs` of pings and pushes from `sessions`
/// sessions, with the gateway's CPU and memory from /proc.
async fn measure(o: &Options, tallies: &Tallies, sessions: usize, ramp_ms: u64, failed_logins: usize) -> Value {
    let errors_before = tallies.errors.load(Ordering::Relaxed);
    let gaps_before = tallies.gaps.load(Ordering::Relaxed);
    tallies.rtts_us.lock().expect("tallies").clear();
    tallies.pushes.store(0, Ordering::Relaxed);
    let cpu_before = (cpu_ticks(o.pid), cpu_ticks(std::process::id()));
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(o.step_secs)).await;
    let secs = started.elapsed().as_secs_f64();
    let cpu_after = (cpu_ticks(o.pid), cpu_ticks(std::process::id()));
    let pushes = tallies.pushes.load(Ordering::Relaxed);
    let mut rtts = std::mem::take(&mut *tallies.rtts_us.lock().expect("tallies"));
    rtts.sort_unstable();
    let q = |p: f64| rtts.get(((rtts.len() as f64 * p) as usize).min(rtts.len().saturating_sub(1))).copied();
    let ms = |us: Option<u64>| us.map(|v| v as f64 / 1000.0);
    let expected = sessions as f64 * secs * 1000.0 / o.push_interval_ms as f64;
    // Errors while measuring; the ramp's failed or unanswered logins are
    // `failed_logins`.
    let errors = tallies.errors.load(Ordering::Relaxed) - errors_before;
    let gaps = tallies.gaps.load(Ordering::Relaxed) - gaps_before;
    let p99 = ms(q(0.99));
    let push_ratio = pushes as f64 / expected;
    // Pushes counted over the step: a steady stream delivers all of them
    // but the ones in flight at the edges; fewer means they queue up.
    let degraded =
        errors > 0 || failed_logins > 0 || gaps > 0 || push_ratio < 0.95 || p99.is_none_or(|p| p > o.p99_limit_ms);
    json!({
        "sessions": sessions,
        "live": tallies.live.load(Ordering::Relaxed),
        "rampMs": ramp_ms,
        "seconds": secs,
        "pushesPerSecond": pushes as f64 / secs,
        "pushRatio": push_ratio,
        "pings": rtts.len(),
        "pingMs": { "p50": ms(q(0.5)), "p99": p99, "max": ms(rtts.last().copied()) },
        "errors": errors,
        "failedLogins": failed_logins,
        "gaps": gaps,
        "gatewayCpuPercent": cpu_percent(cpu_before.0, cpu_after.0, secs),
        "clientCpuPercent": cpu_percent(cpu_before.1, cpu_after.1, secs),
        "gatewayRssBytes": rss_bytes(o.pid),
        "degraded": degraded,
    })
}
