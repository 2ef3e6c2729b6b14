//! Stage 4: the [`Article`] from the selection, the metadata and the facts.

use std::borrow::Cow;

use warta_facts::FactsInput;
use warta_model::InputKind;
use warta_model::{
    Article, Author, AuthorRole, BlockRole, BodyBlock, BodyKind, ExplainedBlock, Image, InlineMark,
    RelatedLink,
};
use warta_parse::{BlockKind, Document};

use crate::classify::{Classified, Found};
use crate::meta;
use crate::pagemeta;
use crate::patterns;
use crate::select::Selection;
use crate::Options;

/// How many links a closing related list may hold.
const MAX_CLOSING_LINKS: usize = 10;

/// UTC offset assumed for times written without a zone on Indonesian pages (WIB).
const WIB_MINUTES: i32 = 7 * 60;

/// Builds the article.
pub fn assemble(
    document: &Document,
    classified: &Classified,
    selection: &Selection,
    options: &Options,
) -> Article {
    let mut article = Article::empty(document.input);
    article.id = options.id.clone();
    article.url = options
        .url
        .clone()
        .or_else(|| document.meta.canonical.clone());
    article.language = classified.language.map(|l| l.code.to_owned());
    article.warnings = document.warnings.clone();

    let mut decisions = selection.decisions.clone();
    let mut meta = meta::visible(document, classified, selection);
    let page_site = reconcile_page_meta(document, selection, classified, &mut meta, &mut article);
    if let Some(i) = meta.title_block {
        // The headline is the title, never a body block.
        decisions[i].role = BlockRole::Title;
        decisions[i].body = false;
        decisions[i].reason = Cow::Borrowed("the headline above the byline and text");
    }

    for &i in &meta.byline_blocks {
        // Credits are never body text, wherever the selection drew the line.
        if decisions[i].body {
            decisions[i].role = BlockRole::Byline;
            decisions[i].body = false;
            decisions[i].reason = Cow::Borrowed("a credit line");
        }
    }

    // Body blocks in order, with the dateline and trailing tags peeled off.
    let mut body: Vec<(usize, BodyBlock)> = decisions
        .iter()
        .enumerate()
        .filter(|(_, d)| d.body)
        .map(|(i, d)| {
            (i, {
                let mut block = BodyBlock::new(
                    d.role.body_kind().unwrap_or(BodyKind::Paragraph),
                    document.blocks[i].text.clone(),
                );
                block.inline = document.blocks[i].inline.clone();
                block
            })
        })
        .collect();
    let mut agency = meta.agency;
    // A page may set the place apart from the first paragraph: as its own
    // block (`Jakarta -`) or in bold at its start (`**Jakarta** - Polisi …`).
    if let Some(pos) = body
        .iter()
        .position(|(_, b)| b.kind != BodyKind::Heading || bare_place(&b.text).is_some())
    {
        if let Some(place) = bare_place(&body[pos].1.text) {
            let (i, _) = body.remove(pos);
            decisions[i].body = false;
            decisions[i].reason = Cow::Borrowed("the dateline's place");
            article.dateline = Some(warta_model::Dateline {
                place: Some(place),
                outlet: None,
            });
        } else if let Some((place, cut)) = bold_place(&body[pos].1) {
            let first = &mut body[pos].1;
            let rest = first.text[cut..].to_owned();
            shift_marks(&mut first.inline, cut, rest.len());
            first.text = rest;
            article.dateline = Some(warta_model::Dateline {
                place: Some(place),
                outlet: None,
            });
        }
    }
    if let Some((_, first)) = body
        .iter_mut()
        .find(|(_, b)| b.kind == BodyKind::Paragraph)
        .filter(|_| article.dateline.is_none())
    {
        if let Some((dateline, rest, dateline_agency)) = patterns::dateline(&first.text) {
            let rest = rest.to_owned();
            article.site_name = match page_site.as_deref() {
                None => meta::site_from_outlet(dateline.outlet.as_deref()),
                Some(site) => Some(meta::site_without_channel(site, dateline.outlet.as_deref())),
            };
            agency = dateline_agency.or(agency);
            article.dateline = Some(dateline);
            let cut = first.text.len() - rest.len();
            shift_marks(&mut first.inline, cut, rest.len());
            first.text = rest;
        }
    }
    let mut authors = meta.authors.clone();
    peel_trailing_tags(&mut body, &mut agency, &mut authors);
    body.retain(|(i, b)| {
        let keep = !b.text.trim().is_empty();
        if !keep {
            decisions[*i].body = false;
            decisions[*i].reason = Cow::Borrowed("only a tag or desk code");
        }
        keep
    });

    // Captions and related links from the article and its header.
    // A list of links headed by a related cue right where the text ends
    // ("JANGAN LEWATKAN!!!") is the article's own, however long.
    let text_ends_at = (selection.end..document.blocks.len())
        .find(|&i| !document.blocks[i].text.trim().is_empty());
    let mut reach_end = (selection.end + 2).min(document.blocks.len());
    let mut related_header = false;
    let mut i = meta::header_start(document, selection.start);
    while i < reach_end {
        let info = &classified.blocks[i];
        let closing_cue = Some(i) == text_ends_at
            && matches!(info.found, Found::WidgetHeader)
            && patterns::related_link(&document.blocks[i].text) == Some("");
        if closing_cue {
            related_header = true;
            reach_end = (i + 1 + MAX_CLOSING_LINKS).min(document.blocks.len());
            i += 1;
            continue;
        }
        match &info.found {
            Found::Caption { caption, credit } => {
                // A caption's image is the image just before it in its container.
                let src = document.blocks[i].image_src.clone().or_else(|| {
                    let prev = &document.blocks[i.checked_sub(1)?];
                    (prev.kind == BlockKind::Image
                        && prev.container == document.blocks[i].container)
                        .then(|| prev.image_src.clone())
                        .flatten()
                });
                article.images.push(Image {
                    src,
                    caption: non_empty(caption),
                    credit: credit.clone(),
                });
                related_header = false;
            }
            Found::Related(title) if title.is_empty() => related_header = true,
            Found::Related(title) => {
                let url = document.blocks[i].links.first().map(|l| l.href.clone());
                article.related.push(RelatedLink {
                    title: title.clone(),
                    url,
                });
                related_header = false;
            }
            _ if related_header
                && !decisions[i].body
                && document.blocks[i].kind != BlockKind::Caption =>
            {
                let words = info.words;
                let whole_link = document.blocks[i].link_density() > 0.8;
                if (3..=25).contains(&words) && (!info.sentence || whole_link) {
                    let url = document.blocks[i].links.first().map(|l| l.href.clone());
                    article.related.push(RelatedLink {
                        title: document.blocks[i].text.clone(),
                        url,
                    });
                    decisions[i].role = BlockRole::RelatedLink;
                    decisions[i].reason = Cow::Borrowed("a link under a \"read also\" header");
                } else {
                    related_header = false;
                }
            }
            _ => related_header = false,
        }
        i += 1;
    }

    let default_offset = match article.language.as_deref() {
        Some("id") | None => Some(WIB_MINUTES),
        _ => None,
    };
    article.published = meta.published.map(|d| d.to_rfc3339(default_offset));
    article.title = meta.title.clone();
    article.authors = authors;
    article.agency = agency.map(str::to_owned);
    article.truncated = selection.truncated;
    if article.truncated {
        article
            .warnings
            .push("the page ends before the article does".to_owned());
    }
    article.set_body(body.into_iter().map(|(_, b)| b).collect());

    if options.facts {
        let captions: Vec<&str> = article
            .images
            .iter()
            .filter_map(|i| i.caption.as_deref())
            .collect();
        let facts = warta_facts::find_facts(&FactsInput {
            text: &article.text,
            title: article.title.as_deref(),
            captions,
            published: meta.published,
            language: article.language.as_deref(),
        });
        article.entities = facts.entities;
        article.dates = facts.dates;
        article.money = facts.money;
        article.quotes = facts.quotes;
    }

    if options.explain {
        article.blocks = Some(
            document
                .blocks
                .iter()
                .zip(&decisions)
                .zip(&classified.blocks)
                .map(|((block, decision), info)| ExplainedBlock {
                    text: block.text.clone(),
                    role: decision.role,
                    kept: decision.body || kept_elsewhere(decision.role, info),
                    reason: decision.reason.clone().into_owned(),
                })
                .collect(),
        );
    }
    article
}

