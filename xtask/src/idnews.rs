//! `cargo xtask eval idnews`: field-by-field accuracy on hand-checked
//! Indonesian news pages (`../shared/data/idnews/*.expected.json`).
//!
//! Fields: title, authors (names and roles), published, site_name, agency,
//! dateline (place and outlet), body_first / body_last (first / last words),
//! n_paragraphs (±1), related_links, subheadings. Text is compared after
//! folding case and whitespace; lists as ordered lists.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;
use warta_extract::{InputHint, Options};
use warta_model::{Article, BodyKind};

/// Arguments of `eval idnews`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which copy of the pages to read: the HTML pages or the text dumps.
    #[arg(long, default_value = "html", value_parser = ["html", "text"])]
    pub input: String,
    /// The data directory (holding `*.expected.json`, the pages and `text/`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Print every wrong field with what was expected and found.
    #[arg(long)]
    pub verbose: bool,
}

/// The fields scored, in print order.
pub const FIELDS: [&str; 11] = [
    "title",
    "authors",
    "published",
    "site_name",
    "agency",
    "dateline",
    "body_first",
    "body_last",
    "n_paragraphs",
    "related_links",
    "subheadings",
];

/// One field's verdict: right, and what was expected and found.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub field: &'static str,
    pub right: bool,
    pub expected: String,
    pub found: String,
}

fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(fold).filter(|s| !s.is_empty())
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// Scores an article against one expectation.
pub fn score(expected: &Value, article: &Article) -> Vec<Verdict> {
    let mut out = Vec::new();
    let mut push = |field: &'static str, right: bool, expected: String, found: String| {
        out.push(Verdict {
            field,
            right,
            expected,
            found,
        });
    };
    let e_title = opt_str(&expected["title"]);
    let f_title = article.title.as_deref().map(fold);
    push(
        "title",
        e_title == f_title,
        format!("{e_title:?}"),
        format!("{f_title:?}"),
    );

    let e_authors: Vec<(String, String)> = expected["authors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    (
                        opt_str(&x["name"]).unwrap_or_default(),
                        opt_str(&x["role"]).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let f_authors: Vec<(String, String)> = article
        .authors
        .iter()
        .map(|a| {
            let role = a
                .role
                .map(|r| {
                    serde_json::to_value(r)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .unwrap_or_default();
            (fold(&a.name), role)
        })
        .collect();
    let mut e_sorted = e_authors.clone();
    let mut f_sorted = f_authors.clone();
    e_sorted.sort();
    f_sorted.sort();
    push(
        "authors",
        e_sorted == f_sorted,
        format!("{e_authors:?}"),
        format!("{f_authors:?}"),
    );

    let e_pub = expected["published"].as_str().map(str::to_owned);
    push(
        "published",
        e_pub == article.published,
        format!("{e_pub:?}"),
        format!("{:?}", article.published),
    );

    let e_site = opt_str(&expected["site_name"]);
    let f_site = article.site_name.as_deref().map(fold);
    push(
        "site_name",
        e_site == f_site,
        format!("{e_site:?}"),
        format!("{f_site:?}"),
    );

    let e_agency = opt_str(&expected["agency"]);
    let f_agency = article.agency.as_deref().map(fold);
    push(
        "agency",
        e_agency == f_agency,
        format!("{e_agency:?}"),
        format!("{f_agency:?}"),
    );

    let e_dateline = (!expected["dateline"].is_null()).then(|| {
        (
            opt_str(&expected["dateline"]["place"]),
            opt_str(&expected["dateline"]["outlet"]),
        )
    });
    let f_dateline = article
        .dateline
        .as_ref()
        .map(|d| (d.place.as_deref().map(fold), d.outlet.as_deref().map(fold)));
    push(
        "dateline",
        e_dateline == f_dateline,
        format!("{e_dateline:?}"),
        format!("{f_dateline:?}"),
    );

    let body = words(&article.text);
    let e_first = expected["body_first"].as_str().unwrap_or("");
    let e_first_words = words(e_first);
    let f_first = body[..e_first_words.len().min(body.len())].join(" ");
    push(
        "body_first",
        fold(e_first) == fold(&f_first),
        e_first.to_owned(),
        f_first,
    );
    let e_last = expected["body_last"].as_str().unwrap_or("");
    let e_last_words = words(e_last);
    let f_last = body[body.len().saturating_sub(e_last_words.len())..].join(" ");
    push(
        "body_last",
        fold(e_last) == fold(&f_last),
        e_last.to_owned(),
        f_last,
    );

    let e_n = expected["n_paragraphs"].as_i64().unwrap_or(-100);
    let f_n = article
        .body
        .iter()
        .filter(|b| b.kind != BodyKind::Heading)
        .count() as i64;
    push(
        "n_paragraphs",
        (e_n - f_n).abs() <= 1,
        e_n.to_string(),
        f_n.to_string(),
    );

    let list = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| a.iter().filter_map(opt_str).collect())
            .unwrap_or_default()
    };
    let e_related = list(&expected["related_links"]);
    let f_related: Vec<String> = article.related.iter().map(|r| fold(&r.title)).collect();
    push(
        "related_links",
        e_related == f_related,
        format!("{e_related:?}"),
        format!("{f_related:?}"),
    );
    let e_sub = list(&expected["subheadings"]);
    let f_sub: Vec<String> = article
        .body
        .iter()
        .filter(|b| b.kind == BodyKind::Heading)
        .map(|b| fold(&b.text))
        .collect();
    push(
        "subheadings",
        e_sub == f_sub,
        format!("{e_sub:?}"),
        format!("{f_sub:?}"),
    );
    out
}

