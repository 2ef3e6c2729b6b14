//! A lean arena tree for html5ever: nodes in one `Vec`, linked by index.
//!
//! Only what extraction reads is kept: elements with their attributes and
//! text. Comments, doctypes and processing instructions become empty nodes,
//! and the text of `<script>`, `<style>` and similar elements is dropped as
//! it arrives, except for JSON-LD scripts, which carry metadata.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::interface::tree_builder::{
    ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink,
};
use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts};
use html5ever::{local_name, ns, Attribute, LocalName, Namespace, QualName};

use super::limits::{cap_attr_list, DepthCap, KeepsText};
use super::tokenizer;

/// Index of a node in the arena.
pub type NodeId = u32;

/// No node.
pub const NONE: NodeId = u32::MAX;

/// A node as the tree builder holds it: its index, and what
/// [`TreeSink::elem_name`] answers for it (an index into [`COMMON`],
/// [`UNCOMMON`] or [`NOT_ELEMENT`]), fixed when the node is made. The tree
/// builder asks for names some 2.3 million times over 181 pages, mostly
/// walking its stack in scope checks; carried in the handle, the common
/// answer needs no look into the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handle {
    id: NodeId,
    name: u8,
}

impl Handle {
    /// A node that is not an element.
    fn other(id: NodeId) -> Handle {
        Handle {
            id,
            name: NOT_ELEMENT,
        }
    }
}

/// One node of the tree.
#[derive(Debug)]
pub struct Node {
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub prev: NodeId,
    pub next: NodeId,
    pub data: NodeData,
}

/// What a node is.
#[derive(Debug)]
pub enum NodeData {
    /// The document root (and template contents).
    Document,
    /// An element.
    Element(Element),
    /// Text.
    Text(StrTendril),
    /// A comment, doctype or processing instruction: kept only as a place.
    Other,
}

/// An element's name and attributes.
#[derive(Debug)]
pub struct Element {
    pub name: QualName,
    pub attrs: Vec<Attribute>,
    /// Whether text inside it is kept (false for script/style, …).
    pub keeps_text: bool,
    /// Template contents, for `<template>`.
    pub template: NodeId,
    /// Index of the name in the table of common names ([`UNCOMMON`]: none).
    common: u8,
}

impl Element {
    /// The value of an attribute, by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.as_ref())
    }

    /// The element's local name.
    pub fn tag(&self) -> &LocalName {
        &self.name.local
    }
}

/// The parsed tree.
#[derive(Debug)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Tree {
    /// The root node.
    pub const ROOT: NodeId = 0;

    /// A node by id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id as usize]
    }

    /// The element data of a node, if it is an element.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id as usize)?.data {
            NodeData::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The children of a node, in order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            tree: self,
            next: self.node(id).first_child,
        }
    }

    /// The text of a subtree, whitespace collapsed, up to `limit` bytes.
    pub fn text_of(&self, id: NodeId, limit: usize) -> String {
        let mut out = String::new();
        let mut stack = vec![id];
        let mut space = false;
        while let Some(n) = stack.pop() {
            if out.len() >= limit {
                break;
            }
            let node = self.node(n);
            if let NodeData::Text(t) = &node.data {
                push_collapsed(&mut out, t, &mut space);
            } else if matches!(node.data, NodeData::Element(_)) || n == id {
                if let NodeData::Element(e) = &node.data {
                    if !e.keeps_text {
                        continue;
                    }
                    if matches!(
                        e.tag(),
                        &local_name!("br") | &local_name!("p") | &local_name!("div")
                    ) {
                        space = true;
                    }
                }
                let mut kids: Vec<NodeId> = self.children(n).collect();
                kids.reverse();
                stack.extend(kids);
            }
        }
        out
    }
}

