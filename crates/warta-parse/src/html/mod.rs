//! Reading an HTML page: a spec tree walked into blocks and page metadata.
//!
//! The tree is built by html5ever's tree builder, fed by warta's own
//! tokenizer ([`tokenizer`]: the spec's tokens, read as bytes) into a lean
//! arena ([`tree`]); html5ever's tokenizer is kept only as the reference the
//! tests compare against.
//!
//! The walk is iterative (an explicit stack), so arbitrarily deep trees cannot
//! overflow the call stack. Block elements (`p`, `div`, `li`, `h1`…) end the
//! text gathered so far and start a new block; inline elements add to it,
//! noting links and emphasis. Each block keeps the signals the extractor
//! scores: kind, link characters, depth, its container element, and the hints
//! of its ancestors' tags and class/id names.

mod hints;
mod limits;
#[cfg(any(test, feature = "reference-tokenizer"))]
mod oracle;
mod prescan;
mod rawtext;
mod tokenizer;
mod tree;

#[cfg(feature = "reference-tokenizer")]
pub use oracle::compare_with_reference;

pub use prescan::declared_charset;

use html5ever::local_name;
use warta_model::{InlineMark, InlineStyle, InputKind};

use crate::document::{Block, BlockKind, Container, Document, Hints, Link, MetaEntry};
use tree::{Element, NodeData, NodeId, Tree};

/// Reads a decoded HTML page into a [`Document`].
pub fn parse(text: &str) -> Document {
    let tree = tree::parse(text);
    let mut walker = Walker::new(&tree);
    walker.doc.blocks.reserve(expected_blocks(text.len()));
    walker.doc.containers.push(Container::default());
    walker.walk();
    walker.doc
}

/// Blocks to make room for in the document of a page of `bytes` bytes:
/// growing the list by doubling copied every block again (a block is some
/// 150 bytes). Pages hold a block per 155 to 34 000 bytes, most one per 300
/// to 1 400; room a page does not use is never touched. Past about 6 MB of
/// page the list grows as it needs.
fn expected_blocks(bytes: usize) -> usize {
    (bytes / 400 + 16).min(1 << 14)
}

/// Gives an empty list the room its first push would grow it to (four),
/// allocated directly: the general growth path costs more, and each
/// block's links and marks start from an empty list.
fn first_room<T>(list: &mut Vec<T>) {
    if list.capacity() == 0 {
        *list = Vec::with_capacity(4);
    }
}

/// The kind given to a run-in subheading split off a paragraph: below the
/// levels a page's headline is looked for in.
const RUN_IN_HEADING: BlockKind = BlockKind::Heading(4);

/// A run-in subheading has at most this many words.
const RUN_IN_HEADING_WORDS: usize = 10;

/// The text a run-in subheading heads has at least this many words.
const RUN_IN_TEXT_WORDS: usize = 10;

/// What an element does to the block structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Inline: its text joins the current block.
    Inline,
    /// A block that holds text itself (`p`, `h2`, `li`, …).
    Leaf(BlockKind),
    /// A block that holds other blocks (`div`, `section`, …): a container.
    Container,
    /// A data table, read as one block.
    Table,
    /// Nothing inside is read as text.
    Skip,
    /// Walked for metadata only (`<head>`): no text is read.
    Silent,
}

fn role_of(tree: &Tree, id: NodeId, e: &Element) -> Role {
    match *e.tag() {
        local_name!("p") => Role::Leaf(BlockKind::Paragraph),
        local_name!("h1") => Role::Leaf(BlockKind::Heading(1)),
        local_name!("h2") => Role::Leaf(BlockKind::Heading(2)),
        local_name!("h3") => Role::Leaf(BlockKind::Heading(3)),
        local_name!("h4") => Role::Leaf(BlockKind::Heading(4)),
        local_name!("h5") => Role::Leaf(BlockKind::Heading(5)),
        local_name!("h6") => Role::Leaf(BlockKind::Heading(6)),
        local_name!("li") | local_name!("dd") | local_name!("dt") => {
            Role::Leaf(BlockKind::ListItem)
        }
        local_name!("pre") => Role::Leaf(BlockKind::Code),
        local_name!("figcaption") | local_name!("caption") => Role::Leaf(BlockKind::Caption),
        local_name!("blockquote") => Role::Leaf(BlockKind::Quote),
        local_name!("address") | local_name!("summary") | local_name!("legend") => {
            Role::Leaf(BlockKind::Line)
        }
        local_name!("table") => {
            if is_layout_table(tree, id) {
                Role::Container
            } else {
                Role::Table
            }
        }
        local_name!("div")
        | local_name!("section")
        | local_name!("article")
        | local_name!("main")
        | local_name!("body")
        | local_name!("html")
        | local_name!("header")
        | local_name!("footer")
        | local_name!("nav")
        | local_name!("aside")
        | local_name!("figure")
        | local_name!("form")
        | local_name!("fieldset")
        | local_name!("details")
        | local_name!("dialog")
        | local_name!("center")
        | local_name!("ul")
        | local_name!("ol")
        | local_name!("dl")
        | local_name!("menu")
        | local_name!("hgroup")
        | local_name!("tbody")
        | local_name!("thead")
        | local_name!("tfoot")
        | local_name!("tr")
        | local_name!("td")
        | local_name!("th")
        | local_name!("hr")
        | local_name!("search") => Role::Container,
        local_name!("head") => Role::Silent,
        local_name!("script")
        | local_name!("style")
        | local_name!("noscript")
        | local_name!("template")
        | local_name!("iframe")
        | local_name!("svg")
        | local_name!("math")
        | local_name!("select")
        | local_name!("button")
        | local_name!("input")
        | local_name!("textarea")
        | local_name!("object")
        | local_name!("embed")
        | local_name!("canvas")
        | local_name!("audio")
        | local_name!("video")
        | local_name!("map")
        | local_name!("title")
        | local_name!("option")
        | local_name!("datalist")
        | local_name!("noembed")
        | local_name!("noframes") => Role::Skip,
        _ => Role::Inline,
    }
}

