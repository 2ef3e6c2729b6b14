//! Which blocks become the article's body: one synthetic page per rule, each
//! built so that the body comes out wrong without the rule.

use warta_extract::{extract, InputHint, Options};

fn options(input: InputHint) -> Options {
    Options {
        input,
        facts: false,
        ..Options::default()
    }
}

fn body_of_dump(dump: &str) -> Vec<String> {
    let article = extract(dump.as_bytes(), &options(InputHint::Text)).expect("a dump parses");
    article.body.iter().map(|b| b.text.clone()).collect()
}

/// A paragraph of running English text, different for every `n`.
fn paragraph(topic: &str, n: usize) -> String {
    format!(
        "The council said on Monday that the {topic} plan number {n} would be reviewed again, \
         and that the residents who had written to it were going to be heard before any \
         decision was taken about the money that it would cost."
    )
}

#[test]
fn a_comment_section_ends_the_article() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str("12 Comments\n\n");
    for n in 0..8 {
        dump.push_str(&format!(
            "reader{n} says:\nNovember {n}, 2019 at 6:3{n} am\n\n"
        ));
        dump.push_str(&paragraph("comment", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 4, "{body:#?}");
    assert!(body.iter().all(|p| p.contains("bridge")));
}

#[test]
fn a_comment_count_under_the_headline_does_not_end_the_article() {
    let mut dump = String::from("Council to review the plan\n\n3 Comments\n\n");
    for n in 0..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 4, "{body:#?}");
}

#[test]
fn stamps_repeated_on_list_items_keep_the_list_out() {
    // Teasers of other stories, each under a time stamp, after the article:
    // without the stamps' weight they read as more article text.
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    for n in 1..7 {
        dump.push_str(&format!("{n} hours ago\n"));
        dump.push_str(&paragraph("teaser", n));
        dump.push('\n');
        dump.push_str(&format!("Rating: {n}{n} Votes\n"));
    }
    let body = body_of_dump(&dump);
    assert!(body.iter().all(|p| p.contains("bridge")), "{body:#?}");
    assert_eq!(body.len(), 4, "{body:#?}");
}

#[test]
fn a_cookie_notice_is_not_article_text() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..3 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str(
        "This website uses cookies to improve your experience while you navigate through \
         the website, and we assume you are ok with this, but you can opt-out if you wish.\n",
    );
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 3, "{body:#?}");
}

#[test]
fn blurbs_hanging_on_labels_count_less_than_paragraphs() {
    // Story blurbs, each right under its title with no blank line, after an
    // article whose paragraphs stand apart.
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str("Opinion\nCouncil\nBridges\nRoads\nRiver\nSchools\n\nRead these next\n\n");
    for n in 0..3 {
        dump.push_str(&format!("Another story about the town number {n}\n"));
        dump.push_str(&paragraph("teaser", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert!(body.iter().all(|p| p.contains("bridge")), "{body:#?}");
}

#[test]
fn a_list_written_as_text_does_not_split_the_article() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..2 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str("The plan covers:\n\n");
    for item in [
        "the repair of the old bridge,",
        "a new path for the school,",
        "the lights on the main road,",
        "a study of the river banks,",
        "the cost of the works,",
        "and the time it will take.",
    ] {
        dump.push_str(&format!("* {item}\n"));
    }
    dump.push('\n');
    for n in 2..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert!(
        body.first().is_some_and(|p| p.contains("number 0")),
        "{body:#?}"
    );
    assert!(
        body.last().is_some_and(|p| p.contains("number 3")),
        "{body:#?}"
    );
}

fn body_of_page(html: &str) -> Vec<String> {
    let article = extract(html.as_bytes(), &options(InputHint::Html)).expect("a page parses");
    article.body.iter().map(|b| b.text.clone()).collect()
}

#[test]
fn bare_blocks_closing_the_article_container_stay_in_the_article() {
    let mut html = String::from(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>\
         <article><h1>Band sets a tour</h1><div class='text'>",
    );
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("tour", n)));
    }
    html.push_str(
        "<h3>Tour dates</h3><p>June 9 – West Palm Beach, FL, Coral Sky Amphitheatre</p>\
         <p>June 10 – Tampa, FL, MidFlorida Credit Union Amphitheatre</p></div></article>\
         <footer><a href='/about'>About</a> <a href='/privacy'>Privacy</a></footer></body></html>",
    );
    let body = body_of_page(&html);
    assert!(
        body.last().is_some_and(|p| p.starts_with("June 10")),
        "{body:#?}"
    );
    assert!(body.iter().any(|p| p == "Tour dates"), "{body:#?}");
}

