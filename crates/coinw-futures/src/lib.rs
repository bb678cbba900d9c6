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

mod errors;
#[rustfmt::skip]
mod generated;
mod hooks;

use errors::Rules;
pub use generated::client::types::{FuturesOrder, OrderInformationEnvelope};
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

/// The venue accepts at most this many order ids per query.
pub const MAX_ORDER_IDS: usize = 20;

/// What to ask `GET /v1/perpum/order` for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderQuery {
    pub position_type: PositionType,
    pub instrument: Option<String>,
    pub order_ids: Vec<i64>,
}

impl OrderQuery {
    pub fn new(position_type: PositionType) -> Self {
        Self { position_type, instrument: None, order_ids: Vec::new() }
    }

    /// Base currency, e.g. `BTC` (case-insensitive at the venue).
    pub fn instrument(mut self, instrument: impl Into<String>) -> Self {
        self.instrument = Some(instrument.into());
        self
    }

    /// Narrow to these order ids (at most [`MAX_ORDER_IDS`]).
    pub fn order_ids(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.order_ids = ids.into_iter().collect();
        self
    }
}

/// A CoinW futures client. Cheap to clone; clones share the connection pool and the clock.
///
/// Calls retry what is safe to retry (see [`RetryPolicy`]), including the envelope's rate-limit
/// code, and take the venue's clock from the `Date` header of its first answer. [`Client::call`]
/// overrides the timeout and retries per call and returns the status and headers too.
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

    pub fn clock(&self) -> &Clock {
        self.runtime.clock()
    }

    /// One call with its own timeout or retry policy, answered with the status and headers as
    /// well as the value.
    pub fn call(&self) -> Call<'_> {
        Call { client: self, options: CallOptions::default() }
    }

    #[doc = include_str!("generated/get_order_information.md")]
    pub async fn get_order_information(&self, query: &OrderQuery) -> Result<Vec<FuturesOrder>> {
        self.call().get_order_information(query).await.map(Response::into_inner)
    }

    /// One unfilled order by id; [`Error::NotFound`] when the venue does not return it.
    pub async fn get_order(&self, position_type: PositionType, order_id: i64) -> Result<FuturesOrder> {
        let orders = self.get_order_information(&OrderQuery::new(position_type).order_ids([order_id])).await?;
        let missing = || Error::NotFound {
            status: 200,
            code: ErrorCode::Number(0),
            message: format!("order {order_id} is not among the orders the venue returned"),
        };
        orders
            .into_iter()
            .find(|o| o.id == order_id)
            .ok_or_else(|| missing().explain_not_found(operations::GET_ORDER_INFORMATION.not_found))
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

    #[doc = include_str!("generated/get_order_information.md")]
    pub async fn get_order_information(self, query: &OrderQuery) -> Result<Response<Vec<FuturesOrder>>> {
        if query.order_ids.len() > MAX_ORDER_IDS {
            return Err(Error::InvalidRequest {
                message: format!(
                    "{} order ids given; the venue takes at most {MAX_ORDER_IDS} per query",
                    query.order_ids.len()
                ),
            });
        }
        let ids = (!query.order_ids.is_empty())
            .then(|| query.order_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let Client { inner, runtime } = self.client;
        let send = || inner.get_order_information(query.instrument.as_deref(), &query.position_type, ids.as_deref());
        runtime
            .run_checked(&Rules, &operations::GET_ORDER_INFORMATION, &self.options, send, errors::unwrap_envelope)
            .await
    }
}
