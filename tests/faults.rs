//! What each venue client does when the venue misbehaves, fault by fault, against the
//! simulator's scripted faults. Waits go through a recording sleep (a fake clock), so every
//! wait is asserted without being spent.

use std::time::{Duration, Instant};

use binance_usdm::{AlgoOrderRef, Client, Clock, Config, Credentials, Error, RateLimitKind, RetryPolicy};
use venue_sdk_core::retry::RecordingSleep;
use venue_sim::{Fault, Recorded, Sim, Venue, accounts};

const ALGO: &str = "/fapi/v1/algoOrder";
const TIME: &str = "/fapi/v1/time";
const ALGO_ID: i64 = 2146760;
const P99_ID: &str = "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10";

fn hmac() -> Credentials {
    Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)
}

/// A Binance client on a fake sleep, with a clock that counts as synced unless `config` says otherwise.
fn binance(sim: &Sim, sleep: &RecordingSleep, edit: impl FnOnce(Config) -> Config) -> Client {
    let config = Config::new(sim.url(Venue::BinanceUsdm))
        .credentials(hmac())
        .clock(Clock::with_offset_ms(0))
        .sleep(sleep.clone());
    Client::with_config(edit(config)).unwrap()
}

fn requests_to(sim: &Sim, path: &str) -> Vec<Recorded> {
    sim.requests().into_iter().filter(|r| r.path == path).collect()
}

fn query_param(request: &Recorded, name: &str) -> String {
    let query = request.query.clone().unwrap_or_default();
    query.split('&').find_map(|kv| kv.strip_prefix(&format!("{name}="))).unwrap_or_default().to_string()
}

/// Every attempt was stamped and signed on its own.
fn assert_each_attempt_signed_afresh(requests: &[Recorded]) {
    for pair in requests.windows(2) {
        assert_ne!(
            query_param(&pair[0], "signature"),
            query_param(&pair[1], "signature"),
            "a retry resent a signature"
        );
        let (t0, t1): (i64, i64) =
            (query_param(&pair[0], "timestamp").parse().unwrap(), query_param(&pair[1], "timestamp").parse().unwrap());
        assert!(t1 > t0, "a retry reused timestamp {t0}");
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[tokio::test]
async fn a_429_waits_its_retry_after_then_sends_a_freshly_signed_request() {
    let sim = Sim::start().await.unwrap();
    // A real pause of 3 ms of the wait keeps the two attempts' timestamps apart.
    let sleep = RecordingSleep::sleeping_at_most(ms(3));
    let client = binance(&sim, &sleep, |c| c);
    sim.faults().next(ALGO, Fault::RateLimited { retry_after_s: Some(3) });
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.algo_id, ALGO_ID);
    assert_eq!(response.attempts(), 2);
    assert_eq!(sleep.waits(), [Duration::from_secs(3)]);
    assert_each_attempt_signed_afresh(&requests_to(&sim, ALGO));
    sim.stop().await;
}

#[tokio::test]
async fn a_429_that_persists_ends_in_rate_limited_after_the_bounded_attempts() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    sim.faults().next_n(ALGO, Fault::RateLimited { retry_after_s: Some(1) }, 10);
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { status: 429, retry_after: Some(d), .. } if d == Duration::from_secs(1)),
        "{err:?}"
    );
    assert_eq!(requests_to(&sim, ALGO).len(), 3);
    assert_eq!(sleep.waits(), [Duration::from_secs(1); 2]);
    sim.stop().await;
}

#[tokio::test]
async fn a_429_asking_for_longer_than_the_policy_allows_returns_at_once() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    sim.faults().next(ALGO, Fault::RateLimited { retry_after_s: Some(120) });
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(requests_to(&sim, ALGO).len(), 1);
    assert!(sleep.waits().is_empty());
    sim.stop().await;
}

#[tokio::test]
async fn a_418_ban_returns_at_once_with_the_bans_retry_after() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    sim.faults().next(ALGO, Fault::Banned { retry_after_s: Some(7200) });
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(
        matches!(err, Error::Banned { status: 418, retry_after: Some(d), .. } if d == Duration::from_secs(7200)),
        "{err:?}"
    );
    assert_eq!(requests_to(&sim, ALGO).len(), 1);
    assert!(sleep.waits().is_empty());
    sim.stop().await;
}

