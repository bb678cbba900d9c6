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

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;
#[cfg(feature = "ws")]
pub mod ws;

use errors::Rules;
pub use generated::client::types::{AlgoOrder, BinanceError, Order, ServerTime};
pub use generated::enums::*;
pub use generated::operations::{AlgoOrderRef, OrderRef};
use sdk_core::{CallOptions, Runtime};
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

/// A Binance USDⓈ-M client. Cheap to clone; clones share the connection pool and the clock.
///
/// Every call retries what is safe to retry (see [`RetryPolicy`]), measures the venue's clock
/// before the first signed request and again after a `-1021`, and gives up at the client's
/// timeout. [`Client::call`] overrides those per call and returns the status, headers and
/// rate-limit usage with the value.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
    runtime: Runtime,
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
        let built = config.build()?;
        let inner = generated::client::Client::new_with_client(&built.base_url, built.http, built.session);
        Ok(Self { inner, runtime: built.runtime })
    }

    /// The clock requests are stamped with; see [`Client::sync_clock`].
    pub fn clock(&self) -> &Clock {
        self.runtime.clock()
    }

    /// One call with its own timeout or retry policy, answered with the status, headers and
    /// rate-limit usage as well as the value.
    pub fn call(&self) -> Call<'_> {
        Call { client: self, options: CallOptions::default() }
    }

    #[doc = include_str!("generated/query_algo_order.md")]
    pub async fn query_algo_order(&self, order: AlgoOrderRef) -> Result<AlgoOrder> {
        self.call().query_algo_order(order).await.map(Response::into_inner)
    }

    #[doc = include_str!("generated/query_order.md")]
    pub async fn query_order(&self, symbol: &str, order: OrderRef) -> Result<Order> {
        self.call().query_order(symbol, order).await.map(Response::into_inner)
    }

    #[doc = include_str!("generated/server_time.md")]
    pub async fn server_time(&self) -> Result<time::UnixMillis> {
        self.call().server_time().await.map(Response::into_inner)
    }

    /// Measures the offset between local time and the venue's now, and stamps later requests
    /// with it. Returns the offset in milliseconds. (Calls do this by themselves when needed.)
    /// A venue time before 2015 or more than a day from the local clock is not adopted: that
    /// is a `Decode` error, and the clock keeps its offset.
    pub async fn sync_clock(&self) -> Result<i64> {
        let sent = Clock::local_ms();
        let server = self.server_time().await?;
        let received = Clock::local_ms();
        self.clock().sync(server.get(), sent, received).map_err(|rejected| Error::Decode {
            status: 200,
            reason: format!(
                "the venue's time is {} ms from the local clock (more than a day, or before 2015); not adopted",
                rejected.offset_ms
            ),
            snippet: format!("serverTime {}", server.get()),
        })
    }
}

/// One call's settings; from [`Client::call`].
#[derive(Debug)]
#[must_use = "a call does nothing until one of its operations is awaited"]
pub struct Call<'a> {
    client: &'a Client,
    options: CallOptions,
}

impl Call<'_> {
    /// The longest this call may take, retries and waits included.
    pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// What this call retries; [`RetryPolicy::none`] for a single attempt.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.options = self.options.retry(retry);
        self
    }

    #[doc = include_str!("generated/query_algo_order.md")]
    pub async fn query_algo_order(self, order: AlgoOrderRef) -> Result<Response<AlgoOrder>> {
        let (algo_id, client_algo_id) = order.to_params();
        let Client { inner, runtime } = self.client;
        runtime
            .run(&Rules(inner), &operations::QUERY_ALGO_ORDER, &self.options, || {
                inner.query_algo_order(algo_id, client_algo_id)
            })
            .await
    }

    #[doc = include_str!("generated/query_order.md")]
    pub async fn query_order(self, symbol: &str, order: OrderRef) -> Result<Response<Order>> {
        let (order_id, orig_client_order_id) = order.to_params();
        let Client { inner, runtime } = self.client;
        runtime
            .run(&Rules(inner), &operations::QUERY_ORDER, &self.options, || {
                inner.query_order(order_id, orig_client_order_id, symbol)
            })
            .await
    }

    #[doc = include_str!("generated/server_time.md")]
    pub async fn server_time(self) -> Result<Response<time::UnixMillis>> {
        let Client { inner, runtime } = self.client;
        let response =
            runtime.run(&Rules(inner), &operations::SERVER_TIME, &self.options, || inner.server_time()).await?;
        Ok(response.map(|t| t.server_time))
    }
}
