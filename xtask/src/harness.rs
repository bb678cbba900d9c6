//! The cross-venue tests' harness, from every spec: `tests/support/generated/venues.rs`.
//!
//! The workspace tests that hold for every venue (signatures the simulator verifies, secrets kept
//! out of errors and traces, hostile answers, decoders that never panic) iterate over what this
//! file lists, so a venue added to `specs/` is tested by each of them without editing one. It
//! gives, per REST operation, an example call whose values come from the spec itself (a required
//! parameter takes its own `example`, else the value of the same-named field in the operation's
//! response example, which the simulator seeds its book from, else the first value its enum
//! lists), a client enum over
//! every venue crate, and every crate's decoders. The calls go through the same glue the command
//! line uses (`cli::rest_call`), so the tests call the public methods exactly as a user does.

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::codegen::{self, Source};
use crate::error::{Error, Result};
use crate::spec::{Operation, ParamKind, VenueSpec};

/// Where the file goes, relative to the workspace root.
pub const FILE: &str = "tests/support/generated/venues.rs";

/// The operation's success example: what the simulator's book holds for it.
fn response_example<'a>(spec: &'a VenueSpec, op: &Operation) -> Option<&'a Value> {
    let path = op.path.replace('~', "~0").replace('/', "~1");
    let method = op.method.to_lowercase();
    spec.for_progenitor.pointer(&format!("/paths/{path}/{method}/responses/200/content/application~1json/example"))
}

/// The first scalar under `key` anywhere in `value` (depth first), as text.
fn find(value: &Value, key: &str) -> Option<String> {
    match value {
        Value::Object(map) => {
            if let Some(found) = map.get(key) {
                match found {
                    Value::String(s) => return Some(s.clone()),
                    Value::Number(n) => return Some(n.to_string()),
                    Value::Bool(b) => return Some(b.to_string()),
                    _ => {}
                }
            }
            map.values().find_map(|v| find(v, key))
        }
        Value::Array(items) => items.iter().find_map(|v| find(v, key)),
        _ => None,
    }
}

/// Each caller parameter's example value: required ones and the first member of each one-of
/// group that the response example names; `None` for the rest.
fn example_values(spec: &VenueSpec, op: &Operation) -> std::result::Result<Vec<Option<String>>, String> {
    let example = response_example(spec, op);
    // A parameter's own `example` first (the docs' request), then the answer's same-named field.
    let from_example = |name: &str| {
        op.params
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.example.clone())
            .or_else(|| example.and_then(|e| find(e, name)))
    };
    let mut values = Vec::new();
    for param in &op.params {
        let group = op.one_of.iter().find(|g| g.params.iter().any(|m| m.name == param.name));
        let value = match group {
            Some(group) => {
                let first = group.params.iter().find(|m| from_example(&m.name).is_some());
                first.filter(|m| m.name == param.name).and_then(|m| from_example(&m.name))
            }
            None if param.required => {
                let listed = match &param.kind {
                    ParamKind::Enum { values, .. } => values.first().cloned(),
                    _ => None,
                };
                Some(from_example(&param.name).or(listed).ok_or_else(|| {
                    format!(
                        "required parameter `{}` has no example value: give the 200 response an `example` \
                         with a `{}` field (the simulator's book is seeded from it)",
                        param.name, param.name
                    )
                })?)
            }
            None => None,
        };
        values.push(value);
    }
    for group in &op.one_of {
        if !group.params.iter().any(|m| from_example(&m.name).is_some()) {
            let names: Vec<&str> = group.params.iter().map(|m| m.name.as_str()).collect();
            return Err(format!(
                "no member of the one-of group {} ({}) has an example value in the 200 response's example",
                group.type_name,
                names.join(", ")
            ));
        }
    }
    Ok(values)
}

