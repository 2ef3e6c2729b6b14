//! The routes: extraction, health, metrics, the OpenAPI document and the page,
//! and the middleware every request passes (request id, logs, metrics).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http_body_util::BodyExt;
use schemars::JsonSchema;
use serde::Deserialize;
use tracing::Instrument;
use warta_extract::{InputHint, Options};

use crate::error::ApiError;
use crate::metrics::{Metrics, PoolGauges};
use crate::pool::Pool;
use crate::Config;

/// The page at `/`: HTML, CSS and JS in one file, embedded in the binary.
const PAGE: &str = include_str!("../assets/index.html");

/// Everything the handlers share.
pub struct AppState {
    pub config: Config,
    pub pool: Pool,
    pub metrics: Metrics,
    next_request_id: AtomicU64,
    /// Makes request ids from different runs distinct.
    run_tag: u32,
    openapi: Bytes,
}

impl AppState {
    pub fn new(config: Config) -> Arc<Self> {
        let pool = Pool::new(config.workers, config.queue, config.time_limit);
        let run_tag = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos() ^ (d.as_secs() as u32))
            .unwrap_or(0);
        let openapi = serde_json::to_vec_pretty(&crate::openapi::document()).unwrap_or_default();
        Arc::new(AppState {
            config,
            pool,
            metrics: Metrics::default(),
            next_request_id: AtomicU64::new(1),
            run_tag,
            openapi: Bytes::from(openapi),
        })
    }

    fn pool_gauges(&self) -> PoolGauges {
        PoolGauges {
            occupied: self.pool.occupied(),
            running: self.pool.running(),
            capacity: self.pool.capacity(),
            workers: self.pool.workers(),
        }
    }
}

/// The service's router over shared state.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/v1/extract", post(extract))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// The JSON request of `POST /v1/extract`: exactly one of `html` and `text`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// The page as HTML.
    pub html: Option<String>,
    /// The page as a plain-text dump of its visible text, one block per line.
    pub text: Option<String>,
    /// The page URL, when known.
    pub url: Option<String>,
    /// A record id to carry into the article.
    pub id: Option<String>,
}

/// Query parameters of `POST /v1/extract`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractQuery {
    url: Option<String>,
    id: Option<String>,
    #[serde(default)]
    explain: bool,
}

/// What the body was declared as.
enum BodyKind {
    Json,
    Raw {
        input: InputHint,
        charset: Option<String>,
    },
}

fn body_kind(headers: &HeaderMap) -> Result<BodyKind, ApiError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else {
        return Err(ApiError::unsupported_type("(none)"));
    };
    let text = value
        .to_str()
        .map_err(|_| ApiError::unsupported_type("(not ASCII)"))?;
    let mut parts = text.split(';');
    let essence = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    });
    match essence.as_str() {
        "application/json" => Ok(BodyKind::Json),
        "text/html" | "application/xhtml+xml" => Ok(BodyKind::Raw {
            input: InputHint::Html,
            charset,
        }),
        "text/plain" => Ok(BodyKind::Raw {
            input: InputHint::Text,
            charset,
        }),
        _ => Err(ApiError::unsupported_type(text)),
    }
}

async fn extract(
    State(state): State<Arc<AppState>>,
    query: Result<Query<ExtractQuery>, QueryRejection>,
    request: Request,
) -> Response {
    match extract_inner(&state, query, request).await {
        Ok(response) => response,
        Err(error) => {
            match error.status {
                StatusCode::SERVICE_UNAVAILABLE => state.metrics.count_rejected(),
                StatusCode::GATEWAY_TIMEOUT => state.metrics.count_timeout(),
                _ => {}
            }
            error.into_response()
        }
    }
}

