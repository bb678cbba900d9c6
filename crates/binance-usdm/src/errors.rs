//! What the venue's answers mean: codes from the `{code, msg}` body; without one, the status.

use reqwest::header::HeaderMap;
use sdk_core::codes::{class_of, status_class};
use sdk_core::{
    ClockSource, Error, ErrorClass, ErrorCode, Failure, RateLimitUsage, Session, SkewContext, VenueRules,
    binance_headers, retry_after,
};

use crate::BinanceError;
use crate::generated::client::Client;
use crate::generated::operations::ERROR_CODES;

/// The venue's default `recvWindow`.
const DEFAULT_WINDOW_MS: u64 = 5000;
/// The start of the 503 message that means "sent, but the outcome is unknown".
const UNKNOWN_OUTCOME: &str = "Unknown error";

/// The runtime's view of the venue, over the generated client.
pub(crate) struct Rules<'a>(pub &'a Client);

impl<'a> Rules<'a> {
    /// What the generated front calls: the rules read the venue's time through the client.
    pub(crate) fn new(client: &'a Client) -> Self {
        Rules(client)
    }
}

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

/// A `{code, msg}` error: HTTP's own statuses first (a ban, a rate limit, a fault on the venue's
/// side), then what the spec's `x-error-codes` says the code means.
pub(crate) fn from_code(status: u16, headers: &HeaderMap, code: i64, message: String, session: &Session) -> Error {
    let code = ErrorCode::Number(code);
    let class = status_class(status).or_else(|| class_of(ERROR_CODES, &code)).unwrap_or(ErrorClass::Refused);
    let skew = SkewContext {
        offset_ms: session.clock.offset_ms(),
        window_ms: Some(session.recv_window_ms.unwrap_or(DEFAULT_WINDOW_MS)),
        rejected_offset_ms: session.clock.rejected_offset_ms(),
    };
    class.error(status, code, message, retry_after(headers), skew)
}
