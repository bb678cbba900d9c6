//! `generated/ws.rs` from an AsyncAPI spec: the reply types (typify, with the REST generator's
//! type policy), a table entry per operation, and one typed async method per public operation on
//! the crate's hand-written `crate::ws::WsClient`, which injects the id and auth and sends.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use typify::{TypeSpace, TypeSpaceImpl, TypeSpaceSettings};

use crate::asyncapi::{ParamType, WsOperation, WsSpec};
use crate::codegen::type_policy;
use crate::error::{Error, Result};
use crate::spec::EnumSchema;

pub fn generate(ws: &WsSpec, enums: &[EnumSchema], unions: &[EnumSchema]) -> Result<TokenStream> {
    let types = types(ws, enums, unions)?;
    let consts = ws.operations.iter().map(operation_const);
    let names = ws.operations.iter().map(|op| format_ident!("{}", op.const_name()));
    let methods = ws.operations.iter().filter(|op| op.public).map(method);
    let clock = match &ws.clock {
        Some(clock) => {
            let name = format_ident!("{}", clock.const_name);
            let pointer = &clock.server_time;
            quote!(Some(::venue_sdk_core::WsClock { operation: &#name, server_time: #pointer }))
        }
        None => quote!(None),
    };
    let servers = ws.servers.iter().map(|server| {
        let constant = format_ident!("{}_URL", server.name.to_uppercase());
        let constructor = format_ident!("{}", server.name);
        let url = &server.url;
        let doc = format!("The `servers` entry `{}`: {}.", server.name, server.description.trim_end_matches('.'));
        let constructor_doc = format!("{doc} Must be called inside a tokio runtime.");
        quote! {
            #[doc = #doc]
            pub const #constant: &'static str = #url;

            #[doc = #constructor_doc]
            pub fn #constructor(credentials: ::venue_sdk_core::Credentials) -> Result<Self, ::venue_sdk_core::Error> {
                Self::with_config(::venue_sdk_core::Config::new(Self::#constant).credentials(credentials))
            }
        }
    });
    let environments = ws.servers.iter().map(|server| {
        let name = &server.name;
        let constant = format_ident!("{}_URL", server.name.to_uppercase());
        quote! { (#name, Self::#constant) }
    });
    Ok(quote! {
        #![allow(clippy::all, unused_imports, dead_code)]
        //! The WebSocket API: reply types, the operation table, and a method per operation.

        /// The messages the venue sends back, as typed values.
        pub mod types {
            #types
        }

        /// Every operation of the spec with its provenance and what the runtime injects.
        pub mod operations {
            #(#consts)*

            /// All operations, sorted by method.
            pub const ALL: &[::venue_sdk_core::WsOperation] = &[#(#names),*];

            /// The spec's `x-clock`: how to read the venue's time on this API.
            pub const CLOCK: Option<::venue_sdk_core::WsClock> = #clock;
        }

        impl crate::ws::WsClient {
            /// Every `servers` entry of the spec, by name (sorted by name; the first is the
            /// command line's `--env` default).
            pub const ENVIRONMENTS: &'static [(&'static str, &'static str)] = &[#(#environments),*];

            #(#servers)*

            #(#methods)*
        }
    })
}

fn types(ws: &WsSpec, enums: &[EnumSchema], unions: &[EnumSchema]) -> Result<TokenStream> {
    let err = |message: String| Error::Generate { spec: ws.rel_path.clone(), message };
    let mut settings = TypeSpaceSettings::default();
    let display = || [TypeSpaceImpl::Display, TypeSpaceImpl::FromStr].into_iter();
    let policy = type_policy(enums, unions);
    for (schema, ty) in policy.conversions {
        settings.with_conversion(schema, ty, display());
    }
    for (name, path) in &policy.replacements {
        settings.with_replacement(name, path, display());
    }
    // Shared schemas are the REST client's types: one `Order` for both channels.
    for name in &ws.shared {
        settings.with_replacement(name, format!("crate::generated::client::types::{name}"), std::iter::empty());
    }
    let mut space = TypeSpace::new(&settings);
    let definitions = ws
        .definitions
        .iter()
        .map(|(name, schema)| {
            serde_json::from_value::<schemars::schema::Schema>(schema.clone())
                .map(|s| (name.clone(), s))
                .map_err(|e| err(format!("{name}: not a JSON schema typify reads: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    space.add_ref_types(definitions).map_err(|e| err(e.to_string()))?;
    Ok(space.to_stream())
}

fn operation_const(op: &WsOperation) -> TokenStream {
    let name = format_ident!("{}", op.const_name());
    let method = &op.method;
    let summary = if op.title.is_empty() { &op.summary } else { &op.title };
    let doc_url = &op.doc_url;
    let docs_read = &op.docs_read;
    let signing = &op.signing;
    let retry_safe = op.retry_safe;
    let weight = match op.weight {
        Some(w) => {
            let w = w as u32;
            quote!(Some(#w))
        }
        None => quote!(None),
    };
    let injected = op.injected.iter().map(|i| {
        let name = &i.name;
        let kind = format_ident!("{}", i.kind.rust_variant());
        let required = i.required;
        let maximum = match i.maximum {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        quote! {
            ::venue_sdk_core::Injected { name: #name, location: ::venue_sdk_core::Location::Params, kind: ::venue_sdk_core::InjectedKind::#kind, required: #required, maximum: #maximum }
        }
    });
    let not_found = match &op.not_found {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let doc = format!("`{method}`: {summary}. Venue docs: <{doc_url}> (read {docs_read}).");
    quote! {
        #[doc = #doc]
        pub const #name: ::venue_sdk_core::WsOperation = ::venue_sdk_core::WsOperation {
            method: #method,
            summary: #summary,
            doc_url: #doc_url,
            docs_read: #docs_read,
            weight: #weight,
            retry_safe: #retry_safe,
            signing: &[#(#signing),*],
            injected: &[#(#injected),*],
            not_found: #not_found,
        };
    }
}

fn method(op: &WsOperation) -> TokenStream {
    let fn_name = format_ident!("{}", op.fn_name());
    let reply_fn = format_ident!("{}_reply", op.fn_name());
    let const_name = format_ident!("{}", op.const_name());
    let reply_type = format_ident!("{}", op.reply_type);
    let result_ident = format_ident!("{}", op.result_schema);
    let result_type = if op.result_shared {
        quote!(crate::generated::client::types::#result_ident)
    } else {
        quote!(types::#result_ident)
    };
    let result_type = if op.result_required { result_type } else { quote!(Option<#result_type>) };

    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    let mut pushes = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        let ident = format_ident!("{}", heck::ToSnakeCase::to_snake_case(p.name.as_str()));
        let name = &p.name;
        let (ty, push) = match p.ty {
            ParamType::Text => (quote!(&str), quote!(params.text(#name, #ident);)),
            ParamType::Integer => (quote!(i64), quote!(params.integer(#name, #ident);)),
            ParamType::Boolean => (quote!(bool), quote!(params.boolean(#name, #ident);)),
        };
        args.push(quote!(#ident: #ty));
        arg_names.push(ident);
        pushes.push(push);
    }
    for group in &op.one_of {
        let type_ident = format_ident!("{}", group.type_name);
        let snake = heck::ToSnakeCase::to_snake_case(group.type_name.as_str());
        let ident = format_ident!("{}", snake.strip_suffix("_ref").unwrap_or(&snake));
        let locals: Vec<_> = group
            .params
            .iter()
            .map(|p| format_ident!("{}", heck::ToSnakeCase::to_snake_case(p.name.as_str())))
            .collect();
        let sets = group.params.iter().zip(&locals).map(|(p, local)| {
            let name = &p.name;
            if p.rust_type == "String" {
                quote!(if let Some(value) = #local { params.text(#name, value); })
            } else {
                quote!(if let Some(value) = #local { params.integer(#name, value); })
            }
        });
        args.push(quote!(#ident: crate::generated::operations::#type_ident));
        arg_names.push(ident.clone());
        pushes.push(quote! {
            let (#(#locals),*) = #ident.to_params();
            #(#sets)*
        });
    }
    for p in op.params.iter().filter(|p| !p.required) {
        let ident = format_ident!("{}", heck::ToSnakeCase::to_snake_case(p.name.as_str()));
        let name = &p.name;
        let (ty, set) = match p.ty {
            ParamType::Text => (quote!(Option<&str>), quote!(params.text(#name, value))),
            ParamType::Integer => (quote!(Option<i64>), quote!(params.integer(#name, value))),
            ParamType::Boolean => (quote!(Option<bool>), quote!(params.boolean(#name, value))),
        };
        args.push(quote!(#ident: #ty));
        arg_names.push(ident.clone());
        pushes.push(quote!(if let Some(value) = #ident { #set; }));
    }
    let count = op.params.len() + op.one_of.len();
    let doc = crate::docs::OperationDoc::ws(op).markdown();
    let reply_doc = format!("`{}` with the whole reply: status and `rateLimits` as well as the result.", op.fn_name());
    let frame_doc = format!(
        "`{}_reply` and the reply frame's text exactly as the venue sent it (cleaned of anything the request \
         signed), for what the typed reply leaves out: a field the spec does not know, a `null` the venue sent.",
        op.fn_name()
    );
    let frame_fn = format_ident!("{}_frame", op.fn_name());
    let params_fn = format_ident!("{}_params", op.fn_name());
    let params_binding = if count == 0 {
        quote!(let params = ::venue_sdk_core::ws::Params::new();)
    } else {
        quote!(let mut params = ::venue_sdk_core::ws::Params::new();)
    };
    quote! {
        #[doc = #doc]
        pub async fn #fn_name(&self, #(#args),*) -> Result<#result_type, ::venue_sdk_core::Error> {
            self.#reply_fn(#(#arg_names),*).await.map(|reply| reply.result)
        }

        #[doc = #reply_doc]
        pub async fn #reply_fn(&self, #(#args),*) -> Result<types::#reply_type, ::venue_sdk_core::Error> {
            self.call(&operations::#const_name, Self::#params_fn(#(#arg_names),*)).await
        }

        #[doc = #frame_doc]
        pub async fn #frame_fn(&self, #(#args),*) -> Result<(types::#reply_type, String), ::venue_sdk_core::Error> {
            self.call_keeping_frame(&operations::#const_name, Self::#params_fn(#(#arg_names),*)).await
        }

        fn #params_fn(#(#args),*) -> ::venue_sdk_core::ws::Params {
            #params_binding
            #(#pushes)*
            params
        }
    }
}
