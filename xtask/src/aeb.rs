//! `cargo xtask eval aeb`: the article-extraction benchmark's own metric.
//!
//! Texts are tokenised into `\w+` runs (Python's Unicode `\w`: letters,
//! numbers, underscore); each text becomes a multiset of 4-token shingles; per
//! page, shingle overlap gives tp/fp/fn normalised to sum to 1; precision and
//! recall are averaged over pages (pages with no predicted shingles left out of
//! precision, pages with no true shingles out of recall); F1 is their harmonic
//! mean. Accuracy is the share of pages whose tokens equal the reference's.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use anyhow::{bail, Context, Result};
use regex::Regex;
use serde_json::Value;
use warta_extract::{InputHint, Options};

/// Arguments of `eval aeb`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which copy of the pages to read: the HTML or the text dumps.
    #[arg(long, default_value = "html", value_parser = ["html", "text"])]
    pub input: String,
    /// The benchmark directory (holding `ground-truth.json`, `html/`, `text/`).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Score a prediction file (`{id: {"articleBody": …}}`) instead of warta.
    #[arg(long)]
    pub peer: Option<PathBuf>,
    /// Print the pages that score worst, this many.
    #[arg(long, default_value_t = 0)]
    pub worst: usize,
    /// Write warta's predictions to this file in the benchmark's format.
    #[arg(long)]
    pub save: Option<PathBuf>,
}

/// Scores of one page.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PageScore {
    /// Normalised true positives, false positives, false negatives.
    pub tp: f64,
    pub fp: f64,
    pub fn_: f64,
    /// Token sequences equal.
    pub exact: bool,
}

/// Benchmark figures over pages.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    pub f1: f64,
    pub precision: f64,
    pub recall: f64,
    pub accuracy: f64,
    pub n: usize,
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap_or_else(|e| panic!("{e}")));

fn tokens(text: &str) -> Vec<&str> {
    WORD.find_iter(text).map(|m| m.as_str()).collect()
}

fn shingles(tokens: &[&str]) -> HashMap<String, u32> {
    let mut map = HashMap::new();
    let n = 4;
    let count = tokens.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let end = (i + n).min(tokens.len());
        let shingle = tokens[i.min(end)..end].join(" ");
        if !shingle.is_empty() {
            *map.entry(shingle).or_insert(0) += 1;
        }
    }
    map
}

/// Scores one prediction against its reference.
pub fn score_page(truth: &str, prediction: &str) -> PageScore {
    let true_tokens = tokens(truth);
    let pred_tokens = tokens(prediction);
    let t = shingles(&true_tokens);
    let p = shingles(&pred_tokens);
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += u64::from(tc.min(pc));
        fn_ += u64::from(tc.saturating_sub(pc));
    }
    for (key, &pc) in &p {
        let tc = t.get(key).copied().unwrap_or(0);
        fp += u64::from(pc.saturating_sub(tc));
    }
    let sum = (tp + fp + fn_) as f64;
    let norm = |x: u64| if sum > 0.0 { x as f64 / sum } else { x as f64 };
    PageScore {
        tp: norm(tp),
        fp: norm(fp),
        fn_: norm(fn_),
        exact: true_tokens == pred_tokens,
    }
}

/// Averages page scores the way the benchmark does.
pub fn summarise(scores: &[PageScore]) -> Summary {
    let precisions: Vec<f64> = scores
        .iter()
        .filter(|s| s.tp + s.fp > 0.0)
        .map(|s| s.tp / (s.tp + s.fp))
        .collect();
    let recalls: Vec<f64> = scores
        .iter()
        .filter(|s| s.tp + s.fn_ > 0.0)
        .map(|s| s.tp / (s.tp + s.fn_))
        .collect();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let precision = mean(&precisions);
    let recall = mean(&recalls);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let accuracy = scores.iter().filter(|s| s.exact).count() as f64 / scores.len().max(1) as f64;
    Summary {
        f1,
        precision,
        recall,
        accuracy,
        n: scores.len(),
    }
}

/// Bootstrap standard deviation of F1 over pages (fixed seed: repeatable).
pub fn bootstrap_f1_std(scores: &[PageScore], rounds: usize) -> f64 {
    if scores.is_empty() {
        return 0.0;
    }
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let f1s: Vec<f64> = (0..rounds)
        .map(|_| {
            let sample: Vec<PageScore> = (0..scores.len())
                .map(|_| scores[(next() % scores.len() as u64) as usize])
                .collect();
            summarise(&sample).f1
        })
        .collect();
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    (f1s.iter().map(|f| (f - mean).powi(2)).sum::<f64>() / f1s.len() as f64).sqrt()
}

