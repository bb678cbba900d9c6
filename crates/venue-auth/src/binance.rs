//! Binance USDⓈ-M: REST signs the query string as sent; the WebSocket API signs its params
//! sorted by name. HMAC keys give lowercase hex, Ed25519 and RSA keys base64.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer;

use crate::{Credentials, SignError};

pub use crate::query::{encode_query, encode_value, push_form_query, push_pair};

/// The WebSocket API payload: every param but `signature`, sorted by name, raw values.
pub fn sorted_payload<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut pairs: Vec<(&str, &str)> =
        params.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).filter(|(k, _)| *k != "signature").collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Signs a payload: HMAC-SHA256 lowercase hex, or Ed25519 base64 (to be percent-encoded in a
/// query string, sent raw over the WebSocket API).
pub fn sign(credentials: &Credentials, payload: &str) -> Result<String, SignError> {
    match credentials {
        Credentials::Ed25519 { key, .. } => Ok(STANDARD.encode(key.sign(payload.as_bytes()).to_bytes())),
        #[cfg(feature = "rsa")]
        Credentials::Rsa { key, .. } => {
            use rsa::signature::{SignatureEncoding, Signer as _};
            Ok(STANDARD.encode(key.sign(payload.as_bytes()).to_bytes()))
        }
        Credentials::Hmac { .. } => {
            let secret = credentials.hmac_secret("Binance")?;
            Ok(crate::hex::lower(&crate::mac::hmac_sha256(secret, &[payload.as_bytes()])))
        }
        Credentials::Bearer { .. } => Err(SignError::WrongCredentials {
            rule: "Binance",
            given: "bearer token",
            expected: "HMAC, Ed25519 or RSA",
        }),
    }
}
