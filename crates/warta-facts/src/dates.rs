//! Dates mentioned in running text: `Rabu (24/8)`, `13 November 2019`,
//! `pertengahan Agustus lalu`, `kemarin`, `last week`, with times and zones,
//! resolved against the publication date.

use crate::calendar::{self, days_in_month, month_number, weekday_names, zone_offset, DateTime};
use crate::scan::{lower, may_lower_to_ascii, may_start_like_ascii, AsciiWords, Kind, Lower, Tok};

/// A date found, by byte offsets into the scanned text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FoundDate {
    pub start: usize,
    pub end: usize,
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    pub time: Option<String>,
    pub warning: Option<String>,
}

impl FoundDate {
    /// The ISO date when year, month and day are all known.
    pub fn iso(&self) -> Option<String> {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            _ => None,
        }
    }
}

/// Full weekday names (abbreviations are too ambiguous in running text).
fn weekday_word(t: &Tok<'_>) -> Option<Named> {
    if t.kind != Kind::Word || !t.starts_upper() {
        return None;
    }
    // Every name has 4 to 9 letters and starts with one of these: an
    // ASCII word without apostrophes that cannot be one is not lower-cased.
    if !starts_with_any(t.text, b"SRKJMATWF")
        || (t.text.is_ascii() && !t.text.contains('\'') && !(4..=9).contains(&t.text.len()))
    {
        return None;
    }
    let w = lower(t.text);
    let unquoted;
    let w = if w.contains(['\'', '’']) {
        unquoted = w.replace(['\'', '’'], "");
        unquoted.as_str()
    } else {
        w.as_str()
    };
    calendar::full_weekday(w).map(|(day, english)| Named { day, english })
}

/// A weekday as named in the text.
#[derive(Clone, Copy, Debug)]
struct Named {
    /// 0 = Monday.
    day: u8,
    /// Named in English.
    english: bool,
}

/// Whether `w` names a month in English and not in Indonesian (`May`, not
/// `April`).
fn is_english_month_name(w: &str) -> bool {
    let w = lower(w);
    let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(&w));
    named(&calendar::MONTHS_EN) && !named(&calendar::MONTHS_ID)
}

fn month_word(t: &Tok<'_>) -> Option<u8> {
    if t.kind != Kind::Word {
        return None;
    }
    if !t.starts_upper() {
        // Lower case only for the full Indonesian names: "march" and "may"
        // are English words.
        let full = t.text.bytes().all(|b| b.is_ascii_lowercase())
            && calendar::MONTHS_ID
                .iter()
                .any(|n| n.eq_ignore_ascii_case(t.text));
        if !full {
            return None;
        }
    }
    month_number(t.text)
}

fn small_num(t: Option<&Tok<'_>>) -> Option<u32> {
    let t = t?;
    if t.kind != Kind::Num || t.text.len() > 4 || !t.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.text.parse().ok()
}

fn year_num(t: Option<&Tok<'_>>) -> Option<i32> {
    let t = t?;
    if t.text.len() != 4 {
        return None;
    }
    let y = i32::try_from(small_num(Some(t))?).ok()?;
    (1900..=2100).contains(&y).then_some(y)
}

