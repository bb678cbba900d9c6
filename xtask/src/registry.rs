//! The venue registry: the files outside the venue crates that list every venue, written from
//! `specs/` so that none can be forgotten. The simulator's `Venue` (names, base paths, which
//! paths are whose, the embedded specs, the router), spec-replay's decoder table, and the
//! command line's dispatch (in `cli.rs`) are generated; a crate that must depend on every venue
//! crate is checked to do so.

use std::path::Path;

use heck::{ToSnakeCase, ToUpperCamelCase};
use quote::{format_ident, quote};

use crate::codegen::{self, Source};
use crate::error::{Error, Result};
use crate::spec::VenueSpec;

/// The simulator's registry, relative to the workspace root.
pub const SIM_FILE: &str = "crates/venue-sim/src/generated/venues.rs";
/// spec-replay's decoder table.
pub const REPLAY_FILE: &str = "crates/spec-replay/src/generated/decoders.rs";
/// Crates that depend on every venue crate.
/// (`tests/`: the cross-venue tests iterate over every venue crate.)
pub const DEPENDENTS: [&str; 3] = ["crates/spec-replay/Cargo.toml", "crates/venue-cli/Cargo.toml", "tests/Cargo.toml"];

/// The path the spec's first server's URL ends in (`/api/v1`), or "" for a bare host.
pub fn base_path(spec: &VenueSpec) -> String {
    let url = spec.servers.first().map(|s| s.url.as_str()).unwrap_or_default();
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].trim_end_matches('/').to_string())
}

pub fn simulator(venues: &[(String, &VenueSpec)]) -> Result<String> {
    let sources: Vec<&dyn Source> = venues.iter().map(|(_, s)| *s as &dyn Source).collect();
    let header = codegen::header(&sources);
    let variants: Vec<_> = venues.iter().map(|(name, _)| format_ident!("{}", name.to_upper_camel_case())).collect();
    let names = venues.iter().map(|(name, _)| name);
    let count = venues.len();
    let bases = venues.iter().map(|(_, spec)| base_path(spec));
    let specs = venues.iter().map(|(name, _)| format!("../../../../specs/{name}/openapi.yaml"));
    let modules: Vec<_> = venues.iter().map(|(name, _)| format_ident!("{}", name.to_snake_case())).collect();
    // Each operation's path up to its first parameter, under the base path: whose a request is.
    let mut prefixes = Vec::new();
    for ((_, spec), variant) in venues.iter().zip(&variants) {
        for op in &spec.operations {
            let prefix = format!("{}{}", base_path(spec), op.path.split('{').next().unwrap_or_default());
            let exact = !op.path.contains('{');
            prefixes.push(quote!((#prefix, #exact, Venue::#variant)));
        }
    }
    // Each operation's route as the simulator serves it, from the spec: a path renamed there
    // moves the route too.
    let mut routes = Vec::new();
    for (name, spec) in venues {
        for op in &spec.operations {
            let constant = format_ident!("{}_{}", name.to_snake_case().to_uppercase(), op.id.to_uppercase());
            let route = format!("{}{}", base_path(spec), op.path);
            let doc =
                format!("`{} {}` of `specs/{name}` (`{}`), under the server's base path.", op.method, op.path, op.id);
            routes.push(quote!(#[doc = #doc] pub(crate) const #constant: &str = #route;));
        }
    }
    let docs: Vec<String> = venues.iter().map(|(name, spec)| format!("{} (`specs/{name}`).", spec.title)).collect();
    let tokens = quote! {
        //! Every venue in `specs/`: its name, base path, paths, embedded spec, keys, book keys and routes.

        use std::sync::Arc;

        /// The venues the simulator answers for: one per `specs/<name>/openapi.yaml`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Venue {
            #( #[doc = #docs] #variants, )*
        }

        impl Venue {
            pub const ALL: [Venue; #count] = [#(Venue::#variants),*];

            /// The venue's name as the workspace spells it (`specs/<name>`, `crates/<name>`).
            pub fn name(self) -> &'static str {
                match self {
                    #(Venue::#variants => #names,)*
                }
            }

            /// The path the venue's base URL ends in (its spec's first server).
            pub(crate) fn base_path(self) -> &'static str {
                match self {
                    #(Venue::#variants => #bases,)*
                }
            }

            /// The venue's OpenAPI spec, embedded: its examples seed the book, its facts shape the
            /// answers.
            pub(crate) fn spec(self) -> &'static str {
                match self {
                    #(Venue::#variants => include_str!(#specs),)*
                }
            }

            /// The keys the book stores an order of the venue under (`crate::venues::<name>::order_keys`).
            pub(crate) fn order_keys(self, order: &serde_json::Value) -> Vec<String> {
                match self {
                    #(Venue::#variants => crate::venues::#modules::order_keys(order),)*
                }
            }

            /// The keys the simulator accepts for the venue (`crate::venues::<name>::ACCOUNTS`).
            pub fn accounts(self) -> &'static [crate::accounts::Account] {
                match self {
                    #(Venue::#variants => crate::venues::#modules::ACCOUNTS,)*
                }
            }

            /// The venue whose REST API a path belongs to; `None` for the WebSocket API and
            /// unknown paths.
            pub(crate) fn of_path(path: &str) -> Option<Venue> {
                const PATHS: &[(&str, bool, Venue)] = &[#(#prefixes),*];
                PATHS
                    .iter()
                    .find(|(prefix, exact, _)| if *exact { path == *prefix } else { path.starts_with(prefix) })
                    .map(|(_, _, venue)| *venue)
            }
        }

        /// Every REST operation's route, by venue and operation id.
        pub(crate) mod paths {
            #(#routes)*
        }

        /// Every venue's routes (`crate::venues::<name>::routes`).
        pub(crate) fn routes() -> axum::Router<Arc<crate::server::State>> {
            axum::Router::new()
                #(.merge(crate::venues::#modules::routes()))*
        }
    };
    codegen::render(&header, tokens, "specs/")
}

pub fn replay(venues: &[(String, &VenueSpec)]) -> Result<String> {
    let sources: Vec<&dyn Source> = venues.iter().map(|(_, s)| *s as &dyn Source).collect();
    let header = codegen::header(&sources);
    let names = venues.iter().map(|(name, _)| name);
    let crates = venues.iter().map(|(name, _)| format_ident!("{}", name.to_snake_case()));
    let tokens = quote! {
        //! Every venue crate's generated decoders, by venue name.

        /// Whether `text` decodes as the generated type `type_name` of `venue`'s crate; `None`
        /// when the venue or the type is unknown.
        pub fn decode(venue: &str, type_name: &str, text: &str) -> Option<Result<(), String>> {
            match venue {
                #(#names => #crates::replay::decode(type_name, text),)*
                _ => None,
            }
        }
    };
    codegen::render(&header, tokens, "specs/")
}

/// A crate that must depend on every venue crate does: the message names the missing ones.
pub fn check_dependents(root: &Path, venues: &[(String, &VenueSpec)]) -> Result<()> {
    for manifest in DEPENDENTS {
        let path = root.join(manifest);
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let missing: Vec<&str> = venues
            .iter()
            .map(|(name, _)| name.as_str())
            .filter(|name| {
                !text.lines().any(|l| {
                    l.trim_start().starts_with(&format!("{name} ")) || l.trim_start().starts_with(&format!("{name}."))
                })
            })
            .collect();
        if !missing.is_empty() {
            return Err(Error::spec(
                manifest,
                format!(
                    "does not depend on {}: every venue in specs/ must be one of its dependencies",
                    missing.join(", ")
                ),
            ));
        }
    }
    Ok(())
}
