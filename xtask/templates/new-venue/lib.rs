//! {{name}} order queries.
//!
//! Everything under `generated` comes from `specs/{{name}}/openapi.yaml`, the client and its
//! methods included; by hand is only how the signing rule is applied (`signing.rs`).

#[rustfmt::skip]
mod generated;
mod signing;

/// Every generated type, the client, and what their signatures name.
pub use generated::exports::*;

/// The spec's operations with their doc URLs, read dates and injected parameters.
pub mod operations {
    pub use crate::generated::operations::*;
}

#[cfg(feature = "replay")]
#[doc(hidden)]
pub use generated::replay;
