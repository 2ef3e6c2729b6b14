//! `cargo xtask wheel [--test] [--spark]`: the Python package.
//!
//! Builds the `warta` wheel (crates/warta-python) with maturin, installed from
//! PyPI into a virtual environment under `target/python/venv`, so nothing but
//! a CPython ≥ 3.9 with `venv` must be on the machine. `--test` installs the
//! wheel into that environment and runs the module's pytest suite; `--spark`
//! also runs the PySpark example's test in local mode (pyspark, pyarrow and
//! warcio from PyPI; Java 17 from Debian's `openjdk-17-jre-headless` when no
//! `java` is found).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Python packages for building and testing, pinned to major versions.
const BUILD_PACKAGES: &[&str] = &["maturin>=1.7,<2", "pytest>=7,<10"];
const SPARK_PACKAGES: &[&str] = &["pyspark>=3.5,<5", "pyarrow>=14", "warcio>=1.7,<2"];

#[derive(clap::Args)]
pub struct Args {
    /// Install the wheel and run the module's pytest suite.
    #[arg(long)]
    test: bool,
    /// Also run the PySpark example's test (pyspark in local mode; Java 17).
    #[arg(long)]
    spark: bool,
    /// The Python interpreter that creates the virtual environment.
    #[arg(long, default_value = "python3")]
    python: String,
}

pub fn run(args: &Args) -> Result<()> {
    let root = crate::root();
    let venv = root.join("target/python/venv");
    let python = venv_python(&venv, &args.python)?;
    pip_install(&python, BUILD_PACKAGES)?;

    let wheel = build(&root, &venv)?;
    println!("wheel: {}", wheel.display());
    if !(args.test || args.spark) {
        return Ok(());
    }
    let wheel_arg = wheel.to_string_lossy().into_owned();
    run_checked(
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--force-reinstall",
            "--no-deps",
            &wheel_arg,
        ]),
        "installing the wheel",
    )?;
    let mut suites = vec![root.join("crates/warta-python/tests")];
    if args.spark {
        pip_install(&python, SPARK_PACKAGES)?;
        ensure_java()?;
        // The equality test runs `warta batch` on the WARC the Spark job read.
        run_checked(
            Command::new(env!("CARGO"))
                .args(["build", "--quiet", "-p", "warta-cli"])
                .current_dir(&root),
            "building the warta CLI",
        )?;
        suites.push(root.join("examples/spark"));
    }
    for suite in suites {
        pytest(&python, &root, &suite)?;
    }
    Ok(())
}

/// The environment's interpreter, creating the environment when missing.
fn venv_python(venv: &Path, base: &str) -> Result<PathBuf> {
    let python = venv.join("bin/python");
    if !python.exists() {
        run_checked(
            Command::new(base).arg("-m").arg("venv").arg(venv),
            "creating the virtual environment",
        )?;
    }
    Ok(python)
}

fn pip_install(python: &Path, packages: &[&str]) -> Result<()> {
    run_checked(
        Command::new(python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(packages),
        "installing Python packages from PyPI",
    )
}

/// Builds the release wheel into `target/python/wheels` and returns its path.
fn build(root: &Path, venv: &Path) -> Result<PathBuf> {
    let out = root.join("target/python/wheels");
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("clearing {}", out.display()))?;
    }
    run_checked(
        Command::new(venv.join("bin/maturin"))
            .args(["build", "--release", "--strip", "--out"])
            .arg(&out)
            .current_dir(root.join("crates/warta-python"))
            // One target directory for the whole checkout, beside the main
            // workspace's, so rebuilds are incremental.
            .env("CARGO_TARGET_DIR", root.join("target/python/cargo")),
        "building the wheel with maturin",
    )?;
    let wheel = std::fs::read_dir(&out)
        .with_context(|| format!("reading {}", out.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.extension().is_some_and(|ext| ext == "whl"));
    wheel.with_context(|| format!("maturin wrote no wheel into {}", out.display()))
}

/// Runs pytest; "no tests collected" (exit code 5) is a failure, not a pass.
fn pytest(python: &Path, root: &Path, suite: &Path) -> Result<()> {
    let status = Command::new(python)
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg(suite)
        .current_dir(root)
        .env("WARTA_ROOT", root)
        .env("WARTA_BIN", root.join("target/debug/warta"))
        .status()
        .context("running pytest")?;
    match status.code() {
        Some(0) => Ok(()),
        Some(5) => bail!("pytest collected no tests in {}", suite.display()),
        _ => bail!("pytest failed in {} ({status})", suite.display()),
    }
}

/// Spark needs a Java runtime; on a fresh Debian machine install Java 17.
fn ensure_java() -> Result<()> {
    let found = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|out| out.status.success());
    if found {
        return Ok(());
    }
    run_checked(
        Command::new("apt-get").args(["update", "-qq"]),
        "updating Debian's package lists",
    )?;
    run_checked(
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends"])
            .arg("openjdk-17-jre-headless")
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "installing Java 17 (openjdk-17-jre-headless)",
    )
}

fn run_checked(command: &mut Command, what: &str) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("{what}: cannot start {:?}", command.get_program()))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}
