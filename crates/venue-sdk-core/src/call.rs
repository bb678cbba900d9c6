//! One call to a venue: its attempts, the clock measurements between them, the waits, the
//! deadline, and the span that records them.

use std::future::Future;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use tokio::time::Instant;
use tracing::Instrument;
use tracing::field::Empty;

use crate::hook::keeping_body;
use crate::redact::{Redactor, capture_sent};
use crate::retry::{Attempt, Decision, RetryPolicy, Sleep, decide};
use crate::{Clock, Error, Failure, ImplausibleTime, Operation, RateLimitUsage, failure};

/// Where a venue's time comes from, for stamping signed requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockSource {
    /// A server-time endpoint, asked before the first signed request and after a rejected timestamp.
    ServerTime,
    /// The HTTP `Date` header of the venue's answers (one-second resolution), for venues
    /// without a time endpoint.
    DateHeader,
    /// The venue signs no timestamps.
    Unused,
}

/// What the runtime needs to know about a venue; each venue crate implements it on a private type.
pub trait VenueRules: Sync {
    /// The venue's name as the workspace spells it, for spans.
    const NAME: &'static str;
    /// Where the venue's time is read, from the spec's `x-clock`.
    const CLOCK: ClockSource;

    /// What a failed attempt means, in the venue's own terms.
    fn classify(&self, failure: Result<Failure, Error>) -> Error;

    /// Whether `error` may be a rejected timestamp, worth one clock measurement and one retry.
    fn clock_suspect(&self, error: &Error) -> bool {
        matches!(error, Error::ClockSkew { .. })
    }

    /// The venue's time in milliseconds; only asked of [`ClockSource::ServerTime`] venues.
    fn server_time(&self) -> impl Future<Output = Result<i64, Error>> + Send {
        async { Err(Error::InvalidRequest { message: format!("{} has no server-time endpoint", Self::NAME) }) }
    }

    /// The rate-limit usage an answer's headers report.
    fn rate_limits(&self, _headers: &HeaderMap) -> Vec<RateLimitUsage> {
        Vec::new()
    }
}

/// Settings for one call that override the client's.
#[derive(Clone, Debug, Default)]
pub struct CallOptions {
    /// The whole call, retries and waits included.
    pub timeout: Option<Duration>,
    /// This call's retry policy instead of the client's, when set.
    pub retry: Option<RetryPolicy>,
    /// Keep the answer's body as the venue sent it, for [`Response::body`].
    pub keep_body: bool,
}

impl CallOptions {
    /// This call's deadline, retries and waits included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// This call's retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Keep a copy of the answer's body, exactly as the venue sent it, for
    /// [`Response::body`]: what the typed value leaves out (a field the spec does not
    /// know, a `null` the venue sent) is there. It costs one copy of the body (at most the
    /// client's `max_response_bytes`), so it is off unless asked for.
    pub fn keep_body(mut self) -> Self {
        self.keep_body = true;
        self
    }
}

/// A successful answer with what came with it: status, headers, rate-limit usage, attempts.
/// Derefs to the decoded value.
#[derive(Clone, Debug)]
pub struct Response<T> {
    value: T,
    status: u16,
    headers: HeaderMap,
    rate_limits: Vec<RateLimitUsage>,
    attempts: u32,
    body: Option<bytes::Bytes>,
}

impl<T> Response<T> {
    /// The HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The usage the venue reported with this answer (empty where it reports none).
    pub fn rate_limits(&self) -> &[RateLimitUsage] {
        &self.rate_limits
    }

    /// How many requests the call sent, this one included.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The answer's body exactly as the venue sent it, when the call kept it
    /// ([`CallOptions::keep_body`]); `None` otherwise.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// The decoded value, without the status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The same response around another value (a field of the decoded body, say).
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            status: self.status,
            headers: self.headers,
            rate_limits: self.rate_limits,
            attempts: self.attempts,
            body: self.body,
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The client-wide settings every call starts from, and the clock it keeps in step.
#[derive(Clone, Debug)]
pub struct Runtime {
    /// Only to clean venue-quoted text of them (see [`crate::redact`]); the hooks sign.
    pub(crate) credentials: Option<crate::Credentials>,
    pub(crate) clock: Clock,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) sleep: Arc<dyn Sleep>,
    pub(crate) clock_sync: bool,
    /// Counts server-time measurements, so that calls rejected for the same stale offset
    /// measure it once between them. Read without the lock on every attempt; the lock only
    /// makes measurements take turns.
    pub(crate) measured: Arc<AtomicU64>,
    pub(crate) measuring: Arc<tokio::sync::Mutex<()>>,
}

