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
//! println!("{} {} {}", order.symbol, order.algo_status, order.quantity);
//! # Ok(()) }
//! ```

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;
#[cfg(feature = "ws")]
pub mod ws;

pub use generated::client::types::{AlgoOrder, BinanceError, Order, ServerTime};
pub use generated::enums::*;
pub use generated::operations::{AlgoOrderRef, OrderRef};
#[cfg(feature = "ws")]
pub use ws::WsClient;
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, time};

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A Binance USDⓈ-M client. Cheap to clone; clones share the connection pool and the clock.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
}

impl Client {
    pub const PRODUCTION_URL: &'static str = "https://fapi.binance.com";
    pub const DEMO_URL: &'static str = "https://demo-fapi.binance.com";
    pub const TESTNET_URL: &'static str = "https://testnet.binancefuture.com";

    pub fn production(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::PRODUCTION_URL).credentials(credentials))
    }

    pub fn demo(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::DEMO_URL).credentials(credentials))
    }

    pub fn testnet(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::TESTNET_URL).credentials(credentials))
    }

    /// Any base URL (a proxy, the simulator), with every other setting in `config`.
    pub fn with_config(config: Config) -> Result<Self> {
        let (base_url, http, session) = config.build()?;
        Ok(Self { inner: generated::client::Client::new_with_client(&base_url, http, session) })
    }

    /// The clock requests are stamped with; see [`Client::sync_clock`].
    pub fn clock(&self) -> &Clock {
        &self.inner.inner.clock
    }

    /// Query Algo Order (`GET /fapi/v1/algoOrder`, signed, weight 1).
    pub async fn query_algo_order(&self, order: AlgoOrderRef) -> Result<AlgoOrder> {
        let (algo_id, client_algo_id) = order.to_params();
        match self.inner.query_algo_order(algo_id, client_algo_id).await {
            Ok(value) => Ok(value.into_inner()),
            Err(e) => Err(errors::classify(sdk_core::failure(e).await, self.clock())),
        }
    }

    /// Query Order (`GET /fapi/v1/order`, signed, weight 1).
    pub async fn query_order(&self, symbol: &str, order: OrderRef) -> Result<Order> {
        let (order_id, orig_client_order_id) = order.to_params();
        match self.inner.query_order(order_id, orig_client_order_id, symbol).await {
            Ok(value) => Ok(value.into_inner()),
            Err(e) => Err(errors::classify(sdk_core::failure(e).await, self.clock())),
        }
    }

    /// The venue's time (`GET /fapi/v1/time`, public).
    pub async fn server_time(&self) -> Result<time::UnixMillis> {
        match self.inner.server_time().await {
            Ok(value) => Ok(value.into_inner().server_time),
            Err(e) => Err(errors::classify(sdk_core::failure(e).await, self.clock())),
        }
    }

    /// Measures the offset between local time and the venue's, and stamps later requests with it.
    /// Returns the offset in milliseconds.
    pub async fn sync_clock(&self) -> Result<i64> {
        let sent = Clock::local_ms();
        let server = self.server_time().await?;
        let received = Clock::local_ms();
        self.clock().sync(server.get(), sent, received);
        Ok(self.clock().offset_ms())
    }
}
