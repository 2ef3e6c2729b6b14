//! The HTML tokenizer (WHATWG HTML 13.2.5), written for this reader.
//!
//! It hands html5ever's tree builder the tokens html5ever's own tokenizer
//! would, but reads the page as bytes: runs of text are found with `memchr`
//! and handed on as slices of one shared buffer, tags are read in one pass
//! without a state per character, and of a start tag's attributes only those
//! something reads ([`READ`]) are kept, the first of each name. That also
//! keeps it linear on hostile markup (a million attributes cost one pass).
//!
//! What changes the tree is followed to the letter: character references
//! (named, with the legacy rules inside attribute values, and numeric, with
//! the C1 replacements), comments and their abrupt endings, doctypes (which
//! decide quirks mode), CDATA in foreign content, and the raw-text states the
//! tree builder asks for. Parse errors are not reported: nothing reads them.
//! Input preprocessing makes every CR or CRLF a LF before reading.
//!
//! What it is not: a general tokenizer. Attributes nothing reads are dropped,
//! and the text of raw-text elements the tree keeps no text of is skipped
//! unread when the sink says so ([`RawTextSink`]). One rule of the tree
//! builder compares whole attribute lists: of identical formatting elements
//! (`<b>`, `<a>`, …) open at once, only three are kept ("Noah's ark"). So a
//! formatting start tag whose dropped attributes would have told it apart
//! carries their digest instead ([`DROPPED_ATTRIBUTES`]), which the tree
//! takes off again.

use std::borrow::Cow;

use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{Doctype, Tag, TagKind, Token, TokenSink, TokenSinkResult};
use html5ever::{local_name, ns, Attribute, LocalName, QualName};

use super::limits::{read_index, READ};
use super::rawtext;

/// The name of the attribute that stands for the dropped attributes of a
/// formatting element: an order-free digest of their names and values, so
/// two tags compare equal exactly when their full attribute lists would.
pub const DROPPED_ATTRIBUTES: &str = "warta-dropped-attributes";

/// The elements the tree builder keeps in its list of active formatting
/// elements, where whole attribute lists are compared.
fn is_formatting(name: &LocalName) -> bool {
    matches!(
        &**name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// The digest of a formatting tag's dropped attributes: the first of each
/// name counts, as in html5ever's tokenizer, and the sum of the pairs'
/// hashes does not depend on their order.
#[derive(Default)]
struct DroppedDigest {
    sum: u64,
    any: bool,
    /// Hashes of the names counted; a few are searched in place.
    few: [u64; 8],
    n_few: usize,
    many: Option<std::collections::HashSet<u64>>,
}

/// One step of a fast multiplicative hash (FxHash's): the digest only has
/// to tell real attribute lists apart, not resist crafted ones (a crafted
/// collision merges two formatting elements, nothing worse).
fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The end of a hash: every input bit moves every output bit, so the
/// digest's sum of pair hashes does not cancel out.
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

impl DroppedDigest {
    /// The digest as an attribute value: 56 of its bits as eight ASCII
    /// bytes, short enough for a tendril to hold inline, unallocated.
    fn value(&self) -> StrTendril {
        let bytes: [u8; 8] = std::array::from_fn(|i| ((self.sum >> (7 * i)) & 0x7F) as u8);
        // Every byte is below 0x80: ASCII, so UTF-8.
        std::str::from_utf8(&bytes).map_or_else(|_| StrTendril::new(), StrTendril::from_slice)
    }

    fn add(&mut self, name: &[u8], value: &str) {
        // Names as html5ever's tokenizer gives them: ASCII lower case, NUL
        // as U+FFFD.
        let mut h = name.len() as u64;
        for &c in name {
            h = if c == 0 {
                mix(h, 0xFFFD)
            } else {
                mix(h, u64::from(c.to_ascii_lowercase()))
            };
        }
        let name_hash = finish(h);
        let new = if self.few[..self.n_few].contains(&name_hash) {
            false
        } else if self.n_few < self.few.len() {
            self.few[self.n_few] = name_hash;
            self.n_few += 1;
            true
        } else {
            self.many
                .get_or_insert_with(Default::default)
                .insert(name_hash)
        };
        if !new {
            return;
        }
        let mut h = mix(name_hash, value.len() as u64);
        let mut words = value.as_bytes().chunks_exact(8);
        for word in &mut words {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            h = mix(h, u64::from_le_bytes(w));
        }
        let mut last = [0u8; 8];
        last[..words.remainder().len()].copy_from_slice(words.remainder());
        h = mix(h, u64::from_le_bytes(last));
        self.sum = self.sum.wrapping_add(finish(h));
        self.any = true;
    }
}

/// A token sink that can say whether the raw text it just asked for (by
/// answering a start tag with [`TokenSinkResult::RawData`]) is read at all.
pub trait RawTextSink: TokenSink {
    /// Whether to skip the raw text just asked for; asking clears it.
    fn take_skip(&self) -> bool;
}

/// Tokenizes `text` into `sink`, then ends it. Returns how many bytes of raw
/// text were skipped unread.
pub fn run<S: RawTextSink>(text: &str, sink: &S) -> usize {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized = normalize_newlines(text);
    let buffer = StrTendril::from_slice(&normalized);
    let mut reader = Reader {
        buffer: &buffer,
        text: &normalized,
        b: normalized.as_bytes(),
        sink,
        skipped: 0,
        dropped_name: LocalName::from(DROPPED_ATTRIBUTES),
        read_names: READ.map(LocalName::from),
    };
    reader.data(0);
    let _ = sink.process_token(Token::EOFToken, 1);
    sink.end();
    reader.skipped
}

/// CR LF and lone CR become LF (the input stream's preprocessing).
fn normalize_newlines(text: &str) -> Cow<'_, str> {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('\n') {
            rest = after;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b' ')
}

struct Reader<'a, S> {
    /// The whole input: text runs are handed on as slices of it, uncopied.
    buffer: &'a StrTendril,
    text: &'a str,
    b: &'a [u8],
    sink: &'a S,
    skipped: usize,
    /// [`DROPPED_ATTRIBUTES`] as an atom, made once: an atom made per tag
    /// would enter and leave the global atom set each time.
    dropped_name: LocalName,
    /// The atoms of [`READ`]'s names, made once per page: making one per
    /// attribute hashed the name each time (and the `data-*` names, not
    /// static atoms, went in and out of the global atom set).
    read_names: [LocalName; READ.len()],
}

