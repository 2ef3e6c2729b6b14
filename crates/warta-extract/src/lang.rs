//! Which language a text is in, and how much of a block is function words.
//!
//! Stopword density is the most portable sign of running text there is (it is
//! jusText's), and the same counts tell the language: so one table serves
//! both. Scripts without spaces or with their own alphabet are told apart by
//! script first.

use std::sync::LazyLock;

use rustc_hash::FxHashMap as HashMap;
use warta_facts::chars;

/// Languages told apart by stopwords (ISO 639-1). Malay is left out on
/// purpose: its function words are Indonesian's, and Indonesian comes first.
const LANGUAGES: [&str; 24] = [
    "en", "id", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "no", "fi", "pl", "cs", "ro", "hu",
    "tr", "ru", "uk", "tl", "vi", "ca", "hr", "sk",
];

/// Word → bit set of the languages it is a stopword of.
static STOPWORDS: LazyLock<Stopwords> = LazyLock::new(|| {
    let mut by_word: HashMap<&'static str, u32> =
        HashMap::with_capacity_and_hasher(16_384, Default::default());
    for (i, code) in LANGUAGES.iter().enumerate() {
        for word in stop_words::lookup(code).unwrap_or(&[]) {
            *by_word.entry(word).or_insert(0) |= 1 << i;
        }
    }
    let short = ShortTable::new(
        &by_word
            .iter()
            .filter_map(|(word, bits)| Some((short_key(word.as_bytes())?, *bits)))
            .collect::<Vec<_>>(),
    );
    let longest = by_word.keys().map(|w| w.len()).max().unwrap_or(0);
    Stopwords {
        by_word,
        short,
        longest,
    }
});

/// The stopword table, with the short words (nearly all the words a text
/// has) also keyed by their bytes as one integer: hashing and comparing
/// that is much cheaper than hashing and comparing a string.
struct Stopwords {
    by_word: HashMap<&'static str, u32>,
    /// The words of up to [`SHORT`] bytes, by [`short_key`].
    short: ShortTable,
    /// Bytes of the longest stopword: a longer word needs no lookup.
    longest: usize,
}

/// The short stopwords by [`short_key`], in a table of their own: open
/// addressing with linear probing, at most half full, so a lookup is a
/// multiplication and a compare or two (a general map hashes the key in
/// two rounds and probes a group of control bytes first). The table is
/// fixed, so no text can grow its clusters: a lookup never reads more
/// slots than the longest run the table was built with.
struct ShortTable {
    /// Key and bits per slot; key 0 (no word) marks an empty slot.
    slots: Vec<(u128, u32)>,
    /// Bits of a slot index ([`ShortTable::slot`]).
    shift: u32,
}

