//! The Binance cases of `benches/instructions`, each beside binance-sdk 77.2.0 (Binance's own
//! Rust SDK) in the same run: decoding the documented answers, the REST `GET /fapi/v1/algoOrder`
//! round trip and the WebSocket API `order.status` round trip, against the same simulator in a
//! process of its own, on a current-thread runtime, counting one call that reuses the connection
//! a warm-up call opened. Names: `sdk_<case>` and `peer_<case>`.

use std::hint::black_box;

use binance_sdk::config::{ConfigurationRestApi, ConfigurationWebsocketApi};
use binance_sdk::derivatives_trading_usds_futures as peer;
use gungraun::prelude::*;
use instruction_bench::{
    ALGO_ID, Loopback, ORDER_ID, Rest, binance_rest, binance_ws, documented, documented_ws_reply, runtime,
};
use venue_sim::accounts;

/// The workspace's `loopback-venue` binary (`LOOPBACK_VENUE`, else the release build).
fn loopback() -> Loopback {
    let bin = std::env::var("LOOPBACK_VENUE")
        .unwrap_or_else(|_| format!("{}/../../target/release/loopback-venue", env!("CARGO_MANIFEST_DIR")));
    Loopback::start(&bin)
}

fn algo_order_bytes() -> Vec<u8> {
    documented("binance-usdm", "/fapi/v1/algoOrder", "get")
}
fn order_bytes() -> Vec<u8> {
    documented("binance-usdm", "/fapi/v1/order", "get")
}

#[library_benchmark]
#[bench::documented(algo_order_bytes())]
fn sdk_decode_binance_algo_order(bytes: Vec<u8>) -> binance_usdm::AlgoOrder {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(algo_order_bytes())]
fn peer_decode_binance_algo_order(bytes: Vec<u8>) -> peer::rest_api::QueryAlgoOrderResponse {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(order_bytes())]
fn sdk_decode_binance_order(bytes: Vec<u8>) -> binance_usdm::Order {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(order_bytes())]
fn peer_decode_binance_order(bytes: Vec<u8>) -> peer::rest_api::QueryOrderResponse {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(documented_ws_reply())]
fn sdk_decode_ws_reply(bytes: Vec<u8>) -> binance_usdm::ws::types::OrderStatusReply {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

#[library_benchmark]
#[bench::documented(documented_ws_reply())]
fn peer_decode_ws_reply(bytes: Vec<u8>) -> peer::websocket_api::QueryOrderResponse {
    black_box(serde_json::from_slice(black_box(&bytes)).expect("decodes"))
}

fn sdk_rest() -> Rest<binance_usdm::Client> {
    binance_rest(loopback())
}

async fn peer_algo_order(client: &peer::rest_api::RestApi) -> peer::rest_api::QueryAlgoOrderResponse {
    let params = peer::rest_api::QueryAlgoOrderParams::builder().algo_id(ALGO_ID).build().expect("params");
    client.query_algo_order(params).await.expect("answers").data().await.expect("decodes")
}

fn peer_rest() -> Rest<peer::rest_api::RestApi> {
    let venue = loopback();
    let rt = runtime();
    let config = ConfigurationRestApi::builder()
        .api_key(accounts::BINANCE_HMAC_KEY)
        .api_secret(accounts::BINANCE_HMAC_SECRET)
        .base_path(venue.url("binance-usdm").trim_end_matches('/').to_string())
        .build()
        .expect("config");
    let client = peer::DerivativesTradingUsdsFuturesRestApi::from_config(config);
    black_box(rt.block_on(peer_algo_order(&client)));
    Rest { rt, client, venue }
}

#[library_benchmark]
#[bench::loopback(sdk_rest())]
fn sdk_rest_binance(state: Rest<binance_usdm::Client>) -> Rest<binance_usdm::Client> {
    black_box(
        state.rt.block_on(state.client.query_algo_order(binance_usdm::AlgoOrderRef::AlgoId(ALGO_ID))).expect("answers"),
    );
    state
}

#[library_benchmark]
#[bench::loopback(peer_rest())]
fn peer_rest_binance(state: Rest<peer::rest_api::RestApi>) -> Rest<peer::rest_api::RestApi> {
    black_box(state.rt.block_on(peer_algo_order(&state.client)));
    state
}

fn sdk_ws() -> Rest<binance_usdm::WsClient> {
    binance_ws(loopback())
}

async fn peer_order_status(
    connection: &peer::websocket_api::WebsocketApi,
) -> peer::websocket_api::QueryOrderResponseResult {
    let params = peer::websocket_api::QueryOrderParams::builder("BTCUSDT".to_string())
        .order_id(ORDER_ID)
        .build()
        .expect("params");
    *connection.query_order(params).await.expect("answers").data().expect("decodes")
}

fn peer_ws() -> Rest<peer::websocket_api::WebsocketApi> {
    let venue = loopback();
    let rt = runtime();
    let config = ConfigurationWebsocketApi::builder()
        .api_key(accounts::BINANCE_HMAC_KEY)
        .api_secret(accounts::BINANCE_HMAC_SECRET)
        .ws_url(venue.ws_url().to_string())
        .build()
        .expect("config");
    let connection =
        rt.block_on(peer::DerivativesTradingUsdsFuturesWsApi::from_config(config).connect()).expect("connects");
    black_box(rt.block_on(peer_order_status(&connection)));
    Rest { rt, client: connection, venue }
}

#[library_benchmark]
#[bench::loopback(sdk_ws())]
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
#[bench::loopback(peer_ws())]
fn peer_ws_order_status(state: Rest<peer::websocket_api::WebsocketApi>) -> Rest<peer::websocket_api::WebsocketApi> {
    black_box(state.rt.block_on(peer_order_status(&state.client)));
    state
}

library_benchmark_group!(
    name = peers,
    benchmarks = [
        sdk_decode_binance_algo_order,
        peer_decode_binance_algo_order,
        sdk_decode_binance_order,
        peer_decode_binance_order,
        sdk_decode_ws_reply,
        peer_decode_ws_reply,
        sdk_rest_binance,
        peer_rest_binance,
        sdk_ws_order_status,
        peer_ws_order_status
    ]
);

main!(library_benchmark_groups = peers);
