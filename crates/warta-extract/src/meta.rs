//! Stage 3: the article's metadata from its visible blocks and the page's own.

use warta_facts::calendar::DateTime;
use warta_model::{Author, AuthorRole, BlockRole};
use warta_parse::{BlockKind, Document};

use crate::classify::{Classified, Found};
use crate::patterns;
use crate::select::Selection;

/// Metadata found for one article.
#[derive(Clone, Debug, Default)]
pub struct Meta {
    /// The headline.
    pub title: Option<String>,
    /// Index of the block the title came from.
    pub title_block: Option<usize>,
    /// Credited people.
    pub authors: Vec<Author>,
    /// Publication date and time.
    pub published: Option<DateTime>,
    /// Index of the date line used.
    pub date_block: Option<usize>,
    /// Indices of the byline blocks used.
    pub byline_blocks: Vec<usize>,
    /// A news agency credited in a source line near the article.
    pub agency: Option<&'static str>,
}

/// How far above the article its header (headline, byline, date) may be.
const HEADER_REACH: usize = 15;

/// Where the article's header may begin: `HEADER_REACH` blocks with text
/// above its start (bare images and spacers do not count).
pub fn header_start(document: &Document, start: usize) -> usize {
    let mut at = start.min(document.blocks.len());
    let mut seen = 0;
    while at > 0 && seen < HEADER_REACH {
        at -= 1;
        if !document.blocks[at].text.trim().is_empty() {
            seen += 1;
        }
    }
    at
}

/// How far below the article its credits may be: `CREDITS_REACH` blocks
/// with text past its end (related-story lists often sit between).
fn credits_end(document: &Document, end: usize) -> usize {
    const CREDITS_REACH: usize = 20;
    let mut at = end;
    let mut seen = 0;
    while at < document.blocks.len() && seen < CREDITS_REACH {
        if !document.blocks[at].text.trim().is_empty() {
            seen += 1;
        }
        at += 1;
    }
    at
}

/// A byline naming the person and the site (`Bagus Kurniawan - detiknews`).
fn name_with_outlet(text: &str, site: Option<&str>) -> Option<Author> {
    let (name, outlet) = text.trim().split_once(" - ")?;
    let outlet = outlet.trim();
    let is_site = site.is_some_and(|s| s.trim().eq_ignore_ascii_case(outlet))
        || patterns::is_web_name(outlet);
    (is_site && name.split_whitespace().count() >= 2 && patterns::looks_like_name(name.trim()))
        .then(|| Author {
            name: name.trim().to_owned(),
            role: Some(AuthorRole::Author),
        })
}

/// A role label on its own line with the names under it (`Author` /
/// `Silvanus Alvin` / `Hanz Jimenez Salim`), avatars and empty blocks between.
fn labelled_names_below(
    document: &Document,
    classified: &Classified,
    label: usize,
) -> Option<Vec<Author>> {
    // A label already read as the role under a name (`Irfan Kamil` /
    // `Penulis`) is not a heading over names.
    if classified.blocks[label].role == BlockRole::Byline {
        return None;
    }
    const ROLE_LABELS: [&str; 10] = [
        "author",
        "authors",
        "penulis",
        "editor",
        "reporter",
        "pewarta",
        "penyunting",
        "redaktur",
        "wartawan",
        "kontributor",
    ];
    let role = document.blocks[label]
        .text
        .trim()
        .trim_end_matches(':')
        .trim();
    if !ROLE_LABELS.contains(&role.to_lowercase().as_str()) {
        return None;
    }
    let role = if role.eq_ignore_ascii_case("authors") {
        "Author"
    } else {
        role
    };
    let mut names = Vec::new();
    let mut seen_text = 0;
    for (block, info) in document.blocks[label + 1..]
        .iter()
        .zip(&classified.blocks[label + 1..])
    {
        let text = block.text.trim();
        if text.is_empty() || block.kind == BlockKind::Image {
            continue;
        }
        seen_text += 1;
        let name = text.split_whitespace().count() >= 2
            && patterns::looks_like_name(text)
            && !matches!(info.role, BlockRole::Chrome | BlockRole::Caption);
        if seen_text > 8 || !name {
            break;
        }
        names.push(text);
    }
    if names.is_empty() {
        return None;
    }
    patterns::labelled_byline(&format!("{role}: {}", names.join(", ")))
}

/// An upper-case name alone on the line ending the text or right after it
/// (`DINI TEJA`): the writer's sign-off.
fn sign_off_name(document: &Document, end: usize) -> Option<(usize, Author)> {
    let has_text = |i: &usize| !document.blocks[*i].text.trim().is_empty();
    let last = (0..end.min(document.blocks.len())).rev().find(has_text);
    let next = (end..document.blocks.len()).find(has_text);
    [last, next]
        .into_iter()
        .flatten()
        .find_map(|i| upper_case_name(&document.blocks[i].text).map(|a| (i, a)))
}

