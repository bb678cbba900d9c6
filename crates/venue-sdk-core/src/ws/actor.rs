//! The task that owns the connection: it writes requests, routes replies to their callers by
//! `id`, reconnects with backoff, and renews the connection before it gets too old.

use std::collections::{HashMap, VecDeque};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio::time::{Instant, Sleep};
use tokio_tungstenite::tungstenite::{self, Message};

use super::dial::{Ws, dial};
use super::{Command, Frame, Options, Protocol, Shared, reply_id};
use crate::Error;

/// Requests written in one go before the actor flushes and looks at replies again.
const WRITE_BATCH: usize = 256;

struct Pending {
    reply: oneshot::Sender<Result<Frame, Error>>,
    /// The connection the request went out on; `None` while it waits for one.
    generation: Option<u64>,
}

struct Live {
    ws: Ws,
    generation: u64,
    /// When the venue last sent anything on it, and when the client pinged it since then.
    heard: Instant,
    pinged: Option<Instant>,
}

impl Live {
    fn new(ws: Ws, generation: u64) -> Self {
        Self { ws, generation, heard: Instant::now(), pinged: None }
    }
}

struct Dialing {
    task: JoinHandle<Result<Ws, Error>>,
    /// A renewal keeps the current connection serving until the new one is ready.
    renewal: bool,
}

pub(super) struct Actor {
    url: String,
    options: Options,
    max_message_bytes: usize,
    protocol: Arc<dyn Protocol>,
    shared: Arc<Shared>,
    commands: mpsc::UnboundedReceiver<Command>,
    pending: HashMap<u64, Pending>,
    /// Requests waiting for a connection, in order. A cancelled one stays here until it is
    /// reached (or the queue is compacted), so that cancelling is O(1).
    queue: VecDeque<(u64, String)>,
    /// How many entries of `queue` are still pending (not cancelled).
    waiting: usize,
    current: Option<Live>,
    draining: Option<(Live, Instant)>,
    dialing: Option<Dialing>,
    retry_at: Option<Instant>,
    /// Reconnect attempts that failed in a row, for the backoff.
    failures: u32,
    renew: Pin<Box<Sleep>>,
    /// When the current connection's liveness is next looked at. Re-armed only when it fires
    /// (at most once per `ping_interval` on a busy connection), so a frame costs one clock read.
    liveness: Pin<Box<Sleep>>,
    generations: u64,
}

enum Event {
    Command(Option<Command>),
    Current(Option<Result<Message, tungstenite::Error>>),
    Draining(Option<Result<Message, tungstenite::Error>>),
    /// Boxed: a connection is far larger than the other events, and arrives rarely.
    Dialed(Box<Result<Ws, Error>>, bool),
    Retry,
    Renew,
    DrainDeadline,
    Liveness,
}

impl Actor {
    pub(super) fn new(
        url: String,
        options: Options,
        max_message_bytes: usize,
        protocol: Arc<dyn Protocol>,
        shared: Arc<Shared>,
        commands: mpsc::UnboundedReceiver<Command>,
    ) -> Self {
        let renew = Box::pin(tokio::time::sleep(options.max_connection_age));
        let liveness = Box::pin(tokio::time::sleep_until(crate::call::deadline_after(options.ping_interval)));
        Self {
            url,
            options,
            max_message_bytes,
            protocol,
            shared,
            commands,
            pending: HashMap::new(),
            queue: VecDeque::new(),
            waiting: 0,
            current: None,
            draining: None,
            dialing: None,
            retry_at: None,
            failures: 0,
            renew,
            liveness,
            generations: 0,
        }
    }