async fn extract_inner(
    state: &Arc<AppState>,
    query: Result<Query<ExtractQuery>, QueryRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let limit = state.config.max_body_bytes;
    // Cheap checks first, before taking a place in the pool. A refused body
    // is drained in the background so the client reads its answer instead of
    // a reset connection.
    let checked = (|| {
        let (query, kind) = decode_head(query, &parts.headers)?;
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|length| length > limit as u64) {
            return Err(ApiError::too_large(limit));
        }
        let admission = state.pool.admit().ok_or_else(ApiError::overloaded)?;
        Ok((query, kind, admission))
    })();
    let (query, kind, admission) = match checked {
        Ok(checked) => checked,
        Err(error) => {
            drain(body, state.config.body_timeout);
            return Err(error);
        }
    };

    let bytes = read_body(body, limit, state.config.body_timeout).await?;
    state.metrics.add_bytes_in(bytes.len() as u64);
    let (page, options) = decode_body(query, kind, bytes)?;

    // Extraction and serialisation are both CPU work on the input's size.
    let outcome = state
        .pool
        .run(admission, move || {
            warta_extract::extract(&page, &options).map(|article| serde_json::to_vec(&article))
        })
        .await?;
    match outcome {
        Ok(Ok(json)) => Ok((
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            json,
        )
            .into_response()),
        Ok(Err(e)) => Err(ApiError::internal(format!(
            "the article could not be serialised: {e}"
        ))),
        Err(e) => Err(ApiError::unprocessable(e.to_string())),
    }
}

/// Turns an extraction request (its URI's query, its headers and its whole
/// body) into the page bytes and extraction options, as `POST /v1/extract`
/// does; size limits and admission are the handler's. Public so the decoding
/// can be tested and fuzzed without a socket.
pub fn decode_request(
    uri: &Uri,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<(Bytes, Options), ApiError> {
    let (query, kind) = decode_head(Query::try_from_uri(uri), headers)?;
    decode_body(query, kind, body)
}

/// The head's part of decoding: the query string and the declared body type.
fn decode_head(
    query: Result<Query<ExtractQuery>, QueryRejection>,
    headers: &HeaderMap,
) -> Result<(ExtractQuery, BodyKind), ApiError> {
    let Query(query) =
        query.map_err(|e| ApiError::bad_request("bad_query", format!("bad query string: {e}")))?;
    let kind = body_kind(headers)?;
    Ok((query, kind))
}

/// The body's part of decoding: a raw page, or the JSON request's one input.
fn decode_body(
    query: ExtractQuery,
    kind: BodyKind,
    bytes: Bytes,
) -> Result<(Bytes, Options), ApiError> {
    let mut options = Options {
        url: query.url,
        id: query.id,
        explain: query.explain,
        ..Options::default()
    };
    let page: Bytes = match kind {
        BodyKind::Raw { input, charset } => {
            options.input = input;
            options.charset = charset;
            bytes
        }
        BodyKind::Json => {
            let request: ExtractRequest = serde_json::from_slice(&bytes).map_err(|e| {
                ApiError::bad_request("bad_json", format!("the JSON body is not valid: {e}"))
            })?;
            let (input, page) = match (request.html, request.text) {
                (Some(html), None) => (InputHint::Html, html),
                (None, Some(text)) => (InputHint::Text, text),
                (None, None) => {
                    return Err(ApiError::bad_request(
                        "missing_input",
                        "the JSON body needs one of \"html\" or \"text\"",
                    ))
                }
                (Some(_), Some(_)) => {
                    return Err(ApiError::bad_request(
                        "ambiguous_input",
                        "the JSON body has both \"html\" and \"text\"; send one",
                    ))
                }
            };
            options.input = input;
            options.url = request.url.or(options.url);
            options.id = request.id.or(options.id);
            Bytes::from(page)
        }
    };
    Ok((page, options))
}

/// Reads the whole body, bounded in size and time.
async fn read_body(body: Body, limit: usize, time: Duration) -> Result<Bytes, ApiError> {
    let limited = http_body_util::Limited::new(body, limit);
    match tokio::time::timeout(time, limited.collect()).await {
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "body_timeout",
            format!(
                "the request body did not arrive within {} ms",
                time.as_millis()
            ),
        )),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Err(ApiError::too_large(limit)),
        Ok(Err(e)) => Err(ApiError::bad_request(
            "body_read_failed",
            format!("the request body could not be read: {e}"),
        )),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
    }
}

