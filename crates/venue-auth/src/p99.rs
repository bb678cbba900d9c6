//! p99: a bearer JWT, or an API key with `signature = hex(HMAC-SHA256(secret, "timestamp=<ms>"))`.
//! The path is not signed.

use crate::{Credentials, SignError};

/// The string p99 signs: `timestamp=<ms>`.
pub fn payload(timestamp_ms: i64) -> String {
    format!("timestamp={timestamp_ms}")
}

/// The `signature` for an API key: lowercase hex of HMAC-SHA256 over [`payload`].
pub fn sign(credentials: &Credentials, timestamp_ms: i64) -> Result<String, SignError> {
    let secret = credentials.hmac_secret("p99")?;
    // The same bytes as `payload`, without building the string (this runs on every request).
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(timestamp_ms);
    Ok(crate::hex::lower(&crate::mac::hmac_sha256(secret, &[b"timestamp=", digits.as_bytes()])))
}

/// The `Authorization` header value for bearer credentials; `None` for API keys.
pub fn authorization(credentials: &Credentials) -> Option<String> {
    credentials.bearer_token().map(|t| format!("Bearer {t}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_streams_the_same_bytes_as_the_payload() {
        let credentials = Credentials::hmac("key", "secret");
        for ts in [0, 7, 1750514545091, -1, -1750514545091, i64::MAX, i64::MIN] {
            let expected = crate::hex::lower(&crate::mac::hmac_sha256(b"secret", &[payload(ts).as_bytes()]));
            assert_eq!(sign(&credentials, ts).unwrap(), expected, "{ts}");
        }
    }
}