/// Blocks that went into the article outside its body (metadata, images, links).
fn kept_elsewhere(role: BlockRole, info: &crate::classify::BlockInfo) -> bool {
    matches!(
        role,
        BlockRole::Title
            | BlockRole::Caption
            | BlockRole::RelatedLink
            | BlockRole::Byline
            | BlockRole::DateLine
    ) && !matches!(info.found, Found::Nothing if role != BlockRole::Title)
}

/// Fills the metadata from what a page carries beside its visible text:
/// the headline element the metadata's title points at, the site name,
/// a machine date reconciled with the visible one, authors when no byline
/// shows, tags. Returns the site name found.
fn reconcile_page_meta(
    document: &Document,
    selection: &Selection,
    classified: &Classified,
    meta: &mut meta::Meta,
    article: &mut Article,
) -> Option<String> {
    if document.input != InputKind::Html {
        return None;
    }
    let site = pagemeta::site_name(&document.meta);
    let meta_title = pagemeta::meta_title(&document.meta, site.as_deref());
    if let Some(i) = pagemeta::headline_block(
        document,
        selection.start,
        selection.end,
        meta_title.as_deref(),
    ) {
        meta.title = Some(document.blocks[i].text.clone());
        meta.title_block = Some(i);
    } else if meta.title.as_deref().is_none_or(|t| t.contains(['»', '›'])) {
        // No headline, or a breadcrumb trail taken for one.
        meta.title = meta_title;
        meta.title_block = None;
    }
    let local = match classified.language.map(|l| l.code) {
        Some("id") | None => WIB_MINUTES,
        _ => 0,
    };
    meta.published = pagemeta::published(&document.meta, meta.published, local);
    if meta.authors.is_empty() {
        meta.authors = pagemeta::authors(&document.meta);
    }
    article.tags = pagemeta::tags(&document.meta);
    article.description = document
        .meta
        .get(&["og:description", "description", "twitter:description"])
        .map(str::to_owned);
    article.site_name.clone_from(&site);
    site
}

