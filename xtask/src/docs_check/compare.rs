//! A page against the spec operation it documents: every difference, what each side says, and
//! whether the spec must change (the page states something the spec lacks or contradicts) or
//! says more than the page without naming another source (`x-source`, `x-assumed`).

use serde::Serialize;
use serde_json::Value;

use super::page::{Endpoint, Page, listed_values, prose_values};
use super::spec_side::{SpecOp, sourced};

/// One way page and spec disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// What differs: `param-added`, `field-type`, `weight`, … (see [`KINDS`]).
    pub kind: &'static str,
    /// The parameter, field, value or fact it is about.
    pub item: String,
    pub page_says: String,
    pub spec_says: String,
    /// `true`: the page states something the spec lacks or contradicts. `false`: the spec says
    /// more than the page and names no other source for it.
    pub spec_must_change: bool,
}

/// Every kind of difference, with what it means.
pub const KINDS: &[(&str, &str)] = &[
    ("endpoint", "the page's method and path (or WebSocket method) are not the spec's"),
    ("weight", "the page's request weight is not the spec's `x-request-weight`"),
    ("rate-limit", "the page's frequency limit is not the spec's `x-rate-limit`"),
    ("param-added", "the page lists a parameter the spec lacks"),
    ("param-not-on-page", "the spec has a parameter the page does not list"),
    ("param-type", "the page's type for a parameter is not one the spec's schema takes"),
    ("param-mandatory", "the page and the spec disagree on whether a parameter must be sent"),
    ("param-value-added", "the page (its description or its prose) gives a parameter a value the spec's enum lacks"),
    ("param-value-not-on-page", "the spec's enum has a value the page never gives"),
    ("field-added", "the page's field table or its example has a field the spec lacks"),
    ("field-not-on-page", "the spec has a field neither the page's table nor its example has"),
    ("field-not-in-table", "the spec has a field the example shows but the page's table does not list"),
    ("field-not-in-example", "the spec requires a field the page's example does not send"),
    ("field-type", "the table's type for a field is not one the spec's schema takes"),
    ("example-type", "the example sends a value of a JSON type the spec's schema does not take"),
    ("enum-value-added", "a field's description lists a value the spec's enum lacks"),
    ("error-added", "the page lists an error answer the spec lacks"),
    ("unknown-type", "the page names a type this tool does not know"),
    ("page-changed", "the page's fingerprint is not the one recorded in the spec (`x-docs-sha256`)"),
];

/// How the venues' type words map to what a JSON value can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Decimal,
    Text,
    Boolean,
}

fn page_kind(word: &str) -> Option<Kind> {
    let word = word.split(['(', '（']).next().unwrap_or(word).trim();
    match word.to_ascii_uppercase().as_str() {
        "LONG" | "INT" | "INTEGER" | "INT64" | "INT32" => Some(Kind::Integer),
        "BIGDECIMAL" | "DECIMAL" | "NUMBER" | "DOUBLE" | "FLOAT" => Some(Kind::Decimal),
        "STRING" | "ENUM" => Some(Kind::Text),
        "BOOLEAN" | "BOOL" => Some(Kind::Boolean),
        _ => None,
    }
}

