//! Faults the simulated REST venues answer with, scripted per request by a test: rate limits,
//! bans, 5xx, rejected timestamps, slow, malformed and truncated answers, an empty 401, a
//! connection dropped without an answer, and hostile answers (redirects, any headers, endless
//! and huge bodies, an error that echoes the request).

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// One way for an answer to go wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The venue's rate-limit answer (Binance and p99: HTTP 429, with `Retry-After` when given;
    /// CoinW: HTTP 200 with envelope code 29001).
    RateLimited { retry_after_s: Option<u64> },
    /// HTTP 418, the venue's IP ban, with `Retry-After` when given.
    Banned { retry_after_s: Option<u64> },
    /// This status with this body, as given.
    Status { status: u16, body: String },
    /// The venue's answer to a timestamp outside its window (Binance -1021; p99 an empty 401),
    /// whatever the request's timestamp.
    TimestampRejected,
    /// The real answer, after this long.
    Slow(Duration),
    /// HTTP 200 with a body that is not JSON.
    Malformed,
    /// The real answer with its body cut in half (and a matching length).
    Truncated,
    /// HTTP 401 with no body.
    EmptyUnauthorized,
    /// The connection is closed without an answer.
    Reset,
    /// A redirect with this status to `location`, as a hostile or misconfigured proxy might send.
    Redirect { status: u16, location: String },
    /// This status, these headers and this body. A `Date` given here replaces the simulated one.
    Raw { status: u16, headers: Vec<(String, String)>, body: String },
    /// HTTP 200 whose body never ends: a JSON string that grows until the client hangs up.
    Endless,
    /// This status with a `Content-Length` of `bytes`, and that many bytes of body.
    Huge { status: u16, bytes: u64 },
    /// HTTP 400 in the venue's error shape, quoting the request back (its query and every
    /// header), as a careless gateway might.
    Echo,
}

struct Rule {
    path: String,
    fault: Fault,
    remaining: u32,
}

/// A seeded draw: `rate` of the requests get one of `faults`, chosen uniformly.
struct Random {
    rate: f64,
    faults: Vec<Fault>,
    rng: fastrand::Rng,
}

/// The fault script of a simulator; get it from [`crate::Sim::faults`].
#[derive(Default)]
pub struct Faults {
    rules: Mutex<VecDeque<Rule>>,
    random: Mutex<Option<Random>>,
    applied: Mutex<Vec<(String, Fault)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Faults {
    /// The next request to `path` (exactly, e.g. `/fapi/v1/algoOrder`) gets `fault`.
    pub fn next(&self, path: &str, fault: Fault) {
        self.next_n(path, fault, 1);
    }

    /// The next `n` requests to `path` get `fault`. Scripts queue: a later one starts when
    /// the earlier ones for the same path are used up.
    pub fn next_n(&self, path: &str, fault: Fault, n: u32) {
        lock(&self.rules).push_back(Rule { path: path.to_string(), fault, remaining: n });
    }

    /// From now on, a share `rate` (0 to 1) of the requests no script claims get one of
    /// `faults`, drawn from a generator seeded with `seed` so that a run can be repeated.
    pub fn random(&self, rate: f64, faults: Vec<Fault>, seed: u64) {
        *lock(&self.random) = Some(Random { rate, faults, rng: fastrand::Rng::with_seed(seed) });
    }

    /// Forgets every script and the random faults.
    pub fn clear(&self) {
        lock(&self.rules).clear();
        *lock(&self.random) = None;
    }

    /// Every fault served so far, with the path it was served on.
    pub fn applied(&self) -> Vec<(String, Fault)> {
        lock(&self.applied).clone()
    }

    pub(crate) fn take(&self, path: &str) -> Option<Fault> {
        let fault = self.scripted(path).or_else(|| self.drawn())?;
        lock(&self.applied).push((path.to_string(), fault.clone()));
        Some(fault)
    }

    fn scripted(&self, path: &str) -> Option<Fault> {
        let mut rules = lock(&self.rules);
        let index = rules.iter().position(|r| r.path == path && r.remaining > 0)?;
        let rule = &mut rules[index];
        rule.remaining -= 1;
        let fault = rule.fault.clone();
        if rule.remaining == 0 {
            rules.remove(index);
        }
        Some(fault)
    }

    fn drawn(&self) -> Option<Fault> {
        let mut random = lock(&self.random);
        let random = random.as_mut()?;
        if random.faults.is_empty() || random.rng.f64() >= random.rate {
            return None;
        }
        let index = random.rng.usize(..random.faults.len());
        Some(random.faults[index].clone())
    }
}
