//! Query strings percent-encoded the way the venues' own SDKs encode them before signing
//! (feature `query`, enabled by the venue rules that sign a query).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

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
