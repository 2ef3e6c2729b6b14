//! Property tests of the output contract, on generated news-like pages (text
//! dumps and HTML, with dates, sums of money, quotes, names and stray
//! Unicode mixed in):
//! - `text` is the body's texts joined by a blank line;
//! - every fact offset is a character range of `text` holding what the fact
//!   claims (`dates`, `money` and `quotes` their words, entity mentions a
//!   non-blank name);
//! - the JSON output is valid against `warta schema`.

use proptest::prelude::*;
use serde_json::Value;
use warta_extract::{InputHint, Options};
use warta_model::{Article, OutputFormat};

/// Pieces an Indonesian or English news paragraph is made of.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Pemerintah".to_owned()),
        Just("mengatakan".to_owned()),
        Just("pada Rabu (24/8)".to_owned()),
        Just("Senin, 12 Februari 2024".to_owned()),
        Just("17 Agustus 1945".to_owned()),
        Just("on March 3, 2023".to_owned()),
        Just("Rp1,2 miliar".to_owned()),
        Just("Rp 500 ribu".to_owned()),
        Just("$1,5 juta".to_owned()),
        Just("US$ 3 billion".to_owned()),
        Just("Presiden Joko Widodo".to_owned()),
        Just("Jokowi".to_owned()),
        Just("Kementerian Keuangan".to_owned()),
        Just("Jakarta".to_owned()),
        Just("Surabaya, Jawa Timur".to_owned()),
        Just("kata Sri Mulyani.".to_owned()),
        Just("\u{201c}Kami akan bekerja keras,\u{201d} ujarnya.".to_owned()),
        Just("\"We will not stop,\" he said.".to_owned()),
        Just("ujar Budi kepada wartawan.".to_owned()),
        Just("JAKARTA, KOMPAS.com -".to_owned()),
        Just("(ANTARA)".to_owned()),
        Just("Baca juga:".to_owned()),
        Just("😀".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("日本語".to_owned()),
        Just("\u{200b}".to_owned()),
        "[a-zA-Z]{1,12}",
        "[0-9]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..40).prop_map(|words| words.join(" "))
}

fn paragraphs() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(paragraph(), 1..12)
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn as_dump(paras: &[String]) -> Vec<u8> {
    paras.join("\n\n").into_bytes()
}

fn as_html(paras: &[String]) -> Vec<u8> {
    let mut page = String::from(
        "<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Berita</title></head><body><nav><a href=\"/\">Beranda</a></nav><article><h1>Judul berita</h1>",
    );
    for p in paras {
        page.push_str("<p>");
        page.push_str(&html_escape(p));
        page.push_str("</p>");
    }
    page.push_str("</article><footer>Hak cipta</footer></body></html>");
    page.into_bytes()
}

fn slice(chars: &[char], start: usize, end: usize) -> Result<String, TestCaseError> {
    prop_assert!(
        start <= end && end <= chars.len(),
        "offsets {start}..{end} outside text of {} chars",
        chars.len()
    );
    Ok(chars[start..end].iter().collect())
}

const QUOTE_MARKS: &[char] = &['"', '\u{201c}', '\u{201d}', '\'', '\u{2018}', '\u{2019}'];

fn check_article(article: &Article, schema: &Value) -> Result<(), TestCaseError> {
    let joined: Vec<&str> = article.body.iter().map(|b| b.text.as_str()).collect();
    prop_assert_eq!(&article.text, &joined.join("\n\n"));

    let chars: Vec<char> = article.text.chars().collect();
    for entity in &article.entities {
        prop_assert!(!entity.name.trim().is_empty(), "an entity without a name");
        for span in &entity.mentions {
            let words = slice(&chars, span.start, span.end)?;
            prop_assert!(
                !words.trim().is_empty(),
                "entity {} mention {}..{} is blank",
                entity.name,
                span.start,
                span.end
            );
        }
    }
    for date in &article.dates {
        prop_assert_eq!(date.start.is_some(), date.end.is_some());
        if let (Some(start), Some(end)) = (date.start, date.end) {
            prop_assert_eq!(slice(&chars, start, end)?, date.text.clone());
        }
    }
    for money in &article.money {
        prop_assert_eq!(slice(&chars, money.start, money.end)?, money.text.clone());
        prop_assert!(money.amount.is_finite() && money.amount >= 0.0);
    }
    for quote in &article.quotes {
        let words = slice(&chars, quote.start, quote.end)?;
        prop_assert_eq!(
            words.trim_matches(QUOTE_MARKS).trim(),
            quote.text.trim_matches(QUOTE_MARKS).trim(),
            "quote offsets do not hold its words"
        );
    }

    let json: Value = serde_json::from_str(&warta_model::render(article, OutputFormat::Json))
        .map_err(|e| TestCaseError::fail(format!("rendered JSON does not parse: {e}")))?;
    let mut errors = Vec::new();
    validate(schema, schema, &json, "$", &mut errors);
    prop_assert!(
        errors.is_empty(),
        "output not valid against the schema: {errors:?}"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn text_dumps_keep_the_contract(paras in paragraphs()) {
        let schema = warta_model::json_schema();
        let options = Options { input: InputHint::Text, ..Options::default() };
        if let Ok(article) = warta_extract::extract(&as_dump(&paras), &options) {
            check_article(&article, &schema)?;
        }
    }

    #[test]
    fn html_pages_keep_the_contract(paras in paragraphs()) {
        let schema = warta_model::json_schema();
        let options = Options { input: InputHint::Html, explain: true, ..Options::default() };
        if let Ok(article) = warta_extract::extract(&as_html(&paras), &options) {
            check_article(&article, &schema)?;
        }
    }

    #[test]
    fn any_bytes_give_an_article_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let schema = warta_model::json_schema();
        match warta_extract::extract(&bytes, &Options::default()) {
            Ok(article) => check_article(&article, &schema)?,
            Err(e) => prop_assert!(!e.to_string().trim().is_empty()),
        }
    }
}

