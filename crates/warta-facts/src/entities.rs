//! Entity mentions from the labeller and the place lists, merged under the
//! fullest name the article (or a lexicon) gives: `Putin` → `Vladimir Putin`,
//! `UE` → `Uni Eropa`, `AS` → `Amerika Serikat`.

use std::collections::HashMap;

use warta_model::EntityLabel;

use crate::lexicon;

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
        let words: Vec<&str> = rest.split(' ').collect();
        if words.len() < 2 {
            return removed;
        }
        let mut cut = 0;
        for n in (1..=titles.longest_words.min(words.len() - 1)).rev() {
            if titles.set.contains(&words[..n].join(" ").to_lowercase()) {
                cut = words[..n].iter().map(|w| w.len() + 1).sum();
                break;
            }
        }
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

/// Whether `short` is a run of whole words inside `long`.
fn words_within(short: &str, long: &str) -> bool {
    let s: Vec<&str> = short.split(' ').collect();
    let l: Vec<&str> = long.split(' ').collect();
    s.len() < l.len() && l.windows(s.len()).any(|w| w == s.as_slice())
}

/// An entity after merging: its name, label, and the mentions under it.
pub(crate) struct Merged {
    pub name: String,
    pub label: EntityLabel,
    pub mentions: Vec<usize>,
}

/// Groups mentions under their fullest names.
pub(crate) fn merge(mentions: &[RawMention]) -> Vec<Merged> {
    // Label of each surface by vote.
    let mut votes: HashMap<&str, HashMap<EntityLabel, usize>> = HashMap::new();
    for m in mentions {
        *votes
            .entry(&m.surface)
            .or_default()
            .entry(m.label)
            .or_default() += 1;
    }
    let label_of: HashMap<&str, EntityLabel> = votes
        .iter()
        .map(|(s, v)| {
            let best = v
                .iter()
                .max_by_key(|(l, c)| (**c, std::cmp::Reverse(**l)))
                .map_or(EntityLabel::Misc, |(l, _)| *l);
            (*s, best)
        })
        .collect();
    let mut surfaces: Vec<&str> = Vec::new();
    for m in mentions {
        if !surfaces.contains(&m.surface.as_str()) {
            surfaces.push(&m.surface);
        }
    }
    let places = lexicon::places();
    // The name each surface is reported under.
    let mut name_of: HashMap<&str, (String, EntityLabel)> = HashMap::new();
    for &s in &surfaces {
        let label = label_of[s];
        // A longer name of the same person containing this one.
        let mut best: Option<&str> = None;
        if label == EntityLabel::Person {
            for &other in &surfaces {
                if label_of[other] == EntityLabel::Person
                    && words_within(s, other)
                    && best.is_none_or(|b| other.len() > b.len())
                {
                    best = Some(other);
                }
            }
        }
        // An acronym the article spells out.
        if best.is_none() && is_acronym(s) {
            best = surfaces
                .iter()
                .copied()
                .filter(|o| *o != s && !is_acronym(o) && initials(o) == s)
                .max_by_key(|o| o.len());
        }
        if let Some(b) = best {
            name_of.insert(s, (b.to_owned(), label_of[b]));
            continue;
        }
        // Places the lists know under several names.
        if let Some(code) = places.code(s) {
            let same: Vec<&str> = surfaces
                .iter()
                .copied()
                .filter(|o| places.code(o) == Some(code) && !is_acronym(o))
                .collect();
            let name = if let Some(first) = same.first() {
                (*first).to_owned()
            } else if is_acronym(s) {
                places
                    .full_name
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| s.to_owned())
            } else {
                s.to_owned()
            };
            name_of.insert(s, (name, label));
            continue;
        }
        name_of.insert(s, (s.to_owned(), label));
    }
    let mut out: Vec<Merged> = Vec::new();
    for (i, m) in mentions.iter().enumerate() {
        let (name, label) = &name_of[m.surface.as_str()];
        if let Some(e) = out.iter_mut().find(|e| &e.name == name) {
            e.mentions.push(i);
        } else {
            out.push(Merged {
                name: name.clone(),
                label: *label,
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
    fn titles_are_peeled_off_names() {
        let s = "Menteri Luar Negeri Rusia Sergei Lavrov";
        // "Rusia" is not a title: only the position is removed.
        assert_eq!(&s[strip_titles(s)..], "Rusia Sergei Lavrov");
        let s = "Wakil PM Abdul Salam Hanafi";
        assert_eq!(&s[strip_titles(s)..], "Abdul Salam Hanafi");
        assert_eq!(strip_titles("Presiden"), 0);
    }
}
