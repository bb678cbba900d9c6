//! `cargo xtask new-venue NAME`: a new venue, scaffolded so that it builds, answers in the
//! simulator and passes every cross-venue test before anything is filled in, with each
//! placeholder marked `TODO(new-venue)` (and each fact the spec states `x-assumed`) until it is
//! replaced with what the venue's docs say.
//!
//! It writes the spec and its signing vectors, the signing rule in `crates/venue-auth`, the venue
//! crate (its signing hook; the rest is generated), the simulator's verifier and the command
//! line's keys, adds the venue to the files that list modules and dependencies, runs codegen
//! and prints what is left to fill in. The templates are in `xtask/templates/new-venue/`.

use std::path::{Path, PathBuf};

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use crate::error::{Error, Result};

/// The marker every placeholder carries.
pub const MARKER: &str = "TODO(new-venue)";

/// (template, destination with `{name}` / `{snake}`).
const FILES: &[(&str, &str)] = &[
    (include_str!("../templates/new-venue/openapi.yaml"), "specs/{name}/openapi.yaml"),
    (include_str!("../templates/new-venue/signing-vectors.json"), "specs/{name}/signing-vectors.json"),
    (include_str!("../templates/new-venue/Cargo.toml"), "crates/{name}/Cargo.toml"),
    (include_str!("../templates/new-venue/lib.rs"), "crates/{name}/src/lib.rs"),
    (include_str!("../templates/new-venue/signing.rs"), "crates/{name}/src/signing.rs"),
    (include_str!("../templates/new-venue/auth.rs"), "crates/venue-auth/src/{snake}.rs"),
    (include_str!("../templates/new-venue/sim.rs"), "crates/venue-sim/src/venues/{snake}.rs"),
    (include_str!("../templates/new-venue/cli.rs"), "crates/venue-cli/src/venues/{snake}.rs"),
];

const VECTORS_TEST: &str = include_str!("../templates/new-venue/vectors.rs");

struct Names {
    name: String,
    snake: String,
}

impl Names {
    fn fill(&self, template: &str, today: &str) -> String {
        template
            .replace("{{name}}", &self.name)
            .replace("{{snake}}", &self.snake)
            .replace("{{Camel}}", &self.name.to_upper_camel_case())
            .replace("{{SNAKE}}", &self.name.to_shouty_snake_case())
            .replace("{{today}}", today)
    }

    fn path(&self, root: &Path, pattern: &str) -> PathBuf {
        root.join(pattern.replace("{name}", &self.name).replace("{snake}", &self.snake))
    }
}

/// A venue name as the workspace spells them: lower-case words joined by `-`, starting with a
/// letter (`specs/<name>`, `crates/<name>`).
pub fn check_name(name: &str) -> std::result::Result<(), String> {
    let words: Vec<&str> = name.split('-').collect();
    let ok = name.starts_with(|c: char| c.is_ascii_lowercase())
        && words.iter().all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()));
    if !ok {
        return Err(format!("{name:?}: a venue name is lower-case words joined by '-', e.g. okx-spot"));
    }
    if ["venue-auth", "venue-sdk-core", "venue-sim", "venue-cli", "spec-replay", "xtask", "tests"].contains(&name) {
        return Err(format!("{name:?} is a workspace crate's name"));
    }
    Ok(())
}

