//! A venue's API as drift compares it: per operation, what we send (parameters) and what we
//! receive (response fields, flattened to paths), with auth, provenance and one-of groups.
//! Read from the raw OpenAPI and AsyncAPI documents, so a spec the generator would refuse can
//! still be compared, and both protocols land in one shape; every extension is found through
//! `crate::vocab`, as codegen finds it.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::vocab;

/// How deep nested objects are followed; the specs here nest three levels at most.
const MAX_DEPTH: usize = 8;

#[derive(Clone, Debug, Default)]
pub struct Surface {
    /// Keyed by `REST <operationId>` or `WebSocket <method>`.
    pub operations: BTreeMap<String, Op>,
    /// `components.x-error-codes`: code → (class, source or assumption).
    pub error_codes: BTreeMap<String, (String, String)>,
    /// The venue-wide facts the generated front reads (`x-clock`, `x-envelope`, `x-error-body`,
    /// `x-error-statuses`, `x-rate-limit-headers`), each as compact JSON, by extension.
    pub facts: BTreeMap<String, String>,
    /// `servers`: URL → `x-name` (which names its constructor; empty when the spec gives none).
    pub servers: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Op {
    pub protocol: &'static str,
    pub id: String,
    /// `GET /fapi/v1/order`, or the WebSocket method name.
    pub endpoint: String,
    pub summary: String,
    pub doc_url: Option<String>,
    pub docs_read: Option<String>,
    /// Sent by the runtime itself (`x-called-by: runtime`); no public method.
    pub internal: bool,
    /// `x-retry-safe`: the runtime retries transient failures.
    pub retry_safe: bool,
    /// Where this operation's reply holds the venue's time, when the spec's `x-clock` names it.
    pub clock: Option<String>,
    /// One line per security scheme the operation accepts: name, type, where the key goes, rule.
    pub auth: Vec<String>,
    /// `OrderRef: orderId | origClientOrderId`.
    pub one_of: Vec<String>,
    /// What the docs state about the operation beyond its shape, by kind: `x-not-found`,
    /// `x-rate-limit`, `x-request-weight`.
    pub rules: BTreeMap<String, String>,
    /// Every `x-assumed` bearing on the operation, by what it is about (as codegen reads them).
    pub assumptions: BTreeMap<String, String>,
    /// The parameters' `x-refuse` rules: parameter → the text refused.
    pub refusals: BTreeMap<String, String>,
    /// `x-request-name`: the generated method takes one request struct (new optional
    /// parameters are setters) rather than one argument per parameter.
    pub request_struct: bool,
    pub request: BTreeMap<String, Field>,
    pub response: BTreeMap<String, Field>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Field {
    /// `query`, `header`, `path`, `params` (WebSocket) or `body`.
    pub location: String,
    pub required: bool,
    pub nullable: bool,
    /// `string`, `integer`, `object`, `array`, `string|integer`, …
    pub ty: String,
    pub format: Option<String>,
    /// The named schema this field refers to (`OrderStatus`, `Order`).
    pub schema: Option<String>,
    pub enum_values: Option<Vec<String>>,
    pub injected: Option<String>,
    /// The schema's `default`.
    pub default: Option<String>,
    /// The schema's limits (`minimum`, `maximum`, `minLength`, `maxLength`, `minItems`,
    /// `maxItems`), as `name=value` pairs.
    pub bounds: Option<String>,
    /// The description, whitespace folded.
    pub description: Option<String>,
}

impl Field {
    /// `string (decimal)`, `integer (unix-millis)`, `OrderStatus`.
    pub fn type_label(&self) -> String {
        let base = match &self.format {
            Some(f) => format!("{} ({f})", self.ty),
            None => self.ty.clone(),
        };
        match &self.schema {
            Some(s) if self.enum_values.is_some() || self.ty == "object" => format!("{base} `{s}`"),
            _ => base,
        }
    }

    /// Whether the generated Rust type is an `Option`: absent or null is allowed.
    pub fn optional_in_rust(&self) -> bool {
        !self.required || self.nullable
    }
}

/// The documents of one venue at one revision: `openapi.yaml` and, when present, `asyncapi.yaml`.
pub struct Docs {
    pub openapi: Option<Value>,
    pub asyncapi: Option<Value>,
}

/// Which of a venue's two documents a schema is read in.
#[derive(Clone, Copy, PartialEq)]
pub enum Which {
    OpenApi,
    AsyncApi,
}

impl Docs {
    fn doc(&self, which: Which) -> Option<&Value> {
        match which {
            Which::OpenApi => self.openapi.as_ref(),
            Which::AsyncApi => self.asyncapi.as_ref(),
        }
    }

    /// Follows `$ref`s (local, or `./openapi.yaml#/…` from the AsyncAPI document) to a schema,
    /// returning it, the document it is in, and the name of the last named schema on the way.
    pub fn deref<'a>(&'a self, mut which: Which, mut value: &'a Value) -> (Which, &'a Value, Option<String>) {
        let mut name = None;
        for _ in 0..MAX_DEPTH {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else { break };
            let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
            if file.ends_with("openapi.yaml") {
                which = Which::OpenApi;
            }
            if let Some(last) = pointer.rsplit('/').next()
                && pointer.contains("/schemas/")
            {
                name = Some(last.to_string());
            }
            match self.doc(which).and_then(|d| d.pointer(pointer)) {
                Some(target) => value = target,
                None => break,
            }
        }
        (which, value, name)
    }
}

pub fn read(docs: &Docs) -> Surface {
    let mut surface = Surface::default();
    if let Some(openapi) = &docs.openapi {
        read_openapi(docs, openapi, &mut surface);
        for row in vocab::error_codes(openapi).and_then(Value::as_array).into_iter().flatten() {
            let code = row.get("code").map(|c| c.to_string()).unwrap_or_default();
            let class = text(row, "class").unwrap_or_default();
            let source = text(row, "source").or_else(|| text(row, "assumed").map(|a| format!("assumed: {a}")));
            surface.error_codes.insert(code, (class, source.unwrap_or_default()));
        }
        for (key, value) in vocab::venue_facts(openapi) {
            if let Some(value) = value {
                surface.facts.insert(key.to_string(), value.to_string());
            }
        }
        for server in openapi.get("servers").and_then(Value::as_array).into_iter().flatten() {
            let url = text(server, "url").unwrap_or_default();
            surface.servers.insert(url, vocab::server_name(server).unwrap_or_default().to_string());
        }
    }
    if let Some(asyncapi) = &docs.asyncapi {
        read_asyncapi(docs, asyncapi, &mut surface);
    }
    surface
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn read_openapi(docs: &Docs, doc: &Value, surface: &mut Surface) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, op) in item {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options") {
                continue;
            }
            let id = text(op, "operationId").unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
            let mut o = Op {
                protocol: "REST",
                id: id.clone(),
                endpoint: format!("{} {path}", method.to_uppercase()),
                summary: text(op, "summary").unwrap_or_default(),
                doc_url: vocab::doc_url(op).map(str::to_string),
                docs_read: vocab::docs_read(op).map(str::to_string),
                internal: vocab::called_by(op) == Some("runtime"),
                retry_safe: vocab::retry_safe(op).and_then(Value::as_bool).unwrap_or(false),
                auth: openapi_auth(doc, op),
                one_of: one_of_groups(op),
                rules: rules(op),
                request_struct: vocab::request_name(op).is_some(),
                ..Op::default()
            };
            let shared = item.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            let own = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            let resolved: Vec<Value> =
                shared.iter().chain(&own).map(|p| docs.deref(Which::OpenApi, p).1.clone()).collect();
            for a in crate::spec::operation_assumptions(doc, op, &resolved) {
                o.assumptions.insert(a.about, a.text);
            }
            for p in shared.iter().chain(&own) {
                let (_, p, _) = docs.deref(Which::OpenApi, p);
                let Some(name) = text(p, "name") else { continue };
                if let Some(refused) = vocab::refuse(p).and_then(|r| r.get("contains")).and_then(Value::as_str) {
                    o.refusals.insert(name.clone(), refused.to_string());
                }
                let schema = p.get("schema").cloned().unwrap_or(Value::Null);
                let mut f = field(docs, Which::OpenApi, &schema);
                f.location = text(p, "in").unwrap_or_default();
                f.required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
                f.injected = vocab::injected(p).map(str::to_string).or(f.injected);
                f.description = text(p, "description").map(|d| crate::docs::squash(&d));
                o.request.insert(name, f);
            }
            if let Some(body) = op.pointer("/requestBody/content/application~1json/schema") {
                flatten(docs, Which::OpenApi, body, "body", "", &mut o.request, 0);
            }
            let success = op
                .get("responses")
                .and_then(Value::as_object)
                .and_then(|r| r.iter().find(|(code, _)| code.starts_with('2')).map(|(_, v)| v.clone()));
            if let Some(response) = success {
                let (_, response, _) = docs.deref(Which::OpenApi, &response);
                if let Some(schema) = response.pointer("/content/application~1json/schema") {
                    flatten_root(docs, Which::OpenApi, schema, &mut o.response);
                }
            }
            surface.operations.insert(format!("REST {id}"), o);
        }
    }
}

