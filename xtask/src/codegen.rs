//! Turning one venue spec into the files under `crates/<venue>/src/generated/`.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::{format_ident, quote};

use crate::asyncapi::WsSpec;
use crate::error::{Error, Result};
use serde_json::Value;

use crate::spec::{self, EnumSchema, InjectedKind, OneOfGroup, VenueSpec};

/// Versions of the generators, as pinned (`=`) in the workspace `Cargo.toml`; they appear in
/// every header so a generator bump shows in review. A test keeps them in step with the pins.
pub const PROGENITOR_VERSION: &str = "0.15.1";
pub const TYPIFY_VERSION: &str = "0.8.0";

/// The generated files of one venue crate: path relative to the crate's `src/generated/`, and text.
pub type Files = BTreeMap<String, String>;

pub fn generate(spec: &VenueSpec, ws: Option<&WsSpec>) -> Result<Files> {
    let rest_header = header(&[spec]);
    let both_header = match ws {
        Some(ws) => header(&[spec, ws]),
        None => rest_header.clone(),
    };
    let enums = merged(&spec.rel_path, &spec.enums, ws.map(|w| w.enums.as_slice()))?;
    let unions = merged(&spec.rel_path, &spec.scalar_unions, ws.map(|w| w.scalar_unions.as_slice()))?;
    let mut files = Files::new();
    files.insert("client.rs".into(), render(&rest_header, client(spec, &enums, &unions)?, &spec.rel_path)?);
    files.insert(
        "enums.rs".into(),
        render(&both_header, crate::enums::generate(&spec.rel_path, &enums, &unions)?, &spec.rel_path)?,
    );
    files.insert("operations.rs".into(), render(&both_header, operations(spec, ws)?, &spec.rel_path)?);
    // Each operation's method docs, which the front includes (`#[doc = include_str!(..)]`).
    for op in &spec.operations {
        let first_line = format!("<!-- {} -->", rest_header.trim_start_matches("// ").trim_end());
        let text = format!("{first_line}\n{}", crate::docs::OperationDoc::rest(op).markdown());
        files.insert(format!("{}.md", op.id), text);
    }
    files.insert(
        "front.rs".into(),
        render(&rest_header, crate::front::generate(spec, &files["client.rs"])?, &spec.rel_path)?,
    );
    let mut ws_types = Vec::new();
    let ws_mod = match ws {
        Some(ws) => {
            let text = render(&header(&[ws]), crate::ws::generate(ws, &enums, &unions)?, &ws.rel_path)?;
            ws_types = struct_names(&text);
            files.insert("ws.rs".into(), text);
            quote! {
                /// The WebSocket API, from the AsyncAPI spec (the crate's `ws` feature).
                #[cfg(feature = "ws")]
                pub mod ws;
            }
        }
        None => quote!(),
    };
    let rest_types = struct_names(&files["client.rs"]);
    let exports = exports(spec, ws, &rest_types);
    let enum_names: Vec<String> = enums.iter().chain(&unions).map(|e| e.name.clone()).collect();
    files
        .insert("replay.rs".into(), render(&both_header, replay(&rest_types, &enum_names, &ws_types), &spec.rel_path)?);
    files.insert(
        "mod.rs".into(),
        render(
            &both_header,
            quote! {
                //! Everything in this folder is generated from the spec named above.
                pub mod client;
                pub mod enums;
                pub mod front;
                pub mod operations;
                /// What the crate's root re-exports: every generated type, the client, and the
                /// shared items a caller names (`Config`, `Credentials`, `Error`, …).
                pub mod exports {
                    #exports
                }
                /// Decoding payloads by type name, for `cargo xtask drift` (the crate's `replay` feature).
                #[cfg(feature = "replay")]
                pub mod replay;
                #ws_mod
            },
            &spec.rel_path,
        )?,
    );
    Ok(files)
}

