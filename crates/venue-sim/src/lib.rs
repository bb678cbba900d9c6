//! A simulator of the four venues' order-query endpoints on 127.0.0.1, and of Binance USDⓈ-M's
//! WebSocket API (`order.status` and the session methods) with scriptable faults.
//!
//! It serves orders from an [`OrderBook`] seeded with the examples embedded in `specs/`, checks
//! every request's authentication the way the venue does (written from the venues' signing docs, independently of
//! the `auth` crate), and answers with each venue's own error shapes. [`Faults`] scripts what
//! goes wrong with a given request; every answer's `Date` follows the simulated clock.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sim = venue_sim::Sim::start().await?;
//! println!("Binance at {}", sim.url(venue_sim::Venue::BinanceUsdm));
//! sim.stop().await;
//! # Ok(()) }
//! ```

pub mod accounts;
mod book;
mod faults;
mod recorder;
mod seed;
mod server;
mod venues;
mod verify;
mod ws_control;

pub use book::{OrderBook, Stored};
pub use faults::{Fault, Faults};
pub use recorder::Recorder;
pub use server::{Recorded, Sim};
pub use ws_control::WsControl;

/// The venues the simulator answers for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Venue {
    BinanceUsdm,
    CoinwFutures,
    CoinwSpot,
    P99Spot,
}

impl Venue {
    pub const ALL: [Venue; 4] = [Venue::BinanceUsdm, Venue::CoinwFutures, Venue::CoinwSpot, Venue::P99Spot];

    /// The venue's name as the workspace spells it (`specs/<name>`, `crates/<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Venue::BinanceUsdm => "binance-usdm",
            Venue::CoinwFutures => "coinw-futures",
            Venue::CoinwSpot => "coinw-spot",
            Venue::P99Spot => "p99-spot",
        }
    }

    /// The path the venue's base URL ends in.
    fn base_path(self) -> &'static str {
        match self {
            Venue::P99Spot => "/api/v1",
            _ => "",
        }
    }
}
