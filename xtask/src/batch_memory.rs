//! `cargo xtask batch-memory`: peak memory of `warta batch` as the corpus
//! grows, to show that it streams (memory flat in the record count).
//!
//! Writes a gzipped JSON Lines corpus per count from the benchmark's HTML
//! pages (cycled), runs the release `warta batch` on each under
//! `/usr/bin/time` and prints records, seconds, pages/s and peak RSS.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{root, shared_data};

/// Arguments of `batch-memory`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Record counts to run, comma-separated.
    #[arg(long, default_value = "1000,20000", value_delimiter = ',')]
    pub counts: Vec<usize>,
    /// Worker threads for `warta batch`.
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
    /// The directory of HTML pages to cycle (default: `../shared/data/aeb/html`).
    #[arg(long)]
    pub data: Option<PathBuf>,
}

fn load_pages(dir: &Path) -> Result<Vec<String>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut pages = Vec::new();
    for path in paths {
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let raw = if path.extension().is_some_and(|e| e == "gz") {
            let mut out = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&raw[..]), &mut out)
                .with_context(|| format!("gunzipping {}", path.display()))?;
            out
        } else {
            raw
        };
        pages.push(String::from_utf8_lossy(&raw).into_owned());
    }
    if pages.is_empty() {
        bail!("no pages in {}", dir.display());
    }
    Ok(pages)
}

fn write_corpus(path: &Path, pages: &[String], count: usize) -> Result<u64> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut out = GzEncoder::new(BufWriter::new(file), Compression::fast());
    let mut bytes = 0u64;
    for i in 0..count {
        let html = &pages[i % pages.len()];
        bytes += html.len() as u64;
        let record = serde_json::json!({
            "id": format!("r{i}"),
            "url": format!("https://corpus.example/{i}"),
            "html": html,
        });
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.finish()?.flush()?;
    Ok(bytes)
}

/// Runs the measurement.
pub fn run(args: &Args) -> Result<()> {
    let root = root();
    let data = args
        .data
        .clone()
        .unwrap_or_else(|| shared_data().join("aeb/html"));
    if !Path::new("/usr/bin/time").exists() {
        bail!("/usr/bin/time is needed to read peak memory (Debian package `time`)");
    }
    println!("batch-memory: building the release CLI");
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["build", "--release", "-p", "warta-cli"])
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("cargo build --release -p warta-cli failed");
    }
    let warta = root.join("target/release/warta");
    let pages = load_pages(&data)?;
    let work = root.join("target/batch-memory");
    std::fs::create_dir_all(&work)?;
    println!("| records | input MB | seconds | pages/s | peak RSS MB |");
    println!("|---|---|---|---|---|");
    for &count in &args.counts {
        let corpus = work.join(format!("corpus-{count}.jsonl.gz"));
        let bytes = write_corpus(&corpus, &pages, count)?;
        let out = work.join(format!("out-{count}.jsonl"));
        let errors = work.join(format!("errors-{count}.jsonl"));
        let rss = work.join(format!("rss-{count}.txt"));
        let start = Instant::now();
        let output = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss)
            .arg(&warta)
            .arg("batch")
            .arg(&corpus)
            .arg("--out")
            .arg(&out)
            .arg("--errors")
            .arg(&errors)
            .arg("--jobs")
            .arg(args.jobs.to_string())
            .output()
            .context("running warta batch")?;
        let seconds = start.elapsed().as_secs_f64();
        if !output.status.success() {
            bail!(
                "warta batch on {count} records failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let peak_kb: u64 = std::fs::read_to_string(&rss)?
            .lines()
            .last()
            .and_then(|l| l.trim().parse().ok())
            .context("reading peak RSS")?;
        println!(
            "| {count} | {:.0} | {seconds:.1} | {:.1} | {:.0} |",
            bytes as f64 / 1e6,
            count as f64 / seconds,
            peak_kb as f64 / 1024.0
        );
        // The corpus is large; the figures are what matters.
        let _ = std::fs::remove_file(&corpus);
        let _ = std::fs::remove_file(&out);
    }
    Ok(())
}
