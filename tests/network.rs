//! The REST client's network settings, end to end against the simulator: a user agent and extra
//! headers reach the venue on every operation of every venue, a proxy on loopback carries every
//! call (with its Basic credentials, which no `Debug` shows), extra root certificates let the
//! client reach a venue behind a TLS front with its own CA, and every bad setting is a typed error
//! that quotes no value.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use venue_sdk_core::{Config, Error, RetryPolicy};
use venue_sim::{Sim, Venue};

#[path = "support/venues.rs"]
mod venues;
use venues::{AnyClient, examples, first_credentials as credentials};

const CA: &str = include_str!("fixtures/tls/ca.pem");
const OTHER_CA: &str = include_str!("fixtures/tls/other-ca.pem");

fn config(sim: &Sim, venue: Venue) -> Config {
    Config::new(sim.url(venue)).credentials(credentials(venue))
}

#[tokio::test]
async fn the_user_agent_and_extra_headers_reach_the_venue_on_every_operation() {
    let sim = Sim::start().await.unwrap();
    for example in examples() {
        let config = config(&sim, example.venue)
            .user_agent("desk-7/1.0")
            .header("X-Desk", "rates")
            .header("X-Trace-Token", "tok-5ec2e7");
        let before = sim.requests().len();
        AnyClient::new(example.venue, config).unwrap().call(&example).await.unwrap_or_else(|e| {
            panic!("{:?} {}: {e}", example.venue, example.operation);
        });
        let sent = &sim.requests()[before..];
        assert!(!sent.is_empty(), "{}", example.operation);
        for request in sent {
            assert_eq!(request.header("user-agent"), Some("desk-7/1.0"), "{} {}", example.operation, request.path);
            assert_eq!(request.header("x-desk"), Some("rates"), "{}", example.operation);
            assert_eq!(request.header("x-trace-token"), Some("tok-5ec2e7"), "{}", example.operation);
        }
    }
    sim.stop().await;
}

#[tokio::test]
async fn a_header_the_call_sets_keeps_the_calls_value() {
    let sim = Sim::start().await.unwrap();
    // Binance's API-key header: the signed call still carries the configured key, so it is accepted.
    let example = examples().into_iter().find(|e| e.venue == Venue::BinanceUsdm && e.signed).unwrap();
    // The key header's name, as the spec gives it.
    let key_header = binance_usdm::operations::QUERY_ORDER.api_keys[0].name;
    let config = config(&sim, Venue::BinanceUsdm).header(key_header, "someone-else");
    AnyClient::new(example.venue, config).unwrap().call(&example).await.unwrap();
    // The signed requests carry the key they were signed for; the unsigned server-time request
    // sets no key, so it carries the configured header as any other.
    let signed = sim.requests().into_iter().filter(|r| r.query.as_deref().is_some_and(|q| q.contains("signature=")));
    let keys: Vec<String> = signed.map(|r| r.header(key_header).unwrap_or_default().to_string()).collect();
    assert!(!keys.is_empty() && keys.iter().all(|k| k == venue_sim::accounts::BINANCE_HMAC_KEY), "{keys:?}");
    sim.stop().await;
}

#[test]
fn debug_shows_no_header_value_and_no_proxy_password() {
    let config = Config::new("http://127.0.0.1:1")
        .header("X-Trace-Token", "tok-5ec2e7")
        .proxy("http://desk:pr0xy-pass@127.0.0.1:3128");
    let shown = format!("{config:?} {config:#?}");
    for secret in ["tok-5ec2e7", "pr0xy-pass", "desk:"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("X-Trace-Token") && shown.contains("http://127.0.0.1:3128"), "{shown}");
}

/// A forward proxy for plain-HTTP targets on loopback: it records each request head it is sent
/// (absolute-form target and `Proxy-Authorization`), then relays the request in origin form.
struct RecordingProxy {
    url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

impl RecordingProxy {
    async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let heads = Arc::new(Mutex::new(Vec::new()));
        let seen = heads.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, seen.clone()));
            }
        });
        Self { url, heads }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }
}

