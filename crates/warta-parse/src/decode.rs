//! Turning bytes into text: BOM, declared charset, or a guess from the bytes.

use std::borrow::Cow;

use encoding_rs::Encoding;
use warta_model::InputKind;

/// Decoded text and what decoding had to guess or repair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text: the input itself when it is UTF-8 without a BOM.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static str,
    /// Warnings for the article (encoding guessed, bytes replaced).
    pub warnings: Vec<String>,
}

/// Decodes bytes, trusting in order: a BOM, valid UTF-8, the declared
/// charset (when the bytes agree with it), a guess from the bytes.
///
/// A wrong declaration must not produce mojibake, so UTF-8 that validates wins
/// over a declared single-byte charset, and a declaration the bytes contradict
/// is overridden by the guess.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>, _kind: InputKind) -> Decoded<'a> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text.into_owned(), encoding, had_errors, Vec::new());
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
            warnings: Vec::new(),
        };
    }
    let mut warnings = Vec::new();
    if let Some(encoding) = declared.and_then(|d| Encoding::for_label(d.trim().as_bytes())) {
        let encoding = encoding.output_encoding();
        if encoding != encoding_rs::UTF_8 {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            if !had_errors {
                return finish(text.into_owned(), encoding, false, warnings);
            }
        }
        warnings.push(format!(
            "declared charset {} does not fit the bytes",
            encoding.name()
        ));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    warnings.push(format!(
        "encoding guessed from the bytes: {}",
        encoding.name()
    ));
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    finish(text.into_owned(), encoding, had_errors, warnings)
}

fn finish(
    text: String,
    encoding: &'static Encoding,
    had_errors: bool,
    mut warnings: Vec<String>,
) -> Decoded<'static> {
    if had_errors {
        warnings.push(format!(
            "bytes invalid in {} were replaced with U+FFFD",
            encoding.name()
        ));
    }
    Decoded {
        text: Cow::Owned(text),
        encoding: encoding.name(),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_wins_over_a_wrong_declaration() {
        let d = decode("Jum’at".as_bytes(), Some("iso-8859-1"), InputKind::Text);
        assert_eq!(d.text, "Jum’at");
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn bom_decides() {
        let d = decode(b"\xFF\xFEh\0i\0", None, InputKind::Text);
        assert_eq!(d.text, "hi");
        assert_eq!(d.encoding, "UTF-16LE");
    }

    #[test]
    fn invalid_utf8_is_guessed_with_a_warning() {
        let bytes = b"Caf\xe9 au lait, cr\xe8me br\xfbl\xe9e et na\xefvet\xe9 \xe0 la fran\xe7aise";
        let d = decode(bytes, None, InputKind::Text);
        assert!(d.text.starts_with("Café"), "{}", d.text);
        assert!(d.warnings.iter().any(|w| w.contains("guessed")));
    }

    #[test]
    fn declared_charset_is_used_when_the_bytes_fit() {
        let d = decode(b"Caf\xe9", Some("windows-1252"), InputKind::Html);
        assert_eq!(d.text, "Café");
        assert!(d.warnings.is_empty());
    }
}
