//! Parquet output: one row per article, the contract's fields as columns, the
//! nested lists as Arrow list/struct columns (readable by DuckDB, pandas,
//! pyarrow and Spark). The column schema is documented in `docs/batch.md`.
//!
//! A Parquet file is only valid once its footer is written, so rows go to
//! `<out>.partial` and the file is renamed to `<out>` when it is closed —
//! at the end of the inputs or after Ctrl-C / SIGTERM. `<out>` therefore always
//! holds a complete file. A run killed outright (SIGKILL) leaves only the
//! `.partial` file, which the next run discards: `--resume` then starts from
//! the last complete `<out>` (and the error file), redoing the rows lost.
//! Resuming copies the rows of `<out>` into the new file first, then appends.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{Array, RecordBatch, StringArray};
use arrow_json::reader::Decoder;
use arrow_json::ReaderBuilder;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::{ArrowWriter, ProjectionMask};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::resume::DoneSet;
use crate::sink::RowSink;
use crate::BatchError;

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}

fn int(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}

fn structure(name: &str, fields: Vec<Field>) -> Field {
    Field::new(name, DataType::Struct(Fields::from(fields)), true)
}

fn list_of(name: &str, item: DataType) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", item, true))),
        true,
    )
}

fn list_of_struct(name: &str, fields: Vec<Field>) -> Field {
    list_of(name, DataType::Struct(Fields::from(fields)))
}

/// The Arrow schema of the Parquet output: the article JSON's fields in the
/// contract's order. Every column is nullable, so a reader never has to
/// special-case an empty file.
pub fn article_schema() -> SchemaRef {
    let span = vec![int("start"), int("end")];
    Arc::new(Schema::new(vec![
        utf8("schema"),
        utf8("id"),
        utf8("url"),
        utf8("input"),
        utf8("language"),
        utf8("title"),
        utf8("description"),
        list_of_struct("authors", vec![utf8("name"), utf8("role")]),
        utf8("published"),
        utf8("modified"),
        utf8("site_name"),
        utf8("agency"),
        structure("dateline", vec![utf8("place"), utf8("outlet")]),
        list_of_struct("body", vec![utf8("kind"), utf8("text")]),
        utf8("text"),
        list_of_struct("images", vec![utf8("src"), utf8("caption"), utf8("credit")]),
        list_of_struct("related", vec![utf8("title"), utf8("url")]),
        list_of("tags", DataType::Utf8),
        list_of("categories", DataType::Utf8),
        Field::new("truncated", DataType::Boolean, true),
        list_of_struct(
            "entities",
            vec![
                utf8("name"),
                utf8("label"),
                list_of_struct("mentions", span),
            ],
        ),
        list_of_struct(
            "dates",
            vec![
                utf8("text"),
                utf8("date"),
                int("start"),
                int("end"),
                utf8("warning"),
                Field::new("year", DataType::Int32, true),
                Field::new("month", DataType::Int8, true),
                Field::new("day", DataType::Int8, true),
                utf8("time"),
            ],
        ),
        list_of_struct(
            "money",
            vec![
                utf8("text"),
                Field::new("amount", DataType::Float64, true),
                utf8("currency"),
                int("start"),
                int("end"),
                Field::new("approximate", DataType::Boolean, true),
            ],
        ),
        list_of_struct(
            "quotes",
            vec![
                utf8("text"),
                utf8("speaker"),
                Field::new("direct", DataType::Boolean, true),
                int("start"),
                int("end"),
            ],
        ),
        list_of("warnings", DataType::Utf8),
    ]))
}

/// Writes article JSON lines as Parquet rows.
pub struct ParquetSink {
    decoder: Decoder,
    writer: ArrowWriter<File>,
    buffered: usize,
    batch_rows: usize,
    partial: PathBuf,
    out: PathBuf,
}

fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn io_err(e: impl std::error::Error + Send + Sync + 'static) -> io::Error {
    io::Error::other(e)
}

