//! The [`Document`]: what every reader produces and the extractor consumes.

use warta_model::{InlineMark, InputKind};

/// A page read into blocks, the same shape for HTML and text dumps.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// What the input was read as.
    pub input: InputKind,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Metadata the page carries outside its visible text (empty for dumps).
    pub meta: PageMeta,
    /// Things the reader had to guess or repair (encoding guessed, …).
    pub warnings: Vec<String>,
    /// The container elements of a page, indexed by [`Block::container`]
    /// (index 0 is the page itself); empty for dumps.
    pub containers: Vec<Container>,
}

/// A container element (`div`, `section`, `article`, …) of a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Container {
    /// Index of the enclosing container (0 for the page; the page is its own parent).
    pub parent: u32,
    /// Nesting depth in containers (0 for the page).
    pub depth: u16,
    /// Hints of the container and its ancestors.
    pub hints: Hints,
}

impl Document {
    /// Whether container `inner` is `outer` or inside it.
    pub fn container_within(&self, mut inner: u32, outer: u32) -> bool {
        loop {
            if inner == outer {
                return true;
            }
            match self.containers.get(inner as usize) {
                Some(c) if c.parent != inner => inner = c.parent,
                _ => return false,
            }
        }
    }
}

impl Document {
    /// An empty document of the given kind.
    pub fn new(input: InputKind) -> Self {
        Document {
            input,
            blocks: Vec::new(),
            meta: PageMeta::default(),
            warnings: Vec::new(),
            containers: Vec::new(),
        }
    }
}

/// One block of visible text: a line of a dump, or a block element of a page.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Block {
    /// The block's text, whitespace collapsed, without a list marker.
    pub text: String,
    /// What the markup (or the line's shape) says the block is.
    pub kind: BlockKind,
    /// 1-based line in a dump; 0 for HTML blocks.
    pub line: u32,
    /// A blank line (dump) or a block boundary between sections (HTML) precedes it.
    pub gap_before: bool,
    /// The list marker the line started with (`-`, `*`, `•`, `1.`), if any.
    pub list_marker: Option<String>,
    /// Links inside the block, in order.
    pub links: Vec<Link>,
    /// Characters of `text` that are link text.
    pub link_chars: u32,
    /// Nesting depth of the element in the page (0 for dumps).
    pub depth: u16,
    /// Index of the block's container (nearest sectioning ancestor), so the
    /// extractor can score containers; all blocks of a dump share container 0.
    pub container: u32,
    /// What the ancestors' tags and class/id names suggest.
    pub hints: Hints,
    /// Image source, for image blocks (and captions whose figure has one).
    pub image_src: Option<String>,
    /// Inline links and emphasis, by byte offsets into `text`.
    pub inline: Vec<InlineMark>,
}

impl Block {
    /// Share of the text that is link text, 0.0–1.0.
    pub fn link_density(&self) -> f32 {
        // No link text (every dump line): no need to count the characters.
        if self.link_chars == 0 {
            return 0.0;
        }
        let chars = self.text.chars().count().max(1) as f32;
        (self.link_chars as f32 / chars).min(1.0)
    }
}

/// What the input says a block is, before any scoring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BlockKind {
    /// A dump line whose kind is not marked (the extractor decides).
    #[default]
    Line,
    /// A `<p>` or similar text block.
    Paragraph,
    /// A heading with its level 1–6.
    Heading(u8),
    /// A list item (`<li>`, or a dump line with a list marker).
    ListItem,
    /// A `<blockquote>`.
    Quote,
    /// Preformatted code.
    Code,
    /// A table, rows separated by `\n`, cells by `\t`.
    Table,
    /// A `<figcaption>` or similar caption element.
    Caption,
    /// An image (`<img>`), with `image_src` set and the alt text as text.
    Image,
    /// The document `<title>`.
    Title,
}

/// Boilerplate and content signals from a block's ancestors, as bit flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Hints(pub u32);

// Containers keep hints too.

impl Hints {
    /// Inside `<nav>` or a menu-like class.
    pub const NAV: u32 = 1;
    /// Inside `<header>` of the page (not of the article).
    pub const HEADER: u32 = 1 << 1;
    /// Inside `<footer>`.
    pub const FOOTER: u32 = 1 << 2;
    /// Inside `<aside>` or a sidebar-like class.
    pub const ASIDE: u32 = 1 << 3;
    /// Inside `<article>`, `[itemprop=articleBody]` or a content-like class.
    pub const ARTICLE: u32 = 1 << 4;
    /// Inside `<figure>`.
    pub const FIGURE: u32 = 1 << 5;
    /// Inside a comment section.
    pub const COMMENT: u32 = 1 << 6;
    /// A class/id name that says boilerplate (share, related, ad, promo, …).
    pub const BOILERPLATE_NAME: u32 = 1 << 7;
    /// A class/id name that says content (article-body, post-content, …).
    pub const CONTENT_NAME: u32 = 1 << 8;
    /// Hidden (`hidden`, `aria-hidden`, `display:none`).
    pub const HIDDEN: u32 = 1 << 9;
    /// Inside a `<form>` or `<button>`.
    pub const FORM: u32 = 1 << 10;

    /// Whether every flag in `flags` is set.
    pub fn has(self, flags: u32) -> bool {
        self.0 & flags == flags
    }

    /// Whether any flag in `flags` is set.
    pub fn any(self, flags: u32) -> bool {
        self.0 & flags != 0
    }
}

/// A link inside a block.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The link target as written.
    pub href: String,
}

/// Metadata a page carries outside its visible text, as found (not reconciled).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PageMeta {
    /// The `<title>` text.
    pub title: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<link rel=canonical>`.
    pub canonical: Option<String>,
    /// Every `<meta>` with a name/property/itemprop and content, in order.
    pub entries: Vec<MetaEntry>,
    /// Every JSON-LD script, parsed where it parses (repaired where it can be).
    pub json_ld: Vec<serde_json::Value>,
    /// `<time datetime>` values with their visible text.
    pub times: Vec<(String, String)>,
}

/// One `<meta>` (or microdata `itemprop`) entry.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MetaEntry {
    /// `name`, `property` or `itemprop`, lower-cased.
    pub key: String,
    /// `content` (or `datetime`/text for microdata).
    pub value: String,
    /// Schema.org microdata (`itemprop`) on the page's elements rather than a
    /// `name`/`property` declaration: it mirrors what the page shows.
    pub microdata: bool,
}

impl PageMeta {
    /// The first value under any of `keys`, in the order of `keys`.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.entries
                .iter()
                .find(|e| e.key == *k)
                .map(|e| e.value.as_str())
                .filter(|v| !v.trim().is_empty())
        })
    }

    /// Every value under `key`.
    pub fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.entries
            .iter()
            .filter(move |e| e.key == key)
            .map(|e| e.value.as_str())
    }
}
