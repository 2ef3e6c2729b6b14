//! One tool over a directory of pages in one process; prints a `RunReport`
//! as one JSON line. `cargo xtask bench` runs it side by side with peers.
//!
//! ```text
//! runner TOOL PATH [--input auto|html|text] [--no-facts] [--format json|jsonl|markdown|text] [--warmup N] [--dump DIR]
//! ```
//!
//! `--dump DIR` (warta and warta-parse) writes each page's rendered output
//! (for warta-parse, the `Document`'s `Debug` form) to `DIR/<page>.out` after
//! the timed pass, so a speed change can be checked to change no output
//! (`diff -r` two dumps).
//!
//! Tools:
//! - `warta`: `warta_extract::extract` (facts on unless `--no-facts`) and
//!   `warta_model::render` — the whole product path but file I/O;
//! - `warta-parse`: `warta_parse::parse` only: decoding, the HTML (or
//!   text) reader and block building, without extraction;
//! - `html5ever-dom`: an html5ever DOM parse only (dom_query's tree), the
//!   reference cost of a spec-compliant parse;
//! - `dom_smoothie`: the Readability port, text output.
//!
//! PATH is a directory (every file, `.gz` gunzipped) or one file. Pages are
//! loaded before the clock starts; the first few are run once untimed so
//! lazily built tables do not count against the first page.

use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use warta_bench::{current_rss_kb, load_dir, peak_rss_kb, read_page, Page, RunReport};
use warta_extract::{InputHint, Options};
use warta_model::OutputFormat;
use warta_parse::ParseOptions;

struct Args {
    tool: String,
    path: String,
    input: InputHint,
    facts: bool,
    format: OutputFormat,
    warmup: usize,
    dump: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut parsed = Args {
        tool: String::new(),
        path: String::new(),
        input: InputHint::Auto,
        facts: true,
        format: OutputFormat::Json,
        warmup: 10,
        dump: None,
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--no-facts" => parsed.facts = false,
            "--input" => {
                let value = args.next().context("--input needs a value")?;
                parsed.input = value.parse().map_err(anyhow::Error::msg)?;
            }
            "--format" => {
                let value = args.next().context("--format needs a value")?;
                parsed.format = value.parse().map_err(anyhow::Error::msg)?;
            }
            "--warmup" => {
                let value = args.next().context("--warmup needs a value")?;
                parsed.warmup = value.parse().context("--warmup")?;
            }
            "--dump" => parsed.dump = Some(args.next().context("--dump needs a directory")?),
            flag if flag.starts_with("--") => bail!("unknown argument `{flag}`"),
            _ => positional.push(arg),
        }
    }
    let [tool, path] = <[String; 2]>::try_from(positional)
        .map_err(|p| anyhow::anyhow!("expected TOOL PATH, got {p:?}"))?;
    parsed.tool = tool;
    parsed.path = path;
    Ok(parsed)
}

/// What one page gave: output characters, or `None` for a failure.
type Outcome = Option<usize>;

fn warta_output(page: &[u8], args: &Args) -> Option<(warta_model::Article, String)> {
    let options = Options {
        input: args.input,
        facts: args.facts,
        ..Options::default()
    };
    let article = warta_extract::extract(page, &options).ok()?;
    let out = warta_model::render(&article, args.format);
    Some((article, out))
}

fn run_warta(page: &[u8], args: &Args) -> Outcome {
    let (article, out) = warta_output(page, args)?;
    // Count the body, not the JSON around it, so `nonempty` means a body.
    Some(if article.text.is_empty() {
        0
    } else {
        out.len()
    })
}

fn parse_output(page: &[u8], args: &Args) -> Option<warta_parse::Document> {
    let options = ParseOptions {
        input: match args.input {
            InputHint::Auto => InputHint::Html,
            other => other,
        },
        charset: None,
    };
    warta_parse::parse(page, &options).ok()
}

fn run_warta_parse(page: &[u8], args: &Args) -> Outcome {
    let document = parse_output(page, args)?;
    Some(document.blocks.iter().map(|b| b.text.len()).sum())
}

fn run_html5ever_dom(page: &str) -> Outcome {
    let document = dom_query::Document::from(page);
    Some(black_box(document).root().children().len())
}

fn run_dom_smoothie(page: &str) -> Outcome {
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..dom_smoothie::Config::default()
    };
    let mut readability = dom_smoothie::Readability::new(page, None, Some(config)).ok()?;
    let article = readability.parse().ok()?;
    Some(article.text_content.len())
}

fn load(path: &str) -> Result<Vec<Page>> {
    let path = Path::new(path);
    if path.is_dir() {
        load_dir(path)
    } else {
        Ok(vec![read_page(path)?])
    }
}

fn run() -> Result<RunReport> {
    let args = parse_args()?;
    let pages = load(&args.path)?;
    if pages.is_empty() {
        bail!("no pages in {}", args.path);
    }
    // Peers take text; decode before the clock, in their favour.
    let texts: Vec<String> = match args.tool.as_str() {
        "html5ever-dom" | "dom_smoothie" => pages
            .iter()
            .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
            .collect(),
        _ => Vec::new(),
    };
    let one = |i: usize| -> Result<Outcome> {
        Ok(match args.tool.as_str() {
            "warta" => run_warta(&pages[i].bytes, &args),
            "warta-parse" => run_warta_parse(&pages[i].bytes, &args),
            "html5ever-dom" => run_html5ever_dom(&texts[i]),
            "dom_smoothie" => run_dom_smoothie(&texts[i]),
            other => {
                bail!("unknown tool `{other}` (warta, warta-parse, html5ever-dom, dom_smoothie)")
            }
        })
    };
    for i in 0..args.warmup.min(pages.len()) {
        black_box(one(i)?);
    }
    let rss_loaded_kb = current_rss_kb();
    let (mut failures, mut nonempty, mut out_chars) = (0, 0, 0u64);
    let start = Instant::now();
    for i in 0..pages.len() {
        match black_box(one(i)?) {
            None => failures += 1,
            Some(0) => {}
            Some(chars) => {
                nonempty += 1;
                out_chars += chars as u64;
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    if let Some(dir) = &args.dump {
        dump(&pages, &args, Path::new(dir))?;
    }
    Ok(RunReport {
        tool: args.tool.clone(),
        pages: pages.len(),
        bytes: pages.iter().map(|p| p.bytes.len() as u64).sum(),
        seconds,
        failures,
        nonempty,
        out_chars,
        rss_loaded_kb,
        peak_rss_kb: peak_rss_kb(),
    })
}

/// Writes warta's output (or for warta-parse the `Document`) for every page
/// to `dir/<page>.out` (an error page gets the word `error`).
fn dump(pages: &[Page], args: &Args, dir: &Path) -> Result<()> {
    if args.tool != "warta" && args.tool != "warta-parse" {
        bail!("--dump is for the warta and warta-parse tools only");
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for page in pages {
        let out = if args.tool == "warta" {
            warta_output(&page.bytes, args).map(|(_, o)| o)
        } else {
            parse_output(&page.bytes, args).map(|d| format!("{d:#?}"))
        };
        let out = out.unwrap_or_else(|| "error".to_owned());
        let path = dir.join(format!("{}.out", page.name));
        std::fs::write(&path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(report) => match serde_json::to_string(&report) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("runner: {e}");
                ExitCode::from(1)
            }
        },
        Err(e) => {
            eprintln!("runner: {e:#}");
            ExitCode::from(1)
        }
    }
}
