//! Replays every signing vector under `specs/<venue>/signing-vectors.json`: the official ones the
//! venues print and worked ones computed independently with Python (`hmac`, `hashlib`,
//! `cryptography`). A vector names its rule; a rule this file does not know fails the test, so
//! a vector can never be skipped silently. RSA vectors need the `rsa` feature (CI runs them).

use serde_json::Value;
use venue_auth::{Credentials, binance, coinw_futures, coinw_spot, p99};

fn vectors(venue: &str) -> Vec<Value> {
    let path = format!("{}/../../specs/{venue}/signing-vectors.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let list = doc["vectors"].as_array().unwrap().clone();
    assert!(!list.is_empty(), "{path} has no vectors");
    list
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("vector {} lacks {key}", v["name"]))
}

fn pairs(v: &Value) -> Vec<(String, String)> {
    v["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string()))
        .collect()
}

fn seed(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// Every vector of every venue in `specs/` names a rule `venue_auth::RULES` lists (the names the specs'
/// `x-signing` uses).
#[test]
fn vectors_name_rules_auth_implements() {
    let specs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut venues: Vec<String> = std::fs::read_dir(&specs)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("signing-vectors.json").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    venues.sort();
    assert!(venues.len() >= 4, "{venues:?}");
    for venue in &venues {
        for v in vectors(venue) {
            assert!(
                venue_auth::RULES.contains(&s(&v, "rule")),
                "{venue} {}: rule {} is not in venue_auth::RULES",
                s(&v, "name"),
                s(&v, "rule")
            );
        }
    }
}

#[test]
fn binance_vectors() {
    for v in vectors("binance-usdm") {
        let name = s(&v, "name");
        let params = pairs(&v);
        // The spec's x-signing rule, and the kind of key it signs with.
        let (payload, credentials) = match (s(&v, "rule"), s(&v, "key")) {
            ("binance-query", "hmac") => (binance::encode_query(&params), Credentials::hmac("key", s(&v, "secret"))),
            ("binance-ws-params", "hmac") => {
                (binance::sorted_payload(&params), Credentials::hmac("key", s(&v, "secret")))
            }
            ("binance-query", "ed25519") => {
                (binance::encode_query(&params), Credentials::ed25519_from_seed("key", seed(s(&v, "seed_hex"))))
            }
            ("binance-query", "rsa") => {
                #[cfg(feature = "rsa")]
                let credentials = Credentials::rsa_from_pem("key", s(&v, "private_key_pem")).unwrap();
                #[cfg(not(feature = "rsa"))]
                {
                    eprintln!("{name}: not run, build with --features rsa");
                    continue;
                }
                #[cfg(feature = "rsa")]
                (binance::encode_query(&params), credentials)
            }
            other => panic!("{name}: unknown rule and key {other:?}"),
        };
        assert_eq!(payload, s(&v, "payload"), "{name}: payload");
        assert_eq!(binance::sign(&credentials, &payload).unwrap(), s(&v, "signature"), "{name}: signature");
    }
}

#[test]
fn coinw_futures_vectors() {
    for v in vectors("coinw-futures") {
        let name = s(&v, "name");
        assert_eq!(s(&v, "rule"), "coinw-futures-hmac", "{name}");
        let ts: i64 = s(&v, "timestamp").parse().unwrap();
        let query = Some(s(&v, "query")).filter(|q| !q.is_empty());
        let payload = coinw_futures::payload(ts, s(&v, "method"), s(&v, "path"), query, s(&v, "body"));
        assert_eq!(payload, s(&v, "payload"), "{name}: payload");
        let credentials = Credentials::hmac("key", s(&v, "secret"));
        assert_eq!(coinw_futures::sign(&credentials, &payload).unwrap(), s(&v, "signature"), "{name}: signature");
    }
}

#[test]
fn coinw_spot_vectors() {
    for v in vectors("coinw-spot") {
        let name = s(&v, "name");
        assert_eq!(s(&v, "rule"), "coinw-spot-md5", "{name}");
        let params = pairs(&v);
        assert_eq!(
            coinw_spot::payload(&params, s(&v, "api_key"), s(&v, "secret")),
            s(&v, "payload"),
            "{name}: payload"
        );
        let credentials = Credentials::hmac(s(&v, "api_key"), s(&v, "secret"));
        assert_eq!(coinw_spot::sign(&credentials, &params).unwrap(), s(&v, "signature"), "{name}: signature");
    }
}

#[test]
fn p99_vectors() {
    for v in vectors("p99-spot") {
        let name = s(&v, "name");
        assert_eq!(s(&v, "rule"), "p99-timestamp-hmac", "{name}");
        let ts: i64 = s(&v, "timestamp").parse().unwrap();
        assert_eq!(p99::payload(ts), s(&v, "payload"), "{name}: payload");
        let credentials = Credentials::hmac("key", s(&v, "secret"));
        assert_eq!(p99::sign(&credentials, ts).unwrap(), s(&v, "signature"), "{name}: signature");
    }
}

#[test]
fn wrong_credentials_are_typed_errors() {
    let bearer = Credentials::bearer("jwt");
    assert!(binance::sign(&bearer, "x").is_err());
    assert!(coinw_futures::sign(&bearer, "x").is_err());
    assert!(coinw_spot::sign(&bearer, &[("orderNumber", "1")]).is_err());
    let err = p99::sign(&Credentials::ed25519_from_seed("k", [1; 32]), 1).unwrap_err().to_string();
    assert!(err.contains("HMAC"), "{err}");
    assert_eq!(p99::authorization(&bearer).as_deref(), Some("Bearer jwt"));
}