#[test]
fn boxes_splitting_a_named_body_do_not_split_the_article() {
    let product = "<div class='product'><p><a href='/p'>Wireless Earphones</a></p>\
                   <p><a href='/buy'>$139.00</a></p><p><a href='/buy'>Buy Now</a></p>\
                   <p><a href='/shop'>Available from Amazon</a></p></div>";
    let mut html =
        String::from("<html><body><article><h1>The best deals</h1><div class='entry-content'>");
    for n in 0..6 {
        html.push_str(&format!("<p>{}</p>", paragraph("deal", n)));
        if n % 2 == 1 {
            html.push_str(product);
        }
    }
    // The longest run of text is a box of its own inside the body.
    html.push_str("<div class='specs'><ul>");
    for n in 0..4 {
        html.push_str(&format!("<li>{}</li>", paragraph("spec", n)));
    }
    html.push_str("</ul></div>");
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    let paragraphs = body.iter().filter(|p| p.contains("deal plan")).count();
    assert_eq!(paragraphs, 6, "{body:#?}");
}

#[test]
fn text_above_the_headline_is_not_the_article() {
    // A ticker of other stories sits above the headline in the same wrapper.
    let mut html = String::from(
        "<html><head><meta property='og:title' content='Council to review the bridge plan'>\
         </head><body><div class='main'><h1>The Daily Town</h1><div class='ticker'><ul>",
    );
    for n in 0..3 {
        html.push_str(&format!("<li>{}</li>", paragraph("ticker", n)));
    }
    html.push_str("</ul></div><div class='story'><h2>Council to review the bridge plan</h2>");
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("</div></div></body></html>");
    let body = body_of_page(&html);
    assert!(body.iter().all(|p| p.contains("bridge")), "{body:#?}");
    assert_eq!(body.len(), 4, "{body:#?}");
}

#[test]
fn a_boilerplate_name_on_the_article_itself_does_not_drop_its_short_lines() {
    let mut html = String::from(
        "<html><body><article><h1>Council to review the plan</h1>\
         <div class='post-content widget-area'>",
    );
    for n in 0..2 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("<p>No one is watching.</p>");
    for n in 2..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(body.iter().any(|p| p == "No one is watching."), "{body:#?}");
}

#[test]
fn a_list_of_headlines_is_not_article_text() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..3 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    for n in 0..8 {
        dump.push_str(&format!(
            "Royal wedding {n}: will the princess be allowed to wear the tiara at the ceremony\n\n"
        ));
    }
    let body = body_of_dump(&dump);
    assert!(body.iter().all(|p| p.contains("bridge")), "{body:#?}");
}

#[test]
fn texts_a_page_repeats_are_not_the_article() {
    // A gallery writes each caption twice (slide and thumbnail strip).
    let caption = |n: usize| {
        format!(
            "<p>The mayor, left, and the engineer walk along the old bridge on Monday in picture {n} of the series.</p>"
        )
    };
    let mut html = String::from("<html><body><article><h1>Council to review the plan</h1>");
    for _ in 0..2 {
        html.push_str("<div class='gallery'>");
        for n in 0..4 {
            html.push_str(&caption(n));
        }
        html.push_str("</div>");
    }
    html.push_str("<div class='text'>");
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(body.iter().all(|p| p.contains("bridge plan")), "{body:#?}");
}

