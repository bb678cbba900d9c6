//! A venue's facts as its spec states them, and the one reading of venue answers built on them.
//!
//! Codegen writes each crate's `operations::FACTS` from the spec (`x-clock`, `x-error-body`,
//! `x-envelope`, `x-error-statuses`, `x-rate-limit-headers`, `x-error-codes`, the recvWindow's
//! `default`), and the crate's generated rules hand every failed answer to [`VenueFacts::classify`].
//! No venue crate types a code, a header name or a status: a change in the spec changes this data.

use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::codes::{class_of, status_class};
use crate::rate_limit::{RateInterval, RateLimitKind, RateLimitUsage};
use crate::{ClockSource, Error, ErrorClass, ErrorCode, ErrorCodeRule, Failure, Session, SkewContext};

/// Everything the runtime needs to know about a venue that is not per operation.
#[derive(Clone, Copy, Debug)]
pub struct VenueFacts {
    /// The venue's name as the workspace spells it (`specs/<name>`), for spans.
    pub name: &'static str,
    /// The spec's `x-clock`: where the venue's time comes from.
    pub clock: ClockSource,
    /// The spec's `x-clock.stale-timestamp`: which refusals may be a stale timestamp, worth one
    /// clock measurement and one more attempt ([`Error::ClockSkew`] always is).
    pub stale_timestamp: StaleTimestamp,
    /// The spec's `x-error-body`: the JSON object a non-2xx answer carries.
    pub error_body: Option<ErrorBody>,
    /// The spec's `x-envelope`: every answer is an envelope whose code says success or error.
    pub envelope: Option<Envelope>,
    /// The spec's `x-error-statuses`, in order.
    pub statuses: &'static [StatusRule],
    /// The spec's `x-rate-limit-headers`.
    pub rate_limit_headers: &'static [UsageHeader],
    /// The `default` of the operations' injected recvWindow: the venue's window when the
    /// client sets none.
    pub default_window_ms: Option<u64>,
    /// The spec's `x-error-codes`.
    pub error_codes: &'static [ErrorCodeRule],
}

/// Which refusals may mean a stale timestamp (the spec's `x-clock.stale-timestamp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaleTimestamp {
    /// Only the venue's clock error says so.
    ClockErrorOnly,
    /// An auth refusal that carries no code (p99's empty 401).
    AuthWithoutCode,
    /// Any auth refusal (CoinW documents no timestamp error).
    AnyAuth,
}

/// Where an error object keeps its code and its message.
#[derive(Clone, Copy, Debug)]
pub struct ErrorBody {
    /// The field holding the code.
    pub code: &'static str,
    /// The first of these that is a non-empty string is the message.
    pub message: &'static [&'static str],
}

/// An envelope: its code field, the codes that mean success, its payload and its message.
#[derive(Clone, Copy, Debug)]
pub struct Envelope {
    /// The field holding the code.
    pub code: &'static str,
    /// The codes that mean success.
    pub success: &'static [i64],
    /// The field holding the payload.
    pub data: &'static str,
    /// The fields that may hold the message; the first non-empty string wins.
    pub message: &'static [&'static str],
}

/// A status the spec gives a meaning by itself (`x-error-statuses`), optionally only for a body
/// that is empty or contains a text.
#[derive(Clone, Copy, Debug)]
pub struct StatusRule {
    /// The HTTP status.
    pub status: u16,
    /// Which bodies the rule applies to.
    pub body: BodyMatch,
    /// What the status means then.
    pub class: ErrorClass,
    /// What the error says; without one, the body's own words.
    pub message: Option<&'static str>,
}

/// Which bodies a [`StatusRule`] applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyMatch {
    /// Every body.
    Any,
    /// An empty body only.
    Empty,
    /// A body containing this text.
    Contains(&'static str),
}

/// A usage header family: `<prefix>` or `<prefix>-<interval>` with a count.
#[derive(Clone, Copy, Debug)]
pub struct UsageHeader {
    /// Lower case, as header names are compared.
    pub prefix: &'static str,
    /// What the family counts.
    pub kind: RateLimitKind,
}

impl BodyMatch {
    fn matches(self, body: &[u8]) -> bool {
        match self {
            Self::Any => true,
            Self::Empty => body.iter().all(u8::is_ascii_whitespace),
            Self::Contains(text) => String::from_utf8_lossy(body).contains(text),
        }
    }
}

impl VenueFacts {
    /// What a failed attempt means: a status rule that names its body (empty, or containing a
    /// text) first; then the code in the error object or envelope (HTTP's own statuses, then the
    /// spec's code table, then a status rule for any body); then the status alone.
    pub fn classify(&self, failure: Result<Failure, Error>, session: &Session) -> Error {
        let failure = match failure {
            Ok(failure) => failure,
            Err(done) => return done,
        };
        let (status, body) = (failure.status(), failure.body());
        let is_response = matches!(failure, Failure::Response { .. });
        if is_response
            && let Some(rule) =
                self.statuses.iter().find(|r| r.status == status && r.body != BodyMatch::Any && r.body.matches(body))
        {
            return self.by_rule(rule, status, None, body, failure.retry_after(), session);
        }
        if let Some((code, message)) = self.code_in(body) {
            return self.from_code(status, code, message, failure.retry_after(), session);
        }
        // A body that is not the venue's (a proxy's page) says nothing a status rule may read.
        failure.by_status()
    }

