//! Handler tests, in process: every route and every error path, asserting the
//! status and the JSON body.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;
use warta_server::{router, AppState, Config};

fn seed() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/seed-003-suara-truncated.txt"
    );
    std::fs::read_to_string(path).expect("the seed fixture is in the repository")
}

fn config() -> Config {
    Config {
        workers: 2,
        queue: 2,
        ..Config::default()
    }
}

async fn send(state: &Arc<AppState>, request: Request<Body>) -> Response {
    router(state.clone())
        .oneshot(request)
        .await
        .expect("the router is infallible")
}

async fn body_bytes(response: Response) -> Bytes {
    response
        .into_body()
        .collect()
        .await
        .expect("the body is readable")
        .to_bytes()
}

async fn json_body(response: Response) -> Value {
    let bytes = body_bytes(response).await;
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&bytes)))
}

fn post(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut builder = Request::post(uri);
    if let Some(content_type) = content_type {
        builder = builder.header(header::CONTENT_TYPE, content_type);
    }
    builder.body(body.into()).expect("a valid request")
}

/// Asserts an error answer: its status, its code, and that the message is a
/// non-empty explanation (containing `mentions` when given).
async fn assert_error(response: Response, status: StatusCode, code: &str, mentions: &str) {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/json",
        "errors are JSON"
    );
    let body = json_body(response).await;
    let error = &body["error"];
    assert_eq!(error["code"], code, "{body}");
    let message = error["message"].as_str().expect("message is a string");
    assert!(!message.is_empty());
    assert!(
        message.contains(mentions),
        "{message:?} should mention {mentions:?}"
    );
    assert_eq!(
        body.as_object().map(|o| o.len()),
        Some(1),
        "only `error`: {body}"
    );
    assert_eq!(error.as_object().map(|o| o.len()), Some(2), "{body}");
}

#[tokio::test]
async fn json_text_request_answers_the_article() {
    let state = AppState::new(config());
    let request = post(
        "/v1/extract",
        Some("application/json"),
        json!({"text": seed(), "url": "https://example.com/a", "id": "rec-1"}).to_string(),
    );
    let response = send(&state, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers().contains_key("x-request-id"));
    let article = json_body(response).await;
    assert_eq!(article["schema"], "warta/article@1");
    assert_eq!(article["input"], "text");
    assert_eq!(article["url"], "https://example.com/a");
    assert_eq!(article["id"], "rec-1");
    assert!(article["text"]
        .as_str()
        .is_some_and(|t| t.contains("Pejabat dari 10 negara")));
    assert!(
        article.get("blocks").is_none(),
        "blocks only with explain=true"
    );
    // The answer is exactly the library's article for the same input.
    let options = warta_extract::Options {
        input: warta_extract::InputHint::Text,
        url: Some("https://example.com/a".into()),
        id: Some("rec-1".into()),
        ..Default::default()
    };
    let expected = warta_extract::extract(seed().as_bytes(), &options).expect("extracts");
    assert_eq!(article, serde_json::to_value(expected).expect("serialises"));
}

#[tokio::test]
async fn raw_bodies_take_url_id_and_explain_from_the_query() {
    let state = AppState::new(config());
    let request = post(
        "/v1/extract?url=https%3A%2F%2Fexample.com%2Fb&id=7&explain=true",
        Some("text/plain; charset=utf-8"),
        seed(),
    );
    let response = send(&state, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    let article = json_body(response).await;
    assert_eq!(article["input"], "text");
    assert_eq!(article["url"], "https://example.com/b");
    assert_eq!(article["id"], "7");
    let blocks = article["blocks"]
        .as_array()
        .expect("explain attaches blocks");
    assert!(!blocks.is_empty());
    for block in blocks {
        assert!(block["text"].is_string() && block["role"].is_string());
        assert!(block["kept"].is_boolean() && block["reason"].is_string());
    }
    assert!(
        blocks.iter().any(|b| b["kept"] == false),
        "some were dropped"
    );

    let html = "<html><head><title>Judul</title></head><body><article><h1>Judul</h1><p>Paragraf pertama yang cukup panjang untuk dibaca sebagai isi berita ini.</p></article></body></html>";
    let response = send(&state, post("/v1/extract", Some("text/html"), html)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_body(response).await["input"], "html");
}

#[tokio::test]
async fn missing_or_foreign_content_type_is_415() {
    let state = AppState::new(config());
    let response = send(&state, post("/v1/extract", None, seed())).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "(none)",
    )
    .await;
    let response = send(&state, post("/v1/extract", Some("application/xml"), "<a/>")).await;
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "application/xml",
    )
    .await;
}

