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
    for (k, v) in params {
        push_pair(&mut out, k.as_ref(), v.as_ref());
    }
    out
}

/// Appends `k=v` to `query` (after a `&` unless it is empty), both percent-encoded as
/// [`encode_query`] encodes them, into the same buffer.
pub fn push_pair(query: &mut String, name: &str, value: &str) {
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, QUERY_VALUE));
    query.push('=');
    query.extend(utf8_percent_encode(value, QUERY_VALUE));
}

/// Appends a query that the `url` crate's form serializer wrote (as every request builder
/// built on `url` does, progenitor's among them), rewritten in one pass, without decoding it,
/// into exactly what [`encode_query`] gives for the same pairs: a `+` (a space) becomes `%20`,
/// `*` becomes `%2A` and `%7E` becomes `~`. Escapes stay as they are, upper-cased. Any other
/// byte the form serializer would not leave raw is escaped, and a `%` that starts no escape
/// becomes `%25`, so the result is in the venue's encoding whatever it is given.
pub fn push_form_query(query: &mut String, form: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = form.as_bytes();
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        at += 1;
        match byte {
            b'+' => query.push_str("%20"),
            b'%' => match (bytes.get(at), bytes.get(at + 1)) {
                (Some(&hi), Some(&lo)) if hi.is_ascii_hexdigit() && lo.is_ascii_hexdigit() => {
                    at += 2;
                    let (hi, lo) = (hi.to_ascii_uppercase(), lo.to_ascii_uppercase());
                    if (hi, lo) == (b'7', b'E') {
                        query.push('~');
                    } else {
                        query.extend(['%', char::from(hi), char::from(lo)]);
                    }
                }
                _ => query.push_str("%25"),
            },
            b'&' | b'=' | b'-' | b'.' | b'_' | b'~' => query.push(char::from(byte)),
            _ if byte.is_ascii_alphanumeric() => query.push(char::from(byte)),
            _ => query.extend(['%', char::from(HEX[usize::from(byte >> 4)]), char::from(HEX[usize::from(byte & 15)])]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reencoded(form: &str) -> String {
        let mut out = String::new();
        push_form_query(&mut out, form);
        out
    }

    #[test]
    fn form_escapes_become_the_venue_encoding() {
        assert_eq!(reencoded("a=x+y&b=1%2A2*3&c=%7e%7E&d=%c3%bc"), "a=x%20y&b=1%2A2%2A3&c=~~&d=%C3%BC");
    }

    #[test]
    fn bytes_no_form_serializer_leaves_raw_are_escaped() {
        assert_eq!(reencoded("a=%&b=%4&c=%zz&d=ü!"), "a=%25&b=%254&c=%25zz&d=%C3%BC%21");
        assert_eq!(reencoded(""), "");
    }

    #[test]
    fn pairs_are_appended_after_an_ampersand_only_when_something_is_there() {
        let mut query = String::new();
        push_pair(&mut query, "a b", "~*");
        push_pair(&mut query, "c", "");
        assert_eq!(query, "a%20b=~%2A&c=");
    }
}
