//! A simulator of the four venues' order-query endpoints on 127.0.0.1, and of Binance USDⓈ-M's
//! WebSocket API (`order.status` and the session methods) with scriptable faults.
//!
//! It serves orders from an [`OrderBook`] seeded with the examples embedded in `specs/`, checks
//! every request's authentication the way the venue does (written from the venues' signing docs, independently of
//! the `venue-auth` crate), and answers with each venue's own error shapes. [`Faults`] scripts what
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

#[rustfmt::skip]
mod generated {
    pub mod venues;
}

pub use generated::venues::Venue;
