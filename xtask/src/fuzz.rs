//! `cargo xtask fuzz`: run every fuzz target in `fuzz/` for a while, one
//! after another on one core, and report executions and crashes per target.
//!
//! Seeds come from `fixtures/` (pages and text dumps as they are; JSON Lines,
//! WARC and HTTP requests built around them for the targets that read those),
//! written to `fuzz/seeds/<target>/` on every run; what a run discovers grows
//! `fuzz/corpus/<target>/`. Crashes land in `fuzz/artifacts/<target>/` and
//! make the task fail: each one becomes a regression test in the crate that
//! owns the code.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// `cargo xtask fuzz` arguments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seconds to fuzz each target.
    #[arg(long, default_value_t = 60)]
    pub seconds: u64,
    /// Only these targets (default: every target in `fuzz/`).
    #[arg(long = "target")]
    pub targets: Vec<String>,
    /// Largest input libFuzzer generates, in bytes.
    #[arg(long, default_value_t = 64 * 1024)]
    pub max_len: usize,
}

/// What one target's run gave.
struct Outcome {
    target: String,
    seconds: f64,
    executions: Option<u64>,
    corpus: usize,
    crashes: Vec<PathBuf>,
}

/// Runs the fuzz targets and prints a table of executions and findings.
pub fn run(args: &Args) -> Result<()> {
    let root = crate::root();
    let fuzz_dir = root.join("fuzz");
    crate::tools::ensure(&crate::tools::CARGO_FUZZ)?;
    let targets = if args.targets.is_empty() {
        list_targets(&fuzz_dir)?
    } else {
        args.targets.clone()
    };
    // One build of every target first (release + ASan, the costly part of a
    // CI smoke), timed so its share of CI is visible.
    let started = Instant::now();
    let status = fuzz_command(&fuzz_dir)
        .args(["fuzz", "build", "-O"])
        .status()
        .context("running cargo fuzz build")?;
    if !status.success() {
        bail!("cargo fuzz build failed");
    }
    eprintln!("fuzz: build took {:.0} s", started.elapsed().as_secs_f64());
    let mut outcomes = Vec::new();
    for target in &targets {
        outcomes.push(run_target(&root, &fuzz_dir, target, args)?);
    }
    let mut table = String::from(
        "| target | seconds | executions | corpus | crashes |\n|---|---|---|---|---|\n",
    );
    for o in &outcomes {
        let execs = o
            .executions
            .map_or_else(|| "?".to_owned(), |n| n.to_string());
        let _ = writeln!(
            table,
            "| {} | {:.0} | {} | {} | {} |",
            o.target,
            o.seconds,
            execs,
            o.corpus,
            o.crashes.len()
        );
    }
    println!("{table}");
    let crashed: Vec<_> = outcomes.iter().filter(|o| !o.crashes.is_empty()).collect();
    if !crashed.is_empty() {
        for o in &crashed {
            for c in &o.crashes {
                eprintln!("fuzz: {} crashed on {}", o.target, c.display());
            }
        }
        bail!("{} fuzz target(s) found crashes", crashed.len());
    }
    Ok(())
}

fn fuzz_command(fuzz_dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO"));
    // cargo-fuzz needs nightly flags (-Zsanitizer); the stable toolchain
    // accepts them with RUSTC_BOOTSTRAP.
    cmd.env("RUSTC_BOOTSTRAP", "1")
        .env("PATH", crate::tools::path_env())
        // A fixed revision stamp: the server's build script otherwise asks
        // git, whose index changes with every `git status`, and the fuzz
        // build would recompile warta-server on each run.
        .env("WARTA_GIT_REV", "fuzz")
        .current_dir(fuzz_dir);
    cmd
}

