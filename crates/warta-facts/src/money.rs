//! Sums of money: `Rp1.500.000`, `Rp 1,25 triliun`, `$1,2 miliar`,
//! `US$ 5 juta`, `100 juta dolar AS`, `€3 million`, `Rp1 Jutaan`, `jutaan rupiah`.

use crate::scan::{lower, lower_ascii, may_lower_to_ascii, AsciiWords, Kind, Tok};

/// A sum found, by byte offsets into the scanned text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FoundMoney {
    pub start: usize,
    pub end: usize,
    pub amount: f64,
    pub currency: Option<&'static str>,
    pub approximate: bool,
}

/// How numbers are written: Indonesian `1.500.000,5` or English `1,500,000.5`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NumberStyle {
    Indonesian,
    English,
}

/// Reads a written number. A separator followed by exactly three digits is a
/// thousands separator when repeated or when the style says so; otherwise
/// it is the decimal mark (`1,2` is 1.2 in either style).
pub(crate) fn parse_number(s: &str, style: NumberStyle) -> Option<f64> {
    if s.is_empty()
        || !s
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return None;
    }
    let groups: Vec<&str> = s.split(['.', ',']).collect();
    let seps: Vec<u8> = s.bytes().filter(|b| *b == b'.' || *b == b',').collect();
    if groups.iter().any(|g| g.is_empty()) {
        return None;
    }
    let mut int = String::new();
    let mut frac = String::new();
    match seps.as_slice() {
        [] => int.push_str(s),
        [one] => {
            let last = groups[1];
            let thousands_mark = match style {
                NumberStyle::Indonesian => b'.',
                NumberStyle::English => b',',
            };
            // "1,000" and "1.000" are thousands in either style.
            if last.len() == 3 && (*one == thousands_mark || last == "000") {
                int.push_str(groups[0]);
                int.push_str(last);
            } else {
                int.push_str(groups[0]);
                frac.push_str(last);
            }
        }
        many => {
            // 1.500.000 or 1.500.000,50 or 1,500,000.50
            let first = many[0];
            let last_sep = many[many.len() - 1];
            let all_same = many.iter().all(|b| *b == first);
            let n = groups.len();
            if all_same {
                if groups[1..].iter().any(|g| g.len() != 3) {
                    return None;
                }
                int = groups.concat();
            } else if many[..many.len() - 1].iter().all(|b| *b == first) && last_sep != first {
                if groups[1..n - 1].iter().any(|g| g.len() != 3) {
                    return None;
                }
                int = groups[..n - 1].concat();
                frac.push_str(groups[n - 1]);
            } else {
                return None;
            }
        }
    }
    let text = if frac.is_empty() {
        int
    } else {
        format!("{int}.{frac}")
    };
    text.parse().ok()
}

/// `20.125` after a dollar sign: one full stop and three digits not ending in
/// zero is a price with decimals, not thousands (which are round: `1.500`).
fn is_foreign_decimal(n: &str) -> bool {
    let Some((_, frac)) = n.split_once('.') else {
        return false;
    };
    !n.contains(',') && frac.len() == 3 && !frac.contains('.') && !frac.ends_with('0')
}

/// Scale words (`juta`) and whether the approximate `-an` form was used.
fn scale(t: &Tok<'_>, after_rupiah: bool) -> Option<(f64, bool)> {
    if t.kind != Kind::Word {
        return None;
    }
    // Every scale word starts with one of these letters; an ASCII letter
    // lower-cases to itself alone, so other words skip the lower-casing.
    if t.text.as_bytes().first().is_some_and(|b| {
        b.is_ascii()
            && !matches!(
                b.to_ascii_lowercase(),
                b'r' | b't' | b'k' | b'j' | b'm' | b'b' | b'p'
            )
    }) {
        return None;
    }
    // And every one has at most 9 letters (`triliunan`).
    if t.text.len() > 9 && t.text.is_ascii() {
        return None;
    }
    let w = lower_ascii(t.text)?;
    let (base, approx) = match w.strip_suffix("an") {
        Some(b)
            if matches!(
                b,
                "ribu" | "juta" | "miliar" | "milyar" | "triliun" | "ratus" | "puluh"
            ) =>
        {
            (b, true)
        }
        _ => (w.as_str(), false),
    };
    let v = match base {
        "ribu" | "rb" | "thousand" | "k" => 1e3,
        "juta" | "jt" | "million" | "mln" | "mio" => 1e6,
        "miliar" | "milyar" | "billion" | "bn" | "bln" => 1e9,
        "triliun" | "trillion" | "tn" | "trn" => 1e12,
        "ratus" if approx => 1e2,
        "puluh" if approx => 1e1,
        "m" if t.text == "m" && !t.space_before => 1e6,
        "b" if t.text == "b" && !t.space_before => 1e9,
        "m" if t.text == "M" && after_rupiah => 1e9,
        "t" if t.text == "T" && after_rupiah => 1e12,
        _ => return None,
    };
    Some((v, approx))
}

