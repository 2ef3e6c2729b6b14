//! Texts for the tests that compare a finder's fast paths with the plain
//! reading: the fixtures, the hand-checked sentences of the dates and
//! money test, and generated text that mixes every cue word of the finders
//! in every case with numbers, marks and words of other scripts.

/// The cues and words near them that are not on the lists of names
/// [`cues`] adds.
const OTHER_CUES: &[&str] = &[
    // Weekdays, months, qualifiers and relative cues: besides the
    // calendar's names (see `cues`).
    "jum'at",
    "jum’at",
    "lalu",
    "silam",
    "ini",
    "depan",
    "mendatang",
    "ago",
    "yang",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "day",
    "days",
    "pagi",
    "siang",
    "sore",
    "malam",
    "dini",
    "pukul",
    "jam",
    "pkl",
    "at",
    "sekitar",
    "wib",
    "wita",
    "pm",
    "am",
    "pada",
    "sejak",
    "in",
    "per",
    "beberapa",
    "setiap",
    // Money.
    "rp",
    "idr",
    "usd",
    "eur",
    "rmb",
    "rm",
    "us",
    "sg",
    "hk",
    "juta",
    "jutaan",
    "ribu",
    "ribuan",
    "miliar",
    "miliaran",
    "milyar",
    "triliun",
    "triliunan",
    "ratusan",
    "puluhan",
    "ratus",
    "rb",
    "jt",
    "m",
    "b",
    "t",
    "k",
    "million",
    "billion",
    "thousand",
    "bn",
    "mln",
    "rupiah",
    "dolar",
    "dollar",
    "dollars",
    "as",
    "amerika",
    "serikat",
    "singapura",
    "euro",
    "yen",
    "yuan",
    "ringgit",
    "won",
    "peso",
    "riyal",
    "real",
    "pound",
    "franc",
    "perancis",
    "hong",
    "kong",
    "sekitar",
    "kira",
    "hampir",
    "lebih",
    "kurang",
    "about",
    "nearly",
    "hingga",
    "sampai",
    "baht",
    "rupee",
    "rupees",
    "poundsterling",
    "pounds",
    "francs",
    "euros",
    "renminbi",
    "trillion",
    "tn",
    "trn",
    "mio",
    "bln",
    "milyaran",
    "miliaran",
    "pesos",
    "eur",
    "idr",
    // Quotes.
    "kata",
    "katanya",
    "ujar",
    "ujarnya",
    "ungkap",
    "said",
    "says",
    "told",
    "mengatakan",
    "menyatakan",
    "menjelaskan",
    "mengungkapkan",
    "berkata",
    "menambahkan",
    "added",
    "explained",
    "argued",
    "warned",
    "menurut",
    "menurutnya",
    "according",
    "to",
    "ia",
    "dia",
    "beliau",
    "he",
    "she",
    "mereka",
    "they",
    "nya",
    "bahwa",
    "that",
    "juga",
    "pun",
    "telah",
    "also",
    "then",
    // Words near the cues, and others.
    "dan",
    "di",
    "akan",
    "tidak",
    "dengan",
    "untuk",
    "makan",
    "jalan",
    "mengatakannya",
    "katak",
    "saidi",
    "minggon",
    "bulanan",
    "tahunan",
    "harian",
    "kemarinnya",
];

/// Words of other kinds: numbers, marks, other scripts, odd letters.
const OTHERS: &[&str] = &[
    "24",
    "2021",
    "1945",
    "13/11/2019",
    "24/8",
    "2015-11-05",
    "10.30",
    "13:30",
    "01.30",
    "5",
    "100",
    "1.500.000",
    "1,2",
    "1,25",
    "20.125",
    "12345",
    "3-4",
    "0",
    "31",
    "32",
    "2/1",
    "(",
    ")",
    ",",
    ".",
    "-",
    "–",
    "—",
    "$",
    "€",
    "£",
    "¥",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "±",
    "~",
    ":",
    ";",
    "!",
    "?",
    "Москва",
    "говорит",
    "日本語",
    "İstanbul",
    "\u{212A}emarin",
    "\u{212A}ata",
    "Ärzte",
    "é",
    "ΣΟΦΟΣ",
    "straße",
    "x",
    "Q",
    "zebra",
    "Z",
    "ünd",
    "ǅemal",
    "\u{a0}",
    "…",
];

