//! A WebSocket request's `params`, in the order the generated method adds them.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// One param value. JSON keeps the type (`orderId` goes as a number); signing uses the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A string, sent as a JSON string.
    Text(String),
    /// An integer, sent as a JSON number.
    Integer(i64),
    /// A boolean.
    Boolean(bool),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(s) => f.write_str(s),
            Self::Integer(n) => n.fmt(f),
            Self::Boolean(b) => b.fmt(f),
        }
    }
}

impl Serialize for ParamValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(s) => serializer.serialize_str(s),
            Self::Integer(n) => serializer.serialize_i64(*n),
            Self::Boolean(b) => serializer.serialize_bool(*b),
        }
    }
}

/// The params of one request; serialises as a JSON object in insertion order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Params {
    items: Vec<(&'static str, ParamValue)>,
}

impl Params {
    /// No params.
    pub fn new() -> Self {
        Self { items: Vec::with_capacity(8) }
    }

    /// Adds a text param.
    pub fn text(&mut self, name: &'static str, value: &str) {
        self.items.push((name, ParamValue::Text(value.to_string())));
    }

    /// Adds an integer param.
    pub fn integer(&mut self, name: &'static str, value: i64) {
        self.items.push((name, ParamValue::Integer(value)));
    }

    /// Adds a boolean param.
    pub fn boolean(&mut self, name: &'static str, value: bool) {
        self.items.push((name, ParamValue::Boolean(value)));
    }

    /// The value of the param named `name`.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.items.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// Every param, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ParamValue)> {
        self.items.iter().map(|(n, v)| (*n, v))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.items.len()))?;
        for (name, value) in &self.items {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// `{"id":…,"method":…,"params":{…}}`, the request frame; `params` is left out when empty.
pub fn request_frame(id: u64, method: &str, params: &Params) -> Result<String, serde_json::Error> {
    #[derive(serde::Serialize)]
    struct Frame<'a> {
        id: u64,
        method: &'a str,
        #[serde(skip_serializing_if = "Params::is_empty")]
        params: &'a Params,
    }
    serde_json::to_string(&Frame { id, method, params })
}
