//! Binance USDⓈ-M: `GET /fapi/v1/algoOrder` and `GET /fapi/v1/order` (signed), `GET /fapi/v1/time`.
//! Errors are `{"code", "msg"}` with HTTP 400 (401 for an unknown API key).

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State as Axum};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use percent_encoding::percent_decode_str;
use serde_json::json;

use super::{decode_query, header, json, param};
use crate::generated::venues::paths;
use crate::seed::{api_key_header, number_code};
use crate::server::State;
use crate::{Stored, Venue, accounts, verify};

/// The keys this venue accepts: an HMAC key and an Ed25519 key.
pub(crate) const ACCOUNTS: &[accounts::Account] = &[
    accounts::Account::Hmac { key: accounts::BINANCE_HMAC_KEY, secret: accounts::BINANCE_HMAC_SECRET },
    accounts::Account::Ed25519 { key: accounts::BINANCE_ED25519_KEY, seed: accounts::BINANCE_ED25519_SEED },
];

/// The keys the book stores an order under: algo orders by `algoId` and `clientAlgoId`; orders
/// by symbol and `orderId` or `clientOrderId` (order ids count per symbol).
pub(crate) fn order_keys(order: &serde_json::Value) -> Vec<String> {
    let field = |name: &str| super::key_field(order, name);
    if order.get("algoId").is_some() {
        return [field("algoId"), field("clientAlgoId").map(|c| format!("client:{c}"))].into_iter().flatten().collect();
    }
    let symbol = field("symbol").unwrap_or_default();
    [field("orderId").map(|id| order_key(&symbol, &id)), field("clientOrderId").map(|c| client_order_key(&symbol, &c))]
        .into_iter()
        .flatten()
        .collect()
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new()
        .route(paths::BINANCE_USDM_QUERY_ALGO_ORDER, get(algo_order))
        .route(paths::BINANCE_USDM_QUERY_ORDER, get(order))
        .route(paths::BINANCE_USDM_SERVER_TIME, get(time))
        // The WebSocket API is the same venue's.
        .merge(super::binance_ws::routes())
}

/// Where the book keeps an order (as opposed to an algo order) by its venue id…
pub(crate) fn order_key(symbol: &str, order_id: &str) -> String {
    format!("order:{symbol}:{order_id}")
}

/// …and by the id the user gave it.
pub(crate) fn client_order_key(symbol: &str, client_order_id: &str) -> String {
    format!("order:{symbol}:client:{client_order_id}")
}

fn error(status: StatusCode, code: i64, msg: &str) -> Response {
    json(status, json!({ "code": code, "msg": msg }).to_string())
}

async fn time(Axum(state): Axum<Arc<State>>) -> Response {
    json(StatusCode::OK, json!({ "serverTime": state.now_ms() }).to_string())
}

async fn algo_order(Axum(state): Axum<Arc<State>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let params = match check_signed(&state, &headers, &query) {
        Ok(params) => params,
        Err(response) => return response,
    };
    let key = match (param(&params, "algoId"), param(&params, "clientAlgoId")) {
        (Some(id), _) => id.to_string(),
        (None, Some(client)) => format!("client:{client}"),
        (None, None) => {
            return error(
                StatusCode::BAD_REQUEST,
                -1102,
                "Param 'algoId' or 'clientAlgoId' must be sent, but both were empty/null!",
            );
        }
    };
    from_book(&state, &key)
}

async fn order(Axum(state): Axum<Arc<State>>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let query = query.unwrap_or_default();
    let params = match check_signed(&state, &headers, &query) {
        Ok(params) => params,
        Err(response) => return response,
    };
    let Some(symbol) = param(&params, "symbol") else {
        return error(
            StatusCode::BAD_REQUEST,
            -1102,
            "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.",
        );
    };
    let key = match (param(&params, "orderId"), param(&params, "origClientOrderId")) {
        (Some(id), _) => order_key(symbol, id),
        (None, Some(client)) => client_order_key(symbol, client),
        (None, None) => {
            return error(
                StatusCode::BAD_REQUEST,
                -1102,
                "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
            );
        }
    };
    from_book(&state, &key)
}

/// The stored order under `key` as the body, or the venue's "does not exist".
fn from_book(state: &State, key: &str) -> Response {
    match state.book().get(Venue::BinanceUsdm, key) {
        Some(Stored::Json(order)) => json(StatusCode::OK, order.to_string()),
        Some(Stored::Raw(body)) => json(StatusCode::OK, body.clone()),
        None => error(StatusCode::BAD_REQUEST, number_code(Venue::BinanceUsdm, "not-found"), "Order does not exist."),
    }
}

/// Whether `signature` over `payload` is valid for the key registered as `api_key` (HMAC hex
/// or Ed25519 base64, REST and WebSocket alike); `None` for a key the venue does not know.
pub(crate) fn signature_valid(api_key: &str, payload: &str, signature: &str) -> Option<bool> {
    match api_key {
        accounts::BINANCE_HMAC_KEY => Some(verify::hmac_hex(accounts::BINANCE_HMAC_SECRET, payload, signature)),
        accounts::BINANCE_ED25519_KEY => {
            Some(verify::ed25519_base64(&accounts::BINANCE_ED25519_SEED, payload, signature))
        }
        _ => None,
    }
}

/// The venue's time rule, REST and WebSocket alike: not more than 1 s ahead of the server, and
/// not older than `recv_window` ms.
pub(crate) fn in_window(now: i64, timestamp: i64, recv_window: i64) -> bool {
    timestamp < now.saturating_add(1000) && now.saturating_sub(timestamp) <= recv_window
}

/// The venue's checks in its order: API key, signature over the query as sent, then the time window.
/// The error is the answer to send, built once on a path that ends the request.
#[allow(clippy::result_large_err)]
fn check_signed(state: &State, headers: &HeaderMap, raw: &str) -> Result<Vec<(String, String)>, Response> {
    let key = header(headers, api_key_header(Venue::BinanceUsdm)).unwrap_or("");
    let Some((payload, signature)) = raw.rsplit_once("&signature=") else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            -1102,
            "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
        ));
    };
    let signature = percent_decode_str(signature).decode_utf8_lossy();
    let Some(valid) = signature_valid(key, payload, &signature) else {
        return Err(error(StatusCode::UNAUTHORIZED, -2015, "Invalid API-key, IP, or permissions for action."));
    };
    if !valid {
        return Err(error(StatusCode::BAD_REQUEST, -1022, "Signature for this request is not valid."));
    }
    let params = decode_query(payload);
    let timestamp: i64 = match param(&params, "timestamp").map(str::parse) {
        Some(Ok(ts)) => ts,
        _ => {
            return Err(error(
                StatusCode::BAD_REQUEST,
                -1102,
                "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
            ));
        }
    };
    let recv_window: i64 = match param(&params, "recvWindow").map(str::parse) {
        None => 5000,
        Some(Ok(w)) if (0..=60_000).contains(&w) => w,
        Some(_) => return Err(error(StatusCode::BAD_REQUEST, -1131, "recvWindow must be less than 60000")),
    };
    if !in_window(state.now_ms(), timestamp, recv_window) {
        let code = number_code(Venue::BinanceUsdm, "clock");
        return Err(error(StatusCode::BAD_REQUEST, code, "Timestamp for this request is outside of the recvWindow."));
    }
    Ok(params)
}
