//! Features of a token in its sentence, as 32-bit hashes: the word and its
//! neighbours, shape, affixes, capitalisation, position, and whether it is
//! on the place or title lists. Hashing keeps the model a flat table and
//! tagging free of per-feature allocation.

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::{chars, lexicon};

/// Mixes a 64-bit value so that each input bit moves every output bit (the
/// splitmix64 finaliser). It is a bijection: distinct inputs stay distinct.
const fn mix(x: u64) -> u64 {
    let x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A 64-bit hash folded to a feature key's 32 bits.
const fn fold(x: u64) -> u32 {
    (x ^ (x >> 32)) as u32
}

/// Templates are numbered below this.
const TEMPLATES: usize = 64;

/// Each template's starting state, so equal values of different templates
/// hash apart.
const SEEDS: [u64; TEMPLATES] = {
    let mut out = [0; TEMPLATES];
    let mut t = 0;
    while t < TEMPLATES {
        out[t] = mix(0x5741_5254_4100_0000 | t as u64);
        t += 1;
    }
    out
};

const fn seed(template: u8) -> u64 {
    SEEDS[template as usize % TEMPLATES]
}

/// Hash of a feature's text (a word, an affix, a shape), eight bytes per
/// step. The model's keys are these hashes, so changing this function
/// means training the model again (and a new model file version).
///
/// Byte-at-a-time FNV cost a multiply per byte in one dependent chain;
/// words are short, so most take one step here, then one [`mix`].
#[derive(Clone, Copy)]
struct TextHash {
    state: u64,
    /// Bytes not yet taken in, the first in the lowest byte.
    tail: u64,
    /// Number of bytes in `tail`.
    pending: u32,
    len: u64,
}

impl TextHash {
    const fn new(template: u8) -> Self {
        TextHash {
            state: seed(template),
            tail: 0,
            pending: 0,
            len: 0,
        }
    }

    #[inline]
    const fn absorb(&mut self, chunk: u64) {
        // For a given state this is a bijection of the chunk: texts of one
        // chunk never collide before the final mix.
        self.state = (self.state ^ chunk)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }

    #[inline]
    const fn byte(&mut self, b: u8) {
        self.tail |= (b as u64) << (8 * self.pending);
        self.pending += 1;
        self.len += 1;
        if self.pending == 8 {
            self.absorb(self.tail);
            self.tail = 0;
            self.pending = 0;
        }
    }

    #[inline]
    fn bytes(&mut self, s: &[u8]) {
        if self.pending != 0 {
            for &b in s {
                self.byte(b);
            }
            return;
        }
        let mut chunks = s.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.absorb(u64::from_le_bytes(word));
        }
        // The last bytes make the tail at once, as `byte` would one by one.
        let rest = chunks.remainder();
        for (k, &b) in rest.iter().enumerate() {
            self.tail |= u64::from(b) << (8 * k);
        }
        self.pending = rest.len() as u32;
        self.len += s.len() as u64;
    }

    /// The full 64-bit hash (a word's or shape's value).
    #[inline]
    const fn value(self) -> u64 {
        let mut h = self;
        if h.pending != 0 {
            h.absorb(h.tail);
        }
        // The length tells "ab" from "ab\0".
        mix(h.state ^ h.len)
    }

    /// The feature key.
    #[inline]
    const fn finish(self) -> u32 {
        fold(self.value())
    }
}

/// The hash of a feature with a number for its value.
const fn feature_hash(template: u8, v: u64) -> u32 {
    fold(mix(v ^ seed(template)))
}

/// The word and shape values of the places before and past the sentence.
const BOS: u64 = 0x5eed_0001;
const EOS: u64 = 0x5eed_0002;

/// The bias feature, which every token has.
pub(crate) const BIAS: u32 = feature_hash(0, 0);

/// Number of roles a word plays in the features of its own and nearby tokens.
pub(crate) const N_ROLES: usize = 8;

/// The features a word (by its word and shape hashes) gives the token it is
/// (roles 0 and 1) and the tokens near it (2–7, see [`NEIGHBOURS`]).
const fn roles(word: u64, shape: u64) -> [u32; N_ROLES] {
    [
        feature_hash(10, word),
        feature_hash(11, shape),
        feature_hash(12, word),
        feature_hash(13, word),
        feature_hash(14, word),
        feature_hash(15, word),
        feature_hash(16, shape),
        feature_hash(17, shape),
    ]
}

/// The neighbour features of a token, in order: the offset of the
/// neighbour and the role it plays (the word before, the word after, two
/// before, two after, the shape before, the shape after).
pub(crate) const NEIGHBOURS: [(isize, usize); 6] =
    [(-1, 2), (1, 3), (-2, 4), (2, 5), (-1, 6), (1, 7)];

/// How far the furthest neighbour is.
pub(crate) const EDGE: usize = 2;
const _: () = {
    let mut k = 0;
    while k < NEIGHBOURS.len() {
        assert!(NEIGHBOURS[k].0.unsigned_abs() <= EDGE);
        k += 1;
    }
};

/// The roles of the places before the sentence's start ([`BOS_ROLES`]) and
/// past its end ([`EOS_ROLES`]).
pub(crate) const BOS_ROLES: [u32; N_ROLES] = roles(BOS, BOS);
pub(crate) const EOS_ROLES: [u32; N_ROLES] = roles(EOS, EOS);

/// The features with few values (templates 21–27), every value hashed
/// ahead: a token's are looked up by [`context_values`].
pub(crate) const CONTEXT_HASHES: [u32; CONTEXT_LEN] = context_hashes();

/// Templates 21–27 and how many values each has: the flags (7 bits), the
/// place mark (0–2), after a title, a title word, the title-case pattern
/// (3 bits), the previous token's marks (3 bits, or 9 at the start) and the
/// next token's place mark (0–2, or 9 at the end).
const CONTEXT_TEMPLATES: [(u8, usize); 7] = [
    (21, 128),
    (22, 3),
    (23, 2),
    (24, 2),
    (25, 8),
    (26, 10),
    (27, 10),
];
const CONTEXT_LEN: usize = {
    let (mut t, mut len) = (0, 0);
    while t < CONTEXT_TEMPLATES.len() {
        len += CONTEXT_TEMPLATES[t].1;
        t += 1;
    }
    len
};

