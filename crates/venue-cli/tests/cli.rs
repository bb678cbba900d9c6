//! The `venue` binary end to end: every generated command against `--sim`, and each exit-code
//! class against a simulator this test starts and scripts, reached with `--base-url`.

use std::process::{Command, Output};

use serde_json::Value;
use venue_sim::{Fault, Sim, Venue, accounts};

const BIN: &str = env!("CARGO_BIN_EXE_venue");

/// Every key variable the binary reads, cleared so the machine's own environment cannot leak in.
const KEY_VARS: [&str; 8] = [
    "BINANCE_API_KEY",
    "BINANCE_API_SECRET",
    "BINANCE_ED25519_PEM_FILE",
    "COINW_API_KEY",
    "COINW_SECRET_KEY",
    "P99_API_KEY",
    "P99_API_SECRET",
    "P99_JWT",
];

fn venue(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    for var in KEY_VARS {
        command.env_remove(var);
    }
    command.envs(env.iter().copied());
    command.output().expect("the venue binary runs")
}

/// Runs the binary off the async runtime that serves the simulator.
async fn venue_async(args: Vec<String>, env: Vec<(&'static str, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        venue(&args, &env)
    })
    .await
    .expect("the blocking task ends")
}

fn stdout_json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn every_generated_command_answers_from_the_simulator() {
    // (arguments, a JSON pointer into the answer, what it must hold)
    let cases: [(&[&str], &str, Value); 8] = [
        (&["binance-usdm", "algo-order", "--algo-id", "2146760"], "/algoId", 2146760.into()),
        (
            &["binance-usdm", "query-algo-order", "--client-algo-id", "6B2I9XVcJpCjqPAJ4YoFX7"],
            "/algoId",
            2146760.into(),
        ),
        (&["binance-usdm", "order", "--symbol", "BTCUSDT", "--order-id", "1917641"], "/orderId", 1917641.into()),
        (
            &["binance-usdm", "ws-order-status", "--symbol", "BTCUSDT", "--order-id", "1917641"],
            "/orderId",
            1917641.into(),
        ),
        (
            &["coinw-futures", "order-information", "--position-type", "plan", "--source-ids", "33308753605637070"],
            "/0/id",
            33308753605637070_i64.into(),
        ),
        (&["coinw-spot", "order-status", "--order-number", "4624544807079846405"], "/currencyPair", "BTC_USDT".into()),
        (
            &["p99-spot", "order", "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10"],
            "/id",
            "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10".into(),
        ),
        (&["binance-usdm", "ws-session-status"], "/returnRateLimits", true.into()),
    ];
    for (args, pointer, expected) in cases {
        let mut all = vec!["--sim"];
        all.extend_from_slice(args);
        let answer = stdout_json(&venue(&all, &[]));
        assert_eq!(answer.pointer(pointer), Some(&expected), "{args:?}: {answer}");
    }
    // Decimals stay exact strings, as the venue sent them.
    let answer = stdout_json(&venue(&["--sim", "binance-usdm", "algo-order", "--algo-id", "2146760"], &[]));
    assert_eq!(answer["price"], "750.000");
    // A public operation: a number close to now.
    let time = stdout_json(&venue(&["--sim", "binance-usdm", "server-time"], &[]));
    assert!(time.as_i64().is_some_and(|ms| ms > 1_700_000_000_000), "{time}");
}

#[test]
fn table_output_is_one_aligned_row_per_field() {
    let output = venue(&["--sim", "--table", "binance-usdm", "algo-order", "--algo-id", "2146760"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows.contains(&"symbol                   BNBUSDT"), "{text}");
    assert!(rows.contains(&"price                    750.000"), "{text}");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "a table, not JSON");
}

#[test]
fn help_names_the_key_variables_and_the_exit_codes() {
    let output = venue(&["--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    for var in KEY_VARS {
        assert!(help.contains(var), "--help does not name {var}:\n{help}");
    }
    assert!(help.contains("4  the venue does not know the order"), "{help}");
    // And each operation's help carries its spec's provenance.
    let output = venue(&["binance-usdm", "algo-order", "--help"], &[]);
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("GET /fapi/v1/algoOrder"), "{help}");
    assert!(help.contains("--client-algo-id"), "{help}");
}

