//! The Rust side of a change: `public-api.txt` at the base against the one codegen writes now.

use std::collections::BTreeMap;

use serde::Serialize;

use super::classify::Class;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApiChange {
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// `field binance_usdm::Order::price`.
    pub item: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub class: Class,
    pub reason: &'static str,
}

/// Items keyed by `kind path` (the first two words of a line).
fn items(summary: &str) -> BTreeMap<String, String> {
    summary
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut words = l.splitn(3, ' ');
            let key = format!("{} {}", words.next().unwrap_or_default(), words.next().unwrap_or_default());
            (key.trim_end_matches(':').to_string(), l.to_string())
        })
        .collect()
}

pub fn compare(base: &str, new: &str) -> Vec<ApiChange> {
    let (b, n) = (items(base), items(new));
    let mut out = Vec::new();
    for (key, line) in &n {
        match b.get(key) {
            None => {
                let (class, reason) = added(key, &b, &n);
                out.push(ApiChange {
                    change: "added",
                    item: key.clone(),
                    before: None,
                    after: Some(line.clone()),
                    class,
                    reason,
                });
            }
            Some(old) if old != line => {
                let (class, reason) = if derives_only_grew(old, line) {
                    (Class::Additive, "only derives were added; existing code keeps compiling")
                } else {
                    (Class::Breaking, "its type, signature, derives or cfg changed; code using it may stop compiling")
                };
                out.push(ApiChange {
                    change: "changed",
                    item: key.clone(),
                    before: Some(old.clone()),
                    after: Some(line.clone()),
                    class,
                    reason,
                })
            }
            Some(_) => {}
        }
    }
    for (key, line) in &b {
        if !n.contains_key(key) {
            out.push(ApiChange {
                change: "removed",
                item: key.clone(),
                before: Some(line.clone()),
                after: None,
                class: Class::Breaking,
                reason: "code naming it stops compiling",
            });
        }
    }
    out
}

/// An added item is additive, unless it is a field or variant of an existing type users can
/// build or match exhaustively (not `#[non_exhaustive]`), or a method a trait's implementors owe.
fn added(key: &str, base: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> (Class, &'static str) {
    let (kind, path) = key.split_once(' ').unwrap_or((key, ""));
    let parent = path.rsplit_once("::").map(|(p, _)| p).unwrap_or_default();
    let open_parent = |parent_kind: &str| {
        let parent_key = format!("{parent_kind} {parent}");
        let existed = base.contains_key(&parent_key);
        let sealed = new.get(&parent_key).is_some_and(|l| l.contains("#[non_exhaustive]"));
        existed && !sealed
    };
    match kind {
        "field" if open_parent("struct") => (Class::Breaking, "a pub field on a struct users can build with a literal"),
        "variant" if open_parent("enum") => (Class::Breaking, "a variant on an enum users can match exhaustively"),
        "trait-fn" if base.contains_key(&format!("trait {parent}")) => {
            (Class::Breaking, "implementors of the trait must add it")
        }
        _ => (Class::Additive, "new public item; existing code keeps compiling"),
    }
}

/// A type line whose only change is more derives: `struct X derive(Clone)` → `derive(Clone, Debug)`.
fn derives_only_grew(old: &str, new: &str) -> bool {
    fn split(line: &str) -> (String, Vec<&str>) {
        match line.split_once(" derive(") {
            Some((head, rest)) => {
                let (list, tail) = rest.split_once(')').unwrap_or((rest, ""));
                (format!("{head}{tail}"), list.split(", ").filter(|d| !d.is_empty()).collect())
            }
            None => (line.to_string(), Vec::new()),
        }
    }
    let (old_rest, old_derives) = split(old);
    let (new_rest, new_derives) = split(new);
    old_rest == new_rest && old_derives.iter().all(|d| new_derives.contains(d)) && new_derives.len() > old_derives.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_derive_is_additive_and_a_new_public_field_of_a_buildable_struct_breaking() {
        let base = "struct a::P derive(Clone)\nfield a::P::x: u32\n";
        let new = "struct a::P derive(Clone, Debug)\nfield a::P::x: u32\nfield a::P::y: u32\n";
        let changes = compare(base, new);
        let class = |item: &str| changes.iter().find(|c| c.item == item).map(|c| c.class);
        assert_eq!(class("struct a::P"), Some(Class::Additive), "{changes:#?}");
        assert_eq!(class("field a::P::y"), Some(Class::Breaking), "{changes:#?}");
        let removed = compare("struct a::P derive(Clone, Debug)\n", "struct a::P derive(Clone)\n");
        assert_eq!(removed[0].class, Class::Breaking);
    }
}
