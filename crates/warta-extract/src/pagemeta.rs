//! Reconciling a page's own metadata (JSON-LD, Open Graph, `<meta>`,
//! `<time>`, `<title>`) with what its visible header shows.
//!
//! The visible page wins where it speaks (a byline beats a JSON-LD author
//! that is often the editor, a visible date fixes a machine date whose zone
//! lies); machine values fill in what it leaves out (seconds, the site name,
//! a title when no headline element stands out).

use serde_json::Value;
use warta_facts::calendar::DateTime;
use warta_model::{Author, AuthorRole};
use warta_parse::{BlockKind, Document, PageMeta};

/// Keys whose value is the publication time, most trusted first.
const PUBLISHED_KEYS: [&str; 12] = [
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "dtk:publishdate",
    "content_publisheddate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
];

/// Every JSON-LD object describing the article (`@graph`s and arrays opened).
fn articles(meta: &PageMeta) -> Vec<&Value> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = meta.json_ld.iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                let types: Vec<&str> = match o.get("@type") {
                    Some(Value::String(t)) => vec![t.as_str()],
                    Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                if types
                    .iter()
                    .any(|t| t.ends_with("Article") || *t == "BlogPosting" || *t == "Report")
                {
                    out.push(v);
                }
            }
            _ => {}
        }
    }
    out
}

