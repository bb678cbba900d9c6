//! coinw-futures against the simulator.

use std::str::FromStr;

use coinw_futures::{
    Client, Config, Credentials, Direction, Error, OrderQuery, OrderStatus, PositionModel, PositionType, QuantityUnit,
};
use rust_decimal::Decimal;
use venue_sim::{Sim, Venue, accounts};

const EXAMPLE_ID: i64 = 33308753605637070;

fn client(sim: &Sim, secret: &str) -> Client {
    let config = Config::new(sim.url(Venue::CoinwFutures)).credentials(Credentials::hmac(accounts::COINW_KEY, secret));
    Client::with_config(config).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[tokio::test]
async fn the_docs_example_decodes_with_exact_ids_and_decimals() {
    let sim = Sim::start().await.unwrap();
    let client = client(&sim, accounts::COINW_SECRET);
    let orders = client.get_order_information(&OrderQuery::new(PositionType::Plan).instrument("btc")).await.unwrap();
    assert_eq!(orders.len(), 1);
    let o = &orders[0];
    // Above 2^53: an f64 would have made this 33308753605637068.
    assert_eq!(o.id, EXAMPLE_ID);
    assert_eq!(o.direction, Direction::Long);
    assert_eq!(o.order_status, OrderStatus::UnFinish);
    assert_eq!(o.position_model, Some(PositionModel::Isolated));
    assert_eq!(o.quantity_unit, Some(QuantityUnit::Quote));
    // Numbers and strings in one response, both exact.
    assert_eq!(o.fee, Some(dec("0")));
    assert_eq!(o.frozen_fee, Some(dec("0.0168")));
    assert_eq!(o.margin, Some(dec("84")));
    assert_eq!(o.index_price, Some(dec("85880.1")));
    assert_eq!(o.stop_loss_rate, Some(dec("0.02380952")));
    assert_eq!(o.created_date.get(), 1740905644000);
    sim.stop().await;
}

#[tokio::test]
async fn by_id_and_not_found() {
    let sim = Sim::start().await.unwrap();
    let client = client(&sim, accounts::COINW_SECRET);
    let order = client.get_order(PositionType::Plan, EXAMPLE_ID).await.unwrap();
    assert_eq!(order.id, EXAMPLE_ID);
    let err = client.get_order(PositionType::Plan, 42).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let rule = coinw_futures::operations::GET_ORDER_INFORMATION.not_found.unwrap();
    assert!(err.to_string().contains(rule) && rule.contains("unfilled"), "{err}");
    sim.stop().await;
}

#[tokio::test]
async fn more_than_twenty_ids_is_refused_before_sending() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, accounts::COINW_SECRET)
        .get_order_information(&OrderQuery::new(PositionType::Plan).source_ids(1..=21))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest { message } if message.contains("at most 20")), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn a_wrong_secret_is_an_auth_error_from_the_200_envelope() {
    let sim = Sim::start().await.unwrap();
    let err = client(&sim, "wrong").get_order_information(&OrderQuery::new(PositionType::Plan)).await.unwrap_err();
    assert!(matches!(err, Error::Auth { status: 200, .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn new_enum_values_and_precision_beyond_f64() {
    let sim = Sim::start().await.unwrap();
    // The whole answer as bytes: a JSON number's digits must reach the client as the venue
    // wrote them (a `serde_json::Value` in between would hold it as an f64).
    sim.with_book(|book| {
        let answer = r#"{"code":0,"data":[{"id": 9007199254740993, "instrument": "ETH", "direction": "hedge",
            "orderStatus": "frozen", "posType": "execute", "createdDate": 1740905644000, "positionModel": 7,
            "margin": 12345678901234.567890123456, "fee": "0.000000000000000000000000001"}],"msg":""}"#;
        book.insert_raw(Venue::CoinwFutures, "9007199254740993", answer);
    });
    let orders = client(&sim, accounts::COINW_SECRET)
        .get_order_information(&OrderQuery::new(PositionType::Execute))
        .await
        .unwrap();
    let o = &orders[0];
    assert_eq!(o.id, 9007199254740993);
    assert_eq!(o.direction, Direction::Unknown("hedge".into()));
    assert_eq!(o.order_status, OrderStatus::Unknown("frozen".into()));
    assert_eq!(o.position_model, Some(PositionModel::Unknown(7)));
    assert_eq!(o.margin, Some(dec("12345678901234.567890123456")));
    assert_eq!(o.fee, Some(dec("0.000000000000000000000000001")));
    sim.stop().await;
}

#[tokio::test]
async fn case_variants_of_a_status_share_a_variant() {
    let sim = Sim::start().await.unwrap();
    sim.with_book(|book| {
        for (id, status) in [(1, "Finish"), (2, "finish"), (3, "cancelAll")] {
            let order = serde_json::json!({"id": id, "instrument": "BTC", "direction": "short",
                "orderStatus": status, "posType": "execute", "createdDate": 1});
            book.insert(Venue::CoinwFutures, order);
        }
    });
    let orders = client(&sim, accounts::COINW_SECRET)
        .get_order_information(&OrderQuery::new(PositionType::Execute))
        .await
        .unwrap();
    let statuses: Vec<_> = orders.iter().map(|o| o.order_status.clone()).collect();
    assert_eq!(statuses, [OrderStatus::Finish, OrderStatus::Finish, OrderStatus::CancelAll]);
    sim.stop().await;
}

#[tokio::test]
async fn a_malformed_or_error_envelope_is_typed() {
    let sim = Sim::start().await.unwrap();
    let client = client(&sim, accounts::COINW_SECRET);
    sim.with_book(|book| book.insert_raw(Venue::CoinwFutures, "x", r#"{"code":0,"data":[{"id":"not-a-number"}]"#));
    let err = client.get_order_information(&OrderQuery::new(PositionType::Plan)).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { snippet, .. } if snippet.contains("not-a-number")), "{err:?}");
    sim.with_book(|book| {
        book.insert_raw(Venue::CoinwFutures, "x", r#"{"code":29001,"data":"slow down","message":"too many requests"}"#)
    });
    let err = client.get_order_information(&OrderQuery::new(PositionType::Plan)).await.unwrap_err();
    assert!(matches!(&err, Error::RateLimited { message, .. } if message == "too many requests"), "{err:?}");
    sim.with_book(|book| {
        book.insert_raw(Venue::CoinwFutures, "x", r#"{"code":402,"data":null,"msg":"param required"}"#)
    });
    let err = client.get_order_information(&OrderQuery::new(PositionType::Plan)).await.unwrap_err();
    assert!(matches!(err, Error::Venue { code: venue_sdk_core::ErrorCode::Number(402), .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn what_goes_over_the_wire() {
    let sim = Sim::start().await.unwrap();
    client(&sim, accounts::COINW_SECRET).get_order(PositionType::Plan, EXAMPLE_ID).await.unwrap();
    let requests = sim.requests();
    let sent = requests.last().unwrap();
    assert_eq!(sent.header("api-version"), None);
    assert_eq!(sent.header("api_key"), Some(accounts::COINW_KEY));
    assert!(sent.header("timestamp").is_some_and(|t| t.parse::<i64>().is_ok()));
    assert!(sent.header("sign").is_some_and(|s| s.ends_with('=')), "base64 of 32 bytes ends in '='");
    assert!(!sent.query.as_deref().unwrap_or("").contains("sign"), "CoinW futures signs in headers only");
    sim.stop().await;
}

/// Several ids go out joined by a raw comma, signed as sent, and pass a verifier that accepts
/// only what holds whether CoinW checks the query as sent or decoded (the docs do not say).
#[tokio::test]
async fn several_order_ids_go_out_with_raw_commas_that_both_readings_accept() {
    let sim = Sim::start().await.unwrap();
    let ids = [33308753605637070_i64, 33308753605637071];
    let orders = client(&sim, accounts::COINW_SECRET)
        .get_order_information(&OrderQuery::new(PositionType::Plan).source_ids(ids))
        .await
        .unwrap();
    assert!(orders.iter().all(|o| ids.contains(&o.id)), "{orders:?}");
    let request = sim.requests().into_iter().rfind(|r| r.path == "/v1/perpum/order").unwrap();
    let query = request.query.unwrap_or_default();
    assert!(query.contains("sourceIds=33308753605637070,33308753605637071"), "{query}");
    assert!(!query.contains("%2C"), "{query}");
    sim.stop().await;
}

/// CoinW's table types ids as strings, its example sends numbers, its history endpoints send
/// strings: either decodes, 64 bits kept, and one string id no longer fails the whole list.
#[tokio::test]
async fn ids_as_strings_or_numbers_decode_alike() {
    let sim = Sim::start().await.unwrap();
    sim.with_book(|book| {
        let answer = r#"{"code":"0","data":[
            {"id": "33308753605637071", "instrument": "BTC", "direction": "long", "orderStatus": "unFinish",
             "posType": "plan", "createdDate": 1740905644000, "contractType": "1", "userId": "1162061"},
            {"id": 33308753605637072, "instrument": "BTC", "direction": "short", "orderStatus": "unFinish",
             "posType": "plan", "createdDate": 1740905644000, "contractType": 1, "userId": 1162061, "stopLossPrice": ""}
        ],"msg":""}"#;
        book.insert_raw(Venue::CoinwFutures, "33308753605637071", answer);
    });
    let orders =
        client(&sim, accounts::COINW_SECRET).get_order_information(&OrderQuery::new(PositionType::Plan)).await.unwrap();
    let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();
    assert_eq!(ids, [33308753605637071, 33308753605637072]);
    assert!(orders.iter().all(|o| o.contract_type == Some(1) && o.user_id == Some(1162061)));
    assert_eq!(orders[1].stop_loss_price, None, "an empty amount is absent");
    sim.stop().await;
}

/// A value whose characters may go raw is signed as sent; one that must stay encoded (here the
/// URL itself re-encodes `'`) is refused before sending, not rejected by half the readings.
#[tokio::test]
async fn values_that_would_need_encoding_are_refused_before_sending() {
    let sim = Sim::start().await.unwrap();
    let client = client(&sim, accounts::COINW_SECRET);
    for accepted in ["BTC", "a:b@c/d?e", "x,y;z(1)*~$!"] {
        let query = OrderQuery::new(PositionType::Plan).instrument(accepted);
        assert!(client.get_order_information(&query).await.is_ok(), "{accepted}");
    }
    let before = sim.requests().len();
    for refused in ["a'b", "a b", "a&b", "a+b", "é"] {
        let query = OrderQuery::new(PositionType::Plan).instrument(refused);
        let err = client.get_order_information(&query).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{refused}: {err:?}");
    }
    assert_eq!(sim.requests().len(), before, "nothing refused was sent");
    sim.stop().await;
}