/// Where each template's values start in [`CONTEXT_HASHES`].
const CONTEXT_STARTS: [usize; 7] = {
    let mut out = [0; 7];
    let mut t = 1;
    while t < out.len() {
        out[t] = out[t - 1] + CONTEXT_TEMPLATES[t - 1].1;
        t += 1;
    }
    out
};

const fn context_hashes() -> [u32; CONTEXT_LEN] {
    let mut out = [0; CONTEXT_LEN];
    let (mut t, mut at) = (0, 0);
    while t < CONTEXT_TEMPLATES.len() {
        let (template, n) = CONTEXT_TEMPLATES[t];
        let mut v = 0;
        while v < n {
            out[at + v] = feature_hash(template, v as u64);
            v += 1;
        }
        at += n;
        t += 1;
    }
    out
}

/// What is known of one token before its features are formed.
#[derive(Clone, Default)]
pub(crate) struct TokenInfo {
    /// Byte range of its lower-case form in [`Scratch::lower`].
    lower: (usize, usize),
    /// Its word's entry in [`Scratch::entries`].
    pub(crate) entry: usize,
    /// Hash of the lower-case form (0 until its word is hashed: see
    /// [`Scratch::hash_token`]).
    word: u64,
    /// Hash of the collapsed shape (`Xx`, `X`, `d`, `Xx-Xx`; 0 likewise).
    shape: u64,
    /// First letter upper case.
    title: bool,
    /// All letters upper case (and at least two).
    caps: bool,
    /// Starts a place name on the lists (1), is inside one (2), or neither (0).
    place: u8,
    /// Follows a person title (`Presiden`, `Menteri Luar Negeri`).
    after_title: bool,
    /// Is a title word itself.
    title_word: bool,
    /// May be (part of) a name: see [`WordEntry::may_name`].
    pub(crate) may_name: bool,
    /// Its word's [`WordEntry::place_first`] and [`WordEntry::title_first`],
    /// kept here so the list marks read the tokens in order only.
    place_first: bool,
    title_first: bool,
}

/// What depends on a word alone, worked out once per distinct word of a
/// text: words repeat (function words, the names the story is about), and
/// their lower-casing, shape and affix hashes are most of a token's cost.
///
/// A word that [may not be a name](WordEntry::may_name) (no capital, no
/// letter of a script without case) keeps on its first sight only what the
/// list marks need (and, outside ASCII, its lower case and shape, read in
/// one pass); its hashes are worked out when a token near a name needs them
/// ([`Scratch::hash_token`]). Many such words far from every name never
/// need them.
#[derive(Clone)]
pub(crate) struct WordEntry {
    /// Byte range of the word as written in [`Scratch::lower`].
    written: (usize, usize),
    /// Byte range of its lower-case form in [`Scratch::lower`].
    lower: (usize, usize),
    /// Hash of the lower-case form.
    word: u64,
    /// Hash of the collapsed shape.
    shape: u64,
    title: bool,
    caps: bool,
    /// Starts upper case and is the first word of a listed place name.
    place_first: bool,
    /// Its lower-case form is the first word of a listed title.
    title_first: bool,
    /// Has an upper-case letter or one without case ([`Shape::may_name`]):
    /// names are written so, and a tagger may take a token far from every
    /// such word to be outside any name.
    may_name: bool,
    /// Whether `word` and `roles` are worked out.
    hashed: bool,
    /// Whether `shape` is worked out (a word of ASCII without a capital
    /// has it read from its bytes when it is hashed).
    shaped: bool,
    /// Whether `own` is worked out (only a scored token needs it; its
    /// neighbours draw on `roles` alone).
    own_hashed: bool,
    /// The features it gives its own token and its neighbours ([`roles`]).
    pub(crate) roles: [u32; N_ROLES],
    /// Its own features, in the order they are listed: affixes, then the
    /// cased word.
    own: [u32; 8],
    n_own: usize,
}

impl WordEntry {
    /// Its own features (affixes, then the cased word), which come right
    /// after its word and shape among its token's features.
    pub(crate) fn own(&self) -> &[u32] {
        &self.own[..self.n_own]
    }

    /// Works out the word hash and roles of a word whose lower case is
    /// `lower` and whose shape is known.
    fn hash_word(&mut self, lower: &str) {
        let word = hash_str(1, lower);
        self.word = word;
        self.roles = roles(word, self.shape);
        self.hashed = true;
    }

    /// Works out the own features of the word `written` (in lower case
    /// `lower`).
    fn hash_own(&mut self, written: &str, lower: &str) {
        self.own_hashed = true;
        self.n_own = 0;
        let mut push = |h: u32| {
            if let Some(slot) = self.own.get_mut(self.n_own) {
                *slot = h;
                self.n_own += 1;
            }
        };
        // Affixes of the lower-case form: up to four characters from its end
        // and three from its start, when the word is longer than the affix.
        let bytes = lower.as_bytes();
        // Byte offsets where the last 1..=5 characters start.
        let mut tail = [usize::MAX; 5];
        // Byte offsets just past the first 1..=3 characters.
        let mut head = [bytes.len(); 3];
        if lower.is_ascii() {
            // A character is a byte.
            for (k, t) in tail.iter_mut().enumerate().take(bytes.len()) {
                *t = bytes.len() - 1 - k;
            }
            for (k, h) in head.iter_mut().enumerate() {
                *h = (k + 1).min(bytes.len());
            }
        } else {
            for (k, (b, _)) in lower.char_indices().rev().take(5).enumerate() {
                tail[k] = b;
            }
            for (k, (b, c)) in lower.char_indices().take(3).enumerate() {
                head[k] = b + c.len_utf8();
            }
        }
        for k in 1..=4usize {
            // More than k characters: the (k+1)-th from the end exists.
            if tail[k] == usize::MAX {
                break;
            }
            let mut h = TextHash::new(30 + k as u8);
            h.bytes(&bytes[tail[k - 1]..]);
            push(h.finish());
            if k <= 3 {
                let mut h = TextHash::new(40 + k as u8);
                h.bytes(&bytes[..head[k - 1]]);
                push(h.finish());
            }
        }
        // Word-with-case for capitalised words (names are case-sensitive).
        if self.title || self.caps {
            let mut h = TextHash::new(50);
            h.bytes(written.as_bytes());
            push(h.finish());
        }
    }
}

