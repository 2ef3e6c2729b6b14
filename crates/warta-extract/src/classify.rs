//! Stage 1: what each block says it is, and how much it reads like article text.

use std::cell::LazyCell;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use warta_facts::calendar::{self, DateLine};
use warta_model::{Author, AuthorRole, BlockRole};
use warta_parse::{Block, BlockKind, Document, Hints};

use crate::lang::{self, Language};
use crate::patterns::{self, BlockText, Needles};

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
    /// A news agency credited as the story's source (`Sumber : Antara`).
    Agency(&'static str),
    /// "Load More": another story follows.
    EndOfArticle,
    /// A widget list header ("Terpopuler").
    WidgetHeader,
    /// The head of the readers' comments ("34 Comments", "Leave a Reply").
    CommentsStart,
    /// The head of the author's bio box ("About the author", "Über Moritz
    /// Bachmann").
    AuthorBox,
}

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a bad one is caught by the tests.
    Regex::new(pattern).unwrap_or_else(|e| panic!("invalid pattern {pattern}: {e}"))
}

/// Classifies every block of a document.
pub fn classify(document: &Document) -> Classified {
    let (language, stats) = page_language(document);
    let blocks = document
        .blocks
        .iter()
        .zip(stats)
        .map(|(b, stats)| classify_block(b, language, stats.as_ref()))
        .collect();
    let mut classified = Classified { language, blocks };
    mark_bylines_beside_dates(document, &mut classified);
    mark_names_above_roles(document, &mut classified);
    mark_template_stamps(document, &mut classified);
    mark_repeated_texts(document, &mut classified);
    if document.input == warta_model::InputKind::Text {
        mark_text_attached_to_labels(document, &mut classified);
    }
    classified
}

/// In a dump, article paragraphs stand apart (a blank line above and below,
/// as a browser lays out `<p>`), while the blurbs of story lists and comments
/// hang on a title, name or stamp line with no blank line between. Text
/// hanging on such a label counts for much less.
fn mark_text_attached_to_labels(document: &Document, classified: &mut Classified) {
    // A list item is no label: a dump often runs a list straight into text.
    let label = |j: usize, classified: &Classified| {
        let info = &classified.blocks[j];
        info.words < 10 && !info.sentence && document.blocks[j].list_marker.is_none()
    };
    let n = document.blocks.len();
    let attached: Vec<bool> = (0..n)
        .map(|i| {
            let info = &classified.blocks[i];
            if info.fixed || info.score <= 0.0 || info.words < 10 {
                return false;
            }
            let above = i > 0 && !document.blocks[i].gap_before && label(i - 1, classified);
            let below = i + 1 < n && !document.blocks[i + 1].gap_before && label(i + 1, classified);
            above || below
        })
        .collect();
    for (info, attached) in classified.blocks.iter_mut().zip(attached) {
        if attached {
            info.score *= ATTACHED_FACTOR;
        }
    }
}

/// What a dump paragraph hanging on a label keeps of its score.
const ATTACHED_FACTOR: f32 = 0.5;

/// The page language, and the stopword counts of the blocks read whole to
/// find it (indexed like the blocks; `None` for the others).
fn page_language(document: &Document) -> (Option<Language>, Vec<Option<lang::WordStats>>) {
    // Long blocks first: menus are short and often in another language.
    let mut long: Vec<usize> = (0..document.blocks.len())
        .filter(|&i| document.blocks[i].text.len() > 80)
        .collect();
    if long.is_empty() {
        long = (0..document.blocks.len()).collect();
    }
    long.truncate(60);
    let texts: Vec<&str> = long
        .iter()
        .map(|&i| document.blocks[i].text.as_str())
        .collect();
    let (detected, counted) = lang::detect_joined(&texts);
    let mut stats = vec![None; document.blocks.len()];
    for (i, s) in long.into_iter().zip(counted) {
        stats[i] = s;
    }
    let declared = document.meta.lang.as_deref().and_then(Language::from_code);
    (detected.or(declared), stats)
}

/// Word count, counting CJK characters (which have no spaces) as half words.
fn word_count(line: &BlockText) -> usize {
    let (text, spaced) = (line.text, line.spaced_words);
    // The three ranges are encoded in three bytes led by E3 to ED: a text
    // without such a byte (ASCII, or Latin with curly quotes) has none.
    if line.is_ascii() || !has_cjk_lead_byte(text) {
        return spaced;
    }
    let cjk = text
        .chars()
        .filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF))
        .count();
    spaced + cjk / 2
}

