//! {{name}}: its order query (the spec's path) with the API key in the spec's header and a hex HMAC-SHA256
//! of the query before `signature`, as the signing vectors say. TODO(new-venue): check what the
//! venue's docs say it checks, and answer as they show.

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State as Axum};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;

use super::{decode_query, header, json, param};
use crate::accounts::Account;
use crate::seed::{api_key_header, code, error_answer, stale_timestamp_answer};
use crate::generated::venues::paths;
use crate::server::State;
use crate::{Stored, Venue, verify};

const KEY: &str = "sim-{{name}}-key";
const SECRET: &str = "sim-{{name}}-secret";
const WINDOW_MS: u64 = 5000;

/// The keys this venue accepts.
pub(crate) const ACCOUNTS: &[Account] = &[Account::Hmac { key: KEY, secret: SECRET }];

/// The book stores an order under its `orderId`.
pub(crate) fn order_keys(order: &serde_json::Value) -> Vec<String> {
    super::key_field(order, "orderId").into_iter().collect()
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(paths::{{SNAKE}}_QUERY_ORDER, get(order))
}

async fn order(Axum(state): Axum<Arc<State>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let venue = Venue::{{Camel}};
    let query = query.unwrap_or_default();
    let refused = || error_answer(venue, StatusCode::UNAUTHORIZED, code(venue, "auth"), "invalid signature");
    let Some((signed, signature)) = query.rsplit_once("&signature=") else { return refused() };
    if header(&headers, api_key_header(venue)) != Some(KEY) || !verify::hmac_hex(SECRET, signed, signature) {
        return refused();
    }
    let params = decode_query(&query);
    let stamped = param(&params, "timestamp").and_then(|t| t.parse::<i64>().ok());
    if stamped.is_none_or(|t| state.now_ms().abs_diff(t) > WINDOW_MS) {
        return stale_timestamp_answer(venue);
    }
    match state.book().get(venue, param(&params, "orderId").unwrap_or_default()) {
        Some(Stored::Json(order)) => json(StatusCode::OK, order.to_string()),
        Some(Stored::Raw(body)) => json(StatusCode::OK, body.clone()),
        None => error_answer(venue, StatusCode::BAD_REQUEST, code(venue, "not-found"), "order does not exist"),
    }
}