/// What the docs say (rate limit, when an order is not found) and what the spec assumed where
/// they are silent, in each operation's `--help`, from the spec.
#[test]
fn help_carries_the_docs_rules_and_the_specs_assumptions() {
    let output = venue(&["coinw-spot", "order-status", "--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    let op = coinw_spot::operations::RETURN_ORDER_STATUS;
    assert!(help.contains(op.not_found.unwrap()), "{help}");
    assert!(help.contains("30 requests per 2 s per user id"), "{help}");
    assert!(help.contains("Assumed by this SDK's spec, not stated by the venue's docs"), "{help}");
    assert!(help.contains("UTC+8"), "the date field's assumption: {help}");
    assert!(help.contains("refused before sending"), "the comma rule: {help}");
    let output = venue(&["binance-usdm", "order", "--help"], &[]);
    let help = String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("No saved copy of this REST page"), "{help}");
    let output = venue(&["binance-usdm", "ws-order-status", "--help"], &[]);
    let help = String::from_utf8(output.stdout).unwrap().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("90 days"), "{help}");
}

#[test]
fn bad_arguments_exit_2_before_anything_is_sent() {
    for args in [
        &["binance-usdm", "algo-order"][..],
        &["binance-usdm", "algo-order", "--algo-id", "1", "--client-algo-id", "x"],
        &["binance-usdm", "algo-order", "--algo-id", "not-a-number"],
        &["--sim", "coinw-futures", "order-information", "--position-type", "plan", "--source-ids", "1,x"],
        &["--sim", "p99-spot", "order", "not-a-uuid"],
        &["no-such-venue"],
    ] {
        let output = venue(args, &[]);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failure_class_has_its_exit_code() {
    let sim = Sim::start().await.unwrap();
    let url = sim.url(Venue::BinanceUsdm);
    let secret = "cli-test-secret-never-printed";
    let keys = |secret: &str| {
        vec![("BINANCE_API_KEY", accounts::BINANCE_HMAC_KEY.to_string()), ("BINANCE_API_SECRET", secret.to_string())]
    };
    let algo = |id: &str| {
        vec![
            "--base-url".to_string(),
            url.clone(),
            "binance-usdm".into(),
            "algo-order".into(),
            "--algo-id".into(),
            id.into(),
        ]
    };
    let path = "/fapi/v1/algoOrder";

    // (what the simulator does, exit code, the secret the binary signs with)
    let ok = accounts::BINANCE_HMAC_SECRET;
    let cases: Vec<(Option<Fault>, &str, i32, &str)> = vec![
        (None, "2146760", 0, ok),
        (None, "999", 4, ok),
        (None, "2146760", 5, secret),
        (Some(Fault::Banned { retry_after_s: Some(60) }), "2146760", 6, ok),
        (
            Some(Fault::Status {
                status: 400,
                body: r#"{"code":-1102,"msg":"Mandatory parameter was not sent."}"#.into(),
            }),
            "2146760",
            3,
            ok,
        ),
        (Some(Fault::Malformed), "2146760", 1, ok),
    ];
    for (fault, id, code, secret) in cases {
        if let Some(fault) = fault.clone() {
            sim.faults().next(path, fault);
        }
        let output = venue_async(algo(id), keys(secret)).await;
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(code), "{fault:?} {id}: {stderr}");
        assert!(
            !stderr.contains(secret) && !String::from_utf8_lossy(&output.stdout).contains(secret),
            "the secret was printed"
        );
        if code != 0 {
            assert!(stderr.starts_with("error: binance-usdm query_algo_order: "), "{stderr}");
        }
        sim.faults().clear();
    }

    // Missing keys: a usage error that names the variable, and nothing is sent.
    let before = sim.requests().len();
    let output = venue_async(algo("2146760"), vec![]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("BINANCE_API_KEY"));
    assert_eq!(sim.requests().len(), before, "nothing may be sent without keys");
    sim.stop().await;

    // Nobody listening: a transport failure.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let mut args = algo("2146760");
    args[1] = format!("http://{closed}");
    let output = venue_async(args, keys(ok)).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(7), "{stderr}");
    // The cause is printed, not just "error sending request"; no signed URL with it.
    assert!(stderr.contains("refused"), "{stderr}");
    assert!(!stderr.contains("signature"), "{stderr}");
}

