//! Decimals read exactly, as codegen has every generated decimal field read (through
//! `#[serde(deserialize_with)]`): from a JSON string or a JSON number's own text, never through
//! `f64`, and never rounded. A value with more significant digits than a `Decimal` holds (28) is
//! a decode error that names the field, not a quietly different number.
//!
//! The number's text comes the way serde_json's `RawValue` gets it (feature `raw_value`, which
//! changes nothing else), not from `arbitrary_precision`, which would change how every other
//! crate in a user's build parses JSON. The field is asked for as serde_json asks for a raw value,
//! so that serde_json hands over the text, borrowed from the input when it can (no allocation);
//! any other format sees an ordinary newtype and hands over the value itself.

use std::fmt;

use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// The name serde_json gives raw values: a newtype asked for under it is answered with the
/// value's JSON text (this is how `serde_json::value::RawValue` deserializes, in serde_json 1).
/// The tests below fail if that ever changes.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The largest exponent written out in scientific notation that is read (28 digits either side).
const MAX_EXPONENT: i64 = 64;

/// The required decimal field `field` (its wire name, for the error). Codegen writes one small
/// function per field that calls this, since `deserialize_with` cannot pass the name.
pub fn exact<'de, D: Deserializer<'de>>(deserializer: D, field: &'static str) -> Result<Decimal, D::Error> {
    required(deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, Field { optional: false, field })?, field)
}

/// A required field's value: absent (`null`, `""`) is an error naming the field.
fn required<T, E: de::Error>(value: Option<T>, field: &str) -> Result<T, E> {
    value.ok_or_else(|| E::custom(format!("field `{field}`: a value is required, not null or an empty string")))
}

/// The optional decimal field `field`: JSON `null`, `""` and the string `"null"` (which some
/// venues send for unset amounts) are absent.
pub fn exact_option<'de, D: Deserializer<'de>>(
    deserializer: D,
    field: &'static str,
) -> Result<Option<Decimal>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_VALUE_TOKEN, Field { optional: true, field })
}

#[derive(Clone, Copy)]
struct Field {
    optional: bool,
    field: &'static str,
}

impl Field {
    fn error<E: de::Error>(&self, why: impl fmt::Display) -> E {
        E::custom(format!("field `{}`: {why}", self.field))
    }

    /// A string's content: empty or `null` is absent when the field is optional.
    fn text<E: de::Error>(&self, value: &str) -> Result<Option<Decimal>, E> {
        if value.is_empty() || value == "null" {
            return if self.optional {
                Ok(None)
            } else {
                Err(self.error("a decimal is required, not an empty string"))
            };
        }
        parse(value).map(Some).map_err(|e| self.error(e))
    }

    /// A value's JSON text, as serde_json hands it over.
    fn json<E: de::Error>(&self, json: &str) -> Result<Option<Decimal>, E> {
        match json.as_bytes().first() {
            Some(b'"') if !json[1..json.len() - 1].contains('\\') => self.text(&json[1..json.len() - 1]),
            Some(b'"') => self.text(&serde_json::from_str::<String>(json).map_err(|e| self.error(e))?),
            Some(b'n') if json == "null" => Ok(None),
            Some(b'-' | b'0'..=b'9') => parse(json).map(Some).map_err(|e| self.error(e)),
            _ => Err(self
                .error(format!("expected a decimal, as a string or a number, not {}", crate::redact::cap(json, 40)))),
        }
    }
}

impl<'de> Visitor<'de> for Field {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal, as a string or a number")
    }

    /// serde_json: one entry, whose value is the field's JSON text.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        if map.next_key::<Key>()?.is_none() {
            return Err(de::Error::invalid_type(de::Unexpected::Map, &self));
        }
        map.next_value_seed(JsonText(self))
    }

    /// Any other format: the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(Plain(self))
    }
}

/// The key of serde_json's one-entry raw-value map.
struct Key;

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct Any;
        impl Visitor<'_> for Any {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a raw value")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Key, E> {
                Ok(Key)
            }
        }
        deserializer.deserialize_identifier(Any)
    }
}

