//! The calendar grammar shared by date lines and dates in text: Indonesian and
//! English month and weekday names, numeric dates, times and zones.

use crate::scan::{lower, may_start_like_ascii, AsciiWords};

/// A calendar date and, when written, a time of day with its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
    /// Hour, minute and second, when written.
    pub time: Option<(u8, u8, Option<u8>)>,
    /// UTC offset in minutes, when a zone is written.
    pub offset_minutes: Option<i32>,
}

impl DateTime {
    /// RFC 3339 when a time is known (`default_offset` fills a missing zone),
    /// else the bare ISO date.
    pub fn to_rfc3339(&self, default_offset: Option<i32>) -> String {
        let date = format!("{:04}-{:02}-{:02}", self.year, self.month, self.day);
        let Some((h, m, s)) = self.time else {
            return date;
        };
        let Some(offset) = self.offset_minutes.or(default_offset) else {
            return format!("{date}T{h:02}:{m:02}:{:02}", s.unwrap_or(0));
        };
        format!(
            "{date}T{h:02}:{m:02}:{:02}{}",
            s.unwrap_or(0),
            format_offset(offset)
        )
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u8 {
        weekday(self.year, self.month, self.day)
    }
}

/// `+07:00` style offset.
pub fn format_offset(minutes: i32) -> String {
    if minutes == 0 {
        return "+00:00".to_owned();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Day of the week of a proleptic Gregorian date, 0 = Monday … 6 = Sunday.
pub fn weekday(year: i32, month: u8, day: u8) -> u8 {
    // Sakamoto's method, shifted so Monday is 0.
    const T: [i32; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    let m = usize::from(month.clamp(1, 12)) - 1;
    let sunday_based =
        (y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + T[m] + i32::from(day))
            .rem_euclid(7);
    ((sunday_based + 6) % 7) as u8
}

/// Days in a month.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The months' names in Indonesian, January first.
pub const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// The months' names in English, January first.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The other spellings read as a month, with its number: abbreviations in
/// either language and the older Indonesian spellings.
pub const MONTH_SPELLINGS: [(&str, u8); 23] = [
    ("jan", 1),
    ("feb", 2),
    ("peb", 2),
    ("pebruari", 2),
    ("mar", 3),
    ("mrt", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("agu", 8),
    ("agt", 8),
    ("ags", 8),
    ("aug", 8),
    ("agus", 8),
    ("sep", 9),
    ("sept", 9),
    ("okt", 10),
    ("oct", 10),
    ("nov", 11),
    ("nop", 11),
    ("nopember", 11),
    ("des", 12),
    ("dec", 12),
];

/// The weekdays' names in Indonesian, Monday first.
pub const WEEKDAYS_ID: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];

/// The weekdays' names in English, Monday first.
pub const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// `Ahad`, the other Indonesian name of Sunday (0 = Monday).
pub const WEEKDAY_OTHER_NAMES: [(&str, u8); 1] = [("ahad", 6)];

/// English abbreviations of the weekdays (0 = Monday): read in date lines,
/// too ambiguous in running text (`sun`, `sat`, `wed`).
pub const WEEKDAY_ABBREVIATIONS: [(&str, u8); 10] = [
    ("mon", 0),
    ("tue", 1),
    ("tues", 1),
    ("wed", 2),
    ("thu", 3),
    ("thur", 3),
    ("thurs", 3),
    ("fri", 4),
    ("sat", 5),
    ("sun", 6),
];

/// The words of `lists`, in order, as one array of `N` words: their total,
/// checked when the constant is built.
pub(crate) const fn joined<const N: usize>(lists: &[&[&'static str]]) -> [&'static str; N] {
    let mut words = [""; N];
    let mut n = 0;
    let mut l = 0;
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            words[n] = lists[l][i];
            n += 1;
            i += 1;
        }
        l += 1;
    }
    assert!(n == N, "the lists hold another number of words");
    words
}

/// The words of `pairs`.
pub(crate) const fn words_of<const N: usize>(pairs: &[(&'static str, u8); N]) -> [&'static str; N] {
    let mut words = [""; N];
    let mut i = 0;
    while i < N {
        words[i] = pairs[i].0;
        i += 1;
    }
    words
}

/// Every month name and spelling: most words are turned away here, before
/// the lists are searched.
static MONTH_WORDS: AsciiWords<47> = AsciiWords::new(joined(&[
    &MONTHS_ID,
    &MONTHS_EN,
    &words_of(&MONTH_SPELLINGS),
]));

/// Every weekday name and abbreviation, as [`MONTH_WORDS`].
static WEEKDAY_WORDS: AsciiWords<25> = AsciiWords::new(joined(&[
    &WEEKDAYS_ID,
    &WEEKDAYS_EN,
    &words_of(&WEEKDAY_OTHER_NAMES),
    &words_of(&WEEKDAY_ABBREVIATIONS),
]));

/// The index of `word` in `names`, ignoring ASCII case.
fn position_of(names: &[&str], word: &str) -> Option<u8> {
    names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(word))
        .and_then(|i| u8::try_from(i).ok())
}

/// The number given to `word` in `spellings`, ignoring ASCII case.
fn number_in(spellings: &[(&str, u8)], word: &str) -> Option<u8> {
    spellings
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(word))
        .map(|&(_, number)| number)
}

/// Month number of an Indonesian or English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    // Every name is ASCII: an ASCII word (which lower-cases letter for
    // letter) is looked up as written; of other words, only those that may
    // lower-case to ASCII are lower-cased.
    let known = if word.is_ascii() {
        MONTH_WORDS.contains(word)
    } else {
        may_start_like_ascii(word) && MONTH_WORDS.contains(&lower(word))
    };
    if !known {
        return None;
    }
    let w = lower(word);
    position_of(&MONTHS_ID, &w)
        .or_else(|| position_of(&MONTHS_EN, &w))
        .map(|i| i + 1)
        .or_else(|| number_in(&MONTH_SPELLINGS, &w))
}

/// Weekday (0 = Monday) of an Indonesian or English day name or abbreviation.
pub fn weekday_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches([',', '.']);
    // As for months; quotation marks are taken out below, so only an ASCII
    // word without them is looked up as written.
    if word.is_ascii() && !word.contains(['\'', '`']) {
        if !WEEKDAY_WORDS.contains(word) {
            return None;
        }
    } else if !may_start_like_ascii(word) {
        return None;
    }
    let w = lower(word);
    let unquoted;
    let w = if w.contains(['\'', '’', '`']) {
        unquoted = w.replace(['\'', '’', '`'], "");
        unquoted.as_str()
    } else {
        w.as_str()
    };
    if !WEEKDAY_WORDS.contains(w) {
        return None;
    }
    full_weekday(w)
        .map(|(day, _)| day)
        .or_else(|| number_in(&WEEKDAY_ABBREVIATIONS, w))
}

/// Weekday (0 = Monday) of a full weekday name, and whether it is English.
pub fn full_weekday(word: &str) -> Option<(u8, bool)> {
    position_of(&WEEKDAYS_ID, word)
        .or_else(|| number_in(&WEEKDAY_OTHER_NAMES, word))
        .map(|day| (day, false))
        .or_else(|| position_of(&WEEKDAYS_EN, word).map(|day| (day, true)))
}

/// Indonesian and English names of a weekday (0 = Monday).
pub fn weekday_names(day: u8) -> (&'static str, &'static str) {
    let i = usize::from(day.min(6));
    (WEEKDAYS_ID[i], WEEKDAYS_EN[i])
}

/// UTC offset in minutes of a written time zone.
pub fn zone_offset(word: &str) -> Option<i32> {
    let minutes = match word.to_ascii_uppercase().as_str() {
        "WIB" => 7 * 60,
        "WITA" => 8 * 60,
        "WIT" => 9 * 60,
        "UTC" | "GMT" | "Z" => 0,
        "BST" | "CET" => 60,
        "CEST" => 120,
        "EST" => -5 * 60,
        "EDT" => -4 * 60,
        "CST" => -6 * 60,
        "CDT" => -5 * 60,
        "MST" => -7 * 60,
        "MDT" => -6 * 60,
        "PST" => -8 * 60,
        "PDT" => -7 * 60,
        "JST" | "KST" => 9 * 60,
        "SGT" | "MYT" => 8 * 60,
        "IST" => 5 * 60 + 30,
        _ => return None,
    };
    Some(minutes)
}

/// A token of a date expression.
#[derive(Clone, Debug, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Num(&'a str),
    Punct(char),
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    // A date line has at most 16 words: room for them and their marks.
    let mut toks = Vec::with_capacity(32);
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = iter.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    iter.next();
                } else {
                    break;
                }
            }
            toks.push(Tok::Num(&s[i..end]));
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                // Keep "Jum'at" and "Mar." whole.
                if d.is_alphabetic()
                    || ((d == '\'' || d == '’')
                        && s[j + d.len_utf8()..].starts_with(char::is_alphabetic))
                {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            toks.push(Tok::Word(&s[i..end]));
        } else {
            toks.push(Tok::Punct(c));
        }
    }
    toks
}