#[tokio::test]
async fn bad_json_and_bad_requests_are_400() {
    let state = AppState::new(config());
    let cases = [
        ("{\"text\": ", "bad_json", "not valid"),
        ("[1, 2]", "bad_json", "not valid"),
        ("{\"txt\": \"a\"}", "bad_json", "txt"),
        ("{\"url\": \"https://e.com\"}", "missing_input", "\"html\""),
        (
            "{\"html\": \"<p>a</p>\", \"text\": \"a\"}",
            "ambiguous_input",
            "both",
        ),
    ];
    for (body, code, mentions) in cases {
        let response = send(&state, post("/v1/extract", Some("application/json"), body)).await;
        assert_error(response, StatusCode::BAD_REQUEST, code, mentions).await;
    }
    let response = send(
        &state,
        post("/v1/extract?explain=maybe", Some("text/plain"), seed()),
    )
    .await;
    assert_error(response, StatusCode::BAD_REQUEST, "bad_query", "explain").await;
}

#[tokio::test]
async fn bodies_over_the_limit_are_413_declared_or_not() {
    let state = AppState::new(Config {
        max_body_bytes: 1000,
        ..config()
    });
    // A body without a declared length, refused while reading.
    let response = send(
        &state,
        post("/v1/extract", Some("text/plain"), "a".repeat(1001)),
    )
    .await;
    assert_error(
        response,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        "1000 bytes",
    )
    .await;
    // A declared length over the limit, refused before reading.
    let request = Request::post("/v1/extract")
        .header(header::CONTENT_TYPE, "text/plain")
        .header(header::CONTENT_LENGTH, "5000")
        .body(Body::from("a".repeat(5000)))
        .expect("a valid request");
    assert_error(
        send(&state, request).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        "1000 bytes",
    )
    .await;
    // Exactly at the limit is accepted.
    let at_limit = format!("{}\n", "kata ".repeat(199)).into_bytes();
    assert!(at_limit.len() <= 1000);
    let response = send(&state, post("/v1/extract", Some("text/plain"), at_limit)).await;
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn empty_or_binary_input_is_422() {
    let state = AppState::new(config());
    let response = send(&state, post("/v1/extract", Some("text/plain"), "  \n\t ")).await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_input",
        "empty",
    )
    .await;
    let response = send(
        &state,
        post("/v1/extract", Some("application/json"), r#"{"html": ""}"#),
    )
    .await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_input",
        "empty",
    )
    .await;
    let mut binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    binary.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    let response = send(&state, post("/v1/extract", Some("text/html"), binary)).await;
    assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable_input",
        "binary",
    )
    .await;
}

#[tokio::test]
async fn a_full_queue_is_503_with_retry_after_at_once() {
    let state = AppState::new(Config {
        workers: 1,
        queue: 1,
        ..config()
    });
    let first = state.pool.admit().expect("a free place");
    let second = state.pool.admit().expect("a free place");
    assert!(state.pool.admit().is_none());
    let response = send(&state, post("/v1/extract", Some("text/plain"), seed())).await;
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    assert_error(
        response,
        StatusCode::SERVICE_UNAVAILABLE,
        "overloaded",
        "queue is full",
    )
    .await;
    drop((first, second));
    let response = send(&state, post("/v1/extract", Some("text/plain"), seed())).await;
    assert_eq!(response.status(), StatusCode::OK, "places come back");
}

#[tokio::test]
async fn passing_the_time_limit_is_504() {
    let state = AppState::new(Config {
        workers: 1,
        queue: 2,
        time_limit: Duration::from_millis(100),
        ..config()
    });
    // Keep the only worker busy for longer than the limit.
    let admission = state.pool.admit().expect("a free place");
    let busy = {
        let state = state.clone();
        tokio::spawn(async move {
            state
                .pool
                .run(admission, || std::thread::sleep(Duration::from_millis(600)))
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(20)).await;
    let response = send(&state, post("/v1/extract", Some("text/plain"), seed())).await;
    assert!(response.headers().contains_key(header::RETRY_AFTER));
    assert_error(response, StatusCode::GATEWAY_TIMEOUT, "timeout", "100 ms").await;
    // The busy job itself passed the limit too.
    let busy = busy.await.expect("joins");
    assert_eq!(
        busy.err().map(|e| e.status),
        Some(StatusCode::GATEWAY_TIMEOUT)
    );
}

/// A body that sends one chunk and then nothing, like a stalled client.
struct StalledBody {
    sent: bool,
}

impl http_body::Body for StalledBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.sent {
            Poll::Pending
        } else {
            self.sent = true;
            Poll::Ready(Some(Ok(http_body::Frame::data(Bytes::from_static(
                b"Judul\n",
            )))))
        }
    }
}

