//! No secret, signature or signed query shows up anywhere a user might paste it: error
//! messages, `Debug` of errors, clients, configs and credentials, or the tracing output of
//! calls that succeed and calls that meet every fault the simulator has.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use binance_usdm::{AlgoOrderRef, Client, Config, Credentials, OrderRef, WsClient};
use sdk_core::retry::RecordingSleep;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use venue_sim::{Fault, Sim, Venue, accounts};

const WRONG_SECRET: &str = "wrong-secret-5f1e0c";
const ALGO: &str = "/fapi/v1/algoOrder";

/// Everything the global subscriber writes, kept in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

fn capture() -> &'static Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_span_events(FmtSpan::CLOSE)
            .with_ansi(false)
            .with_writer(captured.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber in this test binary");
        captured
    })
}

#[tokio::test]
async fn no_secret_in_errors_debug_output_or_traces() {
    let captured = capture();
    let sim = Sim::start().await.unwrap();
    let sleep = RecordingSleep::new();
    let mut shown: Vec<String> = Vec::new();
    let show_err = |e: &binance_usdm::Error| format!("{e} | {e:?} | {e:#?}");

    // Binance REST, through every fault.
    let config = Config::new(sim.url(Venue::BinanceUsdm))
        .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET))
        .sleep(sleep.clone())
        .timeout(Duration::from_millis(300));
    let binance = Client::with_config(config.clone()).unwrap();
    let ok = binance.call().query_algo_order(AlgoOrderRef::AlgoId(2146760)).await.unwrap();
    shown.push(format!("{ok:?}"));
    let faults = [
        Fault::RateLimited { retry_after_s: Some(0) },
        Fault::RateLimited { retry_after_s: Some(3600) },
        Fault::Banned { retry_after_s: Some(120) },
        Fault::Status { status: 500, body: r#"{"code":-1001,"msg":"Internal error"}"#.into() },
        Fault::Status { status: 503, body: "Unknown error, please check your request or try again later.".into() },
        Fault::TimestampRejected,
        Fault::Slow(Duration::from_millis(1000)),
        Fault::Malformed,
        Fault::Truncated,
        Fault::EmptyUnauthorized,
        Fault::Reset,
        // A careless gateway quoting the request back: query, API key header and all.
        Fault::Echo,
    ];
    for fault in faults {
        sim.faults().next_n(ALGO, fault, 3);
        if let Err(e) = binance.query_algo_order(AlgoOrderRef::AlgoId(2146760)).await {
            shown.push(show_err(&e));
        }
        sim.faults().clear();
    }
    for result in [
        binance.query_order("BTCUSDT", OrderRef::OrigClientOrderId("no such order".into())).await.map(|_| ()),
        Client::with_config(config.clone().credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, WRONG_SECRET)))
            .unwrap()
            .query_algo_order(AlgoOrderRef::AlgoId(2146760))
            .await
            .map(|_| ()),
        Client::with_config(Config::new(sim.url(Venue::BinanceUsdm)))
            .unwrap()
            .query_algo_order(AlgoOrderRef::AlgoId(1))
            .await
            .map(|_| ()),
        Client::with_config(Config { base_url: "http://127.0.0.1:9".into(), ..config.clone() })
            .unwrap()
            .query_algo_order(AlgoOrderRef::AlgoId(1))
            .await
            .map(|_| ()),
    ] {
        shown.push(show_err(&result.unwrap_err()));
    }
    shown.push(format!("{binance:?} {binance:#?} {config:?}"));

    // Binance WebSocket, HMAC and Ed25519.
    for credentials in [
        Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET),
        Credentials::ed25519_from_seed(accounts::BINANCE_ED25519_KEY, accounts::BINANCE_ED25519_SEED),
    ] {
        shown.push(format!("{credentials:?} {credentials:#?}"));
        let ws = WsClient::with_config(Config::new(sim.ws_url()).credentials(credentials)).unwrap();
        ws.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await.unwrap();
        shown.push(show_err(&ws.order_status("BTCUSDT", OrderRef::OrderId(1)).await.unwrap_err()));
        shown.push(format!("{ws:?}"));
    }

    // p99 with an API key and with a JWT, CoinW futures and spot.
    for credentials in
        [Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET), Credentials::bearer(accounts::P99_JWT)]
    {
        let p99 = p99_spot::Client::with_config(
            Config::new(sim.url(Venue::P99Spot)).credentials(credentials).sleep(sleep.clone()),
        )
        .unwrap();
        let id = "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10".parse().unwrap();
        p99.query_order(&id).await.unwrap();
        let path = "/api/v1/spot/orders/9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10";
        sim.faults().next_n(path, Fault::EmptyUnauthorized, 2);
        shown.push(show_err(&p99.query_order(&id).await.unwrap_err()));
        sim.faults().next(path, Fault::Echo);
        shown.push(show_err(&p99.query_order(&id).await.unwrap_err()));
        shown.push(format!("{p99:?}"));
    }
    let coinw = Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET);
    let futures = coinw_futures::Client::with_config(
        Config::new(sim.url(Venue::CoinwFutures)).credentials(coinw.clone()).sleep(sleep.clone()),
    )
    .unwrap();
    let query = coinw_futures::OrderQuery::new(coinw_futures::PositionType::Plan);
    futures.get_order_information(&query).await.unwrap();
    sim.faults().next_n("/v1/perpum/order", Fault::RateLimited { retry_after_s: None }, 3);
    shown.push(show_err(&futures.get_order_information(&query).await.unwrap_err()));
    sim.faults().next("/v1/perpum/order", Fault::Echo);
    shown.push(show_err(&futures.get_order_information(&query).await.unwrap_err()));
    let spot =
        coinw_spot::Client::with_config(Config::new(sim.url(Venue::CoinwSpot)).credentials(coinw).sleep(sleep.clone()))
            .unwrap();
    shown.push(show_err(&spot.order_status("no-such-order").await.unwrap_err()));
    sim.faults().next("/api/v1/private", Fault::Echo);
    shown.push(show_err(&spot.order_status("no-such-order").await.unwrap_err()));
    shown.push(format!("{futures:?} {spot:?}"));

    // What must not appear: the secrets, and every signature and signed query that went out.
    let mut secrets: Vec<String> =
        [accounts::BINANCE_HMAC_SECRET, accounts::P99_SECRET, accounts::COINW_SECRET, accounts::P99_JWT, WRONG_SECRET]
            .map(str::to_string)
            .to_vec();
    secrets.push(accounts::BINANCE_ED25519_SEED.iter().map(|b| format!("{b:02x}")).collect());
    secrets.push(format!("{:?}", accounts::BINANCE_ED25519_SEED));
    for request in sim.requests() {
        let query = request.query.clone().unwrap_or_default();
        for pair in query.split('&') {
            if let Some(signature) = pair.strip_prefix("signature=").or_else(|| pair.strip_prefix("sign=")) {
                secrets.push(signature.to_string());
            }
        }
        if query.contains("sign") {
            secrets.push(query);
        }
        for name in ["sign", "signature"] {
            if let Some(sign) = request.header(name) {
                secrets.push(sign.to_string());
            }
        }
        if let Some(bearer) = request.header("authorization") {
            secrets.push(bearer.to_string());
        }
    }
    assert!(secrets.len() > 30, "the simulator saw the signed requests: {}", secrets.len());

    let log = String::from_utf8_lossy(&captured.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned();
    // The capture is real: spans with the fields the docs promise.
    for expected in [
        "venue_call",
        "venue=\"binance-usdm\"",
        "operation=\"query_algo_order\"",
        "attempt=2",
        "status=429",
        "venue=\"p99-spot\"",
        "retrying",
        "operation=\"order.status\"",
    ] {
        assert!(log.contains(expected), "the trace lacks {expected:?}:\n{log}");
    }
    // The echoes were quoted, cleaned: the test would see a leak.
    assert!(shown.iter().filter(|t| t.contains("[redacted]")).count() >= 4, "{shown:#?}");
    for secret in &secrets {
        assert!(!log.contains(secret.as_str()), "the trace shows {secret:?}");
        for text in &shown {
            assert!(!text.contains(secret.as_str()), "{secret:?} shows in: {text}");
        }
    }
    sim.stop().await;
}
