//! Binance USDⓈ-M WebSocket API at `/ws-fapi/v1`: `order.status` and the session methods.
//!
//! Requests are signed over their params sorted by name, values raw (the spec's `signedParams` scheme), or go unsigned
//! on a session logged on with an Ed25519 key. Errors are `{id, status, error: {code, msg}}`
//! frames with the REST API's codes. Assumptions, as the docs give no example: a frame that is not
//! JSON or names an unknown method gets status 400 with code -1000 and `id` null when unreadable;
//! a logon with an HMAC key gets status 401 with code -4056.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State as Axum;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Map, Value, json};
use tokio::sync::mpsc;

use crate::seed::number_code;
use crate::server::State;
use crate::{Stored, Venue, accounts};

pub const PATH: &str = "/ws-fapi/v1";

pub(super) fn routes() -> Router<Arc<State>> {
    Router::new().route(PATH, get(upgrade))
}

async fn upgrade(Axum(state): Axum<Arc<State>>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| connection(socket, state))
}

/// One connection's session.
struct Session {
    logged_on: Option<String>,
    connected_since: i64,
    weight_used: i64,
}

async fn connection(socket: WebSocket, state: Arc<State>) {
    let control = &state.ws;
    control.connected();
    let (mut sink, mut stream) = socket.split();
    let (out, mut outgoing) = mpsc::unbounded_channel::<Message>();
    let writer = tokio::spawn(async move {
        while let Some(message) = outgoing.recv().await {
            let close = matches!(message, Message::Close(_));
            if sink.send(message).await.is_err() || close {
                break;
            }
        }
    });
    let (interval, payload) = control.ping();
    let pinger = {
        let out = out.clone();
        let state = state.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
            loop {
                ticks.tick().await;
                if state.ws.is_gone_silent() {
                    continue;
                }
                if out.send(Message::Ping(payload.clone().into())).is_err() {
                    break;
                }
            }
        })
    };
    let mut close = control.close_signal();
    let mut silence = control.silence_signal();
    let mut raw = control.raw_frames();
    let mut session = Session { logged_on: None, connected_since: state.now_ms(), weight_used: 0 };
    let mut held: Vec<String> = Vec::new();
    loop {
        tokio::select! {
            // A silent venue reads nothing more (so it answers no ping) until it is closed.
            message = stream.next(), if !control.is_gone_silent() => match message {
                Some(Ok(Message::Text(text))) => {
                    control.request();
                    if let Some(mut reply) = control.take_scripted() {
                        let id = serde_json::from_str::<Value>(text.as_str()).ok().and_then(|r| r.get("id").cloned());
                        reply["id"] = id.unwrap_or(Value::Null);
                        let _ = out.send(Message::text(reply.to_string()));
                        continue;
                    }
                    let Some(reply) = answer(&state, &mut session, text.as_str()) else { continue };
                    if control.take_drop() {
                        continue;
                    }
                    if control.take_reorder() {
                        held.push(reply);
                        if !control.reorder_pending() {
                            for reply in held.drain(..).rev() {
                                let _ = out.send(Message::text(reply));
                            }
                        }
                        continue;
                    }
                    match control.reply_delay() {
                        Some(delay) => {
                            let out = out.clone();
                            tokio::spawn(async move {
                                tokio::time::sleep(delay).await;
                                let _ = out.send(Message::text(reply));
                            });
                        }
                        None => {
                            let _ = out.send(Message::text(reply));
                        }
                    }
                }
                Some(Ok(Message::Pong(payload))) => control.record_pong(&payload),
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
            _ = close.changed() => break,
            // Wakes the loop so that the guards above see the new setting.
            _ = silence.changed() => {}
            frame = raw.recv(), if !control.is_gone_silent() => {
                if let Ok(frame) = frame {
                    let _ = out.send(Message::text(frame));
                }
            }
        }
    }
    pinger.abort();
    let _ = out.send(Message::Close(None));
    drop(out);
    // Give the writer a moment to send the close frame, then drop the socket either way.
    let _ = tokio::time::timeout(Duration::from_millis(200), writer).await;
}

fn error(id: &Value, status: u16, code: i64, msg: &str) -> String {
    json!({ "id": id, "status": status, "error": { "code": code, "msg": msg } }).to_string()
}

