use p99_spot::Client;
use venue_sim::Venue;

use super::{Answer, Failure};
use crate::generated::commands::P99Spot;
use crate::keys;
use crate::target::Target;

pub async fn run(command: P99Spot, target: &Target) -> Result<Answer, Failure> {
    let config = target.rest(Venue::P99Spot, Client::ENVIRONMENTS, command.is_signed(), keys::p99)?;
    command.run(|| Ok(Client::with_config(config)?)).await
}