/// Reads `{id: {"articleBody": …}}`, optionally wrapped in `{"output": …}`.
pub fn read_bodies(path: &Path) -> Result<HashMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let value: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let map = value.get("output").unwrap_or(&value);
    let Some(object) = map.as_object() else {
        bail!("{}: not a JSON object of pages", path.display())
    };
    Ok(object
        .iter()
        .map(|(id, v)| {
            (
                id.clone(),
                v.get("articleBody")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect())
}

/// The benchmark directory to use.
pub fn data_dir(given: Option<&Path>) -> PathBuf {
    crate::data_set(given, "aeb")
}

/// Reads one page of the benchmark (gunzipping HTML).
pub fn read_page(dir: &Path, id: &str, input: &str) -> Result<Vec<u8>> {
    if input == "text" {
        let path = dir.join("text").join(format!("{id}.txt"));
        return std::fs::read(&path).with_context(|| format!("reading {}", path.display()));
    }
    let path = dir.join("html").join(format!("{id}.html.gz"));
    let file = std::fs::File::open(&path).with_context(|| format!("opening {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("gunzipping {}", path.display()))?;
    Ok(bytes)
}

/// Extracts every page with warta: `{id: body text}`.
pub fn predict(dir: &Path, input: &str, ids: &[String]) -> Result<HashMap<String, String>> {
    let hint = if input == "text" {
        InputHint::Text
    } else {
        InputHint::Html
    };
    let options = Options {
        input: hint,
        facts: false,
        ..Options::default()
    };
    let mut out = HashMap::new();
    for id in ids {
        let bytes = read_page(dir, id, input)?;
        let body = match warta_extract::extract(&bytes, &options) {
            Ok(article) => article.text,
            Err(e) => {
                eprintln!("{id}: {e}");
                String::new()
            }
        };
        out.insert(id.clone(), body);
    }
    Ok(out)
}

/// `cargo xtask eval aeb`.
pub fn run(args: &Args) -> Result<()> {
    let dir = data_dir(args.data.as_deref());
    let truth = read_bodies(&dir.join("ground-truth.json"))?;
    let mut ids: Vec<String> = truth.keys().cloned().collect();
    ids.sort();
    let (name, predictions) = match &args.peer {
        Some(peer) => (peer.display().to_string(), read_bodies(peer)?),
        None => (
            format!("warta ({})", args.input),
            predict(&dir, &args.input, &ids)?,
        ),
    };
    if let Some(save) = &args.save {
        let wrapped: serde_json::Map<String, Value> = predictions
            .iter()
            .map(|(id, body)| (id.clone(), serde_json::json!({ "articleBody": body })))
            .collect();
        std::fs::write(save, serde_json::to_string_pretty(&wrapped)?)
            .with_context(|| format!("writing {}", save.display()))?;
    }
    let mut per_page: Vec<(String, PageScore)> = ids
        .iter()
        .map(|id| {
            (
                id.clone(),
                score_page(&truth[id], predictions.get(id).map_or("", String::as_str)),
            )
        })
        .collect();
    let scores: Vec<PageScore> = per_page.iter().map(|(_, s)| *s).collect();
    let summary = summarise(&scores);
    let std = bootstrap_f1_std(&scores, 1000);
    if args.worst > 0 {
        per_page.sort_by(|a, b| page_f1(&a.1).total_cmp(&page_f1(&b.1)));
        println!("worst pages (F1 P R):");
        for (id, s) in per_page.iter().take(args.worst) {
            let p = if s.tp + s.fp > 0.0 {
                s.tp / (s.tp + s.fp)
            } else {
                0.0
            };
            let r = if s.tp + s.fn_ > 0.0 {
                s.tp / (s.tp + s.fn_)
            } else {
                0.0
            };
            println!("  {id}  {:.3} {p:.3} {r:.3}", page_f1(s));
        }
    }
    println!(
        "{name}: F1 {:.4} ± {std:.3} (P {:.4}, R {:.4})",
        summary.f1, summary.precision, summary.recall
    );
    println!("F1 P R accuracy n");
    println!(
        "{:.3} {:.3} {:.3} {:.3} {}",
        summary.f1, summary.precision, summary.recall, summary.accuracy, summary.n
    );
    Ok(())
}

fn page_f1(s: &PageScore) -> f64 {
    let p = if s.tp + s.fp > 0.0 {
        s.tp / (s.tp + s.fp)
    } else {
        0.0
    };
    let r = if s.tp + s.fn_ > 0.0 {
        s.tp / (s.tp + s.fn_)
    } else {
        0.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let s = score_page("One two three four five.", "One, two three four five");
        assert_eq!((s.tp, s.fp, s.fn_, s.exact), (1.0, 0.0, 0.0, true));
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let s = score_page("a b", "a b c");
        assert_eq!(s.tp, 0.0);
        assert!(!s.exact);
    }

    #[test]
    fn empty_predictions_leave_precision_alone() {
        let scores = [
            score_page("a b c d e", ""),
            score_page("a b c d e", "a b c d e"),
        ];
        let summary = summarise(&scores);
        assert_eq!(summary.precision, 1.0);
        assert_eq!(summary.recall, 0.5);
    }

    /// The metric reproduces the benchmark's published figures for the peers'
    /// published outputs (to the third decimal).
    #[test]
    fn reproduces_published_peer_scores() {
        let dir = data_dir(None);
        if !dir.exists() {
            assert!(
                std::env::var_os("CI").is_none(),
                "the benchmark data must be beside the checkout in CI"
            );
            return;
        }
        let truth = read_bodies(&dir.join("ground-truth.json")).unwrap();
        for (file, published) in [
            ("trafilatura.json", 0.958),
            ("rs_trafilatura.json", 0.970),
            ("readability_js.json", 0.947),
            ("html-text.json", 0.665),
        ] {
            let pred = read_bodies(&dir.join("peer-outputs").join(file)).unwrap();
            let scores: Vec<PageScore> = truth
                .iter()
                .map(|(id, t)| score_page(t, pred.get(id).map_or("", String::as_str)))
                .collect();
            let f1 = summarise(&scores).f1;
            assert!(
                (f1 - published).abs() < 0.0015,
                "{file}: {f1:.4} vs published {published}"
            );
        }
    }
}
