//! The fault-injection endpoints of the scenario interface: a numbered
//! stream of pushes that survives a drop, a stalled connection, and the
//! count of requests a session ran.

use serde_json::json;

use crate::support::{http, Server};

#[tokio::test]
async fn a_numbered_stream_arrives_whole_and_in_order_across_a_drop_and_resume() {
    let server = Server::start().await;
    let (mut c, token) = server.login("1004").await;
    let path = "/v1/scenario/agents/t1/1004/stream";
    let (status, reply) = http(server.addr, "POST", path, Some(json!({ "count": 40, "intervalMs": 0 }))).await;
    assert_eq!(status, 200, "{reply}");
    let stream = reply["stream"].as_str().unwrap().to_string();

    // Read part of it, then lose the connection and resume from the last seq.
    let mut indices = vec![];
    let mut last_seq = 1;
    while indices.len() < 10 {
        let f = c.recv().await;
        assert_eq!((f["eventType"].as_str(), f["stream"].as_str()), (Some("orderCallBack"), Some(stream.as_str())));
        assert_eq!(f["callbackId"], format!("{stream}-{}", indices.len()));
        indices.push(f["index"].as_u64().unwrap());
        last_seq = f["seq"].as_u64().unwrap();
    }
    c.drop_connection();
    let mut c = server.client().await;
    let r = c.request("resume", json!({ "token": token, "lastSeq": last_seq })).await;
    assert_eq!(r["code"], 0, "{r}");
    while indices.len() < 40 {
        let f = c.recv().await;
        assert_eq!(f["seq"].as_u64(), Some(last_seq + 1), "no gap, no repeat: {f}");
        last_seq += 1;
        indices.push(f["index"].as_u64().unwrap());
    }
    assert_eq!(indices, (0..40).collect::<Vec<u64>>());

    let (status, _) = http(server.addr, "POST", path, Some(json!({ "count": 0 }))).await;
    assert_eq!(status, 400, "an empty stream is refused");
    let (status, _) =
        http(server.addr, "POST", "/v1/scenario/agents/t1/1005/stream", Some(json!({ "count": 1 }))).await;
    assert_eq!(status, 404, "no session, no stream");
    server.stop().await;
}

#[tokio::test]
async fn requests_run_counts_runs_not_answers_to_re_sent_ids() {
    let server = Server::start().await;
    let (mut c, _) = server.login("1006").await;
    let run = |body: serde_json::Value| body["requestsRun"].as_u64();
    let (_, presence) = http(server.addr, "GET", "/v1/scenario/agents/t1/1006", None).await;
    assert_eq!(run(presence), Some(1), "the login");

    c.send_request(77, "pause", json!({ "pauseType": 0 })).await;
    c.send_request(77, "pause", json!({ "pauseType": 0 })).await;
    let mut answers = 0;
    while answers < 2 {
        if c.recv().await["action"] == "pauseResp" {
            answers += 1;
        }
    }
    let (_, presence) = http(server.addr, "GET", "/v1/scenario/agents/t1/1006", None).await;
    assert_eq!(run(presence), Some(2), "the second pause with id 77 was answered from the cache");
    server.stop().await;
}

#[tokio::test]
async fn a_stalled_connection_answers_again_afterwards() {
    let server = Server::start().await;
    let (mut c, _) = server.login("1007").await;
    let (status, reply) =
        http(server.addr, "POST", "/v1/scenario/agents/t1/1007/stall", Some(json!({ "ms": 200 }))).await;
    assert_eq!((status, reply["stalledMs"].as_u64()), (200, Some(200)));
    let r = c.request("pause", json!({ "pauseType": 0 })).await;
    assert_eq!(r["code"], 0, "the request waited out the stall: {r}");
    let (status, _) =
        http(server.addr, "POST", "/v1/scenario/agents/t1/1007/stall", Some(json!({ "ms": 999_999 }))).await;
    assert_eq!(status, 400);
    server.stop().await;
}
