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

/// What a command prints: the typed answer as JSON, and what the venue sent.
#[derive(Debug)]
pub struct Answer {
    /// The venue crate's typed value (decimals as exact strings), with the `null`s the venue
    /// sent put back (see [`keep_nulls`]).
    pub value: Value,
    /// The body (REST) or reply frame (WebSocket) exactly as the venue sent it, cleaned of
    /// anything the request signed; for `--output raw`.
    pub sent: Vec<u8>,
}

/// The answer of a REST call made with `keep_body`; `payload` is the spec's `x-envelope` data
/// field, where the typed value sits inside the body.
pub(crate) fn rest_answer<T: Serialize>(
    response: ::binance_usdm::Response<T>,
    payload: Option<&str>,
) -> Result<Answer, Failure> {
    let sent = response.body().map(<[u8]>::to_vec).unwrap_or_default();
    answer(&*response, sent, payload)
}

/// The answer of a WebSocket call: its typed reply's `result` and the frame it came in.
pub(crate) fn ws_answer<T: Serialize>((reply, frame): (T, String), result: &str) -> Result<Answer, Failure> {
    // The command prints the result, as the crate's plain method returns it.
    let value = json(&reply)?.get_mut(result).map(Value::take).unwrap_or(Value::Null);
    answer(&value, frame.into_bytes(), Some(result))
}

fn answer(typed: &impl Serialize, sent: Vec<u8>, payload: Option<&str>) -> Result<Answer, Failure> {
    let mut value = json(typed)?;
    // The body already decoded into the typed value, so it is JSON; were it not, the typed
    // value alone is printed.
    if let Ok(body) = serde_json::from_slice::<Value>(&sent) {
        let venue_value = match payload {
            Some(field) => body.get(field),
            None => Some(&body),
        };
        if let Some(venue_value) = venue_value {
            keep_nulls(&mut value, venue_value);
        }
    }
    Ok(Answer { value, sent })
}

/// Puts back every `null` the venue sent that the typed value dropped (its optional fields
/// are skipped when empty, so a `null` and a missing field look alike there). Only `null`s
/// are taken from `sent`: every other value stays the typed one, with its exact decimals.
fn keep_nulls(typed: &mut Value, sent: &Value) {
    match (typed, sent) {
        (Value::Object(typed), Value::Object(sent)) => {
            for (key, sent_value) in sent {
                match typed.get_mut(key) {
                    Some(typed_value) => keep_nulls(typed_value, sent_value),
                    None if sent_value.is_null() => {
                        typed.insert(key.clone(), Value::Null);
                    }
                    None => {}
                }
            }
        }
        (Value::Array(typed), Value::Array(sent)) => {
            for (typed_item, sent_item) in typed.iter_mut().zip(sent) {
                keep_nulls(typed_item, sent_item);
            }
        }
        _ => {}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_venues_nulls_come_back_and_nothing_else_of_its_values() {
        let mut typed = serde_json::json!({"price": "0.10", "fills": [{"qty": "1"}, {"qty": "2"}]});
        let sent = serde_json::json!({
            "price": 0.1, "avgPrice": null, "unknown": 7,
            "fills": [{"qty": 1, "fee": null}, {"qty": 2}], "extra": [null]
        });
        keep_nulls(&mut typed, &sent);
        assert_eq!(
            typed,
            serde_json::json!({"price": "0.10", "avgPrice": null, "fills": [{"qty": "1", "fee": null}, {"qty": "2"}]})
        );
    }

    #[test]
    fn the_payload_is_found_inside_the_envelope() {
        let sent = br#"{"code":200,"msg":null,"data":{"id":1,"avg":null}}"#.to_vec();
        let answer = answer(&serde_json::json!({"id": 1}), sent.clone(), Some("data")).unwrap();
        assert_eq!(answer.value, serde_json::json!({"id": 1, "avg": null}));
        assert_eq!(answer.sent, sent);
        let unreadable = answer_of_text(b"not json");
        assert_eq!(unreadable.value, serde_json::json!({"id": 1}));
    }

    fn answer_of_text(text: &[u8]) -> Answer {
        answer(&serde_json::json!({"id": 1}), text.to_vec(), None).unwrap()
    }
}
