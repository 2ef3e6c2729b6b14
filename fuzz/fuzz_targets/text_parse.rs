//! The text-dump reader: any bytes read as a text dump give a Document or a
//! clear error, and the whole extraction keeps the model's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::{InputHint, Options};
use warta_parse::ParseOptions;

fuzz_target!(|data: &[u8]| {
    let parse_options = ParseOptions {
        input: InputHint::Text,
        charset: None,
    };
    if let Ok(document) = warta_parse::parse(data, &parse_options) {
        let options = Options {
            input: InputHint::Text,
            explain: true,
            ..Options::default()
        };
        let article = warta_extract::extract_document(&document, &options);
        warta_fuzz::check_article(&article);
    }
});
