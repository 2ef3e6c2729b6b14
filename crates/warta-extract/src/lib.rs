//! warta's extractor: one [`Document`] of blocks in, one [`Article`] out.
//!
//! The stages run in one direction, each adding to what the last found:
//!
//! 1. [`classify`]: every block gets a role from what it says (chrome phrases,
//!    "Baca Juga" links, date lines, bylines, captions with credits, widget
//!    headers) and a content score from how it reads (length, sentence shape,
//!    stopword density in its language, link density, markup hints).
//! 2. [`select`]: the article is the densest run of content blocks; inside it
//!    paragraphs, subheadings and lists are kept, the rest explained away.
//! 3. [`meta`]: title, authors, dates, site, agency and dateline, reconciled
//!    from the visible blocks and the page metadata.
//! 4. assembly: body blocks, images with credits, related links, truncation,
//!    then the facts of the text ([`warta_facts`]).
//!
//! What it is not: it reads no bytes itself beyond handing them to
//! [`warta_parse`], and it writes no output format; callers serialise the
//! [`Article`] with [`warta_model::render`].

mod assemble;
mod classify;
mod lang;
mod meta;
mod pagemeta;
mod patterns;
mod select;

use warta_model::Article;
use warta_parse::{Document, ParseError, ParseOptions};

pub use warta_parse::InputHint;

/// Options for one extraction.
#[derive(Clone, Debug)]
pub struct Options {
    /// Which reader to use.
    pub input: InputHint,
    /// The page URL, when known.
    pub url: Option<String>,
    /// A record id to carry into the article.
    pub id: Option<String>,
    /// Character set declared outside the page (HTTP `Content-Type`).
    pub charset: Option<String>,
    /// Attach every block with its role and reason (`blocks`).
    pub explain: bool,
    /// Find entities, dates, money and quotes.
    pub facts: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            input: InputHint::Auto,
            url: None,
            id: None,
            charset: None,
            explain: false,
            facts: true,
        }
    }
}

/// Why an input gave no article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// The input could not be read.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// Extracts the article from a page's bytes (HTML or a text dump).
pub fn extract(bytes: &[u8], options: &Options) -> Result<Article, Error> {
    let parse_options = ParseOptions {
        input: options.input,
        charset: options.charset.clone(),
    };
    let document = warta_parse::parse(bytes, &parse_options)?;
    Ok(extract_document(&document, options))
}

/// Extracts the article from a parsed [`Document`].
pub fn extract_document(document: &Document, options: &Options) -> Article {
    let classified = classify::classify(document);
    let selection = select::select(document, &classified);
    assemble::assemble(document, &classified, &selection, options)
}