/// The JSON text, borrowed from the input when serde_json can lend it.
struct JsonText(Field);

impl<'de> DeserializeSeed<'de> for JsonText {
    type Value = Option<Decimal>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for JsonText {
    type Value = Option<Decimal>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal's JSON text")
    }
    fn visit_str<E: de::Error>(self, json: &str) -> Result<Self::Value, E> {
        self.0.json(json)
    }
}

/// A format other than serde_json: strings and integers as they come, floats by their
/// shortest text (which is what such formats were given).
struct Plain(Field);

impl<'de> Visitor<'de> for Plain {
    type Value = Option<Decimal>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal, as a string or a number")
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        self.0.text(value)
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(n)))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Some(Decimal::from(n)))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
        parse(&n.to_string()).map(Some).map_err(|e| self.0.error(e))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// A 64-bit integer the venue sends as a JSON number or as a string of digits (the spec's
/// `format: int64-or-string`). It is an `i64`; codegen reads it with [`lenient_i64`].
pub type Int64 = i64;

/// The integer field `field`, from a JSON number or a string of digits, all 64 bits kept.
pub fn lenient_i64<'de, D: Deserializer<'de>>(deserializer: D, field: &'static str) -> Result<i64, D::Error> {
    required(lenient_i64_option(deserializer, field)?, field)
}

/// As [`lenient_i64`], for an optional field: `null` and `""` are absent.
pub fn lenient_i64_option<'de, D: Deserializer<'de>>(
    deserializer: D,
    field: &'static str,
) -> Result<Option<i64>, D::Error> {
    struct Lenient(&'static str);
    impl<'de> Visitor<'de> for Lenient {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, as a number or a string of digits")
        }
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
            Ok(Some(n))
        }
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
            i64::try_from(n)
                .map(Some)
                .map_err(|_| E::custom(format!("field `{}`: {n} is larger than 64 bits hold", self.0)))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            if text.is_empty() {
                return Ok(None);
            }
            text.parse().map(Some).map_err(|_| {
                E::custom(format!("field `{}`: {} is not a 64-bit integer", self.0, crate::redact::cap(text, 40)))
            })
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }
    deserializer.deserialize_any(Lenient(field))
}

/// `text` as a decimal, exactly; plain (`-12.50`) or scientific (`5.06e-6`).
fn parse(text: &str) -> Result<Decimal, String> {
    let shown = crate::redact::cap(text, 40);
    let plain = match text.find(['e', 'E']) {
        Some(at) => expand(&text[..at], &text[at + 1..]).ok_or_else(|| format!("{shown} is not a decimal"))?,
        None => text.to_string(),
    };
    Decimal::from_str_exact(&plain).map_err(|_| {
        // A well-formed number that does not fit: too many digits, or too large.
        let digits = plain.strip_prefix('-').unwrap_or(&plain);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let numeric = !whole.is_empty() && whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit());
        if numeric {
            format!("{shown} has more significant digits than a decimal holds (28), or is too large; not rounded")
        } else {
            format!("{shown} is not a decimal")
        }
    })
}

