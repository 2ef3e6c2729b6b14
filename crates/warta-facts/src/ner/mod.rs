//! Named entities: a first-order sequence labeller (averaged structured
//! perceptron over BIO tags, Viterbi decoding) with hashed lexical features,
//! plus the gazetteers and title words of [`crate::lexicon`].
//!
//! The model is trained from the Indonesian NER corpora by
//! `cargo xtask train-ner` ([`train`]), written as a small binary file and
//! compiled into the crate; it is read once, on first use.

pub mod features;
pub mod model;
pub mod train;

use std::sync::OnceLock;

pub use model::{Model, ModelError};

use warta_model::EntityLabel;

/// The tags the labeller assigns.
pub const TAGS: [&str; 7] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"];
/// Number of tags.
pub const N_TAGS: usize = TAGS.len();

/// The entity label of a tag (`None` for `O`).
pub fn tag_label(tag: usize) -> Option<EntityLabel> {
    match tag {
        1 | 2 => Some(EntityLabel::Person),
        3 | 4 => Some(EntityLabel::Organisation),
        5 | 6 => Some(EntityLabel::Location),
        _ => None,
    }
}

/// The tag index of a label name in the corpora's schemes (`B-PERSON`, `I-LOC`, `O`, …).
pub fn tag_index(tag: &str) -> Option<usize> {
    if tag == "O" {
        return Some(0);
    }
    let (bio, label) = tag.split_once('-')?;
    let base = match label {
        "PER" | "PERSON" | "PPL" => 1,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => 3,
        "LOC" | "LOCATION" | "PLACE" | "PLC" => 5,
        // Other types (TIME, QUANTITY, …) are not entities here.
        _ => return Some(0),
    };
    match bio {
        "B" => Some(base),
        "I" => Some(base + 1),
        _ => None,
    }
}

const MODEL_BYTES: &[u8] = include_bytes!("../../model/ner.bin");

/// The compiled-in model, read on first use. An unreadable model (which a
/// test guards against) yields no entities rather than a panic.
pub fn model() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| Model::from_bytes(MODEL_BYTES).ok())
        .as_ref()
}

/// A token of running text, by byte offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

const OPENERS: &[char] = &['"', '“', '”', '‘', '’', '\'', '(', '[', '{', '«', '„'];
const CLOSERS: &[char] = &[
    '"', '“', '”', '‘', '’', '\'', '.', ',', ';', ':', '!', '?', ')', ']', '}', '»', '…',
];

/// Whether a trailing full stop belongs to the word (`Dr.`, `H.`, `U.S.`).
fn keeps_full_stop(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    if bare.chars().count() == 1 && crate::chars::starts_upper(bare) {
        return true;
    }
    if bare.contains('.') && bare.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    matches!(
        bare,
        "Dr" | "Prof"
            | "Ir"
            | "Drs"
            | "Jl"
            | "St"
            | "No"
            | "Hj"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Sen"
            | "Rep"
            | "Gen"
            | "Lt"
            | "Col"
            | "Jr"
            | "Sr"
            | "Inc"
            | "Co"
            | "Ltd"
            | "Tbk"
            | "dr"
    )
}

/// Splits text into sentences of tokens the way the NER corpora are tokenised:
/// white space, with quotes, brackets and sentence punctuation split off.
pub fn sentences(text: &str) -> Vec<Vec<Token<'_>>> {
    sentence_list(text).iter().map(<[_]>::to_vec).collect()
}

/// The sentences of a text as [`sentences`] splits them, in one list of
/// tokens and where each sentence ends: two allocations for a text rather
/// than one per sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentences<'a> {
    tokens: Vec<Token<'a>>,
    /// Where each sentence ends in `tokens`, in order; none is empty.
    ends: Vec<usize>,
}

impl<'a> Sentences<'a> {
    /// The sentences in order, each its tokens.
    pub fn iter(&self) -> impl Iterator<Item = &[Token<'a>]> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let sentence = self.tokens.get(start..end).unwrap_or_default();
            start = end;
            sentence
        })
    }

    /// How many tokens there are in all.
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }
}

