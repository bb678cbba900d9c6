use std::fmt;
use std::time::Duration;

use crate::redact::Redactor;

/// A venue's error code: Binance and CoinW use numbers, p99 uses words.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A numeric code, as most venues send.
    Number(i64),
    /// A text code.
    Text(String),
}

impl ErrorCode {
    fn cleaned(self, redactor: &Redactor) -> Self {
        match self {
            Self::Text(text) => Self::Text(redactor.text(&text)),
            number => number,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => n.fmt(f),
            Self::Text(t) => t.fmt(f),
        }
    }
}

/// Everything a venue call can end in besides success. Messages never hold a secret, a
/// signature or a signed URL.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The venue understood the request and refused it (a business error).
    #[error("the venue refused the request (HTTP {status}, code {code}): {message}")]
    Venue {
        /// The HTTP status.
        status: u16,
        /// The venue's error code.
        code: ErrorCode,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },

    /// The order does not exist (or, at p99, belongs to someone else).
    #[error("order not found (HTTP {status}, code {code}): {message}")]
    NotFound {
        /// The HTTP status.
        status: u16,
        /// The venue's error code.
        code: ErrorCode,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },

    /// The venue rejected the credentials or the signature.
    #[error("the venue rejected the credentials (HTTP {status}{}): {message}; check the API key, the secret and the key's permissions", code.as_ref().map(|c| format!(", code {c}")).unwrap_or_default())]
    Auth {
        /// The HTTP status.
        status: u16,
        /// The venue's error code, when the answer carries one.
        code: Option<ErrorCode>,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },

    /// Too many requests. Wait `retry_after` (when the venue says) before the next one.
    #[error("rate limited (HTTP {status}{}): {message}; {}", code.as_ref().map(|c| format!(", code {c}")).unwrap_or_default(), wait_hint(*retry_after))]
    RateLimited {
        /// The HTTP status.
        status: u16,
        /// The venue's error code, when the answer carries one.
        code: Option<ErrorCode>,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
        /// How long the venue asks to wait, when it says.
        retry_after: Option<Duration>,
    },

    /// The venue banned this IP (Binance HTTP 418) for ignoring rate limits.
    #[error("the venue banned this IP (HTTP {status}): {message}; {}", wait_hint(*retry_after))]
    Banned {
        /// The HTTP status.
        status: u16,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
        /// How long the venue asks to wait, when it says.
        retry_after: Option<Duration>,
    },

    /// The request timestamp was outside the venue's window, even after the client measured
    /// the venue's clock again (or the client was built not to measure it).
    #[error("the venue says the request timestamp is outside its window (code {code}{}): {message}; the client clock runs {offset_ms} ms from local time; {}", window_ms.map(|w| format!(", window {w} ms")).unwrap_or_default(), skew_hint(*rejected_offset_ms))]
    ClockSkew {
        /// The venue's error code.
        code: ErrorCode,
        /// What the venue says, cleaned of secrets.
        message: String,
        /// The offset from local time the request was stamped with, as last measured.
        offset_ms: i64,
        /// How far from the venue's time a timestamp may be, when the venue documents it.
        window_ms: Option<u64>,
        /// When the venue's own time looked wrong (before 2015, or more than a day from the
        /// local clock) and was not adopted: the offset it would have given.
        rejected_offset_ms: Option<i64>,
    },

    /// The venue is briefly unable to answer (HTTP 502/503/504, or a 5xx it documents as "try
    /// again"). Safe operations are retried before this is returned.
    #[error("the venue is temporarily unavailable (HTTP {status}): {message}; try again later")]
    Unavailable {
        /// The HTTP status.
        status: u16,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
        /// How long the venue asks to wait, when it says.
        retry_after: Option<Duration>,
    },

    /// The venue could not say whether it executed the request (Binance's HTTP 503 "Unknown
    /// error"). Never retried: look the result up before sending anything that changes state.
    #[error(
        "the venue does not know whether the request was executed (HTTP {status}): {message}; query the state before retrying"
    )]
    OutcomeUnknown {
        /// The HTTP status.
        status: u16,
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },

    /// The request did not complete: connection, TLS, timeout, or reading the body.
    #[error("transport failure{}: {source}", if *timeout { " (timed out)" } else { "" })]
    Transport {
        /// Whether the failure was a timeout.
        timeout: bool,
        /// The URL is stripped: a signed URL carries the signature.
        #[source]
        source: reqwest::Error,
    },

    /// The venue answered with a body that does not match the spec.
    #[error("the response (HTTP {status}) does not decode: {reason}; body starts with: {snippet}")]
    Decode {
        /// The HTTP status.
        status: u16,
        /// Why the body does not decode.
        reason: String,
        /// The body's start, cleaned of secrets.
        snippet: String,
    },

    /// The WebSocket connection failed or closed. A request already sent may or may not have
    /// been executed by the venue; the client reconnects by itself.
    #[error("WebSocket connection: {message}")]
    Connection {
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },

    /// No reply came within the request timeout. The venue may still execute the request; the
    /// connection stays usable for other requests.
    #[error("no reply within {} ms; the venue may still execute the request", after.as_millis())]
    TimedOut {
        /// The deadline that passed.
        after: Duration,
    },

    /// The venue (or something in front of it) answered with a redirect. Redirects are never
    /// followed, so no key or signature reaches another origin; `location` is the target's
    /// origin only (scheme, host, port), never its path or query.
    #[error("the venue answered HTTP {status} redirecting to {}; redirects are not followed, so nothing was sent there", location.as_deref().unwrap_or("(no usable Location)"))]
    Redirected {
        /// The redirect's HTTP status.
        status: u16,
        /// Where it pointed, without query (never followed).
        location: Option<String>,
    },

    /// The answer (a body or a WebSocket message) was longer than the client reads; reading
    /// stopped at the limit. Set the limit with `Config::max_response_bytes`.
    #[error("the answer is larger than the {limit}-byte limit; reading stopped there")]
    ResponseTooLarge {
        /// The most bytes read (`Config::max_response_bytes`).
        limit: usize,
    },

    /// Too many requests already wait for a WebSocket connection; this one was not sent.
    #[error("{limit} requests already wait for the WebSocket connection; this one was not sent")]
    QueueFull {
        /// How many requests may wait.
        limit: usize,
    },

    /// The call could not be made as asked (missing or unusable credentials, a bad argument).
    #[error("invalid request: {message}")]
    InvalidRequest {
        /// What the venue (or the SDK) says, cleaned of secrets.
        message: String,
    },
}

