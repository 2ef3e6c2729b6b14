//! What a line says about itself: the conventions of news pages, as patterns.
//!
//! Every function here looks at one block's text only. Which of these matter,
//! and where, is decided by [`crate::classify`] with the block's neighbours.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::LazyLock;

use regex::Regex;
use rustc_hash::FxHashSet;
use warta_facts::chars::LOWER_TO_ASCII_LETTER;
use warta_model::{Author, AuthorRole, Dateline};
use warta_parse::unicode_space_len;

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is caught by the tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid pattern {pattern}: {e}"))
}

/// Lower-cased text with punctuation at both ends removed, for phrase lookups.
#[cfg(test)]
fn normalized(text: &str) -> String {
    trim_punctuation(text).to_lowercase()
}

/// The text without what is not a letter or digit at either end. ASCII
/// ends are read as bytes; a character outside ASCII at an end is left
/// to `trim_matches` (most lines start and end in ASCII: only a curly
/// quote or a letter outside ASCII costs a character decode).
fn trim_punctuation(text: &str) -> &str {
    let not_alphanumeric = |c: char| !c.is_alphanumeric();
    let stop = |b: &u8| !b.is_ascii() || b.is_ascii_alphanumeric();
    let bytes = text.as_bytes();
    // The start stops at an ASCII letter or digit or at the lead byte of a
    // character outside ASCII: a character boundary either way.
    let start = bytes.iter().position(stop).unwrap_or(bytes.len());
    let mut rest = text.get(start..).unwrap_or("");
    if rest.as_bytes().first().is_some_and(|b| !b.is_ascii()) {
        rest = rest.trim_start_matches(not_alphanumeric);
    }
    // A byte outside ASCII ending the rest is the last byte of a
    // character: the rest is cut after it, and `trim_end_matches` reads
    // that character whole.
    let end = rest.as_bytes().iter().rposition(stop).map_or(0, |i| i + 1);
    let rest = rest.get(..end).unwrap_or("");
    if rest.as_bytes().last().is_some_and(|b| !b.is_ascii()) {
        rest.trim_end_matches(not_alphanumeric)
    } else {
        rest
    }
}

