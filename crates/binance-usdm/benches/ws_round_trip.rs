//! `order_status` round trips over one loopback WebSocket connection to the simulator, with 1 and
//! 64 requests in flight, beside the floor: a bare tokio-tungstenite loop on its own connection
//! that does the same work per request (sign with HMAC, send, read the reply, decode the same
//! reply type) without the client's runtime (no id map, no channels, no actor task).
//!
//! The client runs three ways in the same run, to show what keeping the connection alive costs:
//! `client` with the default options (a ping after 30 s of silence, never due here),
//! `client, pings every 10 ms` (its liveness timer fires 100 times a second), and
//! `client, no pings` (`ping_interval: Duration::MAX`).
//!
//! Run: `cargo bench -p binance-usdm --bench ws_round_trip`. Criterion prints time per round trip
//! and round trips per second for each client and the floor at each depth.

use std::sync::Arc;
use std::time::{Duration, Instant};

use binance_usdm::ws::WsOptions;
use binance_usdm::ws::types::OrderStatusReply;
use binance_usdm::{Config, Credentials, OrderRef, WsClient};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::{SinkExt, StreamExt};
use tokio::runtime::Runtime;
use tokio_tungstenite::tungstenite::Message;
use venue_sim::{Sim, accounts};

const ORDER_ID: i64 = 1917641;

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime")
}

/// `iters` calls through the SDK, `depth` at a time.
async fn client_round_trips(client: &WsClient, iters: u64, depth: u64) -> Duration {
    let start = Instant::now();
    let workers: Vec<_> = (0..depth)
        .map(|w| {
            let client = client.clone();
            let calls = iters / depth + u64::from(w < iters % depth);
            tokio::spawn(async move {
                for _ in 0..calls {
                    let order = client.order_status("BTCUSDT", OrderRef::OrderId(ORDER_ID)).await.expect("order");
                    assert_eq!(order.order_id, ORDER_ID);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.expect("worker");
    }
    start.elapsed()
}

/// The HMAC-signed frame a bare client would write by hand.
fn signed_frame(id: u64) -> String {
    let timestamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis();
    let payload =
        format!("apiKey={}&orderId={ORDER_ID}&symbol=BTCUSDT&timestamp={timestamp}", accounts::BINANCE_HMAC_KEY);
    let credentials = Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET);
    let signature = venue_auth::binance::sign(&credentials, &payload).expect("sign");
    format!(
        r#"{{"id":{id},"method":"order.status","params":{{"symbol":"BTCUSDT","orderId":{ORDER_ID},"apiKey":"{}","timestamp":{timestamp},"signature":"{signature}"}}}}"#,
        accounts::BINANCE_HMAC_KEY
    )
}

/// The floor: one task keeps `depth` requests in flight on a bare connection.
async fn floor_round_trips(url: &str, iters: u64, depth: u64) -> Duration {
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(url, None, true).await.expect("connect");
    let start = Instant::now();
    let mut sent = 0;
    while sent < depth.min(iters) {
        ws.send(Message::text(signed_frame(sent))).await.expect("send");
        sent += 1;
    }
    let mut received = 0;
    while received < iters {
        if let Message::Text(text) = ws.next().await.expect("open").expect("frame") {
            let reply: OrderStatusReply = serde_json::from_str(text.as_str()).expect("reply");
            assert_eq!(reply.result.order_id, ORDER_ID);
            received += 1;
            if sent < iters {
                ws.send(Message::text(signed_frame(sent))).await.expect("send");
                sent += 1;
            }
        }
    }
    let elapsed = start.elapsed();
    let _ = ws.close(None).await;
    elapsed
}

fn round_trips(c: &mut Criterion) {
    let rt = runtime();
    let sim = rt.block_on(Sim::start()).expect("simulator");
    let url = sim.ws_url();
    let connect = |ping_interval: Option<Duration>| {
        let client = rt.block_on(async {
            let config = Config::new(&url)
                .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET));
            let mut options = WsOptions::default();
            if let Some(interval) = ping_interval {
                options.ping_interval = interval;
            }
            let client = WsClient::with_options(config, options).expect("client");
            client.order_status("BTCUSDT", OrderRef::OrderId(ORDER_ID)).await.expect("first call");
            client
        });
        Arc::new(client)
    };
    let clients = [
        ("client", connect(None)),
        ("client, pings every 10 ms", connect(Some(Duration::from_millis(10)))),
        ("client, no pings", connect(Some(Duration::MAX))),
    ];

    let mut group = c.benchmark_group("order_status round trip");
    group.throughput(Throughput::Elements(1));
    for depth in [1u64, 64] {
        group.bench_with_input(BenchmarkId::new("floor", depth), &depth, |b, &depth| {
            b.iter_custom(|iters| rt.block_on(floor_round_trips(&url, iters, depth)));
        });
        for (name, client) in &clients {
            group.bench_with_input(BenchmarkId::new(*name, depth), &depth, |b, &depth| {
                b.iter_custom(|iters| rt.block_on(client_round_trips(client, iters, depth)));
            });
        }
    }
    group.finish();
    drop(clients);
    rt.block_on(sim.stop());
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    targets = round_trips
}
criterion_main!(benches);