/// Adds `text` to `out` with white space collapsed: a run of it becomes one
/// space before the next visible character (none at the start of `out`);
/// `space` carries a run pending from text before. Runs of visible ASCII
/// go in whole (JSON-LD scripts, read through here, are kilobytes each):
/// only a run's first character can follow a pending space.
fn push_collapsed(out: &mut String, text: &str, space: &mut bool) {
    // `char::is_whitespace` among ASCII characters (the vertical tab too).
    let white = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let end = if b.is_ascii() {
            if white(b) {
                *space = true;
                i += 1;
                continue;
            }
            bytes[i..]
                .iter()
                .position(|&c| !c.is_ascii() || white(c))
                .map_or(bytes.len(), |k| i + k)
        } else {
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c.is_whitespace() {
                *space = true;
                i += c.len_utf8();
                continue;
            }
            i + c.len_utf8()
        };
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push_str(&text[i..end]);
        i = end;
    }
}

/// Iterator over a node's children.
pub struct Children<'a> {
    tree: &'a Tree,
    next: NodeId,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.tree.node(id).next;
        Some(id)
    }
}

/// Parses a whole HTML document into a [`Tree`], within the bounds of
/// [`limits`](super::limits).
pub fn parse(text: &str) -> Tree {
    parse_with(text, true).0
}

/// [`parse`], optionally without skipping the text of raw-text elements
/// nothing reads (the tree is the same either way); also returns how many
/// bytes were skipped.
pub(super) fn parse_with(text: &str, skip_unread: bool) -> (Tree, usize) {
    let cap = DepthCap::new(builder(expected_nodes(text.len())), skip_unread);
    let skipped = tokenizer::run(text, &cap);
    (cap.inner.sink.finish(), skipped)
}

/// Nodes to make room for in the arena of a page of `bytes` bytes: growing
/// it by doubling copied every node again (the arena is the largest thing
/// the reader allocates). Pages hold a node per 24 to 1 000 bytes, most
/// one per 40 to 270; room the page does not use is never touched. Past
/// about 12 MB of page the arena grows as it needs, so a huge input does
/// not ask for a huge block up front.
pub(super) fn expected_nodes(bytes: usize) -> usize {
    (bytes / 48 + 16).min(1 << 18)
}

/// A tree builder over an empty tree, with room for `nodes` nodes.
pub(super) fn builder(nodes: usize) -> TreeBuilder<Handle, Sink> {
    let mut arena = Vec::with_capacity(nodes.max(1));
    arena.push(new_node(NodeData::Document));
    let sink = Sink {
        nodes: RefCell::new(arena),
        quirks: Cell::new(QuirksMode::NoQuirks),
        last_keeps_text: Cell::new(true),
        dropped_name: LocalName::from(tokenizer::DROPPED_ATTRIBUTES),
    };
    TreeBuilder::new(sink, TreeBuilderOpts::default())
}

fn new_node(data: NodeData) -> Node {
    Node {
        parent: NONE,
        first_child: NONE,
        last_child: NONE,
        prev: NONE,
        next: NONE,
        data,
    }
}

/// Elements whose text is never read (JSON-LD scripts excepted).
fn drops_text(name: &QualName, attrs: &[Attribute]) -> bool {
    match name.local {
        local_name!("style")
        | local_name!("noscript")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes")
        | local_name!("textarea")
        | local_name!("svg")
        | local_name!("math")
        | local_name!("object")
        | local_name!("select")
        | local_name!("template") => true,
        local_name!("script") => !attrs
            .iter()
            .any(|a| &*a.name.local == "type" && a.value.to_ascii_lowercase().contains("ld+json")),
        _ => name.ns != ns!(html),
    }
}

pub(super) struct Sink {
    nodes: RefCell<Vec<Node>>,
    quirks: Cell<QuirksMode>,
    /// Whether the element created last keeps its text.
    last_keeps_text: Cell<bool>,
    /// The tokenizer's digest of dropped attributes, as an atom (compared
    /// by identity).
    dropped_name: LocalName,
}

impl KeepsText for Sink {
    fn last_element_keeps_text(&self) -> bool {
        self.last_keeps_text.get()
    }
}

