//! The hand-written half of each command: where its keys come from and which URL it asks. The
//! call itself, from flags to the venue crate's method, is generated (`commands.rs`, `run`).

pub(crate) mod binance_usdm;
pub(crate) mod coinw_futures;
pub(crate) mod coinw_spot;
pub(crate) mod p99_spot;

use serde::Serialize;
use serde_json::Value;

use crate::exit::Class;
use crate::keys::Missing;

/// Why a command printed no answer.
#[derive(Debug)]
pub enum Failure {
    /// An argument the venue crate rejects before sending, or missing keys.
    Usage(String),
    Venue(::binance_usdm::Error),
    /// The answer arrived but could not be printed.
    Output(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Usage(message) | Failure::Output(message) => f.write_str(message),
            Failure::Venue(error) => {
                write!(f, "{error}")?;
                // The causes say which: refused, DNS, certificate. None carries a URL: the
                // client dropped it at the top, and the causes below never had one.
                let mut cause = std::error::Error::source(error);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
        }
    }
}

impl Failure {
    pub fn class(&self) -> Class {
        match self {
            Failure::Usage(_) => Class::Usage,
            Failure::Venue(error) => Class::of(error),
            Failure::Output(_) => Class::Other,
        }
    }
}

impl From<::binance_usdm::Error> for Failure {
    fn from(error: ::binance_usdm::Error) -> Self {
        Failure::Venue(error)
    }
}

impl From<Missing> for Failure {
    fn from(missing: Missing) -> Self {
        Failure::Usage(missing.0)
    }
}

/// The answer as JSON; the generated types all serialize (decimals as exact strings).
pub(crate) fn json(value: &impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| Failure::Output(format!("could not print the answer as JSON: {e}")))
}

/// Exactly one of a one-of group; clap's argument group already enforces it, this keeps the
/// generated glue total anyway.
pub(crate) fn one_of<T, const N: usize>(values: [Option<T>; N], flags: &str) -> Result<T, Failure> {
    let mut given = values.into_iter().flatten();
    match (given.next(), given.next()) {
        (Some(value), None) => Ok(value),
        _ => Err(Failure::Usage(format!("give exactly one of {flags}"))),
    }
}
