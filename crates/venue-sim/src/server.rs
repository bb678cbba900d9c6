use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::serve::ListenerExt;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::{Faults, OrderBook, Venue, WsControl};

/// A request as the simulator received it, for tests that check what went over the wire.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// The query string exactly as sent.
    pub query: Option<String>,
    /// Header names lower-cased, with their values.
    pub headers: Vec<(String, String)>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the handlers share.
pub(crate) struct State {
    pub book: Mutex<OrderBook>,
    pub requests: Mutex<Vec<Recorded>>,
    /// Milliseconds the simulated venue clock runs ahead of the local one.
    pub clock_offset_ms: AtomicI64,
    pub ws: WsControl,
    pub faults: Faults,
    /// Binance request weight: the minute it counts, and the count.
    pub weight: Mutex<(i64, u64)>,
}

impl State {
    pub fn now_ms(&self) -> i64 {
        let local = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        local.saturating_add(self.clock_offset_ms.load(Ordering::Relaxed))
    }

    /// Adds `weight` to the current minute's and returns the minute's total.
    pub fn use_weight(&self, now_ms: i64, weight: u64) -> u64 {
        let minute = now_ms.div_euclid(60_000);
        let mut used = self.weight.lock().unwrap_or_else(PoisonError::into_inner);
        if used.0 != minute {
            *used = (minute, 0);
        }
        used.1 += weight;
        used.1
    }

    pub fn book(&self) -> MutexGuard<'_, OrderBook> {
        // A handler that panicked cannot leave the book half-written: every edit is one insert.
        self.book.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A running simulator. Dropping it without [`Sim::stop`] stops it too.
pub struct Sim {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sim {
    /// Starts on 127.0.0.1 with a free port and the book seeded from the specs' examples.
    pub async fn start() -> std::io::Result<Sim> {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), OrderBook::seeded()).await
    }

    /// For examples: starts as [`Sim::start`] when the environment has `SIM=1`, else `None` (the
    /// example then talks to the venue). Says so on stderr, so output is never mistaken for a
    /// venue's.
    pub async fn start_if_requested() -> std::io::Result<Option<Sim>> {
        if std::env::var("SIM").as_deref() != Ok("1") {
            return Ok(None);
        }
        let sim = Self::start().await?;
        eprintln!("SIM=1: asking the simulator on http://{} (spec examples, test keys)", sim.addr);
        Ok(Some(sim))
    }

    pub async fn start_on(addr: SocketAddr, book: OrderBook) -> std::io::Result<Sim> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(State {
            book: Mutex::new(book),
            requests: Mutex::new(Vec::new()),
            clock_offset_ms: AtomicI64::new(0),
            ws: WsControl::default(),
            faults: Faults::default(),
            weight: Mutex::new((0, 0)),
        });
        let app: Router = crate::venues::router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            // Replies go out at once, as from a venue's front end, not held back by Nagle.
            let listener = listener.tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                eprintln!("venue-sim: server stopped: {e}");
            }
        });
        Ok(Sim { addr, state, shutdown: Some(tx), task: Some(task) })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL a venue client should be pointed at.
    pub fn url(&self, venue: Venue) -> String {
        format!("http://{}{}", self.addr, venue.base_path())
    }

    /// The URL of the Binance USDⓈ-M WebSocket API.
    pub fn ws_url(&self) -> String {
        format!("ws://{}{}", self.addr, crate::venues::binance_ws::PATH)
    }

    /// Faults and observations of the WebSocket API.
    pub fn ws(&self) -> &WsControl {
        &self.state.ws
    }

    /// The REST fault script: which requests get which faults.
    pub fn faults(&self) -> &Faults {
        &self.state.faults
    }

    /// Edit the order book while the simulator runs.
    pub fn with_book<T>(&self, edit: impl FnOnce(&mut OrderBook) -> T) -> T {
        edit(&mut self.state.book())
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Runs the simulated venue clock `offset_ms` ahead of local time (negative: behind).
    pub fn set_clock_offset_ms(&self, offset_ms: i64) {
        self.state.clock_offset_ms.store(offset_ms, Ordering::Relaxed);
    }

    /// The simulated venue's time, in milliseconds since the Unix epoch.
    pub fn now_ms(&self) -> i64 {
        self.state.now_ms()
    }

    /// Stops accepting, finishes the requests in flight, and returns when the server is gone.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
