//! Criterion benchmarks of each stage of warta, over a handful of real pages.
//!
//! Corpora (loaded once, before measuring):
//! - `html`: four pages of the article-extraction benchmark
//!   (`$WARTA_DATA/aeb/html`, gunzipped here), spread over the range of sizes;
//! - `text`: the repository's text-dump fixtures, the seeds, and four text
//!   dumps of the benchmark spread the same way.
//!
//! Each benchmark runs one stage over a whole corpus per iteration and
//! reports bytes of input per second, so stages compare on one scale:
//! `decode`, `parse` (decoding + reading + block building), `extract`
//! (classification, selection, metadata, assembly; facts off and on),
//! `facts` (`warta_facts::find_facts` alone on the assembled texts),
//! `render` (each output format), `end_to_end` (bytes to JSON), and the peer
//! `dom_smoothie` on the HTML corpus.
//!
//! Classification, selection and metadata have no public entry points of
//! their own; `extract/*/facts_off` measures them together.
//!
//! `cargo bench -p warta-bench` (add `-- extract` to run a subset).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use warta_bench::{data_dir, read_page, spread_by_size, workspace_root, Page};
use warta_extract::{InputHint, Options};
use warta_facts::FactsInput;
use warta_model::{Article, OutputFormat};
use warta_parse::{Document, ParseOptions};

struct Corpus {
    name: &'static str,
    hint: InputHint,
    pages: Vec<Page>,
}

impl Corpus {
    fn bytes(&self) -> u64 {
        self.pages.iter().map(|p| p.bytes.len() as u64).sum()
    }
}

fn pages_in(dir: &Path, spread: usize) -> Vec<Page> {
    match spread_by_size(dir, spread) {
        Ok(paths) => paths.iter().filter_map(|p| read_page(p).ok()).collect(),
        Err(_) => {
            eprintln!("stages: {} not found; skipping its pages", dir.display());
            Vec::new()
        }
    }
}

fn text_files(dir: &Path) -> Vec<Page> {
    let Ok(paths) = warta_bench::list_dir(dir) else {
        return Vec::new();
    };
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| read_page(p).ok())
        .collect()
}

fn corpora() -> Vec<Corpus> {
    let data = data_dir();
    let html = pages_in(&data.join("aeb/html"), 4);
    let mut text = text_files(&workspace_root().join("fixtures"));
    text.extend(text_files(&data.parent().unwrap_or(&data).join("seeds")));
    text.extend(pages_in(&data.join("aeb/text"), 4));
    [
        ("html", InputHint::Html, html),
        ("text", InputHint::Text, text),
    ]
    .into_iter()
    .filter(|(_, _, pages)| !pages.is_empty())
    .map(|(name, hint, pages)| Corpus { name, hint, pages })
    .collect()
}

fn options(hint: InputHint, facts: bool) -> Options {
    Options {
        input: hint,
        facts,
        ..Options::default()
    }
}

fn parse_all(corpus: &Corpus) -> Vec<Document> {
    let options = ParseOptions {
        input: corpus.hint,
        charset: None,
    };
    corpus
        .pages
        .iter()
        .filter_map(|p| warta_parse::parse(&p.bytes, &options).ok())
        .collect()
}

fn stages(c: &mut Criterion) {
    for corpus in corpora() {
        let kind = match corpus.hint {
            InputHint::Text => warta_model::InputKind::Text,
            _ => warta_model::InputKind::Html,
        };
        let mut group = c.benchmark_group(corpus.name);
        group.throughput(Throughput::Bytes(corpus.bytes()));

        group.bench_function("decode", |b| {
            b.iter(|| {
                for page in &corpus.pages {
                    black_box(warta_parse::decode(black_box(&page.bytes), None, kind));
                }
            })
        });

        group.bench_function("parse", |b| b.iter(|| black_box(parse_all(&corpus))));

        let documents = parse_all(&corpus);
        for facts in [false, true] {
            let name = if facts {
                "extract/facts_on"
            } else {
                "extract/facts_off"
            };
            let options = options(corpus.hint, facts);
            group.bench_function(name, |b| {
                b.iter(|| {
                    for document in &documents {
                        black_box(warta_extract::extract_document(document, &options));
                    }
                })
            });
        }

        let articles: Vec<Article> = documents
            .iter()
            .map(|d| warta_extract::extract_document(d, &options(corpus.hint, false)))
            .collect();
        group.bench_function("facts", |b| {
            b.iter(|| {
                for article in &articles {
                    let input = FactsInput {
                        text: &article.text,
                        title: article.title.as_deref(),
                        language: article.language.as_deref(),
                        ..FactsInput::default()
                    };
                    black_box(warta_facts::find_facts(&input));
                }
            })
        });

        let with_facts: Vec<Article> = documents
            .iter()
            .map(|d| warta_extract::extract_document(d, &options(corpus.hint, true)))
            .collect();
        for (name, format) in [
            ("render/json", OutputFormat::Json),
            ("render/jsonl", OutputFormat::Jsonl),
            ("render/markdown", OutputFormat::Markdown),
            ("render/text", OutputFormat::Text),
        ] {
            group.bench_function(name, |b| {
                b.iter(|| {
                    for article in &with_facts {
                        black_box(warta_model::render(article, format));
                    }
                })
            });
        }

        for facts in [false, true] {
            let name = if facts {
                "end_to_end/facts_on"
            } else {
                "end_to_end/facts_off"
            };
            let options = options(corpus.hint, facts);
            group.bench_function(name, |b| {
                b.iter(|| {
                    for page in &corpus.pages {
                        if let Ok(article) = warta_extract::extract(&page.bytes, &options) {
                            black_box(warta_model::render(&article, OutputFormat::Json));
                        }
                    }
                })
            });
        }

        if corpus.hint == InputHint::Html {
            let texts: Vec<String> = corpus
                .pages
                .iter()
                .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
                .collect();
            group.bench_function("peer/html5ever_dom", |b| {
                b.iter(|| {
                    for text in &texts {
                        black_box(dom_query::Document::from(text.as_str()));
                    }
                })
            });
            group.bench_function("peer/dom_smoothie", |b| {
                b.iter(|| {
                    for text in &texts {
                        let config = dom_smoothie::Config {
                            text_mode: dom_smoothie::TextMode::Formatted,
                            ..dom_smoothie::Config::default()
                        };
                        if let Ok(mut r) =
                            dom_smoothie::Readability::new(text.as_str(), None, Some(config))
                        {
                            let _ = black_box(r.parse());
                        }
                    }
                })
            });
        }
        group.finish();
    }
}

fn config() -> Criterion {
    // Small samples: the machine is shared and each iteration is a corpus.
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages
}
criterion_main!(benches);
