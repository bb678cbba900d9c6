//! `cargo xtask codegen [--check]`: regenerate every venue crate from `specs/`, or check that the
//! checked-in generated code is current (printing a unified diff when it is not). Also `drift`
//! (what a spec change means for users) and `msrv` (every `rust-version` covers its dependencies).

mod asyncapi;
mod cli;
mod codegen;
mod docs;
mod docs_check;
mod drift;
mod enums;
mod error;
mod front;
mod harness;
mod msrv;
mod new_venue;
mod public_api;
mod registry;
mod spec;
mod vocab;
mod write;
mod ws;

#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Workspace tasks for the venue SDKs")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `crates/<venue>/src/generated/` from `specs/<venue>/openapi.yaml` (and
    /// `asyncapi.yaml` where the venue has a WebSocket API).
    Codegen {
        /// Write nothing; exit 1 with a unified diff if any generated file is stale.
        #[arg(long)]
        check: bool,
    },
    /// Compare the specs, the crates' public APIs and payload decoding with a base revision;
    /// print a report and exit 1 when a crate's version lacks the bump its changes need
    /// (2 on errors).
    Drift {
        /// The git revision to compare with.
        #[arg(long, default_value = "HEAD")]
        base: String,
        /// `markdown` for a pull-request comment, `json` for machines.
        #[arg(long, value_enum, default_value = "markdown")]
        format: drift::Format,
        /// Skip building and running `spec-replay` at both revisions.
        #[arg(long)]
        no_replay: bool,
        /// Saved docs pages to check against the specs (as `docs-check` does): the report
        /// gains a docs section, and a difference fails it.
        #[arg(long, num_args = 1.., value_name = "PAGE")]
        pages: Vec<PathBuf>,
    },
    /// Read saved docs pages, find the spec operation each documents, and list every
    /// difference (exit 1 when one differs, 2 when a page cannot be read or matches nothing).
    DocsCheck {
        /// `markdown` for people, `json` for machines.
        #[arg(long, value_enum, default_value = "markdown")]
        format: docs_check::Format,
        /// Write each agreeing page's fingerprint and date into its spec (`x-docs-sha256`,
        /// `x-docs-read`), so a later check says when the page changed.
        #[arg(long)]
        record: bool,
        /// The saved pages (Markdown or text, as a docs scraper writes them).
        #[arg(required = true)]
        pages: Vec<PathBuf>,
    },
    /// Check that every workspace crate's `rust-version` covers what its dependency tree
    /// declares (exit 1 when one is too low).
    Msrv,
    /// Scaffold a venue: its spec, signing rule and vectors, crate, simulator verifier and
    /// command-line keys, added to every list that names venues; then run codegen and print
    /// what is left to fill in from the venue's docs.
    NewVenue {
        /// The venue's name: lower-case words joined by `-` (`okx-spot`).
        name: String,
    },
}

/// The workspace the command was run in: the nearest folder up from here with `specs/` and a
/// `Cargo.toml`, else the one this xtask was built from.
fn workspace_root() -> PathBuf {
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    let Ok(here) = std::env::current_dir() else { return built };
    here.ancestors()
        .find(|d| d.join("specs").is_dir() && d.join("Cargo.toml").is_file())
        .map(PathBuf::from)
        .unwrap_or(built)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check } => write::codegen(&workspace_root(), check).map(|()| true),
        Command::Drift { base, format, no_replay, pages } => {
            drift::run(&workspace_root(), &drift::Options { base, format, replay: !no_replay, pages })
        }
        Command::DocsCheck { format, record, pages } => {
            docs_check::run(&workspace_root(), &docs_check::Options { pages, format, record })
        }
        Command::Msrv => msrv::run(&workspace_root()),
        Command::NewVenue { name } => new_venue::run(&workspace_root(), &name).map(|()| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e @ error::Error::Stale) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