/// Buffers reused from sentence to sentence, so forming features allocates
/// nothing once they have grown; and the words seen so far.
#[derive(Default)]
pub struct Scratch {
    /// Every distinct word seen, as written and in lower case.
    lower: String,
    /// Hash of a word as written → its entry.
    seen: WordTable,
    entries: Vec<WordEntry>,
    infos: Vec<TokenInfo>,
    /// A multi-word name being looked up.
    name: String,
}

impl Scratch {
    /// Fills [`Scratch::infos`] for a sentence: each token's word entry and
    /// its marks from the lists.
    pub(crate) fn prepare(&mut self, words: &[&str]) {
        self.infos.clear();
        for w in words {
            let e = self.entry(w);
            let entry = &self.entries[e];
            self.infos.push(TokenInfo {
                lower: entry.lower,
                entry: e,
                word: entry.word,
                shape: entry.shape,
                title: entry.title,
                caps: entry.caps,
                may_name: entry.may_name,
                place_first: entry.place_first,
                title_first: entry.title_first,
                place: 0,
                after_title: false,
                title_word: false,
            });
        }
        lexicon_marks(words, self);
    }

    /// Makes room for `words` more distinct words.
    pub(crate) fn reserve(&mut self, words: usize) {
        self.entries.reserve(words);
        self.seen.reserve(self.entries.len() + words);
        // A word is kept as written and in lower case.
        self.lower.reserve(words * 16);
    }

    /// Forgets every word seen, keeping the room.
    pub(crate) fn clear(&mut self) {
        self.lower.clear();
        self.seen.clear();
        self.entries.clear();
        self.infos.clear();
    }

    /// Works out the word and shape hashes and roles of token `i`'s word
    /// (and its own features if `own`), if they are not yet, and gives its
    /// token info them; returns its entry.
    pub(crate) fn hash_token(&mut self, i: usize, own: bool) -> usize {
        let Some(info) = self.infos.get_mut(i) else {
            return 0;
        };
        let Some(entry) = self.entries.get_mut(info.entry) else {
            return info.entry;
        };
        let written = &self.lower[entry.written.0..entry.written.1];
        let lower = &self.lower[entry.lower.0..entry.lower.1];
        if !entry.hashed {
            // Only words of ASCII without a capital are left unshaped.
            if !entry.shaped {
                entry.shape = ascii_shape(written.as_bytes()).hash;
                entry.shaped = true;
            }
            entry.hash_word(lower);
        }
        if own && !entry.own_hashed {
            entry.hash_own(written, lower);
        }
        info.word = entry.word;
        info.shape = entry.shape;
        info.entry
    }

    /// The tokens of the sentence last prepared.
    pub(crate) fn infos(&self) -> &[TokenInfo] {
        &self.infos
    }

    /// Every distinct word seen so far, by entry number (entries are only
    /// ever added).
    pub(crate) fn entries(&self) -> &[WordEntry] {
        &self.entries
    }

    /// The entry of a word, worked out on its first sight.
    fn entry(&mut self, w: &str) -> usize {
        let mut hasher = FxHasher::default();
        hasher.write(w.as_bytes());
        let key = hasher.finish();
        if self.seen.bits == 0 {
            // The first word of a scratch not made room in.
            self.seen.reserve(1);
        }
        let (entries, lower) = (&self.entries, &self.lower);
        let vacant = match self.seen.find(key, |e| {
            entries
                .get(e)
                .and_then(|entry| lower.get(entry.written.0..entry.written.1))
                == Some(w)
        }) {
            Probe::Found(e) => return e,
            Probe::Vacant(slot) => Some(slot),
            Probe::Full => None,
        };
        let written_from = self.lower.len();
        self.lower.push_str(w);
        let from = self.lower.len();
        let entry = if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            // Its lower case is the word as written; no capital makes it no
            // title-case word, no capitals word, no name and no place's
            // first word (those start upper case).
            WordEntry {
                written: (written_from, from),
                lower: (written_from, from),
                word: 0,
                shape: 0,
                title: false,
                caps: false,
                place_first: false,
                title_first: lexicon::titles().is_first_word(w),
                may_name: false,
                hashed: false,
                shaped: false,
                own_hashed: false,
                roles: [0; N_ROLES],
                own: [0; 8],
                n_own: 0,
            }
        } else {
            let shape = lower_and_shape(w, &mut self.lower);
            let to = self.lower.len();
            let lower = &self.lower[from..to];
            let mut entry = WordEntry {
                written: (written_from, from),
                lower: (from, to),
                word: 0,
                shape: shape.hash,
                title: shape.title,
                caps: shape.caps,
                place_first: chars::starts_upper(w) && lexicon::places().is_first_word(w),
                title_first: lexicon::titles().is_first_word(lower),
                may_name: shape.may_name,
                hashed: false,
                shaped: true,
                own_hashed: false,
                roles: [0; N_ROLES],
                own: [0; 8],
                n_own: 0,
            };
            // A word that may be a name is always scored; the others (in
            // lower case outside ASCII, marks such as `“`) wait to be drawn on.
            if shape.may_name {
                entry.hash_word(lower);
                entry.hash_own(w, lower);
            }
            entry
        };
        let e = self.entries.len();
        self.entries.push(entry);
        if let Some(slot) = vacant {
            self.seen.insert(slot, key, e);
        }
        e
    }
}

/// What [`WordTable::find`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Probe {
    /// The word's entry.
    Found(usize),
    /// Not held; this free slot may take it.
    Vacant(usize),
    /// Not held, and no free slot within [`MAX_PROBES`]: it is not kept.
    Full,
}

/// How many slots a lookup looks at, at most. The table only saves work
/// (a word not kept is worked out again on its next sight, to the same
/// entry contents), so a word past this is simply not kept: words made to
/// share slots, as a page may be written to do, cost a bounded probe each
/// and not a probe run growing with the page.
const MAX_PROBES: usize = 32;

