//! Open enums: every named enum in a spec becomes a Rust enum with an `Unknown` variant, so a value
//! the venue adds later decodes instead of failing the whole response. typify's own enums are
//! closed; the generated client refers to these through `with_replacement`.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::spec::EnumSchema;

pub fn generate(rel_path: &str, enums: &[EnumSchema], unions: &[EnumSchema]) -> Result<TokenStream> {
    let items = enums
        .iter()
        .map(|e| match e.values.first() {
            Some(Value::String(_)) => string_enum(rel_path, e),
            Some(Value::Number(_)) => integer_enum(rel_path, e),
            _ => Err(Error::spec(rel_path, format!("{}: enum values must be strings or integers", e.name))),
        })
        .collect::<Result<Vec<_>>>()?;
    let unions = unions.iter().map(string_or_integer);
    Ok(quote! {
        #![allow(clippy::all)]
        #(#items)*
        #(#unions)*
    })
}

/// Variant name for an enum value; values that differ only in case (CoinW's `Finish`/`finish`)
/// become one variant that accepts both.
fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    match name.chars().next() {
        None => "Empty".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

fn doc(e: &EnumSchema) -> String {
    let base = e.description.clone().unwrap_or_else(|| format!("`{}` as the venue sends it.", e.name));
    format!("{}\n\nOpen: a value not listed in the spec decodes as `Unknown` instead of failing.", base.trim())
}

fn string_enum(rel_path: &str, e: &EnumSchema) -> Result<TokenStream> {
    // Group values by variant, keeping spec order; the first value of a group is canonical.
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for (i, value) in e.values.iter().enumerate() {
        let value = value
            .as_str()
            .ok_or_else(|| Error::spec(rel_path, format!("{}: mixes string and non-string values", e.name)))?;
        let name = match &e.var_names {
            Some(names) => names[i].clone(),
            None => variant_name(value),
        };
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value.to_string()),
            None => groups.push((name, vec![value.to_string()])),
        }
    }
    if groups.iter().any(|(n, _)| n == "Unknown") {
        return Err(Error::spec(
            rel_path,
            format!("{}: `Unknown` is reserved for values the spec does not list", e.name),
        ));
    }
    let ident = format_ident!("{}", e.name);
    let doc = doc(e);
    let expecting = format!("a {} as a string", e.name);
    let variants = groups.iter().map(|(name, values)| {
        let v = format_ident!("{}", name);
        let canonical = &values[0];
        let aliases = &values[1..];
        let vdoc = format!("`{}`", values.join("`, `"));
        quote! {
            #[doc = #vdoc]
            #[serde(rename = #canonical #(, alias = #aliases)*)]
            #v,
        }
    });
    let as_str_arms = groups.iter().map(|(name, values)| {
        let v = format_ident!("{}", name);
        let canonical = &values[0];
        quote! { Self::#v => #canonical, }
    });
    let from_str_arms = groups.iter().map(|(name, values)| {
        let v = format_ident!("{}", name);
        quote! { #(#values)|* => Self::#v, }
    });
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize)]
        // A value the venue adds later becomes a variant in a minor release, not a breaking one.
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
            /// A value the spec does not list (yet), kept as sent.
            #[serde(untagged)]
            Unknown(String),
        }

        // Read from the string as `FromStr` reads it. serde's derive would buffer the value to
        // try the listed names and then the untagged `Unknown`, which costs more than the match.
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Text;
                impl ::serde::de::Visitor<'_> for Text {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> Result<#ident, E> {
                        match value.parse() {
                            Ok(value) => Ok(value),
                            Err(never) => match never {},
                        }
                    }
                }
                deserializer.deserialize_str(Text)
            }
        }

        impl #ident {
            /// The value as the venue spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// True when the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    #(#from_str_arms)*
                    other => Self::Unknown(other.to_string()),
                })
            }
        }
    })
}