#[tokio::test]
async fn a_stalled_body_is_408() {
    let state = AppState::new(Config {
        body_timeout: Duration::from_millis(100),
        ..config()
    });
    let request = post(
        "/v1/extract",
        Some("text/plain"),
        Body::new(StalledBody { sent: false }),
    );
    assert_error(
        send(&state, request).await,
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        "100 ms",
    )
    .await;
    assert_eq!(state.pool.occupied(), 0, "the place was given back");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_or_405() {
    let state = AppState::new(config());
    let response = send(
        &state,
        Request::get("/nope").body(Body::empty()).expect("valid"),
    )
    .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found", "/nope").await;
    let response = send(
        &state,
        Request::get("/v1/extract")
            .body(Body::empty())
            .expect("valid"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn healthz_answers_ok() {
    let state = AppState::new(config());
    let response = send(
        &state,
        Request::get("/healthz").body(Body::empty()).expect("valid"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_body(response).await;
    assert_eq!(body["status"], "ok");
    assert_eq!(body["workers"], 2);
}

#[tokio::test]
async fn metrics_count_requests_latency_and_bytes() {
    let state = AppState::new(config());
    let text = seed();
    let response = send(
        &state,
        post("/v1/extract", Some("text/plain"), text.clone()),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let response = send(&state, post("/v1/extract", None, "x")).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let response = send(
        &state,
        Request::get("/metrics").body(Body::empty()).expect("valid"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .is_ok_and(|t| t.starts_with("text/plain")));
    let metrics = String::from_utf8(body_bytes(response).await.to_vec()).expect("UTF-8");
    for line in [
        "warta_http_requests_total{route=\"/v1/extract\",status=\"200\"} 1".to_string(),
        "warta_http_requests_total{route=\"/v1/extract\",status=\"415\"} 1".to_string(),
        "warta_http_request_duration_seconds_count{route=\"/v1/extract\"} 2".to_string(),
        "warta_http_request_duration_seconds_bucket{route=\"/v1/extract\",le=\"+Inf\"} 2"
            .to_string(),
        format!("warta_http_request_body_bytes_total {}", text.len()),
        // The scrape itself is in flight while it renders.
        "warta_http_requests_in_flight 1".to_string(),
        "warta_extract_pool_capacity 4".to_string(),
        "warta_extract_pool_occupied 0".to_string(),
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "missing {line:?} in\n{metrics}"
        );
    }
}

/// Follows a local `$ref` inside the document.
fn resolve<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    document.pointer(reference.strip_prefix('#')?)
}

fn assert_refs_resolve(document: &Value, value: &Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                assert!(
                    resolve(document, reference).is_some(),
                    "dangling $ref {reference}"
                );
            }
            object
                .values()
                .for_each(|v| assert_refs_resolve(document, v));
        }
        Value::Array(items) => items.iter().for_each(|v| assert_refs_resolve(document, v)),
        _ => {}
    }
}

#[tokio::test]
async fn openapi_is_built_from_the_model_types() {
    let state = AppState::new(config());
    let response = send(
        &state,
        Request::get("/openapi.json")
            .body(Body::empty())
            .expect("valid"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let document = json_body(response).await;
    assert_eq!(document["openapi"], "3.1.0");
    assert_refs_resolve(&document, &document);
    // The article schema has exactly the model's fields.
    let model = warta_model::json_schema();
    let article = &document["components"]["schemas"]["Article"];
    assert_eq!(
        article["properties"]
            .as_object()
            .map(|p| p.keys().collect::<Vec<_>>()),
        model["properties"]
            .as_object()
            .map(|p| p.keys().collect::<Vec<_>>())
    );
    let operation = &document["paths"]["/v1/extract"]["post"];
    assert_eq!(
        operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Article"
    );
    for status in ["400", "413", "415", "422", "503", "504"] {
        assert_eq!(
            operation["responses"][status]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Error",
            "{status}"
        );
    }
    let request = &document["components"]["schemas"]["ExtractRequest"]["properties"];
    for field in ["html", "text", "url", "id"] {
        assert!(request.get(field).is_some(), "{field}");
    }
}

#[tokio::test]
async fn the_page_is_served_self_contained() {
    let state = AppState::new(config());
    let response = send(
        &state,
        Request::get("/").body(Body::empty()).expect("valid"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    let page = String::from_utf8(body_bytes(response).await.to_vec()).expect("UTF-8");
    assert!(page.contains("/v1/extract"), "the page calls the API");
    for external in ["src=\"http", "href=\"http", "@import", "cdn"] {
        assert!(!page.contains(external), "no external asset: {external}");
    }
}
