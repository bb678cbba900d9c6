//! Reading a venue's AsyncAPI 3.0 spec (`specs/<venue>/asyncapi.yaml`): a WebSocket API of
//! request/reply operations on one channel, with the same conventions as the OpenAPI specs.
//!
//! - Each operation is `action: send` with one request message and a `reply`; the request
//!   payload is `{id, method, params}`, `method` a `const`, `params` an object whose properties
//!   are the docs' parameters. `x-injected` on a property (or on the schema `id` refers to) means
//!   the SDK fills it in; `x-one-of-required` on `params` works as in the OpenAPI specs.
//! - The first reply message whose payload has a `result` is the success reply; its payload
//!   becomes a Rust type, named after the message (or after the schema it refers to).
//! - `$ref: ./openapi.yaml#/components/schemas/X` shares a schema with the REST spec, so both
//!   channels decode into the one Rust type progenitor generated for it.
//! - `x-called-by: runtime` on an operation: the runtime sends it itself (session logon); it gets
//!   no public method.

use std::collections::BTreeMap;
use std::path::Path;

/// The reply property that holds an operation's answer: a reply message is the one whose
/// payload has it, and the typed methods return it.
pub const REPLY_RESULT: &str = "result";

use heck::ToSnakeCase;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::spec::{self, EnumSchema, InjectedKind, OneOfGroup, OneOfParam, str_at};
use crate::vocab;

/// The REST spec a WebSocket spec may share schemas with, as its `$ref`s spell it.
pub const SHARED_SPEC_REF: &str = "./openapi.yaml#/components/schemas/";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    Text,
    Integer,
    Boolean,
}

#[derive(Clone, Debug)]
pub struct WsParam {
    pub name: String,
    pub ty: ParamType,
    pub required: bool,
    pub description: String,
}

#[derive(Clone, Debug)]
pub struct WsInjected {
    pub name: String,
    pub kind: InjectedKind,
    pub required: bool,
    /// The schema's `maximum`, checked before sending.
    pub maximum: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct WsOperation {
    /// The operation key, which is also the `method` sent: `order.status`.
    pub method: String,
    pub title: String,
    pub summary: String,
    pub doc_url: String,
    pub docs_read: String,
    pub weight: Option<u64>,
    /// `x-retry-safe: true`: a rejected timestamp is followed by a clock measurement and one retry.
    pub retry_safe: bool,
    pub signing: Vec<String>,
    /// Parameters the caller passes, outside one-of groups: required first, then by name.
    pub params: Vec<WsParam>,
    pub one_of: Vec<OneOfGroup>,
    pub injected: Vec<WsInjected>,
    /// The generated type of the success reply.
    pub reply_type: String,
    /// The schema the success reply's `result` refers to, and whether it is shared with the REST
    /// spec; the plain method returns it (inside `Option` when `result` is not required).
    pub result_schema: String,
    pub result_shared: bool,
    pub result_required: bool,
    pub public: bool,
    /// The spec's `description`.
    pub description: String,
    /// `x-not-found`: when the docs say an order is not found.
    pub not_found: Option<String>,
    /// The operation's own `x-assumed`, if any.
    pub assumed: Option<String>,
}

pub struct WsSpec {
    pub rel_path: String,
    pub sha256: String,
    pub operations: Vec<WsOperation>,
    pub enums: Vec<EnumSchema>,
    pub scalar_unions: Vec<EnumSchema>,
    /// JSON Schema definitions for typify: reply payloads and the component schemas, with `$ref`s
    /// rewritten to `#/definitions/…` and extensions removed.
    pub definitions: BTreeMap<String, Value>,
    /// Schemas taken from the REST spec (`Order`): generated there, referred to here.
    pub shared: Vec<String>,
    /// Where the venue's time comes from on this API (`x-clock`).
    pub clock: Option<WsClock>,
    /// `servers`, by name (sorted: YAML maps reach the generator without their order), each
    /// with the URL a client connects to: protocol, host, pathname and the channel's address.
    pub servers: Vec<WsServer>,
}

/// One `servers` entry and the URL it gives.
pub struct WsServer {
    pub name: String,
    pub url: String,
    pub description: String,
}

/// The operation that reads the venue's clock, and where its reply holds the time.
pub struct WsClock {
    pub const_name: String,
    pub server_time: String,
}

pub fn load(root: &Path, path: &Path) -> Result<WsSpec> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let rel_path = spec::rel_path(root, path);
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::spec(&rel_path, "the file is not UTF-8"))?;
    let doc: Value = serde_yaml::from_str(text).map_err(|e| Error::spec(&rel_path, format!("not valid YAML: {e}")))?;
    if let Some(at) = vocab::unknown_extension(&doc) {
        return Err(Error::spec(
            &rel_path,
            format!("{at}: not an extension the generator reads; the extensions are listed in xtask/src/vocab.rs"),
        ));
    }
    from_value(rel_path, spec::sha256_hex(&bytes), doc)
}

