//! The labeller's weights, their file format, and Viterbi decoding.
//!
//! File format (little-endian): `WNER` magic, version `u32`
//! ([`FORMAT_VERSION`]; it names the feature hashing too, since the keys
//! are hashes), feature count `u32`, weight scale `f32`, the
//! `(N_TAGS + 1) × N_TAGS` transition weights as `f32` (row `N_TAGS` is the
//! sentence start), then per feature its hash `u32` and `N_TAGS` weights as
//! `i16` (multiply by the scale).

use std::hash::Hasher;
use std::sync::atomic::{AtomicU64, Ordering};

use super::features::{
    self, context_indexes, ContextKey, WordEntry, BIAS, BOS_ROLES, CONTEXT_HASHES, EDGE, EOS_ROLES,
    NEIGHBOURS, N_ROLES,
};
use super::N_TAGS;

/// The model file version this build reads and writes. Version 2 keys
/// features by the eight-bytes-a-step hashes of [`features`]; version 1 by
/// byte-wise FNV-1a.
pub const FORMAT_VERSION: u32 = 2;

/// Feature keys are already hashes: use them as they are.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        // Spread the bits so the table's low-bit bucket choice stays uniform.
        self.0 = u64::from(n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file or a version this build does not read.
    #[error("not a warta NER model (bad magic or version)")]
    Format,
    /// The file ends early.
    #[error("the NER model file is truncated")]
    Truncated,
}

/// Feature hash → weight row, open addressing with linear probing: a
/// lookup is a multiply, a shift and (mostly) one compare, where a general
/// hash map costs several times that. Tagging looks up some thirty
/// features per token, so this is the labeller's inner loop.
///
/// Most features a text gives (word pairs, rare words) are not in the
/// model, and the slots (a megabyte) do not stay in cache: a bit per hash
/// class, in a set an eighth of the slots' size, answers most of those
/// lookups "absent" from cache. It has no false "absent", so a lookup's
/// answer is the slots' answer.
#[derive(Clone, Debug, Default)]
struct Table {
    /// `(hash, row + 1)`; a row of 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    /// Bits of the slot number (the table has `1 << bits` slots).
    bits: u32,
    /// Bit `class(h)` is set when some held hash `h` has that class.
    present: Vec<u64>,
}

/// The presence set has `1 << (bits + PRESENT_EXTRA_BITS)` bits: four per
/// slot, so under a tenth of them are set in a half-full table.
const PRESENT_EXTRA_BITS: u32 = 2;

impl Table {
    /// A table of `(hash, row)` pairs; a hash listed twice keeps its last
    /// row, as a map would.
    fn new(pairs: &[(u32, u32)]) -> Self {
        // At most half full, so probe runs stay short.
        let bits = (pairs.len().max(1) * 2)
            .next_power_of_two()
            .trailing_zeros();
        let mut table = Table {
            slots: vec![(0, 0); 1 << bits],
            bits,
            present: vec![0; (1usize << (bits + PRESENT_EXTRA_BITS)).div_ceil(64)],
        };
        let mask = table.slots.len() - 1;
        for &(h, row) in pairs {
            let c = table.class(h);
            table.present[c / 64] |= 1 << (c % 64);
            let mut i = table.slot(h);
            while table.slots[i].1 != 0 && table.slots[i].0 != h {
                i = (i + 1) & mask;
            }
            table.slots[i] = (h, row + 1);
        }
        table
    }

    /// Every `(hash, row)` held.
    fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.slots
            .iter()
            .filter(|s| s.1 != 0)
            .map(|&(h, row)| (h, row - 1))
    }

    fn slot(&self, h: u32) -> usize {
        // Fibonacci hashing: the top bits of the product are well mixed.
        (h.wrapping_mul(0x9e37_79b9) as u64 >> (32 - self.bits)) as usize
    }

    /// The bit of `h` in the presence set: multiplied by another odd
    /// constant than [`Table::slot`], so hashes that share a slot's bits
    /// mostly do not share a class.
    fn class(&self, h: u32) -> usize {
        let bits = self.bits + PRESENT_EXTRA_BITS;
        (h.wrapping_mul(0x85eb_ca6b) as u64 >> (32 - bits)) as usize
    }

    fn get(&self, h: u32) -> Option<usize> {
        if self.bits == 0 {
            return None;
        }
        let c = self.class(h);
        if self
            .present
            .get(c / 64)
            .is_none_or(|w| w & (1 << (c % 64)) == 0)
        {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.slot(h);
        loop {
            let (key, row) = self.slots[i];
            if row == 0 {
                return None;
            }
            if key == h {
                return Some(row as usize - 1);
            }
            i = (i + 1) & mask;
        }
    }
}

