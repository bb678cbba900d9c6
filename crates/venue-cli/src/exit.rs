//! Exit codes, one per class of failure, so a script can tell "not found" from "try later".

use std::process::ExitCode;

use binance_usdm::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Bad flags or arguments, missing keys: fix the command line.
    Usage,
    /// The venue refused the request (its code and message are printed).
    Refused,
    NotFound,
    /// The venue rejected the credentials or the request's timestamp.
    Auth,
    /// Rate limited or banned; the message says how long to wait when the venue does.
    RateLimited,
    /// The venue could not be reached, did not answer in time, or answered 5xx.
    Transport,
    /// The answer did not decode, or anything else.
    Other,
}

impl Class {
    /// In the order of their numbers.
    pub const ALL: [Class; 7] = [
        Class::Other,
        Class::Usage,
        Class::Refused,
        Class::NotFound,
        Class::Auth,
        Class::RateLimited,
        Class::Transport,
    ];

    pub fn number(self) -> u8 {
        match self {
            Class::Other => 1,
            Class::Usage => 2,
            Class::Refused => 3,
            Class::NotFound => 4,
            Class::Auth => 5,
            Class::RateLimited => 6,
            Class::Transport => 7,
        }
    }

    pub fn code(self) -> ExitCode {
        ExitCode::from(self.number())
    }

    fn meaning(self) -> &'static str {
        match self {
            Class::Refused => "the venue refused the request",
            Class::NotFound => "the venue does not know the order",
            Class::Auth => "the venue rejected the keys or the request's timestamp",
            Class::RateLimited => "rate limited or banned; wait before asking again",
            Class::Transport => "no answer: connection failed, timed out, or the venue answered 5xx",
            Class::Other => "the answer did not decode, or another failure",
            Class::Usage => "bad arguments or missing keys",
        }
    }

    /// The class of a venue crate's error (all four crates share `venue_sdk_core::Error`).
    pub fn of(error: &Error) -> Class {
        match error {
            Error::Venue { .. } => Class::Refused,
            Error::NotFound { .. } => Class::NotFound,
            Error::Auth { .. } | Error::ClockSkew { .. } => Class::Auth,
            Error::RateLimited { .. } | Error::Banned { .. } => Class::RateLimited,
            Error::Unavailable { .. }
            | Error::OutcomeUnknown { .. }
            | Error::Transport { .. }
            | Error::Connection { .. }
            | Error::TimedOut { .. }
            | Error::QueueFull { .. } => Class::Transport,
            Error::InvalidRequest { .. } => Class::Usage,
            _ => Class::Other,
        }
    }
}

/// The table `--help` ends with.
pub fn help() -> String {
    let mut text = String::from("Exit codes:\n  0  the answer was printed\n");
    for class in Class::ALL {
        text.push_str(&format!("  {}  {}\n", class.number(), class.meaning()));
    }
    text
}
