//! `cargo xtask docs-check [--format markdown|json] [--record] PAGE...`: reads saved docs pages,
//! finds the spec operation each documents, and lists every difference between them.
//!
//! A page is read by its site's parser (`sites.rs`), matched to an operation by its
//! `source_url` (the spec's `externalDocs.url`), else by method and path (or WebSocket method),
//! and compared (`compare.rs`). Exit 0 when every page agrees with its operation, 1 when one
//! differs, 2 when a page cannot be read or documents no operation. `--record` writes each
//! agreeing page's fingerprint and date into the spec (`x-docs-sha256`, `x-docs-read`), so a
//! later check says when a page changed.

mod compare;
mod page;
mod record;
mod sites;
mod spec_side;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use serde::Serialize;

pub use compare::{Difference, KINDS};
use page::{Endpoint, Page};
use spec_side::SpecOp;

use crate::error::{Error, Result};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    #[default]
    Markdown,
    Json,
}

pub struct Options {
    pub pages: Vec<PathBuf>,
    pub format: Format,
    pub record: bool,
}

/// One page's result.
#[derive(Clone, Debug, Serialize)]
pub struct Checked {
    pub page: String,
    pub venue: String,
    pub operation: String,
    pub spec: String,
    #[serde(skip)]
    pub site: &'static str,
    #[serde(skip)]
    pub sha256: String,
    #[serde(skip)]
    pub updated_at: Option<String>,
    pub differences: Vec<Difference>,
}

/// Why a page was not compared.
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub page: String,
    pub why: String,
}

/// Every page against the specs under `root`.
pub fn check(root: &Path, pages: &[PathBuf]) -> Result<(Vec<Checked>, Vec<Unreadable>)> {
    let ops = spec_side::load(root)?;
    let mut checked = Vec::new();
    let mut unreadable = Vec::new();
    for path in pages {
        let name = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => {
                    unreadable.push(Unreadable { page: name, why: "not UTF-8 text".into() });
                    continue;
                }
            },
            Err(e) => {
                unreadable.push(Unreadable { page: name, why: format!("cannot be read: {e}") });
                continue;
            }
        };
        match check_text(&text, &ops) {
            Ok((page, op, differences)) => checked.push(Checked {
                page: name,
                venue: op.venue.clone(),
                operation: op.id.clone(),
                spec: op.spec_file.clone(),
                site: page.site.map_or("?", page::Site::name),
                sha256: page.sha256.clone(),
                updated_at: page.updated_at.clone(),
                differences,
            }),
            Err(why) => unreadable.push(Unreadable { page: name, why }),
        }
    }
    Ok((checked, unreadable))
}

fn check_text<'a>(text: &str, ops: &'a [SpecOp]) -> std::result::Result<(Page, &'a SpecOp, Vec<Difference>), String> {
    let page = sites::parse(text)?;
    let op = find(&page, ops)?;
    let differences = compare::compare(&page, op);
    Ok((page, op, differences))
}

/// The operation a page documents: the one whose `externalDocs.url` is the page's
/// `source_url`, else the one at the page's method and path (or WebSocket method), else the
/// only one at its path (a changed method is then a difference, not a mismatch).
fn find<'a>(page: &Page, ops: &'a [SpecOp]) -> std::result::Result<&'a SpecOp, String> {
    let endpoint = page.endpoint.as_ref().ok_or("the page names no endpoint")?;
    let trim = |u: &str| u.trim_end_matches('/').to_string();
    if let Some(url) = &page.source_url {
        let by_url: Vec<&SpecOp> = ops.iter().filter(|o| o.docs_url.as_deref().map(trim) == Some(trim(url))).collect();
        if let [op] = by_url.as_slice() {
            return Ok(op);
        }
    }
    let same: Vec<&SpecOp> = ops.iter().filter(|o| o.endpoint == *endpoint).collect();
    if let [op] = same.as_slice() {
        return Ok(op);
    }
    if same.len() > 1 {
        return Err(format!("{endpoint} is in {} specs; give the page a source_url to choose", same.len()));
    }
    if let Endpoint::Rest { path, query, .. } = endpoint {
        let by_path: Vec<&SpecOp> = ops
            .iter()
            .filter(|o| matches!(&o.endpoint, Endpoint::Rest { path: p, query: q, .. } if p == path && q == query))
            .collect();
        if let [op] = by_path.as_slice() {
            return Ok(op);
        }
    }
    Err(format!("no spec operation documents {endpoint} (nor has the page's source_url as its externalDocs.url)"))
}

/// The command: prints the report; `Ok(false)` when a page differs from its spec.
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    if options.pages.is_empty() {
        return Err(Error::Docs("docs-check needs at least one page".into()));
    }
    let (checked, unreadable) = check(root, &options.pages)?;
    match options.format {
        Format::Markdown => print!("{}", markdown(&checked)),
        Format::Json => {
            let text = serde_json::to_string_pretty(&checked).map_err(|e| Error::Docs(e.to_string()))?;
            println!("{text}");
        }
    }
    if options.record {
        for c in checked.iter().filter(|c| c.differences.iter().all(|d| d.kind == "page-changed")) {
            let date =
                c.updated_at.as_deref().and_then(|d| d.get(..10)).map_or_else(crate::new_venue::today, str::to_string);
            record::record(root, c, &date)?;
            eprintln!("recorded {} in {} ({}): sha256 {}, read {date}", c.page, c.spec, c.operation, c.sha256);
        }
        if checked.iter().any(|c| c.differences.iter().any(|d| d.kind != "page-changed")) {
            eprintln!("pages that differ from their spec were not recorded: change the spec first");
        }
        if !checked.is_empty() {
            eprintln!("run `cargo xtask codegen`: the generated files name the spec's hash");
        }
    }
    if !unreadable.is_empty() {
        let list: Vec<String> = unreadable.iter().map(|u| format!("{}: {}", u.page, u.why)).collect();
        return Err(Error::Docs(list.join("\nerror: ")));
    }
    Ok(checked.iter().all(|c| c.differences.is_empty()))
}

/// The report for people: one section per page, a table of its differences.
pub fn markdown(checked: &[Checked]) -> String {
    let mut out = String::from("# Docs check\n");
    for c in checked {
        out.push_str(&format!(
            "\n## `{}` → {} `{}` ({})\n\nRead as {}{}; fingerprint sha256 {}.\n\n",
            c.page,
            c.venue,
            c.operation,
            c.spec,
            c.site,
            c.updated_at.as_deref().map(|u| format!(", updated {u}")).unwrap_or_default(),
            &c.sha256[..12.min(c.sha256.len())],
        ));
        if c.differences.is_empty() {
            out.push_str("The page and the spec agree.\n");
            continue;
        }
        out.push_str("| kind | item | the page says | the spec says | spec must change |\n|---|---|---|---|---|\n");
        for d in &c.differences {
            let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} |\n",
                d.kind,
                cell(&d.item),
                cell(&d.page_says),
                cell(&d.spec_says),
                if d.spec_must_change { "yes" } else { "no: the spec says more and names no other source" }
            ));
        }
    }
    let mut seen: Vec<&str> = checked.iter().flat_map(|c| c.differences.iter().map(|d| d.kind)).collect();
    seen.sort_unstable();
    seen.dedup();
    if !seen.is_empty() {
        out.push_str("\nKinds: ");
        let legend: Vec<String> =
            KINDS.iter().filter(|(k, _)| seen.contains(k)).map(|(k, meaning)| format!("`{k}`: {meaning}")).collect();
        out.push_str(&legend.join("; "));
        out.push_str(".\n");
    }
    out
}
