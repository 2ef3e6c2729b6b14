//! The real `warta-server` binary under attack on loopback: slow-loris
//! clients, oversized headers, many idle connections and a flood of requests
//! beyond the queue (answered 503 at once, or 504 at the time limit). Through each, `/healthz` keeps answering and an honest
//! client's extraction is served. Every loop here is bounded in count and time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;

use common::{read_response, Server};

/// What these tests ask of the server beyond the shared harness.
impl Server {
    /// An honest extraction of a small page: its status.
    fn extract(&self) -> u16 {
        let body = "JAKARTA - Pemerintah menyiapkan anggaran baru untuk perbaikan jalan di seluruh kota, kata pejabat pada Rabu.\n\nProyek itu akan dimulai bulan depan dan selesai tahun ini.";
        let mut stream = self.connect();
        let head = format!(
            "POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).expect("writes");
        stream.write_all(body.as_bytes()).expect("writes");
        read_response(&mut stream).0
    }

    fn assert_alive(&self, during: &str) {
        let (status, took) = self.healthz();
        assert_eq!(status, 200, "/healthz during {during}");
        assert!(
            took < Duration::from_secs(2),
            "/healthz took {took:?} during {during}"
        );
        assert_eq!(self.extract(), 200, "an honest extraction during {during}");
    }
}

/// True when the server has closed `stream` (a read gives EOF or a reset)
/// within `within`; bytes it sent first (an error response) are skipped.
fn closed_within(mut stream: &TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn slow_loris_clients_are_cut_off_and_others_served() {
    let server = Server::start(&["--header-timeout-ms", "1000"]);
    let mut loris: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut s = server.connect();
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
                .expect("writes");
            s
        })
        .collect();
    // Each drips one header byte every 100 ms: never a whole head.
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(600) {
        for s in &mut loris {
            let _ = s.write_all(b"X");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    server.assert_alive("a slow-loris attack");
    let mut dripping = true;
    while dripping && started.elapsed() < Duration::from_secs(4) {
        dripping = false;
        for s in &mut loris {
            dripping |= s.write_all(b"X").is_ok();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let cut = loris
        .iter()
        .filter(|s| closed_within(s, Duration::from_secs(3)))
        .count();
    assert_eq!(
        cut,
        loris.len(),
        "slow clients still connected after the header timeout"
    );
    server.assert_alive("after a slow-loris attack");
}

#[test]
fn oversized_headers_are_refused() {
    let server = Server::start(&[]);
    // One header line of 1 MiB, then many headers adding up to 2 MiB.
    let one_line = format!(
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let mut many = String::from("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
    for i in 0..20_000 {
        many.push_str(&format!("X-H{i}: {}\r\n", "b".repeat(90)));
    }
    many.push_str("\r\n");
    for (what, head) in [("one huge header", one_line), ("20 000 headers", many)] {
        let mut stream = server.connect();
        let _ = stream.write_all(head.as_bytes());
        let started = Instant::now();
        let (status, head, _) = read_response(&mut stream);
        assert!(
            status == 431 || status == 400 || status == 0,
            "{what}: answered {status} ({head})"
        );
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: no answer in time"
        );
        server.assert_alive(what);
    }
}

#[test]
fn many_idle_connections_do_not_starve_others() {
    let server = Server::start(&["--header-timeout-ms", "1500"]);
    let idle: Vec<TcpStream> = (0..1_000).map(|_| server.connect()).collect();
    server.assert_alive("1 000 idle connections");
    // Idle connections that never send a request are closed by the server.
    std::thread::sleep(Duration::from_millis(1500));
    let closed = idle
        .iter()
        .filter(|s| closed_within(s, Duration::from_secs(3)))
        .count();
    assert_eq!(
        closed,
        idle.len(),
        "idle connections kept open past the header timeout"
    );
    server.assert_alive("after 1 000 idle connections");
}

#[test]
fn a_flood_beyond_the_queue_gets_503_at_once_and_healthz_answers() {
    let server = Server::start(&["--workers", "1", "--queue", "2"]);
    // A page heavy enough to keep the one worker busy for a while.
    let mut page = String::new();
    for i in 0..1_000 {
        page.push_str(&format!(
            "Paragraf {i}: Pemerintah Kota menyiapkan anggaran untuk perbaikan jalan, kata pejabat pada Rabu.\n\n"
        ));
    }
    let head = format!(
        "POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        page.len()
    );
    let addr = server.addr;
    let clients: Vec<_> = (0..48)
        .map(|_| {
            let head = head.clone();
            let page = page.clone();
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(addr).expect("connects");
                stream
                    .set_read_timeout(Some(Duration::from_secs(30)))
                    .expect("sets a timeout");
                let started = Instant::now();
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(page.as_bytes());
                let (status, head, body) = read_response(&mut stream);
                (status, head, body, started.elapsed())
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    let (status, took) = server.healthz();
    assert_eq!(status, 200, "/healthz during the flood");
    assert!(
        took < Duration::from_secs(2),
        "/healthz took {took:?} during the flood"
    );
    let mut refused = 0;
    for client in clients {
        let (status, head, body, took) = client.join().expect("a client thread");
        match status {
            200 => {}
            503 => {
                refused += 1;
                assert!(
                    head.to_ascii_lowercase().contains("retry-after:"),
                    "503 without Retry-After: {head}"
                );
                let error: serde_json::Value = serde_json::from_str(&body).expect("a JSON error");
                assert!(error["error"]["code"].is_string(), "{body}");
                assert!(took < Duration::from_secs(10), "a 503 that took {took:?}");
            }
            // The per-request time limit: a deliberate, bounded answer too.
            504 => {
                let error: serde_json::Value = serde_json::from_str(&body).expect("a JSON error");
                assert!(error["error"]["code"].is_string(), "{body}");
            }
            other => panic!("a flooding client got {other}: {head}\n{body}"),
        }
    }
    assert!(
        refused > 0,
        "48 requests on 1 worker + 2 queue places: some must be refused"
    );
    server.assert_alive("after the flood");
}
