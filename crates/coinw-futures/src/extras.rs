//! Compound calls over the generated front: only what no single operation of the spec does.

use venue_sdk_core::{Error, ErrorCode};

use crate::generated::operations;
use crate::{Client, FuturesOrder, OrderQuery, PositionType};

/// The venue accepts at most this many order ids per query (the spec's `maxItems`).
pub const MAX_ORDER_IDS: usize = OrderQuery::MAX_SOURCE_IDS;

impl Client {
    /// One unfilled order by id, over [`Client::get_order_information`]; [`Error::NotFound`]
    /// when the venue does not return it.
    pub async fn get_order(&self, position_type: PositionType, order_id: i64) -> crate::Result<FuturesOrder> {
        let orders = self.get_order_information(&OrderQuery::new(position_type).source_ids([order_id])).await?;
        let missing = || Error::NotFound {
            status: 200,
            code: ErrorCode::Number(0),
            message: format!("order {order_id} is not among the orders the venue returned"),
        };
        orders
            .into_iter()
            .find(|o| o.id == order_id)
            .ok_or_else(|| missing().explain_not_found(operations::GET_ORDER_INFORMATION.not_found))
    }
}