impl ShortTable {
    fn new(entries: &[(u128, u32)]) -> ShortTable {
        let size = (2 * entries.len()).next_power_of_two().max(2);
        let mut table = ShortTable {
            slots: vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for &(key, bits) in entries {
            let mask = table.slots.len() - 1;
            let mut i = table.slot(key);
            while table.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            table.slots[i] = (key, bits);
        }
        table
    }

    /// Where a key's probe starts: the top bits of its two halves mixed by
    /// a multiplication (most keys are words of up to eight bytes, whose
    /// high half is zero).
    fn slot(&self, key: u128) -> usize {
        let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
        (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    fn get(&self, key: u128) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        // At most half full (and never written after it is built): an
        // empty slot ends every probe.
        loop {
            let (slot_key, bits) = *self.slots.get(i)?;
            // (Empty first: the empty word's key is 0 too.)
            if slot_key == 0 {
                return None;
            }
            if slot_key == key {
                return Some(bits);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Words of up to this many bytes are looked up by [`short_key`].
const SHORT: usize = 16;

/// The bytes of a word of up to [`SHORT`] bytes as one integer, zero
/// padded (no word holds a NUL, so no two words share a key).
fn short_key(word: &[u8]) -> Option<u128> {
    let mut key = [0u8; SHORT];
    key.get_mut(..word.len())?.copy_from_slice(word);
    Some(u128::from_le_bytes(key))
}

/// Per length up to [`SHORT`], the bytes of a key that length keeps.
static KEEP: [u128; SHORT + 1] = {
    let mut keep = [0u128; SHORT + 1];
    let mut len = 1;
    while len <= SHORT {
        keep[len] = u128::MAX >> (8 * (SHORT - len));
        len += 1;
    }
    keep
};

/// The top bit of every byte of a [`short_key`]: set in a non-ASCII byte.
const NON_ASCII: u128 = u128::from_le_bytes([0x80; SHORT]);

/// An ASCII [`short_key`] lower-cased, all 16 bytes at once: a byte is
/// upper case when adding 0x3F sets its top bit (it is `A` or above) and
/// adding 0x25 does not (it is below `[`); ASCII bytes never carry into the
/// next byte. Lower case is the upper case letter plus 0x20.
fn ascii_lowercase(key: u128) -> u128 {
    let ones = u128::from_le_bytes([1; SHORT]);
    let upper = (key + 0x3F * ones) & !(key + 0x25 * ones) & NON_ASCII;
    key | (upper >> 2)
}

impl Stopwords {
    /// The stopword bits of `word`, lower-casing it as `str::to_lowercase`
    /// does into `buf` (reused across words: no allocation per word).
    #[cfg(test)]
    fn bits(&self, word: &str, buf: &mut String) -> Option<u32> {
        self.bits_in(word, 0, word.len(), buf)
    }

    /// [`Stopwords::bits`] of the word at `start..end` of `text`. A short
    /// word is read with the 16 bytes from its start when the text has
    /// them, cut to its length: no copy byte by byte.
    fn bits_in(&self, text: &str, start: usize, end: usize, buf: &mut String) -> Option<u32> {
        let bytes = text.as_bytes();
        let len = end.checked_sub(start)?;
        if len <= SHORT {
            let key = match bytes.get(start..start + SHORT) {
                Some(window) => {
                    let window: [u8; SHORT] = window.try_into().ok()?;
                    u128::from_le_bytes(window) & KEEP[len]
                }
                None => short_key(bytes.get(start..end)?)?,
            };
            if key & NON_ASCII == 0 {
                return self.short.get(ascii_lowercase(key));
            }
        }
        let word = text.get(start..end)?;
        if word.is_ascii() && word.len() > self.longest {
            // ASCII lower case keeps the length.
            return None;
        }
        // Lower-cased from a table for the alphabets below U+0800 (Cyrillic,
        // Greek, Latin): the standard library's per-character lookup is a
        // binary search.
        buf.clear();
        chars::push_lowercase(buf, word);
        if buf.len() > self.longest {
            return None;
        }
        match short_key(buf.as_bytes()) {
            Some(key) => self.short.get(key),
            None => self.by_word.get(buf.as_str()).copied(),
        }
    }

    /// [`Stopwords::bits`] the plain way: the reference it is tested against.
    #[cfg(test)]
    fn bits_plain(&self, word: &str) -> Option<u32> {
        self.by_word.get(word.to_lowercase().as_str()).copied()
    }
}

/// A language, as an index into [`LANGUAGES`] or a script-detected code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Bit of the language in the stopword table, 0 when it has none.
    bit: u32,
}

impl Language {
    /// A language by its ISO 639-1 code.
    pub fn from_code(code: &str) -> Option<Language> {
        let code = code
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if let Some(i) = LANGUAGES.iter().position(|l| *l == code) {
            return Some(Language {
                code: LANGUAGES[i],
                bit: 1 << i,
            });
        }
        const SCRIPTED: [&str; 9] = ["ja", "zh", "ko", "ar", "th", "el", "he", "hi", "fa"];
        SCRIPTED
            .iter()
            .find(|l| **l == code)
            .map(|l| Language { code: l, bit: 0 })
    }

    /// Share of the words of `text` that are stopwords of this language.
    /// Languages without word spaces count as fully "stopworded": their
    /// blocks are judged by length and punctuation instead.
    pub fn stopword_density(&self, text: &str) -> f32 {
        if self.bit == 0 {
            return 0.3;
        }
        let mut words = 0u32;
        let mut hits = 0u32;
        for_each_word_bits(text, |bits| {
            words += 1;
            if bits.is_some_and(|bits| bits & self.bit != 0) {
                hits += 1;
            }
            true
        });
        if words == 0 {
            0.0
        } else {
            hits as f32 / words as f32
        }
    }
}

/// Calls `f` with the stopword bits of every word of `text` (as
/// [`for_each_word`] cuts and lower-cases them) until it returns false.
fn for_each_word_bits(text: &str, mut f: impl FnMut(Option<u32>) -> bool) {
    let stopwords = &*STOPWORDS;
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&first) = bytes.get(i) {
        let start = i;
        // The word runs to the first character that is neither alphanumeric
        // nor an apostrophe; ASCII is told by a table.
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if !ASCII_WORD[usize::from(b)] {
                    break;
                }
                i += 1;
            } else {
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                if !chars::is_alphanumeric(c) && c != '’' {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i == start {
            // A separator: skip it.
            i += if first.is_ascii() {
                1
            } else {
                text.get(i..)
                    .and_then(|rest| rest.chars().next())
                    .map_or(1, char::len_utf8)
            };
            continue;
        }
        // Apostrophes around the word are dropped. Most words have none: a
        // word without `'` or the first or last byte of `’` (E2 80 99) at
        // either end is not read again.
        let (mut word_start, mut word_end) = (start, i);
        let first = bytes.get(start).copied().unwrap_or(0);
        let last = bytes.get(i.wrapping_sub(1)).copied().unwrap_or(0);
        if matches!(first, b'\'' | 0xE2) || matches!(last, b'\'' | 0x99) {
            let apostrophe = |c| c == '\'' || c == '’';
            let word = text.get(start..i).unwrap_or("");
            let rest = word.trim_start_matches(apostrophe);
            word_start += word.len() - rest.len();
            word_end = word_start + rest.trim_end_matches(apostrophe).len();
        }
        if !f(stopwords.bits_in(text, word_start, word_end, &mut buf)) {
            return;
        }
    }
}

/// ASCII bytes that are part of a word: letters, digits and the apostrophe.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    table
};

/// Calls `f` with every word of `text` in lower case (apostrophes inside a
/// word kept, around it dropped) until it returns false: the plain
/// definition [`for_each_word_bits`] is tested against.
#[cfg(test)]
fn for_each_word(text: &str, mut f: impl FnMut(&str) -> bool) {
    for word in text
        .split(|c: char| !chars::is_alphanumeric(c) && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
    {
        let lower = word.trim_matches(|c| c == '\'' || c == '’').to_lowercase();
        if !f(&lower) {
            return;
        }
    }
}

/// Adds one to the count of each language in the bit set `bits`, visiting
/// only the languages in it (a stopword is one of a few languages').
fn count_languages(counts: &mut [u32; LANGUAGES.len()], bits: u32) {
    let mut rest = bits;
    while rest != 0 {
        if let Some(count) = counts.get_mut(rest.trailing_zeros() as usize) {
            *count += 1;
        }
        rest &= rest - 1;
    }
}

/// The stopword counts of one text: its words and, per language, how many
/// of them are that language's stopwords.
#[derive(Clone, Debug, PartialEq)]
pub struct WordStats {
    words: u32,
    hits: [u32; LANGUAGES.len()],
}

impl WordStats {
    /// Counts the words of `text`.
    #[cfg(test)]
    pub fn of(text: &str) -> WordStats {
        let mut stats = WordStats {
            words: 0,
            hits: [0; LANGUAGES.len()],
        };
        for_each_word(text, |word| {
            stats.add(STOPWORDS.by_word.get(word).copied());
            true
        });
        stats
    }

    fn add(&mut self, bits: Option<u32>) {
        self.words += 1;
        if let Some(bits) = bits {
            count_languages(&mut self.hits, bits);
        }
    }
}

impl Language {
    /// [`Language::stopword_density`] of the text `stats` were counted in.
    pub fn stopword_density_of(&self, stats: &WordStats) -> f32 {
        if self.bit == 0 {
            return 0.3;
        }
        if stats.words == 0 {
            return 0.0;
        }
        let hits = stats.hits[self.bit.trailing_zeros() as usize];
        hits as f32 / stats.words as f32
    }
}

/// [`detect`] on `texts` joined by line breaks, and the stopword counts of
/// the texts it read whole (`None` for the rest), so the densities of those
/// texts need not be counted again. The same words are read in the same
/// order as `detect` reads them, so the answer is the same.
pub fn detect_joined(texts: &[&str]) -> (Option<Language>, Vec<Option<WordStats>>) {
    let mut joined = String::new();
    for text in texts {
        joined.push_str(text);
        joined.push('\n');
    }
    let mut stats = vec![None; texts.len()];
    let sample = sample_of(&joined);
    if let Some(code) = by_script(sample) {
        return (Language::from_code(code), stats);
    }
    let mut votes = [0u32; LANGUAGES.len()];
    let mut words = 0u32;
    let vote = |votes: &mut [u32; LANGUAGES.len()], bits: Option<u32>, words: &mut u32| {
        *words += 1;
        if let Some(bits) = bits {
            count_languages(votes, bits);
        }
    };
    let mut start = 0;
    for (text, slot) in texts.iter().zip(stats.iter_mut()) {
        if words >= 3000 || start >= sample.len() {
            break;
        }
        let end = start + text.len();
        if end <= sample.len() {
            // Read whole: its own counts, and votes while under 3000 words.
            let mut own = WordStats {
                words: 0,
                hits: [0; LANGUAGES.len()],
            };
            for_each_word_bits(text, |bits| {
                own.add(bits);
                true
            });
            if u64::from(words) + u64::from(own.words) <= 3000 {
                // All its words vote: its counts are the votes.
                words += own.words;
                for (vote, hits) in votes.iter_mut().zip(own.hits) {
                    *vote += hits;
                }
            } else {
                // The limit falls inside it: its first words vote, read again.
                for_each_word_bits(text, |bits| {
                    vote(&mut votes, bits, &mut words);
                    words < 3000
                });
            }
            *slot = Some(own);
        } else {
            // Cut by the sample: only its start is read.
            for_each_word_bits(sample.get(start..).unwrap_or(""), |bits| {
                vote(&mut votes, bits, &mut words);
                words < 3000
            });
        }
        start = end + 1;
    }
    (decide(&votes, words), stats)
}

/// The first 20 000 characters.
fn sample_of(text: &str) -> &str {
    const CHARS: usize = 20_000;
    // No more bytes than that: no more characters either.
    if text.len() <= CHARS {
        return text;
    }
    text.char_indices()
        .nth(CHARS)
        .map_or(text, |(end, _)| &text[..end])
}

/// The language with the most stopword votes, if it has enough of them.
fn decide(votes: &[u32; LANGUAGES.len()], words: u32) -> Option<Language> {
    let (best, &count) = votes
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))?;
    if words < 3 || count * 5 < words {
        return None;
    }
    Some(Language {
        code: LANGUAGES[best],
        bit: 1 << best,
    })
}

/// Detects the language of a text from its script and its stopwords
/// (what [`detect_joined`] does over blocks, on one text).
#[cfg(test)]
pub fn detect(text: &str) -> Option<Language> {
    let sample = sample_of(text);
    if let Some(code) = by_script(sample) {
        return Language::from_code(code);
    }
    let mut votes = [0u32; LANGUAGES.len()];
    let mut words = 0;
    for_each_word(sample, |word| {
        words += 1;
        if let Some(bits) = STOPWORDS.by_word.get(word) {
            for (i, vote) in votes.iter_mut().enumerate() {
                if bits & (1 << i) != 0 {
                    *vote += 1;
                }
            }
        }
        words < 3000
    });
    decide(&votes, words)
}

/// Languages recognised by their script alone.
fn by_script(text: &str) -> Option<&'static str> {
    let (counts, letters) = script_counts(text);
    if letters == 0 {
        return None;
    }
    let share = |n: u32| n * 100 / letters;
    if counts[0] > 0 && share(counts[0] + counts[2]) > 30 {
        return Some("ja");
    }
    if share(counts[1]) > 30 {
        return Some("ko");
    }
    if share(counts[2]) > 30 {
        return Some("zh");
    }
    let scripted = [(3, "ar"), (4, "th"), (5, "el"), (6, "he"), (7, "hi")];
    scripted
        .iter()
        .find(|(slot, _)| share(counts[*slot]) > 40)
        .map(|(_, code)| *code)
}

/// The letters of `text` per [`script_slot`], and all its letters.
fn script_counts(text: &str) -> ([u32; 10], u32) {
    let mut counts = [0u32; 10];
    let mut letters = 0u32;
    let mut offset = 0;
    for chunk in text.as_bytes().chunks(64) {
        // ASCII letters are counted without decoding characters, into a
        // byte (a chunk has 64), without branches: a loop the compiler
        // vectorises. Non-ASCII bytes are never counted by it.
        let ascii_letters = chunk.iter().fold(0u8, |n, &b| {
            n + u8::from((b | 0x20).wrapping_sub(b'a') < 26)
        });
        letters += u32::from(ascii_letters);
        counts[9] += u32::from(ascii_letters);
        if !chunk.is_ascii() {
            // Each other character is read at its lead byte, also when it
            // ends in the next chunk.
            for (i, &b) in chunk.iter().enumerate() {
                if b < 0xC0 {
                    continue;
                }
                let c = text.get(offset + i..).and_then(|rest| rest.chars().next());
                if let Some(slot) = c.and_then(script_slot) {
                    letters += 1;
                    counts[slot] += 1;
                }
            }
        }
        offset += chunk.len();
    }
    (counts, letters)
}

/// [`script_counts`] the plain way, character by character.
#[cfg(test)]
fn script_counts_plain(text: &str) -> ([u32; 10], u32) {
    let mut counts = [0u32; 10];
    let mut letters = 0u32;
    for slot in text.chars().filter_map(script_slot) {
        letters += 1;
        counts[slot] += 1;
    }
    (counts, letters)
}

/// Which script a letter is in, as a slot of [`by_script`]'s counts (9 for
/// Latin and the rest); `None` for what is no letter.
fn script_slot(c: char) -> Option<usize> {
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(9);
    }
    if !chars::is_alphabetic(c) {
        return None;
    }
    Some(match c as u32 {
        0x3040..=0x30FF => 0,                   // kana: Japanese
        0xAC00..=0xD7AF | 0x1100..=0x11FF => 1, // Hangul
        0x4E00..=0x9FFF => 2,                   // Han
        0x0600..=0x06FF => 3,                   // Arabic script
        0x0E00..=0x0E7F => 4,                   // Thai
        0x0370..=0x03FF => 5,                   // Greek
        0x0590..=0x05FF => 6,                   // Hebrew
        0x0900..=0x097F => 7,                   // Devanagari
        0x0400..=0x04FF => 8,                   // Cyrillic: stopwords decide
        _ => 9,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_counted_by_their_bits() {
        let mut counts = [0; LANGUAGES.len()];
        count_languages(&mut counts, 0b1000_0000_0000_0000_0000_0101);
        count_languages(&mut counts, 0b1);
        count_languages(&mut counts, 0);
        let mut expected = [0; LANGUAGES.len()];
        expected[0] = 2;
        expected[2] = 1;
        expected[23] = 1;
        assert_eq!(counts, expected);
    }

    #[test]
    fn samples_hold_the_first_20000_characters() {
        for (unit, count) in [
            ("a", 19_999),
            ("a", 20_000),
            ("a", 20_001),
            ("é", 10_001),
            ("é", 20_001),
        ] {
            let text = unit.repeat(count);
            let sample = sample_of(&text);
            assert_eq!(sample.chars().count(), count.min(20_000), "{unit} {count}");
            assert!(text.starts_with(sample));
        }
    }

    #[test]
    fn tells_indonesian_from_english() {
        let id = detect("Presiden China Xi Jinping dan Presiden Rusia Vladimir Putin bersepakat untuk memperkuat komunikasi dan koordinasi dalam membantu Afghanistan");
        assert_eq!(id.map(|l| l.code), Some("id"));
        let en = detect("Gaming used to be so simple. We would buy a game, sit down in front of a console and play it to the end.");
        assert_eq!(en.map(|l| l.code), Some("en"));
        assert_eq!(
            detect("ゲームは昔はとても簡単でした。").map(|l| l.code),
            Some("ja")
        );
        assert_eq!(detect("12 34 56"), None);
    }

    #[test]
    fn words_are_lower_cased_without_their_quotes() {
        let text = "'Kata' Jum'at DI-Jakarta ’  ' ÉCOLE Straße ΣΟΦΟΣ x2";
        let plain: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .filter(|w| !w.is_empty())
            .map(|w| w.trim_matches(|c| c == '\'' || c == '’').to_lowercase())
            .collect();
        let mut seen = Vec::new();
        for_each_word(text, |w| {
            seen.push(w.to_owned());
            true
        });
        assert_eq!(seen, plain);
        // Non-ASCII words are lower-cased as whole strings (final sigma).
        assert!(seen.contains(&"σοφος".to_owned()), "{seen:?}");
        let mut first_two = 0;
        for_each_word(text, |_| {
            first_two += 1;
            first_two < 2
        });
        assert_eq!(first_two, 2);
    }

    /// Reading the blocks one by one gives what reading them joined gives,
    /// and the counts kept give each block's own density, also when the
    /// 3000-word or the 20 000-character limit falls inside a block.
    #[test]
    fn detection_over_blocks_agrees_with_the_joined_text() {
        let id = "Kesepakatan tersebut dicapai saat Xi melakukan pembicaraan via telepon dengan Putin pada Rabu dan mereka akan bertemu lagi.";
        let en = "The talks would continue next week, and the minister said that they were ready to help them with it.";
        let long_id = id.repeat(60);
        let long_en = format!("{} Jum'at ÉCOLE Straße", en.repeat(200));
        let short3 = "dan di ke ".repeat(400);
        let cases: Vec<Vec<&str>> = vec![
            vec![id, en, id],
            vec![en, en, id],
            vec![&long_id, &long_en, id, en],
            vec![&long_en, id],
            vec![id, &long_en],
            vec![&short3, &short3, &short3, id],
            vec!["ゲームは昔はとても簡単でした。", id],
            vec!["12 34 56"],
            vec![],
        ];
        for texts in cases {
            let mut joined = String::new();
            for t in &texts {
                joined.push_str(t);
                joined.push('\n');
            }
            let (language, stats) = detect_joined(&texts);
            assert_eq!(language, detect(&joined));
            assert_eq!(stats.len(), texts.len());
            for (text, stats) in texts.iter().zip(&stats) {
                let Some(stats) = stats else { continue };
                assert_eq!(*stats, WordStats::of(text));
                for code in ["id", "en", "de", "ja"] {
                    let l = Language::from_code(code).unwrap();
                    assert_eq!(
                        l.stopword_density_of(stats).to_bits(),
                        l.stopword_density(text).to_bits()
                    );
                }
            }
        }
        // The 3000-word limit falls inside the third block: it is still
        // counted whole (the cases above check the votes stop there).
        let short = "dan di ke ".repeat(400);
        let (_, stats) = detect_joined(&[&short, &short, &short, id]);
        assert_eq!(stats[2], Some(WordStats::of(&short)));
        assert_eq!(stats[3], None);
    }

    /// Words that are hard to cut or lower-case: apostrophes at the ends
    /// and inside, Turkish İ (two characters in lower case), German ß,
    /// Greek final sigma, the Kelvin sign (shrinks to `k`), CJK, digits.
    const TRICKY: [&str; 24] = [
        "",
        "'",
        "’’",
        "'Kata'",
        "Jum'at",
        "JUM’AT",
        "DI-Jakarta",
        "İSTANBUL",
        "İçin",
        "Straße",
        "STRASSE",
        "ΣΟΦΟΣ",
        "ΣΑΣ",
        "σας",
        "Σ",
        "\u{212A}IN",
        "日本語のテキスト",
        "x2",
        "Über.",
        "AND",
        "The",
        "yang",
        "ДЛЯ",
        "ДА",
    ];

    /// Every word's bits as the plain definition gives them.
    fn plain_bits(text: &str) -> Vec<Option<u32>> {
        let mut bits = Vec::new();
        for_each_word(text, |word| {
            bits.push(STOPWORDS.bits_plain(word));
            true
        });
        bits
    }

    fn fast_bits(text: &str) -> Vec<Option<u32>> {
        let mut bits = Vec::new();
        for_each_word_bits(text, |b| {
            bits.push(b);
            true
        });
        bits
    }

    /// The short table answers as the map it was built from, for every
    /// word in it and for words near them that are not; and its longest
    /// run of full slots, the most any lookup reads, stays short.
    #[test]
    fn short_table_answers_as_the_map() {
        let mut checked = 0;
        for (word, bits) in &STOPWORDS.by_word {
            let Some(key) = short_key(word.as_bytes()) else {
                continue;
            };
            assert_eq!(STOPWORDS.short.get(key), Some(*bits), "{word}");
            for extra in ["q", "zz", "0"] {
                let other = format!("{word}{extra}");
                if let Some(key) = short_key(other.as_bytes()) {
                    let expected = STOPWORDS.by_word.get(other.as_str()).copied();
                    assert_eq!(STOPWORDS.short.get(key), expected, "{other}");
                }
            }
            checked += 1;
        }
        assert!(checked > 1000);
        let slots = &STOPWORDS.short.slots;
        let (mut run, mut longest) = (0, 0);
        for (key, _) in slots.iter().chain(slots) {
            run = if *key == 0 { 0 } else { run + 1 };
            longest = longest.max(run);
        }
        assert!(longest < 64, "a run of {longest} full slots");
    }

    #[test]
    fn stopword_bits_agree_with_the_plain_lookup() {
        let mut buf = String::new();
        let long = "a".repeat(STOPWORDS.longest + 1);
        let long_non_ascii = format!("é{long}");
        let mut words: Vec<String> = TRICKY.iter().map(|w| w.to_string()).collect();
        words.extend([long, long_non_ascii]);
        for word in STOPWORDS.by_word.keys() {
            words.push(word.to_string());
            words.push(word.to_uppercase());
            let mut title = word.chars();
            if let Some(first) = title.next() {
                words.push(first.to_uppercase().chain(title).collect());
            }
        }
        for word in &words {
            assert_eq!(
                STOPWORDS.bits(word, &mut buf),
                STOPWORDS.bits_plain(word),
                "{word}"
            );
        }
    }

    #[test]
    fn words_are_cut_as_the_plain_definition_cuts_them() {
        let joined = TRICKY.join(" ");
        assert_eq!(fast_bits(&joined), plain_bits(&joined));
        // Every pair of tricky words around every separator, also with no
        // separator between them.
        for a in TRICKY {
            for b in TRICKY {
                for sep in ["", " ", "'", "’", ", ", "\u{a0}", "—", "\n", "。"] {
                    let text = format!("{a}{sep}{b}");
                    assert_eq!(fast_bits(&text), plain_bits(&text), "{text:?}");
                }
            }
        }
        // Random texts from pieces.
        let pieces = [
            "dan", "DAN", "the", "The", "'", "’", " ", "  ", ".", "é", "İ", "ß", "Σ", "σ", "日",
            "1", "-", "\u{212A}", "über", "ЛИ", "и", "\t",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            assert_eq!(fast_bits(&text), plain_bits(&text), "{text:?}");
        }
        // `f` returning false stops the words.
        let mut seen = 0;
        for_each_word_bits("a b c d", |_| {
            seen += 1;
            seen < 2
        });
        assert_eq!(seen, 2);
    }

    #[test]
    fn short_keys_are_lower_cased_as_each_byte_is() {
        for word in [
            "",
            "A",
            "Z",
            "@[`{",
            "AZaz09'",
            "ABCDEFGHIJKLMNOP",
            "QRSTUVWXYZ",
            "\u{7f}\u{0}\u{1}",
        ] {
            let bytes = word.as_bytes();
            let lower = short_key(&bytes.to_ascii_lowercase());
            assert_eq!(short_key(bytes).map(ascii_lowercase), lower, "{word}");
        }
        for b in 0u8..128 {
            let key = short_key(&[b; SHORT]).map(ascii_lowercase);
            assert_eq!(key, short_key(&[b.to_ascii_lowercase(); SHORT]), "{b}");
        }
        assert_eq!(short_key(&[b'a'; SHORT + 1]), None);
    }

    #[test]
    fn scripts_are_counted_as_character_by_character() {
        // Non-ASCII characters at and across the 64-byte chunk ends.
        let mut crossing = Vec::new();
        for pad in 0..70 {
            crossing.push(format!("{}é日Σ{}", "a".repeat(pad), "b".repeat(70)));
        }
        for text in TRICKY
            .iter()
            .copied()
            .chain([
                "ゲームは昔はとても簡単でした。",
                "한국어 문장 שלום مرحبا สวัสดี नमस्ते Привет Ελληνικά",
                "abc\u{0}\u{7f}\u{80}\u{ff}\u{10FFFF}",
                &(0u8..128).map(char::from).collect::<String>(),
                &TRICKY.concat(),
            ])
            .chain(crossing.iter().map(String::as_str))
        {
            assert_eq!(script_counts(text), script_counts_plain(text), "{text}");
        }
    }

    #[test]
    fn running_text_is_dense_in_stopwords() {
        let id = Language::from_code("id").unwrap();
        let prose = id.stopword_density("Kesepakatan tersebut dicapai saat Xi melakukan pembicaraan via telepon dengan Putin pada Rabu.");
        let menu = id.stopword_density("Timnas Indonesia PSSI Liga 1 Sepak Bola");
        assert!(prose > menu, "{prose} vs {menu}");
    }
}