impl<S: RawTextSink> Reader<'_, S> {
    fn emit(&mut self, token: Token) -> TokenSinkResult<S::Handle> {
        self.sink.process_token(token, 1)
    }

    /// Text from `start` to `end`, as a slice of the buffer.
    fn chars(&mut self, start: usize, end: usize) {
        if end > start {
            // The buffer holds `text`, and `start..end` lies within it.
            let run = shared_slice(self.buffer, start, end)
                .unwrap_or_else(|| StrTendril::from_slice(&self.text[start..end]));
            let _ = self.emit(Token::CharacterTokens(run));
        }
    }

    fn owned_chars(&mut self, text: &str) {
        if !text.is_empty() {
            let _ = self.emit(Token::CharacterTokens(StrTendril::from_slice(text)));
        }
    }

    /// The data state from `pos` to the end of the input.
    fn data(&mut self, mut pos: usize) {
        let b = self.b;
        while pos < b.len() {
            let Some(off) = memchr::memchr3(b'<', b'&', 0, &b[pos..]) else {
                self.chars(pos, b.len());
                return;
            };
            let at = pos + off;
            self.chars(pos, at);
            pos = match b[at] {
                0 => {
                    let _ = self.emit(Token::NullCharacterToken);
                    at + 1
                }
                b'&' => match char_ref(b, at, false) {
                    Some((decoded, next)) => {
                        self.owned_chars(decoded.as_str());
                        next
                    }
                    None => {
                        self.chars(at, at + 1);
                        at + 1
                    }
                },
                _ => match self.markup(at) {
                    Markup::Next(next) => next,
                    Markup::Plaintext(next) => {
                        let rest = replace_nul(&self.text[next..]);
                        self.owned_or_slice(next, self.b.len(), rest);
                        return;
                    }
                },
            };
        }
    }

    fn owned_or_slice(&mut self, start: usize, end: usize, text: Cow<'_, str>) {
        match text {
            Cow::Borrowed(_) => self.chars(start, end),
            Cow::Owned(s) => self.owned_chars(&s),
        }
    }

    /// What follows a `<` at `at`; returns where the data state goes on.
    fn markup(&mut self, at: usize) -> Markup {
        let b = self.b;
        match b.get(at + 1) {
            Some(b'!') => Markup::Next(self.declaration(at + 2)),
            Some(b'/') => match b.get(at + 2) {
                Some(c) if c.is_ascii_alphabetic() => self.tag(at + 2, TagKind::EndTag),
                // `</>` is dropped.
                Some(b'>') => Markup::Next(at + 3),
                Some(_) => Markup::Next(self.bogus_comment(at + 2)),
                None => {
                    self.chars(at, b.len());
                    Markup::Next(b.len())
                }
            },
            Some(c) if c.is_ascii_alphabetic() => self.tag(at + 1, TagKind::StartTag),
            Some(b'?') => Markup::Next(self.bogus_comment(at + 1)),
            _ => {
                self.chars(at, at + 1);
                Markup::Next(at + 1)
            }
        }
    }

    /// `<!` seen; `p` is just after it.
    fn declaration(&mut self, p: usize) -> usize {
        let rest = &self.b[p..];
        if rest.starts_with(b"--") {
            return self.comment(p + 2);
        }
        if rest.len() >= 7 && rest[..7].eq_ignore_ascii_case(b"doctype") {
            return self.doctype(p + 7);
        }
        if rest.starts_with(b"[CDATA[")
            && self
                .sink
                .adjusted_current_node_present_but_not_in_html_namespace()
        {
            return self.cdata(p + 7);
        }
        self.bogus_comment(p)
    }

    /// A bogus comment: everything to the next `>`.
    fn bogus_comment(&mut self, p: usize) -> usize {
        let (end, next) = match memchr::memchr(b'>', &self.b[p..]) {
            Some(e) => (p + e, p + e + 1),
            None => (self.b.len(), self.b.len()),
        };
        self.comment_token(p, end);
        next
    }

    fn comment_token(&mut self, start: usize, end: usize) {
        let text = replace_nul(&self.text[start..end]);
        let _ = self.emit(Token::CommentToken(StrTendril::from_slice(&text)));
    }

    /// `<!--` seen; `p` is just after it.
    fn comment(&mut self, p: usize) -> usize {
        let rest = &self.b[p..];
        // `<!-->` and `<!--->` close at once.
        if rest.starts_with(b">") {
            self.comment_token(p, p);
            return p + 1;
        }
        if rest.starts_with(b"->") {
            self.comment_token(p, p);
            return p + 2;
        }
        // The comment ends at the first `-->` or `--!>`.
        let mut from = 0;
        while let Some(k) = memchr::memmem::find(&rest[from..], b"--") {
            let d = from + k;
            let after = &rest[d + 2..];
            if after.starts_with(b">") {
                self.comment_token(p, p + d);
                return p + d + 3;
            }
            if after.starts_with(b"!>") {
                self.comment_token(p, p + d);
                return p + d + 4;
            }
            from = d + 1;
        }
        // At the end of the input, dashes (and `--!`) the comment would
        // have ended on are not part of it.
        let cut = if rest.ends_with(b"--!") {
            3
        } else if rest.ends_with(b"--") {
            2
        } else {
            usize::from(rest.ends_with(b"-"))
        };
        self.comment_token(p, self.b.len() - cut);
        self.b.len()
    }

    /// `<![CDATA[` in foreign content; `p` is just after it.
    fn cdata(&mut self, p: usize) -> usize {
        let (end, next) = match memchr::memmem::find(&self.b[p..], b"]]>") {
            Some(e) => (p + e, p + e + 3),
            None => (self.b.len(), self.b.len()),
        };
        // CDATA is read only in foreign content, where a NUL becomes U+FFFD.
        let text = replace_nul(&self.text[p..end]);
        self.owned_or_slice(p, end, text);
        next
    }

    /// `<!DOCTYPE` seen; `p` is just after it.
    fn doctype(&mut self, p: usize) -> usize {
        let (doctype, next) = read_doctype(self.b, self.text, p);
        let _ = self.emit(Token::DoctypeToken(doctype));
        next
    }

    /// A tag whose name starts at `p`.
    fn tag(&mut self, p: usize, kind: TagKind) -> Markup {
        let b = self.b;
        let n = b.len();
        let mut i = p;
        while i < n && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        if i >= n {
            return Markup::Next(n);
        }
        let name = tag_name(&self.text[p..i]);
        let start = kind == TagKind::StartTag;
        let formatting = start && is_formatting(&name);
        // Made at the first dropped attribute of a formatting tag: most
        // tags are neither, and setting up the digest's room per tag cost
        // more than the digest.
        let mut dropped: Option<DroppedDigest> = None;
        let mut attrs: Vec<Attribute> = Vec::new();
        let mut seen = [false; READ.len()];
        let mut self_closing = false;
        loop {
            // Before an attribute name.
            while i < n && is_space(b[i]) {
                i += 1;
            }
            if i >= n {
                return Markup::Next(n);
            }
            match b[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => match b.get(i + 1) {
                    Some(b'>') => {
                        self_closing = true;
                        i += 2;
                        break;
                    }
                    None => return Markup::Next(n),
                    Some(_) => {
                        i += 1;
                        continue;
                    }
                },
                _ => {}
            }
            // The name: its first character may be anything, `=` too.
            let name_start = i;
            i += 1;
            while i < n && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let name_end = i;
            while i < n && is_space(b[i]) {
                i += 1;
            }
            let mut value = Value {
                start: i,
                end: i,
                present: false,
                plain: true,
            };
            if i < n && b[i] == b'=' {
                i += 1;
                while i < n && is_space(b[i]) {
                    i += 1;
                }
                match b.get(i) {
                    None => return Markup::Next(n),
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let Some((e, plain)) = quoted_value_end(&b[i + 1..], q) else {
                            return Markup::Next(n);
                        };
                        value = Value {
                            start: i + 1,
                            end: i + 1 + e,
                            present: true,
                            plain,
                        };
                        i = i + 1 + e + 1;
                    }
                    // A missing value: the `>` ends the tag.
                    Some(b'>') => {}
                    Some(_) => {
                        let s = i;
                        while i < n && !is_space(b[i]) && b[i] != b'>' {
                            i += 1;
                        }
                        if i >= n {
                            return Markup::Next(n);
                        }
                        value = Value {
                            start: s,
                            end: i,
                            present: true,
                            plain: !has_reference_or_nul(&b[s..i]),
                        };
                    }
                }
            }
            if !start {
                continue;
            }
            let Some(k) = read_index(&b[name_start..name_end]) else {
                if formatting {
                    let raw = &self.text[value.start..value.end];
                    let value = if value.plain {
                        Cow::Borrowed(raw)
                    } else {
                        decode_references(raw, true)
                    };
                    dropped
                        .get_or_insert_with(DroppedDigest::default)
                        .add(&b[name_start..name_end], &value);
                }
                continue;
            };
            if std::mem::replace(&mut seen[k], true) {
                continue;
            }
            let value = if value.present {
                self.attribute_value(&value)
            } else {
                StrTendril::new()
            };
            if attrs.capacity() == 0 {
                // The room the first push would grow to (four), allocated
                // directly: the general growth path costs more per tag.
                attrs = Vec::with_capacity(4);
            }
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), self.read_names[k].clone()),
                value,
            });
        }
        if let Some(dropped) = dropped.filter(|d| d.any) {
            attrs.push(Attribute {
                name: QualName::new(None, ns!(), self.dropped_name.clone()),
                value: dropped.value(),
            });
        }
        let tag = Tag {
            kind,
            name: name.clone(),
            self_closing,
            attrs,
            had_duplicate_attributes: false,
        };
        match self.emit(Token::TagToken(tag)) {
            TokenSinkResult::RawData(raw) => Markup::Next(self.raw_text(i, raw, &name)),
            TokenSinkResult::Plaintext => Markup::Plaintext(i),
            // A script to run or a `<meta charset>` to switch decoders by: the
            // text is decoded already, so read on.
            TokenSinkResult::Continue
            | TokenSinkResult::Script(_)
            | TokenSinkResult::EncodingIndicator(_) => Markup::Next(i),
        }
    }

    fn attribute_value(&self, v: &Value) -> StrTendril {
        let value = &self.text[v.start..v.end];
        if v.plain {
            if let Some(shared) = shared_slice(self.buffer, v.start, v.end) {
                return shared;
            }
        }
        StrTendril::from_slice(&decode_references(value, true))
    }

    /// The text of a raw-text element, from `p` (just after its start tag)
    /// to its end tag; returns where its end tag starts.
    fn raw_text(&mut self, p: usize, kind: RawKind, name: &LocalName) -> usize {
        let rest = &self.b[p..];
        let end = match kind {
            RawKind::ScriptData | RawKind::ScriptDataEscaped(_) => rawtext::script_end(rest),
            RawKind::Rawtext | RawKind::Rcdata => rawtext::rawtext_end(rest, name.as_bytes()),
        }
        .map_or(self.b.len(), |e| p + e);
        if self.sink.take_skip() {
            self.skipped += end - p;
            return end;
        }
        let text = match kind {
            RawKind::Rcdata => decode_references(&self.text[p..end], false),
            _ => replace_nul(&self.text[p..end]),
        };
        self.owned_or_slice(p, end, text);
        end
    }
}

