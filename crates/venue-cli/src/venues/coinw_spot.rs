use coinw_spot::Client;
use venue_sim::Venue;

use super::{Answer, Failure};
use crate::generated::commands::CoinwSpot;
use crate::keys;
use crate::target::Target;

pub async fn run(command: CoinwSpot, target: &Target) -> Result<Answer, Failure> {
    let config =
        target.rest(Venue::CoinwSpot, Client::ENVIRONMENTS, command.is_signed(), || keys::coinw("coinw-spot"))?;
    command.run(|| Ok(Client::with_config(config)?)).await
}
