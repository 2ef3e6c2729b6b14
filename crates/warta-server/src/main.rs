//! `warta-server`: runs the warta HTTP service (see the library's docs).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, ValueEnum};
use warta_server::Config;

#[derive(Parser)]
#[command(
    name = "warta-server",
    version,
    about = "Serves warta's extraction over HTTP, with a web page at /"
)]
struct Args {
    /// Address to listen on (port 0 picks a free port; the bound address is
    /// printed on stdout as `listening on ADDR`).
    #[arg(long, env = "WARTA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Largest request body in bytes (larger → 413).
    #[arg(long, env = "WARTA_MAX_BODY_BYTES", default_value_t = 10 * 1024 * 1024)]
    max_body_bytes: usize,
    /// Extractions running at once [default: the number of cores].
    #[arg(long, env = "WARTA_WORKERS")]
    workers: Option<usize>,
    /// Extractions waiting for a worker; beyond that → 503 [default: 0].
    #[arg(long, env = "WARTA_QUEUE")]
    queue: Option<usize>,
    /// Time limit per extraction, queueing included, in ms (→ 504).
    #[arg(long, env = "WARTA_TIMEOUT_MS", default_value_t = 10_000)]
    timeout_ms: u64,
    /// Time for a client to send the request head, in ms.
    #[arg(long, env = "WARTA_HEADER_TIMEOUT_MS", default_value_t = 10_000)]
    header_timeout_ms: u64,
    /// Time for a client to send the request body, in ms (→ 408).
    #[arg(long, env = "WARTA_BODY_TIMEOUT_MS", default_value_t = 30_000)]
    body_timeout_ms: u64,
    /// Time to finish requests in flight after SIGTERM, in ms.
    #[arg(long, env = "WARTA_DRAIN_TIMEOUT_MS", default_value_t = 30_000)]
    drain_timeout_ms: u64,
    /// Log format on stderr (filter with RUST_LOG, default `info`).
    #[arg(long, env = "WARTA_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }

    let defaults = Config::default();
    let workers = args.workers.unwrap_or(defaults.workers).max(1);
    let config = Config {
        max_body_bytes: args.max_body_bytes,
        workers,
        queue: args.queue.unwrap_or(defaults.queue),
        time_limit: Duration::from_millis(args.timeout_ms),
        header_timeout: Duration::from_millis(args.header_timeout_ms),
        body_timeout: Duration::from_millis(args.body_timeout_ms),
        drain_timeout: Duration::from_millis(args.drain_timeout_ms),
    };

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("warta-server: cannot start the runtime: {e}");
            return ExitCode::from(1);
        }
    };
    let result = runtime.block_on(async {
        let (listener, local) = warta_server::bind(args.addr).await.map_err(|e| {
            std::io::Error::new(e.kind(), format!("cannot listen on {}: {e}", args.addr))
        })?;
        println!("listening on {local}");
        tracing::info!(addr = %local, workers = config.workers, queue = config.queue, "listening");
        warta_server::serve(listener, config, warta_server::shutdown_signal()).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("warta-server: {e}");
            ExitCode::from(1)
        }
    }
}