/// A currency written before the number: returns the ISO code and the index of
/// the token after it.
fn prefix_currency(toks: &[Tok<'_>], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    let next_glued_dollar = toks
        .get(i + 1)
        .is_some_and(|n| n.is_punct('$') && !n.space_before);
    match t.kind {
        Kind::Punct => {
            let code = match t.text {
                "$" => "USD",
                "€" => "EUR",
                "£" => "GBP",
                "¥" => "JPY",
                "₩" => "KRW",
                "₹" => "INR",
                "₱" => "PHP",
                "฿" => "THB",
                _ => return None,
            };
            Some((code, i + 1))
        }
        Kind::Word => {
            if next_glued_dollar {
                let code = match t.text {
                    "US" => "USD",
                    "S" | "SG" => "SGD",
                    "A" | "AU" => "AUD",
                    "HK" => "HKD",
                    "NZ" => "NZD",
                    "C" | "CA" => "CAD",
                    "NT" => "TWD",
                    _ => return None,
                };
                return Some((code, i + 2));
            }
            let code = match t.text {
                "Rp" | "RP" | "rp" => "IDR",
                "IDR" | "USD" | "EUR" | "GBP" | "JPY" | "CNY" | "SGD" | "MYR" | "AUD" | "HKD"
                | "KRW" | "INR" | "THB" | "PHP" | "SAR" | "CHF" | "CAD" | "NZD" | "RMB" => {
                    if t.text == "RMB" {
                        "CNY"
                    } else {
                        // The code itself, as a static string.
                        CODES.iter().find(|c| **c == t.text)?
                    }
                }
                "RM" => "MYR",
                _ => return None,
            };
            let mut j = i + 1;
            if toks
                .get(j)
                .is_some_and(|n| n.is_punct('.') && !n.space_before)
            {
                j += 1;
            }
            Some((code, j))
        }
        Kind::Num => None,
    }
}

const CODES: [&str; 19] = [
    "IDR", "USD", "EUR", "GBP", "JPY", "CNY", "SGD", "MYR", "AUD", "HKD", "KRW", "INR", "THB",
    "PHP", "SAR", "CHF", "CAD", "NZD", "RMB",
];

/// A currency written after the number (`rupiah`, `dolar AS`, `euro`): the ISO
/// code and the index of its last token.
fn suffix_currency(toks: &[Tok<'_>], i: usize) -> Option<(&'static str, usize)> {
    let t = toks.get(i)?;
    if t.kind != Kind::Word {
        return None;
    }
    let w = lower_ascii(t.text)?;
    let next = toks.get(i + 1).filter(|n| n.kind == Kind::Word);
    let r = match w.as_str() {
        "rupiah" => ("IDR", i),
        "dolar" | "dollar" | "dollars" | "dolar-dolar" => {
            let code = match next.map(|n| n.text) {
                Some("AS" | "Amerika") => {
                    let last = if next.is_some_and(|n| n.text == "Amerika")
                        && toks.get(i + 2).is_some_and(|n| n.text == "Serikat")
                    {
                        i + 2
                    } else {
                        i + 1
                    };
                    return Some(("USD", last));
                }
                Some("Singapura" | "Singapore") => "SGD",
                Some("Australia") => "AUD",
                Some("Hong") if toks.get(i + 2).is_some_and(|n| n.text == "Kong") => {
                    return Some(("HKD", i + 2))
                }
                Some("Kanada" | "Canada") => "CAD",
                Some("Taiwan") => "TWD",
                Some("Selandia") if toks.get(i + 2).is_some_and(|n| n.text == "Baru") => {
                    return Some(("NZD", i + 2))
                }
                _ => return Some(("USD", i)),
            };
            (code, i + 1)
        }
        "usd" => ("USD", i),
        "idr" => ("IDR", i),
        "euro" | "euros" | "eur" => ("EUR", i),
        "yen" => ("JPY", i),
        "yuan" | "renminbi" => ("CNY", i),
        "ringgit" => ("MYR", i),
        "won" if next.is_none() || !t.starts_upper() => ("KRW", i),
        "baht" => ("THB", i),
        "peso" | "pesos" => ("PHP", i),
        "riyal" | "real" if w == "riyal" => ("SAR", i),
        "rupee" | "rupees" => ("INR", i),
        "poundsterling" | "pounds" | "pound" => ("GBP", i),
        "franc" | "francs" => match next.map(|n| n.text) {
            Some("Perancis" | "Prancis" | "French") => return Some(("FRF", i + 1)),
            _ => ("CHF", i),
        },
        _ => return None,
    };
    Some(r)
}

fn is_approx_cue(toks: &[Tok<'_>], i: usize) -> bool {
    let word = |k: usize| {
        i.checked_sub(k)
            .and_then(|p| toks.get(p))
            .map(|t| lower(t.text))
    };
    match word(1).as_deref() {
        Some(
            "±" | "~" | "sekitar" | "kira" | "hampir" | "about" | "around" | "nearly" | "almost"
            | "roughly" | "approximately",
        ) => true,
        Some("lebih") => word(2).as_deref() == Some("kurang"),
        _ => false,
    }
}

/// The `-an` forms of the scale words ([`scale`]): of the words, only
/// these start a sum without a currency before them.
static APPROXIMATE_SCALES: AsciiWords<7> = AsciiWords::new([
    "ribuan",
    "jutaan",
    "miliaran",
    "milyaran",
    "triliunan",
    "ratusan",
    "puluhan",
]);

/// Whether a sum may start at `t`: false only for a token [`money_at`]
/// turns away whatever follows it, told from the token alone (most tokens
/// start none). A mark only when it is `$` or another sign (all outside
/// ASCII); a number only when [`parse_number`] may read it; a word only
/// when it may be a code written before the number ([`prefix_currency`]:
/// three letters at most, starting with a capital or `rp`) or an `-an`
/// form ([`APPROXIMATE_SCALES`]). A word that may not lower-case to ASCII
/// is neither: the codes are ASCII, and [`scale`] asks [`lower_ascii`].
fn may_start_money(t: &Tok<'_>) -> bool {
    let b = t.text.as_bytes();
    match t.kind {
        Kind::Punct => b.first().is_some_and(|&c| c == b'$' || !c.is_ascii()),
        Kind::Num => b
            .iter()
            .all(|&c| c.is_ascii_digit() || c == b'.' || c == b','),
        Kind::Word => {
            let code = b.len() <= 3
                && b.first()
                    .is_some_and(|&c| c.is_ascii_uppercase() || c == b'r');
            if t.ascii_letters {
                code || APPROXIMATE_SCALES.contains(t.text)
            } else {
                code || may_lower_to_ascii(t.text)
            }
        }
    }
}

/// Finds the sums of money in `text`. `style` is how plain numbers are written.
pub(crate) fn find_money(toks: &[Tok<'_>], style: NumberStyle) -> Vec<FoundMoney> {
    find_money_where(toks, style, may_start_money)
}

/// [`find_money`], looking for a sum only at the tokens `may_start` lets
/// through (the tests compare it with looking at every token).
fn find_money_where(
    toks: &[Tok<'_>],
    style: NumberStyle,
    may_start: impl Fn(&Tok<'_>) -> bool,
) -> Vec<FoundMoney> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(&toks[i]) {
            i += 1;
            continue;
        }
        if let Some(m) = money_at(toks, i, style) {
            i = m.1 + 1;
            out.push(m.0);
        } else {
            i += 1;
        }
    }
    out
}

fn money_at(toks: &[Tok<'_>], i: usize, style: NumberStyle) -> Option<(FoundMoney, usize)> {
    // Looked at only once a sum starts here: most tokens start none.
    let approx_before = || is_approx_cue(toks, i);
    // Currency before the number.
    if let Some((code, j)) = prefix_currency(toks, i) {
        let n = toks.get(j)?;
        if n.kind != Kind::Num || (n.space_before && j > i + 2) {
            return None;
        }
        // Rupiah is written the Indonesian way, dollars and euros by the text's style.
        let st = if code == "IDR" {
            NumberStyle::Indonesian
        } else if is_foreign_decimal(n.text) {
            NumberStyle::English
        } else {
            style
        };
        let mut amount = parse_number(n.text, st)?;
        let mut last = j;
        let mut approx = approx_before();
        // A range (`Rp 10 - 11 ribu`): the low end, with the scale written after the high end.
        let range_to = toks.get(j + 1).filter(|t| {
            t.is_punct('-') || t.is_punct('–') || t.is_word("hingga") || t.is_word("sampai")
        });
        let mut scale_at = j + 1;
        if range_to.is_some()
            && toks.get(j + 2).is_some_and(|t| t.kind == Kind::Num)
            && toks
                .get(j + 3)
                .and_then(|t| scale(t, code == "IDR"))
                .is_some()
        {
            scale_at = j + 3;
            last = j + 2;
        }
        if let Some((s, a)) = toks.get(scale_at).and_then(|t| scale(t, code == "IDR")) {
            amount *= s;
            approx |= a;
            last = scale_at;
        }
        // "Rp 100 juta rupiah" repeats the currency.
        if let Some((c2, l2)) = suffix_currency(toks, last + 1) {
            if c2 == code {
                last = l2;
            }
        }
        let found = FoundMoney {
            start: toks[i].start,
            end: toks[last].end,
            amount,
            currency: Some(code),
            approximate: approx,
        };
        return Some((found, last));
    }
    let t = &toks[i];
    // Number, scale, currency word: "100 juta dolar AS", "5 million euros".
    if t.kind == Kind::Num {
        // The currency word first: most numbers have none, and reading
        // the number costs more than looking for it.
        let mut j = i + 1;
        let scaled = toks.get(j).and_then(|t| scale(t, false));
        if scaled.is_some() {
            j += 1;
        }
        let (code, last) = suffix_currency(toks, j)?;
        let mut amount = parse_number(t.text, style)?;
        let mut approx = approx_before();
        if let Some((s, a)) = scaled {
            amount *= s;
            approx |= a;
        }
        let found = FoundMoney {
            start: t.start,
            end: toks[last].end,
            amount,
            currency: Some(code),
            approximate: approx,
        };
        return Some((found, last));
    }
    // "jutaan rupiah", "miliaran dolar", "ratusan juta rupiah".
    if t.kind == Kind::Word {
        // Only the `-an` forms start a sum: an ASCII word not ending so
        // (in any case) is none, without looking it up.
        let b = t.text.as_bytes();
        let ends_an = b.len() >= 2 && b[b.len() - 2..].eq_ignore_ascii_case(b"an");
        if !ends_an && t.text.is_ascii() {
            return None;
        }
        let (mut amount, a) = scale(t, false)?;
        if !a {
            return None;
        }
        let mut j = i + 1;
        if let Some((s, _)) = toks.get(j).and_then(|t| scale(t, false)) {
            amount *= s;
            j += 1;
        }
        let (code, last) = suffix_currency(toks, j)?;
        let found = FoundMoney {
            start: t.start,
            end: toks[last].end,
            amount,
            currency: Some(code),
            approximate: true,
        };
        return Some((found, last));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::scan;

    fn money(text: &str) -> Vec<(String, f64, Option<&'static str>, bool)> {
        find_money(&scan(text), NumberStyle::Indonesian)
            .into_iter()
            .map(|m| {
                (
                    text[m.start..m.end].to_owned(),
                    m.amount,
                    m.currency,
                    m.approximate,
                )
            })
            .collect()
    }

    #[test]
    fn the_prefilter_lets_through_every_token_a_sum_starts_at() {
        for text in crate::testing::corpus() {
            let toks = scan(&text);
            for style in [NumberStyle::Indonesian, NumberStyle::English] {
                for i in 0..toks.len() {
                    if money_at(&toks, i, style).is_some() {
                        assert!(may_start_money(&toks[i]), "{:?} in {text:?}", toks[i].text);
                    }
                }
                assert_eq!(
                    find_money(&toks, style),
                    find_money_where(&toks, style, |_| true),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn the_prefilter_turns_most_tokens_away() {
        let toks = scan("Dia datang ke kantor, makan siang: 10.30 (13/11)");
        let through: Vec<&str> = toks
            .iter()
            .filter(|t| may_start_money(t))
            .map(|t| t.text)
            .collect();
        assert_eq!(through, ["Dia", "10.30"]);
    }

    /// The first-letter test before lower-casing keeps scale words in any case.
    #[test]
    fn scale_words_in_any_case() {
        let found = money("Rp 5 JUTA, Rp 2 Triliun dan RIBUAN rupiah.");
        assert_eq!(found[0].1, 5e6);
        assert_eq!(found[1].1, 2e12);
        for w in ["Ribu", "JT", "Milyar", "Puluhan", "trillion"] {
            let t = scan(w);
            assert!(scale(&t[0], false).is_some(), "{w}");
        }
        for w in ["Rupiah", "dolar", "ke"] {
            let t = scan(w);
            assert!(scale(&t[0], false).is_none(), "{w}");
        }
    }

    #[test]
    fn indonesian_numbers() {
        let s = NumberStyle::Indonesian;
        assert_eq!(parse_number("1.500.000", s), Some(1_500_000.0));
        assert_eq!(parse_number("1,2", s), Some(1.2));
        assert_eq!(parse_number("1,25", s), Some(1.25));
        assert_eq!(parse_number("1.500", s), Some(1500.0));
        assert_eq!(parse_number("1.500.000,50", s), Some(1_500_000.5));
        assert_eq!(parse_number("2,5", s), Some(2.5));
        assert_eq!(parse_number("1.5.00", s), None);
        let e = NumberStyle::English;
        assert_eq!(parse_number("1,500", e), Some(1500.0));
        assert_eq!(parse_number("1.5", e), Some(1.5));
        assert_eq!(parse_number("1,500,000.75", e), Some(1_500_000.75));
    }

    #[test]
    fn seed_dollar_sum() {
        let m = money("bantuan senilai $1,2 miliar untuk mencegah krisis");
        assert_eq!(
            m,
            [(
                "$1,2 miliar".to_owned(),
                1_200_000_000.0,
                Some("USD"),
                false
            )]
        );
    }

    #[test]
    fn rupiah_forms() {
        let m = money(
            "Rp1.500.000, Rp. 25 juta, Rp 1,25 triliun, IDR 500 ribu, Rp 3 T dan 100 juta rupiah",
        );
        let got: Vec<_> = m.iter().map(|m| (m.0.as_str(), m.1)).collect();
        assert_eq!(
            got,
            [
                ("Rp1.500.000", 1_500_000.0),
                ("Rp. 25 juta", 25_000_000.0),
                ("Rp 1,25 triliun", 1_250_000_000_000.0),
                ("IDR 500 ribu", 500_000.0),
                ("Rp 3 T", 3e12),
                ("100 juta rupiah", 1e8),
            ]
        );
        assert!(m.iter().all(|m| m.2 == Some("IDR")));
    }

    #[test]
    fn foreign_currencies() {
        let m = money("US$ 5 juta, S$20, RM 3 juta, €3 million, 100 juta dolar AS, 2 miliar dolar Singapura, 50 euro");
        let got: Vec<_> = m
            .iter()
            .map(|m| (m.0.as_str(), m.1, m.2.unwrap_or("")))
            .collect();
        assert_eq!(
            got,
            [
                ("US$ 5 juta", 5e6, "USD"),
                ("S$20", 20.0, "SGD"),
                ("RM 3 juta", 3e6, "MYR"),
                ("€3 million", 3e6, "EUR"),
                ("100 juta dolar AS", 1e8, "USD"),
                ("2 miliar dolar Singapura", 2e9, "SGD"),
                ("50 euro", 50.0, "EUR"),
            ]
        );
    }

    #[test]
    fn approximate_sums() {
        let m = money(
            "Cuma Rp1 Jutaan, kerugian jutaan rupiah, sekitar Rp 5 miliar, ratusan juta rupiah",
        );
        let got: Vec<_> = m.iter().map(|m| (m.0.as_str(), m.1, m.3)).collect();
        assert_eq!(
            got,
            [
                ("Rp1 Jutaan", 1e6, true),
                ("jutaan rupiah", 1e6, true),
                ("Rp 5 miliar", 5e9, true),
                ("ratusan juta rupiah", 1e8, true),
            ]
        );
    }

    #[test]
    fn english_sums() {
        let m = find_money(
            &scan("It cost $5m, about $1.2 billion and 3,000 dollars."),
            NumberStyle::English,
        );
        let got: Vec<_> = m.iter().map(|m| (m.amount, m.approximate)).collect();
        assert_eq!(got, [(5e6, false), (1.2e9, true), (3000.0, false)]);
    }

    #[test]
    fn numbers_without_currency_are_not_money() {
        assert!(money("5 juta orang, 20 persen, RM dan Rp saja, $ x").is_empty());
    }
}
