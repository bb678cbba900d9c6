//! The response examples embedded in the specs, read when the simulator starts.

use serde_json::Value;

use crate::Venue;

const BINANCE: &str = include_str!("../../../specs/binance-usdm/openapi.yaml");
const COINW_FUTURES: &str = include_str!("../../../specs/coinw-futures/openapi.yaml");
const COINW_SPOT: &str = include_str!("../../../specs/coinw-spot/openapi.yaml");
const P99: &str = include_str!("../../../specs/p99-spot/openapi.yaml");

/// The order number the CoinW spot docs' request example asks for; its answer is the example.
pub const COINW_SPOT_EXAMPLE_ORDER: &str = "4624544807079846405";

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
        if let Some(order) = ok_example(BINANCE, path, "get") {
            out.push((Venue::BinanceUsdm, order));
        }
    }
    if let Some(Value::Array(orders)) =
        ok_example(COINW_FUTURES, "/v1/perpum/order", "get").and_then(|e| e.get("data").cloned())
    {
        out.extend(orders.into_iter().map(|o| (Venue::CoinwFutures, o)));
    }
    if let Some(mut order) = ok_example(COINW_SPOT, "/api/v1/private", "post").and_then(|e| e.get("data").cloned()) {
        order["orderNumber"] = Value::String(COINW_SPOT_EXAMPLE_ORDER.into());
        out.push((Venue::CoinwSpot, order));
    }
    if let Some(order) = ok_example(P99, "/spot/orders/{id}", "get") {
        out.push((Venue::P99Spot, order));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_venue_has_a_seeded_order() {
        let examples = super::examples();
        for venue in crate::Venue::ALL {
            assert!(examples.iter().any(|(v, _)| *v == venue), "{venue:?} has no example in its spec");
        }
    }
}
