//! Training the labeller: an averaged structured perceptron over the
//! features of [`super::features`], deterministic for the same data and
//! options (the sentence order is shuffled with a fixed seed).

use std::collections::HashMap;

use super::features::sentence_features;
use super::model::{viterbi, Model};
use super::N_TAGS;

/// One labelled sentence.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Its tokens.
    pub words: Vec<String>,
    /// One tag index (see [`super::TAGS`]) per token.
    pub tags: Vec<usize>,
}

/// Training settings.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Passes over the data.
    pub epochs: usize,
    /// Features seen fewer times than this are dropped.
    pub min_count: u32,
    /// Seed of the sentence shuffle.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 12,
            min_count: 2,
            seed: 0x0057_4152_5441,
        }
    }
}

struct Prepared {
    rows: Vec<u32>,
    starts: Vec<usize>,
    tags: Vec<usize>,
}

/// Trains a model on labelled sentences.
pub fn train(data: &[Sentence], opts: Options) -> Model {
    // Features of every sentence, and how often each occurs.
    let mut raw: Vec<(Vec<u32>, Vec<usize>)> = Vec::with_capacity(data.len());
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for s in data {
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let (mut feats, mut starts) = (Vec::new(), Vec::new());
        sentence_features(&words, &mut feats, &mut starts);
        for f in &feats {
            *counts.entry(*f).or_insert(0) += 1;
        }
        raw.push((feats, starts));
    }
    let mut kept: Vec<u32> = counts
        .iter()
        .filter(|(_, c)| **c >= opts.min_count)
        .map(|(f, _)| *f)
        .collect();
    kept.sort_unstable();
    let row_of: HashMap<u32, u32> = kept
        .iter()
        .enumerate()
        .map(|(i, f)| (*f, i as u32))
        .collect();
    let prepared: Vec<Prepared> = raw
        .into_iter()
        .zip(data)
        .filter(|(_, s)| !s.words.is_empty() && s.words.len() == s.tags.len())
        .map(|((feats, starts), s)| {
            let mut rows = Vec::with_capacity(feats.len());
            let mut new_starts = Vec::with_capacity(starts.len());
            for i in 0..starts.len() - 1 {
                new_starts.push(rows.len());
                rows.extend(
                    feats[starts[i]..starts[i + 1]]
                        .iter()
                        .filter_map(|f| row_of.get(f)),
                );
            }
            new_starts.push(rows.len());
            Prepared {
                rows,
                starts: new_starts,
                tags: s.tags.clone(),
            }
        })
        .collect();

    let nf = kept.len();
    let mut w = vec![[0f32; N_TAGS]; nf];
    let mut u = vec![[0f32; N_TAGS]; nf];
    let mut tw = [[0f32; N_TAGS]; N_TAGS + 1];
    let mut tu = [[0f32; N_TAGS]; N_TAGS + 1];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = opts.seed | 1;
    let (mut emit, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..opts.epochs {
        // Fisher–Yates with xorshift64.
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let s = &prepared[k];
            let n = s.tags.len();
            emit.clear();
            for i in 0..n {
                let mut e = [0f32; N_TAGS];
                for &r in &s.rows[s.starts[i]..s.starts[i + 1]] {
                    let wr = &w[r as usize];
                    for t in 0..N_TAGS {
                        e[t] += wr[t];
                    }
                }
                emit.push(e);
            }
            viterbi(&emit, &tw, &mut pred, &mut back);
            if pred != s.tags {
                for i in 0..n {
                    let (g, p) = (s.tags[i], pred[i]);
                    if g != p {
                        for &r in &s.rows[s.starts[i]..s.starts[i + 1]] {
                            let r = r as usize;
                            w[r][g] += 1.0;
                            u[r][g] += c;
                            w[r][p] -= 1.0;
                            u[r][p] -= c;
                        }
                    }
                    let gp = if i == 0 { N_TAGS } else { s.tags[i - 1] };
                    let pp = if i == 0 { N_TAGS } else { pred[i - 1] };
                    if (gp, g) != (pp, p) {
                        tw[gp][g] += 1.0;
                        tu[gp][g] += c;
                        tw[pp][p] -= 1.0;
                        tu[pp][p] -= c;
                    }
                }
            }
            c += 1.0;
        }
    }
    let mut features = Vec::with_capacity(nf);
    for (f, (wf, uf)) in kept.iter().zip(w.iter().zip(&u)) {
        let mut avg = [0f32; N_TAGS];
        for t in 0..N_TAGS {
            avg[t] = wf[t] - uf[t] / c;
        }
        if avg.iter().any(|x| x.abs() > 1e-3) {
            features.push((*f, avg));
        }
    }
    let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
    for p in 0..=N_TAGS {
        for t in 0..N_TAGS {
            trans[p][t] = tw[p][t] - tu[p][t] / c;
        }
    }
    Model::from_parts(features, trans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(words: &str, tags: &[usize]) -> Sentence {
        Sentence {
            words: words.split(' ').map(str::to_owned).collect(),
            tags: tags.to_vec(),
        }
    }

    #[test]
    fn learns_a_tiny_pattern_and_is_deterministic() {
        let data = vec![
            s("kata Budi di Bandung", &[0, 1, 0, 5]),
            s("kata Ani di Surabaya", &[0, 1, 0, 5]),
            s("kata Budi Santoso di Medan", &[0, 1, 2, 0, 5]),
            s("kata Ani di Bandung", &[0, 1, 0, 5]),
        ];
        let opts = Options {
            epochs: 5,
            min_count: 1,
            seed: 1,
        };
        let m = train(&data, opts);
        let mut tags = Vec::new();
        let mut scratch = super::super::model::Scratch::default();
        m.tag_into(&["kata", "Budi", "di", "Medan"], &mut tags, &mut scratch);
        assert_eq!(tags, [0, 1, 0, 5]);
        assert_eq!(m.to_bytes(), train(&data, opts).to_bytes());
    }
}
