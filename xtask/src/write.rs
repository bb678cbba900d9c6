//! Writing generated files, or comparing them with what is checked in.

use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use crate::error::{Error, Result};
use crate::spec;
use crate::{asyncapi, cli, codegen, harness, public_api, registry};

/// One venue's generated output: the files under `src/generated/` and the API summary.
struct Output {
    venue: String,
    from: String,
    dir: PathBuf,
    files: codegen::Files,
    api_path: PathBuf,
    api: String,
}

/// Files generated from every spec at once (path, text).
type Shared = Vec<(PathBuf, String)>;

/// Every venue crate's output, and the files that list every venue: the command line's
/// subcommands, the simulator's registry, spec-replay's decoders, the cross-venue tests' harness.
fn outputs(root: &Path) -> Result<(Vec<Output>, Shared)> {
    let mut out = Vec::new();
    let mut specs = Vec::new();
    // The shared crates first, each inlining what it re-exports from the ones before it.
    let mut shared_api: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut shared_files = Vec::new();
    for (dir, lib) in public_api::SHARED {
        let crate_dir = root.join(dir);
        let name = dir.rsplit('/').next().unwrap_or(lib);
        let summary = public_api::summarize(&crate_dir, name, &codegen::Files::new(), &shared_api)?;
        shared_files.push((crate_dir.join(public_api::FILE_NAME), summary.clone()));
        shared_api.insert(lib.to_string(), summary);
    }
    for (venue, path) in spec::discover(root)? {
        let spec = spec::load(root, &path)?;
        let ws_path = path.with_file_name("asyncapi.yaml");
        let ws = if ws_path.is_file() { Some(asyncapi::load(root, &ws_path)?) } else { None };
        specs.push((venue.clone(), spec, ws));
    }
    for (venue, spec, ws) in &specs {
        let venue = venue.clone();
        let ws = ws.as_ref();
        let files = codegen::generate(spec, ws)?;
        let crate_dir = root.join("crates").join(&venue);
        let api = public_api::summarize(&crate_dir, &venue, &files, &shared_api)?;
        let from = match &ws {
            Some(ws) => format!("{} and {}", spec.rel_path, ws.rel_path),
            None => spec.rel_path.clone(),
        };
        out.push(Output {
            from,
            dir: crate_dir.join("src").join("generated"),
            files,
            api_path: crate_dir.join(public_api::FILE_NAME),
            api,
            venue,
        });
    }
    let venues: Vec<cli::VenueSpecs<'_>> =
        specs.iter().map(|(name, rest, ws)| cli::VenueSpecs { name, rest, ws: ws.as_ref() }).collect();
    let registry: Vec<(String, &spec::VenueSpec)> = specs.iter().map(|(name, rest, _)| (name.clone(), rest)).collect();
    registry::check_dependents(root, &registry)?;
    let mut shared = shared_files;
    shared.extend([
        (root.join(cli::DIR).join(cli::FILE), cli::generate(&venues)?),
        (root.join(registry::SIM_FILE), registry::simulator(&registry)?),
        (root.join(registry::REPLAY_FILE), registry::replay(&registry)?),
        (root.join(harness::FILE), harness::generate(&registry)?),
    ]);
    Ok((out, shared))
}

/// The checked-in files that differ from what codegen would write, without printing anything.
pub fn stale_files(root: &Path) -> Result<Vec<String>> {
    let mut stale = Vec::new();
    let (outputs, shared) = outputs(root)?;
    for (path, text) in &shared {
        if std::fs::read_to_string(path).ok().as_ref() != Some(text) {
            stale.push(rel(root, path));
        }
    }
    for o in outputs {
        let expected =
            o.files.iter().map(|(name, text)| (o.dir.join(name), text)).chain([(o.api_path.clone(), &o.api)]);
        for (path, text) in expected {
            if std::fs::read_to_string(&path).ok().as_ref() != Some(text) {
                stale.push(rel(root, &path));
            }
        }
    }
    Ok(stale)
}

pub fn codegen(root: &Path, check: bool) -> Result<()> {
    let mut stale = false;
    let (outputs, shared) = outputs(root)?;
    for (path, text) in &shared {
        if check {
            stale |= compare_file(root, path, text);
        } else if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            }
            std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
        }
    }
    for Output { venue, from, dir, files, api_path, api } in outputs {
        if check {
            stale |= compare(root, &dir, &files)?;
            stale |= compare_file(root, &api_path, &api);
        } else {
            write(&dir, &files)?;
            if std::fs::read_to_string(&api_path).ok().as_deref() != Some(api.as_str()) {
                std::fs::write(&api_path, &api).map_err(|e| Error::io(&api_path, e))?;
            }
            println!("{venue}: {} files and {} from {from}", files.len(), public_api::FILE_NAME);
        }
    }
    if !check {
        for (path, _) in &shared {
            println!("{} from every spec", rel(root, path));
        }
    }
    if stale { Err(Error::Stale) } else { Ok(()) }
}

fn write(dir: &Path, files: &codegen::Files) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    // Files the generator no longer writes must go, or they would linger as dead code.
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !files.contains_key(&name) {
            std::fs::remove_file(entry.path()).map_err(|e| Error::io(&entry.path(), e))?;
        }
    }
    for (name, text) in files {
        let path = dir.join(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&path, text).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

/// Prints a unified diff when the file at `path` is not `expected`; true when it differs.
fn compare_file(root: &Path, path: &Path, expected: &str) -> bool {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return false;
    }
    let label = rel(root, path);
    let diff = TextDiff::from_lines(actual.as_str(), expected);
    let diff = diff.unified_diff().context_radius(3).header(&format!("a/{label}"), &format!("b/{label}")).to_string();
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(diff.as_bytes());
    true
}

fn rel(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).display().to_string()
}

/// Prints a unified diff per stale file; true when anything differs.
fn compare(root: &Path, dir: &Path, files: &codegen::Files) -> Result<bool> {
    let mut stale = false;
    for (name, expected) in files {
        stale |= compare_file(root, &dir.join(name), expected);
    }
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !files.contains_key(&name) {
                stale = true;
                let _ = writeln!(
                    std::io::stdout().lock(),
                    "{} is not generated any more; delete it",
                    rel(root, &entry.path())
                );
            }
        }
    }
    Ok(stale)
}
