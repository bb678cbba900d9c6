//! The workspace's spec extensions, each named and found in one place.
//!
//! Codegen (`spec.rs`, `asyncapi.rs`) and drift (`drift/surface.rs`) both read them through
//! these functions: codegen then validates what it gets and refuses a spec that is wrong; drift
//! compares what it gets as it is, so it reads any two revisions, broken ones included. An
//! extension moved or renamed here moves for both; one a spec carries that is not listed in
//! [`ALL`] fails `every_extension_in_the_specs_is_one_the_tools_read`.

use serde_json::Value;

/// Every extension, and where it sits.
pub const ALL: &[(&str, &str)] = &[
    ("x-assumed", "anywhere: what the spec decided where the docs are silent or disagree"),
    ("x-called-by", "WebSocket operation: `runtime`, sent by the runtime itself"),
    ("x-clock", "document root: where the venue's time comes from"),
    ("x-docs-read", "operation: the date its page was read"),
    ("x-docs-sha256", "operation: the fingerprint of the page it was last checked against (`docs-check --record`)"),
    ("x-enum-varnames", "integer enum schema: the variants' names"),
    ("x-envelope", "components: every answer is an envelope"),
    ("x-error-body", "components: where an error answer puts its code and message"),
    ("x-error-codes", "components: each error code's class"),
    ("x-error-statuses", "components: statuses that mean something by themselves"),
    ("x-injected", "parameter: filled in by the SDK"),
    ("x-method-name", "operation: the Rust method, when not the operationId"),
    ("x-name", "server: names its constructor"),
    ("x-not-found", "operation: when the docs call an order not found"),
    ("x-one-of-required", "operation or params schema: exactly one of these parameters"),
    ("x-rate-limit", "operation: the stated request limit"),
    ("x-rate-limit-headers", "components: the usage headers"),
    ("x-refuse", "parameter: a value refused before sending, and why"),
    ("x-request-name", "operation: the parameters travel in one request struct"),
    ("x-request-weight", "operation: its request weight"),
    ("x-retry-safe", "operation: sending it twice does no harm"),
    ("x-returns", "operation: the method returns this property of the answer"),
    ("x-signing", "security scheme: the signing rule crates/venue-auth applies"),
    ("x-source", "anywhere: where a fact comes from when the operation's page does not state it"),
];

/// The venue-wide facts the generated front reads, by extension, each as written.
pub fn venue_facts(doc: &Value) -> [(&'static str, Option<&Value>); 5] {
    [
        ("x-clock", clock(doc)),
        ("x-envelope", envelope(doc)),
        ("x-error-body", error_body(doc)),
        ("x-error-statuses", error_statuses(doc)),
        ("x-rate-limit-headers", rate_limit_headers(doc)),
    ]
}

/// `components.x-envelope`.
pub fn envelope(doc: &Value) -> Option<&Value> {
    doc.pointer("/components/x-envelope")
}

/// `components.x-error-body`.
pub fn error_body(doc: &Value) -> Option<&Value> {
    doc.pointer("/components/x-error-body")
}

/// `components.x-error-statuses`.
pub fn error_statuses(doc: &Value) -> Option<&Value> {
    doc.pointer("/components/x-error-statuses")
}

/// `components.x-rate-limit-headers`.
pub fn rate_limit_headers(doc: &Value) -> Option<&Value> {
    doc.pointer("/components/x-rate-limit-headers")
}

/// `x-clock`, at the root of an OpenAPI or AsyncAPI document.
pub fn clock(doc: &Value) -> Option<&Value> {
    doc.get("x-clock")
}

/// `components.x-error-codes`, as written (a list, when the spec is right).
pub fn error_codes(doc: &Value) -> Option<&Value> {
    doc.pointer("/components/x-error-codes")
}

/// `x-not-found`, as written (codegen wants a sentence).
pub fn not_found(op: &Value) -> Option<&Value> {
    op.get("x-not-found")
}

/// `x-rate-limit`, as written (text).
pub fn rate_limit(op: &Value) -> Option<&Value> {
    op.get("x-rate-limit")
}

/// `x-request-weight`, as written (codegen wants a whole number).
pub fn request_weight(op: &Value) -> Option<&Value> {
    op.get("x-request-weight")
}

/// An operation's stated rules beyond its shape, by extension, each as written.
pub fn operation_rules(op: &Value) -> impl Iterator<Item = (&'static str, &Value)> {
    [("x-not-found", not_found(op)), ("x-rate-limit", rate_limit(op)), ("x-request-weight", request_weight(op))]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key, v)))
}

/// `x-method-name`.
pub fn method_name(op: &Value) -> Option<&str> {
    op.get("x-method-name").and_then(Value::as_str)
}

