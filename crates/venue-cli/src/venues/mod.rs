//! The hand-written half of each command: where its keys come from and which URL it asks. The
//! call itself, from flags to the venue crate's method, is generated (`commands.rs`, `run`).

mod binance_usdm;
mod coinw_futures;
mod coinw_spot;
mod p99_spot;

use serde::Serialize;
use serde_json::Value;

use crate::exit::Class;
use crate::generated::commands::VenueCommand;
use crate::keys::Missing;
use crate::target::Target;

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

/// `binance-usdm query_algo_order`: what failed, for the error line.
pub fn label(command: &VenueCommand) -> String {
    match command {
        VenueCommand::BinanceUsdm(op) => format!("binance-usdm {}", op.operation()),
        VenueCommand::CoinwFutures(op) => format!("coinw-futures {}", op.operation()),
        VenueCommand::CoinwSpot(op) => format!("coinw-spot {}", op.operation()),
        VenueCommand::P99Spot(op) => format!("p99-spot {}", op.operation()),
    }
}

pub async fn run(command: VenueCommand, target: &Target) -> Result<Value, Failure> {
    match command {
        VenueCommand::BinanceUsdm(op) => binance_usdm::run(op, target).await,
        VenueCommand::CoinwFutures(op) => coinw_futures::run(op, target).await,
        VenueCommand::CoinwSpot(op) => coinw_spot::run(op, target).await,
        VenueCommand::P99Spot(op) => p99_spot::run(op, target).await,
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
