//! Shared checks for warta's fuzz targets: an input may give an article or a
//! clear error, and an article must keep the model's invariants.
//!
//! What it is not: a test suite of its own. Every crash the fuzzers find is
//! turned into a regression test in the crate that owns the code.

use warta_model::{Article, OutputFormat};

/// Panics (so libFuzzer records a crash) when `article` breaks an invariant
/// of the contract: `text` is the body joined by blank lines, and every fact
/// offset is a character range of `text` holding the words it claims.
pub fn check_article(article: &Article) {
    let joined: Vec<&str> = article.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        article.text,
        joined.join(Article::TEXT_SEPARATOR),
        "text is not the body joined"
    );

    let chars: Vec<char> = article.text.chars().collect();
    let slice = |start: usize, end: usize| -> String {
        assert!(
            start <= end && end <= chars.len(),
            "offset {start}..{end} outside text of {} chars",
            chars.len()
        );
        chars[start..end].iter().collect()
    };
    for entity in &article.entities {
        for span in &entity.mentions {
            assert!(span.start < span.end, "empty entity span");
            let _ = slice(span.start, span.end);
        }
    }
    for date in &article.dates {
        if let (Some(start), Some(end)) = (date.start, date.end) {
            assert_eq!(
                slice(start, end),
                date.text,
                "date offsets do not hold its text"
            );
        }
    }
    for money in &article.money {
        assert_eq!(
            slice(money.start, money.end),
            money.text,
            "money offsets do not hold its text"
        );
        assert!(money.amount.is_finite(), "money amount is not a number");
    }
    for quote in &article.quotes {
        let _ = slice(quote.start, quote.end);
    }
    for block in &article.body {
        for mark in &block.inline {
            assert!(
                mark.start <= mark.end && mark.end <= block.text.len(),
                "inline mark outside its block"
            );
            assert!(
                block.text.is_char_boundary(mark.start) && block.text.is_char_boundary(mark.end),
                "inline mark splits a character"
            );
        }
    }

    let json = warta_model::render(article, OutputFormat::Json);
    let value: serde_json::Value =
        serde_json::from_str(&json).expect("rendered JSON does not parse");
    assert!(value.is_object(), "rendered JSON is not an object");
    for format in [
        OutputFormat::Jsonl,
        OutputFormat::Markdown,
        OutputFormat::Text,
    ] {
        let _ = warta_model::render(article, format);
    }
}

/// The record size limit the batch-reader targets use: small, so the
/// over-limit path is reached by inputs of fuzzing size.
pub const FUZZ_MAX_RECORD_BYTES: u64 = 4096;

/// Reads `data` as the batch source `name` and checks what every record
/// becomes: a page within the size limit, a failure with a cause naming its
/// place, or a skip. Returns the pages, for targets that extract them.
pub fn check_batch_source(name: &str, data: &[u8]) -> Vec<warta_batch::input::Page> {
    use warta_batch::input::{read_source, Item, ReadOptions};
    let options = ReadOptions {
        input: warta_extract::InputHint::Auto,
        max_record_bytes: FUZZ_MAX_RECORD_BYTES,
    };
    let mut pages = Vec::new();
    let mut records = 0usize;
    read_source(name, data, &options, &mut |item| {
        records += 1;
        match item {
            Item::Page(page) => {
                assert!(
                    page.bytes.len() as u64 <= FUZZ_MAX_RECORD_BYTES,
                    "a page over the record limit"
                );
                assert!(!page.source.is_empty(), "a page without a source");
                pages.push(page);
            }
            Item::Failed(failure) => {
                assert!(
                    !failure.cause.trim().is_empty(),
                    "a failure without a cause"
                );
                assert!(
                    failure.source.starts_with(name),
                    "a failure not naming its input: {}",
                    failure.source
                );
            }
            Item::Skipped { .. } => {}
        }
        true
    });
    // Every record of a plain source costs at least one input byte, except a
    // single failure for an empty source: reading cannot run away. (A gzip
    // source may hold more records than it has bytes.)
    if !data.starts_with(&[0x1f, 0x8b]) {
        assert!(
            records <= data.len() + 1,
            "{records} records from {} bytes",
            data.len()
        );
    }
    pages
}
