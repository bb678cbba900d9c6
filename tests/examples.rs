//! Every operation of every spec has a runnable example in its venue crate's `examples/`, whose
//! first line names it (`//! Operation `query_algo_order`: …`). `.ci/run-examples` runs them all
//! against the simulator (SIM=1).

use std::path::Path;

/// The first line of every example of a venue crate.
fn first_lines(venue: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("crates").join(venue).join("examples");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let first = text.lines().next().unwrap_or_default().to_string();
            out.push((path.file_name().unwrap().to_string_lossy().into_owned(), first));
        }
    }
    out
}

fn assert_covered(venue: &str, ids: &[&str]) {
    let examples = first_lines(venue);
    for id in ids {
        let tag = format!("//! Operation `{id}`");
        assert!(
            examples.iter().any(|(_, first)| first.starts_with(&tag)),
            "crates/{venue}/examples/ has no example whose first line starts with {tag:?}; found {examples:?}"
        );
    }
    // And no example claims an operation the spec does not have.
    for (file, first) in &examples {
        let named = first.strip_prefix("//! Operation `").and_then(|rest| rest.split('`').next());
        assert!(
            named.is_some_and(|n| ids.contains(&n)),
            "crates/{venue}/examples/{file}: first line {first:?} names no operation of the spec"
        );
    }
}

#[test]
fn every_operation_has_an_example() {
    let binance: Vec<&str> = binance_usdm::operations::ALL
        .iter()
        .map(|op| op.id)
        .chain(binance_usdm::ws::operations::ALL.iter().filter(|op| op.method != "session.logon").map(|op| op.method))
        .collect();
    assert_covered("binance-usdm", &binance);
    assert_covered("coinw-futures", &coinw_futures::operations::ALL.iter().map(|op| op.id).collect::<Vec<_>>());
    assert_covered("coinw-spot", &coinw_spot::operations::ALL.iter().map(|op| op.id).collect::<Vec<_>>());
    assert_covered("p99-spot", &p99_spot::operations::ALL.iter().map(|op| op.id).collect::<Vec<_>>());
}