fn ld_str<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key)? {
        Value::String(s) => Some(s.as_str()),
        Value::Array(a) => a.first().and_then(Value::as_str),
        _ => None,
    }
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// Names in a JSON-LD `author` value (a string, a Person, or a list).
fn ld_names(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Array(a) => a.iter().flat_map(ld_names).collect(),
        Value::Object(o) => o.get("name").map(ld_names).unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

/// Parses a machine-readable date: ISO 8601 and its common corruptions
/// (`2015-11-05 T10:08:58Z`, `2015-06-16T14-05-11Z`, `2022/12/10 13:19:56`,
/// `+0700`), or a Unix time in seconds or milliseconds.
pub fn parse_machine_date(s: &str) -> Option<DateTime> {
    let s = s.trim();
    if s.len() >= 10 && s.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = s.parse().ok()?;
        let secs = if s.len() >= 13 { n / 1000 } else { n };
        return Some(from_unix(secs));
    }
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<u32> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let year = num(0, 4)?;
    if !matches!(b.get(4), Some(b'-' | b'/')) || b.get(7) != b.get(4) {
        return None;
    }
    let month = num(5, 2)?;
    let day = num(8, 2)?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut dt = DateTime {
        year: year as i32,
        month: month as u8,
        day: day as u8,
        time: None,
        offset_minutes: None,
    };
    let rest = s[10..].trim_start_matches([' ', 'T', 't']);
    let rest = rest.trim_start_matches([' ', 'T']);
    let r = rest.as_bytes();
    let hour = rest.get(0..2).and_then(|p| p.parse::<u8>().ok());
    let minute = rest.get(3..5).and_then(|p| p.parse::<u8>().ok());
    if let (Some(h), Some(m), Some(b':' | b'-' | b'.')) = (hour, minute, r.get(2)) {
        if h < 24 && m < 60 {
            let mut i = 5;
            let mut sec = None;
            if matches!(r.get(5), Some(b':' | b'-')) {
                if let Some(x) = rest.get(6..8).and_then(|p| p.parse::<u8>().ok()) {
                    sec = Some(x.min(59));
                    i = 8;
                }
            }
            // Fractions of a second.
            if r.get(i) == Some(&b'.') {
                i += 1;
                while r.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            dt.time = Some((h, m, sec));
            let zone = rest[i..].trim();
            dt.offset_minutes = parse_offset(zone);
        }
    }
    Some(dt)
}

fn parse_offset(zone: &str) -> Option<i32> {
    let stripped = zone.trim_end_matches(['Z', 'z']).trim();
    if stripped.is_empty() {
        // `Z` alone is UTC; nothing at all is no zone.
        return (!zone.is_empty()).then_some(0);
    }
    let zone = stripped;
    let sign = match zone.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
    let (h, m) = match digits.len() {
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        2 => (digits.parse::<i32>().ok()?, 0),
        _ => return None,
    };
    Some(sign * (h * 60 + m))
}

fn from_unix(secs: i64) -> DateTime {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    DateTime {
        year,
        month,
        day,
        time: Some((
            (rem / 3600) as u8,
            ((rem % 3600) / 60) as u8,
            Some((rem % 60) as u8),
        )),
        offset_minutes: Some(0),
    }
}

/// Minutes since the epoch, reading a missing zone as `assumed`.
fn instant(d: &DateTime, assumed: i32) -> Option<i64> {
    let (h, m, _) = d.time?;
    let days = days_from_civil(d.year, d.month, d.day);
    Some(
        days * 1440 + i64::from(h) * 60 + i64::from(m)
            - i64::from(d.offset_minutes.unwrap_or(assumed)),
    )
}

fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Where a machine-readable date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateSource {
    /// JSON-LD `datePublished`: the publisher's structured claim.
    JsonLd,
    /// A `<meta name/property>` declaration.
    Declared,
    /// Microdata or `<time datetime>` on the visible date: it mirrors what
    /// the page shows and adds no precision the page does not show.
    Mirror,
}

/// A machine-readable publication date and how far it can be trusted.
#[derive(Clone, Copy, Debug)]
struct MachineDate {
    date: DateTime,
    source: DateSource,
    /// Written as ISO 8601 does (`HH:MM:SS`), not in a repaired shape such
    /// as `14-05-11`: only then are its seconds believed.
    clean_time: bool,
}

fn clean_time(raw: &str) -> bool {
    let Some(t) = raw.get(10..).map(|r| r.trim_start_matches([' ', 'T', 't'])) else {
        return false;
    };
    let b = t.as_bytes();
    b.len() >= 8 && b[2] == b':' && b[5] == b':'
}

/// Machine-readable publication dates, most trusted first.
fn machine_dates(meta: &PageMeta) -> Vec<MachineDate> {
    let mut raw: Vec<(&str, DateSource)> = Vec::new();
    for a in articles(meta) {
        raw.extend(ld_str(a, "datePublished").map(|d| (d, DateSource::JsonLd)));
    }
    for key in PUBLISHED_KEYS {
        raw.extend(meta.entries.iter().filter(|e| e.key == key).map(|e| {
            let source = if e.microdata {
                DateSource::Mirror
            } else {
                DateSource::Declared
            };
            (e.value.as_str(), source)
        }));
    }
    raw.extend(
        meta.times
            .iter()
            .map(|(d, _)| (d.as_str(), DateSource::Mirror)),
    );
    raw.into_iter()
        .filter_map(|(text, source)| {
            Some(MachineDate {
                date: parse_machine_date(text)?,
                source,
                clean_time: clean_time(text.trim()),
            })
        })
        .collect()
}

/// How far the structured `datePublished` may lie from the visible clock and
/// still be taken as the same publication (visible clocks round, or show the
/// time of the last edit).
const NEAR_MINUTES: i64 = 15;

/// The publication date: the visible date line, given its seconds by a
/// declared machine date that agrees with it, or the best machine date when
/// none shows.
///
/// A machine date agrees when it names the same minute either as written
/// (a local time falsely marked `Z` or without zone) or as an instant. A
/// JSON-LD `datePublished` with an explicit zone within minutes of the
/// visible time is the more precise reading of the same moment.
pub fn published(meta: &PageMeta, visible: Option<DateTime>, local: i32) -> Option<DateTime> {
    let machine = machine_dates(meta);
    let Some(v) = visible else {
        let best = machine
            .iter()
            .find(|d| d.date.time.is_some())
            .or(machine.first())?;
        return Some(best.date);
    };
    let Some((vh, vm, _)) = v.time else {
        // A date without a time: a machine date on the same day adds the time.
        return Some(
            machine
                .iter()
                .map(|d| d.date)
                .find(|d| {
                    (d.year, d.month, d.day) == (v.year, v.month, v.day)
                        && d.time.is_some()
                        && d.offset_minutes.is_some_and(|o| o != 0)
                })
                .unwrap_or(v),
        );
    };
    let visible_at = instant(&v, local);
    let structured = machine.iter().find(|d| {
        d.source == DateSource::JsonLd
            && d.clean_time
            && d.date.offset_minutes.is_some()
            && matches!(
                (instant(&d.date, local), visible_at),
                (Some(a), Some(b)) if (a - b).abs() <= NEAR_MINUTES
            )
    });
    if let Some(d) = structured {
        return Some(in_offset(&d.date, v.offset_minutes.unwrap_or(local)));
    }
    for d in &machine {
        let Some((h, m, s)) = d.date.time else {
            continue;
        };
        let same_wall =
            (d.date.year, d.date.month, d.date.day, h, m) == (v.year, v.month, v.day, vh, vm);
        let same_instant = instant(&d.date, local) == visible_at && d.date.offset_minutes.is_some();
        if same_wall || same_instant {
            let seconds = (d.source != DateSource::Mirror && d.clean_time)
                .then_some(s)
                .flatten();
            return Some(DateTime {
                time: Some((vh, vm, seconds.or(v.time.and_then(|t| t.2)))),
                ..v
            });
        }
    }
    Some(v)
}

/// The same instant written in another zone.
fn in_offset(d: &DateTime, offset: i32) -> DateTime {
    let Some((h, m, s)) = d.time else { return *d };
    let Some(from) = d.offset_minutes else {
        return *d;
    };
    let minutes = days_from_civil(d.year, d.month, d.day) * 1440 + i64::from(h) * 60 + i64::from(m)
        - i64::from(from)
        + i64::from(offset);
    let mut out = from_unix(minutes * 60);
    out.time = out.time.map(|(h, m, _)| (h, m, s));
    out.offset_minutes = Some(offset);
    out
}

/// Splits a `<title>` into its parts at site separators and keeps the part
/// that is the headline: not the site's name, the longest otherwise.
pub fn clean_title(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    let mut parts: Vec<&str> = vec![title];
    for sep in [" | ", " - ", " :: ", " – ", " — ", " « ", " » ", " / "] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    // `Site.com: Headline` prefixes.
    let parts: Vec<&str> = parts
        .into_iter()
        .map(|p| match p.split_once(": ") {
            Some((head, rest)) if looks_like_site(head, site) => rest,
            _ => p,
        })
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() <= 1 {
        return parts.first().map_or(title, |p| p).to_owned();
    }
    let content: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|p| !looks_like_site(p, site))
        .collect();
    let pick = if content.is_empty() { &parts } else { &content };
    // The headline is the longest part; keep pieces of it joined by " - "
    // when the separator was inside it (the first long parts in a row).
    pick.iter()
        .max_by_key(|p| p.chars().count())
        .map_or(title, |p| p)
        .to_owned()
}

