//! Where requests go: the venue, `--base-url`, or a simulator started in this process.

use std::time::Duration;

use binance_usdm::{Config, Credentials};
use venue_sim::accounts::Account;
use venue_sim::{Sim, Venue};

use crate::keys::Missing;

pub struct Target {
    sim: Option<Sim>,
    base_url: Option<String>,
    env: Option<String>,
    timeout: Duration,
}

impl Target {
    pub async fn new(
        sim: bool,
        base_url: Option<String>,
        env: Option<String>,
        timeout: Duration,
    ) -> std::io::Result<Self> {
        let sim = if sim {
            let sim = Sim::start()
                .await
                .map_err(|e| std::io::Error::new(e.kind(), format!("could not start the simulator: {e}")))?;
            eprintln!("simulator on http://{} with the spec examples loaded; signing with its test keys", sim.addr());
            Some(sim)
        } else {
            None
        };
        Ok(Self { sim, base_url, env, timeout })
    }

    pub async fn stop(self) {
        if let Some(sim) = self.sim {
            sim.stop().await;
        }
    }

    /// The URL `--base-url` or `--env` names among a client's `ENVIRONMENTS` (the spec's
    /// servers); the first of them without either.
    fn url(&self, environments: &[(&str, &str)]) -> Result<String, Missing> {
        if let Some(url) = &self.base_url {
            return Ok(url.clone());
        }
        let found = match &self.env {
            Some(name) => environments.iter().find(|(n, _)| n == name),
            None => environments.first(),
        };
        found.map(|(_, url)| url.to_string()).ok_or_else(|| {
            let names: Vec<&str> = environments.iter().map(|(n, _)| *n).collect();
            Missing(format!(
                "--env {}: this venue's spec names the environments {}",
                self.env.as_deref().unwrap_or_default(),
                names.join(", ")
            ))
        })
    }

    /// The config for one venue's REST client: the simulator's URL and keys with `--sim`;
    /// otherwise `--base-url`, `--env` or the first environment, and keys from the environment
    /// variables when the operation is signed.
    pub fn rest(
        &self,
        venue: Venue,
        environments: &[(&str, &str)],
        signed: bool,
        keys: impl FnOnce() -> Result<Credentials, Missing>,
    ) -> Result<Config, Missing> {
        let (url, credentials) = match &self.sim {
            Some(sim) => (sim.url(venue), sim_credentials(venue)),
            None => (self.url(environments)?, if signed { Some(keys()?) } else { None }),
        };
        Ok(self.config(url, credentials))
    }

    /// As [`Target::rest`], for Binance's WebSocket API.
    /// A method the spec leaves unsigned (`session.status`) needs no keys.
    pub fn ws(
        &self,
        environments: &[(&str, &str)],
        signed: bool,
        keys: impl FnOnce() -> Result<Credentials, Missing>,
    ) -> Result<Config, Missing> {
        let (url, credentials) = match &self.sim {
            Some(sim) => (sim.ws_url(), sim_credentials(Venue::BinanceUsdm)),
            None => (self.url(environments)?, if signed { Some(keys()?) } else { None }),
        };
        Ok(self.config(url, credentials))
    }

    fn config(&self, url: String, credentials: Option<Credentials>) -> Config {
        let config = Config::new(url).timeout(self.timeout);
        match credentials {
            Some(c) => config.credentials(c),
            None => config,
        }
    }
}

/// The keys the simulator takes for `venue` (its first HMAC-style account, else its first).
fn sim_credentials(venue: Venue) -> Option<Credentials> {
    let accounts = venue.accounts();
    let account = accounts.iter().find(|a| matches!(a, Account::Hmac { .. })).or(accounts.first())?;
    Some(match *account {
        Account::Hmac { key, secret } => Credentials::hmac(key, secret),
        Account::Ed25519 { key, seed } => Credentials::ed25519_from_seed(key, seed),
        Account::Bearer { token } => Credentials::bearer(token),
    })
}
