//! `--resume`: which records an earlier run already finished.
//!
//! The ids of the rows in the output and in the error file are counted (a
//! multiset of 64-bit hashes, 12 bytes a record, so a run of millions stays
//! small). A record whose id is still in the set is skipped and taken out of
//! it, so an input with a repeated id is resumed exactly too: no duplicates,
//! no gaps. A JSON Lines file cut inside a row by a kill is truncated to its
//! last whole row first. Error rows marked `retry` (the record could not be
//! read: the input ended inside it) are taken out of the error file and not
//! counted, so the record is read again and ends as exactly one row.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use serde::Deserialize;

use crate::input::{read_line_capped, LineRead};
use crate::BatchError;

/// Ids already written, as a multiset.
#[derive(Debug, Default)]
pub struct DoneSet {
    counts: HashMap<u64, u32>,
    total: u64,
}

fn key(id: &str) -> u64 {
    // SipHash with fixed keys: the same id gives the same key within a run.
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl DoneSet {
    /// Counts one more finished record with this id.
    pub fn insert(&mut self, id: &str) {
        *self.counts.entry(key(id)).or_insert(0) += 1;
        self.total += 1;
    }

    /// Whether a record with this id was finished; consumes one count.
    pub fn take(&mut self, id: &str) -> bool {
        let k = key(id);
        match self.counts.get_mut(&k) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            Some(_) => {
                self.counts.remove(&k);
                true
            }
            None => false,
        }
    }

    /// Records counted in all.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether nothing is left to skip.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }
}

#[derive(Deserialize)]
struct IdOnly {
    id: Option<String>,
    #[serde(default)]
    retry: bool,
}

/// Adds the ids of the error file's final rows to `done`; drops the rows
/// marked `retry` from the file (those records are tried again) and cuts
/// off a last row left incomplete. A missing file adds nothing.
pub fn load_errors(path: &Path, done: &mut DoneSet) -> Result<(), BatchError> {
    let retried = load(path, done, true)?;
    if retried.is_empty() {
        return Ok(());
    }
    let err = |cause: String| BatchError::Resume {
        path: path.display().to_string(),
        cause,
    };
    // Rewrite without them: to a file beside it, then renamed over it, so a
    // kill here leaves the old file or the new one, never half of one.
    let mut kept = path.as_os_str().to_owned();
    kept.push(".resume");
    let kept = std::path::PathBuf::from(kept);
    let rewrite = || -> std::io::Result<()> {
        let mut reader = BufReader::new(File::open(path)?);
        let mut out = std::io::BufWriter::new(File::create(&kept)?);
        let mut line = Vec::new();
        let mut retried = retried.iter().peekable();
        for number in 1u64.. {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            if retried.next_if_eq(&&number).is_none() {
                out.write_all(&line)?;
            }
        }
        out.flush()?;
        out.get_ref().sync_data()?;
        std::fs::rename(&kept, path)
    };
    rewrite().map_err(|e| err(format!("cannot drop the rows to retry: {e}")))
}

/// Adds the ids of a JSON Lines file (articles or error rows) to `done`, and
/// cuts off a last row left incomplete by an interrupted run. A missing file
/// adds nothing.
pub fn load_jsonl(path: &Path, done: &mut DoneSet) -> Result<(), BatchError> {
    load(path, done, false).map(drop)
}

/// Counts the ids of a JSON Lines file and cuts off an incomplete last row;
/// with `skip_retry`, rows marked `retry` are not counted. Returns the line
/// numbers (from 1, ascending) of the rows not counted.
fn load(path: &Path, done: &mut DoneSet, skip_retry: bool) -> Result<Vec<u64>, BatchError> {
    let err = |cause: String| BatchError::Resume {
        path: path.display().to_string(),
        cause,
    };
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(err(e.to_string())),
    };
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut good_end = 0u64;
    let mut number = 0u64;
    let mut cut = false;
    let mut retried = Vec::new();
    loop {
        number += 1;
        match read_line_capped(
            &mut reader as &mut dyn BufRead,
            &mut line,
            u64::MAX,
            u64::MAX,
        )
        .map_err(|e| err(e.to_string()))?
        {
            LineRead::Eof => break,
            LineRead::TooLong | LineRead::Endless => {
                return Err(err(format!("line {number} is too long")))
            }
            LineRead::Line { complete: false } => {
                cut = true;
                break;
            }
            LineRead::Line { complete: true } => {}
        }
        let row: IdOnly = serde_json::from_slice(&line)
            .map_err(|e| err(format!("line {number} is not a JSON row: {e}")))?;
        let id = row
            .id
            .ok_or_else(|| err(format!("line {number} has no id")))?;
        if skip_retry && row.retry {
            retried.push(number);
        } else {
            done.insert(&id);
        }
        good_end += line.len() as u64 + 1;
    }
    if cut {
        let file = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| err(e.to_string()))?;
        file.set_len(good_end).map_err(|e| err(e.to_string()))?;
    }
    Ok(retried)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_multiset_takes_each_count_once() {
        let mut done = DoneSet::default();
        done.insert("a");
        done.insert("a");
        done.insert("b");
        assert!(done.take("a") && done.take("a") && !done.take("a"));
        assert!(done.take("b") && !done.take("c"));
        assert!(done.is_empty());
        assert_eq!(done.total(), 3);
    }

    #[test]
    fn a_cut_last_row_is_truncated_and_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"x\":1}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"te",
        )
        .unwrap();
        let mut done = DoneSet::default();
        load_jsonl(&path, &mut done).unwrap();
        assert_eq!(done.total(), 2);
        assert!(!done.take("c"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"id\":\"a\",\"x\":1}\n{\"id\":\"b\"}\n"
        );
    }

    #[test]
    fn error_rows_to_retry_are_dropped_and_not_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.errors.jsonl");
        std::fs::write(
            &path,
            "{\"id\":\"a\",\"cause\":\"bad\"}\n\
             {\"id\":\"b\",\"cause\":\"truncated\",\"retry\":true}\n\
             {\"id\":\"c\",\"cause\":\"bad\"}\n{\"id\":\"d\",\"ca",
        )
        .unwrap();
        let mut done = DoneSet::default();
        load_errors(&path, &mut done).unwrap();
        assert_eq!(done.total(), 2);
        assert!(done.take("a") && done.take("c") && !done.take("b"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"id\":\"a\",\"cause\":\"bad\"}\n{\"id\":\"c\",\"cause\":\"bad\"}\n"
        );
        assert!(!dir.path().join("out.errors.jsonl.resume").exists());
    }

    #[test]
    fn an_article_row_is_never_taken_for_one_to_retry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"id\":\"a\",\"retry\":true}\n").unwrap();
        let mut done = DoneSet::default();
        load_jsonl(&path, &mut done).unwrap();
        assert!(done.take("a"));
    }

    #[test]
    fn a_broken_row_inside_the_file_stops_the_resume() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"id\":\"a\"}\nnope\n{\"id\":\"b\"}\n").unwrap();
        let e = load_jsonl(&path, &mut DoneSet::default()).unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
    }
}
