//! The WebSocket API front (feature `ws`): a client per environment, the auth the venue wants on
//! each request, the session logon, and the reading of reply and error frames. The methods
//! themselves (`order_status`, `session_status`, …) are generated in `generated/ws.rs`.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::de::DeserializeOwned;
use venue_sdk_core::redact::{Redactor, capture_sent};
use venue_sdk_core::ws::{Connection, Options, Params, Protocol, request_frame};
use venue_sdk_core::{Clock, Config, Credentials, Error, InjectedKind, Session, WsOperation};

use crate::Result;
use crate::generated::ws::operations::{CLOCK, SESSION_LOGON};
use crate::generated::ws::types::{ErrorReply, SessionReply, WsErrorData};

pub use crate::generated::ws::{operations, types};
pub use venue_sdk_core::ws::Options as WsOptions;

/// The `x-signing` rule of a method that a logged-on session may send unsigned.
const SESSION_RULE: &str = "binance-ws-session";

/// A Binance USDⓈ-M WebSocket API client: one connection, many requests in flight.
///
/// With an Ed25519 key it logs the connection on (`session.logon`) after every connect, and
/// requests then carry no signature; with an HMAC (or RSA) key every request is signed.
/// Cheap to clone; clones share the connection, which closes when the last clone is dropped.
///
/// ```no_run
/// # async fn demo() -> Result<(), binance_usdm::Error> {
/// use binance_usdm::{Credentials, OrderRef, WsClient};
/// let client = WsClient::production(Credentials::hmac("api-key", "secret"))?;
/// let order = client.order_status("BTCUSDT", OrderRef::OrderId(1917641)).await?;
/// println!("{} {} {}", order.symbol, order.status, order.orig_qty);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct WsClient {
    connection: Connection,
    auth: Arc<WsAuth>,
    timeout: Duration,
    clock_sync: bool,
}

/// The REST client's session (who signs, which clock, which recvWindow), and whether the
/// connection logs on.
#[derive(Debug)]
struct WsAuth {
    session: Session,
    logged_on: bool,
    /// Counts clock measurements, so that calls rejected for the same stale offset (or all
    /// first calls on an unmeasured clock) measure once between them; the lock makes them
    /// take turns.
    measured: AtomicU64,
    measuring: tokio::sync::Mutex<()>,
}

impl WsClient {
    // The constructor per environment (`production`, `testnet`, …) and their URLs are
    // generated from the AsyncAPI spec's `servers` (generated/ws.rs).

    /// Any `ws://` or `wss://` URL (the simulator, a proxy); `config.timeout` is the default
    /// per-request timeout. Must be called inside a tokio runtime.
    pub fn with_config(config: Config) -> Result<Self> {
        Self::with_options(config, Options::default())
    }

    /// As [`WsClient::with_config`], with reconnect, renewal and connect-timeout settings.
    pub fn with_options(config: Config, options: Options) -> Result<Self> {
        // Fail safe: a user who set a proxy expects no direct connection to the venue.
        if matches!(config.http.proxy, venue_sdk_core::Proxy::Url(_)) {
            return Err(Error::InvalidRequest {
                message: "the WebSocket client does not go through a proxy; this config sets one".to_string(),
            });
        }
        let logged_on = matches!(config.credentials, Some(Credentials::Ed25519 { .. }));
        let session = config.session();
        let auth = Arc::new(WsAuth { session, logged_on, measured: AtomicU64::new(0), measuring: Default::default() });
        let connection =
            Connection::open(&config.base_url, options, config.max_response_bytes, Arc::new(Logon(auth.clone())))?;
        Ok(Self { connection, auth, timeout: config.timeout, clock_sync: config.clock_sync })
    }

    /// A handle on the same connection whose requests wait `timeout` for their reply.
    pub fn with_request_timeout(&self, timeout: Duration) -> Self {
        Self { timeout, ..self.clone() }
    }

    /// The clock requests are stamped with (shared with a REST client built on the same clock).
    pub fn clock(&self) -> &Clock {
        &self.auth.session.clock
    }

    /// Whether requests go unsigned on a logged-on session (Ed25519 keys).
    pub fn logs_on(&self) -> bool {
        self.auth.logged_on
    }

    /// How many connections the client has opened: reconnects and renewals show here.
    pub fn connections_opened(&self) -> u64 {
        self.connection.connections_opened()
    }

    /// Sends one generated operation and decodes its reply; called by the generated methods.
    /// One span per call, as REST calls have. Before the first signed request on a clock never
    /// measured, and once after a rejected timestamp of an `x-retry-safe` operation, the
    /// venue's time is read with the spec's `x-clock` operation. The whole call, measurements
    /// and the second attempt included, ends by the client's timeout.
    pub(crate) async fn call<T: DeserializeOwned>(&self, op: &'static WsOperation, params: Params) -> Result<T> {
        self.call_with(op, params, false).await.map(|(reply, _)| reply)
    }

