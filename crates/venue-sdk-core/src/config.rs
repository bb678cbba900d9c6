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
    /// Where requests go: an `http://` or `https://` URL (`ws://`/`wss://` for the WebSocket client).
    pub base_url: String,
    /// Who signs; `None` for public operations only.
    pub credentials: Option<Credentials>,
    /// The clock requests are stamped with; share one between clients to measure once.
    pub clock: Clock,
    /// The `recvWindow` sent where the venue takes one; the venue's default when `None`.
    pub recv_window_ms: Option<u64>,
    /// The longest a call may take (see [`Config::timeout`]).
    pub timeout: Duration,
    /// What to retry and how long to wait (see [`Config::retry`]).
    pub retry: RetryPolicy,
    /// Whether the venue's clock is measured (see [`Config::clock_sync`]).
    pub clock_sync: bool,
    /// How to wait between attempts (see [`Config::sleep`]).
    pub sleep: Arc<dyn Sleep>,
    /// The most bytes of one answer the client reads: a REST body (error bodies too) or a
    /// WebSocket message. Past it the call ends in [`Error::ResponseTooLarge`].
    pub max_response_bytes: usize,
    /// The HTTP client's network settings: proxy, user agent, extra headers, TLS roots.
    pub http: HttpOptions,
}

/// How REST requests reach the venue. `Debug` shows a proxy's scheme, host and port only (its URL
/// may carry a password) and header names only (a value may be a token).
#[derive(Clone, Default)]
pub struct HttpOptions {
    /// Where requests go through; by default reqwest's reading of the `HTTPS_PROXY`,
    /// `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` environment variables.
    pub proxy: Proxy,
    /// The `User-Agent` header; none unless set.
    pub user_agent: Option<String>,
    /// Headers sent with every request. A header the call sets itself (the API key, a signature)
    /// keeps the call's value.
    pub headers: Vec<(String, String)>,
    /// PEM root certificates trusted beside (or, with `only_given_roots`, instead of) the
    /// TLS stack's own: a corporate TLS-inspecting proxy, a test venue with its own CA.
    pub root_certificates: Vec<Vec<u8>>,
    /// Trust only `root_certificates`, not the TLS stack's own roots.
    pub only_given_roots: bool,
}

/// Which proxy REST requests use.
#[derive(Clone, Default, PartialEq, Eq)]
pub enum Proxy {
    /// The environment's (`HTTPS_PROXY` and friends), as reqwest reads it.
    #[default]
    FromEnvironment,
    /// None, whatever the environment says.
    Direct,
    /// This `http://` or `https://` proxy URL for every request; a user name and password in
    /// it are sent to the proxy (Basic auth) and never shown.
    Url(String),
}

impl std::fmt::Debug for Proxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FromEnvironment => f.write_str("FromEnvironment"),
            Self::Direct => f.write_str("Direct"),
            Self::Url(url) => f.debug_tuple("Url").field(&proxy_origin(url)).finish(),
        }
    }
}

impl std::fmt::Debug for HttpOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpOptions")
            .field("proxy", &self.proxy)
            .field("user_agent", &self.user_agent)
            .field("headers", &self.headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>())
            .field("root_certificates", &self.root_certificates.len())
            .field("only_given_roots", &self.only_given_roots)
            .finish()
    }
}

/// A proxy URL as it may be shown: scheme, host and port, never a user name or password.
fn proxy_origin(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(host), Some(port)) => format!("{}://{host}:{port}", u.scheme()),
            (Some(host), None) => format!("{}://{host}", u.scheme()),
            _ => format!("{}://", u.scheme()),
        },
        Err(_) => "(not a URL)".to_string(),
    }
}

