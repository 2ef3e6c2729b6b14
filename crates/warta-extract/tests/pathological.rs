//! Pathological inputs through the public entry point, each in its own child
//! process with a bound on wall time and on peak resident memory.
//!
//! Every case must end in an article or a clear error: never a panic, a stack
//! overflow, a hang or unbounded memory. The child runs the case on a test
//! thread (2 MiB stack, as small as any front end's worker), a watchdog
//! thread aborts it the moment its resident memory passes the bound, and the
//! parent kills it when the time bound passes. The parent prints one table
//! row per case: input, time, peak memory, outcome.

use warta_bounded::bounded;
use warta_extract::{InputHint, Options};
use warta_model::Article;

/// Extracts and describes the outcome; an article must keep the invariants.
fn outcome(bytes: &[u8], options: &Options) -> String {
    match warta_extract::extract(bytes, options) {
        Ok(article) => {
            check(&article);
            format!(
                "article: {} body blocks, {} chars, {} warnings",
                article.body.len(),
                article.text.chars().count(),
                article.warnings.len()
            )
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.trim().is_empty(), "an error without a cause");
            format!("error: {message}")
        }
    }
}

fn check(article: &Article) {
    let joined: Vec<&str> = article.body.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(article.text, joined.join(Article::TEXT_SEPARATOR));
    let json = warta_model::render(article, warta_model::OutputFormat::Json);
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
}

fn html() -> Options {
    Options {
        input: InputHint::Html,
        ..Options::default()
    }
}

const PARAGRAPH: &str = "Pemerintah Kota Surabaya menyiapkan anggaran Rp1,2 miliar untuk perbaikan jalan, kata Wali Kota pada Rabu (24/8). ";

#[test]
fn nested_divs_200k() {
    bounded("nested_divs_200k", 120, 1024, || {
        let depth = 200_000;
        let mut page = String::from("<html><head><title>Deep</title></head><body>");
        page.push_str(&"<div>".repeat(depth));
        page.push_str("<p>");
        page.push_str(PARAGRAPH);
        page.push_str("</p>");
        page.push_str(&"</div>".repeat(depth));
        page.push_str("</body></html>");
        outcome(page.as_bytes(), &html())
    });
}

#[test]
fn page_50_mb() {
    bounded("page_50_mb", 400, 3072, || {
        let mut page = String::with_capacity(51 << 20);
        page.push_str("<html><head><title>Besar</title></head><body><article>");
        let mut i = 0;
        while page.len() < 50 << 20 {
            page.push_str(&format!("<p>{i} {PARAGRAPH}{PARAGRAPH}</p>\n"));
            i += 1;
        }
        page.push_str("</article></body></html>");
        outcome(page.as_bytes(), &html())
    });
}

#[test]
fn single_line_10_mb() {
    bounded("single_line_10_mb", 120, 1024, || {
        let mut line = String::with_capacity(10 << 20);
        while line.len() < 10 << 20 {
            line.push_str(PARAGRAPH);
        }
        let as_text = outcome(
            line.as_bytes(),
            &Options {
                input: InputHint::Text,
                ..Options::default()
            },
        );
        let page = format!("<html><body><p>{line}</p></body></html>");
        let as_html = outcome(page.as_bytes(), &html());
        format!("text: {as_text}; html: {as_html}")
    });
}

#[test]
fn attributes_1m() {
    bounded("attributes_1m", 120, 1536, || {
        let mut page = String::from("<html><body><div");
        for i in 0..1_000_000 {
            page.push_str(&format!(" a{i}=\"v{i}\""));
        }
        page.push('>');
        page.push_str(PARAGRAPH);
        page.push_str("</div></body></html>");
        outcome(page.as_bytes(), &html())
    });
}

#[test]
fn table_100k_cells() {
    bounded("table_100k_cells", 120, 1536, || {
        let mut page = String::from("<html><body><p>");
        page.push_str(PARAGRAPH);
        page.push_str("</p><table>");
        for row in 0..1_000 {
            page.push_str("<tr>");
            for col in 0..100 {
                page.push_str(&format!("<td>{row}x{col}</td>"));
            }
            page.push_str("</tr>");
        }
        page.push_str("</table></body></html>");
        outcome(page.as_bytes(), &html())
    });
}

#[test]
fn nul_bytes() {
    bounded("nul_bytes", 60, 512, || {
        let mut page = String::from("<html><body><p>");
        for _ in 0..200 {
            page.push_str(PARAGRAPH);
            page.push('\0');
        }
        page.push_str("</p></body></html>");
        let sparse = outcome(page.as_bytes(), &html());
        let mut dense = PARAGRAPH.as_bytes().to_vec();
        dense.extend(std::iter::repeat_n(0u8, 100_000));
        let dense = outcome(&dense, &Options::default());
        format!("sparse NULs: {sparse}; mostly NULs: {dense}")
    });
}

#[test]
fn invalid_utf8_declared_utf8() {
    bounded("invalid_utf8_declared_utf8", 60, 512, || {
        let mut page =
            b"<html><head><meta charset=\"utf-8\"><title>Rusak</title></head><body><p>".to_vec();
        for i in 0..2_000u32 {
            page.extend_from_slice(PARAGRAPH.as_bytes());
            // Lone continuation bytes, overlong forms, truncated sequences.
            page.extend_from_slice(&[0x80, 0xC0, 0xAF, 0xE2, 0x82, 0xFF, 0xFE, (i % 256) as u8]);
        }
        page.extend_from_slice(b"</p></body></html>");
        let declared_in_page = outcome(&page, &html());
        let declared_by_server = outcome(
            &page,
            &Options {
                input: InputHint::Html,
                charset: Some("utf-8".to_owned()),
                ..Options::default()
            },
        );
        format!("meta: {declared_in_page}; header: {declared_by_server}")
    });
}

#[test]
fn declared_utf16_but_not() {
    bounded("declared_utf16_but_not", 60, 512, || {
        let mut page =
            String::from("<html><head><meta charset=\"utf-16\"><title>Bukan</title></head><body>");
        for _ in 0..500 {
            page.push_str("<p>");
            page.push_str(PARAGRAPH);
            page.push_str("</p>");
        }
        page.push_str("</body></html>");
        let declared_in_page = outcome(page.as_bytes(), &html());
        let declared_by_server = outcome(
            page.as_bytes(),
            &Options {
                input: InputHint::Html,
                charset: Some("utf-16le".to_owned()),
                ..Options::default()
            },
        );
        format!("meta: {declared_in_page}; header: {declared_by_server}")
    });
}
