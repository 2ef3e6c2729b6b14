//! Rules for the article's edges and header on HTML pages: the opening
//! dateline paragraph outside the body element, pull quotes, source credits,
//! channel words in site names, and a header set apart by many images.

use warta_extract::{InputHint, Options};
use warta_model::Article;

fn extract(html: &str) -> Article {
    let options = Options {
        input: InputHint::Html,
        facts: false,
        ..Options::default()
    };
    match warta_extract::extract(html.as_bytes(), &options) {
        Ok(article) => article,
        Err(e) => panic!("the page gives no article: {e}"),
    }
}

const SENTENCES: [&str; 5] = [
    "Petugas kepolisian daerah menemukan indikasi kuat bahwa praktik itu masih marak terjadi di kota tersebut sepanjang tahun ini.",
    "Menurut dia, para pelaku menawarkan berbagai imbalan kepada korban yang sebagian besar masih berusia sekolah menengah.",
    "Polisi juga meminta orang tua untuk lebih memperhatikan kegiatan anak-anak mereka di luar jam sekolah setiap hari.",
    "Dinas sosial setempat menyatakan siap memberikan pendampingan kepada para korban yang telah berhasil diselamatkan petugas.",
    "Kasus serupa sebelumnya juga pernah terungkap di beberapa kabupaten lain di provinsi yang sama pada tahun lalu.",
];

fn paragraphs() -> String {
    SENTENCES.iter().map(|s| format!("{s}<br><br>\n")).collect()
}

#[test]
fn the_dateline_paragraph_before_the_body_element_opens_the_body() {
    let page = format!(
        "<html><body><nav><a href='/'>Beranda</a> <a href='/n'>Nasional</a></nav>\
         <div id='content'><h1>Praktik itu masih marak</h1>\
         <div id='body'>Bandarlampung (ANTARA) - Polisi menyebut praktik itu sudah merambah kalangan pelajar di kota ini.\
         <div>{}</div></div></div><footer>Hak cipta dilindungi</footer></body></html>",
        paragraphs()
    );
    let article = extract(&page);
    let first = article.body.first().map(|b| b.text.as_str()).unwrap_or("");
    assert!(
        first.starts_with("Polisi menyebut praktik itu"),
        "first paragraph: {first:?}"
    );
    assert_eq!(article.agency.as_deref(), Some("ANTARA"));
}

#[test]
fn a_standfirst_beside_the_body_element_stays_out() {
    let page = format!(
        "<html><body><div id='content'><h1>Praktik itu masih marak</h1>\
         <div id='body'>Apa yang sebenarnya terjadi di kota ini selama bertahun-tahun tanpa diketahui siapa pun?\
         <div>{}</div></div></div></body></html>",
        paragraphs()
    );
    let article = extract(&page);
    assert!(
        !article.text.contains("Apa yang sebenarnya terjadi"),
        "{}",
        article.text
    );
}

#[test]
fn a_pull_quote_repeating_the_text_is_not_body() {
    let quote = "para pelaku menawarkan berbagai imbalan kepada korban yang sebagian besar masih berusia sekolah";
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1>\
         <blockquote>... {quote} ...</blockquote><div>{}</div></article></body></html>",
        paragraphs()
    );
    let article = extract(&page);
    assert_eq!(article.text.matches(quote).count(), 1, "{}", article.text);
}

#[test]
fn a_source_credit_after_the_body_names_the_agency() {
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1><div>{}</div>\
         <div><b>Sumber : Antara</b></div></article></body></html>",
        paragraphs()
    );
    let article = extract(&page);
    assert_eq!(article.agency.as_deref(), Some("ANTARA"));
    assert!(!article.text.contains("Sumber"));
}

#[test]
fn the_dateline_outlet_drops_the_channel_from_the_site_name() {
    let page = format!(
        "<html><head><title>Praktik itu masih marak - Wartakita.com Bola</title></head><body><article>\
         <h1>Praktik itu masih marak</h1><p>JAKARTA, WARTAKITA.COM - {}</p>{}</article></body></html>",
        SENTENCES[0],
        SENTENCES[1..]
            .iter()
            .map(|s| format!("<p>{s}</p>"))
            .collect::<String>()
    );
    let article = extract(&page);
    assert_eq!(article.site_name.as_deref(), Some("WARTAKITA.COM"));
}

