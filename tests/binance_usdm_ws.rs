//! binance-usdm's WebSocket API client against the simulator's `/ws-fapi/v1`.

use std::str::FromStr;
use std::time::Duration;

use binance_usdm::ws::WsOptions;
use binance_usdm::{Client, Config, Credentials, Error, OrderRef, OrderStatus, OrderType, RateLimitType, WsClient};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use venue_sim::{OrderBook, Sim, Venue, accounts};

fn hmac() -> Credentials {
    Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)
}

fn ed25519() -> Credentials {
    Credentials::ed25519_from_seed(accounts::BINANCE_ED25519_KEY, accounts::BINANCE_ED25519_SEED)
}

/// Short backoff so reconnect tests do not wait long.
fn options() -> WsOptions {
    WsOptions {
        backoff_initial: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        ..WsOptions::default()
    }
}

fn ws(sim: &Sim, credentials: Credentials) -> WsClient {
    WsClient::with_options(
        Config::new(sim.ws_url()).credentials(credentials).timeout(Duration::from_secs(10)),
        options(),
    )
    .unwrap()
}

/// The docs' order with another id, client id and quantity, so each reply can be told apart.
fn order(n: i64) -> Value {
    json!({
        "avgPrice": "0.00000", "clientOrderId": format!("client-{n}"), "cumQuote": "0", "executedQty": "0",
        "orderId": 1_000_000 + n, "origQty": format!("{n}.001"), "origType": "LIMIT", "price": "27000.10",
        "reduceOnly": false, "side": "BUY", "positionSide": "BOTH", "status": "NEW", "stopPrice": "0",
        "closePosition": false, "symbol": "BTCUSDT", "time": 1579276756075_i64, "timeInForce": "GTC",
        "type": "LIMIT", "updateTime": 1579276756075_i64, "workingType": "CONTRACT_PRICE", "priceProtect": false
    })
}

async fn sim_with_orders(n: i64) -> Sim {
    let sim = Sim::start().await.unwrap();
    sim.with_book(|book| (0..n).for_each(|i| book.insert(Venue::BinanceUsdm, order(i))));
    sim
}

#[tokio::test]
async fn the_docs_example_over_websocket_is_the_same_order_as_over_rest() {
    let sim = Sim::start().await.unwrap();
    let ws = ws(&sim, hmac());
    let over_ws = ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    assert_eq!(over_ws.order_id, 1917641);
    assert_eq!(over_ws.client_order_id, "abc");
    assert_eq!(over_ws.status, OrderStatus::New);
    assert_eq!(over_ws.type_, OrderType::TrailingStopMarket);
    assert_eq!(over_ws.orig_qty.to_string(), "0.40", "decimal scale is kept");
    assert_eq!(over_ws.activate_price, Some(Decimal::from_str("9020").unwrap()));
    assert_eq!(over_ws.time.get(), 1579276756075);

    let rest = Client::with_config(Config::new(sim.url(Venue::BinanceUsdm)).credentials(hmac())).unwrap();
    let over_rest = rest.query_order("BTCUSDT", OrderRef::OrigClientOrderId("abc".into())).await.unwrap();
    // One Rust type for both channels: the values compare field by field.
    assert_eq!(serde_json::to_value(&over_ws).unwrap(), serde_json::to_value(&over_rest).unwrap());
    sim.stop().await;
}

#[tokio::test]
async fn replies_carry_rate_limits_and_errors_are_typed() {
    let sim = Sim::start().await.unwrap();
    let ws = ws(&sim, hmac());
    let reply = ws.order_status_reply("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    assert_eq!(reply.status, 200);
    let limit = &reply.rate_limits[0];
    assert_eq!(limit.rate_limit_type, RateLimitType::RequestWeight);
    assert_eq!((limit.limit, limit.count), (2400, 1));

    match ws.order_status("BTCUSDT", OrderRef::OrderId(404)).await {
        Err(error @ Error::NotFound { status: 400, .. }) => {
            let Error::NotFound { code, .. } = &error else { unreachable!() };
            assert_eq!(code.to_string(), "-2013");
            let rule = binance_usdm::ws::operations::ORDER_STATUS.not_found.unwrap();
            assert!(error.to_string().contains(rule) && rule.contains("90 days"), "{error}");
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let wrong = WsClient::with_options(
        Config::new(sim.ws_url()).credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, "wrong-secret")),
        options(),
    )
    .unwrap();
    assert!(matches!(wrong.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await, Err(Error::Auth { .. })));
    // A client built not to measure the clock gets the venue's -1021 as ClockSkew. (One that
    // measures recovers: binance_usdm_ws_hostile.rs.)
    let unmeasured =
        WsClient::with_options(Config::new(sim.ws_url()).credentials(hmac()).clock_sync(false), options()).unwrap();
    sim.set_clock_offset_ms(-60_000);
    assert!(matches!(
        unmeasured.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await,
        Err(Error::ClockSkew { .. })
    ));
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_on_one_connection_each_get_their_own_order() {
    let sim = sim_with_orders(1000).await;
    let ws = ws(&sim, hmac());
    let calls = (0..1000).map(|n| {
        let ws = ws.clone();
        tokio::spawn(async move { (n, ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000 + n)).await) })
    });
    for call in calls {
        let (n, result) = call.await.unwrap();
        let order = result.unwrap();
        assert_eq!(order.order_id, 1_000_000 + n);
        assert_eq!(order.client_order_id, format!("client-{n}"));
        assert_eq!(order.orig_qty, Decimal::from_str(&format!("{n}.001")).unwrap());
    }
    assert_eq!(ws.connections_opened(), 1);
    assert_eq!(sim.ws().connections(), 1);
    // One session.status measured the clock for all of them, before the first signed request.
    assert_eq!(sim.ws().requests(), 1001);
    sim.stop().await;
}