fn integer_enum(rel_path: &str, e: &EnumSchema) -> Result<TokenStream> {
    let names = e.var_names.as_ref().ok_or_else(|| {
        Error::spec(rel_path, format!("{}: an integer enum needs x-enum-varnames to name its values", e.name))
    })?;
    let mut codes = Vec::new();
    for value in &e.values {
        let code = value
            .as_i64()
            .ok_or_else(|| Error::spec(rel_path, format!("{}: integer enum values must fit i64", e.name)))?;
        codes.push(code);
    }
    let ident = format_ident!("{}", e.name);
    let doc = doc(e);
    let variants: Vec<_> = names.iter().map(|n| format_ident!("{}", n)).collect();
    let vdocs = codes.iter().map(|c| format!("`{c}`"));
    Ok(quote! {
        #[doc = #doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #( #[doc = #vdocs] #variants, )*
            /// A code the spec does not list (yet), kept as sent.
            Unknown(i64),
        }

        impl #ident {
            /// The code as the venue sends it.
            pub fn code(&self) -> i64 {
                match self {
                    #( Self::#variants => #codes, )*
                    Self::Unknown(code) => *code,
                }
            }

            /// The variant for a code; codes the spec does not list become `Unknown`.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #( #codes => Self::#variants, )*
                    other => Self::Unknown(other),
                }
            }

            /// True when the code is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}", self.code())
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from_code)
            }
        }
    })
}

/// A value the venue sends as a string or as an integer, decoded through `serde_json::Value`
/// (one pass, either shape).
fn string_or_integer(e: &EnumSchema) -> TokenStream {
    let ident = format_ident!("{}", e.name);
    let doc = e.description.clone().unwrap_or_else(|| format!("`{}`: a string or an integer.", e.name));
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #ident {
            /// Sent as a JSON string.
            String(String),
            /// Sent as a JSON number.
            Integer(i64),
        }

        impl #ident {
            /// The integer it carries, parsing a numeric string.
            pub fn as_i64(&self) -> Option<i64> {
                match self {
                    Self::String(s) => s.trim().parse().ok(),
                    Self::Integer(i) => Some(*i),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::String(s) => f.write_str(s),
                    Self::Integer(i) => write!(f, "{i}"),
                }
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::String(value.to_string()))
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    Self::String(s) => serializer.serialize_str(s),
                    Self::Integer(i) => serializer.serialize_i64(*i),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error;
                match <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)? {
                    ::serde_json::Value::String(s) => Ok(Self::String(s)),
                    ::serde_json::Value::Number(n) => n
                        .as_i64()
                        .map(Self::Integer)
                        .ok_or_else(|| D::Error::custom(format!("{n} is not a 64-bit integer"))),
                    other => Err(D::Error::custom(format!("expected a string or an integer, found {other}"))),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_follow_rust_style() {
        assert_eq!(variant_name("EXPIRE_MAKER"), "ExpireMaker");
        assert_eq!(variant_name("unFinish"), "UnFinish");
        assert_eq!(variant_name("OPPONENT_5"), "Opponent5");
        assert_eq!(variant_name("post_only"), "PostOnly");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1"), "V1");
    }

    #[test]
    fn values_differing_in_case_share_a_variant() {
        let e = EnumSchema {
            name: "Status".into(),
            description: None,
            values: vec!["Finish".into(), "finish".into(), "cancelAll".into()],
            var_names: None,
        };
        let code = string_enum("t.yaml", &e).unwrap().to_string();
        assert!(code.contains("rename = \"Finish\" , alias = \"finish\""), "{code}");
        assert!(code.contains("CancelAll"), "{code}");
    }

    #[test]
    fn integer_enum_without_names_is_refused() {
        let e = EnumSchema { name: "S".into(), description: None, values: vec![1.into()], var_names: None };
        let err = integer_enum("t.yaml", &e).unwrap_err().to_string();
        assert!(err.contains("x-enum-varnames"), "{err}");
    }
}