/// A table laid out for the page rather than holding data: it nests tables
/// or holds several paragraphs, headings or lists.
fn is_layout_table(tree: &Tree, id: NodeId) -> bool {
    let mut blocks = 0;
    let mut stack: Vec<NodeId> = tree.children(id).collect();
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 20_000 {
            return true;
        }
        if let Some(e) = tree.element(n) {
            match *e.tag() {
                local_name!("table") => return true,
                local_name!("p")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("ul")
                | local_name!("ol")
                | local_name!("blockquote")
                | local_name!("article")
                | local_name!("section")
                | local_name!("form") => {
                    blocks += 1;
                    if blocks >= 3 {
                        return true;
                    }
                }
                _ => {}
            }
            stack.extend(tree.children(n));
        }
    }
    false
}

/// One open element on the walk's stack.
#[derive(Clone, Copy, Debug)]
struct Frame {
    role: Role,
    hints: Hints,
    /// Index of the nearest container element (this one, if it is one).
    container: u32,
    depth: u16,
    /// Innermost leaf block kind in force.
    leaf: Option<BlockKind>,
    /// The text buffer length when a link or mark opened here.
    mark: Option<(usize, u8)>,
}

/// An inline mark that is open.
#[derive(Clone, Debug)]
struct OpenMark<'t> {
    start: usize,
    /// The style of a mark that is no link; `None` for links.
    style: Option<InlineStyle>,
    /// A link's target as the page writes it; `None` for a link that goes
    /// nowhere (`#`, `javascript:`). Copied out only when the link closes
    /// with text, or its mark with a span.
    href: Option<&'t str>,
    link: bool,
}

struct Walker<'t> {
    tree: &'t Tree,
    doc: Document,
    /// The block being gathered (a buffer kept from block to block).
    text: String,
    space: bool,
    breaks: u8,
    link_chars: u32,
    links: Vec<Link>,
    marks: Vec<InlineMark>,
    open: Vec<OpenMark<'t>>,
    /// Inside a data table: cells and rows are separators, not blocks.
    table: u32,
    /// Inside `<pre>`: whitespace is kept.
    pre: u32,
    /// Inside `<head>`: text is not read.
    silent: u32,
    stack: Vec<Frame>,
    last_container: u32,
    /// Image blocks to emit after the current block.
    pending_images: Vec<Block>,
    /// Where a run-in subheading of the current paragraph ends.
    run_in: Option<usize>,
    names: hints::NameCache<'t>,
    /// Text is read character by character, the old way (tests only).
    #[cfg(test)]
    per_char: bool,
}

impl<'t> Walker<'t> {
    fn new(tree: &'t Tree) -> Self {
        Walker {
            tree,
            doc: Document::new(InputKind::Html),
            text: String::new(),
            space: false,
            breaks: 0,
            link_chars: 0,
            links: Vec::new(),
            marks: Vec::new(),
            open: Vec::new(),
            table: 0,
            pre: 0,
            silent: 0,
            stack: Vec::new(),
            last_container: u32::MAX,
            pending_images: Vec::new(),
            run_in: None,
            names: hints::NameCache::default(),
            #[cfg(test)]
            per_char: false,
        }
    }

    fn top(&self) -> Frame {
        self.stack.last().copied().unwrap_or(Frame {
            role: Role::Container,
            hints: Hints::default(),
            container: 0,
            depth: 0,
            leaf: None,
            mark: None,
        })
    }

    fn walk(&mut self) {
        // (node, entering?)
        let mut work: Vec<(NodeId, bool)> = vec![(Tree::ROOT, true)];
        let mut kids: Vec<NodeId> = Vec::new();
        while let Some((id, entering)) = work.pop() {
            let node = self.tree.node(id);
            match &node.data {
                NodeData::Text(t) if entering => self.push_text(t),
                NodeData::Element(e) if entering && self.enter(id, e) => {
                    work.push((id, false));
                    kids.clear();
                    kids.extend(self.tree.children(id));
                    work.extend(kids.iter().rev().map(|&k| (k, true)));
                }
                NodeData::Element(_) if entering => {}
                NodeData::Element(e) => self.exit(e),
                NodeData::Document if entering => {
                    kids.clear();
                    kids.extend(self.tree.children(id));
                    work.extend(kids.iter().rev().map(|&k| (k, true)));
                }
                _ => {}
            }
        }
        self.flush(None);
    }