fn skew_hint(rejected_offset_ms: Option<i64>) -> String {
    match rejected_offset_ms {
        Some(offset) => format!(
            "the venue's own time read {offset} ms from local time, which looked wrong (more than a day, or before 2015), so it was not adopted; check the local clock and the venue's"
        ),
        None => "check the local clock or raise recvWindow".to_string(),
    }
}

fn wait_hint(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) => format!("retry after {} s", d.as_secs()),
        None => "back off before retrying".to_string(),
    }
}

impl Error {
    /// A [`Error::NotFound`] with the docs' not-found rule (the spec's `x-not-found`) joined to
    /// its message, so the caller reads why the venue may not have the order; others unchanged.
    pub fn explain_not_found(self, rule: Option<&str>) -> Error {
        match (self, rule) {
            (Self::NotFound { status, code, message }, Some(rule)) => {
                let message = format!("{}. The venue's docs: {rule}", message.trim_end().trim_end_matches('.'));
                Self::NotFound { status, code, message }
            }
            (other, _) => other,
        }
    }

    /// An equal error for another waiter of the same failure (a failed connect fails every
    /// request queued for it). A transport error, which cannot be cloned, keeps its message.
    pub fn duplicate(&self) -> Error {
        match self {
            Self::Venue { status, code, message } => {
                Self::Venue { status: *status, code: code.clone(), message: message.clone() }
            }
            Self::NotFound { status, code, message } => {
                Self::NotFound { status: *status, code: code.clone(), message: message.clone() }
            }
            Self::Auth { status, code, message } => {
                Self::Auth { status: *status, code: code.clone(), message: message.clone() }
            }
            Self::RateLimited { status, code, message, retry_after } => Self::RateLimited {
                status: *status,
                code: code.clone(),
                message: message.clone(),
                retry_after: *retry_after,
            },
            Self::Banned { status, message, retry_after } => {
                Self::Banned { status: *status, message: message.clone(), retry_after: *retry_after }
            }
            Self::ClockSkew { code, message, offset_ms, window_ms, rejected_offset_ms } => Self::ClockSkew {
                code: code.clone(),
                message: message.clone(),
                offset_ms: *offset_ms,
                window_ms: *window_ms,
                rejected_offset_ms: *rejected_offset_ms,
            },
            Self::Unavailable { status, message, retry_after } => {
                Self::Unavailable { status: *status, message: message.clone(), retry_after: *retry_after }
            }
            Self::OutcomeUnknown { status, message } => {
                Self::OutcomeUnknown { status: *status, message: message.clone() }
            }
            Self::Transport { .. } => Self::Connection { message: self.to_string() },
            Self::Decode { status, reason, snippet } => {
                Self::Decode { status: *status, reason: reason.clone(), snippet: snippet.clone() }
            }
            Self::Connection { message } => Self::Connection { message: message.clone() },
            Self::TimedOut { after } => Self::TimedOut { after: *after },
            Self::Redirected { status, location } => Self::Redirected { status: *status, location: location.clone() },
            Self::ResponseTooLarge { limit } => Self::ResponseTooLarge { limit: *limit },
            Self::QueueFull { limit } => Self::QueueFull { limit: *limit },
            Self::InvalidRequest { message } => Self::InvalidRequest { message: message.clone() },
        }
    }

