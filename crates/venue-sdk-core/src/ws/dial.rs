//! Opening one connection: handshake, then the protocol's logon, all within the connect timeout.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures_util::{SinkExt, StreamExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::{Options, Protocol, Shared, reply_id};
use crate::Error;

pub(super) type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// The size of each read from the connection.
const READ_BUFFER_BYTES: usize = 8 * 1024;

pub(super) async fn dial(
    url: String,
    options: Options,
    max_message_bytes: usize,
    protocol: Arc<dyn Protocol>,
    shared: Arc<Shared>,
) -> Result<Ws, Error> {
    // One limit for a message and for each of its frames: the most the client holds of one answer.
    // Reads go through an 8 KiB buffer instead of tungstenite's 128 KiB, which it zero-fills on
    // every read; replies are a few hundred bytes, and a longer message still arrives whole
    // (instruction counts in BENCHMARKS.md).
    let config = WebSocketConfig::default()
        .max_message_size(Some(max_message_bytes))
        .max_frame_size(Some(max_message_bytes))
        .read_buffer_size(READ_BUFFER_BYTES);
    let connect = connect_and_log_on(&url, config, protocol.as_ref(), &shared);
    match tokio::time::timeout(options.connect_timeout, connect).await {
        Ok(result) => result,
        Err(_) => Err(Error::Connection {
            message: format!("connecting and logging on took longer than {} ms", options.connect_timeout.as_millis()),
        }),
    }
}

async fn connect_and_log_on(
    url: &str,
    config: WebSocketConfig,
    protocol: &dyn Protocol,
    shared: &Shared,
) -> Result<Ws, Error> {
    // Nagle's algorithm would hold small request frames back by up to 40 ms.
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(url, Some(config), true)
        .await
        .map_err(|e| Error::Connection { message: format!("could not connect: {e}") })?;
    shared.connections_opened.fetch_add(1, Ordering::Relaxed);
    let id = shared.next_id();
    let Some(frame) = protocol.logon(id) else { return Ok(ws) };
    ws.send(Message::text(frame?))
        .await
        .map_err(|e| Error::Connection { message: format!("could not send the logon: {e}") })?;
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) if reply_id(text.as_str()) == Some(id) => {
                protocol.check_logon(text.as_str())?;
                return Ok(ws);
            }
            // A ping during logon is answered as on any connection (tungstenite queues the pong).
            Some(Ok(Message::Ping(_))) => {
                let _ = ws.flush().await;
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => {
                return Err(Error::Connection { message: format!("the connection failed during logon: {e}") });
            }
            None => return Err(Error::Connection { message: "the venue closed the connection during logon".into() }),
        }
    }
}
