use p99_spot::{Client, Uuid};
use serde_json::Value;
use venue_sim::Venue;

use super::{Failure, json};
use crate::generated::commands::{P99Spot, p99_spot as args};
use crate::keys;
use crate::target::Target;

pub async fn run(command: P99Spot, target: &Target) -> Result<Value, Failure> {
    let config = target.rest(Venue::P99Spot, Client::SEPOLIA_URL, command.is_signed(), keys::p99)?;
    match command {
        P99Spot::QueryOrder(args::QueryOrder { id }) => {
            let id: Uuid = id.parse().map_err(|_| {
                Failure::Usage(format!("{id:?} is not an order id (a UUID, e.g. 9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10)"))
            })?;
            json(&Client::with_config(config)?.query_order(&id).await?)
        }
    }
}