/// A small xorshift generator: the same texts on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every cue and name the finders look for, and words near them, in lower
/// case.
fn cues() -> Vec<String> {
    use crate::calendar::{
        MONTHS_EN, MONTHS_ID, MONTH_SPELLINGS, WEEKDAYS_EN, WEEKDAYS_ID, WEEKDAY_ABBREVIATIONS,
        WEEKDAY_OTHER_NAMES,
    };
    let numbered = WEEKDAY_OTHER_NAMES
        .iter()
        .chain(&WEEKDAY_ABBREVIATIONS)
        .chain(&MONTH_SPELLINGS)
        .map(|&(w, _)| w);
    WEEKDAYS_ID
        .iter()
        .chain(&WEEKDAYS_EN)
        .chain(&MONTHS_ID)
        .chain(&MONTHS_EN)
        .copied()
        .chain(numbered)
        .chain(crate::dates::MONTH_QUALIFIERS)
        .chain(crate::dates::RELATIVE_CUES)
        .chain(OTHER_CUES.iter().copied())
        .map(str::to_lowercase)
        .collect()
}

/// `w` in one of its cases: as listed, capitalised, upper case.
fn cased(w: &str, case: usize) -> String {
    match case {
        0 => w.to_owned(),
        1 => {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        }
        _ => w.to_uppercase(),
    }
}

/// The test texts.
pub(crate) fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = [
        include_str!("../../../fixtures/kompas-zuckerberg-dump.txt"),
        include_str!("../../../fixtures/antaranews-lombok-dump.txt"),
        include_str!("../../../fixtures/en-news-austria-dump.txt"),
        include_str!("../../../fixtures/seed-000-suarajateng.txt"),
        include_str!("../../../fixtures/seed-003-suara-truncated.txt"),
    ]
    .iter()
    .map(|t| t.replace('\n', "\n\n"))
    .collect();
    let tsv = include_str!("../tests/data/dates-money-nerugm.tsv");
    texts.extend(
        tsv.lines()
            .filter_map(|l| l.strip_prefix("S\t"))
            .map(str::to_owned),
    );
    let cues = cues();
    // Every cue alone in each case, and each first letter and digit.
    for case in 0..3 {
        let words: Vec<String> = cues.iter().map(|w| cased(w, case)).collect();
        texts.push(words.join(" "));
    }
    // Every cue after and before numbers, as dates, sums and counts read them.
    for case in 0..3 {
        let phrases: Vec<String> = cues
            .iter()
            .map(|w| {
                let w = cased(w, case);
                format!("3 {w} lalu, 24 {w} 2021, 5 {w} yang lalu, 10 {w} ago, Rp 5 {w} rupiah, {w} 24, {w} 2021.")
            })
            .collect();
        texts.push(phrases.join(" "));
    }
    let letters: String = ('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .flat_map(|c| [c, 'x', ' ', c, ' '])
        .collect();
    texts.push(letters);
    // Random sentences of cues, numbers, marks and others, sometimes glued.
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..rng.below(40) + 1 {
            let w = if rng.below(3) == 0 {
                OTHERS[rng.below(OTHERS.len())].to_owned()
            } else {
                cased(&cues[rng.below(cues.len())], rng.below(3))
            };
            text.push_str(&w);
            match rng.below(10) {
                0 => {}
                1 => text.push_str(", "),
                2 => text.push_str(". "),
                3 => text.push_str("\n\n"),
                _ => text.push(' '),
            }
        }
        texts.push(text);
    }
    texts
}
