//! p99: a bearer JWT, or an API key with `signature = hex(HMAC-SHA256(secret, "timestamp=<ms>"))`.
//! The path is not signed.

use crate::{Credentials, SignError};

pub fn payload(timestamp_ms: i64) -> String {
    format!("timestamp={timestamp_ms}")
}

pub fn sign(credentials: &Credentials, timestamp_ms: i64) -> Result<String, SignError> {
    let secret = credentials.hmac_secret("p99")?;
    Ok(crate::hex::lower(&crate::binance::hmac_sha256(secret, payload(timestamp_ms).as_bytes())))
}

/// The `Authorization` header value for bearer credentials; `None` for API keys.
pub fn authorization(credentials: &Credentials) -> Option<String> {
    credentials.bearer_token().map(|t| format!("Bearer {t}"))
}