/// One request per connection (the proxy answers `Connection: close`), GETs and POSTs without a
/// body, as the venue operations are.
async fn relay(mut client: TcpStream, seen: Arc<Mutex<Vec<String>>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await.unwrap_or(0) == 0 || head.len() > 64 * 1024 {
            return;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_string();
    seen.lock().unwrap().push(head.clone());
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or_default());
    let Some(rest) = target.strip_prefix("http://") else { return };
    let (authority, path) = rest.split_once('/').map_or((rest, "/".to_string()), |(a, p)| (a, format!("/{p}")));
    let Ok(mut upstream) = TcpStream::connect(authority).await else { return };
    let mut forwarded = format!("{method} {path} HTTP/1.1\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let name = line.split(':').next().unwrap_or_default().to_ascii_lowercase();
        if name != "proxy-authorization" && name != "connection" && name != "proxy-connection" {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    forwarded.push_str("Connection: close\r\n\r\n");
    if upstream.write_all(forwarded.as_bytes()).await.is_err() {
        return;
    }
    let mut answer = Vec::new();
    let _ = upstream.read_to_end(&mut answer).await;
    let _ = client.write_all(&answer).await;
    let _ = client.shutdown().await;
}

#[tokio::test]
async fn every_operation_goes_through_a_configured_proxy_with_its_credentials() {
    let sim = Sim::start().await.unwrap();
    let proxy = RecordingProxy::start().await;
    let with_login = proxy.url.replace("http://", "http://desk:pr0xy-pass@");
    for example in examples() {
        let config = config(&sim, example.venue).proxy(with_login.clone());
        let before = proxy.heads().len();
        AnyClient::new(example.venue, config).unwrap().call(&example).await.unwrap_or_else(|e| {
            panic!("{:?} {} through the proxy: {e}", example.venue, example.operation);
        });
        let heads = proxy.heads();
        assert!(heads.len() > before, "{} did not go through the proxy", example.operation);
        for head in &heads[before..] {
            let origin = sim.url(example.venue);
            let origin = origin.trim_end_matches('/');
            assert!(head.split(' ').nth(1).is_some_and(|t| t.starts_with(origin)), "{head}");
            // Basic base64("desk:pr0xy-pass")
            assert!(head.to_ascii_lowercase().contains("proxy-authorization: basic zgvzazpwcjb4es1wyxnz"), "{head}");
        }
    }
    sim.stop().await;
}

fn refused(config: Config) -> String {
    match AnyClient::new(Venue::CoinwSpot, config) {
        Err(Error::InvalidRequest { message }) => message,
        Err(other) => panic!("not InvalidRequest: {other:?}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn bad_settings_are_typed_errors_that_quote_no_value() {
    let base = || Config::new("http://127.0.0.1:1");
    let message = refused(base().proxy("socks5://desk:pr0xy-pass@127.0.0.1:1080"));
    assert!(message.contains("http:// or https://") && !message.contains("pr0xy-pass"), "{message}");
    let message = refused(base().proxy("not a url pr0xy-pass"));
    assert!(message.contains("proxy") && !message.contains("pr0xy-pass"), "{message}");
    let message = refused(base().header("X-Token", "tok-5ec2e7\r\nInjected: 1"));
    assert!(message.contains("X-Token") && !message.contains("tok-5ec2e7"), "{message}");
    let message = refused(base().header("Bad Name", "v"));
    assert!(message.contains("header name"), "{message}");
    let message = refused(base().user_agent("desk\n7"));
    assert!(message.contains("user agent"), "{message}");
    let message = refused(base().root_certificate_pem("not a certificate"));
    assert!(message.contains("root certificate 1"), "{message}");
}

/// A TLS front on loopback (the fixture's `localhost` certificate, signed by the fixture CA) that
/// relays every connection to the simulator.
async fn tls_front(sim: &Sim) -> u16 {
    use tokio_native_tls::native_tls;
    let identity = native_tls::Identity::from_pkcs8(
        include_bytes!("fixtures/tls/server.pem"),
        include_bytes!("fixtures/tls/server-key.pem"),
    )
    .unwrap();
    let acceptor = tokio_native_tls::TlsAcceptor::from(native_tls::TlsAcceptor::new(identity).unwrap());
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let upstream = sim.addr();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else { return };
                let Ok(mut plain) = TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    port
}

#[tokio::test]
async fn a_venue_behind_its_own_ca_is_reached_only_with_that_root() {
    let sim = Sim::start().await.unwrap();
    let port = tls_front(&sim).await;
    let example = examples().into_iter().find(|e| e.venue == Venue::CoinwSpot).unwrap();
    let path = sim.url(Venue::CoinwSpot).replace(&format!("http://{}", sim.addr()), "");
    let base = format!("https://127.0.0.1:{port}{path}");
    let call = |config: Config| {
        let example = example.clone();
        async move { AnyClient::new(Venue::CoinwSpot, config)?.call(&example).await }
    };
    // No retries: a refused certificate is final, and the test should not wait out backoffs.
    let plain =
        || Config::new(base.clone()).credentials(credentials(Venue::CoinwSpot)).no_proxy().retry(RetryPolicy::none());

    // The system's roots do not know the fixture CA.
    let err = call(plain()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    // With it, the call goes through.
    call(plain().root_certificate_pem(CA)).await.unwrap();
    call(plain().root_certificate_pem(CA).only_given_roots()).await.unwrap();
    // Only an unrelated root: refused again.
    let err = call(plain().root_certificate_pem(OTHER_CA).only_given_roots()).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    sim.stop().await;
}

#[tokio::test]
async fn the_websocket_client_refuses_a_proxy_rather_than_connect_directly() {
    let sim = Sim::start().await.unwrap();
    let config = Config::new(sim.ws_url()).proxy("http://127.0.0.1:3128");
    let Err(err) = binance_usdm::WsClient::with_config(config) else { panic!("a proxy was accepted") };
    assert!(err.to_string().contains("proxy"), "{err}");
    sim.stop().await;
}
