//! warta's benchmarks: what they read, and what a measured run reports.
//!
//! Three parts share this crate:
//! - `benches/stages.rs`: criterion benchmarks of each stage (decode, parse,
//!   extraction, facts, serialisation) over a handful of real pages, so a
//!   regression shows where it happens;
//! - `examples/runner.rs`: one tool (warta, a parse-only pass, or a peer such
//!   as dom_smoothie) over a directory of pages in one process, reporting a
//!   [`RunReport`] as one JSON line; `cargo xtask bench` runs it side by side
//!   with Python peers (`peers/py_runner.py`, same protocol);
//! - this library: loading pages (gunzipping them), picking sample pages, and
//!   reading the process's peak memory.
//!
//! What it is not: part of the product. Peers (dom_smoothie) are
//! dev-dependencies of this crate only, never of a shipped crate.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// One page held in memory.
#[derive(Clone, Debug)]
pub struct Page {
    /// File name without `.gz`.
    pub name: String,
    /// The page's bytes (gunzipped).
    pub bytes: Vec<u8>,
}

/// What one run of one tool over a set of pages measured.
///
/// The Rust runner and the Python runner print this as one JSON line, so
/// the field names are a protocol: change both together.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RunReport {
    /// The tool, e.g. `warta`, `dom_smoothie`, `trafilatura`.
    pub tool: String,
    /// Pages processed in the timed pass.
    pub pages: usize,
    /// Input bytes processed in the timed pass.
    pub bytes: u64,
    /// Wall-clock seconds of the timed pass (pages already in memory).
    pub seconds: f64,
    /// Pages the tool failed on (an error, not an empty result).
    pub failures: usize,
    /// Pages with a non-empty result, a sanity check that work was done.
    pub nonempty: usize,
    /// Characters of output over all pages, a sanity check too.
    pub out_chars: u64,
    /// Resident memory after loading the pages, before the timed pass (KiB).
    pub rss_loaded_kb: Option<u64>,
    /// Peak resident memory of the process (KiB).
    pub peak_rss_kb: Option<u64>,
}

impl RunReport {
    /// Pages per second of the timed pass.
    pub fn pages_per_s(&self) -> f64 {
        self.pages as f64 / self.seconds.max(1e-9)
    }

    /// Megabytes (10^6 bytes) of input per second of the timed pass.
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.seconds.max(1e-9)
    }
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map_or_else(|| here.to_path_buf(), Path::to_path_buf)
}

/// The shared data directory: `$WARTA_DATA`, else `../shared/data` beside
/// the checkout.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("WARTA_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("../shared/data"),
    }
}

/// Reads one file, gunzipping it when its name ends in `.gz`.
pub fn read_page(path: &Path) -> Result<Page> {
    let raw = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match file_name.strip_suffix(".gz") {
        Some(stem) => {
            let mut bytes = Vec::with_capacity(raw.len() * 6);
            flate2::read::GzDecoder::new(raw.as_slice())
                .read_to_end(&mut bytes)
                .with_context(|| format!("gunzipping {}", path.display()))?;
            Ok(Page {
                name: stem.to_owned(),
                bytes,
            })
        }
        None => Ok(Page {
            name: file_name,
            bytes: raw,
        }),
    }
}

/// The regular files of a directory (not recursive), sorted by name.
pub fn list_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// Every page of a directory, sorted by name, gunzipped.
pub fn load_dir(dir: &Path) -> Result<Vec<Page>> {
    list_dir(dir)?.iter().map(|p| read_page(p)).collect()
}

/// `count` files of a directory spread over the range of file sizes (the
/// smallest above the 10th percentile up to the largest), so a sample has
/// small, typical and big pages without naming any page.
pub fn spread_by_size(dir: &Path, count: usize) -> Result<Vec<PathBuf>> {
    let mut sized = Vec::new();
    for path in list_dir(dir)? {
        let len = std::fs::metadata(&path)?.len();
        sized.push((len, path));
    }
    sized.sort();
    if sized.is_empty() || count == 0 {
        return Ok(Vec::new());
    }
    let last = sized.len() - 1;
    let mut picked: Vec<PathBuf> = (0..count)
        .map(|i| {
            // Quantiles 0.1 … 1.0.
            let q = 0.1 + 0.9 * i as f64 / (count.max(2) - 1) as f64;
            let at = ((last as f64) * q).round() as usize;
            sized[at.min(last)].1.clone()
        })
        .collect();
    picked.dedup();
    Ok(picked)
}

/// Peak resident memory of this process so far (KiB), where the OS tells.
pub fn peak_rss_kb() -> Option<u64> {
    proc_status_kb("VmHWM:")
}

/// Resident memory of this process now (KiB), where the OS tells.
///
/// Never inlined: instruction counts of the timed pass are taken with
/// `valgrind --tool=callgrind --zero-before=warta_bench::current_rss_kb`,
/// which needs the call (link-time optimisation would inline it away).
#[inline(never)]
pub fn current_rss_kb() -> Option<u64> {
    proc_status_kb("VmRSS:")
}

fn proc_status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line[field.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()
}

/// Minimum, median and maximum of some figures (NaN-free input assumed;
/// NaNs sort last).
pub fn min_median_max(values: &[f64]) -> Option<(f64, f64, f64)> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some((sorted[0], median, sorted[n - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(min_median_max(&[3.0, 1.0, 2.0]), Some((1.0, 2.0, 3.0)));
        assert_eq!(min_median_max(&[4.0, 1.0, 3.0, 2.0]), Some((1.0, 2.5, 4.0)));
        assert_eq!(min_median_max(&[]), None);
    }

    #[test]
    fn report_rates() {
        let report = RunReport {
            tool: "t".into(),
            pages: 10,
            bytes: 2_000_000,
            seconds: 0.5,
            failures: 0,
            nonempty: 10,
            out_chars: 5,
            rss_loaded_kb: None,
            peak_rss_kb: None,
        };
        assert!((report.pages_per_s() - 20.0).abs() < 1e-9);
        assert!((report.mb_per_s() - 4.0).abs() < 1e-9);
        let json = serde_json::to_string(&report).unwrap();
        let back: RunReport = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    #[test]
    fn reads_plain_and_gzipped_pages_and_spreads_by_size() {
        let dir = std::env::temp_dir().join(format!("warta-bench-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("a.html"), b"<p>plain</p>").unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&vec![b'x'; 5000]).unwrap();
        std::fs::write(dir.join("b.html.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(dir.join("c.html"), vec![b'y'; 100]).unwrap();

        let pages = load_dir(&dir).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].name, "a.html");
        assert_eq!(pages[0].bytes, b"<p>plain</p>");
        assert_eq!(pages[1].name, "b.html");
        assert_eq!(pages[1].bytes.len(), 5000);

        // Sizes on disk: a 12 B, b ~40 B compressed, c 100 B: the largest is
        // always in the spread.
        let spread = spread_by_size(&dir, 2).unwrap();
        assert_eq!(spread.last().unwrap(), &dir.join("c.html"));
        assert!(read_page(&dir.join("missing.html")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn peak_memory_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            // Now first: the peak read after it can only be higher.
            let now = current_rss_kb().unwrap();
            let peak = peak_rss_kb().unwrap();
            assert!(peak >= now && now > 0);
        }
    }
}