/// The docs' stated rules an operation carries as extensions, text squashed.
fn rules(op: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (key, value) in vocab::operation_rules(op) {
        let value = match value {
            Value::String(s) => crate::docs::squash(s),
            other => other.to_string(),
        };
        out.insert(key.to_string(), value);
    }
    out
}

fn openapi_auth(doc: &Value, op: &Value) -> Vec<String> {
    let requirements =
        op.get("security").or_else(|| doc.get("security")).and_then(Value::as_array).cloned().unwrap_or_default();
    let mut out = Vec::new();
    for requirement in requirements {
        let Some(names) = requirement.as_object() else { continue };
        for name in names.keys() {
            let scheme = doc.pointer(&format!("/components/securitySchemes/{name}")).cloned().unwrap_or(Value::Null);
            out.push(scheme_line(name, &scheme));
        }
    }
    out.sort();
    out
}

fn scheme_line(name: &str, scheme: &Value) -> String {
    let mut parts = vec![name.to_string()];
    for key in ["type", "in", "name", "scheme"] {
        if let Some(v) = text(scheme, key) {
            parts.push(format!("{key}={v}"));
        }
    }
    if let Some(rule) = vocab::signing(scheme) {
        parts.push(format!("x-signing={rule}"));
    }
    parts.join(" ")
}