/// The JSON types a schema's `type` (or `oneOf` members) allows.
fn types(schema: &Value) -> Vec<&str> {
    if let Some(t) = schema.get("type").and_then(Value::as_str) {
        return vec![t];
    }
    schema
        .get("oneOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| m.get("type").and_then(Value::as_str))
        .collect()
}

/// Whether the schema takes a value the page calls `kind`, by the spec's conventions:
/// `format: decimal` takes a string or a number, `int64-or-string` an integer or a string.
fn accepts(schema: &Value, kind: Kind) -> bool {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let types = types(schema);
    if types.is_empty() {
        return true;
    }
    types.iter().any(|t| match (*t, kind) {
        ("string", Kind::Text) => true,
        ("string", Kind::Integer | Kind::Decimal) => format == "decimal",
        ("integer", Kind::Integer) => true,
        ("integer", Kind::Text) => format == "int64-or-string",
        ("number", Kind::Integer | Kind::Decimal) => true,
        ("number", Kind::Text) => format == "decimal",
        ("boolean", Kind::Boolean) => true,
        _ => false,
    })
}

/// Whether the schema takes this example value (`null` only where nullable or optional).
fn accepts_json(schema: &Value, value: &Value, required: bool) -> bool {
    match value {
        Value::Null => schema.get("nullable").and_then(Value::as_bool).unwrap_or(false) || !required,
        Value::String(_) => accepts(schema, Kind::Text),
        Value::Number(n) if n.is_i64() || n.is_u64() => accepts(schema, Kind::Integer),
        Value::Number(_) => accepts(schema, Kind::Decimal),
        Value::Bool(_) => accepts(schema, Kind::Boolean),
        Value::Object(_) => types(schema).iter().all(|t| *t == "object") || types(schema).is_empty(),
        Value::Array(_) => types(schema).iter().all(|t| *t == "array") || types(schema).is_empty(),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::String(_) => "string",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Object(_) => "object",
        Value::Array(_) => "array",
    }
}

/// The schema as a reviewer would name it: `integer (int64-or-string)`, `string enum`.
fn describe(schema: &Value) -> String {
    let types = types(schema);
    let mut text = if types.is_empty() { "any".to_string() } else { types.join(" or ") };
    if let Some(format) = schema.get("format").and_then(Value::as_str) {
        text.push_str(&format!(" ({format})"));
    }
    if schema.get("enum").is_some() {
        text.push_str(" enum");
    }
    if schema.get("nullable").and_then(Value::as_bool).unwrap_or(false) {
        text.push_str(", nullable");
    }
    text
}

fn enum_values(schema: &Value) -> Option<Vec<String>> {
    let values = schema.get("enum")?.as_array()?;
    Some(values.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)).collect())
}

/// `(count, seconds)` of a limit written `10 requests/s`, `30 requests/2s` or `30 requests per 2 s`.
fn per_seconds(text: &str) -> Option<(u64, u64)> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("request")?;
    let count: String = lower[..at].trim_end().chars().rev().take_while(char::is_ascii_digit).collect();
    let count: u64 = count.chars().rev().collect::<String>().parse().ok()?;
    let rest = lower[at..].trim_start_matches(|c: char| c.is_ascii_alphabetic()).trim_start();
    let rest = rest.strip_prefix('/').or_else(|| rest.strip_prefix("per"))?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let unit = rest[digits.len()..].trim_start();
    let seconds = if digits.is_empty() { 1 } else { digits.parse().ok()? };
    match unit.chars().next() {
        Some('s') => Some((count, seconds)),
        Some('m') => Some((count, seconds * 60)),
        _ => None,
    }
}

/// Every difference between `page` and `op`.
pub fn compare(page: &Page, op: &SpecOp) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut push = |kind: &'static str, item: &str, page_says: String, spec_says: String, must: bool| {
        out.push(Difference { kind, item: item.to_string(), page_says, spec_says, spec_must_change: must });
    };

    if let Some(endpoint) = &page.endpoint
        && !same_endpoint(endpoint, &op.endpoint)
    {
        push("endpoint", &op.id, endpoint.to_string(), op.endpoint.to_string(), true);
    }
    match (page.weight, op.weight) {
        (Some(p), Some(s)) if p != s => push("weight", "request weight", p.to_string(), s.to_string(), true),
        (Some(p), None) => push("weight", "request weight", p.to_string(), "no x-request-weight".into(), true),
        _ => {}
    }
    if let Some(limit) = &page.rate_limit {
        let page_rate = per_seconds(limit);
        let spec_rate = op.rate_limit.as_deref().and_then(per_seconds);
        if page_rate.is_some() && page_rate != spec_rate {
            push(
                "rate-limit",
                "frequency limit",
                limit.clone(),
                op.rate_limit.clone().unwrap_or_else(|| "no x-rate-limit".into()),
                true,
            );
        }
    }
    if let Some(recorded) = &op.docs_sha256
        && *recorded != page.sha256
    {
        push(
            "page-changed",
            "page fingerprint",
            format!("sha256 {}", page.sha256),
            format!("x-docs-sha256 {recorded}: check the page again, then `docs-check --record` it"),
            false,
        );
    }

    params(page, op, &mut push);
    fields(page, op, &mut push);

    for error in &page.errors {
        let known = op.errors.iter().any(|(status, codes)| *status == error.status && codes.contains(&error.code))
            || (op.error_codes.contains(&error.code) && op.errors.iter().any(|(s, _)| *s == error.status));
        if !known {
            push(
                "error-added",
                &format!("{} {}", error.status, error.code),
                format!("HTTP {} `{}`", error.status, error.code),
                "no such error answer".into(),
                true,
            );
        }
    }
    out
}

