//! Precision and recall of dates and money on hand-checked news sentences
//! (`tests/data/dates-money-nerugm.tsv`, from the NER UGM test folds).
//! A found mention counts when it overlaps a gold one; amounts and
//! currencies are checked on the matched money mentions.

use warta_facts::{find_facts, FactsInput};

struct Gold {
    sentence: String,
    dates: Vec<String>,
    money: Vec<(String, Option<f64>, String)>,
}

fn load() -> Vec<Gold> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/dates-money-nerugm.tsv"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: Vec<Gold> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["S", s] => out.push(Gold {
                sentence: (*s).to_owned(),
                dates: vec![],
                money: vec![],
            }),
            ["D", d] => out.last_mut().unwrap().dates.push((*d).to_owned()),
            ["M", m, amount, currency] => out.last_mut().unwrap().money.push((
                (*m).to_owned(),
                amount.parse().ok(),
                (*currency).to_owned(),
            )),
            _ => panic!("bad line {line:?}"),
        }
    }
    out
}

/// Character spans of each gold string, found left to right.
fn locate(sentence: &str, items: &[&str]) -> Vec<(usize, usize)> {
    let mut from = 0;
    let mut out = Vec::new();
    for item in items {
        let at = sentence[from..]
            .find(item)
            .map(|i| from + i)
            .or_else(|| sentence.find(item))
            .unwrap_or_else(|| panic!("{item:?} not in {sentence:?}"));
        from = at + item.len();
        let start = sentence[..at].chars().count();
        out.push((start, start + item.chars().count()));
    }
    out
}

#[derive(Default, Debug)]
struct Tally {
    found: usize,
    found_right: usize,
    gold: usize,
    gold_hit: usize,
    values_right: usize,
}

impl Tally {
    fn precision(&self) -> f64 {
        self.found_right as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.gold_hit as f64 / self.gold.max(1) as f64
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn score() -> (Tally, Tally, Vec<String>) {
    let (mut dates, mut money) = (Tally::default(), Tally::default());
    let mut misses = Vec::new();
    for g in load() {
        let facts = find_facts(&FactsInput {
            text: &g.sentence,
            language: Some("id"),
            ..FactsInput::default()
        });
        let gold_d = locate(
            &g.sentence,
            &g.dates.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let found_d: Vec<(usize, usize)> = facts
            .dates
            .iter()
            .filter_map(|d| Some((d.start?, d.end?)))
            .collect();
        dates.found += found_d.len();
        dates.gold += gold_d.len();
        for f in &found_d {
            if gold_d.iter().any(|g| overlaps(*f, *g)) {
                dates.found_right += 1;
            } else {
                misses.push(format!(
                    "date FP {:?} in {:?}",
                    chars(&g.sentence, *f),
                    g.sentence
                ));
            }
        }
        for (k, gd) in gold_d.iter().enumerate() {
            if found_d.iter().any(|f| overlaps(*f, *gd)) {
                dates.gold_hit += 1;
            } else {
                misses.push(format!("date FN {:?} in {:?}", g.dates[k], g.sentence));
            }
        }
        let gold_m = locate(
            &g.sentence,
            &g.money.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
        );
        money.found += facts.money.len();
        money.gold += gold_m.len();
        for m in &facts.money {
            if gold_m.iter().any(|g| overlaps((m.start, m.end), *g)) {
                money.found_right += 1;
            } else {
                misses.push(format!("money FP {:?} in {:?}", m.text, g.sentence));
            }
        }
        for (k, gm) in gold_m.iter().enumerate() {
            let hit = facts.money.iter().find(|m| overlaps((m.start, m.end), *gm));
            let Some(hit) = hit else {
                misses.push(format!("money FN {:?} in {:?}", g.money[k].0, g.sentence));
                continue;
            };
            money.gold_hit += 1;
            let (_, amount, currency) = &g.money[k];
            let same = amount.is_some_and(|a| (a - hit.amount).abs() <= 1e-9 * a.abs().max(1.0))
                && hit.currency.as_deref() == Some(currency.as_str());
            if same {
                money.values_right += 1;
            } else {
                misses.push(format!(
                    "money value {:?}: got {} {:?}, want {amount:?} {currency}",
                    g.money[k].0, hit.amount, hit.currency
                ));
            }
        }
    }
    (dates, money, misses)
}

fn chars(s: &str, span: (usize, usize)) -> String {
    s.chars().skip(span.0).take(span.1 - span.0).collect()
}

#[test]
fn dates_and_money_precision_and_recall() {
    let (dates, money, misses) = score();
    for m in &misses {
        eprintln!("{m}");
    }
    println!(
        "dates: {} gold, P {:.3} R {:.3}; money: {} gold, P {:.3} R {:.3}, amount+currency right {}/{}",
        dates.gold,
        dates.precision(),
        dates.recall(),
        money.gold,
        money.precision(),
        money.recall(),
        money.values_right,
        money.gold_hit
    );
    assert!(dates.gold >= 100 && money.gold >= 50);
    assert!(
        dates.precision() >= 0.95,
        "date precision {:.3}",
        dates.precision()
    );
    assert!(dates.recall() >= 0.95, "date recall {:.3}", dates.recall());
    assert!(
        money.precision() >= 0.95,
        "money precision {:.3}",
        money.precision()
    );
    assert!(money.recall() >= 0.95, "money recall {:.3}", money.recall());
    assert!(money.values_right as f64 >= 0.9 * money.gold_hit as f64);
}
