//! Reading a venue spec and applying the workspace's spec conventions.
//!
//! The spec stays what the venue documents; the conventions below say how it maps to Rust:
//! - `x-injected: <kind>` on a parameter: the auth layer fills it in, the generated method omits it.
//! - `externalDocs.url` and `x-docs-read` on every operation: provenance.
//! - `x-one-of-required: [{name, params}]` on an operation: exactly one of the params, as one enum.
//! - every named string or integer enum component becomes an open enum (see `enums.rs`).
//! - `x-signing` on a security scheme names the signing rule the auth layer applies.
//! - `x-not-found: <text>` on an operation: when the docs say an order is not found (kept N days);
//!   it joins every `NotFound` error of the operation, its method docs and its `--help`.
//! - `x-refuse: {contains, why}` on a parameter: a value the docs rule out (a comma where they take
//!   one id), refused before sending.
//! - `x-assumed: <why>` anywhere (operation, security scheme, parameter, schema, property): what the
//!   spec decided where the docs are silent or disagree; shown as an assumption wherever it surfaces.

use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::vocab;

/// What the auth layer fills in for a parameter marked `x-injected`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InjectedKind {
    Timestamp,
    RecvWindow,
    Signature,
    ApiKey,
    /// A fixed value: the only entry of the parameter's `enum`.
    Constant,
    /// The WebSocket request `id` the runtime picks to match the reply (AsyncAPI specs only).
    RequestId,
}

impl InjectedKind {
    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "timestamp" => Self::Timestamp,
            "recv-window" => Self::RecvWindow,
            "signature" => Self::Signature,
            "api-key" => Self::ApiKey,
            "constant" => Self::Constant,
            "request-id" => Self::RequestId,
            _ => return None,
        })
    }

    pub fn rust_variant(self) -> &'static str {
        match self {
            Self::Timestamp => "Timestamp",
            Self::RecvWindow => "RecvWindow",
            Self::Signature => "Signature",
            Self::ApiKey => "ApiKey",
            Self::Constant => "Constant",
            Self::RequestId => "RequestId",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Injected {
    pub name: String,
    pub location: String,
    pub kind: InjectedKind,
    pub required: bool,
    /// For `Constant`: the value sent.
    pub value: Option<String>,
    /// The schema's `maximum`, which the runtime checks before sending (a recvWindow).
    pub maximum: Option<i64>,
}

#[derive(Clone, Debug)]
pub struct OneOfParam {
    pub name: String,
    /// The Rust type the parameter takes (scalars only).
    pub rust_type: String,
}

#[derive(Clone, Debug)]
pub struct OneOfGroup {
    pub type_name: String,
    pub params: Vec<OneOfParam>,
}

/// What a parameter the caller supplies takes, as far as a command line needs to know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Integer,
    Text,
    /// A string with a `format` (`uuid`, `date-time`): text the venue crate parses.
    Formatted(String),
    /// A named enum component; the values the spec lists.
    Enum {
        component: String,
        values: Vec<String>,
    },
    /// `type: array` of int64 with `style: form, explode: false`: the values joined by commas in
    /// one parameter, as OpenAPI spells "ids separated by commas"; at most `max_items`.
    IntegerList {
        max_items: Option<u64>,
    },
}

/// A parameter the caller supplies (not injected), in spec order.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    pub required: bool,
    pub description: String,
    pub kind: ParamKind,
    /// The schema's `minLength` for a string: checked before sending.
    pub min_length: Option<u64>,
    /// The parameter's `example` (a value the venue's docs send), as text.
    pub example: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub summary: String,
    pub doc_url: String,
    pub docs_read: String,
    /// Signing rules of the security alternatives, in spec order; empty for a public operation.
    pub signing: Vec<String>,
    /// Where each alternative puts the API key (`in`/`name` of an `apiKey` scheme), by rule;
    /// `None` for a scheme that carries no key (a bearer token).
    pub api_keys: Vec<(String, Option<(String, String)>)>,
    pub injected: Vec<Injected>,
    pub one_of: Vec<OneOfGroup>,
    /// The parameters the caller supplies, in spec order.
    pub params: Vec<Param>,
    /// `x-retry-safe: true`: sending it twice does no harm, so the runtime may retry it.
    pub retry_safe: bool,
    /// The spec's `description`, as the venue's docs put it.
    pub description: String,
    /// `x-rate-limit`: the venue's stated request limit, as text.
    pub rate_limit: Option<String>,
    /// `x-request-weight`.
    pub weight: Option<u64>,
    /// `x-not-found`: when the docs say an order is not found.
    pub not_found: Option<String>,
    /// Every `x-assumed` that bears on this operation, and what it is about.
    pub assumptions: Vec<Assumption>,
    /// `x-refuse` of the caller's parameters.
    pub refusals: Vec<Refusal>,
    /// `x-method-name`: the Rust method, when it is not the `operationId`.
    pub method_name: String,
    /// `x-returns: <property>`: the method returns that property of the answer.
    pub returns: Option<String>,
    /// `x-request-name`: the parameters travel in one request struct of this name.
    pub request_name: Option<String>,
    /// The answer's type (the success response's schema name).
    pub response_type: Option<String>,
}

