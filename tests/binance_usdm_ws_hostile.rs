//! The WebSocket client against a venue that misbehaves: goes silent (half-open), stops reading,
//! sends a message over the limit, floods frames nobody asked for, is slow to accept while many
//! requests time out, rejects timestamps, reports an absurd time, or sends rate-limit frames with
//! hostile `retryAfter`s. Each ends typed and in bounded time, and the client recovers.

use std::time::{Duration, Instant};

use binance_usdm::ws::WsOptions;
use binance_usdm::{Clock, Config, Credentials, Error, OrderRef, WsClient};
use serde_json::json;
use venue_sim::{Sim, accounts};

const ORDER: i64 = 1917641;

fn hmac() -> Credentials {
    Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)
}

fn options() -> WsOptions {
    WsOptions {
        backoff_initial: Duration::from_millis(20),
        backoff_max: Duration::from_millis(100),
        ping_interval: Duration::from_millis(200),
        pong_timeout: Duration::from_millis(200),
        write_timeout: Duration::from_millis(300),
        ..WsOptions::default()
    }
}

/// A client whose clock counts as measured, so calls go straight to the request.
fn client(url: &str, options: WsOptions) -> WsClient {
    let config = Config::new(url).credentials(hmac()).clock(Clock::with_offset_ms(0)).timeout(Duration::from_secs(10));
    WsClient::with_options(config, options).unwrap()
}

#[tokio::test]
async fn a_silent_connection_is_found_dead_by_ping_and_replaced() {
    let sim = Sim::start().await.unwrap();
    let ws = client(&sim.ws_url(), options());
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.ws().go_silent(true);
    let started = Instant::now();
    // The request's own timeout is 10 s; the dead connection is noticed long before.
    let err = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(&err, Error::Connection { message } if message.contains("after a ping")), "{err:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    sim.ws().go_silent(false);
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    assert!(ws.connections_opened() >= 2);
    sim.stop().await;
}

#[tokio::test]
async fn a_venue_that_stops_reading_trips_the_write_timeout() {
    let sim = Sim::start().await.unwrap();
    // No pings, so only the write timeout can notice.
    let options = WsOptions { ping_interval: Duration::from_secs(3600), ..options() };
    let ws = client(&sim.ws_url(), options);
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.ws().go_silent(true);
    // Frames of 4 MiB fill the socket buffers on both sides within a few writes.
    let symbol = "X".repeat(4 * 1024 * 1024);
    let started = Instant::now();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let (ws, symbol) = (ws.clone(), symbol.clone());
            tokio::spawn(async move { ws.order_status(&symbol, OrderRef::OrderId(ORDER)).await })
        })
        .collect();
    // Connection, not TimedOut: the requests' own 10 s timeout would end them otherwise.
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        assert!(matches!(&err, Error::Connection { message } if message.contains("stopped reading")), "{err:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(9), "took {:?}", started.elapsed());
    sim.ws().go_silent(false);
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.stop().await;
}

