use coinw_futures::{Client, MAX_ORDER_IDS, OrderQuery, PositionType};
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
            let mut query = OrderQuery::new(position_type).order_ids(order_ids(source_ids.as_deref())?);
            if let Some(instrument) = instrument {
                query = query.instrument(instrument);
            }
            json(&Client::with_config(config)?.get_order_information(&query).await?)
        }
    }
}

/// `--source-ids 1,2,3` as the venue's order ids, checked here so a typo is not a venue error.
fn order_ids(list: Option<&str>) -> Result<Vec<i64>, Failure> {
    let Some(list) = list else { return Ok(Vec::new()) };
    let ids = list
        .split(',')
        .map(str::trim)
        .map(|id| {
            id.parse::<i64>().map_err(|_| {
                Failure::Usage(format!("--source-ids: {id:?} is not an order id (digits, comma-separated)"))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if ids.len() > MAX_ORDER_IDS {
        return Err(Failure::Usage(format!(
            "--source-ids: the venue takes at most {MAX_ORDER_IDS} ids, {} given",
            ids.len()
        )));
    }
    Ok(ids)
}
