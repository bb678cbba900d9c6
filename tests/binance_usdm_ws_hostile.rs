//! The WebSocket client against a venue that misbehaves: goes silent (half-open), stops reading,
//! sends a message over the limit, floods frames nobody asked for, or is slow to accept while
//! many requests time out. Each ends typed and in bounded time, and the client recovers.

use std::time::{Duration, Instant};

use binance_usdm::ws::WsOptions;
use binance_usdm::{Config, Credentials, Error, OrderRef, WsClient};
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

fn client(url: &str, options: WsOptions) -> WsClient {
    WsClient::with_options(Config::new(url).credentials(hmac()).timeout(Duration::from_secs(10)), options).unwrap()
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
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        assert!(matches!(&err, Error::Connection { .. }), "{err:?}");
    }
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
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
    let started = Instant::now();
    let doomed: Vec<_> = (0..100_000)
        .map(|_| {
            let short = short.clone();
            tokio::spawn(async move { short.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await })
        })
        .collect();
    for call in doomed {
        assert!(matches!(call.await.unwrap(), Err(Error::TimedOut { .. })));
    }
    // Their 100,000 cancellations reach the connection task before this request does.
    let order = ws.order_status("BTCUSDT", OrderRef::OrderId(ORDER)).await.unwrap();
    assert_eq!(order.order_id, ORDER);
    // The connect takes 1.5 s; cancelling by scanning the queue took 39-44 s here.
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
    sim.stop().await;
}
