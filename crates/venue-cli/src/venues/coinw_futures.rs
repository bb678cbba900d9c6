use coinw_futures::Client;
use serde_json::Value;
use venue_sim::Venue;

use super::Failure;
use crate::generated::commands::CoinwFutures;
use crate::keys;
use crate::target::Target;

pub async fn run(command: CoinwFutures, target: &Target) -> Result<Value, Failure> {
    let config =
        target.rest(Venue::CoinwFutures, Client::ENVIRONMENTS, command.is_signed(), || keys::coinw("coinw-futures"))?;
    command.run(|| Ok(Client::with_config(config)?)).await
}
