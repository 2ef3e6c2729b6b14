//! Stage 2: where the article is, and which of its blocks are body.
//!
//! The article is the run of blocks with the highest total content score
//! (Kadane's maximum-sum segment): paragraphs add, menus, link lists and
//! widget lists subtract, pattern blocks (captions, "Baca Juga" links, ads)
//! are neutral, so they neither break the article nor pull it apart.

use std::borrow::Cow;

use warta_model::BlockRole;
use warta_parse::{BlockKind, Document, Hints};

use crate::classify::{Classified, Found};
use crate::pagemeta;
use crate::patterns;

/// Paragraphs of article text that must come before a comment section's
/// head for the head to end the article (a comment count under the headline
/// does not).
const MIN_TEXT_BEFORE_COMMENTS: usize = 3;

/// A line under a related-story header of at least this many words is a
/// story's title, not a share bar or a label.
const TITLE_WORDS: usize = 6;

/// What selection decided for every block.
#[derive(Clone, Debug)]
pub struct Selection {
    /// First block of the article region.
    pub start: usize,
    /// One past its last block.
    pub end: usize,
    /// Final role, kept flag and reason of every block.
    pub decisions: Vec<Decision>,
    /// The page ends before the article does.
    pub truncated: bool,
}

/// The final word on one block.
#[derive(Clone, Debug)]
pub struct Decision {
    /// What the block was taken for.
    pub role: BlockRole,
    /// Whether it went into the article's body.
    pub body: bool,
    /// Why.
    pub reason: Cow<'static, str>,
}

