use std::time::Duration;

use auth::{Clock, Credentials};

use crate::{Error, Session};

/// How a venue client is built: where it points, who signs, which clock, how long to wait.
#[derive(Clone, Debug)]
pub struct Config {
    pub base_url: String,
    pub credentials: Option<Credentials>,
    pub clock: Clock,
    pub recv_window_ms: Option<u64>,
    pub timeout: Duration,
}

impl Config {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            credentials: None,
            clock: Clock::system(),
            recv_window_ms: None,
            timeout: Duration::from_secs(10),
        }
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Share a clock (and its measured offset) between clients.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn recv_window_ms(mut self, ms: u64) -> Self {
        self.recv_window_ms = Some(ms);
        self
    }

    /// Whole-request timeout (connect, send, read); 10 s unless set.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The checked base URL (no trailing slash), the HTTP client and the hooks' session.
    pub fn build(self) -> Result<(String, reqwest::Client, Session), Error> {
        let url = reqwest::Url::parse(&self.base_url).map_err(|e| Error::InvalidRequest {
            message: format!("base URL {:?} is not a URL: {e}", self.base_url),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest { message: format!("base URL {:?} must be http or https", self.base_url) });
        }
        #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
        {
            // Several crates may race to install it; the first one wins and that is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let builder = reqwest::Client::builder();
        // With both TLS features on, say which one is used rather than leave it to reqwest.
        #[cfg(all(feature = "rustls", feature = "native-tls"))]
        let builder = builder.tls_backend_native();
        let http = builder
            .timeout(self.timeout)
            .connect_timeout(self.timeout)
            .build()
            .map_err(|e| Error::InvalidRequest { message: format!("the HTTP client could not be built: {e}") })?;
        let session = Session { credentials: self.credentials, clock: self.clock, recv_window_ms: self.recv_window_ms };
        Ok((self.base_url.trim_end_matches('/').to_string(), http, session))
    }
}