/// Whether `text` has a byte from E3 to ED. Nearly all 16-byte chunks of
/// a text are ASCII, told a word at a time: only the others are read byte
/// by byte.
fn has_cjk_lead_byte(text: &str) -> bool {
    text.as_bytes()
        .chunks(16)
        .any(|chunk| !chunk.is_ascii() && chunk.iter().any(|b| (0xE3..=0xED).contains(b)))
}

/// Whether text ends like a sentence.
pub fn ends_sentence(text: &str) -> bool {
    // Most lines end in an ASCII letter, digit or full stop: told by the
    // last byte without reading characters.
    match text.as_bytes().last() {
        Some(b) if b.is_ascii_alphanumeric() => return false,
        Some(b'.' | b'!' | b'?' | b':' | b';') => return true,
        _ => {}
    }
    ends_sentence_plain(text)
}

/// [`ends_sentence`] by characters: what its shortcut is tested against.
fn ends_sentence_plain(text: &str) -> bool {
    let t = text.trim_end();
    let t = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', ':', ';'])
}

fn classify_block(
    block: &Block,
    language: Option<Language>,
    stats: Option<&lang::WordStats>,
) -> BlockInfo {
    let text = block.text.as_str();
    let line = BlockText::new(text);
    let words = word_count(&line);
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
            return info(BlockRole::Caption, "a figure caption", caption_found(text));
        }
        // Text set inside a `<figure>` beside the image (a credit, a caption
        // in a `<div>` or `<span>`) belongs to the image; tables and quotes
        // are put in figures as content.
        BlockKind::Line | BlockKind::Paragraph | BlockKind::Heading(_)
            if block.hints.has(Hints::FIGURE) && words <= FIGURE_TEXT_WORDS =>
        {
            return info(
                BlockRole::Caption,
                "text inside a figure",
                caption_found(text),
            );
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
    if comments_header(&line) {
        return info(
            BlockRole::Chrome,
            "the head of the readers' comments",
            Found::CommentsStart,
        );
    }
    if author_box_header(&line) {
        return info(
            BlockRole::Chrome,
            "the head of the author's bio",
            Found::AuthorBox,
        );
    }
    if patterns::is_chrome(&line) {
        return info(BlockRole::Chrome, "page furniture phrase", Found::Nothing);
    }
    if words <= 40 && subscription_box(&line) {
        return BlockInfo {
            score: -2.0,
            ..info(BlockRole::Chrome, "a newsletter box", Found::Nothing)
        };
    }
    if consent_notice(&line) {
        return BlockInfo {
            score: -3.0,
            ..info(
                BlockRole::Chrome,
                "a cookie or consent notice",
                Found::Nothing,
            )
        };
    }
    if patterns::is_widget_header(&line) {
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
    if patterns::is_promo(&line) {
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
    if block.kind != BlockKind::Quote && patterns::wire_photo_caption(&line) {
        return info(
            BlockRole::Caption,
            "a wire photo's caption",
            caption_found(text),
        );
    }
    if patterns::comment_policy(&line) {
        return info(
            BlockRole::Chrome,
            "a note on comment moderation",
            Found::Nothing,
        );
    }
    if patterns::reporting_credit(&line) {
        return info(BlockRole::Chrome, "a wire story's credits", Found::Nothing);
    }
    if patterns::image_credit_line(&line) {
        return info(BlockRole::Chrome, "an image credit", Found::Nothing);
    }
    // (A text of no more bytes has no more characters, uncounted.)
    let short = text.len() <= 120 || text.chars().count() <= 120;
    if words <= 16 && short && !patterns::post_attribution(text) {
        if let Some(date) = calendar::parse_date_line(text) {
            if date.other_words <= 3 {
                return info(BlockRole::DateLine, "a date line", Found::Date(date));
            }
        }
        if let Some(authors) = patterns::labelled_byline(text) {
            return info(BlockRole::Byline, "a credit line", Found::Byline(authors));
        }
        if let Some(agency) = patterns::source_credit(text) {
            return info(BlockRole::Byline, "a source credit", Found::Agency(agency));
        }
    }
    if words <= 60 {
        // A paragraph may end in a bracketed source; only a labelled photo
        // credit (`(Photo: …)`) makes it a caption.
        if let Some((caption, credit)) = patterns::caption_credit(text).filter(|(_, credit)| {
            block.kind != BlockKind::Paragraph || patterns::labelled_credit(credit)
        }) {
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
    let score = content_score(block, words, sentence, language, stats);
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

/// A caption's text and its credit, split when the credit can be told.
fn caption_found(text: &str) -> Found {
    match patterns::caption_credit(text) {
        Some((caption, credit)) => Found::Caption {
            caption,
            credit: Some(credit),
        },
        None => Found::Caption {
            caption: text.to_owned(),
            credit: None,
        },
    }
}

/// Up to this many words, text inside a `<figure>` is the image's caption;
/// longer text is an article set in a figure by its template.
const FIGURE_TEXT_WORDS: usize = 60;

/// How much a block reads like article text.
fn content_score(
    block: &Block,
    words: usize,
    sentence: bool,
    language: Option<Language>,
    stats: Option<&lang::WordStats>,
) -> f32 {
    // Counted when a rule below first reads it: no rule does for most
    // lines, which are short and no list items.
    let density = LazyCell::new(|| {
        language.map_or(0.25, |l| match stats {
            Some(stats) => l.stopword_density_of(stats),
            None => l.stopword_density(&block.text),
        })
    });
    let mut score = if words >= 10 && (*density >= 0.15 || sentence) {
        1.0 + (words.min(80) as f32) / 20.0 + if sentence { 0.5 } else { 0.0 }
    } else if words >= 5 && sentence && *density >= 0.1 {
        0.5
    } else if words >= 5 {
        -0.5
    } else {
        -1.0
    };
    // The text is read last: the cheap tests rule out most blocks.
    if !sentence
        && (10..=HEADLINE_WORDS).contains(&words)
        && matches!(block.kind, BlockKind::Line | BlockKind::ListItem)
        && !ends_sentence(without_trailing_tag(&block.text))
    {
        // The shape of a headline: another story's title, not running text.
        score = score.min(HEADLINE_SCORE);
    }
    if words >= 10 && language.is_some() && *density < 0.08 {
        score -= 1.5;
    }
    if block.list_marker.is_some() && !(sentence && words >= 10) {
        score = score.min(
            if list_item_reads_as_text(&block.text, words, || *density) {
                LIST_TEXT_SCORE
            } else {
                -1.5
            },
        );
    }
    score -= 4.0 * block.link_density();
    score += markup_score(block, score);
    score
}

/// A list item written as part of a text (a few words, lower-case or
/// punctuated, with function words) rather than a menu entry or a headline.
/// The stopword density is asked for last, when the shape fits.
fn list_item_reads_as_text(text: &str, words: usize, density: impl FnOnce() -> f32) -> bool {
    let lower_start = text.chars().next().is_some_and(char::is_lowercase);
    let punctuated = text.trim_end().ends_with([',', ';', '.', ':']);
    words >= 3 && (lower_start || punctuated) && density() >= 0.1
}

/// The score of such a list item: below zero, so lists never make an
/// article, but far above a menu entry's, so a list does not split one.
const LIST_TEXT_SCORE: f32 = -0.5;

/// Up to this many words, a line that does not end a sentence has the shape
/// of a headline (a dump's line or a list item; a page's `<p>` and `<h1>`
/// say what they are).
const HEADLINE_WORDS: usize = 25;

/// The text without a short bracketed tag at its end (`… media China. [ANTARA]`,
/// `… on Tuesday. (Reuters)`).
fn without_trailing_tag(text: &str) -> &str {
    let t = text.trim_end();
    let open = match t.chars().last() {
        Some(')') => '(',
        Some(']') => '[',
        _ => return t,
    };
    match t.rfind(open) {
        Some(i) if t[i..].split_whitespace().count() <= 4 => t[..i].trim_end(),
        _ => t,
    }
}
/// The score of such a line: a list of other stories' titles is no article.
const HEADLINE_SCORE: f32 = -0.3;

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

/// The line that opens a comment section: a comment count ("34 Comments",
/// "[ 167 comments ]", "34 responses to …"), or a call to comment.
fn comments_header(line: &BlockText) -> bool {
    static HEADER: LazyLock<Regex> = LazyLock::new(|| {
        re(concat!(
            r"(?i)^[\[(]?\s*(\d[\d,.]*\s+(comments?|responses?|replies|komentar|tanggapan|comentários|comentarios|kommentare|commenti|commentaires|reacties)",
            r"|(top rated |most recent |latest |recent |reader |readers'? |user |all )?(comments?|komentar|comentários|comentarios|kommentare|commenti|commentaires)(\s*[(\[]?\d[\d,.]*[)\]]?)?",
            r"|(leave|post|add|write|submit) (a |your )?(reply|comment|response)",
            r"|join the (discussion|conversation)|show comments|view comments|load comments|comments are closed",
            r"|(tulis|berikan|kirim|tambahkan) komentar|komentar (anda|pembaca)",
            r"|deixe (um|seu) comentário|deja (un|tu) comentario|lascia un commento|kommentar (schreiben|verfassen)|laisser un commentaire",
            r")\s*[)\]]?\s*[:.!]?\s*$"
        ))
    });
    static RESPONSES: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^\d[\d,.]*\s+(comments?|responses?|replies|thoughts) (to|on) \S")
    });
    // Every branch of `HEADER` names comments, replies, responses, a
    // discussion or a conversation: most short lines skip the regex.
    const NAMED: Needles<7> = Needles::new([
        "ment",
        "repl",
        "respons",
        "reactie",
        "tanggap",
        "discussion",
        "conversation",
    ]);
    // A count of responses starts with a digit.
    let trimmed = line.text.trim();
    (line.spaced_words <= 6 && line.may_match_folded(&NAMED) && HEADER.is_match(trimmed))
        || (trimmed.starts_with(char::is_numeric)
            && line.spaced_words <= 40
            && RESPONSES.is_match(trimmed))
}

/// The head of a box about the author: "About the author", or "About" in
/// a few languages followed by a person's name.
fn author_box_header(line: &BlockText) -> bool {
    const ABOUT: [&str; 8] = [
        "about ",
        "sobre ",
        "über ",
        "tentang ",
        "à propos de ",
        "acerca de ",
        "over ",
        "o autorze",
    ];
    // Every header is six words at most (`à propos de` and three names);
    // dropping the closing colons drops one word at most.
    if line.spaced_words > 7 {
        return false;
    }
    let t = line.text.trim().trim_end_matches(':');
    // It lower-cases to a start in `a`, `s`, `ü`, `t`, `à` or `o`.
    let first = t.chars().next().and_then(|c| c.to_lowercase().next());
    if !matches!(first, Some('a' | 's' | 'ü' | 't' | 'à' | 'o')) {
        return false;
    }
    // ASCII headers open with one of these (the others need `ü` or `à`).
    const ASCII_OPENINGS: [&[u8; 2]; 6] = [b"ab", b"ac", b"o ", b"ov", b"so", b"te"];
    let opening = |start: &[u8]| {
        ASCII_OPENINGS
            .iter()
            .any(|o| start.eq_ignore_ascii_case(*o))
    };
    if line.is_ascii() && !t.as_bytes().get(..2).is_some_and(opening)
        || t.split_whitespace().nth(6).is_some()
    {
        return false;
    }
    let lower = t.to_lowercase();
    if matches!(
        lower.as_str(),
        "about the author"
            | "about the authors"
            | "tentang penulis"
            | "sobre o autor"
            | "sobre el autor"
            | "über den autor"
            | "über die autorin"
    ) {
        return true;
    }
    ABOUT.iter().any(|a| {
        lower.starts_with(a) && {
            let name = t[a.len()..].trim();
            (2..=3).contains(&name.split_whitespace().count()) && patterns::looks_like_name(name)
        }
    })
}

/// A newsletter box's text: it speaks of the newsletter and of signing up,
/// or confirms a subscription.
fn subscription_box(line: &BlockText) -> bool {
    // Every test below needs one of these words ("bolet" for both
    // Portuguese and Spanish): most blocks are ruled out unlowered.
    const NAMED: Needles<5> = Needles::new([
        "newsletter",
        "buletin",
        "bolet",
        "subscribed",
        "activation link",
    ]);
    if !line.may_contain_lowercase(&NAMED) {
        return false;
    }
    let lower = line.text.to_lowercase();
    let newsletter = ["newsletter", "buletin", "boletim", "boletín"]
        .iter()
        .any(|w| lower.contains(w));
    let signing = [
        "subscribe",
        "sign up",
        "signup",
        "inbox",
        "delivered",
        "berlangganan",
        "daftar",
        "inscreva",
        "suscríbete",
        "anmelden",
        "abonnieren",
    ]
    .iter()
    .any(|w| lower.contains(w));
    newsletter && signing
        || lower.contains("successfully subscribed")
        || lower.contains("succesfully subscribed")
        || lower.contains("activation link")
}

/// A cookie or consent banner's text: it speaks of cookies and of the
/// reader's consent or the site's use of them.
fn consent_notice(line: &BlockText) -> bool {
    if !line.may_contain_lowercase(&const { Needles::new(["cookie", "kuki"]) }) {
        return false;
    }
    let lower = line.text.to_lowercase();
    (lower.contains("cookie") || lower.contains("kuki"))
        && [
            "we use",
            "uses cookies",
            "use of cookies",
            "use cookies",
            "accept all",
            "accept cookies",
            "cookie policy",
            "cookie settings",
            "consent",
            "privacy policy",
            "opt-out",
            "opt out",
            "menggunakan",
            "setuju",
            "utilizamos",
            "usamos",
            "utilizza",
            "verwendet",
            "utilise",
        ]
        .iter()
        .any(|w| lower.contains(w))
}

/// A stamp written by the page's template rather than its author: a date or
/// time ("2 days ago at 07:52 am", "November 19, 2019 at 6:34 am"), a count
/// ("Rating: 36 Votes"), or a commenter's "… says:". The same shape with
/// different values three times or more on one page marks items of a list
/// (comments, other stories); an article states its own date once.
fn mark_template_stamps(document: &Document, classified: &mut Classified) {
    let shapes: Vec<Option<String>> = document
        .blocks
        .iter()
        .zip(&classified.blocks)
        .map(|(block, info)| stamp_shape(&block.text, info))
        .collect();
    // Keyed by text the page controls: std's keyed hash, not Fx, whose
    // collisions a crafted page could pile up (a server takes any page).
    let mut groups: HashMap<&str, (usize, Vec<&str>)> = HashMap::new();
    for (shape, block) in shapes.iter().zip(&document.blocks) {
        if let Some(shape) = shape {
            let entry = groups.entry(shape.as_str()).or_default();
            entry.0 += 1;
            if !entry.1.contains(&block.text.as_str()) && entry.1.len() < 3 {
                entry.1.push(block.text.as_str());
            }
        }
    }
    for (i, shape) in shapes.iter().enumerate() {
        let Some(shape) = shape else { continue };
        let repeated = groups
            .get(shape.as_str())
            .is_some_and(|(count, _)| *count >= 3);
        if !repeated {
            continue;
        }
        let info = &mut classified.blocks[i];
        info.score = info.score.min(-4.0);
        if !info.fixed {
            info.fixed = true;
            info.role = BlockRole::Chrome;
            info.reason = "a stamp the page repeats on every item of a list";
        }
    }
}

/// A text of some length written twice on one page is not the article's
/// (a gallery's captions, a teaser of the page itself, a pull quote): the
/// article says each thing once.
///
/// When nearly all the page's prose is repeated, the page itself is written
/// twice (a mobile and a desktop copy, a scraper that appended the page to
/// itself): then only the later copies are dropped, so the article survives.
fn mark_repeated_texts(document: &Document, classified: &mut Classified) {
    // Per text: copies, and whether they sit in more than one container.
    // On a page, copies inside one container are the article's own
    // structure (a menu per plan, a recipe per day), not a copy of it.
    // The texts' entries are kept in `copies`, indexed by `seen`; each
    // block counted keeps its entry's index, so the passes below do not
    // hash its text again.
    // (std's keyed hash, as for the stamps.)
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut copies: Vec<(usize, u32, bool)> = Vec::new();
    let mut entry_of: Vec<Option<usize>> = vec![None; document.blocks.len()];
    let mut prose_words = 0usize;
    // A heading repeating a paragraph (a teaser's title, a standfirst set
    // as a heading) does not make the paragraph a copy.
    for ((block, info), entry_of) in document
        .blocks
        .iter()
        .zip(&classified.blocks)
        .zip(entry_of.iter_mut())
    {
        if info.words >= 10
            && !block.hints.has(Hints::HIDDEN)
            && !matches!(block.kind, BlockKind::Heading(_))
        {
            let new = copies.len();
            let index = *seen.entry(block.text.as_str()).or_insert(new);
            if index == new {
                copies.push((0, block.container, false));
            }
            if let Some(entry) = copies.get_mut(index) {
                entry.0 += 1;
                entry.2 |= entry.1 != block.container;
            }
            *entry_of = Some(index);
            prose_words += info.words;
        }
    }
    // Exactly the blocks counted above have an entry.
    let repeated_words: usize = classified
        .blocks
        .iter()
        .zip(&entry_of)
        .filter(|(_, entry)| entry.and_then(|e| copies.get(e)).is_some_and(|e| e.0 >= 2))
        .map(|(info, _)| info.words)
        .sum();
    if prose_words > 0 && repeated_words * 10 >= prose_words * 9 {
        // Every later copy goes, headings and short lines included: they
        // belong to the second copy of the page.
        let mut first_seen: HashSet<&str> = HashSet::new();
        for (block, info) in document.blocks.iter().zip(classified.blocks.iter_mut()) {
            if info.fixed || block.hints.has(Hints::HIDDEN) || block.text.trim().is_empty() {
                continue;
            }
            if !first_seen.insert(block.text.as_str()) {
                mark_repeated(info);
            }
        }
        return;
    }
    let page = !document.containers.is_empty();
    for ((block, info), entry) in document
        .blocks
        .iter()
        .zip(classified.blocks.iter_mut())
        .zip(entry_of)
    {
        // A headline is repeated by nature (breadcrumbs, share texts). A
        // hidden block was not counted but may copy a text that was.
        if info.fixed
            || info.words < 10
            || matches!(block.kind, BlockKind::Heading(_))
            || entry
                .or_else(|| seen.get(block.text.as_str()).copied())
                .and_then(|e| copies.get(e))
                .is_none_or(|&(n, _, apart)| n < 2 || page && !apart)
        {
            continue;
        }
        mark_repeated(info);
    }
}

fn mark_repeated(info: &mut BlockInfo) {
    info.score = info.score.min(REPEATED_SCORE);
    info.fixed = true;
    info.role = BlockRole::Chrome;
    info.reason = "a text the page repeats";
}

/// The score of a repeated text: below zero, so a run of them is no article.
const REPEATED_SCORE: f32 = -1.0;

/// A template stamp: a time, a time ago, a rating or a vote count.
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)(\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*(am|pm|wib|wita|wit)\b",
        r"|\b\d+\s*(s|m|h|d|w|mo|y|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?|detik|menit|jam|hari|minggu|bulan|tahun)\s+(ago|lalu|yang lalu)\b",
        r"|\b(rating|votes?|likes?|points?|replies|poin|suka)\b.*\d|\d.*\b(votes?|likes?|points?|replies|poin|suka)\b)"
    ))
});
/// Each branch of [`STAMP`] needs a `:` or a `.` between numbers (see
/// [`number_separator`]) or one of these words: lines with none skip it,
/// whose word boundaries make it slow on non-ASCII text.
static STAMP_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)ago|lalu|rating|vote|like|poin|replies|suka"));

