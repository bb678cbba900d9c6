//! `cargo xtask docs-check` as a command: its exit codes, both formats, and `--record`, run in
//! a copy of the workspace's specs (so recording edits the copy, never the checkout).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_xtask");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn fixture(name: &str) -> PathBuf {
    root().join("xtask/tests/fixtures/docs-pages").join(name)
}

/// A folder the command takes for a workspace: `Cargo.toml` and a copy of `specs/`.
fn workspace_copy(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for venue in std::fs::read_dir(root().join("specs")).unwrap() {
        let venue = venue.unwrap().path();
        let target = dir.join("specs").join(venue.file_name().unwrap());
        std::fs::create_dir_all(&target).unwrap();
        for file in std::fs::read_dir(&venue).unwrap() {
            let file = file.unwrap().path();
            if file.is_file() {
                // Without the fingerprints recorded from the real pages: the fixtures are others.
                let text = std::fs::read_to_string(&file).unwrap();
                let kept: Vec<&str> = text.lines().filter(|l| !l.trim_start().starts_with("x-docs-sha256:")).collect();
                std::fs::write(target.join(file.file_name().unwrap()), kept.join("\n") + "\n").unwrap();
            }
        }
    }
    std::fs::write(dir.join("Cargo.toml"), "[workspace]\n").unwrap();
    dir
}

fn docs_check(dir: &Path, args: &[&str], pages: &[PathBuf]) -> Output {
    Command::new(BIN).current_dir(dir).arg("docs-check").args(args).args(pages).output().unwrap()
}

fn all_pages() -> Vec<PathBuf> {
    ["binance-rest.md", "binance-ws.md", "coinw-futures.md", "coinw-spot.md", "p99.md"].map(fixture).to_vec()
}

#[test]
fn agreeing_pages_exit_0_a_difference_1_and_an_unreadable_page_2() {
    let dir = workspace_copy("docs-check-exit");
    let agree = docs_check(&dir, &[], &all_pages());
    assert_eq!(agree.status.code(), Some(0), "{}", String::from_utf8_lossy(&agree.stderr));
    assert_eq!(String::from_utf8_lossy(&agree.stdout).matches("The page and the spec agree.").count(), 5);

    let changed = dir.join("changed.md");
    let text = std::fs::read_to_string(fixture("binance-rest.md")).unwrap();
    std::fs::write(&changed, text.replace("**1**", "**5**")).unwrap();
    let differs = docs_check(&dir, &["--format", "json"], std::slice::from_ref(&changed));
    assert_eq!(differs.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&differs.stdout).unwrap();
    assert_eq!(report[0]["venue"], "binance-usdm");
    assert_eq!(report[0]["operation"], "query_order");
    assert_eq!(report[0]["differences"][0]["kind"], "weight");
    assert_eq!(report[0]["differences"][0]["page_says"], "5");
    assert_eq!(report[0]["differences"][0]["spec_says"], "1");
    assert_eq!(report[0]["differences"][0]["spec_must_change"], true);

    let strange = dir.join("strange.md");
    std::fs::write(&strange, "# Another venue\n\nGET /v5/order\n").unwrap();
    let refused = docs_check(&dir, &[], &[strange, dir.join("missing.md")]);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("strange.md: the page is in no layout") && stderr.contains("missing.md: cannot be read"),
        "{stderr}"
    );
}

#[test]
fn record_writes_the_fingerprint_and_a_changed_page_is_then_reported() {
    let dir = workspace_copy("docs-check-record");
    let page = dir.join("p99.md");
    std::fs::copy(fixture("p99.md"), &page).unwrap();
    let recorded = docs_check(&dir, &["--record"], std::slice::from_ref(&page));
    assert_eq!(recorded.status.code(), Some(0), "{}", String::from_utf8_lossy(&recorded.stderr));
    let spec = std::fs::read_to_string(dir.join("specs/p99-spot/openapi.yaml")).unwrap();
    assert!(spec.contains("      x-docs-sha256: "), "{spec}");
    assert_eq!(docs_check(&dir, &[], std::slice::from_ref(&page)).status.code(), Some(0));

    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("按 id 查询", "按订单 id 查询")).unwrap();
    let changed = docs_check(&dir, &[], std::slice::from_ref(&page));
    assert_eq!(changed.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&changed.stdout).contains("page-changed"));
}