fn list_targets(fuzz_dir: &Path) -> Result<Vec<String>> {
    let out = fuzz_command(fuzz_dir)
        .args(["fuzz", "list"])
        .output()
        .context("running cargo fuzz list")?;
    if !out.status.success() {
        bail!(
            "cargo fuzz list failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

fn run_target(root: &Path, fuzz_dir: &Path, target: &str, args: &Args) -> Result<Outcome> {
    let corpus = fuzz_dir.join("corpus").join(target);
    let seeds = fuzz_dir.join("seeds").join(target);
    let artifacts = fuzz_dir.join("artifacts").join(target);
    fs::create_dir_all(&corpus).with_context(|| format!("creating {}", corpus.display()))?;
    write_seeds(root, target, &seeds)?;
    let before = list_files(&artifacts);
    eprintln!("fuzz: {target} for {} s", args.seconds);
    let started = Instant::now();
    let out = fuzz_command(fuzz_dir)
        .args(["fuzz", "run", "-O", target])
        .arg(&corpus)
        .arg(&seeds)
        .args([
            "--",
            &format!("-max_total_time={}", args.seconds),
            &format!("-max_len={}", args.max_len),
            "-timeout=20",
            "-rss_limit_mb=3072",
            "-print_final_stats=1",
        ])
        .output()
        .with_context(|| format!("running cargo fuzz run {target}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let log = String::from_utf8_lossy(&out.stderr);
    fs::create_dir_all(fuzz_dir.join("logs")).ok();
    fs::write(
        fuzz_dir.join("logs").join(format!("{target}.log")),
        log.as_bytes(),
    )
    .ok();
    let executions = final_stat(&log, "stat::number_of_executed_units:");
    let crashes: Vec<PathBuf> = list_files(&artifacts)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    if !out.status.success() && crashes.is_empty() {
        let tail: Vec<&str> = log.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "cargo fuzz run {target} failed without a crash artifact:\n{}",
            tail.join("\n")
        );
    }
    Ok(Outcome {
        target: target.to_owned(),
        seconds,
        executions,
        corpus: list_files(&corpus).len(),
        crashes,
    })
}

/// Reads one of libFuzzer's `-print_final_stats` lines.
fn final_stat(log: &str, key: &str) -> Option<u64> {
    log.lines()
        .rev()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().parse().ok())
}

fn list_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default()
}

/// The fixture pages and dumps: every `.txt` and `.html` in `fixtures/`.
fn fixture_pages(root: &Path) -> Result<Vec<(String, Vec<u8>)>> {
    let dir = root.join("fixtures");
    let mut pages = Vec::new();
    for path in list_files(&dir) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "txt" | "html" | "htm") {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("page")
                .to_owned();
            let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            pages.push((name, bytes));
        }
    }
    pages.sort();
    Ok(pages)
}

/// Writes the seed inputs of `target`, built from the fixtures.
fn write_seeds(root: &Path, target: &str, dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let pages = fixture_pages(root)?;
    let seeds: Vec<(String, Vec<u8>)> = match target {
        t if t.contains("jsonl") => seeds_jsonl(&pages),
        t if t.contains("warc") => seeds_warc(&pages),
        t if t.contains("server") || t.contains("request") => seeds_http(&pages),
        t if t.contains("text") => pages
            .into_iter()
            .filter(|(n, _)| n.ends_with(".txt"))
            .collect(),
        _ => pages,
    };
    for (name, bytes) in seeds {
        fs::write(dir.join(&name), bytes).with_context(|| format!("writing seed {name}"))?;
    }
    Ok(())
}

fn seeds_jsonl(pages: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    let mut seeds = Vec::new();
    for (i, (name, bytes)) in pages.iter().enumerate() {
        let text = String::from_utf8_lossy(bytes);
        let key = if name.ends_with(".txt") {
            "text"
        } else {
            "html"
        };
        let line = serde_json::json!({
            "id": format!("r{i}"),
            "url": format!("https://example.com/{i}"),
            key: text,
        });
        let mut line = line.to_string().into_bytes();
        line.push(b'\n');
        all.extend_from_slice(&line);
        seeds.push((format!("{name}.jsonl"), line));
    }
    seeds.push(("all.jsonl".to_owned(), all));
    seeds.push((
        "broken.jsonl".to_owned(),
        b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\n\n{}\n[1]\n".to_vec(),
    ));
    seeds
}

/// One WARC/1.0 response record around an HTTP response carrying `body`.
pub fn warc_response(uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(&http);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn seeds_warc(pages: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    let mut seeds = Vec::new();
    for (i, (name, bytes)) in pages.iter().enumerate() {
        let ct = if name.ends_with(".txt") {
            "text/plain; charset=utf-8"
        } else {
            "text/html; charset=utf-8"
        };
        let record = warc_response(&format!("https://example.com/{i}"), ct, bytes);
        all.extend_from_slice(&record);
        seeds.push((format!("{name}.warc"), record));
    }
    let mut truncated = all.clone();
    truncated.truncate(all.len() * 2 / 3);
    seeds.push(("all.warc".to_owned(), all));
    seeds.push(("truncated.warc".to_owned(), truncated));
    seeds
}

fn seeds_http(pages: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
    let mut seeds = vec![
        (
            "healthz.http".to_owned(),
            b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
        ),
        (
            "metrics.http".to_owned(),
            b"GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n".to_vec(),
        ),
    ];
    for (name, bytes) in pages {
        let (ct, body) = if name.ends_with(".txt") {
            ("text/plain; charset=utf-8", bytes.clone())
        } else {
            ("text/html; charset=utf-8", bytes.clone())
        };
        let mut raw = format!(
            "POST /v1/extract?url=https%3A%2F%2Fexample.com%2F1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        raw.extend_from_slice(&body);
        seeds.push((format!("{name}.raw.http"), raw));
        let json = serde_json::json!({ "text": String::from_utf8_lossy(bytes), "url": "https://example.com/1" }).to_string();
        let mut raw = format!(
            "POST /v1/extract HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            json.len()
        )
        .into_bytes();
        raw.extend_from_slice(json.as_bytes());
        seeds.push((format!("{name}.json.http"), raw));
    }
    seeds
}
