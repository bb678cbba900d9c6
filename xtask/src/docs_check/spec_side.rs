//! What each spec says about its operations, in the terms a page is compared in: every `$ref`
//! followed (across to `./openapi.yaml` from the AsyncAPI spec) and single-member `allOf`s
//! merged, so a schema is one plain value.

use std::path::Path;

use serde_json::{Map, Value};

use super::page::Endpoint;
use crate::asyncapi::REPLY_RESULT;
use crate::drift::surface::{Docs, Which};
use crate::error::{Error, Result};
use crate::vocab;

/// One operation of one spec.
#[derive(Clone, Debug)]
pub struct SpecOp {
    /// The venue's folder under `specs/`.
    pub venue: String,
    /// The spec file, relative to the workspace (`specs/p99-spot/openapi.yaml`).
    pub spec_file: String,
    /// The `operationId`, or the WebSocket method.
    pub id: String,
    pub endpoint: Endpoint,
    pub docs_url: Option<String>,
    pub docs_sha256: Option<String>,
    pub params: Vec<SpecParam>,
    /// The whole answer's schema (an envelope, a WebSocket reply, or the value itself).
    pub body: Option<Value>,
    /// Where the value sits in the answer: the envelope's data field or the reply's `result`.
    pub payload_field: Option<String>,
    pub weight: Option<i64>,
    pub rate_limit: Option<String>,
    /// Error statuses the spec answers, each with the codes its examples carry.
    pub errors: Vec<(u16, Vec<String>)>,
    /// `x-error-codes`, venue-wide.
    pub error_codes: Vec<String>,
}

impl SpecOp {
    /// The schema of the value the crate returns: the body, or the field the envelope or
    /// reply holds it in; for a list, its items.
    pub fn payload(&self) -> Option<&Value> {
        let body = self.body.as_ref()?;
        let value = match &self.payload_field {
            Some(field) => body.get("properties")?.get(field)?,
            None => body,
        };
        Some(value.get("items").unwrap_or(value))
    }
}

#[derive(Clone, Debug)]
pub struct SpecParam {
    pub name: String,
    /// `query`, `header`, `path` (REST) or `params` (WebSocket).
    pub location: String,
    pub required: bool,
    /// The `x-injected` kind: the SDK fills it in, so a page may list it and a method not take it.
    pub injected: Option<String>,
    /// The parameter's schema, inlined.
    pub schema: Value,
    /// The parameter itself carries `x-source` or `x-assumed`.
    pub sourced: bool,
    /// An array sent as one comma-joined value (`style: form`, `explode: false`): the docs
    /// call it a string.
    pub comma_joined: bool,
}

/// Whether a spec item names where it comes from besides the page: `x-source` (another page,
/// the venue's behaviour) or `x-assumed` (a reading the spec chose and says so).
pub fn sourced(value: &Value) -> bool {
    value.get("x-source").is_some() || vocab::assumed(value).is_some()
}