impl ParquetSink {
    /// Opens `<out>.partial`; when `<out>` exists (a resume), copies its rows
    /// in first and counts their ids into `done`.
    pub fn open(out: &Path, row_group_rows: usize, done: &mut DoneSet) -> Result<Self, BatchError> {
        let output_err = |source: io::Error| BatchError::Output {
            path: out.display().to_string(),
            source,
        };
        let schema = article_schema();
        let partial = partial_path(out);
        // A `.partial` file is what a killed run left: never complete.
        if partial.exists() {
            std::fs::remove_file(&partial).map_err(output_err)?;
        }
        let file = File::create(&partial).map_err(output_err)?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(row_group_rows.max(1))
            .set_created_by(format!("warta {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
            .map_err(|e| output_err(io_err(e)))?;
        if out.exists() {
            copy_rows(out, &schema, &mut writer, done)?;
        }
        let batch_rows = row_group_rows.clamp(1, 1024);
        let decoder = ReaderBuilder::new(schema)
            .with_batch_size(batch_rows)
            .with_strict_mode(false)
            .build_decoder()
            .map_err(|e| output_err(io_err(e)))?;
        Ok(ParquetSink {
            decoder,
            writer,
            buffered: 0,
            batch_rows,
            partial,
            out: out.to_path_buf(),
        })
    }

    fn flush_batch(&mut self) -> io::Result<()> {
        if let Some(batch) = self.decoder.flush().map_err(io_err)? {
            self.writer.write(&batch).map_err(io_err)?;
        }
        self.buffered = 0;
        Ok(())
    }
}

/// Copies the rows of a finished Parquet output into `writer`, counting ids.
fn copy_rows(
    out: &Path,
    schema: &SchemaRef,
    writer: &mut ArrowWriter<File>,
    done: &mut DoneSet,
) -> Result<(), BatchError> {
    let err = |cause: String| BatchError::Resume {
        path: out.display().to_string(),
        cause,
    };
    let file = File::open(out).map_err(|e| err(e.to_string()))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| err(format!("not a complete Parquet file: {e}")))?;
    if reader.schema().fields() != schema.fields() {
        return Err(err(
            "it was written with a different column schema (another warta version)".to_owned(),
        ));
    }
    let reader = reader
        .with_batch_size(1024)
        .build()
        .map_err(|e| err(e.to_string()))?;
    for batch in reader {
        let batch: RecordBatch = batch.map_err(|e| err(e.to_string()))?;
        let ids = batch
            .column_by_name("id")
            .and_then(|c| c.as_any().downcast_ref::<StringArray>())
            .ok_or_else(|| err("no `id` column".to_owned()))?;
        for i in 0..ids.len() {
            if ids.is_valid(i) {
                done.insert(ids.value(i));
            }
        }
        writer
            .write(&batch)
            .map_err(|e| err(format!("cannot copy rows: {e}")))?;
    }
    Ok(())
}

/// Reads the `id` column of a Parquet output (for tests and tools).
pub fn read_ids(path: &Path) -> Result<Vec<Option<String>>, BatchError> {
    let err = |cause: String| BatchError::Resume {
        path: path.display().to_string(),
        cause,
    };
    let file = File::open(path).map_err(|e| err(e.to_string()))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| err(e.to_string()))?;
    let mask = ProjectionMask::columns(builder.parquet_schema(), ["id"]);
    let reader = builder
        .with_projection(mask)
        .build()
        .map_err(|e| err(e.to_string()))?;
    let mut ids = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| err(e.to_string()))?;
        let column = batch
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .ok_or_else(|| err("`id` is not a string column".to_owned()))?;
        ids.extend(
            (0..column.len()).map(|i| column.is_valid(i).then(|| column.value(i).to_owned())),
        );
    }
    Ok(ids)
}