/// A date (and time) found in a short line such as a page's date line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateLine {
    /// The date and time.
    pub datetime: DateTime,
    /// Weekday named on the line, 0 = Monday.
    pub weekday: Option<u8>,
    /// Words on the line that are not part of the date (site names, "Views").
    pub other_words: usize,
}

/// Parses the first date (with its time and zone) in a short line:
/// `Kamis, 26 Agustus 2021 | 10:43 WIB`, `Kompas.com - 28/05/2025, 13:30 WIB`,
/// `on 18 Jun 2015 at 06:25 WIB`, `November 20, 2019 5:30 pm ET`,
/// `2015-11-05T10:08:58+07:00`.
pub fn parse_date_line(line: &str) -> Option<DateLine> {
    // Every date form below has a four-digit year: most lines have none,
    // and are ruled out without being tokenised.
    if !has_four_digit_run(line) {
        return None;
    }
    let toks = tokenize(line);
    let mut weekday = None;
    let mut found: Option<(DateTime, usize, usize)> = None; // date, first and last token used
    for i in 0..toks.len() {
        if let Some((date, used)) = date_at(&toks, i) {
            found = Some((date, i, i + used));
            break;
        }
    }
    let (mut date, start, mut end) = found?;
    if let Some((time, offset, used)) = time_after(&toks, end) {
        date.time = Some(time);
        date.offset_minutes = offset;
        end += used;
    }
    let mut other_words = 0;
    for (i, t) in toks.iter().enumerate() {
        if let Tok::Word(w) = t {
            if let Some(d) = weekday_number(w) {
                weekday.get_or_insert(d);
                continue;
            }
            if (start..end).contains(&i) {
                continue;
            }
            let lw = lower(w);
            if matches!(
                lw.as_str(),
                "on" | "at"
                    | "pukul"
                    | "jam"
                    | "diperbarui"
                    | "updated"
                    | "published"
                    | "diterbitkan"
                    | "dipublikasikan"
            ) {
                continue;
            }
            other_words += 1;
        }
    }
    Some(DateLine {
        datetime: date,
        weekday,
        other_words,
    })
}

