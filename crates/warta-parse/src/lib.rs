//! The core parser of warta: bytes in, one [`Document`] of blocks out.
//!
//! Both kinds of input — HTML pages and plain-text dumps of a page's visible
//! text — become the same [`Document`]: a flat list of [`Block`]s in reading
//! order, each with its text and the layout signals the extractor scores
//! (position, gaps, list markers, heading level, link density, the boilerplate
//! hints of its ancestors), plus the raw page metadata ([`PageMeta`]) the
//! input carries.
//!
//! What it is not: it decides nothing about what is article and what is
//! boilerplate, and it does not reconcile metadata. That is the extractor's
//! job; this crate only reads and describes the input faithfully.

mod decode;
mod detect;
mod document;
mod html;
mod text;

pub use decode::{decode, Decoded};
pub use detect::{detect, looks_binary};
pub use document::{Block, BlockKind, Container, Document, Hints, Link, MetaEntry, PageMeta};
#[cfg(feature = "reference-tokenizer")]
pub use html::compare_with_reference;
pub use html::declared_charset;
pub use text::unicode_space_len;

use warta_model::InputKind;

/// Which reader to use for an input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputHint {
    /// Decide from the bytes.
    #[default]
    Auto,
    /// Read as HTML.
    Html,
    /// Read as a text dump.
    Text,
}

impl std::str::FromStr for InputHint {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(InputHint::Auto),
            "html" => Ok(InputHint::Html),
            "text" => Ok(InputHint::Text),
            other => Err(format!("unknown input kind `{other}` (auto, html, text)")),
        }
    }
}

/// Why an input could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but whitespace.
    #[error("the input is empty")]
    Empty,
    /// Bytes that are not text in any encoding.
    #[error("the input is binary data, not a page ({0})")]
    Binary(String),
}

/// Options for [`parse`].
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Which reader to use.
    pub input: InputHint,
    /// Character set declared outside the page (an HTTP `Content-Type`).
    pub charset: Option<String>,
}

/// Reads an input into a [`Document`].
pub fn parse(bytes: &[u8], options: &ParseOptions) -> Result<Document, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Empty);
    }
    if let Some(why) = looks_binary(bytes) {
        return Err(ParseError::Binary(why));
    }
    let kind = match options.input {
        InputHint::Html => InputKind::Html,
        InputHint::Text => InputKind::Text,
        InputHint::Auto => detect(bytes),
    };
    let declared = match (&options.charset, kind) {
        (Some(c), _) => Some(c.clone()),
        (None, InputKind::Html) => declared_charset(bytes),
        (None, InputKind::Text) => None,
    };
    let decoded = decode(bytes, declared.as_deref(), kind);
    let mut doc = match kind {
        InputKind::Text => text::parse(&decoded.text),
        InputKind::Html => html::parse(&decoded.text),
    };
    doc.warnings.extend(decoded.warnings);
    Ok(doc)
}

/// Helpers for the crate's tests.
#[cfg(test)]
pub(crate) mod test_support {
    /// A small deterministic generator (xorshift64) for the random inputs
    /// of the equivalence tests: the same seed gives the same inputs.
    pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }
}