impl HttpOptions {
    /// A reqwest builder with these settings. Errors name the setting, never a value.
    fn apply(&self, mut builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
        let invalid = |message: String| Error::InvalidRequest { message };
        builder = match &self.proxy {
            Proxy::FromEnvironment => builder,
            Proxy::Direct => builder.no_proxy(),
            Proxy::Url(url) => {
                let parsed = reqwest::Url::parse(url).map_err(|e| invalid(format!("the proxy is not a URL: {e}")))?;
                if parsed.scheme() != "http" && parsed.scheme() != "https" {
                    let scheme = parsed.scheme();
                    return Err(invalid(format!("the proxy must start with http:// or https://, not {scheme}://")));
                }
                let proxy = reqwest::Proxy::all(parsed)
                    .map_err(|e| invalid(format!("the proxy could not be used: {}", e.without_url())))?;
                builder.proxy(proxy)
            }
        };
        if let Some(agent) = &self.user_agent {
            let value = http::HeaderValue::from_str(agent)
                .map_err(|_| invalid("the user agent is not a valid header value".to_string()))?;
            builder = builder.user_agent(value);
        }
        let mut headers = http::HeaderMap::new();
        for (name, value) in &self.headers {
            let header = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("{name:?} is not a valid header name")))?;
            let mut value = http::HeaderValue::from_str(value)
                .map_err(|_| invalid(format!("the value of header {name:?} is not a valid header value")))?;
            // Kept out of reqwest's and hyper's `Debug` output too.
            value.set_sensitive(true);
            headers.append(header, value);
        }
        builder = builder.default_headers(headers);
        if !self.root_certificates.is_empty() || self.only_given_roots {
            builder = tls_roots(builder, self)?;
        }
        Ok(builder)
    }
}

#[cfg(any(feature = "native-tls", feature = "rustls"))]
fn tls_roots(builder: reqwest::ClientBuilder, options: &HttpOptions) -> Result<reqwest::ClientBuilder, Error> {
    let mut certs = Vec::new();
    for (i, pem) in options.root_certificates.iter().enumerate() {
        let found = reqwest::Certificate::from_pem_bundle(pem)
            .map_err(|e| Error::InvalidRequest { message: format!("root certificate {} is not PEM: {}", i + 1, e) })?;
        if found.is_empty() {
            return Err(Error::InvalidRequest { message: format!("root certificate {} holds no certificate", i + 1) });
        }
        certs.extend(found);
    }
    Ok(if options.only_given_roots { builder.tls_certs_only(certs) } else { builder.tls_certs_merge(certs) })
}

#[cfg(not(any(feature = "native-tls", feature = "rustls")))]
fn tls_roots(_: reqwest::ClientBuilder, _: &HttpOptions) -> Result<reqwest::ClientBuilder, Error> {
    Err(Error::InvalidRequest {
        message: "root certificates need a TLS feature (native-tls or rustls); this build has none".to_string(),
    })
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
    /// The HTTP client, with the config's network settings and no redirects.
    pub http: reqwest::Client,
    /// What the generated hooks sign with.
    pub session: Session,
    /// How each call runs: attempts, retries, clock, deadline.
    pub runtime: Runtime,
}

impl Config {
    /// A config for `base_url` with no credentials, the system clock, a 10 s timeout, the default retry policy and clock measurement on.
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
            http: HttpOptions::default(),
        }
    }

    /// Send REST requests through this `http://` or `https://` proxy, whatever the environment
    /// says. Credentials in the URL go to the proxy only and are never shown. (The WebSocket
    /// client does not use proxies and refuses a config that sets one.)
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.http.proxy = Proxy::Url(url.into());
        self
    }

    /// Use no proxy, even when `HTTPS_PROXY` or `ALL_PROXY` is set.
    pub fn no_proxy(mut self) -> Self {
        self.http.proxy = Proxy::Direct;
        self
    }

    /// The `User-Agent` header of every REST request (none unless set).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.http.user_agent = Some(agent.into());
        self
    }

    /// A header sent with every REST request (a header the call sets itself keeps the call's
    /// value). Checked when the client is built; `Debug` never shows the value.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.http.headers.push((name.into(), value.into()));
        self
    }

    /// Trust the root certificates in this PEM text (one or more) beside the TLS stack's own.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.root_certificates.push(pem.into());
        self
    }

    /// Trust only the roots given with [`Config::root_certificate_pem`], not the TLS stack's own.
    pub fn only_given_roots(mut self) -> Self {
        self.http.only_given_roots = true;
        self
    }

    /// Sign with these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Share a clock (and its measured offset) between clients.
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Send this `recvWindow` (milliseconds) where the venue takes one.
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
        let builder = self.http.apply(builder)?;
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
