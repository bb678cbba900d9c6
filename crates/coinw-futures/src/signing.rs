//! Signing, per attempt: headers `api_key` and `timestamp` from the spec's injected parameters,
//! and `sign` over timestamp + METHOD + path + `?query` exactly as sent + body.

use venue_auth::coinw_futures;
use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let injection = Injection::for_attempt(session, op)?;
    for (name, value) in &injection.headers {
        hook::set_header(request, name, value)?;
    }
    // CoinW does not say whether it checks the signature over the query as sent or as decoded.
    // Characters a query may carry raw (the comma joining several ids among them) go raw, as
    // the peer implementation sends them, so both readings are the same string. A value that
    // still needs percent-encoding would be read two ways: refused here, failing safe, rather
    // than sent with a signature that one of the readings rejects.
    if let Some(query) = request.url().query() {
        let raw = raw_where_legal(query);
        // Setting a query makes the URL parse it again: only when something was undone.
        if raw != query {
            hook::set_raw_query(request, &raw);
        }
        // What goes on the wire (the URL may encode again what it must), checked after the fact.
        // `+` is a space to a server that decodes forms, and a plus to one that does not.
        if request.url().query().is_some_and(|q| q.contains(['%', '+'])) {
            return Err("CoinW futures: a parameter value needs percent-encoding (a space, &, =, +, #, ' or \
                        a non-ASCII character), and CoinW does not document whether it verifies the \
                        signature over the encoded or the decoded query; not sent"
                .into());
        }
    }
    let body = match request.body() {
        None => "",
        Some(b) => b.as_bytes().and_then(|b| std::str::from_utf8(b).ok()).ok_or("CoinW signs text bodies only")?,
    };
    let payload = coinw_futures::payload(
        injection.timestamp_ms,
        request.method().as_str(),
        request.url().path(),
        request.url().query(),
        body,
    );
    let signature = coinw_futures::sign(credentials, &payload).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("sign", |i| i.name);
    hook::set_header(request, name, &signature)
}

/// `query` with the percent-escapes of characters RFC 3986 allows raw in a query, and that carry
/// no meaning in form encoding (`~` `,` `:` `@` `/` `?` `!` `$` `(` `)` `*` `;`), undone.
fn raw_where_legal(query: &str) -> String {
    // Not `'`: the URL encodes it again in http(s) queries.
    const LEGAL_RAW: [(&str, char); 12] = [
        ("%7E", '~'),
        ("%2C", ','),
        ("%3A", ':'),
        ("%40", '@'),
        ("%2F", '/'),
        ("%3F", '?'),
        ("%21", '!'),
        ("%24", '$'),
        ("%28", '('),
        ("%29", ')'),
        ("%2A", '*'),
        ("%3B", ';'),
    ];
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let escape = rest.get(at..at + 3).unwrap_or(&rest[at..]);
        match LEGAL_RAW.iter().find(|(e, _)| e.eq_ignore_ascii_case(escape)) {
            Some((_, c)) => out.push(*c),
            None => out.push_str(escape),
        }
        rest = &rest[at + escape.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_escapes_legal_raw_in_a_query_are_undone() {
        assert_eq!(super::raw_where_legal("sourceIds=1%2C2&x=a%3Ab"), "sourceIds=1,2&x=a:b");
        assert_eq!(super::raw_where_legal("x=a%20b%26c%252C"), "x=a%20b%26c%252C");
        assert_eq!(super::raw_where_legal("x=%2"), "x=%2");
    }
}