/// An element name handed to the tree builder, which asks for names all the
/// time (scope checks walk the stack): common HTML names are answered from a
/// static table, without copying atoms.
#[derive(Debug)]
pub enum Name {
    Common(&'static QualName),
    Other(QualName),
}

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        match self {
            Name::Common(q) => &q.ns,
            Name::Other(q) => &q.ns,
        }
    }

    fn local_name(&self) -> &LocalName {
        match self {
            Name::Common(q) => &q.local,
            Name::Other(q) => &q.local,
        }
    }
}

const fn html_name(local: LocalName) -> QualName {
    QualName {
        prefix: None,
        ns: ns!(html),
        local,
    }
}

static COMMON: [QualName; 77] = [
    html_name(local_name!("html")),
    html_name(local_name!("head")),
    html_name(local_name!("body")),
    html_name(local_name!("div")),
    html_name(local_name!("span")),
    html_name(local_name!("a")),
    html_name(local_name!("p")),
    html_name(local_name!("li")),
    html_name(local_name!("ul")),
    html_name(local_name!("ol")),
    html_name(local_name!("script")),
    html_name(local_name!("style")),
    html_name(local_name!("link")),
    html_name(local_name!("meta")),
    html_name(local_name!("img")),
    html_name(local_name!("i")),
    html_name(local_name!("b")),
    html_name(local_name!("strong")),
    html_name(local_name!("em")),
    html_name(local_name!("section")),
    html_name(local_name!("article")),
    html_name(local_name!("header")),
    html_name(local_name!("footer")),
    html_name(local_name!("nav")),
    html_name(local_name!("aside")),
    html_name(local_name!("main")),
    html_name(local_name!("figure")),
    html_name(local_name!("figcaption")),
    html_name(local_name!("h1")),
    html_name(local_name!("h2")),
    html_name(local_name!("h3")),
    html_name(local_name!("h4")),
    html_name(local_name!("h5")),
    html_name(local_name!("h6")),
    html_name(local_name!("table")),
    html_name(local_name!("tbody")),
    html_name(local_name!("tr")),
    html_name(local_name!("td")),
    html_name(local_name!("th")),
    html_name(local_name!("form")),
    html_name(local_name!("button")),
    html_name(local_name!("input")),
    html_name(local_name!("label")),
    html_name(local_name!("iframe")),
    html_name(local_name!("noscript")),
    html_name(local_name!("svg")),
    html_name(local_name!("path")),
    html_name(local_name!("br")),
    html_name(local_name!("time")),
    html_name(local_name!("picture")),
    html_name(local_name!("source")),
    html_name(local_name!("small")),
    html_name(local_name!("title")),
    html_name(local_name!("template")),
    html_name(local_name!("select")),
    html_name(local_name!("option")),
    html_name(local_name!("blockquote")),
    html_name(local_name!("pre")),
    html_name(local_name!("code")),
    html_name(local_name!("dl")),
    html_name(local_name!("dt")),
    html_name(local_name!("dd")),
    html_name(local_name!("hr")),
    html_name(local_name!("u")),
    html_name(local_name!("s")),
    html_name(local_name!("font")),
    html_name(local_name!("center")),
    html_name(local_name!("ins")),
    html_name(local_name!("del")),
    html_name(local_name!("sup")),
    html_name(local_name!("sub")),
    html_name(local_name!("abbr")),
    html_name(local_name!("cite")),
    html_name(local_name!("video")),
    html_name(local_name!("audio")),
    html_name(local_name!("canvas")),
    html_name(local_name!("textarea")),
];

static DIV: QualName = html_name(local_name!("div"));

/// In a [`Handle`]: an element whose name is not in [`COMMON`].
const UNCOMMON: u8 = u8::MAX;

/// In a [`Handle`]: a node that is not an element.
const NOT_ELEMENT: u8 = u8::MAX - 1;

