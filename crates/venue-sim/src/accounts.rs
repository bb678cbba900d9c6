//! The keys the simulator accepts. They are test values, published here so tests, examples and
//! the command line can sign against the simulator; no venue knows them.

pub const BINANCE_HMAC_KEY: &str = "sim-binance-hmac-key";
pub const BINANCE_HMAC_SECRET: &str = "sim-binance-hmac-secret";
pub const BINANCE_ED25519_KEY: &str = "sim-binance-ed25519-key";
/// Seed of the Ed25519 private key registered under [`BINANCE_ED25519_KEY`].
pub const BINANCE_ED25519_SEED: [u8; 32] = [7; 32];

pub const COINW_KEY: &str = "sim-coinw-key";
pub const COINW_SECRET: &str = "sim-coinw-secret";

pub const P99_KEY: &str = "sim-p99-key";
pub const P99_SECRET: &str = "sim-p99-secret";
pub const P99_JWT: &str = "sim-p99-jwt.eyJzdWIiOiJzaW0ifQ.sig";
