//! p99: a bearer JWT, or an API key with `signature = hex(HMAC-SHA256(secret, "timestamp=<ms>"))`.
//! The path is not signed.

use crate::{Credentials, SignError};

pub fn payload(timestamp_ms: i64) -> String {
    format!("timestamp={timestamp_ms}")
}

pub fn sign(credentials: &Credentials, timestamp_ms: i64) -> Result<String, SignError> {
    let secret = credentials.hmac_secret("p99")?;
    // The same bytes as `payload`, without building the string (this runs on every request).
    let mut digits = [0u8; 20];
    let digits = decimal(timestamp_ms, &mut digits);
    let sign: &[u8] = if timestamp_ms < 0 { b"-" } else { b"" };
    Ok(crate::hex::lower(&crate::binance::hmac_sha256(secret, &[b"timestamp=", sign, digits])))
}

/// The decimal digits of `n`'s magnitude, written into the end of `buf`.
fn decimal(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut value = n.unsigned_abs();
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    &buf[at..]
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
            let expected = crate::hex::lower(&crate::binance::hmac_sha256(b"secret", &[payload(ts).as_bytes()]));
            assert_eq!(sign(&credentials, ts).unwrap(), expected, "{ts}");
        }
    }
}
