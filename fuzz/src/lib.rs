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
