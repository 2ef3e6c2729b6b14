//! warta for Python: the extractor as a CPython extension module.
//!
//! `import warta` gives [`extract`] (one page → the article as a `dict`, the
//! same object the CLI prints as JSON), [`extract_many`] (many pages on all
//! cores, the GIL released while they run), [`schema`], `__version__` and
//! `ExtractError`. Articles are serialised straight from the Rust
//! [`warta_model::Article`] with serde, so field names, order and `null`s are
//! the contract's, never re-implemented here.
//!
//! What it is not: no extraction logic of its own, and no I/O — reading
//! files, WARC archives or JSON Lines is the caller's (or `warta batch`'s) job.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use warta_extract::{InputHint, Options};
use warta_model::Article;

pyo3::create_exception!(
    warta,
    ExtractError,
    PyValueError,
    "A page gave no article: empty input, binary data, or unreadable text.\n\n\
     The message is the cause, worded as the `warta` CLI words it. In the list\n\
     `extract_many` returns, a failed record is an `ExtractError` instance whose\n\
     `index` is the record's position and `id` its id (or None)."
);

/// One page to extract, copied out of Python objects so that it can cross
/// threads while the GIL is released.
struct Job {
    bytes: Vec<u8>,
    options: Options,
}

/// Why a job gave no article: the message the CLI prints after the input name.
type JobResult = Result<Article, String>;

/// Extract the article of one page.
///
/// Give exactly one of `html` (a page's HTML) or `text` (a dump of its visible
/// text, one block per line), as `str` or `bytes`; bytes are decoded as the
/// CLI decodes files (BOM, valid UTF-8, `charset`, the page's own declaration,
/// a guess). Returns the article as a `dict`, exactly the JSON object
/// `warta extract` prints. `explain=True` adds `blocks`: every input block with
/// its role and why it was kept or dropped. Raises `ExtractError` when the page
/// is empty or binary; the GIL is released while the page is processed.
#[pyfunction]
#[pyo3(signature = (html=None, text=None, url=None, explain=false, *, id=None, charset=None, facts=true))]
#[allow(clippy::too_many_arguments)]
fn extract<'py>(
    py: Python<'py>,
    html: Option<&Bound<'py, PyAny>>,
    text: Option<&Bound<'py, PyAny>>,
    url: Option<String>,
    explain: bool,
    id: Option<String>,
    charset: Option<String>,
    facts: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let (page, input) = match (html, text) {
        (Some(page), None) => (page, InputHint::Html),
        (None, Some(page)) => (page, InputHint::Text),
        _ => {
            return Err(PyTypeError::new_err(
                "extract() takes exactly one of html= or text=",
            ))
        }
    };
    let job = Job {
        bytes: page_bytes(page)?,
        options: Options {
            input,
            url,
            id,
            charset,
            explain,
            facts,
        },
    };
    match py.detach(|| run(&job)) {
        Ok(article) => to_python(py, &article),
        Err(message) => Err(ExtractError::new_err(message)),
    }
}

/// Extract many pages in parallel, in order.
///
/// `records` is any iterable; each record is either a `dict`
/// `{"html" | "text": str | bytes, "url"?: str, "id"?: str, "charset"?: str}`
/// (the JSON Lines record of `warta batch`) or the page itself as `str` or
/// `bytes` (HTML or text dump detected from the content). The GIL is released
/// while pages are extracted on `jobs` threads (default: every core).
///
/// Returns a list with one entry per record, in input order: the article
/// `dict`, or — when that page gave no article — an `ExtractError` instance
/// (not raised) carrying the cause, the record's `index` and `id`. Nothing is
/// dropped, so `len(result) == number of records`. A record that is not a
/// dict, str or bytes, or a dict without `html`/`text`, raises `TypeError`.
#[pyfunction]
#[pyo3(signature = (records, jobs=None, *, explain=false, facts=true))]
fn extract_many<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    jobs: Option<usize>,
    explain: bool,
    facts: bool,
) -> PyResult<Bound<'py, PyList>> {
    let threads = match jobs {
        Some(0) => return Err(PyValueError::new_err("jobs must be at least 1")),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    // Records are taken in chunks so that memory held outside the result list
    // stays bounded however long the iterable is.
    let chunk_len = (threads * 32).max(64);
    let out = PyList::empty(py);
    let mut chunk: Vec<Job> = Vec::with_capacity(chunk_len);
    let mut first_index = 0usize;
    for (index, record) in records.try_iter()?.enumerate() {
        chunk.push(record_job(&record?, index, explain, facts)?);
        if chunk.len() == chunk_len {
            flush(py, &out, &mut chunk, first_index, threads)?;
            first_index = index + 1;
        }
    }
    flush(py, &out, &mut chunk, first_index, threads)?;
    Ok(out)
}