/// The reply to one request frame; `None` to stay silent (an order told never to answer).
fn answer(state: &State, session: &mut Session, text: &str) -> Option<String> {
    let Ok(request) = serde_json::from_str::<Value>(text) else {
        return Some(error(&Value::Null, 400, -1000, "Malformed request: not JSON."));
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = request.get("params").and_then(Value::as_object).cloned().unwrap_or_default();
    match request.get("method").and_then(Value::as_str) {
        Some("order.status") => order_status(state, session, &id, &params),
        Some("session.logon") => Some(logon(state, session, &id, &params)),
        Some("session.status") => Some(session_reply(state, session, &id)),
        Some("session.logout") => {
            session.logged_on = None;
            Some(session_reply(state, session, &id))
        }
        _ => Some(error(&id, 400, -1000, "Unknown method.")),
    }
}

/// A param as the signature payload has it: strings raw, numbers and booleans as JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The venue's checks: API key, signature over the sorted params, then the time window.
fn check_signed(state: &State, id: &Value, params: &Map<String, Value>) -> Result<String, String> {
    let key = params.get("apiKey").map(text).unwrap_or_default();
    let Some(signature) = params.get("signature").map(text) else {
        return Err(error(
            id,
            400,
            -1102,
            "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.",
        ));
    };
    let mut pairs: Vec<(&String, String)> =
        params.iter().filter(|(k, _)| *k != "signature").map(|(k, v)| (k, text(v))).collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let payload = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let Some(valid) = super::binance_usdm::signature_valid(&key, &payload, &signature) else {
        return Err(error(id, 401, -2015, "Invalid API-key, IP, or permissions for action."));
    };
    if !valid {
        return Err(error(id, 400, -1022, "Signature for this request is not valid."));
    }
    check_time(state, id, params)?;
    Ok(key)
}

fn check_time(state: &State, id: &Value, params: &Map<String, Value>) -> Result<(), String> {
    let Some(timestamp) = params.get("timestamp").and_then(Value::as_i64) else {
        return Err(error(
            id,
            400,
            -1102,
            "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.",
        ));
    };
    let window = match params.get("recvWindow") {
        None => 5000,
        Some(w) => match w.as_i64() {
            Some(w) if (0..=60_000).contains(&w) => w,
            _ => return Err(error(id, 400, -1131, "recvWindow must be less than 60000")),
        },
    };
    if !super::binance_usdm::in_window(state.now_ms(), timestamp, window) {
        let code = number_code(Venue::BinanceUsdm, "clock");
        return Err(error(id, 400, code, "Timestamp for this request is outside of the recvWindow."));
    }
    Ok(())
}

fn order_status(state: &State, session: &mut Session, id: &Value, params: &Map<String, Value>) -> Option<String> {
    let checked = if session.logged_on.is_some() && !params.contains_key("signature") {
        check_time(state, id, params)
    } else {
        check_signed(state, id, params).map(|_| ())
    };
    if let Err(reply) = checked {
        return Some(reply);
    }
    let symbol = params.get("symbol").map(text).unwrap_or_default();
    let order_id = params.get("orderId").and_then(Value::as_i64);
    if order_id.is_some_and(|o| state.ws.is_silent(o)) {
        return None;
    }
    let key = match (order_id, params.get("origClientOrderId").map(text)) {
        (Some(order_id), _) => super::binance_usdm::order_key(&symbol, &order_id.to_string()),
        (None, Some(client)) => super::binance_usdm::client_order_key(&symbol, &client),
        (None, None) => {
            return Some(error(
                id,
                400,
                -1102,
                "Param 'orderId' or 'origClientOrderId' must be sent, but both were empty/null!",
            ));
        }
    };
    session.weight_used += 1;
    let limits = json!([{ "rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": 2400, "count": session.weight_used }]);
    let reply = match state.book().get(Venue::BinanceUsdm, &key) {
        Some(Stored::Json(order)) => format!(r#"{{"id":{id},"status":200,"result":{order},"rateLimits":{limits}}}"#),
        Some(Stored::Raw(body)) => format!(r#"{{"id":{id},"status":200,"result":{body},"rateLimits":{limits}}}"#),
        None => {
            let code = number_code(Venue::BinanceUsdm, "not-found");
            json!({ "id": id, "status": 400, "error": { "code": code, "msg": "Order does not exist." }, "rateLimits": limits })
                .to_string()
        }
    };
    Some(reply)
}

fn logon(state: &State, session: &mut Session, id: &Value, params: &Map<String, Value>) -> String {
    let key = match check_signed(state, id, params) {
        Ok(key) => key,
        Err(reply) => return reply,
    };
    if key != accounts::BINANCE_ED25519_KEY {
        return error(id, 401, -4056, "HMAC_SHA256 API key is not supported.");
    }
    session.logged_on = Some(key);
    state.ws.logged_on();
    session_reply(state, session, id)
}

fn session_reply(state: &State, session: &Session, id: &Value) -> String {
    let now = state.now_ms();
    json!({
        "id": id,
        "status": 200,
        "result": {
            "apiKey": session.logged_on,
            "authorizedSince": session.logged_on.as_ref().map(|_| now),
            "connectedSince": session.connected_since,
            "returnRateLimits": true,
            "serverTime": now,
        },
    })
    .to_string()
}
