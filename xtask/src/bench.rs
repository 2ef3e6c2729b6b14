//! `cargo xtask bench`: warta side by side with its peers, in one run.
//!
//! Builds the release binaries, installs the peers (Python trafilatura and
//! resiliparse in a virtual environment under `target/`; dom_smoothie is
//! compiled into the bench crate's runner), then runs every tool over the
//! same pages of the article-extraction benchmark, each tool in a process of
//! its own with the pages already in memory, alternating the order round by
//! round. Prints pages/s, MB/s and peak memory per tool, the ratios
//! warta/peer with min–median–max over rounds, the parse-only figures,
//! text dumps, batch throughput and the peak memory of one 5 MB page, and
//! checks them against the targets of the performance issue.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use warta_bench::{min_median_max, read_page, RunReport};

/// Arguments of `bench`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Rounds of the side-by-side run (each tool once per round).
    #[arg(long, default_value_t = 5)]
    pub rounds: usize,
    /// The benchmark directory (holding `html/` and `text/`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Skip the Python peers (no virtual environment is made).
    #[arg(long)]
    pub no_python: bool,
    /// Also write the report (Markdown) to this file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// One tool of the side-by-side run.
struct Tool {
    /// Name in the table.
    label: &'static str,
    /// Program and arguments (the pages' path is appended).
    command: Vec<String>,
    /// Which pages it reads.
    pages: PageSet,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum PageSet {
    Html,
    Text,
}

const WARTA: &str = "warta";
const TRAFILATURA: &str = "trafilatura 2.3.1";
const DOM_SMOOTHIE: &str = "dom_smoothie 0.19";
const RESILIPARSE: &str = "resiliparse (main content)";
const WARTA_PARSE: &str = "warta parse only (reader + blocks)";
const HTML5EVER: &str = "html5ever DOM parse only";
const WARTA_TEXT: &str = "warta, text dumps";

/// Runs the benchmark.
pub fn run(args: &Args) -> Result<()> {
    let root = crate::root();
    let target = target_dir(&root);
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| crate::shared_data().join("aeb"));
    let html_gz = data.join("html");
    let text_dir = data.join("text");
    if !html_gz.is_dir() {
        bail!("no benchmark pages in {}", html_gz.display());
    }

    println!("bench: building release binaries");
    build(&root)?;
    let runner = target.join("release/examples/runner");
    let warta_bin = target.join("release/warta");

    let pages_dir = target.join("bench-pages");
    let html_dir = gunzip_once(&html_gz, &pages_dir.join("aeb-html"))?;
    let big_page = make_big_page(&html_dir, &pages_dir.join("big"), 5_000_000)?;

    let python = if args.no_python {
        None
    } else {
        Some(python_peers(&root, &target)?)
    };

    let runner_s = runner.display().to_string();
    let mut tools = vec![
        Tool {
            label: WARTA,
            command: vec![runner_s.clone(), "warta".into()],
            pages: PageSet::Html,
        },
        Tool {
            label: WARTA_PARSE,
            command: vec![runner_s.clone(), "warta-parse".into()],
            pages: PageSet::Html,
        },
        Tool {
            label: HTML5EVER,
            command: vec![runner_s.clone(), "html5ever-dom".into()],
            pages: PageSet::Html,
        },
        Tool {
            label: DOM_SMOOTHIE,
            command: vec![runner_s.clone(), "dom_smoothie".into()],
            pages: PageSet::Html,
        },
    ];
    if text_dir.is_dir() {
        tools.push(Tool {
            label: WARTA_TEXT,
            command: vec![
                runner_s.clone(),
                "warta".into(),
                "--input".into(),
                "text".into(),
            ],
            pages: PageSet::Text,
        });
    }
    if let Some(py) = &python {
        let script = root.join("crates/warta-bench/peers/py_runner.py");
        for (label, name, available) in [
            (TRAFILATURA, "trafilatura", true),
            (RESILIPARSE, "resiliparse", py.resiliparse),
        ] {
            if available {
                tools.push(Tool {
                    label,
                    command: vec![
                        py.python.display().to_string(),
                        script.display().to_string(),
                        name.into(),
                    ],
                    pages: PageSet::Html,
                });
            }
        }
    }

    let rounds = args.rounds.max(1);
    let mut results: BTreeMap<&'static str, Vec<RunReport>> = BTreeMap::new();
    for round in 0..rounds {
        println!("bench: round {}/{rounds}", round + 1);
        // Rotate the order so no tool always runs right after the same one.
        for k in 0..tools.len() {
            let tool = &tools[(k + round) % tools.len()];
            let dir = match tool.pages {
                PageSet::Html => &html_dir,
                PageSet::Text => &text_dir,
            };
            let report =
                run_tool(&tool.command, dir).with_context(|| format!("running {}", tool.label))?;
            results.entry(tool.label).or_default().push(report);
        }
    }

