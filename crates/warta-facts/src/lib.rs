//! The facts in an article: dates, sums of money, named entities and quotes.
//!
//! Input is the article as the extractor assembled it (title, body text,
//! captions, publication date); output is the model's fact lists with
//! character offsets into the body text. Indonesian first, English too.
//!
//! What it is not: it never sees the page, so it cannot pick facts out of
//! navigation or widget lists; deciding what the article is stays with the
//! extractor. The calendar grammar ([`calendar`]) is shared with the
//! extractor's date-line reading, so a date is read one way everywhere.

pub mod calendar;
pub mod chars;
mod dates;
mod entities;
pub mod lexicon;
mod money;
pub mod ner;
mod quotes;
mod scan;
#[cfg(test)]
mod testing;

use std::cell::RefCell;
use std::sync::OnceLock;

use warta_model::{DateMention, Entity, EntityLabel, MoneyMention, Quote, Span};

use crate::entities::RawMention;
use crate::money::NumberStyle;
use crate::scan::CharIndex;

/// What the facts are found in.
#[derive(Clone, Debug, Default)]
pub struct FactsInput<'a> {
    /// The article body text (`Article::text`); offsets point into it.
    pub text: &'a str,
    /// The headline.
    pub title: Option<&'a str>,
    /// Image captions (without credits).
    pub captions: Vec<&'a str>,
    /// Publication date, to resolve relative and year-less dates.
    pub published: Option<calendar::DateTime>,
    /// ISO 639-1 language of the article, when known.
    pub language: Option<&'a str>,
}

/// The facts of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Named entities, mentions merged under the fullest name.
    pub entities: Vec<Entity>,
    /// Dates mentioned.
    pub dates: Vec<DateMention>,
    /// Sums of money mentioned.
    pub money: Vec<MoneyMention>,
    /// Quotes and reported speech.
    pub quotes: Vec<Quote>,
}

/// One piece of the article the facts are read from.
struct Part<'a> {
    text: &'a str,
    /// The body (offsets are reported) rather than the title or a caption.
    is_body: bool,
}

/// A thread keeps the tagger's buffers from one article to the next, so a
/// batch tags without allocating them again (and writes into memory that
/// is still in cache); the words of one article are forgotten before the
/// next. Buffers grown past this many words are let go, so one very long
/// article does not hold its memory for the thread's life.
const KEPT_WORDS: usize = 8192;

thread_local! {
    static SCRATCH: RefCell<ner::model::Scratch> = RefCell::new(ner::model::Scratch::default());
}

/// Finds the facts of an article.
pub fn find_facts(input: &FactsInput<'_>) -> Facts {
    let kept = SCRATCH.try_with(|cell| {
        let Ok(mut scratch) = cell.try_borrow_mut() else {
            return None;
        };
        scratch.clear();
        let facts = find_facts_with(input, &mut scratch);
        if scratch.capacity() > KEPT_WORDS {
            *scratch = ner::model::Scratch::default();
        }
        Some(facts)
    });
    match kept {
        Ok(Some(facts)) => facts,
        // Called again while the thread's scratch is in use, or while the
        // thread ends: a scratch of its own.
        _ => find_facts_with(input, &mut ner::model::Scratch::default()),
    }
}

