//! When a failed attempt is tried again, and how long to wait first.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use crate::Error;

/// Bounded retries with exponential backoff and jitter, for operations the spec marks
/// `x-retry-safe`. Only transient failures are retried: connection errors, "try again" 5xx
/// answers, and 429 after the wait the venue asks for. A venue's refusal never is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with each retry after that.
    pub base_delay: Duration,
    /// The most a backoff wait grows to.
    pub max_delay: Duration,
    /// Each backoff wait is drawn from [wait/2, wait] so that clients do not retry in step.
    pub jitter: bool,
    /// A 429 asking for a longer wait than this is returned at once rather than waited out.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 100 ms doubling to at most 2 s, with jitter; 429 waits of up to 30 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(2),
            jitter: true,
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// One attempt only. (A rejected timestamp still gets its one retry after the clock is
    /// measured again, unless the client is built with `Config::clock_sync(false)`.)
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The most attempts a call makes, the first included.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry; it doubles with each one.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait between attempts.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Whether waits are randomised (on by default), so clients do not retry in step.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` honoured; a longer one ends the call instead.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The backoff before retry number `retry` (1 for the first retry).
    pub fn backoff(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let full = self.base_delay.saturating_mul(1 << doublings).min(self.max_delay);
        if !self.jitter || full.is_zero() {
            return full;
        }
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=spread))
    }
}

/// What a call does after a failed attempt. [`decide`] picks it from the error and the facts
/// of the attempt alone, so every rule is in one place and tested as a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Return the error.
    Stop,
    /// The venue may have rejected the timestamp: measure its clock, then try once more.
    Resync,
    /// Wait this long, then send a freshly signed attempt.
    Retry(Duration),
}

/// What [`decide`] needs to know about the attempt that failed.
#[derive(Clone, Copy, Debug)]
pub struct Attempt {
    /// The operation is `x-retry-safe`.
    pub retry_safe: bool,
    /// The venue's rules say this error may be a stale timestamp, and the client may measure
    /// the clock (it syncs, and the venue has a clock source).
    pub clock_suspect: bool,
    /// A measurement has already followed a suspected timestamp in this call.
    pub resynced: bool,
    /// Waits already taken in this call.
    pub retries: u32,
    /// What is left of the call's deadline.
    pub remaining: Duration,
    /// The policy's backoff for the next retry (jittered by the caller, so this stays pure).
    pub backoff: Duration,
}

/// The retry rules. Nothing is retried unless the operation is `x-retry-safe`. A suspected stale
/// timestamp gets one measurement and one more attempt. Connection failures and "try again" 5xx
/// are retried after the backoff (or the venue's `Retry-After`, when longer); a 429 after the
/// wait it asks for, unless that is over the policy's `max_retry_after`. No wait is started when
/// the attempts are used up or the wait would reach the deadline. Everything else stops.
pub fn decide(policy: &RetryPolicy, error: &Error, attempt: &Attempt) -> Decision {
    if !attempt.retry_safe {
        return Decision::Stop;
    }
    if attempt.clock_suspect {
        return if attempt.resynced { Decision::Stop } else { Decision::Resync };
    }
    let wait = match error {
        Error::Transport { .. } | Error::Unavailable { .. } => {
            error.retry_after().unwrap_or_default().max(attempt.backoff)
        }
        Error::RateLimited { retry_after: Some(wait), .. } if *wait > policy.max_retry_after => return Decision::Stop,
        Error::RateLimited { retry_after, .. } => retry_after.unwrap_or(attempt.backoff),
        _ => return Decision::Stop,
    };
    if attempt.retries.saturating_add(1) >= policy.max_attempts || wait >= attempt.remaining {
        return Decision::Stop;
    }
    Decision::Retry(wait)
}

/// How the client waits between attempts. The default sleeps on tokio's timer; tests and
/// simulations pass [`RecordingSleep`] to see every wait without spending it.
pub trait Sleep: Send + Sync + fmt::Debug + 'static {
    /// Waits `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

/// Sleeps on tokio's timer.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// A fake clock for waits: records each one and returns at once (or after at most a short
/// real pause, for tests that need successive attempts to see different times).
#[derive(Clone, Debug, Default)]
pub struct RecordingSleep {
    waits: Arc<Mutex<Vec<Duration>>>,
    real: Duration,
}

impl RecordingSleep {
    /// An empty recording.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records each wait and really sleeps for no more than `real` of it.
    pub fn sleeping_at_most(real: Duration) -> Self {
        Self { real, ..Self::default() }
    }

