//! Request edits every venue's signing hook needs.

use std::cell::RefCell;
use std::future::Future;
use std::sync::LazyLock;

use http_body_util::BodyExt;
use reqwest::{Request, ResponseBuilderExt as _};

use crate::failure::TooLarge;
use crate::{InjectedKind, Location, Operation, Session};

/// What every venue's `ClientHooks::exec` does: send the request (redirects are not followed,
/// see `Config::build`) and hand back the answer with its body limited to the session's
/// `max_response_bytes`. The limit holds while reading: a longer body ends in
/// [`crate::Error::ResponseTooLarge`] after at most the limit and one network chunk are held.
pub async fn exec(client: &reqwest::Client, session: &Session, request: Request) -> reqwest::Result<reqwest::Response> {
    let response = client.execute(request).await?;
    Ok(limit_body(response, session.max_response_bytes))
}

/// `response` with a body that fails once more than `limit` bytes have come.
pub fn limit_body(response: reqwest::Response, limit: usize) -> reqwest::Response {
    let mut response: http::Response<reqwest::Body> = response.into();
    // The conversion back parses a placeholder URL for the answer unless one is attached; one
    // parsed once is attached instead (the request's own URL holds its signature).
    if let Some(carrier) =
        PLACEHOLDER_URL.as_ref().and_then(|url| http::Response::builder().url(url.clone()).body(()).ok())
    {
        response.extensions_mut().extend(carrier.into_parts().0.extensions);
    }
    reqwest::Response::from(response.map(|body| {
        let limited = http_body_util::Limited::new(body, limit).map_err(move |e| {
            if e.is::<http_body_util::LengthLimitError>() {
                Box::new(TooLarge { limit }) as Box<dyn std::error::Error + Send + Sync>
            } else {
                e
            }
        });
        // Only for a call that asked to keep the body (`CallOptions::keep_body`): a copy of
        // what passed the limit, so it is bounded by it too.
        if KEPT.try_with(|_| ()).is_ok() {
            reqwest::Body::wrap(limited.map_frame(|frame| {
                if let Some(data) = frame.data_ref() {
                    let _ = KEPT.try_with(|kept| kept.borrow_mut().extend_from_slice(data));
                }
                frame
            }))
        } else {
            reqwest::Body::wrap(limited)
        }
    }))
}

static PLACEHOLDER_URL: LazyLock<Option<reqwest::Url>> =
    LazyLock::new(|| reqwest::Url::parse("http://no.url.provided.local").ok());

tokio::task_local! {
    /// The body of the current attempt's answer, as read so far, when its call keeps it.
    static KEPT: RefCell<Vec<u8>>;
}

/// Runs one attempt and returns, with its output, the bytes of the answer's body it read
/// (those the decoder read, which is all of them once it has decoded).
pub(crate) async fn keeping_body<T>(attempt: impl Future<Output = T>) -> (T, bytes::Bytes) {
    KEPT.scope(RefCell::new(Vec::new()), async {
        let out = attempt.await;
        (out, KEPT.with(|kept| bytes::Bytes::from(kept.take())))
    })
    .await
}

/// progenitor sends `api-version: <info.version>` on every request; no venue asks for it.
pub fn strip_api_version(request: &mut Request) {
    request.headers_mut().remove("api-version");
}

/// The query as decoded `(name, value)` pairs, in order.
pub fn query_pairs(request: &Request) -> Vec<(String, String)> {
    request.url().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

/// Replaces the query with `query` exactly as given (already encoded); empty removes it.
pub fn set_raw_query(request: &mut Request, query: &str) {
    request.url_mut().set_query(if query.is_empty() { None } else { Some(query) });
}

/// The header the spec's security scheme puts the API key in (`in: header`, `name`), for
/// venues that send the key in a header; an error when the spec puts it anywhere else.
pub fn api_key_header(op: &Operation) -> Result<&'static str, String> {
    match op.api_keys.iter().find(|k| k.location == Location::Header) {
        Some(placement) => Ok(placement.name),
        None => Err(format!("`{}`: the spec's security scheme puts the API key in no header", op.id)),
    }
}

/// Sets a header; a value that is not a valid header value is an error naming the header only.
pub fn set_header(request: &mut Request, name: &'static str, value: &str) -> Result<(), String> {
    let value = reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| format!("the value for header `{name}` has characters a header cannot carry"))?;
    request.headers_mut().insert(name, value);
    Ok(())
}