/// Follows local `$ref`s (`#/…`) to the value they name.
fn resolve<'a>(doc: &'a Value, mut value: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with("#/") => value = doc.pointer(&r[1..])?,
            Some(_) => return Some(value),
            None => return Some(value),
        }
    }
    None
}

pub fn from_value(rel_path: String, sha256: String, doc: Value) -> Result<WsSpec> {
    let err = |msg: String| Error::spec(&rel_path, msg);
    let version = doc.get("asyncapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(err(format!("`asyncapi` must be 3.0.x, found {version:?}")));
    }
    let operations_doc =
        doc.get("operations").and_then(Value::as_object).ok_or_else(|| err("no `operations`".into()))?;
    let mut operations = Vec::new();
    let mut reply_messages: BTreeMap<String, Value> = BTreeMap::new();
    for (key, op) in operations_doc {
        let op_err = |msg: &str| err(format!("operation {key}: {msg}"));
        if str_at(op, "/action").as_deref() != Some("send") {
            return Err(op_err("only `action: send` (request/reply) operations are supported"));
        }
        let (doc_url, docs_read) = spec::provenance(op).map_err(op_err)?;
        let retry_safe = spec::retry_safe(op).map_err(op_err)?;
        let mut signing = Vec::new();
        for scheme in op.get("security").and_then(Value::as_array).into_iter().flatten() {
            let rule = resolve(&doc, scheme)
                .and_then(vocab::signing)
                .ok_or_else(|| op_err("a security scheme is not declared or has no x-signing rule"))?;
            spec::known_rule(rule).map_err(|m| op_err(&m))?;
            signing.push(rule.to_string());
        }

        // The request: `{id, method, params}`.
        let request = op
            .pointer("/messages/0")
            .and_then(|m| resolve(&doc, m))
            .and_then(|m| m.get("payload"))
            .and_then(|p| resolve(&doc, p))
            .ok_or_else(|| op_err("needs one request message with a payload"))?;
        let method = str_at(request, "/properties/method/const")
            .ok_or_else(|| op_err("the request payload needs `method` with a `const`"))?;
        if &method != key {
            return Err(op_err(&format!("the operation key must be the method it sends, {method:?}")));
        }
        let id_schema = request
            .pointer("/properties/id")
            .and_then(|s| resolve(&doc, s))
            .ok_or_else(|| op_err("the request payload needs an `id`"))?;
        if vocab::injected(id_schema) != Some("request-id") {
            return Err(op_err("the request `id` must be marked `x-injected: request-id`; the runtime picks it"));
        }

        let params_schema = request.pointer("/properties/params").and_then(|s| resolve(&doc, s));
        let required: Vec<String> = params_schema
            .and_then(|p| p.get("required"))
            .and_then(|r| serde_json::from_value(r.clone()).ok())
            .unwrap_or_default();
        let mut params = Vec::new();
        let mut injected = Vec::new();
        let properties = params_schema.and_then(|p| p.get("properties")).and_then(Value::as_object);
        for (name, schema) in properties.into_iter().flatten() {
            let schema = resolve(&doc, schema).unwrap_or(schema);
            let is_required = required.contains(name);
            match vocab::injected(schema).map(str::to_string) {
                Some(kind) => {
                    let kind = InjectedKind::parse(&kind)
                        .filter(|k| !matches!(k, InjectedKind::Constant | InjectedKind::RequestId))
                        .ok_or_else(|| op_err(&format!("param `{name}`: unsupported x-injected kind {kind:?} (timestamp, recv-window, signature, api-key)")))?;
                    let maximum = schema.get("maximum").and_then(Value::as_i64);
                    injected.push(WsInjected { name: name.clone(), kind, required: is_required, maximum });
                }
                None => {
                    let ty = match (str_at(schema, "/type").as_deref(), str_at(schema, "/format").as_deref()) {
                        (Some("string"), None) => ParamType::Text,
                        (Some("integer"), _) => ParamType::Integer,
                        (Some("boolean"), _) => ParamType::Boolean,
                        _ => {
                            return Err(op_err(&format!(
                                "param `{name}`: only string, integer and boolean params are supported"
                            )));
                        }
                    };
                    let description = str_at(schema, "/description").unwrap_or_default();
                    params.push(WsParam { name: name.clone(), ty, required: is_required, description });
                }
            }
        }
        let mut one_of = Vec::new();
        for group in params_schema.into_iter().flat_map(vocab::one_of_groups) {
            let type_name = str_at(group, "/name").ok_or_else(|| op_err("x-one-of-required entry needs a name"))?;
            let mut members = Vec::new();
            for member in group.get("params").and_then(Value::as_array).into_iter().flatten() {
                let member = member.as_str().unwrap_or("");
                let index = params
                    .iter()
                    .position(|p| p.name == member)
                    .ok_or_else(|| op_err(&format!("x-one-of-required names unknown param `{member}`")))?;
                let p = params.remove(index);
                if p.required {
                    return Err(op_err(&format!("`{member}` is in x-one-of-required, so it must not be required")));
                }
                let rust_type = match p.ty {
                    ParamType::Text => "String",
                    ParamType::Integer => "i64",
                    ParamType::Boolean => return Err(op_err("x-one-of-required takes integer or string params")),
                };
                members.push(OneOfParam { name: p.name, rust_type: rust_type.into() });
            }
            if members.len() < 2 {
                return Err(op_err("x-one-of-required needs at least two params"));
            }
            one_of.push(OneOfGroup { type_name, params: members });
        }
        // Required first, each part by name: a stable, readable argument order.
        params.sort_by(|a, b| b.required.cmp(&a.required).then_with(|| a.name.cmp(&b.name)));

        // The success reply: the first reply message with a `result`.
        let mut reply = None;
        for message_ref in op.pointer("/reply/messages").and_then(Value::as_array).into_iter().flatten() {
            let target = message_ref.get("$ref").and_then(Value::as_str).unwrap_or("");
            let message = resolve(&doc, message_ref)
                .ok_or_else(|| op_err(&format!("reply message {target} does not resolve")))?;
            let payload_ref = message.get("payload").ok_or_else(|| op_err("a reply message has no payload"))?;
            let payload = resolve(&doc, payload_ref).ok_or_else(|| op_err("a reply payload does not resolve"))?;
            if payload.get("properties").and_then(|p| p.get(REPLY_RESULT)).is_none() {
                continue;
            }
            let type_name = match payload_ref.get("$ref").and_then(Value::as_str) {
                Some(r) => r.rsplit('/').next().unwrap_or_default().to_string(),
                None => {
                    let name = message_key(&doc, message_ref)
                        .ok_or_else(|| op_err("reply messages must be $refs to components/messages"))?;
                    reply_messages.insert(name.clone(), payload.clone());
                    name
                }
            };
            let result_required =
                payload.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|v| v == REPLY_RESULT));
            let result_ref = str_at(payload, "/properties/result/$ref")
                .ok_or_else(|| op_err("the reply's `result` must be a $ref to a named schema"))?;
            let (result_schema, result_shared) = match result_ref.strip_prefix(SHARED_SPEC_REF) {
                Some(name) => (name.to_string(), true),
                None => match result_ref.strip_prefix("#/components/schemas/") {
                    Some(name) => (name.to_string(), false),
                    None => {
                        return Err(op_err(&format!(
                            "the reply's `result` refers to {result_ref}; use components/schemas or {SHARED_SPEC_REF}"
                        )));
                    }
                },
            };
            reply = Some((type_name, result_schema, result_shared, result_required));
            break;
        }
        let (reply_type, result_schema, result_shared, result_required) =
            reply.ok_or_else(|| op_err("no reply message has a `result`"))?;

        let public = match vocab::called_by(op) {
            None => true,
            Some("runtime") => false,
            Some(other) => return Err(op_err(&format!("x-called-by: {other:?}; the only value is `runtime`"))),
        };
        operations.push(WsOperation {
            method,
            title: str_at(op, "/title").unwrap_or_default(),
            summary: str_at(op, "/summary").unwrap_or_default(),
            doc_url,
            docs_read,
            weight: vocab::request_weight(op).and_then(Value::as_u64),
            retry_safe,
            signing,
            params,
            one_of,
            injected,
            reply_type,
            result_schema,
            result_shared,
            result_required,
            public,
            description: str_at(op, "/description").unwrap_or_default(),
            not_found: match vocab::not_found(op) {
                None => None,
                Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_string()),
                Some(_) => {
                    return Err(op_err("x-not-found must be a sentence saying when the docs call an order not found"));
                }
            },
            assumed: vocab::assumed(op).map(str::to_string),
        });
    }
    operations.sort_by(|a, b| a.method.cmp(&b.method));

    // The error reply is not a success reply of any operation, but the runtime decodes it.
    if let Some(error) = doc.pointer("/components/messages/ErrorReply/payload") {
        reply_messages.insert("ErrorReply".into(), error.clone());
    } else {
        return Err(err("components/messages needs an `ErrorReply` (the venue's error frame)".into()));
    }

    let mut definitions = BTreeMap::new();
    let mut shared = Vec::new();
    let mut enums = Vec::new();
    let mut scalar_unions = Vec::new();
    let schemas = doc.pointer("/components/schemas").and_then(Value::as_object).cloned().unwrap_or_default();
    for (name, schema) in &schemas {
        spec::check_no_inline_enums(&rel_path, name, schema, true)?;
        if spec::is_string_or_integer(schema) {
            scalar_unions.push(EnumSchema {
                name: name.clone(),
                description: str_at(schema, "/description"),
                values: Vec::new(),
                var_names: None,
            });
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            enums.push(EnumSchema {
                name: name.clone(),
                description: str_at(schema, "/description"),
                values: values.clone(),
                var_names: None,
            });
        }
        let mut schema = for_typify(schema, &mut shared);
        spec::describe_undocumented_properties(&mut schema);
        definitions.insert(name.clone(), schema);
    }
    for (name, payload) in reply_messages {
        spec::check_no_inline_enums(&rel_path, &name, &payload, true)?;
        if definitions.contains_key(&name) {
            return Err(err(format!("message {name} has the name of a schema; rename one")));
        }
        let mut payload = for_typify(&payload, &mut shared);
        spec::describe_undocumented_properties(&mut payload);
        definitions.insert(name, payload);
    }
    shared.sort();
    shared.dedup();
    for name in &shared {
        if definitions.contains_key(name) {
            return Err(err(format!("{name} is both a local schema and one shared from openapi.yaml")));
        }
        // A placeholder the generator replaces with the REST type of the same name.
        definitions.insert(name.clone(), Value::Object(Map::new()));
    }
    let clock = clock_source(&doc, &operations).map_err(|m| err(format!("x-clock: {m}")))?;
    let servers = servers(&doc).map_err(err)?;
    Ok(WsSpec { rel_path, sha256, operations, enums, scalar_unions, definitions, shared, clock, servers })
}

