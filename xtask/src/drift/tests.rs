//! Golden fixtures: `xtask/tests/drift-fixtures/<case>/` holds a spec pair (`base.*.yaml`,
//! `new.*.yaml`, OpenAPI or AsyncAPI) and `expected.txt`, the classification drift must give.
//! `UPDATE_GOLDEN=1 cargo test -p xtask` rewrites the expected files; review their diff.

use std::path::Path;

use super::classify::{self, Class};
use super::surface::{self, Docs};

fn docs(dir: &Path, side: &str) -> Docs {
    let read = |kind: &str| {
        std::fs::read_to_string(dir.join(format!("{side}.{kind}.yaml")))
            .ok()
            .map(|t| serde_yaml::from_str::<serde_json::Value>(&t).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
    };
    Docs { openapi: read("openapi"), asyncapi: read("asyncapi") }
}

fn render(changes: &[classify::Change]) -> String {
    let mut out = String::new();
    for c in changes {
        let direction =
            serde_json::to_value(c.direction).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        out.push_str(&format!("{} ({direction}) {} · {}: {}\n", c.class.label(), c.operation, c.subject, c.change));
    }
    out
}

#[test]
fn fixtures_classify_as_expected() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("drift-fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures folder").flatten().map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 30, "expected a fixture per change class, found {}", cases.len());
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let changes = classify::compare(&surface::read(&docs(case, "base")), &surface::read(&docs(case, "new")));
        assert!(!changes.is_empty(), "{name}: the spec pair shows no change");
        assert!(changes.iter().all(|c| !c.reason.is_empty()), "{name}: a change without a reason");
        let actual = render(&changes);
        let expected_path = case.join("expected.txt");
        if update {
            std::fs::write(&expected_path, &actual).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != actual {
            failures.push(format!("{name}:\n--- expected\n{expected}--- actual\n{actual}"));
        }
    }
    assert!(failures.is_empty(), "classifications differ (UPDATE_GOLDEN=1 to accept):\n{}", failures.join("\n"));
}

