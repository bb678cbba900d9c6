//! `cargo xtask drift [--base <rev>] [--format markdown|json] [--no-replay]`: what changed in
//! the specs since `base`, for whom, and whether it breaks: spec changes operation by operation,
//! the public API diff of each venue crate, payloads that stop or start decoding, and the version
//! bump each crate needs.

mod api;
pub mod classify;
mod git;
mod replay;
mod report;
pub mod surface;
mod version;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::{public_api, spec, write};
use classify::{Change, Class};

pub use report::Format;

pub struct Options {
    pub base: String,
    pub format: Format,
    pub replay: bool,
    /// Saved docs pages to check against the specs (`--pages`): the report's docs section.
    pub pages: Vec<std::path::PathBuf>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub base: String,
    pub base_commit: String,
    pub venues: Vec<VenueReport>,
    /// False when some crate's version does not carry the bump its changes need, a payload no
    /// revision decodes, or the crates do not compile after codegen.
    pub ok: bool,
    /// Why the working tree's crates could not be built for the replay: they do not compile
    /// after codegen (the hand-written code calls what the spec no longer generates), or
    /// spec-replay failed. The spec and API findings stand; the replay did not run.
    pub build_error: Option<String>,
    /// Whether the replay ran at all (`--no-replay` skips it, and with it the build).
    pub replayed: bool,
    /// `docs-check` of the pages given with `--pages`, when any were.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<DocsSection>,
}

/// The pages given with `--pages`, each against the operation it documents.
#[derive(Debug, Serialize)]
pub struct DocsSection {
    pub checked: Vec<crate::docs_check::Checked>,
    /// `page: why` for each page that could not be read or matched no operation.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct VenueReport {
    pub venue: String,
    /// `added`, `removed` or `changed` (the spec folder at the base and now).
    pub status: &'static str,
    pub spec_changes: Vec<Change>,
    pub api_changes: Vec<api::ApiChange>,
    pub replay: ReplayReport,
    pub version: version::VersionCheck,
}

#[derive(Debug, Default, Serialize)]
pub struct ReplayReport {
    /// Whether replay ran; it is skipped with `--no-replay`.
    pub ran: bool,
    /// Why the base side is missing, when it is.
    pub base_note: Option<String>,
    pub payloads: usize,
    /// Decoded at the base, not now.
    pub now_fail: Vec<ReplayItem>,
    /// Failed (or had no type) at the base, decodes now.
    pub newly_pass: Vec<ReplayItem>,
    /// Fails now and failed at the base too (or is new): a spec example or recording that does
    /// not match the spec. Any here fails drift: a real answer the spec cannot read is a defect.
    pub still_fail: Vec<ReplayItem>,
    /// Still failing, and listed in `specs/<venue>/examples/known-bad.yaml` with the reason.
    pub known_bad: Vec<(ReplayItem, String)>,
}

/// `specs/<venue>/examples/known-bad.yaml`: payloads that fail to decode on purpose (a recording
/// of a venue bug, say), `[{source, reason}]`; each needs a reason.
pub const KNOWN_BAD: &str = "known-bad.yaml";

/// Moves the still-failing payloads `known` lists (source → reason) into `known_bad`.
pub fn set_aside_known_bad(replay: &mut ReplayReport, known: &BTreeMap<String, String>) {
    let (listed, rest): (Vec<_>, Vec<_>) =
        std::mem::take(&mut replay.still_fail).into_iter().partition(|item| known.contains_key(&item.payload.source));
    replay.still_fail = rest;
    replay.known_bad = listed
        .into_iter()
        .map(|item| {
            let reason = known[&item.payload.source].clone();
            (item, reason)
        })
        .collect();
}

