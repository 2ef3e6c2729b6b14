//! `cargo xtask release`: stripped release binaries in a reproducible archive
//! with the licences of every dependency they contain and SHA-256 checksums.
//!
//! Reproducible means: the same commit built with the same toolchain gives
//! byte-identical binaries and archives, wherever the checkout lives and
//! whenever it is built. What makes it so:
//! - `--remap-path-prefix` maps the checkout, the cargo home and the target
//!   directory to fixed names, so no local path ends up in a panic message or
//!   symbol;
//! - symbols and debug info are stripped; the build uses `--locked`;
//! - `SOURCE_DATE_EPOCH` is the commit's time, and every archive entry gets
//!   that mtime, owner 0:0, fixed modes, in sorted order; the gzip header
//!   carries no time or name.
//!
//! `--verify` builds twice, in two fresh target directories, and fails unless
//! the checksums agree.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};

/// `cargo xtask release` arguments.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Where the archive and `SHA256SUMS` go.
    #[arg(long, default_value = "target/dist")]
    pub out: PathBuf,
    /// Cargo target directory for the release build.
    #[arg(long, default_value = "target/release-build")]
    pub target_dir: PathBuf,
    /// Build twice in fresh target directories and require equal checksums.
    #[arg(long)]
    pub verify: bool,
}

/// The binaries a release ships: (package, binary name).
const BINARIES: &[(&str, &str)] = &[("warta-cli", "warta"), ("warta-server", "warta-server")];

/// Files of the project itself that go into every archive.
const PROJECT_FILES: &[&str] = &["LICENSE-MIT", "LICENSE-APACHE", "README.md"];

/// Builds the release archive and prints where it is with its checksums.
pub fn run(args: &Args) -> Result<()> {
    let root = crate::root();
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            root.join(p)
        }
    };
    let out = absolute(&args.out);
    if args.verify {
        let mut builds = Vec::new();
        for n in 1..=2 {
            let dir = out.join(format!("verify-{n}"));
            // Fresh means fresh: a target directory left by an earlier
            // verification would make the second build an incremental one.
            if dir.exists() {
                fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
            }
            let started = std::time::Instant::now();
            builds.push(build_release(&root, &dir, &dir.join("target"))?);
            println!(
                "release: clean build {n} took {:.0} s",
                started.elapsed().as_secs_f64()
            );
        }
        let (first, second) = (&builds[0], &builds[1]);
        println!("first build:\n{}", first.sums);
        println!("second build:\n{}", second.sums);
        if first.sums != second.sums {
            bail!("the two builds differ: the release is not reproducible");
        }
        println!("release: reproducible — two clean builds gave identical checksums");
        return Ok(());
    }
    let built = build_release(&root, &out, &absolute(&args.target_dir))?;
    println!("release: {}", built.archive.display());
    print!("{}", built.sums);
    Ok(())
}

struct Built {
    archive: PathBuf,
    sums: String,
}