/// Decides the article region and the body blocks.
pub fn select(document: &Document, classified: &Classified) -> Selection {
    let n = document.blocks.len();
    let mut scores: Vec<f32> = classified
        .blocks
        .iter()
        .map(|b| if b.fixed { b.score.min(0.0) } else { b.score })
        .collect();
    let mut decisions: Vec<Decision> = classified
        .blocks
        .iter()
        .map(|b| Decision {
            role: if b.fixed {
                b.role
            } else {
                BlockRole::Boilerplate
            },
            body: false,
            reason: Cow::Borrowed(if b.fixed {
                b.reason
            } else {
                "outside the article"
            }),
        })
        .collect();

    // Lists under a widget header are other stories, until running text resumes.
    // On a page, the list is also bounded by the header's enclosing container.
    // A header that opens a section of its own after the article's text
    // titles all of that section, teasers written as running text included.
    let mut in_widget = false;
    let mut widget_box: Option<u32> = None;
    let mut section = false;
    let mut sections: Option<Sections> = None;
    let mut text_before = false;
    let mut header = 0;
    let mut items = 0;
    let mut title_under = false;
    for (i, info) in classified.blocks.iter().enumerate() {
        let text_so_far = text_before;
        text_before |= scores[i] > 1.5;
        if matches!(info.found, Found::WidgetHeader) {
            in_widget = true;
            header = i;
            items = 0;
            title_under = false;
            // A section opened after article text.
            let opened = (document.containers.len() > 1 && text_so_far)
                .then(|| sections.get_or_insert_with(|| Sections::new(document)))
                .and_then(|s| s.opened_by(document, i));
            section = opened.is_some();
            widget_box = opened.or_else(|| {
                (!document.containers.is_empty()).then(|| {
                    let c = document.blocks[i].container;
                    document.containers.get(c as usize).map_or(c, |k| k.parent)
                })
            });
            continue;
        }
        if in_widget {
            let left_box = widget_box
                .is_some_and(|b| !document.container_within(document.blocks[i].container, b));
            if left_box
                || !section
                    && !info.fixed
                    && info.score > 1.5
                    && info.sentence
                    && document.blocks[i].list_marker.is_none()
            {
                in_widget = false;
                // In a dump, a header with text right under it and no list
                // (no story's title either: a title over its blurb is a
                // teaser) tells nothing of where the article is: which side
                // of it is the article, the text decides.
                if document.input == warta_model::InputKind::Text
                    && !left_box
                    && items < 2
                    && !title_under
                {
                    scores[header] = 0.0;
                }
            } else if !info.fixed {
                items += 1;
                title_under |= info.words >= TITLE_WORDS;
                scores[i] = scores[i].min(-1.5);
                decisions[i] = Decision {
                    role: BlockRole::WidgetList,
                    body: false,
                    reason: Cow::Borrowed("an item of a list of other stories"),
                };
            }
        }
    }

    // "Load More" ends the article once some text has been seen.
    let mut stop = n;
    let mut seen_text = false;
    for (i, info) in classified.blocks.iter().enumerate() {
        if scores[i] > 1.0 {
            seen_text = true;
        }
        if seen_text && matches!(info.found, Found::EndOfArticle) {
            stop = i;
            break;
        }
    }

    // Readers' comments and the author's bio close the article: the first
    // head of either with a run of article text before it bounds the article.
    for i in 0..stop {
        if !matches!(
            classified.blocks[i].found,
            Found::CommentsStart | Found::AuthorBox
        ) {
            continue;
        }
        // A head over a comment (a commenter's stamp or "… said:" right
        // below it) opens the thread itself, not a count under the
        // headline: one paragraph before it is enough.
        let needed = if opens_thread(document, classified, i, stop) {
            1
        } else {
            MIN_TEXT_BEFORE_COMMENTS
        };
        let text_before = best_segment(&scores[..i])
            .is_some_and(|(s, e)| scores[s..e].iter().filter(|s| **s > 1.5).count() >= needed);
        if text_before {
            stop = i;
            break;
        }
    }

    let Some((start, end)) = best_segment(&scores[..stop]) else {
        return Selection {
            start: 0,
            end: 0,
            decisions,
            truncated: false,
        };
    };

    // On a page, the article is one container element: the innermost one
    // holding nearly all of the region's text. Blocks outside it are not
    // article; its blocks just outside the region may be.
    let article = article_container(document, &scores, start, end)
        .map(|a| named_body(document, &scores, a, start, end))
        .map(|a| widen_over_loose_text(document, classified, &scores, a, start, end));
    let (start, end) = match article {
        Some(a) => {
            let under = |i: &usize| {
                scores[*i] > 0.0 && document.container_within(document.blocks[*i].container, a)
            };
            let first = (0..stop).find(under).unwrap_or(start);
            let last = (0..stop).rev().find(under).map_or(end, |l| l + 1);
            (first.min(start), last.max(end))
        }
        None => (start, end),
    };

    // The article's container may close on blocks too short or too bare to
    // score (a list of dates, a last short line): they stay in the article
    // when nothing but such blocks lies between them and its text.
    let end = match article {
        Some(a) => {
            let mut last = end;
            for (i, &score) in scores.iter().enumerate().take(stop).skip(end) {
                let block = &document.blocks[i];
                let info = &classified.blocks[i];
                if !document.container_within(block.container, a) {
                    break;
                }
                if info.fixed {
                    if score < 0.0 {
                        break;
                    }
                    continue;
                }
                if short_paragraph(document, classified, a, i)
                    || heading_like(document, classified, i)
                        && next_short_block_follows(document, classified, a, i, stop)
                {
                    last = i + 1;
                } else {
                    break;
                }
            }
            last
        }
        None => end,
    };

    // The article starts under its headline (the heading the page's metadata
    // names): text above it in the run (a ticker, teasers) is something else.
    let start = headline_inside(document, &scores, start, end).map_or(start, |h| {
        (h + 1..end).find(|&i| scores[i] > 0.0).unwrap_or(start)
    });

    for i in start..end {
        let info = &classified.blocks[i];
        // An item under a widget header stays in its list, however short a
        // line of text it looks like.
        if info.fixed || decisions[i].role == BlockRole::WidgetList {
            continue;
        }
        let block = &document.blocks[i];
        if let Some(a) = article {
            if !document.container_within(block.container, a) {
                decisions[i].reason = Cow::Borrowed("outside the article's container");
                continue;
            }
        }
        if scores[i] <= 0.0
            && article.is_some_and(|a| {
                short_paragraph(document, classified, a, i)
                    || short_line_between_text(document, classified, &scores, a, i, end)
            })
        {
            decisions[i] = Decision {
                role: match block.kind {
                    BlockKind::ListItem => BlockRole::ListItem,
                    BlockKind::Quote => BlockRole::Quote,
                    BlockKind::Table => BlockRole::Table,
                    BlockKind::Code => BlockRole::Code,
                    _ => BlockRole::Paragraph,
                },
                body: true,
                reason: Cow::Borrowed("a short block of the article"),
            };
            continue;
        }
        if scores[i] > 0.0 && article.is_some_and(|a| boxed_inside(document, a, i)) {
            decisions[i].reason =
                Cow::Borrowed("inside a box the article holds (newsletter, ad, share)");
            continue;
        }
        if scores[i] > 0.0 {
            let role = if info.role == BlockRole::Heading && info.sentence && info.words > 15 {
                BlockRole::Paragraph
            } else {
                info.role
            };
            decisions[i] = Decision {
                role,
                body: true,
                reason: Cow::Borrowed("article text"),
            };
        } else if heading_like(document, classified, i)
            && (next_text_follows(&scores, classified, i, end)
                || article.is_some_and(|a| {
                    heading_over_heading(document, classified, &scores, a, i, end)
                        || (i + 1..end)
                            .find(|&j| !classified.blocks[j].fixed)
                            .is_some_and(|j| {
                                short_line_between_text(document, classified, &scores, a, j, end)
                            })
                })
                || article
                    .is_some_and(|a| next_short_block_follows(document, classified, a, i, end)))
        {
            decisions[i] = Decision {
                role: BlockRole::Heading,
                body: true,
                reason: Cow::Borrowed("a subheading of the article"),
            };
        } else if block.kind == BlockKind::ListItem
            && list_inside_text(&scores, classified, document, i, start, end)
        {
            decisions[i] = Decision {
                role: BlockRole::ListItem,
                body: true,
                reason: Cow::Borrowed("a list inside the article"),
            };
        } else if decisions[i].role == BlockRole::Boilerplate {
            decisions[i].reason = Cow::Borrowed("a short line inside the article that is not text");
        }
    }

    // A subheading right after the text, with nothing but lists or the end
    // after it, means the page was cut off there.
    let mut truncated = false;
    if let Some(i) = (end..stop.min(n)).find(|&i| !matches!(decisions[i].role, BlockRole::Chrome)) {
        let after_is_end = (i + 1..n)
            .find(|&j| !matches!(decisions[j].role, BlockRole::Chrome))
            .is_none_or(|j| {
                matches!(
                    classified.blocks[j].found,
                    Found::WidgetHeader | Found::EndOfArticle
                )
            });
        if !classified.blocks[i].fixed && heading_like(document, classified, i) && after_is_end {
            decisions[i] = Decision {
                role: BlockRole::Heading,
                body: true,
                reason: Cow::Borrowed("a subheading with nothing after it: the page is cut off"),
            };
            truncated = true;
        }
    }
    keep_post_attributions(document, &mut decisions);
    drop_pull_quotes(document, &mut decisions);
    if let Some(last) = (start..n).rev().find(|&i| decisions[i].body) {
        truncated |= decisions[last].role == BlockRole::Heading;
    }
    Selection {
        start,
        end,
        decisions,
        truncated,
    }
}

