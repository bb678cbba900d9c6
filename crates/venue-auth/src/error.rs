/// Why a request could not be signed. Never carries key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The credentials are of a kind this venue rule cannot sign with.
    #[error("{rule} cannot sign with {given} credentials; use {expected}")]
    WrongCredentials {
        /// The venue rule asked to sign.
        rule: &'static str,
        /// The kind of credentials given.
        given: &'static str,
        /// The kinds the rule signs with.
        expected: &'static str,
    },
    /// A key could not be read. Never carries the key material.
    #[error("invalid {what}: {reason}")]
    InvalidKey {
        /// What was being read, e.g. `Ed25519 PKCS#8 PEM key`.
        what: &'static str,
        /// The parser's reason, naming the failing structure.
        reason: String,
    },
}