fn find_facts_with(input: &FactsInput<'_>, scratch: &mut ner::model::Scratch) -> Facts {
    let style = match input.language {
        Some("id" | "ms") | None => NumberStyle::Indonesian,
        Some(_) => NumberStyle::English,
    };
    let mut parts = vec![Part {
        text: input.text,
        is_body: true,
    }];
    parts.extend(input.title.map(|t| Part {
        text: t,
        is_body: false,
    }));
    parts.extend(input.captions.iter().map(|c| Part {
        text: c,
        is_body: false,
    }));
    let mut facts = Facts::default();
    let mut raw = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        entity_mentions(k, part.text, &mut raw, scratch);
    }
    let merged = entities::merge(&raw);
    let body_index = CharIndex::new(input.text);
    let mut speakers = Vec::new();
    for e in &merged {
        let mut mentions: Vec<Span> = Vec::with_capacity(e.mentions.len());
        for &i in &e.mentions {
            let m = &raw[i];
            if m.part == 0 {
                mentions.push(Span {
                    start: body_index.chars(m.start),
                    end: body_index.chars(m.end),
                });
                if matches!(e.label, EntityLabel::Person | EntityLabel::Organisation) {
                    speakers.push(quotes::Speaker {
                        start: m.start,
                        end: m.end,
                        name: e.name.as_str(),
                        person: e.label == EntityLabel::Person,
                    });
                }
            }
        }
        mentions.sort_unstable();
        mentions.dedup();
        facts.entities.push(Entity {
            name: e.name.clone(),
            label: e.label,
            mentions,
        });
    }
    // Entities in reading order: body first, then those only in the title or captions.
    facts
        .entities
        .sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    speakers.sort_by_key(|s| s.start);
    for q in quotes::find_quotes(input.text, &speakers) {
        facts.quotes.push(Quote {
            text: input.text[q.start..q.end].to_owned(),
            speaker: q.speaker,
            direct: q.direct,
            start: body_index.chars(q.start),
            end: body_index.chars(q.end),
        });
    }
    for part in &parts {
        let toks = scan::scan(part.text);
        // Offsets are reported for the body only.
        let index = &body_index;
        let span = |start: usize, end: usize| {
            if part.is_body {
                (Some(index.chars(start)), Some(index.chars(end)))
            } else {
                (None, None)
            }
        };
        for d in dates::find_dates(part.text, &toks, input.published) {
            let (start, end) = span(d.start, d.end);
            facts.dates.push(DateMention {
                text: part.text[d.start..d.end].to_owned(),
                date: d.iso(),
                start,
                end,
                warning: d.warning,
                year: d.year,
                month: d.month,
                day: d.day,
                time: d.time,
            });
        }
        // Money has no null offsets in the contract, so only the body's count.
        if part.is_body {
            for m in money::find_money(&toks, style) {
                facts.money.push(MoneyMention {
                    text: part.text[m.start..m.end].to_owned(),
                    amount: m.amount,
                    currency: m.currency.map(str::to_owned),
                    start: index.chars(m.start),
                    end: index.chars(m.end),
                    approximate: m.approximate,
                });
            }
        }
    }
    facts
}

/// The words of `text` joined by one space (as
/// `split_whitespace().collect::<Vec<_>>().join(" ")`, without the list).
fn single_spaced(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Entity mentions of one part: the labeller's, with person titles peeled
/// off, plus listed place names the labeller missed.
fn entity_mentions(
    part: usize,
    text: &str,
    out: &mut Vec<RawMention>,
    scratch: &mut ner::model::Scratch,
) {
    let first = out.len();
    let sentences = ner::sentence_list(text);
    for m in ner::tag_sentences_with(&sentences, scratch) {
        let mut start = m.start;
        let surface = &text[m.start..m.end];
        if m.label == EntityLabel::Person {
            start += entities::strip_titles(surface);
        }
        let surface = single_spaced(&text[start..m.end]);
        if surface.chars().any(char::is_alphabetic) {
            out.push(RawMention {
                part,
                start,
                end: m.end,
                label: m.label,
                surface,
            });
        }
    }
    // Names on the lists: they fix the label of a mention that is exactly
    // such a name, and add the ones the labeller missed.
    let places = lexicon::places();
    let orgs = lexicon::organisations();
    let longest = places.longest_words.max(orgs.longest_words);
    for sentence in sentences.iter() {
        let mut i = 0;
        while i < sentence.len() {
            let max = longest.min(sentence.len() - i);
            let mut matched = None;
            let head = sentence[i].text;
            if crate::chars::starts_upper(head)
                && may_be_listed_head(head)
                && (places.first_words.contains(head) || orgs.first_words.contains(head))
            {
                let mut name = String::new();
                for n in 1..=max {
                    if n > 1 {
                        name.push(' ');
                    }
                    name.push_str(sentence[i + n - 1].text);
                    let label = if orgs.set.contains(&name) {
                        EntityLabel::Organisation
                    } else if let Some(code) = places.code(&name) {
                        match code {
                            "EU" | "UN" | "EZ" => EntityLabel::Organisation,
                            _ => EntityLabel::Location,
                        }
                    } else {
                        continue;
                    };
                    // The longest listed name wins.
                    matched = Some((n, label));
                }
            }
            let Some((n, label)) = matched else {
                i += 1;
                continue;
            };
            let (start, end) = (sentence[i].start, sentence[i + n - 1].end);
            let mut taken = false;
            for m in out[first..].iter_mut() {
                if m.start < end && start < m.end {
                    taken = true;
                    if m.start == start && m.end == end {
                        m.label = label;
                    }
                }
            }
            if !taken {
                let surface = single_spaced(&text[start..end]);
                out.push(RawMention {
                    part,
                    start,
                    end,
                    label,
                    surface,
                });
            }
            i += n;
        }
    }
}

/// The first two bytes and length of each first word of a listed place or
/// organisation name, as a bit per length (31 for 31 bytes or more) in one
/// of 1 024 buckets of the two bytes' low five bits: most capitalised words
/// are turned away here without hashing them into the name sets.
fn listed_heads() -> &'static [u32; 1024] {
    static HEADS: OnceLock<[u32; 1024]> = OnceLock::new();
    HEADS.get_or_init(|| {
        let mut heads = [0u32; 1024];
        let places = lexicon::places();
        let orgs = lexicon::organisations();
        for w in places.first_words.iter().chain(&orgs.first_words) {
            heads[head_bucket(w.as_bytes())] |= head_length_bit(w.len());
        }
        heads
    })
}

