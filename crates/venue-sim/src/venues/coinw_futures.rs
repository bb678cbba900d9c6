//! CoinW futures: `GET /v1/perpum/order`, signed with headers; every answer is HTTP 200 with an
//! envelope `{code, data, msg}`.
//!
//! CoinW documents no code for a bad key or signature; the simulator answers those with code
//! 401, which the SDK reads as an auth failure. Confirm against the live venue before relying on it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State as Axum;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::{decode_query, header, json, param};
use crate::generated::venues::paths;
use crate::server::State;
use crate::{Stored, Venue, accounts, verify};

/// The keys this venue accepts.
pub(crate) const ACCOUNTS: &[accounts::Account] =
    &[accounts::Account::Hmac { key: accounts::COINW_KEY, secret: accounts::COINW_SECRET }];

/// The book stores an order under its `id`.
pub(crate) fn order_keys(order: &Value) -> Vec<String> {
    super::key_field(order, "id").into_iter().collect()
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(paths::COINW_FUTURES_GET_ORDER_INFORMATION, get(order))
}

fn envelope_error(code: i64, msg: &str) -> Response {
    json(StatusCode::OK, json!({ "code": code, "msg": msg }).to_string())
}

async fn order(Axum(state): Axum<Arc<State>>, method: Method, headers: HeaderMap, uri: Uri) -> Response {
    let (Some(key), Some(timestamp), Some(sign)) =
        (header(&headers, "api_key"), header(&headers, "timestamp"), header(&headers, "sign"))
    else {
        return envelope_error(401, "api_key, timestamp and sign headers are required");
    };
    if key != accounts::COINW_KEY {
        return envelope_error(401, "invalid api_key");
    }
    let raw_query = uri.query().unwrap_or("");
    // CoinW does not say whether it checks the query as sent or decoded: accept only a signature
    // that holds under both readings, so a client that relies on either is caught here.
    let form_decoded = raw_query.replace('+', " ");
    let decoded_query = percent_encoding::percent_decode_str(&form_decoded).decode_utf8_lossy();
    let signed_over = |query: &str| {
        let mut payload = format!("{timestamp}{}{}", method.as_str(), uri.path());
        if !query.is_empty() {
            payload.push('?');
            payload.push_str(query);
        }
        verify::hmac_base64(accounts::COINW_SECRET, &payload, sign)
    };
    if !(signed_over(raw_query) && signed_over(&decoded_query)) {
        return envelope_error(401, "sign error");
    }
    let params = decode_query(raw_query);
    let Some(position_type) = param(&params, "positionType") else {
        return envelope_error(402, "positionType is required");
    };
    let instrument = param(&params, "instrument").map(str::to_ascii_uppercase);
    let ids: Option<Vec<&str>> = param(&params, "sourceIds").map(|s| s.split(',').collect());
    if ids.as_ref().is_some_and(|ids| ids.len() > 20) {
        return envelope_error(402, "sourceIds cannot exceed 20");
    }
    let book = state.book();
    let mut data = Vec::new();
    for stored in book.all(Venue::CoinwFutures) {
        let order = match stored {
            // A raw body replaces the whole answer: that is how tests send malformed ones.
            Stored::Raw(body) => return json(StatusCode::OK, body.clone()),
            Stored::Json(order) => order,
        };
        let text = |name: &str| match order.get(name) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let wanted = text("posType") == position_type
            && instrument.as_ref().is_none_or(|i| text("instrument").eq_ignore_ascii_case(i))
            && ids.as_ref().is_none_or(|ids| ids.contains(&text("id").as_str()));
        if wanted {
            data.push(order.to_string());
        }
    }
    // Built as text so that ids above 2^53 go out exactly as stored.
    // The success code is the spec's (x-envelope).
    let success = crate::seed::success_code(Venue::CoinwFutures);
    json(StatusCode::OK, format!("{{\"code\":{success},\"data\":[{}],\"msg\":\"\"}}", data.join(",")))
}
