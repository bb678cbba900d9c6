//! Decimals read exactly, as codegen has every generated decimal field read (through
//! `#[serde(deserialize_with)]`): from a JSON string or a JSON number's own text, never through
//! `f64`, and never rounded. A value with more significant digits than a `Decimal` holds (28) is
//! a decode error that names the field, not a quietly different number.
//!
//! The number's text comes from serde_json's `RawValue` (feature `raw_value`, which changes
//! nothing else), not from `arbitrary_precision`, which would change how every other crate in a
//! user's build parses JSON.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::value::RawValue;

/// The largest exponent written out in scientific notation that is read (28 digits either side).
const MAX_EXPONENT: i64 = 64;

/// The required decimal field `field` (its wire name, for the error). Codegen writes one small
/// function per field that calls this, since `deserialize_with` cannot pass the name.
pub fn exact<'de, D: Deserializer<'de>>(deserializer: D, field: &'static str) -> Result<Decimal, D::Error> {
    match read(deserializer, false, field)? {
        Some(d) => Ok(d),
        None => Err(de::Error::custom(format!("field `{field}`: a decimal is required, not null or an empty string"))),
    }
}

/// The optional decimal field `field`: JSON `null`, `""` and the string `"null"` (which some
/// venues send for unset amounts) are absent.
pub fn exact_option<'de, D: Deserializer<'de>>(
    deserializer: D,
    field: &'static str,
) -> Result<Option<Decimal>, D::Error> {
    read(deserializer, true, field)
}

fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    optional: bool,
    field: &'static str,
) -> Result<Option<Decimal>, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let text = raw.get();
    let fail = |why: String| de::Error::custom(format!("field `{field}`: {why}"));
    match text.as_bytes().first() {
        Some(b'"') => {
            let inner = &text[1..text.len() - 1];
            let unescaped;
            let value = if inner.contains('\\') {
                unescaped = serde_json::from_str::<String>(text).map_err(|e| fail(e.to_string()))?;
                unescaped.as_str()
            } else {
                inner
            };
            if value.is_empty() || value == "null" {
                return if optional {
                    Ok(None)
                } else {
                    Err(fail("a decimal is required, not an empty string".into()))
                };
            }
            parse(value).map(Some).map_err(fail)
        }
        Some(b'n') if text == "null" => Ok(None),
        Some(b'-' | b'0'..=b'9') => parse(text).map(Some).map_err(fail),
        _ => Err(fail(format!("expected a decimal, as a string or a number, not {}", crate::redact::cap(text, 40)))),
    }
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
