//! `cargo xtask deny`: `cargo deny check` with the pinned cargo-deny from
//! `target/tools`. The advisory check needs the RustSec database from
//! GitHub; when it cannot be fetched, the task says so and still checks
//! licences, bans and sources, which need nothing from the network.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::tools;

pub fn run() -> Result<()> {
    tools::ensure(&tools::CARGO_DENY)?;
    let root = crate::root();
    let deny = |checks: &[&str]| -> Result<(bool, String)> {
        let out = Command::new(env!("CARGO"))
            .current_dir(&root)
            .env("PATH", tools::path_env())
            .args(["deny", "--color", "never", "check"])
            .args(checks)
            .output()
            .context("running cargo deny")?;
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        eprint!("{log}");
        Ok((out.status.success(), log))
    };
    let (ok, log) = deny(&[])?;
    if ok {
        println!("deny: advisories, bans, licenses and sources ok");
        return Ok(());
    }
    if advisory_db_unreachable(&log) {
        println!(
            "deny: the RustSec advisory database could not be fetched; advisories NOT checked. \
             Checking licenses, bans and sources only."
        );
        let (ok, _) = deny(&["licenses", "bans", "sources"])?;
        if ok {
            println!("deny: bans, licenses and sources ok (advisories not checked: offline)");
            return Ok(());
        }
    }
    bail!("cargo deny check failed")
}

/// Whether cargo-deny failed because it could not fetch the advisory
/// database (a network problem), not because of a finding.
fn advisory_db_unreachable(log: &str) -> bool {
    let lower = log.to_ascii_lowercase();
    lower.contains("advisory")
        && [
            "failed to fetch",
            "unable to fetch",
            "failed to open",
            "failed to load",
            "could not resolve",
            "network",
        ]
        .iter()
        .any(|needle| lower.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::advisory_db_unreachable;

    #[test]
    fn a_fetch_failure_is_told_from_a_finding() {
        assert!(advisory_db_unreachable(
            "error: failed to fetch advisory database: network unreachable"
        ));
        assert!(!advisory_db_unreachable(
            "error[vulnerability]: advisory RUSTSEC-2024-0001 in foo 1.0"
        ));
    }
}
