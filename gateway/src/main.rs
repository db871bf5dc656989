//! `agent-gateway [--host 127.0.0.1] [--port 8080] [--config FILE] [--www DIR] [--pkg DIR]`

use std::path::PathBuf;
use std::process::ExitCode;

use agent_gateway::{serve_with_shutdown, Config, StaticDirs};
use tracing_subscriber::EnvFilter;

const USAGE: &str = "\
Usage: agent-gateway [OPTIONS]

Options:
  --host HOST       address to listen on (default 127.0.0.1)
  --port PORT       port to listen on, 0 for any free port (default 8080)
  --config FILE     configuration file (default: the built-in development config)
  --www DIR         directory served at / (the demo agent desk)
  --pkg DIR         directory served at /pkg/ (the built SDK package)
  --print-config    print the built-in development config as JSON and exit
  -h, --help        print this help
  -V, --version     print the version

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=agent_gateway=debug) for more.";

struct Args {
    host: String,
    port: u16,
    config: Option<PathBuf>,
    dirs: StaticDirs,
}

enum Parsed {
    Run(Args),
    Exit(String),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut parsed = Args { host: "127.0.0.1".into(), port: 8080, config: None, dirs: StaticDirs::default() };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| inline.clone().or_else(|| args.next()).ok_or(format!("{name} needs a value"));
        match name.as_str() {
            "--host" => parsed.host = value("--host")?,
            "--port" => {
                let v = value("--port")?;
                parsed.port = v.parse().map_err(|_| format!("--port must be a number from 0 to 65535, got '{v}'"))?;
            }
            "--config" => parsed.config = Some(value("--config")?.into()),
            "--www" => parsed.dirs.www = Some(value("--www")?.into()),
            "--pkg" => parsed.dirs.pkg = Some(value("--pkg")?.into()),
            "--print-config" => {
                let text = serde_json::to_string_pretty(&Config::dev()).map_err(|e| e.to_string())?;
                return Ok(Parsed::Exit(text));
            }
            "-h" | "--help" => return Ok(Parsed::Exit(USAGE.to_string())),
            "-V" | "--version" => return Ok(Parsed::Exit(format!("agent-gateway {}", env!("CARGO_PKG_VERSION")))),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(Parsed::Run(parsed))
}

async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = terminate => {}
    }
    tracing::info!("stopping");
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("agent-gateway: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("agent_gateway=info"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();

    let config = match &args.config {
        Some(path) => match Config::load(path) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("agent-gateway: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => {
            tracing::info!("no --config given: using the built-in development configuration");
            Config::dev()
        }
    };
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("agent-gateway: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("Agent Gateway listening on http://{addr}"),
        Err(e) => {
            eprintln!("agent-gateway: {e}");
            return ExitCode::FAILURE;
        }
    }
    match serve_with_shutdown(listener, config, args.dirs, stop_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("agent-gateway: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn arguments() {
        let Ok(Parsed::Run(a)) = parse(&["--port", "0", "--host=0.0.0.0", "--www", "www", "--pkg=pkg"]) else {
            panic!()
        };
        assert_eq!((a.host.as_str(), a.port), ("0.0.0.0", 0));
        assert_eq!(a.dirs.www, Some(PathBuf::from("www")));
        assert_eq!(a.dirs.pkg, Some(PathBuf::from("pkg")));
        assert!(parse(&["--port", "x"]).is_err());
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--nope"]).is_err());
        let Ok(Parsed::Exit(text)) = parse(&["--print-config"]) else { panic!() };
        assert_eq!(Config::from_json(&text), Ok(Config::dev()));
    }
}