pub fn generate(venues: &[(String, &VenueSpec)]) -> Result<String> {
    let sources: Vec<&dyn Source> = venues.iter().map(|(_, s)| *s as &dyn Source).collect();
    let header = codegen::header(&sources);
    let mut examples = Vec::new();
    let mut arms = Vec::new();
    for (name, spec) in venues {
        let variant = format_ident!("{}", name.to_upper_camel_case());
        let krate = format_ident!("{}", name.to_snake_case());
        let base = crate::registry::base_path(spec);
        for op in &spec.operations {
            let values =
                example_values(spec, op).map_err(|m| Error::spec(&spec.rel_path, format!("{}: {m}", op.id)))?;
            let params = op.params.iter().zip(&values).map(|(p, value)| {
                let name = &p.name;
                let location = &p.location;
                let text = matches!(p.kind, ParamKind::Text);
                let group = match op.one_of.iter().find(|g| g.params.iter().any(|m| m.name == p.name)) {
                    Some(g) => {
                        let g = &g.type_name;
                        quote!(Some(#g))
                    }
                    None => quote!(None),
                };
                let value = match value {
                    Some(v) => quote!(Some(String::from(#v))),
                    None => quote!(None),
                };
                quote!(Param { name: #name, location: #location, text: #text, group: #group, value: #value })
            });
            let (id, path) = (&op.id, format!("{base}{}", op.path));
            let signed = !op.signing.is_empty();
            examples.push(quote! {
                Example {
                    venue: Venue::#variant,
                    operation: #id,
                    path_template: #path,
                    signed: #signed,
                    params: Vec::from([#(#params),*]),
                }
            });
            let lets = op.params.iter().map(|p| {
                let field = format_ident!("{}", p.name.to_snake_case());
                let ty = crate::cli::flag_type(p);
                let name = &p.name;
                quote!(let #field: #ty = example.value(#name)?;)
            });
            let call = crate::cli::rest_call(&krate, op, |call| quote!(Ok(client.call().#call.await?.attempts())));
            arms.push(quote! {
                (Self::#variant(client), #id) => {
                    #(#lets)*
                    #call
                }
            });
        }
    }
    let variants: Vec<_> = venues.iter().map(|(name, _)| format_ident!("{}", name.to_upper_camel_case())).collect();
    let crates: Vec<_> = venues.iter().map(|(name, _)| format_ident!("{}", name.to_snake_case())).collect();
    let tokens = quote! {
        //! Every venue crate's REST operations with an example call each, a client over every
        //! venue crate, and every crate's decoders: what the cross-venue tests iterate over.

        use venue_sdk_core::{Config, Error};
        use venue_sim::Venue;

        use super::{Example, Failure, Param, one_of};

        /// Every REST operation of every venue, with values from its spec's response example.
        pub fn examples() -> Vec<Example> {
            Vec::from([#(#examples),*])
        }

        /// A client of any venue crate.
        #[derive(Clone, Debug)]
        pub enum AnyClient {
            #(#variants(::#crates::Client),)*
        }

        impl AnyClient {
            /// `venue`'s crate's client with `config`.
            pub fn new(venue: Venue, config: Config) -> Result<Self, Error> {
                Ok(match venue {
                    #(Venue::#variants => Self::#variants(::#crates::Client::with_config(config)?),)*
                })
            }

            /// The example's operation through the crate's public method, with the example's
            /// values; the attempts it took.
            pub async fn call(&self, example: &Example) -> Result<u32, Error> {
                match (self, example.operation) {
                    #(#arms)*
                    (_, operation) => Err(Failure::Usage(format!("{operation} is not an operation of this client")).into()),
                }
            }
        }

        /// A decoder by type name: `None` when the crate has no such type.
        pub type Decode = fn(&str, &str) -> Option<Result<(), String>>;

        /// Every venue crate's generated types by name, and its decoder.
        pub fn decoders() -> Vec<(Venue, &'static [&'static str], Decode)> {
            Vec::from([#((Venue::#variants, ::#crates::replay::TYPES, ::#crates::replay::decode as Decode)),*])
        }
    };
    codegen::render(&header, tokens, "specs/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_takes_the_first_scalar_depth_first() {
        let value = serde_json::json!({"data": [{"id": 7, "inner": {"name": "x"}}, {"id": 8}], "flag": true});
        assert_eq!(find(&value, "id").as_deref(), Some("7"));
        assert_eq!(find(&value, "name").as_deref(), Some("x"));
        assert_eq!(find(&value, "flag").as_deref(), Some("true"));
        assert_eq!(find(&value, "data"), None);
        assert_eq!(find(&value, "missing"), None);
    }
}
