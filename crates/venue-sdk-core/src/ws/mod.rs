//! A WebSocket request/reply runtime (feature `ws`): one connection carries many requests in
//! flight, replies are matched by `id` in any order, each request has its own timeout, server
//! pings are answered, and a dropped connection fails every request sent on it at once, then
//! comes back with backoff (and logs on again, when the protocol has a logon). Nothing here is
//! venue-specific: the venue crate builds frames and reads replies; [`Protocol`] gives it the
//! logon to run on every new connection.

mod actor;
mod dial;
mod params;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

pub use params::{ParamValue, Params, request_frame};

use crate::Error;

/// A reply frame's text, shared with the connection's read buffer rather than copied.
#[derive(Clone, Debug)]
pub struct Frame(tokio_tungstenite::tungstenite::Utf8Bytes);

impl Frame {
    /// The frame's text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// What a venue's WebSocket API needs from the runtime beyond request/reply.
pub trait Protocol: Send + Sync + 'static {
    /// The frame to send first on every new connection (a session logon) with request id `id`,
    /// or `None` when requests carry their own auth.
    fn logon(&self, id: u64) -> Option<Result<String, Error>>;

    /// Reads the reply to the logon frame; an error keeps the connection from being used.
    fn check_logon(&self, reply: &str) -> Result<(), Error>;
}

/// Connection settings; the defaults suit Binance (24 h connection limit).
#[derive(Clone, Debug)]
pub struct Options {
    /// Time for the TCP, TLS and WebSocket handshakes and the logon together.
    pub connect_timeout: Duration,
    /// First wait before reconnecting; doubles after each failure up to `backoff_max`.
    pub backoff_initial: Duration,
    /// The longest wait between reconnection attempts.
    pub backoff_max: Duration,
    /// Open a fresh connection (and move new requests to it) once the current one is this old.
    pub max_connection_age: Duration,
    /// How long a replaced connection may finish the requests it carries before it is closed.
    pub drain_timeout: Duration,
    /// After this long without any frame from the venue, the client sends a ping.
    pub ping_interval: Duration,
    /// A connection that sends nothing (no pong, no reply) this long after a ping is dead: it is
    /// closed, the requests it carries fail with [`Error::Connection`], and the client reconnects.
    pub pong_timeout: Duration,
    /// The longest one write (a batch of requests, a pong, a close) may take. A venue that stops
    /// reading fills the socket's buffer; past this the connection is treated as dead.
    pub write_timeout: Duration,
    /// The most requests that may wait for a connection (while it is being opened or reopened);
    /// past it a request fails at once with [`Error::QueueFull`], unsent.
    pub max_queued: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            backoff_initial: Duration::from_millis(100),
            backoff_max: Duration::from_secs(30),
            // Binance closes connections at 24 h; renewing at 23 h leaves a wide margin.
            max_connection_age: Duration::from_secs(23 * 3600),
            drain_timeout: Duration::from_secs(30),
            ping_interval: Duration::from_secs(30),
            pong_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
            max_queued: 10_000,
        }
    }
}

enum Command {
    Send { id: u64, text: String, reply: oneshot::Sender<Result<Frame, Error>> },
    Cancel { id: u64 },
}

struct Shared {
    next_id: AtomicU64,
    connections_opened: AtomicU64,
}

impl Shared {
    fn next_id(&self) -> u64 {
        self.next_id.fetch_add(1, Ordering::Relaxed)
    }
}

/// A handle on one managed connection. Cheap to clone; the connection closes when the last
/// handle is dropped.
#[derive(Clone)]
pub struct Connection {
    commands: mpsc::UnboundedSender<Command>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection").field("connections_opened", &self.connections_opened()).finish_non_exhaustive()
    }
}