    /// Every wait asked for so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.waits.lock().unwrap_or_else(PoisonError::into_inner).push(duration);
        let real = duration.min(self.real);
        if real.is_zero() { Box::pin(std::future::ready(())) } else { Box::pin(tokio::time::sleep(real)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitter_stays_in_its_band() {
        let policy = RetryPolicy::default().jitter(false);
        let waits: Vec<u64> = (1..=7).map(|n| policy.backoff(n).as_millis() as u64).collect();
        assert_eq!(waits, [100, 200, 400, 800, 1600, 2000, 2000]);
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(2));
        let jittered = RetryPolicy::default();
        for n in 1..=6 {
            let full = policy.backoff(n);
            for _ in 0..200 {
                let wait = jittered.backoff(n);
                assert!(wait >= full / 2 && wait <= full, "retry {n}: {wait:?} not in [{:?}, {full:?}]", full / 2);
            }
        }
    }

    /// Every rule of [`decide`], one row each.
    #[test]
    fn retry_decisions() {
        let s = Duration::from_secs;
        let ms = Duration::from_millis;
        let unavailable =
            |after: Option<Duration>| Error::Unavailable { status: 503, message: String::new(), retry_after: after };
        let limited = |after: Option<Duration>| Error::RateLimited {
            status: 429,
            code: None,
            message: String::new(),
            retry_after: after,
        };
        let venue = Error::Venue { status: 400, code: crate::ErrorCode::Number(-1102), message: String::new() };
        let skew = Error::ClockSkew {
            code: crate::ErrorCode::Number(-1021),
            message: String::new(),
            offset_ms: 0,
            window_ms: None,
            rejected_offset_ms: None,
        };
        let banned = Error::Banned { status: 418, message: String::new(), retry_after: Some(s(60)) };
        let fresh = Attempt {
            retry_safe: true,
            clock_suspect: false,
            resynced: false,
            retries: 0,
            remaining: s(10),
            backoff: ms(100),
        };
        let policy = RetryPolicy::default();
        use Decision::*;
        let rows: Vec<(&str, Error, Attempt, Decision)> = vec![
            ("5xx: the backoff", unavailable(None), fresh, Retry(ms(100))),
            ("5xx: its Retry-After when longer", unavailable(Some(s(2))), fresh, Retry(s(2))),
            ("5xx: the backoff when longer", unavailable(Some(ms(10))), fresh, Retry(ms(100))),
            ("5xx: a Retry-After past the deadline", unavailable(Some(s(u64::MAX))), fresh, Stop),
            ("5xx: not a safe operation", unavailable(None), Attempt { retry_safe: false, ..fresh }, Stop),
            ("5xx: the last attempt", unavailable(None), Attempt { retries: 2, ..fresh }, Stop),
            ("5xx: a wait equal to what is left", unavailable(Some(s(10))), fresh, Stop),
            ("429: the wait it asks for", limited(Some(s(3))), fresh, Retry(s(3))),
            ("429: no wait given, the backoff", limited(None), fresh, Retry(ms(100))),
            ("429: over max_retry_after", limited(Some(s(31))), Attempt { remaining: s(3600), ..fresh }, Stop),
            ("429: past the deadline", limited(Some(s(20))), fresh, Stop),
            ("clock suspect: measure once", skew, Attempt { clock_suspect: true, ..fresh }, Resync),
            (
                "clock suspect again: stop",
                Error::TimedOut { after: s(1) },
                Attempt { clock_suspect: true, resynced: true, ..fresh },
                Stop,
            ),
            (
                "clock suspect, unsafe operation",
                Error::TimedOut { after: s(1) },
                Attempt { clock_suspect: true, retry_safe: false, ..fresh },
                Stop,
            ),
            ("a refusal", venue, fresh, Stop),
            ("a ban", banned, fresh, Stop),
            ("a timeout", Error::TimedOut { after: s(1) }, fresh, Stop),
            ("too large", Error::ResponseTooLarge { limit: 1 }, fresh, Stop),
            ("a redirect", Error::Redirected { status: 302, location: None }, fresh, Stop),
            ("unknown outcome", Error::OutcomeUnknown { status: 503, message: String::new() }, fresh, Stop),
            ("a decode error", Error::decode(200, b"x", "bad"), fresh, Stop),
        ];
        for (name, error, attempt, expected) in rows {
            assert_eq!(decide(&policy, &error, &attempt), expected, "{name}");
        }
        // One attempt in all: nothing is retried.
        assert_eq!(decide(&RetryPolicy::none(), &unavailable(None), &fresh), Stop);
    }

    #[test]
    fn none_is_one_attempt_and_zero_attempts_means_one() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
