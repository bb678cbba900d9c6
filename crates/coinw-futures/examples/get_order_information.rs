//! Operation `get_order_information`: orders of one position type, optionally narrowed to ids
//! and an instrument.
//!
//! ```sh
//! SIM=1 cargo run -p coinw-futures --example get_order_information
//! COINW_API_KEY=… COINW_SECRET_KEY=… cargo run -p coinw-futures --example get_order_information -- <orderId>…
//! ```

use coinw_futures::{Client, Config, Credentials, OrderQuery, PositionType};
use venue_sim::{Sim, Venue, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut ids = Vec::new();
    for arg in std::env::args().skip(1) {
        ids.push(arg.parse::<i64>().map_err(|_| format!("{arg:?} is not an order id"))?);
    }
    if ids.is_empty() {
        // The docs' example order, which the simulator also holds.
        ids.push(33308753605637070);
    }
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => Client::with_config(
            Config::new(sim.url(Venue::CoinwFutures))
                .credentials(Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET)),
        )?,
        None => Client::production(Credentials::hmac(
            std::env::var("COINW_API_KEY").map_err(|_| "set COINW_API_KEY and COINW_SECRET_KEY, or SIM=1")?,
            std::env::var("COINW_SECRET_KEY").map_err(|_| "set COINW_SECRET_KEY, or SIM=1")?,
        ))?,
    };

    let query = OrderQuery::new(PositionType::Plan).source_ids(ids);
    let orders = client.get_order_information(&query).await?;
    for order in &orders {
        println!(
            "{} {} {} {:?} ({})",
            order.id, order.instrument, order.direction, order.order_price, order.order_status
        );
    }
    println!("{} order(s)", orders.len());

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