/// [`trim_punctuation`] the plain way, for the tests.
#[cfg(test)]
fn trim_punctuation_plain(text: &str) -> &str {
    text.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Lower-casing shrinks a character to a third of its bytes at most (`K`,
/// the Kelvin sign, is `k`): a text of more than three times the bytes of
/// the longest phrase cannot lower-case to any phrase.
const SHRINK: usize = 3;

/// [`normalized`], or `None` when the trimmed text is longer than
/// `longest` × [`SHRINK`] bytes, so it cannot equal a phrase of at most
/// `longest` bytes: most blocks are skipped without lower-casing them.
#[cfg(test)]
fn normalized_within(text: &str, longest: usize) -> Option<String> {
    let trimmed = trim_punctuation(text);
    (trimmed.len() <= longest * SHRINK).then(|| trimmed.to_lowercase())
}

/// A set of lower-case phrases, to look a line's [`Folded`] text up in.
struct PhraseSet {
    lower: FxHashSet<&'static str>,
    /// The phrases by byte length, for ASCII text compared in any case.
    by_len: Vec<Vec<&'static str>>,
}

impl PhraseSet {
    fn new(phrases: &[&'static str]) -> PhraseSet {
        let mut by_len = vec![Vec::new(); longest(phrases) + 1];
        for phrase in phrases {
            by_len[phrase.len()].push(*phrase);
        }
        PhraseSet {
            lower: phrases.iter().copied().collect(),
            by_len,
        }
    }

    fn contains(&self, text: Folded) -> bool {
        match text {
            Folded::Lower(lower) => self.lower.contains(lower),
            Folded::Ascii(ascii) => self.by_len.get(ascii.len()).is_some_and(|phrases| {
                phrases
                    .iter()
                    .any(|phrase| phrase.as_bytes().eq_ignore_ascii_case(ascii.as_bytes()))
            }),
        }
    }
}

/// A line's text trimmed of punctuation, as phrase tests compare it: ASCII
/// text as it is, to be compared in any ASCII case (its lower case, the
/// same bytes but for case, would cost an allocation), other text lower-
/// cased.
#[derive(Clone, Copy)]
pub enum Folded<'a> {
    Ascii(&'a str),
    Lower(&'a str),
}

impl<'a> Folded<'a> {
    fn is_empty(self) -> bool {
        self.text().is_empty()
    }

    /// The text, in the case it is held in.
    fn text(self) -> &'a str {
        match self {
            Folded::Ascii(text) | Folded::Lower(text) => text,
        }
    }

    /// What follows a lower-case ASCII `prefix`, in the case it is held in.
    fn strip_prefix(self, prefix: &str) -> Option<&'a str> {
        match self {
            Folded::Lower(lower) => lower.strip_prefix(prefix),
            Folded::Ascii(ascii) => ascii
                .as_bytes()
                .get(..prefix.len())
                .filter(|start| start.eq_ignore_ascii_case(prefix.as_bytes()))
                .map(|_| &ascii[prefix.len()..]),
        }
    }

    /// The text lower-cased.
    fn lower(self) -> Cow<'a, str> {
        match self {
            Folded::Lower(lower) => Cow::Borrowed(lower),
            Folded::Ascii(ascii) => Cow::Owned(ascii.to_ascii_lowercase()),
        }
    }
}

/// The lower-case ASCII letter `c` matches in a case-insensitive regex:
/// the letter in either case, the Kelvin sign (`k`) or the long s (`s`),
/// the only other characters that fold to ASCII letters; `None` for the
/// rest.
fn folded_ascii_letter(c: char) -> Option<u8> {
    let folded = match c {
        '\u{212A}' => b'k',
        'ſ' => b's',
        c if c.is_ascii_alphabetic() => c.to_ascii_lowercase() as u8,
        _ => return None,
    };
    Some(folded)
}

/// Whether `c` can match one of the lower-case ASCII `letters` in a
/// case-insensitive regex.
#[cfg(test)]
fn folds_to_one_of(c: char, letters: &str) -> bool {
    folded_ascii_letter(c).is_some_and(|l| letters.as_bytes().contains(&l))
}

/// Openings of a regex's branches: one to three lower-case ASCII letters
/// each, as a word of their bytes and a mask of as many bytes.
pub struct Openings<const N: usize>([(u32, u32); N]);

impl<const N: usize> Openings<N> {
    pub const fn new(openings: [&str; N]) -> Openings<N> {
        let mut words = [(0, 0); N];
        let mut i = 0;
        while i < N {
            let bytes = openings[i].as_bytes();
            assert!(!bytes.is_empty() && bytes.len() <= 3);
            let mut j = 0;
            while j < bytes.len() {
                assert!(bytes[j].is_ascii_lowercase());
                words[i].0 |= (bytes[j] as u32) << (8 * j);
                words[i].1 |= 0xFF << (8 * j);
                j += 1;
            }
            i += 1;
        }
        Openings(words)
    }
}

/// Whether the text, after white space, can open with one of `openings`
/// in a case-insensitive regex: a regex whose every branch opens with one
/// of them is run on no other text. Three letters rule out many more
/// lines than one.
fn opens_with_folded<const N: usize>(text: &str, openings: &Openings<N>) -> bool {
    let start = opening_letters(text);
    // Compared as one number each: a slice comparison calls `memcmp`.
    openings.0.iter().any(|&(word, mask)| start & mask == word)
}

/// The first three characters after white space as the lower-case ASCII
/// letters a case-insensitive regex folds them to, a byte each in a word,
/// up to the first that is none (0 from there on).
fn opening_letters(text: &str) -> u32 {
    // Most lines open with an ASCII letter, and then nothing is trimmed:
    // the bytes tell it unless one is not ASCII.
    if let Some((&first, rest)) = text.as_bytes().split_first() {
        if first.is_ascii_alphabetic() {
            let mut word = u32::from(first.to_ascii_lowercase());
            for (shift, &b) in [8, 16].into_iter().zip(rest) {
                if !b.is_ascii() {
                    return folded_opening(text);
                }
                if !b.is_ascii_alphabetic() {
                    break;
                }
                word |= u32::from(b.to_ascii_lowercase()) << shift;
            }
            return word;
        }
    }
    folded_opening(text)
}

/// [`opening_letters`] a character at a time.
fn folded_opening(text: &str) -> u32 {
    let mut word = 0;
    for (shift, c) in [0, 8, 16].into_iter().zip(text.trim_start().chars()) {
        let Some(letter) = folded_ascii_letter(c) else {
            break;
        };
        word |= u32::from(letter) << shift;
    }
    word
}

/// The byte length of the longest phrase of a list.
const fn longest(phrases: &[&str]) -> usize {
    let mut max = 0;
    let mut i = 0;
    while i < phrases.len() {
        if phrases[i].len() > max {
            max = phrases[i].len();
        }
        i += 1;
    }
    max
}

/// Whether `text.to_lowercase()` may contain one of the ASCII `needles`:
/// false only when it surely contains none, so a cheap test can skip the
/// lower-casing. Outside the Kelvin sign and `İ`, a character lower-cases
/// to ASCII only when it is ASCII itself, so an ASCII needle in the
/// lower-cased text is an ASCII-case-insensitive match in the text.
pub fn may_contain_lowercase(text: &str, needles: &[&str]) -> bool {
    let hay = text.as_bytes();
    // One pass over the bytes: a table marks the bytes that can start a
    // match (a needle's first letter in either case, and the lead bytes of
    // the Kelvin sign, E2 84 AA, and of `İ`, C4 B0).
    let mut starts = [false; 256];
    for needle in needles {
        debug_assert!(needle.is_ascii() && !needle.is_empty());
        if let Some(&first) = needle.as_bytes().first() {
            starts[usize::from(first.to_ascii_lowercase())] = true;
            starts[usize::from(first.to_ascii_uppercase())] = true;
        }
    }
    starts[0xE2] = true;
    starts[0xC4] = true;
    (0..hay.len()).any(|i| {
        starts[usize::from(hay[i])] && {
            let rest = &hay[i..];
            rest.starts_with(&[0xE2, 0x84, 0xAA])
                || rest.starts_with(&[0xC4, 0xB0])
                || needles.iter().any(|needle| {
                    rest.get(..needle.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                })
        }
    })
}

/// What the pattern tests share about one block's text, worked out once:
/// most tests rule a block out on these facts before they lower-case the
/// text, count its words or run a regex.
pub struct BlockText<'a> {
    /// The text as the block holds it.
    pub text: &'a str,
    /// Its whitespace-separated words (`split_whitespace().count()`).
    pub spaced_words: usize,
    /// The adjacent pairs of ASCII letters and spaces in it, case folded.
    letter_pairs: LetterPairs,
    /// It holds one of the non-ASCII characters that lower-case to ASCII
    /// letters ([`LOWER_TO_ASCII_LETTER`]).
    lowers_to_ascii: bool,
    /// The text without what is not a letter or digit at either end.
    trimmed: &'a str,
    /// It is ASCII.
    ascii: bool,
    /// It holds the long s, which a case-insensitive regex matches to `s`
    /// though lower-casing leaves it alone.
    long_s: bool,
    /// The text lower-cased with punctuation trimmed at both ends, made the
    /// first time a phrase test needs it.
    normalized: OnceCell<String>,
}

impl<'a> BlockText<'a> {
    /// The facts of `text`.
    pub fn new(text: &'a str) -> BlockText<'a> {
        let (spaced_words, ascii) = spaced_words(text);
        BlockText {
            text,
            spaced_words,
            letter_pairs: LetterPairs::of(text),
            trimmed: trim_punctuation(text),
            ascii,
            // (A search for a string is much faster than for a set of
            // characters, which decodes every character.)
            lowers_to_ascii: !ascii
                && LOWER_TO_ASCII_LETTER
                    .iter()
                    .any(|c| text.contains(c.encode_utf8(&mut [0; 4]) as &str)),
            long_s: !ascii && text.contains("ſ"),
            normalized: OnceCell::new(),
        }
    }

    /// [`normalized_within`] of the text, lower-cased once for all the
    /// phrase tests.
    pub fn normalized_within(&self, longest: usize) -> Option<&str> {
        let trimmed = self.trimmed;
        (trimmed.len() <= longest * SHRINK).then(|| {
            self.normalized
                .get_or_init(|| trimmed.to_lowercase())
                .as_str()
        })
    }

    /// The text trimmed of punctuation, [`Folded`] for phrase tests, or
    /// `None` where [`Self::normalized_within`] is.
    pub fn folded_within(&self, longest: usize) -> Option<Folded<'_>> {
        if !self.ascii {
            return self.normalized_within(longest).map(Folded::Lower);
        }
        let trimmed = self.trimmed;
        (trimmed.len() <= longest * SHRINK).then_some(Folded::Ascii(trimmed))
    }

    /// Whether the text is ASCII.
    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// [`may_contain_lowercase`] of the text, for needles of lower-case
    /// ASCII letters and spaces. A needle occurs in ASCII case only where
    /// all its letter pairs do: most blocks are ruled out without a scan.
    pub fn may_contain_lowercase<const N: usize>(&self, needles: &Needles<N>) -> bool {
        (self.lowers_to_ascii || needles.pairs.iter().any(|p| p.in_text(&self.letter_pairs)))
            && may_contain_lowercase(self.text, &needles.words)
    }

    /// Whether a case-insensitive regex that matches only where one of the
    /// `needles` (lower-case ASCII letters and spaces) occurs may match
    /// the text: [`Self::may_contain_lowercase`], unless the text holds a
    /// long s.
    pub fn may_match_folded<const N: usize>(&self, needles: &Needles<N>) -> bool {
        self.long_s || self.may_contain_lowercase(needles)
    }
}

/// `text.split_whitespace().count()`, and whether the text is ASCII.
/// Eight bytes at a time (classifying a line starts here, and most lines
/// are short): a lane is white space when it is the space or tab to
/// carriage return (what `char::is_whitespace` tells in ASCII), and a word
/// starts at each other lane after white space or the start. Outside ASCII
/// only characters led by C2, E1, E2 or E3 can be white space: a chunk is
/// read whole up to the first such character that is white space (read
/// off its UTF-8 bytes, [`unicode_space_len`]), which is stepped over on
/// its own, and chunks resume after it.
// Kept out of line: inlined, it tips the inlining of the pattern tests
// into `classify` the wrong way (+3.5 M Ir a pass over the text dumps).
#[inline(never)]
fn spaced_words(text: &str) -> (usize, bool) {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * LANES;
    let bytes = text.as_bytes();
    let mut words = 0;
    // The top bit of the lane before the next one read: white space (or
    // the start).
    let mut before = 0x80;
    let mut ascii = true;
    let mut i = 0;
    loop {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut lanes = [0; 8];
            lanes.copy_from_slice(chunk);
            let x = u64::from_le_bytes(lanes);
            // Lanes read in this step: all, or those before the first lead
            // byte of a white space character outside ASCII.
            let mut take = 8;
            if x & HIGH != 0 {
                ascii = false;
                // Each byte that may lead white space is read whole: a
                // curly quote shares E2 with it, Vietnamese E1 and kana E3.
                let mut leads = space_lead_lanes(x);
                while leads != 0 {
                    let lane = leads.trailing_zeros() / 8;
                    if bytes.get(i + lane as usize..).map_or(0, unicode_space_len) > 0 {
                        take = lane;
                        break;
                    }
                    leads &= leads - 1;
                }
            }
            if take > 0 {
                // The top bits cleared, no sum carries into the next lane;
                // lanes outside ASCII are then ruled out by `!x`.
                let x7 = x & !HIGH;
                let t = x7 ^ (0x20 * LANES);
                let space = !((t + 0x7F * LANES) | t);
                let at_least_9 = x7 + (0x80 - 9) * LANES;
                let at_least_14 = x7 + (0x80 - 14) * LANES;
                let white = (space | (at_least_9 & !at_least_14)) & !x & HIGH;
                let read = u64::MAX >> (64 - 8 * take);
                let after_white = (white << 8) | before;
                words += (!white & HIGH & after_white & read).count_ones() as usize;
                before = (white >> (8 * take - 8)) & 0x80;
                i += take as usize;
                continue;
            }
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let space_len = if b.is_ascii() {
            usize::from(matches!(b, 9..=13 | 32))
        } else {
            ascii = false;
            unicode_space_len(&bytes[i..])
        };
        let space = space_len > 0;
        words += usize::from(before != 0 && !space);
        before = if space { 0x80 } else { 0 };
        i += space_len.max(1);
    }
    (words, ascii)
}

/// The lanes of `x` holding C2, E1, E2 or E3 (the lead bytes of the white
/// space characters outside ASCII) with their top bit set, and maybe some
/// lanes above such a lane (from the borrow): [`spaced_words`] reads each
/// lane set before it takes it for white space.
fn space_lead_lanes(x: u64) -> u64 {
    const LANES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * LANES;
    let zero = |v: u64| v.wrapping_sub(LANES) & !v & HIGH;
    zero(x ^ (0xC2 * LANES))
        | zero(x ^ (0xE1 * LANES))
        | zero(x ^ (0xE2 * LANES))
        | zero(x ^ (0xE3 * LANES))
}

/// A set of pairs of adjacent characters, each an ASCII letter (either
/// case), a space or anything else: a row of 32 bits per first symbol, a
/// bit per second. (Rows make adding a pair one `or` of `1 << second` into
/// `rows[first]`, the cheapest form of the per-byte step.)
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct LetterPairs([u32; 32]);

impl LetterPairs {
    /// The pairs of `text`, in one pass over its bytes.
    fn of(text: &str) -> LetterPairs {
        let mut pairs = LetterPairs::default();
        let mut previous = OTHER;
        for &b in text.as_bytes() {
            let symbol = SYMBOLS[usize::from(b)];
            pairs.insert(previous, symbol);
            previous = symbol;
        }
        pairs
    }

    /// Symbols are below 32; the masks say so to the compiler, which then
    /// drops the bounds check (and the shift needs no other).
    fn insert(&mut self, first: u8, second: u8) {
        self.0[usize::from(first & 31)] |= 1 << (second & 31);
    }
}

/// Words a test needs one of (lower-case ASCII letters and spaces), with
/// their letter pairs worked out when the program is compiled.
pub struct Needles<const N: usize> {
    words: [&'static str; N],
    pairs: [NeedlePairs; N],
}

impl<const N: usize> Needles<N> {
    /// The needles `words`.
    pub const fn new(words: [&'static str; N]) -> Needles<N> {
        let mut pairs = [NeedlePairs {
            rows: [(0, 0); NEEDLE_ROWS],
            len: 0,
        }; N];
        let mut i = 0;
        while i < N {
            pairs[i] = NeedlePairs::of(words[i]);
            i += 1;
        }
        Needles { words, pairs }
    }
}

/// The most first symbols a needle's pairs have.
const NEEDLE_ROWS: usize = 16;

/// A needle's letter pairs as the rows of a [`LetterPairs`] they set: the
/// few rows to test, not all 32.
#[derive(Clone, Copy)]
struct NeedlePairs {
    rows: [(u8, u32); NEEDLE_ROWS],
    len: usize,
}

impl NeedlePairs {
    const fn of(needle: &str) -> NeedlePairs {
        let bytes = needle.as_bytes();
        let mut all = [0u32; 32];
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] == b' ' || bytes[i].is_ascii_lowercase());
            if i > 0 {
                let first = SYMBOLS[bytes[i - 1] as usize];
                all[(first & 31) as usize] |= 1 << (SYMBOLS[bytes[i] as usize] & 31);
            }
            i += 1;
        }
        let mut rows = [(0, 0); NEEDLE_ROWS];
        let mut len = 0;
        let mut row = 0;
        while row < all.len() {
            if all[row] != 0 {
                assert!(len < NEEDLE_ROWS);
                rows[len] = (row as u8, all[row]);
                len += 1;
            }
            row += 1;
        }
        NeedlePairs { rows, len }
    }

    /// Whether every pair is in `text`'s set.
    fn in_text(&self, text: &LetterPairs) -> bool {
        self.rows[..self.len.min(NEEDLE_ROWS)]
            .iter()
            .all(|&(row, mask)| text.0[usize::from(row & 31)] & mask == mask)
    }
}

/// The symbol of every byte that is no ASCII letter or space.
const OTHER: u8 = 0;

/// Byte → symbol: ASCII letters 1 to 26 in either case, the space 27, any
/// other byte [`OTHER`].
const SYMBOLS: [u8; 256] = {
    let mut symbols = [OTHER; 256];
    let mut letter = 0;
    while letter < 26 {
        symbols[(b'a' + letter) as usize] = letter + 1;
        symbols[(b'A' + letter) as usize] = letter + 1;
        letter += 1;
    }
    symbols[b' ' as usize] = 27;
    symbols
};