fn same_endpoint(page: &Endpoint, spec: &Endpoint) -> bool {
    match (page, spec) {
        (Endpoint::Ws { method: a }, Endpoint::Ws { method: b }) => a == b,
        (Endpoint::Rest { method: m1, path: p1, query: q1 }, Endpoint::Rest { method: m2, path: p2, query: q2 }) => {
            m1.eq_ignore_ascii_case(m2) && p1.trim_end_matches('/') == p2.trim_end_matches('/') && q1 == q2
        }
        _ => false,
    }
}

type Push<'a> = dyn FnMut(&'static str, &str, String, String, bool) + 'a;

fn params(page: &Page, op: &SpecOp, push: &mut Push<'_>) {
    let page_names: Vec<&str> = page.params.iter().map(|p| p.name.as_str()).collect();
    for param in &page.params {
        let Some(spec) = op.params.iter().find(|s| s.name == param.name) else {
            push(
                "param-added",
                &param.name,
                format!("{} ({})", param.name, param.ty),
                "no such parameter".into(),
                true,
            );
            continue;
        };
        match page_kind(&param.ty) {
            None => push(
                "unknown-type",
                &param.name,
                param.ty.clone(),
                "xtask/src/docs_check/compare.rs knows LONG, STRING, BigDecimal, Integer, BOOLEAN and the like".into(),
                true,
            ),
            Some(kind) if !(accepts(&spec.schema, kind) || spec.comma_joined && kind == Kind::Text) => {
                push("param-type", &param.name, param.ty.clone(), describe(&spec.schema), true)
            }
            Some(_) => {}
        }
        match param.mandatory {
            Some(true) if !spec.required && spec.injected.is_none() => {
                push("param-mandatory", &param.name, "mandatory".into(), "optional".into(), true)
            }
            Some(false) if spec.required && spec.injected.is_none() => {
                push("param-mandatory", &param.name, "optional".into(), "required".into(), true)
            }
            _ => {}
        }
        let Some(spec_values) = enum_values(&spec.schema) else { continue };
        let mut page_values = listed_values(&param.description);
        let others: Vec<&str> = page_names.iter().copied().filter(|n| *n != param.name).collect();
        for value in prose_values(&page.prose, &param.name, &others) {
            if !page_values.contains(&value) {
                page_values.push(value);
            }
        }
        for value in page_values.iter().filter(|v| !spec_values.contains(v)) {
            push(
                "param-value-added",
                &format!("{}={value}", param.name),
                format!("`{value}` is a value of {}", param.name),
                format!("enum {spec_values:?}"),
                true,
            );
        }
        if !page_values.is_empty() && !sourced(&spec.schema) && !spec.sourced {
            for value in spec_values.iter().filter(|v| !page_values.contains(v)) {
                push(
                    "param-value-not-on-page",
                    &format!("{}={value}", param.name),
                    format!("values {page_values:?}"),
                    format!("`{value}` is in the enum"),
                    false,
                );
            }
        }
    }
    for spec in &op.params {
        if spec.injected.is_none() && !spec.sourced && !page_names.contains(&spec.name.as_str()) {
            push(
                "param-not-on-page",
                &spec.name,
                "not listed".into(),
                format!("{} ({})", spec.name, spec.location),
                false,
            );
        }
    }
}

