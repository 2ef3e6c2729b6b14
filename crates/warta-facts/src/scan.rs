//! A small scanner for dates and money: words, numbers (with the separators
//! written inside them) and single punctuation marks, with byte offsets.

use crate::chars;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with inner apostrophes kept (`Jum'at`).
    Word,
    /// Digits, with inner `.` `,` `:` `/` `-` kept when a digit follows
    /// (`1.500.000`, `1,2`, `13/11/2019`, `10.30`).
    Num,
    /// Any other single character that is not white space.
    Punct,
}

/// A token and where it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok<'a> {
    pub kind: Kind,
    pub text: &'a str,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// White space (or nothing) before it: false when glued to the previous token.
    pub space_before: bool,
}

impl Tok<'_> {
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }
    pub fn starts_upper(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
    }
}

/// Splits `text` into tokens.
pub(crate) fn scan(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok<'_>> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut space = true;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            space = true;
            i += clen;
            continue;
        }
        let start = i;
        let kind = if c.is_ascii_digit() {
            i += 1;
            while i < bytes.len() {
                let b = bytes[i];
                if b.is_ascii_digit() {
                    i += 1;
                } else if matches!(b, b'.' | b',' | b':' | b'/' | b'-')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
                {
                    i += 2;
                } else {
                    break;
                }
            }
            Kind::Num
        } else if chars::is_alphabetic(c) {
            i += clen;
            while let Some(d) = text[i..].chars().next() {
                let inner_apostrophe = matches!(d, '\'' | '’')
                    && text[i + d.len_utf8()..].starts_with(chars::is_alphabetic);
                if chars::is_alphabetic(d) || inner_apostrophe {
                    i += d.len_utf8();
                } else {
                    break;
                }
            }
            Kind::Word
        } else {
            i += clen;
            Kind::Punct
        };
        toks.push(Tok {
            kind,
            text: &text[start..i],
            start,
            end: i,
            space_before: space,
        });
        space = false;
    }
    toks
}

/// A word in lower case (`str::to_lowercase`) without allocating for the
/// words the grammars compare: an ASCII word already in lower case is
/// borrowed, a short ASCII word with capitals is lowered on the stack.
pub(crate) enum Lower<'a> {
    Borrowed(&'a str),
    Short([u8; 24], u8),
    Long(String),
}

/// `s` in lower case.
pub(crate) fn lower(s: &str) -> Lower<'_> {
    if !s.is_ascii() {
        // Most non-ASCII tokens are marks (`“`, `—`) already in lower case:
        // borrow them rather than allocate. A character that maps to itself
        // alone is left as it is by `str::to_lowercase` too (its one
        // context rule, final sigma, is for `Σ`, which does not).
        let unchanged = s.chars().all(|c| {
            let mut l = c.to_lowercase();
            l.next() == Some(c) && l.next().is_none()
        });
        if unchanged {
            return Lower::Borrowed(s);
        }
        Lower::Long(s.to_lowercase())
    } else if !s.bytes().any(|b| b.is_ascii_uppercase()) {
        Lower::Borrowed(s)
    } else if s.len() <= 24 {
        let mut buf = [0u8; 24];
        for (d, b) in buf.iter_mut().zip(s.bytes()) {
            *d = b.to_ascii_lowercase();
        }
        Lower::Short(buf, s.len() as u8)
    } else {
        Lower::Long(s.to_ascii_lowercase())
    }
}

impl Lower<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            // ASCII bytes are always UTF-8: the fallback is never taken.
            Lower::Short(buf, n) => std::str::from_utf8(&buf[..usize::from(*n)]).unwrap_or(""),
            Lower::Long(s) => s,
        }
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

/// Converts byte offsets of one text into character offsets.
pub(crate) struct CharIndex {
    /// Character offset of every byte offset, or empty when the text is ASCII.
    table: Vec<u32>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { table: Vec::new() };
        }
        // Every byte gets the index of the character it is part of: a new
        // character starts at each byte that is not a continuation byte.
        let mut table = Vec::with_capacity(text.len() + 1);
        let mut n = 0u32;
        for &b in text.as_bytes() {
            n += u32::from(b & 0xC0 != 0x80);
            table.push(n - 1);
        }
        table.push(n);
        CharIndex { table }
    }

    /// The character offset of a byte offset (a char boundary).
    pub fn chars(&self, byte: usize) -> usize {
        if self.table.is_empty() {
            byte
        } else {
            self.table
                .get(byte)
                .or(self.table.last())
                .map_or(0, |&c| c as usize)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_str_to_lowercase() {
        for s in [
            "“",
            "—",
            "Jum'at",
            "JAKARTA",
            "jakarta",
            "ΣΟΦΟΣ",
            "σοφός",
            "Σ",
            "ǅemal",
            "İstanbul",
            "\u{212A}",
            "Ärzte",
            "straße",
            "日本語",
            "ab—CD",
            "x",
            "AVERYLONGUPPERCASEWORDBEYONDTWENTYFOUR",
        ] {
            assert_eq!(lower(s).as_str(), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn lower_is_to_lowercase() {
        let long = "A".repeat(30);
        for w in [
            "juta",
            "Juta",
            "JUTA",
            "Jum'at",
            "ÉTÉ",
            "ΣΟΦΟΣ",
            "",
            &long,
            "x1Y",
        ] {
            assert_eq!(lower(w).as_str(), w.to_lowercase(), "{w}");
        }
        assert!(matches!(lower("juta"), Lower::Borrowed(_)));
        assert!(matches!(lower("Juta"), Lower::Short(..)));
    }

    #[test]
    fn numbers_keep_inner_separators() {
        let t: Vec<&str> = scan("Rp1.500.000, Rabu (13/11/2019) pukul 10.30.")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            [
                "Rp",
                "1.500.000",
                ",",
                "Rabu",
                "(",
                "13/11/2019",
                ")",
                "pukul",
                "10.30",
                "."
            ]
        );
    }

    #[test]
    fn glue_is_recorded() {
        let t = scan("US$ 5 Jum'at");
        assert_eq!(t[0].text, "US");
        assert!(!t[1].space_before);
        assert!(t[2].space_before);
        assert_eq!(t[3].text, "Jum'at");
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "“Kami” é x";
        let ix = CharIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(ix.chars(x), 9);
        assert_eq!(ix.chars(text.len()), 10);
    }
}
