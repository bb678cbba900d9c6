//! Signing, per attempt: the query as progenitor built it plus the injected parameters,
//! percent-encoded once, signed, with `signature` appended last.

use venue_auth::binance;
use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let api_key = credentials.api_key().ok_or("Binance signs with an API key; bearer tokens do not apply")?;
    let injection = Injection::for_attempt(session, op)?;
    let mut params = hook::query_pairs(request);
    params.extend(injection.query);
    let payload = binance::encode_query(&params);
    let signature = binance::sign(credentials, &payload).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("signature", |i| i.name);
    let query = format!("{payload}&{name}={}", binance::encode_value(&signature));
    hook::set_raw_query(request, &query);
    hook::set_header(request, hook::api_key_header(op)?, api_key)
}
