//! `char::is_alphabetic` and `char::is_alphanumeric` with a shortcut for
//! the punctuation news text is full of (`“ ” ‘ ’ — – …`, no-break and thin
//! spaces): the standard library answers those from its full Unicode tables,
//! which costs a few hundred instructions a character, and the scanners ask
//! for every character of every article. Latin and Cyrillic letters are
//! answered from their block ranges.

/// The non-ASCII characters whose lower case starts with an ASCII letter:
/// the Kelvin sign (`k`) and `İ` (`i` and a combining dot). Any other
/// character outside ASCII lower-cases to something no ASCII word list can
/// hold, so tests that look for ASCII words may skip text without these.
pub const LOWER_TO_ASCII_LETTER: [char; 2] = ['\u{212A}', '\u{130}'];

/// General Punctuation (U+2000–U+206F): spaces, dashes, quotation marks,
/// bullets and the ellipsis; none of it is a letter or a number.
const PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

/// Blocks of letters only: Latin-1 and Latin Extended-A/B (U+00C0–U+024F
/// but for `×` and `÷`) and Cyrillic (U+0400–U+0481, U+048A–U+052F).
fn in_letter_block(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{400}'..='\u{481}' | '\u{48A}'..='\u{52F}')
        && c != '×'
        && c != '÷'
}

/// Exactly `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if in_letter_block(c) {
        true
    } else {
        !PUNCTUATION.contains(&c) && c.is_alphabetic()
    }
}

/// Exactly `c.is_alphanumeric()`.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if in_letter_block(c) {
        true
    } else {
        !PUNCTUATION.contains(&c) && c.is_alphanumeric()
    }
}

/// Exactly `c.is_uppercase()`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else {
        !PUNCTUATION.contains(&c) && c.is_uppercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library_everywhere() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_uppercase(c), c.is_uppercase(), "{c:?}");
        }
    }
}
