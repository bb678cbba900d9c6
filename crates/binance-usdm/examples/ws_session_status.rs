//! Operation `session.status` (WebSocket API): whether this connection is logged on.
//!
//! With an Ed25519 key the client logs on after every connect, so `apiKey` is set; with HMAC
//! each request is signed on its own and the session stays anonymous.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example ws_session_status
//! BINANCE_API_KEY=… BINANCE_ED25519_PEM_FILE=key.pem cargo run -p binance-usdm --example ws_session_status
//! ```

use binance_usdm::{Config, Credentials, WsClient};
use venue_sim::{Sim, accounts};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sim = Sim::start_if_requested().await?;
    let client = match &sim {
        Some(sim) => WsClient::with_config(Config::new(sim.ws_url()).credentials(Credentials::ed25519_from_seed(
            accounts::BINANCE_ED25519_KEY,
            accounts::BINANCE_ED25519_SEED,
        )))?,
        None => {
            let key = std::env::var("BINANCE_API_KEY")
                .map_err(|_| "set BINANCE_API_KEY and BINANCE_ED25519_PEM_FILE, or SIM=1")?;
            let path =
                std::env::var("BINANCE_ED25519_PEM_FILE").map_err(|_| "set BINANCE_ED25519_PEM_FILE, or SIM=1")?;
            WsClient::production(Credentials::ed25519_from_pem(key, &std::fs::read_to_string(path)?)?)?
        }
    };

    let session = client.session_status().await?;
    println!("{session:?}");

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
