//! `generated/front.rs` from a REST spec: the crate's `Client` (a constructor per `servers` entry,
//! named by its `x-name`) and `Call` (per-call options), with one method each per operation.
//!
//! A method takes the caller's parameters as the generated client does (one-of groups as their
//! enum, comma lists as slices, or one request struct when the spec names one), checks what the
//! spec's schema limits (`minLength`, `maxItems`), and hands the generated call to the runtime
//! with the operation's table entry. What the venue crate writes by hand is named here only by
//! path: nothing. Its `Rules` read every answer by the spec's facts (`operations::FACTS`), and
//! an `x-envelope` venue's answers are unwrapped here.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

use crate::error::{Error, Result};
use crate::spec::{Operation, Param, ParamKind, VenueSpec};

pub fn generate(spec: &VenueSpec, client_rs: &str) -> Result<TokenStream> {
    let err = |message: String| Error::Generate { spec: spec.rel_path.clone(), message };
    let file = syn::parse_file(client_rs).map_err(|e| err(format!("generated client does not parse: {e}")))?;
    let generated = Generated::read(&file);

    let servers = spec.servers.iter().map(|server| {
        let constant = format_ident!("{}_URL", server.name.to_uppercase());
        let constructor = format_ident!("{}", server.name);
        let url = &server.url;
        let doc = format!("The `servers` entry `{}`: {}.", server.name, server.description.trim_end_matches('.'));
        quote! {
            #[doc = #doc]
            pub const #constant: &'static str = #url;

            #[doc = #doc]
            pub fn #constructor(credentials: Credentials) -> crate::Result<Self> {
                Self::with_config(Config::new(Self::#constant).credentials(credentials))
            }
        }
    });

    let environments = spec.servers.iter().map(|server| {
        let name = &server.name;
        let constant = format_ident!("{}_URL", server.name.to_uppercase());
        quote! { (#name, Self::#constant) }
    });
    let environments = quote! {
        /// Every `servers` entry of the spec, by name, in the spec's order (the first is the
        /// default of the command line's `--env`).
        pub const ENVIRONMENTS: &'static [(&'static str, &'static str)] = &[#(#environments),*];
    };

    let mut client_methods = Vec::new();
    let mut call_methods = Vec::new();
    let mut requests = Vec::new();
    let mut unwraps = Vec::new();
    for op in &spec.operations {
        let method = Method::new(spec, op, &generated).map_err(|m| err(format!("{}: {m}", op.id)))?;
        client_methods.push(method.client_method());
        call_methods.push(method.call_method());
        requests.extend(method.request_struct());
        unwraps.extend(method.envelope.as_ref().map(|(_, tokens)| tokens.clone()));
    }
    let rules = rules(spec, &generated).map_err(err)?;
    let title = &spec.title;
    let client_doc = format!(
        "A client of {title}. Cheap to clone; clones share the connection pool and the clock.\n\n\
         Every call retries what the spec marks safe to retry (see [`RetryPolicy`](::venue_sdk_core::RetryPolicy)) \
         and ends by the client's timeout; [`Client::call`] overrides both for one call and answers with \
         the status and headers as well as the value."
    );
    Ok(quote! {
        #![allow(clippy::all, unused_imports, dead_code)]
        //! The crate's client: a constructor per server and a method per operation of the spec.

        use ::venue_sdk_core::{CallOptions, Clock, Config, Credentials, Response, RetryPolicy, Runtime};

        use crate::generated::client::types;
        use crate::generated::operations;

        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) inner: crate::generated::client::Client,
            pub(crate) runtime: Runtime,
        }

        impl Client {
            #environments
            #(#servers)*

            /// Any base URL (a proxy, the simulator), with every other setting in `config`.
            pub fn with_config(config: Config) -> crate::Result<Self> {
                let built = config.build()?;
                let inner = crate::generated::client::Client::new_with_client(&built.base_url, built.http, built.session);
                Ok(Self { inner, runtime: built.runtime })
            }

            /// The clock requests are stamped with.
            pub fn clock(&self) -> &Clock {
                self.runtime.clock()
            }

            /// One call with its own timeout or retry policy, answered with the status and headers
            /// (and rate-limit usage, where the venue reports it) as well as the value.
            pub fn call(&self) -> Call<'_> {
                Call { client: self, options: CallOptions::default() }
            }

            #(#client_methods)*
        }

        /// One call's settings; from [`Client::call`].
        #[derive(Debug)]
        #[must_use = "a call does nothing until one of its operations is awaited"]
        pub struct Call<'a> {
            client: &'a Client,
            options: CallOptions,
        }

        impl Call<'_> {
            /// The longest this call may take, retries and waits included.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options = self.options.timeout(timeout);
                self
            }

            /// What this call retries; [`RetryPolicy::none`](::venue_sdk_core::RetryPolicy::none) for a single attempt.
            pub fn retry(mut self, retry: RetryPolicy) -> Self {
                self.options = self.options.retry(retry);
                self
            }

            /// Keep the answer's body as the venue sent it, for [`Response::body`](::venue_sdk_core::Response::body)
            /// (the command line prints from it the `null`s the typed value cannot hold).
            pub fn keep_body(mut self) -> Self {
                self.options = self.options.keep_body();
                self
            }

            #(#call_methods)*
        }

        #(#requests)*

        #rules

        /// The hooks progenitor calls on every request: the spec's refusals and the venue's
        /// signing rule (`crate::signing::sign`) before it is sent, then a send that follows no
        /// redirect and reads at most the configured size.
        impl ::progenitor_client::ClientHooks<::venue_sdk_core::Session> for crate::generated::client::Client {
            async fn pre<E>(
                &self,
                request: &mut ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> Result<(), ::progenitor_client::Error<E>> {
                ::venue_sdk_core::hook::prepare(&self.inner, operations::ALL, request, info.operation_id, crate::signing::sign)
            }

            async fn exec(
                &self,
                request: ::reqwest::Request,
                _info: &::progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                ::venue_sdk_core::hook::exec(&self.client, &self.inner, request).await
            }
        }

        #(#unwraps)*
    })
}

