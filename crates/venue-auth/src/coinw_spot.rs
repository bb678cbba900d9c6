//! CoinW spot (legacy private API): every param but `sign` and `command`, with `api_key`, sorted
//! by name, joined raw, then `&secret_key=<secret>`; `sign = UPPERCASE(hex(MD5(...)))`.

use md5::{Digest, Md5};
use secrecy::ExposeSecret;

use crate::{Credentials, SignError};

/// The string CoinW spot hashes, secret included: do not log it.
pub fn payload<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], api_key: &str, secret: &str) -> String {
    let pairs = sorted_pairs(params, api_key);
    let mut out = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    out.push_str("&secret_key=");
    out.push_str(secret);
    out
}

/// The signed params with `api_key`, sorted by name.
fn sorted_pairs<'a, K: AsRef<str>, V: AsRef<str>>(params: &'a [(K, V)], api_key: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(params.len() + 1);
    pairs.extend(
        params
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_ref()))
            .filter(|(k, _)| *k != "sign" && *k != "command" && *k != "api_key"),
    );
    pairs.push(("api_key", api_key));
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    pairs
}

/// Signs the request params (`api_key` is added from the credentials).
pub fn sign<K: AsRef<str>, V: AsRef<str>>(credentials: &Credentials, params: &[(K, V)]) -> Result<String, SignError> {
    let Credentials::Hmac { api_key, secret } = credentials else {
        return Err(SignError::WrongCredentials { rule: "CoinW spot", given: credentials.kind(), expected: "HMAC" });
    };
    // The bytes of `payload`, fed to MD5 as they come instead of joined into a string first
    // (this runs on every request, and the joined string would hold the secret).
    let pairs = sorted_pairs(params, api_key);
    let mut md5 = Md5::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            md5.update(b"&");
        }
        md5.update(k.as_bytes());
        md5.update(b"=");
        md5.update(v.as_bytes());
    }
    md5.update(b"&secret_key=");
    md5.update(secret.expose_secret().as_bytes());
    Ok(crate::hex::upper(&md5.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signing_streams_the_same_bytes_as_the_payload() {
        let credentials = Credentials::hmac("key", "secret");
        let cases: [&[(&str, &str)]; 3] = [
            &[],
            &[("orderNumber", "4624544807079846405")],
            &[("z", "1"), ("command", "returnOrderStatus"), ("a", "ü&="), ("sign", "x"), ("api_key", "other")],
        ];
        for params in cases {
            let expected =
                crate::hex::lower(&Md5::digest(payload(params, "key", "secret").as_bytes())).to_ascii_uppercase();
            assert_eq!(sign(&credentials, params).unwrap(), expected, "{params:?}");
        }
    }
}
