//! Signature checks, written from the venues' signing docs (each spec's security scheme says which)
//! with the primitives directly.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, SigningKey, Verifier};
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length.
    <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap_or_else(|_| unreachable!())
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lowercase hex HMAC-SHA256 equals `signature` (Binance HMAC keys, p99).
pub fn hmac_hex(secret: &str, payload: &str, signature: &str) -> bool {
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    to_hex(&m.finalize().into_bytes()) == signature
}

/// Base64 HMAC-SHA256 equals `signature` (CoinW futures).
pub fn hmac_base64(secret: &str, payload: &str, signature: &str) -> bool {
    let mut m = mac(secret);
    m.update(payload.as_bytes());
    STANDARD.encode(m.finalize().into_bytes()) == signature
}

/// Base64 Ed25519 signature over `payload` by the key with this seed (Binance Ed25519 keys).
pub fn ed25519_base64(seed: &[u8; 32], payload: &str, signature: &str) -> bool {
    let Ok(bytes) = STANDARD.decode(signature) else { return false };
    let Ok(sig) = Signature::from_slice(&bytes) else { return false };
    SigningKey::from_bytes(seed).verifying_key().verify(payload.as_bytes(), &sig).is_ok()
}

/// Uppercase hex MD5 (CoinW spot).
pub fn md5_upper(text: &str) -> String {
    to_hex(&Md5::digest(text.as_bytes())).to_ascii_uppercase()
}
