//! `cargo xtask`: the project's tasks, in Rust instead of shell scripts.
//!
//! - `fixtures`: regenerate every fixture snapshot.
//! - `eval aeb [--input html|text] [--data DIR] [--peer FILE]`: article-body
//!   precision, recall and F1 with the benchmark's own metric.
//! - `setup-py`: a Python venv at `target/py` with the tools tests use.

mod aeb;
mod fixtures;
mod setup;

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
    /// Install the Python tools the tests use (pyarrow) into `target/py`.
    SetupPy,
    /// Score warta on an evaluation set.
    Eval {
        #[command(subcommand)]
        set: EvalSet,
    },
}

#[derive(Subcommand)]
enum EvalSet {
    /// The article-extraction benchmark: body P/R/F1 with its own metric.
    Aeb(aeb::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        Task::Fixtures => fixtures::run(),
        Task::SetupPy => setup::run(),
        Task::Eval {
            set: EvalSet::Aeb(args),
        } => aeb::run(&args),
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
