//! Instruction counts (callgrind, through gungraun) of the SDK's hot paths, each beside its
//! floor in the same run: preparing each venue's request (REST), decoding each documented
//! answer, and one round trip per venue (REST)
//! and for the WebSocket API against the simulator, which runs in a process of its own so only
//! the client is counted. Every client runs on a current-thread runtime, so its connection tasks
//! are counted too. A round trip's setup (the process, the client, one call that opens the
//! connection and, for Binance, measures the clock) is not counted; the counted call reuses the
//! connection, as every call after a program's first does.
//!
//! Names: `sdk_<case>`, `floor_<case>` (the hand-written minimum: a blocking socket, or serde
//! into hand-written structs) and `reqwest_<case>` (the same request by hand through reqwest).
//! `instruction-ratios` reads this benchmark's JSON output and compares the ratios with the
//! recorded ones (`benches/instructions/ratios.json`).
//!
//! Run: `cargo bench -p instruction-bench --bench instructions` (needs valgrind and
//! `gungraun-runner` 0.20.0; `.ci/run` installs the runner).

use std::hint::black_box;

use gungraun::prelude::*;
use gungraun::{Callgrind, EntryPoint};
use instruction_bench::{
    ALGO_ID, Loopback, ORDER_ID, ReqwestClient, Rest, SocketClient, binance_rest, binance_ws, documented,
    documented_ws_reply, hand_written, requests, runtime, ws,
};
use venue_sim::accounts;

const LOOPBACK: &str = env!("CARGO_BIN_EXE_loopback-venue");

const COINW_SPOT_ORDER: &str = "4624544807079846405";
const P99_ORDER: &str = "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10";

// Decoding: the same bytes into the generated type and into the hand-written one.

fn algo_order_bytes() -> Vec<u8> {
    documented("binance-usdm", "/fapi/v1/algoOrder", "get")
}
fn order_bytes() -> Vec<u8> {
    documented("binance-usdm", "/fapi/v1/order", "get")
}
fn futures_bytes() -> Vec<u8> {
    documented("coinw-futures", "/v1/perpum/order", "get")
}
fn spot_bytes() -> Vec<u8> {
    documented("coinw-spot", "/api/v1/private", "post")
}
fn p99_bytes() -> Vec<u8> {
    documented("p99-spot", "/spot/orders/{id}", "get")
}

