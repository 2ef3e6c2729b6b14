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
        let word = word.trim_matches(|c| c == '\'' || c == '’');
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

/// Detects the language of a text from its script and its stopwords.
pub fn detect(text: &str) -> Option<Language> {
    // The first 20 000 characters.
    let sample = text
        .char_indices()
        .nth(20_000)
        .map_or(text, |(end, _)| &text[..end]);
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

    #[test]
    fn running_text_is_dense_in_stopwords() {
        let id = Language::from_code("id").unwrap();
        let prose = id.stopword_density("Kesepakatan tersebut dicapai saat Xi melakukan pembicaraan via telepon dengan Putin pada Rabu.");
        let menu = id.stopword_density("Timnas Indonesia PSSI Liga 1 Sepak Bola");
        assert!(prose > menu, "{prose} vs {menu}");
    }
}