/// The shape of a template stamp, its numbers blanked; `None` for lines that
/// are not stamps.
fn stamp_shape(text: &str, info: &BlockInfo) -> Option<String> {
    // No more bytes than 80: no more characters either.
    if info.words == 0 || info.words > 10 || text.len() > 80 && text.chars().count() > 80 {
        return None;
    }
    let trimmed = text.trim();
    let says = trimmed.ends_with(':')
        && (2..=5).contains(&info.words)
        && !matches!(info.found, Found::Date(_) | Found::Byline(_));
    if says {
        let last = trimmed.split_whitespace().last()?.to_lowercase();
        return last
            .trim_end_matches(':')
            .chars()
            .all(char::is_alphabetic)
            .then(|| format!("… {last}"));
    }
    // The digit test first: it is cheap and rules out most lines.
    if !trimmed.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let stamp = matches!(info.found, Found::Date(_))
        || (number_separator(trimmed) || STAMP_WORDS.is_match(trimmed)) && STAMP.is_match(trimmed);
    if !stamp {
        return None;
    }
    let mut shape = String::with_capacity(trimmed.len());
    for c in trimmed.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_digit() {
            if !shape.ends_with('0') {
                shape.push('0');
            }
        } else {
            shape.push(c);
        }
    }
    Some(shape)
}

