//! Boilerplate and content hints from an element's tag, role, class and id.

use html5ever::local_name;

use super::tree::Element;
use crate::document::Hints;

/// Class/id words that mark page furniture around an article.
const BOILERPLATE_WORDS: [&str; 44] = [
    "share",
    "sharing",
    "social",
    "related",
    "sidebar",
    "breadcrumb",
    "advert",
    "advertisement",
    "sponsor",
    "promo",
    "newsletter",
    "subscribe",
    "subscription",
    "cookie",
    "consent",
    "popup",
    "modal",
    "banner",
    "widget",
    "recommend",
    "recommended",
    "trending",
    "popular",
    "mostread",
    "most-read",
    "navigation",
    "navbar",
    "menu",
    "masthead",
    "signup",
    "toolbar",
    "pagination",
    "pager",
    "outbrain",
    "taboola",
    "footer",
    "nav",
    "ad",
    "ads",
    "adsbygoogle",
    "tags",
    "taglist",
    "byline-share",
    "more-stories",
];

/// Class/id words that mark comment sections.
const COMMENT_WORDS: [&str; 5] = ["comment", "comments", "disqus", "respond", "discussion"];

/// Class/id phrases that mark the article's text.
const CONTENT_PHRASES: [&str; 26] = [
    "articlebody",
    "article-body",
    "article_body",
    "article__body",
    "articlecontent",
    "article-content",
    "article_content",
    "article__content",
    "article-text",
    "articletext",
    "post-content",
    "post_content",
    "postcontent",
    "post-body",
    "post-text",
    "entry-content",
    "entry_content",
    "entry-body",
    "story-body",
    "storybody",
    "story-content",
    "story__body",
    "content-body",
    "body-text",
    "bodytext",
    "detail-text",
];

/// The hints an element adds to those it inherits.
pub fn of_element(e: &Element, inherited: Hints) -> Hints {
    let mut h = inherited.0;
    match *e.tag() {
        local_name!("nav") | local_name!("menu") => h |= Hints::NAV,
        local_name!("footer") => h |= Hints::FOOTER,
        local_name!("aside") => h |= Hints::ASIDE,
        local_name!("article") | local_name!("main") => h |= Hints::ARTICLE,
        local_name!("figure") => h |= Hints::FIGURE,
        local_name!("form") | local_name!("button") => h |= Hints::FORM,
        local_name!("html") | local_name!("body") => return Hints(h),
        _ => {}
    }
    if e.attr("hidden").is_some()
        || e.attr("aria-hidden").is_some_and(|v| v.trim() == "true")
        || e.attr("style").is_some_and(|s| {
            let s = s.to_ascii_lowercase().replace(' ', "");
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        h |= Hints::HIDDEN;
    }
    if let Some(role) = e.attr("role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "menu" | "menubar" => h |= Hints::NAV,
            "complementary" => h |= Hints::ASIDE,
            "contentinfo" => h |= Hints::FOOTER,
            "main" | "article" => h |= Hints::ARTICLE,
            _ => {}
        }
    }
    if e.attr("itemprop")
        .is_some_and(|p| p.eq_ignore_ascii_case("articlebody"))
    {
        h |= Hints::ARTICLE | Hints::CONTENT_NAME;
    }
    for attr in ["class", "id"] {
        let Some(value) = e.attr(attr) else { continue };
        if value.is_empty() || value.len() > 400 {
            continue;
        }
        let lower = value.to_ascii_lowercase();
        // Every content phrase names "body", "content" or "text": three
        // searches rule out most values before the 26.
        if ["body", "content", "text"]
            .iter()
            .any(|w| lower.contains(w))
            && CONTENT_PHRASES.iter().any(|p| lower.contains(p))
        {
            h |= Hints::CONTENT_NAME;
        }
        for token in lower.split(|c: char| c.is_ascii_whitespace()) {
            // Split each token once, not once per listed word.
            for part in token.split(['-', '_']) {
                if COMMENT_WORDS.contains(&part) {
                    h |= Hints::COMMENT;
                }
                if BOILERPLATE_WORDS.contains(&part) {
                    h |= Hints::BOILERPLATE_NAME;
                }
            }
            if BOILERPLATE_WORDS.iter().any(|w| {
                token == *w || (w.len() >= 6 && token.len() >= w.len() && token.contains(w))
            }) {
                h |= Hints::BOILERPLATE_NAME;
            }
        }
    }
    Hints(h)
}
