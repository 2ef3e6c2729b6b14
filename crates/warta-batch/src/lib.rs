//! Corpus-scale extraction for warta: many inputs in, one row per record out.
//!
//! The pipeline has three parts, each in its own module:
//! - [`input`]: turns the paths given (files, directories, globs, `.gz`, JSON
//!   Lines, WARC / WARC.gz, stdin) into a stream of records, each with a stable
//!   id. A record that cannot be read becomes a failure, never a crash.
//! - [`runner`]: extracts the records on all cores with bounded queues, so
//!   memory stays flat whatever the corpus size, and hands the results on in
//!   input order.
//! - [`sink`]: writes JSON Lines or Parquet rows plus an error file, so that
//!   every record read ends as exactly one output row, one error row, or a
//!   counted skip: `read = written + failed + skipped`.
//!
//! What it is not: it does no extraction of its own (that is
//! [`warta_extract`]) and draws nothing on a terminal; a front end watches
//! progress through [`Observer`].

pub mod input;
#[cfg(feature = "parquet")]
pub mod parquet_sink;
pub mod resume;
pub mod runner;
pub mod sink;
pub mod warc;

use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use warta_extract::InputHint;

pub use runner::run;

/// Largest decompressed record accepted by default (64 MiB): a bound on the
/// memory one record may take, and the guard against gzip bombs.
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 64 << 20;

/// The output file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// One JSON object per line, the article JSON of the contract.
    Jsonl,
    /// One row per article, nested lists as Arrow list/struct columns.
    Parquet,
}

impl std::str::FromStr for OutFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "jsonl" => Ok(OutFormat::Jsonl),
            "parquet" => Ok(OutFormat::Parquet),
            other => Err(format!("unknown output format `{other}` (jsonl, parquet)")),
        }
    }
}

/// Where rows go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutTarget {
    /// A file (required for Parquet and for `--resume`).
    File(PathBuf),
    /// Standard output (JSON Lines only).
    Stdout,
}

/// Everything a batch run needs to know.
#[derive(Clone, Debug)]
pub struct Config {
    /// Input paths: files, directories, glob patterns, or `-` for stdin.
    pub inputs: Vec<String>,
    /// Where the article rows go.
    pub out: OutTarget,
    /// JSON Lines or Parquet.
    pub format: OutFormat,
    /// Where error rows go; `None` means `<out>.errors.jsonl` (stderr-free).
    pub errors: Option<PathBuf>,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Continue a previous run: records already in the output or the error
    /// file are not extracted again.
    pub resume: bool,
    /// How to read pages that do not say what they are.
    pub input: InputHint,
    /// Find entities, dates, money and quotes.
    pub facts: bool,
    /// Largest decompressed record accepted.
    pub max_record_bytes: u64,
    /// Rows per Parquet row group.
    pub row_group_rows: usize,
}

impl Config {
    /// A configuration with the defaults of the command line.
    pub fn new(inputs: Vec<String>, out: OutTarget) -> Self {
        Config {
            inputs,
            out,
            format: OutFormat::Jsonl,
            errors: None,
            jobs: 0,
            resume: false,
            input: InputHint::Auto,
            facts: true,
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            row_group_rows: 2048,
        }
    }

    /// The error file: the one given, or `<out>.errors.jsonl` beside the output.
    pub fn errors_path(&self) -> Option<PathBuf> {
        if let Some(path) = &self.errors {
            return Some(path.clone());
        }
        match &self.out {
            OutTarget::File(path) => {
                let mut name = path.as_os_str().to_owned();
                name.push(".errors.jsonl");
                Some(PathBuf::from(name))
            }
            OutTarget::Stdout => None,
        }
    }

    /// The number of worker threads to use.
    pub fn worker_count(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// Why a record was read but neither written nor failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SkipReason {
    /// A WARC response whose content type is not HTML.
    NotHtml,
    /// A WARC response whose HTTP status is not 200.
    Status,
    /// Already in the output or error file of an earlier run (`--resume`).
    AlreadyDone,
}

/// Counts of a run. `read == written + failed + skipped()` always holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records read from the inputs.
    pub read: u64,
    /// Article rows written.
    pub written: u64,
    /// Error rows written.
    pub failed: u64,
    /// Skipped: content type not HTML.
    pub skipped_not_html: u64,
    /// Skipped: HTTP status not 200.
    pub skipped_status: u64,
    /// Skipped: done by an earlier run (`--resume`).
    pub skipped_done: u64,
    /// Page bytes extracted (decompressed).
    pub bytes: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The run was stopped before the inputs were exhausted (signal).
    pub interrupted: bool,
}

impl Summary {
    /// All records skipped, whatever the reason.
    pub fn skipped(&self) -> u64 {
        self.skipped_not_html + self.skipped_status + self.skipped_done
    }

    /// Whether every record read is accounted for.
    pub fn balanced(&self) -> bool {
        self.read == self.written + self.failed + self.skipped()
    }

    /// Records extracted (written or failed) per second.
    pub fn pages_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            (self.written + self.failed) as f64 / secs
        } else {
            0.0
        }
    }

    /// Page megabytes (10^6 bytes) extracted per second.
    pub fn megabytes_per_second(&self) -> f64 {
        let secs = self.elapsed.as_secs_f64();
        if secs > 0.0 {
            self.bytes as f64 / 1e6 / secs
        } else {
            0.0
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "read {} = written {} + failed {} + skipped {} (not HTML {}, bad status {}, already done {}); \
             {:.1} MB in {:.2}s: {:.1} pages/s, {:.2} MB/s",
            self.read,
            self.written,
            self.failed,
            self.skipped(),
            self.skipped_not_html,
            self.skipped_status,
            self.skipped_done,
            self.bytes as f64 / 1e6,
            self.elapsed.as_secs_f64(),
            self.pages_per_second(),
            self.megabytes_per_second(),
        )?;
        if self.interrupted {
            write!(f, "; interrupted (run again with --resume to finish)")?;
        }
        Ok(())
    }
}

/// Live counters, given to an [`Observer`] as the run goes.
#[derive(Clone, Debug, Default)]
pub struct Progress {
    /// The counts so far.
    pub summary: Summary,
    /// Input file bytes consumed so far (compressed, as on disk).
    pub input_bytes_done: u64,
    /// Input file bytes in all (0 when unknown, e.g. stdin).
    pub input_bytes_total: u64,
}

/// Watches a run: a progress bar, a log, or nothing.
pub trait Observer: Send + Sync {
    /// Called now and then (at most a few times per second) with the counts.
    fn progress(&self, _progress: &Progress) {}
}

/// An observer that shows nothing.
pub struct Quiet;
impl Observer for Quiet {}

/// Why a run could not start or finish (failed records are not errors: they
/// are rows in the error file).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The configuration makes no sense (exit code 2 on the command line).
    #[error("{0}")]
    Usage(String),
    /// The output or error file could not be written.
    #[error("{path}: {source}")]
    Output {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The output of an earlier run could not be read for `--resume`.
    #[error("cannot resume from {path}: {cause}")]
    Resume {
        /// The file.
        path: String,
        /// The cause.
        cause: String,
    },
}

/// A stop flag shared with signal handlers: once set, the run stops reading
/// new records, finishes the ones in flight and closes the output cleanly.
pub type StopFlag = Arc<AtomicBool>;
