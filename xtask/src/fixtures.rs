//! `cargo xtask fixtures`: regenerate the fixture snapshots.

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Runs the fixture snapshot test with insta told to overwrite snapshots,
/// then lists what changed so it can be reviewed like code.
pub fn run() -> Result<()> {
    let root = crate::root();
    let status = Command::new(env!("CARGO"))
        .args([
            "test",
            "--quiet",
            "-p",
            "warta-extract",
            "--test",
            "fixtures",
        ])
        .env("INSTA_UPDATE", "always")
        .env("INSTA_FORCE_PASS", "1")
        .current_dir(&root)
        .status()
        .context("running the fixture tests")?;
    if !status.success() {
        bail!("the fixture tests failed to run");
    }
    let diff = Command::new("git")
        .args(["status", "--short", "--", "fixtures"])
        .current_dir(&root)
        .output()
        .context("running git status")?;
    let changed = String::from_utf8_lossy(&diff.stdout);
    if changed.trim().is_empty() {
        println!("fixtures: every snapshot is up to date");
    } else {
        println!("fixtures: snapshots written; review with `git diff -- fixtures`:\n{changed}");
    }
    Ok(())
}