/// The words of a text seen so far: open addressing with linear probing
/// over [`WordSlot`]s, at most half full. A
/// lookup is a multiply, a shift and mostly one key compare, then the
/// text compare; a general map hashed the key again and probed twice for
/// a new word (look up, then insert).
#[derive(Default)]
struct WordTable {
    slots: Vec<WordSlot>,
    /// The slots of this generation are in use; the others are free, so
    /// forgetting a text's words is a step of this, not a pass over slots.
    /// Never 0 once there are slots: 0 marks a slot never used.
    generation: u32,
    /// `slots.len() == 1 << bits` (no slots at 0).
    bits: u32,
    /// Slots in use.
    len: usize,
}

impl WordTable {
    /// Where a key's probe run starts (Fibonacci hashing: the top bits of
    /// the product are well mixed).
    fn home(&self, key: u64) -> usize {
        (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - self.bits)) as usize
    }

    /// The entry of `key` that `same` accepts (the text compare), or where
    /// to put it.
    #[inline]
    fn find(&self, key: u64, same: impl Fn(usize) -> bool) -> Probe {
        if self.bits == 0 {
            return Probe::Full;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        for _ in 0..MAX_PROBES {
            let Some(slot) = self.slots.get(i) else {
                break;
            };
            if slot.generation != self.generation {
                return Probe::Vacant(i);
            }
            // Two words with one key (rare) each keep a slot of their own.
            if slot.key == key && same(slot.entry as usize) {
                return Probe::Found(slot.entry as usize);
            }
            i = (i + 1) & mask;
        }
        Probe::Full
    }

    /// Puts `entry` at a slot [`WordTable::find`] gave as vacant (and
    /// grows the table past half full).
    fn insert(&mut self, slot: usize, key: u64, entry: usize) {
        let Ok(entry) = u32::try_from(entry) else {
            return;
        };
        let generation = self.generation;
        if let Some(s) = self.slots.get_mut(slot) {
            *s = WordSlot {
                key,
                entry,
                generation,
            };
            self.len += 1;
        }
        if self.len * 2 > self.slots.len() {
            self.grow_to(self.slots.len() * 2);
        }
    }

    /// Room for `words` words in all.
    fn reserve(&mut self, words: usize) {
        let want = (words.max(32) * 2).next_power_of_two();
        if want > self.slots.len() {
            self.grow_to(want);
        }
    }

    /// Moves the words into a table of `size` slots (a power of two).
    fn grow_to(&mut self, size: usize) {
        let generation = self.generation;
        self.generation = generation.max(1);
        let old = std::mem::replace(&mut self.slots, vec![WordSlot::default(); size]);
        self.bits = size.trailing_zeros();
        self.len = 0;
        for held in old.into_iter().filter(|s| s.generation == generation) {
            // A key may repeat across words: any vacant slot in reach will
            // do (one out of reach is not kept).
            if let Probe::Vacant(slot) = self.find(held.key, |_| false) {
                if let Some(s) = self.slots.get_mut(slot) {
                    *s = held;
                    self.len += 1;
                }
            }
        }
    }

    /// Forgets every word, keeping the room.
    fn clear(&mut self) {
        if self.len == 0 {
            return;
        }
        self.len = 0;
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            // Every generation has been used: mark every slot unused and
            // start again.
            self.slots.fill(WordSlot::default());
            self.generation = 1;
        }
    }
}

/// A slot of a [`WordTable`]: in use when its generation is the table's
/// (the default slot is free in every generation).
#[derive(Clone, Copy, Debug, Default)]
struct WordSlot {
    /// The word's hash.
    key: u64,
    /// Its entry in [`Scratch::entries`].
    entry: u32,
    generation: u32,
}

/// What a word's letters tell of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Shape {
    /// Hash of the collapsed shape (`Xx`, `X`, `d/d/d`).
    hash: u64,
    /// Starts upper case.
    title: bool,
    /// All capitals (two letters or more).
    caps: bool,
    /// Has an upper-case letter or one that is neither upper nor lower case
    /// (a title-case letter, or a script without case).
    may_name: bool,
}

/// The shape of an ASCII word: the classes of [`lower_and_shape`] byte by
/// byte, as an ASCII mark is its own byte.
fn ascii_shape(word: &[u8]) -> Shape {
    let mut h = TextHash::new(2);
    let mut letters = 0;
    let mut uppers = 0;
    let mut last = 0u8;
    for &b in word {
        let k = match b {
            b'A'..=b'Z' => {
                uppers += 1;
                letters += 1;
                b'X'
            }
            b'a'..=b'z' => {
                letters += 1;
                b'x'
            }
            b'0'..=b'9' => b'd',
            _ => b,
        };
        if k != last {
            h.byte(k);
            last = k;
        }
    }
    Shape {
        hash: h.value(),
        title: word.first().is_some_and(u8::is_ascii_uppercase),
        caps: letters >= 2 && uppers == letters,
        may_name: uppers > 0,
    }
}

/// Appends the lower-case form of `word` to `out` (as `str::to_lowercase`)
/// and tells its shape: one pass over the characters for both.
fn lower_and_shape(word: &str, out: &mut String) -> Shape {
    if word.is_ascii() {
        let from = out.len();
        out.push_str(word);
        out[from..].make_ascii_lowercase();
        return ascii_shape(word.as_bytes());
    }
    let mut h = TextHash::new(2);
    let mut letters = 0;
    let mut uppers = 0;
    let from = out.len();
    // Lower-cased character by character while each character's one
    // lower-case character is known without the standard library
    // ([`chars::one_lower`]); otherwise the whole word is lower-cased by
    // `str::to_lowercase` at the end (`Σ`, `İ`, most letters past U+0800).
    let mut by_char = true;
    let mut last = '\0';
    let mut caseless = false;
    for c in word.chars() {
        let case = chars::SmallCase::of(c);
        if by_char {
            match chars::one_lower(c) {
                Some(l) => out.push(l),
                None => by_char = false,
            }
        }
        let upper = case.map_or_else(|| chars::is_uppercase(c), chars::SmallCase::is_uppercase);
        let k = if upper {
            uppers += 1;
            letters += 1;
            'X'
        } else if chars::is_alphabetic(c) {
            letters += 1;
            caseless |= case.map_or_else(
                || chars::is_caseless_letter(c),
                chars::SmallCase::is_caseless_letter,
            );
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            let mut utf8 = [0u8; 4];
            h.bytes(k.encode_utf8(&mut utf8).as_bytes());
            last = k;
        }
    }
    if !by_char {
        out.truncate(from);
        out.push_str(&word.to_lowercase());
    }
    Shape {
        hash: h.value(),
        title: chars::starts_upper(word),
        caps: letters >= 2 && uppers == letters,
        may_name: uppers > 0 || caseless,
    }
}

