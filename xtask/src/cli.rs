//! The command line's subcommands, from every spec: `crates/venue-cli/src/generated/commands.rs`.
//!
//! One subcommand per venue, one per operation (REST and WebSocket), one flag per parameter the
//! caller supplies, with the spec's description as help, its enum values as the accepted values
//! and its `x-one-of-required` groups as "exactly one of" argument groups. Injected parameters
//! (timestamps, keys, signatures) never become flags. Each venue's `run` is generated too: it
//! converts the flags and calls the venue crate's generated method of the same operation, so an
//! operation or a parameter added to a spec is a command or a flag with no hand edit. By hand
//! (`venues/`) is only where a venue's keys come from and which URL it asks.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::asyncapi::{ParamType, WsOperation, WsSpec};
use crate::codegen::{self, Source};
use crate::error::Result;
use crate::spec::{Operation, Param, ParamKind, VenueSpec};

/// Where the file goes, relative to the workspace root.
pub const DIR: &str = "crates/venue-cli/src/generated";
pub const FILE: &str = "commands.rs";

/// One venue: its name (`specs/<name>`), its REST spec and its WebSocket spec, if any.
pub struct VenueSpecs<'a> {
    pub name: &'a str,
    pub rest: &'a VenueSpec,
    pub ws: Option<&'a WsSpec>,
}

/// The command a REST operation gets: its id in kebab case without a leading query verb
/// (`query_algo_order` → `algo-order`); the whole id stays an alias.
pub fn command_name(operation_id: &str) -> String {
    let kebab = operation_id.to_kebab_case();
    for verb in ["query-", "get-", "return-"] {
        if let Some(rest) = kebab.strip_prefix(verb)
            && !rest.is_empty()
        {
            return rest.to_string();
        }
    }
    kebab
}

/// The command a WebSocket method gets: `order.status` → `ws-order-status`.
pub fn ws_command_name(method: &str) -> String {
    format!("ws-{}", method.replace('.', "-").to_kebab_case())
}

