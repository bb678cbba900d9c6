//! Judging each spec change: breaking, additive or docs-only for users of the crate, with why.
//!
//! The rules follow from what the crate generates: request parameters become method arguments
//! (a new required one is a new argument), response fields become fields of `#[non_exhaustive]`
//! structs (a new one is additive), and every named enum is open and `#[non_exhaustive]` (a new
//! value is additive, a removed one removes a variant). Auth parameters marked `x-injected` are
//! not arguments, so changing them changes what the auth layer sends, not users' code.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::surface::{Field, Op, Surface};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    DocsOnly,
    /// Every generated signature and type stays; what the crate sends or how it reads answers
    /// follows the venue (key placement, injected parameters, retries, error and envelope codes,
    /// the clock). A patch release, so that every user of the current version gets it.
    #[serde(rename = "behaviour-only")]
    Behaviour,
    Additive,
    Breaking,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::DocsOnly => "docs-only",
            Class::Behaviour => "behaviour-only",
            Class::Additive => "additive",
            Class::Breaking => "breaking",
        }
    }
}

/// Which way the changed thing travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// What we send: parameters, auth.
    Send,
    /// What we receive: response fields.
    Receive,
    /// The operation as a whole: added, removed, provenance.
    Operation,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    /// `REST query_order`, `WebSocket order.status`.
    pub operation: String,
    pub doc_url: Option<String>,
    pub direction: Direction,
    /// `parameter symbol`, `field price`, `auth`, `doc URL`.
    pub subject: String,
    pub change: String,
    pub class: Class,
    pub reason: String,
}

pub fn compare(base: &Surface, new: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    let keys: BTreeSet<&String> = base.operations.keys().chain(new.operations.keys()).collect();
    for key in keys {
        match (base.operations.get(key), new.operations.get(key)) {
            (None, Some(n)) => out.push(Change {
                operation: key.clone(),
                doc_url: n.doc_url.clone(),
                direction: Direction::Operation,
                subject: "operation".into(),
                change: format!("added: {} ({})", n.endpoint, n.summary),
                class: Class::Additive,
                reason: if n.internal {
                    "sent by the runtime itself; no existing code changes".into()
                } else {
                    "a new method; no existing code changes".into()
                },
            }),
            (Some(b), None) => out.push(Change {
                operation: key.clone(),
                doc_url: b.doc_url.clone(),
                direction: Direction::Operation,
                subject: "operation".into(),
                change: format!("removed: {}", b.endpoint),
                class: Class::Breaking,
                reason: "its method goes away; code calling it stops compiling".into(),
            }),
            (Some(b), Some(n)) => compare_op(key, b, n, &mut out),
            (None, None) => {}
        }
    }
    compare_error_codes(&base.error_codes, &new.error_codes, &mut out);
    compare_facts(base, new, &mut out);
    out
}

/// The venue-wide facts: which answers are errors and what they become, where the clock comes
/// from, which headers report usage, and the constructors `servers` gives.
fn compare_facts(base: &Surface, new: &Surface, out: &mut Vec<Change>) {
    for (key, (was, now)) in changed(&base.facts, &new.facts) {
        let (class, direction, reason) = match key {
            "x-clock" => (
                Class::Behaviour,
                Direction::Operation,
                "behaviour only: where the client reads the venue's time before signing; no signature changes",
            ),
            "x-rate-limit-headers" => {
                (Class::Behaviour, Direction::Receive, "which headers fill Response::rate_limits; no signature changes")
            }
            _ => (
                Class::Behaviour,
                Direction::Receive,
                "which answers are errors, and which Error variant they become, follows the spec; no signature changes",
            ),
        };
        out.push(Change {
            operation: "REST venue".into(),
            doc_url: None,
            direction,
            subject: key.to_string(),
            change: format!("{} → {}", was.unwrap_or("(none)"), now.unwrap_or("(none)")),
            class,
            reason: reason.into(),
        });
    }
    for (url, (was, now)) in changed(&base.servers, &new.servers) {
        let (class, reason) = match (was, now) {
            (Some(_), None) => (Class::Breaking, "its constructor goes away; code calling it stops compiling"),
            (None, Some(_)) => (Class::Additive, "a new constructor and URL constant"),
            (Some(""), Some(_)) => {
                (Class::DocsOnly, "the spec now names the constructor (x-name); check it keeps its name")
            }
            _ => (Class::Breaking, "its constructor is renamed; code calling the old name stops compiling"),
        };
        let shown = |name: Option<&str>| match name {
            None => "(none)".to_string(),
            Some("") => "(no x-name)".to_string(),
            Some(name) => format!("x-name {name}"),
        };
        out.push(Change {
            operation: "REST venue".into(),
            doc_url: None,
            direction: Direction::Operation,
            subject: format!("server {url}"),
            change: format!("{} → {}", shown(was), shown(now)),
            class,
            reason: reason.into(),
        });
    }
}

