//! Printing an answer: `--output json` (pretty, the default, for `jq`), `compact` (one line),
//! `ndjson` (one line per item of a list), or `table`: one `field  value` row per leaf, nested
//! fields as dotted paths, and one block per item of a list; or `raw`: the body as the venue
//! sent it. The first four print the venue crate's typed answer, with the venue's `null`s kept.

use std::io::Write;

use serde_json::Value;

use crate::venues::Answer;

/// How the answer is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Pretty JSON.
    #[default]
    Json,
    /// JSON on one line.
    Compact,
    /// One compact JSON line per item of a list (a single answer is one line).
    Ndjson,
    /// Aligned `field  value` rows.
    Table,
    /// The body (or WebSocket reply frame) exactly as the venue sent it, envelope included,
    /// then a newline; printed once it has decoded (`--ids-as-strings` does not apply).
    Raw,
}

/// The largest integer a JSON reader that parses numbers as IEEE doubles (JavaScript, jq 1.6)
/// keeps exactly: 2^53.
const EXACT_IN_DOUBLE: u64 = 1 << 53;

pub fn print(answer: &Answer, format: Format, ids_as_strings: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    if format == Format::Raw {
        out.write_all(&answer.sent)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(render(&answer.value, format, ids_as_strings).as_bytes())?;
    }
    out.flush()
}

pub fn render(value: &Value, format: Format, ids_as_strings: bool) -> String {
    let owned;
    let value = if ids_as_strings {
        owned = big_integers_as_strings(value.clone());
        &owned
    } else {
        value
    };
    // A `Value` always serializes; the fallbacks only keep this total.
    let mut text = match format {
        Format::Json => serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string()),
        // `print` writes the venue's own bytes for `raw`; a value alone prints compact.
        Format::Compact | Format::Raw => value.to_string(),
        Format::Ndjson => match value {
            Value::Array(items) => items.iter().map(Value::to_string).collect::<Vec<_>>().join("\n"),
            other => other.to_string(),
        },
        Format::Table => return render_table(value),
    };
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

/// Every integer a double cannot hold exactly, as its decimal text (smaller ones stay numbers).
fn big_integers_as_strings(value: Value) -> Value {
    match value {
        Value::Number(n) => {
            let big = n
                .as_u64()
                .map(|u| u > EXACT_IN_DOUBLE)
                .or_else(|| n.as_i64().map(|i| i.unsigned_abs() > EXACT_IN_DOUBLE));
            if big == Some(true) { Value::String(n.to_string()) } else { Value::Number(n) }
        }
        Value::Array(items) => Value::Array(items.into_iter().map(big_integers_as_strings).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, big_integers_as_strings(v))).collect()),
        other => other,
    }
}

pub fn render_table(value: &Value) -> String {
    match value {
        Value::Array(items) if items.is_empty() => "(no items)\n".to_string(),
        Value::Array(items) => {
            let blocks: Vec<String> =
                items.iter().enumerate().map(|(i, item)| format!("[{}]\n{}", i, rows(item))).collect();
            blocks.join("\n")
        }
        other => rows(other),
    }
}

/// Two aligned columns for one value.
fn rows(value: &Value) -> String {
    let mut leaves = Vec::new();
    flatten(String::new(), value, &mut leaves);
    let width = leaves.iter().map(|(k, _)| k.chars().count()).max().unwrap_or(0);
    let mut text = String::new();
    for (key, value) in leaves {
        let pad = width - key.chars().count();
        let row = format!("{key}{}  {value}", " ".repeat(pad));
        text.push_str(row.trim_end());
        text.push('\n');
    }
    text
}

fn flatten(path: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let child_path = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                flatten(child_path, child, out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (i, child) in items.iter().enumerate() {
                flatten(format!("{path}[{i}]"), child, out);
            }
        }
        leaf => {
            let shown = match leaf {
                Value::String(s) => s.clone(),
                Value::Null => "-".to_string(),
                other => other.to_string(),
            };
            out.push((if path.is_empty() { "value".to_string() } else { path }, shown));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_become_dotted_rows_aligned_on_the_longest_name() {
        let value = serde_json::json!({"symbol": "BTCUSDT", "fills": [{"price": "1.5"}], "x": null});
        assert_eq!(render_table(&value), "fills[0].price  1.5\nsymbol          BTCUSDT\nx               -\n");
    }

    #[test]
    fn a_list_prints_one_block_per_item_and_a_scalar_one_row() {
        let value = serde_json::json!([{"a": 1}, {"a": 2}]);
        assert_eq!(render_table(&value), "[0]\na  1\n\n[1]\na  2\n");
        assert_eq!(render_table(&serde_json::json!(17)), "value  17\n");
        assert_eq!(render_table(&serde_json::json!([])), "(no items)\n");
    }

    #[test]
    fn each_format_prints_the_same_answer() {
        let value = serde_json::json!([{"id": 1, "s": "a"}, {"id": 2, "s": "b"}]);
        assert_eq!(render(&value, Format::Compact, false), "[{\"id\":1,\"s\":\"a\"},{\"id\":2,\"s\":\"b\"}]\n");
        assert_eq!(render(&value, Format::Ndjson, false), "{\"id\":1,\"s\":\"a\"}\n{\"id\":2,\"s\":\"b\"}\n");
        assert_eq!(render(&serde_json::json!([]), Format::Ndjson, false), "");
        assert!(render(&value, Format::Json, false).contains("\n  {\n"));
    }

    #[test]
    fn ids_above_2_pow_53_become_strings_and_smaller_numbers_stay() {
        let value = serde_json::json!({"id": 4612102733335378846u64, "n": -9007199254740993i64, "edge": 9007199254740992u64, "q": 1.5, "list": [33308753605637070u64]});
        let shown = render(&value, Format::Compact, true);
        assert_eq!(
            shown,
            "{\"edge\":9007199254740992,\"id\":\"4612102733335378846\",\"list\":[\"33308753605637070\"],\"n\":\"-9007199254740993\",\"q\":1.5}\n"
        );
        assert_eq!(render(&value, Format::Compact, false).matches('"').count(), 10, "numbers unless asked");
    }
}
