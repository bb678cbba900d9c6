//! No secret, signature or signed query shows up anywhere a user might paste it: error
//! messages, `Debug` of errors, clients, configs and credentials, or the tracing output of
//! calls that succeed and calls that meet every fault the simulator has, for every operation of
//! every venue in `specs/` with each kind of key it takes.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use binance_usdm::{Config, Credentials, OrderRef, WsClient};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;
use venue_sdk_core::retry::RecordingSleep;
use venue_sim::accounts::{self, Account};
use venue_sim::{Fault, Sim};

#[path = "support/venues.rs"]
mod venues;
use venues::{AnyClient, examples};

const WRONG_SECRET: &str = "wrong-secret-5f1e0c";

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

    // Every operation of every venue (`support/venues.rs`, from the specs), with each kind of
    // key the venue takes, through every fault.
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
    let mut secrets: Vec<String> = vec![WRONG_SECRET.to_string()];
    for example in examples() {
        for account in example.venue.accounts() {
            secrets.extend(account.secrets());
            let config = Config::new(sim.url(example.venue))
                .credentials(venues::credentials(account))
                .sleep(sleep.clone())
                .timeout(Duration::from_millis(300));
            let client = AnyClient::new(example.venue, config.clone()).unwrap();
            client.call(&example).await.unwrap();
            for fault in &faults {
                sim.faults().next_n(&example.path(), fault.clone(), 3);
                if let Err(e) = client.call(&example).await {
                    shown.push(show_err(&e));
                }
                sim.faults().clear();
            }
            // A wrong secret, no keys at all, and a venue that cannot be reached.
            let wrong = match *account {
                Account::Hmac { key, .. } => Some(Credentials::hmac(key, WRONG_SECRET)),
                _ => None,
            };
            let mut failing = vec![Config { base_url: "http://127.0.0.1:9".into(), ..config.clone() }];
            if example.signed {
                failing.extend(wrong.map(|wrong| config.clone().credentials(wrong)));
                failing.push(Config::new(sim.url(example.venue)));
            }
            for config in failing {
                let result = AnyClient::new(example.venue, config).unwrap().call(&example).await;
                shown.push(show_err(&result.expect_err(&format!(
                    "{} {}: a failing config succeeded",
                    example.venue.name(),
                    example.operation
                ))));
            }
            shown.push(format!("{client:?} {client:#?} {config:?} {:?}", venues::credentials(account)));
        }
    }

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

    // What must not appear: the secrets, and every signature and signed query that went out.
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
