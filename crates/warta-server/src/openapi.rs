//! The OpenAPI 3.1 document of the service, built from the same Rust types
//! the handlers use: the article schema is [`warta_model::json_schema`], the
//! request and error schemas come from the server's own types. Nothing here
//! restates a field by hand.

use serde_json::{json, Map, Value};

use crate::api::ExtractRequest;
use crate::error::ErrorBody;

/// The OpenAPI document served at `/openapi.json`.
pub fn document() -> Value {
    let mut schemas = Map::new();
    add_schema(&mut schemas, "Article", warta_model::json_schema());
    add_schema(
        &mut schemas,
        "ExtractRequest",
        serde_json::to_value(schemars::schema_for!(ExtractRequest)).unwrap_or(Value::Null),
    );
    add_schema(
        &mut schemas,
        "Error",
        serde_json::to_value(schemars::schema_for!(ErrorBody)).unwrap_or(Value::Null),
    );

    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        })
    };
    let retry_after = json!({
        "Retry-After": {"description": "Seconds to wait before retrying.", "schema": {"type": "integer"}}
    });
    let mut overloaded = error("The extraction queue is full; nothing was queued.");
    overloaded["headers"] = retry_after.clone();
    let mut timeout = error("Extraction passed the per-request time limit.");
    timeout["headers"] = retry_after;

    let query = |name: &str, description: &str, schema: Value| json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema});

    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "warta",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Turns a news page (HTML, or a plain-text dump of its visible text) into a structured article: title, authors, dates, body, images with credits, related links and the facts in the text."
        },
        "paths": {
            "/v1/extract": {
                "post": {
                    "operationId": "extract",
                    "summary": "Extract the article from one page.",
                    "description": "Send JSON `{\"html\"|\"text\", \"url\"?, \"id\"?}`, or the page itself as a `text/html` or `text/plain` body (then `url` and `id` go in the query).",
                    "parameters": [
                        query("url", "The page URL (raw bodies; a JSON body's `url` wins).", json!({"type": "string"})),
                        query("id", "A record id carried into the article (raw bodies; a JSON body's `id` wins).", json!({"type": "string"})),
                        query("explain", "Attach `blocks`: every input block with its role, whether it was kept and why.", json!({"type": "boolean", "default": false}))
                    ],
                    "requestBody": {
                        "required": true,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/ExtractRequest"}},
                            "text/html": {"schema": {"type": "string"}},
                            "text/plain": {"schema": {"type": "string"}}
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "The extracted article.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}
                        },
                        "400": error("Malformed JSON, a missing or doubled input field, or a bad query parameter."),
                        "408": error("The request body arrived too slowly."),
                        "413": error("The request body is larger than the server's limit."),
                        "415": error("The content type is not JSON, HTML or plain text."),
                        "422": error("The input is empty or binary data, not a page."),
                        "503": overloaded,
                        "504": timeout
                    }
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness: answers while the server accepts requests.",
                    "responses": {"200": {"description": "Healthy.", "content": {"application/json": {"schema": {"type": "object"}}}}}
                }
            },
            "/metrics": {
                "get": {
                    "operationId": "metrics",
                    "summary": "Prometheus metrics in the text exposition format.",
                    "responses": {"200": {"description": "Metrics.", "content": {"text/plain": {"schema": {"type": "string"}}}}}
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document.",
                    "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {"schema": {"type": "object"}}}}}
                }
            },
            "/": {
                "get": {
                    "operationId": "page",
                    "summary": "A web page to paste or drop a page and see what was extracted and why.",
                    "responses": {"200": {"description": "The page.", "content": {"text/html": {"schema": {"type": "string"}}}}}
                }
            }
        },
        "components": {"schemas": schemas}
    })
}

/// Adds a root JSON Schema under `name`, hoisting its `$defs` into the
/// document's shared schemas and pointing its references there.
fn add_schema(schemas: &mut Map<String, Value>, name: &str, mut schema: Value) {
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        if let Some(Value::Object(defs)) = object.remove("$defs") {
            for (def_name, mut def) in defs {
                rewrite_refs(&mut def);
                schemas.insert(def_name, def);
            }
        }
    }
    rewrite_refs(&mut schema);
    schemas.insert(name.to_string(), schema);
}

fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, inner) in object.iter_mut() {
                match inner {
                    Value::String(target) if key == "$ref" => {
                        if let Some(def) = target.strip_prefix("#/$defs/") {
                            *target = format!("#/components/schemas/{def}");
                        }
                    }
                    _ => rewrite_refs(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}
