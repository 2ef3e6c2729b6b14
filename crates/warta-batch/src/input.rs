//! Inputs to records: paths, directories, globs and stdin are expanded into
//! sources; each source is read as a single page, JSON Lines or WARC, through
//! gzip when it is compressed. Every record carries a stable id: the one
//! given, or one derived from the source name and the record's place in it.
//!
//! Reading is push-style: records are handed to a callback one at a time, so a
//! source of any size is read with memory bounded by one record.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;
use serde::Deserialize;
use warta_extract::InputHint;

use crate::{warc, SkipReason};

/// A page ready for extraction.
#[derive(Clone, Debug)]
pub struct Page {
    /// Stable record id.
    pub id: String,
    /// Where the record came from (file and place in it), for error rows.
    pub source: String,
    /// The page URL, when the input gives it.
    pub url: Option<String>,
    /// Character set declared outside the page (HTTP `Content-Type`).
    pub charset: Option<String>,
    /// How to read the bytes.
    pub input: InputHint,
    /// The page's bytes, decompressed.
    pub bytes: Vec<u8>,
}

/// A record that could not be read, or a page that could not be extracted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, Deserialize)]
pub struct Failure {
    /// Stable record id.
    pub id: String,
    /// Where the record came from.
    pub source: String,
    /// What went wrong, for a human.
    pub cause: String,
    /// The record could not be *read* (the input ended inside it, an I/O
    /// error, a missing file): it may read whole next time, as when a pipe is
    /// cut by Ctrl-C, so `--resume` drops this row and tries the record again.
    /// Failures of the record's content (too large, not a page, bad JSON, an
    /// extractor error) are final.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retry: bool,
}

impl Failure {
    /// A final failure: the record was read and is bad.
    pub fn new(id: String, source: String, cause: String) -> Failure {
        Failure {
            id,
            source,
            cause,
            retry: false,
        }
    }

    /// A failure to read the record, which `--resume` tries again.
    pub fn unread(id: String, source: String, cause: String) -> Failure {
        Failure {
            retry: true,
            ..Failure::new(id, source, cause)
        }
    }
}

/// One record read from an input.
#[derive(Debug)]
pub enum Item {
    /// A page to extract.
    Page(Page),
    /// A record that could not be read.
    Failed(Failure),
    /// A record read but not meant for extraction.
    Skipped {
        /// Stable record id.
        id: String,
        /// Why it is skipped.
        reason: SkipReason,
    },
}

/// How records are read.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// How to read pages that do not say what they are.
    pub input: InputHint,
    /// Largest decompressed record accepted.
    pub max_record_bytes: u64,
}

/// One thing to read: a file, or standard input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file on disk.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// An input argument that names nothing readable.
    Missing {
        /// The argument as given.
        arg: String,
        /// Why.
        cause: String,
    },
}

impl Source {
    /// The name used in ids and error rows.
    pub fn name(&self) -> String {
        match self {
            Source::File(path) => path.display().to_string(),
            Source::Stdin => "-".to_owned(),
            Source::Missing { arg, .. } => arg.clone(),
        }
    }
}

