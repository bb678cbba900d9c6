//! Throughput and latency of 1,000 concurrent Query Algo Order calls through one client on
//! loopback: the plain run (no faults) is the baseline for the run with 10% of answers faulted.
//! `cargo bench -p e2e --bench load`

#[path = "../support/load.rs"]
mod load;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a runtime");
    // `cargo test --benches` runs this without `--bench`: one short round, to show it still works.
    if !std::env::args().any(|a| a == "--bench") {
        let report = rt.block_on(load::run(100, 0.10, 42));
        assert_eq!(report.ok + report.errors.values().sum::<usize>(), 100, "every call ends");
        assert_eq!(report.mismatched, 0, "no call got another call's order");
        println!("load: smoke round of 100 calls ended ({} ok); run `cargo bench` to measure", report.ok);
        return;
    }
    println!(
        "{:<26} {:>9} {:>9} {:>9} {:>9} {:>9} {:>6} {:>8} {:>7}  errors",
        "run", "calls/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "ok", "requests", "faults"
    );
    for round in 0..3 {
        for (label, rate) in [("baseline (no faults)", 0.0), ("10% faulted", 0.10)] {
            let report = rt.block_on(load::run(1000, rate, 42 + round));
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{:<26} {:>9.0} {:>9.1} {:>9.1} {:>9.1} {:>9.1} {:>6} {:>8} {:>7}  {:?}",
                format!("{label} #{}", round + 1),
                report.calls_per_second(),
                ms(report.quantile(0.5)),
                ms(report.quantile(0.9)),
                ms(report.quantile(0.99)),
                ms(report.quantile(1.0)),
                report.ok,
                report.requests_sent,
                report.faults_served,
                report.errors,
            );
        }
    }
}
