#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The credentials are of a kind this venue rule cannot sign with.
    #[error("{rule} cannot sign with {given} credentials; use {expected}")]
    WrongCredentials { rule: &'static str, given: &'static str, expected: &'static str },
    /// A key could not be read. Never carries the key material.
    #[error("invalid {what}: {reason}")]
    InvalidKey { what: &'static str, reason: String },
}
