//! The binary: prints where it listens, closes sockets with 1001 and exits
//! cleanly on SIGTERM; and in-process shutdown does the same.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{Client, Server};

#[tokio::test]
async fn shutdown_closes_agent_connections_with_going_away() {
    let server = Server::start().await;
    let (mut c, _) = server.login("1012").await;
    let stop = tokio::spawn(server.stop());
    assert_eq!(c.expect_close().await, (1001, "server shutting down".to_string()));
    drop(c);
    stop.await.unwrap();
}

#[tokio::test]
async fn the_binary_listens_and_stops_on_sigterm() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agent-gateway"))
        .args(["--port", "0"])
        .env("RUST_LOG", "agent_gateway=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).map(|_| line)
    });
    let line = tokio::time::timeout(crate::support::WAIT, line).await.unwrap().unwrap().unwrap();
    let url = line.trim().strip_prefix("Agent Gateway listening on http://").unwrap_or_else(|| panic!("{line}"));
    let addr: std::net::SocketAddr = url.parse().unwrap();
    assert!(addr.ip().is_loopback());

    let mut c = Client::connect(addr).await;
    let mut params = crate::support::login_params("t1", "0001", 1);
    params["bindEndpoint"] = serde_json::json!({ "endpointType": 3, "endpoint": "8001" });
    let r = c.request("login", params).await;
    assert_eq!(r["code"], 0);
    let token = r["token"].as_str().unwrap().to_string();
    let sip_pwd = r["sipPwd"].as_str().unwrap().to_string();
    c.recv().await;
    let mut phone = crate::phone::Phone::connect(addr, "8001", &r).await;
    assert!(matches!(phone.register().await, agent_sdk::sip::Event::Registered { .. }));
    let challenge = phone.received[0].clone();
    let nonce = challenge.split("nonce=\"").nth(1).and_then(|n| n.split('"').next()).unwrap().to_string();

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(c.expect_close().await.0, 1001);
    drop(c);
    let status = tokio::task::spawn_blocking(move || {
        let status = child.wait();
        let mut logs = String::new();
        if let Some(mut stderr) = child.stderr.take() {
            use std::io::Read;
            let _ = stderr.read_to_string(&mut logs);
        }
        (status, logs)
    });
    let (status, logs) = tokio::time::timeout(crate::support::WAIT, status).await.unwrap().unwrap();
    assert!(status.unwrap().success());
    assert!(logs.contains("login"), "{logs}");
    assert!(!logs.contains("dev-key-0001"), "the session key must not be logged");
    assert!(!logs.contains(&token), "the token must not be logged");
    assert!(logs.contains("softphone registered"), "{logs}");
    assert!(!logs.contains(&sip_pwd), "the SIP password must not be logged");
    assert!(!logs.contains(&nonce), "nonces must not be logged");
}
