//! What the venue's answers mean: codes from the `{code, msg}` body; without one, the status.

use reqwest::header::HeaderMap;
use sdk_core::{Clock, Error, ErrorCode, Failure, retry_after};

use crate::BinanceError;

/// -1021: timestamp outside recvWindow (or more than 1 s ahead of the server).
const TIMESTAMP_OUTSIDE_WINDOW: i64 = -1021;
/// -1022: signature not valid; -2014 / -2015: API key format invalid / key, IP or permission rejected.
const AUTH_CODES: [i64; 3] = [-1022, -2014, -2015];
/// -2013: order does not exist.
const NO_SUCH_ORDER: i64 = -2013;

pub(crate) fn classify(failure: Result<Failure, Error>, clock: &Clock) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    if let Failure::Response { status, headers, body } = &failure
        && let Ok(e) = serde_json::from_slice::<BinanceError>(body)
    {
        return from_code(*status, headers, e.code, e.msg, clock);
    }
    failure.by_status()
}

pub(crate) fn from_code(status: u16, headers: &HeaderMap, code: i64, message: String, clock: &Clock) -> Error {
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
