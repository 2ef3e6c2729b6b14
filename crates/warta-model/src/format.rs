//! Rendering an [`Article`] in the output formats of the contract.

use std::fmt::Write as _;

use serde::Serializer;

use crate::{Article, BodyBlock, BodyKind, InlineStyle};

/// The output formats of `warta extract` and the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// Pretty JSON, one article.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Title, byline and body as Markdown.
    Markdown,
    /// The body text only.
    Text,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "json" => Ok(OutputFormat::Json),
            "jsonl" => Ok(OutputFormat::Jsonl),
            "markdown" | "md" => Ok(OutputFormat::Markdown),
            "text" | "txt" => Ok(OutputFormat::Text),
            other => Err(format!(
                "unknown output format `{other}` (json, jsonl, markdown, text)"
            )),
        }
    }
}

/// Renders one article; the result ends with a newline.
pub fn render(article: &Article, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => {
            let mut s = serde_json::to_string_pretty(article).unwrap_or_default();
            s.push('\n');
            s
        }
        OutputFormat::Jsonl => {
            let mut s = serde_json::to_string(article).unwrap_or_default();
            s.push('\n');
            s
        }
        OutputFormat::Markdown => markdown(article),
        OutputFormat::Text => {
            let mut s = article.text.clone();
            s.push('\n');
            s
        }
    }
}

/// Serialises whole numbers without a fraction (`1200000000`, not `1200000000.0`).
pub(crate) fn number<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53: integers below are exact in f64
    if value.fract() == 0.0 && value.abs() < EXACT {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn markdown(article: &Article) -> String {
    let mut out = String::new();
    if let Some(title) = &article.title {
        let _ = writeln!(out, "# {}\n", escape(title));
    }
    let byline: Vec<String> = article
        .authors
        .iter()
        .map(|a| match a.role {
            Some(role) if role != crate::AuthorRole::Author => {
                let role = serde_json::to_value(role).ok();
                let role = role.as_ref().and_then(|v| v.as_str()).unwrap_or("");
                format!("{} ({role})", escape(&a.name))
            }
            _ => escape(&a.name),
        })
        .collect();
    let mut meta = Vec::new();
    if !byline.is_empty() {
        meta.push(byline.join(", "));
    }
    if let Some(published) = &article.published {
        meta.push(escape(published));
    }
    if let Some(site) = &article.site_name {
        meta.push(escape(site));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "*{}*\n", meta.join(" · "));
    }
    for image in &article.images {
        let alt = match (&image.caption, &image.credit) {
            (Some(c), Some(k)) => format!("{c} ({k})"),
            (Some(c), None) => c.clone(),
            (None, Some(k)) => k.clone(),
            (None, None) => String::new(),
        };
        let alt = alt.replace(['[', ']'], "");
        match &image.src {
            Some(src) => {
                let _ = writeln!(out, "![{alt}]({})\n", src.replace(' ', "%20"));
            }
            None if !alt.is_empty() => {
                let _ = writeln!(out, "*{}*\n", escape(&alt));
            }
            None => {}
        }
    }
    let mut previous: Option<BodyKind> = None;
    for block in &article.body {
        if previous == Some(BodyKind::ListItem) && block.kind != BodyKind::ListItem {
            out.push('\n');
        }
        match block.kind {
            BodyKind::Paragraph => {
                let _ = writeln!(out, "{}\n", inline(block));
            }
            BodyKind::Heading => {
                let _ = writeln!(out, "## {}\n", inline(block));
            }
            BodyKind::Quote => {
                for line in inline(block).lines() {
                    let _ = writeln!(out, "> {line}");
                }
                out.push('\n');
            }
            BodyKind::ListItem => {
                let _ = writeln!(out, "- {}", inline(block));
            }
            BodyKind::Code => {
                let fence = if block.text.contains("```") {
                    "~~~~"
                } else {
                    "```"
                };
                let _ = writeln!(out, "{fence}\n{}\n{fence}\n", block.text);
            }
            BodyKind::Table => {
                table(&mut out, &block.text);
            }
        }
        previous = Some(block.kind);
    }
    if !article.related.is_empty() {
        out.push_str("---\n\n");
        for link in &article.related {
            match &link.url {
                Some(url) => {
                    let _ = writeln!(
                        out,
                        "- [{}]({})",
                        escape(&link.title),
                        url.replace(' ', "%20")
                    );
                }
                None => {
                    let _ = writeln!(out, "- {}", escape(&link.title));
                }
            }
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn table(out: &mut String, text: &str) {
    let rows: Vec<Vec<String>> = text
        .lines()
        .map(|row| row.split('\t').map(escape).collect())
        .collect();
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return;
    }
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let cell = row.get(c).map(String::as_str).unwrap_or("");
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            for _ in 0..width {
                out.push_str(" --- |");
            }
            out.push('\n');
        }
    }
    out.push('\n');
}

/// Escapes characters Markdown would read as markup.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_line_start = true;
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i > 0 && at_line_start_number(&chars[..i]) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        if c == '\n' {
            at_line_start = true;
        } else if !c.is_whitespace() {
            at_line_start = false;
        }
    }
    out
}

