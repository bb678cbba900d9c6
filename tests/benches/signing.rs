//! Signing, per venue rule, through `venue-auth` (what every request pays) beside its floor: the bare
//! primitive (hmac/sha2, md-5, ed25519-dalek) over the same bytes, with the same output encoding.
//!
//! `venue-auth`'s functions take what the venue crates give them: a ready payload for Binance and
//! CoinW futures, the params for CoinW spot (sorting and joining them is part of the rule) and
//! the timestamp for p99 (formatting it is part of the rule). The floors start from the finished
//! bytes, so those two carry the payload building in their ratio.
//!
//! Run: `cargo bench -p e2e --bench signing`.

#[path = "support/ratios.rs"]
mod ratios;

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use criterion::Criterion;
use ed25519_dalek::{Signer, SigningKey};
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;
use venue_auth::Credentials;

const KEY: &str = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
const SECRET: &str = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
/// A Binance REST query string as the crate signs it.
const BINANCE_QUERY: &str = "algoId=2146760&recvWindow=5000&timestamp=1750514545091";
/// What CoinW futures signs for `GET /v1/perpum/order`.
const COINW_FUTURES_PAYLOAD: &str = "1750514545091GET/v1/perpum/order?positionType=plan&sourceIds=33308753605637070";
const COINW_SPOT_PARAMS: [(&str, &str); 1] = [("orderNumber", "4624544807079846405")];
const TIMESTAMP: i64 = 1750514545091;

fn hex(bytes: &[u8], digits: &[u8; 16]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(digits[(b >> 4) as usize] as char);
        out.push(digits[(b & 0xf) as usize] as char);
    }
    out
}

fn hex_lower(bytes: &[u8]) -> String {
    hex(bytes, b"0123456789abcdef")
}

fn hex_upper(bytes: &[u8]) -> String {
    hex(bytes, b"0123456789ABCDEF")
}

fn hmac_sha256(secret: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn bench(c: &mut Criterion) {
    let hmac = Credentials::hmac(KEY, SECRET);
    let seed = [7u8; 32];
    let ed25519 = Credentials::ed25519_from_seed(KEY, seed);
    let signing_key = SigningKey::from_bytes(&seed);
    let spot_payload = venue_auth::coinw_spot::payload(&COINW_SPOT_PARAMS, KEY, SECRET);
    let p99_payload = venue_auth::p99::payload(TIMESTAMP);

    // Same answers first: a floor that computed something else would prove nothing.
    assert_eq!(
        venue_auth::binance::sign(&hmac, BINANCE_QUERY).unwrap(),
        hex_lower(&hmac_sha256(SECRET.as_bytes(), BINANCE_QUERY.as_bytes()))
    );
    assert_eq!(
        venue_auth::binance::sign(&ed25519, BINANCE_QUERY).unwrap(),
        STANDARD.encode(signing_key.sign(BINANCE_QUERY.as_bytes()).to_bytes())
    );
    assert_eq!(
        venue_auth::coinw_futures::sign(&hmac, COINW_FUTURES_PAYLOAD).unwrap(),
        STANDARD.encode(hmac_sha256(SECRET.as_bytes(), COINW_FUTURES_PAYLOAD.as_bytes()))
    );
    assert_eq!(
        venue_auth::coinw_spot::sign(&hmac, &COINW_SPOT_PARAMS).unwrap(),
        hex_upper(&Md5::digest(spot_payload.as_bytes()))
    );
    assert_eq!(
        venue_auth::p99::sign(&hmac, TIMESTAMP).unwrap(),
        hex_lower(&hmac_sha256(SECRET.as_bytes(), p99_payload.as_bytes()))
    );

    let mut g = c.benchmark_group("sign-binance-hmac");
    g.bench_function("sdk", |b| b.iter(|| venue_auth::binance::sign(black_box(&hmac), black_box(BINANCE_QUERY))));
    g.bench_function("floor", |b| {
        b.iter(|| hex_lower(&hmac_sha256(black_box(SECRET).as_bytes(), black_box(BINANCE_QUERY).as_bytes())))
    });
    g.finish();

    let mut g = c.benchmark_group("sign-binance-ed25519");
    g.bench_function("sdk", |b| b.iter(|| venue_auth::binance::sign(black_box(&ed25519), black_box(BINANCE_QUERY))));
    g.bench_function("floor", |b| {
        b.iter(|| STANDARD.encode(black_box(&signing_key).sign(black_box(BINANCE_QUERY).as_bytes()).to_bytes()))
    });
    g.finish();

    let mut g = c.benchmark_group("sign-coinw-futures");
    g.bench_function("sdk", |b| {
        b.iter(|| venue_auth::coinw_futures::sign(black_box(&hmac), black_box(COINW_FUTURES_PAYLOAD)))
    });
    g.bench_function("floor", |b| {
        b.iter(|| {
            STANDARD.encode(hmac_sha256(black_box(SECRET).as_bytes(), black_box(COINW_FUTURES_PAYLOAD).as_bytes()))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("sign-coinw-spot");
    g.bench_function("sdk", |b| {
        b.iter(|| venue_auth::coinw_spot::sign(black_box(&hmac), black_box(&COINW_SPOT_PARAMS)))
    });
    g.bench_function("floor", |b| b.iter(|| hex_upper(&Md5::digest(black_box(&spot_payload).as_bytes()))));
    g.finish();

    let mut g = c.benchmark_group("sign-p99");
    g.bench_function("sdk", |b| b.iter(|| venue_auth::p99::sign(black_box(&hmac), black_box(TIMESTAMP))));
    g.bench_function("floor", |b| {
        b.iter(|| hex_lower(&hmac_sha256(black_box(SECRET).as_bytes(), black_box(&p99_payload).as_bytes())))
    });
    g.finish();
}

fn main() {
    let since = SystemTime::now();
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    bench(&mut c);
    c.final_summary();
    let pairs = ["sign-binance-hmac", "sign-binance-ed25519", "sign-coinw-futures", "sign-coinw-spot", "sign-p99"]
        .map(|group| ratios::Pair { group: group.to_string(), goal: 1.1 });
    ratios::report("signing", since, &pairs);
}
