//! Test support: runs one test case in a child process under a bound on wall
//! time and on peak resident memory, for the pathological-input tests of the
//! crates that read untrusted pages and corpora.
//!
//! A case that overflows its stack, allocates without bound or never returns
//! would take the whole test binary down with it; run in a child, it fails
//! just its own test with the cause. The child is the calling test binary
//! itself, filtered to the one test: a watchdog thread in it aborts the moment
//! resident memory passes the bound, and the parent kills it when the time
//! bound passes. The parent prints one Markdown table row per case — name,
//! time, peak memory, outcome — so `--nocapture` output is the table that
//! docs/hardening.md quotes.
//!
//! It is not a benchmark harness (times are one run, on a loaded machine) and
//! not for use outside tests: it reads `/proc/self/status` (Linux only) and
//! panics on failure, as a test should.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set in the child's environment: run the case instead of spawning.
const CHILD_ENV: &str = "WARTA_BOUNDED_CHILD";

/// Resident memory of this process now and at its peak, in KiB (zeros where
/// `/proc` is not there).
pub fn memory_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs `case` in a child process (the current test binary, filtered to the
/// test named `name`, which must be the test calling this) and fails unless it
/// finishes within `max_secs` and `max_mib` of peak memory. `case` returns a
/// one-line description of its outcome for the table row.
pub fn bounded(name: &str, max_secs: u64, max_mib: u64, case: fn() -> String) {
    if std::env::var_os(CHILD_ENV).is_some() {
        let limit_kib = max_mib * 1024;
        std::thread::spawn(move || loop {
            let (rss, _) = memory_kib();
            if rss > limit_kib {
                eprintln!("memory bound exceeded: {rss} KiB resident > {limit_kib} KiB");
                std::process::exit(86);
            }
            std::thread::sleep(Duration::from_millis(5));
        });
        let started = Instant::now();
        let outcome = case();
        let secs = started.elapsed().as_secs_f64();
        let (_, peak) = memory_kib();
        println!("BOUNDED\t{secs:.2}\t{peak}\t{outcome}");
        return;
    }
    let exe = std::env::current_exe().expect("test binary path");
    let started = Instant::now();
    let mut child = Command::new(exe)
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the child test process");
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the child") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(max_secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{name}: no result within {max_secs} s (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut out) = child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut stderr);
    }
    assert!(
        status.success(),
        "{name}: the child failed ({status}): a panic, a stack overflow or the memory bound\n{stdout}\n{stderr}"
    );
    let row = stdout
        .lines()
        .find_map(|l| l.split_once("BOUNDED\t").map(|(_, row)| row))
        .unwrap_or_else(|| panic!("{name}: the child printed no result\n{stdout}\n{stderr}"));
    let mut parts = row.splitn(3, '\t');
    let secs = parts.next().unwrap_or("?");
    let peak_kib: u64 = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let outcome = parts.next().unwrap_or("?");
    assert!(
        peak_kib <= max_mib * 1024,
        "{name}: peak memory {peak_kib} KiB over the bound of {max_mib} MiB"
    );
    println!(
        "| {name} | {secs} s | {:.0} MiB | {outcome} |",
        peak_kib as f64 / 1024.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_within_its_bounds_passes() {
        bounded("tests::a_case_within_its_bounds_passes", 60, 256, || {
            "ok".to_owned()
        });
    }

    /// Allocates and touches 256 MiB.
    fn allocate_256_mib() -> String {
        let big = vec![1u8; 256 << 20];
        std::thread::sleep(Duration::from_millis(200));
        format!("{}", big.iter().map(|&b| u64::from(b)).sum::<u64>())
    }

    #[test]
    fn a_case_over_its_memory_bound_fails() {
        let outcome = std::panic::catch_unwind(|| {
            bounded("tests::allocates_256_mib", 60, 64, allocate_256_mib)
        });
        assert!(outcome.is_err(), "a case over its memory bound must fail");
    }

    /// The child of `a_case_over_its_memory_bound_fails`; alone, it does nothing.
    #[test]
    fn allocates_256_mib() {
        if std::env::var_os(CHILD_ENV).is_some() {
            bounded("tests::allocates_256_mib", 60, 64, allocate_256_mib);
        }
    }

    #[test]
    fn a_case_over_its_time_bound_fails() {
        let outcome =
            std::panic::catch_unwind(|| bounded("tests::sleeps_30_s", 1, 256, sleep_30_s));
        assert!(outcome.is_err(), "a case over its time bound must fail");
    }

    fn sleep_30_s() -> String {
        std::thread::sleep(Duration::from_secs(30));
        "woke".to_owned()
    }

    /// The child of `a_case_over_its_time_bound_fails`; alone, it does nothing.
    #[test]
    fn sleeps_30_s() {
        if std::env::var_os(CHILD_ENV).is_some() {
            bounded("tests::sleeps_30_s", 1, 256, sleep_30_s);
        }
    }

    #[test]
    fn memory_is_read_from_proc() {
        let (rss, peak) = memory_kib();
        assert!(rss > 0 && peak >= rss, "rss {rss} KiB, peak {peak} KiB");
    }
}
