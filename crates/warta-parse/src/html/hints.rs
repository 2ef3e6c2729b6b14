//! Boilerplate and content hints from an element's tag, role, class and id.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
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

/// One automaton for the content phrases and the boilerplate words long
/// enough (six letters or more) to count inside a longer token: a class
/// value is scanned once, case-insensitively, instead of once per word
/// (or once per list: most values match neither, and were read twice).
struct Matchers {
    /// Content phrases are its patterns below `CONTENT_PHRASES.len()`;
    /// every match is reported, overlapping ones too, so each list's
    /// answer is the one an automaton of its own would give.
    names: AhoCorasick,
    /// The boilerplate and comment words by length, so a part is compared
    /// only with the few words of its own length.
    by_length: [Vec<(&'static str, u32)>; 16],
}

fn matchers() -> &'static Matchers {
    static MATCHERS: LazyLock<Matchers> = LazyLock::new(|| {
        // The word lists are a few constants: they always compile (a test
        // builds them), so this can fail only in development.
        let build = |words: Vec<&str>| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .kind(Some(AhoCorasickKind::DFA))
                .build(words)
                .expect("the hint word lists compile")
        };
        Matchers {
            names: build(
                CONTENT_PHRASES
                    .iter()
                    .chain(BOILERPLATE_WORDS.iter().filter(|w| w.len() >= 6))
                    .copied()
                    .collect(),
            ),
            by_length: std::array::from_fn(|len| {
                let boilerplate = BOILERPLATE_WORDS
                    .iter()
                    .map(|w| (*w, Hints::BOILERPLATE_NAME));
                let comment = COMMENT_WORDS.iter().map(|w| (*w, Hints::COMMENT));
                boilerplate
                    .chain(comment)
                    .filter(|(w, _)| w.len() == len)
                    .collect()
            }),
        }
    });
    &MATCHERS
}

impl Matchers {
    /// The hints of the listed words `word` is (ignoring ASCII case).
    fn listed(&self, word: &[u8]) -> u32 {
        let (Some(words), Some(first)) = (self.by_length.get(word.len()), word.first()) else {
            return 0;
        };
        // The first letter rules out nearly every word of the length
        // before a whole comparison.
        let first = first.to_ascii_lowercase();
        words
            .iter()
            .filter(|(w, _)| {
                w.as_bytes().first() == Some(&first) && w.as_bytes().eq_ignore_ascii_case(word)
            })
            .fold(0, |h, (_, hint)| h | hint)
    }
}

/// The hints a class or id value gives (ASCII case does not matter).
fn of_name(value: &str) -> u32 {
    let m = matchers();
    let mut h = 0;
    // A content phrase anywhere; a long boilerplate word anywhere in a
    // token (no listed word holds white space, so a match in the value is
    // a match in one of its tokens); a token that is a listed word whole
    // is a part that is one, or holds a separator and so is a long word
    // (`most-read`).
    for found in m.names.find_overlapping_iter(value) {
        h |= if found.pattern().as_usize() < CONTENT_PHRASES.len() {
            Hints::CONTENT_NAME
        } else {
            Hints::BOILERPLATE_NAME
        };
        if h == Hints::CONTENT_NAME | Hints::BOILERPLATE_NAME {
            break;
        }
    }
    // Split as bytes: the separators are ASCII, which UTF-8 never holds
    // inside a character, and no character needs decoding on the way.
    for part in value
        .as_bytes()
        .split(|&b| b.is_ascii_whitespace() || b == b'-' || b == b'_')
    {
        h |= m.listed(part);
    }
    h
}