/// Page furniture that is never article text.
pub fn is_chrome(line: &BlockText) -> bool {
    const PHRASES: &[&str] = &[
        "scroll untuk membaca artikel",
        "scroll untuk melanjutkan membaca",
        "scroll to continue with content",
        "scroll to resume content",
        "advertisement",
        "advertisment",
        "advert",
        "back to gallery",
        "iklan",
        "load more",
        "muat lebih banyak",
        "tampilkan lebih banyak",
        "lihat foto",
        "lihat semua",
        "show more",
        "continue reading",
        "read more",
        "selengkapnya",
        "baca selengkapnya",
        "bagikan",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "tweet",
        "komentar",
        "comments",
        "sponsored",
        "sponsored content",
        "konten sponsor",
        "gambas:video 20detik",
        "skip to content",
        "skip to main content",
        "back to top",
        "kembali ke atas",
        "copy link",
        "salin tautan",
        "print",
        "email",
        "subscribe",
        "sign in",
        "log in",
        "login",
        "daftar",
        "masuk",
        "follow us",
        "ikuti kami",
        "video pilihan",
        "tutup iklan",
        "close",
        "menu",
        "cari",
        "search",
        "x",
    ];
    static SET: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(PHRASES));
    let Some(n) = line.folded_within(longest(PHRASES)) else {
        return false;
    };
    if n.is_empty() {
        return !line.text.trim().is_empty();
    }
    SET.contains(n) || gallery_counter(n)
}

/// A slideshow's counter: `Image 1 of 4`, `1 of 6`, `Foto 2 dari 10`, `3/12`.
fn gallery_counter(text: Folded) -> bool {
    static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^((image|photo|picture|slide|foto|gambar|bild|imagen|imagem)\s+)?\d{1,3}\s*(of|dari|von|de|di|/)\s*\d{1,3}$",
        )
    });
    // It ends in a digit.
    // (A lower-cased text is as long as the ASCII text, and ends in the
    // same digit.)
    text.text().len() <= 24
        && text
            .text()
            .chars()
            .next_back()
            .is_some_and(char::is_numeric)
        && COUNTER.is_match(&text.lower())
}

/// A wire story's closing credits: `(Reporting by …; Editing by …)`.
pub fn reporting_credit(line: &BlockText) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^[(\[]?\s*((additional )?reporting|writing|compiled|text) by\b.*\b(editing|edited) by\b",
        )
    });
    // Both credits are "… by": short lines without an ASCII " by" in any
    // case skip the regex (its letters fold to ASCII only).
    line.spaced_words <= 60
        && line.may_contain_lowercase(&const { Needles::new([" by"]) })
        && CREDIT.is_match(line.text.trim())
}

/// "Load More" glued to the next story: the dump continues with another article.
pub fn ends_article(text: &str) -> bool {
    // Only the start matters: lower-case no more than can hold the cues
    // (each character lower-cases to a third of its bytes at least).
    let t = text.trim();
    // Both cues start with `l` or `m`: a text whose first character does
    // not lower-case to one of them is not lower-cased at all.
    let first = t.chars().next().and_then(|c| c.to_lowercase().next());
    if !matches!(first, Some('l' | 'm')) {
        return false;
    }
    let mut end = t.len().min(SHRINK * "muat lebih banyak".len());
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    let lower = t[..end].to_lowercase();
    lower.starts_with("load more") || lower.starts_with("muat lebih banyak")
}

/// Promotions that close an article on many portals.
pub fn is_promo(line: &BlockText) -> bool {
    static PROMO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(like this (story|article)\?|(have|got) a (news )?tip\?|tell us what you think|this site is protected by recaptcha|thanks for signing up|simak breaking news|cek berita dan artikel|dapatkan update berita|ikuti (kami|berita|saluran|whatsapp|perkembangan|update|terus)|follow (us|our)|sign up for|subscribe to|download (aplikasi|the app)|unduh aplikasi|klik di sini untuk|gabung (di|ke) (grup|saluran|channel)|lihat juga video|simak video|tonton juga|watch:|baca berita (lainnya|menarik))",
        )
    });
    static CHANNEL: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)(whatsapp channel|google news|telegram channel)\b.*(https?://|ikuti|klik|join)")
    });
    // An author's note closing the story: `… Follow him on Twitter @x.`
    static FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\bfollow (him|her|them|me|us) (on (twitter|facebook|instagram|x)\b|@\w)")
    });
    // The unanchored patterns need "channel", "google" or "follow", whose
    // letters match ASCII letters only under `(?i)`: one pass over the
    // bytes rules most blocks out.
    let text = line.text;
    // Every branch of `PROMO` opens with one of these.
    const OPENINGS: Openings<21> = Openings::new([
        "bac", "cek", "dap", "dow", "fol", "gab", "got", "hav", "iku", "kli", "lih", "lik", "sig",
        "sim", "sub", "tel", "tha", "thi", "ton", "und", "wat",
    ]);
    opens_with_folded(text, &OPENINGS) && PROMO.is_match(text.trim())
        || line.may_contain_lowercase(&const { Needles::new(["channel", "google", "follow"]) })
            && (CHANNEL.is_match(text) || line.spaced_words <= 60 && FOLLOW.is_match(text))
}

/// A related-link line: the title after the cue, or `Some("")` for a bare
/// cue that heads a list of links.
pub fn related_link(text: &str) -> Option<&str> {
    static CUE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(baca juga|baca pula|simak juga|lihat juga|jangan lewatkan|artikel terkait|berita terkait|read also|also read|read more|see also|related|recommended|more on this|related articles?|related stories|related coverage|read next)\b\s*[:：\-–—!]*\s*(.*)$",
        )
    });
    // Every cue opens with one of these: other lines skip the regex.
    const OPENINGS: Openings<12> = Openings::new([
        "als", "art", "bac", "ber", "jan", "lih", "mor", "rea", "rec", "rel", "see", "sim",
    ]);
    if !opens_with_folded(text, &OPENINGS) {
        return None;
    }
    let caps = CUE.captures(text)?;
    let rest = caps.get(2).map_or("", |m| m.as_str()).trim();
    // "Baca juga berita lainnya di …" is a sentence, not a link cue.
    if rest.split_whitespace().count() > 30 {
        return None;
    }
    let cue = caps.get(1).map_or("", |m| m.as_str());
    let colon = text[cue.len()..]
        .trim_start()
        .starts_with([':', '：', '!', '-', '–', '—']);
    let shouting = cue
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let cue_lower = cue.to_lowercase();
    // Without a colon only the unambiguous Indonesian cues count.
    if !colon
        && !shouting
        && !rest.is_empty()
        && !matches!(cue_lower.as_str(), "baca juga" | "baca pula" | "simak juga")
    {
        return None;
    }
    Some(rest.trim_matches(|c: char| c == '"' || c == '“' || c == '”'))
}

/// Headers of the link lists portals put beside and after the article.
pub fn is_widget_header(line: &BlockText) -> bool {
    const HEADERS: &[&str] = &[
        "terpopuler",
        "populer",
        "paling populer",
        "berita populer",
        "terpopuler hari ini",
        "pilihan",
        "pilihan editor",
        "pilihan redaksi",
        "terkini",
        "berita terkini",
        "terbaru",
        "berita terbaru",
        "berita terkait",
        "artikel terkait",
        "berita lainnya",
        "berita lain",
        "artikel lainnya",
        "rekomendasi",
        "rekomendasi untuk anda",
        "baca juga",
        "jangan lewatkan",
        "topik terkait",
        "tag",
        "tags",
        "tag terkait",
        "video terkait",
        "most read",
        "most popular",
        "most viewed",
        "popular",
        "trending",
        "trending now",
        "latest",
        "latest news",
        "latest stories",
        "top stories",
        "related",
        "related articles",
        "related stories",
        "related posts",
        "related content",
        "more stories",
        "more from",
        "more news",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "read next",
        "editor's picks",
        "editors picks",
        "what to read next",
        "around the web",
        "you may like",
        "you might like",
        "you may be interested in",
        // Portuguese, Spanish, French, Italian, German.
        "você pode gostar",
        "você também pode gostar",
        "você também pode se interessar",
        "posts relacionados",
        "artigos relacionados",
        "notícias relacionadas",
        "mais lidas",
        "te puede interesar",
        "también te puede interesar",
        "te puede gustar",
        "noticias relacionadas",
        "artículos relacionados",
        "lo más leído",
        "vous aimerez aussi",
        "vous aimerez aussi lire",
        "articles similaires",
        "sur le même sujet",
        "les plus lus",
        "ti potrebbe interessare",
        "potrebbe interessarti",
        "articoli correlati",
        "i più letti",
        "das könnte sie auch interessieren",
        "ähnliche artikel",
        "meistgelesen",
    ];
    // The same lists named for a section or a topic: "Most read in world
    // news", "Latest in Tech".
    const SCOPED: &[&str] = &[
        "most read in ",
        "most popular in ",
        "most viewed in ",
        "latest in ",
        "trending in ",
    ];
    static SET: LazyLock<PhraseSet> = LazyLock::new(|| PhraseSet::new(HEADERS));
    let Some(n) = line.folded_within(longest(HEADERS)) else {
        return false;
    };
    SET.contains(n)
        || SCOPED.iter().any(|p| {
            n.strip_prefix(p)
                .is_some_and(|rest| !rest.is_empty() && rest.split_whitespace().nth(3).is_none())
        })
}

/// Canonical name of a news agency, from how it is written.
pub fn agency_name(word: &str) -> Option<&'static str> {
    let w = word
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let name = match w.as_str() {
        "antara" | "ant" | "antara news" | "antaranews" | "antara foto" => "ANTARA",
        "reuters" => "Reuters",
        "afp" => "AFP",
        "ap" | "associated press" => "AP",
        "xinhua" => "Xinhua",
        "bernama" => "Bernama",
        "dpa" => "dpa",
        "kyodo" => "Kyodo",
        "yonhap" => "Yonhap",
        "efe" => "EFE",
        "ansa" => "ANSA",
        "tass" => "TASS",
        "upi" => "UPI",
        "anadolu" | "aa" => "Anadolu",
        "pa" => "PA",
        "sputnik" => "Sputnik",
        _ => return None,
    };
    Some(name)
}