fn known_bad(root: &Path, venue: &str) -> Result<BTreeMap<String, String>> {
    let path = root.join("specs").join(venue).join("examples").join(KNOWN_BAD);
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(BTreeMap::new()) };
    let label = format!("specs/{venue}/examples/{KNOWN_BAD}");
    let rows: Vec<Value> = serde_yaml::from_str(&text)
        .map_err(|e| Error::Drift(format!("{label}: not a list of {{source, reason}}: {e}")))?;
    let mut out = BTreeMap::new();
    for row in rows {
        match (row.get("source").and_then(Value::as_str), row.get("reason").and_then(Value::as_str)) {
            (Some(source), Some(reason)) if !reason.trim().is_empty() => {
                out.insert(source.to_string(), reason.trim().to_string());
            }
            _ => return Err(Error::Drift(format!("{label}: every entry needs a `source` and a `reason`"))),
        }
    }
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct ReplayItem {
    #[serde(flatten)]
    pub payload: replay::Payload,
    pub base: Option<replay::Outcome>,
    pub now: replay::Outcome,
}

impl VenueReport {
    /// The largest class among spec, API and replay findings; `None` when nothing changed.
    pub fn needed(&self) -> Option<Class> {
        let spec = self.spec_changes.iter().map(|c| c.class);
        let api = self.api_changes.iter().map(|c| c.class);
        // A payload the base cannot decode is what users of the base version meet when the venue
        // sends it: a release must reach them, as for one that stops decoding.
        let replay =
            (!self.replay.now_fail.is_empty() || !self.replay.newly_pass.is_empty()).then_some(Class::Breaking);
        spec.chain(api).chain(replay).max()
    }
}

/// Runs drift and prints the report; `Ok(false)` when a version check fails.
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    let report = build(root, options)?;
    print!("{}", report::render(&report, options.format));
    Ok(report.ok)
}

