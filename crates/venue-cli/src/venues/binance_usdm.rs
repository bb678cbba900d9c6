use binance_usdm::{AlgoOrderRef, Client, OrderRef, WsClient};
use serde_json::Value;
use venue_sim::Venue;

use super::{Failure, json, one_of};
use crate::generated::commands::{BinanceUsdm, binance_usdm as args};
use crate::keys;
use crate::target::Target;

pub async fn run(command: BinanceUsdm, target: &Target) -> Result<Value, Failure> {
    let signed = command.is_signed();
    let rest = || -> Result<Client, Failure> {
        Ok(Client::with_config(target.rest(Venue::BinanceUsdm, Client::PRODUCTION_URL, signed, keys::binance)?)?)
    };
    let ws = || -> Result<WsClient, Failure> {
        Ok(WsClient::with_config(target.ws(WsClient::PRODUCTION_URL, signed, keys::binance)?)?)
    };
    match command {
        BinanceUsdm::QueryAlgoOrder(args::QueryAlgoOrder { algo_id, client_algo_id }) => {
            let order = one_of(
                algo_id,
                client_algo_id,
                AlgoOrderRef::AlgoId,
                AlgoOrderRef::ClientAlgoId,
                "--algo-id, --client-algo-id",
            )?;
            json(&rest()?.query_algo_order(order).await?)
        }
        BinanceUsdm::QueryOrder(args::QueryOrder { symbol, order_id, orig_client_order_id }) => {
            let order = one_of(
                order_id,
                orig_client_order_id,
                OrderRef::OrderId,
                OrderRef::OrigClientOrderId,
                "--order-id, --orig-client-order-id",
            )?;
            json(&rest()?.query_order(&symbol, order).await?)
        }
        BinanceUsdm::ServerTime(args::ServerTime {}) => json(&rest()?.server_time().await?.get()),
        BinanceUsdm::WsOrderStatus(args::WsOrderStatus { symbol, order_id, orig_client_order_id }) => {
            let order = one_of(
                order_id,
                orig_client_order_id,
                OrderRef::OrderId,
                OrderRef::OrigClientOrderId,
                "--order-id, --orig-client-order-id",
            )?;
            json(&ws()?.order_status(&symbol, order).await?)
        }
        BinanceUsdm::WsSessionLogout(args::WsSessionLogout {}) => json(&ws()?.session_logout().await?),
        BinanceUsdm::WsSessionStatus(args::WsSessionStatus {}) => json(&ws()?.session_status().await?),
    }
}
