//! Many concurrent queries through one client against the simulator, a share of them faulted:
//! what every call ended in, and how long it took. Shared by the load test and the load bench.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use binance_usdm::{AlgoOrderRef, Client, Config, Credentials, Error};
use venue_sim::{Fault, Sim, Stored, Venue, accounts};

/// The faults a faulted run draws from, one as likely as another.
pub fn fault_mix() -> Vec<Fault> {
    vec![
        Fault::RateLimited { retry_after_s: Some(1) },
        Fault::Banned { retry_after_s: Some(60) },
        Fault::Status { status: 502, body: "<html>502 Bad Gateway</html>".into() },
        Fault::Status {
            status: 503,
            body: r#"{"code":-1000,"msg":"Unknown error, please check your request or try again later."}"#.into(),
        },
        Fault::TimestampRejected,
        Fault::Slow(Duration::from_millis(100)),
        Fault::Malformed,
        Fault::Truncated,
        Fault::Reset,
    ]
}

#[derive(Debug)]
pub struct Report {
    pub calls: usize,
    pub ok: usize,
    /// Error variant → count.
    pub errors: BTreeMap<&'static str, usize>,
    /// Calls whose answer was another order than the one asked for.
    pub mismatched: usize,
    pub faults_served: usize,
    pub requests_sent: usize,
    pub elapsed: Duration,
    /// Every call's latency, sorted.
    pub latencies: Vec<Duration>,
}

impl Report {
    pub fn calls_per_second(&self) -> f64 {
        self.calls as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency at quantile `q` (0 to 1), nearest rank.
    pub fn quantile(&self, q: f64) -> Duration {
        let Some(last) = self.latencies.len().checked_sub(1) else { return Duration::ZERO };
        self.latencies[((last as f64) * q).round() as usize]
    }
}

fn kind(error: &Error) -> &'static str {
    match error {
        Error::Venue { .. } => "Venue",
        Error::NotFound { .. } => "NotFound",
        Error::Auth { .. } => "Auth",
        Error::RateLimited { .. } => "RateLimited",
        Error::Banned { .. } => "Banned",
        Error::ClockSkew { .. } => "ClockSkew",
        Error::Unavailable { .. } => "Unavailable",
        Error::OutcomeUnknown { .. } => "OutcomeUnknown",
        Error::Transport { .. } => "Transport",
        Error::Decode { .. } => "Decode",
        Error::Connection { .. } => "Connection",
        Error::TimedOut { .. } => "TimedOut",
        Error::InvalidRequest { .. } => "InvalidRequest",
        _ => "other",
    }
}

/// `calls` concurrent Query Algo Order calls, each for its own order, through one client;
/// `fault_rate` of the simulator's answers faulted (seeded, so a run can be repeated).
pub async fn run(calls: usize, fault_rate: f64, seed: u64) -> Report {
    let sim = Sim::start().await.expect("the simulator starts on loopback");
    let template = sim.with_book(|book| match book.get(Venue::BinanceUsdm, "2146760") {
        Some(Stored::Json(order)) => order.clone(),
        _ => panic!("the seeded book has the docs' algo order"),
    });
    sim.with_book(|book| {
        for i in 0..calls {
            let mut order = template.clone();
            order["algoId"] = (10_000 + i as i64).into();
            order["clientAlgoId"] = format!("load-{i}").into();
            book.insert(Venue::BinanceUsdm, order);
        }
    });
    let client = Client::with_config(
        Config::new(sim.url(Venue::BinanceUsdm))
            .credentials(Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET))
            .timeout(Duration::from_secs(10)),
    )
    .expect("a client for the simulator");
    // Measure the clock before the faults start, as a long-running client would have.
    client.sync_clock().await.expect("the simulator tells its time");
    sim.faults().random(fault_rate, fault_mix(), seed);
    let requests_before = sim.requests().len();

    let started = Instant::now();
    let tasks: Vec<_> = (0..calls)
        .map(|i| {
            let client = client.clone();
            tokio::spawn(async move {
                let id = 10_000 + i as i64;
                let at = Instant::now();
                let result = client.query_algo_order(AlgoOrderRef::AlgoId(id)).await;
                (at.elapsed(), result.map(|order| order.algo_id == id))
            })
        })
        .collect();
    let mut report = Report {
        calls,
        ok: 0,
        errors: BTreeMap::new(),
        mismatched: 0,
        faults_served: 0,
        requests_sent: 0,
        elapsed: Duration::ZERO,
        latencies: Vec::with_capacity(calls),
    };
    for task in tasks {
        let (latency, outcome) = task.await.expect("no call panics");
        report.latencies.push(latency);
        match outcome {
            Ok(true) => report.ok += 1,
            Ok(false) => report.mismatched += 1,
            Err(e) => *report.errors.entry(kind(&e)).or_default() += 1,
        }
    }
    report.elapsed = started.elapsed();
    report.latencies.sort();
    report.faults_served = sim.faults().applied().len();
    report.requests_sent = sim.requests().len() - requests_before;
    sim.stop().await;
    report
}
