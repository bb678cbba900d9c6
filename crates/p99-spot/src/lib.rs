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

pub use generated::client::types::{P99Error, SpotOrder};
pub use generated::enums::*;
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, time};
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
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
}

impl Client {
    /// The test network, the only environment the venue documents.
    pub const SEPOLIA_URL: &'static str = "https://api-sepolia.p99.world/api/v1";

    pub fn sepolia(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::SEPOLIA_URL).credentials(credentials))
    }

    /// Any base URL (a proxy, the simulator), with every other setting in `config`.
    pub fn with_config(config: Config) -> Result<Self> {
        let (base_url, http, session) = config.build()?;
        Ok(Self { inner: generated::client::Client::new_with_client(&base_url, http, session) })
    }

    pub fn clock(&self) -> &Clock {
        &self.inner.inner.clock
    }

    /// Query Order (`GET /spot/orders/{id}`, JWT or API key).
    pub async fn query_order(&self, id: &Uuid) -> Result<SpotOrder> {
        match self.inner.query_order(id).await {
            Ok(value) => Ok(value.into_inner()),
            Err(e) => Err(errors::classify(sdk_core::failure(e).await)),
        }
    }
}
