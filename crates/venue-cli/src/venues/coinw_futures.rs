use coinw_futures::Client;
use venue_sim::Venue;

use super::{Answer, Failure};
use crate::generated::commands::CoinwFutures;
use crate::keys;
use crate::target::Target;

pub async fn run(command: CoinwFutures, target: &Target) -> Result<Answer, Failure> {
    let config =
        target.rest(Venue::CoinwFutures, Client::ENVIRONMENTS, command.is_signed(), || keys::coinw("coinw-futures"))?;
    command.run(|| Ok(Client::with_config(config)?)).await
}
