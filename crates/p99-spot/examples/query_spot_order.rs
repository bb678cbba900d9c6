//! Operation `query_order`: one spot order by its UUID.
//!
//! ```sh
//! SIM=1 cargo run -p p99-spot --example query_spot_order
//! P99_JWT=… cargo run -p p99-spot --example query_spot_order -- <uuid>
//! P99_API_KEY=… P99_API_SECRET=… cargo run -p p99-spot --example query_spot_order -- <uuid>
//! ```

use p99_spot::{Client, Config, Credentials, Uuid};
use venue_sim::{Sim, Venue, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The docs' example order, which the simulator also holds.
    let id = std::env::args().nth(1).unwrap_or_else(|| "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10".to_string());
    let id: Uuid = id.parse().map_err(|_| format!("{id:?} is not an order id (a UUID)"))?;
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => Client::with_config(
            Config::new(sim.url(Venue::P99Spot))
                .credentials(Credentials::hmac(accounts::P99_KEY, accounts::P99_SECRET)),
        )?,
        None => {
            let credentials = match std::env::var("P99_JWT") {
                Ok(jwt) => Credentials::bearer(jwt),
                Err(_) => Credentials::hmac(
                    std::env::var("P99_API_KEY")
                        .map_err(|_| "set P99_JWT, or P99_API_KEY and P99_API_SECRET, or SIM=1")?,
                    std::env::var("P99_API_SECRET").map_err(|_| "set P99_API_SECRET, or SIM=1")?,
                ),
            };
            Client::sepolia(credentials)?
        }
    };

    let order = client.query_order(&id).await?;
    println!(
        "{} {} {} {}/{:?} ({})",
        order.id, order.symbol, order.side, order.filled_qty, order.quantity, order.status
    );

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
