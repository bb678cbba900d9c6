//! Serving a scripted fault in the shape of the venue the request was for.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State as Axum};
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;
use serde_json::json;

use super::{json, venue_of};
use crate::seed::code;
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

fn rate_limited(venue: Venue) -> Response {
    match venue {
        Venue::BinanceUsdm => json(
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "code": -1003, "msg": "Too many requests; current limit of IP(127.0.0.1) is 2400 requests per minute." }).to_string(),
        ),
        // CoinW answers everything with HTTP 200 and a code in the envelope.
        Venue::CoinwFutures => {
            let code = code(venue, "rate-limited");
            json(StatusCode::OK, json!({ "code": code, "msg": "too many requests" }).to_string())
        }
        // CoinW spot sends its envelope codes as strings.
        Venue::CoinwSpot => {
            let code = code(venue, "rate-limited").to_string();
            json(StatusCode::OK, json!({ "code": code, "msg": "too many requests" }).to_string())
        }
        // Assumed: p99 documents no rate-limit answer; this is its error shape with HTTP 429.
        Venue::P99Spot => json(StatusCode::TOO_MANY_REQUESTS, json!({ "error": "RATE_LIMITED" }).to_string()),
    }
}

fn banned(venue: Venue) -> Response {
    match venue {
        Venue::BinanceUsdm => json(
            StatusCode::IM_A_TEAPOT,
            json!({ "code": -1003, "msg": "Way too many requests; IP(127.0.0.1) banned until 1900000000000." })
                .to_string(),
        ),
        _ => StatusCode::IM_A_TEAPOT.into_response(),
    }
}

fn timestamp_rejected(venue: Venue) -> Response {
    match venue {
        Venue::BinanceUsdm => json(
            StatusCode::BAD_REQUEST,
            json!({ "code": code(venue, "clock"), "msg": "Timestamp for this request is outside of the recvWindow." })
                .to_string(),
        ),
        Venue::P99Spot => StatusCode::UNAUTHORIZED.into_response(),
        // Assumed: CoinW documents no timestamp error; the simulator answers its auth code.
        Venue::CoinwFutures => json(StatusCode::OK, json!({ "code": 401, "msg": "timestamp expired" }).to_string()),
        Venue::CoinwSpot => json(StatusCode::OK, json!({ "code": "401", "msg": "timestamp expired" }).to_string()),
    }
}

/// The venue's error shape with the request quoted in the message: query and headers.
fn echo(venue: Venue, request: &Request) -> Response {
    let mut quoted = request.uri().query().unwrap_or("").to_string();
    for (name, value) in request.headers() {
        quoted.push_str(&format!(" {name}: {}", String::from_utf8_lossy(value.as_bytes())));
    }
    let body = match venue {
        Venue::BinanceUsdm => {
            json!({ "code": -1100, "msg": format!("Illegal characters found in a parameter: {quoted}") })
        }
        Venue::CoinwFutures => json!({ "code": 9999, "msg": format!("bad request {quoted}") }),
        Venue::CoinwSpot => json!({ "code": "9999", "msg": format!("bad request {quoted}") }),
        Venue::P99Spot => json!({ "error": format!("BAD_REQUEST {quoted}") }),
    };
    json(StatusCode::BAD_REQUEST, body.to_string())
}
