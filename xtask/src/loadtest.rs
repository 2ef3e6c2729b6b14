//! `cargo xtask loadtest`: the release `warta-server` on loopback under a
//! bounded load from a small HTTP/1.1 client: one keep-alive connection per
//! simulated client, all of them tasks on one thread.
//!
//! Reports requests/s, p50/p99 latency of answered extractions, deliberate
//! 503s and errors at concurrency 1, 16 and 256 for the seed pages and a
//! ~300 KB benchmark page, then the server's peak resident memory while 256
//! clients each send a 5 MB body. A client that gets a 503 waits as its
//! `Retry-After` asks (at most a second) before its next request, as a
//! well-behaved client does.
//!
//! On a machine of two cores or more the load generator is pinned to the
//! first core and the server to the others (`taskset`), as if they ran on
//! machines of their own: sharing every core, the generator's work showed up
//! in the server's tail latency. The server sizes its pool to the cores it
//! has; the report's first line says what it chose. `--no-pin` shares them.

use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufStream};
use tokio::net::TcpStream;

#[derive(clap::Args)]
pub struct Args {
    /// Requests per run (per page and concurrency).
    #[arg(long, default_value_t = 400)]
    requests: usize,
    /// Longest a run may take before its clients stop.
    #[arg(long, default_value_t = 30)]
    seconds: u64,
    /// Concurrency levels.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 16, 256])]
    concurrency: Vec<usize>,
    /// Skip building the release binary.
    #[arg(long)]
    no_build: bool,
    /// Extra flags for the server (e.g. `--queue=4`).
    #[arg(long, allow_hyphen_values = true)]
    server_arg: Vec<String>,
    /// Run the server and the load generator on all cores alike instead of
    /// pinning the generator to the first core and the server to the rest.
    #[arg(long)]
    no_pin: bool,
}

/// Longest pause after a 503 before the client's next request.
const MAX_BACKOFF: Duration = Duration::from_secs(1);

struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server, on `cores` only when given (a `taskset` list).
    fn start(binary: &Path, extra: &[String], cores: Option<&str>) -> Result<Server> {
        let mut command = match cores {
            Some(cores) => {
                let mut command = Command::new("taskset");
                command.args(["-c", cores]).arg(binary);
                command
            }
            None => Command::new(binary),
        };
        let mut child = command
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|a| a.parse().ok())
            .with_context(|| format!("unexpected first line {line:?}"))?;
        Ok(Server { child, addr })
    }

    /// Resident memory now and at its peak, in KiB, from /proc.
    fn rss_kib(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// The server's `/healthz` answer, for the pool size it chose.
fn health(addr: SocketAddr) -> Result<String> {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let value: serde_json::Value =
        serde_json::from_str(body.trim()).with_context(|| format!("reading /healthz: {body:?}"))?;
    Ok(format!(
        "{} workers, {} places in all",
        value["workers"], value["queue_capacity"]
    ))
}

/// Pins the load generator (this process, every thread) to core 0 and
/// returns the server's cores, `1-(n-1)`: with both on every core, the
/// generator's own work shows up as the server's latency. `None` when there
/// is one core or `taskset` is missing.
fn pin(cores: usize) -> Option<String> {
    if cores < 2 {
        return None;
    }
    let pinned = Command::new("taskset")
        .args(["-a", "-c", "-p", "0", &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    pinned.then(|| format!("1-{}", cores - 1))
}

/// One page to send: its name, content type and bytes.
struct Page {
    name: String,
    content_type: &'static str,
    body: Arc<Vec<u8>>,
}

#[derive(Default)]
struct Outcome {
    latencies: Vec<Duration>,
    rejected: usize,
    errors: Vec<String>,
    /// Connections opened, and the slowest TCP connect among them (part of
    /// the latency of the request that opened it).
    connects: usize,
    slowest_connect: Duration,
    /// When the last answer of the run arrived: the run's span for
    /// requests/s, so clients still waiting out a `Retry-After` at the end
    /// do not count as time spent answering.
    last_answer: Option<Instant>,
}

/// One keep-alive connection sending requests and reading answers.
struct Client {
    addr: SocketAddr,
    stream: Option<BufStream<TcpStream>>,
    /// The last answer's `Retry-After`.
    retry_after: Option<Duration>,
    /// How long the last connect took, when the last send opened one.
    connected_in: Option<Duration>,
}

impl Client {
    async fn send(&mut self, page: &Page) -> std::io::Result<u16> {
        self.connected_in = None;
        if self.stream.is_none() {
            let started = Instant::now();
            let stream = TcpStream::connect(self.addr).await?;
            self.connected_in = Some(started.elapsed());
            stream.set_nodelay(true)?;
            self.stream = Some(BufStream::new(stream));
        }
        let result = tokio::time::timeout(Duration::from_secs(60), self.exchange(page))
            .await
            .unwrap_or_else(|_| Err(std::io::ErrorKind::TimedOut.into()));
        match result {
            Ok((status, keep)) => {
                if !keep {
                    self.stream = None;
                }
                Ok(status)
            }
            Err(e) => {
                self.stream = None;
                Err(e)
            }
        }
    }

    async fn exchange(&mut self, page: &Page) -> std::io::Result<(u16, bool)> {
        let stream = self
            .stream
            .as_mut()
            .ok_or(std::io::ErrorKind::NotConnected)?;
        let head = format!(
            "POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            page.content_type,
            page.body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        // The server may answer (413/503) before reading the body; a failed
        // write is then not an error if the answer can still be read.
        let mut written = stream.write_all(&page.body).await;
        if written.is_ok() {
            written = stream.flush().await;
        }
        let mut line = String::new();
        if stream.read_line(&mut line).await? == 0 {
            return Err(written
                .err()
                .unwrap_or_else(|| std::io::ErrorKind::UnexpectedEof.into()));
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
        let mut length = 0usize;
        let mut keep = written.is_ok();
        self.retry_after = None;
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                } else if name.eq_ignore_ascii_case("retry-after") {
                    self.retry_after = value.trim().parse().ok().map(Duration::from_secs);
                } else if name.eq_ignore_ascii_case("connection")
                    && value.trim().eq_ignore_ascii_case("close")
                {
                    keep = false;
                }
            }
        }
        tokio::io::copy(&mut stream.take(length as u64), &mut tokio::io::sink()).await?;
        Ok((status, keep))
    }
}

/// Sends `requests` requests from `concurrency` clients, within `limit`.
///
/// The clients are tasks on one thread: a load generator with a thread per
/// client would take the cores from the server it measures (on a small
/// machine its scheduling shows up as the server's tail latency).
fn run(
    addr: SocketAddr,
    page: &Page,
    concurrency: usize,
    requests: usize,
    limit: Duration,
) -> (Outcome, Duration) {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            let outcome = Outcome {
                errors: vec![format!("starting the load generator: {e}")],
                ..Outcome::default()
            };
            return (outcome, Duration::ZERO);
        }
    };
    let remaining = Rc::new(Cell::new(requests));
    let started = Instant::now();
    let deadline = started + limit;
    let outcome = runtime.block_on(async {
        let local = tokio::task::LocalSet::new();
        local
            .run_until(async {
                let mut tasks = Vec::with_capacity(concurrency);
                for _ in 0..concurrency {
                    let remaining = remaining.clone();
                    let body = page.body.clone();
                    let content_type = page.content_type;
                    tasks.push(tokio::task::spawn_local(async move {
                        let page = Page {
                            name: String::new(),
                            content_type,
                            body,
                        };
                        let mut client = Client {
                            addr,
                            stream: None,
                            retry_after: None,
                            connected_in: None,
                        };
                        let mut mine = Outcome::default();
                        while Instant::now() < deadline && remaining.get() > 0 {
                            remaining.set(remaining.get() - 1);
                            let sent = Instant::now();
                            let answer = client.send(&page).await;
                            if let Some(connect) = client.connected_in {
                                mine.connects += 1;
                                mine.slowest_connect = mine.slowest_connect.max(connect);
                            }
                            if answer.is_ok() {
                                mine.last_answer = Some(Instant::now());
                            }
                            match answer {
                                Ok(200) => mine.latencies.push(sent.elapsed()),
                                Ok(503) => {
                                    mine.rejected += 1;
                                    let wait =
                                        client.retry_after.unwrap_or(MAX_BACKOFF).min(MAX_BACKOFF);
                                    tokio::time::sleep(
                                        wait.min(
                                            deadline.saturating_duration_since(Instant::now()),
                                        ),
                                    )
                                    .await;
                                }
                                Ok(status) => mine.errors.push(format!("status {status}")),
                                Err(e) => mine.errors.push(e.to_string()),
                            }
                        }
                        mine
                    }));
                }
                let mut all = Outcome::default();
                for task in tasks {
                    match task.await {
                        Ok(mine) => {
                            all.latencies.extend(mine.latencies);
                            all.rejected += mine.rejected;
                            all.errors.extend(mine.errors);
                            all.connects += mine.connects;
                            all.slowest_connect = all.slowest_connect.max(mine.slowest_connect);
                            all.last_answer = all.last_answer.max(mine.last_answer);
                        }
                        Err(e) => all.errors.push(format!("client task failed: {e}")),
                    }
                }
                all
            })
            .await
    });
    let span = outcome
        .last_answer
        .map_or_else(|| started.elapsed(), |last| last - started);
    (outcome, span)
}

