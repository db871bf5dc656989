//! Static files: the desk at `/`, the package at `/pkg/`.

use std::path::PathBuf;

use agent_gateway::{Config, StaticDirs};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{Server, WAIT};

async fn get(server: &Server, path: &str) -> (String, String) {
    let mut s = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    s.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, s.read_to_end(&mut response)).await.unwrap().unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (head.to_ascii_lowercase(), body.to_string())
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("agent-gateway-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test]
async fn serves_the_desk_and_the_package() {
    let www = temp_dir("www");
    let pkg = temp_dir("pkg");
    std::fs::write(www.join("index.html"), "<!doctype html><title>desk</title>").unwrap();
    std::fs::write(pkg.join("x.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("x.js"), "export {};").unwrap();
    let dirs = StaticDirs { www: Some(www.clone()), pkg: Some(pkg.clone()) };
    let server = Server::start_with(Config::dev(), dirs).await;

    let (head, body) = get(&server, "/").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(body.contains("<title>desk</title>"));
    let (head, _) = get(&server, "/pkg/x.wasm").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: application/wasm"), "{head}");
    let (head, _) = get(&server, "/pkg/x.js").await;
    assert!(head.contains("javascript"), "{head}");
    let (head, _) = get(&server, "/missing.html").await;
    assert!(head.starts_with("http/1.1 404"), "{head}");

    // The WebSocket lives beside the files.
    let (_c, _) = server.login("0001").await;
    let _ = std::fs::remove_dir_all(www);
    let _ = std::fs::remove_dir_all(pkg);
}

#[tokio::test]
async fn without_directories_the_root_says_what_this_is() {
    let server = Server::start().await;
    let (head, body) = get(&server, "/").await;
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(body.contains("/v1/agent/ws"));
    let (head, _) = get(&server, "/pkg/x.wasm").await;
    assert!(head.starts_with("http/1.1 404"), "{head}");
}
