//! `char::is_alphabetic` and `char::is_alphanumeric` with a shortcut for
//! the punctuation news text is full of (`“ ” ‘ ’ — – …`, no-break and thin
//! spaces): the standard library answers those from its full Unicode tables,
//! which costs a few hundred instructions a character, and the scanners ask
//! for every character of every article. Latin and Cyrillic letters are
//! answered from their block ranges, and the case of every character below
//! U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) from a small
//! table made on first use.

use std::sync::OnceLock;

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

/// Blocks of letters without case only: Hiragana (U+3041–U+3096),
/// Katakana (U+30A1–U+30FA), CJK Unified Ideographs (U+4E00–U+9FFF) and
/// Hangul Syllables (U+AC00–U+D7A3). Past the case table, and a word of
/// Japanese, Chinese or Korean is many of them: the standard library's
/// tables would be asked several times for each.
fn in_caseless_block(c: char) -> bool {
    matches!(
        c,
        '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}'
    )
}

/// Exactly `c.is_alphabetic()`.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if in_letter_block(c) || in_caseless_block(c) {
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
    } else if in_letter_block(c) || in_caseless_block(c) {
        true
    } else {
        !PUNCTUATION.contains(&c) && c.is_alphanumeric()
    }
}

/// Characters below this have their case in [`small_case`].
const SMALL: u32 = 0x800;
/// In a [`small_case`] entry: the character is upper case.
const UPPER: u32 = 1 << 31;
/// In a [`small_case`] entry: its lower case is the one character in the
/// low 21 bits, whatever surrounds it (not so for `İ`, which lower-cases
/// to two characters, nor for `Σ`, whose lower case depends on whether it
/// ends a word).
const ONE_LOWER: u32 = 1 << 30;
/// In a [`small_case`] entry: the character is a letter with no case
/// (Hebrew, Arabic): see [`is_caseless_letter`].
const CASELESS_LETTER: u32 = 1 << 29;

/// The case of each character below [`SMALL`], as the standard library
/// gives it (whose tables cost a binary search per character).
fn small_case() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..SMALL)
            .map(|n| {
                let Some(c) = char::from_u32(n) else {
                    return 0;
                };
                let mut entry = if c.is_uppercase() { UPPER } else { 0 };
                if caseless_letter_by_std(c) {
                    entry |= CASELESS_LETTER;
                }
                let mut lower = c.to_lowercase();
                if let (Some(l), None) = (lower.next(), lower.next()) {
                    if c != 'Σ' {
                        entry |= ONE_LOWER | u32::from(l);
                    }
                }
                entry
            })
            .collect()
    })
}

/// Exactly `c.is_uppercase()`.
#[inline]
pub fn is_uppercase(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_uppercase()
    } else if let Some(&entry) = small_case().get(c as usize) {
        entry & UPPER != 0
    } else {
        !PUNCTUATION.contains(&c) && !in_caseless_block(c) && c.is_uppercase()
    }
}

/// A letter that is neither upper nor lower case: the letters of scripts
/// without case (Arabic, Hebrew, Chinese, Thai), where a name cannot be
/// told by its capital.
#[inline]
pub fn is_caseless_letter(c: char) -> bool {
    if c.is_ascii() {
        false
    } else if let Some(&entry) = small_case().get(c as usize) {
        entry & CASELESS_LETTER != 0
    } else if in_caseless_block(c) {
        true
    } else {
        !PUNCTUATION.contains(&c) && caseless_letter_by_std(c)
    }
}

fn caseless_letter_by_std(c: char) -> bool {
    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
}

/// Whether `s` starts with an upper-case character (as
/// `s.starts_with(char::is_uppercase)`).
#[inline]
pub fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(is_uppercase)
}

/// What the case table holds for a character below U+0800.
#[derive(Clone, Copy)]
pub struct SmallCase(u32);

impl SmallCase {
    /// The table's entry for `c`, or `None` past the table.
    #[inline]
    pub fn of(c: char) -> Option<SmallCase> {
        small_case().get(c as usize).map(|&e| SmallCase(e))
    }

    /// `c.is_uppercase()`.
    #[inline]
    pub fn is_uppercase(self) -> bool {
        self.0 & UPPER != 0
    }

    /// [`is_caseless_letter`].
    #[inline]
    pub fn is_caseless_letter(self) -> bool {
        self.0 & CASELESS_LETTER != 0
    }

    /// The lower case when it is one character whatever surrounds it.
    #[inline]
    pub fn one_lower(self) -> Option<char> {
        if self.0 & ONE_LOWER == 0 {
            return None;
        }
        char::from_u32(self.0 & 0x1F_FFFF)
    }
}

/// The lower case of `c` when it is one character whatever surrounds it,
/// known without the standard library's tables (ASCII, below U+0800, and
/// the punctuation and letter blocks without case, which are their own
/// lower case); `None` when the standard library must be asked.
#[inline]
pub fn one_lower(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    match SmallCase::of(c) {
        Some(case) => case.one_lower(),
        None if PUNCTUATION.contains(&c) || in_caseless_block(c) => Some(c),
        None => None,
    }
}

/// Whether `s.to_lowercase()` would be `s` itself.
pub fn is_lowercase_already(s: &str) -> bool {
    s.chars().all(|c| match one_lower(c) {
        Some(l) => l == c,
        // A character that maps to itself alone is left as it is by
        // `str::to_lowercase` too (its one context rule is for `Σ`, which
        // does not).
        None => {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        }
    })
}

/// Appends `s.to_lowercase()` to `out`, character by character from the
/// small table where it can, from `str::to_lowercase` where it cannot.
pub fn push_lowercase(out: &mut String, s: &str) {
    let from = out.len();
    for c in s.chars() {
        match one_lower(c) {
            Some(l) => out.push(l),
            None => {
                out.truncate(from);
                out.push_str(&s.to_lowercase());
                return;
            }
        }
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
            assert_eq!(
                is_caseless_letter(c),
                c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase(),
                "{c:?}"
            );
            assert_eq!(starts_upper(c.encode_utf8(&mut [0; 4])), c.is_uppercase());
            let alone = c.to_string();
            let mut lower = String::from("x");
            push_lowercase(&mut lower, &alone);
            assert_eq!(lower[1..], alone.to_lowercase(), "{c:?}");
            assert_eq!(is_lowercase_already(&alone), alone.to_lowercase() == alone);
            if let Some(l) = one_lower(c) {
                assert_eq!(l.to_string(), alone.to_lowercase(), "{c:?}");
            }
        }
    }

    #[test]
    fn lower_cases_words_as_the_standard_library_does() {
        // Final sigma depends on the word, `İ` becomes two characters, and
        // characters past the table go to the standard library.
        for w in [
            "ΟΔΟΣ",
            "ΣΟΦΟΣ ΣΟΦΟΣ",
            "Σ",
            "İstanbul",
            "МОСКВА",
            "Москва",
            "ǅemal",
            "Ärzte",
            "日本語",
            "ႠႡ",
            "ß",
            "",
            "abc",
            "\u{212A}elvin",
        ] {
            let mut out = String::from("prefix ");
            push_lowercase(&mut out, w);
            assert_eq!(out, format!("prefix {}", w.to_lowercase()), "{w}");
            assert_eq!(is_lowercase_already(w), w.to_lowercase() == w, "{w}");
        }
    }
}
