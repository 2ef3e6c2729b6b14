//! The one model of warta: the [`Article`] every front end serialises.
//!
//! This crate is what the JSON contract (`warta/article@1`) looks like in Rust.
//! The parser, the extractor, the CLI, the server and the bindings all share it,
//! so a field means the same thing everywhere. It also renders an article in the
//! output formats (`json`, `jsonl`, `markdown`, `text`) and produces the JSON
//! Schema of the output.
//!
//! What it is not: it does no parsing and no extraction, and it depends on
//! nothing but serde and schemars. Field order is the contract's key order, so
//! do not reorder fields.

mod format;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use format::{render, OutputFormat};

/// The identifier written into every article's `schema` field.
pub const SCHEMA_ID: &str = "warta/article@1";

/// What an input was read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    /// An HTML page.
    Html,
    /// A plain-text dump of a page's visible text, one block per line.
    Text,
}

impl InputKind {
    /// The lower-case name used on the command line and in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Html => "html",
            InputKind::Text => "text",
        }
    }
}

/// One extracted article. Keys serialise in this order; unknown scalars are
/// `null`, unknown lists `[]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Article {
    /// Always [`SCHEMA_ID`].
    pub schema: String,
    /// Record id given with the input.
    pub id: Option<String>,
    /// Page URL given with the input or found in the page.
    pub url: Option<String>,
    /// What the input was read as.
    pub input: InputKind,
    /// ISO 639-1 code of the article's language.
    pub language: Option<String>,
    /// The headline, without site-name prefixes or suffixes.
    pub title: Option<String>,
    /// Standfirst or meta description.
    pub description: Option<String>,
    /// People credited for the article.
    pub authors: Vec<Author>,
    /// Publication time, RFC 3339 with the page's own offset (or a bare date).
    pub published: Option<String>,
    /// Last modification time, same format as `published`.
    pub modified: Option<String>,
    /// The site's name for itself, e.g. `Suara.com`.
    pub site_name: Option<String>,
    /// News agency the story is credited to, e.g. `ANTARA`.
    pub agency: Option<String>,
    /// The dateline prefix of the first paragraph.
    pub dateline: Option<Dateline>,
    /// Body blocks in reading order, without boilerplate.
    pub body: Vec<BodyBlock>,
    /// The body's texts joined by blank lines; all offsets point into it.
    pub text: String,
    /// Images with their captions and credits.
    pub images: Vec<Image>,
    /// In-article related links ("Baca Juga", "Read also").
    pub related: Vec<RelatedLink>,
    /// Tags (keywords) of the article.
    pub tags: Vec<String>,
    /// Sections or categories of the article.
    pub categories: Vec<String>,
    /// The page ends before the article does.
    pub truncated: bool,
    /// Named entities found in the article.
    pub entities: Vec<Entity>,
    /// Dates mentioned in the article.
    pub dates: Vec<DateMention>,
    /// Sums of money mentioned in the article.
    pub money: Vec<MoneyMention>,
    /// Direct quotes and reported speech.
    pub quotes: Vec<Quote>,
    /// Anything a careful reader should know about this extraction.
    pub warnings: Vec<String>,
    /// Every input block with what it was taken for (only with `--explain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<ExplainedBlock>>,
}

impl Article {
    /// An article with nothing found yet.
    pub fn empty(input: InputKind) -> Self {
        Article {
            schema: SCHEMA_ID.to_owned(),
            id: None,
            url: None,
            input,
            language: None,
            title: None,
            description: None,
            authors: Vec::new(),
            published: None,
            modified: None,
            site_name: None,
            agency: None,
            dateline: None,
            body: Vec::new(),
            text: String::new(),
            images: Vec::new(),
            related: Vec::new(),
            tags: Vec::new(),
            categories: Vec::new(),
            truncated: false,
            entities: Vec::new(),
            dates: Vec::new(),
            money: Vec::new(),
            quotes: Vec::new(),
            warnings: Vec::new(),
            blocks: None,
        }
    }