#[cfg(test)]
fn shape(word: &str) -> (String, bool, bool) {
    let mut s = String::with_capacity(8);
    let mut last = '\0';
    let mut letters = 0;
    let mut uppers = 0;
    for c in word.chars() {
        let k = if c.is_uppercase() {
            uppers += 1;
            letters += 1;
            'X'
        } else if c.is_alphabetic() {
            letters += 1;
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if k != last {
            s.push(k);
            last = k;
        }
    }
    let title = word.starts_with(char::is_uppercase);
    let caps = letters >= 2 && uppers == letters;
    (s, title, caps)
}

fn hash_str(template: u8, s: &str) -> u64 {
    let mut h = TextHash::new(template);
    h.bytes(s.as_bytes());
    h.value()
}

/// Marks tokens that start (1) or continue (2) a place name on the lists,
/// and tokens that follow a person title.
fn lexicon_marks(words: &[&str], scratch: &mut Scratch) {
    let Scratch {
        lower, infos, name, ..
    } = scratch;
    let places = lexicon::places();
    let titles = lexicon::titles();
    let mut i = 0;
    while i < words.len() {
        let mut matched = 0;
        if infos[i].place_first {
            let max = places.longest_words.min(words.len() - i);
            name.clear();
            for (n, w) in words[i..i + max].iter().enumerate() {
                if n > 0 {
                    name.push(' ');
                }
                name.push_str(w);
                if places.code(name).is_some() {
                    matched = n + 1;
                }
            }
        }
        if matched > 0 {
            infos[i].place = 1;
            for info in &mut infos[i + 1..i + matched] {
                info.place = 2;
            }
            i += matched;
        } else {
            i += 1;
        }
    }
    let lower_of = |info: &TokenInfo| &lower[info.lower.0..info.lower.1];
    for i in 0..words.len() {
        if !infos[i].title_first {
            continue;
        }
        let max = titles.longest_words.min(words.len() - i);
        let mut matched = 0;
        name.clear();
        for n in 0..max {
            if n > 0 {
                name.push(' ');
            }
            name.push_str(lower_of(&infos[i + n]));
            if titles.set.contains(name.as_str()) {
                matched = n + 1;
            }
        }
        if matched > 0 {
            for info in &mut infos[i..i + matched] {
                info.title_word = true;
            }
            if let Some(next) = infos.get_mut(i + matched) {
                next.after_title = true;
            }
        }
    }
}

/// The features of every token of a sentence, in one flat list with the
/// start of each token's features in `starts` (one more entry than tokens).
pub fn sentence_features(words: &[&str], feats: &mut Vec<u32>, starts: &mut Vec<usize>) {
    sentence_features_with(words, feats, starts, &mut Scratch::default());
}

/// [`sentence_features`] with buffers reused between sentences.
pub fn sentence_features_with(
    words: &[&str],
    feats: &mut Vec<u32>,
    starts: &mut Vec<usize>,
    scratch: &mut Scratch,
) {
    feats.clear();
    starts.clear();
    scratch.prepare(words);
    for i in 0..words.len() {
        scratch.hash_token(i, true);
    }
    let infos = &scratch.infos;
    let entries = &scratch.entries;
    feats.reserve(infos.len() * 36);
    for (i, info) in infos.iter().enumerate() {
        starts.push(feats.len());
        // Gathered on the stack, appended once: a push here is a store.
        let mut local = TokenFeats {
            buf: [0; MAX_TOKEN_FEATURES],
            n: 0,
        };
        let entry = &entries[info.entry];
        local.push(BIAS);
        local.push(entry.roles[0]);
        local.push(entry.roles[1]);
        // Affixes and the cased word, worked out with the word's entry. They
        // come before the neighbours so that a tagger can add up all of a
        // word's own features once per word, in this order.
        for &h in entry.own() {
            local.push(h);
        }
        for &(offset, role) in &NEIGHBOURS {
            let at = i as isize + offset;
            let roles = match usize::try_from(at) {
                Err(_) => &BOS_ROLES,
                Ok(j) => infos.get(j).map_or(&EOS_ROLES, |t| &entries[t.entry].roles),
            };
            local.push(roles[role]);
        }
        for h in pair_features(infos, i) {
            local.push(h);
        }
        for v in context_values(infos, i) {
            local.push(CONTEXT_HASHES[v]);
        }
        feats.extend_from_slice(&local.buf[..local.n]);
    }
    starts.push(feats.len());
}

/// The features of a token that join it to its neighbours (templates
/// 18–20): the word pairs before and after it, and the three shapes.
pub(crate) fn pair_features(infos: &[TokenInfo], i: usize) -> [u32; 3] {
    let info = &infos[i];
    let (prev_word, prev_shape) = match i.checked_sub(1).and_then(|p| infos.get(p)) {
        Some(p) => (p.word, p.shape),
        None => (BOS, BOS),
    };
    let (next_word, next_shape) = infos.get(i + 1).map_or((EOS, EOS), |n| (n.word, n.shape));
    [
        feature_hash(18, prev_word ^ info.word.rotate_left(17)),
        feature_hash(19, info.word ^ next_word.rotate_left(17)),
        feature_hash(
            20,
            prev_shape ^ info.shape.rotate_left(7) ^ next_shape.rotate_left(29),
        ),
    ]
}

/// A token's features with few values (templates 21–27) in three
/// numbers: its flags (template 21's value, which fixes those of 22–24),
/// template 25's value, and those of 26 and 27 as `prev * 10 + next`. A
/// tagger adds up each number's rows ahead ([`context_indexes`] gives the
/// features).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ContextKey {
    /// Below [`ContextKey::FLAGS`].
    pub(crate) flags: usize,
    /// Below [`ContextKey::TITLES`].
    pub(crate) titles: usize,
    /// Below [`ContextKey::AROUND`].
    pub(crate) around: usize,
}