/// Expands the input arguments into sources, in a stable order: arguments in
/// the order given, directory entries and glob matches sorted by path.
pub fn expand(inputs: &[String]) -> Vec<Source> {
    let mut sources = Vec::new();
    for arg in inputs {
        if arg == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let before = sources.len();
            let walk = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name();
            for entry in walk {
                match entry {
                    Ok(entry) if entry.file_type().is_file() => {
                        sources.push(Source::File(entry.into_path()));
                    }
                    Ok(_) => {}
                    Err(e) => sources.push(Source::Missing {
                        arg: e
                            .path()
                            .map_or_else(|| arg.clone(), |p| p.display().to_string()),
                        cause: format!("cannot list directory: {e}"),
                    }),
                }
            }
            if sources.len() == before {
                sources.push(Source::Missing {
                    arg: arg.clone(),
                    cause: "directory holds no files".to_owned(),
                });
            }
        } else if path.exists() {
            sources.push(Source::File(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let mut matched: Vec<PathBuf> = Vec::new();
                    for entry in paths {
                        match entry {
                            Ok(p) if p.is_file() => matched.push(p),
                            Ok(p) if p.is_dir() => {
                                sources.extend(expand(&[p.display().to_string()]));
                            }
                            Ok(_) => {}
                            Err(e) => sources.push(Source::Missing {
                                arg: e.path().display().to_string(),
                                cause: format!("cannot read: {}", e.error()),
                            }),
                        }
                    }
                    matched.sort();
                    if matched.is_empty() {
                        sources.push(Source::Missing {
                            arg: arg.clone(),
                            cause: "the pattern matches no file".to_owned(),
                        });
                    }
                    sources.extend(matched.into_iter().map(Source::File));
                }
                Err(e) => sources.push(Source::Missing {
                    arg: arg.clone(),
                    cause: format!("bad glob pattern: {e}"),
                }),
            }
        } else {
            sources.push(Source::Missing {
                arg: arg.clone(),
                cause: "no such file or directory".to_owned(),
            });
        }
    }
    sources
}

/// Total size on disk of the file sources (for an ETA).
pub fn total_size(sources: &[Source]) -> u64 {
    sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// Counts the bytes read from the underlying file (for progress).
struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// What a source holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Page,
    JsonLines,
    Warc,
}

const IO_BUFFER: usize = 256 << 10;

/// Reads every source in order, handing each record to `emit`. Stops early
/// when `emit` returns `false`; returns `false` then.
pub fn read_sources(
    sources: &[Source],
    options: &ReadOptions,
    consumed: &Arc<AtomicU64>,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    for source in sources {
        let name = source.name();
        let raw: Box<dyn Read> = match source {
            Source::Missing { arg, cause } => {
                let failure = Failure::unread(arg.clone(), arg.clone(), cause.clone());
                if !emit(Item::Failed(failure)) {
                    return false;
                }
                continue;
            }
            Source::Stdin => Box::new(io::stdin()),
            Source::File(path) => match File::open(path) {
                Ok(file) => Box::new(file),
                Err(e) => {
                    let failure =
                        Failure::unread(name.clone(), name.clone(), format!("cannot open: {e}"));
                    if !emit(Item::Failed(failure)) {
                        return false;
                    }
                    continue;
                }
            },
        };
        let counted = Counting {
            inner: raw,
            counter: Arc::clone(consumed),
        };
        if !read_source(&name, counted, options, emit) {
            return false;
        }
    }
    true
}

/// Reads one source from any reader (a file, stdin, or bytes in a test).
pub fn read_source(
    name: &str,
    raw: impl Read,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let mut buffered = BufReader::with_capacity(IO_BUFFER, raw);
    let gzipped = match buffered.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(e) => {
            return emit(Item::Failed(Failure::unread(
                name.to_owned(),
                name.to_owned(),
                format!("cannot read: {e}"),
            )));
        }
    };
    let mut gzip_slot;
    let mut plain_slot;
    let reader: &mut dyn BufRead = if gzipped {
        gzip_slot = BufReader::with_capacity(IO_BUFFER, MultiGzDecoder::new(buffered));
        &mut gzip_slot
    } else {
        plain_slot = buffered;
        &mut plain_slot
    };
    let layout = match layout_from_name(name) {
        Some(layout) => layout,
        None => match reader.fill_buf() {
            Ok(head) => sniff(head),
            // A gzip stream broken at its start is a page that cannot be read.
            Err(_) => Layout::Page,
        },
    };
    let ctx = SourceCtx {
        name,
        gzipped,
        options,
    };
    match layout {
        Layout::Page => emit(ctx.read_page(reader)),
        Layout::JsonLines => ctx.read_json_lines(reader, emit),
        Layout::Warc => warc::read_warc(reader, name, gzipped, options, emit),
    }
}

