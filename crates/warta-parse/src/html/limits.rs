//! Bounds that keep html5ever's tree builder linear on hostile markup.
//!
//! The tree builder walks the stack of open elements on most start tags:
//! quadratic in nesting depth. Start tags that would open elements beyond a
//! fixed depth are dropped between the tokenizer and the tree builder
//! ([`DepthCap`]), with their end tags; their text stays, so no content is
//! lost, only structure that deep. Attributes are bounded before: the
//! tokenizer keeps only the first of each attribute anything reads
//! ([`READ`]), and elements whose attributes the tree builder merges keep at
//! most [`MAX_ATTRS`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::interface::Tracer;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::{local_name, LocalName};

use super::tokenizer::RawTextSink;
use super::tree::Handle;

/// Attributes kept per element by the tree's own cap (the first of each
/// name in [`READ`] is kept too, wherever it stands), for attributes merged
/// into `<html>` and `<body>` from repeated tags.
pub const MAX_ATTRS: usize = 128;

/// Whether an attribute stays when a tag's attributes are capped: the first
/// [`MAX_ATTRS`], and the first of each name anything reads, so a capped
/// tag keeps every attribute the tokenizer would have kept.
fn keep_attr(index: usize, name: &str, seen: &mut [bool; READ.len()]) -> bool {
    if let Some(k) = read_index(name.as_bytes()) {
        let first = !seen[k];
        seen[k] = true;
        return first || index < MAX_ATTRS;
    }
    index < MAX_ATTRS
}

/// The attributes anything reads: the reader (links, images, metadata and
/// hints) and the tree builder (`type` of inputs, `font` in SVG, MathML's `encoding`,
/// `<meta charset>`, declarative shadow roots). The tokenizer drops the
/// others as it reads them.
pub(super) const READ: [&str; 33] = [
    "class",
    "id",
    "href",
    "src",
    "alt",
    "lang",
    "xml:lang",
    "rel",
    "type",
    "name",
    "property",
    "content",
    "itemprop",
    "datetime",
    "role",
    "http-equiv",
    "charset",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-srcset",
    "hidden",
    "aria-hidden",
    "style",
    "color",
    "face",
    "size",
    "encoding",
    "shadowrootmode",
    "shadowrootdelegatesfocus",
    "shadowrootclonable",
    "shadowrootserializable",
];

/// The index in [`READ`] of an attribute name (ASCII case-insensitively).
pub(super) fn read_index(name: &[u8]) -> Option<usize> {
    // Pages write attribute names in lower case nearly always: match the
    // name as it is, and copy it lower-cased only when it has an upper-case
    // letter (lower-casing every name first cost ~16 M Ir over 181 pages).
    if let Some(k) = lower_index(name) {
        return Some(k);
    }
    // The longest name read is 24 bytes.
    if name.len() > 24 || !name.iter().any(u8::is_ascii_uppercase) {
        return None;
    }
    let mut lower = [0u8; 24];
    let lower = lower.get_mut(..name.len())?;
    for (l, c) in lower.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    lower_index(lower)
}

/// The index in [`READ`] of an attribute name already in lower case.
fn lower_index(name: &[u8]) -> Option<usize> {
    Some(match name {
        b"class" => 0,
        b"id" => 1,
        b"href" => 2,
        b"src" => 3,
        b"alt" => 4,
        b"lang" => 5,
        b"xml:lang" => 6,
        b"rel" => 7,
        b"type" => 8,
        b"name" => 9,
        b"property" => 10,
        b"content" => 11,
        b"itemprop" => 12,
        b"datetime" => 13,
        b"role" => 14,
        b"http-equiv" => 15,
        b"charset" => 16,
        b"data-src" => 17,
        b"data-lazy-src" => 18,
        b"data-original" => 19,
        b"data-url" => 20,
        b"data-srcset" => 21,
        b"hidden" => 22,
        b"aria-hidden" => 23,
        b"style" => 24,
        b"color" => 25,
        b"face" => 26,
        b"size" => 27,
        b"encoding" => 28,
        b"shadowrootmode" => 29,
        b"shadowrootdelegatesfocus" => 30,
        b"shadowrootclonable" => 31,
        b"shadowrootserializable" => 32,
        _ => return None,
    })
}

/// Caps a list of attributes already read (the tree builder merges the
/// attributes of repeated `<html>` and `<body>` tags).
pub fn cap_attr_list(attrs: &mut Vec<html5ever::Attribute>) {
    if attrs.len() > MAX_ATTRS {
        let mut seen = [false; READ.len()];
        let mut index = 0;
        attrs.retain(|a| {
            let keep = keep_attr(index, &a.name.local, &mut seen);
            index += 1;
            keep
        });
    }
}

