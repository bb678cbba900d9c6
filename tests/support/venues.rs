//! Every venue, for the tests that hold for all of them: the generated harness
//! (`generated/venues.rs`, from `specs/`) and the few types it is written against.

#![allow(dead_code)]

use venue_sdk_core::{Credentials, Error};
use venue_sim::accounts::Account;

#[rustfmt::skip]
#[path = "generated/venues.rs"]
mod generated;
#[allow(unused_imports)]
pub use generated::{AnyClient, Decode, decoders, examples};

/// One REST operation of one venue, with the values to call it with.
#[derive(Clone, Debug)]
pub struct Example {
    pub venue: venue_sim::Venue,
    /// The spec's `operationId`.
    pub operation: &'static str,
    /// The path the simulator sees, with `{name}` for each path parameter.
    pub path_template: &'static str,
    /// Whether the venue wants it signed.
    pub signed: bool,
    /// Every parameter the caller supplies, in spec order.
    pub params: Vec<Param>,
}

/// A parameter the caller supplies, and its value in this example (`None`: not sent).
#[derive(Clone, Debug)]
pub struct Param {
    pub name: &'static str,
    /// `path`, `query` or `header`.
    pub location: &'static str,
    /// Free text (not a number, an enum or a UUID): any string may go here.
    pub text: bool,
    /// The one-of group it belongs to: exactly one member has a value.
    pub group: Option<&'static str>,
    pub value: Option<String>,
}

impl Example {
    /// The request path with the example's path parameters, as the simulator keys its faults.
    pub fn path(&self) -> String {
        let mut path = self.path_template.to_string();
        for param in self.params.iter().filter(|p| p.location == "path") {
            path = path.replace(&format!("{{{}}}", param.name), param.value.as_deref().unwrap_or_default());
        }
        path
    }

    /// The same call with `text` in parameter `name` (and, for a one-of member, the group's
    /// other members cleared).
    pub fn with_text(&self, name: &str, text: &str) -> Example {
        let mut example = self.clone();
        let group = example.params.iter().find(|p| p.name == name).and_then(|p| p.group);
        for param in &mut example.params {
            if param.name == name {
                param.value = Some(text.to_string());
            } else if group.is_some() && param.group == group {
                param.value = None;
            }
        }
        example
    }

    /// The free-text parameters, each with the examples that set it.
    pub fn text_params(&self) -> Vec<&'static str> {
        self.params.iter().filter(|p| p.text).map(|p| p.name).collect()
    }

    /// A parameter's value as the harness binds it (the command line's flag types).
    pub(crate) fn value<T: FromExample>(&self, name: &str) -> Result<T, Failure> {
        let value = self.params.iter().find(|p| p.name == name).and_then(|p| p.value.as_deref());
        T::from_example(name, value)
    }
}

/// A value the generated harness could not bind; it becomes `Error::InvalidRequest`.
pub enum Failure {
    Usage(String),
}

impl From<Failure> for Error {
    fn from(Failure::Usage(message): Failure) -> Self {
        Error::InvalidRequest { message }
    }
}

/// Exactly one member of a one-of group has a value.
pub(crate) fn one_of<T, const N: usize>(members: [Option<T>; N], names: &str) -> Result<T, Failure> {
    let mut given = members.into_iter().flatten();
    match (given.next(), given.next()) {
        (Some(value), None) => Ok(value),
        _ => Err(Failure::Usage(format!("give exactly one of {names}"))),
    }
}

/// The flag types the harness binds values as.
pub(crate) trait FromExample: Sized {
    fn from_example(name: &str, value: Option<&str>) -> Result<Self, Failure>;
}

fn parse_i64(name: &str, value: &str) -> Result<i64, Failure> {
    value.parse().map_err(|_| Failure::Usage(format!("{name}: {value:?} is not an integer")))
}

impl FromExample for String {
    fn from_example(name: &str, value: Option<&str>) -> Result<Self, Failure> {
        value.map(str::to_string).ok_or_else(|| Failure::Usage(format!("{name} has no value")))
    }
}

impl FromExample for i64 {
    fn from_example(name: &str, value: Option<&str>) -> Result<Self, Failure> {
        parse_i64(name, value.ok_or_else(|| Failure::Usage(format!("{name} has no value")))?)
    }
}

impl FromExample for Option<String> {
    fn from_example(_: &str, value: Option<&str>) -> Result<Self, Failure> {
        Ok(value.map(str::to_string))
    }
}

impl FromExample for Option<i64> {
    fn from_example(name: &str, value: Option<&str>) -> Result<Self, Failure> {
        value.map(|v| parse_i64(name, v)).transpose()
    }
}

impl FromExample for Vec<i64> {
    fn from_example(name: &str, value: Option<&str>) -> Result<Self, Failure> {
        value.map_or(Ok(Vec::new()), |v| v.split(',').map(|v| parse_i64(name, v)).collect())
    }
}

/// The credentials a client signs with for `account`.
pub fn credentials(account: &Account) -> Credentials {
    match *account {
        Account::Hmac { key, secret } => Credentials::hmac(key, secret),
        Account::Ed25519 { key, seed } => Credentials::ed25519_from_seed(key, seed),
        Account::Bearer { token } => Credentials::bearer(token),
    }
}

/// The first keys the simulator takes for `venue`.
pub fn first_credentials(venue: venue_sim::Venue) -> Credentials {
    credentials(venue.accounts().first().expect("every simulated venue lists its keys"))
}