/// A source credit naming a news agency (`Sumber : Antara`, `Source: Reuters`):
/// the agency. A source that is not an agency (a ministry, a website) is not.
pub fn source_credit(text: &str) -> Option<&'static str> {
    static SOURCE: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^\s*(?:sumber(?:\s+berita)?|source)\s*:\s*(.{2,30}?)\s*\.?\s*$"));
    if !opens_with_folded(text, &const { Openings::new(["sou", "sum"]) }) {
        return None;
    }
    agency_name(SOURCE.captures(text)?.get(1)?.as_str())
}

/// A trailing agency tag (`… [ANTARA]`, `… (Antara)`): the text before it and
/// the agency.
pub fn trailing_agency(text: &str) -> Option<(&str, &'static str)> {
    static TAG: LazyLock<Regex> =
        LazyLock::new(|| re(r"\s*[\[(]\s*([A-Za-z][A-Za-z .]{1,24}?)\s*[\])]\s*\.?\s*$"));
    let caps = TAG.captures(text)?;
    let agency = agency_name(caps.get(1)?.as_str())?;
    let start = caps.get(0)?.start();
    Some((text[..start].trim_end(), agency))
}

/// A trailing desk code (`(fyk/ash)`, `[ian]`, `(H-4)`, `(Mvi/Ali)`): the text
/// before it.
pub fn trailing_desk_code(text: &str) -> Option<&str> {
    static CODE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\s*(?:[\[(]\s*(?:[a-z]{2,5}(?:\s*/\s*[a-z]{2,5}){0,3}|[A-Za-z][a-z]{1,4}(?:\s*/\s*[A-Za-z][a-z]{1,4}){1,3}|[A-Z]-\d{1,2}|[a-z]{1,4}\*{1,2})\s*[\])])\s*$",
        )
    });
    let m = CODE.find(text)?;
    Some(text[..m.start()].trim_end())
}

/// A trailing reporter credit glued to the last paragraph (`… (Luh Wayanti)`).
pub fn trailing_reporter(text: &str) -> Option<(&str, String)> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        re(r"[.!?”\x22]\s*\(\s*(\p{Lu}[\p{L}'.]+(?:\s+\p{Lu}[\p{L}'.]*){1,3})\s*\)\s*$")
    });
    let caps = NAME.captures(text)?;
    let name = caps.get(1)?.as_str();
    if agency_name(name).is_some() || name.contains("Foto") || name.split_whitespace().count() < 2 {
        return None;
    }
    let start = caps.get(0)?.start() + 1;
    Some((text[..start].trim_end(), name.to_owned()))
}

/// A caption with its credit at the end: `… [ANTARA FOTO/…]`,
/// `… (Reuters/Stringer)`, `… (Foto: Setpres)`, `… © instagram.com/x`,
/// `…/©KapanLagi.com®/M. Akrom Sukarya`, `Raja Ampat(Auriga Nusantara)`.
pub fn caption_credit(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    // Cheap tests first: a copyright credit has its sign, a bracketed one
    // closes the text (an optional full stop after it).
    // (An ASCII text is told so a word at a time, faster than a search.)
    let copyright = !text.is_ascii() && text.contains('©');
    let bracketed = text
        .strip_suffix('.')
        .unwrap_or(text)
        .trim_end()
        .ends_with([')', ']']);
    if !copyright && !bracketed {
        return None;
    }
    if let Some((caption, credit)) = copyright.then(|| copyright_end(text)).flatten() {
        let caption = caption.trim();
        let credit = credit.trim_start_matches('©').trim();
        if !caption.is_empty() && !credit.is_empty() {
            return Some((caption.to_owned(), credit.to_owned()));
        }
    }
    if !bracketed {
        return None;
    }
    let (caption, credit) = bracketed_end(text)?;
    let (caption, credit) = (caption.trim(), credit.trim());
    if caption.is_empty() || !is_credit(credit) {
        return None;
    }
    Some((caption.to_owned(), credit.to_owned()))
}

/// The caption and the copyright credit closing a text: what
/// `^(.*?)\s*/?\s*(©\s*.{2,80})$` captures. Read by hand: the regex's
/// bounded repetition cost ~25 000 instructions a line with a `©`. The
/// lazy caption ends as early as it can, so the first `©` that ends a valid
/// credit wins, the caption cut before the white space and one `/` ahead
/// of it; the caption holds no line break (`.`).
fn copyright_end(text: &str) -> Option<(&str, &str)> {
    for (at, sign) in text.match_indices('©') {
        if !copyright_tail(&text[at + sign.len()..]) {
            continue;
        }
        let head = text[..at].trim_end();
        let head = head.strip_suffix('/').map_or(head, str::trim_end);
        // A later sign's caption holds this one's: no break there either.
        return (!head.contains('\n')).then_some((head, &text[at..]));
    }
    None
}

/// Whether what follows a `©` matches `\s*.{2,80}$`: white space, then
/// two to 80 characters without a line break to the end. The white space
/// is skipped whole, and given back (but for a line break) if fewer than
/// two characters are left.
fn copyright_tail(rest: &str) -> bool {
    let tail = rest.trim_start();
    if tail.contains('\n') {
        return false;
    }
    let count = tail.chars().count();
    if count > 80 {
        return false;
    }
    let needed = 2usize.saturating_sub(count);
    let skipped = &rest[..rest.len() - tail.len()];
    let mut given_back = skipped.chars().rev().take(needed);
    given_back.clone().count() == needed && given_back.all(|c| c != '\n')
}

/// The text before a bracketed part closing it, and what the brackets
/// hold: what `^(.*?)\s*[\[(]\s*([^\[\]()]{2,120}?)\s*[\])]\s*\.?$` captures.
/// Read by hand: the regex's bounded repetition made it the costliest
/// test of a line, and its answer is fixed by a few positions. The
/// closing bracket ends the text (but for white space and one full stop);
/// the opening one is the last bracket before it, since the contents hold
/// none; the contents are the shortest run of two to 120 characters that
/// leaves only white space before the closing bracket, after as much white
/// space as can be skipped.
fn bracketed_end(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix('.').unwrap_or(text).trim_end();
    if !body.ends_with([')', ']']) {
        return None;
    }
    let close = body.len() - 1;
    let open = body[..close].rfind(['(', '[', ')', ']'])?;
    if !body[open..].starts_with(['(', '[']) {
        return None;
    }
    let before = text[..open].trim_end();
    if before.contains('\n') {
        return None;
    }
    let inside = &body[open + 1..close];
    // As much leading white space is skipped as leaves a match: all of
    // it, unless the contents would then be under two characters.
    let mut rest = inside.trim_start();
    loop {
        let needed = rest.trim_end().chars().count().max(2);
        if needed > 120 {
            return None;
        }
        if let Some(contents) = first_chars(rest, needed) {
            return Some((before, contents));
        }
        let skipped = &inside[..inside.len() - rest.len()];
        let given_back = skipped.chars().next_back()?;
        rest = &inside[skipped.len() - given_back.len_utf8()..];
    }
}

/// The first `n` characters of `text`, if it has so many.
fn first_chars(text: &str, n: usize) -> Option<&str> {
    if n == 0 {
        return Some("");
    }
    let (last, c) = text.char_indices().nth(n - 1)?;
    Some(&text[..last + c.len_utf8()])
}

/// Whether bracketed text is a photo credit rather than a date, a desk code,
/// an abbreviation or an aside.
fn is_credit(credit: &str) -> bool {
    let lower = credit.to_lowercase();
    if labelled_credit(credit) || lower.starts_with("dok") || lower.starts_with("ilustrasi") {
        return true;
    }
    if lower.contains("getty images") || lower.contains("shutterstock") || lower.contains("istock")
    {
        return true;
    }
    if !credit.contains('/') {
        return false;
    }
    // (24/8), (13/11/2019) are dates; (fyk/ash) is a desk code.
    if credit
        .chars()
        .all(|c| c.is_ascii_digit() || c == '/' || c.is_whitespace())
    {
        return false;
    }
    if credit
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '/' || c.is_whitespace())
        && credit.len() <= 20
    {
        return false;
    }
    credit.split('/').all(|part| !part.trim().is_empty()) && credit.split_whitespace().count() <= 14
}

/// A credit that names itself one: `Photo: …`, `Foto: …`, `Image: GETTY`,
/// `Picture: …`, `Credit: …`.
pub fn labelled_credit(credit: &str) -> bool {
    const LABELS: [&str; 9] = [
        "foto",
        "photo",
        "image:",
        "images:",
        "image credit",
        "picture:",
        "pic:",
        "credit:",
        "bild:",
    ];
    let lower = credit.trim_start().to_lowercase();
    // `AP Photo/Alan Diaz`, `Reuters photo/…`: an agency's photo credit.
    LABELS.iter().any(|l| lower.starts_with(l)) || lower.contains(" photo/")
}

/// A wire photo's caption by its opening: `In this Dec. 12, 2006, file
/// photo, …`, `This March 28, 2017, photo provided by …`, `FILE PHOTO: …`,
/// `FILE - In this …`.
pub fn wire_photo_caption(line: &BlockText) -> bool {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(file photo\s*:|file\s*[-–—]\s*in this\b|(in )?this ([\w.,]+\s+){0,6}(file |undated |handout )?(photo|image|picture|photograph)\b(,| provided| released| made| shows| taken))",
        )
    });
    let t = line.text.trim_start();
    // Every opening starts with `file`, `in this` or `this`, whose letters
    // fold to ASCII letters only: a line opening otherwise cannot match.
    let opening = t.as_bytes().get(..3).is_some_and(|start| {
        [b"fil", b"in ", b"thi"]
            .iter()
            .any(|o| start.eq_ignore_ascii_case(*o))
    });
    // Past `file`, every opening names a photo, an image or a picture.
    let named = || {
        t.as_bytes()
            .get(..3)
            .is_some_and(|start| start.eq_ignore_ascii_case(b"fil"))
            || line.may_match_folded(&const { Needles::new(["photo", "image", "picture"]) })
    };
    opening && line.spaced_words <= 80 && named() && OPENING.is_match(t)
}

/// A note on how readers' comments are moderated (`ATENÇÃO: Comentários
/// com textos ininteligíveis … não serão aprovados pelo moderador`).
pub fn comment_policy(line: &BlockText) -> bool {
    // Checked on every block. Every moderation word has "moder", which is
    // in the lower-cased text only if it is in the text in some ASCII case:
    // after the word count, one pass over the bytes rules out most blocks
    // before lower-casing.
    if line.spaced_words > 40 || !line.may_contain_lowercase(&const { Needles::new(["moder"]) }) {
        return false;
    }
    let lower = line.text.to_lowercase();
    let comments = [
        "comment",
        "comentário",
        "comentario",
        "komentar",
        "kommentar",
        "commentaire",
        "comenta",
    ]
    .iter()
    .any(|w| lower.contains(w));
    // A moderator, moderation, moderação, moderasi: not just approval,
    // which news text speaks of beside "comment" often enough.
    let moderated = [
        "moderator",
        "moderation",
        "moderated",
        "moderador",
        "moderação",
        "moderación",
        "moderasi",
        "moderiert",
        "modération",
        "moderazione",
    ]
    .iter()
    .any(|w| lower.contains(w));
    comments && moderated
}