impl Runtime {
    /// The clock requests are stamped with (shared with the session's hooks).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Sends `op` through `send` until it succeeds, fails for good, or the deadline passes.
    /// `send` builds a fresh request each time, so every attempt is stamped and signed anew.
    pub async fn run<V, T, E, F, Fut>(
        &self,
        venue: &V,
        op: &'static Operation,
        options: &CallOptions,
        send: F,
    ) -> Result<Response<T>, Error>
    where
        V: VenueRules,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        self.run_checked(venue, op, options, send, Ok).await
    }

    /// As [`Runtime::run`], for venues that answer errors with a success status: `check`
    /// reads the decoded body, and an error from it is retried (or not) like any other.
    pub async fn run_checked<V, T, U, E, F, Fut, C>(
        &self,
        venue: &V,
        op: &'static Operation,
        options: &CallOptions,
        mut send: F,
        check: C,
    ) -> Result<Response<U>, Error>
    where
        V: VenueRules,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
        C: Fn(T) -> Result<U, Error>,
    {
        let policy = options.retry.as_ref().unwrap_or(&self.retry);
        let timeout = options.timeout.unwrap_or(self.timeout);
        let deadline = deadline_after(timeout);
        let span = call_span(V::NAME, op.id);
        let call = async {
            if op.is_signed() && V::CLOCK == ClockSource::ServerTime && self.clock_sync && !self.clock.is_synced() {
                let seen = self.measured.load(Ordering::Acquire);
                if let Err(error) = Box::pin(self.measure(venue, seen, deadline)).await {
                    tracing::warn!(%error, "could not read the venue's time; stamping with the local clock");
                }
            }
            let mut attempt = 0u32;
            let mut retries = 0u32;
            let mut resynced = false;
            loop {
                attempt += 1;
                tracing::Span::current().record("attempt", attempt);
                let seen = self.measured.load(Ordering::Acquire);
                let sent_ms = Clock::local_ms();
                // The attempt (the request and the reading of its answer), the failure read and
                // the clock measurements are boxed: inline, they made every call's future about
                // 32 KiB, copied whole each time it moved (instruction counts in BENCHMARKS.md).
                // The attempt is boxed before the wrappers take it (what it sent, the kept body,
                // the deadline): each holds what it wraps more than once, since a future moved
                // into another keeps its old slot, which made the call's future 11 KiB when only
                // the request was boxed (boxing the whole call hid that size from the caller but
                // still built the state and copied it into its box). Now it is 2.9 KiB.
                let this_attempt = capture_sent(Box::pin(async {
                    match send().await {
                        Ok(value) => Ok(value),
                        Err(e) => Err(Box::pin(failure(e)).await),
                    }
                }));
                let answer = tokio::time::timeout_at(deadline, async {
                    if options.keep_body {
                        let (answer, body) = keeping_body(this_attempt).await;
                        (answer, Some(body))
                    } else {
                        (this_attempt.await, None)
                    }
                })
                .await;
                let received_ms = Clock::local_ms();
                let ((answer, sent), body) = match answer {
                    Ok(answer) => answer,
                    Err(_) => {
                        tracing::debug!(timeout_ms = millis(timeout), "call timed out");
                        return Err(Error::TimedOut { after: timeout });
                    }
                };
                // Whatever the venue quotes back is cleaned of what this attempt sent.
                let redactor = Redactor::new(self.credentials.as_ref(), sent);
                let answer = answer.map_err(|failure| failure.map(|f| f.redacted(&redactor)));
                let headers = match &answer {
                    Ok(value) => Some(value.headers()),
                    Err(Ok(failure)) => failure.headers(),
                    Err(Err(_)) => None,
                };
                let date_ms = headers.and_then(date_ms);
                if V::CLOCK == ClockSource::DateHeader
                    && self.clock_sync
                    && !self.clock.is_synced()
                    && let Some(server_ms) = date_ms
                {
                    self.sync_from_date(server_ms, sent_ms, received_ms);
                }
                let error = match answer {
                    Ok(value) => {
                        tracing::Span::current().record("status", value.status().as_u16());
                        let status = value.status().as_u16();
                        let headers = value.headers().clone();
                        match check(value.into_inner()) {
                            Ok(value) => {
                                let rate_limits = venue.rate_limits(&headers);
                                // Kept bodies are cleaned like quoted errors: a secret echoed back stays hidden.
                                let body = body.map(|body| redactor.bytes(body));
                                return Ok(Response { value, status, headers, rate_limits, attempts: attempt, body });
                            }
                            Err(error) => error.cleaned(&redactor),
                        }
                    }
                    Err(failure) => {
                        if let Ok(f) = &failure {
                            tracing::Span::current().record("status", f.status());
                        }
                        venue.classify(failure).cleaned(&redactor)
                    }
                };
                let clock_suspect = venue.clock_suspect(&error) && self.clock_sync && V::CLOCK != ClockSource::Unused;
                let facts = Attempt {
                    retry_safe: op.retry_safe,
                    clock_suspect,
                    resynced,
                    retries,
                    remaining: deadline.saturating_duration_since(Instant::now()),
                    backoff: policy.backoff(retries + 1),
                };
                match decide(policy, &error, &facts) {
                    Decision::Stop => return Err(error.explain_not_found(op.not_found)),
                    Decision::Resync => {
                        resynced = true;
                        tracing::debug!(%error, "the venue may have rejected the timestamp; measuring its clock again");
                        let measured = match V::CLOCK {
                            ClockSource::ServerTime => Box::pin(self.measure(venue, seen, deadline)).await,
                            _ => match date_ms {
                                Some(server_ms) => {
                                    self.sync_from_date(server_ms, sent_ms, received_ms);
                                    Ok(())
                                }
                                None => Err(Error::InvalidRequest { message: "the answer had no Date header".into() }),
                            },
                        };
                        if let Err(measure_error) = measured {
                            tracing::debug!(%measure_error, "could not measure the venue's clock");
                            return Err(error);
                        }
                    }
                    Decision::Retry(wait) => {
                        retries += 1;
                        tracing::debug!(%error, wait_ms = millis(wait), "retrying");
                        self.sleep.sleep(wait).await;
                    }
                }
            }
        };
        call.instrument(span).await
    }

    /// Reads the venue's time and sets the clock from it, unless another call has done so
    /// since this one saw measurement number `seen`.
    async fn measure<V: VenueRules>(&self, venue: &V, seen: u64, deadline: Instant) -> Result<(), Error> {
        let _turn = self.measuring.lock().await;
        if self.measured.load(Ordering::Acquire) != seen {
            return Ok(());
        }
        let sent = Clock::local_ms();
        // Only logged or dropped by the caller, which reports the call's own outcome instead.
        let server = tokio::time::timeout_at(deadline, venue.server_time())
            .await
            .map_err(|_| Error::InvalidRequest {
                message: "the call's deadline passed while reading the venue's time".into(),
            })?
            .map_err(|e| e.cleaned(&Redactor::new(self.credentials.as_ref(), Vec::new())))?;
        let received = Clock::local_ms();
        let adopted = self.clock.sync(server, sent, received);
        self.measured.fetch_add(1, Ordering::Release);
        match adopted {
            Ok(offset_ms) => tracing::debug!(offset_ms, "measured the venue's clock"),
            Err(ImplausibleTime { offset_ms }) => {
                tracing::warn!(
                    offset_ms,
                    "the venue's time looks wrong (before 2015, or over a day from the local clock); keeping the local clock"
                )
            }
        }
        Ok(())
    }

    /// A `Date` header is whole seconds: an offset within its resolution reads as none.
    fn sync_from_date(&self, server_ms: i64, sent_ms: i64, received_ms: i64) {
        match self.clock.sync(server_ms, sent_ms, received_ms) {
            Ok(offset_ms) => {
                if offset_ms.abs() < 1000 {
                    self.clock.set_offset_ms(0);
                }
                tracing::debug!(offset_ms = self.clock.offset_ms(), "measured the venue's clock from its Date header");
            }
            Err(ImplausibleTime { offset_ms }) => tracing::warn!(
                offset_ms,
                "the venue's Date header looks wrong (before 2015, or over a day from the local clock); keeping the local clock"
            ),
        }
    }
}

