//! Bounds that keep html5ever linear on hostile markup.
//!
//! html5ever's tokenizer checks each attribute of a tag against all earlier
//! ones, and its tree builder walks the stack of open elements on most start
//! tags: both are quadratic, in attributes per tag and in nesting depth.
//! Before the tokenizer sees the text, every tag keeps only the first of
//! each attribute that anything reads ([`cap_attributes`]; this also spares
//! the tokenizer copying unread values character by character), and start
//! tags that would open elements beyond a fixed depth are dropped between
//! the tokenizer and the tree builder ([`DepthCap`]), with their end tags;
//! their text stays, so no content is lost, only structure that deep.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use html5ever::interface::Tracer;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::tree_builder::{TreeBuilder, TreeSink};
use html5ever::{local_name, LocalName};

use super::rawtext;

/// Attributes kept per element by the tree's own cap (those named in
/// [`KEPT_BY_NAME`] are kept too), for attributes merged into `<html>` and
/// `<body>` from repeated tags.
pub const MAX_ATTRS: usize = 128;

/// Attributes the reader uses, kept wherever they stand in a capped tag.
const KEPT_BY_NAME: [&str; 24] = [
    "class",
    "id",
    "href",
    "src",
    "alt",
    "title",
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
    "srcset",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-srcset",
];

/// Whether an attribute stays when a tag's attributes are capped: the first
/// [`MAX_ATTRS`], and the first of each name the reader reads.
fn keep_attr(index: usize, name: &str, seen: &mut [bool; KEPT_BY_NAME.len()]) -> bool {
    if let Some(k) = KEPT_BY_NAME
        .iter()
        .position(|n| n.eq_ignore_ascii_case(name))
    {
        let first = !seen[k];
        seen[k] = true;
        return first || index < MAX_ATTRS;
    }
    index < MAX_ATTRS
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Reads the attributes of a tag from `at` (just past its name) the way the
/// HTML tokenizer does, pushing each one's byte range into `spans`. Returns
/// where the tag ends (its `>`, or the end of the text).
fn scan_attrs(b: &[u8], mut k: usize, spans: &mut Vec<(usize, usize)>) -> usize {
    let n = b.len();
    loop {
        while k < n && (is_space(b[k]) || b[k] == b'/') {
            k += 1;
        }
        if k >= n || b[k] == b'>' {
            return k;
        }
        let start = k;
        // The first character of a name may be anything, `=` included.
        k += 1;
        while k < n && !is_space(b[k]) && !matches!(b[k], b'/' | b'>' | b'=') {
            k += 1;
        }
        let mut m = k;
        while m < n && is_space(b[m]) {
            m += 1;
        }
        if m < n && b[m] == b'=' {
            m += 1;
            while m < n && is_space(b[m]) {
                m += 1;
            }
            match b.get(m) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    k = memchr::memchr(q, &b[m + 1..]).map_or(n, |e| m + 1 + e + 1);
                }
                Some(b'>') | None => k = m,
                Some(_) => {
                    while m < n && !is_space(b[m]) && b[m] != b'>' {
                        m += 1;
                    }
                    k = m;
                }
            }
        }
        spans.push((start, k));
    }
}

