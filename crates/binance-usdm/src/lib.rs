//! Binance USDⓈ-M futures order queries.
//!
//! Everything under `generated` comes from `specs/binance-usdm/openapi.yaml` (REST, [`Client`])
//! and `specs/binance-usdm/asyncapi.yaml` (WebSocket API, [`WsClient`], feature `ws`): the client,
//! a constructor per environment, a method per operation, and how the venue's answers read. By
//! hand: how the signing rule is applied (`signing.rs`), the WebSocket connection (`ws.rs`) and
//! compound calls (`extras.rs`). Both channels return one [`Order`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), binance_usdm::Error> {
//! use binance_usdm::{AlgoOrderRef, Client, Credentials};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let order = client.query_algo_order(AlgoOrderRef::AlgoId(2146760)).await?;
//! println!("{} {} {:?}", order.symbol, order.algo_status, order.quantity); // quantity: Option<Decimal>
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod extras;
#[rustfmt::skip]
mod generated;
mod signing;

/// Every generated type, the client, what their signatures name, and `operations` (the spec's
/// operations with their doc URLs, read dates, injected parameters and facts).
pub use generated::exports::*;
#[cfg(feature = "ws")]
pub mod ws;

#[cfg(feature = "ws")]
pub use ws::WsClient;

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
