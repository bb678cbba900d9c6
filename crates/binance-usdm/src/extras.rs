//! Compound calls over the generated front: only what no single operation of the spec does.

use venue_sdk_core::{Clock, Error};

use crate::Client;

impl Client {
    /// Measures the offset between local time and the venue's now, and stamps later requests
    /// with it. Returns the offset in milliseconds. (Calls do this by themselves when needed.)
    /// A venue time before 2015 or more than a day from the local clock is not adopted: that
    /// is a `Decode` error, and the clock keeps its offset.
    pub async fn sync_clock(&self) -> crate::Result<i64> {
        let sent = Clock::local_ms();
        let server = self.server_time().await?;
        let received = Clock::local_ms();
        self.clock().sync(server.get(), sent, received).map_err(|rejected| Error::Decode {
            status: 200,
            reason: format!(
                "the venue's time is {} ms from the local clock (more than a day, or before 2015); not adopted",
                rejected.offset_ms
            ),
            snippet: format!("serverTime {}", server.get()),
        })
    }
}
