//! `cargo xtask setup-py`: the Python tools the tests use, in a virtual
//! environment at `target/py` (pyarrow, to check that the Parquet output of
//! `warta batch` is read by another implementation than ours).

use std::process::Command;

use anyhow::{bail, Context, Result};

/// Pinned so CI installs the same thing every time.
const PACKAGES: &[&str] = &["pyarrow==18.1.0"];

pub fn run() -> Result<()> {
    let venv = crate::root().join("target/py");
    let python = venv.join("bin/python");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import pyarrow.parquet"])
            .status()
            .is_ok_and(|s| s.success());
    if ready {
        println!("target/py is ready");
        return Ok(());
    }
    make_venv(&venv)?;
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(PACKAGES)
        .status()
        .context("cannot run pip in target/py")?;
    if !status.success() {
        bail!("pip install {} failed", PACKAGES.join(" "));
    }
    println!("target/py is ready: {}", PACKAGES.join(" "));
    Ok(())
}

/// Makes a Python virtual environment at `venv` (the project's tool venvs).
pub fn make_venv(venv: &std::path::Path) -> Result<()> {
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(venv)
        .status()
        .context("cannot run python3 (is Python 3 installed?)")?;
    if !status.success() {
        bail!("python3 -m venv {} failed", venv.display());
    }
    Ok(())
}
