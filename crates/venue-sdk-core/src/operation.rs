/// One operation of a venue spec, as the xtask writes it into `generated/operations.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    /// The spec's `operationId`; progenitor passes it to the hooks.
    pub id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path as the spec writes it, with `{name}` for path parameters.
    pub path: &'static str,
    /// The spec's summary, which follows the docs page's title.
    pub summary: &'static str,
    /// The venue page the spec was written from, and the date it was read.
    pub doc_url: &'static str,
    /// When the docs page was last read against the spec (`x-docs-read`).
    pub docs_read: &'static str,
    /// Signing rules of the accepted security schemes (`x-signing`); empty when public.
    pub signing: &'static [&'static str],
    /// Parameters the docs list that the auth layer fills in.
    pub injected: &'static [Injected],
    /// The spec's `x-retry-safe`: sending it twice does no harm (a query), so transient
    /// failures are retried. Operations that change state are never retried by default.
    pub retry_safe: bool,
    /// Where each accepted security scheme that carries an API key puts it (the scheme's `in`
    /// and `name`), by signing rule.
    pub api_keys: &'static [ApiKeyPlacement],
    /// The spec's `x-not-found`: when the venue's docs say an order is not found. It joins the
    /// message of every [`Error::NotFound`](crate::Error::NotFound) the operation returns.
    pub not_found: Option<&'static str>,
    /// The spec's `x-refuse` rules: parameter values the docs rule out, refused before sending.
    pub refusals: &'static [Refusal],
}

/// A parameter value the venue's docs rule out (the spec's `x-refuse`): one containing
/// `contains` is refused before anything is sent, because `why`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The parameter the rule is about.
    pub param: &'static str,
    /// The text its value must not contain.
    pub contains: &'static str,
    /// Why, as the spec says it.
    pub why: &'static str,
}

impl Refusal {
    /// `value` of parameter `param`, unless this rule refuses it.
    pub fn check(&self, param: &str, value: &str) -> Result<(), String> {
        if param == self.param && value.contains(self.contains) {
            return Err(format!("`{param}` contains {:?}: {}; not sent", self.contains, self.why));
        }
        Ok(())
    }
}

/// Where a security scheme puts the API key: the spec's `apiKey` scheme `in` and `name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKeyPlacement {
    /// The scheme's `x-signing` rule.
    pub rule: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Its name on the wire.
    pub name: &'static str,
}

impl Operation {
    /// Whether requests carry a signature or a key.
    pub fn is_signed(&self) -> bool {
        !self.signing.is_empty()
    }

    /// Where the scheme signed by `rule` puts the API key.
    pub fn api_key(&self, rule: &str) -> Option<&ApiKeyPlacement> {
        self.api_keys.iter().find(|k| k.rule == rule)
    }

    /// The injected parameter of this kind, if the operation has one.
    pub fn injected(&self, kind: InjectedKind) -> Option<&Injected> {
        self.injected.iter().find(|i| i.kind == kind)
    }

    /// The entry for `id` in a generated table.
    pub fn find(table: &'static [Operation], id: &str) -> Option<&'static Operation> {
        table.iter().find(|op| op.id == id)
    }
}

/// A parameter the docs list that the SDK fills in (`x-injected`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Injected {
    /// Its name on the wire.
    pub name: &'static str,
    /// Where it goes.
    pub location: Location,
    /// What it carries.
    pub kind: InjectedKind,
    /// Whether the venue requires it.
    pub required: bool,
    /// The spec's `maximum` for the value (Binance's recvWindow: 60000); a larger one is refused
    /// before anything is sent, since the venue would refuse it anyway.
    pub maximum: Option<i64>,
}

impl Injected {
    /// `value`, unless it is above the spec's maximum.
    pub fn checked(&self, value: u64) -> Result<i64, String> {
        let value = i64::try_from(value).unwrap_or(i64::MAX);
        match self.maximum {
            Some(max) if value > max => {
                Err(format!("`{}` of {value} is above the venue's maximum of {max} (its spec); not sent", self.name))
            }
            _ => Ok(value),
        }
    }
}

/// Where an injected parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// The query string.
    Query,
    /// A header.
    Header,
    /// In a WebSocket request's `params` object.
    Params,
}

/// One operation of a venue's WebSocket API, as the xtask writes it into `generated/ws.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WsOperation {
    /// The `method` a request sends: `order.status`.
    pub method: &'static str,
    /// The spec's summary, which follows the docs page's title.
    pub summary: &'static str,
    /// The venue page the spec was written from, and the date it was read.
    pub doc_url: &'static str,
    /// When the docs page was last read against the spec (`x-docs-read`).
    pub docs_read: &'static str,
    /// The request weight the docs give, counted against the connection's IP.
    pub weight: Option<u32>,
    /// The spec's `x-retry-safe`: a query. A rejected timestamp is followed by one clock
    /// measurement and one more attempt; other operations are sent once.
    pub retry_safe: bool,
    /// Signing rules of the accepted security schemes (`x-signing`), any one of which will do;
    /// empty when the method needs no auth.
    pub signing: &'static [&'static str],
    /// Parameters the docs list that the runtime fills in.
    pub injected: &'static [Injected],
    /// The spec's `x-not-found`: when the venue's docs say an order is not found.
    pub not_found: Option<&'static str>,
}

/// A WebSocket API's clock source (the spec's `x-clock`): an unsigned operation whose reply
/// carries the venue's time in milliseconds at the JSON pointer `server_time`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WsClock {
    /// The method whose reply carries the time.
    pub operation: &'static WsOperation,
    /// The reply's field holding the time, in milliseconds.
    pub server_time: &'static str,
}

impl WsOperation {
    /// Whether requests carry a signature or a key.
    pub fn is_signed(&self) -> bool {
        !self.signing.is_empty()
    }

    /// The injected parameter of this kind, if the method has one.
    pub fn injected(&self, kind: InjectedKind) -> Option<&Injected> {
        self.injected.iter().find(|i| i.kind == kind)
    }
}

/// What an injected parameter carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InjectedKind {
    /// The request's timestamp in venue time.
    Timestamp,
    /// The `recvWindow` from the config.
    RecvWindow,
    /// The signature.
    Signature,
    /// The API key.
    ApiKey,
    /// Always this value (CoinW spot's `command=returnOrderStatus`).
    Constant(&'static str),
}
