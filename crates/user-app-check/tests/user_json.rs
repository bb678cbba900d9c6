//! A user's own JSON code, in a build with a venue crate in it. Each of these breaks when
//! serde_json's `arbitrary_precision` is on anywhere in the build (known serde_json issues), and
//! the venue crate still reads decimals exactly without it.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(untagged)]
enum Amount {
    Number(f64),
    Text(String),
}

#[derive(Debug, Deserialize)]
struct Outer {
    name: String,
    #[serde(flatten)]
    inner: Inner,
}

#[derive(Debug, Deserialize)]
struct Inner {
    price: f64,
}

#[test]
fn an_untagged_enum_reads_a_float() {
    assert_eq!(serde_json::from_str::<Amount>("1.5").unwrap(), Amount::Number(1.5));
    assert_eq!(serde_json::from_str::<Amount>(r#""x""#).unwrap(), Amount::Text("x".into()));
}

#[test]
fn a_flattened_float_reads() {
    let outer: Outer = serde_json::from_str(r#"{"name":"a","price":2.25}"#).unwrap();
    assert_eq!((outer.name.as_str(), outer.inner.price), ("a", 2.25));
}

#[test]
fn numbers_in_a_value_are_plain_floats() {
    // With `arbitrary_precision` a Number keeps its text ("1.50"); without, it is an f64.
    let value: serde_json::Value = serde_json::from_str("1.50").unwrap();
    assert_eq!(value.to_string(), "1.5");
    assert!(value.as_f64().is_some());
}

#[test]
fn the_venue_crate_still_reads_decimals_exactly() {
    // A CoinW spot answer whose amounts have more digits than an f64 holds, one a JSON number.
    let body = r#"{"code":"200","data":{"currencyPair":"BTC_USDT","type":"buy","status":1,
        "total":12345678901234.567890123456,"startingAmount":"0.000000000000000000000000001"}}"#;
    let envelope: coinw_spot::OrderStatusEnvelope = serde_json::from_str(body).expect("decodes");
    let order = envelope.data.expect("data");
    assert_eq!(order.total, Some(Decimal::from_str("12345678901234.567890123456").unwrap()));
    assert_eq!(order.starting_amount, Some(Decimal::from_str("0.000000000000000000000000001").unwrap()));
}