/// Every operation of every spec under `specs/`.
pub fn load(root: &Path) -> Result<Vec<SpecOp>> {
    let dir = root.join("specs");
    let mut venues: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("openapi.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    venues.sort();
    let mut ops = Vec::new();
    for venue in venues {
        let read = |name: &str| -> Result<Option<Value>> {
            let path = dir.join(&venue).join(name);
            if !path.is_file() {
                return Ok(None);
            }
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let doc = serde_yaml::from_str(&text)
                .map_err(|e| Error::spec(&format!("specs/{venue}/{name}"), format!("not valid YAML: {e}")))?;
            Ok(Some(doc))
        };
        let Some(openapi) = read("openapi.yaml")? else { continue };
        let docs = Docs { openapi: Some(openapi), asyncapi: read("asyncapi.yaml")? };
        ops.extend(rest_ops(&venue, &docs));
        ops.extend(ws_ops(&venue, &docs));
    }
    Ok(ops)
}

/// `value` with every `$ref` replaced by what it names (followed as drift follows them:
/// local, or `./openapi.yaml#…` from the AsyncAPI document) and every one-member `allOf`
/// merged into its parent, to a depth of 16 (a cycle stops there).
fn inline(docs: &Docs, which: Which, value: &Value, depth: usize) -> Value {
    if depth > 16 {
        return Value::Null;
    }
    let Value::Object(map) = value else {
        return match value {
            Value::Array(items) => Value::Array(items.iter().map(|v| inline(docs, which, v, depth + 1)).collect()),
            other => other.clone(),
        };
    };
    if map.contains_key("$ref") {
        let (target_which, target, _) = docs.deref(which, value);
        // A `$ref` that leads nowhere is nothing, not the reference itself.
        let mut resolved =
            if target.get("$ref").is_some() { Value::Null } else { inline(docs, target_which, target, depth + 1) };
        // Siblings of a `$ref` (a description, `x-assumed`) stay with it.
        if let Value::Object(resolved_map) = &mut resolved {
            for (k, v) in map.iter().filter(|(k, _)| *k != "$ref") {
                resolved_map.insert(k.clone(), inline(docs, which, v, depth + 1));
            }
        }
        return resolved;
    }
    let mut out = Map::new();
    let merged = match map.get("allOf") {
        Some(Value::Array(members)) if members.len() == 1 => match inline(docs, which, &members[0], depth + 1) {
            Value::Object(member) => {
                out.extend(member);
                true
            }
            _ => false,
        },
        _ => false,
    };
    for (k, v) in map {
        if !(merged && k == "allOf") {
            out.insert(k.clone(), inline(docs, which, v, depth + 1));
        }
    }
    Value::Object(out)
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn rest_ops(venue: &str, docs: &Docs) -> Vec<SpecOp> {
    let Some(doc) = docs.openapi.as_ref() else { return Vec::new() };
    let spec_file = format!("specs/{venue}/openapi.yaml");
    let envelope_data = vocab::envelope(doc).and_then(|e| text(e, "data"));
    let error_codes = error_codes(doc);
    let mut ops = Vec::new();
    let Some(Value::Object(paths)) = doc.get("paths") else { return ops };
    for (path, item) in paths {
        let Value::Object(methods) = item else { continue };
        for (method, op) in methods {
            if !["get", "post", "put", "delete", "patch"].contains(&method.as_str()) {
                continue;
            }
            let params: Vec<SpecParam> = op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|p| inline(docs, Which::OpenApi, p, 0))
                .map(|p| SpecParam {
                    name: text(&p, "name").unwrap_or_default(),
                    location: text(&p, "in").unwrap_or_default(),
                    required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                    injected: text(&p, "x-injected"),
                    schema: p.get("schema").cloned().unwrap_or(Value::Null),
                    sourced: sourced(&p),
                    comma_joined: p.get("explode").and_then(Value::as_bool) == Some(false)
                        && p.pointer("/schema/type").and_then(Value::as_str) == Some("array"),
                })
                .collect();
            // A constant the path carries (`command=returnOrderStatus`) is part of the endpoint.
            let query = params
                .iter()
                .filter(|p| p.injected.as_deref() == Some("constant"))
                .filter_map(|p| {
                    let values = p.schema.get("enum")?.as_array()?;
                    Some((p.name.clone(), values.first()?.as_str()?.to_string()))
                })
                .collect();
            let responses = op.get("responses");
            let body = responses
                .and_then(|r| r.get("200"))
                .and_then(|r| r.pointer("/content/application~1json/schema"))
                .map(|s| inline(docs, Which::OpenApi, s, 0));
            let mut errors = Vec::new();
            if let Some(Value::Object(responses)) = responses {
                for (status, response) in responses {
                    let Ok(status) = status.parse::<u16>() else { continue };
                    if status < 400 {
                        continue;
                    }
                    let mut codes = Vec::new();
                    if let Some(example) = response.pointer("/content/application~1json/example") {
                        strings_in(example, &mut codes);
                    }
                    errors.push((status, codes));
                }
            }
            ops.push(SpecOp {
                venue: venue.to_string(),
                spec_file: spec_file.clone(),
                id: text(op, "operationId").unwrap_or_default(),
                endpoint: Endpoint::Rest { method: method.to_uppercase(), path: path.clone(), query },
                docs_url: op.pointer("/externalDocs/url").and_then(Value::as_str).map(str::to_string),
                docs_sha256: text(op, "x-docs-sha256"),
                params,
                body,
                payload_field: envelope_data.clone(),
                weight: vocab::request_weight(op).and_then(Value::as_i64),
                rate_limit: vocab::rate_limit(op).and_then(Value::as_str).map(str::to_string),
                errors,
                error_codes: error_codes.clone(),
            });
        }
    }
    ops
}

fn ws_ops(venue: &str, docs: &Docs) -> Vec<SpecOp> {
    let (Some(rest), Some(doc)) = (docs.openapi.as_ref(), docs.asyncapi.as_ref()) else { return Vec::new() };
    let mut ops = Vec::new();
    let Some(Value::Object(operations)) = doc.get("operations") else { return ops };
    for (method, op) in operations {
        let request = op
            .pointer("/messages/0")
            .map(|m| inline(docs, Which::AsyncApi, m, 0))
            .and_then(|m| m.pointer("/payload/properties/params").cloned())
            .unwrap_or(Value::Null);
        let required: Vec<&str> =
            request.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let params = request
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, schema)| SpecParam {
                name: name.clone(),
                location: "params".into(),
                required: required.contains(&name.as_str()),
                injected: text(schema, "x-injected"),
                schema: schema.clone(),
                sourced: sourced(schema),
                comma_joined: false,
            })
            .collect();
        // The reply whose payload has a `result`, as codegen picks it.
        let body = op
            .pointer("/reply/messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|m| inline(docs, Which::AsyncApi, m, 0))
            .filter_map(|m| m.get("payload").cloned())
            .find(|p| p.pointer(&format!("/properties/{REPLY_RESULT}")).is_some());
        ops.push(SpecOp {
            venue: venue.to_string(),
            spec_file: format!("specs/{venue}/asyncapi.yaml"),
            id: method.clone(),
            endpoint: Endpoint::Ws { method: method.clone() },
            docs_url: op.pointer("/externalDocs/url").and_then(Value::as_str).map(str::to_string),
            docs_sha256: text(op, "x-docs-sha256"),
            params,
            body,
            payload_field: Some(REPLY_RESULT.to_string()),
            weight: vocab::request_weight(op).and_then(Value::as_i64),
            rate_limit: vocab::rate_limit(op).and_then(Value::as_str).map(str::to_string),
            errors: Vec::new(),
            error_codes: error_codes(rest),
        });
    }
    ops
}

fn error_codes(doc: &Value) -> Vec<String> {
    doc.pointer("/components/x-error-codes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| e.get("code"))
        .map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string))
        .collect()
}

fn strings_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}