/// Whether an inline style hides the element (`display: none`,
/// `visibility:hidden`; spaces and ASCII case do not matter).
fn style_hides(style: &str) -> bool {
    const HIDING: [&[u8]; 2] = [b"display:none", b"visibility:hidden"];
    let mut squeezed = [0u8; 256];
    let mut n = 0;
    for b in style.bytes().filter(|b| *b != b' ') {
        if n == squeezed.len() {
            // Long styles are rare: fall back to an allocated copy.
            let s = style.to_ascii_lowercase().replace(' ', "");
            return HIDING
                .iter()
                .any(|w| s.as_bytes().windows(w.len()).any(|x| x == *w));
        }
        squeezed[n] = b.to_ascii_lowercase();
        n += 1;
    }
    let s = &squeezed[..n];
    HIDING.iter().any(|w| s.windows(w.len()).any(|x| x == *w))
}

/// Hints of class and id values already seen in a page: pages repeat the
/// same few class names on many elements, and matching one costs more than
/// looking it up.
pub type NameCache<'t> = HashMap<&'t str, u32, BuildHasherDefault<WordHash>>;

/// A multiplicative hash taken eight bytes at a time (FxHash's step), for
/// class and id values: FNV-1a, a byte at a time, was ~10 M Ir over 181
/// pages. Like FNV it does not resist crafted collisions; a page full of
/// colliding names costs that page time, as it did.
#[derive(Default)]
pub struct WordHash(u64);

