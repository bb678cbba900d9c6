//! Operation `session.logout` (WebSocket API): end the logged-on session of a connection.
//!
//! The client logs on again by itself after a reconnect; this is for ending a session on
//! purpose, e.g. before handing the connection's key back.
//!
//! ```sh
//! SIM=1 cargo run -p binance-usdm --example ws_session_logout
//! BINANCE_API_KEY=… BINANCE_ED25519_PEM_FILE=key.pem cargo run -p binance-usdm --example ws_session_logout
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

    println!("before: {:?}", client.session_status().await?);
    println!("logout: {:?}", client.session_logout().await?);

    if let Some(sim) = sim {
        sim.stop().await;
    }
    Ok(())
}
