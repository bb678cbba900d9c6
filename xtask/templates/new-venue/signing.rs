//! Signing, per attempt: the query as progenitor built it plus the injected parameters,
//! percent-encoded once, signed by `venue_auth::{{snake}}`, the signature appended last; the API key
//! where the spec's scheme puts it. TODO(new-venue): follow the venue's signing page.

use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let api_key = credentials.api_key().ok_or("{{name}} signs with an API key and its secret")?;
    let injection = Injection::for_attempt(session, op)?;
    let mut params = hook::query_pairs(request);
    params.extend(injection.query);
    let payload = venue_auth::{{snake}}::payload(&params);
    let signature = venue_auth::{{snake}}::sign(credentials, &payload).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("signature", |i| i.name);
    hook::set_raw_query(request, &format!("{payload}&{name}={signature}"));
    hook::set_header(request, hook::api_key_header(op)?, api_key)
}