/// The class each fixture's name promises, so a golden file cannot quietly accept a wrong one.
#[test]
fn fixture_names_match_their_worst_class() {
    let expect = [
        ("send-param-added-required", Class::Breaking),
        ("send-param-added-optional", Class::Breaking),
        ("send-param-added-optional-request-struct", Class::Additive),
        ("ws-send-param-added-optional", Class::Breaking),
        ("send-param-removed", Class::Breaking),
        ("send-param-renamed", Class::Breaking),
        ("send-param-type-changed", Class::Breaking),
        ("send-param-now-required", Class::Breaking),
        ("send-enum-value-added", Class::Additive),
        ("send-enum-value-removed", Class::Breaking),
        ("send-one-of-group-added", Class::Breaking),
        ("send-auth-scheme-changed", Class::Breaking),
        ("send-auth-key-header-renamed", Class::Behaviour),
        ("send-injected-param-added", Class::Behaviour),
        ("send-param-now-injected", Class::Breaking),
        ("receive-field-added", Class::Additive),
        ("receive-field-removed", Class::Breaking),
        ("receive-field-renamed", Class::Breaking),
        ("receive-field-type-changed", Class::Breaking),
        ("receive-field-format-changed", Class::Breaking),
        ("receive-decimal-string-to-number", Class::Additive),
        ("receive-unit-changed", Class::Breaking),
        ("receive-now-nullable", Class::Breaking),
        ("receive-now-required", Class::Breaking),
        ("receive-enum-value-added", Class::Additive),
        ("receive-enum-value-removed", Class::Breaking),
        ("receive-type-renamed", Class::Breaking),
        ("operation-added", Class::Additive),
        ("operation-removed", Class::Breaking),
        ("operation-endpoint-moved", Class::Additive),
        ("operation-now-retry-safe", Class::Behaviour),
        ("docs-url-changed", Class::DocsOnly),
        ("docs-read-changed", Class::DocsOnly),
        ("ws-send-param-added-required", Class::Breaking),
        ("ws-send-request-id-no-longer-injected", Class::Breaking),
        ("ws-receive-field-added", Class::Additive),
        ("ws-receive-enum-value-added", Class::Additive),
        ("ws-send-auth-changed", Class::Breaking),
        ("ws-docs-read-changed", Class::DocsOnly),
        ("ws-clock-source-added", Class::Behaviour),
        ("receive-error-code-class-changed", Class::Behaviour),
        ("docs-assumption-added", Class::DocsOnly),
        ("docs-not-found-rule-changed", Class::DocsOnly),
        ("send-param-refusal-added", Class::Behaviour),
        ("send-injected-default-changed", Class::Behaviour),
        ("receive-field-renamed-in-allof", Class::Breaking),
        ("receive-envelope-success-code-changed", Class::Behaviour),
        ("operation-server-removed", Class::Breaking),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("drift-fixtures");
    for (name, class) in expect {
        let case = root.join(name);
        let changes = classify::compare(&surface::read(&docs(&case, "base")), &surface::read(&docs(&case, "new")));
        let worst = changes.iter().map(|c| c.class).max();
        assert_eq!(worst, Some(class), "{name}: {changes:#?}");
    }
}

/// A payload no revision decodes fails drift, unless `known-bad.yaml` lists it with a reason.
#[test]
fn still_failing_payloads_fail_unless_known_bad() {
    use super::replay::{Outcome, Payload};
    use super::{ReplayItem, ReplayReport, set_aside_known_bad};
    let item = |source: &str| ReplayItem {
        payload: Payload { venue: "v".into(), source: source.into(), type_name: "Order".into(), text: "{}".into() },
        base: None,
        now: Outcome { known: true, ok: false, error: Some("missing field `id`".into()) },
    };
    let mut replay = ReplayReport {
        ran: true,
        still_fail: vec![item("examples/Order/a.json"), item("examples/Order/b.json")],
        ..ReplayReport::default()
    };
    let known = std::collections::BTreeMap::from([(
        "examples/Order/a.json".to_string(),
        "a venue bug, kept to show it".to_string(),
    )]);
    set_aside_known_bad(&mut replay, &known);
    assert_eq!(replay.still_fail.len(), 1);
    assert_eq!(replay.still_fail[0].payload.source, "examples/Order/b.json");
    assert_eq!(replay.known_bad.len(), 1);
    assert_eq!(replay.known_bad[0].1, "a venue bug, kept to show it");
}

#[test]
fn pages_given_to_drift_become_its_docs_section_and_a_difference_fails_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let dir = std::env::temp_dir().join(format!("drift-docs-section-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // query_order's REST page has no recorded fingerprint, so the fixture can agree with it.
    let fixture = root.join("xtask/tests/fixtures/docs-pages/binance-rest.md");
    let changed = dir.join("binance-rest-changed.md");
    std::fs::write(&changed, std::fs::read_to_string(&fixture).unwrap().replace("**1**", "**5**")).unwrap();
    let (checked, unreadable) = crate::docs_check::check(&root, &[fixture, changed]).unwrap();
    assert!(unreadable.is_empty());
    let report = super::Report {
        base: "HEAD".into(),
        base_commit: "0".repeat(40),
        venues: Vec::new(),
        ok: false,
        build_error: None,
        replayed: false,
        docs: Some(super::DocsSection { checked, unreadable: vec!["gone.md: cannot be read".into()] }),
    };
    let text = super::report::render(&report, super::Format::Markdown);
    let section = &text[text.find("## Docs: the pages given").expect("a docs section")..];
    assert!(section.contains("### `") && section.contains("The page and the spec agree."), "{section}");
    assert!(section.contains("| weight | `request weight` | 5 | 1 | yes |"), "{section}");
    assert!(section.contains("**not checked:** gone.md: cannot be read"), "{section}");
    let json: serde_json::Value = serde_json::from_str(&super::report::render(&report, super::Format::Json)).unwrap();
    assert_eq!(json["docs"]["checked"][1]["differences"][0]["kind"], "weight");
    let _ = std::fs::remove_dir_all(&dir);
}
