//! A small scanner for dates and money: words, numbers (with the separators
//! written inside them) and single punctuation marks, with byte offsets.

use crate::chars::{self, LOWER_TO_ASCII_LETTER};

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
    /// A word of ASCII letters only (no apostrophe, nothing outside ASCII):
    /// its lower case is its ASCII lower case, letter for letter, so the
    /// cue lists can be asked about it with [`AsciiWords`] alone.
    pub ascii_letters: bool,
}

impl Tok<'_> {
    pub fn is_word(&self, w: &str) -> bool {
        self.kind == Kind::Word && self.text.eq_ignore_ascii_case(w)
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct && self.text.starts_with(c)
    }
    pub fn starts_upper(&self) -> bool {
        chars::starts_upper(self.text)
    }
}

/// In [`ASCII_CLASS`]: a mark (any other ASCII character).
const MARK: u8 = 0;
/// In [`ASCII_CLASS`]: white space (`char::is_whitespace`).
const SPACE: u8 = 1;
/// In [`ASCII_CLASS`]: a digit.
const DIGIT: u8 = 2;
/// In [`ASCII_CLASS`]: a letter.
const LETTER: u8 = 3;

/// What each ASCII byte starts, looked up in one step rather than asked of
/// the character in turn (white space, digit, letter).
static ASCII_CLASS: [u8; 128] = {
    let mut table = [MARK; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if matches!(c, b' ' | b'\t'..=b'\r') {
            SPACE
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            LETTER
        } else {
            MARK
        };
        b += 1;
    }
    table
};

/// Splits `text` into tokens.
pub(crate) fn scan(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    // Room for a token every four bytes, as in the NER's tokenizer: a list
    // grown is copied whole.
    let mut toks: Vec<Tok<'_>> = Vec::with_capacity(text.len() / 4 + 4);
    let mut i = 0;
    let mut space = true;
    while let Some(&b) = bytes.get(i) {
        let start = i;
        let mut ascii_letters = false;
        let kind = if b.is_ascii() {
            // An ASCII byte is its own character: no decoding.
            match ASCII_CLASS[usize::from(b)] {
                SPACE => {
                    space = true;
                    i += 1;
                    continue;
                }
                DIGIT => {
                    i = number_end(bytes, i + 1);
                    Kind::Num
                }
                LETTER => {
                    ascii_letters = true;
                    i = word_end(text, i + 1, &mut ascii_letters);
                    Kind::Word
                }
                _ => {
                    i += 1;
                    Kind::Punct
                }
            }
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            i += c.len_utf8();
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if chars::is_alphabetic(c) {
                i = word_end(text, i, &mut ascii_letters);
                Kind::Word
            } else {
                Kind::Punct
            }
        };
        push_tok(&mut toks, text, kind, start..i, &mut space, ascii_letters);
    }
    toks
}

/// Adds the token of `text[range]` of this kind; what follows it is glued
/// to it until white space sets `space` again. (Shared by [`scan`] and the
/// plain scanner the tests compare it with, so both make tokens alike.)
#[inline]
fn push_tok<'a>(
    toks: &mut Vec<Tok<'a>>,
    text: &'a str,
    kind: Kind,
    range: std::ops::Range<usize>,
    space: &mut bool,
    ascii_letters: bool,
) {
    toks.push(Tok {
        kind,
        text: &text[range.clone()],
        start: range.start,
        end: range.end,
        space_before: *space,
        ascii_letters,
    });
    *space = false;
}

/// The end of a number whose digits go on at `i`: digits, and `.` `,` `:`
/// `/` `-` when a digit follows.
fn number_end(bytes: &[u8], mut i: usize) -> usize {
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
    i
}

