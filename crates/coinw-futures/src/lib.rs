//! CoinW futures order queries.
//!
//! Everything under `generated` comes from `specs/coinw-futures/openapi.yaml`; the rest is the
//! thin hand-written front. CoinW answers every call with HTTP 200 and an envelope; a non-zero
//! `code` becomes an [`Error`], so callers only ever see orders or typed errors.
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

mod extras;
#[rustfmt::skip]
mod generated;
mod signing;

pub use extras::MAX_ORDER_IDS;
pub use generated::client::types::{FuturesOrder, OrderInformationEnvelope};
pub use generated::enums::*;
pub use generated::front::{Call, Client, OrderQuery};
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, Response, RetryPolicy, time};

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;
