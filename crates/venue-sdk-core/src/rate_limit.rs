//! Rate-limit usage as the venue reports it with each answer.

use std::time::Duration;

/// How much of one of the venue's limits has been used, as of the answer that reported it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimitUsage {
    /// What is counted.
    pub kind: RateLimitKind,
    /// The window the count is over; `None` when the venue did not say.
    pub interval: Option<RateInterval>,
    /// How much of the limit is used, as the venue reports it.
    pub count: u64,
}

/// What a usage figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RateLimitKind {
    /// Request weight used by this IP (Binance `X-MBX-USED-WEIGHT-*`).
    RequestWeight,
    /// Orders placed by this account (Binance `X-MBX-ORDER-COUNT-*`).
    Orders,
}

/// A window such as "1 minute": `num` units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateInterval {
    /// How many units the interval spans.
    pub num: u32,
    /// The unit.
    pub unit: IntervalUnit,
}

/// The unit of a rate-limit interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntervalUnit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
}

impl RateInterval {
    /// The interval as a duration.
    pub fn duration(self) -> Duration {
        let unit = match self.unit {
            IntervalUnit::Second => 1,
            IntervalUnit::Minute => 60,
            IntervalUnit::Hour => 3600,
            IntervalUnit::Day => 86_400,
        };
        Duration::from_secs(u64::from(self.num) * unit)
    }

    /// `1m`, `10s`, `1d` (case-insensitive), as in Binance's header names.
    pub fn parse(text: &str) -> Option<Self> {
        let split = text.find(|c: char| !c.is_ascii_digit())?;
        let (num, unit) = text.split_at(split);
        let unit = match unit.to_ascii_lowercase().as_str() {
            "s" => IntervalUnit::Second,
            "m" => IntervalUnit::Minute,
            "h" => IntervalUnit::Hour,
            "d" => IntervalUnit::Day,
            _ => return None,
        };
        Some(Self { num: num.parse().ok()?, unit })
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderMap;

    use super::*;

    #[test]
    fn usage_headers_are_read_and_junk_is_skipped() {
        use crate::facts::{StaleTimestamp, UsageHeader, VenueFacts};
        let facts = VenueFacts {
            name: "test",
            clock: crate::ClockSource::Unused,
            stale_timestamp: StaleTimestamp::ClockErrorOnly,
            error_body: None,
            envelope: None,
            statuses: &[],
            rate_limit_headers: &[
                UsageHeader { prefix: "x-mbx-used-weight", kind: RateLimitKind::RequestWeight },
                UsageHeader { prefix: "x-mbx-order-count", kind: RateLimitKind::Orders },
            ],
            default_window_ms: None,
            error_codes: &[],
        };
        let mut h = HeaderMap::new();
        h.insert("X-MBX-USED-WEIGHT-1M", "12".parse().unwrap());
        h.insert("x-mbx-order-count-10s", "3".parse().unwrap());
        h.insert("x-mbx-used-weight", "40".parse().unwrap());
        h.insert("x-mbx-used-weight-1x", "5".parse().unwrap());
        h.insert("x-mbx-order-count-1d", "lots".parse().unwrap());
        h.insert("x-mbx-used-weightless", "1".parse().unwrap());
        let mut got = facts.rate_limits(&h);
        got.sort_by_key(|u| u.count);
        assert_eq!(
            got,
            [
                RateLimitUsage {
                    kind: RateLimitKind::Orders,
                    interval: Some(RateInterval { num: 10, unit: IntervalUnit::Second }),
                    count: 3
                },
                RateLimitUsage {
                    kind: RateLimitKind::RequestWeight,
                    interval: Some(RateInterval { num: 1, unit: IntervalUnit::Minute }),
                    count: 12
                },
                RateLimitUsage { kind: RateLimitKind::RequestWeight, interval: None, count: 40 },
            ]
        );
        assert_eq!(RateInterval::parse("1M").map(RateInterval::duration), Some(Duration::from_secs(60)));
        assert_eq!(RateInterval::parse("m"), None);
        assert_eq!(RateInterval::parse("99999999999m"), None);
    }
}