/// The comment head at `i` is followed at once by a comment's stamp: a
/// date line or a "… said:" line.
fn opens_thread(document: &Document, classified: &Classified, i: usize, stop: usize) -> bool {
    (i + 1..(i + 3).min(stop)).any(|j| {
        let text = document.blocks[j].text.trim_end().to_lowercase();
        classified.blocks[j].role == BlockRole::DateLine
            || [
                "said:", "says:", "wrote:", "berkata:", "disse:", "dijo:", "schrieb:",
            ]
            .iter()
            .any(|w| text.ends_with(w))
    })
}

/// Where each container of a page starts and ends, and which hold a
/// top-level heading.
struct Sections {
    /// Index of the first block inside each container (`usize::MAX` if none).
    first: Vec<usize>,
    /// Index of the last block inside each container.
    last: Vec<usize>,
    /// The container holds an `<h1>`.
    headline: Vec<bool>,
}

impl Sections {
    fn new(document: &Document) -> Self {
        let n = document.containers.len();
        // Each walk up stops where an earlier one went: linear in all.
        let mark = |marks: &mut [usize], mut c: u32, i: usize| {
            while let Some(slot) = marks.get_mut(c as usize) {
                if *slot != usize::MAX {
                    break;
                }
                *slot = i;
                match document.containers[c as usize].parent {
                    p if p != c => c = p,
                    _ => break,
                }
            }
        };
        let mut first = vec![usize::MAX; n];
        let mut last = vec![usize::MAX; n];
        let mut headline = vec![usize::MAX; n];
        for (i, b) in document.blocks.iter().enumerate() {
            mark(&mut first, b.container, i);
            if b.kind == BlockKind::Heading(1) {
                mark(&mut headline, b.container, i);
            }
        }
        for (i, b) in document.blocks.iter().enumerate().rev() {
            mark(&mut last, b.container, i);
        }
        Sections {
            first,
            last,
            headline: headline.into_iter().map(|h| h != usize::MAX).collect(),
        }
    }