    /// [`WsClient::call`], with the reply frame's text as well (cleaned of what the request signed).
    pub(crate) async fn call_keeping_frame<T: DeserializeOwned>(
        &self,
        op: &'static WsOperation,
        params: Params,
    ) -> Result<(T, String)> {
        self.call_with(op, params, true).await.map(|(reply, frame)| (reply, frame.unwrap_or_default()))
    }

    async fn call_with<T: DeserializeOwned>(
        &self,
        op: &'static WsOperation,
        params: Params,
        keep_frame: bool,
    ) -> Result<(T, Option<String>)> {
        let span = venue_sdk_core::call_span(crate::generated::operations::FACTS.name, op.method);
        let clock = &self.auth.session.clock;
        let call = async {
            if op.is_signed() && self.clock_sync && !clock.is_synced() {
                let seen = self.auth.measured.load(Ordering::Acquire);
                if let Err(error) = self.measure_clock(seen).await {
                    tracing::warn!(%error, "could not read the venue's time; stamping with the local clock");
                }
            }
            tracing::Span::current().record("attempt", 1u32);
            let seen = self.auth.measured.load(Ordering::Acquire);
            match self.send(op, params.clone(), keep_frame).await {
                Err(error @ Error::ClockSkew { .. }) if op.retry_safe && self.clock_sync && CLOCK.is_some() => {
                    tracing::debug!(%error, "the venue rejected the timestamp; measuring its clock again");
                    if let Err(measure_error) = self.measure_clock(seen).await {
                        tracing::debug!(%measure_error, "could not measure the venue's clock");
                        return Err(error);
                    }
                    tracing::Span::current().record("attempt", 2u32);
                    self.send(op, params, keep_frame).await
                }
                other => other,
            }
        };
        let answer = venue_sdk_core::ws::within(self.timeout, tracing::Instrument::instrument(call, span)).await;
        answer.map_err(|error| error.explain_not_found(op.not_found))
    }

    /// One request and its decoded reply, every text quoted from the venue cleaned of what the
    /// request signed.
    async fn send<T: DeserializeOwned>(
        &self,
        op: &'static WsOperation,
        params: Params,
        keep_frame: bool,
    ) -> Result<(T, Option<String>)> {
        let auth = &self.auth;
        let (frame, sent) = capture_sent(self.connection.request(|id| auth.frame(id, op, params), self.timeout)).await;
        let redactor = Redactor::new(auth.session.credentials.as_ref(), sent);
        let frame = frame.map_err(|e| e.cleaned(&redactor))?;
        tracing::Span::current().record("status", status_of(frame.as_str()));
        let reply = decode(frame.as_str(), &auth.session, &redactor).map_err(|e| e.cleaned(&redactor))?;
        let kept = keep_frame.then(|| redactor.whole_text(frame.as_str()));
        Ok((reply, kept))
    }

    /// Reads the venue's time with the spec's `x-clock` operation and sets the clock from it
    /// (unless it looks wrong; see [`Clock::sync`]), unless another call has measured since
    /// this one saw measurement number `seen`.
    async fn measure_clock(&self, seen: u64) -> Result<()> {
        let Some(source) = CLOCK else {
            return Err(Error::InvalidRequest { message: "the WebSocket spec names no clock source".into() });
        };
        let _turn = self.auth.measuring.lock().await;
        if self.auth.measured.load(Ordering::Acquire) != seen {
            return Ok(());
        }
        /// Any success reply; an error frame fails it and decodes as the venue's error.
        #[derive(serde::Deserialize)]
        struct Success {
            result: serde_json::Value,
        }
        let sent = Clock::local_ms();
        let (reply, _): (Success, _) = self.send(source.operation, Params::new(), false).await?;
        let received = Clock::local_ms();
        // The spec's pointer starts at the reply; codegen checks it goes through `result`.
        let in_result = source.server_time.strip_prefix("/result").unwrap_or(source.server_time);
        let server =
            reply.result.pointer(in_result).and_then(serde_json::Value::as_i64).ok_or_else(|| Error::Decode {
                status: 200,
                reason: format!("the `{}` reply has no integer at {}", source.operation.method, source.server_time),
                snippet: String::new(),
            })?;
        let adopted = self.auth.session.clock.sync(server, sent, received);
        self.auth.measured.fetch_add(1, Ordering::Release);
        match adopted {
            Ok(offset_ms) => tracing::debug!(offset_ms, "measured the venue's clock"),
            Err(rejected) => tracing::warn!(
                offset_ms = rejected.offset_ms,
                "the venue's time looks wrong (before 2015, or over a day from the local clock); keeping the local clock"
            ),
        }
        Ok(())
    }
}

