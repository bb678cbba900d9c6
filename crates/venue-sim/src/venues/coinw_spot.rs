//! CoinW spot: `POST /api/v1/private?command=returnOrderStatus&...`, MD5-signed query, envelope
//! `{code: "200", data, msg, success, failed}`.
//!
//! CoinW documents neither a not-found answer nor a bad-signature code; the simulator answers an
//! unknown order with a success envelope whose `data` is null, and a bad key or signature with
//! code "401". Confirm against the live venue before relying on either.

use std::sync::Arc;

use axum::Router;
use axum::extract::{RawQuery, State as Axum};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::{decode_query, json, param};
use crate::generated::venues::paths;
use crate::server::State;
use crate::{Stored, Venue, accounts, verify};

/// The keys this venue accepts.
pub(crate) const ACCOUNTS: &[accounts::Account] =
    &[accounts::Account::Hmac { key: accounts::COINW_KEY, secret: accounts::COINW_SECRET }];

/// The book stores an order under its number (the seed adds the docs' request example's).
pub(crate) fn order_keys(order: &Value) -> Vec<String> {
    super::key_field(order, "orderNumber").into_iter().collect()
}

pub(crate) fn routes() -> Router<Arc<State>> {
    Router::new().route(paths::COINW_SPOT_RETURN_ORDER_STATUS, post(private))
}

fn envelope(code: &str, data: Value, msg: &str) -> Response {
    // The success code is the spec's (x-envelope); CoinW spot sends it as a string.
    let ok = code == crate::seed::success_code(Venue::CoinwSpot).to_string();
    json(StatusCode::OK, json!({ "code": code, "data": data, "msg": msg, "success": ok, "failed": !ok }).to_string())
}

async fn private(Axum(state): Axum<Arc<State>>, RawQuery(query): RawQuery) -> Response {
    let params = decode_query(&query.unwrap_or_default());
    if param(&params, "command") != Some("returnOrderStatus") {
        return envelope("400", Value::Null, "unknown command");
    }
    if param(&params, "api_key") != Some(accounts::COINW_KEY) {
        return envelope("401", Value::Null, "invalid api_key");
    }
    let Some(sign) = param(&params, "sign") else {
        return envelope("401", Value::Null, "sign is required");
    };
    let mut signed: Vec<(&str, &str)> =
        params.iter().filter(|(k, _)| k != "sign" && k != "command").map(|(k, v)| (k.as_str(), v.as_str())).collect();
    signed.sort();
    let text = signed.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    if verify::md5_upper(&format!("{text}&secret_key={}", accounts::COINW_SECRET)) != sign {
        return envelope("401", Value::Null, "sign error");
    }
    let Some(number) = param(&params, "orderNumber") else {
        return envelope("402", Value::Null, "orderNumber is required");
    };
    match state.book().get(Venue::CoinwSpot, number) {
        Some(Stored::Raw(body)) => json(StatusCode::OK, body.clone()),
        Some(Stored::Json(order)) => {
            let mut order = order.clone();
            if let Some(fields) = order.as_object_mut() {
                fields.remove("orderNumber");
            }
            envelope(&crate::seed::success_code(Venue::CoinwSpot).to_string(), order, "SUCCESS")
        }
        None => envelope(&crate::seed::success_code(Venue::CoinwSpot).to_string(), Value::Null, "SUCCESS"),
    }
}