/// `buffer[start..end]` as a tendril sharing the buffer, or `None` if the
/// range is out of bounds, splits a character or is past `u32`. Tendril's
/// own `subtendril` checks the range by classifying the characters at both
/// ends (~40 Ir a slice, ~300 000 slices over 181 pages); the buffer is
/// valid UTF-8, so `str`'s boundary test of each end says the same.
fn shared_slice(buffer: &StrTendril, start: usize, end: usize) -> Option<StrTendril> {
    let text: &str = buffer;
    if start > end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return None;
    }
    let (Ok(offset), Ok(len)) = (u32::try_from(start), u32::try_from(end - start)) else {
        return None;
    };
    // SAFETY: `unsafe_subtendril` asks for a range within the buffer
    // whose bytes are valid for the format. `is_char_boundary` is false
    // past the end, so `start <= end <= text.len()`, and `offset`, `len`
    // are those numbers; a range of valid UTF-8 (a `str`) between two
    // character boundaries is valid UTF-8.
    Some(unsafe { buffer.unsafe_subtendril(offset, len) })
}

/// Where an attribute's value lies in the input.
struct Value {
    start: usize,
    end: usize,
    /// Whether the attribute has a value (`=` and something).
    present: bool,
    /// Whether the value holds no `&` and no NUL, so it is read as written.
    plain: bool,
}

