use coinw_futures::{Client, OrderQuery, PositionType};
use serde_json::Value;
use venue_sim::Venue;

use super::{Failure, json};
use crate::generated::commands::{CoinwFutures, coinw_futures as args};
use crate::keys;
use crate::target::Target;

pub async fn run(command: CoinwFutures, target: &Target) -> Result<Value, Failure> {
    let config = target
        .rest(Venue::CoinwFutures, Client::PRODUCTION_URL, command.is_signed(), || keys::coinw("coinw-futures"))?;
    match command {
        CoinwFutures::GetOrderInformation(args::GetOrderInformation { source_ids, position_type, instrument }) => {
            let position_type: PositionType = position_type.parse().unwrap_or_else(|never| match never {});
            // `--source-ids 1,2` is parsed by clap; more than the spec's maxItems is refused by
            // the library before sending (exit 2).
            let mut query = OrderQuery::new(position_type).source_ids(source_ids);
            if let Some(instrument) = instrument {
                query = query.instrument(instrument);
            }
            json(&Client::with_config(config)?.get_order_information(&query).await?)
        }
    }
}
