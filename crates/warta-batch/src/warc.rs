//! A small WARC record reader: bounded memory per record, HTTP response
//! records only, the HTTP header read for status, content type and charset.
//!
//! It reads plain WARC or the decompressed stream of a WARC.gz (one gzip member
//! per record, or one for the whole file). A record larger than the limit is
//! skipped over without being held; a record cut short by the end of the file
//! is a failure, not a crash; a header that is not WARC is reported once and
//! reading resumes at the next `WARC/` line.

use std::io::{self, BufRead, Read, Write};

use flate2::read::MultiGzDecoder;
use warta_extract::InputHint;

use crate::input::{
    gzip_skip_limit, read_cause, read_line_capped, too_large_cause, Failure, Item, LineRead, Page,
    ReadOptions,
};
use crate::SkipReason;

/// Largest WARC header line and header block accepted.
const MAX_HEADER_LINE: u64 = 64 << 10;
const MAX_HEADER_LINES: usize = 1024;

/// Counts the decompressed offset so every record has a place in the file.
struct Cursor<'a> {
    reader: &'a mut dyn BufRead,
    offset: u64,
}

impl Read for Cursor<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.reader.read(buf)?;
        self.offset += n as u64;
        Ok(n)
    }
}

impl BufRead for Cursor<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.reader.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.offset += amt as u64;
        self.reader.consume(amt);
    }
}

/// The WARC header fields warta uses.
#[derive(Default, Debug)]
struct WarcHeader {
    kind: Option<String>,
    record_id: Option<String>,
    target_uri: Option<String>,
    content_length: Option<u64>,
}

/// Reads every record of a WARC stream, handing each response record on.
pub(crate) fn read_warc(
    reader: &mut dyn BufRead,
    name: &str,
    gzipped: bool,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Item) -> bool,
) -> bool {
    let mut cur = Cursor { reader, offset: 0 };
    let mut line = Vec::new();
    let fail =
        |id: String, source: String, cause: String| Item::Failed(Failure::new(id, source, cause));
    // The input could not be read here: `--resume` tries the record again.
    let unread = |id: String, source: String, cause: String| {
        Item::Failed(Failure::unread(id, source, cause))
    };
    let mut resyncing = false;
    loop {
        let start = cur.offset;
        let place = format!("{name}@{start}");
        // The version line, after the blank lines that end the previous record.
        // Between records only header lines are expected: in a gzip source a
        // run of bytes without a newline is skipped only so far (a bomb).
        let skip_limit = if gzipped {
            gzip_skip_limit(options.max_record_bytes)
        } else {
            u64::MAX
        };
        match read_line_capped(&mut cur, &mut line, MAX_HEADER_LINE, skip_limit) {
            Ok(LineRead::Eof) => return true,
            Ok(LineRead::Endless) => {
                emit(fail(
                    place.clone(),
                    place,
                    format!(
                        "not a WARC record header here, and no line end within {skip_limit} \
                         bytes (a gzip bomb?); the rest of this input is not read"
                    ),
                ));
                return true;
            }
            Ok(LineRead::Line { .. }) if line.trim_ascii().is_empty() => continue,
            Ok(LineRead::Line { .. }) if line.starts_with(b"WARC/") => resyncing = false,
            Ok(_) => {
                if !resyncing {
                    resyncing = true;
                    let item = fail(
                        place.clone(),
                        place,
                        "not a WARC record header here; skipping to the next record".to_owned(),
                    );
                    if !emit(item) {
                        return false;
                    }
                }
                continue;
            }
            Err(e) => {
                emit(unread(place.clone(), place, read_cause(&e, gzipped)));
                return true;
            }
        }
        let header = match read_header(&mut cur, &mut line) {
            Ok(header) => header,
            Err(cause) => {
                emit(match cause {
                    HeaderError::Io(e) => unread(place.clone(), place, read_cause(&e, gzipped)),
                    HeaderError::Cut(text) => unread(place.clone(), place, text),
                    HeaderError::Bad(text) => fail(place.clone(), place, text),
                });
                // Without a header the record's length is unknown: stop here.
                return true;
            }
        };
        let id = header.record_id.clone().unwrap_or_else(|| place.clone());
        let Some(length) = header.content_length else {
            emit(fail(
                id,
                place,
                "WARC record without a Content-Length".to_owned(),
            ));
            return true;
        };
        let is_response = header.kind.as_deref() == Some("response");
        if !is_response || length > options.max_record_bytes {
            // Pass over the content without holding it.
            let skipped = match io::copy(&mut (&mut cur).take(length), &mut io::sink()) {
                Ok(n) => n,
                Err(e) => {
                    if is_response {
                        emit(unread(id, place, read_cause(&e, gzipped)));
                    }
                    return true;
                }
            };
            if is_response && !emit(fail(id, place, too_large_cause(options.max_record_bytes))) {
                return false;
            }
            if skipped < length {
                // The file ends inside this record: nothing follows.
                return true;
            }
            continue;
        }
        let mut content = Vec::with_capacity(length.min(1 << 20) as usize);
        match (&mut cur).take(length).read_to_end(&mut content) {
            Ok(n) if (n as u64) < length => {
                let cause = format!(
                    "truncated WARC record: Content-Length is {length} but the file ends after {n} bytes"
                );
                emit(unread(id, place, cause));
                return true;
            }
            Ok(_) => {}
            Err(e) => {
                emit(unread(id, place, read_cause(&e, gzipped)));
                return true;
            }
        }
        let item = response_item(id, place, header.target_uri, content, options);
        if !emit(item) {
            return false;
        }
    }
}

