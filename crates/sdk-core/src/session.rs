use auth::{Clock, Credentials};

/// What a generated client carries for its hooks: who signs, and with which clock.
/// `Debug` is safe to log: credentials redact themselves.
#[derive(Clone, Debug, Default)]
pub struct Session {
    pub credentials: Option<Credentials>,
    pub clock: Clock,
    /// Sent as `recvWindow` where the venue takes one; `None` leaves the venue's default.
    pub recv_window_ms: Option<u64>,
}

impl Session {
    pub fn new(credentials: Option<Credentials>) -> Self {
        Self { credentials, clock: Clock::system(), recv_window_ms: None }
    }

    /// The credentials, or the error a signed operation gives without them.
    pub fn credentials_for(&self, operation: &str) -> Result<&Credentials, String> {
        self.credentials.as_ref().ok_or_else(|| {
            format!("`{operation}` is a signed operation but the client has no credentials; build it with credentials")
        })
    }
}
