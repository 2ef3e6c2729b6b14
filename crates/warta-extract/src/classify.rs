//! Stage 1: what each block says it is, and how much it reads like article text.

use warta_facts::calendar::{self, DateLine};
use warta_model::{Author, AuthorRole, BlockRole};
use warta_parse::{Block, BlockKind, Document, Hints};

use crate::lang::{self, Language};
use crate::patterns;

/// Every block's preliminary role and content score, plus the page language.
#[derive(Clone, Debug)]
pub struct Classified {
    /// Language of the page's text, when it can be told.
    pub language: Option<Language>,
    /// One entry per document block, same order.
    pub blocks: Vec<BlockInfo>,
}

/// What one block was taken for before selection.
#[derive(Clone, Debug)]
pub struct BlockInfo {
    /// The role its own text gives it, or a content candidate role.
    pub role: BlockRole,
    /// Why, in a few words.
    pub reason: &'static str,
    /// How much it reads like article text: positive is article-like.
    pub score: f32,
    /// Word count (CJK characters count as half a word each).
    pub words: usize,
    /// It ends like a sentence.
    pub sentence: bool,
    /// The role came from a pattern, not from reading the text.
    pub fixed: bool,
    /// What the pattern found in it.
    pub found: Found,
}

/// Data a pattern pulled out of a block.
#[derive(Clone, Debug, Default)]
pub enum Found {
    /// Nothing beyond the role.
    #[default]
    Nothing,
    /// An image caption and its credit.
    Caption {
        caption: String,
        credit: Option<String>,
    },
    /// A related link's title (empty for a bare "Baca Juga" header).
    Related(String),
    /// A parsed date line.
    Date(DateLine),
    /// Named authors with roles.
    Byline(Vec<Author>),
    /// "Load More": another story follows.
    EndOfArticle,
    /// A widget list header ("Terpopuler").
    WidgetHeader,
}

/// Classifies every block of a document.
pub fn classify(document: &Document) -> Classified {
    let language = page_language(document);
    let blocks = document
        .blocks
        .iter()
        .map(|b| classify_block(b, language))
        .collect();
    let mut classified = Classified { language, blocks };
    mark_bylines_beside_dates(document, &mut classified);
    mark_names_above_roles(document, &mut classified);
    classified
}

fn page_language(document: &Document) -> Option<Language> {
    // Long blocks first: menus are short and often in another language.
    let mut text = String::new();
    let mut long: Vec<&Block> = document
        .blocks
        .iter()
        .filter(|b| b.text.len() > 80)
        .collect();
    if long.is_empty() {
        long = document.blocks.iter().collect();
    }
    for block in long.iter().take(60) {
        text.push_str(&block.text);
        text.push('\n');
    }
    let detected = lang::detect(&text);
    let declared = document.meta.lang.as_deref().and_then(Language::from_code);
    detected.or(declared)
}

/// Word count, counting CJK characters (which have no spaces) as half words.
pub fn word_count(text: &str) -> usize {
    let spaced = text.split_whitespace().count();
    if text.is_ascii() {
        return spaced;
    }
    let cjk = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF))
        .count();
    spaced + cjk / 2
}

/// Whether text ends like a sentence.
pub fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', ':', ';'])
}

