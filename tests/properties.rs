//! Properties over generated input, for every venue in `specs/` (`support/venues.rs`): whatever a
//! caller passes is signed so that the simulator's independent verifier accepts it, and no decoder
//! or classifier panics on whatever a venue sends.

use std::sync::atomic::{AtomicUsize, Ordering};

use binance_usdm::{AlgoOrderRef, Config, Credentials, Error};
use proptest::prelude::*;
use proptest::test_runner::{Config as Cases, TestRunner};
use venue_sim::{Fault, Sim, Venue, accounts};

#[path = "support/venues.rs"]
mod venues;
use venues::{AnyClient, decoders, examples};

/// Unicode, the characters URLs and signing schemes reserve, percent signs, and long values.
fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[&=+%?#/ ~*'()!;:@,$\\[\\]\"<>^`{|}\\\\]{1,24}",
        "%[0-9A-Fa-f]{2}[a-z%+]{0,6}",
        "\\PC{500,1500}",
    ]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// The outcome of a call whose signature the venue checked: anything but an auth failure.
fn signature_accepted<T>(result: &Result<T, Error>) -> Result<(), TestCaseError> {
    match result {
        Err(e @ Error::Auth { .. }) => Err(TestCaseError::fail(format!("the simulator rejected the signature: {e}"))),
        Err(e @ (Error::Transport { .. } | Error::Decode { .. } | Error::TimedOut { .. })) => {
            Err(TestCaseError::fail(format!("the request did not go through: {e}")))
        }
        _ => Ok(()),
    }
}

#[test]
fn any_parameter_value_is_signed_as_each_venue_verifies_it() {
    let rt = runtime();
    let sim = rt.block_on(Sim::start()).unwrap();
    // Every signed operation of every venue (`support/venues.rs`, from the specs), with each
    // kind of key the venue takes.
    let mut calls = Vec::new();
    for example in examples().into_iter().filter(|e| e.signed) {
        for account in example.venue.accounts() {
            let config = Config::new(sim.url(example.venue)).credentials(venues::credentials(account));
            calls.push((example.clone(), AnyClient::new(example.venue, config).unwrap()));
        }
    }
    let sent = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Cases::with_cases(48));
    runner
        .run(&awkward_text(), |text| {
            rt.block_on(async {
                for (example, client) in &calls {
                    let params = example.text_params();
                    let variants: Vec<_> = if params.is_empty() {
                        vec![example.clone()]
                    } else {
                        params.iter().map(|name| example.with_text(name, &text)).collect()
                    };
                    for variant in variants {
                        let before = sim.requests().len();
                        let answer = client.call(&variant).await;
                        let went_out = sim.requests().len() > before;
                        if let Err(e @ Error::InvalidRequest { .. }) = &answer {
                            // Refused before sending (a spec's `x-refuse` or `minLength`, or a
                            // value CoinW does not say how it signs): nothing went out.
                            prop_assert!(!went_out, "{variant:?}: refused after sending: {e}");
                        } else {
                            signature_accepted(&answer)
                                .map_err(|e| TestCaseError::fail(format!("{variant:?}: {e}")))?;
                            prop_assert!(went_out, "{variant:?}: answered without asking the venue");
                            sent.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                Ok(())
            })
        })
        .unwrap();
    // The properties ran against the verifier, not around it: most values went out.
    assert!(sent.load(Ordering::Relaxed) >= 48 * calls.len(), "{} calls sent", sent.load(Ordering::Relaxed));
    rt.block_on(sim.stop());
}

/// JSON of any shape, nested a few levels.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, serde_json::Value::Number)),
        "\\PC{0,12}".prop_map(serde_json::Value::from),
        "[0-9]{1,40}(\\.[0-9]{1,40})?".prop_map(|n| serde_json::from_str(&n).unwrap_or(serde_json::Value::Null)),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-zA-Z_]{1,12}", inner, 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(Cases::with_cases(256))]

    /// Every generated type of every venue, REST and WebSocket, on bytes that need not be JSON.
    #[test]
    fn no_generated_type_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let text = String::from_utf8_lossy(&bytes);
        for (_, types, decode) in decoders() {
            for name in types {
                prop_assert!(decode(name, &text).is_some(), "{name} is listed but not decodable");
            }
        }
    }

    /// … and on JSON of any shape, including objects with the right field names.
    #[test]
    fn no_generated_type_panics_on_arbitrary_json(value in any_json(), fields in prop::collection::vec(any_json(), 0..4)) {
        let mut shaped = serde_json::Map::new();
        let names = ["orderId", "algoId", "status", "code", "data", "msg", "result", "rateLimits", "id", "quantity", "price"];
        for (name, field) in names.iter().zip(fields.iter().cycle()) {
            shaped.insert((*name).to_string(), field.clone());
        }
        for text in [value.to_string(), serde_json::Value::Object(shaped).to_string()] {
            for (_, types, decode) in decoders() {
                for name in types {
                    let _ = decode(name, &text);
                }
            }
        }
    }
}