#[tokio::test]
async fn a_message_over_the_limit_closes_the_connection_and_the_client_recovers() {
    let sim = Sim::start().await.unwrap();
    let ws = WsClient::with_options(
        Config::new(sim.ws_url()).credentials(hmac()).max_response_bytes(64 * 1024).timeout(Duration::from_secs(5)),
        options(),
    )
    .unwrap();
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.ws().never_answer_order(1);
    let waiting = {
        let ws = ws.clone();
        tokio::spawn(async move { ws.order_status("BTCUSDT", OrderRef::OrderId(1)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    sim.ws().send_raw(&format!(r#"{{"id":null,"pad":"{}"}}"#, "x".repeat(1024 * 1024)));
    let err = waiting.await.unwrap().unwrap_err();
    assert!(matches!(&err, Error::Connection { message } if message.contains("65536-byte limit")), "{err:?}");
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.stop().await;
}

#[tokio::test]
async fn a_flood_of_unasked_frames_does_not_disturb_a_request() {
    let sim = Sim::start().await.unwrap();
    let ws = client(&sim.ws_url(), options());
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    sim.ws().delay_replies(Duration::from_millis(300));
    let call = {
        let ws = ws.clone();
        tokio::spawn(async move { ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await })
    };
    for n in 0..20_000u32 {
        sim.ws().send_raw(&format!(r#"{{"id":"flood-{n}","status":200,"result":{{}}}}"#));
        if n % 32 == 0 {
            tokio::task::yield_now().await;
        }
    }
    assert_eq!(call.await.unwrap().unwrap().order_id, ORDER);
    sim.stop().await;
}

#[tokio::test]
async fn requests_past_the_queue_bound_fail_at_once_unsent() {
    // A listener that accepts TCP and never answers the handshake: requests queue.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws-fapi/v1", listener.local_addr().unwrap());
    let held = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let ws = client(&url, WsOptions { max_queued: 10, connect_timeout: Duration::from_secs(30), ..options() })
        .with_request_timeout(Duration::from_secs(2));
    let queued: Vec<_> = (0..10)
        .map(|_| {
            let ws = ws.clone();
            tokio::spawn(async move { ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    let err = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap_err();
    assert!(matches!(err, Error::QueueFull { limit: 10 }), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(500));
    for call in queued {
        assert!(matches!(call.await.unwrap(), Err(Error::TimedOut { .. })));
    }
    held.abort();
}

/// Accepts on its own port and, after `delay`, joins each connection to `target`: a venue
/// slow to accept.
async fn slow_front(target: std::net::SocketAddr, delay: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/ws-fapi/v1", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn many_requests_timing_out_during_a_slow_connect_do_not_stall_the_next() {
    let sim = Sim::start().await.unwrap();
    let url = slow_front(sim.addr(), Duration::from_millis(1500)).await;
    let ws = client(&url, WsOptions { max_queued: 200_000, ..options() });
    let short = ws.with_request_timeout(Duration::from_millis(200));
    let doomed: Vec<_> = (0..100_000)
        .map(|_| {
            let short = short.clone();
            tokio::spawn(async move { short.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await })
        })
        .collect();
    for call in doomed {
        assert!(matches!(call.await.unwrap(), Err(Error::TimedOut { .. })));
    }
    // Their 100,000 cancellations reach the connection task before this request does: it is
    // answered once the (1.5 s) connect is through. Cancelling by scanning the queue, as the
    // client once did, kept the connection task busy for 39-44 s here.
    let started = Instant::now();
    let order = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    assert_eq!(order.order_id, ORDER);
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    sim.stop().await;
}

fn ws_with_clock(sim: &Sim, clock: Clock) -> WsClient {
    WsClient::with_options(
        Config::new(sim.ws_url()).credentials(hmac()).clock(clock).timeout(Duration::from_secs(5)),
        options(),
    )
    .unwrap()
}

#[tokio::test]
async fn a_rejected_timestamp_over_websocket_measures_the_clock_and_retries_once() {
    let sim = Sim::start().await.unwrap();
    // The client believes its clock is right; the venue runs a minute ahead.
    let clock = Clock::with_offset_ms(0);
    let ws = ws_with_clock(&sim, clock.clone());
    sim.set_clock_offset_ms(60_000);
    let before = sim.ws().requests();
    let order = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    assert_eq!(order.order_id, ORDER);
    // order.status (rejected), session.status (the clock), order.status again.
    assert_eq!(sim.ws().requests() - before, 3);
    assert!((59_000..=61_000).contains(&clock.offset_ms()), "{}", clock.offset_ms());
    // Off by more than the window again, and measurement cannot fix it: one retry, then ClockSkew.
    sim.set_clock_offset_ms(120_000);
    sim.ws().answer_next(json!({"status": 400, "error": {"code": -1021, "msg": "Timestamp outside recvWindow."}}));
    sim.ws().answer_next(
        json!({"status": 200, "result": {"connectedSince": 1, "returnRateLimits": false, "serverTime": 1}}),
    );
    let err = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap_err();
    assert!(matches!(err, Error::ClockSkew { rejected_offset_ms: Some(_), .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn an_unmeasured_clock_is_measured_over_websocket_before_the_first_signed_request() {
    let sim = Sim::start().await.unwrap();
    sim.set_clock_offset_ms(-30_000);
    let clock = Clock::system();
    let ws = ws_with_clock(&sim, clock.clone());
    ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    assert!((-31_000..=-29_000).contains(&clock.offset_ms()), "{}", clock.offset_ms());
    assert_eq!(sim.ws().requests(), 2, "one session.status, one order.status");
    sim.stop().await;
}

#[tokio::test]
async fn a_hostile_server_time_over_websocket_is_not_adopted() {
    let sim = Sim::start().await.unwrap();
    for server_time in [json!(0), json!(-1), json!(i64::MAX), json!(i64::MIN), json!("soon"), json!(1e300)] {
        let clock = Clock::system();
        let ws = ws_with_clock(&sim, clock.clone());
        sim.ws().answer_next(json!({"status": 200, "result": {"connectedSince": 1, "returnRateLimits": false, "serverTime": server_time}}));
        // The call goes out on the local clock and succeeds.
        ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
        assert_eq!(clock.offset_ms(), 0, "{server_time}");
    }
    sim.stop().await;
}

#[tokio::test]
async fn websocket_rate_limit_and_ban_frames_carry_their_retry_after() {
    let sim = Sim::start().await.unwrap();
    let ws = ws_with_clock(&sim, Clock::with_offset_ms(0));
    let now = sim.now_ms();
    let cases = [
        (429, json!({"serverTime": now, "retryAfter": now + 5_000}), Some(Duration::from_secs(5))),
        (418, json!({"serverTime": now, "retryAfter": now + 120_000}), Some(Duration::from_secs(120))),
        // Hostile values saturate; a time already past is no wait.
        (429, json!({"serverTime": i64::MIN, "retryAfter": i64::MAX}), Some(Duration::from_millis(i64::MAX as u64))),
        (429, json!({"serverTime": now, "retryAfter": 0}), Some(Duration::ZERO)),
        (429, json!({}), None),
    ];
    for (status, data, expected) in cases {
        let error = json!({"code": -1003, "msg": "Too many requests.", "data": data});
        sim.ws().answer_next(json!({"status": status, "error": error}));
        let err = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap_err();
        match err {
            Error::RateLimited { retry_after, .. } if status == 429 => assert_eq!(retry_after, expected),
            Error::Banned { retry_after, .. } if status == 418 => assert_eq!(retry_after, expected),
            other => panic!("{status}: {other:?}"),
        }
    }
    sim.stop().await;
}