fn classify_block(block: &Block, language: Option<Language>) -> BlockInfo {
    let text = block.text.as_str();
    let words = word_count(text);
    let sentence = ends_sentence(text);
    let info = |role, reason, found| BlockInfo {
        role,
        reason,
        score: 0.0,
        words,
        sentence,
        fixed: true,
        found,
    };

    if block.hints.has(Hints::HIDDEN) {
        return info(BlockRole::Chrome, "hidden in the page", Found::Nothing);
    }
    match block.kind {
        BlockKind::Title => return info(BlockRole::Title, "the page's <title>", Found::Nothing),
        // Alt text is not article text; the image joins its caption.
        BlockKind::Image => return info(BlockRole::Caption, "an image", Found::Nothing),
        BlockKind::Caption => {
            let found = match patterns::caption_credit(text) {
                Some((caption, credit)) => Found::Caption {
                    caption,
                    credit: Some(credit),
                },
                None => Found::Caption {
                    caption: text.to_owned(),
                    credit: None,
                },
            };
            return info(BlockRole::Caption, "a figure caption", found);
        }
        _ => {}
    }
    if patterns::ends_article(text) {
        return info(
            BlockRole::Chrome,
            "\"Load More\": another story follows",
            Found::EndOfArticle,
        );
    }
    if patterns::is_chrome(text) {
        return info(BlockRole::Chrome, "page furniture phrase", Found::Nothing);
    }
    if patterns::is_widget_header(text) {
        return BlockInfo {
            score: -6.0,
            ..info(
                BlockRole::WidgetList,
                "header of a list of other stories",
                Found::WidgetHeader,
            )
        };
    }
    if let Some(title) = patterns::related_link(text) {
        return info(
            BlockRole::RelatedLink,
            "a \"read also\" link",
            Found::Related(title.to_owned()),
        );
    }
    if patterns::is_promo(text) {
        return info(BlockRole::Chrome, "a promotion", Found::Nothing);
    }
    if block.kind == BlockKind::Table && text.lines().count() <= 6 {
        // A credits table: `Penulis | : Anju Christian`, `Editor | : …`.
        let authors: Vec<Author> = text
            .lines()
            .filter_map(|row| {
                let row = row.replace('\t', " ");
                let row = row.replacen(" :", ":", 1);
                patterns::labelled_byline(&row)
            })
            .flatten()
            .collect();
        if !authors.is_empty() {
            return info(
                BlockRole::Byline,
                "a table of credits",
                Found::Byline(authors),
            );
        }
    }
    if words <= 16 && text.chars().count() <= 120 {
        if let Some(date) = calendar::parse_date_line(text) {
            if date.other_words <= 3 {
                return info(BlockRole::DateLine, "a date line", Found::Date(date));
            }
        }
        if let Some(authors) = patterns::labelled_byline(text) {
            return info(BlockRole::Byline, "a credit line", Found::Byline(authors));
        }
    }
    if words <= 60 && block.kind != BlockKind::Paragraph {
        if let Some((caption, credit)) = patterns::caption_credit(text) {
            return info(
                BlockRole::Caption,
                "a caption with a photo credit",
                Found::Caption {
                    caption,
                    credit: Some(credit),
                },
            );
        }
    }
    let (role, reason) = match block.kind {
        BlockKind::Heading(_) => (BlockRole::Heading, "a heading"),
        BlockKind::ListItem => (BlockRole::ListItem, "a list item"),
        BlockKind::Quote => (BlockRole::Quote, "a block quotation"),
        BlockKind::Code => (BlockRole::Code, "preformatted code"),
        BlockKind::Table => (BlockRole::Table, "a table"),
        BlockKind::Image => (BlockRole::Caption, "an image"),
        _ => (BlockRole::Paragraph, "running text"),
    };
    let score = content_score(block, words, sentence, language);
    BlockInfo {
        role,
        reason,
        score,
        words,
        sentence,
        fixed: false,
        found: Found::Nothing,
    }
}

/// How much a block reads like article text.
fn content_score(block: &Block, words: usize, sentence: bool, language: Option<Language>) -> f32 {
    let density = language.map_or(0.25, |l| l.stopword_density(&block.text));
    let mut score = if words >= 10 && (density >= 0.15 || sentence) {
        1.0 + (words.min(80) as f32) / 20.0 + if sentence { 0.5 } else { 0.0 }
    } else if words >= 5 && sentence && density >= 0.1 {
        0.5
    } else if words >= 5 {
        -0.5
    } else {
        -1.0
    };
    if density < 0.08 && words >= 10 && language.is_some() {
        score -= 1.5;
    }
    if block.list_marker.is_some() && !(sentence && words >= 10) {
        score = score.min(-1.5);
    }
    score -= 4.0 * block.link_density();
    score += markup_score(block, score);
    score
}