    /// The separator between body blocks in [`Article::text`].
    pub const TEXT_SEPARATOR: &'static str = "\n\n";

    /// Sets `body` and recomputes `text` from it, so the two never disagree.
    pub fn set_body(&mut self, body: Vec<BodyBlock>) {
        let mut text = String::with_capacity(body.iter().map(|b| b.text.len() + 2).sum());
        for (i, block) in body.iter().enumerate() {
            if i > 0 {
                text.push_str(Self::TEXT_SEPARATOR);
            }
            text.push_str(&block.text);
        }
        self.body = body;
        self.text = text;
    }
}

/// A person credited for the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Author {
    /// The person's name as written, without role labels.
    pub name: String,
    /// What the person did, when the page says.
    pub role: Option<AuthorRole>,
}

/// The part a credited person played.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum AuthorRole {
    /// Wrote the article (`Penulis`, `Oleh`, a plain byline).
    Author,
    /// Reported it (`Pewarta`, `Reporter`, `Jurnalis`, `Kontributor`).
    Reporter,
    /// Edited it (`Editor`, `Red:`).
    Editor,
    /// Took the photographs.
    Photographer,
}

/// The place and outlet of a dateline such as `JAKARTA, KOMPAS.com -`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dateline {
    /// The city, in title case (`Jakarta`).
    pub place: Option<String>,
    /// The outlet as written (`KOMPAS.com`, `ANTARA`).
    pub outlet: Option<String>,
}

/// One block of the article body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BodyBlock {
    /// What kind of block this is.
    pub kind: BodyKind,
    /// Its plain text. Tables are rows separated by `\n`, cells by `\t`.
    pub text: String,
    /// Inline markup (links, emphasis) as offsets into `text`, for the
    /// markdown output. Not part of the JSON contract.
    #[serde(skip)]
    #[schemars(skip)]
    pub inline: Vec<InlineMark>,
}

impl BodyBlock {
    /// A block of plain text without inline markup.
    pub fn new(kind: BodyKind, text: impl Into<String>) -> Self {
        BodyBlock {
            kind,
            text: text.into(),
            inline: Vec::new(),
        }
    }
}

/// The kind of a body block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Running text.
    Paragraph,
    /// A subheading inside the article.
    Heading,
    /// A block quotation.
    Quote,
    /// An item of a list.
    ListItem,
    /// A table.
    Table,
    /// Preformatted code.
    Code,
}

/// Inline markup inside a body block, by byte offsets into its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineMark {
    /// Byte offset where the marked text starts.
    pub start: usize,
    /// Byte offset just past the marked text.
    pub end: usize,
    /// What the mark is.
    pub style: InlineStyle,
}

/// The kinds of inline markup kept for the markdown output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InlineStyle {
    /// A hyperlink to this URL.
    Link(String),
    /// Emphasis (`<em>`, `<i>`).
    Emphasis,
    /// Strong emphasis (`<strong>`, `<b>`).
    Strong,
    /// Inline code.
    Code,
}

/// An image of the article with its caption and credit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Image {
    /// Image URL, when the input has one.
    pub src: Option<String>,
    /// Caption without the credit.
    pub caption: Option<String>,
    /// Credit split from the caption (`ANTARA FOTO/…`, `Reuters/Stringer`).
    pub credit: Option<String>,
}

/// A related-article link found inside the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RelatedLink {
    /// The linked article's title.
    pub title: String,
    /// Its URL, when the input has one.
    pub url: Option<String>,
}

/// A named entity and where it is mentioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Entity {
    /// The fullest form of the name seen in the article.
    pub name: String,
    /// The entity's type.
    pub label: EntityLabel,
    /// Where it is mentioned in `text`.
    pub mentions: Vec<Span>,
}