fn build_release(root: &Path, out: &Path, target_dir: &Path) -> Result<Built> {
    let metadata = cargo_metadata(root)?;
    let packages = workspace_packages(&metadata);
    let mut shipped = Vec::new();
    for (package, binary) in BINARIES {
        if packages.contains(*package) {
            shipped.push((*package, *binary));
        } else {
            eprintln!(
                "release: package `{package}` is not in this workspace yet; the archive ships without `{binary}`"
            );
        }
    }
    if shipped.is_empty() {
        bail!("no binary to release");
    }
    let rev =
        git(root, &["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let epoch = git(root, &["log", "-1", "--format=%ct"])
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(0);
    let version = metadata["packages"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "warta-cli"))
        .and_then(|p| p["version"].as_str())
        .unwrap_or("0.0.0")
        .to_owned();
    let host = host_triple()?;

    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|_| std::env::var("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .context("finding the cargo home")?;
    // The target directory is remapped last (the last matching rule wins):
    // it holds generated sources (`OUT_DIR`) whose paths end up in panic
    // locations, and it differs between the two builds of `--verify`.
    let rustflags = format!(
        "--remap-path-prefix={}=/warta --remap-path-prefix={}=/cargo --remap-path-prefix={}=/target -C strip=symbols",
        root.display(),
        cargo_home.display(),
        target_dir.display()
    );
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(root)
        .args(["build", "--release", "--locked"])
        .arg("--target-dir")
        .arg(target_dir);
    for (package, _) in &shipped {
        cmd.args(["-p", package]);
    }
    let status = cmd
        .env("RUSTFLAGS", rustflags)
        .env("SOURCE_DATE_EPOCH", epoch.to_string())
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_STRIP", "symbols")
        .env("CARGO_INCREMENTAL", "0")
        .env("WARTA_GIT_REV", &rev)
        .env("RUSTC", rustc())
        .env_remove("RUSTC_WRAPPER")
        .status()
        .context("running cargo build --release")?;
    if !status.success() {
        bail!("the release build failed");
    }

    let name = format!("warta-{version}-{host}");
    let mut entries: BTreeMap<String, (Vec<u8>, u32)> = BTreeMap::new();
    for (_, binary) in &shipped {
        let path = target_dir.join("release").join(binary);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        entries.insert(format!("{name}/{binary}"), (bytes, 0o755));
    }
    for file in PROJECT_FILES {
        let path = root.join(file);
        let bytes = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        entries.insert(format!("{name}/{file}"), (bytes, 0o644));
    }
    let packages: Vec<&str> = shipped.iter().map(|(p, _)| *p).collect();
    let notices = third_party_licences(&metadata, &packages)?;
    entries.insert(
        format!("{name}/THIRD-PARTY-LICENSES.txt"),
        (notices.into_bytes(), 0o644),
    );

    fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let archive = out.join(format!("{name}.tar.gz"));
    let bytes = tar_gz(&entries, epoch)?;
    fs::write(&archive, &bytes).with_context(|| format!("writing {}", archive.display()))?;

    let mut sums = String::new();
    for (path, (content, _)) in &entries {
        if path.ends_with("warta") || path.ends_with("warta-server") {
            let _ = writeln!(sums, "{}  {path}", hex(&Sha256::digest(content)));
        }
    }
    let _ = writeln!(sums, "{}  {name}.tar.gz", hex(&Sha256::digest(&bytes)));
    fs::write(out.join("SHA256SUMS"), &sums).context("writing SHA256SUMS")?;
    Ok(Built { archive, sums })
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The compiler of the toolchain running this task: the `rustc` beside
/// cargo. A bare `rustc` is rustup's proxy, which picks its toolchain from the
/// directory it runs in, and some crates ship a `rust-toolchain` file that
/// names an old, absent one: both builds must use this one compiler.
fn rustc() -> PathBuf {
    if let Some(rustc) = std::env::var_os("RUSTC") {
        return PathBuf::from(rustc);
    }
    let beside_cargo = Path::new(env!("CARGO")).with_file_name("rustc");
    if beside_cargo.exists() {
        beside_cargo
    } else {
        PathBuf::from("rustc")
    }
}

fn host_triple() -> Result<String> {
    let out = Command::new(rustc())
        .arg("-vV")
        .output()
        .context("running rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .map(str::to_owned)
        .context("rustc -vV names no host")
}

fn cargo_metadata(root: &Path) -> Result<serde_json::Value> {
    let host = host_triple()?;
    let out = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--filter-platform",
        ])
        .arg(host)
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    serde_json::from_slice(&out.stdout).context("reading cargo metadata")
}

fn workspace_packages(metadata: &serde_json::Value) -> BTreeSet<String> {
    let members: BTreeSet<&str> = metadata["workspace_members"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    metadata["packages"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter(|p| p["id"].as_str().is_some_and(|id| members.contains(id)))
                .filter_map(|p| p["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Every package linked into the shipped binaries: the normal (not build,
/// not dev) dependencies reachable from them on the host platform.
fn shipped_dependencies(metadata: &serde_json::Value, roots: &[&str]) -> Vec<serde_json::Value> {
    let packages: BTreeMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter_map(|p| Some((p["id"].as_str()?, p)))
                .collect()
        })
        .unwrap_or_default();
    let nodes: BTreeMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .map(|ns| {
            ns.iter()
                .filter_map(|n| Some((n["id"].as_str()?, n)))
                .collect()
        })
        .unwrap_or_default();
    let mut stack: Vec<&str> = packages
        .iter()
        .filter(|(_, p)| p["name"].as_str().is_some_and(|n| roots.contains(&n)))
        .map(|(id, _)| *id)
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let normal = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|k| k["kind"].is_null());
            if normal {
                if let Some(pkg) = dep["pkg"].as_str() {
                    stack.push(pkg);
                }
            }
        }
    }
    let mut deps: Vec<serde_json::Value> = seen
        .into_iter()
        .filter_map(|id| packages.get(id).copied())
        .filter(|p| !p["source"].is_null()) // the workspace's own crates
        .cloned()
        .collect();
    deps.sort_by(|a, b| {
        (a["name"].as_str(), a["version"].as_str())
            .cmp(&(b["name"].as_str(), b["version"].as_str()))
    });
    deps
}

/// The licence notice of every shipped dependency: its declared licence and
/// the text of each licence, notice or copying file it publishes.
fn third_party_licences(metadata: &serde_json::Value, roots: &[&str]) -> Result<String> {
    let deps = shipped_dependencies(metadata, roots);
    let mut out = String::from(
        "Third-party software in this release\n====================================\n\n\
         The binaries in this archive contain the following crates. Each is listed\n\
         with its declared licence and the licence files it publishes.\n\n",
    );
    for dep in &deps {
        let name = dep["name"].as_str().unwrap_or("?");
        let version = dep["version"].as_str().unwrap_or("?");
        let licence = dep["license"].as_str().unwrap_or("(no licence declared)");
        let _ = writeln!(out, "- {name} {version}: {licence}");
    }
    for dep in &deps {
        let name = dep["name"].as_str().unwrap_or("?");
        let version = dep["version"].as_str().unwrap_or("?");
        let licence = dep["license"].as_str().unwrap_or("(no licence declared)");
        let _ = write!(
            out,
            "\n\n{}\n{name} {version} — {licence}\n",
            "=".repeat(78)
        );
        if let Some(repo) = dep["repository"].as_str() {
            let _ = writeln!(out, "{repo}");
        }
        let manifest = dep["manifest_path"].as_str().map(PathBuf::from);
        let dir = manifest.as_deref().and_then(Path::parent);
        let mut files: Vec<PathBuf> = dir
            .and_then(|d| fs::read_dir(d).ok())
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.is_file() && is_licence_file(p))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(file) = dep["license_file"].as_str() {
            if let Some(d) = dir {
                files.push(d.join(file));
            }
        }
        files.sort();
        files.dedup();
        if files.is_empty() {
            let _ = writeln!(
                out,
                "\n(The crate publishes no licence file; its licence is {licence}, whose standard text applies.)"
            );
        }
        for file in files {
            let text = fs::read_to_string(&file)
                .with_context(|| format!("reading licence file {}", file.display()))?;
            let file_name = file.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            let _ = write!(out, "\n--- {file_name} ---\n{}\n", text.trim_end());
        }
    }
    Ok(out)
}

fn is_licence_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_uppercase();
    [
        "LICENSE",
        "LICENCE",
        "COPYING",
        "NOTICE",
        "COPYRIGHT",
        "UNLICENSE",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// A gzip'd ustar archive with sorted entries, one fixed mtime and owner,
/// and a gzip header without time or name: the same files give the same bytes.
fn tar_gz(entries: &BTreeMap<String, (Vec<u8>, u32)>, mtime: u64) -> Result<Vec<u8>> {
    let encoder = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::best());
    let mut builder = tar::Builder::new(encoder);
    builder.mode(tar::HeaderMode::Deterministic);
    let mut dirs = BTreeSet::new();
    for path in entries.keys() {
        if let Some((dir, _)) = path.rsplit_once('/') {
            dirs.insert(dir.to_owned());
        }
    }
    for dir in &dirs {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Directory);
        header.set_mode(0o755);
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_size(0);
        builder.append_data(&mut header, format!("{dir}/"), std::io::empty())?;
    }
    for (path, (bytes, mode)) in entries {
        let mut header = tar::Header::new_ustar();
        header.set_entry_type(tar::EntryType::Regular);
        header.set_mode(*mode);
        header.set_mtime(mtime);
        header.set_uid(0);
        header.set_gid(0);
        header.set_size(bytes.len() as u64);
        builder.append_data(&mut header, path, bytes.as_slice())?;
    }
    let mut encoder = builder.into_inner().context("finishing the tar archive")?;
    encoder.flush()?;
    encoder.finish().context("finishing the gzip stream")
}

fn hex(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
