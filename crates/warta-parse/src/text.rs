//! Reading a text dump: one block per non-blank line.

use std::borrow::Cow;

use warta_model::InputKind;

use crate::document::{Block, BlockKind, Document};

/// Splits a dump into line blocks, keeping blank-line gaps and list markers.
///
/// A marker alone on its line (`-` above a headline, as widget lists print)
/// belongs to the next non-blank line.
pub fn parse(text: &str) -> Document {
    let mut doc = Document::new(InputKind::Text);
    // Lines bound the blocks: one allocation instead of a growing vector
    // moving its blocks again and again.
    let bytes = text.as_bytes();
    doc.blocks
        .reserve(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let mut gap = false;
    let mut pending_marker: Option<String> = None;
    let mut marks = collapse_marks(text).into_iter().peekable();
    // The lines as `text.split('\n')` gives them, found by memchr.
    let line_ends = memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]);
    let mut line_start = 0;
    for (index, line_end) in line_ends.enumerate() {
        let raw = text.get(line_start..line_end).unwrap_or("");
        let line = collapse(raw, |offset, trimmed| {
            // The marks are in order, and so are the lines.
            let from = line_start + offset;
            while marks.next_if(|&mark| mark < from).is_some() {}
            marks
                .peek()
                .is_some_and(|&mark| mark < from + trimmed.len())
        });
        line_start = line_end + 1;
        if line.is_empty() {
            gap = true;
            continue;
        }
        let (marker, rest) = split_marker(&line);
        if rest.is_empty() {
            // A lone marker: it starts the next line's item.
            pending_marker = marker.map(str::to_owned);
            continue;
        }
        let marker = marker.map(str::to_owned).or(pending_marker.take());
        // The text is the end of the line: copied once from the input, or
        // cut from the line collapsing made.
        let start = line.len() - rest.len();
        let text = match line {
            Cow::Borrowed(line) => line.get(start..).unwrap_or("").to_owned(),
            Cow::Owned(mut line) => {
                line.drain(..start);
                line
            }
        };
        let kind = if marker.is_some() {
            BlockKind::ListItem
        } else {
            BlockKind::Line
        };
        doc.blocks.push(Block {
            text,
            kind,
            line: u32::try_from(index + 1).unwrap_or(u32::MAX),
            gap_before: std::mem::take(&mut gap),
            list_marker: marker,
            ..Block::default()
        });
    }
    doc
}

