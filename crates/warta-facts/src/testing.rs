//! Texts for the tests that compare a finder's fast paths with the plain
//! reading: the fixtures, the hand-checked sentences of the dates and
//! money test, and generated text that mixes every cue word of the finders
//! in every case with numbers, marks and words of other scripts.

/// Every cue and name the finders look for, and words near them.
const CUES: &[&str] = &[
    // Weekdays, months, qualifiers and relative cues.
    "senin",
    "selasa",
    "rabu",
    "kamis",
    "jumat",
    "jum'at",
    "jum’at",
    "sabtu",
    "minggu",
    "ahad",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "pertengahan",
    "awal",
    "akhir",
    "medio",
    "early",
    "mid",
    "late",
    "end",
    "januari",
    "january",
    "jan",
    "februari",
    "february",
    "pebruari",
    "feb",
    "peb",
    "maret",
    "march",
    "mar",
    "mrt",
    "april",
    "apr",
    "mei",
    "may",
    "juni",
    "june",
    "jun",
    "juli",
    "july",
    "jul",
    "agustus",
    "august",
    "agu",
    "agt",
    "ags",
    "aug",
    "agus",
    "september",
    "sep",
    "sept",
    "oktober",
    "october",
    "okt",
    "oct",
    "november",
    "nov",
    "nopember",
    "nop",
    "desember",
    "december",
    "des",
    "dec",
    "kemarin",
    "yesterday",
    "today",
    "tomorrow",
    "besok",
    "esok",
    "lusa",
    "tadi",
    "hari",
    "pekan",
    "bulan",
    "tahun",
    "last",
    "next",
    "this",
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
    // Every cue alone in each case, and each first letter and digit.
    for case in 0..3 {
        let words: Vec<String> = CUES.iter().map(|w| cased(w, case)).collect();
        texts.push(words.join(" "));
    }
    // Every cue after and before numbers, as dates, sums and counts read them.
    for case in 0..3 {
        let phrases: Vec<String> = CUES
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
                cased(CUES[rng.below(CUES.len())], rng.below(3))
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