/// `COMMON`'s index of an element name, or [`UNCOMMON`].
fn common_index(name: &QualName) -> u8 {
    if name.ns != ns!(html) || name.prefix.is_some() {
        return UNCOMMON;
    }
    COMMON
        .iter()
        .position(|q| q.local == name.local)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(UNCOMMON)
}

impl Sink {
    fn push(&self, data: NodeData) -> Handle {
        let name = match &data {
            NodeData::Element(e) => e.common,
            _ => NOT_ELEMENT,
        };
        let mut nodes = self.nodes.borrow_mut();
        let id = u32::try_from(nodes.len()).unwrap_or(NONE - 1);
        nodes.push(new_node(data));
        Handle { id, name }
    }

    /// [`TreeSink::elem_name`] for a handle whose name is not in
    /// [`COMMON`]: kept out of line, so the common answer stays small
    /// enough to inline into the tree builder's stack walks.
    #[cold]
    #[inline(never)]
    fn uncommon_name(&self, target: Handle) -> Name {
        if target.name != UNCOMMON {
            // The tree builder only asks about elements; answer harmlessly.
            return Name::Common(&DIV);
        }
        match self.nodes.borrow().get(target.id as usize).map(|n| &n.data) {
            Some(NodeData::Element(e)) => match COMMON.get(usize::from(e.common)) {
                Some(q) => Name::Common(q),
                None => Name::Other(e.name.clone()),
            },
            _ => Name::Common(&DIV),
        }
    }

    /// Takes a node out of its parent's children. A node is linked to
    /// siblings only under a parent, and taking it out unlinks all three,
    /// so a node without a parent (every node as the tree builder appends
    /// it, just made) has nothing to undo.
    #[inline]
    fn detach(nodes: &mut [Node], id: NodeId) {
        if nodes[id as usize].parent == NONE {
            return;
        }
        Self::unlink(nodes, id);
    }

    fn unlink(nodes: &mut [Node], id: NodeId) {
        let (parent, prev, next) = {
            let n = &mut nodes[id as usize];
            let r = (n.parent, n.prev, n.next);
            n.parent = NONE;
            n.prev = NONE;
            n.next = NONE;
            r
        };
        if next != NONE {
            nodes[next as usize].prev = prev;
        } else if parent != NONE {
            nodes[parent as usize].last_child = prev;
        }
        if prev != NONE {
            nodes[prev as usize].next = next;
        } else if parent != NONE {
            nodes[parent as usize].first_child = next;
        }
    }

    fn append_node(nodes: &mut [Node], parent: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let last = nodes[parent as usize].last_child;
        nodes[child as usize].parent = parent;
        nodes[child as usize].prev = last;
        if last != NONE {
            nodes[last as usize].next = child;
        } else {
            nodes[parent as usize].first_child = child;
        }
        nodes[parent as usize].last_child = child;
    }

    fn insert_before(nodes: &mut [Node], sibling: NodeId, child: NodeId) {
        Self::detach(nodes, child);
        let parent = nodes[sibling as usize].parent;
        let prev = nodes[sibling as usize].prev;
        nodes[child as usize].parent = parent;
        nodes[child as usize].next = sibling;
        nodes[child as usize].prev = prev;
        nodes[sibling as usize].prev = child;
        if prev != NONE {
            nodes[prev as usize].next = child;
        } else if parent != NONE {
            nodes[parent as usize].first_child = child;
        }
    }

    fn keeps_text(nodes: &[Node], parent: NodeId) -> bool {
        match nodes.get(parent as usize).map(|n| &n.data) {
            Some(NodeData::Element(e)) => e.keeps_text,
            _ => true,
        }
    }

