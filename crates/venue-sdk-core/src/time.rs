//! Instants as the venues send them. Milliseconds and seconds are different types, so one cannot
//! be passed where the other is meant.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

macro_rules! unix_time {
    ($name:ident, $unit:literal, $to_duration:expr) => {
        #[doc = concat!("An instant in ", $unit, " since the Unix epoch, as the venue sent it. ")]
        #[doc = "0 is what venues send for \"not set\"."]
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw count.
            pub fn get(self) -> i64 {
                self.0
            }

            /// True for the venue's "not set" value, 0.
            pub fn is_unset(self) -> bool {
                self.0 == 0
            }

            /// The instant as a `SystemTime`; `None` before the epoch.
            pub fn to_system_time(self) -> Option<SystemTime> {
                let n = u64::try_from(self.0).ok()?;
                UNIX_EPOCH.checked_add($to_duration(n))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

unix_time!(UnixMillis, "milliseconds", Duration::from_millis);
unix_time!(UnixSeconds, "seconds", Duration::from_secs);

impl From<UnixSeconds> for UnixMillis {
    fn from(s: UnixSeconds) -> Self {
        Self(s.0.saturating_mul(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_not_confused() {
        let ms: UnixMillis = serde_json::from_str("1750485492076").unwrap();
        let s: UnixSeconds = serde_json::from_str("1778400000").unwrap();
        assert_eq!(ms.to_system_time(), UNIX_EPOCH.checked_add(Duration::from_millis(1_750_485_492_076)));
        assert_eq!(s.to_system_time(), UNIX_EPOCH.checked_add(Duration::from_secs(1_778_400_000)));
        assert_eq!(UnixMillis::from(s).get(), 1_778_400_000_000);
        assert_eq!(UnixMillis(-1).to_system_time(), None);
        assert!(UnixMillis(0).is_unset());
    }
}
