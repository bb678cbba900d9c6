//! Hostile answers, for every REST operation of every venue (`support/venues.rs`, generated from
//! the specs), through the public API against the simulator: a
//! redirect to a second origin that records what reaches it, absurd `Retry-After`, server times
//! and `Date` headers, endless and huge bodies, oversized fields, and errors that quote the
//! request back. Each ends in a typed error, within the call's deadline, without a panic.
//! (Peak memory for the size cases is measured in `hostile_memory.rs`, alone in its binary.)

use std::time::{Duration, Instant};

use binance_usdm::{AlgoOrderRef, Clock, Config, Error};
use venue_sdk_core::retry::RecordingSleep;
use venue_sim::{Fault, Recorder, Sim, Venue};

#[path = "support/venues.rs"]
mod venues;
use venues::{AnyClient, Example, examples, first_credentials as credentials};

const ALGO_ID: i64 = 2146760;

/// The venue's first signed operation (its order query), with its spec's example values.
fn order_query(venue: Venue) -> Example {
    examples().into_iter().find(|e| e.venue == venue && e.signed).expect("every venue has a signed operation")
}

/// A config for `venue` on the simulator: its keys, a synced clock, a recording sleep.
fn config(sim: &Sim, venue: Venue, sleep: &RecordingSleep) -> Config {
    Config::new(sim.url(venue)).credentials(credentials(venue)).clock(Clock::with_offset_ms(0)).sleep(sleep.clone())
}

/// The example's call through its venue crate's public API; the attempts it took on success.
async fn query(example: &Example, config: Config) -> Result<u32, Error> {
    AnyClient::new(example.venue, config)?.call(example).await
}

#[tokio::test]
async fn redirects_are_not_followed_and_nothing_reaches_the_other_origin() {
    let sim = Sim::start().await.unwrap();
    let other = Recorder::start().await.unwrap();
    let sleep = RecordingSleep::new();
    for example in examples() {
        let venue = example.venue;
        for status in [301, 302, 303, 307, 308] {
            let target = format!("{}{}?stolen=1", other.origin(), example.path());
            sim.faults().next(&example.path(), Fault::Redirect { status, location: target });
            let err = query(&example, config(&sim, venue, &sleep)).await.unwrap_err();
            match &err {
                Error::Redirected { status: s, location: Some(origin) } => {
                    assert_eq!(*s, status);
                    assert_eq!(origin, &other.origin(), "only the origin is named");
                }
                other => panic!("{venue:?} {status}: {other:?}"),
            }
            let shown = err.to_string();
            assert!(!shown.contains("stolen"), "the target's path and query are not quoted: {shown}");
        }
        // A redirect to the same origin is not followed either: it is no answer to the query.
        sim.faults().next(&example.path(), Fault::Redirect { status: 302, location: example.path() });
        let err = query(&example, config(&sim, venue, &sleep)).await.unwrap_err();
        assert!(matches!(err, Error::Redirected { status: 302, location: None }), "{venue:?}: {err:?}");
    }
    assert!(other.requests().is_empty(), "a request reached the other origin: {:?}", other.requests());
    assert!(sleep.waits().is_empty(), "a redirect is not retried");
    sim.stop().await;
}

#[tokio::test]
async fn absurd_retry_after_values_end_the_call_typed_without_waiting() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    for example in examples() {
        let venue = example.venue;
        for value in [u64::MAX.to_string(), i64::MAX.to_string(), "18446744073709551616".into(), "-1".into()] {
            sim.faults().next(
                &example.path(),
                Fault::Raw { status: 503, headers: vec![("retry-after".into(), value.clone())], body: String::new() },
            );
            let started = Instant::now();
            let result = query(&example, config(&sim, venue, &sleep).timeout(Duration::from_secs(5))).await;
            assert!(started.elapsed() < Duration::from_secs(5), "{venue:?} {value}");
            match result {
                // An unreadable value is no wait at all: the policy's backoff, then success.
                Ok(attempts) => assert_eq!(attempts, 2, "{venue:?} {value}"),
                Err(Error::Unavailable { status: 503, retry_after, .. }) => {
                    assert!(retry_after.is_some_and(|d| d > Duration::from_secs(5)), "{venue:?} {value}")
                }
                Err(other) => panic!("{venue:?} {value}: {other:?}"),
            }
            sim.faults().clear();
        }
        let long: Vec<Duration> = sleep.waits().into_iter().filter(|w| *w > Duration::from_secs(5)).collect();
        assert!(long.is_empty(), "{venue:?} waited {long:?}");
    }
    sim.stop().await;
}

#[tokio::test]
async fn a_timeout_of_duration_max_means_no_deadline_not_a_panic() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    for example in examples() {
        let venue = example.venue;
        let attempts = query(&example, config(&sim, venue, &sleep).timeout(Duration::MAX)).await.unwrap();
        assert_eq!(attempts, 1);
    }
    sim.stop().await;
}