    println!("bench: one 5 MB page");
    let big = run_tool(&[runner_s.clone(), "warta".into()], &big_page)?;

    let batch = batch_runs(&warta_bin, &html_dir, &target)?;

    let report = render_report(&results, &big, &batch, rounds);
    println!("\n{report}");
    if let Some(out) = &args.out {
        std::fs::write(out, &report).with_context(|| format!("writing {}", out.display()))?;
    }
    Ok(())
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn build(root: &Path) -> Result<()> {
    // Two builds: a target selection (`--example`) applies to every package
    // named, so one command would leave the `warta` binary unbuilt.
    for args in [
        &["-p", "warta-cli", "--bin", "warta"][..],
        &["-p", "warta-bench", "--example", "runner"][..],
    ] {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--quiet"])
            .args(args)
            .current_dir(root)
            .status()
            .context("running cargo build")?;
        if !status.success() {
            bail!(
                "the release build failed: cargo build --release {}",
                args.join(" ")
            );
        }
    }
    Ok(())
}

/// Gunzips every page once into `out` (kept between runs), so batch runs
/// read plain pages like a user's directory.
fn gunzip_once(src: &Path, out: &Path) -> Result<PathBuf> {
    let sources = warta_bench::list_dir(src)?;
    let have = warta_bench::list_dir(out).map(|v| v.len()).unwrap_or(0);
    if have != sources.len() {
        if out.exists() {
            std::fs::remove_dir_all(out)?;
        }
        std::fs::create_dir_all(out)?;
        for path in &sources {
            let page = read_page(path)?;
            std::fs::write(out.join(&page.name), &page.bytes)?;
        }
    }
    Ok(out.to_path_buf())
}

/// A page of at least `size` bytes: the largest benchmark page with its
/// body repeated, so the markup is real and the article long.
fn make_big_page(html_dir: &Path, out: &Path, size: usize) -> Result<PathBuf> {
    let path = out.join("page-5mb.html");
    if std::fs::metadata(&path).is_ok_and(|m| m.len() as usize >= size) {
        return Ok(path);
    }
    let mut largest: Option<(u64, PathBuf)> = None;
    for p in warta_bench::list_dir(html_dir)? {
        let len = std::fs::metadata(&p)?.len();
        if largest.as_ref().is_none_or(|(l, _)| len > *l) {
            largest = Some((len, p));
        }
    }
    let (_, source) = largest.context("no pages to build the 5 MB page from")?;
    let html = String::from_utf8_lossy(&std::fs::read(&source)?).into_owned();
    let lower = html.to_ascii_lowercase();
    let body_start = lower
        .find("<body")
        .and_then(|i| lower[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let body_end = lower.rfind("</body").unwrap_or(html.len()).max(body_start);
    let (head, body, tail) = (
        &html[..body_start],
        &html[body_start..body_end],
        &html[body_end..],
    );
    if body.is_empty() {
        bail!("{} has no body to repeat", source.display());
    }
    let mut page = String::with_capacity(size + html.len());
    page.push_str(head);
    while page.len() + tail.len() < size {
        page.push_str(body);
    }
    page.push_str(tail);
    std::fs::create_dir_all(out)?;
    std::fs::write(&path, page)?;
    Ok(path)
}

struct Python {
    python: PathBuf,
    resiliparse: bool,
}

/// Makes `target/bench-venv` with the Python peers, once.
fn python_peers(root: &Path, target: &Path) -> Result<Python> {
    let venv = target.join("bench-venv");
    let python = venv.join("bin/python");
    let has = |module: &str| {
        Command::new(&python)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("trafilatura") {
        println!(
            "bench: installing trafilatura 2.3.1 into {}",
            venv.display()
        );
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .current_dir(root)
            .status()
            .context("running python3 -m venv")?;
        if !status.success() {
            bail!("python3 -m venv failed");
        }
        // lxml 6 split its HTML cleaner out; trafilatura 2.3.1 still needs it.
        pip(&python, &["trafilatura==2.3.1", "lxml_html_clean"])?;
    }
    if !has("resiliparse") {
        // Optional: the stretch target's peer. A failed install is reported,
        // not fatal.
        if let Err(e) = pip(&python, &["resiliparse"]) {
            println!("bench: resiliparse not installed ({e:#}); skipping it");
        }
    }
    Ok(Python {
        resiliparse: has("resiliparse"),
        python,
    })
}

fn pip(python: &Path, packages: &[&str]) -> Result<()> {
    let status = Command::new(python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(packages)
        .status()
        .context("running pip")?;
    if !status.success() {
        bail!("pip install {} failed", packages.join(" "));
    }
    Ok(())
}

fn run_tool(command: &[String], pages: &Path) -> Result<RunReport> {
    let (program, args) = command.split_first().context("empty command")?;
    let output = Command::new(program)
        .args(args)
        .arg(pages)
        .output()
        .with_context(|| format!("starting {program}"))?;
    if !output.status.success() {
        bail!(
            "{} exited with {}: {}",
            command.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().last().context("no report printed")?;
    serde_json::from_str(line).with_context(|| format!("reading the report `{line}`"))
}

/// One `warta batch` run timed from outside.
struct BatchRun {
    jobs: usize,
    seconds: f64,
    peak_rss_kb: Option<u64>,
}

/// `warta batch --jobs 1` and `--jobs 2` over the pages, when the binary has
/// the verb.
fn batch_runs(warta: &Path, html_dir: &Path, target: &Path) -> Result<Vec<BatchRun>> {
    let has_batch = Command::new(warta)
        .args(["batch", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_batch {
        println!("bench: `warta batch` is not built yet; skipping batch throughput");
        return Ok(Vec::new());
    }
    let out_dir = target.join("bench-batch");
    std::fs::create_dir_all(&out_dir)?;
    let mut runs = Vec::new();
    for jobs in [1, 2] {
        println!("bench: warta batch --jobs {jobs}");
        let out = out_dir.join(format!("jobs{jobs}.jsonl"));
        let errors = out_dir.join(format!("jobs{jobs}.errors.jsonl"));
        let time_out = out_dir.join(format!("jobs{jobs}.time"));
        for stale in [&out, &errors] {
            let _ = std::fs::remove_file(stale);
        }
        // /usr/bin/time reports the child's peak memory; fall back to no
        // memory figure where it is missing.
        let timed = Path::new("/usr/bin/time").exists();
        let mut command = if timed {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-f").arg("%M").arg("-o").arg(&time_out).arg(warta);
            c
        } else {
            Command::new(warta)
        };
        command
            .arg("batch")
            .arg(html_dir)
            .arg("--out")
            .arg(&out)
            .arg("--errors")
            .arg(&errors)
            .arg("--jobs")
            .arg(jobs.to_string());
        let start = Instant::now();
        let output = command.output().context("running warta batch")?;
        let seconds = start.elapsed().as_secs_f64();
        if !output.status.success() {
            bail!(
                "warta batch --jobs {jobs} failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let peak_rss_kb = std::fs::read_to_string(&time_out)
            .ok()
            .and_then(|s| s.lines().last().and_then(|l| l.trim().parse().ok()));
        runs.push(BatchRun {
            jobs,
            seconds,
            peak_rss_kb,
        });
    }
    Ok(runs)
}

fn mb(kb: Option<u64>) -> String {
    kb.map_or_else(|| "?".into(), |kb| format!("{:.0}", kb as f64 / 1024.0))
}

fn spread(values: &[f64], decimals: usize) -> String {
    match min_median_max(values) {
        Some((lo, mid, hi)) => format!("{mid:.decimals$} ({lo:.decimals$}–{hi:.decimals$})"),
        None => "—".into(),
    }
}

fn median(values: &[f64]) -> f64 {
    min_median_max(values).map_or(f64::NAN, |(_, m, _)| m)
}

fn render_report(
    results: &BTreeMap<&'static str, Vec<RunReport>>,
    big: &RunReport,
    batch: &[BatchRun],
    rounds: usize,
) -> String {
    let mut s = String::new();
    let first = results.values().flatten().next();
    let _ = writeln!(
        s,
        "### Side by side: {} pages, {:.1} MB of HTML, {rounds} rounds, single thread\n",
        first.map_or(0, |r| r.pages),
        first.map_or(0.0, |r| r.bytes as f64 / 1e6),
    );
    let _ = writeln!(
        s,
        "Median (min–max) over rounds. Peak RSS is the process's own (pages held in \
         memory included); \"work RSS\" is the peak above the memory held once the \
         pages were loaded.\n"
    );
    let _ = writeln!(
        s,
        "| tool | pages/s | MB/s | peak RSS MB | work RSS MB | failures | non-empty |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    let order = [
        WARTA,
        DOM_SMOOTHIE,
        TRAFILATURA,
        RESILIPARSE,
        WARTA_PARSE,
        HTML5EVER,
        WARTA_TEXT,
    ];
    for label in order {
        let Some(runs) = results.get(label) else {
            continue;
        };
        let pps: Vec<f64> = runs.iter().map(RunReport::pages_per_s).collect();
        let mbs: Vec<f64> = runs.iter().map(RunReport::mb_per_s).collect();
        let peak = runs.iter().filter_map(|r| r.peak_rss_kb).max();
        let work = runs
            .iter()
            .filter_map(|r| Some(r.peak_rss_kb?.saturating_sub(r.rss_loaded_kb?)))
            .max();
        let last = &runs[runs.len() - 1];
        let _ = writeln!(
            s,
            "| {label} | {} | {} | {} | {} | {} | {}/{} |",
            spread(&pps, 0),
            spread(&mbs, 1),
            mb(peak),
            mb(work),
            last.failures,
            last.nonempty,
            last.pages,
        );
    }

    let ratio = |peer: &str| -> Option<Vec<f64>> {
        let ours = results.get(WARTA)?;
        let theirs = results.get(peer)?;
        Some(
            ours.iter()
                .zip(theirs)
                .map(|(a, b)| a.pages_per_s() / b.pages_per_s())
                .collect(),
        )
    };
    let _ = writeln!(
        s,
        "\n### Ratios warta/peer (pages/s, same round), median (min–max)\n"
    );
    let _ = writeln!(s, "| warta / … | ratio |");
    let _ = writeln!(s, "|---|---|");
    for peer in [
        DOM_SMOOTHIE,
        TRAFILATURA,
        RESILIPARSE,
        HTML5EVER,
        WARTA_PARSE,
    ] {
        if let Some(r) = ratio(peer) {
            let _ = writeln!(s, "| {peer} | {} |", spread(&r, 2));
        }
    }
    if let (Some(w), Some(p)) = (results.get(WARTA), results.get(WARTA_PARSE)) {
        let share: Vec<f64> = w
            .iter()
            .zip(p)
            .map(|(w, p)| 100.0 * p.seconds / w.seconds)
            .collect();
        let _ = writeln!(
            s,
            "\nParsing (decode + HTML reader + blocks) is {}% of warta's time; the rest is \
             extraction, facts and JSON.",
            spread(&share, 0)
        );
    }

    if !batch.is_empty() {
        let _ = writeln!(
            s,
            "\n### `warta batch` (181 plain pages, wall clock incl. start-up and writing)\n"
        );
        let _ = writeln!(s, "| jobs | pages/s | MB/s | peak RSS MB |");
        let _ = writeln!(s, "|---|---|---|---|");
        let (pages, bytes) = first.map_or((0, 0), |r| (r.pages, r.bytes));
        for run in batch {
            let _ = writeln!(
                s,
                "| {} | {:.0} | {:.1} | {} |",
                run.jobs,
                pages as f64 / run.seconds,
                bytes as f64 / 1e6 / run.seconds,
                mb(run.peak_rss_kb)
            );
        }
    }

    let _ = writeln!(
        s,
        "\nOne {:.1} MB page: {:.2} s, peak RSS {} MB.",
        big.bytes as f64 / 1e6,
        big.seconds,
        mb(big.peak_rss_kb)
    );

    // Targets of the performance issue.
    let pps = |label: &str| {
        results
            .get(label)
            .map(|r| median(&r.iter().map(RunReport::pages_per_s).collect::<Vec<_>>()))
    };
    let _ = writeln!(s, "\n### Targets\n");
    let _ = writeln!(s, "| target | measured | met |");
    let _ = writeln!(s, "|---|---|---|");
    let verdict = |ok: bool| if ok { "yes" } else { "**no**" };
    if let Some(r) = ratio(TRAFILATURA) {
        let m = median(&r);
        let _ = writeln!(
            s,
            "| HTML ≥ 10× trafilatura | {m:.1}× | {} |",
            verdict(m >= 10.0)
        );
    }
    if let Some(r) = ratio(DOM_SMOOTHIE) {
        let m = median(&r);
        let _ = writeln!(
            s,
            "| HTML faster than dom_smoothie | {m:.2}× | {} |",
            verdict(m > 1.0)
        );
    }
    if let Some(p) = pps(WARTA) {
        let _ = writeln!(
            s,
            "| HTML ≈ 500 pages/s here | {p:.0} pages/s | {} |",
            verdict(p >= 500.0)
        );
    }
    if let Some(r) = ratio(RESILIPARSE) {
        let m = median(&r);
        let _ = writeln!(
            s,
            "| stretch: faster than resiliparse | {m:.2}× | {} |",
            verdict(m > 1.0)
        );
    }
    if let Some(runs) = results.get(WARTA_TEXT) {
        let m = median(&runs.iter().map(RunReport::mb_per_s).collect::<Vec<_>>());
        let _ = writeln!(
            s,
            "| text dumps ≥ 100 MB/s | {m:.1} MB/s | {} |",
            verdict(m >= 100.0)
        );
    }
    if let Some(kb) = big.peak_rss_kb {
        let m = kb as f64 / 1024.0;
        let _ = writeln!(
            s,
            "| 5 MB page peak RSS < 60 MB | {m:.0} MB | {} |",
            verdict(m < 60.0)
        );
    }
    s
}
