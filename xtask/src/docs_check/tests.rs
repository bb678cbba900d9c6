//! docs-check against the real specs, with fixture pages written for these tests in each docs
//! site's layout (`xtask/tests/fixtures/docs-pages/`): each agrees with its spec as written,
//! and each mutation is reported with its kind and item.

use std::path::{Path, PathBuf};

use super::spec_side::{self, SpecOp};
use super::{Difference, check_text};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The specs' operations, without the fingerprints recorded from the real pages: the fixture
/// pages are other pages (the fingerprint has its own test).
fn ops() -> Vec<SpecOp> {
    let mut ops = spec_side::load(&root()).unwrap();
    for op in &mut ops {
        op.docs_sha256 = None;
    }
    ops
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(root().join("xtask/tests/fixtures/docs-pages").join(name)).unwrap()
}

fn differences(text: &str, ops: &[SpecOp]) -> Vec<(&'static str, String, bool)> {
    let (_, _, found) = check_text(text, ops).unwrap_or_else(|why| panic!("unreadable: {why}"));
    found.into_iter().map(|Difference { kind, item, spec_must_change, .. }| (kind, item, spec_must_change)).collect()
}

const PAGES: [(&str, &str, &str); 5] = [
    ("binance-rest.md", "binance-usdm", "query_order"),
    ("binance-ws.md", "binance-usdm", "order.status"),
    ("coinw-futures.md", "coinw-futures", "get_order_information"),
    ("coinw-spot.md", "coinw-spot", "return_order_status"),
    ("p99.md", "p99-spot", "query_order"),
];

#[test]
fn each_fixture_page_matches_its_operation_and_agrees_with_the_spec() {
    let ops = ops();
    for (page, venue, operation) in PAGES {
        let (_, op, found) = check_text(&fixture(page), &ops).unwrap();
        assert_eq!((op.venue.as_str(), op.id.as_str()), (venue, operation), "{page}");
        assert_eq!(found, vec![], "{page}");
    }
}

/// `(page, replace this, with this, the differences expected)`.
type Mutation = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str, bool)]);

const MUTATIONS: &[Mutation] = &[
    // Parameters.
    (
        "binance-rest.md",
        "recvWindow| LONG| NO|",
        "recvWindow| LONG| NO|  \nnewParam| STRING| NO|",
        &[("param-added", "newParam", true)],
    ),
    ("binance-rest.md", "origClientOrderId| STRING| NO|", "", &[("param-not-on-page", "origClientOrderId", false)]),
    (
        "binance-rest.md",
        "orderId| LONG| NO|",
        "orderNo| LONG| NO|",
        &[("param-added", "orderNo", true), ("param-not-on-page", "orderId", false)],
    ),
    ("binance-rest.md", "orderId| LONG| NO|", "orderId| BOOLEAN| NO|", &[("param-type", "orderId", true)]),
    (
        "binance-rest.md",
        "origClientOrderId| STRING| NO|",
        "origClientOrderId| STRING| YES|",
        &[("param-mandatory", "origClientOrderId", true)],
    ),
    ("binance-ws.md", "symbol| STRING| YES|", "symbol| STRING| NO|", &[("param-mandatory", "symbol", true)]),
    (
        "coinw-futures.md",
        "execute/plan/moveStop/stopProfitLoss",
        "execute/plan/moveStop/stopProfitLoss/twap",
        &[("param-value-added", "positionType=twap", true)],
    ),
    // A value named only in the prose.
    (
        "coinw-futures.md",
        "and \"moveStopProfitLoss\".",
        "and \"moveStopProfitLoss\", and \"iceberg\".",
        &[("param-value-added", "positionType=iceberg", true)],
    ),
    // Fields, in the table and in the example separately.
    (
        "coinw-futures.md",
        "| source | String |",
        "| rebate | BigDecimal | Fee rebate |\n| source | String |",
        &[("field-added", "rebate", true)],
    ),
    (
        "coinw-futures.md",
        "| thirdOrderId | String | The order's thirdOrderId |\n",
        "",
        &[("field-not-in-table", "thirdOrderId", false)],
    ),
    (
        "coinw-futures.md",
        "'userId': 1162061}",
        "'userId': 1162061,\n'rebate': 0.1}",
        &[("field-added", "rebate", true)],
    ),
    ("coinw-futures.md", "'createdDate': 1740905644000,\n", "", &[("field-not-in-example", "createdDate", true)]),
    ("coinw-futures.md", "| userId | Long |", "| userId | BigDecimal |", &[("field-type", "userId", true)]),
    ("coinw-spot.md", "'currencyPair': 'BTC_USDT'", "'currencyPair': 7", &[("example-type", "currencyPair", true)]),
    ("binance-rest.md", "\"symbol\": \"BTCUSDT\"", "\"symbol\": 17", &[("example-type", "symbol", true)]),
    ("binance-ws.md", "\"clientOrderId\": \"abc\",\n", "", &[("field-not-in-example", "clientOrderId", true)]),
    (
        "p99.md",
        "\"symbol\": \"DFUSDT\",",
        "\"symbol\": \"DFUSDT\",\n\"fee_rate\": \"0.001\",",
        &[("field-added", "fee_rate", true)],
    ),
    // Enum values a field's description lists.
    (
        "coinw-futures.md",
        "One of: long/short",
        "One of: long/short/flat",
        &[("enum-value-added", "direction=flat", true)],
    ),
    (
        "p99.md",
        "filled / canceled / rejected",
        "filled / canceled / rejected / archived",
        &[("enum-value-added", "status=archived", true)],
    ),
    // Endpoint, weight, frequency limit and errors.
    ("binance-rest.md", "GET `/fapi/v1/order`", "POST `/fapi/v1/order`", &[("endpoint", "query_order", true)]),
    ("binance-rest.md", "GET `/fapi/v1/order`", "GET `/fapi/v2/order`", &[("endpoint", "query_order", true)]),
    ("coinw-spot.md", "Request Method\nPOST", "Request Method\nGET", &[("endpoint", "return_order_status", true)]),
    ("binance-rest.md", "**1**", "**5**", &[("weight", "request weight", true)]),
    ("p99.md", "0——示例。", "2——示例。", &[("weight", "request weight", true)]),
    ("coinw-spot.md", "30 requests/2s", "20 requests/2s", &[("rate-limit", "frequency limit", true)]),
    (
        "p99.md",
        "500DB_ERROR服务端故障。",
        "500DB_ERROR服务端故障。\n503BUSY稍后重试。",
        &[("error-added", "503 BUSY", true)],
    ),
];