impl WordHash {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHash {
    fn finish(&self) -> u64 {
        // The table indexes by the low bits: fold the high ones, which the
        // multiplication mixes best, into them.
        self.0 ^ (self.0 >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            self.add(u64::from_le_bytes(w));
        }
        let rest = words.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        // The length tells `a` from `a\0`.
        self.add(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }
}

/// The hints an element adds to those it inherits.
pub fn of_element<'t>(e: &'t Element, inherited: Hints, cache: &mut NameCache<'t>) -> Hints {
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
    // One pass over the attributes; the first of a name counts, as with
    // `Element::attr`.
    let mut seen = 0u8;
    let mut first = |bit: u8| {
        let new = seen & bit == 0;
        seen |= bit;
        new
    };
    for a in &e.attrs {
        let value: &str = &a.value;
        match a.name.local {
            local_name!("hidden") if first(1) => h |= Hints::HIDDEN,
            local_name!("aria-hidden") if first(2) => {
                if value.trim() == "true" {
                    h |= Hints::HIDDEN;
                }
            }
            local_name!("style") if first(4) => {
                if style_hides(value) {
                    h |= Hints::HIDDEN;
                }
            }
            local_name!("role") if first(8) => h |= of_role(value),
            local_name!("itemprop") if first(16) => {
                if value.eq_ignore_ascii_case("articlebody") {
                    h |= Hints::ARTICLE | Hints::CONTENT_NAME;
                }
            }
            local_name!("class") if first(32) => {
                h |= *cache.entry(value).or_insert_with(|| of_class_or_id(value));
            }
            local_name!("id") if first(64) => {
                h |= *cache.entry(value).or_insert_with(|| of_class_or_id(value));
            }
            _ => {}
        }
    }
    Hints(h)
}

/// The hints of an ARIA role.
fn of_role(role: &str) -> u32 {
    let role = role.trim();
    let is = |w: &str| role.eq_ignore_ascii_case(w);
    if is("navigation") || is("menu") || is("menubar") {
        Hints::NAV
    } else if is("complementary") {
        Hints::ASIDE
    } else if is("contentinfo") {
        Hints::FOOTER
    } else if is("main") || is("article") {
        Hints::ARTICLE
    } else {
        0
    }
}

fn of_class_or_id(value: &str) -> u32 {
    if value.is_empty() || value.len() > 400 {
        0
    } else {
        of_name(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition the automata implement: lower-case the value,
    /// then look for each listed word.
    fn of_name_plainly(value: &str) -> u32 {
        let lower = value.to_ascii_lowercase();
        let mut h = 0;
        if CONTENT_PHRASES.iter().any(|p| lower.contains(p)) {
            h |= Hints::CONTENT_NAME;
        }
        for token in lower.split(|c: char| c.is_ascii_whitespace()) {
            for part in token.split(['-', '_']) {
                if COMMENT_WORDS.contains(&part) {
                    h |= Hints::COMMENT;
                }
                if BOILERPLATE_WORDS.contains(&part) {
                    h |= Hints::BOILERPLATE_NAME;
                }
            }
            if BOILERPLATE_WORDS
                .iter()
                .any(|w| token == *w || (w.len() >= 6 && token.contains(w)))
            {
                h |= Hints::BOILERPLATE_NAME;
            }
        }
        h
    }

    #[test]
    fn class_names_give_their_hints() {
        assert_eq!(of_name("td-post-content tagdiv-type"), Hints::CONTENT_NAME);
        assert_eq!(of_name("Article__Body"), Hints::CONTENT_NAME);
        assert_eq!(of_name("site-Footer"), Hints::BOILERPLATE_NAME);
        assert_eq!(of_name("mySidebarLeft"), Hints::BOILERPLATE_NAME);
        assert_eq!(of_name("comments-area"), Hints::COMMENT);
        // Short words count only as whole parts: "ad" is not in "heading".
        assert_eq!(of_name("heading loaded"), 0);
        assert_eq!(of_name("ad-slot"), Hints::BOILERPLATE_NAME);
        assert_eq!(of_name(""), 0);
        // Every listed word fits the by-length table.
        let listed = BOILERPLATE_WORDS.iter().chain(COMMENT_WORDS.iter());
        assert!(listed.clone().all(|w| w.len() < 16));
        assert!(listed.clone().all(|w| matchers().listed(w.as_bytes()) != 0));
    }

    #[test]
    fn automata_agree_with_the_plain_definition() {
        let words: Vec<&str> = BOILERPLATE_WORDS
            .iter()
            .chain(COMMENT_WORDS.iter())
            .chain(CONTENT_PHRASES.iter())
            .copied()
            .chain(["x", "Ad", "NAV", "héader", "ÅDS", "", "-", "__"])
            .collect();
        let joiners = [" ", "-", "_", "", "\t", "\n", "é"];
        let mut checked = 0;
        for (i, a) in words.iter().enumerate() {
            for (j, b) in words.iter().enumerate().step_by(3) {
                let joiner = joiners[(i + j) % joiners.len()];
                let mut value = format!("{a}{joiner}{b}");
                if (i + j) % 2 == 0 {
                    value = value.to_ascii_uppercase();
                }
                assert_eq!(of_name(&value), of_name_plainly(&value), "{value:?}");
                checked += 1;
            }
        }
        assert!(checked > 1000);
    }

    /// Class-like names of every length spread over the table's low bits
    /// as a hash should, and names that differ only in trailing NULs or
    /// by one byte past the eighth hash apart.
    #[test]
    fn word_hash_spreads_class_names() {
        use std::hash::Hash;

        let hash = |s: &str| {
            let mut h = WordHash::default();
            s.hash(&mut h);
            h.finish()
        };
        let mut buckets = vec![0u32; 1024];
        let mut names = 0;
        for prefix in ["", "col-", "article__", "td-post-content-wrapper-"] {
            for i in 0..2000 {
                let name = format!("{prefix}{i}");
                buckets[(hash(&name) & 1023) as usize] += 1;
                names += 1;
            }
        }
        let fullest = buckets.iter().copied().max().unwrap_or(0);
        assert!(fullest < 3 * names / 1024, "{fullest}");
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
    }

    #[test]
    fn inline_styles_that_hide() {
        assert!(style_hides("color: red; DISPLAY : NONE"));
        assert!(style_hides("visibility: hidden"));
        assert!(!style_hides("display: block"));
        let long = format!("{}display:none", "margin: 0; ".repeat(40));
        assert!(style_hides(&long));
        assert!(!style_hides(&"margin: 0; ".repeat(40)));
    }
}