#[tokio::test]
async fn replies_out_of_order_reach_the_right_callers() {
    let sim = sim_with_orders(20).await;
    let ws = ws(&sim, hmac());
    ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000)).await.unwrap(); // connected
    sim.ws().reorder_next(20);
    let calls: Vec<_> = (0..20)
        .map(|n| {
            let ws = ws.clone();
            tokio::spawn(async move {
                (n, ws.order_status("BTCUSDT", OrderRef::OrigClientOrderId(format!("client-{n}"))).await)
            })
        })
        .collect();
    for call in calls {
        let (n, result) = call.await.unwrap();
        assert_eq!(result.unwrap().order_id, 1_000_000 + n);
    }
    sim.stop().await;
}

#[tokio::test]
async fn one_request_times_out_while_the_others_succeed() {
    let sim = sim_with_orders(10).await;
    sim.ws().never_answer_order(1_000_003);
    let ws = ws(&sim, hmac()).with_request_timeout(Duration::from_millis(300));
    let calls: Vec<_> = (0..10)
        .map(|n| {
            let ws = ws.clone();
            tokio::spawn(async move { (n, ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000 + n)).await) })
        })
        .collect();
    for call in calls {
        match call.await.unwrap() {
            (3, Err(Error::TimedOut { after })) => assert_eq!(after, Duration::from_millis(300)),
            (3, other) => panic!("expected a timeout, got {other:?}"),
            (n, result) => assert_eq!(result.unwrap().order_id, 1_000_000 + n),
        }
    }
    // The connection is still good.
    assert_eq!(ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_004)).await.unwrap().order_id, 1_000_004);
    assert_eq!(ws.connections_opened(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn a_dropped_connection_fails_every_request_in_flight_then_reconnects_and_logs_on_again() {
    let sim = sim_with_orders(50).await;
    let ws = ws(&sim, ed25519());
    assert!(ws.logs_on());
    ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000)).await.unwrap();
    assert_eq!(sim.ws().logons(), 1);

    // Hold every reply, then cut the connection under 50 requests.
    sim.ws().delay_replies(Duration::from_secs(30));
    let before = sim.ws().requests();
    let calls: Vec<_> = (0..50)
        .map(|n| {
            let ws = ws.clone();
            tokio::spawn(async move { ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000 + n)).await })
        })
        .collect();
    while sim.ws().requests() < before + 50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    sim.ws().close_connections();
    let ended = tokio::time::timeout(Duration::from_secs(2), async {
        let mut results = Vec::new();
        for call in calls {
            results.push(call.await.unwrap());
        }
        results
    })
    .await
    .expect("every request in flight ends at once, none hangs");
    assert!(ended.iter().all(|r| matches!(r, Err(Error::Connection { .. }))), "{ended:?}");

    sim.ws().delay_replies(Duration::ZERO);
    let order = ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_007)).await.unwrap();
    assert_eq!(order.order_id, 1_000_007);
    assert_eq!(ws.connections_opened(), 2);
    assert_eq!(sim.ws().logons(), 2, "logged on again after the reconnect");
    // On a logged-on session the request itself is not signed; the session says who we are.
    let status = ws.session_status().await.unwrap();
    assert_eq!(status.api_key.as_deref(), Some(accounts::BINANCE_ED25519_KEY));
    sim.stop().await;
}

#[tokio::test]
async fn a_refused_logon_fails_the_waiting_requests_with_the_venue_reason() {
    let sim = Sim::start().await.unwrap();
    let wrong = Credentials::ed25519_from_seed(accounts::BINANCE_ED25519_KEY, [9; 32]);
    let ws = ws(&sim, wrong);
    match ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await {
        Err(Error::Auth { .. }) => {}
        other => panic!("expected the logon's refusal, got {other:?}"),
    }
    assert_eq!(sim.ws().logons(), 0);
    sim.stop().await;
}

