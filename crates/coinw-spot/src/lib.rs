//! CoinW spot order queries (the legacy private API, `command=returnOrderStatus`).
//!
//! Everything under `generated` comes from `specs/coinw-spot/openapi.yaml`; the rest is the thin
//! hand-written front. The caller never passes `command`, `api_key` or `sign`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), coinw_spot::Error> {
//! use coinw_spot::{Client, Credentials};
//! let client = Client::production(Credentials::hmac("api-key", "secret"))?;
//! let order = client.order_status("4612102733335378846").await?;
//! println!("{} {} {:?}", order.currency_pair, order.status, order.total);
//! # Ok(()) }
//! ```

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;

pub use generated::client::types::{OrderStatusEnvelope, SpotOrderStatus};
pub use generated::enums::*;
pub use sdk_core::{Clock, Config, Credentials, Error, ErrorCode, time};

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A CoinW spot client. Cheap to clone; clones share the connection pool.
#[derive(Clone, Debug)]
pub struct Client {
    inner: generated::client::Client,
}

impl Client {
    pub const PRODUCTION_URL: &'static str = "https://api.coinw.com";

    pub fn production(credentials: Credentials) -> Result<Self> {
        Self::with_config(Config::new(Self::PRODUCTION_URL).credentials(credentials))
    }

    /// Any base URL (a proxy, the simulator), with every other setting in `config`.
    pub fn with_config(config: Config) -> Result<Self> {
        let (base_url, http, session) = config.build()?;
        Ok(Self { inner: generated::client::Client::new_with_client(&base_url, http, session) })
    }

    /// Get Order Status (`POST /api/v1/private?command=returnOrderStatus`, signed).
    pub async fn order_status(&self, order_number: &str) -> Result<SpotOrderStatus> {
        if order_number.is_empty() {
            return Err(Error::InvalidRequest { message: "the order number is empty".into() });
        }
        match self.inner.return_order_status(order_number).await {
            Ok(value) => errors::unwrap_envelope(value.into_inner(), order_number),
            Err(e) => Err(errors::classify(sdk_core::failure(e).await)),
        }
    }
}