/// Whether raw attribute value bytes need decoding (`&`) or replacing (NUL).
fn has_reference_or_nul(value: &[u8]) -> bool {
    memchr::memchr2(b'&', 0, value).is_some()
}

/// The end of a value quoted by `quote`, in `rest` (just past the opening
/// quote), and whether the value is plain (no `&`, no NUL): one scan for
/// the closing quote that notes either on the way, where a second scan of
/// the value would read it again.
fn quoted_value_end(rest: &[u8], quote: u8) -> Option<(usize, bool)> {
    let first = memchr::memchr3(quote, b'&', 0, rest)?;
    if rest[first] == quote {
        return Some((first, true));
    }
    let end = first + 1 + memchr::memchr(quote, &rest[first + 1..])?;
    Some((end, false))
}

/// Where the data state goes on after markup.
enum Markup {
    Next(usize),
    /// The rest of the input, from here, is text (`<plaintext>`).
    Plaintext(usize),
}

/// A tag name: ASCII upper case lowered, NUL replaced.
fn tag_name(name: &str) -> LocalName {
    if let Some(common) = common_tag_name(name.as_bytes()) {
        return common;
    }
    if name.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        let lowered: String = name
            .chars()
            .map(|c| match c {
                '\0' => '\u{FFFD}',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        LocalName::from(lowered)
    } else {
        LocalName::from(name)
    }
}

/// The atom of a common tag name written in lower case, without hashing
/// it: `LocalName::from` looks every name up in the static atom set, and
/// pages repeat a few dozen names thousands of times.
fn common_tag_name(name: &[u8]) -> Option<LocalName> {
    Some(match name {
        b"html" => local_name!("html"),
        b"head" => local_name!("head"),
        b"body" => local_name!("body"),
        b"div" => local_name!("div"),
        b"span" => local_name!("span"),
        b"a" => local_name!("a"),
        b"p" => local_name!("p"),
        b"li" => local_name!("li"),
        b"ul" => local_name!("ul"),
        b"ol" => local_name!("ol"),
        b"script" => local_name!("script"),
        b"style" => local_name!("style"),
        b"link" => local_name!("link"),
        b"meta" => local_name!("meta"),
        b"img" => local_name!("img"),
        b"i" => local_name!("i"),
        b"b" => local_name!("b"),
        b"strong" => local_name!("strong"),
        b"em" => local_name!("em"),
        b"section" => local_name!("section"),
        b"article" => local_name!("article"),
        b"header" => local_name!("header"),
        b"footer" => local_name!("footer"),
        b"nav" => local_name!("nav"),
        b"aside" => local_name!("aside"),
        b"main" => local_name!("main"),
        b"figure" => local_name!("figure"),
        b"figcaption" => local_name!("figcaption"),
        b"h1" => local_name!("h1"),
        b"h2" => local_name!("h2"),
        b"h3" => local_name!("h3"),
        b"h4" => local_name!("h4"),
        b"h5" => local_name!("h5"),
        b"h6" => local_name!("h6"),
        b"table" => local_name!("table"),
        b"tbody" => local_name!("tbody"),
        b"thead" => local_name!("thead"),
        b"tr" => local_name!("tr"),
        b"td" => local_name!("td"),
        b"th" => local_name!("th"),
        b"form" => local_name!("form"),
        b"button" => local_name!("button"),
        b"input" => local_name!("input"),
        b"label" => local_name!("label"),
        b"iframe" => local_name!("iframe"),
        b"noscript" => local_name!("noscript"),
        b"svg" => local_name!("svg"),
        b"path" => local_name!("path"),
        b"br" => local_name!("br"),
        b"time" => local_name!("time"),
        b"picture" => local_name!("picture"),
        b"source" => local_name!("source"),
        b"small" => local_name!("small"),
        b"title" => local_name!("title"),
        b"template" => local_name!("template"),
        b"select" => local_name!("select"),
        b"option" => local_name!("option"),
        b"blockquote" => local_name!("blockquote"),
        b"pre" => local_name!("pre"),
        b"code" => local_name!("code"),
        b"dl" => local_name!("dl"),
        b"dt" => local_name!("dt"),
        b"dd" => local_name!("dd"),
        b"hr" => local_name!("hr"),
        b"u" => local_name!("u"),
        b"s" => local_name!("s"),
        b"font" => local_name!("font"),
        b"center" => local_name!("center"),
        b"ins" => local_name!("ins"),
        b"del" => local_name!("del"),
        b"sup" => local_name!("sup"),
        b"sub" => local_name!("sub"),
        b"abbr" => local_name!("abbr"),
        b"cite" => local_name!("cite"),
        b"video" => local_name!("video"),
        b"audio" => local_name!("audio"),
        b"canvas" => local_name!("canvas"),
        b"textarea" => local_name!("textarea"),
        b"g" => local_name!("g"),
        b"rect" => local_name!("rect"),
        b"circle" => local_name!("circle"),
        b"use" => local_name!("use"),
        b"symbol" => local_name!("symbol"),
        b"defs" => local_name!("defs"),
        _ => return None,
    })
}

/// `text` with NULs replaced by U+FFFD.
fn replace_nul(text: &str) -> Cow<'_, str> {
    if memchr::memchr(0, text.as_bytes()).is_none() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace('\0', "\u{FFFD}"))
    }
}