/// The data directory to use.
fn data_dir(given: Option<&Path>) -> PathBuf {
    crate::data_set(given, "idnews")
}

/// `cargo xtask eval idnews`.
pub fn run(args: &Args) -> Result<()> {
    let dir = data_dir(args.data.as_deref());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".expected.json"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    let text = args.input == "text";
    let hint = if text {
        InputHint::Text
    } else {
        InputHint::Html
    };
    let page_path = |n: &str| {
        if text {
            dir.join("text").join(format!("{n}.txt"))
        } else {
            dir.join(format!("{n}.html"))
        }
    };
    let options = Options {
        input: hint,
        facts: false,
        ..Options::default()
    };
    let mut per_field = vec![(0usize, 0usize); FIELDS.len()];
    let (mut right, mut total) = (0usize, 0usize);
    println!("page  right/fields  wrong fields");
    for name in &names {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join(format!("{name}.expected.json")))
                .with_context(|| format!("reading {name}.expected.json"))?,
        )
        .with_context(|| format!("parsing {name}.expected.json"))?;
        let path = page_path(name);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let article = warta_extract::extract(&bytes, &options)
            .unwrap_or_else(|_| Article::empty(warta_model::InputKind::Html));
        let verdicts = score(&expected, &article);
        let ok = verdicts.iter().filter(|v| v.right).count();
        right += ok;
        total += verdicts.len();
        for (i, v) in verdicts.iter().enumerate() {
            per_field[i].1 += 1;
            if v.right {
                per_field[i].0 += 1;
            }
        }
        let wrong: Vec<&str> = verdicts
            .iter()
            .filter(|v| !v.right)
            .map(|v| v.field)
            .collect();
        println!("{name}  {ok}/{}  {}", verdicts.len(), wrong.join(" "));
        if args.verbose {
            for v in verdicts.iter().filter(|v| !v.right) {
                println!(
                    "    {}: expected {}\n    {}  found    {}",
                    v.field,
                    v.expected,
                    " ".repeat(v.field.len()),
                    v.found
                );
            }
        }
    }
    println!("\nfield  right/pages");
    for (field, (ok, n)) in FIELDS.iter().zip(&per_field) {
        println!("{field:<14} {ok}/{n}");
    }
    println!(
        "\nwarta ({}): {right}/{total} fields right = {:.1} %",
        args.input,
        100.0 * right as f64 / total.max(1) as f64
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_model::{Author, AuthorRole, BodyBlock, InputKind};

    #[test]
    fn a_matching_article_scores_every_field() {
        let expected: Value = serde_json::json!({
            "title": "Judul Berita",
            "authors": [{"name": "Budi", "role": "reporter"}],
            "published": "2015-11-05T14:56:00+07:00",
            "site_name": "ANTARA News",
            "agency": "ANTARA",
            "dateline": {"text": "Jakarta (ANTARA News) -", "place": "Jakarta", "outlet": "ANTARA News"},
            "body_first": "Satu dua",
            "body_last": "lima enam.",
            "n_paragraphs": 2,
            "related_links": [],
            "subheadings": []
        });
        let mut article = Article::empty(InputKind::Html);
        article.title = Some("Judul  berita".into());
        article.authors = vec![Author {
            name: "Budi".into(),
            role: Some(AuthorRole::Reporter),
        }];
        article.published = Some("2015-11-05T14:56:00+07:00".into());
        article.site_name = Some("Antara News".into());
        article.agency = Some("ANTARA".into());
        article.dateline = Some(warta_model::Dateline {
            place: Some("Jakarta".into()),
            outlet: Some("ANTARA News".into()),
        });
        article.set_body(vec![
            BodyBlock::new(BodyKind::Paragraph, "Satu dua tiga."),
            BodyBlock::new(BodyKind::Paragraph, "Empat lima enam."),
        ]);
        let verdicts = score(&expected, &article);
        let wrong: Vec<_> = verdicts
            .iter()
            .filter(|v| !v.right)
            .map(|v| v.field)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
        article.published = Some("2015-11-05T14:56:00Z".into());
        let verdicts = score(&expected, &article);
        assert!(
            !verdicts
                .iter()
                .find(|v| v.field == "published")
                .unwrap()
                .right
        );
    }
}