#[test]
fn a_date_line_above_many_images_is_still_the_header() {
    let images: String = (0..20)
        .map(|i| format!("<div><img src='/i/{i}.jpg'></div>"))
        .collect();
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1>\
         <div class='date'>Selasa 16 Jun 2015, 14:05 WIB</div>{images}<div>{}</div>\
         </article></body></html>",
        SENTENCES
            .iter()
            .map(|s| format!("<p>{s}</p>"))
            .collect::<String>()
    );
    let article = extract(&page);
    assert_eq!(
        article.published.as_deref(),
        Some("2015-06-16T14:05:00+07:00")
    );
}

fn names(article: &Article) -> Vec<(String, String)> {
    article
        .authors
        .iter()
        .map(|a| {
            let role = serde_json::to_value(a.role)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            (a.name.clone(), role)
        })
        .collect()
}

fn body_paragraphs() -> String {
    SENTENCES.iter().map(|s| format!("<p>{s}</p>")).collect()
}

#[test]
fn a_byline_naming_the_site_after_a_dash() {
    let page = format!(
        "<html><head><meta property='og:site_name' content='wartanews'></head><body><article>\
         <h1>Praktik itu masih marak</h1><div>Bagus Kurniawan - wartanews</div>{}</article></body></html>",
        body_paragraphs()
    );
    let article = extract(&page);
    assert_eq!(
        names(&article),
        [("Bagus Kurniawan".into(), "author".into())]
    );
}

#[test]
fn role_labels_with_names_under_them_after_a_list_of_other_stories() {
    let others: String = (0..6)
        .map(|i| format!("<li><a href='/b/{i}'>Berita lain nomor {i} tentang kota</a></li>"))
        .collect();
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1>{}</article>\
         <div><h3>Baca Juga</h3><ul>{others}</ul></div>\
         <div><div>Author</div><div>Silvanus Alvin</div><img src='/a.png' alt='avatar'>\
         <div>Hanz Jimenez Salim</div><img src='/b.png' alt='avatar'><div>Editor</div>\
         <div>Mevi Linawati</div><img src='/c.png' alt='avatar'></div></body></html>",
        body_paragraphs()
    );
    let article = extract(&page);
    assert_eq!(
        names(&article),
        [
            ("Silvanus Alvin".into(), "author".into()),
            ("Hanz Jimenez Salim".into(), "author".into()),
            ("Mevi Linawati".into(), "editor".into()),
        ]
    );
}

#[test]
fn an_upper_case_sign_off_after_the_text_is_the_writer() {
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1>{}<p>DINI TEJA</p></article></body></html>",
        body_paragraphs()
    );
    let article = extract(&page);
    assert_eq!(names(&article), [("Dini Teja".into(), "author".into())]);
    assert!(!article.text.contains("DINI TEJA"));
}

#[test]
fn a_related_cue_closing_the_text_heads_the_article_s_related_links() {
    let titles = [
        "Armand Maulana dan Rambut Gondrong Ikoniknya Dari Tahun ke Tahun",
        "Selena Gomez Saat Masih Berusia 7 Tahun, Bikin Gemas Maksimal!",
        "Dulu dan Kini Maia Estianty Tak Ada Beda, Cantiknya Awet!",
    ];
    let list: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!("<li><a href='/r/{i}'>{t}</a></li>"))
        .collect();
    let page = format!(
        "<html><body><article><h1>Praktik itu masih marak</h1>{}\
         <h4>JANGAN LEWATKAN!!!</h4><ul>{list}</ul></article>\
         <aside><h3>Terpopuler</h3><ul><li><a href='/p'>Berita paling banyak dibaca hari ini di kota</a></li></ul></aside>\
         </body></html>",
        body_paragraphs()
    );
    let article = extract(&page);
    let found: Vec<&str> = article.related.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(found, titles);
}