fn looks_like_site(part: &str, site: Option<&str>) -> bool {
    let lower = part.to_lowercase();
    let words = part.split_whitespace().count();
    if let Some(site) = site {
        let site = site.to_lowercase();
        if !site.is_empty() && (lower.contains(&site) || site.contains(&lower)) && words <= 6 {
            return true;
        }
    }
    words <= 4
        && [".com", ".co.", ".id", ".net", ".org", "news", "online"]
            .iter()
            .any(|m| lower.contains(m))
}

/// The site's name for itself: `og:site_name` (unless it is a whole title),
/// the JSON-LD publisher, `application-name`.
pub fn site_name(meta: &PageMeta) -> Option<String> {
    let og = meta
        .get(&["og:site_name"])
        .map(str::trim)
        .filter(|s| s.split_whitespace().count() <= 4 && !s.contains(" - ") && !s.contains(" | "));
    if let Some(og) = og {
        return Some(og.to_owned());
    }
    // Some pages put their whole title in og:site_name.
    if let Some(site) = meta.get(&["og:site_name"]).and_then(title_site) {
        return Some(site);
    }
    for a in articles(meta) {
        if let Some(name) = a.get("publisher").and_then(|p| ld_str(p, "name")) {
            return Some(name.to_owned());
        }
    }
    meta.get(&["application-name"])
        .filter(|s| s.split_whitespace().count() <= 4)
        .map(str::to_owned)
        .or_else(|| breadcrumb_home(meta))
        .or_else(|| meta.title.as_deref().and_then(title_site))
}

