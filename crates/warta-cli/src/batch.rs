//! `warta batch`: the command-line face of [`warta_batch`] — argument parsing,
//! a progress bar on a terminal (nothing on a pipe), Ctrl-C / SIGTERM handling
//! and the final summary.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use warta_batch::{BatchError, Config, Observer, OutFormat, OutTarget, Progress};
use warta_extract::InputHint;

#[derive(clap::Args)]
pub struct BatchArgs {
    /// Inputs: files, directories (recursive), glob patterns, `-` for stdin.
    /// Pages may be gzipped; `.jsonl` holds `{"id"?, "url"?, "html"|"text"}`
    /// records; `.warc` / `.warc.gz` HTTP responses.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Output file (`-` writes JSON Lines to stdout).
    #[arg(long)]
    out: String,
    /// Output format.
    #[arg(long, default_value = "jsonl", value_parser = ["jsonl", "parquet"])]
    format: String,
    /// Worker threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    jobs: usize,
    /// Continue an interrupted run: records already in the output or the
    /// error file are not done again.
    #[arg(long)]
    resume: bool,
    /// Error rows `{"id", "source", "cause"}` go here (default: OUT.errors.jsonl).
    #[arg(long)]
    errors: Option<PathBuf>,
    /// How to read pages that do not say what they are.
    #[arg(long, default_value = "auto", value_parser = ["auto", "html", "text"])]
    input: String,
    /// Skip entities, dates, money and quotes.
    #[arg(long)]
    no_facts: bool,
    /// Largest decompressed record accepted, in bytes (guards against gzip bombs).
    #[arg(long, default_value_t = warta_batch::DEFAULT_MAX_RECORD_BYTES)]
    max_record_bytes: u64,
    /// Never draw a progress bar, even on a terminal.
    #[arg(long)]
    no_progress: bool,
}

struct Bar(ProgressBar);

impl Observer for Bar {
    fn progress(&self, p: &Progress) {
        let s = &p.summary;
        if p.input_bytes_total > 0 && self.0.length() != Some(p.input_bytes_total) {
            self.0.set_length(p.input_bytes_total);
        }
        self.0.set_position(p.input_bytes_done);
        self.0.set_message(format!(
            "{} records, {:.0} pages/s, {:.1} MB/s, {} failed",
            s.read,
            s.pages_per_second(),
            s.megabytes_per_second(),
            s.failed
        ));
    }
}

pub fn run(args: BatchArgs) -> ExitCode {
    let (Ok(input), Ok(format)) = (
        args.input.parse::<InputHint>(),
        args.format.parse::<OutFormat>(),
    ) else {
        eprintln!("warta: bad --input or --format");
        return ExitCode::from(2);
    };
    let out = if args.out == "-" {
        OutTarget::Stdout
    } else {
        OutTarget::File(PathBuf::from(&args.out))
    };
    let mut config = Config::new(args.inputs, out);
    config.format = format;
    config.errors = args.errors;
    config.jobs = args.jobs;
    config.resume = args.resume;
    config.input = input;
    config.facts = !args.no_facts;
    config.max_record_bytes = args.max_record_bytes.max(1);

    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // A second signal ends the process at once; the first asks for a clean stop.
        let registered =
            signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop))
                .and_then(|_| signal_hook::flag::register(signal, Arc::clone(&stop)));
        if let Err(e) = registered {
            eprintln!("warta: cannot install the signal handler: {e}");
        }
    }

    let bar = if !args.no_progress && std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}% ETA {eta} | {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(200));
        Some(Bar(bar))
    } else {
        None
    };
    let observer: &dyn Observer = match &bar {
        Some(bar) => bar,
        None => &warta_batch::Quiet,
    };
    let result = warta_batch::runner::run_with(&config, observer, &stop);
    if let Some(bar) = &bar {
        bar.0.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            eprintln!("warta batch: {summary}");
            if summary.failed > 0 {
                if let Some(path) = config.errors_path() {
                    eprintln!("warta batch: error rows are in {}", path.display());
                }
            }
            if summary.failed > 0 || summary.interrupted {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(BatchError::Usage(message)) => {
            eprintln!("warta batch: {message}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("warta batch: {e}");
            ExitCode::from(1)
        }
    }
}
