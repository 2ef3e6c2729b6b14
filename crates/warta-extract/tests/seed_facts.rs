//! The facts of the hand-checked seeds (`fixtures/seed-*.expected.json`):
//! dates, money, entities (and the boilerplate ones that must not appear) and
//! quotes with their speakers, end to end through `warta_extract::extract`.

use std::path::Path;

use serde_json::Value;
use warta_extract::Options;
use warta_model::{Article, EntityLabel};

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

fn label(name: &str) -> Option<EntityLabel> {
    Some(match name {
        "PER" => EntityLabel::Person,
        "ORG" => EntityLabel::Organisation,
        "LOC" => EntityLabel::Location,
        "MISC" => EntityLabel::Misc,
        _ => return None,
    })
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn compare(a: &Article, e: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    for want in e["dates_in_text"].as_array().into_iter().flatten() {
        let text = want["text"].as_str().unwrap_or_default();
        let Some(got) = a.dates.iter().find(|d| d.text == text) else {
            errors.push(format!("date {text:?} missing; got {:?}", a.dates));
            continue;
        };
        let in_caption = want.get("where").is_some();
        if in_caption != got.start.is_none() {
            errors.push(format!("date {text:?}: offsets {:?}", (got.start, got.end)));
        }
        if let (Some(s), Some(t)) = (got.start, got.end) {
            if chars(&a.text, s, t) != text {
                errors.push(format!(
                    "date {text:?}: offsets point at {:?}",
                    chars(&a.text, s, t)
                ));
            }
        }
        if let Some(date) = want.get("date") {
            if got.date.as_deref() != date.as_str() {
                errors.push(format!("date {text:?}: date {:?}, want {date}", got.date));
            }
        } else if got.date.is_some() {
            errors.push(format!("date {text:?}: date {:?}, want null", got.date));
        }
        if got.warning.as_deref() != want["warning"].as_str() {
            errors.push(format!(
                "date {text:?}: warning {:?}, want {}",
                got.warning, want["warning"]
            ));
        }
        for (key, value) in [("month", got.month), ("day", got.day)] {
            if let Some(w) = want.get(key).and_then(Value::as_u64) {
                if value.map(u64::from) != Some(w) {
                    errors.push(format!("date {text:?}: {key} {value:?}, want {w}"));
                }
            }
        }
    }
    for want in e["money"].as_array().into_iter().flatten() {
        let text = want["text"].as_str().unwrap_or_default();
        match a.money.iter().find(|m| m.text == text) {
            None => errors.push(format!("money {text:?} missing; got {:?}", a.money)),
            Some(got) => {
                if Some(got.amount) != want["amount"].as_f64()
                    || got.currency.as_deref() != want["currency"].as_str()
                    || chars(&a.text, got.start, got.end) != text
                {
                    errors.push(format!("money {text:?}: got {got:?}"));
                }
            }
        }
    }
    if let Some(map) = e["entities_must_include"].as_object() {
        for (lab, names) in map {
            for name in names
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                let found = a
                    .entities
                    .iter()
                    .any(|x| x.name == name && Some(x.label) == label(lab));
                if !found {
                    errors.push(format!("entity {lab} {name:?} missing"));
                }
            }
        }
    }
    for name in e["entities_must_not_include"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if a.entities.iter().any(|x| x.name == name) {
            errors.push(format!("boilerplate entity {name:?} reported"));
        }
    }
    for x in &a.entities {
        for m in &x.mentions {
            if m.end > a.text.chars().count() || m.start >= m.end {
                errors.push(format!("entity {:?}: bad mention {m:?}", x.name));
            }
        }
    }
    for want in e["quotes_must_include"].as_array().into_iter().flatten() {
        let starts = want["text_starts"].as_str().unwrap_or_default();
        let Some(q) = a.quotes.iter().find(|q| q.text.starts_with(starts)) else {
            errors.push(format!("quote {starts:?} missing; got {:?}", a.quotes));
            continue;
        };
        if q.speaker.as_deref() != want["speaker"].as_str()
            || Some(q.direct) != want["direct"].as_bool()
        {
            errors.push(format!(
                "quote {starts:?}: speaker {:?} direct {}",
                q.speaker, q.direct
            ));
        }
        if chars(&a.text, q.start, q.end) != q.text {
            errors.push(format!("quote {starts:?}: offsets point elsewhere"));
        }
    }
    errors
}

#[test]
fn seed_000_facts() {
    check("seed-000-suarajateng");
}

#[test]
fn seed_003_facts() {
    check("seed-003-suara-truncated");
}