/// The values an operation's injected parameters take for one attempt, split by where they go.
/// The signature is not among them: each venue computes it over what it signs.
#[derive(Debug, Default)]
pub struct Injection {
    /// The timestamp this attempt carries (venue time, milliseconds).
    pub timestamp_ms: i64,
    /// Injected query parameters, in the order they are sent.
    pub query: Vec<(String, String)>,
    /// Injected headers.
    pub headers: Vec<(&'static str, String)>,
}

impl Injection {
    /// Fresh values for one attempt: a new timestamp every time it is called.
    pub fn for_attempt(session: &Session, op: &Operation) -> Result<Self, String> {
        let mut out = Injection { timestamp_ms: session.clock.now_ms(), ..Default::default() };
        for injected in op.injected {
            let value = match injected.kind {
                InjectedKind::Timestamp => out.timestamp_ms.to_string(),
                InjectedKind::RecvWindow => match session.recv_window_ms {
                    Some(ms) => injected.checked(ms)?.to_string(),
                    None => continue,
                },
                InjectedKind::ApiKey => session
                    .credentials_for(op.id)?
                    .api_key()
                    .ok_or_else(|| format!("`{}` needs an API key; bearer tokens cannot sign it", op.id))?
                    .to_string(),
                InjectedKind::Constant(value) => value.to_string(),
                InjectedKind::Signature => continue,
            };
            match injected.location {
                Location::Query => out.query.push((injected.name.to_string(), value)),
                Location::Header => out.headers.push((injected.name, value)),
                Location::Params => {
                    return Err(format!("`{}`: a REST operation cannot inject into WebSocket params", op.id));
                }
            }
        }
        Ok(out)
    }
}

/// What a venue's `ClientHooks::pre` does before each attempt: strip progenitor's `api-version`
/// header, find the operation in the generated table, and, for a signed one, let the venue's
/// rule sign the request. A failure becomes progenitor's `Custom` error, which the venue crates
/// turn into [`crate::Error::InvalidRequest`].
// The error type is progenitor's, which the hook signature fixes. Never inlined: the
// instruction benchmarks count request preparation as what runs inside this function.
#[allow(clippy::result_large_err)]
#[inline(never)]
pub fn prepare<E>(
    session: &Session,
    table: &'static [Operation],
    request: &mut Request,
    operation_id: &str,
    sign: fn(&Session, &Operation, &mut Request) -> Result<(), String>,
) -> Result<(), progenitor_client::Error<E>> {
    strip_api_version(request);
    let op = Operation::find(table, operation_id).ok_or_else(|| {
        progenitor_client::Error::Custom(format!("operation `{operation_id}` is not in the generated table"))
    })?;
    refuse(op, request).map_err(progenitor_client::Error::Custom)?;
    if op.is_signed() {
        sign(session, op, request).map_err(progenitor_client::Error::Custom)?;
        remember_signatures(op, request);
    }
    Ok(())
}

/// The spec's `x-refuse` rules over the query and headers the caller's arguments became.
fn refuse(op: &Operation, request: &Request) -> Result<(), String> {
    if op.refusals.is_empty() {
        return Ok(());
    }
    for (name, value) in request.url().query_pairs() {
        op.refusals.iter().try_for_each(|r| r.check(&name, &value))?;
    }
    for (name, value) in request.headers() {
        let value = String::from_utf8_lossy(value.as_bytes());
        // Header names are case-insensitive.
        let rules = op.refusals.iter().filter(|r| r.param.eq_ignore_ascii_case(name.as_str()));
        rules.into_iter().try_for_each(|r| r.check(r.param, &value))?;
    }
    Ok(())
}

/// Tells the call runtime which signature values this attempt sent, wherever the spec puts
/// them, so that an answer quoting them back is cleaned before it reaches an error or a log.
fn remember_signatures(op: &Operation, request: &Request) {
    for injected in op.injected.iter().filter(|i| i.kind == InjectedKind::Signature) {
        match injected.location {
            Location::Query => {
                // As it went on the wire, and decoded: a base64 signature is percent-encoded
                // there (`%2F`, `%3D`), and an echo may quote either form. Only the signature's
                // own pair is decoded (the names the specs inject are plain ASCII).
                let raw = request.url().query().unwrap_or_default();
                for pair in raw.split('&').filter(|kv| kv.split_once('=').is_some_and(|(n, _)| n == injected.name)) {
                    let (_, wire) = pair.split_once('=').unwrap_or_default();
                    crate::redact::remember_sent(wire);
                    // Hex signatures have nothing to decode.
                    if !wire.contains(['%', '+']) {
                        continue;
                    }
                    for (_, decoded) in form_urlencoded::parse(pair.as_bytes()) {
                        if decoded != wire {
                            crate::redact::remember_sent(&decoded);
                        }
                    }
                }
            }
            Location::Header => {
                for value in request.headers().get_all(injected.name) {
                    if let Ok(value) = value.to_str() {
                        crate::redact::remember_sent(value);
                    }
                }
            }
            Location::Params => {}
        }
    }
}