/// [`sentences`] as a [`Sentences`].
pub fn sentence_list(text: &str) -> Sentences<'_> {
    // Room for a token every four bytes: a word, its space and the marks
    // split off it rarely take fewer, so the list is seldom grown (each
    // growth copies it all; at a token every eight bytes most bodies grew).
    let mut out = Sentences {
        tokens: Vec::with_capacity(text.len() / 4 + 4),
        ends: Vec::new(),
    };
    let Sentences { tokens, ends } = &mut out;
    let bytes = text.as_bytes();
    let mut word_start = 0;
    let mut i = 0;
    // Words are the runs between white space characters; ASCII bytes are
    // told apart without decoding a character.
    while i < bytes.len() {
        // Most bytes are inside words: pass them in a tight loop.
        while bytes.get(i).is_some_and(|&b| IN_WORD[usize::from(b)]) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let (space, len) = if b.is_ascii() {
            // `char::is_whitespace` on ASCII (it includes the vertical tab).
            (matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '), 1)
        } else if !may_lead_white_space(b) {
            // A letter of Cyrillic, Greek, Arabic…: skip its bytes whole.
            (false, utf8_len(b))
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        if space {
            if word_start < i {
                push_word(&text[word_start..i], word_start, tokens, ends);
            }
            if b == b'\n' {
                end_sentence(tokens, ends);
            }
            word_start = i + len;
        }
        i += len;
    }
    if word_start < text.len() {
        push_word(&text[word_start..], word_start, tokens, ends);
    }
    end_sentence(tokens, ends);
    out
}

/// Bytes that are neither ASCII white space nor a byte that may start white
/// space outside ASCII ([`may_lead_white_space`]): inside a word whatever
/// follows. (A continuation byte is inside the character its lead byte
/// started.)
const IN_WORD: [bool; 256] = {
    let mut out = [true; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if matches!(
            byte,
            b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        ) {
            out[b] = false;
        }
        b += 1;
    }
    out
};

/// Whether a non-ASCII byte may start a white space character. Those
/// outside ASCII are U+0085 and U+00A0 (lead byte C2), U+1680 (E1),
/// U+2000–U+200A, U+2028, U+2029, U+202F and U+205F (E2), and U+3000 (E3);
/// continuation bytes start nothing.
fn may_lead_white_space(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) || b & 0xC0 == 0x80
}

/// Length of the UTF-8 character whose first byte is `b` (a lead byte of
/// valid UTF-8, as a `str` has; a stray byte counts one).
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// Closes the sentence being gathered (the tokens past the last end), if
/// it has any.
fn end_sentence(tokens: &[Token<'_>], ends: &mut Vec<usize>) {
    if ends.last().copied().unwrap_or(0) < tokens.len() {
        ends.push(tokens.len());
    }
}

/// The token of `word[s..e]`, for a word at byte `offset` of the text.
fn token_of(word: &str, offset: usize, s: usize, e: usize) -> Token<'_> {
    Token {
        text: &word[s..e],
        start: offset + s,
        end: offset + e,
    }
}

fn push_word<'a>(
    word: &'a str,
    offset: usize,
    tokens: &mut Vec<Token<'a>>,
    sentence_ends: &mut Vec<usize>,
) {
    let mk = |s: usize, e: usize| token_of(word, offset, s, e);
    // Most words start and end with an ASCII letter or digit: no opener,
    // no closer, no sentence end, one token (what the general path below
    // finds for them too).
    let bytes = word.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
    {
        tokens.push(mk(0, word.len()));
        return;
    }
    // The same for letters and digits of other scripts (no opener or closer
    // is one).
    let mut chars = word.chars();
    if chars.next().is_some_and(crate::chars::is_alphanumeric)
        && chars.next_back().is_some_and(crate::chars::is_alphanumeric)
    {
        tokens.push(mk(0, word.len()));
        return;
    }
    if word.is_ascii() {
        split_ascii_word(word, offset, tokens, sentence_ends);
    } else {
        split_word(word, offset, tokens, sentence_ends);
    }
}

