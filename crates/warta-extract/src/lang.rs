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
static STOPWORDS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, u32> =
        HashMap::with_capacity_and_hasher(16_384, Default::default());
    for (i, code) in LANGUAGES.iter().enumerate() {
        for word in stop_words::lookup(code).unwrap_or(&[]) {
            *map.entry(word).or_insert(0) |= 1 << i;
        }
    }
    map
});

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
        for_each_word(text, |word| {
            words += 1;
            if STOPWORDS.get(word).is_some_and(|bits| bits & self.bit != 0) {
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

/// Calls `f` with every word of `text` in lower case (apostrophes inside a
/// word kept, around it dropped) until it returns false. Words are
/// lower-cased in one reused buffer: no allocation per word.
fn for_each_word(text: &str, mut f: impl FnMut(&str) -> bool) {
    let mut buf = String::new();
    for word in text
        .split(|c: char| !chars::is_alphanumeric(c) && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
    {
        // Most words have no apostrophe at either end to trim.
        let apostrophe = |c| c == '\'' || c == '’';
        let word = if word.starts_with(apostrophe) || word.ends_with(apostrophe) {
            word.trim_matches(apostrophe)
        } else {
            word
        };
        let lower = if !word.is_ascii() {
            buf = word.to_lowercase();
            buf.as_str()
        } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
            buf.clear();
            buf.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            buf.as_str()
        } else {
            word
        };
        if !f(lower) {
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
            stats.add(STOPWORDS.get(word).copied());
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
    let mut vote = |bits: Option<u32>, words: &mut u32| {
        *words += 1;
        if let Some(bits) = bits {
            count_languages(&mut votes, bits);
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
            for_each_word(text, |word| {
                let bits = STOPWORDS.get(word).copied();
                own.add(bits);
                if words < 3000 {
                    vote(bits, &mut words);
                }
                true
            });
            *slot = Some(own);
        } else {
            // Cut by the sample: only its start is read.
            for_each_word(&sample[start..], |word| {
                vote(STOPWORDS.get(word).copied(), &mut words);
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
        if let Some(bits) = STOPWORDS.get(word) {
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
    let mut counts = [0u32; 10];
    let mut letters = 0u32;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                letters += 1;
                counts[9] += 1;
            }
            continue;
        }
        if !chars::is_alphabetic(c) {
            continue;
        }
        letters += 1;
        let slot = match c as u32 {
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
        };
        counts[slot] += 1;
    }
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

    #[test]
    fn running_text_is_dense_in_stopwords() {
        let id = Language::from_code("id").unwrap();
        let prose = id.stopword_density("Kesepakatan tersebut dicapai saat Xi melakukan pembicaraan via telepon dengan Putin pada Rabu.");
        let menu = id.stopword_density("Timnas Indonesia PSSI Liga 1 Sepak Bola");
        assert!(prose > menu, "{prose} vs {menu}");
    }
}
