//! One module per venue: its routes, its auth checks, its error shapes.

//! Module names are the venues' (`specs/<name>`, snake case): the generated registry merges
//! each one's `routes()`.

pub(crate) mod binance_usdm;
pub(crate) mod binance_ws;

pub(crate) use binance_usdm::order_key;
pub(crate) mod coinw_futures;
pub(crate) mod coinw_spot;
pub(crate) mod p99_spot;

use std::sync::Arc;

use std::sync::PoisonError;

use axum::Router;
use axum::extract::{Request, State as Axum};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::Venue;
use crate::server::{Recorded, State};

mod faults;

pub(crate) fn router(state: Arc<State>) -> Router {
    crate::generated::venues::routes()
        // Outermost last: stamp sees every answer, faults included; record sees every request.
        .layer(middleware::from_fn_with_state(state.clone(), faults::serve))
        .layer(middleware::from_fn_with_state(state.clone(), record))
        .layer(middleware::from_fn_with_state(state.clone(), stamp))
        .with_state(state)
}

/// The venue whose REST API a path belongs to; `None` for the WebSocket API and unknown paths.
pub(crate) fn venue_of(path: &str) -> Option<Venue> {
    Venue::of_path(path)
}

/// What every answer carries: a `Date` from the simulated venue clock (skew included), and where
/// the spec lists a request-weight header (Binance), the weight used this minute, one per request.
async fn stamp(Axum(state): Axum<Arc<State>>, request: Request, next: Next) -> Response {
    let venue = venue_of(request.uri().path());
    let mut response = next.run(request).await;
    let now_ms = state.now_ms();
    // An HTTP date has four-digit years: a clock skewed past 9999 reads as its last second.
    const LAST_HTTP_DATE_MS: u64 = 253_402_300_799_000;
    let date_ms = u64::try_from(now_ms).unwrap_or(0).min(LAST_HTTP_DATE_MS);
    let date = std::time::UNIX_EPOCH + std::time::Duration::from_millis(date_ms);
    // A fault that sets its own `Date` keeps it.
    if !response.headers().contains_key(header::DATE)
        && let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(date))
    {
        response.headers_mut().insert(header::DATE, value);
    }
    if let Some(name) = venue.and_then(crate::seed::weight_header)
        && let Ok(name) = header::HeaderName::try_from(name)
    {
        let used = state.use_weight(now_ms, 1);
        response.headers_mut().insert(name, HeaderValue::from(used));
    }
    response
}

async fn record(Axum(state): Axum<Arc<State>>, request: Request, next: Next) -> Response {
    let recorded = Recorded {
        method: request.method().to_string(),
        path: request.uri().path().to_string(),
        query: request.uri().query().map(str::to_string),
        headers: request
            .headers()
            .iter()
            .map(|(n, v)| (n.as_str().to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
    };
    state.requests.lock().unwrap_or_else(PoisonError::into_inner).push(recorded);
    next.run(request).await
}

/// A JSON answer with the exact body text given.
pub(crate) fn json(status: StatusCode, body: String) -> Response {
    (status, [("content-type", "application/json")], body).into_response()
}

pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// An order's field as a key: a non-empty string or a number, as text.
pub(crate) fn key_field(order: &serde_json::Value, name: &str) -> Option<String> {
    match order.get(name) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    }
}

/// Decoded `(name, value)` pairs of a raw query string.
pub(crate) fn decode_query(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