#[tokio::test]
async fn venue_side_5xx_are_retried_with_exponential_backoff_and_jitter() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::sleeping_at_most(ms(3));
    let client = binance(&sim, &sleep, |c| c);
    let internal = r#"{"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}"#;
    sim.faults().next(ALGO, Fault::Status { status: 500, body: internal.into() });
    sim.faults().next(ALGO, Fault::Status { status: 502, body: "<html>502 Bad Gateway</html>".into() });
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 3);
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2);
    // Default policy: 100 ms doubling, each wait drawn from [half, full].
    assert!((ms(50)..=ms(100)).contains(&waits[0]), "{waits:?}");
    assert!((ms(100)..=ms(200)).contains(&waits[1]), "{waits:?}");
    assert_each_attempt_signed_afresh(&requests_to(&sim, ALGO));
    sim.stop().await;
}

#[tokio::test]
async fn binance_503_unknown_error_is_outcome_unknown_and_never_retried() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    let body = r#"{"code":-1000,"msg":"Unknown error, please check your request or try again later."}"#;
    sim.faults().next(ALGO, Fault::Status { status: 503, body: body.into() });
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(matches!(err, Error::OutcomeUnknown { status: 503, .. }), "{err:?}");
    assert_eq!(requests_to(&sim, ALGO).len(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn business_errors_are_never_retried() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(1)).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(requests_to(&sim, ALGO).len(), 1);
    assert!(sleep.waits().is_empty());
    sim.stop().await;
}