impl ContextKey {
    /// How many values each part has (as [`CONTEXT_TEMPLATES`] counts them).
    pub(crate) const FLAGS: usize = 128;
    pub(crate) const TITLES: usize = 8;
    pub(crate) const AROUND: usize = 100;

    /// The place mark its flags hold (0–2 for a token's key; 3 never).
    pub(crate) fn place(self) -> usize {
        (self.flags >> 3) & 3
    }
}

/// A token's [`ContextKey`].
pub(crate) fn context_key(infos: &[TokenInfo], i: usize) -> ContextKey {
    let info = &infos[i];
    let flags = usize::from(info.title)
        | usize::from(info.caps) << 1
        | usize::from(i == 0) << 2
        | usize::from(info.place) << 3
        | usize::from(info.after_title) << 5
        | usize::from(info.title_word) << 6;
    let prev_title = i > 0 && infos[i - 1].title;
    let next_title = infos.get(i + 1).is_some_and(|t| t.title);
    let titles =
        usize::from(prev_title) | usize::from(next_title) << 1 | usize::from(info.title) << 2;
    let prev = i.checked_sub(1).map_or(9, |p| {
        usize::from(infos[p].place) | usize::from(infos[p].after_title) << 2
    });
    let next = infos.get(i + 1).map_or(9, |n| usize::from(n.place));
    ContextKey {
        flags,
        titles,
        around: prev * 10 + next,
    }
}

/// The features of a [`ContextKey`] (one per template 21–27, in order), as
/// indexes into [`CONTEXT_HASHES`].
pub(crate) fn context_indexes(key: ContextKey) -> [usize; 7] {
    let values = [
        key.flags,
        key.place(),
        (key.flags >> 5) & 1,
        (key.flags >> 6) & 1,
        key.titles,
        key.around / 10,
        key.around % 10,
    ];
    // Each value's place in the one flat table (every value of a token's
    // key is below its template's count by construction).
    let mut out = CONTEXT_STARTS;
    for ((slot, v), &(_, n)) in out.iter_mut().zip(values).zip(&CONTEXT_TEMPLATES) {
        debug_assert!(v < n);
        *slot += v;
    }
    out
}

/// The values of a token's features with few values (templates 21–27), as
/// indexes into [`CONTEXT_HASHES`].
pub(crate) fn context_values(infos: &[TokenInfo], i: usize) -> [usize; 7] {
    context_indexes(context_key(infos, i))
}

/// Most features one token has: 19 from its context and flags, 7 affixes,
/// the cased word.
const MAX_TOKEN_FEATURES: usize = 27;

/// One token's features, gathered before they join the sentence's list.
struct TokenFeats {
    buf: [u32; MAX_TOKEN_FEATURES],
    n: usize,
}

impl TokenFeats {
    #[inline]
    fn push(&mut self, h: u32) {
        debug_assert!(self.n < MAX_TOKEN_FEATURES);
        if let Some(slot) = self.buf.get_mut(self.n) {
            *slot = h;
            self.n += 1;
        }
    }
}

/// The first, plain implementation of the features (a lower-case `String`,
/// a shape `String` and a character list per token), kept as the
/// definition the allocation-free one must match bit for bit: the trained
/// model's weights are keyed by these hashes.
#[cfg(test)]
mod reference {
    use super::{feature_hash, hash_str, shape, TextHash};

    /// What was known of one token before its features were formed.
    struct OldTokenInfo {
        lower: String,
        /// Hash of the lower-case form.
        word: u64,
        /// Hash of the collapsed shape (`Xx`, `X`, `d`, `Xx-Xx`).
        shape: u64,
        /// First letter upper case.
        title: bool,
        /// All letters upper case (and at least two).
        caps: bool,
        /// Starts a place name on the lists (1), is inside one (2), or neither (0).
        place: u8,
        /// Follows a person title (`Presiden`, `Menteri Luar Negeri`).
        after_title: bool,
        /// Is a title word itself.
        title_word: bool,
    }

    /// Marks tokens that start (1) or continue (2) a place name on the lists,
    /// and tokens that follow a person title.
    fn lexicon_marks(words: &[&str], infos: &mut [OldTokenInfo]) {
        let places = crate::lexicon::places();
        let titles = crate::lexicon::titles();
        let mut name = String::new();
        let mut i = 0;
        while i < words.len() {
            let mut matched = 0;
            if words[i].starts_with(char::is_uppercase) && places.first_words.contains(words[i]) {
                let max = places.longest_words.min(words.len() - i);
                name.clear();
                for (n, w) in words[i..i + max].iter().enumerate() {
                    if n > 0 {
                        name.push(' ');
                    }
                    name.push_str(w);
                    if places.code(&name).is_some() {
                        matched = n + 1;
                    }
                }
            }
            if matched > 0 {
                infos[i].place = 1;
                for info in &mut infos[i + 1..i + matched] {
                    info.place = 2;
                }
                i += matched;
            } else {
                i += 1;
            }
        }
        for i in 0..words.len() {
            if !titles.first_words.contains(&infos[i].lower) {
                continue;
            }
            let max = titles.longest_words.min(words.len() - i);
            let mut matched = 0;
            name.clear();
            for n in 0..max {
                if n > 0 {
                    name.push(' ');
                }
                name.push_str(&infos[i + n].lower);
                if titles.set.contains(&name) {
                    matched = n + 1;
                }
            }
            if matched > 0 {
                for info in &mut infos[i..i + matched] {
                    info.title_word = true;
                }
                if let Some(next) = infos.get_mut(i + matched) {
                    next.after_title = true;
                }
            }
        }
    }