/// Whether `s` has a run of exactly four ASCII digits (a number token of
/// four digits, as [`tokenize`] reads them).
fn has_four_digit_run(s: &str) -> bool {
    let bytes = s.as_bytes();
    // Most lines have no digit at all: look for one eight bytes at a time,
    // then count runs from the chunk that holds the first (the bytes
    // before it are no digits, so no run is cut).
    let first = bytes
        .chunks_exact(8)
        .position(|chunk| {
            let mut lanes = [0u8; 8];
            lanes.copy_from_slice(chunk);
            has_digit(u64::from_le_bytes(lanes))
        })
        .map_or(bytes.len() - bytes.len() % 8, |chunk| chunk * 8);
    let mut run = 0;
    for &b in bytes.get(first..).unwrap_or_default() {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            if run == 4 {
                return true;
            }
            run = 0;
        }
    }
    run == 4
}

/// Whether one of the eight bytes of `lanes` is an ASCII digit: a digit
/// XOR `0x30` is below 10, and a lane below 10 borrows in the subtraction
/// while its top bit is clear (a lane at or above 10 can only be flagged
/// by a borrow from a lane below it that is itself below 10, so the word
/// is flagged exactly when some lane is).
fn has_digit(lanes: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let x = lanes ^ (0x30 * ONES);
    x.wrapping_sub(10 * ONES) & !x & TOPS != 0
}