/// p99's documented 500 `DB_ERROR` is a server fault (its spec's x-error-codes says so): a safe
/// query is retried, then `Unavailable`. Any 5xx is a server fault, whatever the body.
#[tokio::test]
async fn p99_db_error_is_a_server_fault_retried_then_unavailable() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let p99 = p99_spot::Client::with_config(
        Config::new(sim.url(Venue::P99Spot))
            .credentials(Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET))
            .sleep(sleep.clone()),
    )
    .unwrap();
    let path = format!("/api/v1/spot/orders/{P99_ID}");
    sim.faults().next_n(&path, Fault::Status { status: 500, body: r#"{"error":"DB_ERROR"}"#.into() }, 3);
    let err = p99.query_order(&P99_ID.parse().unwrap()).await.unwrap_err();
    assert!(matches!(err, Error::Unavailable { status: 500, .. }), "{err:?}");
    assert_eq!(requests_to(&sim, &path).len(), 3);
    assert_eq!(sleep.waits().len(), 2);
    // The same body with a 503, and a proxy's bare 500, are faults too.
    for (status, body) in [(503, r#"{"error":"DB_ERROR"}"#), (500, "<html>oops</html>")] {
        sim.faults().next_n(&path, Fault::Status { status, body: body.into() }, 3);
        let err = p99.query_order(&P99_ID.parse().unwrap()).await.unwrap_err();
        assert!(matches!(err, Error::Unavailable { .. }), "{status} {body}: {err:?}");
    }
    sim.stop().await;
}

#[tokio::test]
async fn a_rejected_timestamp_measures_the_clock_and_retries_once() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    // The client believes it is 30 s behind the venue; the venue says -1021.
    let client = binance(&sim, &sleep, |c| c.clock(Clock::with_offset_ms(-30_000)));
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(requests_to(&sim, TIME).len(), 1);
    assert!(client.clock().offset_ms().abs() < 1000, "{}", client.clock().offset_ms());
    assert_each_attempt_signed_afresh(&requests_to(&sim, ALGO));
    assert!(sleep.waits().is_empty(), "a clock fix needs no backoff");
    sim.stop().await;
}

#[tokio::test]
async fn a_timestamp_rejected_after_the_resync_is_clock_skew_with_offset_and_window() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c.recv_window_ms(3000));
    sim.faults().next_n(ALGO, Fault::TimestampRejected, 5);
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    match &err {
        Error::ClockSkew { offset_ms, window_ms, .. } => {
            assert!(offset_ms.abs() < 1000, "{offset_ms}");
            assert_eq!(*window_ms, Some(3000));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(requests_to(&sim, ALGO).len(), 2, "one retry after one measurement");
    assert_eq!(requests_to(&sim, TIME).len(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn a_skewed_venue_clock_is_measured_before_the_first_signed_request() {
    let sim = Sim::start().await.unwrap();
    sim.set_clock_offset_ms(45_000);
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c.clock(Clock::system()));
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 1);
    let offset = client.clock().offset_ms();
    assert!((44_000..=46_000).contains(&offset), "{offset}");
    let paths: Vec<String> = sim.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, [TIME, ALGO]);
    // Measured once: later calls go straight out.
    client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(requests_to(&sim, TIME).len(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn a_slow_reply_ends_at_the_client_timeout_and_one_call_can_wait_longer() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c.timeout(ms(300)));
    sim.faults().next(ALGO, Fault::Slow(ms(1500)));
    let started = Instant::now();
    let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(matches!(err, Error::TimedOut { after } if after == ms(300)), "{err:?}");
    assert!(started.elapsed() < ms(1200), "{:?}", started.elapsed());

    sim.faults().next(ALGO, Fault::Slow(ms(600)));
    let response =
        client.call().timeout(Duration::from_secs(5)).query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn malformed_and_truncated_bodies_are_decode_errors_and_not_retried() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    for fault in [Fault::Malformed, Fault::Truncated] {
        sim.faults().next(ALGO, fault.clone());
        let err = client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
        assert!(matches!(err, Error::Decode { status: 200, .. }), "{fault:?}: {err:?}");
    }
    assert_eq!(requests_to(&sim, ALGO).len(), 2);
    assert!(sleep.waits().is_empty());
    sim.stop().await;
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error_and_is_retried() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let client = binance(&sim, &sleep, |c| c);
    sim.faults().next(ALGO, Fault::Reset);
    let err =
        client.call().retry(RetryPolicy::none()).query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(matches!(err, Error::Transport { timeout: false, .. }), "{err:?}");

    sim.faults().next(ALGO, Fault::Reset);
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(sleep.waits().len(), 1);
    sim.stop().await;
}

#[tokio::test]
async fn retries_are_configured_per_client_and_per_call() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let policy = RetryPolicy::default().max_attempts(5).base_delay(ms(10)).jitter(false);
    let client = binance(&sim, &sleep, |c| c.retry(policy));
    let gateway = || Fault::Status { status: 504, body: String::new() };
    sim.faults().next_n(ALGO, gateway(), 4);
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.attempts(), 5);
    assert_eq!(sleep.waits(), [ms(10), ms(20), ms(40), ms(80)]);

    sim.faults().next(ALGO, gateway());
    let err =
        client.call().retry(RetryPolicy::none()).query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap_err();
    assert!(matches!(err, Error::Unavailable { status: 504, .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn a_successful_call_can_return_status_headers_and_rate_limit_usage() {
    let sim = Sim::start().await.unwrap();
    let client = binance(&sim, &RecordingSleep::new(), |c| c);
    client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    let response = client.call().query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers().contains_key("date"));
    let weight = response.rate_limits().iter().find(|u| u.kind == RateLimitKind::RequestWeight).unwrap();
    assert_eq!(weight.interval.map(|i| i.duration()), Some(Duration::from_secs(60)));
    assert!(weight.count >= 2, "{weight:?}");
    assert_eq!(response.into_inner().algo_id, ALGO_ID);
    sim.stop().await;
}

#[tokio::test]
async fn p99_empty_401_measures_the_clock_from_the_date_header_and_retries_once() {
    let sim = Sim::start().await.unwrap();
    sim.set_clock_offset_ms(20_000);
    let sleep = RecordingSleep::new();
    let credentials = Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET);
    let client = p99_spot::Client::with_config(
        Config::new(sim.url(Venue::P99Spot)).credentials(credentials).sleep(sleep.clone()),
    )
    .unwrap();
    let id = P99_ID.parse().unwrap();
    let response = client.call().query_order(&id).await.unwrap();
    assert_eq!(response.attempts(), 2);
    let offset = client.clock().offset_ms();
    assert!((18_500..=21_500).contains(&offset), "{offset}");

    // A 401 that is not about the clock: one resync, one retry, then the auth error.
    let path = format!("/api/v1/spot/orders/{P99_ID}");
    sim.faults().next_n(&path, Fault::EmptyUnauthorized, 2);
    let err = client.query_order(&id).await.unwrap_err();
    assert!(matches!(err, Error::Auth { status: 401, code: None, .. }), "{err:?}");
    assert_eq!(requests_to(&sim, &path).len(), 4);
    assert!(sleep.waits().is_empty());
    sim.stop().await;
}

#[tokio::test]
async fn coinw_rate_limit_code_inside_a_200_is_retried_after_backoff() {
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let config = Config::new(sim.url(Venue::CoinwFutures))
        .credentials(Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET))
        .sleep(sleep.clone());
    let client = coinw_futures::Client::with_config(config).unwrap();
    sim.faults().next("/v1/perpum/order", Fault::RateLimited { retry_after_s: None });
    let query = coinw_futures::OrderQuery::new(coinw_futures::PositionType::Plan);
    let response = client.call().get_order_information(&query).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(sleep.waits().len(), 1);

    let spot = coinw_spot::Client::with_config(
        Config::new(sim.url(Venue::CoinwSpot))
            .credentials(Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET))
            .sleep(sleep.clone()),
    )
    .unwrap();
    sim.faults().next_n("/api/v1/private", Fault::RateLimited { retry_after_s: None }, 3);
    let err = spot.order_status("1").await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { status: 200, .. }), "{err:?}");
    assert_eq!(sleep.waits().len(), 3);
    sim.stop().await;
}