fn layout_from_name(name: &str) -> Option<Layout> {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    if stem.ends_with(".warc") || stem.ends_with(".arc") {
        Some(Layout::Warc)
    } else if stem.ends_with(".jsonl") || stem.ends_with(".ndjson") {
        Some(Layout::JsonLines)
    } else if [".html", ".htm", ".xhtml", ".txt", ".text"]
        .iter()
        .any(|ext| stem.ends_with(ext))
    {
        Some(Layout::Page)
    } else {
        None
    }
}

fn sniff(head: &[u8]) -> Layout {
    let trimmed = head.trim_ascii_start();
    if trimmed.starts_with(b"WARC/") {
        Layout::Warc
    } else if trimmed.starts_with(b"{") {
        Layout::JsonLines
    } else {
        Layout::Page
    }
}

/// Describes a read error, naming a broken gzip stream as such.
pub(crate) fn read_cause(e: &io::Error, gzipped: bool) -> String {
    if gzipped {
        format!("truncated or corrupt gzip stream: {e}")
    } else {
        format!("cannot read: {e}")
    }
}

/// The cause written when a record is larger than allowed.
pub(crate) fn too_large_cause(max: u64) -> String {
    format!(
        "record exceeds {max} bytes decompressed (limit --max-record-bytes; a gzip bomb or a \
         non-page file)"
    )
}

struct SourceCtx<'a> {
    name: &'a str,
    gzipped: bool,
    options: &'a ReadOptions,
}

impl SourceCtx<'_> {
    fn failure(&self, id: String, source: String, cause: String) -> Item {
        Item::Failed(Failure::new(id, source, cause))
    }

    fn unread(&self, id: String, source: String, cause: String) -> Item {
        Item::Failed(Failure::unread(id, source, cause))
    }

    fn read_page(&self, reader: &mut dyn BufRead) -> Item {
        let max = self.options.max_record_bytes;
        let mut bytes = Vec::new();
        let name = self.name.to_owned();
        match reader.take(max.saturating_add(1)).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > max => {
                self.failure(name.clone(), name, too_large_cause(max))
            }
            Ok(_) => Item::Page(Page {
                id: name.clone(),
                source: name,
                url: None,
                charset: None,
                input: self.options.input,
                bytes,
            }),
            Err(e) => self.unread(name.clone(), name, read_cause(&e, self.gzipped)),
        }
    }

    fn read_json_lines(
        &self,
        reader: &mut dyn BufRead,
        emit: &mut dyn FnMut(Item) -> bool,
    ) -> bool {
        let max = self.options.max_record_bytes;
        let mut line = Vec::new();
        let mut number = 0u64;
        loop {
            number += 1;
            let place = format!("{}:{number}", self.name);
            let skip_limit = if self.gzipped {
                gzip_skip_limit(max)
            } else {
                u64::MAX
            };
            match read_line_capped(reader, &mut line, max, skip_limit) {
                Ok(LineRead::Eof) => return true,
                Ok(LineRead::Endless) => {
                    emit(self.failure(place.clone(), place, endless_cause(max, skip_limit)));
                    return true;
                }
                Ok(LineRead::TooLong) => {
                    let item = self.failure(place.clone(), place, too_large_cause(max));
                    if !emit(item) {
                        return false;
                    }
                }
                Ok(LineRead::Line { complete }) => {
                    if line.trim_ascii().is_empty() {
                        continue;
                    }
                    let item = if complete {
                        self.json_record(&line, place)
                    } else if !self.gzipped {
                        // A last line without its newline may be whole (an
                        // editor's file) or cut (a pipe closed early): when
                        // it is not JSON, it was cut.
                        match self.json_record(&line, place) {
                            Item::Failed(failure)
                                if serde_json::from_slice::<serde::de::IgnoredAny>(&line)
                                    .is_err() =>
                            {
                                Item::Failed(Failure {
                                    retry: true,
                                    ..failure
                                })
                            }
                            item => item,
                        }
                    } else {
                        // A gzip stream that ends inside a line has lost data.
                        self.unread(
                            place.clone(),
                            place,
                            "truncated gzip stream: the last line is cut off".to_owned(),
                        )
                    };
                    if !emit(item) {
                        return false;
                    }
                }
                Err(e) => {
                    let item = self.unread(place.clone(), place, read_cause(&e, self.gzipped));
                    emit(item);
                    // Nothing after a broken stream can be trusted or found.
                    return true;
                }
            }
        }
    }

    fn json_record(&self, line: &[u8], place: String) -> Item {
        let record: JsonRecord = match serde_json::from_slice(line) {
            Ok(record) => record,
            Err(e) => {
                return self.failure(place.clone(), place, format!("not a JSON record: {e}"));
            }
        };
        let id = match record.id {
            Some(JsonId::Text(id)) => id,
            Some(JsonId::Number(n)) => n.to_string(),
            None => place.clone(),
        };
        let (bytes, input) = match (record.html, record.text) {
            (Some(html), _) => (html.into_bytes(), InputHint::Html),
            (None, Some(text)) => (text.into_bytes(), InputHint::Text),
            (None, None) => {
                return self.failure(
                    id,
                    place,
                    "the record has no `html` or `text` field".to_owned(),
                );
            }
        };
        Item::Page(Page {
            id,
            source: place,
            url: record.url,
            charset: None,
            input,
            bytes,
        })
    }
}

