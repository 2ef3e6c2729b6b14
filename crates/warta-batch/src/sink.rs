//! Where rows go: article rows (JSON Lines or Parquet) and error rows.
//!
//! Rows are written whole: a JSON Lines row is one `write_all` of the line
//! with its `\n`, so a file cut by a kill ends, at worst, in one partial row
//! that `--resume` removes. Parquet is written to a temporary file beside the
//! output and renamed into place when it is closed, so the output path always
//! holds a complete Parquet file (see [`crate::parquet_sink`]).

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::input::Failure;
use crate::resume::{self, DoneSet};
use crate::{BatchError, Config, OutFormat, OutTarget};

/// Receives article rows as JSON lines (with their `\n`), in input order.
pub trait RowSink: Send {
    /// Writes one row.
    fn write_row(&mut self, json_line: &str) -> io::Result<()>;
    /// Pushes buffered rows to the file (called now and then).
    fn flush(&mut self) -> io::Result<()>;
    /// Closes the output so that it is complete and valid.
    fn finish(self: Box<Self>) -> io::Result<()>;
}

/// JSON Lines rows into a file or stdout.
pub struct JsonlSink {
    out: BufWriter<Box<dyn Write + Send>>,
    sync: Option<File>,
}

impl JsonlSink {
    /// Appends to (or creates) a file.
    pub fn append(path: &Path) -> io::Result<Self> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        let sync = file.try_clone().ok();
        Ok(JsonlSink {
            out: BufWriter::with_capacity(1 << 20, Box::new(file)),
            sync,
        })
    }

    /// Writes to standard output.
    pub fn stdout() -> Self {
        JsonlSink {
            out: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
            sync: None,
        }
    }
}

impl RowSink for JsonlSink {
    fn write_row(&mut self, json_line: &str) -> io::Result<()> {
        self.out.write_all(json_line.as_bytes())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
    fn finish(mut self: Box<Self>) -> io::Result<()> {
        self.out.flush()?;
        if let Some(file) = &self.sync {
            file.sync_data()?;
        }
        Ok(())
    }
}

/// Error rows `{"id", "source", "cause"}` as JSON Lines.
pub struct ErrorSink {
    out: Option<BufWriter<File>>,
    path: Option<PathBuf>,
}

impl ErrorSink {
    /// Appends to (or creates) the error file; `None` reports to nowhere but
    /// the counts (used only when the output itself goes to stdout and no
    /// error file was asked for: errors then go to stderr).
    pub fn open(path: Option<&Path>) -> io::Result<Self> {
        let out = match path {
            Some(p) => Some(BufWriter::new(
                OpenOptions::new().create(true).append(true).open(p)?,
            )),
            None => None,
        };
        Ok(ErrorSink {
            out,
            path: path.map(Path::to_path_buf),
        })
    }

    /// Writes one error row.
    pub fn write(&mut self, failure: &Failure) -> io::Result<()> {
        let mut line = serde_json::to_string(failure).map_err(io::Error::other)?;
        line.push('\n');
        match &mut self.out {
            Some(out) => out.write_all(line.as_bytes()),
            None => {
                eprint!("warta: error row: {line}");
                Ok(())
            }
        }
    }

    /// Pushes buffered rows to the file.
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }

    /// Flushes and syncs.
    pub fn finish(mut self) -> io::Result<()> {
        self.flush()?;
        if let Some(out) = &self.out {
            out.get_ref().sync_data()?;
        }
        Ok(())
    }

    /// The file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The sinks of a run and the records an earlier run already finished.
pub struct Opened {
    /// Article rows.
    pub rows: Box<dyn RowSink>,
    /// Error rows.
    pub errors: ErrorSink,
    /// Records to skip (`--resume`).
    pub done: DoneSet,
}

fn output_error(path: &Path) -> impl Fn(io::Error) -> BatchError + '_ {
    move |source| BatchError::Output {
        path: path.display().to_string(),
        source,
    }
}

/// Checks the configuration against the files on disk and opens the sinks,
/// loading what an earlier run finished when resuming.
pub fn open(config: &Config) -> Result<Opened, BatchError> {
    let errors_path = config.errors_path();
    let mut done = DoneSet::default();
    match &config.out {
        OutTarget::Stdout => {
            if config.format == OutFormat::Parquet {
                return Err(BatchError::Usage(
                    "Parquet needs an output file (--out PATH)".to_owned(),
                ));
            }
            if config.resume {
                return Err(BatchError::Usage(
                    "--resume needs an output file (--out PATH)".to_owned(),
                ));
            }
        }
        OutTarget::File(path) => {
            if let Some(errors) = &errors_path {
                if errors == path {
                    return Err(BatchError::Usage(
                        "--errors must differ from --out".to_owned(),
                    ));
                }
            }
            let exists = path.exists() || errors_path.as_ref().is_some_and(|p| p.exists());
            if exists && !config.resume {
                return Err(BatchError::Usage(format!(
                    "{} (or its error file) already exists: pass --resume to continue that run, \
                     or remove it",
                    path.display()
                )));
            }
            if config.resume {
                if let Some(errors) = &errors_path {
                    resume::load_errors(errors, &mut done)?;
                }
            }
        }
    }
    let rows: Box<dyn RowSink> = match (&config.out, config.format) {
        (OutTarget::Stdout, _) => Box::new(JsonlSink::stdout()),
        (OutTarget::File(path), OutFormat::Jsonl) => {
            if config.resume {
                resume::load_jsonl(path, &mut done)?;
            }
            Box::new(JsonlSink::append(path).map_err(output_error(path))?)
        }
        #[cfg(feature = "parquet")]
        (OutTarget::File(path), OutFormat::Parquet) => Box::new(
            crate::parquet_sink::ParquetSink::open(path, config.row_group_rows, &mut done)?,
        ),
        #[cfg(not(feature = "parquet"))]
        (OutTarget::File(_), OutFormat::Parquet) => {
            return Err(BatchError::Usage(
                "this build of warta has no Parquet support".to_owned(),
            ))
        }
    };
    let errors = match &errors_path {
        Some(p) => ErrorSink::open(Some(p)).map_err(output_error(p))?,
        None => ErrorSink::open(None).map_err(|source| BatchError::Output {
            path: "stderr".to_owned(),
            source,
        })?,
    };
    Ok(Opened { rows, errors, done })
}