    /// The section a widget header at `i` opens: the innermost container
    /// holding more than the header, when the header is its first block
    /// and it holds no top-level heading (then it is not the article).
    fn opened_by(&self, document: &Document, i: usize) -> Option<u32> {
        let mut c = document.blocks[i].container;
        while self.last.get(c as usize) == Some(&i) {
            match document.containers[c as usize].parent {
                p if p != c => c = p,
                _ => return None,
            }
        }
        (self.first.get(c as usize) == Some(&i)
            && !self.headline.get(c as usize).copied().unwrap_or(true))
        .then_some(c)
    }
}

/// The innermost container holding most of the article region's text score
/// (pages only: dumps have no containers).
fn article_container(document: &Document, scores: &[f32], start: usize, end: usize) -> Option<u32> {
    if document.containers.len() < 2 {
        return None;
    }
    let mut sums = vec![0.0f32; document.containers.len()];
    let mut total = 0.0;
    for (block, &score) in document.blocks[start..end].iter().zip(&scores[start..end]) {
        if score <= 0.0 {
            continue;
        }
        total += score;
        let mut c = block.container;
        while let Some(slot) = sums.get_mut(c as usize) {
            *slot += score;
            let parent = document.containers[c as usize].parent;
            if parent == c {
                break;
            }
            c = parent;
        }
    }
    if total <= 0.0 {
        return None;
    }
    (0..sums.len())
        .filter(|&c| sums[c] >= 0.8 * total)
        .max_by_key(|&c| document.containers[c].depth)
        .map(|c| c as u32)
}

/// Keeps the attribution line of an embedded post (`— Dele (@dele_official)
/// November 19, 2019`) when the post's text just above it is kept: it is
/// too short and too linked to stand on its own.
fn keep_post_attributions(document: &Document, decisions: &mut [Decision]) {
    for i in 1..decisions.len() {
        if decisions[i].body
            || !decisions[i - 1].body
            || !matches!(document.blocks[i - 1].kind, BlockKind::Quote)
            || !patterns::post_attribution(&document.blocks[i].text)
        {
            continue;
        }
        decisions[i] = Decision {
            role: BlockRole::Quote,
            body: true,
            reason: Cow::Borrowed("the attribution of an embedded post"),
        };
    }
}

