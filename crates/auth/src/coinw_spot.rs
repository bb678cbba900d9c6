//! CoinW spot (legacy private API): every param but `sign` and `command`, with `api_key`, sorted
//! by name, joined raw, then `&secret_key=<secret>`; `sign = UPPERCASE(hex(MD5(...)))`.

use md5::{Digest, Md5};
use secrecy::ExposeSecret;

use crate::{Credentials, SignError};

/// The string CoinW spot hashes, secret included: do not log it.
pub fn payload<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], api_key: &str, secret: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .filter(|(k, _)| *k != "sign" && *k != "command" && *k != "api_key")
        .collect();
    pairs.push(("api_key", api_key));
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    out.push_str("&secret_key=");
    out.push_str(secret);
    out
}

/// Signs the request params (`api_key` is added from the credentials).
pub fn sign<K: AsRef<str>, V: AsRef<str>>(credentials: &Credentials, params: &[(K, V)]) -> Result<String, SignError> {
    let Credentials::Hmac { api_key, secret } = credentials else {
        return Err(SignError::WrongCredentials { rule: "CoinW spot", given: credentials.kind(), expected: "HMAC" });
    };
    let text = payload(params, api_key, secret.expose_secret());
    let digest = Md5::digest(text.as_bytes());
    Ok(crate::hex::lower(&digest).to_ascii_uppercase())
}
