//! 1,000 concurrent queries through one client with 10% of the answers faulted: every call
//! ends, in its own order or a typed error, and none is lost. (Figures: `cargo bench -p e2e
//! --bench load`, in BENCHMARKS.md.)

#[path = "support/load.rs"]
mod load;

use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_with_a_tenth_faulted_all_end_typed() {
    let report = tokio::time::timeout(Duration::from_secs(60), load::run(1000, 0.10, 42))
        .await
        .expect("every call ends: the client's 10 s deadline bounds each one");
    eprintln!(
        "{:.0} calls/s in a debug build (figures come from the bench); ok {}, errors {:?}, {} requests, {} faults",
        report.calls_per_second(),
        report.ok,
        report.errors,
        report.requests_sent,
        report.faults_served
    );
    let errors: usize = report.errors.values().sum();
    assert_eq!(report.ok + errors + report.mismatched, report.calls, "{:?}", report.errors);
    assert_eq!(report.mismatched, 0, "a call got another call's order");
    // Only what the fault mix can cause, each a typed error; retries absorb most faults.
    let expected = ["Banned", "OutcomeUnknown", "Decode", "RateLimited", "Unavailable", "Transport", "ClockSkew"];
    for kind in report.errors.keys() {
        assert!(expected.contains(kind), "unexpected {kind}: {:?}", report.errors);
    }
    assert!(report.faults_served >= 50, "the faults were served: {}", report.faults_served);
    assert!(report.ok >= 900, "{} ok, {:?}", report.ok, report.errors);
    assert!(report.requests_sent > 1000, "faulted calls were retried: {}", report.requests_sent);
    assert!(report.quantile(1.0) < Duration::from_secs(10));
}