/// Trims a line and collapses runs of whitespace to one space; most lines
/// need neither and are returned as they are, not copied. Whether the
/// trimmed line has whitespace to collapse is `to_collapse(offset,
/// trimmed)`, told by the line's [`collapse_marks`] (`offset` is where the
/// trimmed line starts in `raw`).
fn collapse(raw: &str, to_collapse: impl FnOnce(usize, &str) -> bool) -> Cow<'_, str> {
    let trimmable = |c: char| c.is_whitespace() || c == '\u{feff}';
    let start_trimmed = raw.trim_start_matches(trimmable);
    let trimmed = start_trimmed.trim_end_matches(trimmable);
    if !to_collapse(raw.len() - start_trimmed.len(), trimmed) {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Byte offsets in `text`, in order, such that a trimmed line has
/// whitespace to collapse exactly when one of them falls inside it: the
/// start of every run of two or more spaces, every ASCII control 9 and 11
/// to 13, every non-ASCII whitespace character (see [`whitespace_at`]).
/// Line breaks end lines and are left out.
///
/// The whole text is searched once by memchr for each kind (lines are
/// short, and only a few have a mark): the two spaces, the controls, and
/// the bytes that lead non-ASCII whitespace, which are then read.
fn collapse_marks(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let byte = |i: usize| bytes.get(i).copied().unwrap_or(0);
    // Non-overlapping: of a run of spaces, its first pair is found (a run
    // inside a trimmed line starts inside it).
    let mut marks: Vec<usize> = memchr::memmem::find_iter(bytes, b"  ").collect();
    marks.extend(memchr::memchr3_iter(b'\t', 0x0B, 0x0C, bytes));
    marks.extend(memchr::memchr_iter(b'\r', bytes));
    let leads =
        memchr::memchr3_iter(0xC2, 0xE2, 0xE3, bytes).chain(memchr::memchr_iter(0xE1, bytes));
    marks.extend(leads.filter(|&i| whitespace_at(byte(i), byte(i + 1), byte(i + 2)) != 0));
    marks.sort_unstable();
    marks
}

/// 1 when the bytes `a`, `b`, `c` start two spaces or whitespace other than
/// the space: an ASCII control 9 to 13, or in UTF-8 U+0085 and U+00A0 (C2
/// 85, C2 A0), U+1680 (E1 9A 80), U+2000 to U+200A (E2 80 80 to 8A),
/// U+2028, U+2029, U+202F (E2 80 A8, A9, AF), U+205F (E2 81 9F) or U+3000
/// (E3 80 80). A lead byte is never inside another character, so a match
/// is that character.
fn whitespace_at(a: u8, b: u8, c: u8) -> u8 {
    let is = |x: u8, y: u8| u8::from(x == y);
    let c2 = is(a, 0xC2) & (is(b, 0x85) | is(b, 0xA0));
    let e1 = is(a, 0xE1) & is(b, 0x9A) & is(c, 0x80);
    let general = u8::from(c.wrapping_sub(0x80) <= 0x0A) | is(c, 0xA8) | is(c, 0xA9) | is(c, 0xAF);
    let e2 = is(a, 0xE2) & (is(b, 0x80) & general | is(b, 0x81) & is(c, 0x9F));
    let e3 = is(a, 0xE3) & is(b, 0x80) & is(c, 0x80);
    let control = u8::from(a.wrapping_sub(b'\t') <= b'\r' - b'\t');
    let double_space = u8::from(a == b' ') & u8::from(b == b' ');
    control | double_space | c2 | e1 | e2 | e3
}

/// The byte length of the white space character outside ASCII `bytes`
/// open with (U+0085, U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000: all of `char::is_whitespace` past ASCII), or 0.
/// `whitespace_at` tells the same characters branch-free; the extractor
/// counts words with this one.
pub fn unicode_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Splits a leading list marker (`- `, `* `, `• `, `1. `, `2) `) from a line.
fn split_marker(line: &str) -> (Option<&str>, &str) {
    const BULLETS: [char; 8] = ['-', '*', '•', '·', '▪', '●', '◦', '+'];
    let mut chars = line.char_indices();
    let Some((_, first)) = chars.next() else {
        return (None, line);
    };
    if BULLETS.contains(&first) {
        let after = &line[first.len_utf8()..];
        if after.is_empty() {
            return (Some(&line[..first.len_utf8()]), "");
        }
        if after.starts_with(' ') {
            return (Some(&line[..first.len_utf8()]), after.trim_start());
        }
        return (None, line);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        if let Some(after) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            // "1. Item" is a list item; "2. Juli" style dates are rare at line start.
            return (Some(&line[..digits + 1]), after.trim_start());
        }
    }
    (None, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_with_gaps_and_markers() {
        let doc = parse("Judul\n\n  Paragraf   satu.\n- butir\n-\nBerita lain\n* bintang\n");
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Judul", "Paragraf satu.", "butir", "Berita lain", "bintang"]
        );
        assert!(doc.blocks[1].gap_before);
        assert!(!doc.blocks[2].gap_before);
        assert_eq!(doc.blocks[2].list_marker.as_deref(), Some("-"));
        assert_eq!(
            doc.blocks[3].list_marker.as_deref(),
            Some("-"),
            "lone marker applies to the next line"
        );
        assert_eq!(doc.blocks[3].kind, BlockKind::ListItem);
        assert_eq!(doc.blocks[1].line, 3);
    }

    #[test]
    fn hyphenated_words_are_not_markers() {
        let doc = parse("-10 derajat\n1. Satu\n2020. Tahun");
        assert_eq!(doc.blocks[0].list_marker, None);
        assert_eq!(doc.blocks[1].list_marker.as_deref(), Some("1."));
        assert_eq!(doc.blocks[2].list_marker, None);
    }

    /// The collapsing as first written: the reference for [`collapse`].
    fn collapse_plain(raw: &str) -> String {
        let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if !trimmed.contains(|c: char| c.is_whitespace() && c != ' ') && !trimmed.contains("  ") {
            return trimmed.to_owned();
        }
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// [`collapse`] of one line alone, its marks read from it.
    fn collapse_alone(raw: &str) -> Cow<'_, str> {
        collapse(raw, |offset, trimmed| {
            let range = offset..offset + trimmed.len();
            collapse_marks(raw).iter().any(|mark| range.contains(mark))
        })
    }

    /// Every character, alone, after an ASCII or a non-ASCII letter, before
    /// one, and after 62 bytes and at the end of a text. A line break ends a
    /// line: it is no mark.
    #[test]
    fn both_readings_of_unicode_white_space_agree() {
        for a in 0x80..=0xFF_u8 {
            for b in 0..=0xFF_u8 {
                for c in 0..=0xFF_u8 {
                    let len = unicode_space_len(&[a, b, c]);
                    assert_eq!(len != 0, whitespace_at(a, b, c) != 0, "{a:x} {b:x} {c:x}");
                    if len != 0 {
                        let text = std::str::from_utf8(&[a, b, c][..len]).map(str::to_owned);
                        assert!(text.is_ok_and(|t| t.chars().all(char::is_whitespace)));
                    }
                }
            }
        }
    }

    #[test]
    fn whitespace_is_marked_for_every_character() {
        let pad = "x".repeat(62);
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let plain = c.is_whitespace() && c != ' ' && c != '\n';
            for text in [
                format!("{c}"),
                format!("é{c}"),
                format!("a{c}"),
                format!("{c}éa"),
                format!("{pad}{c}{pad}{c}"),
            ] {
                let marked = !collapse_marks(&text).is_empty();
                assert_eq!(marked, plain, "{text:?}");
            }
        }
        for text in ["", " ", "a a", "é é", "a\nb", " \n "] {
            assert_eq!(collapse_marks(text), Vec::<usize>::new(), "{text:?}");
        }
        for (text, marks) in [
            ("  ", vec![0]),
            ("a  ", vec![1]),
            ("é  ", vec![2]),
            ("  é\u{a0}", vec![0, 4]),
            ("é \n  a", vec![4]),
            ("a     b\t\r", vec![1, 3, 7, 8]),
        ] {
            assert_eq!(collapse_marks(text), marks, "{text:?}");
        }
    }

    #[test]
    fn lines_split_as_split_does() {
        for text in ["", "\n", "a", "a\n", "\na\n\nb", "a\r\n\r\nb\n\n"] {
            let doc = parse(text);
            let lines: Vec<(u32, &str)> = text
                .split('\n')
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i as u32 + 1, l.trim()))
                .collect();
            let blocks: Vec<(u32, &str)> = doc
                .blocks
                .iter()
                .map(|b| (b.line, b.text.as_str()))
                .collect();
            assert_eq!(blocks, lines, "{text:?}");
        }
    }

    #[test]
    fn lines_collapse_as_the_plain_definition_does() {
        let pieces = [
            "a", " ", "  ", "\t", "\r", "\u{b}", "\u{c}", "\u{1c}", "\u{a0}", "\u{85}", "\u{2009}",
            "\u{3000}", "\u{feff}", "é", "日", "-", "’",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let line = format!("{a}{b}x{c}{a}{c}");
                    assert_eq!(collapse_alone(&line), collapse_plain(&line), "{line:?}");
                }
            }
        }
        assert_eq!(collapse_alone(""), "");
        let long = format!("{}  {}", "word ".repeat(40), "é".repeat(30));
        assert_eq!(collapse_alone(&long), collapse_plain(&long));
        // Lines collapsed within a whole text, their marks found across all
        // lines: each block is its line collapsed the plain way, its marker
        // cut off.
        let pieces = [
            "a", " ", "  ", "\t", "\u{a0}", "é", "\u{3000}", "\n", "- ", "-",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            let lines: Vec<&str> = text.split('\n').collect();
            for block in parse(&text).blocks {
                let raw = lines.get(block.line as usize - 1).copied().unwrap_or("");
                let plain = collapse_plain(raw);
                let (_, rest) = split_marker(&plain);
                let rest = if rest.is_empty() {
                    plain.as_str()
                } else {
                    rest
                };
                assert_eq!(block.text, rest, "{text:?}");
            }
        }
    }

    #[test]
    fn blocks_take_their_text_from_collapsed_lines_too() {
        let doc = parse("-  a\u{a0} b\n*\t2\n3.  c   d\n  \u{feff}plain\u{feff}\n");
        let texts: Vec<_> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["a b", "2", "c d", "plain"]);
        let markers: Vec<_> = doc
            .blocks
            .iter()
            .map(|b| b.list_marker.as_deref())
            .collect();
        assert_eq!(markers, [Some("-"), Some("*"), Some("3."), None]);
    }

    #[test]
    fn crlf_and_tabs_are_whitespace() {
        let doc = parse("a\tb\r\nc\r\n");
        assert_eq!(doc.blocks[0].text, "a b");
        assert_eq!(doc.blocks[1].text, "c");
    }
}
