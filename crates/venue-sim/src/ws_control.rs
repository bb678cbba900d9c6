//! What a test can tell the simulated WebSocket API to do, and what it can read back.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{broadcast, watch};

/// Faults and observations of `/ws-fapi/v1`, shared by every connection. Get it from
/// [`crate::Sim::ws`].
pub struct WsControl {
    reply_delay_ms: AtomicU64,
    silent: watch::Sender<bool>,
    scripted: Mutex<std::collections::VecDeque<serde_json::Value>>,
    reorder_next: AtomicUsize,
    drop_next: AtomicUsize,
    silent_orders: Mutex<HashSet<i64>>,
    ping_interval_ms: AtomicU64,
    ping_payload: Mutex<Vec<u8>>,
    pongs: Mutex<Vec<Vec<u8>>>,
    connections: AtomicU64,
    logons: AtomicU64,
    requests: AtomicU64,
    close: watch::Sender<u64>,
    raw: broadcast::Sender<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Default for WsControl {
    fn default() -> Self {
        Self {
            reply_delay_ms: AtomicU64::new(0),
            silent: watch::channel(false).0,
            scripted: Mutex::new(std::collections::VecDeque::new()),
            reorder_next: AtomicUsize::new(0),
            drop_next: AtomicUsize::new(0),
            silent_orders: Mutex::new(HashSet::new()),
            // The venue pings every 3 minutes.
            ping_interval_ms: AtomicU64::new(180_000),
            ping_payload: Mutex::new(b"sim-ping".to_vec()),
            pongs: Mutex::new(Vec::new()),
            connections: AtomicU64::new(0),
            logons: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            close: watch::channel(0).0,
            raw: broadcast::channel(64).0,
        }
    }
}

impl WsControl {
    /// Every reply waits this long (each on its own, so they may overtake one another).
    pub fn delay_replies(&self, delay: Duration) {
        self.reply_delay_ms.store(delay.as_millis() as u64, Ordering::Relaxed);
    }

    /// Holds the next `n` replies of a connection and sends them in reverse order.
    pub fn reorder_next(&self, n: usize) {
        self.reorder_next.store(n, Ordering::Relaxed);
    }

    /// Every connection, open and future, stops reading and sending (no replies, no pongs, no
    /// pings) while staying open: a half-open connection, or a venue that stopped reading.
    /// `false` resumes for connections opened afterwards.
    pub fn go_silent(&self, silent: bool) {
        self.silent.send_replace(silent);
    }

    pub(crate) fn is_gone_silent(&self) -> bool {
        *self.silent.borrow()
    }

    /// Changes with [`WsControl::go_silent`], so a connection stops reading at once.
    pub(crate) fn silence_signal(&self) -> watch::Receiver<bool> {
        self.silent.subscribe()
    }

    /// The next request (of any connection) is answered with `reply`, its `id` set to the
    /// request's: a rate-limit frame, a session reply with a hostile `serverTime`, anything.
    pub fn answer_next(&self, reply: serde_json::Value) {
        lock(&self.scripted).push_back(reply);
    }

    pub(crate) fn take_scripted(&self) -> Option<serde_json::Value> {
        lock(&self.scripted).pop_front()
    }

    /// Answers none of the next `n` requests.
    pub fn drop_next(&self, n: usize) {
        self.drop_next.store(n, Ordering::Relaxed);
    }

    /// Never answers `order.status` for this `orderId`.
    pub fn never_answer_order(&self, order_id: i64) {
        lock(&self.silent_orders).insert(order_id);
    }

    /// Pings every connection every `interval` with `payload` (connections opened afterwards).
    pub fn ping_every(&self, interval: Duration, payload: &[u8]) {
        *lock(&self.ping_payload) = payload.to_vec();
        self.ping_interval_ms.store(interval.as_millis().max(1) as u64, Ordering::Relaxed);
    }

    /// Pong payloads received, oldest first.
    pub fn pongs(&self) -> Vec<Vec<u8>> {
        lock(&self.pongs).clone()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> u64 {
        self.connections.load(Ordering::Relaxed)
    }

    /// Successful `session.logon`s so far.
    pub fn logons(&self) -> u64 {
        self.logons.load(Ordering::Relaxed)
    }

    /// Request frames received so far.
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Closes every open connection now, replies in flight and all.
    pub fn close_connections(&self) {
        self.close.send_modify(|n| *n += 1);
    }

    /// Sends `text` as a frame on every open connection, as if the venue had.
    pub fn send_raw(&self, text: &str) {
        let _ = self.raw.send(text.to_string());
    }

    pub(crate) fn reply_delay(&self) -> Option<Duration> {
        match self.reply_delay_ms.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(Duration::from_millis(ms)),
        }
    }

    /// Takes one from a countdown; true when it was above zero.
    fn take(counter: &AtomicUsize) -> bool {
        counter.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok()
    }

    pub(crate) fn take_drop(&self) -> bool {
        Self::take(&self.drop_next)
    }

    pub(crate) fn take_reorder(&self) -> bool {
        Self::take(&self.reorder_next)
    }

    pub(crate) fn reorder_pending(&self) -> bool {
        self.reorder_next.load(Ordering::Relaxed) > 0
    }

    pub(crate) fn is_silent(&self, order_id: i64) -> bool {
        lock(&self.silent_orders).contains(&order_id)
    }

    pub(crate) fn ping(&self) -> (Duration, Vec<u8>) {
        (Duration::from_millis(self.ping_interval_ms.load(Ordering::Relaxed)), lock(&self.ping_payload).clone())
    }

    pub(crate) fn record_pong(&self, payload: &[u8]) {
        lock(&self.pongs).push(payload.to_vec());
    }

    pub(crate) fn connected(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn logged_on(&self) {
        self.logons.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn close_signal(&self) -> watch::Receiver<u64> {
        self.close.subscribe()
    }

    pub(crate) fn raw_frames(&self) -> broadcast::Receiver<String> {
        self.raw.subscribe()
    }
}
