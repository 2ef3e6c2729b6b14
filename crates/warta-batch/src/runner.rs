//! The parallel ordered runner.
//!
//! One reader thread turns the inputs into numbered records; `jobs` workers
//! extract them; the calling thread writes the results in input order. The
//! reader may run at most a fixed window of records ahead of the writer, so
//! memory is bounded by the window (a few records per worker), not by the
//! corpus. A panic inside the extractor becomes an error row for that record.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use warta_extract::Options;
use warta_model::OutputFormat;

use crate::input::{self, Failure, Item, Page, ReadOptions};
use crate::sink::{self, Opened};
use crate::{BatchError, Config, Observer, Progress, Quiet, SkipReason, StopFlag, Summary};

/// What a worker made of a record.
enum Outcome {
    Row { line: String, bytes: u64 },
    Failed { failure: Failure, bytes: u64 },
    Skipped(SkipReason),
}

/// Runs a batch with no progress display and no stop signal.
pub fn run(config: &Config) -> Result<Summary, BatchError> {
    run_with(config, &Quiet, &Arc::new(AtomicBool::new(false)))
}

/// How far ahead of the writer the reader may go: enough to keep every
/// worker busy while one slow page holds the head of the line.
fn window(jobs: usize) -> u64 {
    (jobs as u64 * 8).max(16)
}

/// Lets the reader wait until the writer has caught up.
struct Gate {
    written: Mutex<u64>,
    moved: Condvar,
}

