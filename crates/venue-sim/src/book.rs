use std::collections::BTreeMap;

use serde_json::Value;

use crate::Venue;

/// An order as the simulator will send it: JSON it serialises, or a raw body sent as is (for
/// testing what clients do with malformed answers).
#[derive(Clone, Debug)]
pub enum Stored {
    Json(Value),
    Raw(String),
}

/// Orders per venue, keyed as each venue looks them up: Binance algo orders by `algoId` and
/// `clientAlgoId` and orders by symbol and id (see [`OrderBook::binance_order_key`]), CoinW futures by `id`, CoinW spot by order number, p99 by UUID.
#[derive(Clone, Debug, Default)]
pub struct OrderBook {
    orders: BTreeMap<(Venue, String), Stored>,
}

impl OrderBook {
    /// The book with every spec's embedded response example.
    pub fn seeded() -> Self {
        let mut book = Self::default();
        for (venue, order) in crate::seed::examples() {
            book.insert(venue, order);
        }
        book
    }

    /// Adds an order under the keys its venue looks it up by.
    pub fn insert(&mut self, venue: Venue, order: Value) {
        for key in keys(venue, &order) {
            self.orders.insert((venue, key), Stored::Json(order.clone()));
        }
    }

    /// Stores a raw body to answer for `key` (an id as the venue's query names it).
    pub fn insert_raw(&mut self, venue: Venue, key: impl Into<String>, body: impl Into<String>) {
        self.orders.insert((venue, key.into()), Stored::Raw(body.into()));
    }

    /// The key a Binance order (not an algo order) is stored under, for [`OrderBook::insert_raw`].
    pub fn binance_order_key(symbol: &str, order_id: i64) -> String {
        crate::venues::order_key(symbol, &order_id.to_string())
    }

    pub fn get(&self, venue: Venue, key: &str) -> Option<&Stored> {
        self.orders.get(&(venue, key.to_string()))
    }

    pub fn remove(&mut self, venue: Venue, key: &str) -> Option<Stored> {
        self.orders.remove(&(venue, key.to_string()))
    }

    /// Every distinct order of a venue, in key order.
    pub fn all(&self, venue: Venue) -> Vec<&Stored> {
        let mut seen = Vec::new();
        let mut out: Vec<&Stored> = Vec::new();
        for ((v, _), stored) in &self.orders {
            if *v != venue {
                continue;
            }
            let fingerprint = match stored {
                Stored::Json(j) => j.to_string(),
                Stored::Raw(r) => r.clone(),
            };
            if !seen.contains(&fingerprint) {
                seen.push(fingerprint);
                out.push(stored);
            }
        }
        out
    }
}

fn keys(venue: Venue, order: &Value) -> Vec<String> {
    venue.order_keys(order)
}
