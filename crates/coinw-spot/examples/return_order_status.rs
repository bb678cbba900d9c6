//! Operation `return_order_status`: one spot order by its order number.
//!
//! ```sh
//! SIM=1 cargo run -p coinw-spot --example return_order_status
//! COINW_API_KEY=… COINW_SECRET_KEY=… cargo run -p coinw-spot --example return_order_status -- <orderNumber>
//! ```

use coinw_spot::{Client, Config, Credentials};
use venue_sim::{Sim, Venue, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The docs' example order, which the simulator also holds.
    let order_number = std::env::args().nth(1).unwrap_or_else(|| "4624544807079846405".to_string());
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => Client::with_config(
            Config::new(sim.url(Venue::CoinwSpot))
                .credentials(Credentials::hmac(accounts::COINW_KEY, accounts::COINW_SECRET)),
        )?,
        None => Client::production(Credentials::hmac(
            std::env::var("COINW_API_KEY").map_err(|_| "set COINW_API_KEY and COINW_SECRET_KEY, or SIM=1")?,
            std::env::var("COINW_SECRET_KEY").map_err(|_| "set COINW_SECRET_KEY, or SIM=1")?,
        ))?,
    };

    let order = client.order_status(&order_number).await?;
    println!("{order_number}: {:?}", order);

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
