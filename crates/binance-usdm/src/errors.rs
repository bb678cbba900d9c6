//! What the venue's answers mean: codes from the `{code, msg}` body; without one, the status.

use reqwest::header::HeaderMap;
use sdk_core::{
    ClockSource, Error, ErrorCode, Failure, RateLimitUsage, Session, VenueRules, binance_headers, retry_after,
};

use crate::BinanceError;
use crate::generated::client::Client;

/// -1021: timestamp outside recvWindow (or more than 1 s ahead of the server).
const TIMESTAMP_OUTSIDE_WINDOW: i64 = -1021;
/// -1022: signature not valid; -2014 / -2015: API key format invalid / key, IP or permission rejected.
const AUTH_CODES: [i64; 3] = [-1022, -2014, -2015];
/// -2013: order does not exist.
const NO_SUCH_ORDER: i64 = -2013;
/// The venue's default `recvWindow`.
const DEFAULT_WINDOW_MS: u64 = 5000;
/// The start of the 503 message that means "sent, but the outcome is unknown".
const UNKNOWN_OUTCOME: &str = "Unknown error";

/// The runtime's view of the venue, over the generated client.
pub(crate) struct Rules<'a>(pub &'a Client);

impl VenueRules for Rules<'_> {
    const NAME: &'static str = "binance-usdm";
    const CLOCK: ClockSource = ClockSource::ServerTime;

    fn classify(&self, failure: Result<Failure, Error>) -> Error {
        classify(failure, &self.0.inner)
    }

    async fn server_time(&self) -> Result<i64, Error> {
        match self.0.server_time().await {
            Ok(value) => Ok(value.into_inner().server_time.get()),
            Err(e) => Err(self.classify(sdk_core::failure(e).await)),
        }
    }

    fn rate_limits(&self, headers: &HeaderMap) -> Vec<RateLimitUsage> {
        binance_headers(headers)
    }
}

pub(crate) fn classify(failure: Result<Failure, Error>, session: &Session) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    // The docs' 503 "Unknown error, please check your request or try again later." may or may
    // not come in the JSON shape; the words decide.
    if failure.status() == 503 && String::from_utf8_lossy(failure.body()).contains(UNKNOWN_OUTCOME) {
        return Error::OutcomeUnknown { status: 503, message: sdk_core::snippet(failure.body()) };
    }
    if let Failure::Response { status, headers, body } = &failure
        && let Ok(e) = serde_json::from_slice::<BinanceError>(body)
    {
        return from_code(*status, headers, e.code, e.msg, session);
    }
    failure.by_status()
}

pub(crate) fn from_code(status: u16, headers: &HeaderMap, code: i64, message: String, session: &Session) -> Error {
    let error_code = ErrorCode::Number(code);
    match (status, code) {
        (418, _) => Error::Banned { status, message, retry_after: retry_after(headers) },
        (429, _) => Error::RateLimited { status, code: Some(error_code), message, retry_after: retry_after(headers) },
        // 5XX: a failure on the venue's side, not a judgement of the request.
        (500..=599, _) => {
            Error::Unavailable { status, message: format!("code {code}: {message}"), retry_after: retry_after(headers) }
        }
        (_, TIMESTAMP_OUTSIDE_WINDOW) => Error::ClockSkew {
            code: error_code,
            message,
            offset_ms: session.clock.offset_ms(),
            window_ms: Some(session.recv_window_ms.unwrap_or(DEFAULT_WINDOW_MS)),
            rejected_offset_ms: session.clock.rejected_offset_ms(),
        },
        (_, NO_SUCH_ORDER) => Error::NotFound { status, code: error_code, message },
        (_, c) if AUTH_CODES.contains(&c) => Error::Auth { status, code: Some(error_code), message },
        _ => Error::Venue { status, code: error_code, message },
    }
}