/// One entry of `servers`: its URL and its `x-name`, which names the constructor.
#[derive(Clone, Debug)]
pub struct Server {
    pub url: String,
    pub name: String,
    pub description: String,
}

/// An `x-assumed`: what the spec decided where the venue's docs are silent or disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// `the operation`, `signing (binanceSigned)`, `parameter algoId`, `field AlgoOrder.quantity`.
    pub about: String,
    pub text: String,
}

/// A parameter's `x-refuse`: values containing `contains` are refused before sending, because `why`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub param: String,
    pub contains: String,
    pub why: String,
}

#[derive(Clone, Debug)]
pub struct EnumSchema {
    pub name: String,
    pub description: Option<String>,
    pub values: Vec<Value>,
    pub var_names: Option<Vec<String>>,
}

/// One venue's spec, read and checked, ready for the generators.
pub struct VenueSpec {
    /// `info.title`.
    pub title: String,
    /// Path relative to the workspace root, with `/` separators (it appears in headers).
    pub rel_path: String,
    pub sha256: String,
    /// The spec with injected parameters removed and provenance added to descriptions.
    pub for_progenitor: Value,
    pub operations: Vec<Operation>,
    pub enums: Vec<EnumSchema>,
    /// Named `oneOf: [string, integer]` components: sent either way, e.g. CoinW's envelope code.
    pub scalar_unions: Vec<EnumSchema>,
    /// `components.x-error-codes`: what each of the venue's error codes means.
    pub error_codes: Vec<ErrorCodeEntry>,
    /// `servers`, each with its `x-name`.
    pub servers: Vec<Server>,
    /// `components.x-envelope`: every answer is an envelope the venue crate unwraps.
    pub envelope: Option<EnvelopeSpec>,
    /// The venue's facts beyond the operations: clock, error body, statuses, usage headers.
    pub facts: FactsSpec,
}

/// `components.x-envelope: {code, success, data, message}`.
#[derive(Clone, Debug)]
pub struct EnvelopeSpec {
    pub code: String,
    pub success: Vec<i64>,
    pub data: String,
    pub message: Vec<String>,
}

/// What `venue_sdk_core::VenueFacts` holds, as read from the spec.
#[derive(Clone, Debug, Default)]
pub struct FactsSpec {
    /// `x-clock`: `ServerTime` (with the operation and the answer's property), `DateHeader`, or
    /// `Unused` when absent.
    pub clock: ClockSpec,
    /// `x-clock.stale-timestamp`: `ClockErrorOnly`, `AuthWithoutCode` or `AnyAuth`.
    pub stale_timestamp: &'static str,
    /// `components.x-error-body: {code, message}`.
    pub error_body: Option<(String, Vec<String>)>,
    /// `components.x-error-statuses`.
    pub statuses: Vec<StatusSpec>,
    /// `components.x-rate-limit-headers`: (lower-case prefix, `RateLimitKind` variant).
    pub usage_headers: Vec<(String, &'static str)>,
    /// The injected recvWindow's schema `default`.
    pub default_window_ms: Option<u64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ClockSpec {
    #[default]
    Unused,
    DateHeader,
    ServerTime {
        operation: String,
        property: String,
    },
}

#[derive(Clone, Debug)]
pub struct StatusSpec {
    pub status: u16,
    pub body: StatusBody,
    /// `venue_sdk_core::ErrorClass` variant.
    pub class: &'static str,
    pub message: Option<String>,
}

#[derive(Clone, Debug)]
pub enum StatusBody {
    Any,
    Empty,
    Contains(String),
}

/// One row of `components.x-error-codes`.
#[derive(Clone, Debug)]
pub struct ErrorCodeEntry {
    /// A number (Binance, CoinW) or a word (p99), as the venue sends it.
    pub code: Value,
    /// `venue_sdk_core::ErrorClass` variant name.
    pub class: &'static str,
    /// The page it was read from, or (when `assumed`) why it was assumed.
    pub source: String,
    pub assumed: bool,
}

/// The classes an error code may have, as the spec spells them, and their `ErrorClass` names.
pub const ERROR_CLASSES: [(&str, &str); 8] = [
    ("not-found", "NotFound"),
    ("auth", "Auth"),
    ("clock", "Clock"),
    ("rate-limited", "RateLimited"),
    ("banned", "Banned"),
    ("unavailable", "Unavailable"),
    ("outcome-unknown", "OutcomeUnknown"),
    ("refused", "Refused"),
];

/// `components.x-error-codes`: a list of `{code, class, source}` or `{code, class, assumed}`.
fn error_codes(doc: &Value) -> std::result::Result<Vec<ErrorCodeEntry>, String> {
    let Some(rows) = vocab::error_codes(doc) else { return Ok(Vec::new()) };
    let rows = rows.as_array().ok_or("components.x-error-codes must be a list")?;
    let mut out: Vec<ErrorCodeEntry> = Vec::new();
    for row in rows {
        let code = row.get("code").cloned().unwrap_or(Value::Null);
        let shown = code.to_string();
        if !(code.is_i64() || code.is_string()) {
            return Err(format!("x-error-codes: code {shown} must be an integer or a string"));
        }
        if out.iter().any(|e| e.code == code) {
            return Err(format!("x-error-codes: code {shown} is listed twice"));
        }
        let class = str_at(row, "/class").unwrap_or_default();
        let class =
            ERROR_CLASSES.iter().find(|(name, _)| *name == class).map(|(_, variant)| *variant).ok_or_else(|| {
                let known: Vec<&str> = ERROR_CLASSES.iter().map(|(n, _)| *n).collect();
                format!("x-error-codes: code {shown}: class {class:?} is not one of {}", known.join(", "))
            })?;
        let (source, assumed) = match (str_at(row, "/source"), str_at(row, "/assumed")) {
            (Some(source), None) => (source, false),
            (None, Some(why)) => (why, true),
            _ => {
                return Err(format!(
                    "x-error-codes: code {shown} needs exactly one of `source` (where the docs say it) or `assumed` (why)"
                ));
            }
        };
        out.push(ErrorCodeEntry { code, class, source, assumed });
    }
    Ok(out)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every `specs/<venue>/openapi.yaml`, sorted by venue name.
pub fn discover(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let specs = root.join("specs");
    let entries = std::fs::read_dir(&specs).map_err(|e| Error::io(&specs, e))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&specs, e))?;
        let path = entry.path().join("openapi.yaml");
        if path.is_file() {
            out.push((entry.file_name().to_string_lossy().into_owned(), path));
        }
    }
    out.sort();
    Ok(out)
}