impl RowSink for ParquetSink {
    fn write_row(&mut self, json_line: &str) -> io::Result<()> {
        let bytes = json_line.as_bytes();
        let used = self.decoder.decode(bytes).map_err(io_err)?;
        if used < bytes.len() {
            // The decoder's batch was full: empty it and feed the rest.
            self.flush_batch()?;
            let rest = &bytes[used..];
            let more = self.decoder.decode(rest).map_err(io_err)?;
            if more < rest.len() {
                return Err(io::Error::other("a row did not fit in an empty batch"));
            }
        }
        self.buffered += 1;
        if self.buffered >= self.batch_rows {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Rows reach the file a row group at a time; nothing to push early.
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.flush_batch()?;
        let file = self.writer.into_inner().map_err(io_err)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.partial, &self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warta_model::{
        Article, Author, AuthorRole, BodyBlock, BodyKind, DateMention, Dateline, Entity,
        EntityLabel, Image, InputKind, MoneyMention, Quote, RelatedLink, Span,
    };

    /// An article with one of everything, so every nested field is present.
    fn full_article() -> Article {
        let mut a = Article::empty(InputKind::Html);
        a.id = Some("r1".into());
        a.url = Some("https://x.test/a".into());
        a.title = Some("Judul".into());
        a.authors = vec![Author {
            name: "Ani".into(),
            role: Some(AuthorRole::Reporter),
        }];
        a.dateline = Some(Dateline {
            place: Some("Jakarta".into()),
            outlet: None,
        });
        a.set_body(vec![BodyBlock::new(
            BodyKind::Paragraph,
            "Presiden Joko Widodo berkata.",
        )]);
        a.images = vec![Image {
            src: Some("i.jpg".into()),
            caption: Some("c".into()),
            credit: None,
        }];
        a.related = vec![RelatedLink {
            title: "Baca".into(),
            url: None,
        }];
        a.tags = vec!["t".into()];
        a.categories = vec!["c".into()];
        a.entities = vec![Entity {
            name: "Joko Widodo".into(),
            label: EntityLabel::Person,
            mentions: vec![Span { start: 9, end: 20 }],
        }];
        a.dates = vec![DateMention {
            text: "Rabu (24/8)".into(),
            date: Some("2022-08-24".into()),
            start: Some(0),
            end: Some(5),
            warning: None,
            year: Some(2022),
            month: Some(8),
            day: Some(24),
            time: None,
        }];
        a.money = vec![MoneyMention {
            text: "Rp 5 miliar".into(),
            amount: 5e9,
            currency: Some("IDR".into()),
            start: 1,
            end: 2,
            approximate: false,
        }];
        a.quotes = vec![Quote {
            text: "q".into(),
            speaker: None,
            direct: true,
            start: 0,
            end: 1,
        }];
        a.warnings = vec!["w".into()];
        a
    }

    /// Every key of the JSON must be a column (recursively), or the Parquet
    /// output would silently drop a field the model gained.
    fn check(value: &serde_json::Value, fields: &Fields, path: &str) {
        let serde_json::Value::Object(map) = value else {
            panic!("{path} is not an object");
        };
        for (key, v) in map {
            let field = fields
                .iter()
                .find(|f| f.name() == key)
                .unwrap_or_else(|| panic!("`{path}{key}` is in the article JSON but not in the Parquet schema: add it to article_schema() and docs/batch.md"));
            match (v, field.data_type()) {
                (serde_json::Value::Object(_), DataType::Struct(inner)) => {
                    check(v, inner, &format!("{path}{key}."))
                }
                (serde_json::Value::Array(items), DataType::List(item)) => {
                    if let (Some(first @ serde_json::Value::Object(_)), DataType::Struct(inner)) =
                        (items.first(), item.data_type())
                    {
                        check(first, inner, &format!("{path}{key}[]."));
                    }
                }
                _ => {}
            }
        }
    }

    /// The top-level keys of a JSON object, in the order written.
    struct TopLevelKeys(Vec<String>);

    impl<'de> serde::Deserialize<'de> for TopLevelKeys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Keys;
            impl<'de> serde::de::Visitor<'de> for Keys {
                type Value = TopLevelKeys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<TopLevelKeys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some((key, _)) = map.next_entry::<String, serde::de::IgnoredAny>()? {
                        keys.push(key);
                    }
                    Ok(TopLevelKeys(keys))
                }
            }
            d.deserialize_map(Keys)
        }
    }

    #[test]
    fn the_schema_covers_every_field_of_the_article_json() {
        let json = serde_json::to_value(full_article()).unwrap();
        check(&json, article_schema().fields(), "");
        // And in the contract's order (read from the text: a `Value` map may
        // be sorted, depending on serde_json's features in the build).
        let text = serde_json::to_string(&full_article()).unwrap();
        let keys = serde_json::from_str::<TopLevelKeys>(&text).unwrap().0;
        let columns: Vec<_> = article_schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(keys, columns);
    }

    #[test]
    fn rows_round_trip_and_resume_copies_then_appends() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a.parquet");
        let mut line = serde_json::to_string(&full_article()).unwrap();
        line.push('\n');
        let mut done = DoneSet::default();
        let mut sink = Box::new(ParquetSink::open(&out, 2, &mut done).unwrap());
        for _ in 0..5 {
            sink.write_row(&line).unwrap();
        }
        sink.finish().unwrap();
        assert!(!partial_path(&out).exists());
        assert_eq!(read_ids(&out).unwrap().len(), 5);

        let mut done = DoneSet::default();
        let mut sink = Box::new(ParquetSink::open(&out, 2, &mut done).unwrap());
        assert_eq!(done.total(), 5);
        sink.write_row(&line.replace("\"r1\"", "\"r2\"")).unwrap();
        sink.finish().unwrap();
        let ids = read_ids(&out).unwrap();
        assert_eq!(ids.len(), 6);
        assert_eq!(ids[5].as_deref(), Some("r2"));
    }
}
