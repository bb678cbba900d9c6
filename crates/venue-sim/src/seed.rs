//! What the simulator takes from the specs, which it embeds: the response examples (its order
//! book), the header each venue reads the API key from, and the venue's error codes by class.
//! Renaming one of these in a spec changes the simulator too, with the crate codegen writes.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::Value;

use crate::Venue;

fn example(spec: &str, pointer: &str) -> Option<Value> {
    let doc: Value = serde_yaml::from_str(spec).ok()?;
    doc.pointer(pointer).cloned()
}

fn ok_example(spec: &str, path: &str, method: &str) -> Option<Value> {
    let path = path.replace('~', "~0").replace('/', "~1");
    example(spec, &format!("/paths/{path}/{method}/responses/200/content/application~1json/example"))
}

/// One order per venue (CoinW futures: every order in the example's `data`).
pub fn examples() -> Vec<(Venue, Value)> {
    let mut out = Vec::new();
    for path in ["/fapi/v1/algoOrder", "/fapi/v1/order"] {
        if let Some(order) = ok_example(Venue::BinanceUsdm.spec(), path, "get") {
            out.push((Venue::BinanceUsdm, order));
        }
    }
    if let Some(Value::Array(orders)) =
        ok_example(Venue::CoinwFutures.spec(), "/v1/perpum/order", "get").and_then(|e| e.get("data").cloned())
    {
        out.extend(orders.into_iter().map(|o| (Venue::CoinwFutures, o)));
    }
    if let Some(mut order) =
        ok_example(Venue::CoinwSpot.spec(), "/api/v1/private", "post").and_then(|e| e.get("data").cloned())
    {
        // The order the docs' request example asks for (the parameter's `example`) is the answer's.
        if let Some(number) = example(Venue::CoinwSpot.spec(), "/paths/~1api~1v1~1private/post/parameters")
            .and_then(|params| params.as_array()?.iter().find(|p| p["name"] == "orderNumber")?.get("example").cloned())
        {
            order["orderNumber"] = number;
        }
        out.push((Venue::CoinwSpot, order));
    }
    if let Some(order) = ok_example(Venue::P99Spot.spec(), "/spot/orders/{id}", "get") {
        out.push((Venue::P99Spot, order));
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
}

fn facts(venue: Venue) -> &'static Facts {
    static FACTS: OnceLock<BTreeMap<Venue, Facts>> = OnceLock::new();
    let all = FACTS.get_or_init(|| {
        Venue::ALL
            .into_iter()
            .map(|venue| {
                let doc: Value = serde_yaml::from_str(venue.spec()).unwrap_or(Value::Null);
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
                (venue, Facts { api_key_header, codes, success })
            })
            .collect()
    });
    &all[&venue]
}

/// The header the venue's spec says carries the API key (lower-cased).
pub(crate) fn api_key_header(venue: Venue) -> &'static str {
    facts(venue).api_key_header.as_deref().unwrap_or("")
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
        assert_eq!(number_code(Venue::BinanceUsdm, "clock"), -1021);
        assert_eq!(number_code(Venue::BinanceUsdm, "not-found"), -2013);
        assert_eq!(number_code(Venue::CoinwFutures, "rate-limited"), 29001);
        assert_eq!(code(Venue::P99Spot, "not-found"), Value::String("ORDER_NOT_FOUND".into()));
        assert_eq!(code(Venue::P99Spot, "clock"), Value::Null, "p99 documents no clock code");
        assert_eq!(success_code(Venue::CoinwFutures), 0);
        assert_eq!(success_code(Venue::CoinwSpot), 200);
    }
}