    pub(super) async fn run(mut self) {
        self.start_dial(false);
        loop {
            let drain_deadline = self.draining.as_ref().map(|(_, deadline)| *deadline);
            let event = tokio::select! {
                // Replies first: they free callers, whose next requests then go out in one batch.
                biased;
                message = next(&mut self.current) => Event::Current(message),
                command = self.commands.recv() => Event::Command(command),
                message = next_draining(&mut self.draining) => Event::Draining(message),
                (result, renewal) = dialed(&mut self.dialing) => Event::Dialed(Box::new(result), renewal),
                _ = sleep_until(self.retry_at) => Event::Retry,
                _ = &mut self.renew, if self.current.is_some() && self.dialing.is_none() => Event::Renew,
                _ = sleep_until(drain_deadline) => Event::DrainDeadline,
                _ = &mut self.liveness, if self.current.is_some() => Event::Liveness,
            };
            match event {
                Event::Command(None) => break,
                Event::Command(Some(command)) => self.command(command).await,
                Event::Current(message) => self.on_message(message, false).await,
                Event::Draining(message) => self.on_message(message, true).await,
                Event::Dialed(result, renewal) => self.on_dialed(*result, renewal).await,
                Event::Retry => {
                    self.retry_at = None;
                    self.start_dial(false);
                }
                Event::Renew => self.start_dial(true),
                Event::DrainDeadline => {
                    if let Some((live, _)) = self.draining.take() {
                        self.close(live, "the connection was replaced and its requests did not finish in time").await;
                    }
                }
                Event::Liveness => self.check_liveness().await,
            }
        }
        // Every handle is gone, so nobody waits for a reply: say goodbye and stop.
        for live in self.current.take().into_iter().chain(self.draining.take().map(|(l, _)| l)) {
            let mut ws = live.ws;
            let _ = tokio::time::timeout(self.options.write_timeout, ws.close(None)).await;
        }
        if let Some(dialing) = self.dialing.take() {
            dialing.task.abort();
        }
    }

    async fn command(&mut self, command: Command) {
        match command {
            Command::Cancel { id } => self.cancel(id),
            Command::Send { id, text, reply } => {
                self.enqueue(id, text, reply);
                // Take whatever else is already waiting, so one flush sends a whole batch.
                for _ in 1..WRITE_BATCH {
                    match self.commands.try_recv() {
                        Ok(Command::Send { id, text, reply }) => self.enqueue(id, text, reply),
                        Ok(Command::Cancel { id }) => self.cancel(id),
                        Err(_) => break,
                    }
                }
                if self.current.is_some() {
                    self.write_queue().await;
                } else if self.dialing.is_none() && self.retry_at.is_none() {
                    self.start_dial(false);
                }
            }
        }
    }

    /// Queues a request for the next write, unless too many already wait.
    fn enqueue(&mut self, id: u64, text: String, reply: oneshot::Sender<Result<Frame, Error>>) {
        if self.waiting >= self.options.max_queued {
            let _ = reply.send(Err(Error::QueueFull { limit: self.options.max_queued }));
            return;
        }
        self.pending.insert(id, Pending { reply, generation: None });
        self.queue.push_back((id, text));
        self.waiting += 1;
    }

    /// Forgets a request whose caller stopped waiting. O(1): a queued one is skipped when the
    /// queue is written, and the queue is compacted once cancelled entries outnumber the rest.
    fn cancel(&mut self, id: u64) {
        if let Some(pending) = self.pending.remove(&id)
            && pending.generation.is_none()
        {
            self.waiting = self.waiting.saturating_sub(1);
            if self.queue.len() > 2 * self.waiting + 64 {
                let pending = &self.pending;
                self.queue.retain(|(queued, _)| pending.contains_key(queued));
            }
        }
    }

    /// Sends every queued request on the current connection, within the write timeout.
    async fn write_queue(&mut self) {
        let Some(live) = self.current.as_mut() else { return };
        let (queue, pending, waiting) = (&mut self.queue, &mut self.pending, &mut self.waiting);
        let generation = live.generation;
        let write = async {
            while let Some((id, text)) = queue.pop_front() {
                let Some(pending) = pending.get_mut(&id) else { continue };
                pending.generation = Some(generation);
                *waiting = waiting.saturating_sub(1);
                live.ws.feed(Message::text(text)).await?;
            }
            live.ws.flush().await
        };
        let failed = match tokio::time::timeout(self.options.write_timeout, write).await {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(format!("writing failed: {e}")),
            Err(_) => Some(self.stalled()),
        };
        if let Some(reason) = failed {
            self.lost(reason).await;
        }
    }