#[tokio::test]
async fn endless_and_huge_bodies_end_in_response_too_large_at_the_limit() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let limit = 64 * 1024;
    for example in examples() {
        let venue = example.venue;
        for fault in
            [Fault::Endless, Fault::Huge { status: 200, bytes: 1 << 30 }, Fault::Huge { status: 500, bytes: 1 << 30 }]
        {
            sim.faults().next_n(&example.path(), fault.clone(), 3);
            let started = Instant::now();
            let err = query(&example, config(&sim, venue, &sleep).max_response_bytes(limit)).await.unwrap_err();
            assert!(matches!(err, Error::ResponseTooLarge { limit: l } if l == limit), "{venue:?} {fault:?}: {err:?}");
            // 1 GiB would take seconds to read on loopback; the limit stops it at once.
            assert!(started.elapsed() < Duration::from_secs(2), "{venue:?} {fault:?}: {:?}", started.elapsed());
            sim.faults().clear();
        }
        // Up to the limit is fine.
        assert_eq!(query(&example, config(&sim, venue, &sleep).max_response_bytes(limit)).await.unwrap(), 1);
    }
    assert!(sleep.waits().is_empty(), "too large is not retried");
    sim.stop().await;
}

#[tokio::test]
async fn a_huge_field_gives_a_short_error() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let huge = "9".repeat(900 * 1024);
    let bodies = [
        (Venue::BinanceUsdm, 400, format!(r#"{{"code":-1100,"msg":"{huge}"}}"#)),
        (Venue::BinanceUsdm, 200, format!(r#"{{"algoId":"{huge}"}}"#)),
        (Venue::CoinwFutures, 200, format!(r#"{{"code":0,"data":[{{"id":"{huge}"}}]}}"#)),
        (Venue::CoinwSpot, 200, format!(r#"{{"code":"7","msg":"{huge}"}}"#)),
        (Venue::P99Spot, 400, format!(r#"{{"error":"{huge}"}}"#)),
    ];
    for (venue, status, body) in bodies {
        sim.faults().next(&order_query(venue).path(), Fault::Raw { status, headers: vec![], body });
        let err = query(&order_query(venue), config(&sim, venue, &sleep)).await.unwrap_err();
        let shown = format!("{err}");
        let debug = format!("{err:?}");
        assert!(
            shown.len() < 1500 && debug.len() < 1500,
            "{venue:?} {status}: {} bytes: {}",
            shown.len(),
            &shown[..200]
        );
    }
    sim.stop().await;
}

#[tokio::test]
async fn binance_does_not_adopt_an_absurd_server_time() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let year_3000 = 32_503_680_000_000i64;
    for server_time in [year_3000, 0, -1, i64::MAX, i64::MIN] {
        let clock = Clock::system();
        let client = binance_usdm::Client::with_config(
            Config::new(sim.url(Venue::BinanceUsdm))
                .credentials(credentials(Venue::BinanceUsdm))
                .clock(clock.clone())
                .sleep(sleep.clone()),
        )
        .unwrap();
        let time = Fault::Status { status: 200, body: format!(r#"{{"serverTime":{server_time}}}"#) };
        sim.faults().next("/fapi/v1/time", time.clone());
        // The call still goes out, stamped with the local clock, and succeeds.
        client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
        assert_eq!(clock.offset_ms(), 0, "{server_time} was adopted");
        assert!(clock.rejected_offset_ms().is_some(), "{server_time}");
        // A rejected timestamp measures again; the venue's time still looks wrong, so the
        // error says so.
        sim.faults().next_n("/fapi/v1/algoOrder", Fault::TimestampRejected, 2);
        sim.faults().next("/fapi/v1/time", time);
        let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
        assert!(matches!(err, Error::ClockSkew { rejected_offset_ms: Some(_), .. }), "{server_time}: {err:?}");
        assert!(err.to_string().contains("looked wrong"), "{err}");
        // The explicit measurement says the same, as an error.
        sim.faults()
            .next("/fapi/v1/time", Fault::Status { status: 200, body: format!(r#"{{"serverTime":{server_time}}}"#) });
        assert!(matches!(client.sync_clock().await, Err(Error::Decode { .. })));
        sim.faults().clear();
    }
    sim.stop().await;
}

#[tokio::test]
async fn an_absurd_date_header_is_not_adopted() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    for venue in [Venue::P99Spot, Venue::CoinwFutures] {
        for date in [
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "not a date",
            "Sat, 01 Jan 2000 00:00:00 GMT",
        ] {
            let clock = Clock::system();
            let config =
                Config::new(sim.url(venue)).credentials(credentials(venue)).clock(clock.clone()).sleep(sleep.clone());
            let body = match venue {
                Venue::P99Spot => r#"{"error":"ORDER_NOT_FOUND"}"#,
                _ => r#"{"code":0,"data":[]}"#,
            };
            let status = if venue == Venue::P99Spot { 404 } else { 200 };
            sim.faults().next(
                &order_query(venue).path(),
                Fault::Raw { status, headers: vec![("date".into(), date.into())], body: body.into() },
            );
            let _ = query(&order_query(venue), config.clone()).await;
            assert_eq!(clock.offset_ms(), 0, "{venue:?}: {date} was adopted");
            // The next answer carries the simulator's real Date; the client is not stuck.
            query(&order_query(venue), config).await.unwrap();
        }
    }
    sim.stop().await;
}

#[tokio::test]
async fn coinw_futures_measures_its_clock_again_after_a_rejected_timestamp() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let clock = Clock::system();
    let config = Config::new(sim.url(Venue::CoinwFutures))
        .credentials(credentials(Venue::CoinwFutures))
        .clock(clock.clone())
        .sleep(sleep.clone());
    query(&order_query(Venue::CoinwFutures), config.clone()).await.unwrap();
    assert_eq!(clock.offset_ms(), 0);
    // The venue's clock moves two minutes ahead; the next stale-timestamp answer is followed
    // by a measurement from its Date and one more attempt.
    sim.set_clock_offset_ms(120_000);
    sim.faults().next(&order_query(Venue::CoinwFutures).path(), Fault::TimestampRejected);
    assert_eq!(query(&order_query(Venue::CoinwFutures), config).await.unwrap(), 2);
    assert!((118_000..=122_000).contains(&clock.offset_ms()), "{}", clock.offset_ms());
    sim.stop().await;
}

#[tokio::test]
async fn coinw_futures_reads_an_http_429_with_a_json_body_as_a_rate_limit() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    sim.faults().next_n(
        &order_query(Venue::CoinwFutures).path(),
        Fault::Raw {
            status: 429,
            headers: vec![("retry-after".into(), "1".into())],
            body: r#"{"code":9001,"msg":"slow down"}"#.into(),
        },
        5,
    );
    let err = query(&order_query(Venue::CoinwFutures), config(&sim, Venue::CoinwFutures, &sleep)).await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { status: 429, .. }), "{err:?}");
    assert_eq!(sleep.waits(), [Duration::from_secs(1), Duration::from_secs(1)]);
    sim.stop().await;
}

#[tokio::test]
async fn a_base_url_with_a_password_is_refused_without_quoting_it() {
    for example in examples() {
        let venue = example.venue;
        let err = query(&example, Config::new("https://user:hunter22@example.invalid").credentials(credentials(venue)))
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert!(!format!("{err} {err:?}").contains("hunter22"), "{err:?}");
    }
}

#[tokio::test]
async fn more_digits_than_a_decimal_holds_is_a_decode_error_naming_the_field() {
    let sim = Sim::start().await.unwrap();
    let order = serde_json::json!({
        "avgPrice": "0.00000", "clientOrderId": "digits", "cumQuote": "0", "executedQty": "0",
        "orderId": 77, "origQty": "1.00000000000000000000000000001", "origType": "LIMIT", "price": "27000.10",
        "reduceOnly": false, "side": "BUY", "positionSide": "BOTH", "status": "NEW", "stopPrice": "0",
        "closePosition": false, "symbol": "BTCUSDT", "time": 1579276756075_i64, "timeInForce": "GTC",
        "type": "LIMIT", "updateTime": 1579276756075_i64, "workingType": "CONTRACT_PRICE", "priceProtect": false
    });
    sim.with_book(|book| book.insert(Venue::BinanceUsdm, order));
    let config = config(&sim, Venue::BinanceUsdm, &RecordingSleep::new());
    let rest = binance_usdm::Client::with_config(config).unwrap();
    let err = rest.query_order("BTCUSDT", binance_usdm::OrderRef::OrderId(77)).await.unwrap_err();
    match &err {
        Error::Decode { reason, .. } => assert!(reason.contains("`origQty`") && reason.contains("28"), "{reason}"),
        other => panic!("{other:?}"),
    }
    let ws = binance_usdm::WsClient::with_config(
        Config::new(sim.ws_url()).credentials(credentials(Venue::BinanceUsdm)).clock(Clock::with_offset_ms(0)),
    )
    .unwrap();
    let err = ws.order_status("BTCUSDT", binance_usdm::OrderRef::OrderId(77)).await.unwrap_err();
    assert!(matches!(&err, Error::Decode { reason, .. } if reason.contains("`origQty`")), "{err:?}");
    sim.stop().await;
}
