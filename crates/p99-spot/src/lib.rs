//! p99 spot order queries.
//!
//! Everything under `generated` comes from `specs/p99-spot/openapi.yaml`; the rest is the thin
//! hand-written front. Authenticate with a bearer JWT ([`Credentials::bearer`]) or an API key
//! ([`Credentials::hmac`]).
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

#[rustfmt::skip]
mod generated;
mod signing;

pub use generated::client::types::{P99Error, SpotOrder};
pub use generated::enums::*;
pub use generated::front::{Call, Client};
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, Response, RetryPolicy, time};
pub use uuid::Uuid;

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;