#[test]
fn the_authors_bio_closes_the_article() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..4 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str("About the author\n\n");
    for n in 0..2 {
        dump.push_str(&paragraph("biography", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 4, "{body:#?}");
}

#[test]
fn a_newsletter_box_is_not_article_text() {
    let mut dump = String::from("Council to review the plan\n\n");
    for n in 0..3 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    for line in [
        "Stay up to date with the town: subscribe to our newsletter and get the news delivered to your inbox every morning.",
        "Sign up for the weekly newsletter and we will send you the stories that matter most to the people of the town.",
    ] {
        dump.push_str(line);
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 3, "{body:#?}");
}

#[test]
fn text_inside_a_figure_is_the_images_not_the_articles() {
    let mut html =
        String::from("<html><body><article><h1>Council to review the plan</h1><div class='text'>");
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
        html.push_str(
            "<figure><img src='a.jpg'><div class='credit'>Image copyright EPA</div>\
             <p>The mayor walks along the old bridge with the engineer who drew the plan.</p></figure>",
        );
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body.len(), 4, "{body:#?}");
    assert!(body.iter().all(|p| p.contains("bridge plan")), "{body:#?}");
}

#[test]
fn captions_and_credit_lines_outside_figures_are_not_article_text() {
    let mut html =
        String::from("<html><body><article><h1>Council to review the plan</h1><div class='text'>");
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str(
        "<div class='photo'><img src='a.jpg'><span>The old bridge was built in 1923 <span>(Image: GETTY )</span></span></div>\
         <p>The mayor walks along the old bridge with the engineer. (Photo: Getty Images)</p>\
         <div>Photo: Ringo Chiu, AP</div><div>Courtesy of Andrew Vaughan</div>",
    );
    for n in 4..6 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body.len(), 6, "{body:#?}");
    assert!(body.iter().all(|p| p.contains("bridge plan")), "{body:#?}");
}

#[test]
fn an_embedded_posts_attribution_stays_with_the_post() {
    let mut html =
        String::from("<html><body><article><h1>Club names a new manager</h1><div class='text'>");
    for n in 0..3 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str(
        "<blockquote class='twitter-tweet'><p>We are delighted to welcome our new head coach to the club today.</p>\
         &mdash; Tottenham Hotspur (@SpursOfficial) <a href='https://twitter.com/x/status/1'>November 20, 2019</a></blockquote>",
    );
    for n in 3..5 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(
        body.iter()
            .any(|p| p.starts_with("— Tottenham Hotspur (@SpursOfficial)")),
        "{body:#?}"
    );
}

#[test]
fn a_heading_repeating_a_paragraph_does_not_drop_it() {
    let lead = "The Portuguese coach had been out of work since he was sacked by the club in December last year.";
    let mut html = format!(
        "<html><body><div class='teaser'><h2>{lead}</h2></div><article><h1>Club names a new manager</h1><div class='text'><p>{lead}</p>"
    );
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(body.iter().any(|p| p == lead), "{body:#?}");
}

#[test]
fn a_line_repeated_inside_the_article_is_the_articles_own() {
    let line = "Two eggs, one cup of asparagus and half a cup of sweet potato, with a teaspoon of olive oil.";
    let mut html =
        String::from("<html><body><article><h1>Meal plans for the week</h1><div class='text'>");
    for n in 0..3 {
        html.push_str(&format!(
            "<p>{}</p><h3>Plan {n}</h3><p>{line}</p>",
            paragraph("meal", n)
        ));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body.iter().filter(|p| *p == line).count(), 3, "{body:#?}");
}

