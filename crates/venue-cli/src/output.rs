//! Printing an answer: pretty JSON (the default, for `jq`), or `--table`: one `field  value`
//! row per leaf, nested fields as dotted paths, and one block per item of a list.

use std::io::Write;

use serde_json::Value;

pub fn print(value: &Value, table: bool) -> std::io::Result<()> {
    let text = if table { render_table(value) } else { render_json(value) };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn render_json(value: &Value) -> String {
    // A `Value` always serializes; the fallback only keeps this total.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
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
}