/// Prints a report line and adds it to the report, with the first error
/// of its run if there was one.
fn emit(report: &mut String, line: &str, errors: &[String]) {
    print!("{line}");
    report.push_str(line);
    if let Some(first) = errors.first() {
        let note = format!("  errors, first: {first}\n");
        print!("{note}");
        report.push_str(&note);
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// A benchmark page whose HTML is close to 300 KB (the first such in name
/// order, for a stable choice).
fn benchmark_page() -> Result<(String, Vec<u8>)> {
    let dir = crate::shared_data().join("aeb/html");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "gz"))
        .collect();
    names.sort();
    for path in names.iter().take(3000) {
        // Compressed pages of 300 KB are a few tens of KB; skip others unread.
        let compressed = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if !(20_000..=120_000).contains(&compressed) {
            continue;
        }
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path)?).read_to_end(&mut html)?;
        if (285_000..=315_000).contains(&html.len()) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().chars().take(12).collect::<String>())
                .unwrap_or_default();
            return Ok((format!("aeb {name}… ({} KB html)", html.len() / 1000), html));
        }
    }
    bail!("no benchmark page of about 300 KB in {}", dir.display())
}

pub fn run_loadtest(args: &Args) -> Result<()> {
    let root = crate::root();
    if !args.no_build {
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "-p", "warta-server"])
            .current_dir(&root)
            .status()?;
        if !status.success() {
            bail!("building the release server failed");
        }
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("release/warta-server");

    let mut pages = Vec::new();
    for (name, file) in [
        ("seed-000 (text)", "fixtures/seed-000-suarajateng.txt"),
        ("seed-003 (text)", "fixtures/seed-003-suara-truncated.txt"),
    ] {
        let body = std::fs::read(root.join(file)).with_context(|| format!("reading {file}"))?;
        pages.push(Page {
            name: format!("{name}, {} KB", body.len() / 1000),
            content_type: "text/plain",
            body: Arc::new(body),
        });
    }
    let (name, html) = benchmark_page()?;
    pages.push(Page {
        name,
        content_type: "text/html",
        body: Arc::new(html),
    });

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let server_cores = if args.no_pin { None } else { pin(cores) };
    let server = Server::start(&binary, &args.server_arg, server_cores.as_deref())?;
    let pool = health(server.addr)?;
    let placement = match &server_cores {
        Some(list) => format!("server on cores {list}, load generator on core 0"),
        None => "server and load generator on every core".to_owned(),
    };
    let limit = Duration::from_secs(args.seconds);
    let mut report = String::new();
    report.push_str(&format!(
        "warta-server load test on {} ({cores} cores: {placement}; pool: {pool}; server flags: {:?})\n\n",
        server.addr, args.server_arg
    ));
    report.push_str("| page | conc. | requests | ok | 503 | errors | req/s (ok) | p50 ms | p99 ms | p99 / single p50 | connects (slowest ms) |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    print!("{report}");
    for page in &pages {
        // Warm up: page caches, allocator, first-request costs.
        let _ = run(server.addr, page, 1, 5, limit);
        let mut single = None;
        for &concurrency in &args.concurrency {
            let (outcome, elapsed) = run(server.addr, page, concurrency, args.requests, limit);
            let mut latencies = outcome.latencies;
            latencies.sort();
            let p50 = percentile(&latencies, 50.0);
            let p99 = percentile(&latencies, 99.0);
            if concurrency == 1 {
                single = Some(p50);
            }
            let ratio = single.filter(|s| !s.is_zero()).map_or("-".into(), |s| {
                format!("{:.2}", p99.as_secs_f64() / s.as_secs_f64())
            });
            let sent = latencies.len() + outcome.rejected + outcome.errors.len();
            let line = format!(
                "| {} | {concurrency} | {sent} | {} | {} | {} | {:.1} | {} | {} | {ratio} | {} ({}) |\n",
                page.name,
                latencies.len(),
                outcome.rejected,
                outcome.errors.len(),
                latencies.len() as f64 / elapsed.as_secs_f64(),
                ms(p50),
                ms(p99),
                outcome.connects,
                ms(outcome.slowest_connect),
            );
            emit(&mut report, &line, &outcome.errors);
        }
    }

    // Memory: 256 clients at once, each sending a 5 MB body once.
    let seed = std::fs::read(root.join("fixtures/seed-003-suara-truncated.txt"))?;
    let mut big = Vec::with_capacity(5_000_000 + seed.len());
    while big.len() < 5_000_000 {
        big.extend_from_slice(&seed);
    }
    let big = Page {
        name: format!("{} MB text", big.len() / 1_000_000),
        content_type: "text/plain",
        body: Arc::new(big),
    };
    let (rss_before, _) = server.rss_kib();
    let peak = Arc::new(AtomicUsize::new(0));
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let pid = server.child.id();
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        std::thread::spawn(move || {
            while sampling.load(Ordering::Relaxed) {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                if let Some(kib) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.split_whitespace().next())
                    .and_then(|v| v.parse::<usize>().ok())
                {
                    peak.fetch_max(kib, Ordering::Relaxed);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let (outcome, elapsed) = run(server.addr, &big, 256, 256, Duration::from_secs(120));
    sampling.store(false, Ordering::Relaxed);
    let _ = sampler.join();
    let (rss_after, hwm) = server.rss_kib();
    let line = format!(
        "\n256 clients × one {} body: {} answered 200, {} refused 503, {} errors in {:.1} s; server RSS before {} MiB, peak sampled {} MiB, VmHWM {} MiB, after {} MiB\n",
        big.name,
        outcome.latencies.len(),
        outcome.rejected,
        outcome.errors.len(),
        elapsed.as_secs_f64(),
        rss_before / 1024,
        peak.load(Ordering::Relaxed) / 1024,
        hwm / 1024,
        rss_after / 1024,
    );
    emit(&mut report, &line, &outcome.errors);
    drop(server);
    let out = target.join("loadtest.md");
    std::fs::write(&out, &report)?;
    println!("\nreport written to {}", out.display());
    Ok(())
}