    /// Opens an element; returns whether its children are to be walked.
    fn enter(&mut self, id: NodeId, e: &'t Element) -> bool {
        self.collect_meta(id, e);
        let parent = self.top();
        let role = role_of(self.tree, id, e);
        let role = if self.table > 0 && role != Role::Skip {
            // Inside a data table everything is read as cell text.
            Role::Inline
        } else {
            role
        };
        if role == Role::Skip {
            return false;
        }
        let mut hints = hints::of_element(e, parent.hints, &mut self.names);
        if !hints.any(Hints::ARTICLE) && *e.tag() == local_name!("header") {
            hints.0 |= Hints::HEADER;
        }
        let mut frame = Frame {
            role,
            hints,
            container: parent.container,
            depth: parent.depth.saturating_add(1),
            leaf: parent.leaf,
            mark: None,
        };
        match role {
            Role::Container => {
                self.flush(None);
                frame.container = u32::try_from(self.doc.containers.len()).unwrap_or(u32::MAX);
                self.doc.containers.push(Container {
                    parent: parent.container,
                    depth: self.doc.containers[parent.container as usize]
                        .depth
                        .saturating_add(1),
                    hints,
                });
            }
            Role::Leaf(kind) => {
                self.flush(None);
                frame.leaf = Some(match (parent.leaf, kind) {
                    // Paragraphs inside a quotation are the quotation.
                    (Some(BlockKind::Quote), _) => BlockKind::Quote,
                    (Some(BlockKind::ListItem), BlockKind::Paragraph) => BlockKind::ListItem,
                    _ => kind,
                });
            }
            Role::Table => {
                self.flush(None);
                self.table += 1;
                frame.leaf = Some(BlockKind::Table);
            }
            Role::Inline => self.inline_open(e, &mut frame),
            Role::Silent => self.silent += 1,
            Role::Skip => {}
        }
        if *e.tag() == local_name!("pre") {
            self.pre += 1;
        }
        self.stack.push(frame);
        true
    }

    fn inline_open(&mut self, e: &'t Element, frame: &mut Frame) {
        match *e.tag() {
            local_name!("br") => {
                if self.table > 0 {
                    self.space = true;
                } else if self.pre > 0 {
                    self.text.push('\n');
                } else if !self.text.is_empty() {
                    self.breaks = self.breaks.saturating_add(1);
                }
            }
            local_name!("img") => self.image(e, frame),
            local_name!("td") | local_name!("th") if self.table > 0 => {
                if !self.text.is_empty() && !self.text.ends_with(['\n', '\t']) {
                    self.text.push('\t');
                }
                self.space = false;
            }
            local_name!("tr") if self.table > 0 => {
                let trimmed = self.text.trim_end_matches(['\t', ' ']).len();
                self.text.truncate(trimmed);
                if !self.text.is_empty() && !self.text.ends_with('\n') {
                    self.text.push('\n');
                }
                self.space = false;
            }
            local_name!("a") => {
                let href = e.attr("href").unwrap_or("").trim();
                if !href.is_empty() {
                    let goes_nowhere = href.starts_with("javascript:") || href.starts_with('#');
                    self.open.push(OpenMark {
                        start: self.text.len(),
                        style: None,
                        href: (!goes_nowhere).then_some(href),
                        link: true,
                    });
                    frame.mark = Some((self.text.len(), 1));
                }
            }
            local_name!("em") | local_name!("i") => self.open_mark(InlineStyle::Emphasis, frame),
            local_name!("strong") | local_name!("b") => self.open_mark(InlineStyle::Strong, frame),
            local_name!("code") | local_name!("kbd") | local_name!("samp") if self.pre == 0 => {
                self.open_mark(InlineStyle::Code, frame)
            }
            _ => {}
        }
    }

    fn open_mark(&mut self, style: InlineStyle, frame: &mut Frame) {
        self.open.push(OpenMark {
            start: self.text.len(),
            style: Some(style),
            href: None,
            link: false,
        });
        frame.mark = Some((self.text.len(), 2));
    }

    fn image(&mut self, e: &Element, frame: &Frame) {
        let src = image_src(e);
        let Some(src) = src else { return };
        let alt = collapse(e.attr("alt").unwrap_or(""));
        let block = Block {
            text: alt,
            kind: BlockKind::Image,
            depth: frame.depth,
            container: frame.container,
            hints: frame.hints,
            image_src: Some(src),
            ..Block::default()
        };
        self.pending_images.push(block);
    }