pub fn load(root: &Path, path: &Path) -> Result<VenueSpec> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let rel_path = rel_path(root, path);
    let text = std::str::from_utf8(&bytes).map_err(|_| Error::spec(&rel_path, "the file is not UTF-8"))?;
    let doc: Value = serde_yaml::from_str(text).map_err(|e| Error::spec(&rel_path, format!("not valid YAML: {e}")))?;
    from_value(rel_path, sha256_hex(&bytes), doc)
}

/// `path` relative to the workspace root with `/` separators, as headers and messages show it.
pub fn rel_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

pub fn from_value(rel_path: String, sha256: String, doc: Value) -> Result<VenueSpec> {
    let err = |msg: String| Error::spec(&rel_path, msg);
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(err(format!("`openapi` must be 3.0.x (progenitor reads no other), found {version:?}")));
    }
    if let Some(at) = vocab::unknown_extension(&doc) {
        return Err(err(format!(
            "{at}: not an extension the generator reads (a typo would lose what it states); the \
             extensions are listed in xtask/src/vocab.rs"
        )));
    }
    let schemes = doc.pointer("/components/securitySchemes").and_then(Value::as_object).cloned().unwrap_or_default();

    let mut for_progenitor = doc.clone();
    let mut operations = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object).ok_or_else(|| err("no `paths`".into()))?;
    for (path, item) in paths {
        let item = item.as_object().ok_or_else(|| err(format!("path {path} is not an object")))?;
        for (method, op) in item {
            if !matches!(method.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options") {
                continue;
            }
            let where_ = format!("{} {path}", method.to_uppercase());
            let op_err = |msg: &str| err(format!("{where_}: {msg}"));
            let id = str_at(op, "/operationId").ok_or_else(|| op_err("needs an operationId"))?;
            let (doc_url, docs_read) = provenance(op).map_err(op_err)?;
            let summary = str_at(op, "/summary").unwrap_or_default();
            let retry_safe = retry_safe(op).map_err(op_err)?;

            let mut signing = Vec::new();
            let mut api_keys = Vec::new();
            for requirement in op.get("security").and_then(Value::as_array).into_iter().flatten() {
                for scheme in requirement.as_object().into_iter().flat_map(|o| o.keys()) {
                    let rule = schemes.get(scheme).and_then(vocab::signing).ok_or_else(|| {
                        op_err(&format!("security scheme `{scheme}` is not declared or has no x-signing rule"))
                    })?;
                    known_rule(rule).map_err(|m| op_err(&m))?;
                    signing.push(rule.to_string());
                    let key = schemes.get(scheme).filter(|s| str_at(s, "/type").as_deref() == Some("apiKey"));
                    let placement = match key {
                        Some(s) => {
                            let location = str_at(s, "/in").unwrap_or_default();
                            let name = str_at(s, "/name").unwrap_or_default();
                            if !matches!(location.as_str(), "header" | "query") || name.is_empty() {
                                return Err(op_err(&format!(
                                    "security scheme `{scheme}`: an apiKey scheme needs `in: header | query` and a `name`"
                                )));
                            }
                            Some((location, name))
                        }
                        None => None,
                    };
                    api_keys.push((rule.to_string(), placement));
                }
            }

            let mut injected = Vec::new();
            let mut kept = Vec::new();
            let params = op.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
            for p in &params {
                if p.get("$ref").is_some() {
                    return Err(op_err("parameter $refs are not supported; write parameters inline"));
                }
                let name = str_at(p, "/name").ok_or_else(|| op_err("a parameter has no name"))?;
                match vocab::injected_value(p) {
                    None => kept.push(p.clone()),
                    Some(kind) => {
                        let kind_str = kind.as_str().unwrap_or("");
                        let kind = InjectedKind::parse(kind_str).ok_or_else(|| {
                            op_err(&format!(
                                "parameter `{name}`: unknown x-injected kind {kind_str:?} \
                                 (timestamp, recv-window, signature, api-key, constant)"
                            ))
                        })?;
                        if kind == InjectedKind::RequestId {
                            return Err(op_err(&format!(
                                "parameter `{name}`: request-id is for WebSocket (AsyncAPI) specs only"
                            )));
                        }
                        let value = if kind == InjectedKind::Constant {
                            match p.pointer("/schema/enum").and_then(Value::as_array).map(Vec::as_slice) {
                                Some([Value::String(v)]) => Some(v.clone()),
                                _ => {
                                    return Err(op_err(&format!(
                                        "constant parameter `{name}` needs a schema enum with exactly one string"
                                    )));
                                }
                            }
                        } else {
                            None
                        };
                        if kind != InjectedKind::Constant && signing.is_empty() {
                            return Err(op_err(&format!(
                                "parameter `{name}` is injected by auth but the operation declares no security"
                            )));
                        }
                        injected.push(Injected {
                            name,
                            location: str_at(p, "/in").unwrap_or_default(),
                            kind,
                            required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                            value,
                            maximum: p.pointer("/schema/maximum").and_then(Value::as_i64),
                        });
                    }
                }
            }

            let mut one_of = Vec::new();
            for group in vocab::one_of_groups(op) {
                let type_name = str_at(group, "/name").ok_or_else(|| op_err("x-one-of-required entry needs a name"))?;
                let mut members = Vec::new();
                for param_name in group.get("params").and_then(Value::as_array).into_iter().flatten() {
                    let param_name = param_name.as_str().unwrap_or("");
                    let p = kept
                        .iter()
                        .find(|p| str_at(p, "/name").as_deref() == Some(param_name))
                        .ok_or_else(|| op_err(&format!("x-one-of-required names unknown parameter `{param_name}`")))?;
                    if p.get("required").and_then(Value::as_bool) == Some(true) {
                        return Err(op_err(&format!(
                            "`{param_name}` is in x-one-of-required, so it must not be required"
                        )));
                    }
                    let rust_type = scalar_rust_type(p.get("schema").unwrap_or(&Value::Null)).ok_or_else(|| {
                        op_err(&format!("`{param_name}`: x-one-of-required takes integer or string parameters"))
                    })?;
                    members.push(OneOfParam { name: param_name.to_string(), rust_type });
                }
                if members.len() < 2 {
                    return Err(op_err("x-one-of-required needs at least two params"));
                }
                one_of.push(OneOfGroup { type_name, params: members });
            }

            let refusals =
                kept.iter().map(refusal).collect::<std::result::Result<Vec<_>, String>>().map_err(|m| op_err(&m))?;
            let refusals: Vec<Refusal> = refusals.into_iter().flatten().collect();
            let assumptions = operation_assumptions(&doc, op, &params);
            let rate_limit = vocab::rate_limit(op).and_then(Value::as_str).map(str::to_string);
            let weight = match vocab::request_weight(op) {
                None => None,
                Some(w) => Some(w.as_u64().ok_or_else(|| op_err("x-request-weight must be a whole number"))?),
            };
            let not_found = match vocab::not_found(op) {
                None => None,
                Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim().to_string()),
                Some(_) => {
                    return Err(op_err("x-not-found must be a sentence saying when the docs call an order not found"));
                }
            };

            let params = kept
                .iter()
                .map(|p| caller_param(&doc, p))
                .collect::<std::result::Result<Vec<_>, String>>()
                .map_err(|m| op_err(&m))?;
            let method_name = vocab::method_name(op).map_or_else(|| id.clone(), str::to_string);
            let returns = vocab::returns(op).map(str::to_string);
            let request_name = vocab::request_name(op).map(str::to_string);
            let response_type = op
                .get("responses")
                .and_then(Value::as_object)
                .and_then(|r| r.iter().find(|(status, _)| status.starts_with('2')))
                .and_then(|(_, r)| str_at(r, "/content/application~1json/schema/$ref"))
                .map(|r| r.rsplit('/').next().unwrap_or_default().to_string());
            // progenitor sees a comma list as the one string it is on the wire, and no length
            // limits (the front checks them, with errors that name the parameter).
            for p in &mut kept {
                if let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) {
                    if schema.get("type").and_then(Value::as_str) == Some("array") {
                        *schema = serde_json::Map::from_iter([("type".to_string(), Value::from("string"))]);
                    }
                    for limit in ["minLength", "maxLength", "maxItems", "minItems"] {
                        schema.remove(limit);
                    }
                }
                if let Some(p) = p.as_object_mut() {
                    p.remove("style");
                    p.remove("explode");
                }
            }

            // The progenitor view: injected parameters gone, provenance in the rustdoc.
            let target = for_progenitor
                .pointer_mut(&format!("/paths/{}/{method}", escape_pointer(path)))
                .ok_or_else(|| op_err("could not address the operation in the spec copy"))?;
            target["parameters"] = Value::Array(kept);
            // Error statuses stay in the spec (drift sees them) but not in progenitor's view: the
            // venue crates classify every non-2xx response from its status, headers and raw body,
            // which progenitor would otherwise lose when an error body does not decode.
            if let Some(responses) = target.get_mut("responses").and_then(Value::as_object_mut) {
                responses.retain(|status, _| status.starts_with('2'));
            }
            let description = str_at(op, "/description").unwrap_or_default();
            target["description"] =
                Value::String(format!("{description}\n\nVenue docs: <{doc_url}> (read {docs_read})."));

            operations.push(Operation {
                id,
                method: method.to_uppercase(),
                path: path.clone(),
                summary,
                doc_url,
                docs_read,
                signing,
                injected,
                one_of,
                params,
                retry_safe,
                api_keys,
                description,
                rate_limit,
                weight,
                not_found,
                assumptions,
                refusals,
                method_name,
                returns,
                request_name,
                response_type,
            });
        }
    }
    operations.sort_by(|a, b| a.id.cmp(&b.id));
    for op in &operations {
        for group in &op.one_of {
            check_not_reserved(&rel_path, "x-one-of-required type", &group.type_name)?;
        }
        if let Some(request) = &op.request_name {
            check_not_reserved(&rel_path, "x-request-name", request)?;
        }
    }

    let mut enums = Vec::new();
    let mut scalar_unions = Vec::new();
    if let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            check_not_reserved(&rel_path, "schema", name)?;
            check_no_inline_enums(&rel_path, name, schema, true)?;
            if is_string_or_integer(schema) {
                scalar_unions.push(EnumSchema {
                    name: name.clone(),
                    description: str_at(schema, "/description"),
                    values: Vec::new(),
                    var_names: None,
                });
            }
            if let Some(values) = schema.get("enum").and_then(Value::as_array) {
                let var_names = match vocab::enum_varnames(schema) {
                    None => None,
                    Some(v) => Some(
                        serde_json::from_value::<Vec<String>>(v.clone())
                            .map_err(|_| err(format!("{name}: x-enum-varnames must be a list of names")))?,
                    ),
                };
                if let Some(names) = &var_names
                    && names.len() != values.len()
                {
                    return Err(err(format!("{name}: x-enum-varnames must name every enum value")));
                }
                enums.push(EnumSchema {
                    name: name.clone(),
                    description: str_at(schema, "/description"),
                    values: values.clone(),
                    var_names,
                });
            }
        }
    }

    let title = str_at(&doc, "/info/title").unwrap_or_default();
    let error_codes = error_codes(&doc).map_err(err)?;
    if let Some(schemas) = for_progenitor.pointer_mut("/components/schemas") {
        show_assumptions(schemas);
        describe_undocumented_properties(schemas);
        drop_provenance(schemas);
    }
    let mut servers = Vec::new();
    for server in doc.get("servers").and_then(Value::as_array).into_iter().flatten() {
        let url = str_at(server, "/url").ok_or_else(|| err("a server has no url".into()))?;
        let name = vocab::server_name(server)
            .map(str::to_string)
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            .ok_or_else(|| err(format!("server {url}: needs an x-name in snake_case (it names the constructor)")))?;
        servers.push(Server { url, name, description: str_at(server, "/description").unwrap_or_default() });
    }
    let envelope = match vocab::envelope(&doc) {
        None => None,
        Some(e) => Some(envelope(e).map_err(err)?),
    };
    let mut facts = facts(&doc, &operations).map_err(err)?;
    if facts.error_body.is_some() && envelope.is_some() {
        return Err(err("x-error-body and x-envelope do not combine: an envelope venue's errors are envelopes".into()));
    }
    if facts.clock == ClockSpec::Unused && facts.stale_timestamp != "ClockErrorOnly" {
        return Err(err("x-clock.stale-timestamp needs a clock source".into()));
    }
    facts.default_window_ms = window_default(&doc);
    Ok(VenueSpec {
        title,
        rel_path,
        sha256,
        for_progenitor,
        operations,
        enums,
        scalar_unions,
        error_codes,
        servers,
        envelope,
        facts,
    })
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect()
}

