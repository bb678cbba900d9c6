//! CoinW answers errors inside an HTTP 200 envelope: `{code, msg | message}` with `code` != 0.

use sdk_core::codes::{class_of, status_class};
use sdk_core::{ClockSource, Error, ErrorClass, ErrorCode, Failure, SkewContext, VenueRules};

use crate::generated::operations::ERROR_CODES;
use crate::{FuturesOrder, OrderInformationEnvelope};

/// The runtime's view of the venue. It documents no time endpoint and no timestamp error, so
/// the clock comes from the `Date` header of the first answer.
pub(crate) struct Rules;

impl Rules {
    /// What the generated front calls; this venue's rules need nothing from the client.
    pub(crate) fn new(_client: &crate::generated::client::Client) -> Self {
        Rules
    }
}

impl VenueRules for Rules {
    const NAME: &'static str = "coinw-futures";
    const CLOCK: ClockSource = ClockSource::DateHeader;

    fn classify(&self, failure: Result<Failure, Error>) -> Error {
        classify(failure)
    }

    /// Assumed, failing safe: CoinW documents no answer to a stale timestamp, so an auth
    /// refusal may be one. The clock is measured again from that answer's `Date` and a safe
    /// operation is tried once more; a second refusal is returned as it came.
    fn clock_suspect(&self, error: &Error) -> bool {
        matches!(error, Error::Auth { .. })
    }
}

pub(crate) fn unwrap_envelope(envelope: OrderInformationEnvelope) -> Result<Vec<FuturesOrder>, Error> {
    if envelope.code == 0 {
        return Ok(envelope.data.unwrap_or_default());
    }
    let message = envelope.msg.filter(|m| !m.is_empty()).or(envelope.message).unwrap_or_default();
    Err(from_code(200, envelope.code, message, None))
}

/// HTTP's own statuses first (a ban, a rate limit, a server fault, whatever code the body
/// carries), then what the spec's `x-error-codes` says the envelope code means.
fn from_code(status: u16, code: i64, message: String, retry: Option<std::time::Duration>) -> Error {
    let code = ErrorCode::Number(code);
    let class = status_class(status).or_else(|| class_of(ERROR_CODES, &code)).unwrap_or(ErrorClass::Refused);
    class.error(status, code, message, retry, SkewContext::default())
}

/// The envelope's error part, read leniently: an error envelope may carry a `data` that is not
/// a list of orders, which fails the typed decode.
#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    /// A number or a string of digits, as the success envelope's (the spec's `int64-or-string`).
    #[serde(deserialize_with = "envelope_code")]
    code: i64,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

fn envelope_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    sdk_core::decimal::lenient_i64(d, "code")
}

pub(crate) fn classify(failure: Result<Failure, Error>) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    if let Ok(e) = serde_json::from_slice::<ErrorEnvelope>(failure.body())
        && e.code != 0
    {
        let message = e.msg.filter(|m| !m.is_empty()).or(e.message).unwrap_or_default();
        return from_code(failure.status(), e.code, message, failure.retry_after());
    }
    failure.by_status()
}
