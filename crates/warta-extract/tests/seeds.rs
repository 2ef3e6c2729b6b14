//! The hand-checked seed extractions (`fixtures/*.expected.json`) come out
//! exactly so: every field the expectation lists is compared.

use std::path::Path;

use serde_json::Value;
use warta_extract::Options;
use warta_model::{Article, BodyKind};

fn check(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let bytes = std::fs::read(dir.join(format!("{name}.txt"))).unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap(),
    )
    .unwrap();
    let article = warta_extract::extract(&bytes, &Options::default()).unwrap();
    let errors = compare(&article, &expected);
    assert!(errors.is_empty(), "{name}:\n  {}", errors.join("\n  "));
}

fn compare(a: &Article, e: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    let mut expect = |what: &str, ok: bool, got: String| {
        if !ok {
            errors.push(format!("{what}: got {got}"));
        }
    };
    let json = serde_json::to_value(a).unwrap();
    for key in [
        "title",
        "published",
        "site_name",
        "agency",
        "language",
        "truncated",
    ] {
        if let Some(want) = e.get(key) {
            expect(
                &format!("{key} = {want}"),
                &json[key] == want,
                json[key].to_string(),
            );
        }
    }
    if let Some(authors) = e.get("authors").and_then(Value::as_array) {
        let want: Vec<&str> = authors.iter().filter_map(|x| x["name"].as_str()).collect();
        let got: Vec<&str> = a.authors.iter().map(|x| x.name.as_str()).collect();
        expect(
            &format!("authors = {want:?}"),
            want == got,
            format!("{got:?}"),
        );
    }
    let paragraphs: Vec<&str> = a
        .body
        .iter()
        .filter(|b| b.kind == BodyKind::Paragraph)
        .map(|b| b.text.as_str())
        .collect();
    if let Some(n) = e.get("body_paragraphs").and_then(Value::as_u64) {
        expect(
            &format!("{n} paragraphs"),
            paragraphs.len() as u64 == n,
            paragraphs.len().to_string(),
        );
    }
    let first = paragraphs.first().copied().unwrap_or("");
    let last = paragraphs.last().copied().unwrap_or("");
    if let Some(want) = e.get("body_first_paragraph").and_then(Value::as_str) {
        expect(
            &format!("first paragraph = {want:?}"),
            first == want,
            format!("{first:?}"),
        );
    }
    if let Some(want) = e.get("body_first_paragraph_starts").and_then(Value::as_str) {
        expect(
            &format!("first paragraph starts {want:?}"),
            first.starts_with(want),
            format!("{first:?}"),
        );
    }
    if let Some(want) = e.get("body_last_paragraph_starts").and_then(Value::as_str) {
        expect(
            &format!("last paragraph starts {want:?}"),
            last.starts_with(want),
            format!("{last:?}"),
        );
    }
    if let Some(want) = e.get("body_last_paragraph_ends").and_then(Value::as_str) {
        expect(
            &format!("last paragraph ends {want:?}"),
            last.ends_with(want),
            format!("{last:?}"),
        );
    }
    if let Some(want) = e.get("body_headings").and_then(Value::as_array) {
        let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
        let got: Vec<&str> = a
            .body
            .iter()
            .filter(|b| b.kind == BodyKind::Heading)
            .map(|b| b.text.as_str())
            .collect();
        expect(
            &format!("headings = {want:?}"),
            want == got,
            format!("{got:?}"),
        );
    }
    for bad in e
        .get("body_must_not_contain")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let bad = bad.as_str().unwrap_or("");
        expect(
            &format!("body without {bad:?}"),
            !a.text.contains(bad),
            "it in the body".into(),
        );
    }
    if let Some(images) = e.get("images").and_then(Value::as_array) {
        expect(
            &format!("{} images", images.len()),
            images.len() == a.images.len(),
            a.images.len().to_string(),
        );
        for (want, got) in images.iter().zip(&a.images) {
            let caption = got.caption.as_deref().unwrap_or("");
            if let Some(c) = want.get("caption").and_then(Value::as_str) {
                expect(
                    &format!("caption {c:?}"),
                    caption == c,
                    format!("{caption:?}"),
                );
            }
            if let Some(c) = want.get("caption_starts").and_then(Value::as_str) {
                expect(
                    &format!("caption starts {c:?}"),
                    caption.starts_with(c),
                    format!("{caption:?}"),
                );
            }
            if let Some(c) = want.get("credit").and_then(Value::as_str) {
                expect(
                    &format!("credit {c:?}"),
                    got.credit.as_deref() == Some(c),
                    format!("{:?}", got.credit),
                );
            }
        }
    }
    if let Some(related) = e.get("related").and_then(Value::as_array) {
        let want: Vec<&str> = related.iter().filter_map(|r| r["title"].as_str()).collect();
        let got: Vec<&str> = a.related.iter().map(|r| r.title.as_str()).collect();
        expect(
            &format!("related = {want:?}"),
            want == got,
            format!("{got:?}"),
        );
    }
    errors
}

#[test]
fn seed_000_suarajateng_comes_out_as_checked() {
    check("seed-000-suarajateng");
}

#[test]
fn seed_003_suara_truncated_comes_out_as_checked() {
    check("seed-003-suara-truncated");
}