pub fn build(root: &Path, options: &Options) -> Result<Report> {
    let base_commit = git::commit(root, &options.base)?;
    let stale = write::stale_files(root)?;
    if !stale.is_empty() {
        return Err(Error::Drift(format!(
            "the generated code does not match the specs ({}); run `cargo xtask codegen` first, so drift compares what users would get",
            stale.join(", ")
        )));
    }
    let mut venues: BTreeSet<String> = spec::discover(root)?.into_iter().map(|(v, _)| v).collect();
    for path in git::files(root, &base_commit, "specs")? {
        if let Some(v) = path.strip_prefix("specs/").and_then(|p| p.strip_suffix("/openapi.yaml")) {
            venues.insert(v.to_string());
        }
    }
    let mut reports = Vec::new();
    let mut build_error: Option<String> = None;
    for venue in venues {
        let base_docs = surface::Docs {
            openapi: parse(
                &format!("{venue}/openapi.yaml at {}", options.base),
                git::show(root, &base_commit, &format!("specs/{venue}/openapi.yaml"))?,
            )?,
            asyncapi: parse(
                &format!("{venue}/asyncapi.yaml at {}", options.base),
                git::show(root, &base_commit, &format!("specs/{venue}/asyncapi.yaml"))?,
            )?,
        };
        let read = |name: &str| std::fs::read_to_string(root.join("specs").join(&venue).join(name)).ok();
        let new_docs = surface::Docs {
            openapi: parse(&format!("specs/{venue}/openapi.yaml"), read("openapi.yaml"))?,
            asyncapi: parse(&format!("specs/{venue}/asyncapi.yaml"), read("asyncapi.yaml"))?,
        };
        let status = match (base_docs.openapi.is_some(), new_docs.openapi.is_some()) {
            (false, _) => "added",
            (_, false) => "removed",
            _ => "changed",
        };
        let spec_changes = classify::compare(&surface::read(&base_docs), &surface::read(&new_docs));
        let api_path = format!("crates/{venue}/{}", public_api::FILE_NAME);
        let base_api = git::show(root, &base_commit, &api_path)?.unwrap_or_default();
        let new_api = std::fs::read_to_string(root.join(&api_path)).unwrap_or_default();
        let api_changes = api::compare(&base_api, &new_api);
        let replay = if options.replay && new_docs.openapi.is_some() && build_error.is_none() {
            match replay_venue(root, &venue, &new_docs) {
                Ok(replay) => replay,
                // The build is shared: once it fails, no venue can replay.
                Err(error) => {
                    build_error = Some(error.to_string());
                    ReplayReport::default()
                }
            }
        } else {
            ReplayReport::default()
        };
        let manifest = format!("crates/{venue}/Cargo.toml");
        let base_version = git::show(root, &base_commit, &manifest)?.and_then(|m| version::package_version(&m));
        let new_version = std::fs::read_to_string(root.join(&manifest)).ok().and_then(|m| version::package_version(&m));
        let mut report = VenueReport {
            venue: venue.clone(),
            status,
            spec_changes,
            api_changes,
            replay,
            version: version::check(&venue, None, None, None),
        };
        report.version = version::check(&venue, report.needed(), base_version.as_deref(), new_version.as_deref());
        reports.push(report);
    }
    // The shared crates: their API (every venue crate inlines what it re-exports, so a change
    // here shows in each venue's API too) and their own version.
    for (dir, _) in public_api::SHARED {
        let name = dir.rsplit('/').next().unwrap_or(dir).to_string();
        let api_path = format!("{dir}/{}", public_api::FILE_NAME);
        let base_api = git::show(root, &base_commit, &api_path)?.unwrap_or_default();
        let new_api = std::fs::read_to_string(root.join(&api_path)).unwrap_or_default();
        let manifest = format!("{dir}/Cargo.toml");
        let base_version = git::show(root, &base_commit, &manifest)?.and_then(|m| version::package_version(&m));
        let new_version = std::fs::read_to_string(root.join(&manifest)).ok().and_then(|m| version::package_version(&m));
        let mut report = VenueReport {
            venue: name.clone(),
            status: if base_api.is_empty() { "first summarized" } else { "changed" },
            spec_changes: Vec::new(),
            api_changes: api::compare(&base_api, &new_api),
            replay: ReplayReport::default(),
            version: version::check(&name, None, None, None),
        };
        report.version = version::check(&name, report.needed(), base_version.as_deref(), new_version.as_deref());
        reports.push(report);
    }
    let replayed = options.replay && build_error.is_none();
    let mut report = Report {
        base: options.base.clone(),
        base_commit,
        venues: reports,
        ok: true,
        build_error,
        replayed,
        docs: None,
    };
    if replayed {
        replay_base(root, &mut report)?;
        for v in &mut report.venues {
            let known = known_bad(root, &v.venue)?;
            set_aside_known_bad(&mut v.replay, &known);
        }
    }
    if !options.pages.is_empty() {
        let (checked, unreadable) = crate::docs_check::check(root, &options.pages)?;
        let unreadable = unreadable.into_iter().map(|u| format!("{}: {}", u.page, u.why)).collect();
        report.docs = Some(DocsSection { checked, unreadable });
    }
    let docs_agree = report
        .docs
        .as_ref()
        .is_none_or(|d| d.unreadable.is_empty() && d.checked.iter().all(|c| c.differences.is_empty()));
    report.ok = docs_agree
        && report.build_error.is_none()
        && report.venues.iter().all(|v| v.version.ok && v.replay.still_fail.is_empty());
    Ok(report)
}

fn parse(label: &str, text: Option<String>) -> Result<Option<Value>> {
    text.map(|t| serde_yaml::from_str::<Value>(&t).map_err(|e| Error::Drift(format!("{label} is not valid YAML: {e}"))))
        .transpose()
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"))
}