    /// The features of every token of a sentence, in one flat list with the
    /// start of each token's features in `starts` (one more entry than tokens).
    pub fn sentence_features_plainly(
        words: &[&str],
        feats: &mut Vec<u32>,
        starts: &mut Vec<usize>,
    ) {
        feats.clear();
        starts.clear();
        let mut infos: Vec<OldTokenInfo> = words
            .iter()
            .map(|w| {
                let lower = w.to_lowercase();
                let (sh, title, caps) = shape(w);
                OldTokenInfo {
                    word: hash_str(1, &lower),
                    shape: hash_str(2, &sh),
                    lower,
                    title,
                    caps,
                    place: 0,
                    after_title: false,
                    title_word: false,
                }
            })
            .collect();
        lexicon_marks(words, &mut infos);
        const BOS: u64 = 0x5eed_0001;
        const EOS: u64 = 0x5eed_0002;
        let word_at = |i: isize| -> u64 {
            if i < 0 {
                BOS
            } else {
                infos.get(i as usize).map_or(EOS, |t| t.word)
            }
        };
        let shape_at = |i: isize| -> u64 {
            if i < 0 {
                BOS
            } else {
                infos.get(i as usize).map_or(EOS, |t| t.shape)
            }
        };
        for (i, info) in infos.iter().enumerate() {
            starts.push(feats.len());
            let ii = i as isize;
            let add1 = |feats: &mut Vec<u32>, template: u8, v: u64| {
                feats.push(feature_hash(template, v));
            };
            add1(feats, 0, 0); // bias
            add1(feats, 10, info.word);
            add1(feats, 11, info.shape);
            // Affixes of the lower-case form, then the cased word.
            let chars: Vec<(usize, char)> = info.lower.char_indices().collect();
            let n = chars.len();
            for k in 1..=4usize {
                if n > k {
                    let (b, _) = chars[n - k];
                    let mut h = TextHash::new(30 + k as u8);
                    h.bytes(&info.lower.as_bytes()[b..]);
                    feats.push(h.finish());
                }
                if n > k && k <= 3 {
                    let end = chars.get(k).map_or(info.lower.len(), |&(b, _)| b);
                    let mut h = TextHash::new(40 + k as u8);
                    h.bytes(&info.lower.as_bytes()[..end]);
                    feats.push(h.finish());
                }
            }
            // Word-with-case for capitalised words (names are case-sensitive).
            if info.title || info.caps {
                let mut h = TextHash::new(50);
                h.bytes(words[i].as_bytes());
                feats.push(h.finish());
            }
            add1(feats, 12, word_at(ii - 1));
            add1(feats, 13, word_at(ii + 1));
            add1(feats, 14, word_at(ii - 2));
            add1(feats, 15, word_at(ii + 2));
            add1(feats, 16, shape_at(ii - 1));
            add1(feats, 17, shape_at(ii + 1));
            add1(feats, 18, word_at(ii - 1) ^ info.word.rotate_left(17));
            add1(feats, 19, info.word ^ word_at(ii + 1).rotate_left(17));
            add1(
                feats,
                20,
                shape_at(ii - 1) ^ info.shape.rotate_left(7) ^ shape_at(ii + 1).rotate_left(29),
            );
            let flags = u64::from(info.title)
                | u64::from(info.caps) << 1
                | u64::from(i == 0) << 2
                | u64::from(info.place) << 3
                | u64::from(info.after_title) << 5
                | u64::from(info.title_word) << 6;
            add1(feats, 21, flags);
            add1(feats, 22, u64::from(info.place));
            add1(feats, 23, u64::from(info.after_title));
            add1(feats, 24, u64::from(info.title_word));
            let prev_title = i > 0 && infos[i - 1].title;
            let next_title = infos.get(i + 1).is_some_and(|t| t.title);
            add1(
                feats,
                25,
                u64::from(prev_title) | u64::from(next_title) << 1 | u64::from(info.title) << 2,
            );
            let prev = i.checked_sub(1).map(|p| &infos[p]);
            add1(
                feats,
                26,
                prev.map_or(9, |p| u64::from(p.place) | u64::from(p.after_title) << 2),
            );
            add1(
                feats,
                27,
                infos.get(i + 1).map_or(9, |n| u64::from(n.place)),
            );
        }
        starts.push(feats.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_token_gets_the_entry_of_its_own_word() {
        // Random sentences over a small vocabulary, with every word kept:
        // a token's entry is its word's, one entry per distinct word.
        let vocabulary: Vec<String> = (0..300)
            .map(|k| match k % 4 {
                0 => format!("kata{k}"),
                1 => format!("Nama{k}"),
                2 => format!("Москва{k}"),
                _ => format!("x{k}y"),
            })
            .collect();
        let mut scratch = Scratch::default();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut distinct = std::collections::HashSet::new();
        for round in 0..200 {
            if round == 100 {
                // A new text: the words are forgotten.
                scratch.clear();
                distinct.clear();
            }
            let words: Vec<&str> = (0..(state % 30 + 1))
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    vocabulary[(state % vocabulary.len() as u64) as usize].as_str()
                })
                .collect();
            scratch.prepare(&words);
            for (w, info) in words.iter().zip(scratch.infos()) {
                let (from, to) = scratch.entries()[info.entry].written;
                assert_eq!(&scratch.lower[from..to], *w);
                distinct.insert(*w);
            }
            assert_eq!(scratch.entries().len(), distinct.len());
        }
    }

    #[test]
    fn words_made_to_share_a_slot_cost_a_bounded_probe() {
        // Every key the same: the first few words are kept, the rest are
        // not, and a lookup never looks at more than `MAX_PROBES` slots.
        let mut table = WordTable::default();
        table.reserve(16);
        for e in 0..40 {
            let looked = std::cell::Cell::new(0);
            let probe = table.find(7, |held| {
                looked.set(looked.get() + 1);
                held == e
            });
            assert!(looked.get() <= MAX_PROBES);
            match probe {
                Probe::Vacant(slot) => {
                    assert!(e < MAX_PROBES, "{e}");
                    table.insert(slot, 7, e);
                }
                Probe::Full => assert!(e >= MAX_PROBES, "{e}"),
                Probe::Found(_) => panic!("found {e} before it was put in"),
            }
        }
        for e in 0..MAX_PROBES {
            assert_eq!(table.find(7, |held| held == e), Probe::Found(e));
        }
        // Growing keeps what it can reach.
        table.reserve(1000);
        for e in 0..MAX_PROBES {
            assert_eq!(table.find(7, |held| held == e), Probe::Found(e));
        }
    }