/// A line that only credits a picture: `Image copyright EPA`, `Photo: Ringo
/// Chiu, AP`, `Courtesy of Andrew Vaughan`, `Photograph by …`.
pub fn image_credit_line(line: &BlockText) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(image (copyright|credit|source)|(photo|photograph|picture|image|foto)s?\s*(:|by\b|credit\b)|courtesy of\b|credit:)",
        )
    });
    let (text, words) = (line.text, line.spaced_words);
    // Both forms are short: longer lines are not read.
    if words > 10 {
        return false;
    }
    // `FOTO: Dian Sastrowardoyo saat berusia 13 tahun, Masih Cantik?` is a
    // photo story's headline: a credit names a source in a few words.
    let headline = text.trim_end().ends_with(['?', '!']) || words > 7 && text.contains(':');
    // Every branch of `CREDIT` opens with one of these pairs of letters.
    if !headline
        && opens_with_folded(
            text,
            &const { Openings::new(["cou", "cre", "fot", "ima", "pho", "pic"]) },
        )
        && CREDIT.is_match(text)
    {
        return true;
    }
    // `Michael Conroy, AP`, `Al Goldis, Associated Press`: a photographer
    // and the agency, alone on a line.
    if words > 6 {
        return false;
    }
    let Some((name, agency)) = text.trim().rsplit_once(',') else {
        return false;
    };
    (agency_name(agency).is_some()
        || ["getty images", "epa", "shutterstock"].contains(&agency.trim().to_lowercase().as_str()))
        && looks_like_name(name.trim())
}

/// The attribution line under an embedded post: `— Dele (@dele_official)
/// November 19, 2019`. It holds a date but is the post's, not the article's.
pub fn post_attribution(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with(['—', '–', '-']) && t.contains("(@")
}

/// A labelled credit line (`Penulis: Glery Lazuardi`, `Editor : Ade`,
/// `Pewarta: A dan B`, `By Jane Doe and John Roe`, `Red: Yudha`): its authors.
pub fn labelled_byline(text: &str) -> Option<Vec<Author>> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(penulis|oleh|pewarta|reporter|wartawan|jurnalis|kontributor|editor|penyunting|redaktur|red|fotografer|foto|by|written by|words by|author|reported by|edited by|photographs? by|photos? by)\s*[:|]?\s+(.{2,120})$",
        )
    });
    // Every label opens with one of these.
    const OPENINGS: Openings<15> = Openings::new([
        "aut", "by", "edi", "fot", "jur", "kon", "ole", "pen", "pew", "pho", "red", "rep", "war",
        "wor", "wri",
    ]);
    if !opens_with_folded(text, &OPENINGS) {
        return None;
    }
    let caps = LABEL.captures(text)?;
    let label = caps.get(1)?.as_str().to_lowercase();
    let rest = caps.get(2)?.as_str().trim();
    let explicit = text[..caps.get(2)?.start()].contains(':') || label == "by" || label == "oleh";
    if !explicit
        && !matches!(
            label.as_str(),
            "written by" | "reported by" | "edited by" | "words by"
        )
    {
        return None;
    }
    let role = match label.as_str() {
        "penulis" | "oleh" | "by" | "written by" | "words by" | "author" => AuthorRole::Author,
        "pewarta" | "reporter" | "wartawan" | "jurnalis" | "kontributor" | "reported by" => {
            AuthorRole::Reporter
        }
        "editor" | "penyunting" | "redaktur" | "red" | "edited by" => AuthorRole::Editor,
        _ => AuthorRole::Photographer,
    };
    let names = split_names(rest);
    if names.is_empty() || names.iter().any(|n| !looks_like_name(n)) {
        return None;
    }
    Some(
        names
            .into_iter()
            .map(|name| Author {
                name,
                role: Some(role),
            })
            .collect(),
    )
}

/// `A dan B`, `A, B and C`, `A & B` → the names, with a trailing outlet
/// (`Bagus Kurniawan - detiknews`) and a `Kontributor City,` prefix removed.
pub fn split_names(text: &str) -> Vec<String> {
    static SEP: LazyLock<Regex> = LazyLock::new(|| re(r"\s*(?:,|&|\band\b|\bdan\b|;)\s*"));
    let text = text.split([' ', '\u{a0}']).collect::<Vec<_>>().join(" ");
    let text = match text.split_once(" - ").or_else(|| text.split_once(" | ")) {
        Some((name, _outlet)) => name.to_owned(),
        None => text,
    };
    SEP.split(&text)
        .map(|s| s.trim().trim_end_matches('.').trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a short text reads as a person's name: two to five words, each
/// starting with a capital (particles like `bin`, `van`, `de` allowed), no
/// sentence punctuation, no digits.
pub fn looks_like_name(text: &str) -> bool {
    const PARTICLES: [&str; 12] = [
        "bin", "binti", "van", "von", "de", "der", "da", "di", "al", "el", "la", "le",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(1..=5).contains(&words.len()) || text.chars().count() > 60 {
        return false;
    }
    if text.chars().any(|c| {
        c.is_ascii_digit() || matches!(c, ':' | '!' | '?' | ',' | '|' | '"' | '“' | '(' | '/')
    }) {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
        .count();
    capitalised == words.len()
        && words
            .iter()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
}

/// A dateline's head (trimmed) and the text after its dash: what
/// `^\s*(HEAD)\s*(?:--|-|–|—|―)\s+(\S.*)$` captures.
fn dateline_split(text: &str) -> Option<(&str, &str)> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^\s*([\p{Lu}][\p{L}\d.'’&]*(?:[ ,]+[\p{L}\d.'’&]+){0,5}(?:\s*\([^()]{2,40}\))?)\s*(?:--|-|–|—|―)\s+",
        )
    });
    // The head and its dash only: the rest of the paragraph, `(\S.*)$`
    // in one regex, made the capture engine walk all of it. No head runs
    // on past a dash, so only one can match, and the rest is what
    // follows, if it holds no line break.
    let caps = PREFIX.captures(text)?;
    let rest = &text[caps.get(0)?.end()..];
    if rest.is_empty() || rest.contains('\n') {
        return None;
    }
    Some((caps.get(1)?.as_str().trim(), rest))
}

/// A dateline prefix of a first paragraph (`JAKARTA, KOMPAS.com - `,
/// `Jakarta (ANTARA) - `, `Liputan6.com, Jakarta - `, `Suara.com - `,
/// `LONDON (Reuters) -`): the dateline, the text after it, and the agency it
/// names.
pub fn dateline(text: &str) -> Option<(Dateline, &str, Option<&'static str>)> {
    let (head, rest) = dateline_split(text)?;
    if head.chars().count() > 60 || rest.split_whitespace().count() < 3 {
        return None;
    }
    let (plain, paren) = match head.find('(') {
        Some(i) => (
            head[..i].trim(),
            Some(head[i + 1..].trim_end_matches(')').trim()),
        ),
        None => (head, None),
    };
    let mut place = None;
    let mut outlet = paren.map(str::to_owned);
    for part in plain.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if is_outlet(part) && outlet.is_none() {
            outlet = Some(part.to_owned());
        } else if looks_like_place(part) {
            place.get_or_insert_with(|| title_case(part));
        } else {
            return None;
        }
    }
    // A bare capitalised word before a dash is a place only when shouted
    // (`JAKARTA -`); otherwise it may be the first word of a sentence.
    if outlet.is_none() {
        let p = plain.split(',').next().unwrap_or("").trim();
        if !(p
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
            && p.chars().any(char::is_alphabetic))
        {
            return None;
        }
    }
    let agency = outlet.as_deref().and_then(outlet_agency);
    Some((Dateline { place, outlet }, rest, agency))
}

/// The agency an outlet name stands for (`ANTARA News`, `Antara/PRNewswire`).
fn outlet_agency(outlet: &str) -> Option<&'static str> {
    outlet
        .split(['/', ' '])
        .find_map(agency_name)
        .or_else(|| agency_name(outlet))
}

/// Outlet names: web addresses (`KOMPAS.com`, `REPUBLIKA.CO.ID`), words with
/// inner capitals (`KompasOtomotif`), agencies.
pub fn is_outlet(part: &str) -> bool {
    let lower = part.to_lowercase();
    const TLDS: [&str; 9] = [
        ".com", ".co.id", ".id", ".net", ".org", ".co", ".tv", ".news", ".co.uk",
    ];
    if TLDS.iter().any(|t| lower.ends_with(t)) && !part.contains(' ') {
        return true;
    }
    if agency_name(part).is_some() {
        return true;
    }
    let inner_capital =
        part.chars().skip(1).any(char::is_uppercase) && part.chars().any(char::is_lowercase);
    inner_capital && !part.contains(' ')
}

fn looks_like_place(part: &str) -> bool {
    let words: Vec<&str> = part.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 4
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && !part.chars().any(|c| c.is_ascii_digit())
}

