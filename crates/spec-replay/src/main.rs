//! `spec-replay`: one JSON request per stdin line, `{"venue", "type", "text"}`, answered by one
//! JSON line on stdout, `{"known", "ok", "error"}`: whether the venue crate has a generated type
//! of that name, and whether `text` decodes as it. `cargo xtask drift` builds and runs this at
//! the working tree and at the base revision, so a payload that stops (or starts) decoding shows.
//! The decoder table is generated from `specs/` (`generated/decoders.rs`); `cargo xtask codegen`
//! checks that every venue crate is a dependency.

use std::io::{BufRead, Write};
use std::process::ExitCode;

#[rustfmt::skip]
mod generated {
    pub mod decoders;
}
use generated::decoders::decode;

#[derive(serde::Deserialize)]
struct Request {
    venue: String,
    #[serde(rename = "type")]
    type_name: String,
    text: String,
}

#[derive(serde::Serialize)]
struct Answer {
    known: bool,
    ok: bool,
    error: Option<String>,
}

fn main() -> ExitCode {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { return ExitCode::FAILURE };
        let answer = match serde_json::from_str::<Request>(&line) {
            Ok(r) => match decode(&r.venue, &r.type_name, &r.text) {
                Some(Ok(())) => Answer { known: true, ok: true, error: None },
                Some(Err(e)) => Answer { known: true, ok: false, error: Some(e) },
                None => Answer {
                    known: false,
                    ok: false,
                    error: Some(format!("{} has no generated type {}", r.venue, r.type_name)),
                },
            },
            Err(e) => Answer { known: false, ok: false, error: Some(format!("not a replay request: {e}")) },
        };
        let Ok(text) = serde_json::to_string(&answer) else { return ExitCode::FAILURE };
        if writeln!(stdout, "{text}").is_err() {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
