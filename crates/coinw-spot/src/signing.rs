//! Signing, per attempt: `command` first (a constant of the spec), the caller's params, then
//! `api_key` and `sign` = MD5 over the sorted params, as the spec's `coinwSpotSigned` scheme
//! describes (`venue_auth::coinw_spot`). No timestamp.

use venue_auth::coinw_spot;
use venue_sdk_core::hook::{self, Injection};
use venue_sdk_core::{InjectedKind, Operation, Session};

pub(crate) fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let injection = Injection::for_attempt(session, op)?;
    // Constants (`command`) lead, as in the venue's own URLs; then the caller's, then api_key.
    let constants = op.injected.iter().filter(|i| matches!(i.kind, InjectedKind::Constant(_))).count();
    let (leading, rest) = injection.query.split_at(constants);
    let mut params: Vec<(String, String)> = leading.to_vec();
    params.extend(hook::query_pairs(request));
    params.extend(rest.iter().cloned());
    let signature = coinw_spot::sign(credentials, &params).map_err(|e| e.to_string())?;
    let name = op.injected(InjectedKind::Signature).map_or("sign", |i| i.name);
    params.push((name.to_string(), signature));
    // Form-encoded like any query; the venue decodes before it checks the MD5 of raw values.
    request.url_mut().query_pairs_mut().clear().extend_pairs(&params);
    Ok(())
}