/// The classifiers: any status with any body, through every operation of every venue's client,
/// ends in a typed error (or, for a body that happens to be an answer, a value), never a panic.
#[test]
fn any_error_answer_is_classified_without_panicking() {
    let rt = runtime();
    let sim = rt.block_on(Sim::start()).unwrap();
    let calls: Vec<_> = examples()
        .into_iter()
        .map(|example| {
            let config = Config::new(sim.url(example.venue))
                .credentials(venues::first_credentials(example.venue))
                .retry(venue_sdk_core::RetryPolicy::none())
                .clock_sync(false);
            let client = AnyClient::new(example.venue, config).unwrap();
            (example, client)
        })
        .collect();
    let body = prop_oneof![any::<String>(), any_json().prop_map(|v| v.to_string())];
    let mut runner = TestRunner::new(Cases::with_cases(64));
    runner
        .run(&(200u16..600, body), |(status, body)| {
            rt.block_on(async {
                for (example, client) in &calls {
                    sim.faults().next(&example.path(), Fault::Status { status, body: body.clone() });
                    let _ = client.call(example).await;
                }
            });
            Ok(())
        })
        .unwrap();
    assert_eq!(sim.faults().applied().len(), 64 * calls.len());
    rt.block_on(sim.stop());
}

/// Any `Retry-After`, `Date` or Binance `serverTime` a venue sends (any integer, any text): no
/// panic, no overflow, and the call ends within its deadline.
#[test]
fn any_timing_value_from_the_venue_ends_the_call_within_its_deadline() {
    let rt = runtime();
    let sim = rt.block_on(Sim::start()).unwrap();
    let deadline = std::time::Duration::from_millis(1500);
    // Waits are recorded and cut to 5 ms of real time, so that 48 cases stay quick; the
    // property is that none is longer than what is left of the deadline.
    let sleep = venue_sdk_core::retry::RecordingSleep::sleeping_at_most(std::time::Duration::from_millis(5));
    // A fresh, unmeasured clock per case, so each case's first answer is measured.
    let binance = |clock: binance_usdm::Clock| {
        binance_usdm::Client::with_config(
            Config::new(sim.url(Venue::BinanceUsdm))
                .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET))
                .clock(clock)
                .sleep(sleep.clone())
                .timeout(deadline),
        )
        .unwrap()
    };
    let p99 = |clock: binance_usdm::Clock| {
        p99_spot::Client::with_config(
            Config::new(sim.url(Venue::P99Spot))
                .credentials(Credentials::bearer(accounts::P99_JWT))
                .clock(clock)
                .sleep(sleep.clone())
                .timeout(deadline),
        )
        .unwrap()
    };
    let id = p99_spot::Uuid::parse_str("9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10").unwrap();
    let header_value = prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[0-9]{19,40}",
        "[ -~]{0,40}",
        // httpdate formats years up to 9999 only.
        (0u64..253_402_300_799)
            .prop_map(|s| httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))),
    ];
    let server_time =
        prop_oneof![any::<i64>().prop_map(|n| n.to_string()), "-?[0-9]{19,30}", Just("1e400".to_string())];
    let mut runner = TestRunner::new(Cases::with_cases(48));
    runner
        .run(
            &(header_value, server_time, prop::sample::select(vec![429u16, 502, 503, 504, 200])),
            |(value, time, status)| {
                rt.block_on(async {
                    let started = std::time::Instant::now();
                    let headers = vec![("retry-after".to_string(), value.clone()), ("date".to_string(), value.clone())];
                    let body = if status == 200 { r#"{"code":0}"#.to_string() } else { String::new() };
                    sim.faults().next(
                        "/fapi/v1/time",
                        Fault::Status { status: 200, body: format!(r#"{{"serverTime":{time}}}"#) },
                    );
                    sim.faults().next(
                        "/fapi/v1/algoOrder",
                        Fault::Raw { status, headers: headers.clone(), body: body.clone() },
                    );
                    let _ =
                        binance(binance_usdm::Clock::system()).query_algo_order(AlgoOrderRef::AlgoId(2146760)).await;
                    sim.faults().next(&format!("/api/v1/spot/orders/{id}"), Fault::Raw { status, headers, body });
                    let _ = p99(binance_usdm::Clock::system()).query_order(&id).await;
                    sim.faults().clear();
                    let took = started.elapsed();
                    prop_assert!(
                        took < deadline * 2 + std::time::Duration::from_millis(500),
                        "{value:?} {time:?}: {took:?}"
                    );
                    Ok(())
                })
            },
        )
        .unwrap();
    rt.block_on(sim.stop());
}
