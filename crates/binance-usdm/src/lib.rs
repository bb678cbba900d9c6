//! Binance USDⓈ-M futures order queries.
//!
//! Everything under `generated` comes from `specs/binance-usdm/openapi.yaml` (REST, [`Client`])
//! and `specs/binance-usdm/asyncapi.yaml` (WebSocket API, [`WsClient`], feature `ws`); this file
//! and its siblings are the thin hand-written front: a constructor per environment, the hook that
//! signs each request, and the mapping of the venue's errors. Both channels return one [`Order`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), binance_usdm::Error> {
//! use binance_usdm::{AlgoOrderRef, Client, Credentials};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let order = client.query_algo_order(AlgoOrderRef::AlgoId(2146760)).await?;
//! println!("{} {} {:?}", order.symbol, order.algo_status, order.quantity); // quantity: Option<Decimal>
//! # Ok(()) }
//! ```

mod extras;
#[rustfmt::skip]
mod generated;
mod signing;
#[cfg(feature = "ws")]
pub mod ws;

pub use generated::client::types::{AlgoOrder, BinanceError, Order, ServerTime};
pub use generated::enums::*;
pub use generated::front::{Call, Client};
pub use generated::operations::{AlgoOrderRef, OrderRef};
pub use sdk_core::{
    Clock, Config, Credentials, Error, ErrorCode, IntervalUnit, RateInterval, RateLimitKind, RateLimitUsage, Response,
    RetryPolicy, time,
};
#[cfg(feature = "ws")]
pub use ws::WsClient;

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;