/// Every server with the one channel's address: `wss://host[/pathname]/address`.
fn servers(doc: &Value) -> std::result::Result<Vec<WsServer>, String> {
    let Some(servers) = doc.get("servers").and_then(Value::as_object) else { return Ok(Vec::new()) };
    let channels: Vec<&Value> =
        doc.get("channels").and_then(Value::as_object).into_iter().flat_map(|c| c.values()).collect();
    let [channel] = channels[..] else {
        return Err(format!("servers need exactly one channel to connect to, found {}", channels.len()));
    };
    let address = str_at(channel, "/address")
        .filter(|a| a.starts_with('/'))
        .ok_or("the channel needs an `address` starting with /")?;
    let mut out = Vec::new();
    for (name, server) in servers {
        let named = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !named {
            return Err(format!("server {name:?}: a server's name becomes a constructor; use lower_snake_case"));
        }
        let protocol = str_at(server, "/protocol").unwrap_or_default();
        if protocol != "ws" && protocol != "wss" {
            return Err(format!("server {name}: protocol must be ws or wss, not {protocol:?}"));
        }
        let host = str_at(server, "/host")
            .filter(|h| !h.is_empty() && !h.contains('/'))
            .ok_or(format!("server {name}: needs a `host` without a path (use `pathname`)"))?;
        let pathname = str_at(server, "/pathname").unwrap_or_default();
        let url = format!("{protocol}://{host}{}{address}", pathname.trim_end_matches('/'));
        out.push(WsServer { name: name.clone(), url, description: str_at(server, "/description").unwrap_or_default() });
    }
    Ok(out)
}

