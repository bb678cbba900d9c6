//! Example replay: every example payload in the specs, and every recorded payload under
//! `specs/<venue>/examples/<Type>/*.json` (`examples/ws/<Type>/` for WebSocket types), decoded
//! by the generated types at the base and now, through the `spec-replay` binary built from each
//! revision's own crates.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::surface::Docs;
use crate::error::{Error, Result};

#[derive(Clone, Debug, Serialize)]
pub struct Payload {
    pub venue: String,
    /// Where it came from: `openapi.yaml GET /fapi/v1/order 200`, `examples/AlgoOrder/x.json`.
    pub source: String,
    /// The generated type it should decode as: `AlgoOrder`, `ws::OrderStatusReply`.
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(skip)]
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Outcome {
    pub known: bool,
    pub ok: bool,
    pub error: Option<String>,
}

/// The payloads of one venue: its spec examples and its recorded files.
pub fn collect(root: &Path, venue: &str, docs: &Docs) -> Result<Vec<Payload>> {
    let mut out = Vec::new();
    let mut push = |source: String, type_name: String, value: &Value| {
        if let Ok(text) = serde_json::to_string(value) {
            out.push(Payload { venue: venue.to_string(), source, type_name, text });
        }
    };
    if let Some(doc) = &docs.openapi {
        for (path, item) in doc.get("paths").and_then(Value::as_object).into_iter().flatten() {
            for (method, op) in item.as_object().into_iter().flatten() {
                for (code, response) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                    let response = follow(doc, response);
                    let Some(media) = response.pointer("/content/application~1json") else { continue };
                    let Some(type_name) = media.pointer("/schema/$ref").and_then(Value::as_str).and_then(schema_name)
                    else {
                        continue;
                    };
                    for (label, value) in examples(media) {
                        push(
                            format!("openapi.yaml {} {path} {code}{label}", method.to_uppercase()),
                            type_name.clone(),
                            &value,
                        );
                    }
                }
            }
        }
        for (name, schema) in doc.pointer("/components/schemas").and_then(Value::as_object).into_iter().flatten() {
            if let Some(example) = schema.get("example") {
                push(format!("openapi.yaml schema {name}"), name.clone(), example);
            }
        }
    }
    if let Some(doc) = &docs.asyncapi {
        // Replies only: requests have no generated type (the runtime builds them).
        let mut replies = Vec::new();
        for op in doc.get("operations").and_then(Value::as_object).into_iter().flat_map(|o| o.values()) {
            for m in op.pointer("/reply/messages").and_then(Value::as_array).into_iter().flatten() {
                let m = follow(doc, m);
                if let Some(key) = m.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
                    replies.push(key.to_string());
                }
            }
        }
        for (key, message) in doc.pointer("/components/messages").and_then(Value::as_object).into_iter().flatten() {
            if !replies.contains(key) {
                continue;
            }
            let type_name = match message.pointer("/payload/$ref").and_then(Value::as_str) {
                Some(r) if r.starts_with("./openapi.yaml") => r.rsplit('/').next().unwrap_or(key).to_string(),
                Some(r) => format!("ws::{}", r.rsplit('/').next().unwrap_or(key)),
                None => format!("ws::{key}"),
            };
            for (i, example) in message.get("examples").and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(payload) = example.get("payload") {
                    let label =
                        example.get("name").and_then(Value::as_str).map_or_else(|| format!("#{i}"), str::to_string);
                    push(format!("asyncapi.yaml message {key} ({label})"), type_name.clone(), payload);
                }
            }
        }
    }
    out.extend(recorded(root, venue)?);
    Ok(out)
}

/// Follows `#/channels/…` and `#/components/…` references within one document.
fn follow<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..4 {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else { break };
        let Some(pointer) = r.strip_prefix('#') else { break };
        match doc.pointer(pointer) {
            // A message reference lands on the message itself; keep the last `$ref` visible.
            Some(target) if target.get("$ref").is_some() || target.get("payload").is_none() => v = target,
            _ => break,
        }
    }
    v
}

fn schema_name(reference: &str) -> Option<String> {
    reference.contains("/schemas/").then(|| reference.rsplit('/').next().map(str::to_string)).flatten()
}

fn examples(media: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(v) = media.get("example") {
        out.push((String::new(), v.clone()));
    }
    for (name, ex) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        if let Some(v) = ex.get("value") {
            out.push((format!(" ({name})"), v.clone()));
        }
    }
    out
}

/// `specs/<venue>/examples/<Type>/<label>.json` and `…/examples/ws/<Type>/<label>.json`, as
/// recorded: the text is decoded as it is on disk.
fn recorded(root: &Path, venue: &str) -> Result<Vec<Payload>> {
    let dir = root.join("specs").join(venue).join("examples");
    let mut out = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let rel = path.strip_prefix(&dir).unwrap_or(&path);
            let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            let type_name = match parts.as_slice() {
                [ws, ty, _] if ws == "ws" => format!("ws::{ty}"),
                [ty, _] => ty.clone(),
                _ => {
                    return Err(Error::Drift(format!(
                        "{}: recorded payloads go in examples/<Type>/<label>.json or examples/ws/<Type>/<label>.json",
                        path.display()
                    )));
                }
            };
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            out.push(Payload {
                venue: venue.to_string(),
                source: format!("examples/{}", parts.join("/")),
                type_name,
                text,
            });
        }
    }
    out.sort_by(|a, b| a.source.cmp(&b.source));
    Ok(out)
}

/// Builds and runs `spec-replay` from the workspace at `workspace`, one answer per payload.
pub fn run(workspace: &Path, target_dir: &Path, payloads: &[Payload]) -> Result<Vec<Outcome>> {
    let manifest = workspace.join("Cargo.toml");
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["run", "--quiet", "--package", "spec-replay", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Drift(format!("could not run cargo for spec-replay: {e}")))?;
    let mut stdin = child.stdin.take().ok_or_else(|| Error::Drift("spec-replay has no stdin".into()))?;
    let requests: Vec<String> = payloads
        .iter()
        .map(|p| serde_json::json!({ "venue": p.venue, "type": p.type_name, "text": p.text }).to_string())
        .collect();
    // Written from a thread so a full stdout pipe cannot stall both sides.
    let writer = std::thread::spawn(move || {
        for r in requests {
            if writeln!(stdin, "{r}").is_err() {
                break;
            }
        }
    });
    let stdout = child.stdout.take().ok_or_else(|| Error::Drift("spec-replay has no stdout".into()))?;
    let mut outcomes = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| Error::Drift(format!("reading spec-replay's answers: {e}")))?;
        outcomes.push(
            serde_json::from_str::<Outcome>(&line)
                .map_err(|e| Error::Drift(format!("spec-replay answered {line:?}: {e}")))?,
        );
    }
    let _ = writer.join();
    let output = child.wait_with_output().map_err(|e| Error::Drift(format!("waiting for spec-replay: {e}")))?;
    if !output.status.success() || outcomes.len() != payloads.len() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(20).collect::<Vec<_>>().into_iter().rev().collect();
        return Err(Error::Drift(format!(
            "spec-replay in {} failed ({}; {} of {} answers):\n{}",
            workspace.display(),
            output.status,
            outcomes.len(),
            payloads.len(),
            tail.join("\n")
        )));
    }
    Ok(outcomes)
}