/// The JSON Schema of the article object, as a `dict`.
#[pyfunction]
fn schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    pythonize::pythonize(py, &warta_model::json_schema())
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Extracts one chunk without the GIL and appends the results to `out`.
fn flush(
    py: Python<'_>,
    out: &Bound<'_, PyList>,
    chunk: &mut Vec<Job>,
    first_index: usize,
    threads: usize,
) -> PyResult<()> {
    if chunk.is_empty() {
        return Ok(());
    }
    let jobs = std::mem::take(chunk);
    let results = py.detach(|| run_all(&jobs, threads));
    for (offset, (job, result)) in jobs.iter().zip(results).enumerate() {
        match result {
            Ok(article) => out.append(to_python(py, &article)?)?,
            Err(message) => {
                let error = ExtractError::new_err(message).into_value(py);
                let error = error.bind(py);
                error.setattr("index", first_index + offset)?;
                error.setattr("id", job.options.id.clone())?;
                out.append(error)?;
            }
        }
    }
    Ok(())
}

/// Runs every job on up to `threads` threads; results in job order.
fn run_all(jobs: &[Job], threads: usize) -> Vec<JobResult> {
    let threads = threads.min(jobs.len());
    if threads <= 1 {
        return jobs.iter().map(run).collect();
    }
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<JobResult>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let result = run(job);
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("internal error: the page was not processed".to_owned()))
        })
        .collect()
}

/// Extracts one page; a panic in the extractor becomes this record's error
/// instead of taking the interpreter (or the other records) down with it.
fn run(job: &Job) -> JobResult {
    match catch_unwind(AssertUnwindSafe(|| {
        warta_extract::extract(&job.bytes, &job.options)
    })) {
        Ok(Ok(article)) => Ok(article),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("internal error: the extractor panicked on this page".to_owned()),
    }
}

/// Turns one `extract_many` record into a job.
fn record_job(
    record: &Bound<'_, PyAny>,
    index: usize,
    explain: bool,
    facts: bool,
) -> PyResult<Job> {
    let mut options = Options {
        explain,
        facts,
        ..Options::default()
    };
    let Ok(dict) = record.cast::<PyDict>() else {
        let bytes = page_bytes(record).map_err(|_| {
            PyTypeError::new_err(format!(
                "record {index}: expected a dict, str or bytes, got {}",
                type_name(record)
            ))
        })?;
        return Ok(Job { bytes, options });
    };
    let html = dict.get_item("html")?.filter(|v| !v.is_none());
    let text = dict.get_item("text")?.filter(|v| !v.is_none());
    let (page, input) = match (html, text) {
        (Some(page), None) => (page, InputHint::Html),
        (None, Some(page)) => (page, InputHint::Text),
        _ => {
            return Err(PyTypeError::new_err(format!(
                "record {index}: a dict record needs exactly one of \"html\" or \"text\""
            )))
        }
    };
    options.input = input;
    options.url = optional_str(dict, "url", index)?;
    options.id = optional_str(dict, "id", index)?;
    options.charset = optional_str(dict, "charset", index)?;
    let bytes = page_bytes(&page)
        .map_err(|e| PyTypeError::new_err(format!("record {index}: {}", e.value(record.py()))))?;
    Ok(Job { bytes, options })
}

fn optional_str(dict: &Bound<'_, PyDict>, key: &str, index: usize) -> PyResult<Option<String>> {
    match dict.get_item(key)? {
        None => Ok(None),
        Some(value) if value.is_none() => Ok(None),
        Some(value) => value.extract::<String>().map(Some).map_err(|_| {
            PyTypeError::new_err(format!(
                "record {index}: \"{key}\" must be a str, got {}",
                type_name(&value)
            ))
        }),
    }
}

/// The bytes of a page given as `bytes`, `bytearray` or `str` (UTF-8).
fn page_bytes(page: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = page.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = page.cast::<PyString>() {
        return Ok(text.to_cow()?.as_bytes().to_vec());
    }
    if let Ok(bytes) = page.cast::<PyByteArray>() {
        return Ok(bytes.to_vec());
    }
    Err(PyTypeError::new_err(format!(
        "a page must be str or bytes, got {}",
        type_name(page)
    )))
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |n| n.to_string())
}

fn to_python<'py>(py: Python<'py>, article: &Article) -> PyResult<Bound<'py, PyAny>> {
    pythonize::pythonize(py, article).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// warta: turn news pages (HTML or text dumps) into clean, structured articles.
#[pymodule]
fn warta(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("ExtractError", m.py().get_type::<ExtractError>())?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    Ok(())
}
