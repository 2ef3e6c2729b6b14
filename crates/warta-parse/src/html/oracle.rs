//! The reference the tokenizer is tested against: html5ever's own
//! tokenizer driving the same depth cap and tree builder, without skipping
//! any raw text, its tree then stripped of the attributes the tokenizer
//! drops (all but the first of each name in [`READ`]). Nothing else the
//! tree builder does reads other attributes, so the two must build the same
//! tree from any input. Built for the tests, and for fuzzing with the
//! `reference-tokenizer` feature.

use html5ever::interface::TreeSink;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, Tokenizer, TokenizerOpts};
use html5ever::TokenizerResult;

use super::limits::{DepthCap, READ};
use super::tree::{self, NodeData, Tree};

/// The tree html5ever's tokenizer gives.
pub fn tree(text: &str) -> Tree {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(text));
    let tokenizer = Tokenizer::new(
        DepthCap::new(tree::builder(tree::expected_nodes(text.len())), false),
        TokenizerOpts::default(),
    );
    // A script end or a `<meta charset>` pauses the tokenizer; go on.
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let mut tree = tokenizer.sink.inner.sink.finish();
    for node in &mut tree.nodes {
        if let NodeData::Element(e) = &mut node.data {
            // html5ever keeps the first of each name already.
            e.attrs.retain(|a| READ.contains(&&*a.name.local));
        }
    }
    tree
}

/// A tree as text, without how each text is stored.
pub fn shown(tree: &Tree) -> String {
    format!("{tree:?}")
        .replace("(owned: ", "(")
        .replace("(shared: ", "(")
        .replace("(inline: ", "(")
}

/// Where two texts part, with some text around it.
pub fn first_difference(a: &str, b: &str) -> String {
    let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let from = at.saturating_sub(300);
    let window = |s: &str| {
        s.get(from..(at + 200).min(s.len()))
            .unwrap_or("")
            .to_owned()
    };
    format!("html5ever: …{}\nwarta:     …{}", window(a), window(b))
}

/// Whether warta's tokenizer, with and without skipping unread raw text,
/// builds the tree html5ever's builds from `text`; if not, where they part.
pub fn compare_with_reference(text: &str) -> Result<(), String> {
    let reference = shown(&tree(text));
    let plain = shown(&tree::parse_with(text, false).0);
    if reference != plain {
        return Err(first_difference(&reference, &plain));
    }
    let skipping = shown(&tree::parse_with(text, true).0);
    if plain != skipping {
        return Err(format!(
            "skipping unread raw text changed the tree:\n{}",
            first_difference(&plain, &skipping)
        ));
    }
    Ok(())
}