/// Replays this venue's payloads with the working tree's types; the base side comes later, in
/// one checkout for every venue.
fn replay_venue(root: &Path, venue: &str, docs: &surface::Docs) -> Result<ReplayReport> {
    let payloads = replay::collect(root, venue, docs)?;
    let now = replay::run(root, &target_dir(root), &payloads)?;
    let mut report = ReplayReport { ran: true, payloads: payloads.len(), ..ReplayReport::default() };
    for (payload, now) in payloads.into_iter().zip(now) {
        if !now.ok {
            report.still_fail.push(ReplayItem { payload, base: None, now });
        } else {
            // Kept until the base side is known: it may have failed there.
            report.newly_pass.push(ReplayItem { payload, base: None, now });
        }
    }
    Ok(report)
}

/// Decodes every venue's payloads with the base revision's types (its own `spec-replay`, built
/// in a temporary checkout that shares the target directory), then sorts each payload into
/// now-fail, newly-pass or still-fail.
fn replay_base(root: &Path, report: &mut Report) -> Result<()> {
    let has_replay = git::show(root, &report.base_commit, "crates/spec-replay/Cargo.toml")?.is_some();
    let items: Vec<(usize, bool, usize)> = report
        .venues
        .iter()
        .enumerate()
        .flat_map(|(v, r)| {
            (0..r.replay.still_fail.len())
                .map(move |i| (v, false, i))
                .chain((0..r.replay.newly_pass.len()).map(move |i| (v, true, i)))
        })
        .collect();
    if !has_replay {
        for venue in &mut report.venues {
            if venue.replay.ran {
                venue.replay.base_note =
                    Some(format!("{} has no crates/spec-replay; only today's results are shown", report.base));
                venue.replay.newly_pass.clear();
            }
        }
        return Ok(());
    }
    let payloads: Vec<replay::Payload> = items
        .iter()
        .map(|&(v, passing, i)| {
            let r = &report.venues[v].replay;
            if passing { r.newly_pass[i].payload.clone() } else { r.still_fail[i].payload.clone() }
        })
        .collect();
    let base_outcomes = if payloads.is_empty() {
        Vec::new()
    } else {
        // The base gets its own target directory: Cargo would take a checkout with the same
        // layout for the working tree's crates and reuse their artifacts, replaying with
        // today's types. It stays between runs, so only the first drift pays for the build.
        let base = target_dir(root).join("drift-base");
        let tree = git::Worktree::add(root, &report.base_commit, base.join("tree"))?;
        replay::run(&tree.dir, &base.join("target"), &payloads)?
    };
    let mut by_venue: Vec<Vec<(bool, usize, replay::Outcome)>> = report.venues.iter().map(|_| Vec::new()).collect();
    for (&(v, passing, i), outcome) in items.iter().zip(base_outcomes) {
        by_venue[v].push((passing, i, outcome));
    }
    for (venue, outcomes) in report.venues.iter_mut().zip(by_venue) {
        let r = &mut venue.replay;
        let mut passing: Vec<Option<ReplayItem>> = std::mem::take(&mut r.newly_pass).into_iter().map(Some).collect();
        let mut failing: Vec<Option<ReplayItem>> = std::mem::take(&mut r.still_fail).into_iter().map(Some).collect();
        for (is_passing, i, outcome) in outcomes {
            let slot = if is_passing { &mut passing[i] } else { &mut failing[i] };
            if let Some(mut item) = slot.take() {
                let base_ok = outcome.ok;
                item.base = Some(outcome);
                match (is_passing, base_ok) {
                    (true, false) => r.newly_pass.push(item),
                    (true, true) => {}
                    (false, true) => r.now_fail.push(item),
                    (false, false) => r.still_fail.push(item),
                }
            }
        }
    }
    // Now-fail findings make a crate's change breaking; recompute the version checks.
    for venue in &mut report.venues {
        let v = &venue.version;
        let (base_version, version) = (v.base_version.clone(), v.version.clone());
        venue.version = version::check(&venue.venue, venue.needed(), base_version.as_deref(), version.as_deref());
    }
    Ok(())
}