/// Drops quotations that repeat a sentence of the article's own text: pull
/// quotes set in large type beside the story (`… remaja yang masih muda …`).
fn drop_pull_quotes(document: &Document, decisions: &mut [Decision]) {
    let quotes: Vec<usize> = (0..decisions.len())
        .filter(|&i| decisions[i].body && document.blocks[i].kind == BlockKind::Quote)
        .collect();
    // Each block is lower-cased once, when a quote first looks at it, not
    // once per quote.
    let mut lowered: Vec<Option<String>> = vec![None; decisions.len()];
    for q in quotes {
        let core = document.blocks[q]
            .text
            .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '…' | '"' | '“' | '”'))
            .to_lowercase();
        if core.chars().count() < 30 {
            continue;
        }
        let repeated = (0..decisions.len()).any(|i| {
            i != q
                && decisions[i].body
                && document.blocks[i].kind != BlockKind::Quote
                && lowered[i]
                    .get_or_insert_with(|| document.blocks[i].text.to_lowercase())
                    .contains(&core)
        });
        if repeated {
            decisions[q].body = false;
            decisions[q].role = BlockRole::Boilerplate;
            decisions[q].reason = Cow::Borrowed("a pull quote repeating the article's text");
        }
    }
}

/// The article container widened to its parent when the parent adds only
/// the story's opening: bodies often start with a bare text node holding the
/// dateline paragraph (`Bandarlampung (ANTARA) - …`) before the element
/// holding the rest. Anything else beside the container (standfirsts,
/// teasers, author bios) stays out.
fn widen_over_loose_text(
    document: &Document,
    classified: &Classified,
    scores: &[f32],
    mut article: u32,
    start: usize,
    end: usize,
) -> u32 {
    const MAX_LOOSE: usize = 3;
    loop {
        let Some(parent) = document
            .containers
            .get(article as usize)
            .map(|c| c.parent)
            .filter(|&p| p != article)
        else {
            return article;
        };
        let under_parent: Vec<usize> = (start..end)
            .filter(|&i| document.container_within(document.blocks[i].container, parent))
            .collect();
        let loose: Vec<usize> = under_parent
            .iter()
            .copied()
            .filter(|&i| !document.container_within(document.blocks[i].container, article))
            .collect();
        let (Some(&first), Some(&last)) = (under_parent.first(), under_parent.last()) else {
            return article;
        };
        let contiguous = under_parent.len() == last - first + 1;
        let all_text = loose
            .iter()
            .all(|&i| scores[i] > 0.0 && classified.blocks[i].sentence);
        let leading = loose.first() == Some(&first)
            && loose.windows(2).all(|w| w[1] == w[0] + 1)
            && patterns::dateline(&document.blocks[first].text).is_some();
        if loose.is_empty() || loose.len() > MAX_LOOSE || !contiguous || !all_text || !leading {
            return article;
        }
        article = parent;
    }
}

/// The page's headline, when it lies inside the run with article text after it.
fn headline_inside(document: &Document, scores: &[f32], start: usize, end: usize) -> Option<usize> {
    if document.input != warta_model::InputKind::Html {
        return None;
    }
    let site = pagemeta::site_name(&document.meta);
    let title = pagemeta::meta_title(&document.meta, site.as_deref())?;
    let h = pagemeta::headline_block(document, start, end, Some(&title))?;
    if !(start < h && h < end) {
        return None;
    }
    // A recipe card or a summary box titled like the page comes late, after
    // most of the text; a headline comes before most of it.
    let text =
        |range: std::ops::Range<usize>| -> f32 { scores[range].iter().map(|s| s.max(0.0)).sum() };
    let paragraphs_after = scores[h + 1..end].iter().filter(|s| **s > 1.5).count();
    (paragraphs_after >= 3 && text(start..h) < text(h + 1..end)).then_some(h)
}