/// The crate root's re-exports: the spec's types, its one-of enums, the client and its request
/// structs, and from `venue_sdk_core` what those signatures name.
fn exports(spec: &VenueSpec, ws: Option<&WsSpec>, rest_types: &[String]) -> TokenStream {
    let types = rest_types.iter().map(|t| format_ident!("{}", t));
    let mut groups: Vec<String> =
        spec.operations.iter().flat_map(|op| op.one_of.iter().map(|g| g.type_name.clone())).collect();
    groups.extend(
        ws.into_iter().flat_map(|w| &w.operations).flat_map(|op| op.one_of.iter().map(|g| g.type_name.clone())),
    );
    groups.sort();
    groups.dedup();
    let groups: Vec<_> = groups.iter().map(|g| format_ident!("{}", g)).collect();
    let groups = (!groups.is_empty()).then(|| quote!(pub use super::operations::{#(#groups),*};));
    let requests = spec.operations.iter().filter_map(|op| op.request_name.as_ref()).map(|r| format_ident!("{}", r));
    let usage = (!spec.facts.usage_headers.is_empty()).then(|| {
        quote!(
            pub use ::venue_sdk_core::{IntervalUnit, RateInterval, RateLimitKind, RateLimitUsage};
        )
    });
    quote! {
        pub use super::client::types::{#(#types),*};
        pub use super::enums::*;
        pub use super::front::{Call, Client, #(#requests),*};
        #groups
        pub use ::venue_sdk_core::{Clock, Config, Credentials, Error, ErrorCode, Response, RetryPolicy, time};
        #usage

        /// A result with the crate's [`Error`].
        pub type Result<T, E = Error> = std::result::Result<T, E>;

        /// The spec's operations with their doc URLs, read dates and injected parameters.
        pub mod operations {
            pub use crate::generated::operations::*;
        }

        #[cfg(feature = "replay")]
        #[doc(hidden)]
        pub use super::replay;
    }
}

/// The structs of the `types` module in a generated file.
fn struct_names(text: &str) -> Vec<String> {
    let Ok(file) = syn::parse_file(text) else { return Vec::new() };
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
            _ => None,
        })
        .flat_map(|(_, items)| items)
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// `replay::decode(type_name, json)`: every generated response type by name (`AlgoOrder`, and
/// `ws::OrderStatusReply` for WebSocket types), so drift can replay payloads through the real
/// generated decoders.
fn replay(rest: &[String], enums: &[String], ws: &[String]) -> TokenStream {
    let rest_arms = rest.iter().map(|name| {
        let ident = format_ident!("{}", name);
        quote! { #name => check::<super::client::types::#ident>(json), }
    });
    let enum_arms = enums.iter().map(|name| {
        let ident = format_ident!("{}", name);
        quote! { #name => check::<super::enums::#ident>(json), }
    });
    let ws_arms = ws.iter().map(|name| {
        let ident = format_ident!("{}", name);
        let key = format!("ws::{name}");
        quote! {
            #[cfg(feature = "ws")]
            #key => check::<super::ws::types::#ident>(json),
        }
    });
    let plain_names = rest.iter().chain(enums);
    let ws_names = ws.iter().map(|name| format!("ws::{name}"));
    quote! {
        //! Every generated type by name, for replaying recorded and example payloads.

        /// The names [`decode`] knows (the `ws::` ones with feature `ws`).
        pub const TYPES: &[&str] = &[
            #(#plain_names,)*
            #(#[cfg(feature = "ws")] #ws_names,)*
        ];

        /// Decodes `json` as the generated type `name`; `None` when the crate has no such type.
        pub fn decode(name: &str, json: &str) -> Option<Result<(), String>> {
            Some(match name {
                #(#rest_arms)*
                #(#enum_arms)*
                #(#ws_arms)*
                _ => return None,
            })
        }

        fn check<T: ::serde::de::DeserializeOwned>(json: &str) -> Result<(), String> {
            ::serde_json::from_str::<T>(json).map(|_| ()).map_err(|e| e.to_string())
        }
    }
}

/// A spec file as the headers name it.
pub trait Source {
    fn rel_path(&self) -> &str;
    fn sha256(&self) -> &str;
}

impl Source for VenueSpec {
    fn rel_path(&self) -> &str {
        &self.rel_path
    }
    fn sha256(&self) -> &str {
        &self.sha256
    }
}

impl Source for WsSpec {
    fn rel_path(&self) -> &str {
        &self.rel_path
    }
    fn sha256(&self) -> &str {
        &self.sha256
    }
}

/// The REST spec's enums and the WebSocket spec's, once each: a name both define must mean the
/// same values, or the crate would have two types for it.
fn merged(rel_path: &str, rest: &[EnumSchema], ws: Option<&[EnumSchema]>) -> Result<Vec<EnumSchema>> {
    let mut out = rest.to_vec();
    for e in ws.into_iter().flatten() {
        match out.iter().find(|r| r.name == e.name) {
            Some(r) if r.values == e.values => {}
            Some(_) => {
                return Err(Error::spec(
                    rel_path,
                    format!(
                        "{}: the REST and WebSocket specs give it different values; share one with a $ref to openapi.yaml",
                        e.name
                    ),
                ));
            }
            None => out.push(e.clone()),
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

pub fn header(sources: &[&dyn Source]) -> String {
    let from =
        sources.iter().map(|s| format!("{} (sha256 {})", s.rel_path(), s.sha256())).collect::<Vec<_>>().join(" and ");
    format!(
        "// @generated by `cargo xtask codegen` from {from} with progenitor {PROGENITOR_VERSION} and typify {TYPIFY_VERSION}. Do not edit.\n"
    )
}

pub fn render(header: &str, tokens: TokenStream, rel_path: &str) -> Result<String> {
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::Generate { spec: rel_path.to_string(), message: format!("output does not parse: {e}") })?;
    non_exhaustive_types(&mut file.items);
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}

/// Marks every struct of a `types` module `#[non_exhaustive]`. They are what the venue sends,
/// decoded by the crate and read by users; marked so, a field the venue adds is a minor release
/// (users cannot build them with a struct literal, which is what would break).
fn non_exhaustive_types(items: &mut [syn::Item]) {
    for item in items {
        let syn::Item::Mod(module) = item else { continue };
        let Some((_, inner)) = module.content.as_mut() else { continue };
        if module.ident != "types" {
            non_exhaustive_types(inner);
            continue;
        }
        let mut readers = DecimalReaders::default();
        for item in inner.iter_mut() {
            if let syn::Item::Struct(s) = item
                && matches!(s.vis, syn::Visibility::Public(_))
            {
                if !s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
                    s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
                }
                readers.attach(&mut s.fields);
            }
        }
        inner.extend(readers.functions);
    }
}

/// Every decimal field is read with `venue_sdk_core::decimal`, never serde's default for `Decimal`,
/// which rounds past 28 significant digits: more digits than a `Decimal` holds is a decode
/// error naming the field. Optional ones also read `""` and `"null"` as absent.
/// `deserialize_with` cannot pass the field's name, so each wire name gets a small function.
#[derive(Clone, Copy, Debug)]
enum Reader {
    Decimal,
    Int64,
}

#[derive(Default)]
struct DecimalReaders {
    /// (wire name, optional) → the function's name.
    names: std::collections::BTreeMap<(String, bool), String>,
    functions: Vec<syn::Item>,
}

impl DecimalReaders {
    fn attach(&mut self, fields: &mut syn::Fields) {
        let readers = [
            (quote::quote!(::rust_decimal::Decimal), Reader::Decimal, false),
            (quote::quote!(::std::option::Option<::rust_decimal::Decimal>), Reader::Decimal, true),
            (quote::quote!(::venue_sdk_core::decimal::Int64), Reader::Int64, false),
            (quote::quote!(::std::option::Option<::venue_sdk_core::decimal::Int64>), Reader::Int64, true),
        ]
        .map(|(ty, reader, optional)| (ty.to_string(), reader, optional));
        for field in fields.iter_mut() {
            let ty = quote::ToTokens::to_token_stream(&field.ty).to_string();
            let Some((_, reader, is_optional)) = readers.iter().find(|(t, _, _)| *t == ty).cloned() else { continue };
            let Some(ident) = &field.ident else { continue };
            let wire = serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
            let function = self.function(&wire, reader, is_optional);
            // The alias only marked the field for its reader; users see a plain i64.
            if let Reader::Int64 = reader {
                field.ty =
                    if is_optional { syn::parse_quote!(::std::option::Option<i64>) } else { syn::parse_quote!(i64) };
            }
            field.attrs.push(if is_optional {
                syn::parse_quote!(#[serde(default, deserialize_with = #function)])
            } else {
                syn::parse_quote!(#[serde(deserialize_with = #function)])
            });
        }
    }

    fn function(&mut self, wire: &str, reader: Reader, optional: bool) -> String {
        let key = (format!("{wire}{reader:?}"), optional);
        if let Some(name) = self.names.get(&key) {
            return name.clone();
        }
        let base = format!("read_{}{}", heck::ToSnakeCase::to_snake_case(wire), if optional { "_option" } else { "" });
        let mut name = base.clone();
        let mut n = 2;
        while self.names.values().any(|used| *used == name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        let ident = format_ident!("{name}");
        let doc = format!("Reads `{wire}` exactly (see `venue_sdk_core::decimal`).");
        let (ty, read) = match reader {
            Reader::Decimal => (quote!(::rust_decimal::Decimal), quote!(exact)),
            Reader::Int64 => (quote!(i64), quote!(lenient_i64)),
        };
        self.functions.push(if optional {
            let read = format_ident!("{}_option", read.to_string());
            syn::parse_quote! {
                #[doc = #doc]
                fn #ident<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<::std::option::Option<#ty>, D::Error> {
                    ::venue_sdk_core::decimal::#read(d, #wire)
                }
            }
        } else {
            syn::parse_quote! {
                #[doc = #doc]
                fn #ident<'de, D: ::serde::Deserializer<'de>>(d: D) -> Result<#ty, D::Error> {
                    ::venue_sdk_core::decimal::#read(d, #wire)
                }
            }
        });
        self.names.insert(key, name.clone());
        name
    }
}

/// The `rename` of a field's or variant's `#[serde(...)]`, when it has one: the name on the wire.
/// The one reader of it, for codegen, the generated front and the public-API summary.
pub(crate) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                meta.parse_nested_meta(|_| Ok(()))?;
            }
            Ok(())
        });
    }
    rename
}

fn schema(value: serde_json::Value) -> schemars::schema::SchemaObject {
    serde_json::from_value(value).expect("literal schema is valid")
}

/// The type policy both generators share: schema → Rust type conversions (decimals, unix times)
/// and the open enums every named enum is replaced with.
pub struct TypePolicy {
    pub conversions: Vec<(schemars::schema::SchemaObject, &'static str)>,
    pub replacements: Vec<(String, String)>,
}

pub fn type_policy(enums: &[EnumSchema], unions: &[EnumSchema]) -> TypePolicy {
    let mut conversions = Vec::new();
    for ty in ["string", "number"] {
        conversions.push((schema(serde_json::json!({ "type": ty, "format": "decimal" })), "::rust_decimal::Decimal"));
    }
    // A 64-bit integer the venue sends as a number or as a string of digits.
    conversions.push((
        schema(serde_json::json!({ "type": "integer", "format": "int64-or-string" })),
        "::venue_sdk_core::decimal::Int64",
    ));
    conversions.push((
        schema(serde_json::json!({ "type": "integer", "format": "unix-millis" })),
        "::venue_sdk_core::time::UnixMillis",
    ));
    conversions.push((
        schema(serde_json::json!({ "type": "integer", "format": "unix-seconds" })),
        "::venue_sdk_core::time::UnixSeconds",
    ));
    let replacements =
        enums.iter().chain(unions).map(|e| (e.name.clone(), format!("crate::generated::enums::{}", e.name))).collect();
    TypePolicy { conversions, replacements }
}

fn client(spec: &VenueSpec, enums: &[EnumSchema], unions: &[EnumSchema]) -> Result<TokenStream> {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        // A venue crate that forgets to implement the signing hook must not compile.
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(::venue_sdk_core::Session));
    let display = || [TypeImpl::Display, TypeImpl::FromStr].into_iter();
    let policy = type_policy(enums, unions);
    for (schema, ty) in policy.conversions {
        settings.with_conversion(schema, ty, display());
    }
    for (name, path) in &policy.replacements {
        settings.with_replacement(name, path, display());
    }
    let openapi: openapiv3::OpenAPI = serde_json::from_value(spec.for_progenitor.clone())
        .map_err(|e| Error::spec(&spec.rel_path, format!("not an OpenAPI 3.0 document: {e}")))?;
    let mut generator = Generator::new(&settings);
    let tokens = generator
        .generate_tokens(&openapi)
        .map_err(|e| Error::Generate { spec: spec.rel_path.clone(), message: e.to_string() })?;
    Ok(quote! {
        #![allow(clippy::all, unused_imports, dead_code)]
        #tokens
    })
}

fn operations(spec: &VenueSpec, ws: Option<&WsSpec>) -> Result<TokenStream> {
    let mut groups: BTreeMap<String, (Vec<String>, &OneOfGroup)> = BTreeMap::new();
    let ws_groups =
        ws.into_iter().flat_map(|w| &w.operations).flat_map(|op| op.one_of.iter().map(move |g| (&op.method, g)));
    let rest_groups = spec.operations.iter().flat_map(|op| op.one_of.iter().map(move |g| (&op.id, g)));
    for (op_id, group) in rest_groups.chain(ws_groups) {
        match groups.get_mut(&group.type_name) {
            Some((users, seen)) if same_group(seen, group) => users.push(op_id.clone()),
            Some((users, _)) => {
                return Err(Error::spec(
                    &spec.rel_path,
                    format!(
                        "{op_id}: one-of group {} differs from the one {} declares; give it another name",
                        group.type_name, users[0]
                    ),
                ));
            }
            None => {
                groups.insert(group.type_name.clone(), (vec![op_id.clone()], group));
            }
        }
    }
    let one_of_items: Vec<_> = groups.values().map(|(users, group)| one_of(users, group)).collect();
    let mut entries = Vec::new();
    for op in &spec.operations {
        let id = &op.id;
        let method = &op.method;
        let path = &op.path;
        let summary = &op.summary;
        let doc_url = &op.doc_url;
        let docs_read = &op.docs_read;
        let signing = &op.signing;
        let retry_safe = op.retry_safe;
        let api_keys = op.api_keys.iter().filter_map(|(rule, placement)| {
            let (location, name) = placement.as_ref()?;
            let location = if location == "header" {
                quote!(::venue_sdk_core::Location::Header)
            } else {
                quote!(::venue_sdk_core::Location::Query)
            };
            Some(quote!(::venue_sdk_core::ApiKeyPlacement { rule: #rule, location: #location, name: #name }))
        });
        let injected = op
            .injected
            .iter()
            .map(|i| {
                let name = &i.name;
                let location = match i.location.as_str() {
                    "query" => quote!(::venue_sdk_core::Location::Query),
                    "header" => quote!(::venue_sdk_core::Location::Header),
                    other => {
                        return Err(Error::spec(
                            &spec.rel_path,
                            format!(
                                "{id}: injected parameter `{name}` is in {other:?}; only query and header are supported"
                            ),
                        ));
                    }
                };
                let kind = format_ident!("{}", i.kind.rust_variant());
                let kind = match (&i.kind, &i.value) {
                    (InjectedKind::Constant, Some(value)) => quote!(::venue_sdk_core::InjectedKind::Constant(#value)),
                    _ => quote!(::venue_sdk_core::InjectedKind::#kind),
                };
                let required = i.required;
                let maximum = match i.maximum {
                    Some(m) => quote!(Some(#m)),
                    None => quote!(None),
                };
                Ok(quote! {
                    ::venue_sdk_core::Injected { name: #name, location: #location, kind: #kind, required: #required, maximum: #maximum }
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let not_found = match &op.not_found {
            Some(text) => quote!(Some(#text)),
            None => quote!(None),
        };
        let refusals = op.refusals.iter().map(|r| {
            let (param, contains, why) = (&r.param, &r.contains, &r.why);
            quote!(::venue_sdk_core::Refusal { param: #param, contains: #contains, why: #why })
        });
        let const_name = format_ident!("{}", id.to_uppercase());
        let doc = format!("`{method} {path}`: {summary}. Venue docs: <{doc_url}> (read {docs_read}).");
        entries.push((
            const_name.clone(),
            quote! {
                #[doc = #doc]
                pub const #const_name: ::venue_sdk_core::Operation = ::venue_sdk_core::Operation {
                    id: #id,
                    method: #method,
                    path: #path,
                    summary: #summary,
                    doc_url: #doc_url,
                    docs_read: #docs_read,
                    signing: &[#(#signing),*],
                    injected: &[#(#injected),*],
                    retry_safe: #retry_safe,
                    api_keys: &[#(#api_keys),*],
                    not_found: #not_found,
                    refusals: &[#(#refusals),*],
                };
            },
        ));
    }
    let consts = entries.iter().map(|(_, tokens)| tokens);
    let names = entries.iter().map(|(name, _)| name);
    let codes = spec.error_codes.iter().map(|e| {
        let code = match (&e.code, e.code.as_i64()) {
            (_, Some(n)) => quote!(::venue_sdk_core::CodeKey::Number(#n)),
            (Value::String(text), None) => quote!(::venue_sdk_core::CodeKey::Text(#text)),
            // The reader admits integers and strings only.
            _ => quote!(::venue_sdk_core::CodeKey::Text("")),
        };
        let class = format_ident!("{}", e.class);
        let source = &e.source;
        let assumed = e.assumed;
        quote!(::venue_sdk_core::ErrorCodeRule { code: #code, class: ::venue_sdk_core::ErrorClass::#class, source: #source, assumed: #assumed })
    });
    let facts = facts(spec);
    Ok(quote! {
        //! Every operation of the spec with its provenance and what the auth layer injects.
        #(#consts)*

        /// All operations, sorted by id.
        pub const ALL: &[::venue_sdk_core::Operation] = &[#(#names),*];

        /// The spec's `x-error-codes`: what each of the venue's error codes means, and where that
        /// was read (or why it was assumed). Codes it does not list are refusals.
        pub const ERROR_CODES: &[::venue_sdk_core::ErrorCodeRule] = &[#(#codes),*];

        /// The venue's facts from the spec (`x-clock`, `x-error-body`, `x-envelope`,
        /// `x-error-statuses`, `x-rate-limit-headers`, the recvWindow's `default`), which the
        /// runtime reads every answer by.
        pub const FACTS: ::venue_sdk_core::facts::VenueFacts = #facts;

        #(#one_of_items)*
    })
}

/// The venue's name: `specs/<name>/openapi.yaml`.
pub fn venue_name(spec: &VenueSpec) -> String {
    let parts: Vec<&str> = spec.rel_path.split('/').collect();
    match parts.as_slice() {
        ["specs", name, ..] => name.to_string(),
        _ => spec.rel_path.trim_end_matches(".yaml").to_string(),
    }
}

/// `venue_sdk_core::facts::VenueFacts` for the spec.
fn facts(spec: &VenueSpec) -> TokenStream {
    use crate::spec::{ClockSpec, StatusBody};
    let name = venue_name(spec);
    let f = &spec.facts;
    let clock = match f.clock {
        ClockSpec::Unused => quote!(::venue_sdk_core::ClockSource::Unused),
        ClockSpec::DateHeader => quote!(::venue_sdk_core::ClockSource::DateHeader),
        ClockSpec::ServerTime { .. } => quote!(::venue_sdk_core::ClockSource::ServerTime),
    };
    let stale = format_ident!("{}", f.stale_timestamp);
    let error_body = match &f.error_body {
        Some((code, message)) => {
            quote!(Some(::venue_sdk_core::facts::ErrorBody { code: #code, message: &[#(#message),*] }))
        }
        None => quote!(None),
    };
    let envelope = match &spec.envelope {
        Some(e) => {
            let (code, success, data, message) = (&e.code, &e.success, &e.data, &e.message);
            quote!(Some(::venue_sdk_core::facts::Envelope { code: #code, success: &[#(#success),*], data: #data, message: &[#(#message),*] }))
        }
        None => quote!(None),
    };
    let statuses = f.statuses.iter().map(|r| {
        let status = r.status;
        let body = match &r.body {
            StatusBody::Any => quote!(::venue_sdk_core::facts::BodyMatch::Any),
            StatusBody::Empty => quote!(::venue_sdk_core::facts::BodyMatch::Empty),
            StatusBody::Contains(text) => quote!(::venue_sdk_core::facts::BodyMatch::Contains(#text)),
        };
        let class = format_ident!("{}", r.class);
        let message = match &r.message {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        quote!(::venue_sdk_core::facts::StatusRule { status: #status, body: #body, class: ::venue_sdk_core::ErrorClass::#class, message: #message })
    });
    let headers = f.usage_headers.iter().map(|(prefix, kind)| {
        let kind = format_ident!("{}", kind);
        quote!(::venue_sdk_core::facts::UsageHeader { prefix: #prefix, kind: ::venue_sdk_core::RateLimitKind::#kind })
    });
    let window = match f.default_window_ms {
        Some(w) => quote!(Some(#w)),
        None => quote!(None),
    };
    quote! {
        ::venue_sdk_core::facts::VenueFacts {
            name: #name,
            clock: #clock,
            stale_timestamp: ::venue_sdk_core::facts::StaleTimestamp::#stale,
            error_body: #error_body,
            envelope: #envelope,
            statuses: &[#(#statuses),*],
            rate_limit_headers: &[#(#headers),*],
            default_window_ms: #window,
            error_codes: ERROR_CODES,
        }
    }
}

fn same_group(a: &OneOfGroup, b: &OneOfGroup) -> bool {
    a.params.len() == b.params.len()
        && a.params.iter().zip(&b.params).all(|(x, y)| x.name == y.name && x.rust_type == y.rust_type)
}

fn one_of(users: &[String], group: &spec::OneOfGroup) -> TokenStream {
    let ident = format_ident!("{}", group.type_name);
    let doc = format!(
        "Which order {} asks for. The venue's docs say either {} must be sent; this type sends exactly one.",
        users.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(" and "),
        group.params.iter().map(|p| format!("`{}`", p.name)).collect::<Vec<_>>().join(" or ")
    );
    let variants: Vec<_> = group.params.iter().map(|p| format_ident!("{}", p.name.to_upper_camel_case())).collect();
    let types: Vec<TokenStream> =
        group.params.iter().map(|p| p.rust_type.parse().expect("scalar type names are valid tokens")).collect();
    let borrowed: Vec<TokenStream> = group
        .params
        .iter()
        .map(|p| {
            if p.rust_type == "String" {
                quote!(Option<&str>)
            } else {
                p.rust_type.parse().map(|t: TokenStream| quote!(Option<#t>)).expect("valid")
            }
        })
        .collect();
    let vdocs = group.params.iter().map(|p| format!("Sent as `{}`.", p.name));
    let arms = variants.iter().enumerate().map(|(i, v)| {
        let values = group.params.iter().enumerate().map(|(j, p)| {
            if i != j {
                quote!(None)
            } else if p.rust_type == "String" {
                quote!(Some(value.as_str()))
            } else {
                quote!(Some(*value))
            }
        });
        quote! { Self::#v(value) => (#(#values),*), }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #ident {
            #( #[doc = #vdocs] #variants(#types), )*
        }

        impl #ident {
            /// The parameters in spec order; exactly one is `Some`.
            pub fn to_params(&self) -> (#(#borrowed),*) {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_versions_match_the_workspace_pins() {
        let manifest = include_str!("../../Cargo.toml");
        assert!(manifest.contains(&format!("progenitor = {{ version = \"={}\"", super::PROGENITOR_VERSION)));
        assert!(manifest.contains(&format!("typify = {{ version = \"={}\"", super::TYPIFY_VERSION)));
    }
}
