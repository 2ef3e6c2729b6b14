//! Stamps the version a binary reports (`warta --version`, `warta-server --version`)
//! with the git revision it was built from, so a release names its exact source.
//!
//! The revision comes from `WARTA_GIT_REV` when set (a build from a source
//! archive without `.git`), else from `git`; without either it is `unknown`.
//! A tree with uncommitted changes to tracked files is marked `-dirty`.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    Some(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn main() {
    println!("cargo:rerun-if-env-changed=WARTA_GIT_REV");
    let rev = match std::env::var("WARTA_GIT_REV") {
        Ok(rev) if !rev.trim().is_empty() => rev.trim().to_owned(),
        _ => {
            // Rebuild when HEAD moves or the index changes (a commit, a checkout).
            for path in ["HEAD", "index", "packed-refs"] {
                if let Some(p) = git(&["rev-parse", "--git-path", path]) {
                    println!("cargo:rerun-if-changed={p}");
                }
            }
            if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
                if let Some(p) = git(&["rev-parse", "--git-path", &head_ref]) {
                    println!("cargo:rerun-if-changed={p}");
                }
            }
            match git(&["rev-parse", "--short=12", "HEAD"]) {
                Some(rev) => {
                    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                        .is_some_and(|s| !s.is_empty());
                    if dirty {
                        format!("{rev}-dirty")
                    } else {
                        rev
                    }
                }
                None => "unknown".to_owned(),
            }
        }
    };
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    // clap's `#[command(version)]` reads CARGO_PKG_VERSION at compile time;
    // setting it here is what puts the revision into `--version`.
    println!("cargo:rustc-env=CARGO_PKG_VERSION={version} ({rev})");
    println!("cargo:rustc-env=WARTA_GIT_REV={rev}");
}
