//! coinw-spot against the simulator.

use std::str::FromStr;

use coinw_spot::{Client, Config, Credentials, Error, SpotOrderState, SpotSide};
use rust_decimal::Decimal;
use venue_sim::{Sim, Venue, accounts};

/// The order number the docs' request example asks for.
const EXAMPLE_ORDER: &str = "4624544807079846405";

fn client(sim: &Sim, secret: &str) -> Client {
    let config = Config::new(sim.url(Venue::CoinwSpot)).credentials(Credentials::hmac(accounts::COINW_KEY, secret));
    Client::with_config(config).unwrap()
}

#[tokio::test]
async fn the_docs_example_decodes() {
    let sim = Sim::start().await.unwrap();
    let order = client(&sim, accounts::COINW_SECRET).order_status(EXAMPLE_ORDER).await.unwrap();
    assert_eq!(order.currency_pair, "BTC_USDT");
    assert_eq!(order.type_, SpotSide::Buy);
    assert_eq!(order.status, SpotOrderState::Canceled);
    assert_eq!(order.total, Some(Decimal::from_str("0.0001").unwrap()));
    assert_eq!(order.starting_amount.map(|d| d.to_string()).as_deref(), Some("8.20"));
    assert_eq!(order.date.as_deref(), Some("2025-04-03 18:39:58"));
    sim.stop().await;
}

#[tokio::test]
async fn an_unknown_order_is_not_found() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, accounts::COINW_SECRET).order_status("1").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let rule = coinw_spot::operations::RETURN_ORDER_STATUS.not_found.unwrap();
    assert!(err.to_string().contains(rule) && rule.contains("7 days"), "{err}");
    sim.stop().await;
}

#[tokio::test]
async fn several_order_numbers_in_one_are_refused_before_sending() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, accounts::COINW_SECRET).order_status("1,2").await.unwrap_err();
    match &err {
        Error::InvalidRequest { message } => {
            assert!(message.contains("orderNumber") && message.contains("one order id per request"), "{message}")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(sim.requests().is_empty(), "nothing may reach the venue: {:?}", sim.requests());
    sim.stop().await;
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, "wrong").order_status(EXAMPLE_ORDER).await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn order_numbers_with_reserved_characters_are_signed_as_the_venue_reads_them() {
    let sim = Sim::start().await.unwrap();
    let number = "a b&c=d+e/é";
    sim.with_book(|book| {
        book.insert(
            Venue::CoinwSpot,
            serde_json::json!({"orderNumber": number, "currencyPair": "ETH_USDT", "type": "sell", "status": 2}),
        );
    });
    let order = client(&sim, accounts::COINW_SECRET).order_status(number).await.unwrap();
    assert_eq!(order.status, SpotOrderState::PartiallyCompleted);
    sim.stop().await;
}

#[tokio::test]
async fn numeric_codes_unknown_states_and_bad_bodies() {
    let sim = Sim::start().await.unwrap();
    let client = client(&sim, accounts::COINW_SECRET);
    sim.with_book(|book| {
        book.insert_raw(
            Venue::CoinwSpot,
            "num",
            r#"{"code":200,"data":{"currencyPair":"BTC_USDT","type":"short","status":9,"total":1E-3},"msg":"SUCCESS"}"#,
        );
        book.insert_raw(Venue::CoinwSpot, "limit", r#"{"code":"29001","data":null,"msg":"too frequent"}"#);
        book.insert_raw(Venue::CoinwSpot, "bad", "<html>502 Bad Gateway</html>");
    });
    let order = client.order_status("num").await.unwrap();
    assert_eq!(order.status, SpotOrderState::Unknown(9));
    assert_eq!(order.type_, SpotSide::Unknown("short".into()));
    assert_eq!(order.total, Some(Decimal::from_str("0.001").unwrap()));
    let err = client.order_status("limit").await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    let err = client.order_status("bad").await.unwrap_err();
    assert!(matches!(&err, Error::Decode { snippet, .. } if snippet.contains("502 Bad Gateway")), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn what_goes_over_the_wire() {
    let sim = Sim::start().await.unwrap();
    client(&sim, accounts::COINW_SECRET).order_status(EXAMPLE_ORDER).await.unwrap();
    let requests = sim.requests();
    let sent = requests.last().unwrap();
    assert_eq!((sent.method.as_str(), sent.path.as_str()), ("POST", "/api/v1/private"));
    assert_eq!(sent.header("api-version"), None);
    let query = sent.query.as_deref().unwrap();
    let names: Vec<&str> = query.split('&').map(|p| p.split('=').next().unwrap()).collect();
    assert_eq!(names, ["command", "orderNumber", "api_key", "sign"], "{query}");
    assert!(query.starts_with("command=returnOrderStatus&"), "{query}");
    sim.stop().await;
}