/// The schema validator must reject what it cannot check, so an unknown
/// keyword fails the test rather than passing silently.
#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema = warta_model::json_schema();
    let article = Article::empty(warta_model::InputKind::Text);
    let mut good: Value =
        serde_json::from_str(&warta_model::render(&article, OutputFormat::Json)).expect("json");
    let mut errors = Vec::new();
    validate(&schema, &schema, &good, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");

    good["title"] = Value::from(3);
    good["entities"] = serde_json::json!([{ "name": "X", "label": "NOPE", "mentions": [] }]);
    if let Some(obj) = good.as_object_mut() {
        obj.remove("text");
    }
    let mut errors = Vec::new();
    validate(&schema, &schema, &good, "$", &mut errors);
    assert!(errors.iter().any(|e| e.contains("$.title")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("$.entities[0].label")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("text")), "{errors:?}");
}

/// A JSON Schema validator for the keywords `warta schema` uses.
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(obj) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            errors.push(format!("{path}: not allowed"));
        }
        return;
    };
    for (key, rule) in obj {
        match key.as_str() {
            "$schema" | "$id" | "title" | "description" | "$defs" | "definitions" | "default"
            | "examples" | "deprecated" | "readOnly" | "writeOnly" => {}
            "$ref" => {
                let target = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/"))
                    .map(|r| r.split('/').try_fold(root, |node, part| node.get(part)));
                match target.flatten() {
                    Some(sub) => validate(root, sub, value, path, errors),
                    None => errors.push(format!("{path}: unresolvable $ref {rule}")),
                }
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !types.iter().any(|t| has_type(value, t)) {
                    errors.push(format!("{path}: {value} is not of type {rule}"));
                }
            }
            "properties" => {
                if let (Some(props), Some(map)) = (rule.as_object(), value.as_object()) {
                    for (name, sub) in props {
                        if let Some(v) = map.get(name) {
                            validate(root, sub, v, &format!("{path}.{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(map) = value.as_object() {
                    let known = obj.get("properties").and_then(Value::as_object);
                    for (name, v) in map {
                        if known.is_some_and(|k| k.contains_key(name)) {
                            continue;
                        }
                        validate(root, rule, v, &format!("{path}.{name}"), errors);
                    }
                }
            }
            "required" => {
                if let Some(map) = value.as_object() {
                    for name in rule
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                    {
                        if !map.contains_key(name) {
                            errors.push(format!("{path}: required field `{name}` missing"));
                        }
                    }
                }
            }
            "items" => {
                if let Some(items) = value.as_array() {
                    for (i, v) in items.iter().enumerate() {
                        validate(root, rule, v, &format!("{path}[{i}]"), errors);
                    }
                }
            }
            "anyOf" | "oneOf" => {
                let branches = rule.as_array().map(Vec::as_slice).unwrap_or_default();
                let passing = branches
                    .iter()
                    .filter(|b| {
                        let mut e = Vec::new();
                        validate(root, b, value, path, &mut e);
                        e.is_empty()
                    })
                    .count();
                let ok = if key == "oneOf" {
                    passing == 1
                } else {
                    passing >= 1
                };
                if !ok {
                    errors.push(format!(
                        "{path}: {value} matches {passing} branches of {key}"
                    ));
                }
            }
            "allOf" => {
                for b in rule.as_array().into_iter().flatten() {
                    validate(root, b, value, path, errors);
                }
            }
            "const" => {
                if value != rule {
                    errors.push(format!("{path}: {value} is not {rule}"));
                }
            }
            "enum" => {
                if !rule.as_array().is_some_and(|vs| vs.contains(value)) {
                    errors.push(format!("{path}: {value} not in {rule}"));
                }
            }
            "minimum" => {
                if let (Some(v), Some(m)) = (value.as_f64(), rule.as_f64()) {
                    if v < m {
                        errors.push(format!("{path}: {v} < minimum {m}"));
                    }
                }
            }
            "maximum" => {
                if let (Some(v), Some(m)) = (value.as_f64(), rule.as_f64()) {
                    if v > m {
                        errors.push(format!("{path}: {v} > maximum {m}"));
                    }
                }
            }
            "format" => {
                let ok = match (rule.as_str(), value) {
                    (Some("uint" | "uint8" | "uint16" | "uint32" | "uint64"), Value::Number(n)) => {
                        n.is_u64()
                    }
                    (Some("int" | "int8" | "int16" | "int32" | "int64"), Value::Number(n)) => {
                        n.is_i64() || n.is_u64()
                    }
                    _ => true,
                };
                if !ok {
                    errors.push(format!("{path}: {value} is not a {rule}"));
                }
            }
            other => errors.push(format!("{path}: the validator does not know `{other}`")),
        }
    }
}

fn has_type(value: &Value, t: &str) -> bool {
    match t {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}