/// `text` with character references decoded and NULs replaced.
fn decode_references(text: &str, in_attribute: bool) -> Cow<'_, str> {
    let b = text.as_bytes();
    if memchr::memchr2(b'&', 0, b).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(off) = memchr::memchr2(b'&', 0, &b[pos..]) {
        let at = pos + off;
        out.push_str(&text[pos..at]);
        if b[at] == 0 {
            out.push('\u{FFFD}');
            pos = at + 1;
            continue;
        }
        match char_ref(b, at, in_attribute) {
            Some((decoded, next)) => {
                out.push_str(decoded.as_str());
                pos = next;
            }
            None => {
                out.push('&');
                pos = at + 1;
            }
        }
    }
    out.push_str(&text[pos..]);
    Cow::Owned(out)
}

/// The one or two characters a reference stands for, as UTF-8.
struct Decoded {
    buf: [u8; 8],
    len: usize,
}

impl Decoded {
    fn new(first: char, second: Option<char>) -> Self {
        let mut buf = [0; 8];
        let mut len = first.encode_utf8(&mut buf).len();
        if let Some(c) = second {
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        Decoded { buf, len }
    }

    fn as_str(&self) -> &str {
        // `buf[..len]` is what `new` encoded: always UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("\u{FFFD}")
    }
}

/// The character reference at `at` (an `&`): what it stands for and where
/// the text goes on, or `None` when the `&` is just text.
fn char_ref(b: &[u8], at: usize, in_attribute: bool) -> Option<(Decoded, usize)> {
    match b.get(at + 1) {
        Some(c) if c.is_ascii_alphanumeric() => named_ref(b, at + 1, in_attribute),
        Some(b'#') => numeric_ref(b, at + 2),
        _ => None,
    }
}

/// A named reference from `p`: the longest name in the table (legacy names
/// may lack the `;`); inside an attribute value, one without `;` followed by
/// `=` or a letter or digit is text.
fn named_ref(b: &[u8], p: usize, in_attribute: bool) -> Option<(Decoded, usize)> {
    let mut end = p;
    let mut best = None;
    while end < b.len() && b[end].is_ascii() {
        // Names are ASCII: the slice is a whole string.
        let Ok(prefix) = std::str::from_utf8(&b[p..=end]) else {
            break;
        };
        match NAMED_ENTITIES.get(prefix) {
            Some(&(c1, c2)) => {
                end += 1;
                if c1 != 0 {
                    best = Some((end, c1, c2));
                }
            }
            None => break,
        }
    }
    let (stop, c1, c2) = best?;
    if in_attribute && b[stop - 1] != b';' {
        if let Some(&next) = b.get(stop) {
            if next == b'=' || next.is_ascii_alphanumeric() {
                return None;
            }
        }
    }
    let first = char::from_u32(c1)?;
    let second = if c2 == 0 { None } else { char::from_u32(c2) };
    Some((Decoded::new(first, second), stop))
}

/// A numeric reference from `p` (just past `&#`).
fn numeric_ref(b: &[u8], p: usize) -> Option<(Decoded, usize)> {
    let (base, digits) = match b.get(p) {
        Some(b'x' | b'X') => (16, p + 1),
        _ => (10, p),
    };
    let mut i = digits;
    let mut num: u32 = 0;
    let mut too_big = false;
    while let Some(d) = b.get(i).and_then(|&c| char::from(c).to_digit(base)) {
        num = num.wrapping_mul(base);
        if num > 0x10FFFF {
            too_big = true;
        }
        num = num.wrapping_add(d);
        i += 1;
    }
    if i == digits {
        return None;
    }
    if b.get(i) == Some(&b';') {
        i += 1;
    }
    let c = match num {
        n if n > 0x10FFFF || too_big => '\u{FFFD}',
        0 | 0xD800..=0xDFFF => '\u{FFFD}',
        0x80..=0x9F => C1_REPLACEMENTS[(num - 0x80) as usize]
            .or(char::from_u32(num))
            .unwrap_or('\u{FFFD}'),
        n => char::from_u32(n).unwrap_or('\u{FFFD}'),
    };
    Some((Decoded::new(c, None), i))
}

/// Reads a doctype from `p` (just past `<!DOCTYPE`), state by state as the
/// spec does; returns it and where the data state goes on.
fn read_doctype(b: &[u8], text: &str, p: usize) -> (Doctype, usize) {
    let n = b.len();
    let mut d = Doctype {
        name: None,
        public_id: None,
        system_id: None,
        force_quirks: false,
    };
    let skip_spaces = |mut i: usize| {
        while i < n && is_space(b[i]) {
            i += 1;
        }
        i
    };
    let quirks_at_end = |mut d: Doctype| {
        d.force_quirks = true;
        (d, n)
    };
    // The name.
    let mut i = skip_spaces(p);
    if i >= n {
        return quirks_at_end(d);
    }
    if b[i] == b'>' {
        d.force_quirks = true;
        return (d, i + 1);
    }
    let start = i;
    while i < n && !is_space(b[i]) && b[i] != b'>' {
        i += 1;
    }
    d.name = Some(StrTendril::from_slice(&lower_replaced(&text[start..i])));
    if i >= n {
        return quirks_at_end(d);
    }
    // After the name.
    i = skip_spaces(i);
    if i >= n {
        return quirks_at_end(d);
    }
    if b[i] == b'>' {
        return (d, i + 1);
    }
    let keyword = b.get(i..i + 6);
    let public = keyword.is_some_and(|k| k.eq_ignore_ascii_case(b"public"));
    let system = keyword.is_some_and(|k| k.eq_ignore_ascii_case(b"system"));
    if !public && !system {
        d.force_quirks = true;
        return (d, bogus_doctype(b, i));
    }
    i += 6;
    // After the keyword, then before the identifier.
    i = skip_spaces(i);
    let id = match read_identifier(b, text, i) {
        Identifier::Read(id, next) => {
            i = next;
            id
        }
        Identifier::Closed(next) => {
            d.force_quirks = true;
            return (d, next);
        }
        Identifier::Missing => {
            d.force_quirks = true;
            return (d, bogus_doctype(b, i));
        }
        Identifier::End => return quirks_at_end(d),
    };
    if system {
        d.system_id = Some(id);
        return after_system_id(b, d, i);
    }
    d.public_id = Some(id);
    // After the public identifier, and between the identifiers.
    i = skip_spaces(i);
    if i >= n {
        return quirks_at_end(d);
    }
    if b[i] == b'>' {
        return (d, i + 1);
    }
    match read_identifier(b, text, i) {
        Identifier::Read(id, next) => {
            d.system_id = Some(id);
            after_system_id(b, d, next)
        }
        Identifier::Closed(next) => {
            d.force_quirks = true;
            (d, next)
        }
        Identifier::Missing => {
            d.force_quirks = true;
            (d, bogus_doctype(b, i))
        }
        Identifier::End => quirks_at_end(d),
    }
}

/// After the system identifier: anything but `>` is a bogus doctype (not
/// quirky).
fn after_system_id(b: &[u8], mut d: Doctype, mut i: usize) -> (Doctype, usize) {
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    match b.get(i) {
        None => {
            d.force_quirks = true;
            (d, b.len())
        }
        Some(b'>') => (d, i + 1),
        Some(_) => (d, bogus_doctype(b, i)),
    }
}

enum Identifier {
    /// A quoted identifier, and where reading goes on.
    Read(StrTendril, usize),
    /// A `>` before or inside the identifier closed the doctype.
    Closed(usize),
    /// No quote where the identifier should start.
    Missing,
    /// The input ended.
    End,
}

fn read_identifier(b: &[u8], text: &str, i: usize) -> Identifier {
    match b.get(i) {
        None => Identifier::End,
        Some(b'>') => Identifier::Closed(i + 1),
        Some(&q) if q == b'"' || q == b'\'' => {
            let start = i + 1;
            match memchr::memchr2(q, b'>', &b[start..]) {
                None => Identifier::End,
                Some(e) if b[start + e] == b'>' => Identifier::Closed(start + e + 1),
                Some(e) => {
                    let id = replace_nul(&text[start..start + e]);
                    Identifier::Read(StrTendril::from_slice(&id), start + e + 1)
                }
            }
        }
        Some(_) => Identifier::Missing,
    }
}

/// A bogus doctype runs to the next `>`.
fn bogus_doctype(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1)
}