/// A block that is only a place and a dash (`Jakarta -`, `YOGYAKARTA –`).
fn bare_place(text: &str) -> Option<String> {
    let place = text
        .trim()
        .strip_suffix(['-', '–', '—'])?
        .trim_end_matches(['-', '–', '—'])
        .trim();
    let words: Vec<&str> = place.split_whitespace().collect();
    ((1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)
        }))
    .then(|| patterns::title_case(place))
}

/// A place set in bold at the start of a paragraph and followed by a dash:
/// the place and the byte offset where the text proper starts.
fn bold_place(block: &BodyBlock) -> Option<(String, usize)> {
    let mark = block
        .inline
        .iter()
        .find(|m| m.start == 0 && matches!(m.style, warta_model::InlineStyle::Strong))?;
    let head = block.text.get(..mark.end)?;
    let after = block.text.get(mark.end..)?;
    let dash = after.trim_start();
    let rest = dash
        .strip_prefix(['-', '–', '—'])?
        .trim_start_matches(['-', '–', '—']);
    let place = bare_place(&format!(
        "{} -",
        head.trim().trim_end_matches(['-', '–', '—']).trim()
    ))?;
    let cut = block.text.len() - rest.trim_start().len();
    Some((place, cut))
}

/// Moves inline marks after `cut` bytes were removed from the front of a
/// text now `len` bytes long; marks in the removed part are dropped.
fn shift_marks(marks: &mut Vec<InlineMark>, cut: usize, len: usize) {
    marks.retain_mut(|m| {
        m.start = m.start.saturating_sub(cut);
        m.end = m.end.saturating_sub(cut).min(len);
        m.start < m.end
    });
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Strips agency tags, desk codes and reporter credits from the end of the
/// last paragraphs, noting the agency and the reporter.
fn peel_trailing_tags(
    body: &mut [(usize, BodyBlock)],
    agency: &mut Option<&'static str>,
    authors: &mut Vec<Author>,
) {
    for (_, block) in body.iter_mut().rev().take(2) {
        if block.kind != BodyKind::Paragraph {
            continue;
        }
        loop {
            if let Some((rest, found)) = patterns::trailing_agency(&block.text) {
                agency.get_or_insert(found);
                block.text = rest.to_owned();
            } else if let Some(rest) = patterns::trailing_desk_code(&block.text) {
                block.text = rest.to_owned();
            } else if let Some((rest, name)) = patterns::trailing_reporter(&block.text) {
                if !authors.iter().any(|a| a.name == name) {
                    authors.push(Author {
                        name,
                        role: Some(AuthorRole::Reporter),
                    });
                }
                block.text = rest.to_owned();
            } else {
                break;
            }
        }
        let len = block.text.len();
        shift_marks(&mut block.inline, 0, len);
    }
}