/// The name of a JSON-LD `BreadcrumbList`'s first item when that item is the
/// site's home page (`https://host/`): breadcrumbs start at the site itself.
fn breadcrumb_home(meta: &PageMeta) -> Option<String> {
    let mut stack: Vec<&Value> = meta.json_ld.iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(a) => stack.extend(a.iter()),
            Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    stack.push(g);
                }
                if o.get("@type").and_then(Value::as_str) != Some("BreadcrumbList") {
                    continue;
                }
                let items = o.get("itemListElement").and_then(Value::as_array)?;
                let first = items.iter().find(|i| {
                    matches!(i.get("position"), Some(p) if p.as_u64() == Some(1) || p.as_str() == Some("1"))
                })?;
                let target = match first.get("item") {
                    Some(Value::String(s)) => Some(s.as_str()),
                    Some(item) => ld_str(item, "@id").or_else(|| ld_str(item, "url")),
                    None => None,
                }?;
                let name = ld_str(first, "name")
                    .or_else(|| first.get("item").and_then(|i| ld_str(i, "name")))?
                    .trim();
                let path = target.split_once("://").map_or(target, |(_, rest)| rest);
                let is_home = path.trim_end_matches('/').find('/').is_none();
                if is_home && !name.is_empty() && name.split_whitespace().count() <= 4 {
                    return Some(name.to_owned());
                }
            }
            _ => {}
        }
    }
    None
}

/// The site's name as a title's suffix gives it (`Headline - ANTARA News`,
/// `Headline :: Okezone News`): a last part of at most four words, shorter
/// than the headline part.
fn title_site(title: &str) -> Option<String> {
    let (head, tail) = [" | ", " :: ", " - ", " – ", " — "]
        .iter()
        .find_map(|sep| title.rsplit_once(sep))?;
    let tail = tail.trim();
    let words = tail.split_whitespace().count();
    ((1..=4).contains(&words) && tail.chars().count() < head.trim().chars().count())
        .then(|| tail.to_owned())
}

/// The headline as the page's metadata gives it, cleaned of site names.
pub fn meta_title(meta: &PageMeta, site: Option<&str>) -> Option<String> {
    let ld = articles(meta)
        .into_iter()
        .find_map(|a| ld_str(a, "headline"));
    let raw = meta
        .get(&["og:title", "twitter:title"])
        .or(ld)
        .or(meta.title.as_deref())?;
    let t = clean_title(raw, site);
    (!t.is_empty()).then_some(t)
}

/// The headline element: the heading above the article that the metadata's
/// title matches best, or the last `<h1>` above it.
pub fn headline_block(
    document: &Document,
    start: usize,
    end: usize,
    meta_title: Option<&str>,
) -> Option<usize> {
    let headings = (0..end.min(document.blocks.len()))
        .filter(|&i| matches!(document.blocks[i].kind, BlockKind::Heading(1..=3)));
    if let Some(mt) = meta_title {
        let target = word_set(mt);
        let best = headings
            .clone()
            .map(|i| (i, overlap(&target, &word_set(&document.blocks[i].text))))
            .filter(|(_, o)| *o >= 0.6)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
        if let Some((i, _)) = best {
            return Some(i);
        }
    }
    (0..start.min(document.blocks.len()))
        .rev()
        .take(40)
        .find(|&i| {
            document.blocks[i].kind == BlockKind::Heading(1)
                && document.blocks[i].text.split_whitespace().count() >= 3
        })
}

