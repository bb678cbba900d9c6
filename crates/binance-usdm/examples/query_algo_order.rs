//! Operation `query_algo_order`: one algo order by its id.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example query_algo_order            # the simulator
//! BINANCE_API_KEY=… BINANCE_API_SECRET=… cargo run -p binance-usdm --example query_algo_order -- <algoId>
//! ```

use binance_usdm::{AlgoOrderRef, Client, Config, Credentials};
use venue_sim::{Sim, Venue, accounts};

/// The docs' example order, which the simulator also holds.
const DOCS_ALGO_ID: i64 = 2146760;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let algo_id = match std::env::args().nth(1) {
        Some(id) => id.parse().map_err(|_| format!("{id:?} is not an algo id"))?,
        None => DOCS_ALGO_ID,
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

    let answer = client.call().query_algo_order(AlgoOrderRef::AlgoId(algo_id)).await?;
    // Only algoId, symbol and algoStatus are sure to be there (the page has no field table).
    let shown = |v: Option<String>| v.unwrap_or_else(|| "-".into());
    let trigger = shown(answer.trigger_price.map(|p| p.to_string()));
    let side = shown(answer.side.as_ref().map(|s| s.to_string()));
    let quantity = shown(answer.quantity.map(|q| q.to_string()));
    println!("{} {} {side} {quantity} @ {trigger} ({})", answer.algo_id, answer.symbol, answer.algo_status);
    println!(
        "HTTP {} after {} attempt(s); weight used: {:?}",
        answer.status(),
        answer.attempts(),
        answer.rate_limits()
    );

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