/// The element whose class or id names it the article's body (`entry-content`,
/// `article-body`, …) around container `a`, when the best run holds only a
/// small part of its text: boxes inside the body (products, embeds) split
/// the text into runs, and the name tells the whole.
fn named_body(document: &Document, scores: &[f32], a: u32, start: usize, end: usize) -> u32 {
    let named = |c: u32| {
        document
            .containers
            .get(c as usize)
            .is_some_and(|k| k.hints.has(Hints::CONTENT_NAME))
    };
    if !named(a) {
        return a;
    }
    let mut c = a;
    while let Some(k) = document.containers.get(c as usize) {
        if k.parent == c || !named(k.parent) {
            break;
        }
        c = k.parent;
    }
    let text_in = |range: std::ops::Range<usize>| -> f32 {
        range
            .filter(|&i| document.container_within(document.blocks[i].container, c))
            .map(|i| scores[i].max(0.0))
            .sum()
    };
    let run = text_in(start..end);
    let whole = text_in(0..scores.len());
    if run < SPLIT_RUN_SHARE * whole {
        c
    } else {
        a
    }
}

/// Below this share of its named body's text, the best run is a fragment.
const SPLIT_RUN_SHARE: f32 = 0.4;

/// A paragraph inside the article's container `article` too short to score,
/// but written as text and free of page furniture. Hints the article's own
/// container carries say nothing about one block of it: only those added
/// inside count.
fn short_paragraph(document: &Document, classified: &Classified, article: u32, i: usize) -> bool {
    let block = &document.blocks[i];
    let inherited = document
        .containers
        .get(article as usize)
        .map_or(0, |c| c.hints.0);
    let own = Hints(block.hints.0 & !inherited);
    let info = &classified.blocks[i];
    let kind_ok = match block.kind {
        BlockKind::Paragraph | BlockKind::Quote | BlockKind::Line => {
            info.sentence || info.words >= 6
        }
        BlockKind::ListItem => info.words >= 2,
        BlockKind::Table | BlockKind::Code => true,
        _ => false,
    };
    kind_ok
        && info.words >= 1
        && block.link_density() < 0.3
        && !block.hints.any(Hints::HIDDEN)
        && !own.any(
            Hints::NAV
                | Hints::FOOTER
                | Hints::COMMENT
                | Hints::FORM
                | Hints::HIDDEN
                | Hints::BOILERPLATE_NAME
                | Hints::ASIDE,
        )
}

/// A `<p>` of a few plain words (`Drink during your workout`) inside the
/// article's container, with article text or a short block of it on both
/// sides: a line of the article, too short to read as text on its own.
fn short_line_between_text(
    document: &Document,
    classified: &Classified,
    scores: &[f32],
    article: u32,
    i: usize,
    end: usize,
) -> bool {
    let block = &document.blocks[i];
    let info = &classified.blocks[i];
    if block.kind != BlockKind::Paragraph
        || !(2..=5).contains(&info.words)
        || !block.links.is_empty()
        || !own_hints_clean(document, article, i)
    {
        return false;
    }
    let text_at = |j: usize| {
        document.container_within(document.blocks[j].container, article)
            && (scores[j] > 0.0
                || short_paragraph(document, classified, article, j)
                || matches!(document.blocks[j].kind, BlockKind::Heading(_)))
    };
    let before = (0..i).rev().find(|&j| !classified.blocks[j].fixed);
    let after = (i + 1..end).find(|&j| !classified.blocks[j].fixed);
    before.is_some_and(text_at) && after.is_some_and(text_at)
}

/// A heading of the article whose next block is another heading (`Meal
/// Prep Menu for Plan A` over `Pre-Workout Meal`), with the article's text
/// after them.
fn heading_over_heading(
    document: &Document,
    classified: &Classified,
    scores: &[f32],
    article: u32,
    i: usize,
    end: usize,
) -> bool {
    // A list of other stories is a run of linked headings.
    let is_heading = |j: usize| {
        matches!(document.blocks[j].kind, BlockKind::Heading(_))
            && document.blocks[j].links.is_empty()
    };
    if !is_heading(i) {
        return false;
    }
    let Some(next) = (i + 1..end).find(|&j| !classified.blocks[j].fixed) else {
        return false;
    };
    if !is_heading(next) || !document.container_within(document.blocks[next].container, article) {
        return false;
    }
    (next + 1..end)
        .find(|&j| !classified.blocks[j].fixed && !is_heading(j))
        .is_some_and(|j| {
            scores[j] > 0.0
                || short_paragraph(document, classified, article, j)
                || short_line_between_text(document, classified, scores, article, j, end)
        })
}