/// Width of a weight row: [`N_TAGS`] rounded up to a multiple of four.
const LANES: usize = 8;

/// The largest weight is quantised to this.
const Q_MAX: f32 = i16::MAX as f32;
const _: () = assert!(N_TAGS <= LANES);

/// The row of a feature without weights.
const NO_ROW: u32 = u32::MAX;

/// A trained labeller.
#[derive(Clone, Debug, Default)]
pub struct Model {
    table: Table,
    /// Each feature's weight per tag in units of `scale`, as the model file
    /// holds them, padded to [`LANES`] with zeros so adding a row is a few
    /// 8-wide vector steps (each tag's sum is still added up in the same
    /// order). Sixteen bits rather than an `f32` halve what tagging reads
    /// from scattered places in memory, which is most of its time.
    weights: Vec<[i16; LANES]>,
    /// What a weight's unit is worth.
    scale: f32,
    /// `trans[prev][tag]`; `prev == N_TAGS` is the sentence start.
    trans: [[f32; N_TAGS]; N_TAGS + 1],
    /// Rows of the features whose hashes are known ahead.
    fixed: FixedRows,
    /// Tells models apart, so rows a [`Scratch`] keeps for one model are
    /// never used with another.
    id: u64,
}

/// A token's scores in the model's weight units, one lane per tag. The
/// weights are integers, so a sum is exact and the same in any order: the
/// features a word gives a token can be added up once per word.
type Sums = [i32; LANES];

/// The offsets of the neighbours that give a token features, in the order
/// [`EntryRows::near`] keeps what each gives.
const OFFSETS: [isize; 4] = [-1, 1, -2, 2];

/// For each of [`NEIGHBOURS`], its offset's place in [`OFFSETS`].
const NEAR_SLOT: [usize; NEIGHBOURS.len()] = {
    let mut out = [0; NEIGHBOURS.len()];
    let mut k = 0;
    while k < NEIGHBOURS.len() {
        let mut o = 0;
        while OFFSETS[o] != NEIGHBOURS[k].0 {
            // Past the end (a compile error) if an offset is missing.
            o += 1;
        }
        out[k] = o;
        k += 1;
    }
    out
};

/// Sums of the features every sentence draws from a fixed set, worked out
/// once when the model is made.
#[derive(Clone, Debug, Default)]
struct FixedRows {
    bias: u32,
    /// What the places before the start and past the end give a token.
    bos: [Sums; OFFSETS.len()],
    eos: [Sums; OFFSETS.len()],
    /// The sums of the context features (templates 21–27) by the parts of
    /// a token's [`ContextKey`]: seven features' rows added with three.
    flags: Vec<Sums>,
    titles: Vec<Sums>,
    around: Vec<Sums>,
}

/// A word's features as this model's sums, worked out once per word.
#[derive(Clone, Default)]
struct EntryRows {
    /// Its token's own features: bias, word, shape, affixes, cased word.
    own: Sums,
    /// What it gives the token `-OFFSETS[k]` away from it (whose neighbour
    /// at `OFFSETS[k]` it is): its word and shape features in those roles.
    near: [Sums; OFFSETS.len()],
}

/// [`EntryRows::near`] is worked out.
const NEAR_READY: u8 = 1;
/// [`EntryRows::own`] is worked out.
const OWN_READY: u8 = 2;

/// Buffers reused between sentences, and the rows of the words seen.
#[derive(Default)]
pub struct Scratch {
    features: features::Scratch,
    emit: Vec<[f32; N_TAGS]>,
    back: Vec<[u8; N_TAGS]>,
    /// Rows by word entry of [`features::Scratch`], for the model `model`;
    /// worked out only where `ready` says so (words far from every name
    /// are never needed): [`NEAR_READY`] for `near`, [`OWN_READY`] for `own`.
    rows: Vec<EntryRows>,
    ready: Vec<u8>,
    model: u64,
    /// The word entries of a sentence's tokens.
    around: Vec<usize>,
    /// Which tokens of a sentence are scored (see [`NAME_REACH`]).
    scored: Vec<bool>,
    /// Which tokens of a sentence a scored token draws features from.
    drawn: Vec<bool>,
}

impl Scratch {
    /// Makes room for `words` more distinct words, so a text's words are
    /// mostly kept without growing the lists.
    pub fn reserve(&mut self, words: usize) {
        self.features.reserve(words);
        self.rows.reserve(words);
        self.ready.reserve(words);
    }

    /// Forgets the words seen and their rows but keeps the room: the next
    /// text is tagged as with a new scratch, without allocating again.
    pub fn clear(&mut self) {
        self.features.clear();
        self.rows.clear();
        self.ready.clear();
    }

    /// How many distinct words there is room for.
    pub fn capacity(&self) -> usize {
        self.rows.capacity()
    }
}