#[derive(Deserialize)]
struct JsonRecord {
    #[serde(default)]
    id: Option<JsonId>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Text(String),
    Number(serde_json::Number),
}

/// The result of [`read_line_capped`].
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LineRead {
    /// No more input.
    Eof,
    /// A line is in the buffer; `complete` when it ended with `\n`.
    Line { complete: bool },
    /// The line was longer than the cap; it was consumed and dropped.
    TooLong,
    /// The line was longer than the cap and still had no end after
    /// `skip_limit` bytes: reading stopped there, inside the line.
    Endless,
}

/// How far past the record limit an over-long line of a gzip source is
/// skipped in search of its end before the rest of the source is given up:
/// a gzip bomb (a few MB holding gigabytes without a newline) costs the time
/// to decompress this much, not its whole size. Plain sources are skipped to
/// the end, their size being what is on disk.
pub(crate) fn gzip_skip_limit(max_record_bytes: u64) -> u64 {
    max_record_bytes.saturating_mul(4).max(256 << 20)
}

/// The cause written when a gzip source's over-long line has no end in sight.
pub(crate) fn endless_cause(max: u64, skipped: u64) -> String {
    format!(
        "record exceeds {max} bytes decompressed and no end of it within {skipped} bytes \
         (a gzip bomb?); the rest of this input is not read"
    )
}

