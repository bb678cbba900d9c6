//! CoinW futures order queries.
//!
//! Everything under `generated` comes from `specs/coinw-futures/openapi.yaml`, the client and its
//! methods included; by hand are only how the signing rule is applied (`signing.rs`) and
//! [`Client::get_order`] (`extras.rs`). CoinW answers every call with HTTP 200 and an envelope; a
//! code other than the spec's success code becomes an [`Error`], so callers only ever see orders
//! or typed errors.
//!
//! ```no_run
//! # async fn demo() -> Result<(), coinw_futures::Error> {
//! use coinw_futures::{Client, Credentials, OrderQuery, PositionType};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let orders = client.get_order_information(&OrderQuery::new(PositionType::Plan).instrument("BTC")).await?;
//! for order in orders {
//!     println!("{} {} {:?}", order.id, order.order_status, order.quantity);
//! }
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

pub use extras::MAX_ORDER_IDS;

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
