//! Credentials, a venue clock, and the signing rule of every venue in the workspace.
//!
//! Each venue module takes exactly the bytes that venue signs and returns the signature as the
//! venue wants it spelt. Nothing here builds or sends HTTP requests; the venue crates call these
//! from their request hooks, once per attempt.
//!
//! Secrets live in [`secrecy`] types: `Debug` on [`Credentials`] never shows them.

pub mod binance;
mod clock;
pub mod coinw_futures;
pub mod coinw_spot;
mod credentials;
mod error;
mod hex;
pub mod p99;

pub use clock::{Clock, EARLIEST_PLAUSIBLE_MS, ImplausibleTime, MAX_PLAUSIBLE_OFFSET_MS};
pub use credentials::Credentials;
pub use error::SignError;