fn lower_replaced(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|c| c.is_ascii_uppercase() || c == 0) {
        Cow::Owned(
            s.chars()
                .map(|c| match c {
                    '\0' => '\u{FFFD}',
                    c => c.to_ascii_lowercase(),
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    /// The shared slice is the checked `subtendril`'s, for every non-empty
    /// range of pieces of text with characters of one to four bytes, and
    /// `None` exactly where `subtendril` fails.
    #[test]
    fn shared_slices_are_checked_subtendrils() {
        use super::{shared_slice, StrTendril};

        const PIECES: [&str; 8] = [
            "a",
            " ",
            "<p>",
            "é",
            "ñandú",
            "€",
            "𝄞",
            "teks panjang sekali",
        ];
        let mut next = crate::test_support::xorshift(0x853C_49E6_748F_EA9B_u64);
        let mut shared = 0;
        for _ in 0..300 {
            let len = 1 + next() % 12;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let buffer = StrTendril::from_slice(&text);
            if next().is_multiple_of(2) {
                // Shared already, as after the first slice of a page.
                let _ = buffer.try_subtendril(0, u32::try_from(text.len()).unwrap_or(0));
            }
            for start in 0..=text.len() + 1 {
                for end in 0..=text.len() + 1 {
                    let checked = u32::try_from(start)
                        .ok()
                        .zip(u32::try_from(end.wrapping_sub(start)).ok())
                        .filter(|_| start <= end)
                        .and_then(|(o, l)| buffer.try_subtendril(o, l).ok());
                    let fast = shared_slice(&buffer, start, end);
                    if start < end {
                        assert_eq!(
                            fast.as_deref(),
                            checked.as_deref(),
                            "{text:?} {start}..{end}"
                        );
                    } else {
                        // Empty: `subtendril` takes any position, this one
                        // only boundaries (the reader's ranges start at
                        // ASCII delimiters).
                        assert!(matches!(fast.as_deref(), None | Some("")));
                    }
                    shared += usize::from(fast.is_some_and(|t| t.len() > 8));
                }
            }
        }
        assert!(shared > 10_000, "{shared}");
    }

    use super::super::{oracle, tree};

    fn assert_same_tree(html: &str) {
        if let Err(difference) = oracle::compare_with_reference(html) {
            panic!("{html:?}\n{difference}");
        }
    }

    #[test]
    fn character_references_decode_as_the_spec_says() {
        for html in [
            "<p>a &amp; b &lt;c&gt; &notit; &not &notin; &copy2020 &ampx &amp;x</p>",
            "<p>&#65;&#x41;&#X41;&#0;&#x80;&#x81;&#x9F;&#xD800;&#1114112;&#99999999999;&#x110000</p>",
            "<p>&#; &#x; &#xZ; &# &; & &&amp; &AMP &AMP; &Aacute &aacute;</p>",
            "<p>&amp",
            "<p>&",
            "<p>&#",
            "<p>&#x41",
            "<a href='?a=1&copy=2&amp=3&lt&gt;x&not1&notin'>x</a>",
            "<a href=\"&amp\" title=&quot>x</a><img alt=&ampx src=&#x41;>",
            "<a href=x&lt;y>t</a><a href=&lt=>u</a>",
            "<title>a &amp; &lt;b&gt; &#65;</title><p>x</p>",
            "<textarea>&lt;p&gt;</textarea><p>after</p>",
            "<p>&nbsp;&NotEqualTilde;&nGt;&acE;</p>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn comments_end_where_the_spec_ends_them() {
        for html in [
            "<p>a<!-->b</p>",
            "<p>a<!--->b</p>",
            "<p>a<!---->b</p>",
            "<p>a<!--x--->b</p>",
            "<p>a<!--x--!>b</p>",
            "<p>a<!--x-- >y-->b</p>",
            "<p>a<!--<!---->b</p>",
            "<p>a<!--<!-->b</p>",
            "<p>a<!-- <!--x -->b</p>",
            "<p>a<!--x--!-->b</p>",
            "<p>a<!---x-->b</p>",
            "<p>a<!---!>b-->c</p>",
            "<p>a<!--",
            "<p>a<!---",
            "<p>a<!--x-",
            "<p>a<!--x--",
            "<p>a<!--x---",
            "<p>a<!--x--!",
            "<p>a<!--x--!-",
            "<p>a<!--<!-",
            "<p>a<!--\0-->b</p>",
            "<p>a<!x>b<!>c<?php echo 1 ?>d</p>",
            "<p>a</ x>b</>c</",
            "<p>a</ x",
        ] {
            assert_same_tree(html);
        }
    }

    /// Doctypes decide quirks mode, which changes the tree: in quirks mode
    /// a `<table>` does not close an open `<p>`.
    #[test]
    fn doctypes_give_the_same_quirks() {
        let body = "<p>a<table><tr><td>b</td></tr></table>c";
        for doctype in [
            "",
            "<!DOCTYPE html>",
            "<!doctype HTML>",
            "<!DOCTYPE>",
            "<!DOCTYPE",
            "<!DOCTYPEhtml>",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\">",
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
            "<!DOCTYPE html PUBLIC '-//W3O//DTD W3 HTML Strict 3.0//EN//'>",
            "<!DOCTYPE html SYSTEM \"about:legacy-compat\">",
            "<!DOCTYPE html SYSTEM 'http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd'>",
            "<!DOCTYPE html PUBLIC\"-//W3C//DTD HTML 4.01//EN\"'x'>",
            "<!DOCTYPE html PUBLIC>",
            "<!DOCTYPE html PUBLIC \"abc>",
            "<!DOCTYPE html PUBLIC \"abc",
            "<!DOCTYPE html SYSTEM \"x\" junk>",
            "<!DOCTYPE html junk>",
            "<!DOCTYPE html PUBLIC x>",
            "<!DOCTYPE html SYSTEM>",
            "<!DOCTYPE html PUBLIC \"a\" x>",
            "<!DOCTYPE \0x>",
        ] {
            assert_same_tree(&format!("{doctype}{body}"));
        }
    }

    #[test]
    fn tags_and_attributes_read_as_html5ever_reads_them() {
        for html in [
            "<DIV CLASS=Isi ID='a' Class=dup><P>t</P></DIV>",
            "<div class=\"a > b\" onclick='f(\"x\")' data-x=1 id=b/><p>t</p></div x=1>",
            "<img src=x.jpg alt=\"\" /><br/><br /></br><p/>a",
            "<a href=/x title=\"Judul\">t</a><a href = \"y\" >u</a><a href=>v</a>",
            "<div =class id==x \"q=1 'r=2 <s=3 class`=4>t</div>",
            "<div class=a/b id=c//>t</div>",
            "<div class=\"unterminated>t</div>",
            "<div class=x",
            "<div class",
            "<div",
            "<di\0v class=a\0b>t</di\0v>",
            "<p>a\0b</p><textarea>x\0y</textarea><script>z\0</script>",
            "<svg><![CDATA[a<b>\0]]]>c</svg><p><![CDATA[x]]>y</p>",
            "<math><mi><![CDATA[m]]></mi></math><svg><![CDATA[unterminated",
            "<p>one\r\ntwo\rthree\n\rfour</p><pre>\r\nx</pre>",
            "\u{feff}<p>bom</p>",
            "<plaintext>a<b>&amp;\0</plaintext>",
            "<table>a<tr>b<td>c</td>d</tr>e</table><select>x<option>y</select>",
            "<html lang=id class=a><body class=b><html id=c><body id=d data-x=1>t",
            "<template><style>a</style><p>in</p></template><p>after</p>",
            "<frameset><noframes><p>x</p></noframes></frameset>",
            "<iframe><p>x</iframe><xmp><b>kept</b></xmp><noembed>y</noembed>",
            "<script>a<!--<script>b</script>c--></script><p>after</p>",
            "<a><p>misnested</a></p><b><i>x</b>y</i>",
        ] {
            assert_same_tree(html);
        }
    }

    #[test]
    fn of_many_attributes_only_the_first_read_ones_are_kept() {
        let mut html = String::from("<p>before</p><div");
        for i in 0..100_000 {
            html.push_str(&format!(" a{i}=\"v{i} > x\" class=c{i}"));
        }
        html.push_str(" id=satu>teks</div>");
        let tree = tree::parse(&html);
        let div = tree
            .nodes
            .iter()
            .find_map(|n| match &n.data {
                tree::NodeData::Element(e) if &*e.name.local == "div" => Some(e),
                _ => None,
            })
            .map(|e| {
                e.attrs
                    .iter()
                    .map(|a| format!("{}={}", a.name.local, a.value))
                    .collect::<Vec<_>>()
            });
        assert_eq!(div, Some(vec!["class=c0".to_owned(), "id=satu".to_owned()]));
    }

    /// Found by fuzzing: past 128 attributes, the cap for merged `<html>`
    /// and `<body>` attributes kept only the reader's own names, so a
    /// `style` or `color` that far along was lost on html5ever's path.
    #[test]
    fn a_read_attribute_after_many_others_is_kept_on_both_paths() {
        let mut html = String::from("<p>a</p><div");
        for i in 0..200 {
            html.push_str(&format!(" w{i}"));
        }
        html.push_str(" style=\"display:none\" color=red>tersembunyi</div>");
        assert_same_tree(&html);
        assert!(format!("{:?}", tree::parse(&html)).contains("display:none"));
        let mut font = String::from("<svg><font");
        for i in 0..200 {
            font.push_str(&format!(" w{i}"));
        }
        font.push_str(" color=red>x</font></svg><p>y</p>");
        assert_same_tree(&font);
    }

    /// Found by fuzzing: of identical formatting elements open at once the
    /// tree builder keeps three, comparing whole attribute lists, so the
    /// attributes the tokenizer drops must still tell tags apart.
    #[test]
    fn formatting_tags_differing_in_dropped_attributes_stay_apart() {
        for html in [
            "<a ><s\n><s><s\n><s\n+><a>",
            "<p><b>1<b>2<b>3<b onclick=x>4</p><p>5",
            "<p><b x=1>1<b X=1>2<b x=\"1\">3<b x=1>4</p><p>5",
            "<p><b x=1 y=2>1<b y=2 x=1>2<b x=1 y=2 x=3>3<b y=2 x=1>4</p><p>5",
            "<p><i t=&amp;>1<i t='&'>2<i t=&>3<i t=&amp>4</p><p>5",
            "<p><u a=1>1<u a=2>2<u a=3>3<u a=1>4<u a=1>5<u a=1>6</p><p>7",
            "<p><font onclick=a color=red>1<font color=red onclick=b>2<font color=red>3<font color=red>4</p><p>5",
        ] {
            assert_same_tree(html);
        }
        // The digest is for the tree builder only: no element keeps it.
        let shown = format!("{:?}", tree::parse("<b onclick=x>t</b>"));
        assert!(!shown.contains(super::DROPPED_ATTRIBUTES), "{shown}");
    }

    #[test]
    fn spaces_around_the_equals_sign_keep_the_value() {
        let tree = tree::parse("<a href = \"/berita\" >t</a>");
        assert!(format!("{tree:?}").contains("\"/berita\""));
        assert_same_tree("<a href = \"/berita\" class= x id =y>t</a>");
    }

    #[test]
    fn the_fixture_page_gives_the_same_tree() {
        let page = include_str!("../../../../fixtures/html-news-page.html");
        assert_same_tree(page);
    }

    /// Random pages made of the pieces that change the tokenizer's or the
    /// tree builder's state give html5ever's tree.
    #[test]
    fn random_markup_gives_html5evers_tree() {
        const PIECES: [&str; 80] = [
            "<script>",
            "</script>",
            "</SCRIPT >",
            "</script",
            "<style>",
            "</style>",
            "<!--",
            "-->",
            "--!>",
            "<!-->",
            "-",
            "!",
            ">",
            "<",
            "</",
            "<script",
            "<!",
            "!--",
            "<svg>",
            "</svg>",
            "<math>",
            "</math>",
            "<foreignObject>",
            "<template>",
            "</template>",
            "<noscript>",
            "</noscript>",
            "<textarea>",
            "</textarea>",
            "<title>",
            "</title>",
            "<p>",
            "</p>",
            "<table>",
            "<td>",
            "<select>",
            "<iframe>",
            "</iframe>",
            "<![CDATA[",
            "]]>",
            "text ",
            "\r\n",
            "\r",
            " ",
            "/",
            "<script type=\"application/ld+json\">",
            "<xmp>",
            "</xmp>",
            "&amp;",
            "&amp",
            "&",
            "&#",
            "&#x4",
            "1;",
            "&not",
            "in;",
            "=",
            "\"",
            "'",
            "<div class=",
            "<a href=\"",
            " id=x",
            " CLASS='y'",
            " onclick=z",
            "\0",
            "<!DOCTYPE html>",
            "<!doctype html public \"",
            "<plaintext>",
            "<?",
            "<br/>",
            "</br>",
            "é",
            " href = \"q\" ",
            "<DIV Class=",
            "<b>",
            "<s",
            "<i ",
            "<b data-x=1>",
            " Data-X='&amp;'",
            "</b>",
        ];
        let mut next = crate::test_support::xorshift(0x9E37_79B9_7F4A_7C15_u64);
        for _ in 0..20_000 {
            let len = 1 + next() % 40;
            let html: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            assert_same_tree(&html);
        }
    }

    /// The one-scan quoted value end agrees with finding the quote and then
    /// looking for `&` or NUL in the value, on random bytes.
    #[test]
    fn a_quoted_value_ends_and_is_plain_as_two_scans_say() {
        let simple = |rest: &[u8], quote: u8| {
            let end = rest.iter().position(|&c| c == quote)?;
            Some((end, !rest[..end].iter().any(|&c| c == b'&' || c == 0)))
        };
        const BYTES: [u8; 8] = [b'"', b'\'', b'&', 0, b'a', b' ', b'>', 0xC3];
        let mut next = crate::test_support::xorshift(0x2545_F491_4F6C_DD1D_u64);
        for _ in 0..20_000 {
            let len = (next() % 70) as usize;
            let rest: Vec<u8> = (0..len)
                .map(|_| BYTES[(next() % BYTES.len() as u64) as usize])
                .collect();
            for quote in [b'"', b'\''] {
                assert_eq!(
                    super::quoted_value_end(&rest, quote),
                    simple(&rest, quote),
                    "{rest:?}"
                );
            }
        }
    }

    /// Tag names found in the table of common names are the atoms the
    /// general path makes; other names, and names in upper case, still
    /// take the general path.
    #[test]
    fn common_tag_names_are_the_atoms_of_their_names() {
        let general = |name: &str| {
            html5ever::LocalName::from(name.to_ascii_lowercase().replace('\0', "\u{FFFD}"))
        };
        let names = "html head body div span a p li ul ol script style link meta img i b \
                     strong em section article header footer nav aside main figure \
                     figcaption h1 h2 h3 h4 h5 h6 table tbody thead tr td th form button \
                     input label iframe noscript svg path br time picture source small \
                     title template select option blockquote pre code dl dt dd hr u s \
                     font center ins del sup sub abbr cite video audio canvas textarea g \
                     rect circle use symbol defs";
        for name in names.split_whitespace() {
            assert_eq!(
                super::common_tag_name(name.as_bytes()).as_ref(),
                Some(&general(name)),
                "{name}"
            );
            assert_eq!(super::tag_name(name), general(name));
            let upper = name.to_ascii_uppercase();
            assert_eq!(super::common_tag_name(upper.as_bytes()), None);
            assert_eq!(super::tag_name(&upper), general(name));
        }
        for name in [
            "x-widget",
            "amp-img",
            "Div",
            "d\0iv",
            "custom-element-name",
            "h7",
        ] {
            assert_eq!(super::tag_name(name), general(name), "{name}");
        }
    }
}