/// `x-returns`.
pub fn returns(op: &Value) -> Option<&str> {
    op.get("x-returns").and_then(Value::as_str)
}

/// `x-assumed` of anything.
pub fn assumed(v: &Value) -> Option<&str> {
    v.get("x-assumed").and_then(Value::as_str)
}

/// `x-enum-varnames` of an integer enum schema, as written.
pub fn enum_varnames(schema: &Value) -> Option<&Value> {
    schema.get("x-enum-varnames")
}

/// `externalDocs.url`.
pub fn doc_url(op: &Value) -> Option<&str> {
    op.pointer("/externalDocs/url").and_then(Value::as_str)
}

/// `x-docs-read`.
pub fn docs_read(op: &Value) -> Option<&str> {
    op.get("x-docs-read").and_then(Value::as_str)
}

/// `x-retry-safe`, as written (codegen wants a boolean).
pub fn retry_safe(op: &Value) -> Option<&Value> {
    op.get("x-retry-safe")
}

/// `x-called-by`.
pub fn called_by(op: &Value) -> Option<&str> {
    op.get("x-called-by").and_then(Value::as_str)
}

/// `x-request-name`.
pub fn request_name(op: &Value) -> Option<&str> {
    op.get("x-request-name").and_then(Value::as_str)
}

/// `x-one-of-required`: each group's entry as written (`{name, params}`).
pub fn one_of_groups(v: &Value) -> impl Iterator<Item = &Value> + '_ {
    v.get("x-one-of-required").and_then(Value::as_array).into_iter().flatten()
}

/// A one-of group's `name` and its `params` (the strings among them).
pub fn one_of_group(group: &Value) -> (Option<&str>, Vec<&str>) {
    let params = group.get("params").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
    (group.get("name").and_then(Value::as_str), params.collect())
}

/// `x-injected` of a parameter or a schema, as written.
pub fn injected_value(v: &Value) -> Option<&Value> {
    v.get("x-injected")
}

/// `x-injected` of a parameter or a schema, when it is text.
pub fn injected(v: &Value) -> Option<&str> {
    injected_value(v).and_then(Value::as_str)
}

/// `x-refuse`, as written (`{contains, why}`).
pub fn refuse(param: &Value) -> Option<&Value> {
    param.get("x-refuse")
}

/// `x-signing` of a security scheme.
pub fn signing(scheme: &Value) -> Option<&str> {
    scheme.get("x-signing").and_then(Value::as_str)
}

/// `x-name` of a server.
pub fn server_name(server: &Value) -> Option<&str> {
    server.get("x-name").and_then(Value::as_str)
}

/// The first extension in `doc` (examples aside) that is not in [`ALL`], with where it is: a
/// typo (`x-retry-save`) would otherwise be ignored, and the fact it meant to state lost.
pub fn unknown_extension(doc: &Value) -> Option<String> {
    fn walk(value: &Value, at: &str) -> Option<String> {
        match value {
            Value::Object(map) => map.iter().find_map(|(key, v)| {
                if key == "example" || key == "examples" {
                    return None;
                }
                let here = if at.is_empty() { key.clone() } else { format!("{at} › {key}") };
                if key.starts_with("x-") && !ALL.iter().any(|(name, _)| name == key) {
                    return Some(here);
                }
                walk(v, &here)
            }),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| walk(v, &format!("{at} › {i}"))),
            _ => None,
        }
    }
    walk(doc, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    if key.starts_with("x-") {
                        out.push(key.clone());
                    }
                    keys(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }

    #[test]
    fn an_unknown_extension_is_found_with_where_it_is() {
        let doc = serde_json::json!({"paths": {"/a": {"get": {"x-retry-save": true, "x-docs-read": "2026-01-01"}}},
            "x-clock": {"header": "Date"}, "components": {"examples": {"x-anything": 1}}});
        assert_eq!(unknown_extension(&doc).as_deref(), Some("paths › /a › get › x-retry-save"));
        let known =
            serde_json::json!({"x-clock": {"header": "Date"}, "paths": {"/a": {"get": {"x-retry-safe": true}}}});
        assert_eq!(unknown_extension(&known), None);
    }

    #[test]
    fn every_extension_in_the_specs_is_one_the_tools_read() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(root.join("specs")).unwrap() {
            for file in ["openapi.yaml", "asyncapi.yaml"] {
                let path = entry.as_ref().unwrap().path().join(file);
                if let Ok(text) = std::fs::read_to_string(&path) {
                    keys(&serde_yaml::from_str::<Value>(&text).unwrap(), &mut seen);
                }
            }
        }
        seen.sort();
        seen.dedup();
        for key in &seen {
            assert!(ALL.iter().any(|(name, _)| name == key), "{key} is in a spec but not in vocab::ALL");
        }
        assert!(seen.len() >= 20, "{seen:?}");
    }
}
