use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch as the venue sees them: local time plus a measured offset.
///
/// Cloning shares the offset, so every client built from one clock moves together when it is
/// resynchronised.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    state: Arc<State>,
}

#[derive(Debug, Default)]
struct State {
    offset_ms: AtomicI64,
    /// Whether the offset was measured (or set on purpose), so a client need not measure it
    /// before its first signed request.
    synced: AtomicBool,
}

impl Clock {
    /// A clock with no offset yet: the local system time until it is synced.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that runs `offset_ms` ahead of (or, if negative, behind) the local time. It counts
    /// as synced: clients do not measure it again until the venue rejects a timestamp.
    pub fn with_offset_ms(offset_ms: i64) -> Self {
        let clock = Self::default();
        clock.set_offset_ms(offset_ms);
        clock
    }

    /// Venue time now, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        local_ms().saturating_add(self.offset_ms())
    }

    pub fn offset_ms(&self) -> i64 {
        self.state.offset_ms.load(Ordering::Relaxed)
    }

    /// Sets the offset and marks the clock synced.
    pub fn set_offset_ms(&self, offset_ms: i64) {
        self.state.offset_ms.store(offset_ms, Ordering::Relaxed);
        self.state.synced.store(true, Ordering::Release);
    }

    /// Whether the offset has been measured or set since the clock was made.
    pub fn is_synced(&self) -> bool {
        self.state.synced.load(Ordering::Acquire)
    }

    /// Sets the offset from a server time read between `sent_ms` and `received_ms` (local
    /// milliseconds), assuming the server stamped it halfway through the round trip.
    pub fn sync(&self, server_ms: i64, sent_ms: i64, received_ms: i64) {
        let midpoint = sent_ms + (received_ms - sent_ms) / 2;
        self.set_offset_ms(server_ms - midpoint);
    }

    /// Local time in milliseconds since the Unix epoch, without the offset.
    pub fn local_ms() -> i64 {
        local_ms()
    }
}

fn local_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX),
        // A clock set before 1970: report it as negative rather than panic.
        Err(e) => -i64::try_from(e.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_is_applied_and_shared_by_clones() {
        let clock = Clock::with_offset_ms(-60_000);
        let twin = clock.clone();
        let diff = Clock::local_ms() - twin.now_ms();
        assert!((59_990..=60_010).contains(&diff), "{diff}");
        clock.set_offset_ms(0);
        assert_eq!(twin.offset_ms(), 0);
        assert!(twin.is_synced());
        assert!(!Clock::system().is_synced());
    }

    #[test]
    fn sync_uses_the_round_trip_midpoint() {
        let clock = Clock::system();
        clock.sync(10_500, 1_000, 2_000);
        assert_eq!(clock.offset_ms(), 9_000);
    }
}