enum HeaderError {
    Io(io::Error),
    /// The input ends inside the header.
    Cut(String),
    Bad(String),
}

fn read_header(cur: &mut Cursor<'_>, line: &mut Vec<u8>) -> Result<WarcHeader, HeaderError> {
    let mut header = WarcHeader::default();
    for _ in 0..MAX_HEADER_LINES {
        // A header line is short: an over-long one ends the record's reading
        // as soon as it is seen to be over the cap.
        match read_line_capped(cur, line, MAX_HEADER_LINE, MAX_HEADER_LINE)
            .map_err(HeaderError::Io)?
        {
            LineRead::Eof | LineRead::Line { complete: false } => {
                return Err(HeaderError::Cut(
                    "truncated WARC record: the file ends inside the header".to_owned(),
                ))
            }
            LineRead::TooLong | LineRead::Endless => {
                return Err(HeaderError::Bad("WARC header line too long".to_owned()))
            }
            LineRead::Line { complete: true } => {}
        }
        if line.is_empty() {
            return Ok(header);
        }
        let text = String::from_utf8_lossy(line);
        let Some((field, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match field.trim().to_ascii_lowercase().as_str() {
            "warc-type" => header.kind = Some(value.to_ascii_lowercase()),
            "warc-record-id" => header.record_id = Some(value.to_owned()),
            "warc-target-uri" => {
                header.target_uri = Some(
                    value
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_owned(),
                )
            }
            "content-length" => {
                header.content_length =
                    Some(value.parse().map_err(|_| {
                        HeaderError::Bad(format!("bad WARC Content-Length `{value}`"))
                    })?)
            }
            _ => {}
        }
    }
    Err(HeaderError::Bad(
        "WARC header has too many lines".to_owned(),
    ))
}

/// Turns the content of a response record into a page, a skip or a failure.
fn response_item(
    id: String,
    place: String,
    url: Option<String>,
    mut content: Vec<u8>,
    options: &ReadOptions,
) -> Item {
    let fail = |id: String, cause: String| Item::Failed(Failure::new(id, place.clone(), cause));
    let mut headers = [httparse::EMPTY_HEADER; 128];
    let mut response = httparse::Response::new(&mut headers);
    let body_start = match response.parse(&content) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return fail(id, "HTTP response header is incomplete".to_owned())
        }
        Err(e) => return fail(id, format!("bad HTTP response header: {e}")),
    };
    let status = response.code.unwrap_or(0);
    let mut content_type = None;
    let mut content_encoding = None;
    let mut chunked = false;
    for h in response.headers.iter() {
        let value = String::from_utf8_lossy(h.value).trim().to_owned();
        if h.name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value);
        } else if h.name.eq_ignore_ascii_case("content-encoding") {
            content_encoding = Some(value.to_ascii_lowercase());
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.to_ascii_lowercase().contains("chunked");
        }
    }
    if status != 200 {
        return Item::Skipped {
            id,
            reason: SkipReason::Status,
        };
    }
    let mut body = content.split_off(body_start);
    drop(content);
    if chunked {
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    match content_encoding.as_deref() {
        None | Some("identity") | Some("") => {}
        Some("gzip") | Some("x-gzip") => {
            let mut plain = Vec::new();
            let max = options.max_record_bytes;
            match MultiGzDecoder::new(&body[..])
                .take(max + 1)
                .read_to_end(&mut plain)
            {
                Ok(_) if plain.len() as u64 > max => return fail(id, too_large_cause(max)),
                Ok(_) => body = plain,
                Err(e) => return fail(id, format!("bad gzip Content-Encoding: {e}")),
            }
        }
        Some(other) => return fail(id, format!("unsupported Content-Encoding `{other}`")),
    }
    let (mime, charset) = parse_content_type(content_type.as_deref());
    let html = match mime.as_deref() {
        Some("text/html") | Some("application/xhtml+xml") => true,
        // No declared type: take it when it looks like markup.
        None => body.trim_ascii_start().starts_with(b"<"),
        Some(_) => false,
    };
    if !html {
        return Item::Skipped {
            id,
            reason: SkipReason::NotHtml,
        };
    }
    Item::Page(Page {
        id,
        source: place,
        url,
        charset,
        input: InputHint::Html,
        bytes: body,
    })
}

