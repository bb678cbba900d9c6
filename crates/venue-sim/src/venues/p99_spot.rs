//! p99 spot: `GET /api/v1/spot/orders/{id}` with a bearer JWT or an API-key HMAC of the
//! timestamp. Auth failures are 401 with an empty body; other errors `{"error": "<CODE>"}`.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, RawQuery, State as Axum};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::{decode_query, header, json, param};
use crate::generated::venues::paths;
use crate::seed::{api_key_header, code};
use crate::server::State;
use crate::{Stored, Venue, accounts, verify};

/// The keys this venue accepts: a bearer JWT, and an API key with its HMAC secret.
pub(crate) const ACCOUNTS: &[accounts::Account] = &[
    accounts::Account::Bearer { token: accounts::P99_JWT },
    accounts::Account::Hmac { key: accounts::P99_KEY, secret: accounts::P99_SECRET },
];

/// The book stores an order under its `id` (a UUID).
pub(crate) fn order_keys(order: &serde_json::Value) -> Vec<String> {
    super::key_field(order, "id").into_iter().collect()
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(paths::P99_SPOT_QUERY_ORDER, get(order))
}

const WINDOW_MS: u64 = 5000;

fn authorized(state: &State, headers: &HeaderMap, query: &str) -> bool {
    if let Some(auth) = header(headers, "authorization") {
        return auth.strip_prefix("Bearer ") == Some(accounts::P99_JWT);
    }
    if header(headers, api_key_header(Venue::P99Spot)) != Some(accounts::P99_KEY) {
        return false;
    }
    let params = decode_query(query);
    let (Some(ts), Some(signature)) = (param(&params, "timestamp"), param(&params, "signature")) else {
        return false;
    };
    let Ok(ts_ms) = ts.parse::<i64>() else { return false };
    // `abs_diff`: a timestamp near i64::MIN must not overflow the simulator.
    state.now_ms().abs_diff(ts_ms) <= WINDOW_MS
        && verify::hmac_hex(accounts::P99_SECRET, &format!("timestamp={ts}"), signature)
}

async fn order(
    Axum(state): Axum<Arc<State>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if !authorized(&state, &headers, &query.unwrap_or_default()) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    if !is_uuid(&id) {
        return json(StatusCode::BAD_REQUEST, json!({ "error": "invalid id" }).to_string());
    }
    match state.book().get(Venue::P99Spot, &id.to_ascii_lowercase()) {
        Some(Stored::Json(order)) => json(StatusCode::OK, order.to_string()),
        Some(Stored::Raw(body)) => json(StatusCode::OK, body.clone()),
        None => json(StatusCode::NOT_FOUND, json!({ "error": code(Venue::P99Spot, "not-found") }).to_string()),
    }
}

/// 8-4-4-4-12 hex digits.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}
