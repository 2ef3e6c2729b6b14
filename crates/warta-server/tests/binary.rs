//! End to end: the real `warta-server` binary on a free loopback port, spoken
//! to over TCP; SIGTERM drains a request in flight and exits 0.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;

use common::{read_response, request_head, Server};

fn seed() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-003-suara-truncated.txt"
    ))
    .expect("the seed fixture is in the repository")
}

#[test]
fn the_binary_serves_errors_over_the_wire_and_drains_on_sigterm() {
    let mut server = Server::start(&["--max-body-bytes", "100000", "--header-timeout-ms", "500"]);

    // An extraction.
    let body = seed();
    let mut stream = server.connect();
    stream
        .write_all(request_head("text/plain", body.len()).as_bytes())
        .expect("writes");
    stream.write_all(&body).expect("writes");
    let (status, head, answer) = read_response(&mut stream);
    assert_eq!(status, 200, "{head}");
    let article: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(article["schema"], "warta/article@1");

    // A body over the limit is answered 413 as JSON while the client is still
    // sending; the client reads the answer rather than a reset.
    let big = vec![b'a'; 1_000_000];
    let mut stream = server.connect();
    stream
        .write_all(request_head("text/plain", big.len()).as_bytes())
        .expect("writes");
    let _ = stream.write_all(&big);
    let (status, _, answer) = read_response(&mut stream);
    assert_eq!(status, 413);
    let error: serde_json::Value = serde_json::from_str(&answer).expect("JSON");
    assert_eq!(error["error"]["code"], "body_too_large");

    // A client that never finishes its request head is cut off after the
    // header timeout instead of holding a connection for ever.
    let mut slow = server.connect();
    slow.write_all(b"POST /v1/extract HTTP/1.1\r\nHost: loc")
        .expect("writes");
    let started = Instant::now();
    let mut rest = Vec::new();
    let read = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        read.is_ok() && waited < Duration::from_secs(5),
        "the connection should close soon after 500 ms: {read:?} after {waited:?}"
    );
    let answer = String::from_utf8_lossy(&rest);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
        "{answer}"
    );

    // A request in flight when SIGTERM arrives is finished, then the server exits 0.
    let mut stream = server.connect();
    stream
        .write_all(request_head("text/plain", body.len()).as_bytes())
        .expect("writes");
    stream.write_all(&body[..100]).expect("writes");
    std::thread::sleep(Duration::from_millis(200));
    server.terminate();
    std::thread::sleep(Duration::from_millis(300));
    // No new connections once shutting down.
    assert!(
        TcpStream::connect_timeout(&server.addr, Duration::from_secs(2)).is_err(),
        "stopped accepting"
    );
    stream.write_all(&body[100..]).expect("writes the rest");
    let (status, head, _) = read_response(&mut stream);
    assert_eq!(status, 200, "{head}");
    let exit = server.wait_exit(Duration::from_secs(15));
    assert!(exit.success(), "{exit:?}");
}