    /// The same error with every text that may quote the venue cleaned of this call's secrets
    /// and cut to [`crate::redact::MAX_QUOTED`] bytes. The runtime applies it to every error it
    /// returns or logs.
    pub fn cleaned(self, redactor: &Redactor) -> Error {
        let t = |s: String| redactor.text(&s);
        match self {
            Self::Venue { status, code, message } => {
                Self::Venue { status, code: code.cleaned(redactor), message: t(message) }
            }
            Self::NotFound { status, code, message } => {
                Self::NotFound { status, code: code.cleaned(redactor), message: t(message) }
            }
            Self::Auth { status, code, message } => {
                Self::Auth { status, code: code.map(|c| c.cleaned(redactor)), message: t(message) }
            }
            Self::RateLimited { status, code, message, retry_after } => {
                Self::RateLimited { status, code: code.map(|c| c.cleaned(redactor)), message: t(message), retry_after }
            }
            Self::Banned { status, message, retry_after } => Self::Banned { status, message: t(message), retry_after },
            Self::ClockSkew { code, message, offset_ms, window_ms, rejected_offset_ms } => Self::ClockSkew {
                code: code.cleaned(redactor),
                message: t(message),
                offset_ms,
                window_ms,
                rejected_offset_ms,
            },
            Self::Unavailable { status, message, retry_after } => {
                Self::Unavailable { status, message: t(message), retry_after }
            }
            Self::OutcomeUnknown { status, message } => Self::OutcomeUnknown { status, message: t(message) },
            Self::Decode { status, reason, snippet } => Self::Decode { status, reason: t(reason), snippet: t(snippet) },
            Self::Connection { message } => Self::Connection { message: t(message) },
            Self::InvalidRequest { message } => Self::InvalidRequest { message: t(message) },
            Self::Redirected { status, location } => Self::Redirected { status, location: location.map(t) },
            done @ (Self::Transport { .. }
            | Self::TimedOut { .. }
            | Self::ResponseTooLarge { .. }
            | Self::QueueFull { .. }) => done,
        }
    }

    /// The wait the venue asked for, when it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. }
            | Self::Banned { retry_after, .. }
            | Self::Unavailable { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}
