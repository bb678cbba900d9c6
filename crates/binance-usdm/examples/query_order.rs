//! Operation `query_order`: one order by symbol and order id.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example query_order
//! BINANCE_API_KEY=… BINANCE_API_SECRET=… cargo run -p binance-usdm --example query_order -- <symbol> <orderId>
//! ```

use binance_usdm::{Client, Config, Credentials, OrderRef};
use venue_sim::{Sim, Venue, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    // The docs' example order, which the simulator also holds.
    let symbol = args.next().unwrap_or_else(|| "BTCUSDT".to_string());
    let order_id: i64 = match args.next() {
        Some(id) => id.parse().map_err(|_| format!("{id:?} is not an order id"))?,
        None => 1917641,
    };
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => Client::with_config(
            Config::new(sim.url(Venue::BinanceUsdm))
                .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)),
        )?,
        None => Client::production(Credentials::hmac(
            std::env::var("BINANCE_API_KEY").map_err(|_| "set BINANCE_API_KEY and BINANCE_API_SECRET, or SIM=1")?,
            std::env::var("BINANCE_API_SECRET").map_err(|_| "set BINANCE_API_SECRET, or SIM=1")?,
        ))?,
    };

    let order = client.query_order(&symbol, OrderRef::OrderId(order_id)).await?;
    println!(
        "{} {} {} {:?} {}/{} ({})",
        order.order_id, order.symbol, order.side, order.type_, order.executed_qty, order.orig_qty, order.status
    );

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
