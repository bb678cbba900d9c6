//! progenitor's error with everything read that a venue needs to classify it.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;

use crate::{Error, ErrorClass};

/// How a venue answered when a generated call failed, before the venue's rules say what it means.
#[derive(Debug)]
pub enum Failure {
    /// A non-2xx answer. Error statuses are not documented to progenitor (see the xtask), so
    /// every one arrives here with its raw body, whatever that body is.
    Response {
        /// The HTTP status.
        status: u16,
        /// The answer's headers.
        headers: HeaderMap,
        /// The body, read up to the size limit.
        body: Bytes,
    },
    /// A 2xx answer whose body did not decode as the spec's success type.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The body that did not decode.
        body: Bytes,
        /// Why it did not.
        error: serde_json::Error,
    },
}

/// Reads what is left of a progenitor error (an unexpected response's body). Failures that
/// involve no answer from the venue (the request could not be built or signed; connection,
/// TLS, timeout) are already final and come back as `Err`.
pub async fn failure<E>(err: progenitor_client::Error<E>) -> Result<Failure, Error> {
    use progenitor_client::Error as P;
    Ok(match err {
        P::InvalidRequest(message) | P::Custom(message) => return Err(Error::InvalidRequest { message }),
        P::CommunicationError(e) | P::InvalidUpgrade(e) | P::ResponseBodyError(e) => return Err(transport(e)),
        // Not produced while specs document no error bodies to progenitor; kept total regardless.
        P::ErrorResponse(value) => {
            Failure::Response { status: value.status().as_u16(), headers: value.headers().clone(), body: Bytes::new() }
        }
        // progenitor does not keep the status here; only 2xx bodies are decoded as the success type.
        P::InvalidResponsePayload(body, error) => Failure::Decode { status: 200, body, error },
        P::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                return Err(redirected(status, response.headers()));
            }
            let headers = response.headers().clone();
            match response.bytes().await {
                Ok(body) => Failure::Response { status, headers, body },
                Err(e) => return Err(transport(e)),
            }
        }
    })
}

impl Failure {
    /// The same failure with every secret in its body replaced (see [`crate::redact`]), so that
    /// nothing a venue classifier quotes from it can leak one.
    pub fn redacted(self, redactor: &crate::redact::Redactor) -> Failure {
        match self {
            Failure::Response { status, headers, body } => {
                Failure::Response { status, headers, body: redactor.bytes(body) }
            }
            Failure::Decode { status, body, error } => Failure::Decode { status, body: redactor.bytes(body), error },
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        match self {
            Failure::Response { status, .. } | Failure::Decode { status, .. } => *status,
        }
    }

    /// The body of the answer, as read.
    pub fn body(&self) -> &[u8] {
        match self {
            Failure::Response { body, .. } | Failure::Decode { body, .. } => body,
        }
    }

    /// The wait a `Retry-After` header asks for.
    pub fn retry_after(&self) -> Option<Duration> {
        self.headers().and_then(retry_after)
    }

    /// The answer's headers; `None` for a 2xx body that did not decode (progenitor keeps none).
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Failure::Response { headers, .. } => Some(headers),
            Failure::Decode { .. } => None,
        }
    }

    /// What an answer means when its body is not the venue's error shape: the status decides
    /// (a proxy's HTML page, an empty 429, a gateway's 502), and anything else is a body that
    /// does not decode.
    pub fn by_status(self) -> Error {
        let retry_after = self.retry_after();
        match self {
            Failure::Response { status, body, .. } => {
                let message = snippet(&body);
                // The statuses every venue reads alike (crate::codes::status_class), then HTTP's auth.
                match (crate::codes::status_class(status), status) {
                    (Some(ErrorClass::Banned), _) => Error::Banned { status, message, retry_after },
                    (Some(ErrorClass::RateLimited), _) => {
                        Error::RateLimited { status, code: None, message, retry_after }
                    }
                    (Some(_), _) => Error::Unavailable { status, message, retry_after },
                    (None, 401 | 403) => Error::Auth { status, code: None, message },
                    (None, _) => Error::decode(status, &body, "not the venue's error body"),
                }
            }
            Failure::Decode { status, body, error } => Error::decode(status, &body, error),
        }
    }
}

/// The URL is dropped: a signed URL carries the signature. A body cut at the size limit is
/// told apart from a failing connection (it is not worth retrying).
fn transport(e: reqwest::Error) -> Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(c) = cause {
        if let Some(too_large) = c.downcast_ref::<TooLarge>() {
            return Error::ResponseTooLarge { limit: too_large.limit };
        }
        cause = c.source();
    }
    let source = e.without_url();
    Error::Transport { timeout: source.is_timeout(), source }
}

/// A redirect, with the origin it points to and nothing more of its URL.
fn redirected(status: u16, headers: &HeaderMap) -> Error {
    let location = headers
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| reqwest::Url::parse(v).ok())
        .map(|url| url.origin().ascii_serialization())
        .filter(|origin| origin != "null");
    Error::Redirected { status, location }
}

/// The error a body read with [`crate::hook::exec`] ends in when it passes the limit.
#[derive(Debug)]
pub(crate) struct TooLarge {
    pub(crate) limit: usize,
}

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the body is larger than the {}-byte limit", self.limit)
    }
}

impl std::error::Error for TooLarge {}

impl Error {
    /// A body that does not decode, with a short printable snippet of it.
    /// The reason is kept to a bounded length: serde quotes the offending value in full.
    pub fn decode(status: u16, body: &[u8], reason: impl ToString) -> Self {
        let reason = crate::redact::cap(&reason.to_string(), crate::redact::MAX_UNCLEANED);
        Error::Decode { status, reason, snippet: snippet(body) }
    }
}

/// The first 120 characters of a body, control characters escaped, for error messages.
pub fn snippet(body: &[u8]) -> String {
    const MAX: usize = 120;
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if out.is_empty() { "(empty body)".to_string() } else { out }
}

/// `Retry-After` in seconds, when present and numeric.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_is_short_and_printable() {
        assert_eq!(snippet(b""), "(empty body)");
        assert_eq!(snippet(b"a\nb\x00"), "a\\nb\\u{0}");
        let long = "x".repeat(500);
        assert_eq!(snippet(long.as_bytes()).chars().count(), 121);
        assert_eq!(snippet(&[0xff, b'a']), "\u{fffd}a");
    }

    #[test]
    fn retry_after_reads_seconds_only() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), None);
        h.insert("retry-after", "120".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(120)));
        h.insert("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT".parse().unwrap());
        assert_eq!(retry_after(&h), None);
    }
}
