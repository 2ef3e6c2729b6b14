//! `cargo xtask`: the project's tasks, in Rust instead of shell scripts.
//!
//! - `fixtures`: regenerate every fixture snapshot.
//! - `train-ner`, `eval ner`: the entity labeller (see `ner.rs`).
//! - `eval aeb [--input html|text] [--data DIR] [--peer FILE]`: article-body
//!   precision, recall and F1 with the benchmark's own metric.
//! - `loadtest`: the release server on loopback under bounded load.
//! - `setup-browser`: install Chromium for the server's browser test.
//! - `wheel [--test] [--spark]`: the Python wheel, its tests, the Spark job's.
//! - `eval idnews [--input html|text] [--verbose]`: field accuracy on
//!   hand-checked Indonesian news pages.
//! - `fuzz [--seconds N]`: run every fuzz target in `fuzz/`, one after another.
//! - `deny`: the supply-chain check (`cargo deny check`, see deny.toml).
//! - `release`: stripped, reproducible release archives with checksums.
//! - `bench [--rounds N] [--no-python]`: throughput side by side with peers.
//! - `setup-py`: a Python venv at `target/py` with the tools tests use.
//! - `batch-memory [--counts 1000,20000]`: peak memory of `warta batch` as
//!   the corpus grows.

mod aeb;
mod batch_memory;
mod bench;
mod deny;
mod fixtures;
mod fuzz;
mod idnews;
mod loadtest;
mod ner;
mod release;
mod setup;
mod setup_py;
mod tools;
mod wheel;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "warta's project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Regenerate every fixture snapshot (review the diff like code).
    Fixtures,
    /// Train the entity labeller from the NER corpora and write its model file.
    TrainNer(ner::TrainArgs),
    /// Install the Python tools the tests use (pyarrow) into `target/py`.
    SetupPy,
    /// Score warta on an evaluation set.
    Eval {
        #[command(subcommand)]
        set: EvalSet,
    },
    /// Load-test the release `warta-server` on loopback.
    Loadtest(loadtest::Args),
    /// Install Debian's Chromium for the server's browser test.
    SetupBrowser,
    /// Build the Python wheel with maturin (`--test`: run its pytest suite).
    Wheel(wheel::Args),
    /// Run every fuzz target for a while and report executions and crashes.
    Fuzz(fuzz::Args),
    /// `cargo deny check` with the pinned cargo-deny (licences, bans, sources,
    /// advisories when the advisory database can be fetched).
    Deny,
    /// Build stripped, reproducible release archives with licences and checksums.
    Release(release::Args),
    /// Throughput side by side with peers (trafilatura, dom_smoothie, …).
    Bench(bench::Args),
    /// Peak memory of `warta batch` on growing corpora (it must stay flat).
    BatchMemory(batch_memory::Args),
}

#[derive(Subcommand)]
enum EvalSet {
    /// The article-extraction benchmark: body P/R/F1 with its own metric.
    Aeb(aeb::Args),
    /// Entities: P/R/F1 per label on NER UI folds and idner-news-2k test.
    Ner(ner::EvalArgs),
    /// Indonesian news pages: field-by-field accuracy against hand-checked expectations.
    Idnews(idnews::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Fixtures => fixtures::run(),
        Task::SetupPy => setup_py::run(),
        Task::Eval {
            set: EvalSet::Aeb(args),
        } => aeb::run(&args),
        Task::Loadtest(args) => loadtest::run_loadtest(&args),
        Task::SetupBrowser => setup::setup_browser(),
        Task::Wheel(args) => wheel::run(&args),
        Task::TrainNer(args) => ner::run_train(&args),
        Task::Eval {
            set: EvalSet::Ner(args),
        } => ner::run_eval(&args),
        Task::Eval {
            set: EvalSet::Idnews(args),
        } => idnews::run(&args),
        Task::Fuzz(args) => fuzz::run(&args),
        Task::Release(args) => release::run(&args),
        Task::Deny => deny::run(),
        Task::Bench(args) => bench::run(&args),
        Task::BatchMemory(args) => batch_memory::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent().unwrap_or(here).to_path_buf()
}

/// The shared data directory beside the checkout.
pub fn shared_data() -> PathBuf {
    root().join("../shared/data")
}

/// The directory of the evaluation set `set` (`aeb`, `idnews`, `ner`): the
/// one given, or its `set` subdirectory when given the data directory that
/// holds every set; `../shared/data/<set>` by default.
pub fn data_set(given: Option<&Path>, set: &str) -> PathBuf {
    match given {
        Some(dir) if dir.file_name().is_some_and(|n| n != set) && dir.join(set).is_dir() => {
            dir.join(set)
        }
        Some(dir) => dir.to_path_buf(),
        None => shared_data().join(set),
    }
}

#[cfg(test)]
mod tests {
    use super::data_set;

    #[test]
    fn a_data_directory_holding_every_set_names_the_set_inside_it() {
        let data = std::env::temp_dir().join(format!("warta-data-set-{}", std::process::id()));
        std::fs::create_dir_all(data.join("aeb")).unwrap();
        assert_eq!(data_set(Some(&data), "aeb"), data.join("aeb"));
        assert_eq!(data_set(Some(&data.join("aeb")), "aeb"), data.join("aeb"));
        // A set's own directory with no such subdirectory is taken as given.
        assert_eq!(data_set(Some(&data), "idnews"), data);
        assert!(data_set(None, "ner").ends_with("shared/data/ner"));
        std::fs::remove_dir_all(&data).unwrap();
    }
}
