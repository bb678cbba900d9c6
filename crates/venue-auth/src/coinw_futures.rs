//! CoinW futures: headers `api_key`, `timestamp`, `sign`, where
//! `sign = base64(HMAC-SHA256(secret, timestamp + METHOD + path [+ "?" + query] [+ body]))`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::{Credentials, SignError};

/// The string CoinW signs: no separators, `?` only when there is a query, everything as sent.
pub fn payload(timestamp_ms: i64, method: &str, path: &str, query: Option<&str>, body: &str) -> String {
    let mut out = format!("{timestamp_ms}{}{path}", method.to_ascii_uppercase());
    if let Some(q) = query.filter(|q| !q.is_empty()) {
        out.push('?');
        out.push_str(q);
    }
    out.push_str(body);
    out
}

/// Signs [`payload`]'s string with an HMAC secret: base64 of HMAC-SHA256.
pub fn sign(credentials: &Credentials, payload: &str) -> Result<String, SignError> {
    let secret = credentials.hmac_secret("CoinW futures")?;
    Ok(STANDARD.encode(crate::mac::hmac_sha256(secret, &[payload.as_bytes()])))
}
