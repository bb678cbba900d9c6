//! One signed query end to end (build, sign, send over loopback, read, decode) through
//! `binance_usdm::Client::query_algo_order`, beside its floor: a hand-written client doing the
//! same request with reqwest, hmac and serde_json (`algoId` and `timestamp`, HMAC-SHA256 hex
//! signature, `X-MBX-APIKEY` header, decode into `support/hand_written.rs`'s `AlgoOrder`).
//!
//! Both run one call at a time on one 2-worker tokio runtime that also runs the simulator, and
//! the simulator verifies every signature. The SDK's clock is measured once before timing.
//!
//! Run: `cargo bench -p e2e --bench full_query`.

#[path = "support/hand_written.rs"]
mod hand_written;
#[path = "support/ratios.rs"]
mod ratios;

use std::fmt::Write;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use binance_usdm::{AlgoOrderRef, Client, Config, Credentials};
use criterion::Criterion;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use venue_sim::{Sim, Venue, accounts};

const ALGO_ID: i64 = 2146760;
const GROUP: &str = "query-binance-algo-order";

/// The floor: what one would write without the SDK.
struct HandClient {
    http: reqwest::Client,
    base_url: String,
}

impl HandClient {
    async fn query_algo_order(&self, algo_id: i64) -> Result<hand_written::AlgoOrder, String> {
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).map_err(|e| e.to_string())?.as_millis();
        let query = format!("algoId={algo_id}&timestamp={timestamp}");
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(accounts::BINANCE_HMAC_SECRET.as_bytes())
            .map_err(|e| e.to_string())?;
        mac.update(query.as_bytes());
        let mut signature = String::with_capacity(64);
        for b in mac.finalize().into_bytes() {
            let _ = write!(signature, "{b:02x}");
        }
        let url = format!("{}/fapi/v1/algoOrder?{query}&signature={signature}", self.base_url);
        let response = self
            .http
            .get(url)
            .header("X-MBX-APIKEY", accounts::BINANCE_HMAC_KEY)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("HTTP {}", response.status()));
        }
        let body = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    }
}

/// `iters` calls, one after another, on the runtime that also runs the simulator.
fn timed<T, F: std::future::Future<Output = T>>(
    rt: &tokio::runtime::Runtime,
    iters: u64,
    call: impl Fn() -> F,
) -> Duration {
    rt.block_on(async {
        let start = Instant::now();
        for _ in 0..iters {
            std::hint::black_box(call().await);
        }
        start.elapsed()
    })
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let mut g = c.benchmark_group(GROUP);
    // Each side gets a simulator of its own: a simulator keeps every request it has served, and
    // the side measured second on a shared one measured 7-15% slower, whichever it was.
    let sim = rt.block_on(Sim::start()).expect("simulator");
    let client = Client::with_config(
        Config::new(sim.url(Venue::BinanceUsdm))
            .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)),
    )
    .expect("client");
    rt.block_on(async {
        client.sync_clock().await.expect("clock");
        assert_eq!(client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.expect("sdk").algo_id, ALGO_ID);
    });
    g.bench_function("sdk", |b| {
        b.iter_custom(|iters| {
            timed(&rt, iters, || async { client.query_algo_order(AlgoOrderRef::AlgoId(ALGO_ID)).await.expect("sdk") })
        })
    });
    rt.block_on(sim.stop());

    let sim = rt.block_on(Sim::start()).expect("simulator");
    let hand = HandClient { http: reqwest::Client::new(), base_url: sim.url(Venue::BinanceUsdm) };
    rt.block_on(async { assert_eq!(hand.query_algo_order(ALGO_ID).await.expect("floor").algo_id, ALGO_ID) });
    g.bench_function("floor", |b| {
        b.iter_custom(|iters| timed(&rt, iters, || async { hand.query_algo_order(ALGO_ID).await.expect("floor") }))
    });
    rt.block_on(sim.stop());
    g.finish();
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
    ratios::report("full signed query", since, &[ratios::Pair { group: GROUP.to_string(), goal: 1.1 }]);
}