/// [`split_word`] for a word of ASCII, byte by byte: words with a comma,
/// full stop or bracket on them are common, and the general path decodes
/// and looks up each character it peels.
fn split_ascii_word<'a>(
    word: &'a str,
    offset: usize,
    tokens: &mut Vec<Token<'a>>,
    sentence_ends: &mut Vec<usize>,
) {
    let mk = |s: usize, e: usize| token_of(word, offset, s, e);
    let bytes = word.as_bytes();
    let mut start = 0;
    let mut end = bytes.len();
    // The ASCII characters of `OPENERS` and `CLOSERS`.
    while end - start > 1 && matches!(bytes[start], b'"' | b'\'' | b'(' | b'[' | b'{') {
        tokens.push(mk(start, start + 1));
        start += 1;
    }
    while end - start > 1 {
        let b = bytes[end - 1];
        if b == b'.' && keeps_full_stop(&word[start..end]) {
            break;
        }
        if matches!(
            b,
            b'"' | b'\'' | b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b']' | b'}'
        ) {
            end -= 1;
        } else {
            break;
        }
    }
    tokens.push(mk(start, end));
    let mut ends = end == bytes.len() && matches!(&bytes[start..end], b"." | b"!" | b"?");
    for (k, b) in bytes.iter().enumerate().skip(end) {
        tokens.push(mk(k, k + 1));
        ends |= matches!(b, b'.' | b'!' | b'?');
    }
    if ends {
        end_sentence(tokens, sentence_ends);
    }
}

/// [`push_word`] for any word: openers, closers and sentence ends split off.
fn split_word<'a>(
    word: &'a str,
    offset: usize,
    tokens: &mut Vec<Token<'a>>,
    sentence_ends: &mut Vec<usize>,
) {
    let mk = |s: usize, e: usize| token_of(word, offset, s, e);
    let mut start = 0;
    let mut end = word.len();
    // Leading openers are tokens of their own, in order. (No letter or
    // digit is an opener or closer: those are told without the lists.)
    while let Some(c) = word[start..end].chars().next() {
        if !c.is_ascii_alphanumeric() && OPENERS.contains(&c) && end - start > c.len_utf8() {
            tokens.push(mk(start, start + c.len_utf8()));
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing closers, found from the end.
    while let Some(c) = word[start..end].chars().next_back() {
        if end - start <= c.len_utf8() || c.is_ascii_alphanumeric() {
            break;
        }
        if c == '.' && keeps_full_stop(&word[start..end]) {
            break;
        }
        if CLOSERS.contains(&c) {
            end -= c.len_utf8();
        } else {
            break;
        }
    }
    tokens.push(mk(start, end));
    // A sentence ends at . ! ? (and a closing quote or bracket after them).
    let mut ends = end == word.len() && matches!(&word[start..end], "." | "!" | "?");
    for (k, c) in word[end..].char_indices() {
        tokens.push(mk(end + k, end + k + c.len_utf8()));
        ends |= matches!(c, '.' | '!' | '?');
    }
    if ends {
        end_sentence(tokens, sentence_ends);
    }
}

/// An entity mention found by the labeller, by byte offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// Its label.
    pub label: EntityLabel,
}

/// Labels the entities of a text.
pub fn tag_text(text: &str) -> Vec<Mention> {
    tag_sentences_with(&sentence_list(text), &mut model::Scratch::default())
}

/// Labels the entities of a text already split by [`sentences`].
pub fn tag_sentences(sentences: &[Vec<Token<'_>>]) -> Vec<Mention> {
    let tokens = sentences.iter().map(Vec::len).sum();
    tag_each(
        sentences.iter().map(Vec::as_slice),
        tokens,
        &mut model::Scratch::default(),
    )
}

/// Labels the entities of a text split by [`sentence_list`], with a
/// scratch kept between texts (the parts of one article share most of
/// their words).
pub fn tag_sentences_with(sentences: &Sentences<'_>, scratch: &mut model::Scratch) -> Vec<Mention> {
    tag_each(sentences.iter(), sentences.token_count(), scratch)
}

/// Labels the entities of these sentences, `tokens` tokens in all.
fn tag_each<'s, 'a: 's>(
    sentences: impl Iterator<Item = &'s [Token<'a>]>,
    tokens: usize,
    scratch: &mut model::Scratch,
) -> Vec<Mention> {
    let Some(model) = model() else {
        return Vec::new();
    };
    // Room for every token to be a new word, up to a bound: a long text
    // repeats its words, and the lists grow past it as they must.
    scratch.reserve(tokens.min(4096));
    let mut out = Vec::new();
    // Room for most sentences' words at once.
    let mut words: Vec<&str> = Vec::with_capacity(64);
    let mut tags = Vec::with_capacity(64);
    // One list of spans for every sentence.
    let mut spans = Vec::new();
    for sentence in sentences {
        words.clear();
        words.extend(sentence.iter().map(|t| t.text));
        model.tag_into(&words, &mut tags, scratch);
        spans.clear();
        spans_into(&tags, &mut spans);
        for &(s, e, label) in &spans {
            out.push(Mention {
                start: sentence[s].start,
                end: sentence[e - 1].end,
                label,
            });
        }
    }
    out
}

