//! End to end: `cargo xtask new-venue` in a copy of the workspace, the scaffold filled with a
//! small test venue (its own path and API-key header, in the spec only; the scaffold's plain HMAC
//! rule), then
//! codegen, lints, the venue's signing vectors, every cross-venue test (which iterate over the
//! generated harness, so they take the new venue without an edit) and a round trip through the
//! command line against the simulator. It counts the hand-written lines the venue needed.
//!
//! It builds a copy of the workspace, so it is `#[ignore]`d in `cargo test --workspace`;
//! `.ci/run` runs it as its own step: `cargo test -p xtask --test new_venue_e2e -- --ignored`.

use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "support/repo.rs"]
mod repo;
use repo::{commit, edit, git};

/// The most hand-written lines (outside the spec) a venue may need.
const MAX_HAND_WRITTEN: usize = 250;

fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("new-venue-e2e")
}

fn cargo(dir: &Path, args: &[&str]) -> repo::Run {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let run = repo::run(dir, &cargo, args, &e2e_dir().join("target"), Duration::from_secs(20 * 60));
    assert!(run.code.is_some(), "cargo {args:?} was killed");
    run
}

fn succeeds(run: repo::Run, what: &str) -> String {
    assert_eq!(run.code, Some(0), "{what} failed:\n{}\n{}", run.stdout, run.stderr);
    run.stdout
}

/// Lines the change added, per file, split into the spec and the rest; generated files (which
/// say so in their first line), API summaries and the lock file are not hand-written.
fn added_lines(dir: &Path) -> (usize, usize, Vec<String>) {
    git(dir, &["add", "--all"]);
    let numstat = git(dir, &["diff", "--cached", "--numstat", "HEAD"]);
    let (mut spec, mut code, mut files) = (0, 0, Vec::new());
    for line in numstat.lines() {
        let mut fields = line.split('\t');
        let (Some(added), Some(_), Some(path)) = (fields.next(), fields.next(), fields.next()) else { continue };
        let added: usize = added.parse().unwrap_or(0);
        let first = std::fs::read_to_string(dir.join(path)).unwrap_or_default();
        let first = first.lines().next().unwrap_or_default();
        if first.contains("@generated") || path.ends_with("public-api.txt") || path == "Cargo.lock" {
            continue;
        }
        if path.starts_with("specs/") {
            spec += added;
        } else {
            code += added;
        }
        files.push(format!("{added:>4} {path}"));
    }
    (spec, code, files)
}

#[test]
#[ignore = "copies and builds the workspace; `.ci/run` runs it as its own step (cargo test -p xtask --test new_venue_e2e -- --ignored)"]
fn a_scaffolded_venue_builds_answers_in_the_simulator_and_passes_every_cross_venue_test() {
    let dir = repo::fresh(&e2e_dir().join("repo"));
    commit(&dir, "base");

    let run = repo::run(
        &dir,
        env!("CARGO_BIN_EXE_xtask"),
        &["new-venue", "demo-spot"],
        &e2e_dir().join("target"),
        Duration::from_secs(20 * 60),
    );
    let printed = succeeds(run, "new-venue");
    assert!(printed.contains("Left to fill in") && printed.contains("TODO(new-venue)"), "{printed}");
    // Running it twice is refused, and changes nothing.
    let again = repo::run(
        &dir,
        env!("CARGO_BIN_EXE_xtask"),
        &["new-venue", "demo-spot"],
        &e2e_dir().join("t"),
        Duration::from_secs(60),
    );
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    // Fill the scaffold as the test venue's docs would: its path, its API-key header, its page.
    // Only the spec changes: the simulator's route and key header follow it.
    let spec = dir.join("specs/demo-spot/openapi.yaml");
    edit(&spec, "  /api/v1/order:\n", "  /v2/order/query:\n");
    edit(&spec, "      name: X-API-KEY\n", "      name: X-DEMO-APIKEY\n");
    edit(
        &spec,
        "description: TODO(new-venue) the page's description of the query.",
        "description: One order by its id, as the demo venue's page states.",
    );
    succeeds(cargo(&dir, &["run", "-q", "-p", "xtask", "--", "codegen"]), "codegen");

    // The generated front follows the spec: the new header is what the client sends.
    let operations = std::fs::read_to_string(dir.join("crates/demo-spot/src/generated/operations.rs")).unwrap();
    assert!(operations.contains("X-DEMO-APIKEY") && operations.contains("/v2/order/query"), "{operations}");
    let harness = std::fs::read_to_string(dir.join("tests/support/generated/venues.rs")).unwrap();
    assert!(harness.contains("Venue::DemoSpot"), "the cross-venue harness lacks the venue");

    let (spec_lines, code_lines, files) = added_lines(&dir);
    println!("hand-written lines: spec {spec_lines}, everything else {code_lines}\n{}", files.join("\n"));
    assert!(code_lines <= MAX_HAND_WRITTEN, "{code_lines} hand-written lines besides the spec:\n{}", files.join("\n"));

    succeeds(
        cargo(
            &dir,
            &[
                "clippy",
                "-q",
                "-j2",
                "-p",
                "demo-spot",
                "-p",
                "venue-sim",
                "-p",
                "venue-cli",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        "clippy",
    );
    let tests = [
        "test",
        "-j2",
        "-p",
        "demo-spot",
        "-p",
        "venue-auth",
        "--test",
        "vectors",
        "-p",
        "e2e",
        "--test",
        "hostile",
        "--test",
        "properties",
        "--test",
        "secrets",
    ];
    let out = succeeds(cargo(&dir, &tests), "the cross-venue tests");
    assert!(out.contains("demo_spot_vectors ... ok"), "{out}");

    // A round trip through the command line against the simulator: found, then not found.
    let venue = ["run", "-q", "-p", "venue-cli", "--bin", "venue", "--", "--sim", "demo-spot", "order", "--order-id"];
    let found = succeeds(cargo(&dir, &[&venue[..], &["1001"]].concat()), "venue --sim demo-spot order");
    let answer: serde_json::Value = serde_json::from_str(&found).unwrap_or_else(|e| panic!("{e}: {found}"));
    assert_eq!(answer["symbol"], "BTCUSDT", "{answer}");
    assert_eq!(answer["orderId"], "1001", "{answer}");
    let missing = cargo(&dir, &[&venue[..], &["999"]].concat());
    assert_eq!(missing.code, Some(4), "not found: {}", missing.stderr);
}
