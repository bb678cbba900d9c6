//! When a failed attempt is tried again, and how long to wait first.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

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

    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

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

/// How the client waits between attempts. The default sleeps on tokio's timer; tests and
/// simulations pass [`RecordingSleep`] to see every wait without spending it.
pub trait Sleep: Send + Sync + fmt::Debug + 'static {
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

    #[test]
    fn none_is_one_attempt_and_zero_attempts_means_one() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
    }
}