fn one_of_groups(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = vocab::one_of_groups(v)
        .map(|g| {
            let (name, params) = vocab::one_of_group(g);
            format!("{}: {}", name.unwrap_or_default(), params.join(" | "))
        })
        .collect();
    out.sort();
    out
}

fn read_asyncapi(docs: &Docs, doc: &Value, surface: &mut Surface) {
    let Some(ops) = doc.get("operations").and_then(Value::as_object) else { return };
    let clock = vocab::clock(doc);
    for (method, op) in ops {
        let mut o = Op {
            protocol: "WebSocket",
            id: method.clone(),
            endpoint: method.clone(),
            summary: text(op, "title").or_else(|| text(op, "summary")).unwrap_or_default(),
            doc_url: vocab::doc_url(op).map(str::to_string),
            docs_read: vocab::docs_read(op).map(str::to_string),
            internal: vocab::called_by(op) == Some("runtime"),
            retry_safe: vocab::retry_safe(op).and_then(Value::as_bool).unwrap_or(false),
            clock: clock
                .filter(|c| c.get("method").and_then(Value::as_str) == Some(method.as_str()))
                .map(|c| text(c, "server-time").unwrap_or_default()),
            rules: rules(op),
            assumptions: vocab::assumed(op)
                .map(|a| ("the operation".to_string(), crate::docs::squash(a)))
                .into_iter()
                .collect(),
            ..Op::default()
        };
        let mut auth: Vec<String> = op
            .get("security")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|s| {
                let (_, scheme, _) = docs.deref(Which::AsyncApi, s);
                let name = s.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()).unwrap_or("inline");
                scheme_line(name, scheme)
            })
            .collect();
        auth.sort();
        o.auth = auth;
        let request = op.pointer("/messages/0").map(|m| message(docs, m));
        if let Some(payload) = request.and_then(|m| m.get("payload").cloned()) {
            let (which, payload, _) = docs.deref(Which::AsyncApi, &payload);
            if let Some(params) = payload.pointer("/properties/params") {
                let (which, params, _) = docs.deref(which, params);
                o.one_of = one_of_groups(params);
                flatten(docs, which, params, "params", "", &mut o.request, 0);
            }
            if let Some(id) = payload.pointer("/properties/id") {
                let mut f = field(docs, which, id);
                f.location = "frame".into();
                f.required = required_list(payload).contains(&"id".to_string());
                o.request.insert("id".into(), f);
            }
        }
        // The first reply message is the success reply; the error reply is shared by all.
        let reply = op.pointer("/reply/messages/0").map(|m| message(docs, m));
        if let Some(payload) = reply.and_then(|m| m.get("payload").cloned()) {
            flatten_root(docs, Which::AsyncApi, &payload, &mut o.response);
        }
        surface.operations.insert(format!("WebSocket {method}"), o);
    }
}

