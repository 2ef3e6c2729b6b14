//! The HTML path: decode → parse → extract on any bytes read as HTML, with a
//! declared charset taken from the first bytes so decoding is fuzzed too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::{InputHint, Options};

/// Charsets a server may declare, right or wrong, for the page.
const CHARSETS: &[Option<&str>] = &[
    None,
    Some("utf-8"),
    Some("utf-16"),
    Some("utf-16le"),
    Some("windows-1252"),
    Some("iso-8859-1"),
    Some("shift_jis"),
    Some("gb18030"),
    Some("no-such-charset"),
];

fuzz_target!(|data: &[u8]| {
    let (charset, page) = match data.split_first() {
        Some((first, rest)) => (CHARSETS[usize::from(*first) % CHARSETS.len()], rest),
        None => (None, data),
    };
    let options = Options {
        input: InputHint::Html,
        charset: charset.map(str::to_owned),
        url: Some("https://example.com/news/1".to_owned()),
        explain: true,
        ..Options::default()
    };
    if let Ok(article) = warta_extract::extract(page, &options) {
        warta_fuzz::check_article(&article);
    }
});