fn upper_case_name(text: &str) -> Option<Author> {
    let text = text.trim();
    let words = text.split_whitespace().count();
    let upper = text.chars().any(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_uppercase() || c.is_whitespace() || c == '.' || c == '\'');
    if !(2..=4).contains(&words) || !upper {
        return None;
    }
    let name = patterns::title_case(text);
    (patterns::looks_like_name(&name)
        && patterns::agency_name(text).is_none()
        && !patterns::is_outlet(text))
    .then_some(Author {
        name,
        role: Some(AuthorRole::Author),
    })
}

/// Reads the visible header of the article: the date line and byline nearest
/// above the text (or right after it), and a headline above those.
pub fn visible(document: &Document, classified: &Classified, selection: &Selection) -> Meta {
    let mut meta = Meta::default();
    let header = header_start(document, selection.start)..selection.start;
    let after = selection.end..credits_end(document, selection.end);
    let near = header
        .clone()
        .rev()
        .chain(selection.start..selection.end)
        .chain(after);

    for i in near {
        let info = &classified.blocks[i];
        match (&info.found, info.role) {
            (Found::Date(date), BlockRole::DateLine) if meta.published.is_none() => {
                meta.published = Some(date.datetime);
                meta.date_block = Some(i);
            }
            (Found::Agency(agency), BlockRole::Byline) => {
                meta.agency.get_or_insert(agency);
                meta.byline_blocks.push(i);
            }
            (Found::Byline(authors), BlockRole::Byline) => {
                for author in authors {
                    if !meta.authors.iter().any(|a| a.name == author.name) {
                        meta.authors.push(author.clone());
                    }
                }
                meta.byline_blocks.push(i);
            }
            _ => {}
        }
    }

    // Credits set as a label line with the names under it add to the byline.
    let header = header_start(document, selection.start)..selection.start;
    for i in header
        .clone()
        .chain(selection.end..credits_end(document, selection.end))
    {
        if let Some(authors) = labelled_names_below(document, classified, i) {
            for author in authors {
                if !meta.authors.iter().any(|a| a.name == author.name) {
                    meta.authors.push(author);
                }
            }
            meta.byline_blocks.push(i);
        }
    }
    if meta.authors.is_empty() {
        let site = document.meta.get(&["og:site_name"]);
        let found = header
            .rev()
            .find_map(|i| name_with_outlet(&document.blocks[i].text, site).map(|a| (i, a)))
            .or_else(|| sign_off_name(document, selection.end));
        if let Some((i, author)) = found {
            meta.authors.push(author);
            meta.byline_blocks.push(i);
        }
    }

    // The headline sits above the byline and date line, closest to them.
    let top = [
        meta.date_block,
        meta.byline_blocks.iter().copied().min(),
        Some(selection.start),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(selection.start);
    for i in (top.saturating_sub(4)..top).rev() {
        let info = &classified.blocks[i];
        let text = &document.blocks[i].text;
        if info.fixed {
            if matches!(
                info.role,
                BlockRole::Chrome | BlockRole::Caption | BlockRole::DateLine | BlockRole::Byline
            ) {
                continue;
            }
            break;
        }
        if headline_like(text, info.words, info.sentence) {
            meta.title = Some(text.clone());
            meta.title_block = Some(i);
        }
        break;
    }
    meta
}

/// The shape of a headline: a handful of words, no closing full stop, and
/// most words capitalised or a sentence-case line of some length.
fn headline_like(text: &str, words: usize, sentence: bool) -> bool {
    if !(4..=30).contains(&words) || text.ends_with('.') && sentence {
        return false;
    }
    if patterns::looks_like_name(text) {
        return false;
    }
    text.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric() || c == '"' || c == '“')
}

/// The site's name as the dateline writes it, when it is a web name.
pub fn site_from_outlet(outlet: Option<&str>) -> Option<String> {
    outlet
        .filter(|o| patterns::is_web_name(o))
        .map(str::to_owned)
}

/// The site name without a channel word when the dateline's outlet is the
/// site name before it: title suffixes name the section too (`ANTARA News
/// Otomotif`, `Kompas.com Bola`) while the dateline names the outlet alone.
pub fn site_without_channel(site: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet.map(str::trim).filter(|o| !o.is_empty()) else {
        return site.to_owned();
    };
    let site_words: Vec<String> = site.split_whitespace().map(str::to_lowercase).collect();
    let outlet_words: Vec<String> = outlet.split_whitespace().map(str::to_lowercase).collect();
    if outlet_words.len() < site_words.len() && site_words.starts_with(&outlet_words) {
        outlet.to_owned()
    } else {
        site.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_channel_word_after_the_outlet_is_dropped() {
        assert_eq!(
            site_without_channel("ANTARA News Otomotif", Some("ANTARA News")),
            "ANTARA News"
        );
        assert_eq!(
            site_without_channel("Kompas.com Bola", Some("KOMPAS.com")),
            "KOMPAS.com"
        );
        // An outlet that is not the start of the site name changes nothing.
        assert_eq!(
            site_without_channel("Tempo Gaya", Some("ANTARA")),
            "Tempo Gaya"
        );
        assert_eq!(
            site_without_channel("detikNews", Some("detikNews")),
            "detikNews"
        );
        assert_eq!(
            site_without_channel("Republika Online", None),
            "Republika Online"
        );
    }
}