    fn exit(&mut self, e: &Element) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if *e.tag() == local_name!("pre") {
            self.pre = self.pre.saturating_sub(1);
        }
        match frame.role {
            Role::Container | Role::Leaf(_) => {
                let kind = match frame.role {
                    Role::Leaf(_) => frame.leaf,
                    _ => None,
                };
                self.flush_as(kind, &frame);
            }
            Role::Table => {
                self.flush_as(Some(BlockKind::Table), &frame);
                self.table = self.table.saturating_sub(1);
            }
            Role::Inline => {
                if frame.mark.is_some() {
                    self.close_mark();
                }
            }
            Role::Silent => self.silent = self.silent.saturating_sub(1),
            Role::Skip => {}
        }
    }

    fn close_mark(&mut self) {
        let Some(mark) = self.open.pop() else { return };
        self.end_mark(mark);
    }

    /// Records a mark (and for links, the link) from its start to the
    /// text's end; the mark's style moves into the block's marks.
    fn end_mark(&mut self, mark: OpenMark<'t>) {
        let end = self.text.len();
        let start = mark.start.min(end);
        if mark.link {
            let text = self.text[start..].trim();
            self.link_chars += text.chars().count() as u32;
            if let (Some(href), false) = (mark.href, text.is_empty()) {
                first_room(&mut self.links);
                self.links.push(Link {
                    text: text.to_owned(),
                    href: href.to_owned(),
                });
            }
        }
        if end > start {
            let style = match mark.href {
                Some(href) => Some(InlineStyle::Link(href.to_owned())),
                None => mark.style,
            };
            if let Some(style) = style {
                first_room(&mut self.marks);
                self.marks.push(InlineMark { start, end, style });
            }
        }
    }

    fn push_text(&mut self, t: &str) {
        if self.silent > 0 {
            return;
        }
        if self.pre > 0 {
            self.text.push_str(t);
            return;
        }
        #[cfg(test)]
        if self.per_char {
            self.push_text_per_char(t);
            return;
        }
        // Runs of visible ASCII go in whole: only a run's first character
        // can meet a break or a pending space, the rest follow it.
        let bytes = t.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if is_ascii_white_space(b) {
                    // Pages indent with runs of white space between tags.
                    self.space = true;
                    i = bytes[i..]
                        .iter()
                        .position(|&c| !is_ascii_white_space(c))
                        .map_or(bytes.len(), |k| i + k);
                    continue;
                }
                let end = i + visible_ascii_len(&bytes[i..]);
                self.push_visible(&t[i..end]);
                i = end;
                continue;
            }
            let Some(c) = t[i..].chars().next() else {
                break;
            };
            let next = i + c.len_utf8();
            if c == '\u{200b}' || c == '\u{feff}' {
                // Zero-width: neither text nor space.
            } else if c.is_whitespace() {
                self.space = true;
            } else {
                self.push_visible(&t[i..next]);
            }
            i = next;
        }
    }

    /// Adds visible characters (no white space, nothing zero-width) to the
    /// block, after the break or space that comes before them.
    fn push_visible(&mut self, run: &str) {
        if self.breaks > 0 {
            let split = self.breaks >= 2 || self.splits_on_single_break();
            if !split && self.breaks == 1 && self.run_in.is_none() && self.run_in_heading() {
                // Split off when the paragraph ends, if text follows.
                self.run_in = Some(self.text.trim_end().len());
            }
            self.breaks = 0;
            if split {
                let top = self.top();
                self.flush_as(top.leaf, &top);
            } else {
                self.space = true;
            }
        }
        if self.space && !self.text.is_empty() && !self.text.ends_with(['\n', '\t']) {
            self.text.push(' ');
        }
        self.space = false;
        self.text.push_str(run);
    }

    /// The old character-by-character form of [`Walker::push_text`], which
    /// the tests compare it with.
    #[cfg(test)]
    fn push_text_per_char(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
                if c != '\u{200b}' && c != '\u{feff}' {
                    self.space = true;
                }
                continue;
            }
            let mut buf = [0u8; 4];
            self.push_visible(c.encode_utf8(&mut buf));
        }
    }

    /// The paragraph so far is a run-in subheading: a short line, wholly
    /// bold and unlinked, not ending a sentence, that a `<br>` separates
    /// from the text it heads (`<p><strong>Kurang Motivasi</strong><br>
    /// Kurangnya motivasi …</p>`).
    fn run_in_heading(&self) -> bool {
        if self.top().leaf != Some(BlockKind::Paragraph) || self.link_chars > 0 {
            return false;
        }
        let line = self.text.trim_end();
        let end = line.len();
        let bold = |start: usize, stop: usize| start == 0 && stop >= end;
        let wholly_bold =
            self.marks
                .iter()
                .any(|m| m.style == InlineStyle::Strong && bold(m.start, m.end))
                || self.open.iter().any(|m| {
                    m.style == Some(InlineStyle::Strong) && bold(m.start, self.text.len())
                });
        wholly_bold
            && !line.is_empty()
            && line.split_whitespace().nth(RUN_IN_HEADING_WORDS).is_none()
            && !line.ends_with(['.', '!', '?', ',', ';', '…'])
    }

    /// A single `<br>` ends a block in loose text, not inside a paragraph.
    fn splits_on_single_break(&self) -> bool {
        !matches!(
            self.top().leaf,
            Some(
                BlockKind::Paragraph
                    | BlockKind::ListItem
                    | BlockKind::Quote
                    | BlockKind::Heading(_)
            )
        )
    }

    fn flush(&mut self, kind: Option<BlockKind>) {
        let top = self.top();
        self.flush_as(kind.or(top.leaf), &top);
    }

    /// Ends the block being gathered, as `kind`, in `frame`'s context.
    fn flush_as(&mut self, kind: Option<BlockKind>, frame: &Frame) {
        self.breaks = 0;
        self.space = false;
        // Marks still open continue into the next block.
        for i in 0..self.open.len() {
            let mark = self.open[i].clone();
            self.end_mark(mark);
            self.open[i].start = 0;
        }
        let trimmed_end = self.text.trim_end().len();
        self.text.truncate(trimmed_end);
        if !self.text.is_empty() {
            // The buffer stays to gather the next block at its size; the
            // block gets an exact copy. Taking the buffer made every block
            // grow a new one from nothing, reallocating as it went.
            let text = self.text.clone();
            self.text.clear();
            let mut marks = std::mem::take(&mut self.marks);
            for m in &mut marks {
                m.end = m.end.min(text.len());
                while m.start < m.end && text.as_bytes()[m.start] == b' ' {
                    m.start += 1;
                }
            }
            marks.retain(|m| m.start < m.end);
            let mut text = text;
            let kind = kind.unwrap_or(BlockKind::Line);
            if let Some(at) = self.run_in.take() {
                if let Some(rest) = run_in_rest(&text, at) {
                    // The run-in subheading: unlinked, so every link is the text's.
                    let head: Vec<InlineMark> = marks
                        .iter()
                        .filter(|m| m.start < at)
                        .map(|m| InlineMark {
                            end: m.end.min(at),
                            ..m.clone()
                        })
                        .collect();
                    marks = marks
                        .into_iter()
                        .filter(|m| m.end > rest)
                        .map(|m| InlineMark {
                            start: m.start.max(rest) - rest,
                            end: m.end - rest,
                            style: m.style,
                        })
                        .collect();
                    let tail = text.split_off(rest);
                    text.truncate(at);
                    self.push_block(Block {
                        kind: RUN_IN_HEADING,
                        depth: frame.depth,
                        container: frame.container,
                        hints: frame.hints,
                        inline: head,
                        text: std::mem::replace(&mut text, tail),
                        ..Block::default()
                    });
                }
            }
            let link_chars = std::mem::take(&mut self.link_chars).min(text.chars().count() as u32);
            let block = Block {
                link_chars,
                links: std::mem::take(&mut self.links),
                kind,
                depth: frame.depth,
                container: frame.container,
                hints: frame.hints,
                gap_before: false,
                inline: marks,
                text,
                ..Block::default()
            };
            self.push_block(block);
        } else {
            self.run_in = None;
            self.text.clear();
            self.marks.clear();
            self.links.clear();
            self.link_chars = 0;
        }
        let images = std::mem::take(&mut self.pending_images);
        for image in images {
            self.push_block(image);
        }
    }

    fn push_block(&mut self, mut block: Block) {
        block.gap_before = block.container != self.last_container;
        self.last_container = block.container;
        self.doc.blocks.push(block);
    }

    /// Page metadata carried by an element, wherever it is.
    fn collect_meta(&mut self, id: NodeId, e: &Element) {
        let meta = &mut self.doc.meta;
        match *e.tag() {
            local_name!("html") => {
                if meta.lang.is_none() {
                    meta.lang = e
                        .attr("lang")
                        .or(e.attr("xml:lang"))
                        .map(|l| l.trim().to_owned());
                }
            }
            local_name!("title") => {
                if meta.title.is_none() && self.stack.iter().all(|f| f.role != Role::Skip) {
                    let t = self.tree.text_of(id, 2000);
                    if !t.is_empty() {
                        meta.title = Some(t);
                    }
                }
            }
            local_name!("meta") => {
                let declared = e.attr("property").or(e.attr("name"));
                let key = declared.or(e.attr("itemprop")).or(e.attr("http-equiv"));
                if let (Some(key), Some(value)) = (key, e.attr("content")) {
                    meta.entries.push(MetaEntry {
                        key: key.trim().to_ascii_lowercase(),
                        value: value.trim().to_owned(),
                        microdata: declared.is_none() && e.attr("itemprop").is_some(),
                    });
                }
            }
            local_name!("link") => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && meta.canonical.is_none() {
                    meta.canonical = e.attr("href").map(|h| h.trim().to_owned());
                }
            }
            local_name!("script") => {
                if e.keeps_text {
                    let raw = self.tree.text_of(id, usize::MAX);
                    if let Some(value) = parse_json_ld(&raw) {
                        meta.json_ld.push(value);
                    }
                }
            }
            local_name!("time") => {
                if let Some(dt) = e.attr("datetime") {
                    let text = self.tree.text_of(id, 200);
                    meta.times.push((dt.trim().to_owned(), text));
                }
            }
            _ => {}
        }
        if let Some(prop) = e.attr("itemprop") {
            if *e.tag() != local_name!("meta") {
                let key = prop.trim().to_ascii_lowercase();
                let value = e
                    .attr("content")
                    .or(e.attr("datetime"))
                    .map(|v| v.trim().to_owned())
                    .or_else(|| {
                        matches!(
                            key.as_str(),
                            "author"
                                | "name"
                                | "headline"
                                | "datepublished"
                                | "datemodified"
                                | "editor"
                                | "creator"
                                | "publisher"
                        )
                        .then(|| self.tree.text_of(id, 300))
                    });
                if let Some(value) = value.filter(|v| !v.is_empty()) {
                    self.doc.meta.entries.push(MetaEntry {
                        key,
                        value,
                        microdata: true,
                    });
                }
            }
        }
    }
}

