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

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;

use errors::Rules;
pub use generated::client::types::{P99Error, SpotOrder};
pub use generated::enums::*;
use sdk_core::{CallOptions, Runtime};
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

/// A p99 spot client. Cheap to clone; clones share the connection pool and the clock.
///
/// Calls retry what is safe to retry (see [`RetryPolicy`]) and take the venue's clock from the
/// `Date` header of its first answer. The venue's empty 401 cannot say whether the timestamp
/// was the problem, so after one the clock is measured again from that answer and the call is
/// sent once more. [`Client::call`] overrides the timeout and retries per call and returns the
/// status and headers too.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
    runtime: Runtime,
}

impl Client {
    /// The test network, the only environment the venue documents.
    pub const SEPOLIA_URL: &'static str = "https://api-sepolia.p99.world/api/v1";

    pub fn sepolia(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::SEPOLIA_URL).credentials(credentials))
    }

    /// Any base URL (a proxy, the simulator), with every other setting in `config`.
    pub fn with_config(config: Config) -> Result<Self> {
        let built = config.build()?;
        let inner = generated::client::Client::new_with_client(&built.base_url, built.http, built.session);
        Ok(Self { inner, runtime: built.runtime })
    }

    pub fn clock(&self) -> &Clock {
        self.runtime.clock()
    }

    /// One call with its own timeout or retry policy, answered with the status and headers as
    /// well as the value.
    pub fn call(&self) -> Call<'_> {
        Call { client: self, options: CallOptions::default() }
    }

    #[doc = include_str!("generated/query_order.md")]
    pub async fn query_order(&self, id: &Uuid) -> Result<SpotOrder> {
        self.call().query_order(id).await.map(Response::into_inner)
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

    #[doc = include_str!("generated/query_order.md")]
    pub async fn query_order(self, id: &Uuid) -> Result<Response<SpotOrder>> {
        let Client { inner, runtime } = self.client;
        runtime.run(&Rules, &operations::QUERY_ORDER, &self.options, || inner.query_order(id)).await
    }
}
