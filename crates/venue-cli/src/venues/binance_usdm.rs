use binance_usdm::{Client, WsClient};
use venue_sim::Venue;

use super::{Answer, Failure};
use crate::generated::commands::BinanceUsdm;
use crate::keys;
use crate::target::Target;

pub async fn run(command: BinanceUsdm, target: &Target) -> Result<Answer, Failure> {
    let signed = command.is_signed();
    let rest = || -> Result<Client, Failure> {
        Ok(Client::with_config(target.rest(Venue::BinanceUsdm, Client::ENVIRONMENTS, signed, keys::binance)?)?)
    };
    let ws = || -> Result<WsClient, Failure> {
        Ok(WsClient::with_config(target.ws(WsClient::ENVIRONMENTS, signed, keys::binance)?)?)
    };
    command.run(rest, ws).await
}
