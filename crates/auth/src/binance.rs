//! Binance USDⓈ-M: REST signs the query string as sent; the WebSocket API signs its params
//! sorted by name. HMAC keys give lowercase hex, Ed25519 and RSA keys base64.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::Signer;
use hmac::{Hmac, KeyInit, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use sha2::Sha256;

use crate::{Credentials, SignError};

/// Everything but RFC 3986 unreserved characters is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes one query value the way the venue's own SDKs do before signing.
pub fn encode_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// `k=v&k=v` in the given order, values percent-encoded: the REST payload, signed as sent.
pub fn encode_query<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode_value(k.as_ref()));
        out.push('=');
        out.push_str(&encode_value(v.as_ref()));
    }
    out
}

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
            Ok(crate::hex::lower(&hmac_sha256(secret, &[payload.as_bytes()])))
        }
        Credentials::Bearer { .. } => Err(SignError::WrongCredentials {
            rule: "Binance",
            given: "bearer token",
            expected: "HMAC, Ed25519 or RSA",
        }),
    }
}

/// HMAC-SHA256 over `parts` in order, as if joined: callers need not build the joined string.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}
