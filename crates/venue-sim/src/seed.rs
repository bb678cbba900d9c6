//! What the simulator takes from the specs, which it embeds: the response examples (its order
//! book), the header each venue reads the API key from, and the venue's error codes by class.
//! Renaming one of these in a spec changes the simulator too, with the crate codegen writes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::Venue;

/// Every venue's orders, from its spec: each operation's success example (an envelope's
/// `data`; each element of a list), with the request examples' values of the fields the order
/// itself lacks (CoinW spot's order carries no number; the docs' request names it). Each venue's
/// module says which fields its queries find an order by (`venues::<name>::order_keys`).
pub fn examples() -> Vec<(Venue, Value)> {
    let mut out = Vec::new();
    for venue in Venue::ALL {
        let doc = spec(venue);
        let data = doc.pointer("/components/x-envelope/data").and_then(Value::as_str).map(str::to_string);
        let items = doc["paths"].as_object().into_iter().flat_map(|paths| paths.values());
        for op in items.flat_map(|item| item.as_object().into_iter().flat_map(|m| m.values())) {
            let Some(example) = op.pointer("/responses/200/content/application~1json/example") else { continue };
            let payload = match &data {
                Some(field) => example.get(field).cloned().unwrap_or(Value::Null),
                None => example.clone(),
            };
            let orders = match payload {
                Value::Array(orders) => orders,
                Value::Object(_) => vec![payload],
                _ => continue,
            };
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            for mut order in orders {
                for param in &params {
                    if let (Some(name), Some(value)) = (param["name"].as_str(), param.get("example"))
                        && order.get(name).is_none()
                    {
                        order[name] = value.clone();
                    }
                }
                out.push((venue, order));
            }
        }
    }
    out
}

/// A venue's facts, read once.
struct Facts {
    /// `in: header` `apiKey` scheme names, lower-cased (HTTP header names are case-insensitive).
    api_key_header: Option<String>,
    /// `components.x-error-codes`: (code, class), in spec order.
    codes: Vec<(Value, String)>,
    /// `components.x-envelope.success`: the first code that means success.
    success: Option<i64>,
    /// Where an error answer puts its code and its message: the envelope's fields, else
    /// `components.x-error-body`'s.
    error_fields: Option<(String, String)>,
    /// Whether every answer is an envelope (`x-envelope`), errors too, in HTTP 200.
    enveloped: bool,
    /// Whether the envelope's code is text (`"200"`), as the spec's examples send it.
    text_codes: bool,
    /// `x-clock.stale-timestamp`: how the venue refuses a stale timestamp without a clock code.
    stale_timestamp: Option<String>,
    /// An `x-error-statuses` row of class `auth` with `body-empty`: its status.
    empty_auth_status: Option<u16>,
    /// The `x-rate-limit-headers` prefix of kind `request-weight`, lower-cased.
    weight_header: Option<String>,
}

/// A venue's embedded spec, parsed once (`null` if it does not parse, which codegen refuses first).
fn spec(venue: Venue) -> &'static Value {
    static SPECS: OnceLock<BTreeMap<Venue, Value>> = OnceLock::new();
    let all = SPECS.get_or_init(|| {
        Venue::ALL.into_iter().map(|v| (v, serde_yaml::from_str(v.spec()).unwrap_or(Value::Null))).collect()
    });
    &all[&venue]
}