/// Splits `text/html; charset=ISO-8859-1` into the lower-case type and charset.
fn parse_content_type(value: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(value) = value else {
        return (None, None);
    };
    let mut parts = value.split(';');
    let mime = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (key, val) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| val.trim().trim_matches('"').trim_matches('\'').to_owned())
            .filter(|c| !c.is_empty())
    });
    (mime, charset)
}

/// Decodes an HTTP chunked body; `None` when it is not well-formed chunks
/// (crawlers often store the body already de-chunked).
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    loop {
        let eol = body.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&body[..eol]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        body = &body[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        if body.len() < size {
            return None;
        }
        out.extend_from_slice(&body[..size]);
        body = body.get(size..)?;
        body = body.strip_prefix(b"\r\n").unwrap_or(body);
    }
}

/// Writes WARC records: a small writer for tests and tools (one gzip member
/// per record when compressed, as WARC.gz files are laid out).
pub struct WarcWriter<W: Write> {
    out: W,
    gzip: bool,
}

impl<W: Write> WarcWriter<W> {
    /// A writer; `gzip` compresses each record as its own member.
    pub fn new(out: W, gzip: bool) -> Self {
        WarcWriter { out, gzip }
    }

    /// Writes one record with the given WARC headers and content block.
    pub fn write_record(&mut self, headers: &[(&str, &str)], content: &[u8]) -> io::Result<()> {
        let mut record = Vec::with_capacity(content.len() + 256);
        record.extend_from_slice(b"WARC/1.0\r\n");
        for (name, value) in headers {
            record.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        record.extend_from_slice(format!("Content-Length: {}\r\n\r\n", content.len()).as_bytes());
        record.extend_from_slice(content);
        record.extend_from_slice(b"\r\n\r\n");
        if self.gzip {
            let mut enc = flate2::write::GzEncoder::new(&mut self.out, flate2::Compression::fast());
            enc.write_all(&record)?;
            enc.finish()?;
            Ok(())
        } else {
            self.out.write_all(&record)
        }
    }

    /// Writes an HTTP response record for `uri`.
    pub fn write_response(
        &mut self,
        record_id: &str,
        uri: &str,
        status: u16,
        content_type: &str,
        body: &[u8],
    ) -> io::Result<()> {
        let mut http = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        http.extend_from_slice(body);
        self.write_record(
            &[
                ("WARC-Type", "response"),
                ("WARC-Record-ID", record_id),
                ("WARC-Target-URI", uri),
                ("WARC-Date", "2026-01-01T00:00:00Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            &http,
        )
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::read_source;

    fn options() -> ReadOptions {
        ReadOptions {
            input: InputHint::Auto,
            max_record_bytes: 1 << 20,
        }
    }

    fn collect(name: &str, bytes: &[u8]) -> Vec<Item> {
        let mut items = Vec::new();
        read_source(name, bytes, &options(), &mut |item| {
            items.push(item);
            true
        });
        items
    }

    fn sample(gzip: bool) -> Vec<u8> {
        let mut w = WarcWriter::new(Vec::new(), gzip);
        w.write_record(&[("WARC-Type", "warcinfo")], b"software: test\r\n")
            .unwrap();
        w.write_response(
            "<urn:uuid:1>",
            "https://a.test/1",
            200,
            "text/html; charset=windows-1252",
            b"<p>Satu</p>",
        )
        .unwrap();
        w.write_record(
            &[
                ("WARC-Type", "request"),
                ("WARC-Target-URI", "https://a.test/2"),
            ],
            b"GET / HTTP/1.1\r\n\r\n",
        )
        .unwrap();
        w.write_response(
            "<urn:uuid:2>",
            "https://a.test/2",
            404,
            "text/html",
            b"<p>gone</p>",
        )
        .unwrap();
        w.write_response(
            "<urn:uuid:3>",
            "https://a.test/3.jpg",
            200,
            "image/jpeg",
            b"\xff\xd8\xff",
        )
        .unwrap();
        w.write_response(
            "<urn:uuid:4>",
            "https://a.test/4",
            200,
            "application/xhtml+xml",
            b"<p>Empat</p>",
        )
        .unwrap();
        w.into_inner()
    }

    fn summarize(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Page(p) => format!(
                    "page {} {} {:?} {}",
                    p.id,
                    p.url.as_deref().unwrap_or("-"),
                    p.charset,
                    String::from_utf8_lossy(&p.bytes)
                ),
                Item::Skipped { id, reason } => format!("skip {id} {reason:?}"),
                Item::Failed(f) => format!(
                    "fail {} {}{}",
                    f.id,
                    f.cause,
                    if f.retry { " (retry)" } else { "" }
                ),
            })
            .collect()
    }

    #[test]
    fn responses_are_read_and_others_skipped_or_ignored() {
        for gzip in [false, true] {
            let items = collect("crawl.warc.gz", &sample(gzip));
            assert_eq!(
                summarize(&items),
                vec![
                    "page <urn:uuid:1> https://a.test/1 Some(\"windows-1252\") <p>Satu</p>",
                    "skip <urn:uuid:2> Status",
                    "skip <urn:uuid:3> NotHtml",
                    "page <urn:uuid:4> https://a.test/4 None <p>Empat</p>",
                ],
                "gzip {gzip}"
            );
        }
    }

    #[test]
    fn a_truncated_record_is_one_failure_after_the_good_ones() {
        let mut data = sample(false);
        data.truncate(data.len() - 8);
        let items = collect("cut.warc", &data);
        let last = summarize(&items).pop().unwrap();
        assert!(
            last.starts_with("fail <urn:uuid:4> truncated WARC record"),
            "{last}"
        );
        // The input ended, the record is not bad: a resume reads it again.
        assert!(last.ends_with("(retry)"), "{last}");
        assert_eq!(items.len(), 4);
    }

    #[test]
    fn a_record_cut_inside_its_header_is_tried_again() {
        let data = sample(false);
        let last_record = data.windows(6).rposition(|w| w == b"WARC/1").unwrap();
        let items = collect("cut.warc", &data[..last_record + 40]);
        let last = summarize(&items).pop().unwrap();
        assert!(
            last.contains("ends inside the header") && last.ends_with("(retry)"),
            "{last}"
        );
    }

    #[test]
    fn a_truncated_gzip_member_is_a_failure_naming_gzip() {
        let mut data = sample(true);
        data.truncate(data.len() - 20);
        let items = collect("cut.warc.gz", &data);
        let last = summarize(&items).pop().unwrap();
        assert!(last.starts_with("fail") && last.contains("gzip"), "{last}");
        assert!(last.ends_with("(retry)"), "{last}");
    }

    #[test]
    fn an_oversized_record_is_skipped_over_without_being_held() {
        let mut w = WarcWriter::new(Vec::new(), false);
        w.write_response(
            "<urn:uuid:big>",
            "https://a.test/big",
            200,
            "text/html",
            &vec![b'a'; 3 << 20],
        )
        .unwrap();
        w.write_response(
            "<urn:uuid:ok>",
            "https://a.test/ok",
            200,
            "text/html",
            b"<p>ok</p>",
        )
        .unwrap();
        let items = collect("big.warc", &w.into_inner());
        let lines = summarize(&items);
        assert!(
            lines[0].starts_with("fail <urn:uuid:big> record exceeds")
                && !lines[0].ends_with("(retry)"),
            "{lines:?}"
        );
        assert!(lines[1].starts_with("page <urn:uuid:ok>"), "{lines:?}");
    }

    #[test]
    fn garbage_between_records_is_reported_once_and_reading_resumes() {
        let mut data = b"junk line\r\nmore junk\r\n".to_vec();
        data.extend(sample(false));
        let items = collect("junk.warc", &data);
        let lines = summarize(&items);
        assert!(
            lines[0].starts_with("fail junk.warc@0 not a WARC record"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn chunked_and_gzip_bodies_are_decoded() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"<html>"), None);
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<p>zip</p>").unwrap();
        let gz = enc.finish().unwrap();
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        http.extend(gz);
        match response_item("i".into(), "p".into(), None, http, &options()) {
            Item::Page(p) => assert_eq!(p.bytes, b"<p>zip</p>"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn content_type_parameters_are_parsed() {
        assert_eq!(
            parse_content_type(Some("Text/HTML; Charset=\"UTF-8\"")),
            (Some("text/html".into()), Some("UTF-8".into()))
        );
        assert_eq!(
            parse_content_type(Some("text/html")),
            (Some("text/html".into()), None)
        );
    }
}
