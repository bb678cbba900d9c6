use coinw_spot::Client;
use serde_json::Value;
use venue_sim::Venue;

use super::{Failure, json};
use crate::generated::commands::{CoinwSpot, coinw_spot as args};
use crate::keys;
use crate::target::Target;

pub async fn run(command: CoinwSpot, target: &Target) -> Result<Value, Failure> {
    let config =
        target.rest(Venue::CoinwSpot, Client::PRODUCTION_URL, command.is_signed(), || keys::coinw("coinw-spot"))?;
    match command {
        CoinwSpot::ReturnOrderStatus(args::ReturnOrderStatus { order_number }) => {
            json(&Client::with_config(config)?.order_status(&order_number).await?)
        }
    }
}