impl Connection {
    /// Starts connecting to `url` (`ws://` or `wss://`) in the background. Must be called inside
    /// a tokio runtime.
    /// No message longer than `max_message_bytes` is read: a longer one closes the connection
    /// (the requests it carries fail) and the client reconnects.
    pub fn open(
        url: &str,
        options: Options,
        max_message_bytes: usize,
        protocol: Arc<dyn Protocol>,
    ) -> Result<Self, Error> {
        crate::config::checked_url("WebSocket URL", url, &["ws", "wss"])?;
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| Error::InvalidRequest {
            message: "a WebSocket client must be created inside a tokio runtime".into(),
        })?;
        let shared = Arc::new(Shared { next_id: AtomicU64::new(1), connections_opened: AtomicU64::new(0) });
        let (commands, receiver) = mpsc::unbounded_channel();
        let actor = actor::Actor::new(url.to_string(), options, max_message_bytes, protocol, shared.clone(), receiver);
        runtime.spawn(actor.run());
        Ok(Self { commands, shared })
    }

    /// Sends the frame `build` makes for a fresh request id and waits up to `timeout` for the
    /// reply with that id. `build` runs once, now, so a signature in it is fresh.
    pub async fn request(
        &self,
        build: impl FnOnce(u64) -> Result<String, Error>,
        timeout: Duration,
    ) -> Result<Frame, Error> {
        let id = self.shared.next_id();
        let text = build(id)?;
        let (reply, answer) = oneshot::channel();
        self.commands.send(Command::Send { id, text, reply }).map_err(|_| closed())?;
        // Whether the wait ends by timeout or the caller drops this future, the connection
        // task forgets the request (a late reply is then dropped), so nothing waits forever.
        let mut cancel = CancelOnDrop { commands: &self.commands, id: Some(id) };
        // tokio's timer takes any Duration (Duration::MAX is "never"), so this cannot overflow.
        let result = match tokio::time::timeout(timeout, answer).await {
            Ok(Ok(result)) => result,
            Ok(Err(_)) => Err(closed()),
            Err(_) => return Err(Error::TimedOut { after: timeout }),
        };
        cancel.id = None;
        result
    }

    /// How many connections have been opened so far (reconnects and renewals included).
    pub fn connections_opened(&self) -> u64 {
        self.shared.connections_opened.load(Ordering::Relaxed)
    }
}

/// Tells the connection task to forget request `id` unless it was answered.
struct CancelOnDrop<'a> {
    commands: &'a mpsc::UnboundedSender<Command>,
    id: Option<u64>,
}

impl Drop for CancelOnDrop<'_> {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            let _ = self.commands.send(Command::Cancel { id });
        }
    }
}

/// `call`, or [`Error::TimedOut`] once `timeout` has passed (`Duration::MAX`: never). Dropping
/// a request cancels it, so nothing is left waiting in the connection task.
pub async fn within<T>(timeout: Duration, call: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    match tokio::time::timeout(timeout, call).await {
        Ok(result) => result,
        Err(_) => Err(Error::TimedOut { after: timeout }),
    }
}

fn closed() -> Error {
    Error::Connection { message: "the client's connection task has stopped".into() }
}

/// The `id` of a reply frame, when it is one of ours (a number, or a string holding one).
pub fn reply_id(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head<'a> {
        #[serde(borrow)]
        id: Option<&'a serde_json::value::RawValue>,
    }
    let head: Head<'_> = serde_json::from_str(text).ok()?;
    let raw = head.id?.get();
    raw.parse::<u64>().ok().or_else(|| raw.strip_prefix('"')?.strip_suffix('"')?.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_ids_are_read_from_numbers_and_numeric_strings_only() {
        assert_eq!(reply_id(r#"{"id":42,"status":200}"#), Some(42));
        assert_eq!(reply_id(r#"{"status":200,"id":"7"}"#), Some(7));
        assert_eq!(reply_id(r#"{"id":null,"status":400}"#), None);
        assert_eq!(reply_id(r#"{"id":"0ce5d070-a5e5"}"#), None);
        assert_eq!(reply_id("not json"), None);
        assert_eq!(reply_id(r#"[1,2]"#), None);
    }

    #[test]
    fn frames_keep_param_types_and_order() {
        let mut params = Params::new();
        params.text("symbol", "BTCUSDT");
        params.integer("orderId", 9007199254740993);
        params.boolean("flag", true);
        let frame = request_frame(3, "order.status", &params).unwrap();
        assert_eq!(
            frame,
            r#"{"id":3,"method":"order.status","params":{"symbol":"BTCUSDT","orderId":9007199254740993,"flag":true}}"#
        );
        assert_eq!(
            request_frame(4, "session.status", &Params::new()).unwrap(),
            r#"{"id":4,"method":"session.status"}"#
        );
    }
}
