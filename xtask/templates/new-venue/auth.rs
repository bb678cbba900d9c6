//! {{name}}: `signature = hex(HMAC-SHA256(secret, query))`, the query percent-encoded as sent,
//! without `signature`. TODO(new-venue): the rule as the venue's signing page states it.

use crate::{Credentials, SignError};

/// The bytes signed: the query string as it goes on the wire.
pub fn payload<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    crate::query::encode_query(params)
}

/// Signs [`payload`]'s string with an HMAC secret: lowercase hex of HMAC-SHA256.
pub fn sign(credentials: &Credentials, payload: &str) -> Result<String, SignError> {
    let secret = credentials.hmac_secret("{{name}}")?;
    Ok(crate::hex::lower(&crate::mac::hmac_sha256(secret, &[payload.as_bytes()])))
}