#[test]
fn each_mutation_is_reported_with_its_kind_and_item() {
    let ops = ops();
    for (page, from, to, expected) in MUTATIONS {
        let text = fixture(page);
        assert!(text.contains(from), "{page}: the fixture has no {from:?}");
        let mutated = text.replacen(from, to, 1);
        let found = differences(&mutated, &ops);
        let expected: Vec<(&str, String, bool)> = expected.iter().map(|(k, i, m)| (*k, i.to_string(), *m)).collect();
        assert_eq!(found, expected, "{page}: {from:?} → {to:?}");
    }
}

#[test]
fn a_page_no_parser_knows_or_that_matches_no_operation_is_refused_with_why() {
    let ops = ops();
    let unknown = check_text("# Some other exchange\n\nGET /v5/order\n", &ops).unwrap_err();
    assert!(unknown.contains("no layout this tool knows"), "{unknown}");
    let nowhere = fixture("binance-rest.md")
        .replace("source_url: https://developers.binance.com/docs/derivatives/usds-margined-futures/trade/rest-api/Query-Order", "source_url: https://developers.binance.com/docs/elsewhere")
        .replace("GET `/fapi/v1/order`", "GET `/fapi/v9/nothing`");
    let why = check_text(&nowhere, &ops).unwrap_err();
    assert!(why.contains("no spec operation documents GET /fapi/v9/nothing"), "{why}");
    let broken = fixture("coinw-spot.md").replace("'msg': 'SUCCESS'", "'msg': 'SUCCESS");
    let why = check_text(&broken, &ops).unwrap_err();
    assert!(why.contains("never closes") || why.contains("no complete"), "{why}");
}

#[test]
fn a_recorded_fingerprint_that_no_longer_matches_is_a_difference() {
    let mut ops = ops();
    let text = fixture("p99.md");
    let (page, _, _) = check_text(&text, &ops).unwrap();
    for op in ops.iter_mut().filter(|o| o.venue == "p99-spot") {
        op.docs_sha256 = Some(page.sha256.clone());
    }
    assert_eq!(differences(&text, &ops), vec![]);
    let changed = text.replace("按 id 查询一笔订单", "按订单 id 查询一笔订单");
    assert_eq!(differences(&changed, &ops), vec![("page-changed", "page fingerprint".to_string(), false)]);
}
