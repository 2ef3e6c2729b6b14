//! The reference the tokenizer is tested against: html5ever's own
//! tokenizer driving the same depth cap and tree builder, without skipping
//! any raw text, its tree then stripped of the attributes the tokenizer
//! drops (all but the first of each name in [`READ`]). Nothing else the
//! tree builder does reads other attributes, so the two must build the same
//! tree from any input.

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
        DepthCap::new(tree::builder(), false),
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