/// Open elements (plus active formatting elements) at which ordinary start
/// tags stop being passed on. Real pages stay far below it.
pub const MAX_DEPTH: usize = 256;

/// A little further, paragraphs, headings and list items are still passed
/// on, so text nested absurdly deep keeps its block; these close their own
/// kind, so they add few levels.
const MAX_DEPTH_BLOCKS: usize = MAX_DEPTH + 32;

/// Below this depth it is measured only on every 16th start tag (measuring
/// walks the stack): 16 tags cannot take it far past [`MAX_DEPTH`].
const MEASURE_ALWAYS: usize = 64;

/// Counts the handles the tree builder holds.
struct Count(Cell<usize>);

impl Tracer for Count {
    type Handle = Handle;

    fn trace_handle(&self, _: &Handle) {
        self.0.set(self.0.get() + 1);
    }
}

/// A tree sink that can tell whether the element it created last keeps the
/// text put into it.
pub trait KeepsText {
    /// Whether the text of the element created last is kept.
    fn last_element_keeps_text(&self) -> bool;
}

/// A token filter in front of html5ever's tree builder that drops start tags
/// (and their end tags) beyond [`MAX_DEPTH`], and moves the input past the
/// text of raw-text elements that nothing reads.
pub struct DepthCap<S: TreeSink<Handle = Handle> + KeepsText> {
    pub inner: TreeBuilder<Handle, S>,
    /// Whether unread raw text is skipped (off only to test that skipping
    /// changes nothing).
    skip_unread: bool,
    /// Whether the raw text the last start tag opened is read by nothing.
    skip_text: Cell<bool>,
    /// Start tags dropped and not yet closed, by name.
    dropped: RefCell<HashMap<LocalName, u32>>,
    /// A dropped raw-text element (`<script>`…) whose text is swallowed.
    swallow: RefCell<Option<LocalName>>,
    /// The depth last measured, and start tags since.
    measured: Cell<(usize, u32)>,
    /// Whether a token has reached the tree builder since the measure.
    passed: Cell<bool>,
}

impl<S: TreeSink<Handle = Handle> + KeepsText> DepthCap<S> {
    pub fn new(inner: TreeBuilder<Handle, S>, skip_unread: bool) -> Self {
        DepthCap {
            inner,
            skip_unread,
            skip_text: Cell::new(false),
            dropped: RefCell::new(HashMap::new()),
            swallow: RefCell::new(None),
            measured: Cell::new((0, 0)),
            passed: Cell::new(true),
        }
    }

    /// The tree builder's open and active formatting elements: what its
    /// per-tag work is proportional to.
    fn depth(&self) -> usize {
        let (last, since) = self.measured.get();
        // Tags dropped in a row leave the tree builder as it was.
        if !self.passed.get() || (last < MEASURE_ALWAYS && since < 16) {
            self.measured.set((last, since + 1));
            return last;
        }
        let count = Count(Cell::new(0));
        self.inner.trace_handles(&count);
        let depth = count.0.get();
        self.measured.set((depth, 0));
        self.passed.set(false);
        depth
    }

    /// Whether a start tag is passed on to the tree builder.
    fn admits(&self, tag: &Tag) -> bool {
        if tag.self_closing || is_void(&tag.name) {
            return true;
        }
        let limit = match tag.name {
            local_name!("p")
            | local_name!("li")
            | local_name!("dd")
            | local_name!("dt")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("script")
            | local_name!("style")
            | local_name!("title")
            | local_name!("textarea") => MAX_DEPTH_BLOCKS,
            _ => MAX_DEPTH,
        };
        self.depth() < limit
    }
}

/// Whether the tokenizer reads the text of an element raw (the tree
/// builder answers its start tag with a raw-text state, or plaintext).
fn opens_raw_text(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("textarea")
            | local_name!("xmp")
            | local_name!("title")
    )
}

fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("hr")
            | local_name!("img")
            | local_name!("input")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
            | local_name!("keygen")
    )
}