fn word_set(s: &str) -> Vec<String> {
    let mut w: Vec<String> = s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// Share of the words of `a` and `b` they have in common (of the larger).
fn overlap(a: &[String], b: &[String]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f32 / a.len().max(b.len()) as f32
}

/// Authors from the page's metadata, for pages that show no byline:
/// JSON-LD authors, then a `meta author` that names a person.
pub fn authors(meta: &PageMeta) -> Vec<Author> {
    let mut names: Vec<String> = articles(meta)
        .into_iter()
        .filter_map(|a| a.get("author"))
        .flat_map(ld_names)
        .collect();
    if names.is_empty() {
        names.extend(
            meta.get(&["author", "dtk:author", "content_author", "article:author"])
                .map(str::to_owned),
        );
    }
    let mut out: Vec<Author> = Vec::new();
    for name in names {
        let name = name.trim().to_owned();
        if crate::patterns::looks_like_name(&name)
            && !is_organisation(&name)
            && !name.contains("://")
            && !out.iter().any(|a| a.name == name)
        {
            out.push(Author {
                name,
                role: Some(AuthorRole::Author),
            });
        }
    }
    out
}

/// A name that is an organisation rather than a person (`Kompas Cyber
/// Media`, `Tim Redaksi`, `Liputan6.com`): pages put these in `author`.
fn is_organisation(name: &str) -> bool {
    const WORDS: [&str; 16] = [
        "media",
        "cyber",
        "news",
        "redaksi",
        "tim",
        "team",
        "staff",
        "developer",
        "online",
        "press",
        "group",
        "network",
        "desk",
        "editorial",
        "admin",
        "corporation",
    ];
    name.contains('.')
        && name
            .split('.')
            .next_back()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
        || name
            .split_whitespace()
            .any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

/// Tags and keywords the page declares.
pub fn tags(meta: &PageMeta) -> Vec<String> {
    let mut tags: Vec<String> = meta
        .all("article:tag")
        .map(|t| t.trim().to_owned())
        .collect();
    if tags.is_empty() {
        if let Some(k) = meta.get(&["news_keywords", "keywords"]) {
            tags = k.split(',').map(|t| t.trim().to_owned()).collect();
        }
    }
    tags.retain(|t| !t.is_empty() && t.chars().count() <= 60);
    tags.dedup();
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_parse::MetaEntry;

    fn dt(s: &str) -> DateTime {
        parse_machine_date(s).unwrap()
    }

    #[test]
    fn machine_dates_in_their_corrupted_shapes() {
        assert_eq!(
            dt("2015-11-05 T10:08:58Z").to_rfc3339(None),
            "2015-11-05T10:08:58+00:00"
        );
        assert_eq!(dt("2015-06-16T14-05-11Z").time, Some((14, 5, Some(11))));
        assert_eq!(dt("2022/12/10 13:19:56").offset_minutes, None);
        assert_eq!(dt("2016-02-23T14:49:30+0700").offset_minutes, Some(420));
        assert_eq!(
            dt("2016-02-23T14:49:30.123-05:00").offset_minutes,
            Some(-300)
        );
        assert_eq!(
            dt("1670653196000").to_rfc3339(None),
            "2022-12-10T06:19:56+00:00"
        );
        assert!(parse_machine_date("Kamis, 5 November").is_none());
    }

    #[test]
    fn a_false_z_is_fixed_by_the_visible_date() {
        let meta = PageMeta {
            entries: vec![MetaEntry {
                key: "pubdate".into(),
                value: "2015-11-05 T10:08:58Z".into(),
                microdata: false,
            }],
            ..PageMeta::default()
        };
        let visible = DateTime {
            year: 2015,
            month: 11,
            day: 5,
            time: Some((10, 8, None)),
            offset_minutes: Some(420),
        };
        let d = published(&meta, Some(visible), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2015-11-05T10:08:58+07:00");
    }

    #[test]
    fn a_utc_machine_date_gives_seconds_to_the_local_one() {
        let meta = PageMeta {
            entries: vec![MetaEntry {
                key: "article:published_time".into(),
                value: "2025-05-28T06:30:07+00:00".into(),
                microdata: false,
            }],
            ..PageMeta::default()
        };
        let visible = DateTime {
            year: 2025,
            month: 5,
            day: 28,
            time: Some((13, 30, None)),
            offset_minutes: None,
        };
        let d = published(&meta, Some(visible), 420).unwrap();
        assert_eq!(d.to_rfc3339(Some(420)), "2025-05-28T13:30:07+07:00");
    }

    fn at(h: u8, m: u8) -> DateTime {
        DateTime {
            year: 2016,
            month: 2,
            day: 23,
            time: Some((h, m, None)),
            offset_minutes: Some(420),
        }
    }

    fn entry(key: &str, value: &str, microdata: bool) -> MetaEntry {
        MetaEntry {
            key: key.into(),
            value: value.into(),
            microdata,
        }
    }

    #[test]
    fn mirrored_and_repaired_machine_dates_add_no_seconds() {
        let mirrored = PageMeta {
            entries: vec![entry("datepublished", "2016-02-23T14:49:30+07:00", true)],
            ..PageMeta::default()
        };
        let d = published(&mirrored, Some(at(14, 49)), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2016-02-23T14:49:00+07:00");
        let repaired = PageMeta {
            entries: vec![entry("pubdate", "2016-02-23T14-49-30Z", false)],
            ..PageMeta::default()
        };
        let d = published(&repaired, Some(at(14, 49)), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2016-02-23T14:49:00+07:00");
        // The same value declared in a <meta name> does give its seconds.
        let declared = PageMeta {
            entries: vec![entry("pubdate", "2016-02-23T14:49:30+07:00", false)],
            ..PageMeta::default()
        };
        let d = published(&declared, Some(at(14, 49)), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2016-02-23T14:49:30+07:00");
    }

    #[test]
    fn json_ld_date_published_near_the_visible_clock_wins() {
        let meta = PageMeta {
            json_ld: vec![serde_json::json!({
                "@type": "NewsArticle",
                "datePublished": "2016-02-23T07:33:13+00:00",
            })],
            ..PageMeta::default()
        };
        let d = published(&meta, Some(at(14, 30)), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2016-02-23T14:33:13+07:00");
        // Hours away, the visible clock stands.
        let d = published(&meta, Some(at(10, 5)), 420).unwrap();
        assert_eq!(d.to_rfc3339(None), "2016-02-23T10:05:00+07:00");
    }

    #[test]
    fn titles_lose_site_names() {
        assert_eq!(
            clean_title("Judul Berita Hari Ini - Kompas.com", None),
            "Judul Berita Hari Ini"
        );
        assert_eq!(
            clean_title("Marcella Zalianty Promosikan Film | Republika Online", None),
            "Marcella Zalianty Promosikan Film"
        );
        assert_eq!(
            clean_title("KapanLagi.com: Brandon Salim Main Film", None),
            "Brandon Salim Main Film"
        );
        assert_eq!(
            clean_title("Ahok Dukung Jokowi :: Okezone News", Some("Okezone")),
            "Ahok Dukung Jokowi"
        );
    }

    #[test]
    fn site_name_from_a_breadcrumb_that_starts_at_home() {
        let ld = |home: &str| -> PageMeta {
            let mut meta = PageMeta::default();
            meta.json_ld.push(serde_json::json!({
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": 1, "name": "Media Indonesia",
                     "item": {"@id": home}},
                    {"@type": "ListItem", "position": "2", "name": "Ekonomi",
                     "item": {"@id": "https://mediaindonesia.com/ekonomi"}}
                ]
            }));
            meta
        };
        assert_eq!(
            site_name(&ld("https://mediaindonesia.com/")).as_deref(),
            Some("Media Indonesia")
        );
        // A trail that starts below the home page names a section, not the site.
        assert_eq!(site_name(&ld("https://mediaindonesia.com/nasional")), None);
    }

    #[test]
    fn site_names_from_title_suffixes() {
        assert_eq!(
            title_site("Ahok Dukung Jokowi :: Okezone News").as_deref(),
            Some("Okezone News")
        );
        assert_eq!(
            title_site("29 penerbangan dibatalkan - ANTARA News").as_deref(),
            Some("ANTARA News")
        );
        assert_eq!(title_site("Satu kata"), None);
    }

    #[test]
    fn json_ld_graphs_and_authors() {
        let meta = PageMeta {
            json_ld: vec![serde_json::json!({"@graph": [
                {"@type": "WebSite", "name": "X"},
                {"@type": "NewsArticle", "headline": "H", "author": [{"@type": "Person", "name": "Budi Santoso"}],
                 "publisher": {"name": "Warta Kita"}}
            ]})],
            ..PageMeta::default()
        };
        assert_eq!(authors(&meta)[0].name, "Budi Santoso");
        assert!(is_organisation("Kompas Cyber Media"));
        assert!(is_organisation("Liputan6.com"));
        assert!(!is_organisation("Irfan Kamil"));
        assert_eq!(site_name(&meta).as_deref(), Some("Warta Kita"));
        assert_eq!(meta_title(&meta, None).as_deref(), Some("H"));
    }
}