/// The block sits in an element inside the article's container whose name
/// says furniture (`Newsletter-container`, `share-tools`): the article's
/// own name no longer vouches for it there.
fn boxed_inside(document: &Document, article: u32, i: usize) -> bool {
    let block = &document.blocks[i];
    let inherited = document
        .containers
        .get(article as usize)
        .map_or(0, |c| c.hints.0);
    let own = Hints(block.hints.0 & !inherited);
    // An embedded post is quoted text, whatever its wrapper is called
    // (`social-embed`).
    block.kind != BlockKind::Quote
        && own.any(Hints::BOILERPLATE_NAME | Hints::FORM)
        && !own.any(Hints::CONTENT_NAME)
}

/// The block carries no furniture hint beyond those of the article's own
/// container.
fn own_hints_clean(document: &Document, article: u32, i: usize) -> bool {
    let block = &document.blocks[i];
    let inherited = document
        .containers
        .get(article as usize)
        .map_or(0, |c| c.hints.0);
    let own = Hints(block.hints.0 & !inherited);
    !block.hints.any(Hints::HIDDEN)
        && !own.any(
            Hints::NAV
                | Hints::FOOTER
                | Hints::COMMENT
                | Hints::FORM
                | Hints::HIDDEN
                | Hints::BOILERPLATE_NAME
                | Hints::ASIDE,
        )
}

/// The maximum-sum run of scores, trimmed to start and end on a positive one.
fn best_segment(scores: &[f32]) -> Option<(usize, usize)> {
    let mut best = (0.0f32, 0usize, 0usize);
    let mut sum = 0.0f32;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += s;
        if sum > best.0 {
            best = (sum, start, i + 1);
        }
    }
    if best.0 <= 0.0 {
        return None;
    }
    let (_, mut s, mut e) = best;
    while s < e && scores[s] <= 0.0 {
        s += 1;
    }
    while e > s && scores[e - 1] <= 0.0 {
        e -= 1;
    }
    Some((s, e))
}