fn facts(venue: Venue) -> &'static Facts {
    static FACTS: OnceLock<BTreeMap<Venue, Facts>> = OnceLock::new();
    let all = FACTS.get_or_init(|| {
        Venue::ALL
            .into_iter()
            .map(|venue| {
                let doc = spec(venue);
                let api_key_header = doc
                    .pointer("/components/securitySchemes")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|schemes| schemes.values())
                    .find(|s| s["type"] == "apiKey" && s["in"] == "header")
                    .and_then(|s| s["name"].as_str())
                    .map(str::to_ascii_lowercase);
                let codes = doc
                    .pointer("/components/x-error-codes")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|row| (row["code"].clone(), row["class"].as_str().unwrap_or_default().to_string()))
                    .collect();
                let success = doc.pointer("/components/x-envelope/success/0").and_then(Value::as_i64);
                let fields = |at: &str| {
                    let body = doc.pointer(at)?;
                    Some((body["code"].as_str()?.to_string(), body.pointer("/message/0")?.as_str()?.to_string()))
                };
                let enveloped = doc.pointer("/components/x-envelope").is_some();
                let error_fields = fields("/components/x-envelope").or_else(|| fields("/components/x-error-body"));
                // The code's type as the examples send it: any 200 example's envelope code.
                let text_codes = enveloped
                    && error_fields.as_ref().is_some_and(|(code, _)| {
                        let examples = doc["paths"].as_object().into_iter().flat_map(|paths| paths.values());
                        let examples = examples.flat_map(|item| item.as_object().into_iter().flat_map(|m| m.values()));
                        examples
                            .filter_map(|op| op.pointer("/responses/200/content/application~1json/example"))
                            .any(|example| example[code.as_str()].is_string())
                    });
                let stale_timestamp =
                    doc.pointer("/x-clock/stale-timestamp").and_then(Value::as_str).map(str::to_string);
                let empty_auth_status = doc
                    .pointer("/components/x-error-statuses")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|row| row["class"] == "auth" && row["body-empty"] == true)
                    .and_then(|row| row["status"].as_u64())
                    .and_then(|s| u16::try_from(s).ok());
                let weight_header = doc
                    .pointer("/components/x-rate-limit-headers")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|row| row["kind"] == "request-weight")
                    .and_then(|row| row["prefix"].as_str())
                    .map(str::to_ascii_lowercase);
                let facts = Facts {
                    weight_header,
                    api_key_header,
                    codes,
                    success,
                    error_fields,
                    enveloped,
                    text_codes,
                    stale_timestamp,
                    empty_auth_status,
                };
                (venue, facts)
            })
            .collect()
    });
    &all[&venue]
}

/// The header the venue's spec says carries the API key (lower-cased).
pub(crate) fn api_key_header(venue: Venue) -> &'static str {
    facts(venue).api_key_header.as_deref().unwrap_or("")
}

/// The header that reports the request weight used this minute (`X-MBX-USED-WEIGHT` + `-1m`), if
/// the venue's spec lists one.
pub(crate) fn weight_header(venue: Venue) -> Option<String> {
    facts(venue).weight_header.as_ref().map(|prefix| format!("{prefix}-1m"))
}

/// The first code the venue's spec gives `class` (`not-found`, `clock`, `rate-limited`, …), as the
/// venue sends it; `null` when the spec lists none, which no client reads as that class.
pub(crate) fn code(venue: Venue, class: &str) -> Value {
    facts(venue).codes.iter().find(|(_, c)| c == class).map(|(code, _)| code.clone()).unwrap_or(Value::Null)
}

/// The envelope code that means success, as the venue's spec's `x-envelope` gives it (0 for a
/// venue without one, which sends no envelope).
pub(crate) fn success_code(venue: Venue) -> i64 {
    facts(venue).success.unwrap_or(0)
}

/// The venue's error answer, as its spec shapes one: for an envelope venue a coded error is an
/// envelope in HTTP 200 (its code as text when the examples send text); otherwise `status` with
/// the envelope's or `x-error-body`'s fields. No code (`null`) is left out; where code and
/// message share a field, the code leads the message.
pub(crate) fn error_answer(venue: Venue, status: StatusCode, code: Value, message: &str) -> Response {
    let facts = facts(venue);
    let (code_field, message_field) = facts.error_fields.clone().unwrap_or(("code".into(), "msg".into()));
    let code = match code {
        Value::Number(n) if facts.text_codes => Value::String(n.to_string()),
        other => other,
    };
    let status = if facts.enveloped && !code.is_null() { StatusCode::OK } else { status };
    let mut body = serde_json::Map::new();
    if code_field == message_field {
        let text = match &code {
            Value::Null => message.to_string(),
            Value::String(code) => format!("{code} {message}"),
            code => format!("{code} {message}"),
        };
        body.insert(message_field, Value::String(text));
    } else {
        if !code.is_null() {
            body.insert(code_field, code);
        }
        body.insert(message_field, Value::String(message.to_string()));
    }
    crate::venues::json(status, Value::Object(body).to_string())
}