/// Whether a `:` or a `.` stands between two numeric characters (`07:52`,
/// `10.43`), as the first two branches of [`STAMP`] need: a superset of
/// `\d`, which is Unicode's decimal digits.
fn number_separator(text: &str) -> bool {
    memchr::memchr2_iter(b':', b'.', text.as_bytes()).any(|i| {
        let before = text.get(..i).and_then(|t| t.chars().next_back());
        let after = text.get(i + 1..).and_then(|t| t.chars().next());
        before.is_some_and(char::is_numeric) && after.is_some_and(char::is_numeric)
    })
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
        // (`K` the Kelvin sign is `k`): longer text is none of the roles,
        // and is not read further (most blocks are long).
        let is_role = role_text.len() <= 3 * 11
            && if role_text.is_ascii() {
                ROLES.iter().any(|r| r.eq_ignore_ascii_case(role_text))
            } else {
                ROLES.contains(&role_text.to_lowercase().as_str())
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
            // The word limit first: splitting a paragraph into names is slow.
            if info.words > 8 {
                continue;
            }
            let names = patterns::split_names(&block.text);
            if !names.is_empty() && names.iter().all(|n| patterns::looks_like_name(n)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_characters_count_as_half_words() {
        for (text, words) in [
            ("plain words here", 3),
            ("“Quoted” — words…", 3),
            ("日本語のテキスト", 5),
            ("한국어 문장", 4),
            ("中文 text", 3),
            ("\u{303F}\u{3040}\u{30FF}\u{3100} \u{4DFF}\u{4E00}\u{9FFF}\u{A000}\u{ABFF}\u{AC00}\u{D7AF}\u{D7B0}", 5),
        ] {
            assert_eq!(word_count(&BlockText::new(text)), words, "{text}");
        }
    }

    #[test]
    fn cjk_lead_bytes_are_found_in_any_chunk() {
        for pad in 0..40 {
            for c in [
                '\u{E000}', '\u{3000}', '\u{D7FF}', '\u{2FFF}', '\u{E000}', 'é', '’', 'a',
            ] {
                let text = format!("{}{c}{}", "a".repeat(pad), "’".repeat(pad % 3));
                let plain = text.bytes().any(|b| (0xE3..=0xED).contains(&b));
                assert_eq!(has_cjk_lead_byte(&text), plain, "{text}");
            }
        }
        assert!(!has_cjk_lead_byte(""));
    }

    #[test]
    fn heads_of_comment_sections() {
        for head in [
            "Comments",
            "12 Comments",
            "[ 167 comments ]",
            "Top Rated Comments",
            "Comments (4)",
            "Leave a Reply",
            "34 responses to “Anthony Lynn: We needed to win this game”",
            "Tulis Komentar",
            "Deixe um comentário",
            // One of each word the regex is gated on.
            "5 Tanggapan",
            "12 reacties",
            "Post your response",
            "Join the discussion",
            "Join the conversation",
            "2 RESPONSES",
            "Join the diſcussion",
        ] {
            assert!(comments_header(&BlockText::new(head)), "{head}");
        }
        for line in [
            "Comments on the plan were due by Friday, the council said.",
            "The minister did not respond to requests for comment.",
            "Replies",
        ] {
            assert!(!comments_header(&BlockText::new(line)), "{line}");
        }
    }

    #[test]
    fn heads_of_author_boxes() {
        for head in [
            "About the Author",
            "Über Moritz Bachmann",
            "Sobre Carlos Nadalim",
            // One of each opening of an ASCII header.
            "Tentang Penulis",
            "Acerca de Juan Perez",
            "Over Jan de Vries",
            "O autorze Jan Kowalski",
            "  ABOUT THE AUTHORS:",
        ] {
            assert!(author_box_header(&BlockText::new(head)), "{head}");
        }
        for line in [
            "About my6sense",
            "About this rating",
            "About us",
            "About 300 people came",
        ] {
            assert!(!author_box_header(&BlockText::new(line)), "{line}");
        }
    }

    #[test]
    fn newsletter_boxes() {
        assert!(subscription_box(&BlockText::new(
            "Stay up to date with Ascom. Subscribe to our newsletter."
        )));
        assert!(subscription_box(&BlockText::new(
            "You have succesfully subscribed. Thank you!"
        )));
        assert!(!subscription_box(&BlockText::new(
            "The newsletter of the society was printed in 1923 and sold well."
        )));
    }

    #[test]
    fn consent_notices() {
        assert!(consent_notice(&BlockText::new(
            "We use cookies to give you the best experience. By continuing you accept them."
        )));
        assert!(!consent_notice(&BlockText::new(
            "The bakery sold 300 cookies on Saturday and accepted cash only."
        )));
        assert!(!consent_notice(&BlockText::new(
            "The privacy law passed on Tuesday."
        )));
    }

    #[test]
    fn trailing_tags_are_set_aside() {
        assert_eq!(
            without_trailing_tag("dikutip media China.  [ANTARA]"),
            "dikutip media China."
        );
        assert_eq!(
            without_trailing_tag("said on Tuesday. (Reuters)"),
            "said on Tuesday."
        );
        assert_eq!(without_trailing_tag("no tag here"), "no tag here");
    }

    /// The stamp test reads the stamp pattern only for lines with a number
    /// separator or a stamp word: every line it matches has one or the other.
    #[test]
    fn stamps_have_a_number_separator_or_a_stamp_word() {
        let lines = [
            "2 days ago at 07:52 am",
            "07:52",
            "Kamis, 26 Agustus 2021 | 10:43 WIB",
            "10.43 wib",
            "3 hari yang lalu",
            "5 mins AGO",
            "Rating 4",
            "12 Votes",
            "7 li\u{212A}es",
            "9 \u{17F}uka",
            "\u{663}:\u{664}\u{665}",
            "\u{FF11}\u{FF12}.\u{FF13}\u{FF14} pm",
            "\u{966}\u{967}:\u{968}\u{969} 1",
            "Rp 1.000",
            "Bab 3.",
            "1:",
            ":1",
            "2.",
            "a.1",
        ];
        for line in lines {
            if STAMP.is_match(line) {
                assert!(
                    number_separator(line) || STAMP_WORDS.is_match(line),
                    "{line}"
                );
            }
        }
        assert!(STAMP.is_match("\u{663}:\u{664}\u{665}"), "\\d is Unicode");
        assert!(number_separator("\u{663}:\u{664}\u{665}"));
        assert!(!number_separator("Bab 3."));
        assert!(!number_separator(": 3 ."));
        assert!(number_separator("Rp 1.000"));
    }

    #[test]
    fn stamps_blank_their_numbers() {
        let info = |words| BlockInfo {
            role: BlockRole::Paragraph,
            reason: "",
            score: 0.0,
            words,
            sentence: false,
            fixed: false,
            found: Found::Nothing,
        };
        assert_eq!(
            stamp_shape("2 days ago at 07:52 am", &info(6)).as_deref(),
            Some("0 days ago at 0:0 am")
        );
        assert_eq!(
            stamp_shape("joetoronto says:", &info(2)).as_deref(),
            Some("… says:")
        );
        assert_eq!(stamp_shape("Meal 3", &info(2)), None);
        // Every branch without a `:` or a `.`, in any case.
        for (stamp, shape) in [
            ("3 hari yang lalu", "0 hari yang lalu"),
            ("5 mins AGO", "0 mins ago"),
            ("Rating 4", "rating 0"),
            ("12 Votes", "0 votes"),
            ("7 li\u{212A}es", "0 likes"),
            ("30 points", "0 points"),
            ("2 replies", "0 replies"),
            ("9 \u{17F}uka", "0 \u{17F}uka"),
        ] {
            assert_eq!(
                stamp_shape(stamp, &info(3)).as_deref(),
                Some(shape),
                "{stamp}"
            );
        }
        assert_eq!(stamp_shape("$119.00", &info(1)), None);
    }

    /// The last-byte shortcut answers as the characters do, for every
    /// ASCII byte and a few characters outside ASCII at the end.
    #[test]
    fn sentence_ends_told_by_the_last_byte_as_by_characters() {
        let ends = (0u8..128).map(char::from).chain([
            '”', '’', '»', '…', '。', '！', '？', '\u{A0}', '\u{2003}', 'é',
        ]);
        for end in ends {
            for before in ["", "Text", "Text.", "Text!\"", "Text )", "Text.\u{A0}"] {
                let text = format!("{before}{end}");
                assert_eq!(ends_sentence(&text), ends_sentence_plain(&text), "{text:?}");
            }
        }
    }
}