/// The span of one venue call, REST or WebSocket: `venue`, `operation`, and `attempt` and
/// `status`, which the call records as it goes. Nothing else goes in it (no URL, no value).
pub fn call_span(venue: &'static str, operation: &'static str) -> tracing::Span {
    tracing::info_span!("venue_call", venue, operation, attempt = Empty, status = Empty)
}

/// `timeout` from now; a timeout too long for the timer (`Duration::MAX`) is a deadline far
/// in the future rather than an overflow.
pub(crate) fn deadline_after(timeout: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(timeout).or_else(|| now.checked_add(FAR_FUTURE)).unwrap_or(now)
}

/// About thirty years, the horizon tokio itself uses for "never".
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// Milliseconds for a log field, saturating.
pub(crate) fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// The middle of the second a `Date` header names, in milliseconds since the epoch.
fn date_ms(headers: &HeaderMap) -> Option<i64> {
    let text = headers.get(reqwest::header::DATE)?.to_str().ok()?;
    let at = httpdate::parse_http_date(text).ok()?;
    let secs = at.duration_since(UNIX_EPOCH).ok()?.as_secs();
    i64::try_from(secs).ok()?.checked_mul(1000)?.checked_add(500)
}

/// The `Date` header value for a time, for servers and tests.
pub fn http_date(at: SystemTime) -> String {
    httpdate::fmt_http_date(at)
}
