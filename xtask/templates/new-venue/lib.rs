//! {{name}} order queries.
//!
//! Everything under `generated` comes from `specs/{{name}}/openapi.yaml`, the client and its
//! methods included; by hand is only how the signing rule is applied (`signing.rs`).

#[rustfmt::skip]
mod generated;
mod signing;

/// Every generated type, the client, what their signatures name, and `operations` (the spec's
/// operations with their doc URLs, read dates, injected parameters and facts).
pub use generated::exports::*;
