use std::sync::Arc;
use std::time::Duration;

use venue_auth::{Clock, Credentials};

use crate::retry::{RetryPolicy, Sleep, TokioSleep};
use crate::session::DEFAULT_MAX_RESPONSE_BYTES;
use crate::{Error, Runtime, Session};

/// How a venue client is built: where it points, who signs, which clock, how long to wait,
/// and what to retry.
#[derive(Clone, Debug)]
pub struct Config {
    pub base_url: String,
    pub credentials: Option<Credentials>,
    pub clock: Clock,
    pub recv_window_ms: Option<u64>,
    pub timeout: Duration,
    pub retry: RetryPolicy,
    pub clock_sync: bool,
    pub sleep: Arc<dyn Sleep>,
    /// The most bytes of one answer the client reads: a REST body (error bodies too) or a
    /// WebSocket message. Past it the call ends in [`Error::ResponseTooLarge`].
    pub max_response_bytes: usize,
}

/// `url` parsed, with one of `schemes` and no user name or password (venues take keys, and a
/// password in a URL ends up in logs). Errors never quote the URL, which may carry one.
pub(crate) fn checked_url(what: &str, url: &str, schemes: &[&str]) -> Result<reqwest::Url, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::InvalidRequest { message: format!("the {what} is not a URL: {e}") })?;
    if !schemes.contains(&parsed.scheme()) {
        let wanted: Vec<String> = schemes.iter().map(|s| format!("{s}://")).collect();
        return Err(Error::InvalidRequest {
            message: format!("the {what} must start with {}, not {}://", wanted.join(" or "), parsed.scheme()),
        });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::InvalidRequest {
            message: format!("the {what} carries a user name or password; venues take keys, not URL credentials"),
        });
    }
    Ok(parsed)
}

/// What [`Config::build`] gives a venue front.
#[derive(Debug)]
pub struct Built {
    /// The checked base URL, without a trailing slash.
    pub base_url: String,
    pub http: reqwest::Client,
    pub session: Session,
    pub runtime: Runtime,
}

impl Config {
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            credentials: None,
            clock: Clock::system(),
            recv_window_ms: None,
            timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            clock_sync: true,
            sleep: Arc::new(TokioSleep),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
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

    /// The longest a call may take, retries and waits included (REST), or the wait for one
    /// reply (WebSocket); 10 s unless set. Calls can override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// What to retry and how long to wait between attempts; calls can override it.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Whether to measure the venue's clock before the first signed request and after a
    /// rejected timestamp (on by default). Off, requests carry the clock as given.
    pub fn clock_sync(mut self, on: bool) -> Self {
        self.clock_sync = on;
        self
    }

    /// How to wait between attempts: tokio's timer unless set (tests pass a fake).
    pub fn sleep(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Arc::new(sleep);
        self
    }

    /// The most bytes of one answer the client reads (1 MiB unless set): a REST body, an error
    /// body or a WebSocket message. The limit holds while reading, so memory stays bounded
    /// whatever the venue (or a proxy) sends.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// What a generated client's hooks sign with.
    pub fn session(&self) -> Session {
        Session {
            credentials: self.credentials.clone(),
            clock: self.clock.clone(),
            recv_window_ms: self.recv_window_ms,
            max_response_bytes: self.max_response_bytes,
        }
    }

    /// The checked base URL, the HTTP client, the hooks' session and the call runtime.
    pub fn build(self) -> Result<Built, Error> {
        checked_url("base URL", &self.base_url, &["http", "https"])?;
        #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
        {
            // Several crates may race to install it; the first one wins and that is fine.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let builder = reqwest::Client::builder();
        // With both TLS features on, say which one is used rather than leave it to reqwest.
        #[cfg(all(feature = "rustls", feature = "native-tls"))]
        let builder = builder.tls_backend_native();
        // No request timeout here: each call's deadline (which a call may lengthen) bounds it.
        // No redirects: venue APIs do not redirect, and following one would send the API key
        // and a replayable signature to whatever origin the answer names (https to http too).
        let http = builder
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(self.timeout)
            .build()
            .map_err(|e| Error::InvalidRequest { message: format!("the HTTP client could not be built: {e}") })?;
        let session = self.session();
        let runtime = Runtime {
            credentials: self.credentials,
            clock: self.clock,
            retry: self.retry,
            timeout: self.timeout,
            sleep: self.sleep,
            clock_sync: self.clock_sync,
            measured: Default::default(),
            measuring: Default::default(),
        };
        Ok(Built { base_url: self.base_url.trim_end_matches('/').to_string(), http, session, runtime })
    }
}