/// The image URL of an `<img>`, preferring lazy-loading attributes over a
/// placeholder `src`.
fn image_src(e: &Element) -> Option<String> {
    let src = e.attr("src").map(str::trim).filter(|s| !s.is_empty());
    let lazy = [
        "data-src",
        "data-lazy-src",
        "data-original",
        "data-url",
        "data-srcset",
    ]
    .iter()
    .find_map(|a| e.attr(a))
    .map(|s| s.split_whitespace().next().unwrap_or("").to_owned())
    .filter(|s| !s.is_empty());
    match src {
        Some(s) if !s.starts_with("data:") => Some(s.to_owned()),
        _ => lazy,
    }
}

/// The length of the run of ASCII bytes other than white space that starts
/// `bytes`. Eight bytes are looked at a time (a word is one or two steps,
/// not seven): a byte below `!` or from 0x80 on may end the run, and the
/// first such byte is checked one by one, as most below `!` are controls
/// that do not end it.
fn visible_ascii_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut i = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // High bit of each byte below 0x21 (exact up to the first such
        // byte, which is all that is read) or of 0x80 and above.
        let may_end = (w.wrapping_sub(ONES * 0x21) & !w & HIGH) | (w & HIGH);
        if may_end != 0 {
            let k = i + (may_end.trailing_zeros() / 8) as usize;
            return k + visible_ascii_len_per_byte(&bytes[k..]);
        }
        i += 8;
    }
    i + visible_ascii_len_per_byte(chunks.remainder())
}

/// [`visible_ascii_len`], one byte at a time.
fn visible_ascii_len_per_byte(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&c| !c.is_ascii() || is_ascii_white_space(c))
        .unwrap_or(bytes.len())
}

/// The ASCII characters `char::is_whitespace` says are white space (tab,
/// line feed, vertical tab, form feed, carriage return, space).
fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Where the text under a run-in subheading ending at byte `at` starts,
/// when it is running text (at least [`RUN_IN_TEXT_WORDS`] words): a bold
/// line over a date or a name is a line of its own paragraph.
fn run_in_rest(text: &str, at: usize) -> Option<usize> {
    let after = text.get(at..)?;
    let rest = at + (after.len() - after.trim_start().len());
    (after
        .split_whitespace()
        .nth(RUN_IN_TEXT_WORDS - 1)
        .is_some()
        && rest < text.len())
    .then_some(rest)
}

