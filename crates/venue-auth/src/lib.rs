//! Credentials, a venue clock, and the signing rule of every venue in the workspace.
//!
//! Each venue module takes exactly the bytes that venue signs and returns the signature as the
//! venue wants it spelt. Nothing here builds or sends HTTP requests; the venue crates call these
//! from their request hooks, once per attempt.
//!
//! Secrets live in [`secrecy`] types: `Debug` on [`Credentials`] never shows them.

#![warn(missing_docs)]

//! Each venue's rule is behind a feature of its own name (`binance`, `coinw-futures`,
//! `coinw-spot`, `p99`; all on by default), so a venue crate compiles only the primitives its
//! venue signs with: it depends on this crate with `default-features = false` and its rule.

#[cfg(feature = "binance")]
pub mod binance;
mod clock;
#[cfg(feature = "coinw-futures")]
pub mod coinw_futures;
#[cfg(feature = "coinw-spot")]
pub mod coinw_spot;
mod credentials;
mod error;
mod hex;
#[cfg(feature = "hmac-sha256")]
mod mac;
#[cfg(feature = "p99")]
pub mod p99;
#[cfg(feature = "query")]
mod query;

/// Every signing rule this crate implements (each behind its venue's feature), by the name a spec's `x-signing` gives it. Codegen
/// refuses a spec that names any other, and every signing vector names one of these.
pub const RULES: &[&str] = &[
    // Query string as sent, HMAC-SHA256 hex, Ed25519 or RSA base64, `signature` last (`binance`).
    "binance-query",
    // WebSocket API params sorted by name, signed like the query (`binance::sorted_payload`).
    "binance-ws-params",
    // A WebSocket session logged on with Ed25519: requests carry no signature.
    "binance-ws-session",
    // timestamp + METHOD + path [+ ?query] [+ body], HMAC-SHA256 base64 (`coinw_futures`).
    "coinw-futures-hmac",
    // Sorted params with the secret appended, MD5, upper-case hex (`coinw_spot`).
    "coinw-spot-md5",
    // A bearer JWT in `Authorization` (`p99::authorization`).
    "p99-bearer",
    // HMAC-SHA256 hex of "timestamp=<ms>" (`p99::sign`).
    "p99-timestamp-hmac",
];

pub use clock::{Clock, EARLIEST_PLAUSIBLE_MS, ImplausibleTime, MAX_PLAUSIBLE_OFFSET_MS};
pub use credentials::Credentials;
pub use error::SignError;

// The README (shown on the registry and docs.rs), compiled as a doctest so its example stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
mod readme {}
