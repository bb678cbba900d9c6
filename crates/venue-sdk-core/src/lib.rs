//! The hand-written runtime every generated venue crate builds on.
//!
//! - [`Session`]: what a generated client's hooks sign with (credentials, clock, recvWindow).
//! - [`Runtime`]: how one call runs: attempts, retries ([`RetryPolicy`]), clock measurement,
//!   deadline and tracing span, ending in a [`Response`] with status, headers and rate limits.
//! - [`Operation`]: the generated per-operation table entry (provenance, injected parameters).
//! - [`time`]: milliseconds and seconds since the epoch as distinct types.
//! - [`Error`]: the error every venue crate returns, and [`Failure`], progenitor's error with the
//!   response read, which each venue classifies into an [`Error`].

#![warn(missing_docs)]

mod call;
pub mod codes;
pub mod decimal;
mod error;
pub mod facts;
mod failure;
pub mod hook;
mod operation;
mod rate_limit;
pub mod redact;
pub mod retry;
mod session;
pub mod time;
#[cfg(feature = "ws")]
pub mod ws;

pub use call::{CallOptions, ClockSource, Response, Runtime, VenueRules, call_span, http_date};
pub use codes::{CodeKey, ErrorClass, ErrorCodeRule, SkewContext};
pub use error::{Error, ErrorCode};
pub use failure::{Failure, failure, retry_after, snippet};
pub use operation::{ApiKeyPlacement, Injected, InjectedKind, Location, Operation, Refusal, WsClock, WsOperation};
pub use rate_limit::{IntervalUnit, RateInterval, RateLimitKind, RateLimitUsage};
pub use retry::RetryPolicy;
pub use session::{DEFAULT_MAX_RESPONSE_BYTES, Session};

/// Re-exported so venue crates and users name one version.
pub use venue_auth::{Clock, Credentials, ImplausibleTime};

mod config;
pub use config::{Built, Config, HttpOptions, Proxy};

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
