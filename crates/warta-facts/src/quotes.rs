//! Quotes: direct speech in quotation marks (straight, curly or mixed) and
//! reported speech (`X mengatakan bahwa …`, `Menurut X, …`, `…, kata X`,
//! `X said …`), with the speaker resolved to an entity name; `katanya`,
//! `ujarnya` and pronouns go to the last named speaker.

use crate::scan::{lower_ascii, AsciiWords};

/// A person or organisation mention in the body, by byte offsets, with the
/// entity name it was merged under.
#[derive(Clone, Debug)]
pub(crate) struct Speaker<'a> {
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
    /// A person (preferred as the antecedent of a pronoun).
    pub person: bool,
}

/// A quote found, by byte offsets into the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundQuote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
    pub direct: bool,
}

const MARKS: &[char] = &['"', '“', '”', '„', '«', '»'];

/// Reporting verbs after a quote or a name, bare or with `-nya`
/// (`kata`, `ujarnya`, `said`).
const SHORT_CUE_WORDS: [&str; 24] = [
    "kata",
    "ujar",
    "ucap",
    "tutur",
    "ungkap",
    "jelas",
    "tegas",
    "sebut",
    "papar",
    "imbuh",
    "tambah",
    "terang",
    "tandas",
    "pungkas",
    "lanjut",
    "tukas",
    "kilah",
    "seru",
    "said",
    "says",
    "added",
    "told",
    "stated",
    "explained",
];
static SHORT_CUES: AsciiWords<24> = AsciiWords::new(SHORT_CUE_WORDS);
static SHORT_CUES_NYA: AsciiWords<24> = AsciiWords::with_suffix(SHORT_CUE_WORDS, "nya");

/// Reporting verbs between a subject and what was said.
const LONG_CUE_WORDS: [&str; 28] = [
    "mengatakan",
    "menyatakan",
    "menjelaskan",
    "mengungkapkan",
    "menegaskan",
    "menyebutkan",
    "menyebut",
    "menuturkan",
    "memaparkan",
    "menambahkan",
    "menerangkan",
    "menilai",
    "mengklaim",
    "membantah",
    "berkata",
    "berpendapat",
    "menekankan",
    "menyampaikan",
    "mengingatkan",
    "mengakui",
    "said",
    "says",
    "stated",
    "added",
    "argued",
    "warned",
    "claimed",
    "explained",
];
static LONG_CUES: AsciiWords<28> = AsciiWords::new(LONG_CUE_WORDS);

const PRONOUN_WORDS: [&str; 9] = [
    "ia", "dia", "beliau", "dirinya", "he", "she", "mereka", "they", "nya",
];
static PRONOUNS: AsciiWords<9> = AsciiWords::new(PRONOUN_WORDS);

/// Words allowed between a subject and its reporting verb.
const FILLER_WORDS: [&str; 17] = [
    "juga",
    "pun",
    "kemudian",
    "lalu",
    "sebelumnya",
    "kembali",
    "lebih",
    "lanjut",
    "telah",
    "sudah",
    "pernah",
    "also",
    "later",
    "then",
    "had",
    "has",
    "once",
];
static FILLERS: AsciiWords<17> = AsciiWords::new(FILLER_WORDS);

/// Whether `w` lower-cases to one of `set` (as `str::to_lowercase`): an
/// ASCII word is asked as it is, since its lower case is its ASCII lower
/// case; another only when it may lower-case to ASCII at all (the Kelvin
/// sign does, to `k`), which few do.
fn lowers_into<const N: usize>(w: &str, set: &AsciiWords<N>) -> bool {
    set.contains(w) || (!w.is_ascii() && lower_ascii(w).is_some_and(|l| set.contains(&l)))
}

/// Whether `w.to_lowercase()` is `cue`, a lower-case ASCII word without
/// `k`, asked without lower-casing: outside ASCII only the Kelvin sign
/// lower-cases to ASCII (to `k`), so a word with any other character lower-
/// cases to something else, and an ASCII word lower-cases letter for letter.
fn is_lower_case_of(w: &str, cue: &str) -> bool {
    debug_assert!(!cue.contains('k') && cue.bytes().all(|b| b.is_ascii_lowercase()));
    w.eq_ignore_ascii_case(cue)
}

