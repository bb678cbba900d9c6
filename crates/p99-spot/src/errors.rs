//! p99 errors: `{"error": "<CODE>"}` with 400/404/500; auth failures are 401 with an empty body,
//! which cannot say whether the key, the signature or the timestamp was wrong.

use sdk_core::{Error, ErrorCode, Failure, retry_after};

use crate::P99Error;

pub(crate) fn classify(failure: Result<Failure<()>, Error>) -> Error {
    let failure = match failure {
        Ok(failure) => failure,
        Err(done) => return done,
    };
    match failure {
        Failure::Response { status, headers, body } => {
            let parsed = serde_json::from_slice::<P99Error>(&body).ok();
            let message = parsed.as_ref().map(|e| e.error.clone()).unwrap_or_else(|| sdk_core::snippet(&body));
            let code = || ErrorCode::Text(parsed.as_ref().map(|e| e.error.clone()).unwrap_or_default());
            match status {
                401 => Error::Auth {
                    status,
                    code: None,
                    message: "HTTP 401 with no body: bad JWT, bad signature, or a timestamp outside ±5000 ms".into(),
                },
                403 => Error::Auth { status, code: parsed.as_ref().map(|_| code()), message },
                404 => Error::NotFound { status, code: code(), message },
                429 => Error::RateLimited { status, code: parsed.as_ref().map(|_| code()), message, retry_after: retry_after(&headers) },
                _ if parsed.is_some() => Error::Venue { status, code: code(), message },
                _ => Error::decode(status, &body, "not the venue's {error} body"),
            }
        }
        Failure::Decode { status, body, error } => Error::decode(status, &body, error),
        Failure::Documented { status, .. } => Error::decode(status, b"", "undocumented error status"),
    }
}
