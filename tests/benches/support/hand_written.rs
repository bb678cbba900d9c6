//! The floor's types: plain serde structs with the same fields as the generated ones, written
//! the way one would by hand. Enums and ids are `String`, times `i64`, amounts `Decimal` (the
//! generated types add open enums, time newtypes and a UUID; that difference is what the
//! decoding ratio measures).
#![allow(dead_code)]

use rust_decimal::Decimal;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlgoOrder {
    pub actual_order_id: Option<String>,
    pub actual_price: Option<Decimal>,
    pub algo_id: i64,
    pub algo_status: String,
    pub algo_type: String,
    pub client_algo_id: String,
    pub close_position: Option<bool>,
    pub create_time: i64,
    pub good_till_date: Option<i64>,
    pub iceberg_quantity: Option<Decimal>,
    pub order_type: String,
    pub position_side: String,
    pub price: Option<Decimal>,
    pub price_match: Option<String>,
    pub price_protect: Option<bool>,
    pub quantity: Decimal,
    pub reduce_only: Option<bool>,
    pub self_trade_prevention_mode: Option<String>,
    pub side: String,
    pub sl_price: Option<Decimal>,
    pub sl_trigger_price: Option<Decimal>,
    pub symbol: String,
    pub time_in_force: String,
    pub tp_order_type: Option<String>,
    pub tp_price: Option<Decimal>,
    pub tp_trigger_price: Option<Decimal>,
    pub trigger_price: Option<Decimal>,
    pub trigger_time: Option<i64>,
    pub update_time: i64,
    pub working_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub activate_price: Option<Decimal>,
    pub avg_price: Decimal,
    pub client_order_id: String,
    pub close_position: bool,
    pub cum_quote: Decimal,
    pub executed_qty: Decimal,
    pub order_id: i64,
    pub orig_qty: Decimal,
    pub orig_type: String,
    pub position_side: String,
    pub price: Decimal,
    pub price_protect: bool,
    pub price_rate: Option<Decimal>,
    pub reduce_only: bool,
    pub side: String,
    pub status: String,
    pub stop_price: Decimal,
    pub symbol: String,
    pub time: i64,
    pub time_in_force: String,
    #[serde(rename = "type")]
    pub type_: String,
    pub update_time: i64,
    pub working_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTime {
    pub server_time: i64,
}

#[derive(Deserialize)]
pub struct FuturesEnvelope {
    pub code: i64,
    pub data: Option<Vec<FuturesOrder>>,
    pub message: Option<String>,
    pub msg: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FuturesOrder {
    pub base_size: Option<Decimal>,
    pub contract_type: Option<i64>,
    pub created_date: i64,
    pub current_piece: Option<Decimal>,
    pub direction: String,
    pub fee: Option<Decimal>,
    pub frozen_fee: Option<Decimal>,
    pub id: i64,
    pub index_price: Option<Decimal>,
    pub instrument: String,
    pub leverage: Option<Decimal>,
    pub liquidate_by: Option<String>,
    pub maker_fee: Option<Decimal>,
    pub margin: Option<Decimal>,
    pub order_price: Option<Decimal>,
    pub order_status: String,
    pub original_type: Option<String>,
    pub pos_type: Option<String>,
    pub position_margin: Option<Decimal>,
    pub position_model: Option<i64>,
    pub quantity: Option<Decimal>,
    pub quantity_unit: Option<i64>,
    pub source: Option<String>,
    pub status: Option<String>,
    pub stop_loss_order_price: Option<Decimal>,
    pub stop_loss_price: Option<Decimal>,
    pub stop_loss_rate: Option<Decimal>,
    pub stop_profit_order_price: Option<Decimal>,
    pub stop_profit_price: Option<Decimal>,
    pub stop_profit_rate: Option<Decimal>,
    pub taker_fee: Option<Decimal>,
    pub third_order_id: Option<String>,
    pub total_piece: Option<Decimal>,
    pub trigger_price: Option<Decimal>,
    pub trigger_type: Option<i64>,
    pub updated_date: Option<i64>,
    pub user_id: Option<i64>,
}

#[derive(Deserialize)]
pub struct SpotEnvelope {
    pub code: serde_json::Value,
    pub data: Option<SpotOrderStatus>,
    pub failed: Option<bool>,
    pub msg: Option<String>,
    pub success: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpotOrderStatus {
    pub currency_pair: String,
    pub date: Option<String>,
    pub starting_amount: Option<Decimal>,
    pub status: i64,
    pub total: Option<Decimal>,
    #[serde(rename = "type")]
    pub type_: String,
}

#[derive(Deserialize)]
pub struct P99Order {
    pub avg_fill_price: Decimal,
    pub created_at: i64,
    pub filled_qty: Decimal,
    pub id: String,
    pub price: Option<Decimal>,
    pub quantity: Option<Decimal>,
    pub quote_quantity: Option<Decimal>,
    pub reject_reason: Option<String>,
    pub side: String,
    pub status: String,
    pub symbol: String,
    pub tif: Option<String>,
    #[serde(rename = "type")]
    pub type_: String,
    pub updated_at: i64,
}