/// A message, following `#/channels/…/messages/x` and `#/components/messages/X` references.
fn message<'a>(docs: &'a Docs, m: &'a Value) -> &'a Value {
    let (_, m, _) = docs.deref(Which::AsyncApi, m);
    m
}

fn required_list(schema: &Value) -> Vec<String> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

/// The response root: its named type (a rename shows as a change at path `(root)`) and fields.
fn flatten_root(docs: &Docs, which: Which, schema: &Value, out: &mut BTreeMap<String, Field>) {
    let mut root = field(docs, which, schema);
    root.location = "body".into();
    root.required = true;
    out.insert("(root)".into(), root);
    flatten(docs, which, schema, "body", "", out, 0);
}

/// Every property under `schema`, as `a`, `a.b`, `list[].c`.
fn flatten(
    docs: &Docs,
    which: Which,
    schema: &Value,
    location: &str,
    prefix: &str,
    out: &mut BTreeMap<String, Field>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let (which, schema, _) = docs.deref(which, schema);
    if let Some(items) = schema.get("items") {
        flatten(docs, which, items, location, &format!("{prefix}[]"), out, depth + 1);
        return;
    }
    // Compositions, as codegen resolves them: every `allOf` member's properties are the
    // object's own; a `oneOf`/`anyOf` member's are there only when that variant is sent.
    for member in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        flatten(docs, which, member, location, prefix, out, depth + 1);
    }
    for key in ["oneOf", "anyOf"] {
        for member in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            let mut variant = BTreeMap::new();
            flatten(docs, which, member, location, prefix, &mut variant, depth + 1);
            for (path, mut f) in variant {
                f.required = false;
                out.entry(path).or_insert(f);
            }
        }
    }
    let required = required_list(schema);
    let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
    for (name, prop) in props {
        let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
        let mut f = field(docs, which, prop);
        f.location = location.to_string();
        f.required = required.contains(name);
        out.insert(path.clone(), f);
        flatten(docs, which, prop, location, &path, out, depth + 1);
    }
}

/// A field's type as the spec states it, following references to named schemas.
fn field(docs: &Docs, which: Which, schema: &Value) -> Field {
    let (which, resolved, name) = docs.deref(which, schema);
    let mut f = Field { schema: name, ..Field::default() };
    f.default = schema.get("default").or_else(|| resolved.get("default")).map(Value::to_string);
    let bounds: Vec<String> = ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"]
        .iter()
        .filter_map(|k| schema.get(*k).or_else(|| resolved.get(*k)).map(|v| format!("{k}={v}")))
        .collect();
    f.bounds = (!bounds.is_empty()).then(|| bounds.join(" "));
    f.description = text(schema, "description").map(|d| crate::docs::squash(&d));
    f.injected = vocab::injected(resolved).or_else(|| vocab::injected(schema)).map(str::to_string);
    f.nullable = resolved.get("nullable").and_then(Value::as_bool).unwrap_or(false);
    // `{nullable: true, allOf: [$ref]}`: the one member's type, nullable.
    if let Some([member]) = resolved.get("allOf").and_then(Value::as_array).map(Vec::as_slice)
        && resolved.get("type").is_none()
    {
        let inner = field(docs, which, member);
        return Field { nullable: f.nullable || inner.nullable, description: f.description, ..inner };
    }
    if let Some(variants) = resolved.get("oneOf").or_else(|| resolved.get("anyOf")).and_then(Value::as_array) {
        let mut types = Vec::new();
        for v in variants {
            let inner = field(docs, which, v);
            if inner.ty == "null" {
                f.nullable = true;
            } else {
                if f.schema.is_none() {
                    f.schema = inner.schema.clone();
                }
                types.push(inner.ty);
            }
        }
        types.sort();
        types.dedup();
        f.ty = types.join("|");
        return f;
    }
    f.ty = match resolved.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => {
            let mut types: Vec<String> = ts.iter().filter_map(Value::as_str).map(str::to_string).collect();
            if types.iter().any(|t| t == "null") {
                f.nullable = true;
                types.retain(|t| t != "null");
            }
            types.join("|")
        }
        _ if resolved.get("properties").is_some() => "object".into(),
        _ => "any".into(),
    };
    if f.ty == "array"
        && let Some(items) = resolved.get("items")
    {
        let inner = field(docs, which, items);
        f.ty = format!("array<{}>", inner.type_label());
    }
    f.format = text(resolved, "format");
    f.enum_values = resolved
        .get("enum")
        .and_then(Value::as_array)
        .map(|values| values.iter().map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())).collect());
    f
}