/// Numbers written `D/M`, `D/M/YY`, `D/M/YYYY`, `D-M-YYYY` or `YYYY-MM-DD`.
fn numeric_date(t: &Tok<'_>, allow_day_month: bool) -> Option<(Option<i32>, u8, u8)> {
    if t.kind != Kind::Num {
        return None;
    }
    let sep = if t.text.contains('/') {
        '/'
    } else if t.text.contains('-') {
        '-'
    } else {
        return None;
    };
    let parts: Vec<&str> = t.text.split(sep).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let (y, m, d) = match parts.as_slice() {
        [d, m] if allow_day_month && sep == '/' && d.len() <= 2 && m.len() <= 2 => {
            (None, n(m)?, n(d)?)
        }
        [y, m, d] if y.len() == 4 && sep == '-' => (Some(n(y)?), n(m)?, n(d)?),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && (y.len() == 4 || y.len() == 2) => {
            let y = n(y)?;
            (Some(if y < 100 { 2000 + y } else { y }), n(m)?, n(d)?)
        }
        _ => return None,
    };
    let month = u8::try_from(m).ok().filter(|m| (1..=12).contains(m))?;
    let day = u8::try_from(d).ok().filter(|d| *d >= 1)?;
    let year = match y {
        Some(y) => {
            let y = i32::try_from(y)
                .ok()
                .filter(|y| (1900..=2100).contains(y))?;
            if day > days_in_month(y, month) {
                return None;
            }
            Some(y)
        }
        None => {
            if day > days_in_month(2000, month) {
                return None;
            }
            None
        }
    };
    Some((year, month, day))
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

/// What was written, before resolution.
enum Written {
    /// A calendar date, possibly without year or day.
    Calendar {
        year: Option<i32>,
        month: u8,
        day: Option<u8>,
        /// `lalu` after a year-less month: the last such month before publication.
        past: bool,
    },
    /// A weekday without a date: the closest such day (`dir` -1 past, +1 next).
    Weekday { dir: i8 },
    /// A number of days from publication.
    Days(i64),
    /// Weeks from publication (`pekan lalu`).
    Weeks(i64),
    /// Months from publication.
    Months(i64),
    /// Years from publication.
    Years(i64),
    /// Just a year.
    Year(i32),
}

/// The qualifiers [`calendar_at`] reads before a month (`pertengahan Agustus`).
pub(crate) const MONTH_QUALIFIERS: [&str; 8] = [
    "pertengahan",
    "awal",
    "akhir",
    "medio",
    "early",
    "mid",
    "late",
    "end",
];

/// The words [`relative_at`] reads a date from (`kemarin`, `3 hari lalu`,
/// `last week`), as they start one.
pub(crate) const RELATIVE_CUES: [&str; 15] = [
    "kemarin",
    "yesterday",
    "today",
    "tomorrow",
    "besok",
    "esok",
    "lusa",
    "tadi",
    "hari",
    "pekan",
    "bulan",
    "tahun",
    "last",
    "next",
    "this",
];

/// The units of `3 hari lalu` that [`relative_at`] reads after a number.
const RELATIVE_UNITS: [&str; 13] = [
    "hari", "day", "days", "pekan", "minggu", "week", "weeks", "bulan", "month", "months", "tahun",
    "year", "years",
];

/// Every word a date can start with, as [`date_at`] reads them: full
/// weekday names ([`weekday_word`]), the qualifiers before a month
/// ([`calendar_at`]), month names and abbreviations
/// ([`calendar::month_number`]) and the relative cues ([`relative_at`]),
/// all from the lists those read. A cue added to a reader and not to its
/// list is hidden by [`may_start_date`] (the equivalence tests below catch
/// that).
static DATE_START_WORDS: AsciiWords<85> = AsciiWords::new(calendar::joined(&[
    &calendar::WEEKDAYS_ID,
    &calendar::words_of(&calendar::WEEKDAY_OTHER_NAMES),
    &calendar::WEEKDAYS_EN,
    &MONTH_QUALIFIERS,
    &calendar::MONTHS_ID,
    &calendar::MONTHS_EN,
    &calendar::words_of(&calendar::MONTH_SPELLINGS),
    &RELATIVE_CUES,
]));

/// The words a plain number of one to three digits starts a date before:
/// month names and abbreviations (`24 Agustus`, [`calendar_at`]) and the
/// units of `3 hari lalu` ([`relative_at`]).
static AFTER_NUMBER_WORDS: AsciiWords<60> = AsciiWords::new(calendar::joined(&[
    &calendar::MONTHS_ID,
    &calendar::MONTHS_EN,
    &calendar::words_of(&calendar::MONTH_SPELLINGS),
    &RELATIVE_UNITS,
]));

/// Whether a date may start at token `i`: false only for a token
/// [`date_at`] turns away, told from it (and for a number, the word after
/// it) far cheaper (most tokens of an article start no date). Of the marks
/// only `(` starts one. A number only when [`calendar_at`] or
/// [`relative_at`] reads it: a date with `/` or `-`, a plain number of four
/// digits (a year), or a plain shorter one before a word on
/// [`AFTER_NUMBER_WORDS`] (or a word not of ASCII letters, which takes the
/// full test). A word of ASCII letters only when it is on
/// [`DATE_START_WORDS`]. Other words (with apostrophes or letters outside
/// ASCII) take the full test unless their first letter rules out every
/// (ASCII) name and cue.
fn may_start_date(toks: &[Tok<'_>], i: usize) -> bool {
    let Some(t) = toks.get(i) else {
        return false;
    };
    let b = t.text.as_bytes();
    match t.kind {
        Kind::Punct => t.is_punct('('),
        Kind::Num => {
            if b.iter().any(|&c| c == b'/' || c == b'-') {
                return true;
            }
            if b.len() > 4 || !b.iter().all(u8::is_ascii_digit) {
                return false;
            }
            b.len() == 4
                || toks.get(i + 1).is_some_and(|n| {
                    n.kind == Kind::Word
                        && (!n.ascii_letters || AFTER_NUMBER_WORDS.contains(n.text))
                })
        }
        Kind::Word => {
            if t.ascii_letters {
                DATE_START_WORDS.contains(t.text)
            } else {
                b.first().is_some_and(u8::is_ascii) || may_start_like_ascii(t.text)
            }
        }
    }
}

/// Finds the dates in `text`.
pub(crate) fn find_dates(
    text: &str,
    toks: &[Tok<'_>],
    published: Option<DateTime>,
) -> Vec<FoundDate> {
    find_dates_where(text, toks, published, may_start_date)
}

/// [`find_dates`], looking for a date only at the tokens `may_start` lets
/// through (the tests compare it with looking at every token).
fn find_dates_where(
    text: &str,
    toks: &[Tok<'_>],
    published: Option<DateTime>,
    may_start: impl Fn(&[Tok<'_>], usize) -> bool,
) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(toks, i) {
            i += 1;
            continue;
        }
        match date_at(toks, i) {
            Some((written, weekday, last)) => {
                let mut end_tok = last;
                let mut time = None;
                if let Some((t, used)) = time_after(toks, end_tok + 1) {
                    time = Some(t);
                    end_tok += used;
                }
                let start = toks[i].start;
                let end = toks[end_tok].end;
                let _ = text;
                out.push(resolve(written, weekday, start, end, time, published));
                i = end_tok + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Day parts written after a weekday or relative day (`Senin malam`, `kemarin sore`).
fn day_part(toks: &[Tok<'_>], j: usize) -> usize {
    match toks.get(j) {
        Some(t) if t.kind == Kind::Word => {
            let w = lower(t.text);
            match w.as_str() {
                "pagi" | "siang" | "sore" | "malam" | "subuh" | "petang" | "morning"
                | "afternoon" | "evening" | "night" => 1,
                "dini" if toks.get(j + 1).is_some_and(|t| t.is_word("hari")) => 2,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Whether `word` may lower-case to a word starting with one of `firsts`
/// (ASCII letters, both cases listed): false for a word starting with
/// another ASCII character, since an ASCII character lower-cases to itself
/// alone, and for most words of other scripts ([`may_start_like_ascii`]).
/// The cue lists below are checked after this test.
fn starts_with_any(word: &str, firsts: &[u8]) -> bool {
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => firsts.contains(b),
        _ => may_start_like_ascii(word),
    }
}

fn word_lower<'a>(toks: &[Tok<'a>], j: usize) -> Option<Lower<'a>> {
    toks.get(j)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| lower(t.text))
}

/// A date expression starting at token `i`: what was written, the weekday
/// named with it, and the index of its last token.
fn date_at(toks: &[Tok<'_>], i: usize) -> Option<(Written, Option<Named>, usize)> {
    let t = toks.get(i)?;
    // Of the marks, only `(` starts a date (`(24/8)`).
    if t.kind == Kind::Punct && !t.is_punct('(') {
        return None;
    }
    if let Some(wd) = weekday_word(t) {
        let mut j = i + 1;
        if toks.get(j).is_some_and(|t| t.is_punct(',')) {
            j += 1;
        }
        // Rabu (24/8), Rabu (13/11/2019)
        if toks.get(j).is_some_and(|t| t.is_punct('(')) {
            if let Some((y, m, d)) = toks.get(j + 1).and_then(|t| numeric_date(t, true)) {
                if toks.get(j + 2).is_some_and(|t| t.is_punct(')')) {
                    let w = Written::Calendar {
                        year: y,
                        month: m,
                        day: Some(d),
                        past: false,
                    };
                    return Some((w, Some(wd), j + 2));
                }
            }
        }
        if let Some((w, last)) = calendar_at(toks, j, true) {
            return Some((w, Some(wd), last));
        }
        // A weekday on its own; "minggu" in lower case is "week" and is not
        // matched here (weekday_word wants a capital).
        let mut last = i;
        let mut dir = -1;
        match word_lower(toks, i + 1).as_deref() {
            Some("lalu" | "kemarin") => last += 1,
            Some("depan" | "mendatang" | "besok" | "next") => {
                last += 1;
                dir = 1;
            }
            Some("ini") => last += 1,
            _ => {}
        }
        last += day_part(toks, last + 1);
        // Sunday written at the start of a sentence may also be "week".
        if wd.day == 6
            && t.text.eq_ignore_ascii_case("minggu")
            && last > i
            && word_lower(toks, i + 1).is_some_and(|w| w == "ini" || w == "lalu" || w == "depan")
        {
            let n = if word_lower(toks, i + 1).as_deref() == Some("lalu") {
                -1
            } else if word_lower(toks, i + 1).as_deref() == Some("depan") {
                1
            } else {
                0
            };
            return Some((Written::Weeks(n), None, i + 1));
        }
        return Some((Written::Weekday { dir }, Some(wd), last));
    }
    // "(24/8)" without a weekday.
    if t.is_punct('(') {
        if let Some((y, m, d)) = toks.get(i + 1).and_then(|t| numeric_date(t, true)) {
            if toks.get(i + 2).is_some_and(|t| t.is_punct(')')) {
                let w = Written::Calendar {
                    year: y,
                    month: m,
                    day: Some(d),
                    past: false,
                };
                return Some((w, None, i + 2));
            }
        }
        return None;
    }
    if let Some(r) = calendar_at(toks, i, false) {
        return Some((r.0, None, r.1));
    }
    relative_at(toks, i).map(|(w, last)| (w, None, last))
}

/// A calendar date at `i`: `24 Agustus 2021`, `August 24, 2021`, `13/11/2019`,
/// `Agustus 2021`, `pertengahan Agustus lalu`.
fn calendar_at(toks: &[Tok<'_>], i: usize, after_weekday: bool) -> Option<(Written, usize)> {
    let t = toks.get(i)?;
    if t.kind == Kind::Num {
        if let Some((y, m, d)) = numeric_date(t, false) {
            let w = Written::Calendar {
                year: y,
                month: m,
                day: Some(d),
                past: false,
            };
            return Some((w, i));
        }
        // D Month [YYYY]
        let d = small_num(Some(t)).filter(|d| (1..=31).contains(d) && t.text.len() <= 2)?;
        let m = toks.get(i + 1).and_then(month_word)?;
        if toks
            .get(i + 1)
            .is_some_and(|t| t.text.eq_ignore_ascii_case("may"))
            && year_num(toks.get(i + 2)).is_none()
        {
            return None;
        }
        let mut j = i + 2;
        if toks.get(j).is_some_and(|t| t.is_punct('.'))
            && toks.get(j + 1).is_some_and(|t| t.kind == Kind::Num)
        {
            j += 1;
        }
        if toks.get(j).is_some_and(|t| t.is_punct(',')) && year_num(toks.get(j + 1)).is_some() {
            j += 1;
        }
        let day = u8::try_from(d).ok()?;
        if day > days_in_month(2000, m) {
            return None;
        }
        if let Some(y) = year_num(toks.get(j)) {
            if day > days_in_month(y, m) {
                return None;
            }
            let w = Written::Calendar {
                year: Some(y),
                month: m,
                day: Some(day),
                past: false,
            };
            return Some((w, j));
        }
        let past = word_lower(toks, i + 2).as_deref() == Some("lalu");
        let w = Written::Calendar {
            year: None,
            month: m,
            day: Some(day),
            past,
        };
        return Some((w, i + 1 + usize::from(past)));
    }
    if t.kind != Kind::Word {
        return None;
    }
    // pertengahan / awal / akhir Month; a word starting with another ASCII
    // letter is no qualifier and is not lower-cased.
    let qualifier = starts_with_any(t.text, b"paemlPAEML")
        && if t.text.is_ascii() {
            // An ASCII word's lower case is its ASCII lower case.
            MONTH_QUALIFIERS
                .iter()
                .any(|q| t.text.eq_ignore_ascii_case(q))
        } else {
            may_lower_to_ascii(t.text) && MONTH_QUALIFIERS.contains(&lower(t.text).as_str())
        };
    let mi = if qualifier { i + 1 } else { i };
    let m = toks.get(mi).and_then(month_word)?;
    let month_tok = &toks[mi];
    // Month D, YYYY  /  Month D
    if let Some(d) = small_num(toks.get(mi + 1)).filter(|d| (1..=31).contains(d)) {
        if toks[mi + 1].text.len() <= 2 && !qualifier {
            let mut j = mi + 2;
            if toks.get(j).is_some_and(|t| t.is_punct(',')) {
                j += 1;
            }
            let day = u8::try_from(d).ok()?;
            if let Some(y) = year_num(toks.get(j)) {
                if day > days_in_month(y, m) {
                    return None;
                }
                let w = Written::Calendar {
                    year: Some(y),
                    month: m,
                    day: Some(day),
                    past: false,
                };
                return Some((w, j));
            }
            // English "August 24" without a year, but not "May 5".
            if is_english_month_name(month_tok.text)
                && !month_tok.text.eq_ignore_ascii_case("may")
                && day <= days_in_month(2000, m)
            {
                let w = Written::Calendar {
                    year: None,
                    month: m,
                    day: Some(day),
                    past: false,
                };
                return Some((w, mi + 1));
            }
        }
    }
    // Month YYYY
    if let Some(y) = year_num(toks.get(mi + 1)) {
        let w = Written::Calendar {
            year: Some(y),
            month: m,
            day: None,
            past: false,
        };
        return Some((w, mi + 1));
    }
    // A month name alone needs a cue: it is often a name or a word otherwise.
    if month_tok.text.eq_ignore_ascii_case("may")
        || month_tok.text.len() < 3
        || (month_tok.text.len() <= 4 && !matches!(m, 5..=7))
    {
        return None;
    }
    let next = word_lower(toks, mi + 1);
    let past = matches!(next.as_deref(), Some("lalu" | "kemarin" | "last"));
    let future = matches!(next.as_deref(), Some("depan" | "mendatang" | "nanti"));
    let prev = if i > 0 { word_lower(toks, i - 1) } else { None };
    let cue = qualifier
        || past
        || future
        || after_weekday
        || matches!(
            prev.as_deref(),
            Some(
                "bulan"
                    | "pada"
                    | "sejak"
                    | "hingga"
                    | "sampai"
                    | "selama"
                    | "in"
                    | "since"
                    | "until"
                    | "during"
                    | "per"
                    | "mulai"
                    | "jelang"
                    | "menjelang"
            )
        );
    if !cue {
        return None;
    }
    let last = mi + usize::from(past || future);
    let w = Written::Calendar {
        year: None,
        month: m,
        day: None,
        past,
    };
    Some((w, last))
}

/// Relative expressions: `kemarin`, `hari ini`, `pekan lalu`, `3 hari lalu`,
/// `yesterday`, `last week`, `tahun 2019`.
fn relative_at(toks: &[Tok<'_>], i: usize) -> Option<(Written, usize)> {
    let t = toks.get(i)?;
    if t.kind == Kind::Num {
        // A year after a cue (`pada 2019`, `sejak 2010`, `2014 - 2019`).
        if let Some(y) = year_num(Some(t)) {
            let prev = i.checked_sub(1).and_then(|p| toks.get(p));
            let cue = prev.is_some_and(|p| {
                p.is_punct('-')
                    || p.is_punct('–')
                    // Named events and budgets: `Pemilu 2014`, `APBN 2015`.
                    || (p.kind == Kind::Word && p.starts_upper())
                    || matches!(
                        lower(p.text).as_str(),
                        "tahun" | "pada" | "sejak" | "hingga" | "sampai" | "awal" | "akhir"
                            | "pertengahan" | "medio" | "periode" | "menjelang" | "jelang"
                            | "selama" | "era" | "in" | "since" | "until" | "by" | "of"
                            | "dari" | "tersebut" | "lahir" | "didirikan" | "berdiri" | "wafat"
                            | "pertama" | "kedua" | "ketiga" | "keempat" | "keseluruhan"
                            | "pilpres" | "pemilu" | "pileg" | "pilkada" | "subsidi" | "di"
                            | "presiden" | "kuartal" | "semester" | "triwulan" | "sebelum"
                            | "setelah" | "produksi" | "perbankan" | "inflasi"
                    )
            });
            let range = toks
                .get(i + 1)
                .is_some_and(|n| n.is_punct('-') || n.is_punct('–'))
                && year_num(toks.get(i + 2)).is_some();
            let ago = matches!(word_lower(toks, i + 1).as_deref(), Some("lalu" | "silam"));
            if cue || range || ago {
                return Some((Written::Year(y), i + usize::from(ago)));
            }
            return None;
        }
        // N hari/pekan/bulan/tahun (yang) lalu, N days ago
        let n = i64::from(small_num(Some(t)).filter(|n| *n <= 1000)?);
        let unit = word_lower(toks, i + 1)?;
        let mut j = i + 2;
        if word_lower(toks, j).as_deref() == Some("yang") {
            j += 1;
        }
        let ago = matches!(word_lower(toks, j).as_deref(), Some("lalu" | "ago"));
        if !ago {
            return None;
        }
        let w = match unit.as_str() {
            "hari" | "day" | "days" => Written::Days(-n),
            "pekan" | "minggu" | "week" | "weeks" => Written::Weeks(-n),
            "bulan" | "month" | "months" => Written::Months(-n),
            "tahun" | "year" | "years" => Written::Years(-n),
            _ => return None,
        };
        return Some((w, j));
    }
    // Every cue below has 4 to 9 bytes and starts with one of these letters.
    if t.kind != Kind::Word
        || !starts_with_any(t.text, b"kytbelhpmnKYTBELHPMN")
        || t.text.is_ascii() && !(4..=9).contains(&t.text.len())
    {
        return None;
    }
    // Every cue is ASCII.
    if !t.text.is_ascii() && !may_lower_to_ascii(t.text) {
        return None;
    }
    let w = lower(t.text);
    // Lower-cased only where a cue needs it: most words are no cue.
    let next = || word_lower(toks, i + 1);
    let step = |n: &Option<Lower<'_>>| -> Option<i64> {
        match n.as_deref() {
            Some("lalu" | "kemarin" | "silam") => Some(-1),
            Some("ini") => Some(0),
            Some("depan" | "mendatang") => Some(1),
            _ => None,
        }
    };
    let r = match w.as_str() {
        "kemarin" | "kemarin," => {
            if next().as_deref() == Some("lusa") {
                (Written::Days(-2), i + 1)
            } else {
                (Written::Days(-1), i + day_part(toks, i + 1))
            }
        }
        "yesterday" => (Written::Days(-1), i),
        "today" => (Written::Days(0), i),
        "tomorrow" => (Written::Days(1), i),
        "besok" | "esok" => {
            if next().as_deref() == Some("lusa") {
                return None;
            }
            (Written::Days(1), i + day_part(toks, i + 1))
        }
        "lusa" => (Written::Days(2), i),
        "tadi" if matches!(next().as_deref(), Some("pagi" | "siang" | "sore" | "malam")) => {
            (Written::Days(0), i + 1)
        }
        "hari" if next().as_deref() == Some("ini") && !after_quantity(toks, i) => {
            (Written::Days(0), i + 1)
        }
        "pekan" | "minggu" => (Written::Weeks(step(&next())?), i + 1),
        "bulan" => {
            // "bulan lalu", but not "bulan Agustus" (calendar_at reads that).
            (Written::Months(step(&next())?), i + 1)
        }
        "tahun" => {
            if let Some(y) = year_num(toks.get(i + 1)) {
                (Written::Year(y), i + 1)
            } else if after_quantity(toks, i) {
                return None;
            } else {
                (Written::Years(step(&next())?), i + 1)
            }
        }
        "last" | "next" | "this" => {
            let n = match w.as_str() {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            match next().as_deref() {
                Some("week") => (Written::Weeks(n), i + 1),
                Some("month") => (Written::Months(n), i + 1),
                Some("year") => (Written::Years(n), i + 1),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(r)
}

/// `per tahun ini`, `beberapa hari ini`: a rate or a span, not a date.
fn after_quantity(toks: &[Tok<'_>], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| word_lower(toks, p))
        .is_some_and(|w| matches!(w.as_str(), "per" | "beberapa" | "setiap" | "tiap" | "every"))
}

/// A time after a date: `pukul 10.30 WIB`, `, 13:30 WIB`, `sekitar pukul 01.30`.
fn time_after(toks: &[Tok<'_>], mut j: usize) -> Option<(String, usize)> {
    let start = j;
    if toks.get(j).is_some_and(|t| t.is_punct(',')) {
        j += 1;
    }
    j += day_part(toks, j);
    if word_lower(toks, j).as_deref() == Some("sekitar") {
        j += 1;
    }
    let cue = matches!(
        word_lower(toks, j).as_deref(),
        Some("pukul" | "jam" | "pkl" | "at")
    );
    if cue {
        j += 1;
    }
    let t = toks.get(j)?;
    if t.kind != Kind::Num {
        return None;
    }
    let sep = if t.text.contains(':') { ':' } else { '.' };
    let mut parts = t.text.split(sep);
    let h: u8 = parts.next()?.parse().ok()?;
    let m_str = parts.next()?;
    if m_str.len() != 2 || parts.next().is_some() {
        return None;
    }
    let m: u8 = m_str.parse().ok()?;
    // "10.30" without a cue or zone could be a number: require one of them.
    let mut last = j;
    let mut h = h;
    if let Some(w) = word_lower(toks, j + 1) {
        if matches!(w.as_str(), "pm" | "am") {
            if w == "pm" && h < 12 {
                h += 12;
            } else if w == "am" && h == 12 {
                h = 0;
            }
            last += 1;
        }
    }
    let zone = toks
        .get(last + 1)
        .filter(|t| {
            t.kind == Kind::Word && t.text.chars().all(|c| c.is_ascii_uppercase() || c == 'i')
        })
        .and_then(|t| zone_offset(t.text));
    if zone.is_some() {
        last += 1;
    }
    if (!cue && zone.is_none()) || h > 23 || m > 59 {
        return None;
    }
    let mut s = format!("{h:02}:{m:02}");
    if let Some(o) = zone {
        s.push_str(&calendar::format_offset(o));
    }
    Some((s, last + 1 - start))
}

fn resolve(
    written: Written,
    weekday: Option<Named>,
    start: usize,
    end: usize,
    time: Option<String>,
    published: Option<DateTime>,
) -> FoundDate {
    let mut f = FoundDate {
        start,
        end,
        year: None,
        month: None,
        day: None,
        time,
        warning: None,
    };
    let pub_days = published.map(|p| days_from_civil(p.year, p.month, p.day));
    let set = |f: &mut FoundDate, days: i64| {
        let (y, m, d) = civil_from_days(days);
        f.year = Some(y);
        f.month = Some(m);
        f.day = Some(d);
    };
    match written {
        Written::Calendar {
            year,
            month,
            day,
            past,
        } => {
            f.month = Some(month);
            f.day = day;
            f.year = year.or_else(|| {
                let p = published?;
                let d = day.unwrap_or(15);
                if past {
                    // The last such month before publication.
                    return Some(if (month, d) <= (p.month, p.day) || month < p.month {
                        p.year
                    } else {
                        p.year - 1
                    });
                }
                // The year that puts the date closest to publication.
                let pd = days_from_civil(p.year, p.month, p.day);
                (p.year - 1..=p.year + 1)
                    .filter(|y| d <= days_in_month(*y, month))
                    .min_by_key(|y| (days_from_civil(*y, month, d) - pd).abs())
            });
            if let (Some(y), Some(d), Some(wd)) = (f.year, f.day, weekday) {
                let actual = calendar::weekday(y, month, d);
                if actual != wd.day {
                    let (act_id, act_en) = weekday_names(actual);
                    let (said_id, said_en) = weekday_names(wd.day);
                    let (written_name, other) = if wd.english {
                        (said_en, said_id)
                    } else {
                        (said_id, said_en)
                    };
                    f.warning = Some(format!(
                        "weekday mismatch: {y:04}-{month:02}-{d:02} is a {act_en} ({act_id}), the text says {written_name} ({other})"
                    ));
                }
            }
        }
        Written::Weekday { dir } => {
            if let (Some(pd), Some(wd)) = (pub_days, weekday) {
                let pw = i64::from(calendar::weekday(
                    published.map_or(2000, |p| p.year),
                    published.map_or(1, |p| p.month),
                    published.map_or(1, |p| p.day),
                ));
                let wd = i64::from(wd.day);
                let days = if dir > 0 {
                    let ahead = (wd - pw).rem_euclid(7);
                    pd + if ahead == 0 { 7 } else { ahead }
                } else {
                    pd - (pw - wd).rem_euclid(7)
                };
                set(&mut f, days);
            }
        }
        Written::Days(n) => {
            if let Some(pd) = pub_days {
                set(&mut f, pd + n);
            }
        }
        Written::Weeks(n) => {
            if let Some(pd) = pub_days {
                let (y, m, _) = civil_from_days(pd + 7 * n);
                f.year = Some(y);
                f.month = Some(m);
            }
        }
        Written::Months(n) => {
            if let Some(p) = published {
                let total = i64::from(p.year) * 12 + i64::from(p.month) - 1 + n;
                f.year = i32::try_from(total.div_euclid(12)).ok();
                f.month = u8::try_from(total.rem_euclid(12) + 1).ok();
            }
        }
        Written::Years(n) => {
            if let Some(p) = published {
                f.year = i32::try_from(i64::from(p.year) + n).ok();
            }
        }
        Written::Year(y) => f.year = Some(y),
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    #[test]
    fn every_short_month_or_weekday_name_the_finder_reads_is_a_date_start_word() {
        // The finder's own name tests are the source of truth: every word
        // of up to four letters they read as a month or weekday (lower case
        // or capitalised) must pass the filters, so a name added there and
        // not to a list here fails this test.
        let mut word = String::new();
        let mut names = 0;
        let mut missing = Vec::new();
        for len in 1..=4u32 {
            for n in 0..26u32.pow(len) {
                word.clear();
                let mut rest = n;
                for _ in 0..len {
                    word.push(char::from(b'a' + (rest % 26) as u8));
                    rest /= 26;
                }
                let capitalised = format!("{}{}", word[..1].to_uppercase(), &word[1..]);
                let named = |w: &str| {
                    scan(w)
                        .first()
                        .is_some_and(|t| weekday_word(t).is_some() || month_word(t).is_some())
                };
                if named(&word) || named(&capitalised) {
                    names += 1;
                    if !DATE_START_WORDS.contains(&word) {
                        missing.push(word.clone());
                    }
                }
                // A month name after a day number (`24 Agu`).
                let month = |w: &str| scan(w).first().and_then(month_word).is_some();
                if (month(&word) || month(&capitalised)) && !AFTER_NUMBER_WORDS.contains(&word) {
                    missing.push(format!("after a number: {word}"));
                }
            }
        }
        assert!(missing.is_empty(), "{missing:?}");
        assert!(names > 10, "{names}");
    }

    fn published(y: i32, m: u8, d: u8) -> Option<DateTime> {
        Some(DateTime {
            year: y,
            month: m,
            day: d,
            time: None,
            offset_minutes: None,
        })
    }

    type Seen = (String, Option<String>, Option<u8>, Option<u8>);

    fn dates(text: &str, p: Option<DateTime>) -> Vec<Seen> {
        find_dates(text, &scan(text), p)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_owned(), f.iso(), f.month, f.day))
            .collect()
    }

    #[test]
    fn weekday_with_day_and_month_takes_the_year_of_publication() {
        let text = "Xi melakukan pembicaraan dengan Putin pada Rabu (24/8). Dua negara";
        let found = find_dates(text, &scan(text), published(2021, 8, 26));
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(&text[f.start..f.end], "Rabu (24/8)");
        assert_eq!(f.iso().as_deref(), Some("2021-08-24"));
        assert_eq!(
            f.warning.as_deref(),
            Some("weekday mismatch: 2021-08-24 is a Tuesday (Selasa), the text says Rabu (Wednesday)")
        );
    }

    #[test]
    fn year_less_date_without_publication_keeps_month_and_day() {
        let d = dates("pembicaraan pada Rabu (20/10).", None);
        assert_eq!(d, [("Rabu (20/10)".to_owned(), None, Some(10), Some(20))]);
    }

    #[test]
    fn year_closest_to_publication_across_new_year() {
        let d = dates("Selasa (28/12) lalu", published(2022, 1, 3));
        assert_eq!(d[0].1.as_deref(), Some("2021-12-28"));
    }

    #[test]
    fn full_dates_in_indonesian_and_english() {
        let text = "Pada 17 Agustus 1945 dan August 24, 2021, juga 13/11/2019 dan 2015-11-05, Kamis, 30 Mei 2013.";
        let d = dates(text, None);
        let iso: Vec<_> = d.iter().map(|d| d.1.clone().unwrap_or_default()).collect();
        assert_eq!(
            iso,
            [
                "1945-08-17",
                "2021-08-24",
                "2019-11-13",
                "2015-11-05",
                "2013-05-30"
            ]
        );
        assert_eq!(d[4].0, "Kamis, 30 Mei 2013");
    }

    #[test]
    fn abbreviated_months() {
        let d = dates("pada 5 Agt 2020 dan 1 Des 2019", None);
        assert_eq!(d[0].1.as_deref(), Some("2020-08-05"));
        assert_eq!(d[1].1.as_deref(), Some("2019-12-01"));
    }

    #[test]
    fn times_and_zones_attach_to_the_date() {
        let text =
            "Senin (12/5/2014) pukul 10.30 WIB dan Minggu (4/5/2014) sekitar pukul 01.30 WITA";
        let f = find_dates(text, &scan(text), None);
        assert_eq!(f[0].time.as_deref(), Some("10:30+07:00"));
        assert_eq!(
            &text[f[0].start..f[0].end],
            "Senin (12/5/2014) pukul 10.30 WIB"
        );
        assert_eq!(f[1].time.as_deref(), Some("01:30+08:00"));
    }

    #[test]
    fn relative_dates_resolve_against_publication() {
        let p = published(2021, 8, 26); // a Thursday
        let d = dates(
            "Kemarin polisi datang. Hari ini dan besok hujan, Selasa lalu juga.",
            p,
        );
        let iso: Vec<_> = d.iter().map(|d| (d.0.as_str(), d.1.as_deref())).collect();
        assert_eq!(
            iso,
            [
                ("Kemarin", Some("2021-08-25")),
                ("Hari ini", Some("2021-08-26")),
                ("besok", Some("2021-08-27")),
                ("Selasa lalu", Some("2021-08-24")),
            ]
        );
        let d = dates("He said yesterday, and three days ago, 3 days ago.", p);
        assert_eq!(d[0].1.as_deref(), Some("2021-08-25"));
        assert_eq!(d[1].1.as_deref(), Some("2021-08-23"));
    }

    #[test]
    fn month_level_relative_dates() {
        let p = published(2021, 10, 21);
        let text = "sejak pertengahan Agustus lalu dan pekan lalu, bulan lalu, tahun lalu.";
        let f = find_dates(text, &scan(text), p);
        let got: Vec<_> = f
            .iter()
            .map(|f| (&text[f.start..f.end], f.year, f.month, f.day))
            .collect();
        assert_eq!(
            got,
            [
                ("pertengahan Agustus lalu", Some(2021), Some(8), None),
                ("pekan lalu", Some(2021), Some(10), None),
                ("bulan lalu", Some(2021), Some(9), None),
                ("tahun lalu", Some(2020), None, None),
            ]
        );
    }

    #[test]
    fn words_that_are_not_dates() {
        assert!(dates("mei hari libur, skor 2/1 dan 10.30 persen", None).is_empty());
        assert!(dates("Dia may go. Maret adalah nama.", None).is_empty());
        assert!(dates("minggu ini", published(2021, 1, 1)).len() == 1);
        assert!(dates("dalam seminggu", None).is_empty());
    }

    #[test]
    fn the_prefilter_lets_through_every_token_a_date_starts_at() {
        let p = published(2021, 8, 26);
        for text in crate::testing::corpus() {
            let toks = scan(&text);
            for i in 0..toks.len() {
                if date_at(&toks, i).is_some() {
                    assert!(may_start_date(&toks, i), "{:?} in {text:?}", toks[i].text);
                }
            }
            assert_eq!(
                find_dates(&text, &toks, p),
                find_dates_where(&text, &toks, p, |_, _| true),
                "{text:?}"
            );
        }
    }

    #[test]
    fn the_prefilter_turns_most_words_away() {
        let text = "Dia datang ke kantor dan makan siang bersama para menteri";
        let toks = scan(text);
        let through = (0..toks.len())
            .filter(|&i| may_start_date(&toks, i))
            .count();
        assert_eq!(through, 0);
        for w in [
            "Rabu",
            "AGUSTUS",
            "pertengahan",
            "kemarin",
            "Jum'at",
            "2021",
            "(",
            "24/8",
            "3 Hari",
            "24 agt",
        ] {
            assert!(may_start_date(&scan(w), 0), "{w}");
        }
        // A number before a word that is no month or unit starts none.
        assert!(!may_start_date(&scan("3 orang"), 0));
    }

    #[test]
    fn day_arithmetic_round_trips() {
        for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2021, 8, 24), (1900, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 2), 1);
    }
}
