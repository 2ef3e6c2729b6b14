//! Telling HTML from text dumps, and pages from binary data.

use warta_model::InputKind;

/// Decides whether bytes are an HTML page or a text dump.
///
/// HTML is recognised by its first non-blank characters being markup that
/// pages start with, or by typical block tags appearing early on; anything
/// else is a text dump.
pub fn detect(bytes: &[u8]) -> InputKind {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let lower: Vec<u8> = head[start..]
        .iter()
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    const OPENERS: [&[u8]; 6] = [
        b"<!doctype",
        b"<html",
        b"<head",
        b"<body",
        b"<?xml",
        b"<!--",
    ];
    if OPENERS.iter().any(|o| lower.starts_with(o)) {
        return InputKind::Html;
    }
    if lower.first() == Some(&b'<') {
        const TAGS: [&[u8]; 8] = [
            b"<div",
            b"<p>",
            b"<p ",
            b"<meta",
            b"<article",
            b"<section",
            b"<script",
            b"<span",
        ];
        let all: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
        if TAGS.iter().any(|t| all.windows(t.len()).any(|w| w == *t)) {
            return InputKind::Html;
        }
    }
    InputKind::Text
}

/// Says why bytes look like binary data rather than a page, if they do.
pub fn looks_binary(bytes: &[u8]) -> Option<String> {
    const MAGIC: [(&[u8], &str); 9] = [
        (b"\x89PNG", "a PNG image"),
        (b"%PDF", "a PDF document"),
        (b"\x1f\x8b", "gzip-compressed data"),
        (b"PK\x03\x04", "a ZIP archive"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7fELF", "an executable"),
        (b"RIFF", "a RIFF media file"),
        (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    ];
    if let Some((_, what)) = MAGIC.iter().find(|(m, _)| bytes.starts_with(m)) {
        return Some(format!("it starts like {what}"));
    }
    // UTF-16 text has many NULs but is text; its BOM says so.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let control = control_bytes(sample);
    if control * 10 > sample.len() {
        return Some(format!(
            "{control} of its first {} bytes are control characters",
            sample.len()
        ));
    }
    None
}

/// The control bytes of `bytes` that no text has (tab, line breaks, form
/// feed and escape are allowed). Counted without branches into a byte per
/// chunk of 128, a loop the compiler vectorises 16 bytes at a time.
fn control_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(128)
        .map(|chunk| {
            let count = chunk.iter().fold(0u8, |count, &b| {
                let allowed =
                    (b == b'\t') | (b == b'\n') | (b == b'\r') | (b == 0x0c) | (b == 0x1b);
                count + u8::from((b < 0x20) & !allowed)
            });
            usize::from(count)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_those_below_space_but_text_controls() {
        let all: Vec<u8> = (0..=255).collect();
        let plain = all
            .iter()
            .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
            .count();
        assert_eq!(control_bytes(&all), plain);
        assert_eq!(control_bytes(&all), 27);
        // A chunk of 128 control bytes counts them all.
        assert_eq!(control_bytes(&[0; 1000]), 1000);
        assert_eq!(control_bytes(b""), 0);
    }

    #[test]
    fn recognises_html_and_text() {
        assert_eq!(detect(b"  <!DOCTYPE html><html>"), InputKind::Html);
        assert_eq!(detect(b"\xEF\xBB\xBF<html lang=id>"), InputKind::Html);
        assert_eq!(detect(b"<div class=x><p>Halo</p></div>"), InputKind::Html);
        assert_eq!(
            detect(b"Suara.com - Pejabat dari 10 negara"),
            InputKind::Text
        );
        assert_eq!(detect(b"<3 love this\nnext line"), InputKind::Text);
    }

    #[test]
    fn binary_data_is_named() {
        assert!(looks_binary(b"\x89PNG\r\n\x1a\n....")
            .unwrap()
            .contains("PNG"));
        assert!(looks_binary(&[0u8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).is_some());
        assert!(looks_binary("Kamis, 26 Agustus 2021 | 10:43 WIB".as_bytes()).is_none());
        assert!(looks_binary(b"\xFF\xFEh\0i\0").is_none());
    }
}
