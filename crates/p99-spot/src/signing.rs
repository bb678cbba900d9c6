//! Authentication, per attempt: `Authorization: Bearer` for a JWT; otherwise the API key where the
//! spec's scheme puts it, and `timestamp` + `signature` (HMAC of `timestamp=<ms>`) in the query.
//! The path is not signed.

use venue_auth::p99;
use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    if let Some(authorization) = p99::authorization(credentials) {
        return hook::set_header(request, "Authorization", &authorization);
    }
    let api_key = credentials.api_key().ok_or("p99 needs an API key or a bearer token")?;
    let injection = Injection::for_attempt(session, op)?;
    let signature = p99::sign(credentials, injection.timestamp_ms).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("signature", |i| i.name);
    // Appended to the query progenitor built, form-encoded like it, without parsing it again.
    let mut query = request.url_mut().query_pairs_mut();
    for (key, value) in &injection.query {
        query.append_pair(key, value);
    }
    query.append_pair(name, &signature);
    drop(query);
    hook::set_header(request, hook::api_key_header(op)?, api_key)
}
