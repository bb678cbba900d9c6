//! Operation `order.status` (WebSocket API): one order, over a connection the client keeps.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example ws_order_status
//! BINANCE_API_KEY=… BINANCE_API_SECRET=… cargo run -p binance-usdm --example ws_order_status -- <symbol> <orderId>
//! ```

use binance_usdm::{Config, Credentials, OrderRef, WsClient};
use venue_sim::{Sim, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let symbol = args.next().unwrap_or_else(|| "BTCUSDT".to_string());
    let order_id: i64 = match args.next() {
        Some(id) => id.parse().map_err(|_| format!("{id:?} is not an order id"))?,
        None => 1917641,
    };
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => WsClient::with_config(
            Config::new(sim.ws_url())
                .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)),
        )?,
        None => WsClient::production(Credentials::hmac(
            std::env::var("BINANCE_API_KEY").map_err(|_| "set BINANCE_API_KEY and BINANCE_API_SECRET, or SIM=1")?,
            std::env::var("BINANCE_API_SECRET").map_err(|_| "set BINANCE_API_SECRET, or SIM=1")?,
        ))?,
    };

    let reply = client.order_status_reply(&symbol, OrderRef::OrderId(order_id)).await?;
    let order = &reply.result;
    println!(
        "{} {} {} {}/{} ({})",
        order.order_id, order.symbol, order.side, order.executed_qty, order.orig_qty, order.status
    );
    for limit in &reply.rate_limits {
        println!("rate limit: {limit:?}");
    }

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
