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

/// One set of keys the simulator accepts for a venue, as a test hands them to a client. Each
/// venue's module lists its own (`venues::<name>::ACCOUNTS`); [`crate::Venue::accounts`] reads
/// them, so the cross-venue tests sign with every kind of key each venue takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Account {
    /// An API key and the secret of an HMAC-style signature (HMAC, or CoinW spot's MD5 rule).
    Hmac { key: &'static str, secret: &'static str },
    /// An API key and the seed of its Ed25519 private key.
    Ed25519 { key: &'static str, seed: [u8; 32] },
    /// A bearer token.
    Bearer { token: &'static str },
}

impl Account {
    /// What must never show in an error, a `Debug` output or a trace: the secret, as text.
    pub fn secrets(&self) -> Vec<String> {
        match self {
            Account::Hmac { secret, .. } => vec![secret.to_string()],
            Account::Ed25519 { seed, .. } => {
                vec![seed.iter().map(|b| format!("{b:02x}")).collect(), format!("{seed:?}")]
            }
            Account::Bearer { token } => vec![token.to_string()],
        }
    }
}
