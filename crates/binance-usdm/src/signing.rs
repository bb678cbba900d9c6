//! Signing, per attempt: the query as progenitor built it, rewritten into the venue's encoding,
//! then the injected parameters, all in one buffer that is signed as it will be sent, with
//! `signature` appended last.

use venue_auth::binance;
use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let api_key = credentials.api_key().ok_or("Binance signs with an API key; bearer tokens do not apply")?;
    let injection = Injection::for_attempt(session, op)?;
    let built = request.url().query().unwrap_or_default();
    // The signature (up to 88 base64 characters, escaped) fits without growing the buffer.
    let mut query = String::with_capacity(built.len() + 64 * injection.query.len() + 160);
    binance::push_form_query(&mut query, built);
    for (name, value) in &injection.query {
        binance::push_pair(&mut query, name, value);
    }
    let signature = binance::sign(credentials, &query).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("signature", |i| i.name);
    binance::push_pair(&mut query, name, &signature);
    // Setting a query makes the URL parse it again. When the query as built needed no rewriting
    // (the usual case), the other pairs are appended to it instead, and what that gives is
    // checked against what was signed; any difference sets the signed query after all.
    if query.starts_with(built) {
        let mut pairs = request.url_mut().query_pairs_mut();
        for (name, value) in &injection.query {
            pairs.append_pair(name, value);
        }
        pairs.append_pair(name, &signature);
        drop(pairs);
    }
    if request.url().query() != Some(query.as_str()) {
        hook::set_raw_query(request, &query);
    }
    hook::set_header(request, hook::api_key_header(op)?, api_key)
}
