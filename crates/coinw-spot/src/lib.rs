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

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;

use errors::Rules;
pub use generated::client::types::{OrderStatusEnvelope, SpotOrderStatus};
pub use generated::enums::*;
use sdk_core::{CallOptions, Runtime};
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, Response, RetryPolicy, time};

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CoinW spot client. Cheap to clone; clones share the connection pool.
///
/// Calls retry what is safe to retry (see [`RetryPolicy`]), including the envelope's rate-limit
/// code. [`Client::call`] overrides the timeout and retries per call and returns the status and
/// headers too.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
    runtime: Runtime,
}

impl Client {
    pub const PRODUCTION_URL: &'static str = "https://api.coinw.com";

    pub fn production(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::PRODUCTION_URL).credentials(credentials))
    }

    /// Any base URL (a proxy, the simulator), with every other setting in `config`.
    pub fn with_config(config: Config) -> Result<Self> {
        let built = config.build()?;
        let inner = generated::client::Client::new_with_client(&built.base_url, built.http, built.session);
        Ok(Self { inner, runtime: built.runtime })
    }

    /// One call with its own timeout or retry policy, answered with the status and headers as
    /// well as the value.
    pub fn call(&self) -> Call<'_> {
        Call { client: self, options: CallOptions::default() }
    }

    #[doc = include_str!("generated/return_order_status.md")]
    pub async fn order_status(&self, order_number: &str) -> Result<SpotOrderStatus> {
        self.call().order_status(order_number).await.map(Response::into_inner)
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

    #[doc = include_str!("generated/return_order_status.md")]
    pub async fn order_status(self, order_number: &str) -> Result<Response<SpotOrderStatus>> {
        if order_number.is_empty() {
            return Err(Error::InvalidRequest { message: "the order number is empty".into() });
        }
        let Client { inner, runtime } = self.client;
        let check = |envelope| errors::unwrap_envelope(envelope, order_number);
        runtime
            .run_checked(
                &Rules,
                &operations::RETURN_ORDER_STATUS,
                &self.options,
                || inner.return_order_status(order_number),
                check,
            )
            .await
    }
}