    /// The error a venue code means, HTTP's own statuses first.
    pub fn from_code(
        &self,
        status: u16,
        code: ErrorCode,
        message: String,
        retry_after: Option<Duration>,
        session: &Session,
    ) -> Error {
        self.code_error(status, code, message, retry_after, self.skew(session))
    }

    fn code_error(
        &self,
        status: u16,
        code: ErrorCode,
        message: String,
        retry_after: Option<Duration>,
        skew: SkewContext,
    ) -> Error {
        let class = status_class(status)
            .or_else(|| class_of(self.error_codes, &code))
            .or_else(|| self.statuses.iter().find(|r| r.status == status && r.body == BodyMatch::Any).map(|r| r.class))
            .unwrap_or(ErrorClass::Refused);
        class.error(status, code, message, retry_after, skew)
    }

    fn by_rule(
        &self,
        rule: &StatusRule,
        status: u16,
        code: Option<ErrorCode>,
        body: &[u8],
        retry_after: Option<Duration>,
        session: &Session,
    ) -> Error {
        let message = rule.message.map_or_else(|| crate::snippet(body), str::to_string);
        match (rule.class, code) {
            (ErrorClass::Auth, None) => Error::Auth { status, code: None, message },
            (ErrorClass::OutcomeUnknown, _) => Error::OutcomeUnknown { status, message },
            (class, code) => {
                let code = code.unwrap_or(ErrorCode::Number(i64::from(status)));
                class.error(status, code, message, retry_after, self.skew(session))
            }
        }
    }

    fn skew(&self, session: &Session) -> SkewContext {
        SkewContext {
            offset_ms: session.clock.offset_ms(),
            window_ms: session.recv_window_ms.or(self.default_window_ms),
            rejected_offset_ms: session.clock.rejected_offset_ms(),
        }
    }

    /// The error code and message of a JSON error object or an error envelope; `None` when the
    /// body is neither, or is an envelope that says success.
    fn code_in(&self, body: &[u8]) -> Option<(ErrorCode, String)> {
        let (code_field, messages, success): (&str, &[&str], &[i64]) = match (self.envelope, self.error_body) {
            (Some(e), _) => (e.code, e.message, e.success),
            (None, Some(b)) => (b.code, b.message, &[]),
            (None, None) => return None,
        };
        let value: serde_json::Value = serde_json::from_slice(body).ok()?;
        let code = match value.get(code_field)? {
            serde_json::Value::Number(n) => ErrorCode::Number(n.as_i64()?),
            serde_json::Value::String(s) => match s.trim().parse::<i64>() {
                Ok(n) if self.envelope.is_some() => ErrorCode::Number(n),
                _ => ErrorCode::Text(s.clone()),
            },
            _ => return None,
        };
        if matches!(code, ErrorCode::Number(n) if success.contains(&n)) {
            return None;
        }
        let message = messages
            .iter()
            .filter_map(|m| value.get(*m).and_then(serde_json::Value::as_str))
            .find(|m| !m.is_empty())
            .unwrap_or_default();
        Some((code, message.to_string()))
    }

    /// Whether `error` may be a rejected timestamp.
    pub fn clock_suspect(&self, error: &Error) -> bool {
        matches!(
            (self.stale_timestamp, error),
            (_, Error::ClockSkew { .. })
                | (StaleTimestamp::AnyAuth, Error::Auth { .. })
                | (StaleTimestamp::AuthWithoutCode, Error::Auth { code: None, .. })
        )
    }

    /// The usage the answer's headers report, per the spec's header families. A header whose
    /// name or value does not parse is skipped: usage is advice, not the answer.
    pub fn rate_limits(&self, headers: &HeaderMap) -> Vec<RateLimitUsage> {
        let mut out = Vec::new();
        if self.rate_limit_headers.is_empty() {
            return out;
        }
        for (name, value) in headers {
            let name = name.as_str();
            let Some((family, rest)) =
                self.rate_limit_headers.iter().find_map(|h| Some((h, name.strip_prefix(h.prefix)?)))
            else {
                continue;
            };
            let interval = match rest.strip_prefix('-') {
                Some(text) => match RateInterval::parse(text) {
                    Some(interval) => Some(interval),
                    None => continue,
                },
                None if rest.is_empty() => None,
                None => continue,
            };
            let Some(count) = value.to_str().ok().and_then(|v| v.trim().parse().ok()) else { continue };
            out.push(RateLimitUsage { kind: family.kind, interval, count });
        }
        out
    }

    /// The error for a success envelope whose code is not a success code.
    /// The generated unwrap has no session, so a clock-class code here reports no offset or window.
    pub fn envelope_error(&self, code: ErrorCode, message: String) -> Error {
        self.code_error(200, code, message, None, SkewContext::default())
    }
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;
    use crate::{CodeKey, ErrorCodeRule};