/// How the tokenizer must read the text of a raw-text element, when its
/// start tag is dropped (the tree builder would have said so).
fn raw_kind(name: &LocalName) -> Option<TokenSinkResult<Handle>> {
    Some(match *name {
        local_name!("script") => TokenSinkResult::RawData(RawKind::ScriptData),
        local_name!("style")
        | local_name!("xmp")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("noscript") => TokenSinkResult::RawData(RawKind::Rawtext),
        local_name!("title") | local_name!("textarea") => TokenSinkResult::RawData(RawKind::Rcdata),
        _ => return None,
    })
}

impl<S: TreeSink<Handle = Handle> + KeepsText> RawTextSink for DepthCap<S> {
    fn take_skip(&self) -> bool {
        self.skip_text.replace(false)
    }
}

impl<S: TreeSink<Handle = Handle> + KeepsText> TokenSink for DepthCap<S> {
    type Handle = Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Handle> {
        match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && !self.admits(tag) => {
                *self
                    .dropped
                    .borrow_mut()
                    .entry(tag.name.clone())
                    .or_insert(0) += 1;
                if let Some(kind) = raw_kind(&tag.name) {
                    *self.swallow.borrow_mut() = Some(tag.name.clone());
                    self.skip_text.set(self.skip_unread);
                    return kind;
                }
                return TokenSinkResult::Continue;
            }
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                let mut swallow = self.swallow.borrow_mut();
                if swallow.as_ref() == Some(&tag.name) {
                    *swallow = None;
                }
                let mut dropped = self.dropped.borrow_mut();
                // Most pages drop nothing: skip hashing the name.
                let closes_dropped = !dropped.is_empty()
                    && dropped.get_mut(&tag.name).is_some_and(|n| {
                        let open = *n > 0;
                        *n = n.saturating_sub(1);
                        open
                    });
                if closes_dropped {
                    return TokenSinkResult::Continue;
                }
            }
            Token::CharacterTokens(_) | Token::NullCharacterToken
                if self.swallow.borrow().is_some() =>
            {
                return TokenSinkResult::Continue;
            }
            _ => {}
        }
        self.passed.set(true);
        let opens_raw_text = match &token {
            Token::TagToken(tag) if self.skip_unread && tag.kind == TagKind::StartTag => {
                opens_raw_text(&tag.name)
            }
            _ => false,
        };
        let result = self.inner.process_token(token, line);
        if opens_raw_text && matches!(result, TokenSinkResult::RawData(_)) {
            self.skip_text
                .set(!self.inner.sink.last_element_keeps_text());
        }
        result
    }

    fn end(&self) {
        self.inner.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_names_are_found_in_any_case() {
        for (i, name) in READ.iter().enumerate() {
            assert_eq!(read_index(name.as_bytes()), Some(i));
            assert_eq!(read_index(name.to_ascii_uppercase().as_bytes()), Some(i));
        }
        assert_eq!(read_index(b"onclick"), None);
        assert_eq!(read_index(b"data-srcset-x"), None);
        assert_eq!(read_index(b""), None);
        assert_eq!(read_index(&[b'a'; 100]), None);
    }

    /// The first form of [`read_index`]: lower-case, then match.
    fn read_index_simple(name: &[u8]) -> Option<usize> {
        let lower = name.to_ascii_lowercase();
        READ.iter().position(|r| r.as_bytes() == lower.as_slice())
    }

    /// Random names made from read names with letters' case flipped,
    /// bytes changed, cut or added (non-ASCII ones too) get the index the
    /// simple form gives.
    #[test]
    fn read_index_agrees_with_lower_casing_first() {
        let mut next = crate::test_support::xorshift(0x2545_F491_4F6C_DD1D_u64);
        let extra = [b'A', b'z', b'-', b':', 0, 0xC3, 0x84, b'K', b'I', b' '];
        let mut found = 0;
        for _ in 0..200_000 {
            let mut name = READ[(next() % READ.len() as u64) as usize]
                .as_bytes()
                .to_vec();
            for _ in 0..next() % 4 {
                let r = next();
                let at = (r >> 8) as usize % (name.len() + 1);
                let byte = extra[(r >> 32) as usize % extra.len()];
                match r % 5 {
                    0 | 1 if at < name.len() => name[at] = name[at].to_ascii_uppercase(),
                    2 if at < name.len() => name[at] = byte,
                    3 => name.truncate(at),
                    _ => name.insert(at, byte),
                }
            }
            let want = read_index_simple(&name);
            assert_eq!(
                read_index(&name),
                want,
                "{:?}",
                String::from_utf8_lossy(&name)
            );
            found += usize::from(want.is_some());
        }
        // Both outcomes are well exercised.
        assert!((50_000..150_000).contains(&found), "{found}");
    }
}