pub fn run(root: &Path, name: &str) -> Result<()> {
    check_name(name).map_err(|m| Error::spec("new-venue", m))?;
    let names = Names { name: name.to_string(), snake: name.to_snake_case() };
    let existing: Vec<String> = crate::spec::discover(root)?.into_iter().map(|(venue, _)| venue).collect();
    let last = existing.last().ok_or_else(|| Error::spec("specs/", "no venue to add the new one after"))?;
    for (_, pattern) in FILES {
        let path = names.path(root, pattern);
        if path.exists() {
            return Err(Error::spec(&rel(root, &path), "already exists: the venue is there already"));
        }
    }
    let today = today();
    let mut written = Vec::new();
    for (template, pattern) in FILES {
        let path = names.path(root, pattern);
        write(&path, &names.fill(template, &today))?;
        written.push(rel(root, &path));
    }

    // The lists that name every venue: modules, rules, members, dependencies.
    let crate_line = format!("    \"crates/{name}\",");
    edit(root, "Cargo.toml", |text| insert_after_last(text, &format!("    \"crates/{last}\","), &crate_line))?;
    // The version is the template's (a workspace dependency names it, as for the published crates).
    let dep = format!("{name} = {{ path = \"crates/{name}\", version = \"0.1.0\" }}");
    edit(root, "Cargo.toml", |text| insert_after_last(text, &format!("{last} = {{ path = \"crates/{last}\""), &dep))?;
    let snake = &names.snake;
    let module = format!("#[cfg(feature = \"{name}\")]\npub mod {snake};");
    edit(root, "crates/venue-auth/src/lib.rs", |text| insert_after_last(text, "pub mod ", &module))?;
    // The rule's feature (the scaffold's rule is a query HMAC), on by default like every rule.
    let feature = format!("{name} = [\"hmac-sha256\", \"query\"]");
    edit(root, "crates/venue-auth/Cargo.toml", |text| {
        insert_before_first(text, "# Key kinds and primitives", &feature)
    })?;
    edit(root, "crates/venue-auth/Cargo.toml", |text| {
        let line = text.lines().find(|l| l.starts_with("default = ["))?;
        Some(text.replacen(line, &line.replacen("default = [", &format!("default = [\"{name}\", "), 1), 1))
    })?;
    let rule = format!("    // Scaffolded: hex HMAC-SHA256 of the query (`{snake}`).\n    \"{name}-hmac\",");
    edit(root, "crates/venue-auth/src/lib.rs", |text| insert_before_first_after(text, "pub const RULES", "];", &rule))?;
    edit(root, "crates/venue-auth/tests/vectors.rs", |text| {
        Some(format!("{text}{}", names.fill(VECTORS_TEST, &today)))
    })?;
    for list in ["crates/venue-sim/src/venues/mod.rs", "crates/venue-cli/src/venues/mod.rs"] {
        edit(root, list, |text| insert_after_last(text, "pub(crate) mod ", &format!("pub(crate) mod {snake};")))?;
    }
    // The crates that depend on every venue crate: each gets a line like its last venue's.
    for manifest in crate::registry::DEPENDENTS {
        edit(root, manifest, |text| {
            let line = text
                .lines()
                .rev()
                .find(|l| l.starts_with(&format!("{last} ")) || l.starts_with(&format!("{last}.")))?;
            insert_after_last(text, line, &line.replace(last.as_str(), name))
        })?;
    }
    // In a fresh process: codegen checks each spec's `x-signing` against `venue_auth::RULES`, which
    // this binary was built without the new rule in.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "-p", "xtask", "--", "codegen"])
        .current_dir(root)
        .status()
        .map_err(|e| Error::spec("new-venue", format!("cannot run cargo xtask codegen: {e}")))?;
    if !status.success() {
        return Err(Error::spec("new-venue", "the files are written but `cargo xtask codegen` failed (above)"));
    }

    println!("Scaffolded venue {name}:");
    for file in &written {
        println!("  created {file}");
    }
    println!("  added it to Cargo.toml, crates/venue-auth (lib.rs, tests/vectors.rs), the simulator's and the");
    println!("  command line's venue modules, and the crates that depend on every venue; ran codegen.");
    println!("\nIt builds and answers in the simulator as it is. Left to fill in, from the venue's docs:");
    for file in &written {
        let text = std::fs::read_to_string(root.join(file)).map_err(|e| Error::io(&root.join(file), e))?;
        for (n, line) in text.lines().enumerate().filter(|(_, l)| l.contains(MARKER)) {
            println!("  {file}:{}: {}", n + 1, line.trim());
        }
    }
    println!("\nThen: the keys' line in crates/venue-cli/src/keys.rs (help), the venue's own tests in");
    println!("tests/, `cargo xtask codegen` after every spec edit, and the command line's golden help");
    println!("(`UPDATE_HELP=1 cargo test -p venue-cli --test cli`). CONTRIBUTING.md walks each step.");
    Ok(())
}

fn rel(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// Rewrites one file; `change` returns `None` when the place to edit is not there.
fn edit(root: &Path, file: &str, change: impl FnOnce(&str) -> Option<String>) -> Result<()> {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let changed = change(&text)
        .ok_or_else(|| Error::spec(file, "has no line to add the venue after; add it by hand (CONTRIBUTING.md)"))?;
    std::fs::write(&path, changed).map_err(|e| Error::io(&path, e))
}

/// `new` as a line of its own after the last line starting with `prefix`.
fn insert_after_last(text: &str, prefix: &str, new: &str) -> Option<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().rposition(|l| l.starts_with(prefix))?;
    lines.insert(at + 1, new);
    Some(lines.join("\n") + "\n")
}

/// `new` as a line of its own before the first line starting with `prefix`.
fn insert_before_first(text: &str, prefix: &str, new: &str) -> Option<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(prefix))?;
    lines.insert(at, new);
    Some(lines.join("\n") + "\n")
}

/// `new` before the first line equal to `end` after the line starting with `start`.
fn insert_before_first_after(text: &str, start: &str, end: &str, new: &str) -> Option<String> {
    let mut lines: Vec<&str> = text.lines().collect();
    let from = lines.iter().position(|l| l.starts_with(start))?;
    let at = from + lines[from..].iter().position(|l| *l == end)?;
    lines.insert(at, new);
    Some(lines.join("\n") + "\n")
}

/// Today's date, UTC, as YYYY-MM-DD (the spec's `x-docs-read` until the docs are read).
pub(crate) fn today() -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(check_name("okx-spot").is_ok());
        assert!(check_name("okx2").is_ok());
        for bad in ["", "Okx", "okx_spot", "-okx", "okx-", "okx--spot", "2okx", "venue-auth", "okx spot"] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn lines_go_after_the_last_match() {
        let text = "a\npub mod x;\npub mod y;\nfn f() {}\n";
        assert_eq!(
            insert_after_last(text, "pub mod ", "pub mod z;").unwrap(),
            "a\npub mod x;\npub mod y;\npub mod z;\nfn f() {}\n"
        );
        assert_eq!(insert_after_last(text, "mod q", "x"), None);
        let rules = "pub const RULES: &[&str] = &[\n    \"a\",\n];\nlet x = [\n];\n";
        assert_eq!(
            insert_before_first_after(rules, "pub const RULES", "];", "    \"b\",").unwrap(),
            "pub const RULES: &[&str] = &[\n    \"a\",\n    \"b\",\n];\nlet x = [\n];\n"
        );
    }

    #[test]
    fn today_is_a_date() {
        let today = today();
        assert_eq!(today.len(), 10, "{today}");
        assert!(today.starts_with("20"), "{today}");
    }
}