fn head_bucket(word: &[u8]) -> usize {
    let first = word.first().map_or(0, |b| b & 0x1F);
    let second = word.get(1).map_or(0, |b| b & 0x1F);
    usize::from(first) << 5 | usize::from(second)
}

fn head_length_bit(len: usize) -> u32 {
    1 << len.min(31)
}

/// Whether `word` may be the first word of a listed name: false only for
/// a word that is not ([`listed_heads`]).
fn may_be_listed_head(word: &str) -> bool {
    listed_heads()[head_bucket(word.as_bytes())] & head_length_bit(word.len()) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_has_the_same_facts_after_another_as_alone() {
        let texts = [
            "Presiden Joko Widodo tiba di Jakarta pada Senin (24/8) membawa Rp1.500.000.",
            "Menteri Luar Negeri Retno Marsudi bertemu Wakil PM Inggris di London. Budi di Medan.",
            "Москва и Санкт-Петербург. Vladimir Putin berkata, “Kami puas,” katanya.",
            "",
        ];
        let input = |text| FactsInput {
            text,
            title: Some("Jokowi di Jakarta"),
            language: Some("id"),
            ..FactsInput::default()
        };
        for _ in 0..2 {
            for text in texts {
                let alone = find_facts_with(&input(text), &mut ner::model::Scratch::default());
                assert_eq!(find_facts(&input(text)), alone, "{text}");
            }
        }
        assert!(find_facts(&input(texts[0])).entities.len() >= 2);
    }

    #[test]
    fn a_very_long_article_does_not_keep_its_room() {
        // More distinct words than a thread keeps room for.
        let text: String = (0..KEPT_WORDS * 2).map(|n| format!("Kata{n} ")).collect();
        find_facts(&FactsInput {
            text: &text,
            ..FactsInput::default()
        });
        let room = SCRATCH.with(|cell| cell.borrow().capacity());
        assert!(room <= KEPT_WORDS, "{room}");
    }

    #[test]
    fn single_spacing_joins_the_words_as_a_list_join_does() {
        let pieces = ["a", "Б", " ", "\n", "\u{a0}", "\u{3000}", "\t", "x y", ""];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 12) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(single_spaced(&text), joined, "{text:?}");
        }
    }

    #[test]
    fn the_head_filter_keeps_every_first_word_of_a_listed_name() {
        let places = lexicon::places();
        let orgs = lexicon::organisations();
        for w in places.first_words.iter().chain(&orgs.first_words) {
            assert!(may_be_listed_head(w), "{w:?}");
        }
        let mut turned_away = 0;
        for text in testing::corpus() {
            for sentence in ner::sentences(&text) {
                for t in &sentence {
                    let listed =
                        places.first_words.contains(t.text) || orgs.first_words.contains(t.text);
                    if listed {
                        assert!(may_be_listed_head(t.text), "{:?}", t.text);
                    }
                    turned_away += usize::from(!may_be_listed_head(t.text));
                }
            }
        }
        assert!(turned_away > 0);
    }

    #[test]
    fn caption_dates_have_no_offsets_and_body_dates_do() {
        let facts = find_facts(&FactsInput {
            text: "“Ya” kata dia pada Rabu (24/8) dengan dana $1,2 miliar.",
            title: None,
            captions: vec!["Pertemuan di Brasilia, Rabu (13/11/2019)."],
            published: calendar::parse_date_line("Kamis, 26 Agustus 2021").map(|d| d.datetime),
            language: Some("id"),
        });
        assert_eq!(facts.dates.len(), 2);
        let body = &facts.dates[0];
        assert_eq!(body.text, "Rabu (24/8)");
        // Offsets count characters: the curly quotes are one each.
        assert_eq!((body.start, body.end), (Some(19), Some(30)));
        assert!(body.warning.is_some());
        let caption = &facts.dates[1];
        assert_eq!(caption.date.as_deref(), Some("2019-11-13"));
        assert_eq!((caption.start, caption.end), (None, None));
        assert_eq!(caption.warning, None);
        assert_eq!(facts.money.len(), 1);
        assert_eq!(facts.money[0].amount, 1_200_000_000.0);
        assert_eq!(facts.money[0].start, 43);
    }
}
