//! Word lists the facts lean on: country and territory names (with the short
//! and everyday forms news uses), person titles, and quote cues.
//!
//! The lists are compiled into the binary (`data/`, with their licenses).

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

const COUNTRIES: &str = include_str!("../data/countries-id.csv");
const TERRITORIES: &str = include_str!("../data/territories-extra-id.tsv");
const TITLES: &str = include_str!("../data/person-titles-id.txt");
const ORGANISATIONS: &str = include_str!("../data/organisations.txt");

/// Everyday names news uses that the formal lists lack, with the code of the
/// place they name.
const ALIASES: &[(&str, &str)] = &[
    ("China", "CN"),
    ("Cina", "CN"),
    ("RRT", "CN"),
    ("Inggris", "GB"),
    ("Britania Raya", "GB"),
    ("Korsel", "KR"),
    ("Korut", "KP"),
    ("Amerika", "US"),
    ("AS", "US"),
    ("USA", "US"),
    ("Amerika Serikat", "US"),
    ("Uni Eropa", "EU"),
    ("UE", "EU"),
    ("PBB", "UN"),
    ("Saudi", "SA"),
    ("Arab Saudi", "SA"),
    ("Afganistan", "AF"),
    ("Afghanistan", "AF"),
    ("Filipina", "PH"),
    ("Belanda", "NL"),
    ("Jepang", "JP"),
    ("Indonesia", "ID"),
    ("RI", "ID"),
    ("Republik Indonesia", "ID"),
    ("Rusia", "RU"),
    ("Ukraina", "UA"),
];

/// Places and supranational bodies by name.
pub(crate) struct Places {
    /// Name → code (`Amerika Serikat` → `US`).
    pub by_name: HashMap<String, String>,
    /// Code → the full name to report (`US` → `Amerika Serikat`).
    pub full_name: HashMap<String, String>,
    /// Most words in a listed name.
    pub longest_words: usize,
    /// First words of the listed names, to skip tokens that start none.
    pub first_words: HashSet<String>,
    /// Turns away most words that are not in `first_words` before hashing
    /// them.
    first_filter: WordFilter,
}

impl Places {
    /// Whether `w` is in `first_words`.
    pub fn is_first_word(&self, w: &str) -> bool {
        self.first_filter.may_hold(w) && self.first_words.contains(w)
    }

    /// The code of a name, if it names a place or body on the lists.
    pub fn code(&self, name: &str) -> Option<&str> {
        self.by_name.get(name).map(String::as_str)
    }
}

fn first_words<'a>(names: impl Iterator<Item = &'a String>) -> HashSet<String> {
    names
        .filter_map(|n| n.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn unquote(s: &str) -> &str {
    s.trim().trim_matches('"')
}

/// The places lists, read once.
pub(crate) fn places() -> &'static Places {
    static PLACES: OnceLock<Places> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut by_name = HashMap::default();
        let mut full_name = HashMap::default();
        for line in COUNTRIES.lines().skip(1) {
            let Some((code, name)) = line.split_once(',') else {
                continue;
            };
            let name = unquote(name);
            by_name.insert(name.to_owned(), code.to_owned());
            full_name.insert(code.to_owned(), name.to_owned());
        }
        for line in TERRITORIES.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(key), Some(name)) = (cols.next(), cols.next()) else {
                continue;
            };
            // "Dunia" (the world) names no place an article is about.
            if key == "001" {
                continue;
            }
            let code = key.split('-').next().unwrap_or(key);
            by_name.insert(name.to_owned(), code.to_owned());
            if !key.contains("-alt") {
                full_name
                    .entry(code.to_owned())
                    .or_insert_with(|| name.to_owned());
            }
        }
        for (name, code) in ALIASES {
            by_name.insert((*name).to_owned(), (*code).to_owned());
        }
        // The everyday full names read better than the formal ones.
        full_name.insert("CN".into(), "China".into());
        full_name.insert("GB".into(), "Inggris".into());
        let longest_words = by_name
            .keys()
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let first_words = first_words(by_name.keys());
        let first_filter = WordFilter::new(first_words.iter().map(String::as_str));
        Places {
            by_name,
            full_name,
            longest_words,
            first_words,
            first_filter,
        }
    })
}

/// Well-known organisations (`Taliban`, `ASEAN`, `KPK`), by name.
pub(crate) struct Organisations {
    pub set: HashSet<String>,
    pub longest_words: usize,
    /// First words of the listed names.
    pub first_words: HashSet<String>,
}

/// The organisations list, read once.
pub(crate) fn organisations() -> &'static Organisations {
    static ORGS: OnceLock<Organisations> = OnceLock::new();
    ORGS.get_or_init(|| {
        let set: HashSet<String> = ORGANISATIONS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        let longest_words = set
            .iter()
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let first_words = first_words(set.iter());
        Organisations {
            set,
            longest_words,
            first_words,
        }
    })
}

/// A quick "no" for most words outside a set: a bit for each length (in
/// bytes; 63 stands for 63 and more) of the set's words that start with
/// the same first two bytes (five bits of each). A word the set holds is
/// never turned away.
pub(crate) struct WordFilter {
    lengths: Vec<u64>,
}