/// Reporting verbs after a quote or a name (`kata`, `ujarnya`, `said`):
/// `Some(true)` when the verb carries the pronoun itself (`katanya`).
fn short_cue(w: &str) -> Option<bool> {
    if lowers_into(w, &SHORT_CUES_NYA) {
        Some(true)
    } else if lowers_into(w, &SHORT_CUES) {
        Some(false)
    } else {
        None
    }
}

/// Reporting verbs between a subject and what was said.
fn long_cue(w: &str) -> bool {
    lowers_into(w, &LONG_CUES)
}

fn is_pronoun(w: &str) -> bool {
    lowers_into(w, &PRONOUNS)
}

/// Words allowed between a subject and its reporting verb.
fn is_filler(w: &str) -> bool {
    lowers_into(w, &FILLERS)
}

/// Words of a span with their byte offsets.
fn words(text: &str, from: usize, to: usize) -> Vec<(usize, usize)> {
    // Sized for a word in every six bytes or so, so that a sentence's
    // words are mostly gathered without growing the list.
    let mut out = Vec::with_capacity(to.saturating_sub(from) / 6 + 1);
    each_word(text, from, to, |w| {
        out.push(w);
        true
    });
    out
}

/// Whether a span has at least `n` words (stops counting at `n`).
fn has_words(text: &str, from: usize, to: usize, n: usize) -> bool {
    let mut seen = 0;
    each_word(text, from, to, |_| {
        seen += 1;
        seen < n
    });
    seen >= n
}

/// In [`WORD_BYTES`]: an ASCII byte that starts a word (a letter, a digit, `-`).
const STARTS_WORD: u8 = 1;
/// In [`WORD_BYTES`]: an ASCII byte that goes on with a word (those, and `'`).
const IN_WORD: u8 = 2;

/// What each byte is to a word, looked up rather than worked out byte by
/// byte; bytes outside ASCII are 0 and decoded.
static WORD_BYTES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'-' {
            table[b] = STARTS_WORD | IN_WORD;
        } else if c == b'\'' {
            table[b] = IN_WORD;
        }
        b += 1;
    }
    table
};

/// Calls `f` with the byte range of each word of a span, in order, until it
/// returns false. A word is a run of letters, digits and `-`, with
/// apostrophes inside it.
fn each_word(text: &str, from: usize, to: usize, mut f: impl FnMut((usize, usize)) -> bool) {
    // A speaker found past the quote's end gives `from > to`: no words.
    let Some(span) = text.get(from..to) else {
        return;
    };
    let bytes = span.as_bytes();
    let n = bytes.len();
    let mut k = 0;
    // Each turn skips to a word and runs to its end, ASCII bytes told
    // without decoding a character.
    loop {
        let start = loop {
            let Some(&b) = bytes.get(k) else {
                return;
            };
            if WORD_BYTES[usize::from(b)] & STARTS_WORD != 0 {
                break k;
            }
            if b.is_ascii() {
                k += 1;
            } else {
                let Some(c) = span[k..].chars().next() else {
                    return;
                };
                if crate::chars::is_alphanumeric(c) {
                    break k;
                }
                k += c.len_utf8();
            }
        };
        let end = loop {
            let Some(&b) = bytes.get(k) else {
                break n;
            };
            if WORD_BYTES[usize::from(b)] & IN_WORD != 0 {
                k += 1;
            } else if b.is_ascii() {
                break k;
            } else {
                match span[k..].chars().next() {
                    Some(c) if crate::chars::is_alphanumeric(c) => k += c.len_utf8(),
                    _ => break k,
                }
            }
        };
        if !f((from + start, from + end)) || end == n {
            return;
        }
    }
}

/// [`each_word`] as it was written first, a character at a time: the
/// tests compare the two.
#[cfg(test)]
fn each_word_plain(text: &str, from: usize, to: usize, mut f: impl FnMut((usize, usize)) -> bool) {
    let mut start = None;
    let Some(span) = text.get(from..to) else {
        return;
    };
    let bytes = span.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        let (in_word, len) = match bytes[k] {
            b if b.is_ascii() => (
                b.is_ascii_alphanumeric() || b == b'-' || (b == b'\'' && start.is_some()),
                1,
            ),
            _ => match span[k..].chars().next() {
                Some(c) => (crate::chars::is_alphanumeric(c), c.len_utf8()),
                None => break,
            },
        };
        let i = from + k;
        k += len;
        if in_word {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            if !f((s, i)) {
                return;
            }
        }
    }
    if let Some(s) = start {
        f((s, to));
    }
}

