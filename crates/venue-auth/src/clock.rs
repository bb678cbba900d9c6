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
    /// The last measured offset that was not adopted because it looked wrong, when there was one.
    rejected: AtomicBool,
    rejected_offset_ms: AtomicI64,
}

/// The most a measured venue clock may differ from the local one and still be believed. Past it,
/// one of the two clocks is badly wrong, and signing with the venue's would hide that.
pub const MAX_PLAUSIBLE_OFFSET_MS: i64 = 24 * 60 * 60 * 1000;

/// No venue answered before 2015-01-01T00:00:00Z: a server time before it is not a time.
pub const EARLIEST_PLAUSIBLE_MS: i64 = 1_420_070_400_000;

/// A measured venue time that was not adopted; see [`Clock::sync`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImplausibleTime {
    /// What the offset from local time would have been.
    pub offset_ms: i64,
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

    /// The offset added to the system clock, in milliseconds (0 until measured or set).
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
    ///
    /// A server time before 2015, or more than a day from the local clock, is not adopted: the
    /// offset stays as it was, the clock counts as measured (so clients do not ask again on every
    /// call), and [`Clock::rejected_offset_ms`] remembers what was seen, for the error a later
    /// rejected timestamp gives.
    pub fn sync(&self, server_ms: i64, sent_ms: i64, received_ms: i64) -> Result<i64, ImplausibleTime> {
        // i128: any three i64 values, however hostile, give an exact midpoint and offset.
        let midpoint = i128::from(sent_ms) + (i128::from(received_ms) - i128::from(sent_ms)) / 2;
        let offset = i128::from(server_ms) - midpoint;
        let offset_ms = i64::try_from(offset).unwrap_or(if offset < 0 { i64::MIN } else { i64::MAX });
        if server_ms < EARLIEST_PLAUSIBLE_MS || offset_ms.unsigned_abs() > MAX_PLAUSIBLE_OFFSET_MS.unsigned_abs() {
            self.state.rejected_offset_ms.store(offset_ms, Ordering::Relaxed);
            self.state.rejected.store(true, Ordering::Release);
            self.state.synced.store(true, Ordering::Release);
            return Err(ImplausibleTime { offset_ms });
        }
        self.state.rejected.store(false, Ordering::Release);
        self.set_offset_ms(offset_ms);
        Ok(offset_ms)
    }

    /// The offset the last measurement would have set, when it was not adopted because the
    /// venue's time looked wrong; `None` once a plausible measurement follows.
    pub fn rejected_offset_ms(&self) -> Option<i64> {
        self.state.rejected.load(Ordering::Acquire).then(|| self.state.rejected_offset_ms.load(Ordering::Relaxed))
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

    const NOW: i64 = 1_780_000_000_000;

    #[test]
    fn sync_uses_the_round_trip_midpoint() {
        let clock = Clock::system();
        assert_eq!(clock.sync(NOW + 10_500, NOW + 1_000, NOW + 2_000), Ok(9_000));
        assert_eq!(clock.offset_ms(), 9_000);
        assert_eq!(clock.rejected_offset_ms(), None);
    }

    #[test]
    fn implausible_times_are_not_adopted() {
        let clock = Clock::with_offset_ms(250);
        let day = MAX_PLAUSIBLE_OFFSET_MS;
        for server in [0, -1, i64::MIN, i64::MAX, EARLIEST_PLAUSIBLE_MS - 1, NOW + day + 2, NOW - day - 2] {
            assert!(clock.sync(server, NOW, NOW + 2).is_err(), "{server} was adopted");
            assert_eq!(clock.offset_ms(), 250, "{server} moved the clock");
            assert!(clock.is_synced());
        }
        assert_eq!(clock.rejected_offset_ms(), Some(-day - 3));
        // Hostile local readings as well: no overflow, whatever the inputs.
        assert!(clock.sync(i64::MAX, i64::MIN, i64::MAX).is_err());
        assert!(clock.sync(NOW, i64::MAX, i64::MIN).is_err());
        // A plausible measurement afterwards is adopted and clears the rejection.
        assert_eq!(clock.sync(NOW + day, NOW, NOW), Ok(day));
        assert_eq!(clock.rejected_offset_ms(), None);
    }
}
