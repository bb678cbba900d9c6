//! End to end: a copy of this workspace in a temporary git repository, a real spec edited there,
//! `xtask codegen` and `xtask drift` run as a user would, and the report checked. The replay
//! builds `spec-replay` at both revisions in the shared target directory, so this test compiles
//! the venue crates twice; it is the slowest test in the workspace. So that a first
//! `cargo test --workspace` does not wait for it, its tests are `#[ignore]`d there and `.ci/run`
//! runs them as a step of their own: `cargo test -p xtask --test drift_e2e -- --ignored`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

#[path = "support/repo.rs"]
mod repo;
use repo::{Run, commit, edit};

/// Fixed paths, reused between runs: the repository is rebuilt each time (so its files are newer
/// than any artifact), and its own target directory keeps Cargo from mixing its crates up with
/// the workspace's (same layout, same unit hashes).
fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("drift-e2e")
}

/// `e2e_dir()/<name>`, emptied, holding a copy of the workspace.
fn fresh_repo(name: &str) -> PathBuf {
    repo::fresh(&e2e_dir().join(name))
}

/// Runs the xtask binary in `dir`, killed after `limit` so a hang fails the test instead of CI.
fn xtask(dir: &Path, args: &[&str], limit: Duration) -> Run {
    // One target directory per repository: two copies of the workspace share its layout, and
    // Cargo would take one's artifacts for the other's (the tests run at the same time).
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("repo");
    let target = e2e_dir().join(if name == "repo" { "target".to_string() } else { format!("target-{name}") });
    repo::run(dir, env!("CARGO_BIN_EXE_xtask"), args, &target, limit)
}

fn venue<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["venues"]
        .as_array()
        .and_then(|v| v.iter().find(|v| v["venue"] == name))
        .unwrap_or_else(|| panic!("no {name} in {report:#}"))
}

fn has(list: &Value, pred: impl Fn(&Value) -> bool) -> bool {
    list.as_array().is_some_and(|items| items.iter().any(pred))
}

