//! `cargo xtask msrv`: every workspace crate's `rust-version` is at least the newest
//! `rust-version` any crate it depends on (normal and build dependencies, transitively, as
//! resolved in `Cargo.lock`) declares. No older toolchain can be installed here to try it, so the
//! dependency tree's own declarations are the evidence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::error::{Error, Result};

/// A Rust version as `rust-version` spells it: `1.88` or `1.89.0`.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let major = parts.next()??;
    let minor = parts.next().unwrap_or(Some(0))?;
    let patch = parts.next().unwrap_or(Some(0))?;
    Some((major, minor, patch))
}

/// Prints one line per workspace crate; `Ok(false)` when any declares less than it needs.
pub fn run(root: &Path) -> Result<bool> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root)
        .output()
        .map_err(|e| Error::Drift(format!("cargo metadata: {e}")))?;
    if !output.status.success() {
        return Err(Error::Drift(format!("cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr))));
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| Error::Drift(format!("cargo metadata printed something that is not JSON: {e}")))?;
    check(&metadata).map(|rows| {
        let mut ok = true;
        for row in rows {
            println!("{row}");
            ok &= !row.starts_with("TOO LOW");
        }
        ok
    })
}

/// One line per workspace crate, `TOO LOW` first when its `rust-version` is below what it needs.
fn check(metadata: &Value) -> Result<Vec<String>> {
    let bad = |what: &str| Error::Drift(format!("cargo metadata: {what}"));
    let packages: BTreeMap<&str, &Value> = metadata["packages"]
        .as_array()
        .ok_or_else(|| bad("no packages"))?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .ok_or_else(|| bad("no resolve graph"))?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let mut rows = Vec::new();
    for member in metadata["workspace_members"].as_array().ok_or_else(|| bad("no workspace members"))? {
        let id = member.as_str().ok_or_else(|| bad("a member id is not a string"))?;
        let name = packages.get(id).and_then(|p| p["name"].as_str()).unwrap_or(id);
        let declared = packages.get(id).and_then(|p| p["rust_version"].as_str());
        // What every crate it builds with (transitively) declares; dev-dependencies are the
        // crate's tests' business, not its users'.
        let mut seen = BTreeSet::new();
        let mut stack = vec![id];
        let mut needed: Option<((u64, u64, u64), String)> = None;
        while let Some(at) = stack.pop() {
            for dep in nodes.get(at).and_then(|n| n["deps"].as_array()).into_iter().flatten() {
                let builds_with = dep["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k["kind"].is_null() || k["kind"].as_str() == Some("build"));
                let Some(dep_id) = dep["pkg"].as_str() else { continue };
                if !builds_with || !seen.insert(dep_id) {
                    continue;
                }
                stack.push(dep_id);
                let Some(package) = packages.get(dep_id) else { continue };
                if let Some(v) = package["rust_version"].as_str().and_then(version) {
                    let dep_name = package["name"].as_str().unwrap_or(dep_id).to_string();
                    if needed.as_ref().is_none_or(|(n, _)| v > *n) {
                        needed = Some((v, dep_name));
                    }
                }
            }
        }
        let shown = |v: (u64, u64, u64)| format!("{}.{}.{}", v.0, v.1, v.2);
        rows.push(match (declared.and_then(version), needed) {
            (None, _) => format!("TOO LOW {name}: declares no rust-version"),
            (Some(d), Some((n, by))) if d < n => {
                format!("TOO LOW {name}: rust-version {} but {by} needs {}", shown(d), shown(n))
            }
            (Some(d), Some((n, by))) => {
                format!("ok      {name}: rust-version {} (needs {}, for {by})", shown(d), shown(n))
            }
            (Some(d), None) => format!("ok      {name}: rust-version {} (its dependencies declare none)", shown(d)),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_below_what_a_dependency_needs_is_too_low() {
        let metadata = serde_json::json!({
            "packages": [
                {"id": "a", "name": "a", "rust_version": "1.88"},
                {"id": "b", "name": "b", "rust_version": "1.89"},
                {"id": "c", "name": "c", "rust_version": "1.95.0"},
            ],
            "workspace_members": ["a"],
            "resolve": {"nodes": [
                {"id": "a", "deps": [
                    {"pkg": "b", "dep_kinds": [{"kind": null}]},
                    {"pkg": "c", "dep_kinds": [{"kind": "dev"}]},
                ]},
                {"id": "b", "deps": []},
                {"id": "c", "deps": []},
            ]}
        });
        let rows = check(&metadata).unwrap();
        assert_eq!(rows, ["TOO LOW a: rust-version 1.88.0 but b needs 1.89.0"]);
        assert_eq!(version("1.88"), Some((1, 88, 0)));
        assert_eq!(version("x"), None);
    }
}