/// How far from a word that [may be a name](features::TokenInfo::may_name)
/// a token may still be inside one. Names are written with capitals (or in
/// a script without case), and the words inside a name between two capitals
/// (`Bank of America`, `Kementerian Pendidikan dan Kebudayaan`) are next to
/// one: a token further from every such word is tagged `O` without being
/// scored. At 2, `cargo xtask eval ner` moves by a few hundredths of a
/// point; at 1, by a quarter; at 0 (capitalised words only), by over one.
pub const NAME_REACH: usize = 2;

/// May tag `t` follow tag `prev` (`N_TAGS` = start)? `I-X` only continues `X`.
pub fn allowed(prev: usize, t: usize) -> bool {
    if t == 0 || t % 2 == 1 {
        return true;
    }
    prev < N_TAGS && (prev == t || prev == t - 1)
}

impl Model {
    /// A model from weights (used by training), quantised to sixteen bits
    /// as the model file keeps them: the model trained is the model shipped.
    pub fn from_parts(
        features: Vec<(u32, [f32; N_TAGS])>,
        trans: [[f32; N_TAGS]; N_TAGS + 1],
    ) -> Self {
        let max = features
            .iter()
            .flat_map(|(_, w)| w)
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-6);
        let scale = max / Q_MAX;
        let quantised = features
            .into_iter()
            .map(|(h, w)| {
                (
                    h,
                    w.map(|x| (x / scale).round().clamp(f32::from(i16::MIN), Q_MAX) as i16),
                )
            })
            .collect();
        Model::from_quantised(quantised, scale, trans)
    }

    /// A model from weights in units of `scale` (as the file holds them).
    fn from_quantised(
        features: Vec<(u32, [i16; N_TAGS])>,
        scale: f32,
        trans: [[f32; N_TAGS]; N_TAGS + 1],
    ) -> Self {
        let mut pairs = Vec::with_capacity(features.len());
        let mut weights = Vec::with_capacity(features.len());
        for (h, w) in features {
            pairs.push((h, weights.len() as u32));
            let mut row = [0i16; LANES];
            row[..N_TAGS].copy_from_slice(&w);
            weights.push(row);
        }
        // Models made here count from 1; 0 is the empty default model.
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let table = Table::new(&pairs);
        let mut model = Model {
            table,
            weights,
            scale,
            trans,
            fixed: FixedRows::default(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        };
        model.fixed = FixedRows {
            bias: model.row(BIAS),
            bos: model.near(&BOS_ROLES),
            eos: model.near(&EOS_ROLES),
            // The features of templates 21–24 by flags (a place mark of 3
            // is no token's), 25 by titles, 26 and 27 by their pair.
            flags: (0..ContextKey::FLAGS)
                .map(|flags| {
                    let key = ContextKey {
                        flags,
                        titles: 0,
                        around: 0,
                    };
                    if key.place() > 2 {
                        return [0; LANES];
                    }
                    model.context_sums(&context_indexes(key)[..4])
                })
                .collect(),
            titles: (0..ContextKey::TITLES)
                .map(|titles| {
                    let key = ContextKey {
                        flags: 0,
                        titles,
                        around: 0,
                    };
                    model.context_sums(&context_indexes(key)[4..5])
                })
                .collect(),
            around: (0..ContextKey::AROUND)
                .map(|around| {
                    let key = ContextKey {
                        flags: 0,
                        titles: 0,
                        around,
                    };
                    model.context_sums(&context_indexes(key)[5..])
                })
                .collect(),
        };
        model
    }

    /// The sums of the context features at these indexes into
    /// [`CONTEXT_HASHES`].
    fn context_sums(&self, indexes: &[usize]) -> Sums {
        let mut sums = [0; LANES];
        for &v in indexes {
            if let Some(&h) = CONTEXT_HASHES.get(v) {
                self.add(&mut sums, self.row(h));
            }
        }
        sums
    }

    /// The row of a feature ([`NO_ROW`] when it has no weights).
    fn row(&self, h: u32) -> u32 {
        self.table.get(h).map_or(NO_ROW, |r| r as u32)
    }

    /// Adds a row's weights to the sums (none for [`NO_ROW`]).
    #[inline]
    fn add(&self, e: &mut Sums, row: u32) {
        if let Some(w) = self.weights.get(row as usize) {
            for t in 0..LANES {
                e[t] += i32::from(w[t]);
            }
        }
    }

    /// What a word with these role features gives the tokens near it, by
    /// [`OFFSETS`].
    fn near(&self, roles: &[u32; N_ROLES]) -> [Sums; OFFSETS.len()] {
        let mut near = [[0; LANES]; OFFSETS.len()];
        self.near_into(roles, &mut near);
        near
    }

    /// [`Model::near`] written in place (a word's rows are kept in a
    /// list: no copy of the sums through the stack).
    fn near_into(&self, roles: &[u32; N_ROLES], near: &mut [Sums; OFFSETS.len()]) {
        *near = [[0; LANES]; OFFSETS.len()];
        for (&(_, role), &k) in NEIGHBOURS.iter().zip(&NEAR_SLOT) {
            self.add(&mut near[k], self.row(roles[role]));
        }
    }

    /// The sums of the features a word gives its own token.
    fn own_rows(&self, entry: &WordEntry) -> Sums {
        let mut own = [0; LANES];
        for row in [
            self.fixed.bias,
            self.row(entry.roles[0]),
            self.row(entry.roles[1]),
        ] {
            self.add(&mut own, row);
        }
        for &h in entry.own() {
            self.add(&mut own, self.row(h));
        }
        own
    }

    /// A token's scores from its sums.
    fn scores(&self, e: &Sums) -> [f32; N_TAGS] {
        // Some thirty 16-bit weights sum to less than 2^24 in magnitude, an
        // exact `f32`: a score is rounded once.
        std::array::from_fn(|t| e[t] as f32 * self.scale)
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the model has no features.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Reads a model file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != b"WNER" || r.u32()? != FORMAT_VERSION {
            return Err(ModelError::Format);
        }
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        for row in &mut trans {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let mut features = Vec::with_capacity(n.min(bytes.len() / 4));
        for _ in 0..n {
            let h = r.u32()?;
            let mut w = [0i16; N_TAGS];
            for x in &mut w {
                *x = r.i16()?;
            }
            features.push((h, w));
        }
        Ok(Model::from_quantised(features, scale, trans))
    }

    /// Writes the model file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.weights.len() * (4 + 2 * N_TAGS));
        out.extend_from_slice(b"WNER");
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&(self.weights.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for row in &self.trans {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        // Sorted by hash so the file is the same for the same weights.
        let mut entries: Vec<(u32, u32)> = self.table.pairs().collect();
        entries.sort_unstable();
        for (h, i) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            for q in &self.weights[i as usize][..N_TAGS] {
                out.extend_from_slice(&q.to_le_bytes());
            }
        }
        out
    }

    /// Tags one sentence of words; the tags go into `tags`.
    ///
    /// The scores are those [`Model::tag_features`] adds up from
    /// [`features::sentence_features`], feature by feature in the same
    /// order, but with each word's rows looked up on its first sight in
    /// `scratch` rather than hashed and looked up per token.
    pub fn tag_into(&self, words: &[&str], tags: &mut Vec<usize>, scratch: &mut Scratch) {
        let Scratch {
            features: words_seen,
            emit,
            back,
            rows,
            ready,
            model,
            around,
            scored,
            drawn,
        } = scratch;
        words_seen.prepare(words);
        if *model != self.id {
            rows.clear();
            ready.clear();
            *model = self.id;
        }
        let words_known = words_seen.entries().len();
        rows.resize(words_known, EntryRows::default());
        ready.resize(words_known, 0);
        let infos = words_seen.infos();
        let n = infos.len();
        tags.clear();
        scored.clear();
        scored.resize(n, false);
        // The tokens a scored token draws on: those within `EDGE` of one,
        // that is within `NAME_REACH + EDGE` of a word that may be a name.
        drawn.clear();
        drawn.resize(n, false);
        for (i, info) in infos.iter().enumerate() {
            if info.may_name {
                scored[i.saturating_sub(NAME_REACH)..n.min(i + NAME_REACH + 1)].fill(true);
                drawn[i.saturating_sub(NAME_REACH + EDGE)..n.min(i + NAME_REACH + EDGE + 1)]
                    .fill(true);
            }
        }
        if !scored.contains(&true) {
            tags.resize(n, 0);
            return;
        }
        // The hashes and rows of every word a scored token draws on: what
        // it gives its neighbours, and its own sums for a scored token.
        for (i, _) in drawn.iter().enumerate().filter(|(_, d)| **d) {
            let own = scored[i];
            let entry = words_seen.hash_token(i, own);
            if let (Some(done), Some(word), Some(row)) = (
                ready.get_mut(entry),
                words_seen.entries().get(entry),
                rows.get_mut(entry),
            ) {
                if *done & NEAR_READY == 0 {
                    self.near_into(&word.roles, &mut row.near);
                    *done |= NEAR_READY;
                }
                if own && *done & OWN_READY == 0 {
                    row.own = self.own_rows(word);
                    *done |= OWN_READY;
                }
            }
        }
        let infos = words_seen.infos();
        around.clear();
        around.extend(infos.iter().map(|t| t.entry));
        emit.clear();
        for (i, info) in infos.iter().enumerate() {
            if !scored[i] {
                // Tagged `O` whatever its scores.
                emit.push([0.0; N_TAGS]);
                continue;
            }
            let mut e = rows.get(info.entry).map_or([0; LANES], |r| r.own);
            for (k, &offset) in OFFSETS.iter().enumerate() {
                let near = match i.checked_add_signed(offset) {
                    None => &self.fixed.bos[k],
                    Some(j) => match around.get(j).and_then(|&entry| rows.get(entry)) {
                        Some(neighbour) => &neighbour.near[k],
                        None => &self.fixed.eos[k],
                    },
                };
                add_sums(&mut e, near);
            }
            for h in features::pair_features(infos, i) {
                self.add(&mut e, self.row(h));
            }
            let key = features::context_key(infos, i);
            if let (Some(flags), Some(titles), Some(around)) = (
                self.fixed.flags.get(key.flags),
                self.fixed.titles.get(key.titles),
                self.fixed.around.get(key.around),
            ) {
                add_sums(&mut e, flags);
                add_sums(&mut e, titles);
                add_sums(&mut e, around);
            }
            emit.push(self.scores(&e));
        }
        decode(emit, &self.trans, tags, back, |i| !scored[i]);
    }

    /// Tags a sentence given its features (see [`features::sentence_features`]).
    pub fn tag_features(
        &self,
        feats: &[u32],
        starts: &[usize],
        tags: &mut Vec<usize>,
        emit: &mut Vec<[f32; N_TAGS]>,
        back: &mut Vec<[u8; N_TAGS]>,
    ) {
        let n = starts.len().saturating_sub(1);
        tags.clear();
        if n == 0 {
            return;
        }
        emit.clear();
        for i in 0..n {
            let mut e = [0; LANES];
            for f in &feats[starts[i]..starts[i + 1]] {
                self.add(&mut e, self.row(*f));
            }
            emit.push(self.scores(&e));
        }
        viterbi(emit, &self.trans, tags, back);
    }

    /// Transition weights (`[prev][tag]`, row `N_TAGS` = sentence start).
    pub fn transitions(&self) -> &[[f32; N_TAGS]; N_TAGS + 1] {
        &self.trans
    }
}

/// Adds `b` to `a`, lane by lane.
#[inline]
fn add_sums(a: &mut Sums, b: &Sums) {
    for t in 0..LANES {
        a[t] += b[t];
    }
}

/// The best tag sequence under emission and transition scores.
pub fn viterbi(
    emit: &[[f32; N_TAGS]],
    trans: &[[f32; N_TAGS]; N_TAGS + 1],
    tags: &mut Vec<usize>,
    back: &mut Vec<[u8; N_TAGS]>,
) {
    decode(emit, trans, tags, back, |_| false);
}

/// [`viterbi`] over the paths that tag `O` every token `i` with
/// `only_o(i)` (whose emission scores are then not read).
fn decode(
    emit: &[[f32; N_TAGS]],
    trans: &[[f32; N_TAGS]; N_TAGS + 1],
    tags: &mut Vec<usize>,
    back: &mut Vec<[u8; N_TAGS]>,
    only_o: impl Fn(usize) -> bool,
) {
    let n = emit.len();
    tags.clear();
    if n == 0 {
        return;
    }
    back.clear();
    back.resize(n, [0u8; N_TAGS]);
    const NEG: f32 = f32::NEG_INFINITY;
    let mut score = [NEG; N_TAGS];
    if only_o(0) {
        score[0] = trans[N_TAGS][0];
    } else {
        for t in 0..N_TAGS {
            if allowed(N_TAGS, t) {
                score[t] = trans[N_TAGS][t] + emit[0][t];
            }
        }
    }
    // The tags that may precede each tag, in index order (so ties go to
    // the lowest, as a scan over all of them would): `I-X` follows only
    // `B-X` and `I-X`.
    let before: [&[usize]; N_TAGS] = std::array::from_fn(|t| {
        const ALL: [usize; N_TAGS] = [0, 1, 2, 3, 4, 5, 6];
        if t == 0 || t % 2 == 1 {
            &ALL[..]
        } else {
            &ALL[t - 1..=t]
        }
    });
    for i in 1..n {
        let mut next = [NEG; N_TAGS];
        if only_o(i) && only_o(i - 1) {
            // Only `O` was open at the token before: the best way here is
            // from it (`back[i][0]` stays 0), the sum the loop below would
            // find, as every other `score` is −∞.
            score[0] += trans[0][0];
            continue;
        }
        if only_o(i - 1) && score[0] > NEG {
            // Only `O` was open at the token before (a held token is
            // reached only at `O`), so each tag `O` may precede is best
            // reached from it and the `I-` tags not at all: what the loop
            // below finds, without scanning the −∞ predecessors. (`back[i]`
            // stays 0.)
            for t in 0..N_TAGS {
                if allowed(0, t) {
                    next[t] = score[0] + trans[0][t] + emit[i][t];
                }
            }
            score = next;
            continue;
        }
        if only_o(i) {
            // One tag to reach, with no emission (a constant added to every
            // path through here would not change the best).
            let mut best = NEG;
            for p in 0..N_TAGS {
                let s = score[p] + trans[p][0];
                if s > best {
                    best = s;
                    back[i][0] = p as u8;
                }
            }
            next[0] = best;
            score = next;
            continue;
        }
        for t in 0..N_TAGS {
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in before[t] {
                // An unreachable `p` (score −∞) gives −∞, never above `best`.
                let s = score[p] + trans[p][t];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > NEG {
                next[t] = best + emit[i][t];
                back[i][t] = arg;
            }
        }
        score = next;
    }
    let mut last = 0;
    for t in 1..N_TAGS {
        if score[t] > score[last] {
            last = t;
        }
    }
    tags.resize(n, 0);
    tags[n - 1] = last;
    for i in (1..n).rev() {
        tags[i - 1] = usize::from(back[i][tags[i]]);
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.pos.checked_add(n).ok_or(ModelError::Truncated)?;
        let s = self.bytes.get(self.pos..end).ok_or(ModelError::Truncated)?;
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_finds_what_the_map_holds() {
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        trans[1][2] = 1.0;
        // Keys that share the low bits and the high bits, and zero.
        let keys: Vec<u32> = (0..500u32)
            .map(|i| i.wrapping_mul(0x1000_0001) ^ (i << 20))
            .chain([0, u32::MAX])
            .collect();
        let features = keys
            .iter()
            .enumerate()
            .map(|(i, &k)| (k, [i as f32; N_TAGS]))
            .collect();
        let m = Model::from_parts(features, trans);
        // (Key 0 is listed twice: its last row counts.)
        for &k in &keys {
            let last = keys.iter().rposition(|&x| x == k);
            assert_eq!(m.table.get(k), last);
        }
        assert_eq!(m.table.pairs().count(), keys.len() - 1);
        for k in [1u32, 2, 3, 0xdead_beef] {
            assert_eq!(m.table.get(k), None);
        }
        // A hash listed twice keeps its last row, as the map it replaced did.
        let twice = Model::from_parts(vec![(9, [1.0; N_TAGS]), (9, [2.0; N_TAGS])], trans);
        assert_eq!(twice.table.get(9), Some(1));
        assert_eq!(twice.table.pairs().collect::<Vec<_>>(), [(9, 1)]);
        assert_eq!(Model::default().table.get(7), None);
    }

    #[test]
    fn tagging_adds_up_what_the_features_give() {
        const CORPUS: &str = include_str!("../../tests/data/dates-money-nerugm.tsv");
        let model = crate::ner::model().expect("the compiled-in model loads");
        let mut sentences: Vec<&str> = CORPUS
            .lines()
            .filter_map(|l| l.strip_prefix("S\t"))
            .collect();
        sentences.extend([
            "Menteri Luar Negeri Retno Marsudi bertemu Wakil PM Inggris di Jakarta .",
            "ΣΟΦΙΑ ΣΟΦΟΣ σοφός İstanbul'da Ǆemal Ärzte 13/11/2019 Rp1.500.000 , ” «",
            "Presiden Presiden Amerika Serikat Uni Eropa AS UE x é 日本語 ab",
            "Jakarta",
            // Words first seen far from every name, then near one: hashed
            // late, they must score as if hashed at once.
            "kata menteri luar negeri itu , bahwa semua baik-baik saja ; rp1.500.000 13/11/2019",
            "lalu itu , bahwa kata menteri luar negeri Retno baik-baik saja ; rp1.500.000 di Jakarta",
            "semua x a-b_c! '' \0 tanpa-huruf-besar-yang-panjang-sekali_dan_lagi-lagi-lagi",
            "Budi : semua x a-b_c! '' \0 tanpa-huruf-besar-yang-panjang-sekali_dan_lagi-lagi-lagi",
            // The same outside ASCII (lower case, marks): shaped at once,
            // hashed late.
            "и он сказал , что всё « хорошо » — “ mañana ” é ǆemal ärzte σοφός …",
            "он сказал , что Путин « хорошо » — “ mañana ” é ǆemal Ärzte σοφός …",
        ]);
        assert!(sentences.len() > 300);
        let bits =
            |e: &[[f32; N_TAGS]]| -> Vec<u32> { e.iter().flatten().map(|x| x.to_bits()).collect() };
        let mut scratch = Scratch::default();
        let (mut tags, mut plain_tags, mut feats, mut starts) = (vec![], vec![], vec![], vec![]);
        let (mut emit, mut back) = (vec![], vec![]);
        for sentence in &sentences {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            model.tag_into(&words, &mut tags, &mut scratch);
            features::sentence_features(&words, &mut feats, &mut starts);
            model.tag_features(&feats, &starts, &mut plain_tags, &mut emit, &mut back);
            // The tokens scored score the same; the others are held to `O`.
            let scored = &scratch.scored;
            assert_eq!(scored.len(), words.len());
            if scored.contains(&true) {
                for (i, _) in scored.iter().enumerate().filter(|(_, s)| **s) {
                    assert_eq!(bits(&scratch.emit[i..=i]), bits(&emit[i..=i]), "{sentence}");
                }
                decode(&emit, &model.trans, &mut plain_tags, &mut back, |i| {
                    !scored[i]
                });
            } else {
                plain_tags.fill(0);
            }
            assert_eq!(tags, plain_tags, "{sentence}");
        }
        // The same scratch with another model: its rows are that model's.
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        trans[N_TAGS][5] = 1.0;
        let other = Model::from_parts(vec![(BIAS, [0.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0])], trans);
        let words = ["Budi", "di", "Medan"];
        other.tag_into(&words, &mut tags, &mut scratch);
        let mut fresh = vec![];
        other.tag_into(&words, &mut fresh, &mut Scratch::default());
        assert_eq!(tags, fresh);
        assert_eq!(tags, [5, 5, 5]);
    }

    #[test]
    fn context_sums_by_key_are_the_sums_of_its_features() {
        let model = crate::ner::model().expect("the compiled-in model loads");
        for flags in 0..ContextKey::FLAGS {
            for titles in 0..ContextKey::TITLES {
                for around in 0..ContextKey::AROUND {
                    let key = ContextKey {
                        flags,
                        titles,
                        around,
                    };
                    if key.place() > 2 {
                        continue;
                    }
                    let mut by_feature = [0; LANES];
                    for v in context_indexes(key) {
                        model.add(&mut by_feature, model.row(CONTEXT_HASHES[v]));
                    }
                    let mut by_key = model.fixed.flags[flags];
                    add_sums(&mut by_key, &model.fixed.titles[titles]);
                    add_sums(&mut by_key, &model.fixed.around[around]);
                    assert_eq!(by_key, by_feature, "{key:?}");
                }
            }
        }
    }

    #[test]
    fn the_compiled_in_model_writes_back_byte_for_byte() {
        let bytes = include_bytes!("../../model/ner.bin");
        let m = Model::from_bytes(bytes).expect("the compiled-in model loads");
        assert!(m.to_bytes() == bytes);
    }

    #[test]
    fn bio_constraint() {
        assert!(allowed(N_TAGS, 1));
        assert!(!allowed(N_TAGS, 2));
        assert!(allowed(1, 2));
        assert!(allowed(2, 2));
        assert!(!allowed(3, 2));
        assert!(!allowed(0, 4));
    }

    #[test]
    fn file_round_trip_keeps_weights() {
        let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
        trans[0][1] = 0.5;
        let m = Model::from_parts(vec![(7, [1.0, -2.0, 0.0, 0.25, 0.0, 0.0, 3.0])], trans);
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.len(), 1);
        let w = back.weights[back.table.get(7).unwrap()].map(|q| f32::from(q) * back.scale);
        assert!((w[1] + 2.0).abs() < 1e-3 && (w[6] - 3.0).abs() < 1e-3);
        assert_eq!(back.transitions()[0][1], 0.5);
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(b"nope").is_err());
    }

    #[test]
    fn predecessor_lists_are_the_allowed_transitions() {
        // `viterbi` lists, for each tag, the tags that may precede it.
        for t in 0..N_TAGS {
            let listed: Vec<usize> = (0..N_TAGS).filter(|&p| allowed(p, t)).collect();
            let expected: Vec<usize> = if t == 0 || t % 2 == 1 {
                (0..N_TAGS).collect()
            } else {
                vec![t - 1, t]
            };
            assert_eq!(listed, expected, "tag {t}");
        }
    }

    /// Viterbi as a plain scan over every allowed predecessor.
    fn viterbi_by_scan(emit: &[[f32; N_TAGS]], trans: &[[f32; N_TAGS]; N_TAGS + 1]) -> Vec<usize> {
        let n = emit.len();
        if n == 0 {
            return Vec::new();
        }
        let neg = f32::NEG_INFINITY;
        let mut score: Vec<f32> = (0..N_TAGS)
            .map(|t| {
                if allowed(N_TAGS, t) {
                    trans[N_TAGS][t] + emit[0][t]
                } else {
                    neg
                }
            })
            .collect();
        let mut back = vec![[0usize; N_TAGS]; n];
        for i in 1..n {
            let mut next = vec![neg; N_TAGS];
            for t in 0..N_TAGS {
                let (mut best, mut arg) = (neg, 0);
                for p in (0..N_TAGS).filter(|&p| allowed(p, t)) {
                    let s = score[p] + trans[p][t];
                    if s > best {
                        (best, arg) = (s, p);
                    }
                }
                if best > neg {
                    next[t] = best + emit[i][t];
                    back[i][t] = arg;
                }
            }
            score = next;
        }
        let mut tags = vec![0; n];
        tags[n - 1] = (1..N_TAGS).fold(0, |b, t| if score[t] > score[b] { t } else { b });
        for i in (1..n).rev() {
            tags[i - 1] = back[i][tags[i]];
        }
        tags
    }

    #[test]
    fn viterbi_agrees_with_a_plain_scan() {
        // Scores on a coarse grid, so that ties are common.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ((state % 9) as f32 - 4.0) * 0.5
        };
        let (mut tags, mut back) = (Vec::new(), Vec::new());
        for n in 0..40 {
            let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
            for row in &mut trans {
                for w in row.iter_mut() {
                    *w = next();
                }
            }
            let emit: Vec<[f32; N_TAGS]> =
                (0..n).map(|_| std::array::from_fn(|_| next())).collect();
            viterbi(&emit, &trans, &mut tags, &mut back);
            assert_eq!(tags, viterbi_by_scan(&emit, &trans), "{n} tokens");
        }
    }

    #[test]
    fn decoding_with_tokens_held_to_o_is_viterbi_with_only_o_open_there() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut tags, mut back) = (Vec::new(), Vec::new());
        for n in 1..40 {
            let mut trans = [[0f32; N_TAGS]; N_TAGS + 1];
            for row in &mut trans {
                for w in row.iter_mut() {
                    *w = ((next() % 9) as f32 - 4.0) * 0.5;
                }
            }
            let emit: Vec<[f32; N_TAGS]> = (0..n)
                .map(|_| std::array::from_fn(|_| ((next() % 9) as f32 - 4.0) * 0.5))
                .collect();
            let held: Vec<bool> = (0..n).map(|_| next() % 3 == 0).collect();
            decode(&emit, &trans, &mut tags, &mut back, |i| held[i]);
            // The same as closing every other tag at the held tokens, whose
            // own score does not count.
            let closed: Vec<[f32; N_TAGS]> = emit
                .iter()
                .zip(&held)
                .map(|(e, &h)| {
                    if h {
                        std::array::from_fn(|t| if t == 0 { 0.0 } else { f32::NEG_INFINITY })
                    } else {
                        *e
                    }
                })
                .collect();
            assert_eq!(tags, viterbi_by_scan(&closed, &trans), "{n} tokens");
            assert!(tags.iter().zip(&held).all(|(&t, &h)| !h || t == 0));
        }
    }

    #[test]
    fn words_far_from_every_capital_are_not_scored() {
        // A model that takes every word for a person.
        let mut person = [0f32; N_TAGS];
        person[1] = 5.0;
        let model = Model::from_parts(vec![(BIAS, person)], [[0f32; N_TAGS]; N_TAGS + 1]);
        let words = [
            "kata", "dia", "bahwa", "itu", "Budi", "di", "sana", "juga", "ya", "x",
        ];
        let (mut tags, mut scratch) = (Vec::new(), Scratch::default());
        model.tag_into(&words, &mut tags, &mut scratch);
        let near = |i: usize| i.abs_diff(4) <= NAME_REACH;
        for (i, &t) in tags.iter().enumerate() {
            assert_eq!(t != 0, near(i), "{} tagged {t}", words[i]);
        }
        // A sentence with no capital at all is all `O`; one in a script
        // without case is scored.
        model.tag_into(&["semua", "huruf", "kecil"], &mut tags, &mut scratch);
        assert_eq!(tags, [0, 0, 0]);
        model.tag_into(&["日本語", "です"], &mut tags, &mut scratch);
        assert!(tags.iter().all(|&t| t != 0));
    }

    #[test]
    fn viterbi_respects_bio() {
        // Emissions prefer I-PER first, which is not allowed at the start.
        let emit = [
            [0.0, 1.0, 5.0, 0.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0],
        ];
        let trans = [[0f32; N_TAGS]; N_TAGS + 1];
        let (mut tags, mut back) = (vec![], vec![]);
        viterbi(&emit, &trans, &mut tags, &mut back);
        assert_eq!(tags, [1, 2]);
    }
}