impl WsAuth {
    /// The request frame with the id, timestamp and, unless the session is logged on, the API
    /// key and the signature over the sorted params.
    fn frame(&self, id: u64, op: &WsOperation, mut params: Params) -> Result<String> {
        if op.is_signed() {
            if self.logged_on && op.signing.contains(&SESSION_RULE) {
                self.stamp(op, &mut params)?;
            } else {
                let credentials =
                    self.session.credentials_for(op.method).map_err(|message| Error::InvalidRequest { message })?;
                let api_key = credentials.api_key().ok_or_else(|| Error::InvalidRequest {
                    message: "Binance signs with HMAC, Ed25519 or RSA keys, not bearer tokens".into(),
                })?;
                if let Some(injected) = op.injected(InjectedKind::ApiKey) {
                    params.text(injected.name, api_key);
                }
                self.stamp(op, &mut params)?;
                sign(credentials, op, &mut params)?;
            }
        }
        request_frame(id, op.method, &params)
            .map_err(|e| Error::InvalidRequest { message: format!("could not write the `{}` request: {e}", op.method) })
    }

    fn stamp(&self, op: &WsOperation, params: &mut Params) -> Result<()> {
        if let Some(injected) = op.injected(InjectedKind::Timestamp) {
            params.integer(injected.name, self.session.clock.now_ms());
        }
        if let (Some(injected), Some(window)) = (op.injected(InjectedKind::RecvWindow), self.session.recv_window_ms) {
            params
                .integer(injected.name, injected.checked(window).map_err(|message| Error::InvalidRequest { message })?);
        }
        Ok(())
    }
}

/// Adds the signature over every param so far, sorted by name (the rule `venue_auth::binance::sorted_payload`
/// implements; the spec's `signedParams` scheme describes it).
fn sign(credentials: &Credentials, op: &WsOperation, params: &mut Params) -> Result<()> {
    let Some(injected) = op.injected(InjectedKind::Signature) else { return Ok(()) };
    let pairs: Vec<(&str, String)> = params.iter().map(|(name, value)| (name, value.to_string())).collect();
    let payload = venue_auth::binance::sorted_payload(&pairs);
    let signature = venue_auth::binance::sign(credentials, &payload)
        .map_err(|e| Error::InvalidRequest { message: e.to_string() })?;
    venue_sdk_core::redact::remember_sent(&signature);
    params.text(injected.name, &signature);
    Ok(())
}

/// The runtime's view of the venue: log on after each connect when the key is Ed25519.
struct Logon(Arc<WsAuth>);

impl Protocol for Logon {
    fn logon(&self, id: u64) -> Option<Result<String>> {
        self.0.logged_on.then(|| self.0.frame(id, &SESSION_LOGON, Params::new()))
    }

    fn check_logon(&self, reply: &str) -> Result<()> {
        let redactor = Redactor::new(self.0.session.credentials.as_ref(), Vec::new());
        decode::<SessionReply>(reply, &self.0.session, &redactor).map(|_| ()).map_err(|e| e.cleaned(&redactor))
    }
}

/// A reply frame as `T`; an error frame as the crate's typed error; anything else as `Decode`
/// (its snippet taken from the text with `redactor`'s secrets replaced).
fn decode<T: DeserializeOwned>(text: &str, session: &Session, redactor: &Redactor) -> Result<T> {
    match serde_json::from_str::<T>(text) {
        Ok(reply) => Ok(reply),
        Err(reason) => match serde_json::from_str::<ErrorReply>(text) {
            Ok(frame) => {
                let status = u16::try_from(frame.status).unwrap_or(0);
                let wait = frame.error.data.as_ref().and_then(|data| retry_after(data, &session.clock));
                let code = venue_sdk_core::ErrorCode::Number(frame.error.code);
                // The frame's `retryAfter` is the wait a rate limit or a ban carries.
                Err(crate::generated::operations::FACTS.from_code(status, code, frame.error.msg, wait, session))
            }
            Err(_) => Err(Error::decode(status_of(text), redactor.text(text).as_bytes(), reason)),
        },
    }
}

/// How long until the venue's `retryAfter` (its own time, like `serverTime` beside it; without
/// that, the client's venue clock). Hostile values saturate; a time already past is no wait.
fn retry_after(data: &WsErrorData, clock: &Clock) -> Option<Duration> {
    let until = data.retry_after?.get();
    let now = data.server_time.map_or_else(|| clock.now_ms(), |t| t.get());
    Some(Duration::from_millis(u64::try_from(until.saturating_sub(now)).unwrap_or(0)))
}

/// The frame's `status`, for a `Decode` error; 0 when it has none.
fn status_of(text: &str) -> u16 {
    #[derive(serde::Deserialize)]
    struct Status {
        status: Option<u16>,
    }
    serde_json::from_str::<Status>(text).ok().and_then(|s| s.status).unwrap_or(0)
}
