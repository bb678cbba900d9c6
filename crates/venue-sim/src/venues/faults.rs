//! Serving a scripted fault in the shape of the venue the request was for.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as Axum};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;

use super::{json, venue_of};
use crate::seed::{code, error_answer, stale_timestamp_answer};
use crate::server::State;
use crate::{Fault, Venue};

pub(super) async fn serve(Axum(state): Axum<Arc<State>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let Some(venue) = venue_of(&path) else { return next.run(request).await };
    let Some(fault) = state.faults.take(&path) else { return next.run(request).await };
    match fault {
        Fault::Redirect { status, location } => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND);
            let mut response = status.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Fault::Raw { status, headers, body } => {
            let mut response = json(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), body);
            for (name, value) in headers {
                if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::from_str(&value)) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        Fault::Endless => {
            let chunk = Bytes::from(vec![b'x'; 64 * 1024]);
            let start =
                futures_util::stream::once(async { Ok::<_, std::io::Error>(Bytes::from_static(b"{\"pad\":\"")) });
            let rest = futures_util::stream::repeat_with(move || Ok(chunk.clone()));
            (StatusCode::OK, [("content-type", "application/json")], Body::from_stream(start.chain(rest)))
                .into_response()
        }
        Fault::Huge { status, bytes } => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let full = bytes / chunk.len() as u64;
            let tail = (bytes % chunk.len() as u64) as usize;
            let chunks = futures_util::stream::iter(
                (0..full)
                    .map(move |_| Ok::<_, std::io::Error>(chunk.clone()))
                    .chain(std::iter::once(Ok(Bytes::from(vec![b' '; tail])))),
            );
            let mut response = Response::new(Body::from_stream(chunks));
            *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(bytes));
            response
        }
        Fault::Echo => echo(venue, &request),
        Fault::Slow(delay) => {
            tokio::time::sleep(delay).await;
            next.run(request).await
        }
        Fault::Truncated => {
            let (mut parts, body) = next.run(request).await.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(body.slice(..body.len() / 2)))
        }
        Fault::Malformed => json(StatusCode::OK, r#"{"orderId": 12, "status" "NEW"}"#.to_string()),
        Fault::Reset => reset(),
        Fault::EmptyUnauthorized => StatusCode::UNAUTHORIZED.into_response(),
        Fault::Status { status, body } => {
            json(StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), body)
        }
        Fault::RateLimited { retry_after_s } => with_retry_after(rate_limited(venue), retry_after_s),
        Fault::Banned { retry_after_s } => with_retry_after(banned(venue), retry_after_s),
        Fault::TimestampRejected => timestamp_rejected(venue),
    }
}

/// A body that fails before its first byte: hyper drops the connection without an answer.
fn reset() -> Response {
    let failed = futures_util::stream::once(async {
        Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "fault: reset"))
    });
    Response::new(Body::from_stream(failed))
}

fn with_retry_after(mut response: Response, retry_after_s: Option<u64>) -> Response {
    if let Some(seconds) = retry_after_s {
        response.headers_mut().insert(header::RETRY_AFTER, seconds.into());
    }
    response
}

// The answers below are each venue's error shape, read from its spec (`seed::error_answer`): a
// venue added to `specs/` answers every fault without an edit here.

/// HTTP 429 with the venue's rate-limit code, if its spec lists one (an envelope venue: its
/// envelope, in HTTP 200).
fn rate_limited(venue: Venue) -> Response {
    error_answer(venue, StatusCode::TOO_MANY_REQUESTS, code(venue, "rate-limited"), "too many requests")
}

/// HTTP 418, the IP ban Binance documents, in the venue's error shape without a code.
fn banned(venue: Venue) -> Response {
    error_answer(venue, StatusCode::IM_A_TEAPOT, serde_json::Value::Null, "IP banned")
}

fn timestamp_rejected(venue: Venue) -> Response {
    stale_timestamp_answer(venue)
}

/// The venue's error shape with the request quoted in the message: query and headers.
fn echo(venue: Venue, request: &Request) -> Response {
    let mut quoted = request.uri().query().unwrap_or("").to_string();
    for (name, value) in request.headers() {
        quoted.push_str(&format!(" {name}: {}", String::from_utf8_lossy(value.as_bytes())));
    }
    error_answer(venue, StatusCode::BAD_REQUEST, serde_json::Value::Null, &format!("bad request {quoted}"))
}
