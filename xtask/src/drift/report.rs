//! The drift report as Markdown (a pull-request comment: a summary table, then details with each
//! changed operation's doc URL) or JSON (the same data, for machines).

use std::collections::BTreeMap;
use std::fmt::Write;

use super::classify::{Change, Class};
use super::{ReplayItem, Report, VenueReport};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Json,
}

pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            text.push('\n');
            text
        }
        Format::Markdown => markdown(report),
    }
}

fn count(v: &VenueReport, class: Class) -> usize {
    v.spec_changes.iter().filter(|c| c.class == class).count()
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let short = &report.base_commit[..report.base_commit.len().min(12)];
    let _ = writeln!(out, "# API drift since `{}` ({short})\n", report.base);
    if let Some(error) = &report.build_error {
        let _ = writeln!(
            out,
            "**The crates do not compile after codegen** (or spec-replay failed), so nothing here is releasable yet; the spec and API findings below stand, the payload replay did not run:\n\n```text\n{}\n```\n",
            error.trim()
        );
    } else if !report.replayed {
        let _ = writeln!(
            out,
            "_Replay not run (`--no-replay`): whether the crates compile after codegen was not checked._\n"
        );
    }
    let _ = writeln!(
        out,
        "| venue | spec: breaking | additive | behaviour-only | docs-only | public API (+ / − / ~) | replay | needs | version | |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    for v in &report.venues {
        let api = |kind: &str| v.api_changes.iter().filter(|c| c.change == kind).count();
        let replay = if !v.replay.ran {
            "not run".to_string()
        } else {
            format!(
                "{} payloads; {} now fail, {} newly pass, {} still fail",
                v.replay.payloads,
                v.replay.now_fail.len(),
                v.replay.newly_pass.len(),
                v.replay.still_fail.len()
            )
        };
        let needs = match (v.version.needed, &v.version.required) {
            (Some(class), Some(required)) => format!("{}: ≥ {required}", class.label()),
            (Some(class), None) => class.label().to_string(),
            (None, _) => "nothing".into(),
        };
        let version = match (&v.version.base_version, &v.version.version) {
            (Some(b), Some(n)) if b != n => format!("{b} → {n}"),
            (_, Some(n)) => n.clone(),
            _ => "?".into(),
        };
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {} | {} / {} / {} | {replay} | {needs} | {version} | {} |",
            v.venue,
            if v.status == "changed" { String::new() } else { format!(" ({})", v.status) },
            count(v, Class::Breaking),
            count(v, Class::Additive),
            count(v, Class::Behaviour),
            count(v, Class::DocsOnly),
            api("added"),
            api("removed"),
            api("changed"),
            if v.version.ok { "✅" } else { "❌" }
        );
    }
    if report.venues.iter().any(|v| !v.version.ok) {
        let _ = writeln!(out, "\n**Version check failed:**");
        for v in report.venues.iter().filter(|v| !v.version.ok) {
            let _ = writeln!(out, "- `{}`: {}", v.venue, v.version.message);
        }
    }
    if report.venues.iter().any(|v| !v.replay.still_fail.is_empty()) {
        let _ = writeln!(
            out,
            "\n**Payloads no revision decodes** (fix the spec, or list them with the reason in `specs/<venue>/examples/{}`):",
            super::KNOWN_BAD
        );
        for v in report.venues.iter().filter(|v| !v.replay.still_fail.is_empty()) {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                v.venue,
                v.replay.still_fail.iter().map(|i| format!("`{}`", i.payload.source)).collect::<Vec<_>>().join(", ")
            );
        }
    }
    for v in &report.venues {
        if v.spec_changes.is_empty()
            && v.api_changes.is_empty()
            && v.replay.now_fail.is_empty()
            && v.replay.newly_pass.is_empty()
            && v.replay.still_fail.is_empty()
        {
            continue;
        }
        let bump = v.version.bump.map(|b| format!(" Bump: {b}.")).unwrap_or_default();
        let _ = writeln!(out, "\n## {}\n\n{}.{bump}", v.venue, v.version.message);
        let mut by_op: BTreeMap<&str, Vec<&Change>> = BTreeMap::new();
        for c in &v.spec_changes {
            by_op.entry(c.operation.as_str()).or_default().push(c);
        }
        for (op, changes) in by_op {
            let url = changes.iter().find_map(|c| c.doc_url.as_deref());
            let _ = writeln!(out, "\n### {op}{}\n", url.map(|u| format!(" — [venue docs]({u})")).unwrap_or_default());
            let _ = writeln!(out, "| class | direction | what | change | why |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for c in changes {
                let direction = match c.direction {
                    super::classify::Direction::Send => "we send",
                    super::classify::Direction::Receive => "we receive",
                    super::classify::Direction::Operation => "operation",
                };
                let _ = writeln!(
                    out,
                    "| {} | {direction} | {} | {} | {} |",
                    c.class.label(),
                    cell(&c.subject),
                    cell(&c.change),
                    cell(&c.reason)
                );
            }
        }
        if !v.api_changes.is_empty() {
            let _ = writeln!(out, "\n### Public API of `{}` (public-api.txt)\n", v.venue);
            for c in &v.api_changes {
                let line = match (&c.before, &c.after) {
                    (Some(b), Some(a)) => format!("`{b}` → `{a}`"),
                    (None, Some(a)) => format!("`{a}`"),
                    (Some(b), None) => format!("`{b}`"),
                    (None, None) => String::new(),
                };
                let _ = writeln!(out, "- **{}** ({}): {line} — {}", c.change, c.class.label(), c.reason);
            }
        }
        if v.replay.ran {
            let _ = writeln!(out, "\n### Payload replay ({} payloads)\n", v.replay.payloads);
            if let Some(note) = &v.replay.base_note {
                let _ = writeln!(out, "_{note}_\n");
            }
            replay_list(&mut out, "Now fail (breaking)", &v.replay.now_fail);
            replay_list(&mut out, "Newly pass (breaking: versions before this one fail on it)", &v.replay.newly_pass);
            replay_list(&mut out, "Still fail (the payload and the spec disagree; drift fails)", &v.replay.still_fail);
            for (item, reason) in &v.replay.known_bad {
                let _ = writeln!(
                    out,
                    "- known bad: `{}` as `{}`: {}",
                    item.payload.source,
                    item.payload.type_name,
                    cell(reason)
                );
            }
            if v.replay.now_fail.is_empty() && v.replay.newly_pass.is_empty() && v.replay.still_fail.is_empty() {
                let _ = writeln!(
                    out,
                    "Every payload decodes{}.",
                    if v.replay.base_note.is_none() { ", as it did at the base" } else { "" }
                );
            }
        }
    }
    if let Some(docs) = &report.docs {
        // The docs-check report, one heading level down.
        let checked = crate::docs_check::markdown(&docs.checked);
        let body = checked.strip_prefix("# Docs check\n").unwrap_or(&checked).replace("\n## ", "\n### ");
        let _ = write!(out, "\n## Docs: the pages given, against the specs\n{body}");
        for why in &docs.unreadable {
            let _ = writeln!(out, "\n- **not checked:** {}", cell(why));
        }
    }
    out
}

fn replay_list(out: &mut String, title: &str, items: &[ReplayItem]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:");
    for item in items {
        let error = item.now.error.as_deref().or(item.base.as_ref().and_then(|b| b.error.as_deref())).unwrap_or("");
        let _ = writeln!(
            out,
            "- `{}` as `{}`{}",
            item.payload.source,
            item.payload.type_name,
            if error.is_empty() { String::new() } else { format!(": {}", cell(error)) }
        );
    }
    out.push('\n');
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
