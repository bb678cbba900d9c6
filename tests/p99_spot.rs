//! p99-spot against the simulator.

use std::str::FromStr;

use p99_spot::{Client, Clock, Config, Credentials, Error, OrderStatus, OrderType, Side, TimeInForce, Uuid};
use rust_decimal::Decimal;
use venue_sim::{Sim, Venue, accounts};

const EXAMPLE_ID: &str = "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10";

fn client(sim: &Sim, credentials: Credentials) -> Client {
    Client::with_config(Config::new(sim.url(Venue::P99Spot)).credentials(credentials)).unwrap()
}

fn api_key() -> Credentials {
    Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET)
}

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

#[tokio::test]
async fn the_docs_example_decodes_with_api_key_and_with_jwt() {
    let sim = Sim::start().await.unwrap();
    for credentials in [api_key(), Credentials::bearer(accounts::P99_JWT)] {
        let order = client(&sim, credentials).query_order(&id(EXAMPLE_ID)).await.unwrap();
        assert_eq!(order.id, id(EXAMPLE_ID));
        assert_eq!((order.side.clone(), order.type_.clone()), (Side::Buy, OrderType::Limit));
        assert_eq!(order.tif, Some(TimeInForce::Gtc));
        assert_eq!(order.status, OrderStatus::Filled);
        assert_eq!(order.price, Some(Decimal::from_str("0.5000").unwrap()));
        assert_eq!(order.avg_fill_price, Decimal::from_str("0.4990").unwrap());
        assert_eq!(order.quote_quantity, None);
        // Seconds, not milliseconds.
        assert_eq!(order.created_at.get(), 1778400000);
        assert_eq!(venue_sdk_core::time::UnixMillis::from(order.updated_at).get(), 1778400090000);
    }
    sim.stop().await;
}

#[tokio::test]
async fn an_unknown_order_is_not_found() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, api_key()).query_order(&Uuid::nil()).await.unwrap_err();
    assert!(
        matches!(&err, Error::NotFound { status: 404, code: venue_sdk_core::ErrorCode::Text(c), .. } if c == "ORDER_NOT_FOUND"),
        "{err:?}"
    );
    let rule = p99_spot::operations::QUERY_ORDER.not_found.unwrap();
    assert!(err.to_string().contains(rule) && rule.contains("someone else's"), "{err}");
    sim.stop().await;
}

#[tokio::test]
async fn wrong_secret_wrong_jwt_and_stale_timestamp_are_auth_errors() {
    let sim = Sim::start().await.unwrap();
    let stale = Client::with_config(
        Config::new(sim.url(Venue::P99Spot))
            .credentials(api_key())
            .clock(Clock::with_offset_ms(-10_000))
            .clock_sync(false),
    )
    .unwrap();
    for client in [
        client(&sim, Credentials::hmac(accounts::P99_KEY, "wrong")),
        client(&sim, Credentials::bearer("not-the-jwt")),
        stale,
    ] {
        let err = client.query_order(&id(EXAMPLE_ID)).await.unwrap_err();
        assert!(matches!(err, Error::Auth { status: 401, .. }), "{err:?}");
    }
    sim.stop().await;
}

#[tokio::test]
async fn new_values_and_malformed_bodies() {
    let sim = Sim::start().await.unwrap();
    let new_id = "00000000-0000-4000-8000-000000000001";
    let bad_id = "00000000-0000-4000-8000-000000000002";
    sim.with_book(|book| {
        book.insert(
            Venue::P99Spot,
            serde_json::json!({
                "id": new_id, "symbol": "DFUSDT", "side": "buy", "type": "stop_limit", "tif": "fok",
                "price": null, "quantity": "1", "filled_qty": "0", "avg_fill_price": "0",
                "status": "pending_trigger", "created_at": 1, "updated_at": 2
            }),
        );
        book.insert_raw(Venue::P99Spot, bad_id, r#"{"id": "not-a-uuid"}"#);
    });
    let client = client(&sim, api_key());
    let order = client.query_order(&id(new_id)).await.unwrap();
    assert_eq!(order.type_, OrderType::Unknown("stop_limit".into()));
    assert_eq!(order.tif, Some(TimeInForce::Unknown("fok".into())));
    assert_eq!(order.status, OrderStatus::Unknown("pending_trigger".into()));
    let err = client.query_order(&id(bad_id)).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn what_goes_over_the_wire() {
    let sim = Sim::start().await.unwrap();
    client(&sim, Credentials::bearer(accounts::P99_JWT)).query_order(&id(EXAMPLE_ID)).await.unwrap();
    client(&sim, api_key()).query_order(&id(EXAMPLE_ID)).await.unwrap();
    let requests = sim.requests();
    let (jwt, key) = (&requests[requests.len() - 2], &requests[requests.len() - 1]);
    assert_eq!(jwt.path, format!("/api/v1/spot/orders/{EXAMPLE_ID}"));
    assert_eq!(jwt.header("authorization").map(|a| a.starts_with("Bearer ")), Some(true));
    assert_eq!(jwt.query, None, "a JWT request carries no timestamp or signature");
    assert_eq!(key.header("api-version"), None);
    assert_eq!(key.header("x-mbx-apikey"), Some(accounts::P99_KEY));
    let query = key.query.as_deref().unwrap();
    assert!(query.starts_with("timestamp=") && query.contains("&signature="), "{query}");
    sim.stop().await;
}

#[test]
fn debug_of_clients_never_shows_secrets() {
    for credentials in [Credentials::hmac("key-1234567", "top-secret-hmac"), Credentials::bearer("top-secret-jwt")] {
        let client = Client::with_config(Config::new("http://127.0.0.1:9").credentials(credentials)).unwrap();
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains("top-secret") && !shown.contains("1234567"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
    let binance = binance_usdm::Client::with_config(
        binance_usdm::Config::new("http://127.0.0.1:9")
            .credentials(Credentials::hmac("key-1234567", "top-secret-hmac")),
    )
    .unwrap();
    assert!(!format!("{binance:?}").contains("top-secret"));
}
