//! The facts in an article: dates, sums of money, named entities and quotes.
//!
//! Input is the article as the extractor assembled it (title, body text,
//! captions, publication date); output is the model's fact lists with
//! character offsets into the body text. Indonesian first, English too.
//!
//! What it is not: it never sees the page, so it cannot pick facts out of
//! navigation or widget lists; deciding what the article is stays with the
//! extractor. The calendar grammar ([`calendar`]) is shared with the
//! extractor's date-line reading, so a date is read one way everywhere.

pub mod calendar;

use warta_model::{DateMention, Entity, MoneyMention, Quote};

/// What the facts are found in.
#[derive(Clone, Debug, Default)]
pub struct FactsInput<'a> {
    /// The article body text (`Article::text`); offsets point into it.
    pub text: &'a str,
    /// The headline.
    pub title: Option<&'a str>,
    /// Image captions (without credits).
    pub captions: Vec<&'a str>,
    /// Publication date, to resolve relative and year-less dates.
    pub published: Option<calendar::DateTime>,
    /// ISO 639-1 language of the article, when known.
    pub language: Option<&'a str>,
}

/// The facts of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// Named entities, mentions merged under the fullest name.
    pub entities: Vec<Entity>,
    /// Dates mentioned.
    pub dates: Vec<DateMention>,
    /// Sums of money mentioned.
    pub money: Vec<MoneyMention>,
    /// Quotes and reported speech.
    pub quotes: Vec<Quote>,
}

/// Finds the facts of an article.
///
/// Not built yet: returns no facts, so the output carries empty lists as the
/// contract allows until the fact finders land.
pub fn find_facts(_input: &FactsInput<'_>) -> Facts {
    Facts::default()
}
