//! Reads the instruction benchmark's JSON output (`cargo bench -p instruction-bench --bench
//! instructions -- --output-format=json`, one line per benchmark) and prints, for every case,
//! the SDK's count beside each baseline measured in the same run, the ratio, the ratio recorded
//! in `benches/instructions/ratios.json` and the goal. Exits 1 when a ratio is more than 5% worse
//! than the recorded one, or when a recorded case was not measured or a measured one is not
//! recorded. Ratios only: absolute counts vary with the toolchain and dependencies.
//!
//! `instruction-ratios [--record] [--recorded RATIOS] [FILE]` (stdin without FILE); `--record`
//! writes the ratios of this run into the recorded file, keeping its goals; `--recorded` names
//! another file than `ratios.json` (`benches/peers` keeps its own).

use std::collections::BTreeMap;
use std::io::Read;
use std::process::ExitCode;

use serde::{Deserialize, Serialize};

/// How much worse than recorded a ratio may get before the check fails.
const TOLERANCE: f64 = 1.05;

const RECORDED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ratios.json");

#[derive(Debug, Default, Deserialize, Serialize)]
struct Recorded {
    /// The machine, date and command of the run recorded.
    measured: String,
    /// `<case> / <baseline>` → its recorded ratio and goal.
    ratios: BTreeMap<String, Entry>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
struct Entry {
    ratio: f64,
    /// The issue's goal for this ratio, where it has one (`≤ 1.05`), as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    goal: Option<String>,
}

/// `function_name` → instructions, from gungraun's JSON lines.
fn counts(text: &str) -> Result<BTreeMap<String, u64>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", n + 1))?;
        let name = value["function_name"].as_str().ok_or(format!("line {}: no function_name", n + 1))?;
        let ir = value
            .pointer("/profiles/0/data/parts/0/metrics/Ir/values/new")
            .and_then(serde_json::Value::as_u64)
            .ok_or(format!("line {}: no instruction count for {name}", n + 1))?;
        out.insert(name.to_string(), ir);
    }
    Ok(out)
}

/// `(case / baseline, sdk count, baseline count)` for every `sdk_<case>` with a baseline.
fn pairs(counts: &BTreeMap<String, u64>) -> Vec<(String, u64, u64)> {
    let mut out = Vec::new();
    for (name, sdk) in counts {
        let Some(case) = name.strip_prefix("sdk_") else { continue };
        for baseline in ["floor", "reqwest", "peer"] {
            if let Some(other) = counts.get(&format!("{baseline}_{case}")) {
                out.push((format!("{case} / {baseline}"), *sdk, *other));
            }
        }
    }
    out
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let record = args.iter().any(|a| a == "--record");
    let recorded_path = match args.iter().position(|a| a == "--recorded") {
        Some(i) => match args.get(i + 1) {
            Some(path) => path.clone(),
            None => {
                eprintln!("error: --recorded needs a file");
                return ExitCode::from(2);
            }
        },
        None => RECORDED.to_string(),
    };
    let inputs: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || args[i - 1] != "--recorded"))
        .map(|(_, a)| a)
        .collect();
    let mut text = String::new();
    let read = match inputs.first() {
        Some(file) => std::fs::read_to_string(file).map(|t| text = t),
        None => std::io::stdin().read_to_string(&mut text).map(|_| ()),
    };
    if let Err(e) = read {
        eprintln!("error: cannot read the benchmark output: {e}");
        return ExitCode::from(2);
    }
    let counts = match counts(&text) {
        Ok(c) if !c.is_empty() => c,
        Ok(_) => {
            eprintln!("error: the benchmark output has no results");
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut recorded: Recorded = match std::fs::read_to_string(&recorded_path) {
        Ok(t) => match serde_json::from_str(&t) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {recorded_path}: {e}");
                return ExitCode::from(2);
            }
        },
        Err(_) => Recorded::default(),
    };
    let measured = pairs(&counts);
    println!("| case / baseline | sdk | baseline | ratio | recorded | goal | |");
    println!("|---|---|---|---|---|---|---|");
    let mut failed = Vec::new();
    for (key, sdk, base) in &measured {
        let ratio = *sdk as f64 / *base as f64;
        let entry = recorded.ratios.get(key);
        let (recorded_text, ok) = match entry {
            Some(e) => (format!("{:.3}", e.ratio), ratio <= e.ratio * TOLERANCE),
            None => ("not recorded".to_string(), false),
        };
        let goal = entry.and_then(|e| e.goal.clone()).unwrap_or_else(|| "—".into());
        println!(
            "| {key} | {sdk} | {base} | {ratio:.3} | {recorded_text} | {goal} | {} |",
            if ok { "ok" } else { "**worse**" }
        );
        if !ok {
            failed.push(key.clone());
        }
    }
    for key in recorded.ratios.keys().filter(|k| !measured.iter().any(|(m, _, _)| m == *k)) {
        println!("| {key} | | | | {:.3} | | **not measured** |", recorded.ratios[key].ratio);
        failed.push(key.clone());
    }
    if record {
        let goals: BTreeMap<String, Option<String>> =
            recorded.ratios.iter().map(|(k, e)| (k.clone(), e.goal.clone())).collect();
        recorded.ratios = measured
            .iter()
            .map(|(key, sdk, base)| {
                let ratio = (*sdk as f64 / *base as f64 * 1000.0).round() / 1000.0;
                (key.clone(), Entry { ratio, goal: goals.get(key).cloned().flatten() })
            })
            .collect();
        if let Ok(when) = std::env::var("MEASURED") {
            recorded.measured = when;
        }
        let text = serde_json::to_string_pretty(&recorded).unwrap_or_default();
        if let Err(e) = std::fs::write(&recorded_path, text + "\n") {
            eprintln!("error: cannot write {recorded_path}: {e}");
            return ExitCode::from(2);
        }
        println!("\nrecorded {} ratios in {recorded_path}", recorded.ratios.len());
        return ExitCode::SUCCESS;
    }
    if failed.is_empty() {
        println!("\nevery ratio is within {:.0}% of the recorded one", (TOLERANCE - 1.0) * 100.0);
        ExitCode::SUCCESS
    } else {
        println!(
            "\n{} ratio(s) more than {:.0}% worse than recorded, or not both measured and recorded: {}",
            failed.len(),
            (TOLERANCE - 1.0) * 100.0,
            failed.join(", ")
        );
        println!("if the change is intended, rerun with --record and say why in the commit");
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_match_each_sdk_case_with_its_baselines() {
        let counts: BTreeMap<String, u64> =
            [("sdk_rest_x", 200), ("reqwest_rest_x", 100), ("floor_rest_x", 50), ("sdk_lonely", 1), ("floor_other", 9)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        assert_eq!(
            pairs(&counts),
            vec![("rest_x / floor".to_string(), 200, 50), ("rest_x / reqwest".to_string(), 200, 100)]
        );
    }

    #[test]
    fn counts_are_read_from_gungrauns_json_lines() {
        let line =
            r#"{"function_name":"sdk_a","profiles":[{"data":{"parts":[{"metrics":{"Ir":{"values":{"new":1234}}}}]}}]}"#;
        assert_eq!(counts(line).unwrap().get("sdk_a"), Some(&1234));
        assert!(counts("{}").is_err());
    }
}