    fn stalled(&self) -> String {
        format!("a write took longer than {} ms: the venue stopped reading", self.options.write_timeout.as_millis())
    }

    /// A ping is due once the venue has been silent for `ping_interval`; the connection is dead
    /// when it stays silent for `pong_timeout` after the ping. Any frame counts as a sign of life.
    async fn check_liveness(&mut self) {
        let (interval, pong_timeout, write_timeout) =
            (self.options.ping_interval, self.options.pong_timeout, self.options.write_timeout);
        let Some(live) = self.current.as_mut() else { return };
        let now = Instant::now();
        let after = |at: Instant, d: Duration| at.checked_add(d).unwrap_or_else(|| crate::call::deadline_after(d));
        if let Some(pinged) = live.pinged {
            if live.heard >= pinged {
                live.pinged = None;
            } else if now >= after(pinged, pong_timeout) {
                let reason = format!(
                    "the venue sent nothing for {} ms after a ping: the connection is dead",
                    pong_timeout.as_millis()
                );
                return self.lost(reason).await;
            } else {
                self.liveness.as_mut().reset(after(pinged, pong_timeout));
                return;
            }
        }
        let due = after(live.heard, interval);
        if now < due {
            self.liveness.as_mut().reset(due);
            return;
        }
        live.pinged = Some(now);
        self.liveness.as_mut().reset(after(now, pong_timeout));
        let ping = live.ws.send(Message::Ping(Default::default()));
        match tokio::time::timeout(write_timeout, ping).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => self.lost(format!("sending a ping failed: {e}")).await,
            Err(_) => {
                let reason = self.stalled();
                self.lost(reason).await
            }
        }
    }

    async fn on_message(&mut self, message: Option<Result<Message, tungstenite::Error>>, draining: bool) {
        if !draining && let Some(live) = self.current.as_mut() {
            // Any frame shows the connection is alive.
            live.heard = Instant::now();
        }
        match message {
            Some(Ok(Message::Text(text))) => {
                // Its text is not logged: a frame may quote a request, signature and all.
                let Some(id) = reply_id(text.as_str()) else {
                    tracing::debug!(bytes = text.len(), "ignoring a frame that answers no request of ours");
                    return;
                };
                if let Some(pending) = self.pending.remove(&id) {
                    let _ = pending.reply.send(Ok(Frame(text)));
                }
                if draining {
                    self.close_drained_if_idle().await;
                }
            }
            Some(Ok(Message::Ping(_))) => {
                // tungstenite has queued a pong with the same payload; send it now.
                let live = if draining { self.draining.as_mut().map(|(l, _)| l) } else { self.current.as_mut() };
                if let Some(live) = live
                    && tokio::time::timeout(self.options.write_timeout, live.ws.flush()).await.is_err()
                    && !draining
                {
                    let reason = self.stalled();
                    self.lost(reason).await;
                }
            }
            Some(Ok(Message::Binary(_) | Message::Pong(_) | Message::Frame(_))) => {
                tracing::debug!("ignoring a non-text frame");
            }
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => {
                let reason = match &message {
                    Some(Err(tungstenite::Error::Capacity(e))) => {
                        format!("the venue sent a message over the {}-byte limit ({e})", self.max_message_bytes)
                    }
                    Some(Err(e)) => format!("the connection failed: {e}"),
                    _ => "the venue closed the connection".to_string(),
                };
                if draining {
                    if let Some((live, _)) = self.draining.take() {
                        self.close(live, &reason).await;
                    }
                } else {
                    self.lost(reason).await;
                }
            }
        }
    }

    /// The current connection is gone: fail what it carried, and reconnect after the backoff.
    async fn lost(&mut self, reason: String) {
        if let Some(live) = self.current.take() {
            self.close(live, &reason).await;
        }
        self.schedule_retry();
    }

    /// Closes a connection and fails every request still waiting on it.
    async fn close(&mut self, live: Live, reason: &str) {
        let generation = live.generation;
        let mut ws = live.ws;
        // A venue that stopped reading cannot hold the client here.
        let _ = tokio::time::timeout(self.options.write_timeout, ws.close(None)).await;
        let failed: Vec<u64> =
            self.pending.iter().filter(|(_, p)| p.generation == Some(generation)).map(|(id, _)| *id).collect();
        for id in failed {
            if let Some(pending) = self.pending.remove(&id) {
                let _ = pending.reply.send(Err(Error::Connection {
                    message: format!("{reason}; the request was sent, so the venue may or may not have executed it"),
                }));
            }
        }
    }

    async fn close_drained_if_idle(&mut self) {
        let Some((live, _)) = &self.draining else { return };
        let generation = live.generation;
        if !self.pending.values().any(|p| p.generation == Some(generation))
            && let Some((live, _)) = self.draining.take()
        {
            self.close(live, "").await;
        }
    }

    fn start_dial(&mut self, renewal: bool) {
        if self.dialing.is_some() {
            return;
        }
        let task = tokio::spawn(dial(
            self.url.clone(),
            self.options.clone(),
            self.max_message_bytes,
            self.protocol.clone(),
            self.shared.clone(),
        ));
        self.dialing = Some(Dialing { task, renewal });
    }

    async fn on_dialed(&mut self, result: Result<Ws, Error>, renewal: bool) {
        self.dialing = None;
        match result {
            Ok(ws) => {
                self.generations += 1;
                let live = Live::new(ws, self.generations);
                self.liveness.as_mut().reset(crate::call::deadline_after(self.options.ping_interval));
                if let Some(old) = self.current.replace(live) {
                    // A renewal: the old connection finishes what it carries, then closes.
                    if let Some((older, _)) = self.draining.take() {
                        self.close(older, "the connection was replaced twice before it finished").await;
                    }
                    self.draining = Some((old, crate::call::deadline_after(self.options.drain_timeout)));
                    self.close_drained_if_idle().await;
                }
                self.failures = 0;
                self.renew.as_mut().reset(crate::call::deadline_after(self.options.max_connection_age));
                self.write_queue().await;
            }
            Err(e) if renewal && self.current.is_some() => {
                tracing::warn!(error = %e, "renewing the connection failed; the current one keeps serving");
                let wait = self.next_backoff();
                self.renew.as_mut().reset(crate::call::deadline_after(wait));
            }
            Err(e) => {
                // Requests waiting for this connection learn why now rather than at their timeout.
                let waiting: Vec<u64> = self.queue.drain(..).map(|(id, _)| id).collect();
                self.waiting = 0;
                for id in waiting {
                    if let Some(pending) = self.pending.remove(&id) {
                        let _ = pending.reply.send(Err(e.duplicate()));
                    }
                }
                self.schedule_retry();
            }
        }
    }

    fn schedule_retry(&mut self) {
        let wait = self.next_backoff();
        self.retry_at = Some(crate::call::deadline_after(wait));
    }

    /// The same backoff as REST retries ([`crate::RetryPolicy::backoff`]): doubling from
    /// `backoff_initial` to `backoff_max`, each wait drawn from its upper half so that many
    /// clients do not reconnect in step.
    fn next_backoff(&mut self) -> Duration {
        self.failures = self.failures.saturating_add(1);
        crate::RetryPolicy::default()
            .base_delay(self.options.backoff_initial)
            .max_delay(self.options.backoff_max)
            .backoff(self.failures)
    }
}

async fn next(live: &mut Option<Live>) -> Option<Result<Message, tungstenite::Error>> {
    match live {
        Some(live) => live.ws.next().await,
        None => std::future::pending().await,
    }
}

async fn next_draining(draining: &mut Option<(Live, Instant)>) -> Option<Result<Message, tungstenite::Error>> {
    match draining {
        Some((live, _)) => live.ws.next().await,
        None => std::future::pending().await,
    }
}

async fn dialed(dialing: &mut Option<Dialing>) -> (Result<Ws, Error>, bool) {
    match dialing {
        Some(dialing) => {
            let result = (&mut dialing.task)
                .await
                .unwrap_or_else(|e| Err(Error::Connection { message: format!("the connect task failed: {e}") }));
            (result, dialing.renewal)
        }
        None => std::future::pending().await,
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}