struct Ctx<'a, 'b> {
    text: &'a str,
    speakers: &'b [Speaker<'a>],
    last_speaker: Option<String>,
}

impl<'a, 'b> Ctx<'a, 'b> {
    /// The entity mention starting at (or just after a title before) `pos`.
    fn speaker_at(&self, pos: usize, limit: usize) -> Option<&Speaker<'a>> {
        // Speakers are in text order: the first starting at or after `pos`
        // is the only candidate (later ones start later still).
        let first = self.speakers.partition_point(|s| s.start < pos);
        self.speakers
            .get(first)
            .filter(|s| s.start < limit && s.start - pos <= 40)
    }

    /// The speakers that start at or before `pos` (all that can end before it).
    fn speakers_to(&self, pos: usize) -> &'b [Speaker<'a>] {
        &self.speakers[..self.speakers.partition_point(|s| s.start <= pos)]
    }

    /// The entity mention ending just before `pos` (only fillers between).
    fn speaker_before(&self, pos: usize, floor: usize) -> Option<&Speaker<'a>> {
        let s = self
            .speakers_to(pos)
            .iter()
            .rev()
            .find(|s| s.end <= pos && s.start >= floor)?;
        let gap = &self.text[s.end..pos];
        let ok = gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(is_filler);
        ok.then_some(s)
    }

    /// The speaker a pronoun or `katanya` points to: the subject of the last
    /// sentence naming a person, else the last speaker.
    fn antecedent(&self, pos: usize) -> Option<String> {
        let last = self
            .speakers_to(pos)
            .iter()
            .rev()
            .find(|s| s.end <= pos && s.person)?;
        // The first person named in that sentence is its likely subject.
        let sentence_start = self.text[..last.start]
            .rfind(['.', '!', '?', '\n'])
            .map_or(0, |i| i + 1);
        let from = self.speakers.partition_point(|s| s.start < sentence_start);
        let subject = self.speakers[from..]
            .iter()
            .take_while(|s| s.start <= last.start)
            .find(|s| s.person)
            .unwrap_or(last);
        Some(subject.name.to_owned())
    }

    fn resolve_pronoun(&self, pos: usize) -> Option<String> {
        self.antecedent(pos).or_else(|| self.last_speaker.clone())
    }
}

/// Whether a quotation mark starts at byte `i` (the ASCII one is told
/// without decoding; the others start with a lead byte).
fn is_mark_at(text: &str, i: usize) -> bool {
    match text.as_bytes().get(i) {
        Some(b'"') => true,
        Some(&b) if b >= 0xc0 => text[i..].starts_with(MARKS),
        _ => false,
    }
}