/// The venue's answer to a timestamp outside its window: its clock code if the spec lists one;
/// else as `x-clock.stale-timestamp` says the venue refuses it (an empty auth status, or an auth
/// code); else its first auth code.
pub(crate) fn stale_timestamp_answer(venue: Venue) -> Response {
    let facts = facts(venue);
    let clock = code(venue, "clock");
    if !clock.is_null() {
        return error_answer(
            venue,
            StatusCode::BAD_REQUEST,
            clock,
            "Timestamp for this request is outside of the recvWindow.",
        );
    }
    if facts.stale_timestamp.as_deref() == Some("auth-without-code")
        && let Some(status) = facts.empty_auth_status.and_then(|s| StatusCode::from_u16(s).ok())
    {
        return status.into_response();
    }
    error_answer(venue, StatusCode::UNAUTHORIZED, code(venue, "auth"), "timestamp expired")
}

/// As [`code`], for venues whose codes are numbers.
pub(crate) fn number_code(venue: Venue, class: &str) -> i64 {
    code(venue, class).as_i64().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_venue_has_a_seeded_order() {
        let examples = examples();
        for venue in Venue::ALL {
            assert!(examples.iter().any(|(v, _)| *v == venue), "{venue:?} has no example in its spec");
        }
    }

    /// The values the simulator answers with are the specs' (these lines change with them).
    #[test]
    fn facts_are_read_from_the_specs() {
        assert_eq!(api_key_header(Venue::BinanceUsdm), "x-mbx-apikey");
        assert_eq!(api_key_header(Venue::P99Spot), "x-mbx-apikey");
        assert_eq!(weight_header(Venue::BinanceUsdm).as_deref(), Some("x-mbx-used-weight-1m"));
        assert_eq!(weight_header(Venue::P99Spot), None);
        assert_eq!(number_code(Venue::BinanceUsdm, "clock"), -1021);
        assert_eq!(number_code(Venue::BinanceUsdm, "not-found"), -2013);
        assert_eq!(number_code(Venue::CoinwFutures, "rate-limited"), 29001);
        assert_eq!(code(Venue::P99Spot, "not-found"), Value::String("ORDER_NOT_FOUND".into()));
        assert_eq!(code(Venue::P99Spot, "clock"), Value::Null, "p99 documents no clock code");
        assert_eq!(success_code(Venue::CoinwFutures), 0);
        assert_eq!(success_code(Venue::CoinwSpot), 200);
    }

    async fn answer(response: Response) -> (u16, String) {
        let status = response.status().as_u16();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Error answers take their shape from the spec: envelope or error body, code type, the
    /// stale-timestamp rule.
    #[tokio::test]
    async fn error_answers_are_shaped_by_the_specs() {
        let limited = |venue| error_answer(venue, StatusCode::TOO_MANY_REQUESTS, code(venue, "rate-limited"), "slow");
        assert_eq!(answer(limited(Venue::CoinwSpot)).await, (200, r#"{"code":"29001","msg":"slow"}"#.into()));
        assert_eq!(answer(limited(Venue::CoinwFutures)).await, (200, r#"{"code":29001,"msg":"slow"}"#.into()));
        assert_eq!(answer(limited(Venue::BinanceUsdm)).await, (429, r#"{"msg":"slow"}"#.into()));
        let not_found = error_answer(Venue::P99Spot, StatusCode::NOT_FOUND, code(Venue::P99Spot, "not-found"), "gone");
        assert_eq!(answer(not_found).await, (404, r#"{"error":"ORDER_NOT_FOUND gone"}"#.into()));
        assert_eq!(answer(stale_timestamp_answer(Venue::P99Spot)).await, (401, String::new()));
        let (status, body) = answer(stale_timestamp_answer(Venue::BinanceUsdm)).await;
        assert!(status == 400 && body.contains("-1021"), "{status} {body}");
        let (status, body) = answer(stale_timestamp_answer(Venue::CoinwFutures)).await;
        assert!(status == 200 && body.contains("6003"), "{status} {body}");
    }
}