fn envelope(e: &Value) -> std::result::Result<EnvelopeSpec, String> {
    let code = str_at(e, "/code").ok_or("x-envelope needs `code`: the property that says success or error")?;
    let data = str_at(e, "/data").ok_or("x-envelope needs `data`: the property with the payload")?;
    let success: Vec<i64> =
        e.get("success").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_i64).collect();
    if success.is_empty() {
        return Err("x-envelope needs `success`: the codes (integers) that mean success".into());
    }
    Ok(EnvelopeSpec { code, success, data, message: strings(e.get("message")) })
}

/// `x-clock`, `x-error-body`, `x-error-statuses` and `x-rate-limit-headers`.
fn facts(doc: &Value, operations: &[Operation]) -> std::result::Result<FactsSpec, String> {
    let mut facts = FactsSpec { stale_timestamp: "ClockErrorOnly", ..FactsSpec::default() };
    if let Some(clock) = vocab::clock(doc) {
        facts.clock = match (str_at(clock, "/operation"), str_at(clock, "/header")) {
            (Some(operation), None) => {
                let property = str_at(clock, "/server-time")
                    .ok_or("x-clock with an operation needs `server-time`: the answer's property holding the time")?;
                let op = operations
                    .iter()
                    .find(|o| o.id == operation)
                    .ok_or_else(|| format!("x-clock: no operation {operation}"))?;
                if !op.signing.is_empty() {
                    return Err(format!(
                        "x-clock: {operation} is signed; the clock must be readable without a timestamp"
                    ));
                }
                ClockSpec::ServerTime { operation, property }
            }
            (None, Some(header)) if header.eq_ignore_ascii_case("date") => ClockSpec::DateHeader,
            _ => return Err("x-clock needs either `operation` (and `server-time`) or `header: Date`".into()),
        };
        facts.stale_timestamp = match str_at(clock, "/stale-timestamp").as_deref() {
            None => "ClockErrorOnly",
            Some("auth") => "AnyAuth",
            Some("auth-without-code") => "AuthWithoutCode",
            Some(other) => return Err(format!("x-clock.stale-timestamp: {other:?} is not auth or auth-without-code")),
        };
    }
    if let Some(body) = vocab::error_body(doc) {
        let code = str_at(body, "/code").ok_or("x-error-body needs `code`: the property with the venue's code")?;
        facts.error_body = Some((code, strings(body.get("message"))));
    }
    for row in vocab::error_statuses(doc).and_then(Value::as_array).into_iter().flatten() {
        let status = row
            .get("status")
            .and_then(Value::as_u64)
            .filter(|s| (400..=599).contains(s))
            .ok_or("x-error-statuses: each row needs a `status` from 400 to 599")? as u16;
        let class = str_at(row, "/class").unwrap_or_default();
        let class = ERROR_CLASSES
            .iter()
            .find(|(n, _)| *n == class)
            .map(|(_, v)| *v)
            .ok_or_else(|| format!("x-error-statuses: {status}: class {class:?} is not an error class"))?;
        let body = match (row.get("body-empty").and_then(Value::as_bool), str_at(row, "/body-contains")) {
            (Some(true), None) => StatusBody::Empty,
            (None, Some(text)) if !text.is_empty() => StatusBody::Contains(text),
            (None, None) => StatusBody::Any,
            _ => {
                return Err(format!(
                    "x-error-statuses: {status}: give at most one of body-empty: true and body-contains"
                ));
            }
        };
        if str_at(row, "/source").is_none() && str_at(row, "/assumed").is_none() {
            return Err(format!(
                "x-error-statuses: {status}: needs `source` (where the docs say it) or `assumed` (why)"
            ));
        }
        facts.statuses.push(StatusSpec { status, body, class, message: str_at(row, "/message") });
    }
    for row in vocab::rate_limit_headers(doc).and_then(Value::as_array).into_iter().flatten() {
        let prefix = str_at(row, "/prefix").ok_or("x-rate-limit-headers: each row needs a `prefix`")?;
        let kind = match str_at(row, "/kind").as_deref() {
            Some("request-weight") => "RequestWeight",
            Some("orders") => "Orders",
            other => {
                return Err(format!("x-rate-limit-headers: {prefix}: kind {other:?} is not request-weight or orders"));
            }
        };
        facts.usage_headers.push((prefix.to_ascii_lowercase(), kind));
    }
    Ok(facts)
}