/// What the page's markup says about a block, added to its text score:
/// navigation, footers, comments, forms and hidden parts weigh heavily
/// against; boilerplate class names against; article containers for.
fn markup_score(block: &Block, score: f32) -> f32 {
    let h = block.hints;
    let mut delta = 0.0;
    if h.any(Hints::COMMENT) {
        // Never article text, however well written comments are.
        return -(score.max(0.0) + 1.0);
    } else if h.any(Hints::NAV | Hints::FOOTER | Hints::FORM) {
        delta -= 4.0;
    } else if h.any(Hints::ASIDE) {
        delta -= 3.0;
    } else if h.any(Hints::BOILERPLATE_NAME) && !h.any(Hints::CONTENT_NAME) {
        delta -= 2.0;
    } else if h.any(Hints::HEADER) {
        delta -= 1.5;
    }
    if h.any(Hints::ARTICLE | Hints::CONTENT_NAME) && score > 0.0 {
        delta += 1.0;
    }
    if block.kind == BlockKind::Paragraph && score > 0.0 {
        delta += 0.5;
    }
    delta
}

/// A name directly above a bare role word (`Fakhrizal Fakhri` / `Jurnalis`)
/// is a byline with that role.
fn mark_names_above_roles(document: &Document, classified: &mut Classified) {
    for j in 1..classified.blocks.len() {
        let role_text = document.blocks[j].text.trim().trim_end_matches(':').trim();
        const ROLES: [&str; 10] = [
            "penulis",
            "pewarta",
            "reporter",
            "wartawan",
            "jurnalis",
            "kontributor",
            "editor",
            "penyunting",
            "redaktur",
            "author",
        ];
        // Lower-casing shrinks a character to a third of its bytes at most
        // (`K` the Kelvin sign is `k`): longer text is none of the roles.
        let is_role = if role_text.is_ascii() {
            ROLES.iter().any(|r| r.eq_ignore_ascii_case(role_text))
        } else {
            role_text.len() <= 3 * 11 && ROLES.contains(&role_text.to_lowercase().as_str())
        };
        if !is_role || classified.blocks[j - 1].fixed {
            continue;
        }
        let name = &document.blocks[j - 1].text;
        if name.split_whitespace().count() < 2 {
            continue;
        }
        let Some(authors) = patterns::labelled_byline(&format!("{role_text}: {name}")) else {
            continue;
        };
        classified.blocks[j - 1] = BlockInfo {
            role: BlockRole::Byline,
            reason: "a name above its role",
            score: 0.0,
            fixed: true,
            found: Found::Byline(authors),
            ..classified.blocks[j - 1].clone()
        };
        classified.blocks[j] = BlockInfo {
            role: BlockRole::Byline,
            reason: "the role of the name above",
            score: 0.0,
            fixed: true,
            found: Found::Nothing,
            ..classified.blocks[j].clone()
        };
    }
}

/// A bare name line directly above or below a date line is a byline
/// (`Budi Arista Romadhoni` / `Kamis, 26 Agustus 2021 | 10:43 WIB`).
fn mark_bylines_beside_dates(document: &Document, classified: &mut Classified) {
    let n = classified.blocks.len();
    for i in 0..n {
        if classified.blocks[i].role != BlockRole::DateLine {
            continue;
        }
        for j in [i.wrapping_sub(1), i + 1] {
            let Some(info) = classified.blocks.get(j) else {
                continue;
            };
            if info.fixed {
                continue;
            }
            let block = &document.blocks[j];
            // On a page, headings, menus and single words are not bylines.
            if matches!(block.kind, BlockKind::Heading(_))
                || block.hints.any(Hints::NAV)
                || (document.input == warta_model::InputKind::Html && info.words < 2)
            {
                continue;
            }
            let text = &block.text;
            let names = patterns::split_names(text);
            if !names.is_empty()
                && names.iter().all(|n| patterns::looks_like_name(n))
                && info.words <= 8
            {
                let authors = names
                    .into_iter()
                    .map(|name| Author {
                        name,
                        role: Some(AuthorRole::Author),
                    })
                    .collect();
                classified.blocks[j] = BlockInfo {
                    role: BlockRole::Byline,
                    reason: "a name beside the date line",
                    score: 0.0,
                    fixed: true,
                    found: Found::Byline(authors),
                    ..classified.blocks[j].clone()
                };
                break;
            }
        }
    }
}
