//! p99 spot order queries.
//!
//! Everything under `generated` comes from `specs/p99-spot/openapi.yaml`, the client and its
//! methods included; by hand is only how the signing rules are applied (`signing.rs`).
//! Authenticate with a bearer JWT ([`Credentials::bearer`]) or an API key ([`Credentials::hmac`]).
//!
//! ```no_run
//! # async fn demo() -> Result<(), p99_spot::Error> {
//! use p99_spot::{Client, Credentials, Uuid};
//! let client = Client::sepolia(Credentials::hmac("api-key", "secret"))?;
//! let id: Uuid = "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10".parse().expect("a UUID");
//! let order = client.query_order(&id).await?;
//! println!("{} {} {}/{:?}", order.id, order.status, order.filled_qty, order.quantity);
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;
mod signing;

/// Every generated type, the client, what their signatures name, and `operations` (the spec's
/// operations with their doc URLs, read dates, injected parameters and facts).
pub use generated::exports::*;

pub use uuid::Uuid;

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
