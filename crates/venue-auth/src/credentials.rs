use std::fmt;

#[cfg(feature = "ed25519")]
use ed25519_dalek::SigningKey;
use secrecy::{ExposeSecret, SecretString};

use crate::SignError;

/// An API key and what proves it. `Debug` shows the kind and the API key's first characters only.
///
/// Key kinds come with the features of the venues that take them (`ed25519` with `binance`,
/// `rsa`), so the enum is `non_exhaustive`: a feature another crate turns on never breaks a match.
#[derive(Clone)]
#[non_exhaustive]
pub enum Credentials {
    /// API key with an HMAC secret (Binance, CoinW, p99 API keys).
    Hmac {
        /// The API key, sent with requests.
        api_key: String,
        /// The secret the signature is computed with; never sent.
        secret: SecretString,
    },
    /// API key with an Ed25519 private key (Binance; feature `ed25519`).
    #[cfg(feature = "ed25519")]
    Ed25519 {
        /// The API key, sent with requests.
        api_key: String,
        /// The private key; never sent.
        key: Box<SigningKey>,
    },
    /// API key with an RSA private key (Binance; feature `rsa`).
    #[cfg(feature = "rsa")]
    Rsa {
        /// The API key, sent with requests.
        api_key: String,
        /// The private key; never sent.
        key: Box<rsa::pkcs1v15::SigningKey<rsa::sha2::Sha256>>,
    },
    /// A bearer token (p99's JWT).
    Bearer {
        /// The token, sent as `Authorization: Bearer <token>`.
        token: SecretString,
    },
}

impl Credentials {
    /// An API key with its HMAC secret.
    pub fn hmac(api_key: impl Into<String>, secret: impl Into<String>) -> Self {
        Self::Hmac { api_key: api_key.into(), secret: SecretString::from(secret.into()) }
    }

    /// An Ed25519 key from its 32-byte seed.
    #[cfg(feature = "ed25519")]
    pub fn ed25519_from_seed(api_key: impl Into<String>, seed: [u8; 32]) -> Self {
        Self::Ed25519 { api_key: api_key.into(), key: Box::new(SigningKey::from_bytes(&seed)) }
    }

    /// An Ed25519 key from a PKCS#8 PEM file (`-----BEGIN PRIVATE KEY-----`), as Binance issues.
    #[cfg(feature = "pem")]
    pub fn ed25519_from_pem(api_key: impl Into<String>, pem: &str) -> Result<Self, SignError> {
        use ed25519_dalek::pkcs8::DecodePrivateKey;
        let key = SigningKey::from_pkcs8_pem(pem).map_err(|e| SignError::InvalidKey {
            what: "Ed25519 PKCS#8 PEM key",
            // The error names the failing structure, never the key bytes.
            reason: e.to_string(),
        })?;
        Ok(Self::Ed25519 { api_key: api_key.into(), key: Box::new(key) })
    }

    /// An RSA key from a PKCS#8 PEM file (`-----BEGIN PRIVATE KEY-----`), as Binance issues.
    #[cfg(feature = "rsa")]
    pub fn rsa_from_pem(api_key: impl Into<String>, pem: &str) -> Result<Self, SignError> {
        use rsa::pkcs8::DecodePrivateKey;
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
            .map_err(|e| SignError::InvalidKey { what: "RSA PKCS#8 PEM key", reason: e.to_string() })?;
        Ok(Self::Rsa { api_key: api_key.into(), key: Box::new(rsa::pkcs1v15::SigningKey::new(key)) })
    }