/// A short title-shaped line: the shape of a subheading.
fn heading_like(document: &Document, classified: &Classified, i: usize) -> bool {
    let block = &document.blocks[i];
    let info = &classified.blocks[i];
    if matches!(block.kind, BlockKind::Heading(_)) {
        return true;
    }
    (1..=15).contains(&info.words)
        && !info.sentence
        && block.list_marker.is_none()
        && block.link_density() < 0.5
        && block
            .text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// The next content block inside the region reads as text.
fn next_text_follows(scores: &[f32], classified: &Classified, i: usize, end: usize) -> bool {
    (i + 1..end)
        .find(|&j| !classified.blocks[j].fixed)
        .is_some_and(|j| scores[j] > 0.0)
}

/// The next content block inside the region is a short block of the article.
fn next_short_block_follows(
    document: &Document,
    classified: &Classified,
    article: u32,
    i: usize,
    end: usize,
) -> bool {
    (i + 1..end)
        .find(|&j| !classified.blocks[j].fixed)
        .is_some_and(|j| short_paragraph(document, classified, article, j))
}

/// A list item between two stretches of article text.
fn list_inside_text(
    scores: &[f32],
    classified: &Classified,
    document: &Document,
    i: usize,
    start: usize,
    end: usize,
) -> bool {
    let is_item = |j: usize| document.blocks[j].kind == BlockKind::ListItem;
    let before = (start..i)
        .rev()
        .find(|&j| !classified.blocks[j].fixed && !is_item(j));
    let after = (i + 1..end).find(|&j| !classified.blocks[j].fixed && !is_item(j));
    let text_around =
        before.is_some_and(|j| scores[j] > 0.0) && after.is_some_and(|j| scores[j] > 0.0);
    text_around && document.blocks[i].link_density() < 0.5
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_parse::Block;

    /// [`drop_pull_quotes`] as it was, lower-casing every block per quote.
    fn drop_pull_quotes_per_quote(document: &Document, decisions: &mut [Decision]) {
        let quotes: Vec<usize> = (0..decisions.len())
            .filter(|&i| decisions[i].body && document.blocks[i].kind == BlockKind::Quote)
            .collect();
        for q in quotes {
            let core = document.blocks[q]
                .text
                .trim_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | '…' | '"' | '“' | '”')
                })
                .to_lowercase();
            if core.chars().count() < 30 {
                continue;
            }
            let repeated = (0..decisions.len()).any(|i| {
                i != q
                    && decisions[i].body
                    && document.blocks[i].kind != BlockKind::Quote
                    && document.blocks[i].text.to_lowercase().contains(&core)
            });
            if repeated {
                decisions[q].body = false;
                decisions[q].role = BlockRole::Boilerplate;
                decisions[q].reason = Cow::Borrowed("a pull quote repeating the article's text");
            }
        }
    }

    /// Quotes repeating body text, quoting each other, too short, or not
    /// in the body give the same decisions with the lower-cased blocks kept
    /// from quote to quote.
    #[test]
    fn pull_quotes_are_dropped_as_when_each_quote_lowered_every_block() {
        let long = "Para pelaku menawarkan berbagai imbalan kepada korban yang masih muda";
        let texts: [(&str, BlockKind, bool); 9] = [
            ("Pembuka berita hari ini.", BlockKind::Paragraph, true),
            (long, BlockKind::Quote, true),
            ("“PARA PELAKU MENAWARKAN BERBAGAI IMBALAN KEPADA KORBAN YANG MASIH MUDA”", BlockKind::Quote, true),
            ("Kata polisi, para pelaku menawarkan berbagai imbalan kepada korban yang masih muda sekali.", BlockKind::Paragraph, true),
            ("Kutipan pendek.", BlockKind::Quote, true),
            ("Kutipan yang tidak pernah muncul di teks berita ini sama sekali.", BlockKind::Quote, true),
            ("Kutipan yang tidak pernah muncul di teks berita ini sama sekali, lagi.", BlockKind::Paragraph, false),
            ("İstanbul’da toplanan heyet ŞUBAT ayında karar verdi, dedi.", BlockKind::Paragraph, true),
            ("istanbul’da toplanan heyet şubat ayında karar verdi", BlockKind::Quote, true),
        ];
        let mut document = Document::new(warta_model::InputKind::Html);
        document.blocks = texts
            .iter()
            .map(|(text, kind, _)| Block {
                text: (*text).to_owned(),
                kind: *kind,
                ..Block::default()
            })
            .collect();
        let decisions: Vec<Decision> = texts
            .iter()
            .map(|(_, _, body)| Decision {
                role: BlockRole::Paragraph,
                body: *body,
                reason: Cow::Borrowed("test"),
            })
            .collect();
        let mut once = decisions.clone();
        drop_pull_quotes(&document, &mut once);
        let mut per_quote = decisions;
        drop_pull_quotes_per_quote(&document, &mut per_quote);
        let summary = |d: &[Decision]| -> Vec<(bool, String)> {
            d.iter().map(|d| (d.body, d.reason.to_string())).collect()
        };
        assert_eq!(summary(&once), summary(&per_quote));
        // Both quotes of the long sentence go; the other quotes stay.
        assert_eq!(
            once.iter().map(|d| d.body).collect::<Vec<_>>(),
            [true, false, false, true, true, true, false, true, true]
        );
    }
}
