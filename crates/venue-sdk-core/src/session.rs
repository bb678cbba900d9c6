use venue_auth::{Clock, Credentials};

/// What a generated client carries for its hooks: who signs, with which clock, and how much of
/// an answer it reads. `Debug` is safe to log: credentials redact themselves.
#[derive(Clone, Debug)]
pub struct Session {
    /// Who signs.
    pub credentials: Option<Credentials>,
    /// The clock requests are stamped with.
    pub clock: Clock,
    /// Sent as `recvWindow` where the venue takes one; `None` leaves the venue's default.
    pub recv_window_ms: Option<u64>,
    /// The most bytes of one answer's body the client reads; see `Config::max_response_bytes`.
    pub max_response_bytes: usize,
}

/// 1 MiB: the largest documented answer (CoinW futures, 20 orders) is a few KiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

impl Default for Session {
    fn default() -> Self {
        Self::new(None)
    }
}

impl Session {
    /// A session with these credentials, the system clock and the default limits.
    pub fn new(credentials: Option<Credentials>) -> Self {
        Self {
            credentials,
            clock: Clock::system(),
            recv_window_ms: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The credentials, or the error a signed operation gives without them.
    pub fn credentials_for(&self, operation: &str) -> Result<&Credentials, String> {
        self.credentials.as_ref().ok_or_else(|| {
            format!("`{operation}` is a signed operation but the client has no credentials; build it with credentials")
        })
    }
}
