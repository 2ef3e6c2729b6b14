//! `warta batch`'s WARC reader (plain or gzip, sniffed from the bytes): any
//! bytes give pages within the record limit, failures naming their offset, or
//! skips — and each page extracts keeping the model's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::Options;

fuzz_target!(|data: &[u8]| {
    for page in warta_fuzz::check_batch_source("fuzz.warc", data) {
        let options = Options {
            input: page.input,
            url: page.url.clone(),
            charset: page.charset.clone(),
            ..Options::default()
        };
        if let Ok(article) = warta_extract::extract(&page.bytes, &options) {
            warta_fuzz::check_article(&article);
        }
    }
});
