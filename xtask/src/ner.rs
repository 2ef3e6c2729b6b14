//! `cargo xtask train-ner` and `cargo xtask eval ner`: the entity labeller,
//! trained from the NER corpora in `../shared/data/ner` and scored with
//! entity-level precision, recall and F1 per label.
//!
//! Leakage rules (see the data README): idner-news-2k and NER UGM are the
//! same text and NERP shares about 1,150 of its sentences, so NER UGM and
//! NERP are never used; NER UI overlaps nothing and NERGrit overlaps nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use warta_facts::ner::train::{self, Sentence};
use warta_facts::ner::{spans, tag_index, Model, N_TAGS};

/// Options of `eval ner`.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// NER UI folds to score (1–5).
    #[arg(long, value_delimiter = ',', default_values_t = [1, 2, 3, 4, 5])]
    folds: Vec<u8>,
    /// The NER data directory.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Training passes.
    #[arg(long, default_value_t = train::Options::default().epochs)]
    epochs: usize,
    /// Train the NER UI fold models on NER UI alone (no other corpora).
    #[arg(long)]
    in_domain_only: bool,
    /// Score on the NER UI dev folds instead of the test folds (for choices).
    #[arg(long)]
    dev: bool,
}

/// Options of `train-ner`.
#[derive(clap::Args)]
pub struct TrainArgs {
    /// The NER data directory.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long)]
    out: Option<PathBuf>,
}

fn data_dir(d: &Option<PathBuf>) -> PathBuf {
    crate::data_set(d.as_deref(), "ner")
}

/// Reads a BIO file: one `token … tag` line per token (the tag is the last
/// column, separated by a tab or a space), a blank line between sentences.
pub fn read_bio(path: &Path) -> Result<Vec<Sentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    let mut cur = Sentence {
        words: Vec::new(),
        tags: Vec::new(),
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::replace(
                    &mut cur,
                    Sentence {
                        words: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            continue;
        }
        let (word, tag) = if let Some((w, t)) = line.split_once('\t') {
            (w, t.rsplit('\t').next().unwrap_or(t))
        } else {
            let mut parts = line.split(' ');
            let w = parts.next().unwrap_or_default();
            (w, parts.next_back().unwrap_or_default())
        };
        let Some(t) = tag_index(tag.trim()) else {
            bail!("{}:{}: unknown tag {tag:?}", path.display(), n + 1);
        };
        cur.words.push(word.to_owned());
        cur.tags.push(t);
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    // I- after O (inconsistent source annotation) is read as B-.
    for s in &mut out {
        for i in 0..s.tags.len() {
            let t = s.tags[i];
            if t != 0 && t % 2 == 0 {
                let prev = if i == 0 { 0 } else { s.tags[i - 1] };
                if prev != t && prev != t - 1 {
                    s.tags[i] = t - 1;
                }
            }
        }
    }
    Ok(out)
}

fn nerui(dir: &Path, split: &str, fold: u8) -> Result<Vec<Sentence>> {
    read_bio(&dir.join(format!("indolem-nerui/{split}.{fold:02}.tsv")))
}

/// All of NER UI: the five test folds partition it.
fn nerui_all(dir: &Path) -> Result<Vec<Sentence>> {
    let mut all = Vec::new();
    for f in 1..=5 {
        all.extend(nerui(dir, "test", f)?);
    }
    Ok(all)
}

fn idner(dir: &Path, split: &str) -> Result<Vec<Sentence>> {
    read_bio(&dir.join(format!("idner-news-2k/{split}.txt")))
}

fn nergrit(dir: &Path) -> Result<Vec<Sentence>> {
    let mut all = Vec::new();
    for s in ["train", "valid", "test"] {
        all.extend(read_bio(
            &dir.join(format!("indonlu-nergrit/{s}_preprocess.txt")),
        )?);
    }
    Ok(all)
}

/// The shipped model's training data: all of NER UI, idner-news-2k and NERGrit.
fn shipped_training(dir: &Path) -> Result<Vec<Sentence>> {
    let mut data = nerui_all(dir)?;
    for s in ["train", "dev", "test"] {
        data.extend(idner(dir, s)?);
    }
    data.extend(nergrit(dir)?);
    Ok(data)
}

/// `cargo xtask train-ner`.
pub fn run_train(args: &TrainArgs) -> Result<()> {
    let dir = data_dir(&args.data);
    let data = shipped_training(&dir)?;
    let t = Instant::now();
    let model = train::train(&data, train::Options::default());
    let bytes = model.to_bytes();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| crate::root().join("crates/warta-facts/model/ner.bin"));
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "trained on {} sentences in {:.1}s: {} features, {} bytes -> {}",
        data.len(),
        t.elapsed().as_secs_f64(),
        model.len(),
        bytes.len(),
        out.display()
    );
    Ok(())
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn prf(&self) -> (f64, f64, f64) {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }
}

