//! The documented payloads the benchmarks decode: the spec examples, as JSON bytes. Shared by
//! `tests/benches/decode.rs` and `benches/instructions` (each includes this file by path).
#![allow(dead_code)]

use std::path::PathBuf;

/// `specs/` of the workspace the including crate is in.
fn specs() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().map(|d| d.join("specs")).find(|d| d.is_dir()).expect("a specs/ folder above the crate")
}

fn spec(venue: &str, file: &str) -> (String, serde_json::Value) {
    let path = specs().join(venue).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (path.display().to_string(), serde_yaml::from_str(&text).expect("YAML"))
}

/// The 200 example of `path`'s `method` in `specs/<venue>/openapi.yaml`, as JSON bytes.
pub fn documented(venue: &str, path: &str, method: &str) -> Vec<u8> {
    let (file, spec) = spec(venue, "openapi.yaml");
    let pointer =
        format!("/paths/{}/{method}/responses/200/content/application~1json/example", path.replace('/', "~1"));
    let example = spec.pointer(&pointer).unwrap_or_else(|| panic!("{file} has no example at {pointer}"));
    serde_json::to_vec(example).expect("JSON")
}

/// The documented `order.status` reply frame (`specs/binance-usdm/asyncapi.yaml`).
pub fn documented_ws_reply() -> Vec<u8> {
    let (file, spec) = spec("binance-usdm", "asyncapi.yaml");
    let pointer = "/components/messages/OrderStatusReply/examples/0/payload";
    let example = spec.pointer(pointer).unwrap_or_else(|| panic!("{file} has no example at {pointer}"));
    serde_json::to_vec(example).expect("JSON")
}
