//! CoinW spot order queries (the legacy private API, `command=returnOrderStatus`).
//!
//! Everything under `generated` comes from `specs/coinw-spot/openapi.yaml`; the rest is the thin
//! hand-written front. The caller never passes `command`, `api_key` or `sign`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), coinw_spot::Error> {
//! use coinw_spot::{Client, Credentials};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let order = client.order_status("4624544807079846405").await?;
//! println!("{} {} {:?}", order.currency_pair, order.status, order.total);
//! # Ok(()) }
//! ```

#[rustfmt::skip]
mod generated;
mod signing;

pub use generated::client::types::{OrderStatusEnvelope, SpotOrderStatus};
pub use generated::enums::*;
pub use generated::front::{Call, Client};
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, Response, RetryPolicy, time};

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;