    /// Appends text to `parent` (merging with a text node just before
    /// `before`'s position), or a node.
    fn add(&self, parent: NodeId, before: NodeId, child: NodeOrText<Handle>) {
        let mut nodes = self.nodes.borrow_mut();
        match child {
            NodeOrText::AppendText(text) => {
                if parent == NONE || !Self::keeps_text(&nodes, parent) {
                    return;
                }
                let prev = if before == NONE {
                    nodes[parent as usize].last_child
                } else {
                    nodes[before as usize].prev
                };
                if prev != NONE {
                    if let NodeData::Text(t) = &mut nodes[prev as usize].data {
                        t.push_tendril(&text);
                        return;
                    }
                }
                let id = u32::try_from(nodes.len()).unwrap_or(NONE - 1);
                nodes.push(new_node(NodeData::Text(text)));
                if before == NONE {
                    Self::append_node(&mut nodes, parent, id);
                } else {
                    Self::insert_before(&mut nodes, before, id);
                }
            }
            NodeOrText::AppendNode(Handle { id, .. }) => {
                if before == NONE {
                    Self::append_node(&mut nodes, parent, id);
                } else {
                    Self::insert_before(&mut nodes, before, id);
                }
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = Handle;
    type Output = Tree;
    type ElemName<'a> = Name;

    fn finish(self) -> Tree {
        Tree {
            nodes: self.nodes.into_inner(),
        }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> Handle {
        Handle::other(Tree::ROOT)
    }

    #[inline]
    fn elem_name<'a>(&'a self, target: &'a Handle) -> Name {
        match COMMON.get(usize::from(target.name)) {
            Some(q) => Name::Common(q),
            None => self.uncommon_name(*target),
        }
    }

    fn create_element(
        &self,
        name: QualName,
        mut attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Handle {
        // The digest of dropped attributes served the tree builder's
        // comparisons; the element does not keep it.
        if attrs
            .last()
            .is_some_and(|a| a.name.local == self.dropped_name)
        {
            attrs.pop();
        }
        cap_attr_list(&mut attrs);
        let template = if flags.template {
            self.push(NodeData::Document).id
        } else {
            NONE
        };
        let keeps_text = !drops_text(&name, &attrs);
        self.last_keeps_text.set(keeps_text);
        let common = common_index(&name);
        self.push(NodeData::Element(Element {
            name,
            attrs,
            keeps_text,
            template,
            common,
        }))
    }

    fn create_comment(&self, _text: StrTendril) -> Handle {
        self.push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Handle {
        self.push(NodeData::Other)
    }

    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.add(parent.id, NONE, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let has_parent = self
            .nodes
            .borrow()
            .get(element.id as usize)
            .is_some_and(|n| n.parent != NONE);
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    fn get_template_contents(&self, target: &Handle) -> Handle {
        match self.nodes.borrow().get(target.id as usize).map(|n| &n.data) {
            Some(NodeData::Element(e)) if e.template != NONE => Handle::other(e.template),
            _ => *target,
        }
    }

    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        x.id == y.id
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.quirks.set(mode);
    }

    fn append_before_sibling(&self, sibling: &Handle, child: NodeOrText<Handle>) {
        let parent = self
            .nodes
            .borrow()
            .get(sibling.id as usize)
            .map_or(NONE, |n| n.parent);
        if parent == NONE {
            return;
        }
        self.add(parent, sibling.id, child);
    }

    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        let mut nodes = self.nodes.borrow_mut();
        if let Some(NodeData::Element(e)) = nodes.get_mut(target.id as usize).map(|n| &mut n.data) {
            for attr in attrs {
                if !e.attrs.iter().any(|a| a.name == attr.name) {
                    e.attrs.push(attr);
                }
            }
            cap_attr_list(&mut e.attrs);
        }
    }

    fn remove_from_parent(&self, target: &Handle) {
        Self::detach(&mut self.nodes.borrow_mut(), target.id);
    }

    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        let mut nodes = self.nodes.borrow_mut();
        let mut child = nodes[node.id as usize].first_child;
        while child != NONE {
            let next = nodes[child as usize].next;
            Self::append_node(&mut nodes, new_parent.id, child);
            child = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(tree: &Tree) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![Tree::ROOT];
        while let Some(n) = stack.pop() {
            if let Some(e) = tree.element(n) {
                out.push(e.tag().to_string());
            }
            let mut kids: Vec<_> = tree.children(n).collect();
            kids.reverse();
            stack.extend(kids);
        }
        out
    }

    #[test]
    fn builds_a_spec_tree() {
        let tree = parse("<p>one<p>two<table><td>cell</table>");
        assert_eq!(
            tags(&tree),
            ["html", "head", "body", "p", "p", "table", "tbody", "tr", "td"]
        );
    }

    #[test]
    fn parsing_goes_on_past_charset_declarations_and_scripts() {
        let tree =
            parse(r#"<head><meta charset="utf-16"><script>x()</script></head><body><p>isi</p>"#);
        assert_eq!(tree.text_of(Tree::ROOT, 1000), "isi");
    }

    #[test]
    fn the_arena_is_sized_once_for_a_page_of_paragraphs() {
        // Three nodes (element, its text, the line break) per 180 bytes.
        let para = "<p class=\"isi\">Petugas berjaga di depan gedung sejak pagi hari, \
                    kata juru bicara kepolisian kepada wartawan di Jakarta, Senin. \
                    Lalu lintas dialihkan.</p>\n";
        let page = para.repeat(1000);
        let page = page.as_str();
        let tree = parse(page);
        // Made with room for the page's nodes, never grown.
        assert!(tree.nodes.len() <= expected_nodes(page.len()));
        assert_eq!(tree.nodes.capacity(), expected_nodes(page.len()));
        assert_eq!(expected_nodes(usize::MAX), 1 << 18);
    }

    /// Forwards tokens to the tree builder and, after each, asks the name
    /// of every handle the tree builder holds.
    struct Checking {
        cap: DepthCap<Sink>,
        /// Handles checked, and elements among them.
        checked: Cell<(usize, usize)>,
    }

    impl html5ever::tokenizer::TokenSink for Checking {
        type Handle = Handle;

        fn process_token(
            &self,
            token: html5ever::tokenizer::Token,
            line: u64,
        ) -> html5ever::tokenizer::TokenSinkResult<Handle> {
            let result = self.cap.process_token(token, line);
            self.cap.inner.trace_handles(self);
            result
        }

        fn end(&self) {
            self.cap.end();
        }

        fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
            self.cap
                .adjusted_current_node_present_but_not_in_html_namespace()
        }
    }

    impl tokenizer::RawTextSink for Checking {
        fn take_skip(&self) -> bool {
            self.cap.take_skip()
        }
    }

    impl html5ever::interface::Tracer for Checking {
        type Handle = Handle;

        /// The name the handle answers is its node's own (`div` for other
        /// nodes).
        fn trace_handle(&self, handle: &Handle) {
            let sink = &self.cap.inner.sink;
            let answered = sink.elem_name(handle);
            let nodes = sink.nodes.borrow();
            let (checked, elements) = self.checked.get();
            let want = match &nodes[handle.id as usize].data {
                NodeData::Element(e) => {
                    self.checked.set((checked + 1, elements + 1));
                    (e.name.ns.clone(), e.name.local.clone())
                }
                _ => {
                    self.checked.set((checked + 1, elements));
                    (ns!(html), local_name!("div"))
                }
            };
            assert_eq!((answered.ns().clone(), answered.local_name().clone()), want);
        }
    }

    /// The names the tree builder is told are the elements' own (and of
    /// other nodes, `div`), for every handle it holds after every token,
    /// on markup with common, uncommon, foreign and moved (adopted,
    /// foster-parented) elements.
    #[test]
    fn element_names_answered_are_the_elements_own() {
        for html in [
            "<p>one<p>two<table><td>cell</table>",
            "<!-- c --><p><b>bold<i>both</b>italic</i></p><custom-el x=1>t<p>in custom",
            "<table>foster<tr><td><marquee>m</marquee></table><svg><path/><foreignObject><p>x</svg>",
            "<math><mi>x</mi></math><template><p>in</p></template><dialog>d</dialog><a><a>",
            "<div><svg><desc><b>d</b></desc><title>t</title><circle><p>out",
            "<math><annotation-xml encoding=text/html><div>x</div></annotation-xml><mtext>y",
            "<center><font><nobr><tt>a<big>b<strike>c</nobr>d<applet><object><p>e",
            "<select><option>o<optgroup>g</select><frameset><noframes>n",
        ] {
            let checking = Checking {
                cap: DepthCap::new(builder(expected_nodes(html.len())), true),
                checked: Cell::new((0, 0)),
            };
            tokenizer::run(html, &checking);
            let (checked, elements) = checking.checked.get();
            assert!(elements > 10 && checked >= elements, "{html}: {checked} {elements}");
        }
    }

    /// Text collapsed a run at a time is what the plain character loop
    /// gives, for random pieces of ASCII, white space of every kind
    /// (Unicode's too) and other characters, with a space pending or not.
    #[test]
    fn collapsing_by_runs_is_collapsing_by_characters() {
        fn plain(out: &mut String, text: &str, space: &mut bool) {
            for c in text.chars() {
                if c.is_whitespace() {
                    *space = true;
                } else {
                    if *space && !out.is_empty() {
                        out.push(' ');
                    }
                    *space = false;
                    out.push(c);
                }
            }
        }
        const PIECES: [&str; 14] = [
            "a",
            "{\"k\":",
            " ",
            "\t",
            "\n",
            "\x0B",
            "\x0C",
            "\r",
            "\u{85}",
            "\u{A0}",
            "\u{3000}",
            "é",
            "\u{200B}",
            "kata-kata",
        ];
        let mut next = crate::test_support::xorshift(0xD1B5_4A32_D192_ED03_u64);
        for _ in 0..5000 {
            let len = next() % 12;
            let text: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let start = if next().is_multiple_of(2) { "" } else { "x" };
            let pending = next().is_multiple_of(2);
            let (mut want, mut want_space) = (start.to_owned(), pending);
            plain(&mut want, &text, &mut want_space);
            let (mut got, mut got_space) = (start.to_owned(), pending);
            push_collapsed(&mut got, &text, &mut got_space);
            assert_eq!((got, got_space), (want, want_space), "{text:?}");
        }
    }

    /// What [`Sink::detach`] relies on: after any markup (misnested
    /// formatting, foster parenting, templates, tables), a node without a
    /// parent has no siblings, and every node under a parent is among its
    /// children.
    #[test]
    fn only_nodes_under_a_parent_have_siblings() {
        const PIECES: [&str; 24] = [
            "<b>",
            "</b>",
            "<i>",
            "</i>",
            "<a href=x>",
            "</a>",
            "<p>",
            "</p>",
            "<div>",
            "</div>",
            "<table>",
            "</table>",
            "<tr>",
            "<td>",
            "text ",
            " ",
            "<template>",
            "</template>",
            "<select>",
            "<option>",
            "<font>",
            "<nobr>",
            "<svg>",
            "<!-- c -->",
        ];
        let mut next = crate::test_support::xorshift(0x94D0_49BB_1331_11EB_u64);
        for _ in 0..2000 {
            let len = 1 + next() % 30;
            let html: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let tree = parse(&html);
            for (id, node) in tree.nodes.iter().enumerate() {
                if node.parent == NONE {
                    assert_eq!((node.prev, node.next), (NONE, NONE), "{html:?}");
                } else {
                    let id = NodeId::try_from(id).unwrap_or(NONE);
                    assert!(tree.children(node.parent).any(|c| c == id), "{html:?}");
                }
            }
        }
    }

    #[test]
    fn misnested_formatting_is_repaired() {
        let tree = parse("<p><b>bold<i>both</b>italic</i></p>");
        let text = tree.text_of(Tree::ROOT, 1000);
        assert_eq!(text, "boldbothitalic");
    }

    #[test]
    fn script_text_is_dropped_but_json_ld_kept() {
        let tree = parse(
            r#"<script>var x = 1;</script><script type="application/ld+json">{"a":1}</script><p>t</p>"#,
        );
        let text = tree.text_of(Tree::ROOT, 1000);
        assert!(!text.contains("var x"));
        assert!(text.contains("{\"a\":1}"));
    }
}

#[cfg(test)]
mod skip_tests {
    use super::*;

    /// The tree without skipping and with it, and the bytes skipped.
    fn both(html: &str) -> (String, String, usize) {
        let (plain, none) = parse_with(html, false);
        assert_eq!(none, 0);
        let (skipping, skipped) = parse_with(html, true);
        (format!("{plain:?}"), format!("{skipping:?}"), skipped)
    }

    #[test]
    fn unread_script_and_style_text_is_skipped_and_json_ld_kept() {
        let js = "var a = '<p>not a paragraph</p>'; if (a < b) {}";
        let css = "p { color: red } /* </p> */";
        let html = format!(
            "<html><head><style>{css}</style><script>{js}</script>\
             <script type=\"application/ld+json\">{{\"headline\":\"Judul\"}}</script>\
             </head><body><p>Isi</p><noscript><img src=x.jpg></noscript>\
             <textarea>a <b> c</textarea></body></html>"
        );
        let (plain, skipping, skipped) = both(&html);
        assert_eq!(plain, skipping);
        assert_eq!(
            skipped,
            css.len() + js.len() + "<img src=x.jpg>".len() + "a <b> c".len()
        );
        let tree = parse(&html);
        let text = tree.text_of(Tree::ROOT, 10_000);
        assert!(text.contains("{\"headline\":\"Judul\"}"), "{text}");
        assert!(!text.contains("not a paragraph") && !text.contains("color"));
    }

    #[test]
    fn tricky_raw_text_ends_give_the_same_tree() {
        for html in [
            "<script>a</script ><p>after</p>",
            "<script>a<!--<script>b</script>c--></script><p>after</p>",
            "<script><!--><script></script><p>after</p></script>",
            "<script><!--</script><p>after</p>",
            "<script>unterminated <p>text",
            "<style>unterminated <p>text",
            "<script>x</script",
            "<title>a <b> &amp; c</title><p>after</p>",
            "<svg><style>kept <b>bold</b></style><script>x</script></svg><p>after</p>",
            "<math><style>a</style></math><style>b</style><p>after</p>",
            "<template><style>a</style><p>in</p></template><p>after</p>",
            "<table><style>a</style><tr><td>cell<script>b</script></td></tr></table>",
            "<select><script>a</script><option>o</select><p>after</p>",
            "<frameset><noframes><p>x</p></noframes></frameset>",
            "<iframe><p>x</iframe><xmp><b>kept</b></xmp><noembed>y</noembed>",
            "<script>a\r\n</script\r\n><p>after</p>",
        ] {
            let (plain, skipping, _) = both(html);
            assert_eq!(plain, skipping, "{html}");
        }
    }

    /// Random pages made of the pieces that change the tokenizer's or the
    /// tree builder's state parse to the same tree with and without
    /// skipping.
    #[test]
    fn random_markup_gives_the_same_tree() {
        const PIECES: [&str; 46] = [
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
            " ",
            "/",
            "<script type=\"application/ld+json\">",
            "<xmp>",
            "</xmp>",
        ];
        let mut next = crate::test_support::xorshift(0x9E37_79B9_7F4A_7C15_u64);
        let mut skipped = 0;
        for _ in 0..3000 {
            let len = 1 + next() % 40;
            let html: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let (plain, skipping, n) = both(&html);
            assert_eq!(plain, skipping, "{html:?}");
            skipped += n;
        }
        assert!(skipped > 10_000, "{skipped}");
    }
}