/// The attributes anything reads: the reader (`KEPT_BY_NAME` but `title`, and
/// hints) and the tree builder (`type` of inputs, `font` in SVG, MathML's `encoding`,
/// `<meta charset>`, declarative shadow roots). The tokenizer copies every
/// attribute value character by character, so the others are cut before it.
const READ: [&str; 33] = [
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
fn read_index(name: &[u8]) -> Option<usize> {
    // The longest name read is 24 bytes.
    let mut lower = [0u8; 24];
    let lower = lower.get_mut(..name.len())?;
    for (l, c) in lower.iter_mut().zip(name) {
        *l = c.to_ascii_lowercase();
    }
    Some(match &*lower {
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

/// Elements whose text the tokenizer does not read as markup.
const RAW_TEXT: [&[u8]; 9] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"iframe",
    b"noembed",
    b"noframes",
    b"noscript",
];

/// Whether `b[at..]` starts with `name` (ASCII case-insensitively) followed by
/// the end of a tag name.
fn names(b: &[u8], at: usize, name: &[u8]) -> bool {
    let end = at + name.len();
    b.get(at..end).is_some_and(|n| n.eq_ignore_ascii_case(name))
        && b.get(end)
            .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// Where the end tag `</name>` of a raw-text element starts, from `from` on
/// (the text's end if none). In a script, `<!--` and `<script` inside it
/// hide a `</script>` from the tokenizer (the spec's escaped states), so
/// they do here.
fn end_tag_of(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    let script = name.eq_ignore_ascii_case(b"script");
    // 0: text, 1: escaped (after `<!--`), 2: double escaped (then `<script`).
    let mut state = 0u8;
    // Outside the escaped states only `<` matters (scripts are full of `-`).
    let next = |from: usize, state: u8| {
        if state == 0 {
            memchr::memchr(b'<', &b[from..])
        } else {
            memchr::memchr2(b'<', b'-', &b[from..])
        }
    };
    while let Some(p) = next(from, state) {
        let at = from + p;
        from = at + 1;
        if b[at] == b'-' {
            if script && state != 0 && b[at..].starts_with(b"-->") {
                state = 0;
                from = at + 3;
            }
            continue;
        }
        if script && state == 0 && b[at + 1..].starts_with(b"!--") {
            state = 1;
            from = at + 4;
        } else if b.get(at + 1) == Some(&b'/') && names(b, at + 2, name) {
            if state != 2 {
                return at;
            }
            state = 1;
        } else if state == 1 && names(b, at + 1, b"script") {
            state = 2;
        }
    }
    b.len()
}

/// Cuts from every tag the attributes nothing reads (see [`READ`]) and
/// repeats of those it reads, into the tokenizer's input buffer (one copy
/// of the text either way).
pub fn cap_attributes(text: &str) -> StrTendril {
    let b = text.as_bytes();
    let mut out: Option<StrTendril> = None;
    let mut copied = 0;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let lt = i + p;
        if b[lt + 1..].starts_with(b"!--") {
            // A comment: its text holds no tags.
            i = memchr::memmem::find(&b[lt + 4..], b"-->").map_or(b.len(), |e| lt + 4 + e + 3);
            continue;
        }
        let mut j = lt + 1;
        let end_tag = b.get(j) == Some(&b'/');
        if end_tag {
            j += 1;
        }
        if !b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            // `<!doctype…>`, `<?…>` and `</…` without a name are read to the
            // first `>`; a lone `<` is text.
            let bogus = matches!(b.get(lt + 1), Some(b'!' | b'?')) || (end_tag && j < b.len());
            i = if bogus {
                memchr::memchr(b'>', &b[lt..]).map_or(b.len(), |e| lt + e + 1)
            } else {
                lt + 1
            };
            continue;
        }
        let name_start = j;
        while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>') {
            j += 1;
        }
        let name = &b[name_start..j];
        spans.clear();
        let end = scan_attrs(b, j, &mut spans);
        // Keep the first of each attribute that is read; the tokenizer would
        // drop later duplicates anyway, and end tags' attributes entirely.
        let mut seen = [false; READ.len()];
        let keep = |&(s, e): &(usize, usize), seen: &mut [bool; READ.len()]| {
            if end_tag {
                return false;
            }
            let attr = &b[s..e];
            let name = attr.split(|&c| c == b'=').next().unwrap_or(b"");
            match read_index(name) {
                Some(k) if !seen[k] => {
                    seen[k] = true;
                    true
                }
                _ => false,
            }
        };
        let mut kept = 0;
        for span in &spans {
            if keep(span, &mut seen) {
                kept += 1;
            }
        }
        if kept < spans.len() {
            let out = out.get_or_insert_with(|| {
                StrTendril::with_capacity(u32::try_from(text.len()).unwrap_or(u32::MAX))
            });
            out.push_slice(text.get(copied..j).unwrap_or(""));
            let mut seen = [false; READ.len()];
            for span in &spans {
                if keep(span, &mut seen) {
                    out.push_char(' ');
                    out.push_slice(text.get(span.0..span.1).unwrap_or(""));
                }
            }
            // What follows the last attribute (spaces, a self-closing `/`).
            copied = spans.last().map_or(j, |s| s.1);
        }
        i = end.max(lt + 1);
        if !end_tag {
            // The text of a script or style is not markup: skip to its end tag.
            if name.eq_ignore_ascii_case(b"plaintext") {
                break;
            }
            if RAW_TEXT.iter().any(|r| name.eq_ignore_ascii_case(r)) {
                i = end_tag_of(b, i, name);
            }
        }
    }
    match out {
        Some(mut out) => {
            out.push_slice(text.get(copied..).unwrap_or(""));
            out
        }
        None => StrTendril::from_slice(text),
    }
}

/// Caps a list of attributes already read (the tree builder merges the
/// attributes of repeated `<html>` and `<body>` tags).
pub fn cap_attr_list(attrs: &mut Vec<html5ever::Attribute>) {
    if attrs.len() > MAX_ATTRS {
        let mut seen = [false; KEPT_BY_NAME.len()];
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
    type Handle = u32;

    fn trace_handle(&self, _: &u32) {
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
pub struct DepthCap<S: TreeSink<Handle = u32> + KeepsText> {
    pub inner: TreeBuilder<u32, S>,
    /// The tokenizer's input (feed the tokenizer from here).
    pub input: BufferQueue,
    /// Whether unread raw text is skipped (off only to test that skipping
    /// changes nothing).
    skip_unread: bool,
    /// Bytes of raw text skipped.
    pub skipped: Cell<usize>,
    /// Start tags dropped and not yet closed, by name.
    dropped: RefCell<HashMap<LocalName, u32>>,
    /// A dropped raw-text element (`<script>`…) whose text is swallowed.
    swallow: RefCell<Option<LocalName>>,
    /// The depth last measured, and start tags since.
    measured: Cell<(usize, u32)>,
    /// Whether a token has reached the tree builder since the measure.
    passed: Cell<bool>,
}

impl<S: TreeSink<Handle = u32> + KeepsText> DepthCap<S> {
    pub fn new(inner: TreeBuilder<u32, S>, input: BufferQueue, skip_unread: bool) -> Self {
        DepthCap {
            inner,
            input,
            skip_unread,
            skipped: Cell::new(0),
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

    /// After the tree builder switched the tokenizer to `kind` for a start
    /// tag named `name` whose element keeps no text: moves the input to the
    /// element's end tag (or the input's end), so the tokenizer never walks
    /// the text. The tokenizer stays in its raw-text state and reads the end
    /// tag as it would have; the text it would have made is the only thing
    /// missed, and the sink drops that anyway.
    ///
    /// The tokenizer has just consumed the start tag's `>` (a start tag is
    /// only emitted there), so the front of the input is the text's first
    /// character.
    fn skip_unread_text(&self, kind: RawKind, name: &[u8]) {
        let Some(mut front) = self.input.peek_front_chunk_mut() else {
            return;
        };
        let end = match kind {
            RawKind::ScriptData => rawtext::script_end(front.as_bytes()),
            RawKind::Rawtext | RawKind::Rcdata => rawtext::rawtext_end(front.as_bytes(), name),
            RawKind::ScriptDataEscaped(_) => return,
        };
        match end {
            // `end` is at a `<`: a character boundary before the buffer's
            // end, so the buffer stays non-empty.
            Some(end) => {
                if let Ok(end) = u32::try_from(end) {
                    if front.try_pop_front(end).is_ok() {
                        self.skipped.set(self.skipped.get() + end as usize);
                    }
                }
            }
            // No end tag in the front buffer: the text runs to its end, which
            // is the input's end only if no buffer follows.
            None => {
                drop(front);
                if let Some(front) = self.input.pop_front() {
                    if self.input.is_empty() {
                        self.skipped.set(self.skipped.get() + front.len());
                    } else {
                        self.input.push_front(front);
                    }
                }
            }
        }
    }
}

/// The name of an element whose text the tokenizer reads raw, as the bytes
/// of its end tag.
fn raw_text_name(name: &LocalName) -> Option<&'static [u8]> {
    Some(match *name {
        local_name!("script") => b"script",
        local_name!("style") => b"style",
        local_name!("noscript") => b"noscript",
        local_name!("iframe") => b"iframe",
        local_name!("noembed") => b"noembed",
        local_name!("noframes") => b"noframes",
        local_name!("textarea") => b"textarea",
        local_name!("xmp") => b"xmp",
        local_name!("title") => b"title",
        _ => return None,
    })
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
fn raw_kind(name: &LocalName) -> Option<TokenSinkResult<u32>> {
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

impl<S: TreeSink<Handle = u32> + KeepsText> TokenSink for DepthCap<S> {
    type Handle = u32;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<u32> {
        match &token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag && !self.admits(tag) => {
                *self
                    .dropped
                    .borrow_mut()
                    .entry(tag.name.clone())
                    .or_insert(0) += 1;
                if let Some(kind) = raw_kind(&tag.name) {
                    *self.swallow.borrow_mut() = Some(tag.name.clone());
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
        let raw_name = match &token {
            Token::TagToken(tag) if self.skip_unread && tag.kind == TagKind::StartTag => {
                raw_text_name(&tag.name)
            }
            _ => None,
        };
        let result = self.inner.process_token(token, line);
        if let (TokenSinkResult::RawData(kind), Some(name)) = (&result, raw_name) {
            if !self.inner.sink.last_element_keeps_text() {
                self.skip_unread_text(*kind, name);
            }
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
    fn tags_with_only_read_attributes_are_left_alone() {
        let html = r#"<!DOCTYPE html><div class="a" id='b' hidden>t</div><img src=x.jpg alt="" />"#;
        assert_eq!(&*cap_attributes(html), html);
    }

    #[test]
    fn unread_attributes_are_cut_keeping_the_first_of_each_read_one() {
        let html =
            r#"<div data-x=1 class="a > b" onclick='f("x")' class=dup ID=b/><p>t</p></div x=1>"#;
        assert_eq!(
            &*cap_attributes(html),
            r#"<div class="a > b" ID=b/><p>t</p></div>"#
        );
        // A title attribute is read by nothing.
        assert_eq!(
            &*cap_attributes(r#"<a title="Judul berita" href="/x">t</a>"#),
            r#"<a href="/x">t</a>"#
        );
        let mut many = String::from("<p>before</p><div");
        for i in 0..100_000 {
            many.push_str(&format!(" a{i}=\"v{i} > x\""));
        }
        many.push_str(" class=\"isi\" id=satu>teks</div>");
        assert_eq!(
            &*cap_attributes(&many),
            "<p>before</p><div class=\"isi\" id=satu>teks</div>"
        );
    }

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

    #[test]
    fn bogus_comments_end_at_their_first_gt() {
        let html = r#"<?x <a onclick="?><p data-x=1>Teks</p><img alt="x">"#;
        assert_eq!(
            &*cap_attributes(html),
            r#"<?x <a onclick="?><p>Teks</p><img alt="x">"#
        );
    }

    #[test]
    fn scripts_and_comments_are_not_read_as_tags() {
        let mut js = String::from("for(i=0;i<n;i++){");
        for i in 0..500 {
            js.push_str(&format!("a{i} = b{i};"));
        }
        js.push_str("} if (x > 1) {}");
        let html = format!("<SCRIPT>{js}</script ><!-- {js} --><style>{js}</style><p>teks</p>");
        assert_eq!(&*cap_attributes(&html), html);
    }

    #[test]
    fn escaped_script_text_hides_its_end_tag() {
        let text = b"a<!--<script>x</script>y-->z</script>after";
        assert_eq!(end_tag_of(text, 0, b"script"), 28);
        assert_eq!(end_tag_of(b"x</scripts></SCRIPT >", 0, b"script"), 11);
        assert_eq!(end_tag_of(b"<!--</style>", 0, b"style"), 4);
    }
}