    #[test]
    fn a_cleared_word_table_holds_nothing_across_generations() {
        let mut table = WordTable::default();
        table.reserve(8);
        table.generation = u32::MAX - 2;
        for round in 0..6u64 {
            for key in 0..20u64 {
                match table.find(key * 31 + round, |_| true) {
                    Probe::Vacant(slot) => table.insert(slot, key * 31 + round, key as usize),
                    other => panic!("round {round}, key {key}: {other:?}"),
                }
            }
            for key in 0..20u64 {
                assert_eq!(
                    table.find(key * 31 + round, |e| e == key as usize),
                    Probe::Found(key as usize)
                );
            }
            table.clear();
        }
    }

    #[test]
    fn shapes_collapse_runs() {
        assert_eq!(shape("Jakarta").0, "Xx");
        assert_eq!(shape("BRICS").0, "X");
        assert_eq!(shape("13/11/2019").0, "d/d/d");
        assert!(shape("BRICS").2);
        assert!(!shape("A").2);
    }

    #[test]
    fn text_hashes_do_not_depend_on_how_the_bytes_arrive() {
        let text: Vec<u8> = (0..40u8).map(|b| b.wrapping_mul(37) ^ 0xa5).collect();
        for len in 0..text.len() {
            let s = &text[..len];
            let mut whole = TextHash::new(7);
            whole.bytes(s);
            let mut by_byte = TextHash::new(7);
            for &b in s {
                by_byte.byte(b);
            }
            assert_eq!(whole.value(), by_byte.value(), "{len}");
            for cut in 0..=len {
                let mut split = TextHash::new(7);
                split.bytes(&s[..cut]);
                split.bytes(&s[cut..]);
                assert_eq!(split.value(), whole.value(), "{len} {cut}");
            }
            // Another template, or a trailing zero byte, is another hash.
            let mut other = TextHash::new(8);
            other.bytes(s);
            assert_ne!(other.value(), whole.value());
            let mut zero = whole;
            zero.byte(0);
            assert_ne!(zero.value(), whole.value());
        }
    }

    #[test]
    fn shapes_are_the_hashed_shapes() {
        for w in [
            "",
            "x",
            "Jakarta",
            "BRICS",
            "U.S.",
            "13/11/2019",
            "Rp1.500.000",
            "a-B_c!",
            "ÄRZTE",
            "İstanbul'da",
            "日本語",
            "Ǆemal",
            "ǅemal",
            "москва",
            "Москва",
            "عربي",
            "ΟΔΟΣ",
            "ẞtraße",
            "ᎠᎡꭰ",
            "ÅSTRÖM",
            "ΣΟΦΟΣ",
        ] {
            let (sh, title, caps) = shape(w);
            let may_name = w
                .chars()
                .any(|c| c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase()));
            let expected = Shape {
                hash: hash_str(2, &sh),
                title,
                caps,
                may_name,
            };
            let mut lower = String::from("x");
            assert_eq!(lower_and_shape(w, &mut lower), expected, "{w}");
            assert_eq!(lower[1..], w.to_lowercase(), "{w}");
        }
    }

    #[test]
    fn features_match_the_plain_definition() {
        const CORPUS: &str = include_str!("../../tests/data/dates-money-nerugm.tsv");
        let mut sentences: Vec<String> = CORPUS
            .lines()
            .filter_map(|l| l.strip_prefix("S\t"))
            .map(str::to_owned)
            .collect();
        sentences.extend(
            [
                "Menteri Luar Negeri Retno Marsudi bertemu Wakil PM Inggris di Jakarta .",
                "ΣΟΦΙΑ ΣΟΦΟΣ σοφός İstanbul'da Ǆemal Ärzte 13/11/2019 Rp1.500.000 , ” «",
                "Presiden Presiden Amerika Serikat Uni Eropa AS UE x é 日本語 ab",
                // Words of ASCII without a capital, hashed only when needed.
                "kata menteri luar negeri itu , bahwa semua baik-baik saja ; rp1.500.000 13/11/2019 \0 a-b_c! '' x",
                "tanpa-huruf-besar-yang-panjang-sekali_dan_lagi-lagi-lagi kata menteri luar negeri Retno di sana",
                // And outside ASCII: lower case and marks, shaped at once,
                // hashed only when needed.
                "и он сказал , что всё « хорошо » — “ mañana ” é ǆemal ärzte σοφός …",
                "он сказал , что Путин « хорошо » — “ mañana ” é ǆemal Ärzte σοφός …",
            ]
            .map(str::to_owned),
        );
        assert!(sentences.len() > 300);
        let mut scratch = Scratch::default();
        let (mut f1, mut s1, mut f2, mut s2) = (vec![], vec![], vec![], vec![]);
        for sentence in &sentences {
            let words: Vec<&str> = sentence.split_whitespace().collect();
            sentence_features_with(&words, &mut f1, &mut s1, &mut scratch);
            reference::sentence_features_plainly(&words, &mut f2, &mut s2);
            assert_eq!((&f1, &s1), (&f2, &s2), "{sentence}");
        }
    }

    #[test]
    fn features_are_deterministic_and_position_aware() {
        let words = ["Presiden", "Joko", "Widodo", "di", "Rusia"];
        let (mut f1, mut s1, mut f2, mut s2) = (vec![], vec![], vec![], vec![]);
        sentence_features(&words, &mut f1, &mut s1);
        sentence_features(&words, &mut f2, &mut s2);
        assert_eq!(f1, f2);
        assert_eq!(s1.len(), words.len() + 1);
        // "Joko" follows a title, "Rusia" is a listed place: their flag features differ
        // from a plain word's.
        let feats_of = |i: usize| &f1[s1[i]..s1[i + 1]];
        // The flags are the seventh feature from the end.
        let flags = |i: usize| feats_of(i)[feats_of(i).len() - 7];
        assert_ne!(flags(1), flags(3));
    }
}