pub fn generate(venues: &[VenueSpecs<'_>]) -> Result<String> {
    let sources: Vec<&dyn Source> = venues
        .iter()
        .flat_map(|v| std::iter::once(v.rest as &dyn Source).chain(v.ws.map(|w| w as &dyn Source)))
        .collect();
    let header = codegen::header(&sources);

    let venue_variants = venues.iter().map(|v| {
        let variant = format_ident!("{}", v.name.to_upper_camel_case());
        let name = v.name;
        let environments: Vec<String> = v.rest.servers.iter().map(|s| format!("`{}` ({})", s.name, s.url)).collect();
        let doc = format!(
            "{} (specs/{}).\n\nEnvironments for `--env`, from the spec's `servers` (the first is the default): {}.",
            v.rest.title,
            v.name,
            environments.join(", ")
        );
        quote! {
            #[doc = #doc]
            #[command(name = #name, subcommand)]
            #variant(#variant)
        }
    });
    let venue_enums = venues.iter().map(venue);
    let dispatch = venues.iter().map(|v| {
        let variant = format_ident!("{}", v.name.to_upper_camel_case());
        let module = format_ident!("{}", v.name.to_snake_case());
        let name = v.name;
        (
            quote!(Self::#variant(op) => format!("{} {}", #name, op.operation())),
            quote!(Self::#variant(op) => crate::venues::#module::run(op, target).await),
        )
    });
    let (labels, runs): (Vec<_>, Vec<_>) = dispatch.unzip();
    let tokens = quote! {
        //! Every venue and operation in `specs/` as clap subcommands, and what each runs; the
        //! hand-written glue in `venues/` gives them their clients.

        use crate::venues::{Failure, one_of, rest_answer, ws_answer};

        /// The venue to ask.
        #[derive(Debug, clap::Subcommand)]
        pub enum VenueCommand {
            #(#venue_variants,)*
        }

        impl VenueCommand {
            /// `binance-usdm query_algo_order`: what failed, for the error line.
            pub fn label(&self) -> String {
                match self {
                    #(#labels,)*
                }
            }

            /// Runs the command with the venue's keys and URL (`crate::venues::<venue>::run`).
            pub async fn run(self, target: &crate::target::Target) -> Result<crate::venues::Answer, Failure> {
                match self {
                    #(#runs,)*
                }
            }
        }

        #(#venue_enums)*
    };
    codegen::render(&header, tokens, "specs/")
}

fn venue(v: &VenueSpecs<'_>) -> TokenStream {
    let enum_ident = format_ident!("{}", v.name.to_upper_camel_case());
    let module = format_ident!("{}", v.name.to_snake_case());
    let ws_ops: Vec<&WsOperation> =
        v.ws.map(|w| w.operations.iter().filter(|op| op.public).collect()).unwrap_or_default();

    let mut variants = Vec::new();
    let mut structs = Vec::new();
    let mut ids = Vec::new();
    let mut signed = Vec::new();
    for op in &v.rest.operations {
        let ident = format_ident!("{}", op.id.to_upper_camel_case());
        let name = command_name(&op.id);
        let alias = op.id.to_kebab_case();
        let alias = (alias != name).then(|| quote!(visible_alias = #alias,));
        let (summary, long) = rest_about(op);
        variants.push(quote! {
            #[doc = #summary]
            #[doc = ""]
            #[doc = #long]
            #[command(name = #name, #alias)]
            #ident(#module::#ident)
        });
        structs.push(rest_args(&ident, op));
        let id = &op.id;
        ids.push(quote!(Self::#ident(_) => #id));
        let is_signed = !op.signing.is_empty();
        signed.push(quote!(Self::#ident(_) => #is_signed));
    }
    for op in &ws_ops {
        let ident = format_ident!("Ws{}", op.fn_name().to_upper_camel_case());
        let name = ws_command_name(&op.method);
        let about = crate::docs::OperationDoc::ws(op);
        let (summary, long) = (about.headline(), about.body());
        variants.push(quote! {
            #[doc = #summary]
            #[doc = ""]
            #[doc = #long]
            #[command(name = #name)]
            #ident(#module::#ident)
        });
        structs.push(ws_args(&ident, op));
        let method = &op.method;
        ids.push(quote!(Self::#ident(_) => #method));
        let is_signed = !op.signing.is_empty();
        signed.push(quote!(Self::#ident(_) => #is_signed));
    }
    let doc = format!("The operations of specs/{}.", v.name);
    let glue = glue(v);
    quote! {
        #[doc = #doc]
        #[derive(Debug, clap::Subcommand)]
        pub enum #enum_ident {
            #(#variants,)*
        }

        #glue

        impl #enum_ident {
            /// The spec's `operationId`, or the WebSocket `method`.
            pub fn operation(&self) -> &'static str {
                match self {
                    #(#ids,)*
                }
            }

            /// Whether the venue wants the request signed (so keys are needed).
            pub fn is_signed(&self) -> bool {
                match self {
                    #(#signed,)*
                }
            }
        }

        /// One struct per operation: the parameters the caller supplies.
        pub mod #module {
            #(#structs)*
        }
    }
}

/// `run`: each command calls the venue crate's generated method with its arguments, converted
/// from the flags (enums parsed, UUIDs checked, one-of groups joined, a request struct built),
/// and prints the answer as JSON. The client comes from the hand-written caller (keys, base URL).
fn glue(v: &VenueSpecs<'_>) -> TokenStream {
    let enum_ident = format_ident!("{}", v.name.to_upper_camel_case());
    let module = format_ident!("{}", v.name.to_snake_case());
    let krate = format_ident!("{}", v.name.to_snake_case());
    let ws_ops: Vec<&WsOperation> =
        v.ws.map(|w| w.operations.iter().filter(|op| op.public).collect()).unwrap_or_default();
    let mut arms = Vec::new();
    // Where the typed value sits in the body: the envelope's data field, else the whole body.
    let payload = match &v.rest.envelope {
        Some(envelope) => {
            let data = &envelope.data;
            quote!(Some(#data))
        }
        None => quote!(None),
    };
    for op in &v.rest.operations {
        let ident = format_ident!("{}", op.id.to_upper_camel_case());
        let fields: Vec<_> = op.params.iter().map(|p| format_ident!("{}", p.name.to_snake_case())).collect();
        let call = rest_call(&krate, op, |call| quote!(rest_answer(rest()?.call().keep_body().#call.await?, #payload)));
        arms.push(quote! {
            Self::#ident(#module::#ident { #(#fields),* }) => {
                #call
            }
        });
    }
    for op in &ws_ops {
        let ident = format_ident!("Ws{}", op.fn_name().to_upper_camel_case());
        let frame_method = format_ident!("{}_frame", op.fn_name());
        let result = crate::asyncapi::REPLY_RESULT;
        let plain: Vec<_> = op.params.iter().map(|p| format_ident!("{}", p.name.to_snake_case())).collect();
        let grouped: Vec<_> = op
            .one_of
            .iter()
            .flat_map(|g| g.params.iter().map(|p| format_ident!("{}", p.name.to_snake_case())))
            .collect();
        let prelude =
            op.one_of.iter().map(|g| group_value(&krate, &g.type_name, g.params.iter().map(|m| m.name.as_str())));
        let value = |p: &crate::asyncapi::WsParam| {
            let field = format_ident!("{}", p.name.to_snake_case());
            match (p.ty, p.required) {
                (ParamType::Text, true) => quote!(&#field),
                (ParamType::Text, false) => quote!(#field.as_deref()),
                _ => quote!(#field),
            }
        };
        let required = op.params.iter().filter(|p| p.required).map(value);
        let groups = op.one_of.iter().map(|g| group_ident(&g.type_name));
        let optional = op.params.iter().filter(|p| !p.required).map(value);
        arms.push(quote! {
            Self::#ident(#module::#ident { #(#plain,)* #(#grouped),* }) => {
                #(#prelude)*
                ws_answer(ws()?.#frame_method(#(#required,)* #(#groups,)* #(#optional),*).await?, #result)
            }
        });
    }
    let ws_arg = (!ws_ops.is_empty()).then(|| quote!(ws: impl FnOnce() -> Result<::#krate::WsClient, Failure>,));
    let doc = format!("Runs the command: the `{}` crate's method with these arguments, answered as JSON.", v.name);
    quote! {
        impl #enum_ident {
            #[doc = #doc]
            pub async fn run(
                self,
                rest: impl FnOnce() -> Result<::#krate::Client, Failure>,
                #ws_arg
            ) -> Result<crate::venues::Answer, Failure> {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The statements that turn an operation's flag values (bound by their snake-case names, typed
/// as [`flag_type`] says) into the venue crate's method call: enums parsed, UUIDs checked, one-of
/// groups joined, a request struct built. `finish` gets `method(args)` and says what to do with
/// it; `one_of` and `Failure::Usage` must be in scope. The command line's glue and the
/// cross-venue tests' harness both call the methods this way.
pub fn rest_call(krate: &syn::Ident, op: &Operation, finish: impl Fn(TokenStream) -> TokenStream) -> TokenStream {
    let method = format_ident!("{}", op.method_name);
    let mut prelude = Vec::new();
    let in_group = |name: &str| op.one_of.iter().any(|g| g.params.iter().any(|m| m.name == name));
    for group in &op.one_of {
        prelude.push(group_value(krate, &group.type_name, group.params.iter().map(|m| m.name.as_str())));
    }
    let call = if let Some(request) = &op.request_name {
        let request = format_ident!("{}", request);
        let required = op.params.iter().filter(|p| p.required && !in_group(&p.name)).map(|p| owned_value(krate, p));
        let groups = op.one_of.iter().map(|g| group_ident(&g.type_name));
        let setters = op.params.iter().filter(|p| !p.required && !in_group(&p.name)).map(|p| {
            let field = format_ident!("{}", p.name.to_snake_case());
            if matches!(p.kind, ParamKind::IntegerList { .. }) {
                quote!(let request = request.#field(#field);)
            } else {
                let value = owned_value(krate, &Param { required: true, ..p.clone() });
                quote! {
                    let request = match #field {
                        Some(#field) => request.#field(#value),
                        None => request,
                    };
                }
            }
        });
        let finished = finish(quote!(#method(&request)));
        quote! {
            let request = ::#krate::#request::new(#(#required,)* #(#groups),*);
            #(#setters)*
            #finished
        }
    } else {
        let required = op.params.iter().filter(|p| p.required && !in_group(&p.name)).map(|p| borrowed_value(krate, p));
        let groups = op.one_of.iter().map(|g| group_ident(&g.type_name));
        let optional = op.params.iter().filter(|p| !p.required && !in_group(&p.name)).map(|p| borrowed_value(krate, p));
        let (required, optional): (Vec<_>, Vec<_>) = (required.collect(), optional.collect());
        let lets = required.iter().chain(&optional).map(|(l, _)| l);
        let args = required
            .iter()
            .map(|(_, a)| a)
            .cloned()
            .chain(groups.map(|g| quote!(#g)))
            .chain(optional.iter().map(|(_, a)| a.clone()));
        let finished = finish(quote!(#method(#(#args),*)));
        quote! {
            #(#lets)*
            #finished
        }
    };
    quote! {
        #(#prelude)*
        #call
    }
}

/// The type a parameter's flag is read as: `i64`, `String` (enums and UUIDs are parsed in the
/// glue), `Vec<i64>` for a comma list; `Option` when the parameter is optional.
pub fn flag_type(p: &Param) -> TokenStream {
    let ty = match &p.kind {
        ParamKind::Integer => quote!(i64),
        // A formatted string (a UUID) is checked by the venue crate's own type, in the glue.
        ParamKind::Text | ParamKind::Formatted(_) => quote!(String),
        // Open, like the library's enums: the spec's values are listed in the help, and any
        // other is passed through (a venue's docs may list fewer values than it takes).
        ParamKind::Enum { .. } => quote!(String),
        // `--source-ids 1,2,3`; none given is none sent.
        ParamKind::IntegerList { .. } => quote!(Vec<i64>),
    };
    let optional = !p.required && !matches!(p.kind, ParamKind::IntegerList { .. });
    if optional { quote!(Option<#ty>) } else { ty }
}

fn group_ident(type_name: &str) -> syn::Ident {
    format_ident!("{}", type_name.to_snake_case())
}

/// `let order_ref = one_of(order_id, orig_client_order_id, OrderRef::OrderId, …, "--order-id, …")?;`
fn group_value<'a>(krate: &syn::Ident, type_name: &str, members: impl Iterator<Item = &'a str>) -> TokenStream {
    let members: Vec<&str> = members.collect();
    let ident = group_ident(type_name);
    let ty = format_ident!("{}", type_name);
    let fields = members.iter().map(|m| format_ident!("{}", m.to_snake_case()));
    let variants = members.iter().map(|m| format_ident!("{}", m.to_upper_camel_case()));
    let flags = members.iter().map(|m| format!("--{}", m.to_kebab_case())).collect::<Vec<_>>().join(", ");
    quote! {
        let #ident = one_of([#(#fields.map(::#krate::#ty::#variants)),*], #flags)?;
    }
}

/// A flag's value as the method borrows it, with the `let` that converts it first.
fn borrowed_value(krate: &syn::Ident, p: &Param) -> (TokenStream, TokenStream) {
    let field = format_ident!("{}", p.name.to_snake_case());
    let flag = match p.location.as_str() {
        "path" => p.name.to_snake_case().to_uppercase(),
        _ => format!("--{}", p.name.to_kebab_case()),
    };
    match (&p.kind, p.required) {
        (ParamKind::Integer, _) => (quote!(), quote!(#field)),
        (ParamKind::Text, true) => (quote!(), quote!(&#field)),
        (ParamKind::Text, false) => (quote!(), quote!(#field.as_deref())),
        (ParamKind::IntegerList { .. }, _) => (quote!(), quote!(&#field)),
        (ParamKind::Enum { component, .. }, required) => {
            let ty = format_ident!("{}", component);
            if required {
                (
                    quote!(let #field: ::#krate::#ty = #field.parse().unwrap_or_else(|never| match never {});),
                    quote!(&#field),
                )
            } else {
                let parse = quote!(|v: String| -> ::#krate::#ty { v.parse().unwrap_or_else(|never| match never {}) });
                (quote!(let #field = #field.map(#parse);), quote!(#field.as_ref()))
            }
        }
        (ParamKind::Formatted(format), required) => {
            let message =
                format!("{flag}: {{:?}} is not a {format} (for example 9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10)");
            if required {
                let parse = quote!(#field.parse().map_err(|_| Failure::Usage(format!(#message, #field)))?);
                (quote!(let #field: ::#krate::Uuid = #parse;), quote!(&#field))
            } else {
                let parse =
                    quote!(|v: String| v.parse::<::#krate::Uuid>().map_err(|_| Failure::Usage(format!(#message, v))));
                (quote!(let #field = #field.map(#parse).transpose()?;), quote!(#field.as_ref()))
            }
        }
    }
}

/// A required flag's value as a request struct owns it.
fn owned_value(krate: &syn::Ident, p: &Param) -> TokenStream {
    let field = format_ident!("{}", p.name.to_snake_case());
    match &p.kind {
        ParamKind::Enum { component, .. } => {
            let ty = format_ident!("{}", component);
            quote!(#field.parse::<::#krate::#ty>().unwrap_or_else(|never| match never {}))
        }
        ParamKind::Formatted(_) => {
            let (convert, _) = borrowed_value(krate, p);
            quote!({ #convert #field })
        }
        _ => quote!(#field),
    }
}

fn rest_about(op: &Operation) -> (String, String) {
    let about = crate::docs::OperationDoc::rest(op);
    (about.headline(), about.body())
}

/// The `x-one-of-required` group a parameter belongs to, if any.
fn group_of<'a>(groups: &'a [crate::spec::OneOfGroup], name: &str) -> Option<&'a str> {
    groups.iter().find(|g| g.params.iter().any(|p| p.name == name)).map(|g| g.type_name.as_str())
}

fn group_attrs(groups: &[crate::spec::OneOfGroup]) -> Vec<TokenStream> {
    groups
        .iter()
        .map(|g| {
            let id = g.type_name.to_snake_case();
            quote!(#[command(group(clap::ArgGroup::new(#id).required(true).multiple(false)))])
        })
        .collect()
}

fn rest_args(ident: &syn::Ident, op: &Operation) -> TokenStream {
    let groups = group_attrs(&op.one_of);
    let fields = op.params.iter().map(|p| {
        let field = format_ident!("{}", p.name.to_snake_case());
        let group = group_of(&op.one_of, &p.name).map(|g| {
            let id = g.to_snake_case();
            quote!(group = #id,)
        });
        let mut help = p.description.trim().to_string();
        if help.is_empty() {
            help = format!("`{}`", p.name);
        }
        if let ParamKind::Enum { values, .. } = &p.kind {
            let help_text = help.trim_end_matches('.');
            help = format!("{help_text}; the spec lists {}, and any other value is sent as given", values.join(", "));
        }
        let help = format!("{help} (`{}`, {})", p.name, p.location);
        let ty = flag_type(p);
        let parser = match p.kind {
            ParamKind::IntegerList { .. } => quote!(value_delimiter = ','),
            _ => quote!(),
        };
        let flag = if p.location == "path" {
            let value_name = p.name.to_snake_case().to_uppercase();
            quote!(value_name = #value_name,)
        } else {
            let long = p.name.to_kebab_case();
            quote!(long = #long,)
        };
        quote! {
            #[doc = #help]
            #[arg(#flag #group #parser)]
            pub #field: #ty
        }
    });
    let doc = format!("The parameters of `{}`.", op.id);
    quote! {
        #[doc = #doc]
        #[derive(Debug, clap::Args)]
        #(#groups)*
        pub struct #ident {
            #(#fields,)*
        }
    }
}

fn ws_args(ident: &syn::Ident, op: &WsOperation) -> TokenStream {
    let groups = group_attrs(&op.one_of);
    let one_of_params: Vec<(String, String, &str)> = op
        .one_of
        .iter()
        .flat_map(|g| g.params.iter().map(move |p| (p.name.clone(), p.rust_type.clone(), g.type_name.as_str())))
        .collect();
    let plain = op.params.iter().map(|p| {
        let field = format_ident!("{}", p.name.to_snake_case());
        let long = p.name.to_kebab_case();
        let mut help = p.description.trim().to_string();
        if help.is_empty() {
            help = format!("`{}`", p.name);
        }
        let help = format!("{help} (`{}`, params)", p.name);
        let ty = match p.ty {
            ParamType::Text => quote!(String),
            ParamType::Integer => quote!(i64),
            ParamType::Boolean => quote!(bool),
        };
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        quote! {
            #[doc = #help]
            #[arg(long = #long)]
            pub #field: #ty
        }
    });
    let grouped = one_of_params.iter().map(|(name, rust_type, group)| {
        let field = format_ident!("{}", name.to_snake_case());
        let long = name.to_kebab_case();
        let id = group.to_snake_case();
        let help = format!("`{name}` (params); give exactly one of the group");
        let ty = if rust_type == "String" { quote!(String) } else { quote!(i64) };
        quote! {
            #[doc = #help]
            #[arg(long = #long, group = #id)]
            pub #field: Option<#ty>
        }
    });
    let doc = format!("The parameters of `{}`.", op.method);
    quote! {
        #[doc = #doc]
        #[derive(Debug, clap::Args)]
        #(#groups)*
        pub struct #ident {
            #(#plain,)*
            #(#grouped,)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_names_drop_a_leading_query_verb() {
        assert_eq!(command_name("query_algo_order"), "algo-order");
        assert_eq!(command_name("get_order_information"), "order-information");
        assert_eq!(command_name("return_order_status"), "order-status");
        assert_eq!(command_name("server_time"), "server-time");
        assert_eq!(command_name("query"), "query");
        assert_eq!(ws_command_name("order.status"), "ws-order-status");
    }
}
