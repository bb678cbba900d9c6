//! p99 errors: `{"error": "<CODE>"}` with 400/404/500; auth failures are 401 with an empty body,
//! which cannot say whether the key, the signature or the timestamp was wrong.

use sdk_core::codes::{class_of, status_class};
use sdk_core::{ClockSource, Error, ErrorClass, ErrorCode, Failure, SkewContext, VenueRules};

use crate::P99Error;
use crate::generated::operations::ERROR_CODES;

/// The runtime's view of the venue: no time endpoint, so the `Date` header; and a 401 that
/// may be a stale timestamp.
pub(crate) struct Rules;

impl Rules {
    /// What the generated front calls; this venue's rules need nothing from the client.
    pub(crate) fn new(_client: &crate::generated::client::Client) -> Self {
        Rules
    }
}

impl VenueRules for Rules {
    const NAME: &'static str = "p99-spot";
    const CLOCK: ClockSource = ClockSource::DateHeader;

    fn classify(&self, failure: Result<Failure, Error>) -> Error {
        classify(failure)
    }

    /// The empty 401 covers a bad key, a bad signature and a stale timestamp alike.
    fn clock_suspect(&self, error: &Error) -> bool {
        matches!(error, Error::Auth { status: 401, code: None, .. })
    }
}

pub(crate) fn classify(failure: Result<Failure, Error>) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    let status = failure.status();
    if matches!(failure, Failure::Response { status: 401, .. }) {
        return Error::Auth {
            status,
            code: None,
            message: "HTTP 401 with no body: bad JWT, bad signature, or a timestamp outside ±5000 ms".into(),
        };
    }
    if let Failure::Response { .. } = failure
        && let Ok(e) = serde_json::from_slice::<P99Error>(failure.body())
    {
        let code = ErrorCode::Text(e.error.clone());
        // What the spec's `x-error-codes` says the code means; else what the status says.
        let class = class_of(ERROR_CODES, &code).or_else(|| status_class(status)).unwrap_or(match status {
            403 => ErrorClass::Auth,
            404 => ErrorClass::NotFound,
            _ => ErrorClass::Refused,
        });
        return class.error(status, code, e.error, failure.retry_after(), SkewContext::default());
    }
    failure.by_status()
}
