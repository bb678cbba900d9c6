//! CoinW spot order queries (the legacy private API, `command=returnOrderStatus`).
//!
//! Everything under `generated` comes from `specs/coinw-spot/openapi.yaml`, the client and its
//! methods included; by hand is only how the signing rule is applied (`signing.rs`). The caller
//! never passes `command`, `api_key` or `sign`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), coinw_spot::Error> {
//! use coinw_spot::{Client, Credentials};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let order = client.order_status("4624544807079846405").await?;
//! println!("{} {} {:?}", order.currency_pair, order.status, order.total);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;
mod signing;

/// Every generated type, the client, what their signatures name, and `operations` (the spec's
/// operations with their doc URLs, read dates, injected parameters and facts).
pub use generated::exports::*;

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
