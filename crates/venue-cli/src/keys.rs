//! Keys come from the environment only: a flag would leave the secret in shell history and in
//! `ps` output. Nothing here prints a value it reads.

use binance_usdm::Credentials;

pub const BINANCE_API_KEY: &str = "BINANCE_API_KEY";
pub const BINANCE_API_SECRET: &str = "BINANCE_API_SECRET";
pub const BINANCE_ED25519_PEM: &str = "BINANCE_ED25519_PEM_FILE";
pub const COINW_API_KEY: &str = "COINW_API_KEY";
pub const COINW_SECRET_KEY: &str = "COINW_SECRET_KEY";
pub const P99_API_KEY: &str = "P99_API_KEY";
pub const P99_API_SECRET: &str = "P99_API_SECRET";
pub const P99_JWT: &str = "P99_JWT";

/// Why keys could not be read; names variables, never values.
#[derive(Debug)]
pub struct Missing(pub String);

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The part of `--help` that names the variables.
pub fn help() -> String {
    format!(
        "Keys (from the environment; never from flags, which shell history keeps):\n  \
         binance-usdm   {BINANCE_API_KEY} with {BINANCE_API_SECRET} (HMAC), or with {BINANCE_ED25519_PEM}\n                 \
         (path to an Ed25519 private key in PKCS#8 PEM)\n  \
         coinw-futures  {COINW_API_KEY} and {COINW_SECRET_KEY}\n  \
         coinw-spot     {COINW_API_KEY} and {COINW_SECRET_KEY}\n  \
         p99-spot       {P99_JWT} (bearer), or {P99_API_KEY} and {P99_API_SECRET}\n  \
         With --sim, the simulator's published test keys are used instead."
    )
}

/// The most a key file may hold; a PKCS#8 Ed25519 key is about 120 bytes.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// A variable that is set and not empty; set but not UTF-8 is an error that says so.
fn var(name: &str) -> Result<Option<String>, Missing> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(None),
        Ok(value) => Ok(Some(value)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Missing(format!("{name} is set but is not valid UTF-8"))),
    }
}

fn required(name: &str, venue: &str) -> Result<String, Missing> {
    var(name)?.ok_or_else(|| Missing(format!("{venue} needs {name} to be set (see `venue --help`), or try --sim")))
}

/// A key file's text: a regular file (not a FIFO or a device, which could block or never end)
/// of at most [`MAX_KEY_FILE`] bytes.
fn read_key_file(variable: &str, path: &str) -> Result<String, Missing> {
    use std::io::Read;
    let fail = |why: String| Missing(format!("{variable}: {why}"));
    // Looked at before opening: opening a FIFO for reading blocks until someone writes.
    let metadata = std::fs::metadata(path).map_err(|e| fail(format!("cannot read the key file: {e}")))?;
    if !metadata.is_file() {
        return Err(fail("the key file is not a regular file".into()));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(format!("cannot read the key file: {e}")))?;
    let mut text = String::new();
    file.take(MAX_KEY_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|e| fail(format!("cannot read the key file: {e}")))?;
    if text.len() as u64 > MAX_KEY_FILE {
        return Err(fail(format!("the key file is larger than {MAX_KEY_FILE} bytes; it is not a key")));
    }
    Ok(text)
}

pub fn binance() -> Result<Credentials, Missing> {
    let key = required(BINANCE_API_KEY, "binance-usdm")?;
    if let Some(secret) = var(BINANCE_API_SECRET)? {
        return Ok(Credentials::hmac(key, secret));
    }
    let Some(path) = var(BINANCE_ED25519_PEM)? else {
        return Err(Missing(format!(
            "binance-usdm needs {BINANCE_API_SECRET} or {BINANCE_ED25519_PEM} besides {BINANCE_API_KEY} (see `venue --help`), or try --sim"
        )));
    };
    let pem = read_key_file(BINANCE_ED25519_PEM, &path)?;
    Credentials::ed25519_from_pem(key, &pem).map_err(|e| Missing(format!("{BINANCE_ED25519_PEM}: {e}")))
}

pub fn coinw(venue: &str) -> Result<Credentials, Missing> {
    hmac(venue, COINW_API_KEY, COINW_SECRET_KEY)
}

/// An API key and its secret, each from its variable.
pub fn hmac(venue: &str, key: &str, secret: &str) -> Result<Credentials, Missing> {
    Ok(Credentials::hmac(required(key, venue)?, required(secret, venue)?))
}

pub fn p99() -> Result<Credentials, Missing> {
    if let Some(jwt) = var(P99_JWT)? {
        return Ok(Credentials::bearer(jwt));
    }
    Ok(Credentials::hmac(required(P99_API_KEY, "p99-spot")?, required(P99_API_SECRET, "p99-spot")?))
}