#[test]
#[ignore = "copies and builds the workspace; `.ci/run` runs it as its own step (cargo test -p xtask --test drift_e2e -- --ignored)"]
fn a_renamed_field_and_a_new_enum_value_are_judged_and_need_a_major_bump() {
    let dir = fresh_repo("repo");
    // A payload recorded before the change, which decodes at the base.
    let recorded = dir.join("specs/binance-usdm/examples/AlgoOrder/e2e-recorded.json");
    std::fs::create_dir_all(recorded.parent().expect("folder")).expect("mkdir");
    std::fs::write(
        &recorded,
        r#"{"algoId":1,"clientAlgoId":"a","algoType":"CONDITIONAL","orderType":"STOP","symbol":"BTCUSDT","side":"BUY","positionSide":"BOTH","timeInForce":"GTC","quantity":"0.5","algoStatus":"NEW","createTime":1,"updateTime":2}"#,
    )
    .expect("recording");
    commit(&dir, "base");

    // The venue renames the required `algoStatus` to `algoState` in Query Algo Order and adds an
    // order status.
    let spec = dir.join("specs/binance-usdm/openapi.yaml");
    edit(&spec, "        - algoStatus\n", "        - algoState\n");
    edit(
        &spec,
        "        algoStatus:\n          $ref: \"#/components/schemas/AlgoStatus\"\n",
        "        algoState:\n          $ref: \"#/components/schemas/AlgoStatus\"\n",
    );
    edit(&spec, "EXPIRED, EXPIRED_IN_MATCH]", "EXPIRED, EXPIRED_IN_MATCH, AMENDED]");
    edit(&dir.join("crates/binance-usdm/src/lib.rs"), "order.algo_status", "order.algo_state");

    let minutes = Duration::from_secs(60);
    let stale = xtask(&dir, &["drift", "--no-replay"], minutes);
    assert_eq!(stale.code, Some(2), "drift must refuse stale generated code: {}", stale.stderr);
    assert!(stale.stderr.contains("cargo xtask codegen"), "{}", stale.stderr);

    let codegen = xtask(&dir, &["codegen"], minutes);
    assert_eq!(codegen.code, Some(0), "{}", codegen.stderr);

    let drift = xtask(&dir, &["drift", "--format", "json"], 20 * minutes);
    assert_eq!(drift.code, Some(1), "an unbumped breaking change must fail: {}\n{}", drift.stderr, drift.stdout);
    let report: Value = serde_json::from_str(&drift.stdout).unwrap_or_else(|e| panic!("{e}: {}", drift.stdout));
    let binance = venue(&report, "binance-usdm");

    let changes = &binance["spec_changes"];
    assert!(
        has(changes, |c| c["operation"] == "REST query_algo_order"
            && c["subject"] == "field algoStatus"
            && c["change"] == "renamed to `algoState`"
            && c["class"] == "breaking"
            && c["direction"] == "receive"),
        "{changes:#}"
    );
    for (op, field) in [("REST query_order", "field status"), ("WebSocket order.status", "field result.status")] {
        assert!(
            has(changes, |c| c["operation"] == op
                && c["subject"] == field
                && c["class"] == "additive"
                && c["change"].as_str().is_some_and(|s| s.contains("AMENDED"))),
            "{op}: {changes:#}"
        );
    }
    assert!(has(changes, |c| c["doc_url"].as_str().is_some_and(|u| u.ends_with("/Query-Algo-Order"))), "{changes:#}");

    let api = &binance["api_changes"];
    assert!(
        has(api, |c| c["change"] == "removed"
            && c["item"] == "field binance_usdm::AlgoOrder::algo_status"
            && c["class"] == "breaking"),
        "{api:#}"
    );
    assert!(
        has(api, |c| c["change"] == "added"
            && c["item"] == "field binance_usdm::AlgoOrder::algo_state"
            && c["class"] == "additive"),
        "{api:#}"
    );
    assert!(
        has(api, |c| c["change"] == "added"
            && c["item"] == "variant binance_usdm::OrderStatus::Amended"
            && c["class"] == "additive"),
        "{api:#}"
    );

    let replay = &binance["replay"];
    assert_eq!(replay["ran"], true);
    assert!(replay["base_note"].is_null(), "{replay:#}");
    for source in ["openapi.yaml GET /fapi/v1/algoOrder 200", "examples/AlgoOrder/e2e-recorded.json"] {
        assert!(
            has(&replay["now_fail"], |p| p["source"] == source
                && p["base"]["ok"] == true
                && p["now"]["ok"] == false
                && p["now"]["error"].as_str().is_some_and(|e| e.contains("algoState"))),
            "{source}: {replay:#}"
        );
    }
    assert_eq!(replay["still_fail"].as_array().map(Vec::len), Some(0), "{replay:#}");

    // The crate's version now, and the one a breaking change needs (0.y.z → 0.(y+1).0).
    let manifest = std::fs::read_to_string(dir.join("crates/binance-usdm/Cargo.toml")).expect("manifest");
    let current = manifest
        .lines()
        .find_map(|l| l.strip_prefix("version = \"")?.strip_suffix('"'))
        .expect("a version line")
        .to_string();
    let minor: u64 = current.split('.').nth(1).and_then(|m| m.parse().ok()).expect("0.y.z");
    let next = format!("0.{}.0", minor + 1);
    let version = &binance["version"];
    assert_eq!(version["needed"], "breaking");
    assert_eq!(version["required"], next.as_str());
    assert_eq!(version["ok"], false);
    for other in ["coinw-futures", "coinw-spot", "p99-spot"] {
        let v = venue(&report, other);
        assert_eq!(v["spec_changes"].as_array().map(Vec::len), Some(0), "{other}: {v:#}");
        assert_eq!(v["version"]["ok"], true, "{other}: {v:#}");
    }

    // With the bump the report passes; the Markdown names the page to re-read.
    edit(
        &dir.join("crates/binance-usdm/Cargo.toml"),
        &format!("version = \"{current}\""),
        &format!("version = \"{next}\""),
    );
    let bumped = xtask(&dir, &["drift", "--no-replay"], minutes);
    assert_eq!(bumped.code, Some(0), "{}\n{}", bumped.stderr, bumped.stdout);
    let md = &bumped.stdout;
    assert!(md.contains("| binance-usdm | 1 |"), "{md}");
    assert!(md.contains(&format!("{current} → {next}")), "{md}");
    assert!(md.contains("### REST query_algo_order — [venue docs](https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Query-Algo-Order)"), "{md}");
    assert!(md.contains("renamed to `algoState`"), "{md}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A spec edit after which the crates no longer compile (the hand-written `extras.rs` calls the
/// setter of a renamed parameter): drift keeps the spec and API findings, says first that the
/// crates do not compile, runs no replay, and fails.
#[test]
#[ignore = "copies and builds the workspace; `.ci/run` runs it as its own step (cargo test -p xtask --test drift_e2e -- --ignored)"]
fn a_crate_that_no_longer_compiles_is_reported_first() {
    let dir = fresh_repo("repo-broken");
    commit(&dir, "base");
    edit(&dir.join("specs/coinw-futures/openapi.yaml"), "        - name: sourceIds\n", "        - name: orderIds\n");
    let minutes = Duration::from_secs(60);
    let codegen = xtask(&dir, &["codegen"], minutes);
    assert_eq!(codegen.code, Some(0), "{}", codegen.stderr);

    let drift = xtask(&dir, &["drift", "--format", "json"], 20 * minutes);
    assert_eq!(
        drift.code,
        Some(1),
        "a crate that does not compile must fail drift: {}\n{}",
        drift.stderr,
        drift.stdout
    );
    let report: Value = serde_json::from_str(&drift.stdout).unwrap_or_else(|e| panic!("{e}: {}", drift.stdout));
    let error = report["build_error"].as_str().unwrap_or_default();
    assert!(error.contains("source_ids") || error.contains("error"), "{report:#}");
    assert_eq!(report["replayed"], false, "{report:#}");
    let futures = venue(&report, "coinw-futures");
    assert!(
        has(&futures["spec_changes"], |c| c["subject"] == "parameter sourceIds" && c["class"] == "breaking"),
        "{futures:#}"
    );
    assert_eq!(futures["replay"]["ran"], false, "{futures:#}");

    let markdown = xtask(&dir, &["drift", "--no-replay"], minutes);
    assert!(
        markdown.stdout.contains("whether the crates compile after codegen was not checked"),
        "{}",
        markdown.stdout
    );
}

/// A change to a shared crate alone (a public field added to `venue_sdk_core::RetryPolicy`, which
/// every venue crate re-exports and users build with a struct literal): drift asks every crate
/// that re-exports it for a breaking bump, and venue-sdk-core too.
#[test]
#[ignore = "copies and builds the workspace; `.ci/run` runs it as its own step (cargo test -p xtask --test drift_e2e -- --ignored)"]
fn a_shared_crate_change_reports_the_bump_every_crate_needs() {
    let dir = fresh_repo("repo-shared");
    commit(&dir, "base");
    edit(
        &dir.join("crates/venue-sdk-core/src/retry.rs"),
        "pub struct RetryPolicy {\n",
        "pub struct RetryPolicy {\n    pub budget: u32,\n",
    );
    let minutes = Duration::from_secs(60);
    let codegen = xtask(&dir, &["codegen"], minutes);
    assert_eq!(codegen.code, Some(0), "{}", codegen.stderr);
    let drift = xtask(&dir, &["drift", "--no-replay", "--format", "json"], minutes);
    assert_eq!(drift.code, Some(1), "{}\n{}", drift.stderr, drift.stdout);
    let report: Value = serde_json::from_str(&drift.stdout).unwrap_or_else(|e| panic!("{e}: {}", drift.stdout));
    for name in ["binance-usdm", "coinw-futures", "coinw-spot", "p99-spot", "venue-sdk-core"] {
        let v = venue(&report, name);
        assert_eq!(v["version"]["needed"], "breaking", "{name}: {v:#}");
        assert!(
            has(&v["api_changes"], |c| c["change"] == "added"
                && c["item"].as_str().is_some_and(|i| i.ends_with("RetryPolicy::budget"))),
            "{name}: {v:#}"
        );
    }
    assert_eq!(venue(&report, "venue-auth")["version"]["needed"], Value::Null);
}