/// Sentence spans of a paragraph, not splitting inside quotation marks.
fn sentences(text: &str, from: usize, to: usize, marks: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    let bytes = text.as_bytes();
    let mut marks_before = 0;
    for k in memchr::memchr3_iter(b'.', b'!', b'?', &bytes[from..to]) {
        let i = from + k;
        // Inside a quotation when an odd number of marks come before.
        marks_before += marks[marks_before..].partition_point(|&m| m < i);
        if marks_before % 2 == 1 {
            continue;
        }
        let next = bytes.get(i + 1).copied();
        if next.is_none() || next == Some(b' ') || i + 1 >= to {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < to && !text[start..to].trim().is_empty() {
        out.push((start, to));
    }
    out
}

fn trim_span(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e {
        let Some(c) = text[s..e].chars().next() else {
            break;
        };
        if c.is_whitespace() || c == ',' || c == ':' {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while s < e {
        let Some(c) = text[s..e].chars().next_back() else {
            break;
        };
        if c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    (s, e)
}

/// Finds the quotes of the body. `speakers` are the person and organisation
/// mentions in it, in text order.
pub(crate) fn find_quotes(text: &str, speakers: &[Speaker<'_>]) -> Vec<FoundQuote> {
    let mut ctx = Ctx {
        text,
        speakers,
        last_speaker: None,
    };
    let mut out = Vec::new();
    for (from, to) in paragraphs(text) {
        // The marks' first bytes are `"` and the lead bytes of `“ ” „`
        // (E2) and `« »` (C2).
        let marks: Vec<usize> = memchr::memchr3_iter(b'"', 0xe2, 0xc2, &text.as_bytes()[from..to])
            .map(|k| from + k)
            .filter(|&i| is_mark_at(text, i))
            .collect();
        let direct = direct_quotes(&mut ctx, (from, to), &marks, &mut out);
        for (s, e) in sentences(text, from, to, &marks) {
            if direct.iter().any(|&(ds, de)| ds < e && s < de) {
                continue;
            }
            if let Some(q) = reported(&mut ctx, s, e) {
                out.push(q);
            }
        }
    }
    out.sort_by_key(|q| q.start);
    out
}

/// The byte spans of the paragraphs of `text` (as `text.split("\n\n")`),
/// found by `memmem` rather than the general string searcher.
fn paragraphs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut from = 0;
    memchr::memmem::find_iter(text.as_bytes(), b"\n\n")
        .chain(std::iter::once(text.len()))
        .map(move |to| {
            let span = (from, to);
            from = to + 2;
            span
        })
}

/// Direct quotes of one paragraph (its quotation marks at `marks`);
/// returns their spans (with the marks).
fn direct_quotes(
    ctx: &mut Ctx<'_, '_>,
    (from, to): (usize, usize),
    marks: &[usize],
    out: &mut Vec<FoundQuote>,
) -> Vec<(usize, usize)> {
    let text = ctx.text;
    let mut spans = Vec::new();
    let mut k = 0;
    while k < marks.len() {
        let open = marks[k];
        let open_len = text[open..].chars().next().map_or(1, char::len_utf8);
        // An unclosed quote runs to the end of the paragraph.
        let (close, close_len) = match marks.get(k + 1) {
            Some(&c) => (c, text[c..].chars().next().map_or(1, char::len_utf8)),
            None => (to, 0),
        };
        k += 2;
        let (s, e) = trim_span(text, open + open_len, close);
        if !has_words(text, s, e, 4) {
            continue;
        }
        spans.push((open, close + close_len));
        let after = close + close_len;
        let sentence_end = text[after..to]
            .find(['.', '!', '?'])
            .map_or(to, |i| after + i);
        let sentence_start = text[from..open]
            .rfind(['.', '!', '?'])
            .map_or(from, |i| from + i + 1);
        let speaker = speaker_after(ctx, after, sentence_end)
            .or_else(|| speaker_before_quote(ctx, sentence_start, open))
            .or_else(|| ctx.last_speaker.clone());
        if let Some(sp) = &speaker {
            ctx.last_speaker = Some(sp.clone());
        }
        out.push(FoundQuote {
            start: s,
            end: e,
            speaker,
            direct: true,
        });
    }
    spans
}

/// `"…," kata Lavrov.` / `"…," katanya.` / `"…," Lavrov menambahkan.`
fn speaker_after(ctx: &Ctx<'_, '_>, after: usize, end: usize) -> Option<String> {
    let ws = words(ctx.text, after, end);
    let first = ws.first()?;
    let w = &ctx.text[first.0..first.1];
    if let Some(suffixed) = short_cue(w) {
        if suffixed {
            return ctx.resolve_pronoun(after);
        }
        if let Some(next) = ws.get(1) {
            if is_pronoun(&ctx.text[next.0..next.1]) {
                return ctx.resolve_pronoun(after);
            }
        }
        return ctx.speaker_at(first.1, end).map(|s| s.name.to_owned());
    }
    // A name, then the verb.
    let s = ctx.speaker_at(after, end)?;
    let rest = words(ctx.text, s.end, end);
    let verb = rest.first()?;
    let v = &ctx.text[verb.0..verb.1];
    (short_cue(v).is_some() || long_cue(v)).then(|| s.name.to_owned())
}

/// `Lavrov mengatakan, "…"` / `Menurut Lavrov, "…"` / `He said: "…"`.
fn speaker_before_quote(ctx: &Ctx<'_, '_>, start: usize, open: usize) -> Option<String> {
    let ws = words(ctx.text, start, open);
    for (i, &(s, e)) in ws.iter().enumerate().rev() {
        let w = &ctx.text[s..e];
        if long_cue(w) || short_cue(w).is_some() {
            if let Some(sp) = ctx.speaker_before(s, start) {
                return Some(sp.name.to_owned());
            }
            if i > 0 && is_pronoun(&ctx.text[ws[i - 1].0..ws[i - 1].1]) {
                return ctx.resolve_pronoun(s);
            }
        }
        if w.eq_ignore_ascii_case("menurut") || w.eq_ignore_ascii_case("according") {
            return ctx.speaker_at(e, open).map(|s| s.name.to_owned());
        }
    }
    None
}

/// Reported speech in one sentence.
fn reported(ctx: &mut Ctx<'_, '_>, s: usize, e: usize) -> Option<FoundQuote> {
    if !may_report(ctx, s, e) {
        return None;
    }
    reported_in(ctx, s, e)
}

/// Whether a sentence can hold reported speech: [`reported_in`] finds none
/// in a sentence without these, and most sentences lack them, so their
/// words need not be listed. Each form `reported_in` knows needs one of:
/// a speaker named in the sentence; `menurut(nya)` or `according` first;
/// a pronoun first (`Ia mengatakan …`); or a cue with `-nya` right after
/// its last comma (`…, katanya.`).
fn may_report(ctx: &Ctx<'_, '_>, s: usize, e: usize) -> bool {
    let text = ctx.text;
    let first_speaker = ctx.speakers.partition_point(|sp| sp.start < s);
    if ctx
        .speakers
        .get(first_speaker)
        .is_some_and(|sp| sp.start < e)
    {
        return true;
    }
    let mut first = None;
    each_word(text, s, e, |w| {
        first = Some(w);
        false
    });
    let Some((ws, we)) = first else {
        return false;
    };
    let w = &text[ws..we];
    if w.eq_ignore_ascii_case("menurut")
        || w.eq_ignore_ascii_case("according")
        || is_lower_case_of(w, "menurutnya")
        || is_pronoun(w)
    {
        return true;
    }
    let Some(comma) = text[s..e].rfind(',').map(|i| s + i) else {
        return false;
    };
    let mut after = None;
    each_word(text, comma, e, |w| {
        after = Some(w);
        false
    });
    after.is_some_and(|(ws, we)| short_cue(&text[ws..we]) == Some(true))
}

/// [`reported`] without the quick test.
fn reported_in(ctx: &mut Ctx<'_, '_>, s: usize, e: usize) -> Option<FoundQuote> {
    let text = ctx.text;
    let ws = words(text, s, e);
    if ws.len() < 4 {
        return None;
    }
    let word = |k: usize| &text[ws[k].0..ws[k].1];
    // Menurut X, …  /  According to X, …
    if word(0).eq_ignore_ascii_case("menurut") || is_lower_case_of(word(0), "menurutnya") {
        let comma = text[s..e].find(',').map(|i| s + i)?;
        let speaker = if is_lower_case_of(word(0), "menurutnya") || is_pronoun(word(1)) {
            ctx.resolve_pronoun(s)
        } else {
            ctx.speaker_at(ws[1].0, comma).map(|x| x.name.to_owned())
        };
        return emit(ctx, comma + 1, e, speaker);
    }
    if word(0).eq_ignore_ascii_case("according") && word(1).eq_ignore_ascii_case("to") {
        let comma = text[s..e].find(',').map(|i| s + i)?;
        let speaker = ctx.speaker_at(ws[2].0, comma).map(|x| x.name.to_owned());
        return emit(ctx, comma + 1, e, speaker);
    }
    // X mengatakan (bahwa) …  /  X said (that) …
    for k in 0..ws.len().saturating_sub(2) {
        if !long_cue(word(k)) {
            continue;
        }
        let speaker = if let Some(sp) = ctx.speaker_before(ws[k].0, s) {
            Some(sp.name.to_owned())
        } else if k > 0 && is_pronoun(word(k - 1)) && ctx.text[s..ws[k - 1].0].trim().is_empty() {
            ctx.resolve_pronoun(ws[k].0)
        } else {
            None
        };
        let Some(speaker) = speaker else {
            continue;
        };
        let mut from = ws[k].1;
        if is_lower_case_of(word(k + 1), "bahwa") || is_lower_case_of(word(k + 1), "that") {
            from = ws[k + 1].1;
        }
        return emit(ctx, from, e, Some(speaker));
    }
    // …, kata X.  /  …, ujarnya.  /  …, X said.
    let comma = text[s..e].rfind(',').map(|i| s + i)?;
    let tail = words(text, comma, e);
    let first = tail.first()?;
    let w = &text[first.0..first.1];
    let speaker = match short_cue(w) {
        Some(true) => ctx.resolve_pronoun(comma),
        Some(false) => ctx.speaker_at(first.1, e).map(|x| x.name.to_owned()),
        None => {
            let sp = ctx.speaker_at(comma, e)?;
            let verb = words(text, sp.end, e);
            let v = verb.first()?;
            let vw = &text[v.0..v.1];
            (short_cue(vw).is_some() || long_cue(vw)).then(|| sp.name.to_owned())?;
            Some(sp.name.to_owned())
        }
    };
    if speaker.is_none() || tail.len() > 12 {
        return None;
    }
    emit(ctx, s, comma, speaker)
}

fn emit(
    ctx: &mut Ctx<'_, '_>,
    from: usize,
    to: usize,
    speaker: Option<String>,
) -> Option<FoundQuote> {
    let (s, e) = trim_span(ctx.text, from, to);
    if !has_words(ctx.text, s, e, 3) {
        return None;
    }
    if let Some(sp) = &speaker {
        ctx.last_speaker = Some(sp.clone());
    }
    Some(FoundQuote {
        start: s,
        end: e,
        speaker,
        direct: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::lower;

    #[test]
    fn reporting_verbs_in_any_case() {
        for w in ["mengatakan", "Mengatakan", "SAID", "Explained", "berkata"] {
            assert!(long_cue(w), "{w}");
        }
        for w in ["", "kata", "Jakarta", "“said", "menurut"] {
            assert!(!long_cue(w), "{w}");
        }
    }

    #[test]
    fn cue_sets_agree_with_lower_casing_every_word() {
        let reference =
            |w: &str, list: &[&str]| lower_ascii(w).is_some_and(|l| list.contains(&l.as_str()));
        let reference_short = |w: &str| {
            let lw = lower_ascii(w)?;
            let base = lw.strip_suffix("nya");
            let stem = base.unwrap_or(&lw);
            SHORT_CUE_WORDS.contains(&stem).then_some(base.is_some())
        };
        let mut probes: Vec<String> = vec!["\u{212A}ATA".into(), "\u{212A}atanya".into()];
        for list in [
            &SHORT_CUE_WORDS[..],
            &LONG_CUE_WORDS,
            &PRONOUN_WORDS,
            &FILLER_WORDS,
        ] {
            for w in list {
                probes.push(w.to_string());
                probes.push(w.to_uppercase());
                probes.push(format!("{w}nya"));
                probes.push(format!("{w}x"));
                probes.push(w.replacen('k', "\u{212A}", 1));
                probes.push(w.replacen('a', "á", 1));
            }
        }
        for text in crate::testing::corpus() {
            each_word_plain(&text, 0, text.len(), |(s, e)| {
                probes.push(text[s..e].to_owned());
                true
            });
        }
        for w in &probes {
            assert_eq!(short_cue(w), reference_short(w), "{w:?}");
            assert_eq!(long_cue(w), reference(w, &LONG_CUE_WORDS), "{w:?}");
            assert_eq!(is_pronoun(w), reference(w, &PRONOUN_WORDS), "{w:?}");
            assert_eq!(is_filler(w), reference(w, &FILLER_WORDS), "{w:?}");
        }
    }

    #[test]
    fn words_agree_with_reading_a_character_at_a_time() {
        let mut texts = crate::testing::corpus();
        texts.extend(
            [
                "",
                "'",
                "a'",
                "'a",
                "-",
                "a-b'c'",
                "x’y",
                "é'",
                "日本語'x",
                "a\u{a0}b",
                "9'9 -'",
            ]
            .map(String::from),
        );
        for text in &texts {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            // Whole texts, and spans from and to a few places.
            let picks = [
                0,
                1,
                bounds.len() / 3,
                bounds.len() / 2,
                bounds.len().saturating_sub(2),
            ];
            for &a in &picks {
                for &b in &picks {
                    let (Some(&from), Some(&to)) = (bounds.get(a), bounds.get(b)) else {
                        continue;
                    };
                    for stop in [usize::MAX, 1, 3] {
                        let (mut fast, mut plain) = (Vec::new(), Vec::new());
                        each_word(text, from, to, |w| {
                            fast.push(w);
                            fast.len() < stop
                        });
                        each_word_plain(text, from, to, |w| {
                            plain.push(w);
                            plain.len() < stop
                        });
                        assert_eq!(fast, plain, "{text:?} {from}..{to}");
                    }
                }
            }
        }
    }

    #[test]
    fn cue_words_without_k_are_told_as_lower_casing_tells_them() {
        let mut probes: Vec<String> = Vec::new();
        for cue in ["menurutnya", "bahwa", "that"] {
            probes.push(cue.to_uppercase());
            probes.push(cue.replacen('a', "\u{212A}", 1));
            probes.push(cue.replacen('t', "T", 1));
            probes.push(cue.replacen('a', "á", 1));
            probes.push(format!("{cue}s"));
        }
        for text in crate::testing::corpus() {
            each_word_plain(&text, 0, text.len(), |(s, e)| {
                probes.push(text[s..e].to_owned());
                true
            });
        }
        for w in &probes {
            for cue in ["menurutnya", "bahwa", "that"] {
                assert_eq!(is_lower_case_of(w, cue), lower(w) == cue, "{w:?} {cue}");
            }
        }
    }

    #[test]
    fn paragraphs_are_those_of_splitting_at_blank_lines() {
        let mut texts = crate::testing::corpus();
        texts.extend(
            [
                "",
                "\n",
                "\n\n",
                "\n\n\n",
                "a\n\n\nb",
                "a\n\n\n\nb\n\n",
                "\n\na",
            ]
            .map(String::from),
        );
        for text in &texts {
            let spans: Vec<&str> = paragraphs(text).map(|(s, e)| &text[s..e]).collect();
            let split: Vec<&str> = text.split("\n\n").collect();
            assert_eq!(spans, split, "{text:?}");
        }
    }

    #[test]
    fn word_counts_stop_early_and_agree_with_the_words() {
        let text = "Kami akan datang, kata-nya, besok pagi.";
        let n = words(text, 0, text.len()).len();
        assert_eq!(n, 6);
        assert!(has_words(text, 0, text.len(), 6));
        assert!(!has_words(text, 0, text.len(), 7));
        assert!(!has_words(text, 5, 2, 1));
        assert!(has_words(text, 0, text.len(), 0));
    }

    #[test]
    fn the_quick_test_passes_every_sentence_with_reported_speech() {
        // Each after a sentence naming the person a pronoun points to.
        let mut texts: Vec<String> = [
            "Menurut Budi Santoso, harga beras naik lagi tahun ini.",
            "Menurutnya, harga beras naik lagi tahun ini.",
            "According to Jane Smith, prices will rise again this year.",
            "Ia mengatakan harga beras naik lagi tahun ini.",
            "Budi Santoso mengatakan harga beras naik lagi tahun ini.",
            "Harga beras naik lagi tahun ini, katanya.",
            "Harga beras naik lagi tahun ini, kata Budi Santoso.",
            "Harga beras naik lagi tahun ini, Budi Santoso menambahkan.",
        ]
        .iter()
        .map(|s| format!("Presiden Joko Widodo tiba di Jakarta pada Senin. {s}"))
        .collect();
        for dump in [
            include_str!("../../../fixtures/kompas-zuckerberg-dump.txt"),
            include_str!("../../../fixtures/antaranews-lombok-dump.txt"),
            include_str!("../../../fixtures/en-news-austria-dump.txt"),
            include_str!("../../../fixtures/seed-000-suarajateng.txt"),
            include_str!("../../../fixtures/seed-003-suara-truncated.txt"),
        ] {
            texts.push(dump.replace('\n', "\n\n"));
        }
        let (mut passed, mut found) = (0, 0);
        for text in &texts {
            let speakers: Vec<Speaker<'_>> = crate::ner::tag_text(text)
                .iter()
                .map(|m| Speaker {
                    start: m.start,
                    end: m.end,
                    name: &text[m.start..m.end],
                    person: m.label == warta_model::EntityLabel::Person,
                })
                .collect();
            let mut ctx = Ctx {
                text,
                speakers: &speakers,
                last_speaker: None,
            };
            let mut para_start = 0;
            for para in text.split("\n\n") {
                let (from, to) = (para_start, para_start + para.len());
                para_start = to + 2;
                for (s, e) in sentences(text, from, to, &[]) {
                    let quote = reported_in(&mut ctx, s, e);
                    if may_report(&ctx, s, e) {
                        passed += 1;
                    } else {
                        assert_eq!(quote, None, "{}", &text[s..e]);
                    }
                    found += usize::from(quote.is_some());
                }
            }
        }
        // The test turns sentences away, and the sentences it lets through
        // include every form of reported speech.
        assert!(passed > 0 && found >= 8, "{passed} {found}");
    }

    #[test]
    fn words_of_an_empty_or_reversed_span_are_none() {
        assert_eq!(words("abc def", 4, 2), Vec::new());
        assert_eq!(words("abc def", 0, 7), vec![(0, 3), (4, 7)]);
    }

    fn sp<'a>(text: &'a str, name: &'a str, surface: &str, nth: usize) -> Speaker<'a> {
        let start = text.match_indices(surface).nth(nth).unwrap().0;
        Speaker {
            start,
            end: start + surface.len(),
            name,
            person: true,
        }
    }

    fn quotes(text: &str, speakers: &[Speaker<'_>]) -> Vec<(String, Option<String>, bool)> {
        find_quotes(text, speakers)
            .into_iter()
            .map(|q| (text[q.start..q.end].to_owned(), q.speaker, q.direct))
            .collect()
    }

    #[test]
    fn mixed_marks_and_katanya_go_to_the_last_named_person() {
        let text = "Menteri Luar Negeri Rusia Sergei Lavrov memuji Rusia.\n\n\"Kami puas dengan tingkat interaksi praktis,” katanya.";
        let s = [sp(text, "Sergei Lavrov", "Sergei Lavrov", 0)];
        let q = quotes(text, &s);
        assert_eq!(
            q,
            [(
                "Kami puas dengan tingkat interaksi praktis".to_owned(),
                Some("Sergei Lavrov".to_owned()),
                true
            )]
        );
    }

    #[test]
    fn reported_speech_forms() {
        let text = "Xi mengatakan bahwa China mendorong semua faksi di Afghanistan.\n\nMenurut dia, Afghanistan harus bisa mengambil kebijakan moderat.\n\nMenurut Hanafi, pertemuan itu sangat penting untuk stabilitas.\n\nHarga akan naik tahun depan, kata Budi kepada wartawan.";
        let s = [
            sp(text, "Xi Jinping", "Xi", 0),
            sp(text, "Abdul Salam Hanafi", "Hanafi", 0),
            sp(text, "Budi", "Budi", 0),
        ];
        let q = quotes(text, &s);
        let got: Vec<(&str, Option<&str>)> =
            q.iter().map(|q| (q.0.as_str(), q.1.as_deref())).collect();
        assert_eq!(
            got,
            [
                (
                    "China mendorong semua faksi di Afghanistan",
                    Some("Xi Jinping")
                ),
                (
                    "Afghanistan harus bisa mengambil kebijakan moderat",
                    Some("Xi Jinping")
                ),
                (
                    "pertemuan itu sangat penting untuk stabilitas",
                    Some("Abdul Salam Hanafi")
                ),
                ("Harga akan naik tahun depan", Some("Budi")),
            ]
        );
        assert!(q.iter().all(|q| !q.2));
    }

    #[test]
    fn speaker_before_the_quote_and_english() {
        let text = "Lavrov mengatakan, “Kami akan mengirim bantuan segera ke sana.”\n\nThe minister said the talks would continue next week.\n\n\"We are ready to help them,\" Johnson said.";
        let s = [
            sp(text, "Sergei Lavrov", "Lavrov", 0),
            sp(text, "Boris Johnson", "Johnson", 0),
        ];
        let q = quotes(text, &s);
        assert_eq!(q[0].1.as_deref(), Some("Sergei Lavrov"));
        assert!(q[0].2);
        assert_eq!(q.last().unwrap().0, "We are ready to help them");
        assert_eq!(q.last().unwrap().1.as_deref(), Some("Boris Johnson"));
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(quotes("Dia disebut \"raja\" oleh warga.", &[]).is_empty());
    }
}
