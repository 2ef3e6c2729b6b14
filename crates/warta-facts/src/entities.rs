//! Entity mentions from the labeller and the place lists, merged under the
//! fullest name the article (or a lexicon) gives: `Putin` → `Vladimir Putin`,
//! `UE` → `Uni Eropa`, `AS` → `Amerika Serikat`.

use rustc_hash::FxHashMap as HashMap;

use warta_model::EntityLabel;

use crate::lexicon;
use crate::scan::lower;

/// A mention in one part of the article, by byte offsets into that part.
#[derive(Clone, Debug)]
pub(crate) struct RawMention {
    /// Index of the part (0 = body).
    pub part: usize,
    pub start: usize,
    pub end: usize,
    pub label: EntityLabel,
    /// The words as written, with titles peeled off.
    pub surface: String,
}

/// Peels person titles off the front of a name (`Presiden Joko Widodo` →
/// `Joko Widodo`); returns the bytes removed.
pub(crate) fn strip_titles(name: &str) -> usize {
    let titles = lexicon::titles();
    let mut removed = 0;
    loop {
        let rest = &name[removed..];
        // At least two words, and a first word some title starts with:
        // most names are turned away here, before their words are joined
        // and lower-cased for each length. A first word with white space
        // other than the space in it (or none) takes the full test, since
        // the titles' first words were split at any white space.
        let Some((head, _)) = rest.split_once(' ') else {
            return removed;
        };
        if !head.is_empty()
            && !head.contains(char::is_whitespace)
            && !titles.first_words.contains(lower(head).as_str())
        {
            return removed;
        }
        let words: Vec<&str> = rest.split(' ').collect();
        let cut = leading_title_len(&words);
        if cut == 0 {
            return removed;
        }
        removed += cut;
    }
}

/// Bytes taken by the longest listed title at the front of a name's words
/// (with the space after it; the name keeps at least one word), or 0.
fn leading_title_len(words: &[&str]) -> usize {
    let titles = lexicon::titles();
    for n in (1..=titles.longest_words.min(words.len().saturating_sub(1))).rev() {
        if titles.set.contains(&words[..n].join(" ").to_lowercase()) {
            return words[..n].iter().map(|w| w.len() + 1).sum();
        }
    }
    0
}

/// [`strip_titles`] without the first-word test: the tests compare the two.
#[cfg(test)]
fn strip_titles_plain(name: &str) -> usize {
    let mut removed = 0;
    loop {
        let rest = &name[removed..];
        let words: Vec<&str> = rest.split(' ').collect();
        if words.len() < 2 {
            return removed;
        }
        let cut = leading_title_len(&words);
        if cut == 0 {
            return removed;
        }
        removed += cut;
    }
}

fn is_acronym(s: &str) -> bool {
    let n = s.chars().count();
    (2..=6).contains(&n) && s.chars().all(|c| c.is_uppercase())
}