/// The `default` of the first injected recvWindow.
fn window_default(doc: &Value) -> Option<u64> {
    let paths = doc.get("paths")?.as_object()?;
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .flat_map(|op| op.get("parameters").and_then(Value::as_array).into_iter().flatten())
        .find(|p| vocab::injected(p) == Some("recv-window"))
        .and_then(|p| p.pointer("/schema/default"))
        .and_then(Value::as_u64)
}

/// A parameter's `x-refuse: {contains, why}`.
fn refusal(p: &Value) -> std::result::Result<Option<Refusal>, String> {
    let Some(rule) = vocab::refuse(p) else { return Ok(None) };
    let param = str_at(p, "/name").unwrap_or_default();
    match (str_at(rule, "/contains"), str_at(rule, "/why")) {
        (Some(contains), Some(why)) if !contains.is_empty() && !why.trim().is_empty() => {
            Ok(Some(Refusal { param, contains, why: why.trim().to_string() }))
        }
        _ => Err(format!("parameter `{param}`: x-refuse needs `contains` (a non-empty text) and `why`")),
    }
}

/// Every `x-assumed` bearing on an operation: its own, its security schemes', its parameters',
/// the schemas its success answer reaches, and the venue's assumed error codes.
pub(crate) fn operation_assumptions(doc: &Value, op: &Value, params: &[Value]) -> Vec<Assumption> {
    let mut out = Vec::new();
    let mut push = |about: String, text: Option<String>| {
        if let Some(text) = text {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            out.push(Assumption { about, text });
        }
    };
    push("the operation".into(), vocab::assumed(op).map(str::to_string));
    if op.get("security").and_then(Value::as_array).is_some_and(|s| !s.is_empty()) {
        push(
            "the clock (x-clock)".into(),
            vocab::clock(doc).and_then(|c| c.get("assumed")).and_then(Value::as_str).map(str::to_string),
        );
    }
    for requirement in op.get("security").and_then(Value::as_array).into_iter().flatten() {
        for scheme in requirement.as_object().into_iter().flat_map(|o| o.keys()) {
            let declared = doc.pointer(&format!("/components/securitySchemes/{}", escape_pointer(scheme)));
            push(format!("signing ({scheme})"), declared.and_then(|s| str_at(s, "/x-assumed")));
        }
    }
    let mut seen = Vec::new();
    for p in params {
        let name = str_at(p, "/name").unwrap_or_default();
        push(format!("parameter `{name}`"), str_at(p, "/x-assumed"));
        // The enum or schema it takes (CoinW's `PositionType`).
        if let Some(schema) = p.get("schema") {
            schema_assumptions(doc, schema, Some(&name), true, &mut seen, &mut push);
        }
    }
    let responses = op.get("responses").and_then(Value::as_object).into_iter().flatten();
    for (_, response) in responses.filter(|(status, _)| status.starts_with('2')) {
        if let Some(schema) = response.pointer("/content/application~1json/schema") {
            schema_assumptions(doc, schema, None, true, &mut seen, &mut push);
        }
    }
    for row in vocab::error_codes(doc).and_then(Value::as_array).into_iter().flatten() {
        let code = row.get("code").map(|c| c.as_str().map_or_else(|| c.to_string(), str::to_string));
        push(format!("error code {}", code.unwrap_or_default()), str_at(row, "/assumed"));
    }
    out
}