/// Reads one line (without its `\n`) into `line`, never holding more than
/// `max` bytes: a longer line is skipped to its end and reported, or, when
/// it runs past `skip_limit` bytes, left unfinished ([`LineRead::Endless`]).
pub(crate) fn read_line_capped(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max: u64,
    skip_limit: u64,
) -> io::Result<LineRead> {
    line.clear();
    let mut too_long = false;
    let mut any = false;
    let mut consumed = 0u64;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(if !any {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line { complete: false }
            });
        }
        any = true;
        let (chunk, found) = match memchr_newline(buf) {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        if !too_long {
            if (line.len() + chunk.len()) as u64 > max {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(chunk);
            }
        }
        let used = chunk.len() + usize::from(found);
        reader.consume(used);
        consumed = consumed.saturating_add(used as u64);
        if too_long && !found && consumed > skip_limit {
            return Ok(LineRead::Endless);
        }
        if found {
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line { complete: true }
            });
        }
    }
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    // memchr, an optimised dependency, scans at memory speed even in a debug
    // build, where a byte loop would make skipping a long line crawl.
    memchr::memchr(b'\n', buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> ReadOptions {
        ReadOptions {
            input: InputHint::Auto,
            max_record_bytes: 1 << 20,
        }
    }

    fn collect(name: &str, bytes: &[u8], options: &ReadOptions) -> Vec<Item> {
        let mut items = Vec::new();
        read_source(name, bytes, options, &mut |item| {
            items.push(item);
            true
        });
        items
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn json_lines_give_ids_urls_and_input_kinds() {
        let data = b"{\"id\":\"a\",\"url\":\"https://x.test/1\",\"html\":\"<p>x</p>\"}\n\n{\"text\":\"Judul\"}\n{\"id\":7,\"html\":\"y\"}\n";
        let items = collect("dump.jsonl", data, &options());
        let ids: Vec<_> = items
            .iter()
            .map(|i| match i {
                Item::Page(p) => (p.id.clone(), p.input, p.url.clone()),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        assert_eq!(
            ids,
            vec![
                ("a".into(), InputHint::Html, Some("https://x.test/1".into())),
                ("dump.jsonl:3".into(), InputHint::Text, None),
                ("7".into(), InputHint::Html, None),
            ]
        );
    }

    #[test]
    fn bad_json_lines_become_failures_with_their_line() {
        let data = b"{\"html\":\"ok\"}\nnot json\n{\"url\":\"u\"}\n";
        let items = collect("x.jsonl", data, &options());
        assert!(matches!(&items[0], Item::Page(_)));
        match &items[1] {
            Item::Failed(f) => {
                assert_eq!(f.id, "x.jsonl:2");
                assert!(f.cause.contains("not a JSON record"), "{}", f.cause);
                assert!(!f.retry, "a whole line that is not JSON is final");
            }
            other => panic!("{other:?}"),
        }
        match &items[2] {
            Item::Failed(f) => assert!(f.cause.contains("no `html` or `text`") && !f.retry),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_last_line_cut_inside_its_json_is_tried_again_and_a_whole_one_is_read() {
        let items = collect(
            "x.jsonl",
            b"{\"html\":\"ok\"}\n{\"id\":\"b\",\"ht",
            &options(),
        );
        match &items[1] {
            Item::Failed(f) => assert!(f.retry && f.cause.contains("not a JSON record")),
            other => panic!("{other:?}"),
        }
        let items = collect(
            "x.jsonl",
            b"{\"html\":\"ok\"}\n{\"id\":\"b\",\"html\":\"x\"}",
            &options(),
        );
        assert!(
            matches!(&items[1], Item::Page(p) if p.id == "b"),
            "{items:?}"
        );
        let items = collect("x.jsonl", b"{\"id\":\"b\"}", &options());
        assert!(
            matches!(&items[0], Item::Failed(f) if !f.retry),
            "{items:?}"
        );
    }

    #[test]
    fn an_overlong_line_is_skipped_to_its_end_or_only_up_to_the_skip_limit() {
        let mut data = vec![b'x'; 5000];
        data.extend_from_slice(b"\nnext\n");
        let mut line = Vec::new();
        let mut reader: &[u8] = &data;
        let read = read_line_capped(&mut reader, &mut line, 100, u64::MAX).unwrap();
        assert_eq!(read, LineRead::TooLong);
        assert_eq!(reader, b"next\n", "skipped to the line's end");
        let mut reader = std::io::BufReader::with_capacity(64, &data[..]);
        let read = read_line_capped(&mut reader, &mut line, 100, 1000).unwrap();
        assert_eq!(read, LineRead::Endless);
        assert!(line.is_empty(), "nothing of the line is held");
        let mut rest = Vec::new();
        reader.read_to_end(&mut rest).unwrap();
        assert!(rest.len() > 3000, "stopped soon after the skip limit");
    }

    #[test]
    fn an_overlong_line_is_one_failure_and_reading_goes_on() {
        let mut data = b"{\"html\":\"".to_vec();
        data.extend(std::iter::repeat_n(b'a', 5000));
        data.extend_from_slice(b"\"}\n{\"html\":\"ok\"}\n");
        let small = ReadOptions {
            max_record_bytes: 1000,
            ..options()
        };
        let items = collect("big.jsonl", &data, &small);
        assert_eq!(items.len(), 2);
        assert!(matches!(&items[0], Item::Failed(f) if f.cause.contains("exceeds 1000 bytes")));
        assert!(matches!(&items[1], Item::Page(p) if p.id == "big.jsonl:2"));
    }

    #[test]
    fn gzip_pages_are_decompressed_and_bombs_refused() {
        let page = b"<html><body><p>Halo</p></body></html>";
        let items = collect("a.html.gz", &gzip(page), &options());
        assert!(matches!(&items[0], Item::Page(p) if p.bytes == page));

        let bomb = gzip(&vec![b' '; 4 << 20]);
        let items = collect("bomb.html.gz", &bomb, &options());
        assert!(
            matches!(&items[0], Item::Failed(f) if f.cause.contains("exceeds") && f.cause.contains("gzip bomb")),
            "{items:?}"
        );
    }

    #[test]
    fn truncated_gzip_is_a_failure_naming_gzip() {
        let mut data =
            gzip(&b"<p>Sebuah halaman yang cukup panjang untuk dipotong.</p>".repeat(200));
        data.truncate(data.len() / 2);
        let items = collect("cut.html.gz", &data, &options());
        assert_eq!(items.len(), 1);
        assert!(
            matches!(&items[0], Item::Failed(f) if f.cause.contains("gzip") && f.retry),
            "{items:?}"
        );
    }

    #[test]
    fn truncated_gzip_json_lines_keep_whole_lines_and_fail_the_rest() {
        let mut lines = Vec::new();
        for i in 0..400 {
            lines.extend_from_slice(
                format!(
                    "{{\"id\":\"r{i}\",\"html\":\"<p>isi {i} {}</p>\"}}\n",
                    i * 7919
                )
                .as_bytes(),
            );
        }
        let mut data = gzip(&lines);
        data.truncate(data.len() * 2 / 3);
        let items = collect("cut.jsonl.gz", &data, &options());
        let pages = items.iter().filter(|i| matches!(i, Item::Page(_))).count();
        let failed = items
            .iter()
            .filter(|i| matches!(i, Item::Failed(_)))
            .count();
        assert!(pages > 10 && pages < 400, "{pages}");
        assert_eq!(failed, 1, "{items:?}");
        assert!(matches!(items.last(), Some(Item::Failed(f)) if f.retry));
    }

    #[test]
    fn layout_is_sniffed_when_the_name_says_nothing() {
        assert_eq!(sniff(b"WARC/1.0\r\n"), Layout::Warc);
        assert_eq!(sniff(b"  {\"html\":1}"), Layout::JsonLines);
        assert_eq!(sniff(b"<!doctype html>"), Layout::Page);
        assert_eq!(layout_from_name("a/b.warc.gz"), Some(Layout::Warc));
        assert_eq!(layout_from_name("a/b.JSONL"), Some(Layout::JsonLines));
        assert_eq!(layout_from_name("a/b.html.gz"), Some(Layout::Page));
        assert_eq!(layout_from_name("a/b"), None);
    }

    #[test]
    fn expand_walks_directories_in_order_and_reports_missing_inputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.html"), "b").unwrap();
        std::fs::write(dir.path().join("a.html"), "a").unwrap();
        std::fs::write(dir.path().join("sub/c.html"), "c").unwrap();
        let root = dir.path().display().to_string();
        let sources = expand(&[
            root.clone(),
            format!("{root}/*.html"),
            format!("{root}/nope"),
        ]);
        let names: Vec<_> = sources
            .iter()
            .map(|s| s.name().replace(&root, ""))
            .collect();
        assert_eq!(
            names,
            vec![
                "/a.html",
                "/b.html",
                "/sub/c.html",
                "/a.html",
                "/b.html",
                "/nope"
            ]
        );
        assert!(matches!(&sources[5], Source::Missing { cause, .. } if cause.contains("no such")));
    }
}