/// A mantissa and an exponent written out as a plain decimal, by moving the point.
fn expand(mantissa: &str, exponent: &str) -> Option<String> {
    let exponent: i64 = exponent.parse().ok()?;
    if exponent.abs() > MAX_EXPONENT {
        return None;
    }
    let (sign, digits) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa.strip_prefix('+').unwrap_or(mantissa)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let all = format!("{whole}{fraction}");
    // Where the point goes, counted from the left of `all`.
    let point = i64::try_from(whole.len()).ok()? + exponent;
    let text = if point <= 0 {
        format!("0.{}{all}", "0".repeat(usize::try_from(-point).ok()?))
    } else if point as usize >= all.len() {
        format!("{all}{}", "0".repeat(point as usize - all.len()))
    } else {
        let (left, right) = all.split_at(point as usize);
        format!("{left}.{right}")
    };
    Some(format!("{sign}{text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Row {
        #[serde(deserialize_with = "price")]
        price: Decimal,
        #[serde(default, deserialize_with = "fee")]
        fee: Option<Decimal>,
    }

    fn price<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        exact(d, "price")
    }

    fn fee<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        exact_option(d, "fee")
    }

    fn row(json: &str) -> Result<Row, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn strings_and_numbers_are_read_exactly() {
        for (json, price) in [
            (r#"{"price":"27000.10"}"#, "27000.10"),
            (r#"{"price":27000.10}"#, "27000.10"),
            (r#"{"price":"0.0000000000000000000000000001"}"#, "0.0000000000000000000000000001"),
            (r#"{"price":5.06e-6}"#, "0.00000506"),
            (r#"{"price":"-1.5E2"}"#, "-150"),
            (r#"{"price":18446744073709551615}"#, "18446744073709551615"),
        ] {
            assert_eq!(row(json).unwrap().price.to_string(), price, "{json}");
        }
    }

    #[test]
    fn more_digits_than_a_decimal_holds_is_an_error_naming_the_field() {
        for json in [
            r#"{"price":"1.00000000000000000000000000001"}"#,
            r#"{"price":1.00000000000000000000000000001}"#,
            r#"{"price":"99999999999999999999999999999"}"#,
        ] {
            let err = row(json).unwrap_err();
            assert!(err.contains("28") && err.contains("price"), "{json}: {err}");
        }
        let huge = format!(r#"{{"price":"{}"}}"#, "9".repeat(100_000));
        assert!(row(&huge).unwrap_err().len() < 300, "the value is not quoted in full");
        for bad in [r#"{"price":"1e999999"}"#, r#"{"price":"abc"}"#, r#"{"price":true}"#, r#"{"price":null}"#] {
            assert!(row(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lenient_integers_read_numbers_and_digit_strings() {
        #[derive(serde::Deserialize)]
        struct Ids {
            #[serde(deserialize_with = "id")]
            id: i64,
        }
        fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
            lenient_i64(d, "id")
        }
        let read = |json: &str| serde_json::from_str::<Ids>(json).map(|i| i.id).map_err(|e| e.to_string());
        assert_eq!(read(r#"{"id":33308753605637070}"#), Ok(33308753605637070));
        assert_eq!(read(r#"{"id":"33308753605637071"}"#), Ok(33308753605637071));
        assert!(read(r#"{"id":"12a"}"#).unwrap_err().contains("`id`"));
        assert!(read(r#"{"id":18446744073709551615}"#).unwrap_err().contains("64 bits"));
        assert!(read(r#"{"id":1.5}"#).is_err());
    }

    #[test]
    fn every_way_into_serde_json_reads_the_same() {
        let json = r#"{"price":27000.10,"fee":"0.5"}"#;
        let from_reader: Row = serde_json::from_reader(json.as_bytes()).unwrap();
        assert_eq!(from_reader.price.to_string(), "27000.10");
        // A Value holds the number as an f64 already; its text is what the Value prints.
        let from_value: Row = serde_json::from_value(serde_json::from_str(json).unwrap()).unwrap();
        assert_eq!(from_value.price.to_string(), "27000.1");
        assert_eq!(from_value.fee, Some(Decimal::new(5, 1)));
        let escaped: Row = serde_json::from_str(r#"{"price":"\u0031.5"}"#).unwrap();
        assert_eq!(escaped.price.to_string(), "1.5");
    }

    #[test]
    fn unset_optional_amounts_are_absent() {
        for json in [
            r#"{"price":"1"}"#,
            r#"{"price":"1","fee":null}"#,
            r#"{"price":"1","fee":""}"#,
            r#"{"price":"1","fee":"null"}"#,
        ] {
            assert_eq!(row(json).unwrap().fee, None, "{json}");
        }
        assert_eq!(row(r#"{"price":"1","fee":"0.1"}"#).unwrap().fee, Some(Decimal::new(1, 1)));
        assert!(row(r#"{"price":""}"#).is_err(), "a required amount may not be empty");
    }
}