/// Whether `prefix` is a line that so far holds only digits ("1" before ". ").
fn at_line_start_number(prefix: &[char]) -> bool {
    let line = prefix.rsplit(|&c| c == '\n').next().unwrap_or(prefix);
    !line.is_empty() && line.iter().all(|c| c.is_ascii_digit())
}

/// Renders a block's text with its inline marks, escaping everything else.
fn inline(block: &BodyBlock) -> String {
    if block.inline.is_empty() {
        return escape(&block.text);
    }
    let text = &block.text;
    let mut marks: Vec<_> = block
        .inline
        .iter()
        .filter(|m| {
            m.start < m.end
                && m.end <= text.len()
                && text.is_char_boundary(m.start)
                && text.is_char_boundary(m.end)
        })
        .collect();
    marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for mark in marks {
        if mark.start < pos {
            continue; // overlapping marks: keep the first, render the rest as text
        }
        out.push_str(&escape(&text[pos..mark.start]));
        let inner = escape(&text[mark.start..mark.end]);
        match &mark.style {
            InlineStyle::Link(url) => {
                let _ = write!(
                    out,
                    "[{inner}]({})",
                    url.replace(' ', "%20").replace(')', "%29")
                );
            }
            InlineStyle::Emphasis => {
                let _ = write!(out, "*{inner}*");
            }
            InlineStyle::Strong => {
                let _ = write!(out, "**{inner}**");
            }
            InlineStyle::Code => {
                let _ = write!(out, "`{}`", text[mark.start..mark.end].replace('`', "'"));
            }
        }
        pos = mark.end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Author, AuthorRole, InlineMark, InputKind, MoneyMention};

    fn article() -> Article {
        let mut a = Article::empty(InputKind::Text);
        a.title = Some("Harga *naik* [lagi]".into());
        a.authors = vec![Author {
            name: "Budi".into(),
            role: Some(AuthorRole::Editor),
        }];
        let mut para = BodyBlock::new(BodyKind::Paragraph, "Lihat situs ini sekarang.");
        para.inline.push(InlineMark {
            start: 6,
            end: 15,
            style: InlineStyle::Link("https://x.test/a".into()),
        });
        a.set_body(vec![
            BodyBlock::new(BodyKind::Heading, "Latar"),
            para,
            BodyBlock::new(BodyKind::ListItem, "satu"),
            BodyBlock::new(BodyKind::ListItem, "dua"),
            BodyBlock::new(BodyKind::Table, "a\tb\n1\t2|3"),
        ]);
        a
    }

    #[test]
    fn markdown_has_headings_lists_tables_links_and_escapes() {
        let md = render(&article(), OutputFormat::Markdown);
        assert!(md.starts_with("# Harga \\*naik\\* \\[lagi\\]\n"), "{md}");
        assert!(md.contains("*Budi (editor)*"), "{md}");
        assert!(md.contains("## Latar\n"), "{md}");
        assert!(
            md.contains("Lihat [situs ini](https://x.test/a) sekarang."),
            "{md}"
        );
        assert!(md.contains("- satu\n- dua\n"), "{md}");
        assert!(
            md.contains("| a | b |\n| --- | --- |\n| 1 | 2\\|3 |"),
            "{md}"
        );
    }

    #[test]
    fn escape_protects_line_start_markers() {
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("1. not a list"), "1\\. not a list");
        assert_eq!(escape("a - b"), "a - b");
    }

    #[test]
    fn text_is_body_joined_by_blank_lines() {
        let a = article();
        assert_eq!(render(&a, OutputFormat::Text), format!("{}\n", a.text));
        assert!(a.text.starts_with("Latar\n\nLihat situs"));
    }

    #[test]
    fn whole_amounts_serialise_without_fraction() {
        let m = MoneyMention {
            text: "$1,2 miliar".into(),
            amount: 1_200_000_000.0,
            currency: Some("USD".into()),
            start: 0,
            end: 11,
            approximate: false,
        };
        let json = serde_json::to_string(&m).unwrap();
        assert!(json.contains("\"amount\":1200000000,"), "{json}");
        let half = MoneyMention { amount: 2.5, ..m };
        assert!(serde_json::to_string(&half)
            .unwrap()
            .contains("\"amount\":2.5,"));
    }

    #[test]
    fn json_keeps_contract_key_order_and_nulls() {
        let json = render(&Article::empty(InputKind::Html), OutputFormat::Jsonl);
        let keys = [
            "schema",
            "id",
            "url",
            "input",
            "language",
            "title",
            "description",
            "authors",
            "published",
            "modified",
            "site_name",
            "agency",
            "dateline",
            "body",
            "text",
            "images",
            "related",
            "tags",
            "categories",
            "truncated",
            "entities",
            "dates",
            "money",
            "quotes",
            "warnings",
        ];
        let mut last = 0;
        for key in keys {
            let at = json
                .find(&format!("\"{key}\":"))
                .unwrap_or_else(|| panic!("missing {key}"));
            assert!(at >= last, "{key} out of order");
            last = at;
        }
        assert!(json.contains("\"title\":null"));
        assert!(!json.contains("\"blocks\""));
    }

    #[test]
    fn schema_describes_every_field() {
        let schema = crate::json_schema();
        let props = &schema["properties"];
        for key in [
            "schema", "entities", "dates", "money", "quotes", "warnings", "blocks",
        ] {
            assert!(props.get(key).is_some(), "schema lacks {key}");
        }
    }
}
