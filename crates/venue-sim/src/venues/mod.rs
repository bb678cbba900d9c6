//! One module per venue: its routes, its auth checks, its error shapes.

mod binance;
pub(crate) mod binance_ws;

pub(crate) use binance::{client_order_key, order_key};
mod coinw_futures;
mod coinw_spot;
mod p99;

use std::sync::Arc;

use std::sync::PoisonError;

use axum::Router;
use axum::extract::{Request, State as Axum};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

use crate::server::{Recorded, State};

pub(crate) fn router(state: Arc<State>) -> Router {
    Router::new()
        .merge(binance::routes())
        .merge(binance_ws::routes())
        .merge(coinw_futures::routes())
        .merge(coinw_spot::routes())
        .merge(p99::routes())
        .layer(middleware::from_fn_with_state(state.clone(), record))
        .with_state(state)
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

/// Decoded `(name, value)` pairs of a raw query string.
pub(crate) fn decode_query(raw: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

pub(crate) fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}