/// What progenitor generated: each method's arguments, and each type's fields.
struct Generated {
    methods: BTreeMap<String, Vec<(String, syn::Type)>>,
    /// Struct → (serde name or field name → (field ident, type)), types qualified.
    fields: BTreeMap<String, BTreeMap<String, (String, syn::Type)>>,
}

impl Generated {
    fn read(file: &syn::File) -> Self {
        let mut methods = BTreeMap::new();
        let mut fields = BTreeMap::new();
        let mut names = BTreeSet::new();
        let mut structs = Vec::new();
        for item in &file.items {
            match item {
                syn::Item::Impl(imp)
                    if imp.trait_.is_none() && type_name(&imp.self_ty).as_deref() == Some("Client") =>
                {
                    for f in imp.items.iter().filter_map(|i| if let syn::ImplItem::Fn(f) = i { Some(f) } else { None })
                    {
                        let args = f
                            .sig
                            .inputs
                            .iter()
                            .filter_map(|a| match a {
                                syn::FnArg::Typed(t) => match &*t.pat {
                                    syn::Pat::Ident(i) => {
                                        Some((i.ident.to_string(), without_lifetimes((*t.ty).clone())))
                                    }
                                    _ => None,
                                },
                                syn::FnArg::Receiver(_) => None,
                            })
                            .collect();
                        methods.insert(f.sig.ident.to_string(), args);
                    }
                }
                syn::Item::Mod(m) if m.ident == "types" => {
                    for item in m.content.iter().flat_map(|(_, items)| items) {
                        match item {
                            syn::Item::Struct(s) => {
                                names.insert(s.ident.to_string());
                                structs.push(s.clone());
                            }
                            syn::Item::Enum(e) => {
                                names.insert(e.ident.to_string());
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        for s in structs {
            let mut by_name = BTreeMap::new();
            for field in &s.fields {
                let Some(ident) = &field.ident else { continue };
                let wire = crate::codegen::serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string());
                let mut ty = field.ty.clone();
                Qualify(&names).visit_type_mut(&mut ty);
                by_name.insert(wire, (ident.to_string(), ty));
            }
            fields.insert(s.ident.to_string(), by_name);
        }
        Self { methods, fields }
    }

    /// The type of `property` of `schema`, and its Rust field name.
    fn field(&self, schema: &str, property: &str) -> Option<&(String, syn::Type)> {
        self.fields.get(schema)?.get(property)
    }
}

fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Names the generated `types` module's items by their full path, for use outside it.
struct Qualify<'a>(&'a BTreeSet<String>);

impl VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
        if path.qself.is_none() && path.path.leading_colon.is_none() && path.path.segments.len() == 1 {
            let ident = path.path.segments[0].ident.to_string();
            if self.0.contains(&ident) {
                *path = syn::parse_str(&format!("crate::generated::client::types::{ident}")).expect("a path");
                return;
            }
        }
        syn::visit_mut::visit_type_path_mut(self, path);
    }
}

fn without_lifetimes(mut ty: syn::Type) -> syn::Type {
    struct Strip;
    impl VisitMut for Strip {
        fn visit_type_reference_mut(&mut self, r: &mut syn::TypeReference) {
            r.lifetime = None;
            syn::visit_mut::visit_type_reference_mut(self, r);
        }
    }
    Strip.visit_type_mut(&mut ty);
    ty
}

/// `Option<T>` → `T`.
fn inside_option(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => match args.args.first()? {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

/// One caller-facing value of a method: a parameter, or a one-of group.
enum Arg<'a> {
    Param { param: &'a Param, ident: syn::Ident, ty: Box<syn::Type> },
    Group { ident: syn::Ident, ty: syn::Ident, members: Vec<syn::Ident> },
}

struct Method<'a> {
    op: &'a Operation,
    name: syn::Ident,
    /// Signature order: required parameters, one-of groups, optional parameters.
    args: Vec<Arg<'a>>,
    /// The generated client's arguments, in its order.
    inner_args: Vec<syn::Ident>,
    output: TokenStream,
    /// `|value| value.field` applied to the answer, for `x-returns`.
    project: Option<syn::Ident>,
    /// For an `x-envelope` venue: the function that reads the envelope, and its name.
    envelope: Option<(syn::Ident, TokenStream)>,
}

impl<'a> Method<'a> {
    fn new(spec: &'a VenueSpec, op: &'a Operation, generated: &Generated) -> std::result::Result<Self, String> {
        let inner = generated.methods.get(&op.id).ok_or("progenitor generated no method for it")?;
        for (ident, _) in inner {
            if !op.params.iter().any(|p| p.name.to_snake_case() == *ident) {
                return Err(format!("argument `{ident}` matches no parameter"));
            }
        }
        // Spec order, whatever order the generated client takes them in: the command line's
        // glue is written from the spec alone and calls the same signature.
        let mut required = Vec::new();
        let mut optional = Vec::new();
        for param in &op.params {
            if op.one_of.iter().any(|g| g.params.iter().any(|m| m.name == param.name)) {
                continue;
            }
            let ident = param.name.to_snake_case();
            let (_, ty) = inner
                .iter()
                .find(|(i, _)| *i == ident)
                .ok_or_else(|| format!("the generated client takes no `{ident}`"))?;
            let ty = match param.kind {
                ParamKind::IntegerList { .. } => syn::parse_quote!(&[i64]),
                _ => ty.clone(),
            };
            let arg = Arg::Param { param, ident: format_ident!("{}", ident), ty: Box::new(ty) };
            if param.required { required.push(arg) } else { optional.push(arg) }
        }
        let groups = op.one_of.iter().map(|g| {
            let snake = g.type_name.to_snake_case();
            Arg::Group {
                ident: format_ident!("{}", snake.strip_suffix("_ref").unwrap_or(&snake)),
                ty: format_ident!("{}", g.type_name),
                members: g.params.iter().map(|m| format_ident!("{}", m.name.to_snake_case())).collect(),
            }
        });
        let args: Vec<Arg> = required.into_iter().chain(groups).chain(optional).collect();

        let response = op.response_type.as_deref().ok_or("its success answer is not a $ref to a named schema")?;
        let (output, project, envelope) = match (&spec.envelope, &op.returns) {
            (Some(_), Some(_)) => return Err("x-returns and x-envelope do not combine".into()),
            (Some(envelope), None) => {
                let (ty, unwrap) = unwrap_envelope(op, envelope, response, generated)?;
                (ty, None, Some(unwrap))
            }
            (None, Some(property)) => {
                let (field, ty) = generated
                    .field(response, property)
                    .ok_or_else(|| format!("x-returns: {response} has no property `{property}`"))?;
                (quote!(#ty), Some(format_ident!("{}", field)), None)
            }
            (None, None) => {
                let ty = format_ident!("{}", response);
                (quote!(types::#ty), None, None)
            }
        };
        Ok(Self {
            op,
            name: format_ident!("{}", op.method_name),
            args,
            inner_args: inner.iter().map(|(ident, _)| format_ident!("{}", ident)).collect(),
            output,
            project,
            envelope,
        })
    }

    fn doc_attr(&self) -> TokenStream {
        let doc_file = format!("{}.md", self.op.id);
        quote!(#[doc = include_str!(#doc_file)])
    }

    fn request_ident(&self) -> Option<syn::Ident> {
        self.op.request_name.as_ref().map(|n| format_ident!("{}", n))
    }

    /// The signature's arguments: each value, or the one request struct.
    fn signature(&self) -> (Vec<TokenStream>, Vec<TokenStream>) {
        if let Some(request) = self.request_ident() {
            let arg = request_arg(&request);
            return (vec![quote!(#arg: &#request)], vec![quote!(#arg)]);
        }
        self.args
            .iter()
            .map(|arg| match arg {
                Arg::Param { ident, ty, .. } => (quote!(#ident: #ty), quote!(#ident)),
                Arg::Group { ident, ty, .. } => (quote!(#ident: operations::#ty), quote!(#ident)),
            })
            .unzip()
    }

    fn client_method(&self) -> TokenStream {
        let (doc, name, output) = (self.doc_attr(), &self.name, &self.output);
        let (params, names) = self.signature();
        quote! {
            #doc
            pub async fn #name(&self, #(#params),*) -> crate::Result<#output> {
                self.call().#name(#(#names),*).await.map(Response::into_inner)
            }
        }
    }

    fn call_method(&self) -> TokenStream {
        let (doc, name, output) = (self.doc_attr(), &self.name, &self.output);
        let (params, _) = self.signature();
        let mut prelude = Vec::new();
        if self.request_ident().is_some() {
            for arg in &self.args {
                prelude.push(match arg {
                    Arg::Param { param, ident, .. } => {
                        let borrow =
                            borrow_from_request(&request_arg(&self.request_ident().expect("a request")), param, ident);
                        quote!(let #ident = #borrow;)
                    }
                    Arg::Group { ident, .. } => {
                        let request = request_arg(&self.request_ident().expect("a request"));
                        quote!(let #ident = &#request.#ident;)
                    }
                });
            }
        }
        for arg in &self.args {
            match arg {
                Arg::Group { ident, members, .. } => prelude.push(quote!(let (#(#members),*) = #ident.to_params();)),
                Arg::Param { param, ident, .. } => prelude.extend(checks(param, ident)),
            }
        }
        let inner_args = &self.inner_args;
        let inner_name = format_ident!("{}", self.op.id);
        let const_name = format_ident!("{}", self.op.id.to_uppercase());
        let run = match &self.envelope {
            Some((unwrap, _)) => {
                quote!(runtime.run_checked(&rules, &operations::#const_name, &self.options, send, #unwrap).await)
            }
            None => quote!(runtime.run(&rules, &operations::#const_name, &self.options, send).await),
        };
        let result = match &self.project {
            Some(field) => quote!(#run.map(|response| response.map(|value| value.#field))),
            None => run,
        };
        quote! {
            #doc
            pub async fn #name(self, #(#params),*) -> crate::Result<Response<#output>> {
                #(#prelude)*
                let Client { inner, runtime } = self.client;
                let rules = Rules(inner);
                let send = || inner.#inner_name(#(#inner_args),*);
                #result
            }
        }
    }

    /// `x-request-name`: a struct with the required values in `new` and a setter per optional one.
    fn request_struct(&self) -> Option<TokenStream> {
        let request = self.request_ident()?;
        let mut fields = Vec::new();
        let mut new_args = Vec::new();
        let mut new_fields = Vec::new();
        let mut setters = Vec::new();
        let mut consts = Vec::new();
        for arg in &self.args {
            match arg {
                Arg::Group { ident, ty, .. } => {
                    fields.push(quote!(pub #ident: operations::#ty));
                    new_args.push(quote!(#ident: operations::#ty));
                    new_fields.push(quote!(#ident));
                }
                Arg::Param { param, ident, ty } => {
                    let doc = format!("`{}`: {}", param.name, crate::docs::squash(&param.description));
                    let owned = owned(param, ty);
                    if let ParamKind::IntegerList { max_items } = param.kind {
                        if let Some(max) = max_items {
                            let constant = format_ident!("MAX_{}", ident.to_string().to_uppercase());
                            let max = max as usize;
                            let doc = format!("The most values `{}` takes (the spec's `maxItems`).", param.name);
                            consts.push(quote!(#[doc = #doc] pub const #constant: usize = #max;));
                        }
                        fields.push(quote!(#[doc = #doc] pub #ident: Vec<i64>));
                        new_fields.push(quote!(#ident: Vec::new()));
                        setters.push(quote! {
                            #[doc = #doc]
                            pub fn #ident(mut self, values: impl IntoIterator<Item = i64>) -> Self {
                                self.#ident = values.into_iter().collect();
                                self
                            }
                        });
                    } else if param.required {
                        fields.push(quote!(#[doc = #doc] pub #ident: #owned));
                        new_args.push(quote!(#ident: #owned));
                        new_fields.push(quote!(#ident));
                    } else {
                        fields.push(quote!(#[doc = #doc] pub #ident: Option<#owned>));
                        new_fields.push(quote!(#ident: None));
                        let (arg_ty, value) = if is_string(&owned) {
                            (quote!(impl Into<String>), quote!(#ident.into()))
                        } else {
                            (quote!(#owned), quote!(#ident))
                        };
                        setters.push(quote! {
                            #[doc = #doc]
                            pub fn #ident(mut self, #ident: #arg_ty) -> Self {
                                self.#ident = Some(#value);
                                self
                            }
                        });
                    }
                }
            }
        }
        let doc = format!(
            "What to ask `{} {}` for: the parameters of [`Client::{}`].",
            self.op.method, self.op.path, self.name
        );
        Some(quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, Eq)]
            pub struct #request {
                #(#fields,)*
            }

            impl #request {
                #(#consts)*

                /// The request with its required parameters; the optional ones are methods.
                pub fn new(#(#new_args),*) -> Self {
                    Self { #(#new_fields),* }
                }

                #(#setters)*
            }
        })
    }
}

/// The function that reads an operation's envelope: a success code gives the payload (an absent
/// list is empty; an absent value is `NotFound`, failing safe), any other code is the error the
/// venue's facts give it.
fn unwrap_envelope(
    op: &Operation,
    envelope: &crate::spec::EnvelopeSpec,
    response: &str,
    generated: &Generated,
) -> std::result::Result<(TokenStream, (syn::Ident, TokenStream)), String> {
    let field = |name: &str| {
        generated.field(response, name).ok_or_else(|| format!("the envelope {response} has no `{name}` (x-envelope)"))
    };
    let (data_field, data_ty) = field(&envelope.data)?;
    let (code_field, code_ty) = field(&envelope.code)?;
    let data = format_ident!("{}", data_field);
    let code = format_ident!("{}", code_field);
    let payload = inside_option(data_ty).unwrap_or(data_ty).clone();
    let is_list = matches!(&payload, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Vec"));
    let data_name = &envelope.data;
    let payload_expr = match (inside_option(data_ty).is_some(), is_list) {
        (false, _) => quote!(Ok(envelope.#data)),
        (true, true) => quote!(Ok(envelope.#data.unwrap_or_default())),
        (true, false) => {
            let message = format!("a success envelope with no `{data_name}`");
            quote!(envelope.#data.ok_or_else(|| ::venue_sdk_core::Error::NotFound { status: 200, code: code.clone(), message: #message.into() }))
        }
    };
    let code_expr = if matches!(code_ty, syn::Type::Path(p) if p.path.is_ident("i64")) {
        quote!(::venue_sdk_core::ErrorCode::Number(envelope.#code))
    } else {
        // A union of a number and a string (CoinW spot's `"200"` or `200`).
        quote!(match envelope.#code.as_i64() {
            Some(n) => ::venue_sdk_core::ErrorCode::Number(n),
            None => ::venue_sdk_core::ErrorCode::Text(envelope.#code.to_string()),
        })
    };
    let messages = envelope.message.iter().map(|m| {
        let (field, ty) = field(m)?;
        let ident = format_ident!("{}", field);
        Ok(if inside_option(ty).is_some() { quote!(envelope.#ident) } else { quote!(Some(envelope.#ident)) })
    });
    let messages = messages.collect::<std::result::Result<Vec<_>, String>>()?;
    let name = format_ident!("unwrap_{}", op.id);
    let envelope_ty = format_ident!("{}", response);
    let doc = format!("Reads `{response}`: the payload on a success code, else the error the code means.");
    let tokens = quote! {
        #[doc = #doc]
        fn #name(envelope: types::#envelope_ty) -> crate::Result<#payload> {
            let code = #code_expr;
            if !matches!(code, ::venue_sdk_core::ErrorCode::Number(n) if operations::FACTS.envelope.is_some_and(|e| e.success.contains(&n))) {
                let message = [#(#messages),*].into_iter().flatten().find(|m| !m.is_empty()).unwrap_or_default();
                return Err(operations::FACTS.envelope_error(code, message));
            }
            #payload_expr
        }
    };
    Ok((quote!(#payload), (name, tokens)))
}

/// The runtime's view of the venue, from `operations::FACTS` and, when the spec's `x-clock`
/// names an operation, that operation's answer.
fn rules(spec: &VenueSpec, generated: &Generated) -> std::result::Result<TokenStream, String> {
    let server_time = match &spec.facts.clock {
        crate::spec::ClockSpec::ServerTime { operation, property } => {
            let op = spec.operations.iter().find(|o| &o.id == operation).ok_or("x-clock names no operation")?;
            let response = op.response_type.as_deref().ok_or("the clock operation's answer is not a named schema")?;
            let (field, _) = generated
                .field(response, property)
                .ok_or_else(|| format!("x-clock: {response} has no property `{property}`"))?;
            let (method, field) = (format_ident!("{}", operation), format_ident!("{}", field));
            quote! {
                async fn server_time(&self) -> Result<i64, ::venue_sdk_core::Error> {
                    match self.0.#method().await {
                        Ok(value) => Ok(value.into_inner().#field.get()),
                        Err(e) => Err(self.classify(::venue_sdk_core::failure(e).await)),
                    }
                }
            }
        }
        _ => quote!(),
    };
    Ok(quote! {
        /// The runtime's view of the venue: the spec's facts, over the generated client.
        pub(crate) struct Rules<'a>(pub(crate) &'a crate::generated::client::Client);

        impl ::venue_sdk_core::VenueRules for Rules<'_> {
            const NAME: &'static str = operations::FACTS.name;
            const CLOCK: ::venue_sdk_core::ClockSource = operations::FACTS.clock;

            fn classify(&self, failure: Result<::venue_sdk_core::Failure, ::venue_sdk_core::Error>) -> ::venue_sdk_core::Error {
                operations::FACTS.classify(failure, &self.0.inner)
            }

            fn clock_suspect(&self, error: &::venue_sdk_core::Error) -> bool {
                operations::FACTS.clock_suspect(error)
            }

            fn rate_limits(&self, headers: &::reqwest::header::HeaderMap) -> Vec<::venue_sdk_core::RateLimitUsage> {
                operations::FACTS.rate_limits(headers)
            }

            #server_time
        }
    })
}

/// The argument a request struct travels in: its name's last word (`OrderQuery` → `query`).
fn request_arg(request: &syn::Ident) -> syn::Ident {
    let snake = request.to_string().to_snake_case();
    format_ident!("{}", snake.rsplit('_').next().unwrap_or("request"))
}

fn is_string(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("String"))
}

/// The owned type a request struct holds for a value the generated client borrows.
fn owned(param: &Param, ty: &syn::Type) -> syn::Type {
    let inner = if param.required { ty } else { inside_option(ty).unwrap_or(ty) };
    match inner {
        syn::Type::Reference(r) => match &*r.elem {
            syn::Type::Path(p) if p.path.is_ident("str") => syn::parse_quote!(String),
            elem => elem.clone(),
        },
        other => other.clone(),
    }
}

/// How the call borrows a request struct's field as the generated client takes it.
fn borrow_from_request(request: &syn::Ident, param: &Param, ident: &syn::Ident) -> TokenStream {
    match (&param.kind, param.required) {
        (ParamKind::IntegerList { .. }, _) => quote!(#request.#ident.as_slice()),
        (ParamKind::Integer, _) => quote!(#request.#ident),
        (ParamKind::Text, true) => quote!(#request.#ident.as_str()),
        (ParamKind::Text, false) => quote!(#request.#ident.as_deref()),
        (_, true) => quote!(&#request.#ident),
        (_, false) => quote!(#request.#ident.as_ref()),
    }
}

/// What the spec's schema limits, checked before sending; a comma list is joined here.
fn checks(param: &Param, ident: &syn::Ident) -> Vec<TokenStream> {
    let name = &param.name;
    let mut out = Vec::new();
    if let Some(min) = param.min_length {
        let min = min as usize;
        let value = if param.required { quote!(Some(#ident)) } else { quote!(#ident) };
        let message = format!("`{name}` is shorter than the spec's minLength of {min}");
        out.push(quote! {
            if let Some(value) = #value && value.chars().count() < #min {
                return Err(::venue_sdk_core::Error::InvalidRequest { message: #message.into() });
            }
        });
    }
    if let ParamKind::IntegerList { max_items } = param.kind {
        if let Some(max) = max_items {
            let max = max as usize;
            let message = format!("`{name}`: {{}} values given; the venue takes at most {max} (the spec's maxItems)");
            out.push(quote! {
                if #ident.len() > #max {
                    return Err(::venue_sdk_core::Error::InvalidRequest { message: format!(#message, #ident.len()) });
                }
            });
        }
        // `style: form, explode: false`: one parameter, the values joined by commas; empty is absent.
        let joined =
            quote!((!#ident.is_empty()).then(|| #ident.iter().map(i64::to_string).collect::<Vec<_>>().join(",")));
        if param.required {
            out.push(quote!(let #ident = #joined.unwrap_or_default();));
            out.push(quote!(let #ident = #ident.as_str();));
        } else {
            out.push(quote!(let #ident = #joined;));
            out.push(quote!(let #ident = #ident.as_deref();));
        }
    }
    out
}