/// The most an unwanted body is read before the connection is dropped.
const DRAIN_CAP: usize = 64 * 1024 * 1024;

/// Discards an unread body in the background (bounded in bytes and time),
/// without keeping it in memory, so the client can read its answer.
fn drain(body: Body, time: Duration) {
    tokio::spawn(async move {
        let mut body = body;
        let mut seen = 0usize;
        let _ = tokio::time::timeout(time, async {
            while let Some(Ok(frame)) = body.frame().await {
                seen += frame.data_ref().map_or(0, |d| d.len());
                if seen > DRAIN_CAP {
                    break;
                }
            }
        })
        .await;
    });
}

async fn page() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src * data:; connect-src 'self'",
                ),
            ),
        ],
        PAGE,
    )
}

async fn healthz(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    axum::Json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "workers": state.pool.workers(),
        "queue_capacity": state.pool.capacity() - state.pool.workers(),
    }))
}

async fn metrics(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(&state.pool_gauges()),
    )
}

async fn openapi(State(state): State<Arc<AppState>>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        state.openapi.clone(),
    )
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(uri.path())
}

/// Gives every request an id (the client's `X-Request-Id` when it is sane),
/// a log span, a log line when answered, and its share of the metrics.
async fn observe(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map(str::to_string)
        .unwrap_or_else(|| {
            let n = state.next_request_id.fetch_add(1, Ordering::Relaxed);
            format!("{:08x}-{n}", state.run_tag)
        });
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %request.uri().path()
    );
    state.metrics.start_request();
    let mut response = next.run(request).instrument(span.clone()).await;
    let elapsed = started.elapsed();
    let status = response.status();
    state
        .metrics
        .finish_request(&route, status.as_u16(), elapsed);
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            ms = elapsed.as_secs_f64() * 1000.0,
            "answered"
        )
    });
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).expect("test header"),
        );
        headers
    }

    fn uri(text: &str) -> Uri {
        text.parse().expect("test uri")
    }

    #[test]
    fn a_raw_page_takes_its_charset_from_the_header_and_options_from_the_query() {
        let (page, options) = decode_request(
            &uri("/v1/extract?url=https%3A%2F%2Fa.test%2F1&explain=true"),
            &headers("text/html; charset=\"windows-1252\""),
            Bytes::from_static(b"<p>x</p>"),
        )
        .expect("decodes");
        assert_eq!(&page[..], b"<p>x</p>");
        assert_eq!(options.input, InputHint::Html);
        assert_eq!(options.charset.as_deref(), Some("windows-1252"));
        assert_eq!(options.url.as_deref(), Some("https://a.test/1"));
        assert!(options.explain);
    }

    #[test]
    fn a_json_body_overrides_the_query_and_needs_exactly_one_input() {
        let (page, options) = decode_request(
            &uri("/v1/extract?id=q&url=u"),
            &headers("application/json"),
            Bytes::from_static(br#"{"text":"Halo","id":"j"}"#),
        )
        .expect("decodes");
        assert_eq!(&page[..], b"Halo");
        assert_eq!(options.input, InputHint::Text);
        assert_eq!(options.id.as_deref(), Some("j"));
        assert_eq!(options.url.as_deref(), Some("u"));
        let code = |body: &'static [u8]| {
            decode_request(
                &uri("/v1/extract"),
                &headers("application/json"),
                Bytes::from_static(body),
            )
            .err()
            .map(|e| e.code)
        };
        assert_eq!(code(b"{}"), Some("missing_input"));
        assert_eq!(code(br#"{"html":"a","text":"b"}"#), Some("ambiguous_input"));
        assert_eq!(code(b"{"), Some("bad_json"));
    }

    #[test]
    fn a_bad_query_or_content_type_is_refused_before_the_body() {
        let err = decode_request(
            &uri("/v1/extract?nope=1"),
            &headers("text/plain"),
            Bytes::new(),
        )
        .expect_err("refused");
        assert_eq!(err.code, "bad_query");
        let err = decode_request(&uri("/v1/extract"), &headers("image/png"), Bytes::new())
            .expect_err("refused");
        assert_eq!(err.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    }
}
