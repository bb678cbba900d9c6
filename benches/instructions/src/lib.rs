//! What the instruction benchmarks share: the loopback venue (a process of its own), the
//! documented payloads, and the floors, hand-written code that does only what each call needs
//! (the same signing and the same decoding into the same fields, no SDK).

#[path = "../../../tests/benches/support/documented.rs"]
mod documented;
#[path = "../../../tests/benches/support/hand_written.rs"]
pub mod hand_written;
pub use documented::{documented, documented_ws_reply};

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest as _, Md5};
use serde::de::DeserializeOwned;
use sha2::Sha256;
use venue_sim::accounts;

/// The simulator, started as a child process; it stops when this is dropped.
pub struct Loopback {
    child: Child,
    _stdin: ChildStdin,
    rest: Vec<(String, String)>,
    ws: String,
}

impl Loopback {
    /// Starts `bin` (the `loopback-venue` binary: `env!("CARGO_BIN_EXE_loopback-venue")`).
    pub fn start(bin: &str) -> Self {
        let mut child =
            Command::new(bin).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("the loopback venue starts");
        let stdin = child.stdin.take().expect("its stdin");
        let mut lines = BufReader::new(child.stdout.take().expect("its stdout")).lines();
        let (mut rest, mut ws) = (Vec::new(), String::new());
        for line in lines.by_ref() {
            let line = line.expect("a line");
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["rest", venue, url] => rest.push((venue.to_string(), url.to_string())),
                ["ws", url] => ws = url.to_string(),
                ["ready"] => break,
                _ => panic!("the loopback venue printed {line:?}"),
            }
        }
        Self { child, _stdin: stdin, rest, ws }
    }

    /// The base URL of `venue`'s REST API (`binance-usdm`, …).
    pub fn url(&self, venue: &str) -> &str {
        &self.rest.iter().find(|(v, _)| v == venue).unwrap_or_else(|| panic!("no venue {venue}")).1
    }

    pub fn ws_url(&self) -> &str {
        &self.ws
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a round trip keeps between its setup and the counted call.
pub struct Rest<C> {
    pub rt: tokio::runtime::Runtime,
    pub client: C,
    pub venue: Loopback,
}

/// The algo order and the order the Binance cases ask for (the spec's examples).
pub const ALGO_ID: i64 = 2146760;
pub const ORDER_ID: i64 = 1917641;

fn binance_hmac() -> binance_usdm::Credentials {
    binance_usdm::Credentials::hmac(accounts::BINANCE_HMAC_KEY, accounts::BINANCE_HMAC_SECRET)
}

/// The SDK's Binance REST client on `venue`, after one call (the connection and the clock).
pub fn binance_rest(venue: Loopback) -> Rest<binance_usdm::Client> {
    let rt = runtime();
    let config = binance_usdm::Config::new(venue.url("binance-usdm")).credentials(binance_hmac());
    let client = binance_usdm::Client::with_config(config).expect("client");
    rt.block_on(client.query_algo_order(binance_usdm::AlgoOrderRef::AlgoId(ALGO_ID))).expect("warm-up");
    Rest { rt, client, venue }
}

/// The SDK's WebSocket client on `venue`, after one `order.status` (the connection and the clock).
pub fn binance_ws(venue: Loopback) -> Rest<binance_usdm::WsClient> {
    let rt = runtime();
    let config = binance_usdm::Config::new(venue.ws_url()).credentials(binance_hmac());
    let client = rt.block_on(async { binance_usdm::WsClient::with_config(config) }).expect("client");
    rt.block_on(client.order_status("BTCUSDT", binance_usdm::OrderRef::OrderId(ORDER_ID))).expect("warm-up");
    Rest { rt, client, venue }
}

/// A runtime on the calling thread only, so every instruction of a call (the connection's
/// tasks included) runs on the thread callgrind counts.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

pub fn now_ms() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

fn hmac_sha256(secret: &str, text: &str) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(text.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// One request of each venue as a hand-written client sends it: `(path and query, headers)`.
pub mod requests {
    use super::*;

    pub fn binance_algo_order(algo_id: i64) -> (String, Vec<(&'static str, String)>) {
        let query = format!("algoId={algo_id}&timestamp={}", now_ms());
        let signature = hex(&hmac_sha256(accounts::BINANCE_HMAC_SECRET, &query));
        (
            format!("/fapi/v1/algoOrder?{query}&signature={signature}"),
            vec![("X-MBX-APIKEY", accounts::BINANCE_HMAC_KEY.to_string())],
        )
    }

    pub fn coinw_futures_orders(position_type: &str) -> (String, Vec<(&'static str, String)>) {
        let path = format!("/v1/perpum/order?positionType={position_type}");
        let timestamp = now_ms().to_string();
        let sign = base64::engine::general_purpose::STANDARD
            .encode(hmac_sha256(accounts::COINW_SECRET, &format!("{timestamp}GET{path}")));
        (path, vec![("api_key", accounts::COINW_KEY.to_string()), ("timestamp", timestamp), ("sign", sign)])
    }

    pub fn coinw_spot_order(order_number: &str) -> (String, Vec<(&'static str, String)>) {
        // Sorted by name: api_key, orderNumber; `command` is not signed.
        let signed = format!("api_key={}&orderNumber={order_number}", accounts::COINW_KEY);
        let digest = Md5::digest(format!("{signed}&secret_key={}", accounts::COINW_SECRET).as_bytes());
        let sign = hex(&digest).to_ascii_uppercase();
        (format!("/api/v1/private?command=returnOrderStatus&{signed}&sign={sign}"), Vec::new())
    }

    pub fn p99_order(id: &str) -> (String, Vec<(&'static str, String)>) {
        let payload = format!("timestamp={}", now_ms());
        let signature = hex(&hmac_sha256(accounts::P99_SECRET, &payload));
        (
            format!("/spot/orders/{id}?{payload}&signature={signature}"),
            vec![("X-MBX-APIKEY", accounts::P99_KEY.to_string())],
        )
    }
}

/// The floor of a REST round trip: a blocking socket kept alive, an HTTP/1.1 request written by
/// hand, the answer read by its `Content-Length`, the body decoded.
pub struct SocketClient {
    stream: TcpStream,
    host: String,
    buffer: Vec<u8>,
}

impl SocketClient {
    pub fn connect(base_url: &str) -> Self {
        let host = base_url.strip_prefix("http://").expect("an http URL").trim_end_matches('/').to_string();
        let stream = TcpStream::connect(&host).expect("connects");
        stream.set_nodelay(true).expect("nodelay");
        Self { stream, host, buffer: Vec::with_capacity(8192) }
    }

    pub fn call<T: DeserializeOwned>(&mut self, method: &str, target: &str, headers: &[(&str, String)]) -> T {
        let mut request = format!("{method} {target} HTTP/1.1\r\nhost: {}\r\n", self.host);
        for (name, value) in headers {
            let _ = write!(request, "{name}: {value}\r\n");
        }
        request.push_str("content-length: 0\r\n\r\n");
        self.stream.write_all(request.as_bytes()).expect("writes");
        self.buffer.clear();
        let mut chunk = [0u8; 4096];
        let (head_end, length) = loop {
            let n = self.stream.read(&mut chunk).expect("reads");
            assert!(n > 0, "the venue closed the connection");
            self.buffer.extend_from_slice(&chunk[..n]);
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buffer[..end]).expect("an ASCII head");
                assert!(head.starts_with("HTTP/1.1 200"), "{head}");
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length: ").or_else(|| l.strip_prefix("Content-Length: ")))
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .expect("a content-length");
                break (end + 4, length);
            }
        };
        while self.buffer.len() < head_end + length {
            let n = self.stream.read(&mut chunk).expect("reads");
            assert!(n > 0, "the venue closed the connection");
            self.buffer.extend_from_slice(&chunk[..n]);
        }
        serde_json::from_slice(&self.buffer[head_end..head_end + length]).expect("decodes")
    }
}

/// The hand-written reqwest client: the same requests through reqwest, decoded with serde.
pub struct ReqwestClient {
    pub http: reqwest::Client,
    pub base_url: String,
}

impl ReqwestClient {
    pub fn new(base_url: &str) -> Self {
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        Self { http, base_url: base_url.trim_end_matches('/').to_string() }
    }

    pub async fn call<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        target: &str,
        headers: &[(&'static str, String)],
    ) -> T {
        let mut request = self.http.request(method, format!("{}{target}", self.base_url));
        for (name, value) in headers {
            request = request.header(*name, value);
        }
        let response = request.send().await.expect("sends");
        assert!(response.status().is_success(), "{}", response.status());
        let body = response.bytes().await.expect("a body");
        serde_json::from_slice(&body).expect("decodes")
    }
}

/// The hand-written WebSocket client: `order.status` signed over its sorted params, sent as one
/// text frame, the reply read and decoded.
pub mod ws {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;

    use super::*;

    pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

    #[derive(serde::Deserialize)]
    pub struct Reply {
        pub id: String,
        pub status: u16,
        pub result: hand_written::Order,
    }

    /// Reads through an 8 KiB buffer, as the SDK does: tungstenite's default 128 KiB is zero-filled
    /// on every read, work a reply of a few hundred bytes does not need.
    pub async fn connect(url: &str) -> Socket {
        let config = tokio_tungstenite::tungstenite::protocol::WebSocketConfig::default().read_buffer_size(8 * 1024);
        tokio_tungstenite::connect_async_with_config(url, Some(config), false).await.expect("connects").0
    }

    pub async fn order_status(socket: &mut Socket, id: u64, symbol: &str, order_id: i64) -> Reply {
        let signed =
            format!("apiKey={}&orderId={order_id}&symbol={symbol}&timestamp={}", accounts::BINANCE_HMAC_KEY, now_ms());
        let signature = hex(&hmac_sha256(accounts::BINANCE_HMAC_SECRET, &signed));
        let mut params = serde_json::Map::new();
        for pair in signed.split('&') {
            let (k, v) = pair.split_once('=').expect("k=v");
            let value = if k == "orderId" || k == "timestamp" {
                serde_json::Value::from(v.parse::<i64>().expect("a number"))
            } else {
                serde_json::Value::from(v)
            };
            params.insert(k.to_string(), value);
        }
        params.insert("signature".into(), signature.into());
        let frame = serde_json::json!({"id": id.to_string(), "method": "order.status", "params": params});
        socket.send(Message::text(frame.to_string())).await.expect("sends");
        loop {
            match socket.next().await.expect("a reply").expect("a frame") {
                Message::Text(text) => return serde_json::from_str(text.as_str()).expect("decodes"),
                Message::Ping(payload) => socket.send(Message::Pong(payload)).await.expect("pongs"),
                _ => {}
            }
        }
    }
}
