//! End to end: the real `warta-server` binary on a free loopback port, spoken
//! to over TCP; SIGTERM drains a request in flight and exits 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_warta-server"))
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reads the first line");
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .expect("sets a timeout");
        stream
    }

    fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
    }

    fn wait_exit(&mut self, within: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads one HTTP/1.1 response (with `Connection: close` sent, to the end).
fn read_response(stream: &mut TcpStream) -> (u16, String, String) {
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the response");
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete response");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, head.to_string(), body.to_string())
}

fn request_head(content_type: &str, length: usize) -> String {
    format!(
        "POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

fn seed() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-003-suara-truncated.txt"
    ))
    .expect("the seed fixture is in the repository")
}

#[test]
fn the_binary_serves_errors_over_the_wire_and_drains_on_sigterm() {
    let mut server = Server::start(&["--max-body-bytes", "100000"]);

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