impl WordFilter {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> Self {
        let mut lengths = vec![0u64; 1024];
        for w in words {
            let (bucket, bit) = Self::key(w.as_bytes());
            lengths[bucket] |= bit;
        }
        WordFilter { lengths }
    }

    fn key(w: &[u8]) -> (usize, u64) {
        let bucket = match w {
            [] => 0,
            [a] => usize::from(a & 0x1F) << 5,
            [a, b, ..] => usize::from(a & 0x1F) << 5 | usize::from(b & 0x1F),
        };
        (bucket, 1 << w.len().min(63))
    }

    /// False when the set cannot hold `w`.
    pub fn may_hold(&self, w: &str) -> bool {
        let (bucket, bit) = Self::key(w.as_bytes());
        self.lengths.get(bucket).is_some_and(|l| l & bit != 0)
    }
}

/// Person titles and positions (`Presiden`, `Menteri Luar Negeri`, `Wakil PM`).
pub(crate) struct Titles {
    pub set: HashSet<String>,
    pub longest_words: usize,
    /// First words of the titles (lower case).
    pub first_words: HashSet<String>,
    /// Turns away most words that are not in `first_words` before hashing
    /// them: the tagger asks about every new word of an article.
    first_filter: WordFilter,
}

impl Titles {
    /// Whether `w` is in `first_words`.
    pub fn is_first_word(&self, w: &str) -> bool {
        self.first_filter.may_hold(w) && self.first_words.contains(w)
    }
}

/// The titles list, read once.
pub(crate) fn titles() -> &'static Titles {
    static TITLES_SET: OnceLock<Titles> = OnceLock::new();
    TITLES_SET.get_or_init(|| {
        let mut set = HashSet::default();
        for line in TITLES.lines().filter(|l| !l.starts_with('#')) {
            let Some(entry) = line.split('\t').next() else {
                continue;
            };
            let entry = entry.trim();
            if entry.is_empty() {
                continue;
            }
            set.insert(entry.to_lowercase());
        }
        for extra in [
            "presiden",
            "wakil",
            "menteri",
            "kepala",
            "ketua",
            "direktur",
            "juru bicara",
            "president",
            "minister",
            "prime minister",
            "foreign minister",
            "chancellor",
            "secretary",
            "spokesman",
            "spokeswoman",
            "ceo",
            "chairman",
            "governor",
            "mayor",
            "senator",
            "sen.",
            "rep.",
            "mr",
            "mrs",
            "ms",
            "dr",
            "prof",
            "king",
            "queen",
        ] {
            set.insert(extra.to_owned());
        }
        let longest_words = set
            .iter()
            .map(|k| k.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let first_words = first_words(set.iter());
        let first_filter = WordFilter::new(first_words.iter().map(String::as_str));
        Titles {
            set,
            longest_words,
            first_words,
            first_filter,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_word_filters_turn_no_first_word_away() {
        let t = titles();
        let p = places();
        let mut words: Vec<String> = Vec::new();
        for w in t.first_words.iter().chain(&p.first_words) {
            words.push(w.clone());
            words.push(w.to_uppercase());
            words.push(format!("{w}s"));
            words.push(format!("x{w}"));
            if let Some((k, _)) = w.char_indices().last() {
                words.push(w[..k].to_owned());
            }
        }
        for s in t.set.iter().chain(places().by_name.keys()) {
            words.extend(s.split(' ').map(str::to_owned));
        }
        words.extend(
            [
                "",
                "a",
                "é",
                "日本",
                "presiden",
                "x".repeat(70).as_str(),
                "Пре",
                "sen.",
                "dr",
            ]
            .map(str::to_owned),
        );
        assert!(words.len() > 1000);
        for w in &words {
            assert_eq!(t.is_first_word(w), t.first_words.contains(w), "{w:?}");
            assert_eq!(p.is_first_word(w), p.first_words.contains(w), "{w:?}");
        }
    }

    #[test]
    fn short_and_everyday_names_map_to_the_full_name() {
        let p = places();
        let code = p.code("AS").unwrap();
        assert_eq!(p.full_name[code], "Amerika Serikat");
        assert_eq!(p.code("Tiongkok"), p.code("China"));
        assert_eq!(p.full_name[p.code("UE").unwrap()], "Uni Eropa");
        assert!(p.code("Brasil").is_some());
        assert!(p.code("Jember").is_none());
        assert!(p.code("Dunia").is_none());
        assert!(p.code("Asia Tenggara").is_some());
    }

    #[test]
    fn organisations_are_listed_with_multiword_names() {
        let o = organisations();
        assert!(o.set.contains("ASEAN"));
        assert!(o.set.contains("Islamic State"));
        assert!(!o.set.iter().any(|n| n.starts_with('#')));
    }

    #[test]
    fn titles_include_multiword_positions() {
        let t = titles();
        assert!(t.set.contains("menteri luar negeri"));
        assert!(t.set.contains("wakil pm"));
        assert!(t.longest_words >= 3);
    }
}