#[tokio::test]
async fn server_pings_are_answered_with_the_same_payload() {
    let sim = Sim::start().await.unwrap();
    sim.ws().ping_every(Duration::from_millis(50), b"are you there? \x00\xff");
    let ws = ws(&sim, hmac());
    ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while sim.ws().pongs().len() < 2 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let pongs = sim.ws().pongs();
    assert!(pongs.len() >= 2, "no pongs within 5 s");
    assert!(pongs.iter().all(|p| p == b"are you there? \x00\xff"));
    sim.stop().await;
}

#[tokio::test]
async fn malformed_and_unknown_frames_do_not_poison_the_connection() {
    let sim = Sim::start().await.unwrap();
    let ws = ws(&sim, hmac());
    ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    for frame in [
        "not json",
        "{\"id\":null,\"status\":400,\"error\":{\"code\":-1000,\"msg\":\"x\"}}",
        "{\"id\":999999}",
        "[]",
        "{\"id\":\"abc\"}",
        "\u{0}",
    ] {
        sim.ws().send_raw(frame);
    }
    assert_eq!(ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap().order_id, 1917641);

    // A reply with a malformed order is a Decode error for that call only.
    sim.with_book(|book| {
        book.insert_raw(Venue::BinanceUsdm, OrderBook::binance_order_key("BTCUSDT", 5), r#"{"orderId":"five"}"#)
    });
    match ws.order_status("BTCUSDT", OrderRef::OrderId(5)).await {
        Err(Error::Decode { status: 200, snippet, .. }) => assert!(snippet.contains("five")),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap().order_id, 1917641);
    assert_eq!(ws.connections_opened(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn the_connection_is_renewed_before_its_age_limit_without_losing_requests() {
    let sim = sim_with_orders(10).await;
    let options = WsOptions { max_connection_age: Duration::from_millis(150), ..options() };
    let ws = WsClient::with_options(Config::new(sim.ws_url()).credentials(hmac()), options).unwrap();
    let until = tokio::time::Instant::now() + Duration::from_millis(700);
    let mut calls = 0;
    while tokio::time::Instant::now() < until {
        let batch: Vec<_> = (0..10)
            .map(|n| {
                let ws = ws.clone();
                tokio::spawn(async move { (n, ws.order_status("BTCUSDT", OrderRef::OrderId(1_000_000 + n)).await) })
            })
            .collect();
        for call in batch {
            let (n, result) = call.await.unwrap();
            assert_eq!(result.unwrap().order_id, 1_000_000 + n);
            calls += 1;
        }
    }
    assert!(calls > 0);
    assert!(ws.connections_opened() >= 3, "renewed {} times", ws.connections_opened() - 1);
    sim.stop().await;
}

#[tokio::test]
async fn what_goes_over_the_wire_has_no_caller_supplied_auth() {
    let sim = Sim::start().await.unwrap();
    let ws = ws(&sim, hmac());
    // The generated method takes only the docs' business parameters; id, timestamp, apiKey and
    // signature are the runtime's. A client without credentials cannot sign and says so.
    let anonymous = WsClient::with_options(Config::new(sim.ws_url()), options()).unwrap();
    match anonymous.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await {
        Err(Error::InvalidRequest { message }) => assert!(message.contains("credentials"), "{message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    assert!(!format!("{ws:?}").contains(accounts::BINANCE_HMAC_SECRET));
    sim.stop().await;
}

#[tokio::test]
async fn bad_urls_and_missing_runtimes_are_errors_not_panics() {
    assert!(matches!(WsClient::with_config(Config::new("http://example.com")), Err(Error::InvalidRequest { .. })));
    let outside =
        std::thread::spawn(|| WsClient::with_config(Config::new("ws://127.0.0.1:9")).map(|_| ())).join().unwrap();
    assert!(matches!(outside, Err(Error::InvalidRequest { .. })));
    // Nothing listens: the call fails with a connection error rather than hanging.
    let ws = WsClient::with_options(Config::new("ws://127.0.0.1:9/ws-fapi/v1").credentials(hmac()), options()).unwrap();
    let result =
        tokio::time::timeout(Duration::from_secs(5), ws.order_status("BTCUSDT", OrderRef::OrderId(1))).await.unwrap();
    assert!(matches!(result, Err(Error::Connection { .. })), "{result:?}");
}

#[tokio::test]
async fn the_frame_variant_hands_back_the_reply_frame_as_sent() {
    let sim = Sim::start().await.unwrap();
    let client = ws(&sim, hmac());
    let (reply, frame) = client.order_status_frame("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
    let sent: Value = serde_json::from_str(&frame).unwrap();
    assert_eq!(sent["result"]["orderId"], json!(1917641));
    assert_eq!(reply.result.order_id, 1917641);
    sim.stop().await;
}