    /// A bearer token (p99's JWT).
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::Bearer { token: SecretString::from(token.into()) }
    }

    /// The API key sent with requests; `None` for bearer tokens.
    pub fn api_key(&self) -> Option<&str> {
        match self {
            Self::Hmac { api_key, .. } => Some(api_key),
            #[cfg(feature = "ed25519")]
            Self::Ed25519 { api_key, .. } => Some(api_key),
            #[cfg(feature = "rsa")]
            Self::Rsa { api_key, .. } => Some(api_key),
            Self::Bearer { .. } => None,
        }
    }

    /// The kind of key, for messages: `HMAC`, `Ed25519`, `RSA` or `bearer token`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Hmac { .. } => "HMAC",
            #[cfg(feature = "ed25519")]
            Self::Ed25519 { .. } => "Ed25519",
            #[cfg(feature = "rsa")]
            Self::Rsa { .. } => "RSA",
            Self::Bearer { .. } => "bearer token",
        }
    }

    #[cfg_attr(not(feature = "hmac-sha256"), allow(dead_code))]
    pub(crate) fn hmac_secret(&self, rule: &'static str) -> Result<&[u8], SignError> {
        match self {
            Self::Hmac { secret, .. } => Ok(secret.expose_secret().as_bytes()),
            other => Err(SignError::WrongCredentials { rule, given: other.kind(), expected: "HMAC" }),
        }
    }

    /// Calls `f` with every string of these credentials that travels in requests or could be
    /// echoed back (the API key, an HMAC secret, a bearer token), so that text quoted from a
    /// venue can be cleaned of them. Private keys never travel and are not offered.
    pub fn each_quotable_secret(&self, mut f: impl FnMut(&str)) {
        match self {
            Self::Hmac { api_key, secret } => {
                f(api_key);
                f(secret.expose_secret());
            }
            #[cfg(feature = "ed25519")]
            Self::Ed25519 { api_key, .. } => f(api_key),
            #[cfg(feature = "rsa")]
            Self::Rsa { api_key, .. } => f(api_key),
            Self::Bearer { token } => f(token.expose_secret()),
        }
    }

    #[cfg_attr(not(feature = "p99"), allow(dead_code))]
    pub(crate) fn bearer_token(&self) -> Option<&str> {
        match self {
            Self::Bearer { token } => Some(token.expose_secret()),
            _ => None,
        }
    }
}

/// Enough of a key to tell two apart in logs, never enough to use it.
fn key_hint(api_key: &str) -> String {
    let head: String = api_key.chars().take(4).collect();
    format!("{head}…")
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Hmac { api_key, .. } => f
                .debug_struct("Credentials::Hmac")
                .field("api_key", &key_hint(api_key))
                .field("secret", &"[redacted]")
                .finish(),
            #[cfg(feature = "ed25519")]
            Self::Ed25519 { api_key, .. } => f
                .debug_struct("Credentials::Ed25519")
                .field("api_key", &key_hint(api_key))
                .field("key", &"[redacted]")
                .finish(),
            #[cfg(feature = "rsa")]
            Self::Rsa { api_key, .. } => f
                .debug_struct("Credentials::Rsa")
                .field("api_key", &key_hint(api_key))
                .field("key", &"[redacted]")
                .finish(),
            Self::Bearer { .. } => f.debug_struct("Credentials::Bearer").field("token", &"[redacted]").finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let all = [
            Credentials::hmac("APIKEY-0123456789", "very-secret-value"),
            #[cfg(feature = "ed25519")]
            Credentials::ed25519_from_seed("APIKEY-0123456789", [7; 32]),
            Credentials::bearer("eyJhbGciOiJIUzI1NiJ9.secret-jwt"),
        ];
        for c in &all {
            let shown = format!("{c:?} {c:#?}");
            for secret in ["very-secret-value", "0123456789", "secret-jwt", "0707"] {
                assert!(!shown.contains(secret), "{shown}");
            }
            assert!(shown.contains("redacted"), "{shown}");
        }
    }

    #[cfg(feature = "pem")]
    #[test]
    fn bad_pem_is_an_error_without_the_input() {
        let err =
            Credentials::ed25519_from_pem("k", "-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----")
                .unwrap_err()
                .to_string();
        assert!(err.contains("Ed25519"), "{err}");
        assert!(!err.contains("not-a-key"), "{err}");
    }
}