    const CODES: &[ErrorCodeRule] = &[
        ErrorCodeRule { code: CodeKey::Number(-2013), class: ErrorClass::NotFound, source: "", assumed: false },
        ErrorCodeRule { code: CodeKey::Number(-1021), class: ErrorClass::Clock, source: "", assumed: false },
        ErrorCodeRule { code: CodeKey::Number(29001), class: ErrorClass::RateLimited, source: "", assumed: false },
    ];

    fn facts(error_body: Option<ErrorBody>, envelope: Option<Envelope>) -> VenueFacts {
        VenueFacts {
            name: "test",
            clock: ClockSource::DateHeader,
            stale_timestamp: StaleTimestamp::AuthWithoutCode,
            error_body,
            envelope,
            statuses: &[
                StatusRule {
                    status: 503,
                    body: BodyMatch::Contains("Unknown error"),
                    class: ErrorClass::OutcomeUnknown,
                    message: None,
                },
                StatusRule { status: 401, body: BodyMatch::Empty, class: ErrorClass::Auth, message: Some("empty 401") },
                StatusRule { status: 404, body: BodyMatch::Any, class: ErrorClass::NotFound, message: None },
            ],
            rate_limit_headers: &[],
            default_window_ms: Some(5000),
            error_codes: CODES,
        }
    }

    fn answer(status: u16, body: &'static str) -> Result<Failure, Error> {
        Ok(Failure::Response { status, headers: HeaderMap::new(), body: Bytes::from_static(body.as_bytes()) })
    }

    /// Every rule of the reading, one row each: what the answer is, and what it becomes.
    #[test]
    #[allow(clippy::type_complexity)]
    fn answers_read_by_the_facts() {
        let body = facts(Some(ErrorBody { code: "code", message: &["msg"] }), None);
        let envelope =
            facts(None, Some(Envelope { code: "code", success: &[0], data: "data", message: &["msg", "message"] }));
        let session = Session::default();
        let cases: Vec<(&VenueFacts, u16, &str, fn(&Error) -> bool)> = vec![
            (&body, 400, r#"{"code":-2013,"msg":"Order does not exist."}"#, |e| matches!(e, Error::NotFound { .. })),
            (&body, 400, r#"{"code":-1021,"msg":"late"}"#, |e| {
                matches!(e, Error::ClockSkew { window_ms: Some(5000), .. })
            }),
            (&body, 400, r#"{"code":-1,"msg":"no"}"#, |e| matches!(e, Error::Venue { .. })),
            // HTTP's own statuses come before the code table.
            (&body, 429, r#"{"code":-2013,"msg":"slow"}"#, |e| matches!(e, Error::RateLimited { .. })),
            (&body, 503, "Unknown error, please check your request", |e| matches!(e, Error::OutcomeUnknown { .. })),
            (&body, 503, r#"{"code":-1,"msg":"busy"}"#, |e| matches!(e, Error::Unavailable { .. })),
            (&body, 401, "", |e| matches!(e, Error::Auth { code: None, message, .. } if message == "empty 401")),
            // A status rule for any body applies to a code the table does not list ...
            (&body, 404, r#"{"code":-9,"msg":"gone"}"#, |e| matches!(e, Error::NotFound { .. })),
            // ... but not to a body that is not the venue's (a proxy's page).
            (&body, 404, "<html>not here</html>", |e| matches!(e, Error::Decode { .. })),
            (&envelope, 200, r#"{"code":29001,"msg":"too many"}"#, |e| matches!(e, Error::RateLimited { .. })),
            (
                &envelope,
                200,
                r#"{"code":"29001","message":"too many"}"#,
                |e| matches!(e, Error::RateLimited { message, .. } if message == "too many"),
            ),
            // An envelope that says success is no error code at all.
            (&envelope, 500, r#"{"code":0}"#, |e| matches!(e, Error::Unavailable { .. })),
        ];
        for (facts, status, text, expected) in cases {
            let error = facts.classify(answer(status, text), &session);
            assert!(expected(&error), "{status} {text}: {error:?}");
        }
    }

    #[test]
    fn stale_timestamps_are_suspected_as_the_spec_says() {
        let f = facts(None, None);
        assert!(f.clock_suspect(&Error::Auth { status: 401, code: None, message: String::new() }));
        assert!(!f.clock_suspect(&Error::Auth {
            status: 401,
            code: Some(ErrorCode::Number(1)),
            message: String::new()
        }));
        let any = VenueFacts { stale_timestamp: StaleTimestamp::AnyAuth, ..f };
        assert!(any.clock_suspect(&Error::Auth {
            status: 401,
            code: Some(ErrorCode::Number(1)),
            message: String::new()
        }));
        let never = VenueFacts { stale_timestamp: StaleTimestamp::ClockErrorOnly, ..f };
        assert!(!never.clock_suspect(&Error::Auth { status: 401, code: None, message: String::new() }));
    }
}