/// Entity spans (token ranges) of a BIO tag sequence.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, EntityLabel)> {
    let mut out = Vec::new();
    spans_into(tags, &mut out);
    out
}

/// [`spans`] added to `out`.
fn spans_into(tags: &[usize], out: &mut Vec<(usize, usize, EntityLabel)>) {
    let mut i = 0;
    while i < tags.len() {
        let Some(label) = tag_label(tags[i]) else {
            i += 1;
            continue;
        };
        let inside = tags[i] - (tags[i] - 1) % 2 + 1; // the I- tag of this label
        let mut j = i + 1;
        while j < tags.len() && tags[j] == inside {
            j += 1;
        }
        out.push((i, j, label));
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenises_like_the_corpora() {
        let text = "\"Kami puas,” kata Dr. Lavrov (Rusia). Lalu\nBaru";
        let s = sentences(text);
        let words: Vec<Vec<&str>> = s
            .iter()
            .map(|s| s.iter().map(|t| t.text).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec![
                    "\"", "Kami", "puas", ",", "”", "kata", "Dr.", "Lavrov", "(", "Rusia", ")", "."
                ],
                vec!["Lalu"],
                vec!["Baru"]
            ]
        );
        for t in s.iter().flatten() {
            assert_eq!(&text[t.start..t.end], t.text);
        }
    }

    #[test]
    fn every_white_space_character_and_only_those_part_words() {
        for c in (0x80..=0x10FFFFu32)
            .step_by(7)
            .chain(0x80..0x3100)
            .filter_map(char::from_u32)
        {
            let text = format!("a{c}b");
            let tokens: Vec<Token<'_>> = sentences(&text).into_iter().flatten().collect();
            let inside = tokens.iter().any(|t| t.start <= 1 && t.end > 1);
            assert_eq!(inside, !c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn sentences_split_at_white_space_as_the_standard_library_does() {
        // Random texts of letters, marks and every kind of white space: the
        // words found are the runs `str::split` gives.
        let pieces = [
            "a", "Б", "é", "日", "“", ".", "x", "\u{a0}", " ", "\n", "\t", "\u{2009}", "\u{3000}",
            "\u{85}", "\u{e1}", "\u{2014}", "\u{1680}", "\u{202f}", "1",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let found: Vec<&str> = sentences(&text).iter().flatten().map(|t| t.text).collect();
            let mut tokens = Vec::new();
            let mut ends = Vec::new();
            let mut offset = 0;
            for w in text.split(char::is_whitespace) {
                if !w.is_empty() {
                    split_word(w, offset, &mut tokens, &mut ends);
                }
                offset += w.len()
                    + text[offset + w.len()..]
                        .chars()
                        .next()
                        .map_or(0, char::len_utf8);
            }
            let expected: Vec<&str> = tokens.iter().map(|t| t.text).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn the_sentence_list_holds_the_sentences_a_plain_split_finds() {
        // Sentences split at line ends and at `.` `!` `?`, as a plain split
        // of the text into lines and words finds them, none empty.
        let pieces = [
            "Kata", " ", "\n", "\n\n", ".", " . ", "Dr.", "!", "?”", "(a)", "«Б»", "x", "\t",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(state % 20) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let mut expected: Vec<Vec<Token<'_>>> = Vec::new();
            let mut offset = 0;
            for line in text.split('\n') {
                let (mut tokens, mut ends) = (Vec::new(), Vec::new());
                let mut at = offset;
                for w in line.split(|c: char| c.is_whitespace()) {
                    if !w.is_empty() {
                        split_word(w, at, &mut tokens, &mut ends);
                    }
                    at += w.len()
                        + line[at - offset + w.len()..]
                            .chars()
                            .next()
                            .map_or(0, char::len_utf8);
                }
                let mut start = 0;
                for end in ends.into_iter().chain([tokens.len()]) {
                    if start < end {
                        expected.push(tokens[start..end].to_vec());
                    }
                    start = end;
                }
                offset += line.len() + 1;
            }
            let list = sentence_list(&text);
            let found: Vec<Vec<Token<'_>>> = list.iter().map(<[_]>::to_vec).collect();
            assert_eq!(found, expected, "{text:?}");
            assert_eq!(sentences(&text), expected, "{text:?}");
            assert_eq!(
                list.token_count(),
                expected.iter().map(Vec::len).sum::<usize>()
            );
        }
    }

    #[test]
    fn plain_words_split_as_the_general_path_splits_them() {
        // Words with and without marks at either end, in several scripts:
        // the shortcut for plain words must agree with the general path.
        let words = [
            "Jakarta",
            "2024",
            "a",
            "Dr.",
            "U.S.",
            "(Rusia).",
            "\"Kami",
            "puas,”",
            "x-ray",
            "Jum'at",
            "«Москва»",
            "Москва.",
            "Москва",
            "москва»",
            "«москва",
            "日本語",
            "é.",
            "(é",
            "Ǆ",
            "İstanbul'da",
            "٣٤",
            "end.",
            "é",
            "3.5",
            "a)",
            "(b",
            "...",
            "?",
            "'",
            "H.",
            "1.",
            "A.B",
            "e.g",
            "No.1",
        ];
        for w in words {
            let (mut fast, mut fast_out) = (Vec::new(), Vec::new());
            push_word(w, 7, &mut fast, &mut fast_out);
            let (mut general, mut general_out) = (Vec::new(), Vec::new());
            split_word(w, 7, &mut general, &mut general_out);
            assert_eq!((fast, fast_out), (general, general_out), "{w}");
        }
    }

    #[test]
    fn ascii_words_split_as_the_general_path_splits_them() {
        // Every word of up to four characters from letters, digits and the
        // marks the splitter knows, and random longer ones.
        let alphabet = b"aH1.\"'([{,;:!?)]}-/";
        let mut words: Vec<String> = vec![String::new()];
        let mut all = Vec::new();
        for _ in 0..4 {
            let mut next = Vec::new();
            for w in &words {
                for &b in alphabet {
                    let mut longer = w.clone();
                    longer.push(char::from(b));
                    next.push(longer);
                }
            }
            all.extend(next.iter().cloned());
            words = next;
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut w = String::new();
            for _ in 0..(state % 12 + 1) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                w.push(char::from(
                    alphabet[(state % alphabet.len() as u64) as usize],
                ));
            }
            all.push(w);
        }
        all.extend(
            [
                "Dr.", "U.S.", "H.", "(Rusia).", "\"Kami", "e.g.", "Jl.", "...", "Inc.)",
            ]
            .map(String::from),
        );
        for w in &all {
            let (mut fast, mut fast_out) = (Vec::new(), Vec::new());
            split_ascii_word(w, 3, &mut fast, &mut fast_out);
            let (mut general, mut general_out) = (Vec::new(), Vec::new());
            split_word(w, 3, &mut general, &mut general_out);
            assert_eq!((fast, fast_out), (general, general_out), "{w:?}");
        }
    }

    #[test]
    fn bio_tags_become_spans() {
        // O B-PER I-PER B-LOC I-ORG(stray) O
        let got = spans(&[0, 1, 2, 5, 4, 0]);
        assert_eq!(
            got,
            [
                (1, 3, EntityLabel::Person),
                (3, 4, EntityLabel::Location),
                (4, 5, EntityLabel::Organisation)
            ]
        );
        assert_eq!(tag_index("B-PERSON"), Some(1));
        assert_eq!(tag_index("I-LOCATION"), Some(6));
        assert_eq!(tag_index("B-TIME"), Some(0));
    }

    #[test]
    fn the_compiled_in_model_loads_and_finds_people_and_places() {
        assert!(model().is_some());
        let text = "Presiden Joko Widodo tiba di Jakarta pada Senin.";
        let found: Vec<(&str, EntityLabel)> = tag_text(text)
            .iter()
            .map(|m| (&text[m.start..m.end], m.label))
            .collect();
        assert!(
            found.contains(&("Joko Widodo", EntityLabel::Person)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Jakarta", EntityLabel::Location)),
            "{found:?}"
        );
    }
}