/// The spec's `x-error-codes`: which `Error` a venue answer becomes. Any change of a code's class
/// (listed, unlisted or another class) changes the variant callers receive for that answer.
fn compare_error_codes(
    base: &BTreeMap<String, (String, String)>,
    new: &BTreeMap<String, (String, String)>,
    out: &mut Vec<Change>,
) {
    let codes: BTreeSet<&String> = base.keys().chain(new.keys()).collect();
    for code in codes {
        let shown = |row: Option<&(String, String)>| row.map_or("not listed (a refusal)".to_string(), |r| r.0.clone());
        let (b, n) = (base.get(code), new.get(code));
        let (class, reason) = match (b, n) {
            (Some(b), Some(n)) if b.0 == n.0 && b.1 != n.1 => {
                (Class::DocsOnly, "the source or assumption changed; the code means the same")
            }
            (Some(b), Some(n)) if b == n => continue,
            _ => (
                Class::Behaviour,
                "the same code now becomes another Error variant: no signature changes, and callers matching on the variant see the venue's meaning",
            ),
        };
        out.push(Change {
            operation: "REST x-error-codes".into(),
            doc_url: None,
            direction: Direction::Receive,
            subject: format!("error code {code}"),
            change: format!("{} → {}", shown(b), shown(n)),
            class,
            reason: reason.into(),
        });
    }
}

fn compare_op(key: &str, b: &Op, n: &Op, out: &mut Vec<Change>) {
    let mut push = |direction, subject: &str, change: String, class, reason: &str| {
        out.push(Change {
            operation: key.to_string(),
            doc_url: n.doc_url.clone().or_else(|| b.doc_url.clone()),
            direction,
            subject: subject.to_string(),
            change,
            class,
            reason: reason.to_string(),
        })
    };
    use Class::*;
    use Direction::*;
    if b.endpoint != n.endpoint {
        push(
            Operation,
            "endpoint",
            format!("{} → {}", b.endpoint, n.endpoint),
            Additive,
            "the method keeps its signature and calls the new endpoint; versions before this one call the old one",
        );
    }
    if b.doc_url != n.doc_url {
        push(
            Operation,
            "doc URL",
            format!("{} → {}", show(&b.doc_url), show(&n.doc_url)),
            DocsOnly,
            "provenance only; the generated rustdoc links the new page",
        );
    }
    if b.docs_read != n.docs_read {
        push(
            Operation,
            "docs read",
            format!("{} → {}", show(&b.docs_read), show(&n.docs_read)),
            DocsOnly,
            "provenance only: the docs were read again",
        );
    }
    if b.summary != n.summary {
        push(Operation, "summary", format!("{:?} → {:?}", b.summary, n.summary), DocsOnly, "rustdoc only");
    }
    if b.retry_safe != n.retry_safe {
        if n.retry_safe {
            push(
                Operation,
                "retries",
                "now x-retry-safe: transient failures are retried".into(),
                Behaviour,
                "behaviour only: no signature changes, and a safe operation sent twice does no harm",
            );
        } else {
            push(
                Operation,
                "retries",
                "no longer x-retry-safe: sent once".into(),
                Behaviour,
                "behaviour only: callers who relied on retries see transient errors sooner",
            );
        }
    }
    if b.clock != n.clock {
        let shown = |c: &Option<String>| {
            c.as_ref().map_or("not the clock source".to_string(), |p| format!("the clock source ({p})"))
        };
        push(
            Operation,
            "clock",
            format!("{} → {}", shown(&b.clock), shown(&n.clock)),
            Behaviour,
            "behaviour only: where the client reads the venue's time before signing; no signature changes",
        );
    }
    if b.internal != n.internal {
        if n.internal {
            push(
                Operation,
                "visibility",
                "now sent by the runtime only (x-called-by: runtime)".into(),
                Breaking,
                "its public method goes away",
            );
        } else {
            push(Operation, "visibility", "now public".into(), Additive, "a new public method");
        }
    }
    if b.auth != n.auth {
        // Where the key goes (`in`, `name`) is generated into the hook; the scheme and its signing
        // rule are what credentials must fit.
        let rule_only = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .map(|l| {
                    l.split(' ')
                        .filter(|p| !p.starts_with("in=") && !p.starts_with("name="))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        };
        if rule_only(&b.auth) == rule_only(&n.auth) {
            push(
                Send,
                "auth",
                format!("[{}] → [{}]", b.auth.join("; "), n.auth.join("; ")),
                Behaviour,
                "only where the key goes changes: the generated hook follows the spec, no signature changes, and versions before this one put the key where the venue no longer reads it",
            );
        } else {
            push(
                Send,
                "auth",
                format!("[{}] → [{}]", b.auth.join("; "), n.auth.join("; ")),
                Breaking,
                "the security scheme or its signing rule changes: credentials that worked may be refused, and the signing rule must follow",
            );
        }
    }
    if b.one_of != n.one_of {
        push(
            Send,
            "one-of group",
            format!("[{}] → [{}]", b.one_of.join("; "), n.one_of.join("; ")),
            Breaking,
            "the generated one-of enum (the argument users build) changes",
        );
    }
    for (kind, (was, now)) in changed(&b.rules, &n.rules) {
        push(
            Operation,
            kind,
            format!("{} → {}", was.unwrap_or("(none)"), now.unwrap_or("(none)")),
            DocsOnly,
            "what the docs state: method docs, --help and NotFound messages change; no signature changes",
        );
    }
    for (about, (was, now)) in changed(&b.assumptions, &n.assumptions) {
        let (change, reason) = match (was, now) {
            (None, Some(now)) => (
                format!("assumed: {now}"),
                "the spec now marks this as its own reading where the docs are silent or disagree; read it against the docs",
            ),
            (Some(was), None) => (
                format!("no longer assumed (was: {was})"),
                "the spec no longer marks this as an assumption: check that the docs now state it",
            ),
            (was, now) => (
                format!("{} → {}", was.unwrap_or_default(), now.unwrap_or_default()),
                "the spec's reading changed; the behaviour it explains may have changed with it",
            ),
        };
        push(Operation, &format!("assumption ({about})"), change, DocsOnly, reason);
    }
    for (param, (was, now)) in changed(&b.refusals, &n.refusals) {
        let subject = format!("parameter {param}: refused values");
        match now {
            Some(now) => push(
                Send,
                &subject,
                format!(
                    "{} → values containing {now:?} refused before sending",
                    was.map_or("none".into(), |w| format!("{w:?}"))
                ),
                Behaviour,
                "calls that sent such a value now fail with InvalidRequest before anything is sent",
            ),
            None => push(
                Send,
                &subject,
                format!("values containing {:?} are sent again", was.unwrap_or_default()),
                Behaviour,
                "values refused before are now sent; no signature changes",
            ),
        }
    }
    compare_fields(key, b, n, Send, &b.request, &n.request, out);
    compare_fields(key, b, n, Receive, &b.response, &n.response, out);
}

/// A key whose value differs, with its value before and after.
type Changed<'a> = (&'a str, (Option<&'a str>, Option<&'a str>));

