//! warta over HTTP: `POST /v1/extract` turns a page into an article, `GET /`
//! is a web page to try it and see why each block was kept or dropped, and
//! `/healthz`, `/metrics`, `/openapi.json` serve operators and client authors.
//!
//! Built to sit in front of real traffic: extraction runs on a bounded pool off
//! the async reactor and overload is answered with 503 at once; bodies, time
//! per request and slow clients are bounded; SIGTERM drains requests in flight.
//!
//! What it is not: it extracts nothing itself. It calls
//! [`warta_extract::extract`] and serialises the [`warta_model::Article`].

pub mod api;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod pool;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

pub use api::{router, AppState};

/// Largest read buffer per connection (request heads must fit in it).
const READ_BUFFER_BYTES: usize = 64 * 1024;

/// The service's limits.
#[derive(Clone, Debug)]
pub struct Config {
    /// Largest request body accepted (bytes).
    pub max_body_bytes: usize,
    /// Extractions that may run at once.
    pub workers: usize,
    /// Extractions that may wait for a worker; one more is refused with 503.
    pub queue: usize,
    /// Time for one extraction, waiting included.
    pub time_limit: Duration,
    /// Time for a client to send the request head.
    pub header_timeout: Duration,
    /// Time for a client to send the request body.
    pub body_timeout: Duration,
    /// Time to finish requests in flight after SIGTERM.
    pub drain_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Config {
            max_body_bytes: 10 * 1024 * 1024,
            workers: cores,
            // None waiting: an admitted request starts at once, so its
            // latency stays that of one extraction however many clients
            // call, while a 503 is cheap and tells a client or a balancer
            // to try again or elsewhere. A waiting place per worker keeps
            // the workers busier between requests (`--queue`), at up to
            // twice the latency (docs/server.md has both measured).
            queue: 0,
            time_limit: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            drain_timeout: Duration::from_secs(30),
        }
    }
}

/// Serves the API on `listener` until `shutdown` resolves, then stops
/// accepting, lets requests in flight finish (up to the drain timeout) and
/// returns.
pub async fn serve(
    listener: TcpListener,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let drain_timeout = config.drain_timeout;
    let header_timeout = config.header_timeout;
    let app = router(AppState::new(config));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Running out of file descriptors and similar pass; wait
                    // a moment rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            // hyper's read buffer grows to ~400 KB per connection by default;
            // with many clients streaming large bodies that dominates memory.
            .max_buf_size(READ_BUFFER_BYTES)
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tracing::info!("shutting down: no new connections, draining requests in flight");
    tokio::select! {
        () = graceful.shutdown() => tracing::info!("drained"),
        () = tokio::time::sleep(drain_timeout) => {
            tracing::warn!("drain timeout passed with requests still in flight")
        }
    }
    Ok(())
}

/// Binds `addr` and reports the address actually bound (for port 0).
pub async fn bind(addr: SocketAddr) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    Ok((listener, local))
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}

/// The state shared by the router, for callers that build their own server.
pub fn state(config: Config) -> Arc<AppState> {
    AppState::new(config)
}
