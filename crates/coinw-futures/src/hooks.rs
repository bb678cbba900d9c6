//! Signing, per attempt: headers `api_key` and `timestamp` from the spec's injected parameters,
//! and `sign` over timestamp + METHOD + path + `?query` exactly as sent + body.

use auth::coinw_futures;
use progenitor_client::{ClientHooks, OperationInfo};
use sdk_core::hook::{self, Injection};
use sdk_core::{InjectedKind, Operation, Session};

use crate::generated::client::Client;
use crate::generated::operations;

impl ClientHooks<Session> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        hook::prepare(&self.inner, operations::ALL, request, info.operation_id, sign)
    }

    /// Sends without following redirects and reads the answer with the size limit.
    async fn exec(&self, request: reqwest::Request, _info: &OperationInfo) -> reqwest::Result<reqwest::Response> {
        hook::exec(&self.client, &self.inner, request).await
    }
}

fn sign(session: &Session, op: &Operation, request: &mut reqwest::Request) -> Result<(), String> {
    let credentials = session.credentials_for(op.id)?;
    let injection = Injection::for_attempt(session, op)?;
    for (name, value) in &injection.headers {
        hook::set_header(request, name, value)?;
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
