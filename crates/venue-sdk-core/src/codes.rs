//! What a venue's error codes mean, as its spec's `x-error-codes` says (codegen writes the table
//! into each crate's `operations::ERROR_CODES`). The venue crates look codes up here instead of
//! typing them, so a code the spec changes changes the crate.

use std::time::Duration;

use crate::{Error, ErrorCode};

/// What an error code means to a caller: which [`Error`] it becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// [`Error::NotFound`].
    NotFound,
    /// [`Error::Auth`].
    Auth,
    /// A timestamp outside the venue's window: [`Error::ClockSkew`].
    Clock,
    /// [`Error::RateLimited`].
    RateLimited,
    /// [`Error::Banned`].
    Banned,
    /// [`Error::Unavailable`].
    Unavailable,
    /// [`Error::OutcomeUnknown`].
    OutcomeUnknown,
    /// [`Error::Venue`]: the venue refused the request; also every code the table does not list.
    Refused,
}

/// An error code as the spec writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKey {
    /// A numeric code (Binance's `-2013`, CoinW's `6003`).
    Number(i64),
    /// A text code.
    Text(&'static str),
}

/// One row of a spec's `x-error-codes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCodeRule {
    /// The code.
    pub code: CodeKey,
    /// What the code means to the SDK.
    pub class: ErrorClass,
    /// Where the meaning was read (a venue page), or why it was assumed.
    pub source: &'static str,
    /// The docs do not say so; the spec assumed it, failing safe, for the reason in `source`.
    pub assumed: bool,
}

/// What an HTTP status says by itself, before any code in the body: a ban (418), a rate limit
/// (429), a fault on the venue's side or a gateway's (5xx). The same for every venue.
pub fn status_class(status: u16) -> Option<ErrorClass> {
    match status {
        418 => Some(ErrorClass::Banned),
        429 => Some(ErrorClass::RateLimited),
        500..=599 => Some(ErrorClass::Unavailable),
        _ => None,
    }
}

/// The class the table gives `code`, if it lists it.
pub fn class_of(table: &[ErrorCodeRule], code: &ErrorCode) -> Option<ErrorClass> {
    table
        .iter()
        .find(|rule| match (rule.code, code) {
            (CodeKey::Number(a), ErrorCode::Number(b)) => a == *b,
            (CodeKey::Text(a), ErrorCode::Text(b)) => a == b,
            // A venue that sends numbers as strings ("29001"): the same code.
            (CodeKey::Number(a), ErrorCode::Text(b)) => b.trim().parse::<i64>().ok() == Some(a),
            (CodeKey::Text(_), ErrorCode::Number(_)) => false,
        })
        .map(|rule| rule.class)
}

/// What a [`ErrorClass::Clock`] error needs to say: the offset requests were stamped with, the
/// venue's window, and a measured venue time that was not adopted.
#[derive(Clone, Copy, Debug, Default)]
pub struct SkewContext {
    /// The clock offset the refused request was stamped with.
    pub offset_ms: i64,
    /// The `recvWindow` it was sent with, if any.
    pub window_ms: Option<u64>,
    /// A measured offset that was not adopted because it looked implausible.
    pub rejected_offset_ms: Option<i64>,
}

impl ErrorClass {
    /// The [`Error`] for a venue's answer of this class.
    pub fn error(
        self,
        status: u16,
        code: ErrorCode,
        message: String,
        retry_after: Option<Duration>,
        skew: SkewContext,
    ) -> Error {
        match self {
            Self::NotFound => Error::NotFound { status, code, message },
            Self::Auth => Error::Auth { status, code: Some(code), message },
            Self::Clock => Error::ClockSkew {
                code,
                message,
                offset_ms: skew.offset_ms,
                window_ms: skew.window_ms,
                rejected_offset_ms: skew.rejected_offset_ms,
            },
            Self::RateLimited => Error::RateLimited { status, code: Some(code), message, retry_after },
            Self::Banned => Error::Banned { status, message, retry_after },
            Self::Unavailable => Error::Unavailable { status, message: format!("code {code}: {message}"), retry_after },
            Self::OutcomeUnknown => Error::OutcomeUnknown { status, message },
            Self::Refused => Error::Venue { status, code, message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_found_by_value_and_numeric_strings_match_numbers() {
        let table = [
            ErrorCodeRule { code: CodeKey::Number(-2013), class: ErrorClass::NotFound, source: "", assumed: false },
            ErrorCodeRule { code: CodeKey::Number(29001), class: ErrorClass::RateLimited, source: "", assumed: false },
            ErrorCodeRule {
                code: CodeKey::Text("ORDER_NOT_FOUND"),
                class: ErrorClass::NotFound,
                source: "",
                assumed: false,
            },
        ];
        assert_eq!(class_of(&table, &ErrorCode::Number(-2013)), Some(ErrorClass::NotFound));
        assert_eq!(class_of(&table, &ErrorCode::Text("29001".into())), Some(ErrorClass::RateLimited));
        assert_eq!(class_of(&table, &ErrorCode::Text("ORDER_NOT_FOUND".into())), Some(ErrorClass::NotFound));
        assert_eq!(class_of(&table, &ErrorCode::Number(-1)), None);
        let skew = SkewContext { offset_ms: 5, window_ms: Some(5000), rejected_offset_ms: None };
        let error = ErrorClass::Clock.error(400, ErrorCode::Number(-1021), "late".into(), None, skew);
        assert!(matches!(error, Error::ClockSkew { offset_ms: 5, window_ms: Some(5000), .. }));
    }
}
