//! `warta`: extract articles from news pages on the command line.
//!
//! A thin front end: it reads inputs, calls [`warta_extract`] and prints the
//! [`warta_model::Article`] in the format asked for. Exit codes follow the
//! contract: 0 success, 1 some inputs failed, 2 usage error.

mod batch;

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use warta_extract::{InputHint, Options};
use warta_model::OutputFormat;

#[derive(Parser)]
#[command(
    name = "warta",
    version,
    about = "Turn news pages (HTML or text dumps) into clean, structured articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the article of each input (files, or `-` / nothing for stdin).
    Extract(ExtractArgs),
    /// Extract every record of many inputs (files, directories, globs, JSON
    /// Lines, WARC) into one JSON Lines or Parquet file.
    Batch(batch::BatchArgs),
    /// Print the JSON Schema of the output.
    Schema,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Input files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// The page URL (for a single input).
    #[arg(long)]
    url: Option<String>,
    /// How to read the input.
    #[arg(long, default_value = "auto", value_parser = ["auto", "html", "text"])]
    input: String,
    /// Output format.
    #[arg(long, default_value = "json", value_parser = ["json", "jsonl", "markdown", "text"])]
    format: String,
    /// Attach every block with its role and the reason it was kept or dropped.
    #[arg(long)]
    explain: bool,
    /// Skip entities, dates, money and quotes.
    #[arg(long)]
    no_facts: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Schema => {
            let schema = warta_model::json_schema();
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            write_out(&format!("{text}\n"))
        }
        Command::Extract(args) => extract(args),
        Command::Batch(args) => batch::run(args),
    }
}

fn write_out(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not a failure of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warta: cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn extract(args: ExtractArgs) -> ExitCode {
    let (Ok(input), Ok(format)) = (
        args.input.parse::<InputHint>(),
        args.format.parse::<OutputFormat>(),
    ) else {
        eprintln!("warta: bad --input or --format");
        return ExitCode::from(2);
    };
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files
    };
    if args.url.is_some() && files.len() > 1 {
        eprintln!(
            "warta: --url applies to a single input, but {} were given",
            files.len()
        );
        return ExitCode::from(2);
    }
    let several = files.len() > 1;
    let mut failed = false;
    for path in &files {
        let name = if path.as_os_str() == "-" {
            "<stdin>".to_owned()
        } else {
            path.display().to_string()
        };
        let bytes = match read_input(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!("warta: {name}: cannot read: {e}");
                failed = true;
                continue;
            }
        };
        let options = Options {
            input,
            url: args.url.clone(),
            id: several.then(|| name.clone()),
            explain: args.explain,
            facts: !args.no_facts,
            ..Options::default()
        };
        match warta_extract::extract(&bytes, &options) {
            Ok(article) => {
                let code = write_out(&warta_model::render(&article, format));
                if code != ExitCode::SUCCESS {
                    return code;
                }
            }
            Err(e) => {
                eprintln!("warta: {name}: {e}");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read_input(path: &PathBuf) -> io::Result<Vec<u8>> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(path)
    }
}