fn num(t: Option<&Tok<'_>>) -> Option<u32> {
    match t {
        Some(Tok::Num(n)) if n.len() <= 4 => n.parse().ok(),
        _ => None,
    }
}

fn valid(year: u32, month: u32, day: u32) -> Option<DateTime> {
    let year = i32::try_from(year).ok()?;
    let month = u8::try_from(month).ok()?;
    let day = u8::try_from(day).ok()?;
    if !(1900..=2100).contains(&year)
        || !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
    {
        return None;
    }
    Some(DateTime {
        year,
        month,
        day,
        time: None,
        offset_minutes: None,
    })
}

/// A date starting at token `i`: returns it and how many tokens it used.
fn date_at(toks: &[Tok<'_>], i: usize) -> Option<(DateTime, usize)> {
    match toks.get(i)? {
        Tok::Num(first) => {
            let a: u32 = first.parse().ok()?;
            // YYYY-MM-DD
            if first.len() == 4 && matches!(toks.get(i + 1), Some(Tok::Punct('-' | '/' | '.'))) {
                let m = num(toks.get(i + 2))?;
                if matches!(toks.get(i + 3), Some(Tok::Punct('-' | '/' | '.'))) {
                    let d = num(toks.get(i + 4))?;
                    return valid(a, m, d).map(|dt| (dt, 5));
                }
                return None;
            }
            // D/M/YYYY or D-M-YYYY or D.M.YYYY
            if let Some(Tok::Punct(sep @ ('/' | '-' | '.'))) = toks.get(i + 1) {
                let m = num(toks.get(i + 2))?;
                if toks.get(i + 3) == Some(&Tok::Punct(*sep)) {
                    if let Some(Tok::Num(y)) = toks.get(i + 4) {
                        if y.len() == 4 {
                            let y: u32 = y.parse().ok()?;
                            return valid(y, m, a).map(|dt| (dt, 5));
                        }
                    }
                }
                return None;
            }
            // D Month YYYY
            if let Some(Tok::Word(w)) = toks.get(i + 1) {
                let m = month_number(w)?;
                let mut j = i + 2;
                if toks.get(j) == Some(&Tok::Punct('.')) {
                    j += 1;
                }
                if toks.get(j) == Some(&Tok::Punct(',')) {
                    j += 1;
                }
                if let Some(Tok::Num(y)) = toks.get(j) {
                    if y.len() == 4 {
                        let y: u32 = y.parse().ok()?;
                        return valid(y, u32::from(m), a).map(|dt| (dt, j + 1 - i));
                    }
                }
            }
            None
        }
        Tok::Word(w) => {
            // Month D, YYYY
            let m = month_number(w)?;
            let mut j = i + 1;
            if toks.get(j) == Some(&Tok::Punct('.')) {
                j += 1;
            }
            let d = num(toks.get(j))?;
            j += 1;
            if let Some(Tok::Word(suffix)) = toks.get(j) {
                if matches!(*suffix, "st" | "nd" | "rd" | "th") {
                    j += 1;
                }
            }
            if toks.get(j) == Some(&Tok::Punct(',')) {
                j += 1;
            }
            if let Some(Tok::Num(y)) = toks.get(j) {
                if y.len() == 4 {
                    let y: u32 = y.parse().ok()?;
                    return valid(y, u32::from(m), d).map(|dt| (dt, j + 1 - i));
                }
            }
            None
        }
        Tok::Punct(_) => None,
    }
}

type Time = (u8, u8, Option<u8>);

/// A time after a date: `| 10:43 WIB`, `, 13:30 WIB`, `- 11:58 wib`,
/// `at 06:25 WIB`, `T10:08:58+07:00`, `5:30 pm ET`.
fn time_after(toks: &[Tok<'_>], mut i: usize) -> Option<(Time, Option<i32>, usize)> {
    let start = i;
    // Skip separators and filler words between date and time.
    let mut skipped = 0;
    while let Some(t) = toks.get(i) {
        match t {
            Tok::Punct('|' | ',' | '-' | '–' | '—' | '/' | '(' | '·' | '•') => {}
            Tok::Word(w) if matches!(lower(w).as_str(), "at" | "pukul" | "jam" | "t" | "pkl") => {}
            _ => break,
        }
        i += 1;
        skipped += 1;
        if skipped > 3 {
            return None;
        }
    }
    let h = num(toks.get(i))?;
    if !matches!(toks.get(i + 1), Some(Tok::Punct(':' | '.'))) {
        return None;
    }
    let m = num(toks.get(i + 2))?;
    let mut j = i + 3;
    let mut s = None;
    if toks.get(j) == Some(&Tok::Punct(':')) {
        if let Some(sec) = num(toks.get(j + 1)) {
            s = Some(sec);
            j += 2;
        }
    }
    let mut h = h;
    if let Some(Tok::Word(w)) = toks.get(j) {
        match lower(w).as_str() {
            "pm" | "p" if h < 12 => {
                h += 12;
                j += 1;
            }
            "am" | "a" if h == 12 => {
                h = 0;
                j += 1;
            }
            "am" | "a" | "pm" | "p" => j += 1,
            _ => {}
        }
    }
    if h > 23 || m > 59 || s.is_some_and(|s| s > 60) {
        return None;
    }
    let mut offset = None;
    match toks.get(j) {
        Some(Tok::Word(w)) => {
            if let Some(o) = zone_offset(w) {
                offset = Some(o);
                j += 1;
            } else if matches!(*w, "ET") {
                offset = Some(-5 * 60);
                j += 1;
            }
        }
        Some(Tok::Punct(sign @ ('+' | '-'))) => {
            if let Some(Tok::Num(n)) = toks.get(j + 1) {
                let (oh, om, used) = if n.len() == 4 {
                    (n[..2].parse::<i32>().ok()?, n[2..].parse::<i32>().ok()?, 2)
                } else if toks.get(j + 2) == Some(&Tok::Punct(':')) {
                    (
                        n.parse::<i32>().ok()?,
                        num(toks.get(j + 3)).and_then(|v| i32::try_from(v).ok())?,
                        4,
                    )
                } else {
                    (n.parse::<i32>().ok()?, 0, 2)
                };
                if oh <= 14 && om < 60 {
                    let o = oh * 60 + om;
                    offset = Some(if *sign == '-' { -o } else { o });
                    j += used;
                }
            }
        }
        _ => {}
    }
    let time = (
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        s.and_then(|s| u8::try_from(s).ok()),
    );
    Some((time, offset, j - start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_a_four_digit_number_can_be_dates() {
        assert!(has_four_digit_run("Kamis, 26 Agustus 2021"));
        assert!(has_four_digit_run("2021-08-26"));
        assert!(has_four_digit_run("(13/11/2019)"));
        assert!(!has_four_digit_run("Rabu (24/8) pukul 10.30 WIB"));
        assert!(!has_four_digit_run("20210826"));
        assert!(!has_four_digit_run(""));
        // The guard changes nothing: such lines never held a date.
        for line in [
            "Rabu (24/8)",
            "26 Agustus 21",
            "Agustus 26, 202",
            "12345 Mei",
        ] {
            assert!(tokenize(line)
                .iter()
                .enumerate()
                .all(|(i, _)| date_at(&tokenize(line), i).is_none()));
            assert_eq!(parse_date_line(line).map(|d| d.datetime), None);
        }
    }

    fn rfc(line: &str) -> Option<String> {
        parse_date_line(line).map(|d| d.datetime.to_rfc3339(None))
    }

    #[test]
    fn indonesian_date_lines() {
        assert_eq!(
            rfc("Kamis, 26 Agustus 2021 | 10:43 WIB").as_deref(),
            Some("2021-08-26T10:43:00+07:00")
        );
        assert_eq!(
            rfc("Kamis, 5 November 2015 14:56 WIB").as_deref(),
            Some("2015-11-05T14:56:00+07:00")
        );
        assert_eq!(
            rfc("Kamis, 05/11/2015 10:08 WIB").as_deref(),
            Some("2015-11-05T10:08:00+07:00")
        );
        assert_eq!(
            rfc("Selasa 16 Jun 2015, 14:05 WIB").as_deref(),
            Some("2015-06-16T14:05:00+07:00")
        );
        assert_eq!(
            rfc("Jum'at, 19 Juni 2015 - 11:58 wib").as_deref(),
            Some("2015-06-19T11:58:00+07:00")
        );
        assert_eq!(
            rfc("Sabtu, 10 Des 2022 13:19 WITA").as_deref(),
            Some("2022-12-10T13:19:00+08:00")
        );
        assert_eq!(
            rfc("Kompas.com - 28/05/2025, 13:30 WIB").as_deref(),
            Some("2025-05-28T13:30:00+07:00")
        );
        assert_eq!(
            rfc("20/1/2026 18:30").as_deref(),
            Some("2026-01-20T18:30:00")
        );
        assert_eq!(
            rfc("on 18 Jun 2015 at 06:25 WIT").as_deref(),
            Some("2015-06-18T06:25:00+09:00")
        );
    }

    #[test]
    fn english_and_iso_date_lines() {
        assert_eq!(rfc("November 20, 2019").as_deref(), Some("2019-11-20"));
        assert_eq!(
            rfc("Nov. 20, 2019 5:30 pm GMT").as_deref(),
            Some("2019-11-20T17:30:00+00:00")
        );
        assert_eq!(
            rfc("2015-11-05T10:08:58+07:00").as_deref(),
            Some("2015-11-05T10:08:58+07:00")
        );
        assert_eq!(
            rfc("Updated 3 March 2020, 09:15 +0100").as_deref(),
            Some("2020-03-03T09:15:00+01:00")
        );
    }

    #[test]
    fn weekday_named_on_the_line_is_reported() {
        let d = parse_date_line("Kamis, 26 Agustus 2021 | 10:43 WIB").unwrap();
        assert_eq!(d.weekday, Some(3));
        assert_eq!(d.datetime.weekday(), 3);
        assert_eq!(d.other_words, 0);
    }

    #[test]
    fn impossible_dates_are_rejected() {
        assert_eq!(rfc("31/02/2021"), None);
        assert_eq!(rfc("Rabu (4/11/205)"), None);
        assert_eq!(rfc("harga naik 5 persen"), None);
    }

    /// The first-letter and length tests rule out no spelling of a name.
    #[test]
    fn names_in_any_case_and_with_marks() {
        for (w, m) in [
            ("SEPTEMBER", 9),
            ("September.", 9),
            ("nopember", 11),
            ("Agus.", 8),
            ("MEI", 5),
            ("\u{212A}", 0),
            ("O\u{212A}tober", 10),
        ] {
            assert_eq!(month_number(w), (m > 0).then_some(m), "{w}");
        }
        assert_eq!(month_number("Septembers"), None);
        assert_eq!(month_number("Kamis"), None);
        for (w, d) in [
            ("Jum'at", 4),
            ("JUMAT,", 4),
            ("'Senin", 0),
            ("`Rabu`", 2),
            ("Jum’at", 4),
            ("’Jumat", 4),
            ("\u{212A}amis", 3),
            ("wednesday.", 2),
        ] {
            assert_eq!(weekday_number(w), Some(d), "{w}");
        }
        assert_eq!(weekday_number("Besok"), None);
        assert_eq!(weekday_number("Среда"), None);
        assert_eq!(month_number("Август"), None);
    }

    /// The eight-byte digit test agrees with a byte loop on every line.
    #[test]
    fn four_digit_runs_found_as_a_byte_loop_finds_them() {
        fn plainly(s: &str) -> bool {
            s.split(|c: char| !c.is_ascii_digit())
                .any(|run| run.len() == 4)
        }
        let mut lines = vec![String::new()];
        let pieces = [
            "2021", "123", "12345", "a", "/", " ", "é", "٢٠٢١", "9", ":", "Agustus",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            let mut line = String::new();
            for _ in 0..state % 12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                line.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            lines.push(line);
        }
        // Every byte in every lane, beside digits and not.
        for b in 0..=255u8 {
            for at in 0..9 {
                let mut bytes = vec![b'x'; 9];
                bytes[at] = b;
                lines.push(String::from_utf8_lossy(&bytes).into_owned());
                bytes[..at.min(4)].copy_from_slice(&b"1234"[..at.min(4)]);
                lines.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
        for line in &lines {
            assert_eq!(has_four_digit_run(line), plainly(line), "{line:?}");
        }
        for lanes in [0u64, u64::MAX, 0x3A3A_3A3A_3A3A_3A3A, 0x2F2F_2F2F_2F2F_2F2F] {
            assert!(!has_digit(lanes), "{lanes:x}");
        }
        for lane in 0..8 {
            for d in b'0'..=b'9' {
                let lanes = !(0xFF << (8 * lane)) | u64::from(d) << (8 * lane);
                assert!(has_digit(lanes), "{lanes:x}");
            }
        }
    }

    /// Every name on the lists is read as its month or weekday, in any case.
    #[test]
    fn every_listed_name_is_read() {
        let numbered = |names: [&'static str; 12]| (1..).zip(names);
        let months = numbered(MONTHS_ID)
            .chain(numbered(MONTHS_EN))
            .chain(MONTH_SPELLINGS.iter().map(|&(w, m)| (m, w)));
        for (m, w) in months {
            for w in [w.to_owned(), w.to_lowercase(), w.to_uppercase()] {
                assert_eq!(month_number(&w), Some(m), "{w}");
            }
        }
        let days = (0..).zip(WEEKDAYS_ID.iter().chain(&WEEKDAYS_EN).copied());
        let days = days
            .map(|(d, w)| (d % 7, w))
            .chain(WEEKDAY_OTHER_NAMES.iter().map(|&(w, d)| (d, w)))
            .chain(WEEKDAY_ABBREVIATIONS.iter().map(|&(w, d)| (d, w)));
        for (d, w) in days {
            for w in [w.to_owned(), w.to_lowercase(), w.to_uppercase()] {
                assert_eq!(weekday_number(&w), Some(d), "{w}");
            }
        }
    }

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(weekday(2021, 8, 24), 1); // Tuesday
        assert_eq!(weekday(2019, 11, 13), 2); // Wednesday
        assert_eq!(weekday(2000, 2, 29), 1);
    }
}