/// The root `x-clock: {method, server-time}`: the operation whose reply tells the venue's time,
/// and the JSON pointer to that time (milliseconds) in the reply. It must name a public,
/// unsigned operation, so the runtime can send it on any connection.
fn clock_source(doc: &Value, operations: &[WsOperation]) -> std::result::Result<Option<WsClock>, String> {
    let Some(clock) = vocab::clock(doc) else { return Ok(None) };
    let method = str_at(clock, "/method").ok_or("needs `method`, the operation to ask")?;
    let server_time = str_at(clock, "/server-time").ok_or("needs `server-time`, a JSON pointer into its reply")?;
    let op = operations.iter().find(|op| op.method == method).ok_or(format!("no operation `{method}`"))?;
    if !op.signing.is_empty() {
        return Err(format!("`{method}` is signed; the clock must be readable before anything is signed"));
    }
    if !server_time.starts_with("/result/") {
        return Err(format!("`server-time` {server_time:?} must be a JSON pointer into the reply's `result`"));
    }
    Ok(Some(WsClock { const_name: op.const_name(), server_time }))
}

/// The `components/messages` key a `#/channels/…/messages/x` reference ends up at.
fn message_key(doc: &Value, reference: &Value) -> Option<String> {
    let mut current = reference;
    for _ in 0..16 {
        let r = current.get("$ref")?.as_str()?;
        if let Some(name) = r.strip_prefix("#/components/messages/") {
            return Some(name.to_string());
        }
        current = doc.pointer(r.strip_prefix('#')?)?;
    }
    None
}

/// A schema as typify reads it: local and shared refs point into `definitions`, and vendor
/// extensions go (typify matches conversions such as `format: unix-millis` on the whole schema).
fn for_typify(schema: &Value, shared: &mut Vec<String>) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, value) in map {
                if key.starts_with("x-") || key == "examples" || key == "example" {
                    continue;
                }
                if key == "$ref" {
                    let r = value.as_str().unwrap_or("");
                    let target = if let Some(name) = r.strip_prefix("#/components/schemas/") {
                        name.to_string()
                    } else if let Some(name) = r.strip_prefix(SHARED_SPEC_REF) {
                        shared.push(name.to_string());
                        name.to_string()
                    } else {
                        r.to_string()
                    };
                    out.insert(key.clone(), Value::String(format!("#/definitions/{target}")));
                    continue;
                }
                out.insert(key.clone(), for_typify(value, shared));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| for_typify(v, shared)).collect()),
        other => other.clone(),
    }
}

impl WsOperation {
    /// `order.status` → `order_status`.
    pub fn fn_name(&self) -> String {
        self.method.replace('.', "_").to_snake_case()
    }

    pub fn const_name(&self) -> String {
        self.fn_name().to_uppercase()
    }
}