/// Entity types.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum EntityLabel {
    /// A person.
    #[serde(rename = "PER")]
    Person,
    /// An organisation.
    #[serde(rename = "ORG")]
    Organisation,
    /// A place, including countries and cities.
    #[serde(rename = "LOC")]
    Location,
    /// Anything else with a name (events, products).
    #[serde(rename = "MISC")]
    Misc,
}

/// A range of characters (Unicode scalar values) in `text`.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct Span {
    /// Offset of the first character.
    pub start: usize,
    /// Offset just past the last character.
    pub end: usize,
}

/// A date mentioned in the article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DateMention {
    /// The words as written (`Rabu (24/8)`).
    pub text: String,
    /// ISO `YYYY-MM-DD`, or null when the year cannot be known.
    pub date: Option<String>,
    /// Character offset into `text`; null when the mention is outside the body
    /// (an image caption or the title).
    pub start: Option<usize>,
    /// Character offset just past the mention; null as for `start`.
    pub end: Option<usize>,
    /// Why the date may be wrong, e.g. a weekday that does not match.
    pub warning: Option<String>,
    /// Year, when known.
    pub year: Option<i32>,
    /// Month 1–12, when written.
    pub month: Option<u8>,
    /// Day of the month, when written.
    pub day: Option<u8>,
    /// Time of day `HH:MM` with an offset when the zone is written.
    pub time: Option<String>,
}

/// A sum of money mentioned in the article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MoneyMention {
    /// The words as written (`$1,2 miliar`).
    pub text: String,
    /// The amount as a number (`1200000000`).
    #[serde(serialize_with = "format::number")]
    pub amount: f64,
    /// ISO 4217 code, when the currency is known.
    pub currency: Option<String>,
    /// Character offset into `text`.
    pub start: usize,
    /// Character offset just past the mention.
    pub end: usize,
    /// The amount is approximate (`jutaan`, `Rp1 Jutaan`, `about $5m`).
    pub approximate: bool,
}

/// A quote or reported statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Quote {
    /// What was said.
    pub text: String,
    /// Who said it, as an entity name when resolved.
    pub speaker: Option<String>,
    /// A direct quote (in quotation marks) rather than reported speech.
    pub direct: bool,
    /// Character offset of the quoted words in `text`.
    pub start: usize,
    /// Character offset just past them.
    pub end: usize,
}

/// One input block and what became of it (the `--explain` view).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ExplainedBlock {
    /// The block's text.
    pub text: String,
    /// What the block was taken for.
    pub role: BlockRole,
    /// Whether it went into the article (body, caption, related link, metadata).
    pub kept: bool,
    /// A short human-readable why.
    pub reason: String,
}

/// What an input block was taken for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// Running text of the article.
    Paragraph,
    /// A subheading.
    Heading,
    /// A block quotation.
    Quote,
    /// A list item of the article.
    ListItem,
    /// A table of the article.
    Table,
    /// Preformatted code of the article.
    Code,
    /// The headline.
    Title,
    /// An image caption.
    Caption,
    /// A byline or credit line.
    Byline,
    /// The publication date line.
    DateLine,
    /// An in-article related link.
    RelatedLink,
    /// Site navigation.
    Navigation,
    /// A list of links to other stories ("Terpopuler", "Most read").
    WidgetList,
    /// Ads, share bars, "Load More" and other page furniture.
    Chrome,
    /// Reader comments.
    Comment,
    /// Text that does not belong to the article.
    Boilerplate,
}

impl BlockRole {
    /// The body kind a kept block of this role becomes, if any.
    pub fn body_kind(self) -> Option<BodyKind> {
        match self {
            BlockRole::Paragraph => Some(BodyKind::Paragraph),
            BlockRole::Heading => Some(BodyKind::Heading),
            BlockRole::Quote => Some(BodyKind::Quote),
            BlockRole::ListItem => Some(BodyKind::ListItem),
            BlockRole::Table => Some(BodyKind::Table),
            BlockRole::Code => Some(BodyKind::Code),
            _ => None,
        }
    }
}

/// The JSON Schema of one output article, as pretty JSON.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Article);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}
