//! `venue`: one command per operation of every spec in `specs/`, e.g.
//! `venue binance-usdm algo-order --algo-id 2146760`.
//!
//! The subcommands and their flags are generated from the specs (`generated/commands.rs`);
//! `venues/` runs them through each venue crate's client, so a query here is signed, retried
//! and classified exactly as it is in a program.

#[rustfmt::skip]
mod generated {
    pub mod commands;
}
mod exit;
mod keys;
mod output;
mod target;
mod venues;

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, FromArgMatches, Parser};

use generated::commands::VenueCommand;
use target::Target;

#[derive(Debug, Parser)]
#[command(
    name = "venue",
    version,
    about = "Query an order (or anything else a spec in specs/ describes) at a trading venue",
    long_about = "Query an order (or anything else a spec in specs/ describes) at a trading venue.\n\n\
                  Try it with no account: `venue --sim binance-usdm algo-order --algo-id 2146760` \
                  starts the simulator in-process with the spec examples and signs a real request to it."
)]
struct Cli {
    /// Start the simulator on 127.0.0.1 in this process, with the spec examples loaded, and ask
    /// it instead of the venue (its published test keys are used; no account needed).
    #[arg(long, global = true, conflicts_with = "base_url")]
    sim: bool,

    /// Ask this base URL instead of the venue's production one (a testnet, a proxy, a
    /// simulator started elsewhere). For `ws-*` commands, the WebSocket URL.
    #[arg(long, global = true, value_name = "URL")]
    base_url: Option<String>,

    /// Ask one of the environments the venue's spec lists in `servers`, by name (`venue <venue>
    /// --help` lists them); the first one listed unless set.
    #[arg(long, global = true, value_name = "NAME", conflicts_with_all = ["base_url", "sim"])]
    env: Option<String>,

    /// How to print the answer.
    #[arg(long, global = true, value_enum, default_value_t = output::Format::Json)]
    output: output::Format,

    /// Short for `--output table`.
    #[arg(long, global = true, conflicts_with = "output")]
    table: bool,

    /// Print integers above 2^53 (CoinW's order ids, for one) as JSON strings. Off by default,
    /// so the JSON keeps the venue's numbers as numbers and every exact reader (Python, jq 1.7,
    /// serde) gets them unchanged; turn it on for JavaScript and jq 1.6, which read every number
    /// as a double and would round those ids.
    #[arg(long, global = true)]
    ids_as_strings: bool,

    /// Give up after this many seconds, retries included.
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,

    /// Log to stderr: `-v` each call's span as it ends (venue, operation, attempt, HTTP status)
    /// and its retries and warnings; `-vv` debug events too. No secret is ever logged.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,

    #[command(subcommand)]
    venue: VenueCommand,
}

/// The longest argument taken: ids, symbols and URLs are short. Longer is a usage error, before
/// anything is sent.
const MAX_ARGUMENT_BYTES: usize = 4096;

fn main() -> ExitCode {
    if let Some(n) = std::env::args_os().position(|a| a.len() > MAX_ARGUMENT_BYTES) {
        eprintln!("error: argument {n} is longer than {MAX_ARGUMENT_BYTES} bytes");
        return exit::Class::Usage.code();
    }
    let command = with_completions(Cli::command().after_long_help(help_footer()));
    let matches = match command.try_get_matches() {
        Ok(m) => m,
        Err(e) => return clap_exit(e),
    };
    if let Some(("completions", args)) = matches.subcommand() {
        return print_completions(args);
    }
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return exit::Class::Other.code();
        }
    };
    log_to_stderr(cli.verbose);
    runtime.block_on(run(cli))
}

/// `-v`/`-vv`: the venue crates' spans and events, as text on stderr (stdout stays the answer).
fn log_to_stderr(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(std::io::stderr)
        .finish();
    // Nothing else in this process sets one; if something had, its output is kept.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

async fn run(cli: Cli) -> ExitCode {
    let target = match Target::new(cli.sim, cli.base_url, cli.env, Duration::from_secs(cli.timeout)).await {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::Class::Other.code();
        }
    };
    let label = cli.venue.label();
    let result = cli.venue.run(&target).await;
    target.stop().await;
    match result {
        Ok(answer) => {
            match output::print(&answer, if cli.table { output::Format::Table } else { cli.output }, cli.ids_as_strings)
            {
                Ok(()) => ExitCode::SUCCESS,
                // stdout closed early (`| head`): nothing left to tell anyone.
                Err(_) => ExitCode::SUCCESS,
            }
        }
        Err(failure) => {
            eprintln!("error: {label}: {failure}");
            failure.class().code()
        }
    }
}

/// clap's own exit: 0 for `--help`/`--version`, 2 for a usage error.
fn clap_exit(e: clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() { exit::Class::Usage.code() } else { ExitCode::SUCCESS }
}

/// `venue completions SHELL`: beside the generated venue commands, so it needs no venue.
fn with_completions(command: clap::Command) -> clap::Command {
    command.subcommand(
        clap::Command::new("completions")
            .about("Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout")
            .long_about(
                "Print a shell completion script to stdout, e.g. `venue completions bash > \
                 ~/.local/share/bash-completion/completions/venue`.",
            )
            .arg(clap::Arg::new("shell").required(true).value_parser(clap::value_parser!(clap_complete::Shell))),
    )
}

fn print_completions(args: &clap::ArgMatches) -> ExitCode {
    let Some(shell) = args.get_one::<clap_complete::Shell>("shell").copied() else {
        return exit::Class::Usage.code();
    };
    let mut command = with_completions(Cli::command());
    clap_complete::generate(shell, &mut command, "venue", &mut std::io::stdout());
    ExitCode::SUCCESS
}

fn help_footer() -> String {
    format!("{}\n\n{}", keys::help(), exit::help())
}