type Scores = BTreeMap<&'static str, Counts>;

fn score(model: &Model, test: &[Sentence]) -> Scores {
    let mut scores = Scores::new();
    let mut tags = Vec::new();
    let mut scratch = warta_facts::ner::model::Scratch::default();
    for s in test {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        model.tag_into(&words, &mut tags, &mut scratch);
        let gold = spans(&s.tags);
        let pred = spans(&tags);
        for g in &gold {
            let name = label_name(g.2);
            if pred.contains(g) {
                scores.entry(name).or_default().tp += 1;
                scores.entry("ALL").or_default().tp += 1;
            } else {
                scores.entry(name).or_default().fn_ += 1;
                scores.entry("ALL").or_default().fn_ += 1;
            }
        }
        for p in &pred {
            if !gold.contains(p) {
                scores.entry(label_name(p.2)).or_default().fp += 1;
                scores.entry("ALL").or_default().fp += 1;
            }
        }
    }
    scores
}

fn label_name(l: warta_model::EntityLabel) -> &'static str {
    use warta_model::EntityLabel::*;
    match l {
        Person => "PER",
        Organisation => "ORG",
        Location => "LOC",
        Misc => "MISC",
    }
}

fn print_scores(title: &str, s: &Scores) {
    println!("{title}");
    println!(
        "  {:<4} {:>6} {:>6} {:>6}  {:>5} {:>5} {:>5}",
        "", "P", "R", "F1", "tp", "fp", "fn"
    );
    for (name, c) in s {
        let (p, r, f) = c.prf();
        println!(
            "  {name:<4} {:>6.2} {:>6.2} {:>6.2}  {:>5} {:>5} {:>5}",
            p * 100.0,
            r * 100.0,
            f * 100.0,
            c.tp,
            c.fp,
            c.fn_
        );
    }
}

/// `cargo xtask eval ner`.
pub fn run_eval(args: &EvalArgs) -> Result<()> {
    let dir = data_dir(&args.data);
    let opts = train::Options {
        epochs: args.epochs,
        ..train::Options::default()
    };
    let mut extra = Vec::new();
    if !args.in_domain_only {
        for s in ["train", "dev", "test"] {
            extra.extend(idner(&dir, s)?);
        }
        extra.extend(nergrit(&dir)?);
    }
    let mut f1s: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    for &fold in &args.folds {
        if !(1..=5).contains(&fold) {
            bail!("NER UI folds are 1 to 5, not {fold}");
        }
        let mut data = nerui(&dir, "train", fold)?;
        let test = if args.dev {
            nerui(&dir, "dev", fold)?
        } else {
            data.extend(nerui(&dir, "dev", fold)?);
            nerui(&dir, "test", fold)?
        };
        data.extend(extra.iter().cloned());
        let t = Instant::now();
        let model = train::train(&data, opts);
        let scores = score(&model, &test);
        print_scores(
            &format!(
                "NER UI fold {fold:02} {} ({} training sentences, {:.1}s)",
                if args.dev { "dev" } else { "test" },
                data.len(),
                t.elapsed().as_secs_f64()
            ),
            &scores,
        );
        for (k, c) in &scores {
            f1s.entry(k).or_default().push(c.prf().2 * 100.0);
        }
    }
    if args.folds.len() > 1 {
        println!("NER UI mean F1 over folds {:?}", args.folds);
        for (k, v) in &f1s {
            println!("  {k:<4} {:>6.2}", v.iter().sum::<f64>() / v.len() as f64);
        }
    }
    // idner-news-2k test: trained on its train and dev plus NER UI and NERGrit.
    let mut data = idner(&dir, "train")?;
    data.extend(idner(&dir, "dev")?);
    data.extend(nerui_all(&dir)?);
    data.extend(nergrit(&dir)?);
    let test = idner(&dir, "test")?;
    let t = Instant::now();
    let model = train::train(&data, opts);
    print_scores(
        &format!(
            "idner-news-2k test ({} training sentences, {:.1}s)",
            data.len(),
            t.elapsed().as_secs_f64()
        ),
        &score(&model, &test),
    );
    let _ = N_TAGS;
    Ok(())
}