fn initials(name: &str) -> String {
    name.split(' ')
        .filter(|w| w.starts_with(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// Whether the words `short` are a run of whole words inside `long`.
fn words_within(short: &[&str], long: &[&str]) -> bool {
    short.len() < long.len() && long.windows(short.len()).any(|w| w == short)
}

/// An entity after merging: its name, label, and the mentions under it.
pub(crate) struct Merged {
    pub name: String,
    pub label: EntityLabel,
    pub mentions: Vec<usize>,
}

/// One distinct surface form, with what merging asks of it worked out once.
struct Surface<'a> {
    text: &'a str,
    /// Its words, for a person's name (the only ones compared word by word).
    words: Vec<&'a str>,
    label: EntityLabel,
    acronym: bool,
}

/// The labels, in `EntityLabel` order: a surface's votes are counted in
/// an array indexed alike, not a list of its own.
const LABELS: [EntityLabel; 4] = [
    EntityLabel::Person,
    EntityLabel::Organisation,
    EntityLabel::Location,
    EntityLabel::Misc,
];

fn label_index(label: EntityLabel) -> usize {
    match label {
        EntityLabel::Person => 0,
        EntityLabel::Organisation => 1,
        EntityLabel::Location => 2,
        EntityLabel::Misc => 3,
    }
}

/// Groups mentions under their fullest names.
pub(crate) fn merge(mentions: &[RawMention]) -> Vec<Merged> {
    // Distinct surfaces in order of first mention, and each one's label by
    // vote (most mentions; the first label in `EntityLabel` order on a tie).
    let mut index_of: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(mentions.len(), Default::default());
    let mut votes: Vec<[usize; LABELS.len()]> = Vec::new();
    let mut texts: Vec<&str> = Vec::new();
    for m in mentions {
        let i = *index_of.entry(&m.surface).or_insert_with(|| {
            texts.push(&m.surface);
            votes.push([0; LABELS.len()]);
            texts.len() - 1
        });
        votes[i][label_index(m.label)] += 1;
    }
    let surfaces: Vec<Surface<'_>> = texts
        .iter()
        .zip(&votes)
        .map(|(&text, v)| {
            let label = LABELS
                .iter()
                .zip(v)
                .filter(|(_, &c)| c > 0)
                .max_by_key(|(l, &c)| (c, std::cmp::Reverse(**l)))
                .map_or(EntityLabel::Misc, |(l, _)| *l);
            Surface {
                text,
                words: if label == EntityLabel::Person {
                    text.split(' ').collect()
                } else {
                    Vec::new()
                },
                label,
                acronym: is_acronym(text),
            }
        })
        .collect();
    // Initials are compared only with acronyms: work them out when there is one.
    let initials_of: Vec<String> = if surfaces.iter().any(|s| s.acronym) {
        surfaces.iter().map(|s| initials(s.text)).collect()
    } else {
        Vec::new()
    };
    let places = lexicon::places();
    // The name each surface is reported under, and its label.
    // The persons, in the same order: only they are compared with persons.
    let persons: Vec<&Surface<'_>> = surfaces
        .iter()
        .filter(|s| s.label == EntityLabel::Person)
        .collect();
    let mut name_of: Vec<(&str, EntityLabel)> = Vec::with_capacity(surfaces.len());
    for s in &surfaces {
        let label = s.label;
        // A longer name of the same person containing this one.
        let mut best: Option<&Surface<'_>> = None;
        if label == EntityLabel::Person {
            for &other in &persons {
                if other.text.len() > s.text.len()
                    && best.is_none_or(|b| other.text.len() > b.text.len())
                    && words_within(&s.words, &other.words)
                {
                    best = Some(other);
                }
            }
        }
        // An acronym the article spells out.
        if best.is_none() && s.acronym {
            best = surfaces
                .iter()
                .zip(&initials_of)
                .filter(|(o, initials)| o.text != s.text && !o.acronym && *initials == s.text)
                .map(|(o, _)| o)
                .max_by_key(|o| o.text.len());
        }
        if let Some(b) = best {
            name_of.push((b.text, b.label));
            continue;
        }
        // Places the lists know under several names.
        if let Some(code) = places.code(s.text) {
            let first_same = surfaces
                .iter()
                .find(|o| places.code(o.text) == Some(code) && !o.acronym);
            let name = if let Some(first) = first_same {
                first.text
            } else if s.acronym {
                places.full_name.get(code).map_or(s.text, String::as_str)
            } else {
                s.text
            };
            name_of.push((name, label));
            continue;
        }
        name_of.push((s.text, label));
    }
    let mut out: Vec<Merged> = Vec::new();
    let mut entity_of: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(surfaces.len(), Default::default());
    for (i, m) in mentions.iter().enumerate() {
        let (name, label) = name_of[index_of[m.surface.as_str()]];
        if let Some(&e) = entity_of.get(name) {
            out[e].mentions.push(i);
        } else {
            entity_of.insert(name, out.len());
            out.push(Merged {
                name: name.to_owned(),
                label,
                mentions: vec![i],
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(surface: &str, label: EntityLabel) -> RawMention {
        RawMention {
            part: 0,
            start: 0,
            end: surface.len(),
            label,
            surface: surface.to_owned(),
        }
    }

    #[test]
    fn short_names_merge_under_the_fullest() {
        use EntityLabel::*;
        let ms = [
            m("Vladimir Putin", Person),
            m("Putin", Person),
            m("Uni Eropa", Organisation),
            m("UE", Organisation),
            m("AS", Location),
            m("Cina", Location),
            m("Xi", Person),
        ];
        let merged = merge(&ms);
        let names: Vec<(&str, usize)> = merged
            .iter()
            .map(|e| (e.name.as_str(), e.mentions.len()))
            .collect();
        assert_eq!(
            names,
            [
                ("Vladimir Putin", 2),
                ("Uni Eropa", 2),
                ("Amerika Serikat", 1),
                ("Cina", 1),
                ("Xi", 1)
            ]
        );
    }

    #[test]
    fn labels_are_voted_with_ties_to_the_first_label() {
        use EntityLabel::*;
        let ms = [
            m("Garuda", Misc),
            m("Garuda", Organisation),
            m("Jokowi", Location),
            m("Jokowi", Person),
            m("Jokowi", Location),
        ];
        let merged = merge(&ms);
        let labels: Vec<(&str, EntityLabel)> =
            merged.iter().map(|e| (e.name.as_str(), e.label)).collect();
        assert_eq!(labels, [("Garuda", Organisation), ("Jokowi", Location)]);
    }

    #[test]
    fn the_first_word_test_peels_what_the_full_test_peels() {
        let mut names: Vec<String> = [
            "Presiden Joko Widodo",
            "PRESIDEN Joko",
            "presiden joko",
            " Presiden Joko",
            "Presiden  Joko",
            "Presiden\u{a0}Joko Widodo",
            "Menteri Luar Negeri Rusia Sergei Lavrov",
            "Wakil PM Abdul Salam Hanafi",
            "Juru Bicara Kemlu",
            "Prime Minister Boris Johnson",
            "Sen. Bernie Sanders",
            "ΣΟΦΟΣ Presiden",
            "Joko",
            "",
            " ",
            "Dr. Budi",
            "\u{212A}etua Umum",
        ]
        .map(String::from)
        .to_vec();
        for text in crate::testing::corpus() {
            for m in crate::ner::tag_text(&text) {
                names.push(text[m.start..m.end].to_owned());
            }
        }
        for name in &names {
            assert_eq!(strip_titles(name), strip_titles_plain(name), "{name:?}");
        }
    }

    #[test]
    fn titles_are_peeled_off_names() {
        let s = "Menteri Luar Negeri Rusia Sergei Lavrov";
        // "Rusia" is not a title: only the position is removed.
        assert_eq!(&s[strip_titles(s)..], "Rusia Sergei Lavrov");
        let s = "Wakil PM Abdul Salam Hanafi";
        assert_eq!(&s[strip_titles(s)..], "Abdul Salam Hanafi");
        assert_eq!(strip_titles("Presiden"), 0);
    }
}
