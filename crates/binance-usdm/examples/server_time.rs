//! Operation `server_time`: the venue's clock (public, no keys), and how far ours is from it.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example server_time
//! cargo run -p binance-usdm --example server_time
//! ```

use binance_usdm::{Client, Clock, Config};
use venue_sim::{Sim, Venue};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sim = Sim::start_if_requested().await?;
    let url = match &sim {
        Some(sim) => sim.url(Venue::BinanceUsdm),
        None => Client::PRODUCTION_URL.to_string(),
    };
    // No credentials: a public operation needs none.
    let client = Client::with_config(Config::new(url))?;

    let server = client.server_time().await?;
    println!("venue time {} ms; local clock is {} ms ahead", server.get(), Clock::local_ms() - server.get());

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