/// The `x-assumed` of a schema, its properties and the schemas they refer to, each named schema
/// once (`seen`).
fn schema_assumptions(
    doc: &Value,
    schema: &Value,
    name: Option<&str>,
    own: bool,
    seen: &mut Vec<String>,
    push: &mut impl FnMut(String, Option<String>),
) {
    if let Some(reference) = str_at(schema, "/$ref") {
        let target = reference.rsplit('/').next().unwrap_or_default().to_string();
        if seen.contains(&target) {
            return;
        }
        seen.push(target.clone());
        if let Some(resolved) = reference.strip_prefix('#').and_then(|pointer| doc.pointer(pointer)) {
            schema_assumptions(doc, resolved, Some(&target), true, seen, push);
        }
        return;
    }
    let label = name.unwrap_or("the answer");
    if own {
        push(format!("`{label}`"), str_at(schema, "/x-assumed"));
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        for (prop, value) in props {
            push(format!("field `{label}.{prop}`"), str_at(value, "/x-assumed"));
            schema_assumptions(doc, value, Some(&format!("{label}.{prop}")), false, seen, push);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = schema.get(key).filter(|v| v.is_object()) {
            schema_assumptions(doc, inner, Some(label), true, seen, push);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for inner in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            schema_assumptions(doc, inner, Some(label), true, seen, push);
        }
    }
}

/// A kept parameter as the command line sees it; the message names what is not supported.
fn caller_param(doc: &Value, p: &Value) -> std::result::Result<Param, String> {
    let name = str_at(p, "/name").unwrap_or_default();
    let schema = p.get("schema").unwrap_or(&Value::Null);
    let kind = if let Some(reference) = str_at(schema, "/$ref") {
        let component = reference.rsplit('/').next().unwrap_or_default().to_string();
        let values = doc
            .pointer(&format!("/components/schemas/{}", escape_pointer(&component)))
            .and_then(|s| s.get("enum"))
            .and_then(Value::as_array)
            .ok_or_else(|| format!("parameter `{name}`: $ref {reference} is not an enum component"))?;
        let values = values.iter().map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        ParamKind::Enum { component, values: values.collect() }
    } else {
        match (str_at(schema, "/type").as_deref(), str_at(schema, "/format")) {
            (Some("array"), _) => {
                let items = (str_at(schema, "/items/type"), str_at(schema, "/items/format"));
                let comma =
                    str_at(p, "/style").as_deref() == Some("form") && p.get("explode") == Some(&Value::Bool(false));
                if items != (Some("integer".into()), Some("int64".into())) || !comma {
                    return Err(format!(
                        "parameter `{name}`: an array parameter must be int64 items with style: form, explode: false"
                    ));
                }
                ParamKind::IntegerList { max_items: schema.get("maxItems").and_then(Value::as_u64) }
            }
            (Some("integer"), _) => ParamKind::Integer,
            (Some("string"), None) if schema.get("enum").is_none() => ParamKind::Text,
            (Some("string"), Some(format)) => ParamKind::Formatted(format),
            _ => {
                return Err(format!(
                    "parameter `{name}`: only integer, string and enum-component parameters are supported"
                ));
            }
        }
    };
    Ok(Param {
        name,
        location: str_at(p, "/in").unwrap_or_default(),
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        description: str_at(p, "/description").unwrap_or_default(),
        kind,
        min_length: schema.get("minLength").and_then(Value::as_u64),
        example: p.get("example").and_then(|e| match e {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }),
    })
}

/// The names a venue crate's root gives its own items (the client, the shared types it
/// re-exports): a generated type of the same name would collide with one of them.
pub const RESERVED_NAMES: &[&str] = &[
    "Call",
    "Client",
    "Clock",
    "Config",
    "Credentials",
    "Error",
    "ErrorCode",
    "IntervalUnit",
    "RateInterval",
    "RateLimitKind",
    "RateLimitUsage",
    "Response",
    "Result",
    "RetryPolicy",
    "Uuid",
    "WsClient",
];

fn check_not_reserved(rel_path: &str, what: &str, name: &str) -> Result<()> {
    if RESERVED_NAMES.contains(&name) {
        return Err(Error::spec(
            rel_path,
            format!(
                "{what} `{name}` has the name of one of the crate's own items ({}); give it the venue's \
                 prefix, e.g. `Venue{name}`",
                RESERVED_NAMES.join(", ")
            ),
        ));
    }
    Ok(())
}

/// Response enums must be named components so they can be generated open; an inline one would
/// come out of typify closed and fail on the first new value the venue sends.
pub(crate) fn check_no_inline_enums(rel_path: &str, name: &str, schema: &Value, top: bool) -> Result<()> {
    match schema {
        Value::Object(map) => {
            if !top && map.contains_key("enum") {
                return Err(Error::spec(
                    rel_path,
                    format!("{name}: inline enum; move it to components/schemas so it is generated open"),
                ));
            }
            for (key, value) in map {
                if key == "example" || key == "examples" || key.starts_with("x-") || key == "enum" {
                    continue;
                }
                check_no_inline_enums(rel_path, name, value, false)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                check_no_inline_enums(rel_path, name, item, false)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `oneOf` exactly a string and an integer, without formats.
pub(crate) fn is_string_or_integer(schema: &Value) -> bool {
    let Some(items) = schema.get("oneOf").and_then(Value::as_array) else { return false };
    let mut types: Vec<&str> = items
        .iter()
        .filter(|i| i.get("format").is_none())
        .filter_map(|i| i.get("type").and_then(Value::as_str))
        .collect();
    types.sort_unstable();
    items.len() == 2 && types == ["integer", "string"]
}

pub(crate) fn scalar_rust_type(schema: &Value) -> Option<String> {
    match (str_at(schema, "/type")?.as_str(), str_at(schema, "/format").as_deref()) {
        ("integer", Some("int32")) => Some("i32".into()),
        ("integer", _) => Some("i64".into()),
        ("string", None) => Some("String".into()),
        _ => None,
    }
}

pub(crate) fn str_at(v: &Value, pointer: &str) -> Option<String> {
    v.pointer(pointer).and_then(Value::as_str).map(str::to_string)
}

fn escape_pointer(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// An operation's `externalDocs.url` and `x-docs-read`, required in both kinds of spec; the
/// error says what is missing.
/// Every `x-assumed` of a schema or property joins its description, so that what the spec
/// assumed (where the docs are silent or disagree) reads as such in the generated rustdoc.
fn show_assumptions(value: &mut Value) {
    let assumed = vocab::assumed(value).map(str::to_string);
    match value {
        Value::Object(map) => {
            if let Some(assumed) = assumed {
                let note = format!("Assumed, not stated by the venue's docs: {assumed}");
                let description = match map.get("description").and_then(Value::as_str) {
                    Some(d) if !d.is_empty() => format!("{d}\n\n{note}"),
                    _ => note,
                };
                map.insert("description".into(), Value::String(description));
            }
            map.values_mut().for_each(show_assumptions);
        }
        Value::Array(items) => items.iter_mut().for_each(show_assumptions),
        _ => {}
    }
}

/// `x-source` and `x-assumed` (already in the description) leave the schemas progenitor reads:
/// typify matches conversions such as `format: decimal` on the whole schema, extensions included.
fn drop_provenance(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.remove("x-source");
            map.remove("x-assumed");
            map.values_mut().for_each(drop_provenance);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_provenance),
        _ => {}
    }
}

/// A property the spec leaves undescribed gets a description that says only that, so every public
/// field of a generated type is documented and none pretends to know more than the spec.
pub(crate) fn describe_undocumented_properties(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if let Value::Object(schema) = property {
                        let described =
                            schema.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty());
                        if !described {
                            let text = format!("The venue's `{name}` field (the spec does not describe it).");
                            if schema.len() == 1 && schema.contains_key("$ref") {
                                // A `$ref`'s siblings are ignored; one `allOf` member carries it.
                                let reference = Value::Object(std::mem::take(schema));
                                schema.insert("allOf".into(), Value::Array(vec![reference]));
                            }
                            schema.insert("description".into(), Value::String(text));
                        }
                    }
                }
            }
            map.values_mut().for_each(describe_undocumented_properties);
        }
        Value::Array(items) => items.iter_mut().for_each(describe_undocumented_properties),
        _ => {}
    }
}

/// A signing rule must be one `auth` implements.
pub(crate) fn known_rule(rule: &str) -> std::result::Result<(), String> {
    if venue_auth::RULES.contains(&rule) {
        return Ok(());
    }
    Err(format!("x-signing rule {rule:?} is not one the auth crate implements ({})", venue_auth::RULES.join(", ")))
}

/// An operation's `x-retry-safe`: sending it twice does no harm (absent: false).
pub(crate) fn retry_safe(op: &Value) -> std::result::Result<bool, &'static str> {
    match vocab::retry_safe(op) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err("x-retry-safe must be true or false"),
    }
}

pub(crate) fn provenance(op: &Value) -> std::result::Result<(String, String), &'static str> {
    let doc_url =
        vocab::doc_url(op).map(str::to_string).ok_or("needs externalDocs.url (the venue page it was written from)")?;
    let docs_read = vocab::docs_read(op)
        .map(str::to_string)
        .ok_or("needs x-docs-read (the date the docs were read, YYYY-MM-DD)")?;
    if !is_iso_date(&docs_read) {
        return Err("x-docs-read must be a date, YYYY-MM-DD");
    }
    Ok((doc_url, docs_read))
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}