fn fields(page: &Page, op: &SpecOp, push: &mut Push<'_>) {
    let Some(payload) = op.payload() else { return };
    let properties = payload.get("properties").and_then(Value::as_object);
    let required: Vec<&str> =
        payload.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let property = |name: &str| properties.and_then(|p| p.get(name));

    // The example's value, and the envelope or reply around it.
    let example_items: Vec<&serde_json::Map<String, Value>> = match (&page.example, &op.payload_field) {
        (Some(example), Some(field)) => example.get(field).map(items).unwrap_or_default(),
        (Some(example), None) => items(example),
        (None, _) => Vec::new(),
    };
    if let (Some(Value::Object(example)), Some(body)) = (&page.example, &op.body)
        && op.payload_field.is_some()
    {
        let outer = body.get("properties").and_then(Value::as_object);
        for (key, value) in example {
            match outer.and_then(|o| o.get(key)) {
                None => push(
                    "field-added",
                    key,
                    format!("`{key}` around the value in the example ({})", json_type(value)),
                    "no such field in the answer's envelope".into(),
                    true,
                ),
                Some(schema) if !accepts_json(schema, value, true) => {
                    push("example-type", key, json_type(value).into(), describe(schema), true)
                }
                Some(_) => {}
            }
        }
    }

    let table = page.fields.as_deref();
    if let Some(table) = table {
        for field in table {
            let Some(schema) = property(&field.name) else {
                push("field-added", &field.name, "in the field table".into(), "no such field".into(), true);
                continue;
            };
            if let Some(ty) = &field.ty {
                match page_kind(ty) {
                    None => push(
                        "unknown-type",
                        &field.name,
                        ty.clone(),
                        "xtask/src/docs_check/compare.rs knows LONG, STRING, BigDecimal, Integer, BOOLEAN and the like"
                            .into(),
                        true,
                    ),
                    Some(kind) if !accepts(schema, kind) => {
                        push("field-type", &field.name, ty.clone(), describe(schema), true)
                    }
                    Some(_) => {}
                }
            }
            if let Some(values) = enum_values(schema) {
                for value in listed_values(&field.description).iter().filter(|v| !values.contains(v)) {
                    push(
                        "enum-value-added",
                        &format!("{}={value}", field.name),
                        format!("`{value}` is listed for {}", field.name),
                        format!("enum {values:?}"),
                        true,
                    );
                }
            }
        }
    }
    let mut in_example: Vec<&str> = Vec::new();
    for item in &example_items {
        for (key, value) in item.iter() {
            if !in_example.contains(&key.as_str()) {
                in_example.push(key);
            }
            match property(key) {
                None => {
                    if !table.is_some_and(|t| t.iter().any(|f| f.name == *key)) {
                        push(
                            "field-added",
                            key,
                            format!("in the example ({})", json_type(value)),
                            "no such field".into(),
                            true,
                        )
                    }
                }
                Some(schema) if !accepts_json(schema, value, required.contains(&key.as_str())) => {
                    push("example-type", key, json_type(value).into(), describe(schema), true)
                }
                Some(_) => {}
            }
        }
    }
    let Some(properties) = properties else { return };
    for (name, schema) in properties {
        let in_table = table.is_some_and(|t| t.iter().any(|f| f.name == *name));
        let shown = in_example.contains(&name.as_str());
        if sourced(schema) {
            continue;
        }
        if page.example.is_some() && !shown && required.contains(&name.as_str()) {
            // The stronger finding: the spec requires what the page's own example lacks.
            push("field-not-in-example", name, "not in the example".into(), "required".into(), true);
        } else if !in_table && !shown {
            push("field-not-on-page", name, "not on the page".into(), describe(schema), false);
        } else if page.fields_complete && !in_table {
            push("field-not-in-table", name, "in the example only".into(), describe(schema), false);
        }
    }
}

/// The example's objects: the value itself, or each object of a list.
fn items(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match value {
        Value::Object(map) => vec![map],
        Value::Array(list) => list.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_alike_however_written() {
        assert_eq!(per_seconds("The frequency limit for this interface is 10 requests/s per user ID"), Some((10, 1)));
        assert_eq!(per_seconds("30 requests/2s per user ID"), Some((30, 2)));
        assert_eq!(per_seconds("30 requests per 2 s per user id"), Some((30, 2)));
        assert_eq!(per_seconds("no limit given"), None);
    }

    #[test]
    fn type_words_follow_the_specs_conventions() {
        let decimal = serde_json::json!({"type": "number", "format": "decimal"});
        let id = serde_json::json!({"type": "integer", "format": "int64-or-string"});
        let text = serde_json::json!({"type": "string"});
        assert!(accepts(&decimal, Kind::Text) && accepts(&decimal, Kind::Decimal));
        assert!(accepts(&id, Kind::Text) && accepts(&id, Kind::Integer) && !accepts(&id, Kind::Decimal));
        assert!(!accepts(&text, Kind::Integer) && accepts(&text, Kind::Text));
        assert_eq!(page_kind("STRING(路径参数)"), Some(Kind::Text));
        assert_eq!(page_kind("BigDecimal"), Some(Kind::Decimal));
        assert_eq!(page_kind("Frobnicated"), None);
        assert!(accepts_json(&text, &Value::Null, false) && !accepts_json(&text, &Value::Null, true));
    }
}
