//! CoinW spot answers errors inside an HTTP 200 envelope whose `code` is "200" (string or number)
//! on success.

use sdk_core::codes::{class_of, status_class};
use sdk_core::{ClockSource, Error, ErrorClass, ErrorCode, Failure, SkewContext, VenueRules};

use crate::generated::operations::ERROR_CODES;
use crate::{EnvelopeCode, OrderStatusEnvelope, SpotOrderStatus};

/// The runtime's view of the venue, whose signing scheme has no timestamp.
pub(crate) struct Rules;

impl Rules {
    /// What the generated front calls; this venue's rules need nothing from the client.
    pub(crate) fn new(_client: &crate::generated::client::Client) -> Self {
        Rules
    }
}

impl VenueRules for Rules {
    const NAME: &'static str = "coinw-spot";
    const CLOCK: ClockSource = ClockSource::Unused;

    fn classify(&self, failure: Result<Failure, Error>) -> Error {
        classify(failure)
    }
}

const SUCCESS: i64 = 200;

pub(crate) fn unwrap_envelope(envelope: OrderStatusEnvelope) -> Result<SpotOrderStatus, Error> {
    if envelope.code.as_i64() != Some(SUCCESS) {
        return Err(from_code(200, &envelope.code, envelope.msg.unwrap_or_default(), None));
    }
    // The venue documents no not-found answer; a success envelope without an order is one.
    envelope.data.ok_or_else(|| Error::NotFound {
        status: 200,
        code: ErrorCode::Number(SUCCESS),
        message: "a success envelope with no order in it".into(),
    })
}

fn from_code(status: u16, code: &EnvelopeCode, message: String, retry: Option<std::time::Duration>) -> Error {
    let error_code = match code.as_i64() {
        Some(n) => ErrorCode::Number(n),
        None => ErrorCode::Text(code.to_string()),
    };
    // HTTP's own statuses first, then what the spec's `x-error-codes` says the code means.
    let class = status_class(status).or_else(|| class_of(ERROR_CODES, &error_code)).unwrap_or(ErrorClass::Refused);
    class.error(status, error_code, message, retry, SkewContext::default())
}

/// The envelope's error part, read leniently (an error's `data` need not be an order).
#[derive(serde::Deserialize)]
struct ErrorEnvelope {
    code: EnvelopeCode,
    #[serde(default)]
    msg: Option<String>,
}

pub(crate) fn classify(failure: Result<Failure, Error>) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    if let Ok(e) = serde_json::from_slice::<ErrorEnvelope>(failure.body())
        && e.code.as_i64() != Some(SUCCESS)
    {
        return from_code(failure.status(), &e.code, e.msg.unwrap_or_default(), failure.retry_after());
    }
    failure.by_status()
}
