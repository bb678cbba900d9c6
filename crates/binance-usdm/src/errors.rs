//! What the venue's answers mean: codes from the error body, rate limits and bans from the status.

use reqwest::header::HeaderMap;
use sdk_core::{Clock, Error, ErrorCode, Failure, retry_after};

use crate::BinanceError;

/// -1021: timestamp outside recvWindow (or more than 1 s ahead of the server).
const TIMESTAMP_OUTSIDE_WINDOW: i64 = -1021;
/// -1022: signature not valid; -2014 / -2015: API key format invalid / key, IP or permission rejected.
const AUTH_CODES: [i64; 3] = [-1022, -2014, -2015];
/// -2013: order does not exist.
const NO_SUCH_ORDER: i64 = -2013;

pub(crate) fn classify(failure: Result<Failure<()>, Error>, clock: &Clock) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    match failure {
        Failure::Response { status, headers, body } => match serde_json::from_slice::<BinanceError>(&body) {
            Ok(e) => from_code(status, &headers, e.code, e.msg, clock),
            Err(_) => from_status(status, &headers, &body),
        },
        Failure::Decode { status, body, error } => Error::decode(status, &body, error),
        // Error statuses are not documented to progenitor, so they all arrive as `Response`.
        Failure::Documented { status, headers, .. } => from_status(status, &headers, b""),
    }
}

fn from_code(status: u16, headers: &HeaderMap, code: i64, message: String, clock: &Clock) -> Error {
    let error_code = ErrorCode::Number(code);
    match (status, code) {
        (418, _) => Error::Banned { status, message, retry_after: retry_after(headers) },
        (429, _) => Error::RateLimited { status, code: Some(error_code), message, retry_after: retry_after(headers) },
        (_, TIMESTAMP_OUTSIDE_WINDOW) => Error::ClockSkew { code: error_code, message, offset_ms: clock.offset_ms() },
        (_, NO_SUCH_ORDER) => Error::NotFound { status, code: error_code, message },
        (_, c) if AUTH_CODES.contains(&c) => Error::Auth { status, code: Some(error_code), message },
        _ => Error::Venue { status, code: error_code, message },
    }
}

/// A non-2xx answer without the venue's error body (a proxy page, an empty 429).
fn from_status(status: u16, headers: &HeaderMap, body: &[u8]) -> Error {
    let message = sdk_core::snippet(body);
    match status {
        418 => Error::Banned { status, message, retry_after: retry_after(headers) },
        429 => Error::RateLimited { status, code: None, message, retry_after: retry_after(headers) },
        401 | 403 => Error::Auth { status, code: None, message },
        _ => Error::decode(status, body, "not the venue's {code, msg} error body"),
    }
}