/// The runtime with an operation the spec does not mark `x-retry-safe` (as an order placement
/// would be): one attempt, whatever the fault. The same request marked safe is retried.
#[tokio::test]
async fn an_operation_not_marked_retry_safe_is_sent_once() {
    use progenitor_client::ResponseValue;
    use venue_sdk_core::{CallOptions, ClockSource, Failure, Operation, VenueRules};

    struct ByStatus;
    impl VenueRules for ByStatus {
        const NAME: &'static str = "test";
        const CLOCK: ClockSource = ClockSource::Unused;
        fn classify(&self, failure: Result<Failure, Error>) -> Error {
            failure.map_or_else(|e| e, Failure::by_status)
        }
    }
    const UNSAFE: Operation = Operation { retry_safe: false, ..binance_usdm::operations::SERVER_TIME };
    const SAFE: Operation = Operation { retry_safe: true, ..UNSAFE };

    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let built = Config::new(sim.url(Venue::BinanceUsdm)).sleep(sleep.clone()).build().unwrap();
    let url = format!("{}{TIME}", built.base_url);
    let send = || {
        let (http, url) = (built.http.clone(), url.clone());
        async move {
            let response = http.get(url).send().await.map_err(progenitor_client::Error::<()>::CommunicationError)?;
            if response.status().is_success() {
                ResponseValue::<serde_json::Value>::from_response(response).await
            } else {
                Err(progenitor_client::Error::UnexpectedResponse(response))
            }
        }
    };
    let bad_gateway = || Fault::Status { status: 502, body: String::new() };

    sim.faults().next(TIME, bad_gateway());
    let err = built.runtime.run(&ByStatus, &UNSAFE, &CallOptions::default(), send).await.unwrap_err();
    assert!(matches!(err, Error::Unavailable { status: 502, .. }), "{err:?}");
    assert_eq!(requests_to(&sim, TIME).len(), 1);

    sim.faults().next(TIME, bad_gateway());
    let response = built.runtime.run(&ByStatus, &SAFE, &CallOptions::default(), send).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert!(response.get("serverTime").is_some());
    assert_eq!(sleep.waits().len(), 1);
    sim.stop().await;
}
