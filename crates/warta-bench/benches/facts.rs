//! Time of `find_facts` on a typical article, and of whole-page extraction
//! with and without facts, so the cost of the facts can be compared with
//! the extraction itself.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use warta_extract::Options;
use warta_facts::{calendar, find_facts, FactsInput};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn bench(c: &mut Criterion) {
    let page = fixture("seed-000-suarajateng.txt");
    let article = warta_extract::extract(&page, &Options::default()).expect("seed extracts");
    let captions: Vec<&str> = article
        .images
        .iter()
        .filter_map(|i| i.caption.as_deref())
        .collect();
    let input = FactsInput {
        text: &article.text,
        title: article.title.as_deref(),
        captions,
        published: calendar::parse_date_line("Kamis, 26 Agustus 2021 | 10:43 WIB")
            .map(|d| d.datetime),
        language: Some("id"),
    };
    // Load the model outside the timed loop (it is read once per process).
    black_box(find_facts(&input));
    c.bench_function("find_facts/seed-000", |b| {
        b.iter(|| find_facts(black_box(&input)))
    });
    c.bench_function("ner_tag_text/seed-000", |b| {
        b.iter(|| warta_facts::ner::tag_text(black_box(&article.text)))
    });

    let with = Options::default();
    let without = Options {
        facts: false,
        ..Options::default()
    };
    for name in ["seed-000-suarajateng.txt", "kompas-zuckerberg-dump.txt"] {
        let page = fixture(name);
        c.bench_function(&format!("extract+facts/{name}"), |b| {
            b.iter(|| warta_extract::extract(black_box(&page), &with))
        });
        c.bench_function(&format!("extract-no-facts/{name}"), |b| {
            b.iter(|| warta_extract::extract(black_box(&page), &without))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
