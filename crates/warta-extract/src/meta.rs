//! Stage 3: the article's metadata from its visible blocks and the page's own.

use warta_facts::calendar::DateTime;
use warta_model::{Author, BlockRole};
use warta_parse::Document;

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

/// Reads the visible header of the article: the date line and byline nearest
/// above the text (or right after it), and a headline above those.
pub fn visible(document: &Document, classified: &Classified, selection: &Selection) -> Meta {
    let mut meta = Meta::default();
    let header = header_start(document, selection.start)..selection.start;
    let after = selection.end..(selection.end + 6).min(document.blocks.len());
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