#[test]
fn short_lines_and_stacked_headings_inside_the_article_are_kept() {
    let mut html =
        String::from("<html><body><article><h1>Meal plans for the week</h1><div class='text'>");
    for n in 0..3 {
        html.push_str(&format!("<p>{}</p>", paragraph("meal", n)));
    }
    html.push_str(
        "<h2>Menu for Plan A</h2><h3>Workout Supplement</h3><p>Drink during your workout</p>\
         <p>Two eggs, one cup of asparagus and half a cup of sweet potato.</p>",
    );
    for n in 3..5 {
        html.push_str(&format!("<p>{}</p>", paragraph("meal", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    for line in [
        "Menu for Plan A",
        "Workout Supplement",
        "Drink during your workout",
    ] {
        assert!(body.iter().any(|p| p == line), "{line}: {body:#?}");
    }
}

#[test]
fn a_run_of_linked_headings_is_not_kept_as_subheadings() {
    let mut html =
        String::from("<html><body><article><h1>Club names a new manager</h1><div class='text'>");
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str(
        "<h4><a href='/a'>Prince visits a pizza restaurant in the town</a></h4>\
                   <h4><a href='/b'>Hospital report finds failings in care</a></h4>",
    );
    html.push_str(&format!("<p>{}</p>", paragraph("club", 4)));
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(!body.iter().any(|p| p.starts_with("Prince")), "{body:#?}");
}

#[test]
fn a_furniture_box_inside_the_named_body_is_not_article_text() {
    let mut html = String::from(
        "<html><body><article><h1>Club names a new manager</h1><div class='article-body'>",
    );
    for n in 0..3 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str(
        "<div class='Newsletter-container'><p>Get the day's big stories and the fun stuff you love, like mock drafts, picks and rankings.</p></div>\
         <blockquote class='social-embed'><p>We are delighted to welcome our new head coach to the club today.</p></blockquote>",
    );
    for n in 3..5 {
        html.push_str(&format!("<p>{}</p>", paragraph("club", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert!(
        !body.iter().any(|p| p.starts_with("Get the day")),
        "{body:#?}"
    );
    assert!(
        body.iter().any(|p| p.starts_with("We are delighted")),
        "{body:#?}"
    );
}

#[test]
fn a_page_written_twice_keeps_its_first_copy() {
    let mut page = String::from("Council to review the plan\n\n");
    for n in 0..5 {
        page.push_str(&paragraph("bridge", n));
        page.push_str("\n\n");
    }
    let doubled = format!("{page}{page}");
    let body = body_of_dump(&doubled);
    assert_eq!(body.len(), 5, "{body:#?}");
    for (n, text) in body.iter().enumerate() {
        assert_eq!(text, &paragraph("bridge", n));
    }
}

#[test]
fn a_paragraph_repeated_beside_an_article_is_still_dropped() {
    let mut dump = String::from("Council to review the plan\n\n");
    let teaser = paragraph("gallery", 0);
    dump.push_str(&teaser);
    dump.push_str("\n\n");
    for n in 0..5 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str(&teaser);
    dump.push_str("\n\n");
    let body = body_of_dump(&dump);
    assert!(!body.contains(&teaser), "{body:#?}");
    assert_eq!(body.len(), 5, "{body:#?}");
}

#[test]
fn a_comment_thread_ends_a_short_article() {
    let mut dump = String::from("Open thread for September\n\n");
    dump.push_str(&paragraph("thread", 0));
    dump.push_str("\n\nComments\n\n");
    for (n, name) in ["Milan", "Alex", "Gary"].iter().enumerate() {
        dump.push_str(&format!(
            "{name} on September 1{n}, 2018 at 4:47 pm said:\n\n"
        ));
        for k in 0..2 {
            dump.push_str(&paragraph("comment", 10 * n + k));
            dump.push_str("\n\n");
        }
    }
    let body = body_of_dump(&dump);
    assert_eq!(body.len(), 1, "{body:#?}");
    assert!(body[0].contains("thread plan"), "{body:#?}");
}

#[test]
fn a_related_section_after_the_article_is_other_stories_even_as_text() {
    // A one-paragraph post followed by a section of teasers that read as
    // running text: the header opening the section names all of it.
    let mut html = String::from(
        "<html><body><div id='primary'><article><h1>On the bridge plan</h1>\
         <p>",
    );
    html.push_str(&paragraph("bridge", 0));
    html.push_str("</p></article><article><h3>Você pode gostar...</h3>");
    for n in 0..5 {
        html.push_str(&format!(
            "<article><p>{}</p></article>",
            paragraph("teaser", n)
        ));
    }
    html.push_str("</article></div></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body, [paragraph("bridge", 0)], "{body:#?}");
}

#[test]
fn a_related_header_at_the_top_of_the_body_does_not_take_the_body() {
    // The box of related links floats at the start of the article's body.
    let mut html = String::from(
        "<html><body><h1>On the bridge plan</h1><div class='text'>\
         <div class='box'><h3>Related articles</h3><ul><li><a href='/a'>Other story one</a></li>\
         <li><a href='/b'>Other story two</a></li></ul></div>",
    );
    for n in 0..4 {
        html.push_str(&format!("<p>{}</p>", paragraph("bridge", n)));
    }
    html.push_str("</div></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body.len(), 4, "{body:#?}");
}

#[test]
fn items_under_a_widget_header_inside_the_article_stay_out() {
    let mut html = String::from(
        "<html><body><article><h1>Plague case confirmed</h1><div class='article-body'>",
    );
    for n in 0..3 {
        html.push_str(&format!("<p>{}</p>", paragraph("plague", n)));
    }
    html.push_str(
        "<div class='rail'><h3>Most read in world news</h3>\
         <div><h3>TIME TRAVELLER</h3><span>Theorists say they have spotted a girl in an old picture</span></div>\
         <div><h3>EYE POPPING</h3><span>Strongman has his arm muscle removed after injecting oil</span></div>\
         </div>",
    );
    for n in 3..6 {
        html.push_str(&format!("<p>{}</p>", paragraph("plague", n)));
    }
    html.push_str("</div></article></body></html>");
    let body = body_of_page(&html);
    assert_eq!(body.len(), 6, "{body:#?}");
    assert!(body.iter().all(|p| p.contains("plague")), "{body:#?}");
}

#[test]
fn a_header_over_text_in_a_dump_does_not_split_the_text() {
    // Which side of a related header with no list under it is the article,
    // the text decides; the header alone does not cut off the lone story.
    let mut dump = String::from("On the bridge plan\n\n");
    dump.push_str(&paragraph("bridge", 0));
    dump.push_str("\n\nVocê pode gostar...\n\nShare this\n\n");
    for n in 0..3 {
        dump.push_str(&paragraph("teaser", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert!(body.contains(&paragraph("bridge", 0)), "{body:#?}");
}

#[test]
fn a_bold_line_over_a_break_is_a_subheading() {
    let mut html = String::from(
        "<html><body><article><h1>Why people do not move</h1><div class='entry-content'><p>",
    );
    html.push_str(&paragraph("reason", 9));
    html.push_str("<br><br>");
    for (n, head) in ["Lack of Motivation", "No Time"].iter().enumerate() {
        html.push_str(&format!(
            "<strong>{head}</strong><br> {}<br><br>",
            paragraph("motion", n)
        ));
    }
    html.push_str("</p></div></article></body></html>");
    let article = extract(html.as_bytes(), &options(InputHint::Html)).expect("a page parses");
    let heads: Vec<&str> = article
        .body
        .iter()
        .filter(|b| b.kind == warta_model::BodyKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        heads,
        ["Lack of Motivation", "No Time"],
        "{:#?}",
        article.body
    );
}

#[test]
fn a_header_over_a_teasers_title_in_a_dump_still_bounds_the_article() {
    // A story's title under the header: the text after it is its blurb.
    let mut dump = String::from("On the bridge plan\n\n");
    for n in 0..3 {
        dump.push_str(&paragraph("bridge", n));
        dump.push_str("\n\n");
    }
    dump.push_str("Top stories\n\nMayor opens the new harbour market on Sunday\n\n");
    for n in 0..2 {
        dump.push_str(&paragraph("teaser", n));
        dump.push_str("\n\n");
    }
    let body = body_of_dump(&dump);
    assert!(body.iter().all(|p| p.contains("bridge")), "{body:#?}");
}
