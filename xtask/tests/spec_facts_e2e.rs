//! End to end: venue facts renamed in the specs alone, in a copy of the workspace: p99's
//! API-key header, Binance's not-found code and CoinW spot's envelope success code. Each rename
//! changes the generated code, the drift report and what the simulator and the clients do, with
//! no hand edit: the command line round trip against the simulator succeeds only if the client
//! and the simulator both took the new value from the spec.
//!
//! It builds a copy of the workspace, so it is `#[ignore]`d in `cargo test --workspace`;
//! `.ci/run` runs it as its own step: `cargo test -p xtask --test spec_facts_e2e -- --ignored`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

#[path = "support/repo.rs"]
mod repo;
use repo::{commit, edit, git};

fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("spec-facts-e2e")
}

fn run(dir: &Path, program: &str, args: &[&str]) -> repo::Run {
    repo::run(dir, program, args, &e2e_dir().join("target"), Duration::from_secs(20 * 60))
}

/// `venue --sim …` in the copy: its exit code, stdout and stderr.
fn venue(dir: &Path, args: &[&str]) -> repo::Run {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let head = ["run", "-q", "-p", "venue-cli", "--bin", "venue", "--", "--sim"];
    run(dir, &cargo, &[&head[..], args].concat())
}

fn change<'a>(report: &'a Value, venue: &str, subject: &str) -> &'a Value {
    let v = report["venues"].as_array().and_then(|v| v.iter().find(|v| v["venue"] == venue)).expect("venue");
    v["spec_changes"]
        .as_array()
        .and_then(|changes| changes.iter().find(|c| c["subject"] == subject))
        .unwrap_or_else(|| panic!("{venue}: no change to {subject}: {v:#}"))
}

#[test]
#[ignore = "copies and builds the workspace; `.ci/run` runs it as its own step (cargo test -p xtask --test spec_facts_e2e -- --ignored)"]
fn a_renamed_header_error_code_and_success_code_change_the_code_the_simulator_and_drift() {
    let dir = repo::fresh(&e2e_dir().join("repo"));
    commit(&dir, "base");
    edit(&dir.join("specs/p99-spot/openapi.yaml"), "      name: X-MBX-APIKEY\n", "      name: X-P99-KEY\n");
    edit(
        &dir.join("specs/binance-usdm/openapi.yaml"),
        "    - code: -2013\n      class: not-found",
        "    - code: -2099\n      class: not-found",
    );
    let spot = dir.join("specs/coinw-spot/openapi.yaml");
    edit(&spot, "    success: [200]\n", "    success: [201]\n");
    edit(&spot, "                code: \"200\"\n", "                code: \"201\"\n");

    let xtask = env!("CARGO_BIN_EXE_xtask");
    let codegen = run(&dir, xtask, &["codegen"]);
    assert_eq!(codegen.code, Some(0), "{}", codegen.stderr);
    // The generated code changed with each fact, and nothing hand-written did.
    let diff = git(&dir, &["diff", "--", "crates/*/src/generated/operations.rs"]);
    for new in ["name: \"X-P99-KEY\"", "Number(-2099i64)", "&[201i64]"] {
        assert!(diff.lines().any(|l| l.starts_with('+') && l.contains(new)), "{new}: {diff}");
    }
    let changed = git(&dir, &["diff", "--name-only"]);
    for file in changed.lines() {
        assert!(file.starts_with("specs/") || file.contains("/generated/"), "{file} changed by hand?");
    }

    // Drift reports each, as behaviour that changed without a signature change.
    let drift = run(&dir, xtask, &["drift", "--no-replay", "--format", "json"]);
    let report: Value =
        serde_json::from_str(&drift.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", drift.stdout, drift.stderr));
    let header = change(&report, "p99-spot", "auth");
    assert!(header["change"].as_str().is_some_and(|c| c.contains("name=X-P99-KEY")), "{header:#}");
    assert_eq!(change(&report, "binance-usdm", "error code -2099")["class"], "behaviour-only");
    assert_eq!(change(&report, "coinw-spot", "x-envelope")["class"], "behaviour-only");

    // The simulator and the clients both read the new values: signed with the new header, the
    // p99 order is found; Binance's unknown order comes back with the new code and is NotFound
    // (exit 4); CoinW spot's answer with the new success code is an order.
    let p99 = venue(&dir, &["p99-spot", "order", "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10"]);
    assert_eq!(p99.code, Some(0), "{}", p99.stderr);
    assert!(p99.stdout.contains("DFUSDT"), "{}", p99.stdout);
    let binance = venue(&dir, &["binance-usdm", "order", "--symbol", "BTCUSDT", "--order-id", "1"]);
    assert_eq!(binance.code, Some(4), "{}", binance.stderr);
    assert!(binance.stderr.contains("-2099"), "{}", binance.stderr);
    let coinw = venue(&dir, &["coinw-spot", "order-status", "--order-number", "4624544807079846405"]);
    assert_eq!(coinw.code, Some(0), "{}", coinw.stderr);
    assert!(coinw.stdout.contains("BTC_USDT"), "{}", coinw.stdout);
}
