//! Decoding each documented 200 answer (the example in the spec, as the venue's docs give it)
//! into the generated type, beside its floor: a hand-written serde struct with the same fields
//! (`support/hand_written.rs`). Both read the same bytes with `serde_json::from_slice`.
//!
//! Run: `cargo bench -p e2e --bench decode`.

#[path = "support/documented.rs"]
mod documented;
#[path = "support/hand_written.rs"]
mod hand_written;
#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::Criterion;
use documented::documented;
use serde::de::DeserializeOwned;

fn pair<G: DeserializeOwned, H: DeserializeOwned>(c: &mut Criterion, group: &str, bytes: &[u8]) {
    // Both must accept the bytes, or the comparison is of two error paths.
    serde_json::from_slice::<G>(bytes).unwrap_or_else(|e| panic!("{group}: generated type: {e}"));
    serde_json::from_slice::<H>(bytes).unwrap_or_else(|e| panic!("{group}: hand-written type: {e}"));
    let mut g = c.benchmark_group(group);
    g.throughput(criterion::Throughput::Bytes(bytes.len() as u64));
    // criterion black-boxes and drops each result inside the timed loop, on both sides.
    g.bench_function("sdk", |b| b.iter(|| serde_json::from_slice::<G>(black_box(bytes))));
    g.bench_function("floor", |b| b.iter(|| serde_json::from_slice::<H>(black_box(bytes))));
    g.finish();
}

const GROUPS: [&str; 6] = [
    "decode-binance-algo-order",
    "decode-binance-order",
    "decode-binance-server-time",
    "decode-coinw-futures-orders",
    "decode-coinw-spot-order",
    "decode-p99-order",
];

fn bench(c: &mut Criterion) {
    use hand_written as hand;
    pair::<binance_usdm::AlgoOrder, hand::AlgoOrder>(
        c,
        GROUPS[0],
        &documented("binance-usdm", "/fapi/v1/algoOrder", "get"),
    );
    pair::<binance_usdm::Order, hand::Order>(c, GROUPS[1], &documented("binance-usdm", "/fapi/v1/order", "get"));
    pair::<binance_usdm::ServerTime, hand::ServerTime>(
        c,
        GROUPS[2],
        &documented("binance-usdm", "/fapi/v1/time", "get"),
    );
    pair::<coinw_futures::OrderInformationEnvelope, hand::FuturesEnvelope>(
        c,
        GROUPS[3],
        &documented("coinw-futures", "/v1/perpum/order", "get"),
    );
    pair::<coinw_spot::OrderStatusEnvelope, hand::SpotEnvelope>(
        c,
        GROUPS[4],
        &documented("coinw-spot", "/api/v1/private", "post"),
    );
    pair::<p99_spot::SpotOrder, hand::P99Order>(c, GROUPS[5], &documented("p99-spot", "/spot/orders/{id}", "get"));
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
    let pairs = GROUPS.map(|group| ratios::Pair { group: group.to_string(), goal: 1.5 });
    ratios::report("decoding", since, &pairs);
}