/// The end of a word whose letters go on at `i`: letters, and apostrophes
/// with a letter after them. `ascii_letters` is cleared when a letter
/// outside ASCII or an apostrophe is taken in.
fn word_end(text: &str, mut i: usize, ascii_letters: &mut bool) -> usize {
    let bytes = text.as_bytes();
    loop {
        // ASCII letters continue the word and other ASCII bytes but the
        // apostrophe end it, without decoding.
        match bytes.get(i) {
            Some(b) if b.is_ascii_alphabetic() => {
                i += 1;
                continue;
            }
            Some(&b) if b.is_ascii() && b != b'\'' => break,
            _ => {}
        }
        let Some(d) = text[i..].chars().next() else {
            break;
        };
        let inner_apostrophe =
            matches!(d, '\'' | '’') && text[i + d.len_utf8()..].starts_with(chars::is_alphabetic);
        if chars::is_alphabetic(d) || inner_apostrophe {
            // A letter outside ASCII or an apostrophe.
            *ascii_letters = false;
            i += d.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// [`scan`] as it was written first, asking each character in turn: the
/// tests compare the two.
#[cfg(test)]
fn scan_plain(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    let mut toks: Vec<Tok<'_>> = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut space = true;
    while i < text.len() {
        // An ASCII byte is its own character: no decoding.
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        let clen = c.len_utf8();
        if c.is_whitespace() {
            space = true;
            i += clen;
            continue;
        }
        let start = i;
        let mut ascii_letters = false;
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
            ascii_letters = c.is_ascii();
            i += clen;
            loop {
                // ASCII letters continue the word and other ASCII bytes but
                // the apostrophe end it, without decoding.
                match bytes.get(i) {
                    Some(b) if b.is_ascii_alphabetic() => {
                        i += 1;
                        continue;
                    }
                    Some(&b) if b.is_ascii() && b != b'\'' => break,
                    _ => {}
                }
                let Some(d) = text[i..].chars().next() else {
                    break;
                };
                let inner_apostrophe = matches!(d, '\'' | '’')
                    && text[i + d.len_utf8()..].starts_with(chars::is_alphabetic);
                if chars::is_alphabetic(d) || inner_apostrophe {
                    // A letter outside ASCII or an apostrophe.
                    ascii_letters = false;
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
        push_tok(&mut toks, text, kind, start..i, &mut space, ascii_letters);
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

/// Whether `s` may lower-case to ASCII: every character is ASCII or the
/// Kelvin sign (`K` lower-cases to `k`), the one other character whose lower
/// case is ASCII. A word that may not is none of the ASCII cue words.
pub(crate) fn may_lower_to_ascii(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii() || c == '\u{212A}')
}

/// Whether `word` may lower-case to one starting with an ASCII character: it
/// starts with one, with one of the two other characters that lower-case to
/// one ([`LOWER_TO_ASCII_LETTER`]), or with `’`, which the day-name readers
/// take out as an apostrophe. A word of another script
/// does not, so it is none of the names and cue words (all ASCII) and skips
/// the lower-casing, which costs most on such words.
pub(crate) fn may_start_like_ascii(word: &str) -> bool {
    word.chars()
        .next()
        .is_none_or(|c| c.is_ascii() || c == '’' || LOWER_TO_ASCII_LETTER.contains(&c))
}

/// `s` in lower case when that is ASCII; `None` for a word that lower-cases
/// to anything else, which is none of the ASCII cue words a list holds. Far
/// cheaper than [`lower`] on words of other scripts (Cyrillic, Greek, CJK),
/// which are most tokens of such a page.
pub(crate) fn lower_ascii(s: &str) -> Option<Lower<'_>> {
    may_lower_to_ascii(s).then(|| lower(s))
}

/// `s` in lower case.
pub(crate) fn lower(s: &str) -> Lower<'_> {
    if !s.is_ascii() {
        // Most non-ASCII tokens are marks (`“`, `—`) already in lower case:
        // borrow them rather than allocate.
        if chars::is_lowercase_already(s) {
            return Lower::Borrowed(s);
        }
        let mut lower = String::with_capacity(s.len());
        chars::push_lowercase(&mut lower, s);
        Lower::Long(lower)
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

/// A fixed set of short ASCII words, asked whether a word equals one of
/// them ignoring ASCII case, without lower-casing it into a buffer: the
/// cue lists of the finders are asked about nearly every word of an
/// article, and nearly every word is on none of them.
pub(crate) struct AsciiWords<const N: usize> {
    /// Each word's [`word_key`], sorted.
    keys: [u128; N],
    /// By [`bucket`] (the first two bytes, in either case): bit `n` set
    /// when a word of `n` bytes starts so. Most words are turned away here.
    lengths: [u16; 1024],
}

/// The first two bytes of a word (the second 0 for a word of one), five
/// bits each: the low bits of a letter, the same in either case (other
/// bytes may share a bucket with a letter, which costs only a look at the
/// keys).
const fn bucket(word: &[u8]) -> usize {
    let second = if word.len() >= 2 { word[1] & 0x1F } else { 0 };
    ((word[0] & 0x1F) as usize) << 5 | second as usize
}

/// The longest word an [`AsciiWords`] holds: 15 bytes and the length fill
/// the 128 bits of a key.
pub(crate) const LONGEST_WORD: usize = 15;

/// `word` (at most [`LONGEST_WORD`] bytes) lower-cased as ASCII, packed
/// little-endian with its length in the top byte: two such words have the
/// same key exactly when they are equal ignoring ASCII case.
const fn word_key(word: &[u8]) -> u128 {
    suffixed_key(word, &[])
}

/// The [`word_key`] of `word` followed by `suffix`.
const fn suffixed_key(word: &[u8], suffix: &[u8]) -> u128 {
    let mut key = ((word.len() + suffix.len()) as u128) << 120;
    let mut i = 0;
    while i < word.len() + suffix.len() {
        let b = if i < word.len() {
            word[i]
        } else {
            suffix[i - word.len()]
        };
        key |= (b.to_ascii_lowercase() as u128) << (8 * i);
        i += 1;
    }
    key
}

impl<const N: usize> AsciiWords<N> {
    /// The set of `words`: each ASCII, of 1 to [`LONGEST_WORD`] bytes (a
    /// constant, so a word that is not fails the build).
    pub const fn new(words: [&str; N]) -> Self {
        Self::with_suffix(words, "")
    }

    /// The set of `words` each followed by `suffix` (`kata` + `nya`).
    pub const fn with_suffix(words: [&str; N], suffix: &str) -> Self {
        let mut keys = [0u128; N];
        let mut lengths = [0u16; 1024];
        let suffix = suffix.as_bytes();
        let mut i = 0;
        while i < N {
            let w = words[i].as_bytes();
            let len = w.len() + suffix.len();
            assert!(!w.is_empty() && len <= LONGEST_WORD);
            let mut k = 0;
            while k < w.len() {
                assert!(w[k].is_ascii());
                k += 1;
            }
            k = 0;
            while k < suffix.len() {
                assert!(suffix[k].is_ascii());
                k += 1;
            }
            keys[i] = suffixed_key(w, suffix);
            // The second byte of the word with its suffix (0 for one byte).
            let second = if w.len() >= 2 {
                w[1]
            } else if !suffix.is_empty() {
                suffix[0]
            } else {
                0
            };
            lengths[bucket(&[w[0], second])] |= 1 << len;
            i += 1;
        }
        // Insertion sort: constant evaluation has no `sort`.
        let mut i = 1;
        while i < N {
            let mut j = i;
            while j > 0 && keys[j - 1] > keys[j] {
                let t = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = t;
                j -= 1;
            }
            i += 1;
        }
        AsciiWords { keys, lengths }
    }

    /// Whether `word` equals one of the words ignoring ASCII case (as
    /// `word.eq_ignore_ascii_case(w)` for some `w`; a word with other
    /// characters equals none).
    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        !b.is_empty()
            && b.len() <= LONGEST_WORD
            && self.lengths[bucket(b)] & (1 << b.len()) != 0
            && self.keys.binary_search(&word_key(b)).is_ok()
    }
}

/// Converts byte offsets of one text into character offsets.
pub(crate) struct CharIndex<'a> {
    bytes: &'a [u8],
    /// The characters starting before each [`BLOCK`]-byte block: a lookup
    /// counts from its block's start, so building and asking are both cheap
    /// whatever the script (a table per character would be as long as the
    /// text in Cyrillic or Thai).
    blocks: Vec<u32>,
}

/// Bytes per block of a [`CharIndex`].
const BLOCK: usize = 64;

/// How many characters start in `bytes` (bytes that are not continuations).
fn char_starts(bytes: &[u8]) -> usize {
    // Eight bytes at a time: a continuation byte has its top bit set and
    // the next one clear, so those are counted from one mask.
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = bytes.chunks_exact(8);
    let mut continuations = 0;
    for w in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(w);
        let x = u64::from_le_bytes(eight);
        continuations += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    let rest = words.remainder();
    bytes.len() - continuations - rest.iter().filter(|&&b| b & 0xC0 == 0x80).count()
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut before = 0u32;
        blocks.push(0);
        for block in bytes.chunks_exact(BLOCK) {
            // No text is 4 GiB: the counts fit 32 bits.
            before = before.saturating_add(char_starts(block) as u32);
            blocks.push(before);
        }
        CharIndex { bytes, blocks }
    }

    /// The character offset of a byte offset (a char boundary; a byte
    /// inside a character counts as the character, one past the end as the
    /// text's length in characters).
    pub fn chars(&self, byte: usize) -> usize {
        let byte = byte.min(self.bytes.len());
        let block = byte / BLOCK;
        let before = self.blocks.get(block).map_or(0, |&n| n as usize);
        let counted = before + char_starts(&self.bytes[block * BLOCK..byte]);
        // Inside a character: its start was counted, but it is not before.
        let inside = self.bytes.get(byte).is_some_and(|&b| b & 0xC0 == 0x80);
        counted - usize::from(inside)
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
    fn only_words_that_may_lower_case_to_ascii_reach_the_cue_lists() {
        assert!(lower_ascii("Москва").is_none());
        assert!(lower_ascii("говорит").is_none());
        assert_eq!(lower_ascii("KATANYA").as_deref(), Some("katanya"));
        assert_eq!(lower_ascii("\u{212A}ATA").as_deref(), Some("kata"));
        assert!(!may_start_like_ascii("Москва"));
        assert!(!may_start_like_ascii("日本"));
        assert!(may_start_like_ascii("Jum’at"));
        assert!(may_start_like_ascii("’Jumat"));
        // Every character whose lower case starts with an ASCII character
        // is let through, so the filter never hides a cue word.
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.to_lowercase().next().is_some_and(|l| l.is_ascii()) {
                assert!(may_start_like_ascii(c.encode_utf8(&mut buf)), "{c:?}");
            }
        }
    }

    #[test]
    fn ascii_word_sets_ignore_ascii_case_only() {
        const WORDS: [&str; 6] = ["kata", "said", "pertengahan", "a", "ab", "x'y"];
        static SET: AsciiWords<6> = AsciiWords::new(WORDS);
        let mut probes: Vec<String> = vec![
            String::new(),
            "KATA".into(),
            "Kata".into(),
            "kat".into(),
            "katanya".into(),
            "\u{212A}ata".into(),
            "ab\0".into(),
            "a\0".into(),
            "PERTENGAHAN".into(),
            "pertengahanx".into(),
            "X'Y".into(),
            "said ".into(),
            "sa\u{130}d".into(),
            "a".repeat(16),
        ];
        for c in (0..=0x2FFu32).filter_map(char::from_u32) {
            probes.push(c.to_string());
            probes.push(format!("{c}b"));
            probes.push(format!("{c}ata"));
            probes.push(format!("sai{c}"));
        }
        static SUFFIXED: AsciiWords<6> = AsciiWords::with_suffix(WORDS, "nya");
        probes.push("KATANYA".into());
        probes.push("x'ynya".into());
        probes.push("ANYA".into());
        probes.push("abnya".into());
        for p in &probes {
            let expected = WORDS.iter().any(|w| p.eq_ignore_ascii_case(w));
            assert_eq!(SET.contains(p), expected, "{p:?}");
            let expected = WORDS
                .iter()
                .any(|w| p.eq_ignore_ascii_case(&format!("{w}nya")));
            assert_eq!(SUFFIXED.contains(p), expected, "{p:?}");
        }
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
    fn words_of_ascii_letters_are_told() {
        let toks = scan("Jum'at Rabu Jum’at Ärzte katé 2021 ( x");
        let plain: Vec<(&str, bool)> = toks.iter().map(|t| (t.text, t.ascii_letters)).collect();
        assert_eq!(
            plain,
            [
                ("Jum'at", false),
                ("Rabu", true),
                ("Jum’at", false),
                ("Ärzte", false),
                ("katé", false),
                ("2021", false),
                ("(", false),
                ("x", true)
            ]
        );
        for text in crate::testing::corpus() {
            for t in scan(&text) {
                let letters = t.text.bytes().all(|b| b.is_ascii_alphabetic());
                assert_eq!(
                    t.ascii_letters,
                    t.kind == Kind::Word && letters,
                    "{:?}",
                    t.text
                );
            }
        }
    }

    #[test]
    fn scanning_agrees_with_asking_each_character() {
        let mut texts = crate::testing::corpus();
        let mut all = String::new();
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            all.push(c);
            all.push(if c.is_alphabetic() { '\'' } else { 'a' });
        }
        texts.push(all);
        texts.extend(
            [
                "",
                " ",
                "1.",
                "1.2.",
                "1-",
                "a'",
                "a'b",
                "a’b’",
                "a'1",
                "\u{85}x\u{a0}y\u{3000}z",
            ]
            .map(String::from),
        );
        fn key<'a>(t: &Tok<'a>) -> (Kind, &'a str, usize, usize, bool, bool) {
            (
                t.kind,
                t.text,
                t.start,
                t.end,
                t.space_before,
                t.ascii_letters,
            )
        }
        for text in &texts {
            let fast: Vec<_> = scan(text).iter().map(key).collect();
            let plain: Vec<_> = scan_plain(text).iter().map(key).collect();
            assert_eq!(fast, plain, "{text:?}");
        }
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
    fn only_ascii_and_the_kelvin_sign_lower_case_to_ascii() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if c.to_lowercase().all(|l| l.is_ascii()) {
                assert!(may_lower_to_ascii(c.encode_utf8(&mut [0; 4])), "{c:?}");
            } else {
                assert!(!may_lower_to_ascii(c.encode_utf8(&mut [0; 4])), "{c:?}");
            }
        }
    }

    #[test]
    fn char_starts_agree_with_looking_at_each_byte() {
        let mut texts = crate::testing::corpus();
        texts.push((0..0x800u32).filter_map(char::from_u32).collect());
        texts.push("🦀é日".repeat(7));
        for text in &texts {
            let bytes = text.as_bytes();
            for from in [0, 1, 3, 7, 8, 9] {
                for len in [0, 1, 7, 8, 9, 15, 16, 17, 64, 65, bytes.len()] {
                    let Some(part) = bytes.get(from..(from + len).min(bytes.len())) else {
                        continue;
                    };
                    let each = part.iter().filter(|&&b| b & 0xC0 != 0x80).count();
                    assert_eq!(char_starts(part), each, "{text:?} {from} {len}");
                }
            }
        }
    }

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "“Kami” é x";
        let ix = CharIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(ix.chars(x), 9);
        assert_eq!(ix.chars(text.len()), 10);
    }

    #[test]
    fn char_offsets_agree_with_counting_at_every_byte() {
        for text in [
            "",
            "plain ASCII text, longer than eight bytes",
            "“Kami” é x",
            "Ǆemal İstanbul'da 日本語 and 🦀 crabs “quoted” at the end…",
            "🦀",
            "abcdefgh🦀ijklmnop“",
            &"Москва — столица России; 日本語 and 🦀. ".repeat(9),
            &format!("{}é{}", "a".repeat(63), "b".repeat(64)),
        ] {
            let ix = CharIndex::new(text);
            for byte in 0..=text.len() + 2 {
                // A byte inside a character counts as that character.
                let expected = text
                    .char_indices()
                    .take_while(|&(b, c)| b + c.len_utf8() <= byte)
                    .count()
                    .min(text.chars().count());
                let inside = text
                    .char_indices()
                    .any(|(b, c)| b < byte && byte < b + c.len_utf8());
                assert_eq!(
                    ix.chars(byte),
                    expected,
                    "{text:?} at {byte} (inside: {inside})"
                );
            }
        }
    }
}