/// `LOS ANGELES` → `Los Angeles`; mixed-case names are kept as written.
pub fn title_case(text: &str) -> String {
    if text.chars().any(char::is_lowercase) {
        return text.to_owned();
    }
    text.split(' ')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Site names written as web addresses (`SuaraJawaTengah.id`, `Suara.com`).
pub fn is_web_name(text: &str) -> bool {
    is_outlet(text) && text.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcuts must agree with lower-casing the whole text: on
    /// characters whose lower case is ASCII (Kelvin sign, `İ`) or longer
    /// (`İ`), or shorter in bytes, and on plain text.
    #[test]
    fn shortcuts_agree_with_lower_casing() {
        let texts = [
            "Subscribe to our NEWSLETTER today",
            "We use \u{212A}UKI here",
            "\u{212A}",
            "İSTANBUL NEWSLETTER İ",
            "COOKİE policy",
            "“Kuki” kami — lihat “NEWSLETTER”",
            "ends with cookie",
            "BOLETÍN semanal, suscríbete",
            "ſhare",
            "SHARE",
            "  Load More Stories",
            "MUAT LEBIH BANYAK",
            "ΣΟΦΟΣ load more",
            "\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}\u{212A}",
            "Iklan",
            "Berita Terkini",
            "A long paragraph that goes on and on about advertisement and more, well past any phrase.",
            "",
        ];
        let needles = ["newsletter", "cookie", "kuki", "bolet", "share"];
        for t in texts {
            let lower = t.to_lowercase();
            for n in needles {
                if lower.contains(n) {
                    assert!(may_contain_lowercase(t, &[n]), "{t:?} {n}");
                }
            }
            assert!(!may_contain_lowercase("plain words only", &needles));
            let full = normalized(t);
            let line = BlockText::new(t);
            for max in [1, 5, 20, 40] {
                if full.len() <= max {
                    assert_eq!(
                        normalized_within(t, max).as_deref(),
                        Some(full.as_str()),
                        "{t:?}"
                    );
                }
                assert_eq!(
                    line.normalized_within(max),
                    normalized_within(t, max).as_deref(),
                    "{t:?}"
                );
            }
            let plain = lower.trim_start();
            assert_eq!(
                ends_article(t),
                plain.starts_with("load more") || plain.starts_with("muat lebih banyak"),
                "{t:?}"
            );
        }
        assert!(is_chrome(&BlockText::new("Iklan")));
        assert!(!is_chrome(&BlockText::new(&"iklan ".repeat(40))));
        assert!(is_widget_header(&BlockText::new("Berita Terkini")));
    }

    #[test]
    fn source_credits_name_agencies_only() {
        assert_eq!(source_credit("Sumber : Antara"), Some("ANTARA"));
        assert_eq!(source_credit("Source: Reuters."), Some("Reuters"));
        assert_eq!(source_credit("Sumber berita: AFP"), Some("AFP"));
        assert_eq!(source_credit("Sumber: Kementerian Kesehatan"), None);
        assert_eq!(source_credit("Sumber air bersih: Antara dua desa"), None);
    }

    #[test]
    fn datelines_in_their_shapes() {
        let (d, rest, agency) =
            dateline("JAKARTA, KOMPAS.com - Jaksa penuntut umum (JPU) pada Kejaksaan").unwrap();
        assert_eq!(
            (d.place.as_deref(), d.outlet.as_deref(), agency),
            (Some("Jakarta"), Some("KOMPAS.com"), None)
        );
        assert!(rest.starts_with("Jaksa"));
        let (d, _, agency) =
            dateline("Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan dibatalkan").unwrap();
        assert_eq!(
            (d.place.as_deref(), d.outlet.as_deref(), agency),
            (Some("Mataram"), Some("ANTARA News"), Some("ANTARA"))
        );
        let (d, _, _) = dateline("TRIBUNNEWS.COM, JAKARTA - Kepala Dinas Perhubungan DKI").unwrap();
        assert_eq!(
            (d.place.as_deref(), d.outlet.as_deref()),
            (Some("Jakarta"), Some("TRIBUNNEWS.COM"))
        );
        let (d, _, _) =
            dateline("REPUBLIKA.CO.ID, JAKARTA -- Aktris dan sutradara Marcella").unwrap();
        assert_eq!(d.outlet.as_deref(), Some("REPUBLIKA.CO.ID"));
        let (d, _, _) = dateline("Suara.com - Pejabat dari 10 negara, termasuk Cina").unwrap();
        assert_eq!((d.place, d.outlet.as_deref()), (None, Some("Suara.com")));
        let (d, _, _) = dateline("KUTA, KOMPAS.com — Penyerang anyar Persib Bandung").unwrap();
        assert_eq!(d.place.as_deref(), Some("Kuta"));
        let (d, _, _) = dateline("Jakarta, KompasOtomotif – Tahun depan, pasar mobil").unwrap();
        assert_eq!(
            (d.place.as_deref(), d.outlet.as_deref()),
            (Some("Jakarta"), Some("KompasOtomotif"))
        );
        let (d, _, agency) =
            dateline("LONDON (Reuters) - British Prime Minister Boris Johnson said").unwrap();
        assert_eq!(
            (d.place.as_deref(), agency),
            (Some("London"), Some("Reuters"))
        );
        let (d, _, _) = dateline("JAKARTA - Gubernur DKI Jakarta Basuki Tjahaja").unwrap();
        assert_eq!((d.place.as_deref(), d.outlet), (Some("Jakarta"), None));
    }

    #[test]
    fn sentences_with_dashes_are_not_datelines() {
        assert!(dateline("Afghanistan resmi dikuasai Taliban - pemerintahan kacau").is_none());
        assert!(dateline("Presiden Joko Widodo - yang baru tiba - mengatakan").is_none());
    }

    #[test]
    fn related_links_and_widgets() {
        assert_eq!(
            related_link("Baca Juga: Puluhan Pelajar AS Terjebak"),
            Some("Puluhan Pelajar AS Terjebak")
        );
        assert_eq!(
            related_link("Baca juga : Hasil Penyelidikan"),
            Some("Hasil Penyelidikan")
        );
        assert_eq!(related_link("BACA JUGA"), Some(""));
        assert_eq!(
            related_link("Read more: How the vote works"),
            Some("How the vote works")
        );
        assert_eq!(
            related_link("Related stories are everywhere in this town and people"),
            None
        );
        assert!(is_widget_header(&BlockText::new("Terpopuler")));
        assert!(is_widget_header(&BlockText::new("Most Read")));
        assert!(is_widget_header(&BlockText::new("Você pode gostar...")));
        assert!(is_widget_header(&BlockText::new("Most read in world news")));
        assert!(is_widget_header(&BlockText::new("Latest in Tech")));
        assert!(!is_widget_header(&BlockText::new(
            "More in the mountains than in the valleys of it"
        )));
        assert!(!is_widget_header(&BlockText::new("More in")));
        assert!(is_widget_header(&BlockText::new(
            "Das könnte Sie auch interessieren"
        )));
        assert!(!is_widget_header(&BlockText::new("Bantuan kemanusiaan")));
    }

    #[test]
    fn captions_split_credits() {
        let (c, k) = caption_credit("Taliban sedang berjaga. (Reuters/Stringer)").unwrap();
        assert_eq!(
            (c.as_str(), k.as_str()),
            ("Taliban sedang berjaga.", "Reuters/Stringer")
        );
        let (_, k) = caption_credit(
            "Putin di Brasilia, Rabu (13/11/2019). [ANTARA FOTO/Sputnik/Ramil Sitdikov/pras]",
        )
        .unwrap();
        assert_eq!(k, "ANTARA FOTO/Sputnik/Ramil Sitdikov/pras");
        let (c, k) =
            caption_credit("Kondisi Tambang di Raja Ampat(Foto: Auriga Nusantara)").unwrap();
        assert_eq!(
            (c.as_str(), k.as_str()),
            ("Kondisi Tambang di Raja Ampat", "Foto: Auriga Nusantara")
        );
        let (c, k) =
            caption_credit("Dian Sastro saat masih 13 tahun © instagram.com/therealdisastr")
                .unwrap();
        assert_eq!(
            (c.as_str(), k.as_str()),
            (
                "Dian Sastro saat masih 13 tahun",
                "instagram.com/therealdisastr"
            )
        );
        assert_eq!(
            caption_credit("China has warned it will act (Image: GETTY )").map(|(_, k)| k),
            Some("Image: GETTY".to_owned())
        );
        assert!(caption_credit("Xi bertemu Putin pada Rabu (24/8).").is_none());
        assert!(caption_credit("Demikian disampaikan Menteri. (fyk/ash)").is_none());
    }

    #[test]
    fn trailing_tags_codes_and_reporters() {
        assert_eq!(
            trailing_agency("dikutip media China.  [ANTARA]"),
            Some(("dikutip media China.", "ANTARA"))
        );
        assert_eq!(
            trailing_agency("kata dia. (Antara)"),
            Some(("kata dia.", "ANTARA"))
        );
        assert_eq!(trailing_agency("di Jakarta (Selatan)"), None);
        assert_eq!(trailing_desk_code("ujar dia. (fyk/ash)"), Some("ujar dia."));
        assert_eq!(trailing_desk_code("ujar dia. (H-4)"), Some("ujar dia."));
        assert_eq!(trailing_desk_code("ujar dia. (Mvi/Ali)"), Some("ujar dia."));
        assert_eq!(trailing_desk_code("ujar dia. [ian]"), Some("ujar dia."));
        assert_eq!(trailing_desk_code("di gedung DPR (Senayan)"), None);
        let (rest, name) = trailing_reporter("kata dia. (Luh Wayanti)").unwrap();
        assert_eq!((rest, name.as_str()), ("kata dia.", "Luh Wayanti"));
    }

    #[test]
    fn bylines_with_roles() {
        let a = labelled_byline("Pewarta: Budisantoso Budiman dan Agus S").unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[1].name, "Agus S");
        assert_eq!(a[0].role, Some(AuthorRole::Reporter));
        assert_eq!(
            labelled_byline("Editor : Ade Marboen").unwrap()[0].role,
            Some(AuthorRole::Editor)
        );
        assert_eq!(
            labelled_byline("By Jane Doe and John Roe").unwrap().len(),
            2
        );
        assert!(labelled_byline("Oleh karena itu pemerintah menaikkan harga").is_none());
        assert!(looks_like_name("Budi Arista Romadhoni"));
        assert!(!looks_like_name("Bantuan kemanusiaan"));
    }

    #[test]
    fn chrome_and_promos() {
        assert!(is_chrome(&BlockText::new("Scroll untuk membaca artikel")));
        assert!(is_chrome(&BlockText::new("ADVERTISEMENT")));
        assert!(ends_article("Load MoreSuara.com - Berita lain"));
        assert!(is_promo(&BlockText::new(
            "Simak breaking news dan berita pilihan kami langsung di ponselmu."
        )));
        assert!(is_promo(&BlockText::new(
            "Ikuti perkembangan berita ini dalam topik:"
        )));
        assert!(!is_promo(&BlockText::new(
            "Ikuti langkah berikut untuk mendaftar."
        )));
        assert!(!is_chrome(&BlockText::new("Rusia juga akan bekerja sama")));
    }

    #[test]
    fn credit_lines_and_labels() {
        for line in [
            "Image copyright EPA",
            "Photo: Ringo H.W. Chiu, AP",
            "Photo by Jason Kempin/Getty Images",
            "Courtesy of Andrew Vaughan",
        ] {
            assert!(image_credit_line(&BlockText::new(line)), "{line}");
        }
        for line in [
            "Photos of the flood spread on social media within hours, the agency said.",
            "Imagery from the satellite",
        ] {
            assert!(!image_credit_line(&BlockText::new(line)), "{line}");
        }
        assert!(labelled_credit("Photo: Getty Images"));
        assert!(labelled_credit("Image: GETTY"));
        assert!(!labelled_credit("Reuters"));
    }

    #[test]
    fn attributions_of_embedded_posts() {
        assert!(post_attribution(
            "— Dele (@dele_official) November 19, 2019"
        ));
        assert!(!post_attribution("— Jakarta, 19 November 2019"));
        assert!(!post_attribution("Kamis, 21 November 2019 (@10:00)"));
    }

    #[test]
    fn gallery_counters_and_wire_credits() {
        for line in ["Image 1 of 4", "1 of 6", "Foto 2 dari 10"] {
            assert!(is_chrome(&BlockText::new(line)), "{line}");
        }
        assert!(!is_chrome(&BlockText::new("1 of 6 people")));
        assert!(reporting_credit(&BlockText::new(
            "(Reporting by Greg Roumeliotis; editing by Martin Howell.)"
        )));
        assert!(!reporting_credit(&BlockText::new(
            "Reporting by the paper found the money was gone."
        )));
        assert!(image_credit_line(&BlockText::new("Michael Conroy, AP")));
        assert!(image_credit_line(&BlockText::new(
            "Al Goldis, Associated Press"
        )));
        assert!(!image_credit_line(&BlockText::new("Indianapolis, Indiana")));
        assert!(!image_credit_line(&BlockText::new(
            "FOTO: Dian Sastrowardoyo saat berusia 13 tahun, Masih Cantik?"
        )));
    }

    #[test]
    fn closing_promotions() {
        assert!(is_promo(&BlockText::new(
            "Like this story? Share it with a friend!"
        )));
        assert!(is_promo(&BlockText::new(
            "Email Tariq Malik at tm@example.com or follow him @tariqjmalik."
        )));
        assert!(!is_promo(&BlockText::new(
            "Fans follow the team on every away trip."
        )));
    }

    #[test]
    fn wire_photo_captions() {
        for caption in [
            "In this Dec. 12, 2006, file photo, made available by NASA, astronaut Robert Curbeam works.",
            "This March 28, 2017, file photo, provided by the registry shows a man.",
            "FILE PHOTO: Traders work on the floor of the exchange in New York.",
        ] {
            assert!(wire_photo_caption(&BlockText::new(caption)), "{caption}");
        }
        assert!(!wire_photo_caption(&BlockText::new(
            "In this photo essay we follow three families through the winter."
        )));
        assert!(!wire_photo_caption(&BlockText::new(
            "This image of the city has changed."
        )));
        assert!(labelled_credit("AP Photo/Alan Diaz"));
    }

    #[test]
    fn comment_policies() {
        assert!(comment_policy(&BlockText::new(
            "ATENÇÃO: Comentários com textos ininteligíveis não serão aprovados pelo moderador."
        )));
        assert!(!comment_policy(&BlockText::new(
            "The minister did not respond to requests for comment before the bill was approved."
        )));
    }

    /// The characters a case-insensitive regex matches to an ASCII letter
    /// are the ones `folds_to_one_of` names, for every letter.
    #[test]
    fn folding_to_ascii_letters() {
        let all: String = (char::MIN..=char::MAX).collect();
        let alphabet = "abcdefghijklmnopqrstuvwxyz";
        let matched: Vec<char> = Regex::new("(?i)[a-z]")
            .unwrap()
            .find_iter(&all)
            .flat_map(|m| m.as_str().chars())
            .collect();
        let named: Vec<char> = all
            .chars()
            .filter(|&c| folds_to_one_of(c, alphabet))
            .collect();
        assert_eq!(matched, named);
        for letter in alphabet.chars() {
            let one = Regex::new(&format!("(?i)^{letter}$")).unwrap();
            for &c in &matched {
                assert_eq!(
                    one.is_match(c.encode_utf8(&mut [0; 4])),
                    folds_to_one_of(c, &letter.to_string()),
                    "{c:?} {letter}"
                );
            }
        }
        assert!(opens_with_folded(
            " \u{212A}ontributor",
            &Openings::new(["kon"])
        ));
        assert!(opens_with_folded("ſumber: Antara", &Openings::new(["sum"])));
        assert!(opens_with_folded("By Jane", &Openings::new(["by"])));
        assert!(!opens_with_folded(
            "Kontributor",
            &Openings::new(["ka", "ok", "kor"])
        ));
        assert!(!opens_with_folded("Ko", &Openings::new(["kon"])));
        assert!(!opens_with_folded("", &Openings::new(["k"])));
    }

    /// The letter pairs only rule out texts the scan rules out too, and
    /// they do rule out texts without the needle's pairs.
    #[test]
    fn letter_pairs_agree_with_the_scan() {
        let needles = [
            " by",
            "moder",
            "cookie",
            "kuki",
            "activation link",
            "channel",
        ];
        for text in [
            "",
            "by",
            " BY",
            "Written by",
            "written\tby",
            "MODERATOR",
            "mode rator",
            "Cookie",
            "ends with cooki",
            "\u{212A}UKI",
            "ku\u{212A}i",
            "\u{130}stanbul",
            "Activation  link",
            "ACTIVATION LINK sent",
            "ch-annel",
            "Join our channel",
        ] {
            let line = BlockText::new(text);
            for needle in needles {
                assert_eq!(
                    line.may_contain_lowercase(&Needles::new([needle])),
                    may_contain_lowercase(text, &[needle]),
                    "{text:?} {needle:?}"
                );
            }
            assert_eq!(
                line.may_contain_lowercase(&Needles::new(needles)),
                may_contain_lowercase(text, &needles),
                "{text:?}"
            );
            assert_eq!(line.spaced_words, text.split_whitespace().count());
        }
        let pairs = LetterPairs::of("Written by the moderator");
        let has = |needle| NeedlePairs::of(needle).in_text(&pairs);
        assert!(has(" by") && has("moder") && has("the mod"));
        assert!(!has("cookie") && !has("channel") && !has("zebra"));
    }

    /// Each gated pattern still reads a line opening with each of its
    /// branches, in any case and with the letters that fold to ASCII: the
    /// pairs of opening letters that let a line reach the regex miss none.
    #[test]
    fn every_branch_passes_its_gate() {
        let variants = |line: &str| {
            [
                line.to_owned(),
                line.to_uppercase(),
                // The letters a regex folds to `k` and `s`, where a gate
                // reads them.
                line.replacen(['k', 'K'], "\u{212A}", 1)
                    .replacen(['s', 'S'], "ſ", 1),
            ]
        };
        for line in [
            "Like this story? Share it",
            "Have a tip? Mail us",
            "Got a news tip? Mail us",
            "Tell us what you think",
            "This site is protected by reCAPTCHA",
            "Thanks for signing up!",
            "Simak breaking news pilihan",
            "Cek berita dan artikel lain",
            "Dapatkan update berita pilihan",
            "Ikuti kami di Instagram",
            "Follow us on X",
            "Sign up for our newsletter",
            "Subscribe to our channel",
            "Download aplikasi kami",
            "Unduh aplikasi kami",
            "Klik di sini untuk membaca",
            "Gabung ke grup kami",
            "Lihat juga video berikut",
            "Simak video berikut",
            "Tonton juga video ini",
            "Watch: the storm",
            "Baca berita lainnya di sini",
        ] {
            for line in variants(line) {
                assert!(is_promo(&BlockText::new(&line)), "{line}");
            }
        }
        for line in [
            "Baca juga: Harga emas naik",
            "Baca pula: Harga emas naik",
            "Simak juga: Harga emas naik",
            "Lihat juga: Harga emas naik",
            "Jangan lewatkan: Harga emas naik",
            "Artikel terkait: Harga emas naik",
            "Berita terkait: Harga emas naik",
            "Read also: Gold rises",
            "Also read: Gold rises",
            "Read more: Gold rises",
            "See also: Gold rises",
            "Related: Gold rises",
            "Recommended: Gold rises",
            "More on this: Gold rises",
            "Read next: Gold rises",
        ] {
            for line in variants(line) {
                assert!(related_link(&line).is_some(), "{line}");
            }
        }
        for line in [
            "Penulis: Glery Lazuardi",
            "Oleh: Glery Lazuardi",
            "Pewarta: Glery Lazuardi",
            "Reporter: Glery Lazuardi",
            "Wartawan: Glery Lazuardi",
            "Jurnalis: Glery Lazuardi",
            "Kontributor: Glery Lazuardi",
            "Editor: Glery Lazuardi",
            "Penyunting: Glery Lazuardi",
            "Redaktur: Glery Lazuardi",
            "Red: Glery Lazuardi",
            "Fotografer: Glery Lazuardi",
            "Foto: Glery Lazuardi",
            "By Jane Doe",
            "Written by Jane Doe",
            "Words by Jane Doe",
            "Author: Jane Doe",
            "Reported by Jane Doe",
            "Edited by Jane Doe",
            "Photographs by: Jane Doe",
            "Photo by: Jane Doe",
        ] {
            assert!(labelled_byline(line).is_some(), "{line}");
        }
        for line in [
            "Image copyright EPA",
            "Photo: Ringo Chiu, AP",
            "Photograph by Jane Doe",
            "Pictures: Jane Doe",
            "Foto: Jane Doe",
            "Courtesy of Andrew Vaughan",
            "Credit: Jane Doe",
        ] {
            for line in variants(line) {
                assert!(image_credit_line(&BlockText::new(&line)), "{line}");
            }
        }
        for line in ["Sumber: Antara", "Source: Reuters"] {
            for line in variants(line) {
                assert!(source_credit(&line).is_some(), "{line}");
            }
        }
        for line in [
            "FILE PHOTO: The bank",
            "FILE - In this photo, the bank",
            "In this Dec. 12, 2006, file photo, the bank",
            "This March 28, 2017, photo provided by the bank",
            "This undated image shows the bank",
        ] {
            for line in variants(line) {
                assert!(wire_photo_caption(&BlockText::new(&line)), "{line}");
            }
        }
    }

    /// Every character splits words or not as `char::is_whitespace` says.
    #[test]
    fn every_character_splits_words_as_split_whitespace_does() {
        for c in char::MIN..=char::MAX {
            let text = format!("a{c}b {c}");
            assert_eq!(
                spaced_words(&text),
                (text.split_whitespace().count(), text.is_ascii()),
                "{c:?}"
            );
        }
    }

    proptest::proptest! {
        /// ASCII text compared in any case finds what its lower case finds.
        #[test]
        fn folded_ascii_text_finds_what_its_lower_case_finds(
            phrase in proptest::sample::select(vec!["Share", "READ more", "Most Read in World news", "x", "Back To Top", "Latest"]),
            noise in "[a-zA-Z .:!é]{0,12}",
            before in proptest::bool::ANY,
        ) {
            const PHRASES: &[&str] = &["share", "read more", "back to top", "x", "latest", "terpopuler"];
            let set = PhraseSet::new(PHRASES);
            let text = if before { format!("{noise}{phrase}") } else { format!("{phrase}{noise}") };
            let line = BlockText::new(&text);
            let longest = longest(PHRASES);
            let folded = line.folded_within(longest);
            let lower = normalized_within(&text, longest);
            proptest::prop_assert_eq!(folded.is_some(), lower.is_some());
            if let (Some(folded), Some(lower)) = (folded, lower) {
                proptest::prop_assert_eq!(set.contains(folded), PHRASES.contains(&lower.as_str()));
                proptest::prop_assert_eq!(folded.lower(), lower.as_str());
                proptest::prop_assert_eq!(
                    folded.strip_prefix("most read in ").map(str::to_lowercase),
                    lower.strip_prefix("most read in ").map(str::to_owned)
                );
            }
        }

        #[test]
        fn opening_letters_as_the_characters_fold(text in "[ \t\u{A0}aZ1.\u{212A}ſé]{0,5}") {
            proptest::prop_assert_eq!(opening_letters(&text), folded_opening(&text));
        }

        #[test]
        fn words_count_as_split_whitespace_splits(
            text in "[a b\t\n\x0B\x0C\r\x1C\x1F\u{85}\u{A0}\u{2003}é]{0,30}"
        ) {
            let line = BlockText::new(&text);
            proptest::prop_assert_eq!(line.spaced_words, text.split_whitespace().count());
            proptest::prop_assert_eq!(line.is_ascii(), text.is_ascii());
        }

        #[test]
        fn spaced_words_count_as_split_whitespace_splits(
            text in "[a b.\t\n\x08\x0B\x0C\r\x0E\x1C\x1F\x7F~]{0,80}|[a é\u{85}\u{A0}\u{1680}\u{2000}\u{200A}\u{200B}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{3001}ſд]{0,40}"
        ) {
            let expected = (text.split_whitespace().count(), text.is_ascii());
            proptest::prop_assert_eq!(spaced_words(&text), expected);
        }

        /// Chunks with characters outside ASCII, white space or not, led
        /// by the bytes that may start white space or by others, at every
        /// offset from a chunk's start.
        #[test]
        fn mixed_lines_count_words_as_split_whitespace_splits(
            text in "[ab \t\r\x0B.\u{85}\u{A0}\u{A9}\u{1680}\u{1D00}\u{2003}\u{2019}\u{201C}\u{20AC}\u{2029}\u{3000}\u{3042}\u{C4}\u{436}]{0,70}"
        ) {
            let expected = (text.split_whitespace().count(), text.is_ascii());
            proptest::prop_assert_eq!(spaced_words(&text), expected);
        }

        #[test]
        fn punctuation_trims_as_trim_matches_trims(
            text in "[a1 .,:\"'()\u{2019}\u{201C}\u{201D}\u{A0}\u{E9}\u{2013}\u{5E9}\u{3002}\u{FF01}\u{0661}]{0,12}"
        ) {
            proptest::prop_assert_eq!(trim_punctuation(&text), trim_punctuation_plain(&text));
        }

        #[test]
        fn copyright_credits_split_as_the_regex_splits(
            text in "[a ©/\n\t.\u{A0}é]{0,16}|[a ©/\n]{0,4}©[a \n\u{A0}]{0,3}[ab]{75,84}|[ab/ ]{0,3}©[ \n\t]{0,3}[a\n]{0,3}"
        ) {
            let whole = Regex::new(r"^(.*?)\s*/?\s*(©\s*.{2,80})$").unwrap();
            let expected = whole.captures(&text).map(|caps| {
                (caps.get(1).unwrap().as_str(), caps.get(2).unwrap().as_str())
            });
            proptest::prop_assert_eq!(copyright_end(&text), expected);
        }

        #[test]
        fn datelines_split_as_the_whole_regex_splits(
            text in "[ A-Za-z,.()\n-]{0,40}|[A-Z]{1,8}(,? [A-Za-z.]{1,8}){0,7}( ?\\([a-z -]{0,6}\\))? ?(-|--|–|—) {0,2}[a-z\n -]{0,12}"
        ) {
            let whole = Regex::new(
                r"^\s*([\p{Lu}][\p{L}\d.'’&]*(?:[ ,]+[\p{L}\d.'’&]+){0,5}(?:\s*\([^()]{2,40}\))?)\s*(?:--|-|–|—|―)\s+(\S.*)$",
            )
            .unwrap();
            let expected = whole.captures(&text).map(|caps| {
                (caps.get(1).unwrap().as_str().trim(), caps.get(2).unwrap().as_str())
            });
            proptest::prop_assert_eq!(dateline_split(&text), expected);
        }

        #[test]
        fn bracketed_ends_as_the_anchored_regex_finds_them(
            text in "[a (\\[\\])/.\n\t\u{A0}é]{0,24}"
        ) {
            let anchored = Regex::new(r"^(.*?)\s*[\[(]\s*([^\[\]()]{2,120}?)\s*[\])]\s*\.?$").unwrap();
            let expected = anchored.captures(&text).map(|caps| {
                (caps.get(1).unwrap().as_str(), caps.get(2).unwrap().as_str())
            });
            proptest::prop_assert_eq!(bracketed_end(&text), expected);
        }

        #[test]
        fn long_bracketed_ends_as_the_anchored_regex_finds_them(
            inside in "[a \u{A0}é/]{0,130}",
            before in "[a .\n]{0,6}",
            after in "[ .]{0,2}",
        ) {
            let text = format!("{before}({inside}){after}");
            let anchored = Regex::new(r"^(.*?)\s*[\[(]\s*([^\[\]()]{2,120}?)\s*[\])]\s*\.?$").unwrap();
            let expected = anchored.captures(&text).map(|caps| {
                (caps.get(1).unwrap().as_str(), caps.get(2).unwrap().as_str())
            });
            proptest::prop_assert_eq!(bracketed_end(&text), expected);
        }

        #[test]
        fn letter_pairs_never_miss(text in "[bByYmoOdDeErkKuUilInN .\u{212A}\u{130}é]{0,40}") {
            let needles = ["by", " by", "moder", "kuki", "link"];
            for needle in needles {
                proptest::prop_assert_eq!(
                    BlockText::new(&text).may_contain_lowercase(&Needles::new([needle])),
                    may_contain_lowercase(&text, &[needle])
                );
            }
        }
    }

    /// What `may_contain_lowercase` must answer, the slow way.
    fn lowered_contains(text: &str, needles: &[&str]) -> bool {
        let lower = text.to_lowercase();
        needles.iter().any(|n| lower.contains(n))
    }

    #[test]
    fn may_contain_lowercase_never_misses() {
        let needles = ["moder", "channel", "google", " by", "kuki", "cookie"];
        for text in [
            "",
            "MODERASI",
            "Moderator.",
            "mode r",
            "Written BY",
            "goo gle",
            "\u{212A}UKI",
            "\u{130}",
            "“cookie”",
            "coo\u{212A}ie",
            "kanal",
            "xx chAnnel",
            "CHANNE",
        ] {
            let fast = may_contain_lowercase(text, &needles);
            if lowered_contains(text, &needles) {
                assert!(fast, "{text}");
            }
            let special = text.contains(['\u{212A}', '\u{130}']);
            let ascii = needles.iter().any(|n| {
                text.as_bytes()
                    .windows(n.len())
                    .any(|w| w.eq_ignore_ascii_case(n.as_bytes()))
            });
            assert_eq!(fast, special || ascii, "{text}");
        }
    }

    /// The cheap tests in front of the regexes and the lower-casing rule out
    /// no text the full tests accept, whatever its case or leading space.
    #[test]
    fn cheap_tests_keep_every_case() {
        assert!(comment_policy(&BlockText::new(
            "KOMENTAR ANDA AKAN DITAMPILKAN SETELAH MODERASI OLEH ADMIN."
        )));
        assert!(!comment_policy(&BlockText::new("Comments are closed.")));
        assert!(is_promo(&BlockText::new(
            "Join our WhatsApp Channel: klik https://example.com"
        )));
        assert!(is_promo(&BlockText::new(
            "Read more at Google News, ikuti kami."
        )));
        assert!(is_promo(&BlockText::new(
            "She writes weekly. FOLLOW HER ON TWITTER now."
        )));
        assert!(wire_photo_caption(&BlockText::new(
            "  \tfile photo: a trader on the floor of the exchange."
        )));
        assert!(wire_photo_caption(&BlockText::new(
            "THIS UNDATED HANDOUT PHOTO RELEASED BY THE MUSEUM SHOWS A VASE."
        )));
        assert!(!wire_photo_caption(&BlockText::new(
            "A photo, provided by NASA, shows a man."
        )));
        assert!(reporting_credit(&BlockText::new(
            "[WRITING BY ANNA SMITH; EDITING BY JOHN ROE]"
        )));
        assert!(!reporting_credit(&BlockText::new(
            "Reporting and editing: Anna Smith."
        )));
        assert!(image_credit_line(&BlockText::new("Photo by Jane Doe")));
        assert!(!image_credit_line(&BlockText::new(
            "Photo by Jane Doe taken at the harbour in the early morning light today"
        )));
        // The long s and the Kelvin sign fold to `s` and `k` in the regexes.
        assert_eq!(source_credit(" \u{17F}ource: Reuters"), Some("Reuters"));
        assert!(labelled_byline("\u{212A}ontributor: Budi Santoso").is_some());
        assert!(is_promo(&BlockText::new(
            "\u{17F}imak breaking news di sini"
        )));
        assert_eq!(related_link("\u{17F}ee also: The vote"), Some("The vote"));
        assert!(image_credit_line(&BlockText::new(
            "\tCOURTESY OF Andrew Vaughan"
        )));
        assert!(wire_photo_caption(&BlockText::new(
            "In This undated photo, provided by the museum, a vase."
        )));
        assert!(is_chrome(&BlockText::new("Slide 3/12")));
        assert!(!is_chrome(&BlockText::new("Slide 3/12 pages")));
    }
}
