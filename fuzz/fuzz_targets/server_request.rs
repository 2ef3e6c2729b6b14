//! The server's request decoding: any bytes are read as an HTTP request
//! (request line, headers, body); when that parses, `decode_request` turns
//! it into a page and options or an API error with a code and a message, and
//! a decoded page extracts keeping the model's invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warta_extract::InputHint;
use warta_server::api::decode_request;

fuzz_target!(|data: &[u8]| {
    let mut raw_headers = [httparse::EMPTY_HEADER; 64];
    let mut request = httparse::Request::new(&mut raw_headers);
    let Ok(httparse::Status::Complete(head_len)) = request.parse(data) else {
        return;
    };
    let Some(Ok(uri)) = request.path.map(str::parse::<axum::http::Uri>) else {
        return;
    };
    let mut headers = axum::http::HeaderMap::new();
    for h in request.headers.iter() {
        let (Ok(name), Ok(value)) = (
            axum::http::HeaderName::from_bytes(h.name.as_bytes()),
            axum::http::HeaderValue::from_bytes(h.value),
        ) else {
            return;
        };
        headers.append(name, value);
    }
    let body = axum::body::Bytes::copy_from_slice(&data[head_len..]);
    match decode_request(&uri, &headers, body) {
        Ok((page, options)) => {
            assert!(
                matches!(options.input, InputHint::Html | InputHint::Text),
                "a decoded request must say how to read its page"
            );
            if let Ok(article) = warta_extract::extract(&page, &options) {
                warta_fuzz::check_article(&article);
            }
        }
        Err(error) => {
            assert!(
                error.status.is_client_error(),
                "decoding failed with {}",
                error.status
            );
            assert!(!error.code.is_empty() && !error.message.is_empty());
        }
    }
});
