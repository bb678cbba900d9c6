//! After criterion has run, reads back the estimates it wrote in this run and prints each
//! measured routine beside its floor, with the ratio and the goal, so one `cargo bench` prints
//! the comparison the goals are stated in.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One comparison: `<group>/sdk` against `<group>/floor`, which should be within `goal` times.
pub struct Pair {
    pub group: String,
    pub goal: f64,
}

/// Where criterion writes: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`, else
/// `<target>/criterion` found from this binary (`<target>/release/deps/<bench>`).
fn criterion_dir() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(target).join("criterion"));
    }
    let exe = std::env::current_exe().ok()?;
    Some(exe.ancestors().nth(3)?.join("criterion"))
}

/// The point estimate criterion prints for one routine (slope when it fitted one, else the
/// mean), in nanoseconds, if it was written after `since`.
fn estimate(dir: &Path, group: &str, id: &str, since: SystemTime) -> Option<f64> {
    let path = dir.join(group).join(id).join("new").join("estimates.json");
    let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
    if modified < since {
        return None;
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let point = |name: &str| json.get(name)?.get("point_estimate")?.as_f64();
    point("slope").or_else(|| point("mean"))
}

fn human(ns: f64) -> String {
    if ns >= 1_000_000.0 {
        format!("{:.3} ms", ns / 1_000_000.0)
    } else if ns >= 1_000.0 {
        format!("{:.3} µs", ns / 1_000.0)
    } else {
        format!("{ns:.1} ns")
    }
}

pub fn report(title: &str, since: SystemTime, pairs: &[Pair]) {
    // Under `cargo test --benches` criterion runs each routine once and measures nothing.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let Some(dir) = criterion_dir() else {
        println!("{title}: cannot tell where criterion wrote its estimates; no ratios");
        return;
    };
    println!("\n{title}: SDK against its floor, in this run (criterion point estimates)");
    println!("{:<28} {:>12} {:>12} {:>7} {:>6}  verdict", "group", "sdk", "floor", "ratio", "goal");
    for pair in pairs {
        match (estimate(&dir, &pair.group, "sdk", since), estimate(&dir, &pair.group, "floor", since)) {
            (Some(sdk), Some(floor)) => {
                let ratio = sdk / floor;
                let verdict = if ratio <= pair.goal { "within goal" } else { "OVER GOAL" };
                println!(
                    "{:<28} {:>12} {:>12} {:>7.3} {:>6.2}  {verdict}",
                    pair.group,
                    human(sdk),
                    human(floor),
                    ratio,
                    pair.goal
                );
            }
            _ => println!("{:<28} not measured in this run", pair.group),
        }
    }
}
