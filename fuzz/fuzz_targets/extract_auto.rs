//! The public entry point as front ends call it: input kind detected from the
//! bytes, default options.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::Options;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = warta_extract::extract(data, &Options::default()) {
        warta_fuzz::check_article(&article);
    }
});