#[library_benchmark]
#[bench::documented(algo_order_bytes())]
fn sdk_decode_binance_algo_order(bytes: Vec<u8>) -> binance_usdm::AlgoOrder {
    black_box(serde_json::from_slice::<binance_usdm::AlgoOrder>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(algo_order_bytes())]
fn floor_decode_binance_algo_order(bytes: Vec<u8>) -> hand_written::AlgoOrder {
    black_box(serde_json::from_slice::<hand_written::AlgoOrder>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(order_bytes())]
fn sdk_decode_binance_order(bytes: Vec<u8>) -> binance_usdm::Order {
    black_box(serde_json::from_slice::<binance_usdm::Order>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(order_bytes())]
fn floor_decode_binance_order(bytes: Vec<u8>) -> hand_written::Order {
    black_box(serde_json::from_slice::<hand_written::Order>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(futures_bytes())]
fn sdk_decode_coinw_futures(bytes: Vec<u8>) -> coinw_futures::OrderInformationEnvelope {
    black_box(serde_json::from_slice::<coinw_futures::OrderInformationEnvelope>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(futures_bytes())]
fn floor_decode_coinw_futures(bytes: Vec<u8>) -> hand_written::FuturesEnvelope {
    black_box(serde_json::from_slice::<hand_written::FuturesEnvelope>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(spot_bytes())]
fn sdk_decode_coinw_spot(bytes: Vec<u8>) -> coinw_spot::OrderStatusEnvelope {
    black_box(serde_json::from_slice::<coinw_spot::OrderStatusEnvelope>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(spot_bytes())]
fn floor_decode_coinw_spot(bytes: Vec<u8>) -> hand_written::SpotEnvelope {
    black_box(serde_json::from_slice::<hand_written::SpotEnvelope>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(p99_bytes())]
fn sdk_decode_p99(bytes: Vec<u8>) -> p99_spot::SpotOrder {
    black_box(serde_json::from_slice::<p99_spot::SpotOrder>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(p99_bytes())]
fn floor_decode_p99(bytes: Vec<u8>) -> hand_written::P99Order {
    black_box(serde_json::from_slice::<hand_written::P99Order>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(documented_ws_reply())]
fn sdk_decode_ws_reply(bytes: Vec<u8>) -> binance_usdm::ws::types::OrderStatusReply {
    black_box(serde_json::from_slice::<binance_usdm::ws::types::OrderStatusReply>(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(documented_ws_reply())]
fn floor_decode_ws_reply(bytes: Vec<u8>) -> ws::Reply {
    black_box(serde_json::from_slice::<ws::Reply>(black_box(&bytes)).expect("decodes"))
}

// Request preparation: the injected params, the timestamp, the signature and the query, from the
// request the generated method built to the one that is sent. Counted inside a real round trip,
// as everything that runs under `venue_sdk_core::hook::prepare` (the venues' `pre` hook); the
// floor does the same work from the params to the target (path and query) and its headers.

fn inside_prepare() -> LibraryBenchmarkConfig {
    // The setup's warm-up call runs the hook too: what it counted is zeroed when the benchmark
    // function (gungraun's wrapper of it) starts.
    let mut callgrind = Callgrind::with_args(["--zero-before=*::__gungraun_wrapper_id_mod_*"]);
    callgrind.entry_point(EntryPoint::Custom("venue_sdk_core::hook::prepare*".into()));
    let mut config = LibraryBenchmarkConfig::default();
    config.tool(callgrind);
    config
}

#[library_benchmark(config = inside_prepare())]
#[bench::loopback(binance_sdk())]
fn sdk_prepare_binance(state: Rest<binance_usdm::Client>) -> Rest<binance_usdm::Client> {
    binance_call(&state);
    state
}

#[library_benchmark]
fn floor_prepare_binance() -> (String, Vec<(&'static str, String)>) {
    black_box(requests::binance_algo_order(black_box(ALGO_ID)))
}

#[library_benchmark(config = inside_prepare())]
#[bench::loopback(coinw_futures_sdk())]
fn sdk_prepare_coinw_futures(state: Rest<coinw_futures::Client>) -> Rest<coinw_futures::Client> {
    coinw_futures_call(&state);
    state
}

#[library_benchmark]
fn floor_prepare_coinw_futures() -> (String, Vec<(&'static str, String)>) {
    black_box(requests::coinw_futures_orders(black_box("plan")))
}

#[library_benchmark(config = inside_prepare())]
#[bench::loopback(coinw_spot_sdk())]
fn sdk_prepare_coinw_spot(state: Rest<coinw_spot::Client>) -> Rest<coinw_spot::Client> {
    coinw_spot_call(&state);
    state
}

#[library_benchmark]
fn floor_prepare_coinw_spot() -> (String, Vec<(&'static str, String)>) {
    black_box(requests::coinw_spot_order(black_box(COINW_SPOT_ORDER)))
}

#[library_benchmark(config = inside_prepare())]
#[bench::loopback(p99_sdk())]
fn sdk_prepare_p99(state: Rest<p99_spot::Client>) -> Rest<p99_spot::Client> {
    p99_call(&state);
    state
}

#[library_benchmark]
fn floor_prepare_p99() -> (String, Vec<(&'static str, String)>) {
    black_box(requests::p99_order(black_box(P99_ORDER)))
}

// REST round trips.

fn config(venue: &Loopback, name: &str, credentials: binance_usdm::Credentials) -> binance_usdm::Config {
    binance_usdm::Config::new(venue.url(name)).credentials(credentials)
}

fn binance_sdk() -> Rest<binance_usdm::Client> {
    binance_rest(Loopback::start(LOOPBACK))
}

fn coinw_futures_sdk() -> Rest<coinw_futures::Client> {
    let venue = Loopback::start(LOOPBACK);
    let rt = runtime();
    let credentials = coinw_futures::Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET);
    let client = coinw_futures::Client::with_config(config(&venue, "coinw-futures", credentials)).expect("client");
    rt.block_on(client.get_order_information(&futures_query())).expect("warm-up");
    Rest { rt, client, venue }
}

fn futures_query() -> coinw_futures::OrderQuery {
    coinw_futures::OrderQuery::new(coinw_futures::PositionType::Plan)
}

fn coinw_spot_sdk() -> Rest<coinw_spot::Client> {
    let venue = Loopback::start(LOOPBACK);
    let rt = runtime();
    let credentials = coinw_spot::Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET);
    let client = coinw_spot::Client::with_config(config(&venue, "coinw-spot", credentials)).expect("client");
    rt.block_on(client.order_status(COINW_SPOT_ORDER)).expect("warm-up");
    Rest { rt, client, venue }
}

fn p99_id() -> p99_spot::Uuid {
    P99_ORDER.parse().expect("a UUID")
}

fn p99_sdk() -> Rest<p99_spot::Client> {
    let venue = Loopback::start(LOOPBACK);
    let rt = runtime();
    let credentials = p99_spot::Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET);
    let client = p99_spot::Client::with_config(config(&venue, "p99-spot", credentials)).expect("client");
    rt.block_on(client.query_order(&p99_id())).expect("warm-up");
    Rest { rt, client, venue }
}

// One counted call per venue, shared by its preparation and round-trip benchmarks.

fn binance_call(state: &Rest<binance_usdm::Client>) {
    let call = state.client.query_algo_order(binance_usdm::AlgoOrderRef::AlgoId(ALGO_ID));
    black_box(state.rt.block_on(call).expect("answers"));
}

fn coinw_futures_call(state: &Rest<coinw_futures::Client>) {
    black_box(state.rt.block_on(state.client.get_order_information(&futures_query())).expect("answers"));
}

fn coinw_spot_call(state: &Rest<coinw_spot::Client>) {
    black_box(state.rt.block_on(state.client.order_status(COINW_SPOT_ORDER)).expect("answers"));
}

fn p99_call(state: &Rest<p99_spot::Client>) {
    black_box(state.rt.block_on(state.client.query_order(&p99_id())).expect("answers"));
}

fn reqwest_for(name: &'static str) -> impl Fn() -> Rest<ReqwestClient> {
    move || {
        let venue = Loopback::start(LOOPBACK);
        let rt = runtime();
        let client = ReqwestClient::new(venue.url(name));
        let state = Rest { rt, client, venue };
        state.rt.block_on(reqwest_call(name, &state.client));
        state
    }
}

async fn reqwest_call(name: &str, client: &ReqwestClient) {
    match name {
        "binance-usdm" => {
            let (target, headers) = requests::binance_algo_order(ALGO_ID);
            black_box(client.call::<hand_written::AlgoOrder>(reqwest::Method::GET, &target, &headers).await);
        }
        "coinw-futures" => {
            let (target, headers) = requests::coinw_futures_orders("plan");
            black_box(client.call::<hand_written::FuturesEnvelope>(reqwest::Method::GET, &target, &headers).await);
        }
        "coinw-spot" => {
            let (target, headers) = requests::coinw_spot_order(COINW_SPOT_ORDER);
            black_box(client.call::<hand_written::SpotEnvelope>(reqwest::Method::POST, &target, &headers).await);
        }
        _ => {
            let (target, headers) = requests::p99_order(P99_ORDER);
            black_box(client.call::<hand_written::P99Order>(reqwest::Method::GET, &target, &headers).await);
        }
    }
}

fn reqwest_binance() -> Rest<ReqwestClient> {
    reqwest_for("binance-usdm")()
}
fn reqwest_coinw_futures() -> Rest<ReqwestClient> {
    reqwest_for("coinw-futures")()
}
fn reqwest_coinw_spot() -> Rest<ReqwestClient> {
    reqwest_for("coinw-spot")()
}
fn reqwest_p99() -> Rest<ReqwestClient> {
    reqwest_for("p99-spot")()
}

fn socket_binance() -> (SocketClient, Loopback) {
    let venue = Loopback::start(LOOPBACK);
    let mut client = SocketClient::connect(venue.url("binance-usdm"));
    let (target, headers) = requests::binance_algo_order(ALGO_ID);
    black_box(client.call::<hand_written::AlgoOrder>("GET", &target, &headers));
    (client, venue)
}

#[library_benchmark]
#[bench::loopback(binance_sdk())]
fn sdk_rest_binance(state: Rest<binance_usdm::Client>) -> Rest<binance_usdm::Client> {
    binance_call(&state);
    state
}

#[library_benchmark]
#[bench::loopback(reqwest_binance())]
fn reqwest_rest_binance(state: Rest<ReqwestClient>) -> Rest<ReqwestClient> {
    state.rt.block_on(reqwest_call("binance-usdm", &state.client));
    state
}

#[library_benchmark]
#[bench::loopback(socket_binance())]
fn floor_rest_binance(state: (SocketClient, Loopback)) -> (SocketClient, Loopback) {
    let (mut client, venue) = state;
    let (target, headers) = requests::binance_algo_order(ALGO_ID);
    black_box(client.call::<hand_written::AlgoOrder>("GET", &target, &headers));
    (client, venue)
}

#[library_benchmark]
#[bench::loopback(coinw_futures_sdk())]
fn sdk_rest_coinw_futures(state: Rest<coinw_futures::Client>) -> Rest<coinw_futures::Client> {
    coinw_futures_call(&state);
    state
}

#[library_benchmark]
#[bench::loopback(reqwest_coinw_futures())]
fn reqwest_rest_coinw_futures(state: Rest<ReqwestClient>) -> Rest<ReqwestClient> {
    state.rt.block_on(reqwest_call("coinw-futures", &state.client));
    state
}

#[library_benchmark]
#[bench::loopback(coinw_spot_sdk())]
fn sdk_rest_coinw_spot(state: Rest<coinw_spot::Client>) -> Rest<coinw_spot::Client> {
    coinw_spot_call(&state);
    state
}

#[library_benchmark]
#[bench::loopback(reqwest_coinw_spot())]
fn reqwest_rest_coinw_spot(state: Rest<ReqwestClient>) -> Rest<ReqwestClient> {
    state.rt.block_on(reqwest_call("coinw-spot", &state.client));
    state
}

#[library_benchmark]
#[bench::loopback(p99_sdk())]
fn sdk_rest_p99(state: Rest<p99_spot::Client>) -> Rest<p99_spot::Client> {
    p99_call(&state);
    state
}

#[library_benchmark]
#[bench::loopback(reqwest_p99())]
fn reqwest_rest_p99(state: Rest<ReqwestClient>) -> Rest<ReqwestClient> {
    state.rt.block_on(reqwest_call("p99-spot", &state.client));
    state
}

// The WebSocket API round trip.

fn ws_sdk() -> Rest<binance_usdm::WsClient> {
    binance_ws(Loopback::start(LOOPBACK))
}

fn ws_floor() -> (tokio::runtime::Runtime, ws::Socket, Loopback) {
    let venue = Loopback::start(LOOPBACK);
    let rt = runtime();
    let mut socket = rt.block_on(ws::connect(venue.ws_url()));
    black_box(rt.block_on(ws::order_status(&mut socket, 1, "BTCUSDT", ORDER_ID)));
    (rt, socket, venue)
}

#[library_benchmark]
#[bench::loopback(ws_sdk())]
fn sdk_ws_order_status(state: Rest<binance_usdm::WsClient>) -> Rest<binance_usdm::WsClient> {
    black_box(
        state
            .rt
            .block_on(state.client.order_status("BTCUSDT", binance_usdm::OrderRef::OrderId(ORDER_ID)))
            .expect("answers"),
    );
    state
}

#[library_benchmark]
#[bench::loopback(ws_floor())]
fn floor_ws_order_status(
    state: (tokio::runtime::Runtime, ws::Socket, Loopback),
) -> (tokio::runtime::Runtime, ws::Socket, Loopback) {
    let (rt, mut socket, venue) = state;
    black_box(rt.block_on(ws::order_status(&mut socket, 2, "BTCUSDT", ORDER_ID)));
    (rt, socket, venue)
}

library_benchmark_group!(
    name = decode,
    benchmarks = [
        sdk_decode_binance_algo_order,
        floor_decode_binance_algo_order,
        sdk_decode_binance_order,
        floor_decode_binance_order,
        sdk_decode_coinw_futures,
        floor_decode_coinw_futures,
        sdk_decode_coinw_spot,
        floor_decode_coinw_spot,
        sdk_decode_p99,
        floor_decode_p99,
        sdk_decode_ws_reply,
        floor_decode_ws_reply
    ]
);

library_benchmark_group!(
    name = round_trip,
    benchmarks = [
        sdk_rest_binance,
        reqwest_rest_binance,
        floor_rest_binance,
        sdk_rest_coinw_futures,
        reqwest_rest_coinw_futures,
        sdk_rest_coinw_spot,
        reqwest_rest_coinw_spot,
        sdk_rest_p99,
        reqwest_rest_p99,
        sdk_ws_order_status,
        floor_ws_order_status
    ]
);

library_benchmark_group!(
    name = prepare,
    benchmarks = [
        sdk_prepare_binance,
        floor_prepare_binance,
        sdk_prepare_coinw_futures,
        floor_prepare_coinw_futures,
        sdk_prepare_coinw_spot,
        floor_prepare_coinw_spot,
        sdk_prepare_p99,
        floor_prepare_p99
    ]
);

main!(library_benchmark_groups = prepare, decode, round_trip);
