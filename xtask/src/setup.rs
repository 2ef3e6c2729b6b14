//! `cargo xtask setup-browser`: installs Debian's Chromium for the server's
//! browser test (`crates/warta-server/tests/browser.rs`).

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Where the browser test looks for Chromium.
const CHROMIUM: &str = "/usr/bin/chromium";

pub fn setup_browser() -> Result<()> {
    if Path::new(CHROMIUM).exists() {
        println!("setup-browser: {CHROMIUM} is installed");
        return Ok(());
    }
    // apt-get needs root; use sudo when not root and sudo is there.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let apt = |args: &[&str]| -> Result<()> {
        let mut command = if is_root {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .with_context(|| format!("running apt-get {}", args.join(" ")))?;
        if !status.success() {
            bail!("apt-get {} failed ({status})", args.join(" "));
        }
        Ok(())
    };
    apt(&["update", "-qq"])?;
    apt(&[
        "install",
        "-y",
        "-qq",
        "--no-install-recommends",
        "chromium",
    ])?;
    if !Path::new(CHROMIUM).exists() {
        bail!("chromium was installed but {CHROMIUM} is missing");
    }
    println!("setup-browser: installed {CHROMIUM}");
    Ok(())
}