/// Runs a batch, reporting progress to `observer` and stopping cleanly (with
/// a complete output) once `stop` is set.
pub fn run_with(
    config: &Config,
    observer: &dyn Observer,
    stop: &StopFlag,
) -> Result<Summary, BatchError> {
    let started = Instant::now();
    let Opened {
        mut rows,
        mut errors,
        mut done,
    } = sink::open(config)?;
    let sources = input::expand(&config.inputs);
    let total_bytes = input::total_size(&sources);
    let consumed = Arc::new(AtomicU64::new(0));
    let jobs = config.worker_count();
    let ahead = window(jobs);
    let read_options = ReadOptions {
        input: config.input,
        max_record_bytes: config.max_record_bytes,
    };
    let extract_options = Options {
        input: config.input,
        facts: config.facts,
        ..Options::default()
    };
    let gate = Gate {
        written: Mutex::new(0),
        moved: Condvar::new(),
    };
    let abort = AtomicBool::new(false);
    let mut summary = Summary::default();
    let errors_name = errors
        .path()
        .map_or_else(|| "stderr".to_owned(), |p| p.display().to_string());
    let out_name = match &config.out {
        crate::OutTarget::File(p) => p.display().to_string(),
        crate::OutTarget::Stdout => "stdout".to_owned(),
    };

    let (work_tx, work_rx) = mpsc::sync_channel::<(u64, Item)>(jobs * 2);
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (result_tx, result_rx) = mpsc::channel::<(u64, Outcome)>();
    let mut failure: Option<BatchError> = None;

    std::thread::scope(|scope| {
        // Reader.
        let gate_ref = &gate;
        let abort_ref = &abort;
        let sources_ref = &sources;
        let consumed_ref = &consumed;
        let read_options_ref = &read_options;
        let done_ref = &mut done;
        scope.spawn(move || {
            let mut seq = 0u64;
            let mut emit = |item: Item| -> bool {
                if stop.load(Ordering::Relaxed) || abort_ref.load(Ordering::Relaxed) {
                    return false;
                }
                let item = mark_done(item, done_ref);
                // Wait for the writer to come within the window.
                let mut written = gate_ref.written.lock().unwrap_or_else(|e| e.into_inner());
                while seq >= *written + ahead {
                    let (guard, _) = gate_ref
                        .moved
                        .wait_timeout(written, Duration::from_millis(100))
                        .unwrap_or_else(|e| e.into_inner());
                    written = guard;
                    if abort_ref.load(Ordering::Relaxed) {
                        return false;
                    }
                }
                drop(written);
                if work_tx.send((seq, item)).is_err() {
                    return false;
                }
                seq += 1;
                true
            };
            input::read_sources(sources_ref, read_options_ref, consumed_ref, &mut emit);
            // Dropping the sender lets the workers finish.
        });

        // Workers.
        for _ in 0..jobs {
            let work_rx = Arc::clone(&work_rx);
            let result_tx = result_tx.clone();
            let extract_options = &extract_options;
            scope.spawn(move || worker(&work_rx, &result_tx, extract_options));
        }
        drop(result_tx);

        // Writer: this thread, in input order.
        let mut pending: BTreeMap<u64, Outcome> = BTreeMap::new();
        let mut next = 0u64;
        let mut last_tick = Instant::now();
        let mut last_flush = Instant::now();
        loop {
            // Wake up now and then even when no result comes (a slow page, or
            // a reader waiting on a pipe), to flush and report progress.
            match result_rx.recv_timeout(Duration::from_millis(200)) {
                Ok((seq, outcome)) => {
                    pending.insert(seq, outcome);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            while let Some(outcome) = pending.remove(&next) {
                next += 1;
                summary.read += 1;
                let written = match outcome {
                    Outcome::Row { line, bytes } => {
                        summary.written += 1;
                        summary.bytes += bytes;
                        rows.write_row(&line).map_err(|source| BatchError::Output {
                            path: out_name.clone(),
                            source,
                        })
                    }
                    Outcome::Failed { failure, bytes } => {
                        summary.failed += 1;
                        summary.bytes += bytes;
                        errors.write(&failure).map_err(|source| BatchError::Output {
                            path: errors_name.clone(),
                            source,
                        })
                    }
                    Outcome::Skipped(reason) => {
                        match reason {
                            SkipReason::NotHtml => summary.skipped_not_html += 1,
                            SkipReason::Status => summary.skipped_status += 1,
                            SkipReason::AlreadyDone => summary.skipped_done += 1,
                        }
                        Ok(())
                    }
                };
                if let Err(e) = written {
                    failure = Some(e);
                    break;
                }
            }
            if failure.is_some() {
                break;
            }
            *gate.written.lock().unwrap_or_else(|e| e.into_inner()) = next;
            gate.moved.notify_all();
            if last_tick.elapsed() >= Duration::from_millis(150) {
                last_tick = Instant::now();
                summary.elapsed = started.elapsed();
                observer.progress(&Progress {
                    summary: summary.clone(),
                    input_bytes_done: consumed.load(Ordering::Relaxed),
                    input_bytes_total: total_bytes,
                });
            }
            if last_flush.elapsed() >= Duration::from_secs(1) {
                last_flush = Instant::now();
                let flushed = rows.flush().and_then(|()| errors.flush());
                if let Err(source) = flushed {
                    failure = Some(BatchError::Output {
                        path: out_name.clone(),
                        source,
                    });
                    break;
                }
            }
        }
        if failure.is_some() {
            abort.store(true, Ordering::Relaxed);
            gate.moved.notify_all();
            // Keep draining so no worker blocks; results are dropped.
            for _ in result_rx.iter() {}
        }
    });

    if let Some(e) = failure {
        return Err(e);
    }
    rows.finish().map_err(|source| BatchError::Output {
        path: out_name.clone(),
        source,
    })?;
    errors.finish().map_err(|source| BatchError::Output {
        path: errors_name.clone(),
        source,
    })?;
    summary.interrupted = stop.load(Ordering::Relaxed);
    summary.elapsed = started.elapsed();
    observer.progress(&Progress {
        summary: summary.clone(),
        input_bytes_done: consumed.load(Ordering::Relaxed),
        input_bytes_total: total_bytes,
    });
    Ok(summary)
}

/// Turns a record an earlier run finished into a skip.
fn mark_done(item: Item, done: &mut crate::resume::DoneSet) -> Item {
    if done.is_empty() {
        return item;
    }
    let id = match &item {
        Item::Page(page) => &page.id,
        Item::Failed(failure) => &failure.id,
        Item::Skipped { .. } => return item,
    };
    if done.take(id) {
        Item::Skipped {
            id: id.clone(),
            reason: SkipReason::AlreadyDone,
        }
    } else {
        item
    }
}

fn worker(
    work: &Mutex<Receiver<(u64, Item)>>,
    results: &mpsc::Sender<(u64, Outcome)>,
    options: &Options,
) {
    loop {
        let next = work.lock().unwrap_or_else(|e| e.into_inner()).recv();
        let Ok((seq, item)) = next else {
            return;
        };
        let outcome = match item {
            Item::Page(page) => extract_page(page, options),
            Item::Failed(failure) => Outcome::Failed { failure, bytes: 0 },
            Item::Skipped { reason, .. } => Outcome::Skipped(reason),
        };
        if results.send((seq, outcome)).is_err() {
            return;
        }
    }
}

fn extract_page(page: Page, base: &Options) -> Outcome {
    let bytes = page.bytes.len() as u64;
    let options = Options {
        input: page.input,
        url: page.url,
        id: Some(page.id.clone()),
        charset: page.charset,
        ..base.clone()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        warta_extract::extract(&page.bytes, &options)
            .map(|article| warta_model::render(&article, OutputFormat::Jsonl))
    }));
    let cause = match result {
        Ok(Ok(line)) => return Outcome::Row { line, bytes },
        Ok(Err(e)) => e.to_string(),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            format!("internal error in the extractor (please report): {what}")
        }
    };
    Outcome::Failed {
        failure: Failure::new(page.id, page.source, cause),
        bytes,
    }
}