/// Keys whose value differs between two maps, with both values.
fn changed<'a>(b: &'a BTreeMap<String, String>, n: &'a BTreeMap<String, String>) -> Vec<Changed<'a>> {
    let keys: BTreeSet<&String> = b.keys().chain(n.keys()).collect();
    keys.into_iter()
        .filter_map(|k| {
            let (was, now) = (b.get(k).map(String::as_str), n.get(k).map(String::as_str));
            (was != now).then_some((k.as_str(), (was, now)))
        })
        .collect()
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "(none)".into())
}

fn compare_fields(
    key: &str,
    b_op: &Op,
    n_op: &Op,
    direction: Direction,
    base: &BTreeMap<String, Field>,
    new: &BTreeMap<String, Field>,
    out: &mut Vec<Change>,
) {
    let noun = if direction == Direction::Send { "parameter" } else { "field" };
    let doc_url = n_op.doc_url.clone().or_else(|| b_op.doc_url.clone());
    let mut push = |subject: String, change: String, class: Class, reason: &str| {
        out.push(Change {
            operation: key.to_string(),
            doc_url: doc_url.clone(),
            direction,
            subject,
            change,
            class,
            reason: reason.to_string(),
        })
    };
    let mut removed: Vec<&String> = base.keys().filter(|k| !new.contains_key(*k)).collect();
    let mut added: Vec<&String> = new.keys().filter(|k| !base.contains_key(*k)).collect();
    // A removed and an added name of the same shape, at the same depth, is a rename.
    let mut renames = Vec::new();
    for r in removed.clone() {
        let parent = |p: &str| p.rsplit_once('.').map(|(a, _)| a.to_string());
        if let Some(pos) = added.iter().position(|a| {
            let (bf, nf) = (&base[r], &new[*a]);
            parent(r) == parent(a)
                && bf.ty == nf.ty
                && bf.format == nf.format
                && bf.required == nf.required
                && bf.location == nf.location
                && bf.injected.is_none()
                && nf.injected.is_none()
        }) {
            renames.push((r, added.remove(pos)));
            removed.retain(|x| *x != r);
        }
    }
    for (r, a) in renames {
        let reason = if direction == Direction::Send {
            "the venue reads the new name; the generated argument is renamed"
        } else {
            "versions before this one look for the old name (and fail to decode when it was required); the Rust field is renamed"
        };
        push(format!("{noun} {r}"), format!("renamed to `{a}`"), Class::Breaking, reason);
    }
    for a in added {
        let f = &new[a];
        let what =
            format!("added ({}, {}, {})", if f.required { "required" } else { "optional" }, f.type_label(), f.location);
        let (class, reason) = match (direction, &f.injected, f.required) {
            (Direction::Send, Some(_), _) => (
                Class::Behaviour,
                "filled in by the auth layer, not a method argument; check the signing hook sends it",
            ),
            (Direction::Send, None, true) => {
                (Class::Breaking, "a new required argument; calls written for the old method stop compiling")
            }
            (Direction::Send, None, false) if n_op.request_struct => {
                (Class::Additive, "a new setter of the request struct; existing calls keep working")
            }
            (Direction::Send, None, false) => (
                Class::Breaking,
                "the generated method takes one argument per parameter: a new optional one is a new `Option` argument, and calls written for the old method stop compiling (the venue accepts requests without it)",
            ),
            (_, _, _) => (Class::Additive, "a new field of a non_exhaustive struct; older versions ignore it"),
        };
        push(format!("{noun} {a}"), what, class, reason);
    }
    for r in removed {
        let f = &base[r];
        let (class, reason) = match (direction, &f.injected) {
            (Direction::Send, Some(_)) => {
                (Class::Behaviour, "the auth layer stops sending it; no method argument changes")
            }
            (Direction::Send, None) => (Class::Breaking, "the argument goes away and the venue no longer reads it"),
            _ if f.required && !f.nullable => (
                Class::Breaking,
                "the Rust field goes away, and versions before this one fail to decode replies without it",
            ),
            _ => (Class::Breaking, "the Rust field goes away; code reading it stops compiling"),
        };
        push(format!("{noun} {r}"), format!("removed (was {})", f.type_label()), class, reason);
    }
    for (name, bf) in base {
        if let Some(nf) = new.get(name) {
            for (change, class, reason) in compare_field(direction, bf, nf, n_op.request_struct) {
                push(format!("{noun} {name}"), change, class, reason);
            }
        }
    }
}

