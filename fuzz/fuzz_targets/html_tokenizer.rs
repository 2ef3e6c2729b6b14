//! warta's HTML tokenizer against html5ever's: any bytes, read as UTF-8
//! (lossily), must give the same tree through both, with and without
//! skipping unread raw text.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(difference) = warta_parse::compare_with_reference(&text) {
        panic!("the tokenizers disagree on {text:?}\n{difference}");
    }
});