/// `session.status` is unsigned in the spec: it needs no keys, against a simulator reached by URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsigned_websocket_method_needs_no_keys() {
    let sim = Sim::start().await.unwrap();
    let args = vec!["--base-url".to_string(), sim.ws_url(), "binance-usdm".into(), "ws-session-status".into()];
    let output = venue_async(args, vec![]).await;
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    sim.stop().await;
}

/// Request enums are open, like the library's: a value the spec does not list is sent as given.
#[test]
fn an_enum_value_the_spec_does_not_list_is_sent() {
    for value in ["planTrigger", "somethingNew"] {
        let output = venue(&["--sim", "coinw-futures", "order-information", "--position-type", value], &[]);
        assert_eq!(output.status.code(), Some(0), "{value}: {}", String::from_utf8_lossy(&output.stderr));
    }
}

#[test]
fn hostile_local_input_is_refused_with_exit_2() {
    let keys = [("BINANCE_API_KEY", "k")];
    // A key "file" that never ends, and one that blocks when opened.
    let dir = std::env::temp_dir().join(format!("venue-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("key.fifo");
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let big = dir.join("big.pem");
    std::fs::write(&big, vec![b'A'; 1024 * 1024]).unwrap();
    let algo = ["binance-usdm", "algo-order", "--algo-id", "1"];
    for file in ["/dev/zero".to_string(), fifo.display().to_string(), big.display().to_string()] {
        let started = std::time::Instant::now();
        let output = venue(&algo, &[keys[0], ("BINANCE_ED25519_PEM_FILE", file.as_str())]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{file}: {stderr}");
        assert!(stderr.contains("BINANCE_ED25519_PEM_FILE"), "{stderr}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{file}");
    }
    std::fs::remove_dir_all(&dir).unwrap();

    // A password in --base-url is refused and never echoed.
    let output = venue(
        &["--base-url", "http://user:hunter22@127.0.0.1:9", "binance-usdm", "algo-order", "--algo-id", "1"],
        &[keys[0], ("BINANCE_API_SECRET", "s")],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("hunter22"), "{stderr}");

    // A key variable that is not UTF-8 is named as such, not as missing.
    use std::os::unix::ffi::OsStrExt;
    let output = Command::new(BIN)
        .args(algo)
        .env_clear()
        .env("BINANCE_API_KEY", std::ffi::OsStr::from_bytes(b"key-\xff"))
        .env("BINANCE_API_SECRET", "s")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("BINANCE_API_KEY is set but is not valid UTF-8"), "{stderr}");

    // An argument of 100 kB is a usage error, not a failed request.
    let long = "7".repeat(100_000);
    let output = venue(&["binance-usdm", "algo-order", "--algo-id", &long], &[keys[0], ("BINANCE_API_SECRET", "s")]);
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
}

/// `-v` logs each call's span to stderr, with venue, operation, attempt and status, and leaves
/// stdout the answer; without it no span is logged; no secret shows.
#[test]
fn verbose_logs_the_call_span_to_stderr() {
    let args = ["--sim", "binance-usdm", "algo-order", "--algo-id", "2146760"];
    let quiet = venue(&args, &[]);
    assert_eq!(stdout_json(&quiet)["algoId"], 2146760);
    let quiet_log = String::from_utf8_lossy(&quiet.stderr);
    assert!(!quiet_log.contains("venue_call"), "{quiet_log}");
    let loud = venue(&[&["-v"][..], &args].concat(), &[]);
    assert_eq!(stdout_json(&loud)["algoId"], 2146760);
    let log = String::from_utf8_lossy(&loud.stderr);
    for expected in
        ["venue_call", "venue=\"binance-usdm\"", "operation=\"query_algo_order\"", "attempt=1", "status=200"]
    {
        assert!(log.contains(expected), "{expected} missing from: {log}");
    }
    assert!(!log.contains(accounts::BINANCE_HMAC_SECRET), "{log}");
}

/// The subcommand names under a `Commands:` heading of a help text (`help` left out).
fn commands_in(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

fn help_of(args: &[&str]) -> String {
    let output = venue(args, &[]);
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("help is UTF-8")
}

/// The command surface is generated from the specs, so like `public-api.txt` it is kept in the
/// tree (`crates/venue-cli/help/<venue>.txt`) and a change to it shows in review. Run with
/// `UPDATE_HELP=1` to rewrite the files after a spec or CLI change.
#[test]
fn each_venues_help_matches_its_golden_file() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("help");
    let top = help_of(&["--help"]);
    let venues: Vec<String> = commands_in(&top).into_iter().filter(|c| c != "completions").collect();
    assert!(venues.len() >= 4, "{top}");
    let mut stale = Vec::new();
    for venue in &venues {
        let mut text = format!("$ venue {venue} --help\n{}", help_of(&[venue, "--help"]));
        for command in commands_in(&help_of(&[venue, "--help"])) {
            text.push_str(&format!("\n$ venue {venue} {command} --help\n{}", help_of(&[venue, &command, "--help"])));
        }
        let path = dir.join(format!("{venue}.txt"));
        if std::env::var_os("UPDATE_HELP").is_some() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    files.sort();
    let mut expected: Vec<String> = venues.iter().map(|v| format!("{v}.txt")).collect();
    expected.sort();
    assert_eq!(files, expected, "one golden help file per venue command");
    assert!(stale.is_empty(), "stale or missing help (rerun with UPDATE_HELP=1 and review the diff): {stale:?}");
}

#[test]
fn output_formats_and_ids_as_strings() {
    let args = |extra: &[&'static str]| {
        let mut a = vec!["--sim"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&["coinw-futures", "order-information", "--position-type", "plan"]);
        a
    };
    let compact = venue(&args(&["--output", "compact"]), &[]);
    assert!(compact.status.success(), "{}", String::from_utf8_lossy(&compact.stderr));
    let text = String::from_utf8(compact.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let list: Value = serde_json::from_str(&text).unwrap();
    let items = list.as_array().expect("a list of orders");
    assert!(!items.is_empty());
    // CoinW's ids are above 2^53: numbers by default, strings when asked.
    assert!(items[0]["id"].as_u64().is_some_and(|id| id > 1 << 53), "{text}");

    let ndjson = venue(&args(&["--output", "ndjson", "--ids-as-strings"]), &[]);
    let text = String::from_utf8(ndjson.stdout).unwrap();
    assert_eq!(text.lines().count(), items.len(), "{text}");
    for (line, item) in text.lines().zip(items) {
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(parsed["id"].as_str(), Some(item["id"].to_string().as_str()), "{line}");
    }

    let table = venue(&args(&["--output", "table"]), &[]);
    assert!(String::from_utf8(table.stdout).unwrap().starts_with("[0]\n"));
    let both = venue(&args(&["--output", "json", "--table"]), &[]);
    assert_eq!(both.status.code(), Some(2), "--table and --output conflict");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = help_of(&["completions", shell]);
        assert!(script.contains("coinw-futures") && script.contains("order-information"), "{shell}: {script}");
    }
    assert_eq!(venue(&["completions", "tcsh"], &[]).status.code(), Some(2));
}

#[test]
fn env_names_a_spec_server_and_an_unknown_one_lists_them() {
    let output = venue(&["--env", "staging", "binance-usdm", "algo-order", "--algo-id", "1"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("production, demo, testnet"), "{stderr}");
    // WebSocket environments are the WebSocket client's own.
    let output = venue(&["--env", "demo", "binance-usdm", "ws-session-status"], &[]);
    assert!(String::from_utf8_lossy(&output.stderr).contains("production, testnet"));
    let conflict =
        venue(&["--env", "sepolia", "--sim", "p99-spot", "order", "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10"], &[]);
    assert_eq!(conflict.status.code(), Some(2), "--env and --sim conflict");
    let help = help_of(&["p99-spot", "--help"]);
    assert!(help.contains("`sepolia` (https://api-sepolia.p99.world/api/v1)"), "{help}");
}

/// Every `cargo run -q -p venue-cli -- …` line of the README runs, as written, and answers: the
/// ids it shows are ones the simulator knows, so a first try is never a NotFound.
#[test]
fn every_command_in_the_readme_answers() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let prefix = "cargo run -q -p venue-cli -- ";
    let commands: Vec<Vec<&str>> = readme
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(|rest| rest.split('#').next().unwrap_or_default().split_whitespace().collect())
        .collect();
    assert!(commands.len() >= 5, "the README's commands: {commands:?}");
    for args in commands {
        let output = venue(&args, &[]);
        assert!(output.status.success(), "venue {}: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
        assert!(!output.stdout.is_empty(), "venue {} printed nothing", args.join(" "));
    }
}

/// Every field of `sent` (the venue's payload), `null`s included, is a field of `printed`.
fn assert_prints_every_field(printed: &Value, sent: &Value, path: &str) {
    match (printed, sent) {
        (Value::Object(printed), Value::Object(sent)) => {
            for (key, sent_value) in sent {
                let printed_value =
                    printed.get(key).unwrap_or_else(|| panic!("{path}/{key}: the venue sent it, the CLI dropped it"));
                assert_eq!(printed_value.is_null(), sent_value.is_null(), "{path}/{key}: null on one side only");
                assert_prints_every_field(printed_value, sent_value, &format!("{path}/{key}"));
            }
        }
        (Value::Array(printed), Value::Array(sent)) => {
            assert_eq!(printed.len(), sent.len(), "{path}: list lengths");
            for (i, (p, s)) in printed.iter().zip(sent).enumerate() {
                assert_prints_every_field(p, s, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

#[test]
fn what_the_venue_sent_is_printed_nulls_included_and_raw_is_its_own_bytes() {
    // (command, where the typed answer sits in what the venue sent, a null the venue sent there)
    let cases: [(&[&str], &str, Option<&str>); 4] = [
        (&["binance-usdm", "algo-order", "--algo-id", "2146760"], "", Some("/icebergQuantity")),
        (&["p99-spot", "order", "9f2a1c4e-5b67-4d8a-bf93-2e1f4a6c8d10"], "", Some("/reject_reason")),
        (&["coinw-spot", "order-status", "--order-number", "4624544807079846405"], "/data", None),
        (&["binance-usdm", "ws-order-status", "--symbol", "BTCUSDT", "--order-id", "1917641"], "/result", None),
    ];
    for (command, payload, null) in cases {
        let args: Vec<&str> = ["--sim"].iter().chain(command).copied().collect();
        let printed = stdout_json(&venue(&args, &[]));
        let raw_args: Vec<&str> = ["--sim", "--output", "raw"].iter().chain(command).copied().collect();
        let raw = venue(&raw_args, &[]);
        assert_eq!(raw.status.code(), Some(0), "{command:?}: {}", String::from_utf8_lossy(&raw.stderr));
        let sent: Value = serde_json::from_slice(&raw.stdout).expect("raw output is the venue's JSON");
        let sent_payload = sent.pointer(payload).unwrap_or_else(|| panic!("{command:?}: no {payload} in {sent}"));
        assert_prints_every_field(&printed, sent_payload, &format!("{command:?}"));
        if let Some(null) = null {
            assert_eq!(sent_payload.pointer(null), Some(&Value::Null), "{command:?}: the simulator sends {null}: null");
            assert_eq!(printed.pointer(null), Some(&Value::Null), "{command:?}: {null} printed as null");
        }
    }
}