/// Collapses whitespace runs to one space and trims.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses a JSON-LD script, repairing what pages commonly break: HTML
/// comment or CDATA wrappers, raw control characters in strings, trailing commas.
fn parse_json_ld(raw: &str) -> Option<serde_json::Value> {
    let mut s = raw.trim();
    for (open, close) in [
        ("<!--", "-->"),
        ("<![CDATA[", "]]>"),
        ("//<![CDATA[", "//]]>"),
    ] {
        if let Some(rest) = s.strip_prefix(open) {
            s = rest.trim_end().strip_suffix(close).unwrap_or(rest).trim();
        }
    }
    s = s.trim_end_matches(';').trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    let repaired = repair_json(s);
    serde_json::from_str(&repaired).ok()
}

/// Escapes raw control characters inside strings and drops trailing commas.
fn repair_json(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in s.chars() {
        if in_string {
            if escaped {
                escaped = false;
                out.push(c);
            } else if c == '\\' {
                escaped = true;
                out.push(c);
            } else if c == '"' {
                in_string = false;
                out.push(c);
            } else if c == '\n' || c == '\r' || c == '\t' {
                out.push(' ');
            } else if (c as u32) < 0x20 {
                continue;
            } else {
                out.push(c);
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '}' || c == ']' {
            let trimmed = out.trim_end().len();
            out.truncate(trimmed);
            if out.ends_with(',') {
                out.pop();
            }
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_list_is_sized_once_for_a_page_of_paragraphs() {
        // A block per 180 bytes: denser than most pages.
        let para = "<p class=\"isi\">Petugas berjaga di depan gedung sejak pagi hari, \
                    kata juru bicara kepolisian kepada wartawan di Jakarta, Senin. \
                    Lalu lintas dialihkan.</p>\n";
        for n in [1, 10, 400] {
            let page = para.repeat(n);
            let doc = parse(&page);
            assert_eq!(doc.blocks.len(), n);
            if n <= expected_blocks(page.len()) {
                assert_eq!(doc.blocks.capacity(), expected_blocks(page.len()));
            }
        }
        assert_eq!(expected_blocks(usize::MAX), 1 << 14);
    }

    fn blocks(html: &str) -> Vec<(BlockKind, String)> {
        parse(html)
            .blocks
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn paragraphs_headings_and_lists() {
        let b = blocks(
            "<body><h1>Judul</h1><div><p>Satu <b>dua</b>\n tiga.</p><ul><li>a</li><li>b</li></ul></div></body>",
        );
        assert_eq!(
            b,
            [
                (BlockKind::Heading(1), "Judul".to_owned()),
                (BlockKind::Paragraph, "Satu dua tiga.".to_owned()),
                (BlockKind::ListItem, "a".to_owned()),
                (BlockKind::ListItem, "b".to_owned()),
            ]
        );
    }

    #[test]
    fn double_breaks_split_loose_text() {
        let b = blocks("<div>Satu.<br><br>Dua.<br/>Tiga.</div><p>A<br>B</p>");
        let texts: Vec<_> = b.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["Satu.", "Dua.", "Tiga.", "A B"]);
    }

    #[test]
    fn bold_lines_before_a_break_are_run_in_subheadings() {
        let text = "Kurangnya motivasi dari dalam diri membuat orang malas untuk bergerak.";
        let b = blocks(&format!(
            "<p>Lima faktor:<br><br><strong>Kurang Motivasi</strong><br> {text}<br><br>\
             <b>Tidak Punya <em>Waktu</em></b><br><em>Alasan</em> kedua: {text}</p>\
             <p><strong>Light Festival</strong><br>29 November 2018 | 20 January 2019</p>\
             <p><strong>Bold opening.</strong><br>{text}</p>\
             <p><strong>Partly</strong> bold<br>{text}</p>\
             <p><strong><a href=\"/x\">Linked</a></strong><br>{text}</p>\
             <ul><li><strong>Item</strong><br>{text}</li></ul>",
        ));
        assert_eq!(
            b,
            [
                (BlockKind::Paragraph, "Lima faktor:".to_owned()),
                (RUN_IN_HEADING, "Kurang Motivasi".to_owned()),
                (BlockKind::Paragraph, text.to_owned()),
                (RUN_IN_HEADING, "Tidak Punya Waktu".to_owned()),
                (BlockKind::Paragraph, format!("Alasan kedua: {text}")),
                (
                    BlockKind::Paragraph,
                    "Light Festival 29 November 2018 | 20 January 2019".to_owned()
                ),
                (BlockKind::Paragraph, format!("Bold opening. {text}")),
                (BlockKind::Paragraph, format!("Partly bold {text}")),
                (BlockKind::Paragraph, format!("Linked {text}")),
                (BlockKind::ListItem, format!("Item {text}")),
            ]
        );
        // Marks are cut at the split.
        let doc = parse(&format!(
            "<p><b>Tidak Punya <em>Waktu</em></b><br><em>Alasan</em> kedua: {text}</p>"
        ));
        let [head, body] = &doc.blocks[..] else {
            panic!("two blocks: {:?}", doc.blocks);
        };
        let spans = |b: &Block| -> Vec<(String, InlineStyle)> {
            b.inline
                .iter()
                .map(|m| (b.text[m.start..m.end].to_owned(), m.style.clone()))
                .collect()
        };
        assert_eq!(
            spans(head),
            [
                ("Waktu".to_owned(), InlineStyle::Emphasis),
                ("Tidak Punya Waktu".to_owned(), InlineStyle::Strong),
            ]
        );
        assert_eq!(spans(body), [("Alasan".to_owned(), InlineStyle::Emphasis)]);
    }

    /// Random pages of text pieces (ASCII and Unicode white space, zero-width
    /// characters, letters of several scripts) between breaks, paragraphs,
    /// marks and links give the same document when text is read in runs as
    /// when it is read character by character.
    #[test]
    fn text_read_in_runs_is_text_read_by_character() {
        const PIECES: [&str; 40] = [
            "kata",
            "Kurang Motivasi",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{a0}",
            "\u{3000}",
            "\u{2009}",
            "\u{85}",
            "\u{200b}",
            "\u{feff}",
            "é",
            "—",
            "世界",
            "Jakarta.",
            "a,b",
            "<br>",
            "<br><br>",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<strong>",
            "</strong>",
            "<a href=\"/x\">",
            "</a>",
            "<div>",
            "</div>",
            "<li>",
            "<pre>",
            "</pre>",
            "<table><tr><td>",
            "</td><td>",
            "</table>",
            "&nbsp;",
            "<em>",
        ];
        let mut next = crate::test_support::xorshift(0x5DEE_CE66_D1CE_4E5B_u64);
        for _ in 0..3000 {
            let len = 1 + next() % 60;
            let html: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let tree = tree::parse(&html);
            let read = |per_char: bool| {
                let mut walker = Walker::new(&tree);
                walker.per_char = per_char;
                walker.doc.containers.push(Container::default());
                walker.walk();
                walker.doc
            };
            assert_eq!(read(false), read(true), "{html:?}");
        }
    }

    /// The word-at-a-time scan ends runs where the byte-at-a-time one
    /// does, on random bytes weighted to the edge cases (controls, white
    /// space, `!`, DEL, bytes from 0x80 on) at every offset and length.
    #[test]
    fn visible_ascii_runs_end_where_bytes_say() {
        const EDGES: [u8; 16] = [
            0x00, 0x08, 0x09, 0x0A, 0x0D, 0x0E, 0x1F, 0x20, 0x21, b'a', b'~', 0x7F, 0x80, 0xC3,
            0xFF, b'Z',
        ];
        let mut next = crate::test_support::xorshift(0xD1B5_4A32_D192_ED03_u64);
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    let r = next();
                    match r % 4 {
                        0 => EDGES[(r >> 8) as usize % EDGES.len()],
                        1 => (r >> 8) as u8,
                        // Mostly long visible runs.
                        _ => b'!' + ((r >> 8) % 94) as u8,
                    }
                })
                .collect();
            for start in 0..=bytes.len() {
                assert_eq!(
                    visible_ascii_len(&bytes[start..]),
                    visible_ascii_len_per_byte(&bytes[start..]),
                    "{:?}",
                    &bytes[start..]
                );
            }
        }
    }

    /// Each block's text is copied out of one buffer at its length, not
    /// grown in a buffer of its own.
    #[test]
    fn block_texts_are_exact_copies() {
        let long = "kata ".repeat(300);
        let doc = parse(&format!(
            "<p>a</p><p>{long}</p><div>b <b>c</b></div><p>{long}</p>"
        ));
        assert_eq!(doc.blocks.len(), 4);
        for block in &doc.blocks {
            assert_eq!(block.text.capacity(), block.text.len(), "{}", block.text);
        }
    }

    #[test]
    fn data_tables_are_one_block() {
        let doc = parse(
            "<table><tr><th>Nama</th><th>Umur</th></tr><tr><td>Budi</td><td>30</td></tr></table>",
        );
        assert_eq!(doc.blocks.len(), 1);
        assert_eq!(doc.blocks[0].kind, BlockKind::Table);
        assert_eq!(doc.blocks[0].text, "Nama\tUmur\nBudi\t30");
    }

    #[test]
    fn layout_tables_are_containers() {
        let b = blocks("<table><tr><td><p>Satu.</p><p>Dua.</p><p>Tiga.</p></td></tr></table>");
        assert_eq!(b.len(), 3);
        assert!(b.iter().all(|(k, _)| *k == BlockKind::Paragraph));
    }

    #[test]
    fn links_and_marks_are_kept() {
        let doc = parse(r#"<p>Baca <a href="/x">berita <em>lain</em></a> ini.</p>"#);
        let block = &doc.blocks[0];
        assert_eq!(block.text, "Baca berita lain ini.");
        assert_eq!(
            block.links,
            [Link {
                text: "berita lain".into(),
                href: "/x".into()
            }]
        );
        assert_eq!(block.link_chars, 11);
        let link = block
            .inline
            .iter()
            .find(|m| matches!(m.style, InlineStyle::Link(_)))
            .unwrap();
        assert_eq!(&block.text[link.start..link.end], "berita lain");
        let em = block
            .inline
            .iter()
            .find(|m| m.style == InlineStyle::Emphasis)
            .unwrap();
        assert_eq!(&block.text[em.start..em.end], "lain");
    }

    #[test]
    fn hints_come_from_ancestors() {
        let doc = parse(
            r#"<nav><a href="/">Home</a></nav><article><div class="share-bar">Share</div><div class="article-body"><p>Teks.</p></div></article><footer>(c)</footer>"#,
        );
        let h: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.hints))
            .collect();
        assert!(h[0].1.any(Hints::NAV));
        assert!(h[1].1.any(Hints::BOILERPLATE_NAME) && h[1].1.any(Hints::ARTICLE));
        assert!(h[2].1.any(Hints::CONTENT_NAME));
        assert!(h[3].1.any(Hints::FOOTER));
    }

    #[test]
    fn metadata_is_collected() {
        let doc = parse(
            r#"<html lang="id"><head><title>Judul - Situs</title>
            <meta property="og:title" content="Judul">
            <link rel="canonical" href="https://x.test/a">
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Judul",}</script>
            <script>var a = "<p>no</p>";</script></head>
            <body><time datetime="2021-08-26T10:43:00+07:00">Kamis</time>
            <span itemprop="author">Budi</span></body></html>"#,
        );
        assert_eq!(doc.meta.title.as_deref(), Some("Judul - Situs"));
        assert_eq!(doc.meta.lang.as_deref(), Some("id"));
        assert_eq!(doc.meta.canonical.as_deref(), Some("https://x.test/a"));
        assert_eq!(doc.meta.get(&["og:title"]), Some("Judul"));
        assert_eq!(doc.meta.get(&["author"]), Some("Budi"));
        assert_eq!(doc.meta.json_ld.len(), 1);
        assert_eq!(doc.meta.json_ld[0]["headline"], "Judul");
        assert_eq!(doc.meta.times[0].0, "2021-08-26T10:43:00+07:00");
        assert!(doc.blocks.iter().all(|b| !b.text.contains("no")));
    }

    #[test]
    fn figures_give_images_and_captions() {
        let doc = parse(
            r#"<figure><img src="a.jpg" alt="Foto"><figcaption>Petugas berjaga. (ANTARA/Budi)</figcaption></figure>"#,
        );
        let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
        assert!(kinds.contains(&BlockKind::Caption));
        assert!(doc
            .blocks
            .iter()
            .any(|b| b.image_src.as_deref() == Some("a.jpg")));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut html = String::new();
        for _ in 0..10_000 {
            html.push_str("<div>");
        }
        html.push_str("<p>dalam</p>");
        let doc = parse(&html);
        assert!(doc.blocks.iter().any(|b| b.text == "dalam"));
    }

    #[test]
    fn nesting_beyond_the_cap_keeps_all_text() {
        // Deep enough that the tree builder would be quadratic without the cap.
        let depth = 20_000;
        let mut html = String::from("<body>");
        for i in 0..depth {
            html.push_str("<div>");
            if i % 1000 == 999 {
                html.push_str(&format!("teks{i} <script>var x = 'rahasia';</script>"));
            }
        }
        html.push_str("<p>dalam <b>sekali</b></p>");
        html.push_str(&"</div>".repeat(depth));
        html.push_str("<p>sesudah</p>");
        let doc = parse(&html);
        let text: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        let all = text.join(" ");
        for i in (999..depth).step_by(1000) {
            assert!(all.contains(&format!("teks{i}")), "teks{i} lost");
        }
        assert!(!all.contains("rahasia"), "script text leaked: {all}");
        let last = &doc.blocks[doc.blocks.len() - 2..];
        assert_eq!(last[0].text, "dalam sekali");
        assert_eq!(last[0].kind, BlockKind::Paragraph);
        assert_eq!(last[1].text, "sesudah");
        let tree = tree::parse(&html);
        let deepest = (0..tree.nodes.len() as NodeId)
            .map(|mut n| {
                let mut d = 0;
                while n != tree::NONE {
                    n = tree.node(n).parent;
                    d += 1;
                }
                d
            })
            .max()
            .unwrap_or(0);
        assert!(deepest <= limits::MAX_DEPTH + 40, "tree depth {deepest}");
    }

    #[test]
    fn many_attributes_keep_class_and_id() {
        let mut html = String::from("<body><div");
        for i in 0..20_000 {
            html.push_str(&format!(" data-a{i}=\"{i}\""));
        }
        html.push_str(r#" class="article-body" id="isi"><p>Teks berita.</p></div>"#);
        let tree = tree::parse(&html);
        let div = (0..tree.nodes.len() as NodeId)
            .filter_map(|n| tree.element(n))
            .find(|e| *e.tag() == local_name!("div"))
            .unwrap();
        assert_eq!(div.attr("class"), Some("article-body"));
        assert_eq!(div.attr("id"), Some("isi"));
        assert!(div.attrs.len() <= limits::MAX_ATTRS);
        let doc = parse(&html);
        assert_eq!(doc.blocks[0].text, "Teks berita.");
        assert!(doc.blocks[0].hints.any(Hints::CONTENT_NAME));
    }

    #[test]
    fn script_text_that_looks_like_a_huge_tag_is_left_alone() {
        // Read as markup, `<a x0=0 …` would be a tag of 200 attributes whose
        // last value opens a quote that ends in the body: cutting it would
        // cut the title and the canonical link with it.
        let mut js = String::from("if (n <a");
        for i in 0..200 {
            js.push_str(&format!(" x{i}={i}"));
        }
        js.push_str(" q='");
        let html = format!(
            "<html><head><script>{js}</script><title>Judul</title>\
             <link rel=canonical href=/c></head><body><p>It's here.</p></body></html>"
        );
        let doc = parse(&html);
        assert_eq!(doc.meta.title.as_deref(), Some("Judul"));
        assert_eq!(doc.meta.canonical.as_deref(), Some("/c"));
        assert_eq!(doc.blocks[0].text, "It's here.");
    }

    #[test]
    fn broken_json_ld_is_repaired() {
        let v = parse_json_ld("<!--{\"a\": \"line\nbreak\", \"b\": [1,2,],}-->").unwrap();
        assert_eq!(v["a"], "line break");
        assert_eq!(v["b"][1], 2);
    }
}