fn compare_field(
    direction: Direction,
    b: &Field,
    n: &Field,
    request_struct: bool,
) -> Vec<(String, Class, &'static str)> {
    use Class::*;
    let send = direction == Direction::Send;
    let mut out = Vec::new();
    // Injection is about what we send; a reply echoing an injected value (the request id) is a field.
    let injected = |f: &Field| if send { f.injected.clone() } else { None };
    match (&injected(b), &injected(n)) {
        (None, Some(kind)) => out.push((
            format!("now injected ({kind})"),
            Breaking,
            "the generated method stops taking it; the auth layer fills it in",
        )),
        (Some(kind), None) => out.push((
            format!("no longer injected (was {kind})"),
            Breaking,
            "the generated method now takes it as an argument",
        )),
        (Some(a), Some(b)) if a != b => out.push((
            format!("injected as {a} → {b}"),
            Behaviour,
            "the auth layer fills it differently; no argument changes",
        )),
        _ => {}
    }
    if b.location != n.location {
        out.push((
            format!("moved from {} to {}", b.location, n.location),
            if send { Breaking } else { Additive },
            "sent elsewhere; versions before this one send it where the venue no longer reads it",
        ));
    }
    let units = |f: &Field| f.format.as_deref().is_some_and(|f| f.starts_with("unix-"));
    let decimal = |f: &Field| f.format.as_deref() == Some("decimal") && matches!(f.ty.as_str(), "string" | "number");
    // Both i64 in Rust; the lenient one also reads a string of digits.
    let integer = |f: &Field| f.ty == "integer" && matches!(f.format.as_deref(), None | Some("int64"));
    let lenient = |f: &Field| f.ty == "integer" && f.format.as_deref() == Some("int64-or-string");
    if b.ty != n.ty && b.format == n.format && decimal(b) && decimal(n) {
        out.push((
            format!("type {} → {}", b.type_label(), n.type_label()),
            Additive,
            "both are rust_decimal::Decimal, which reads strings and numbers alike",
        ));
    } else if !send && integer(b) && lenient(n) {
        out.push((
            format!("type {} → {}", b.type_label(), n.type_label()),
            Additive,
            "still an i64, which now also reads a string of digits; what decoded before still does",
        ));
    } else if b.ty != n.ty || b.format != n.format {
        let (label, reason) = if units(b) && units(n) {
            ("unit", "seconds and milliseconds are different Rust types; values would be misread by a factor of 1000")
        } else if send {
            ("type", "the argument's Rust type changes, and the venue reads the new type")
        } else {
            ("type", "the field's Rust type changes; versions before this one fail to decode or misread it")
        };
        out.push((format!("{label} {} → {}", b.type_label(), n.type_label()), Breaking, reason));
    } else if b.schema != n.schema {
        out.push((
            format!("type renamed {} → {}", show(&b.schema), show(&n.schema)),
            Breaking,
            "the Rust type users name changes",
        ));
    }
    let injected = send && n.injected.is_some();
    if b.default != n.default {
        let (class, reason) = if injected {
            (Behaviour, "the venue's default for a value the auth layer fills in: what an unset value means changes")
        } else {
            (DocsOnly, "the venue's default; the generated argument does not change")
        };
        out.push((format!("default {} → {}", show(&b.default), show(&n.default)), class, reason));
    }
    if b.bounds != n.bounds {
        let (class, reason) = if send {
            (Behaviour, "limits the runtime checks before sending (recvWindow's maximum, minLength, maxItems) change")
        } else {
            (DocsOnly, "documented limits of a received value; decoding does not check them")
        };
        out.push((format!("limits {} → {}", show(&b.bounds), show(&n.bounds)), class, reason));
    }
    if b.description != n.description {
        out.push(("description changed".into(), DocsOnly, "rustdoc and --help only"));
    }
    if let (Some(bv), Some(nv)) = (&b.enum_values, &n.enum_values) {
        let added: Vec<&String> = nv.iter().filter(|v| !bv.contains(v)).collect();
        let removed: Vec<&String> = bv.iter().filter(|v| !nv.contains(v)).collect();
        if !added.is_empty() {
            let reason = if send {
                "more values can be sent; the enum is non_exhaustive, so a new variant is not breaking"
            } else {
                "response enums are open: versions before this one decode it as Unknown, and the enum is non_exhaustive"
            };
            out.push((format!("enum values added: {}", join(&added)), Additive, reason));
        }
        if !removed.is_empty() {
            let reason = if send {
                "the venue refuses it now, and its variant goes away; code naming it stops compiling"
            } else {
                "its variant goes away; code naming it stops compiling (the venue's replies still decode, as Unknown)"
            };
            out.push((format!("enum values removed: {}", join(&removed)), Breaking, reason));
        }
    }
    if send {
        if b.required != n.required {
            if n.required {
                out.push((
                    "now required".into(),
                    Breaking,
                    "requests without it are refused; it becomes a mandatory argument",
                ));
            } else if b.injected.is_some() {
                out.push((
                    "now optional".into(),
                    Behaviour,
                    "filled in by the auth layer; the venue accepts what is sent today",
                ));
            } else if request_struct {
                out.push((
                    "now optional".into(),
                    Breaking,
                    "it leaves the request struct's `new` for a setter: calls to `new` stop compiling (the venue accepts what is sent today)",
                ));
            } else {
                out.push((
                    "now optional".into(),
                    Breaking,
                    "the generated argument becomes an `Option`: calls written for the old method stop compiling (the venue accepts what is sent today)",
                ));
            }
        }
        if b.nullable != n.nullable {
            out.push((format!("nullable {} → {}", b.nullable, n.nullable), Additive, "what is sent today stays valid"));
        }
    } else if b.optional_in_rust() != n.optional_in_rust() {
        let change = format!("{} → {}", presence(b), presence(n));
        let reason = if n.optional_in_rust() {
            "the Rust field becomes an Option, and versions before this one fail to decode replies without it"
        } else {
            "the Rust field stops being an Option; code matching on it stops compiling"
        };
        out.push((change, Breaking, reason));
    } else if b.required != n.required || b.nullable != n.nullable {
        out.push((
            format!("{} → {}", presence(b), presence(n)),
            Additive,
            "the Rust type stays an Option; decoding accepts both",
        ));
    }
    out
}

fn presence(f: &Field) -> String {
    match (f.required, f.nullable) {
        (true, false) => "required".into(),
        (true, true) => "required, nullable".into(),
        (false, false) => "optional".into(),
        (false, true) => "optional, nullable".into(),
    }
}

fn join(values: &[&String]) -> String {
    values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")
}
