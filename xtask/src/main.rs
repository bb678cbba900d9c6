//! `cargo xtask codegen [--check]`: regenerate every venue crate from `specs/`, or check that the
//! checked-in generated code is current (printing a unified diff when it is not).

mod asyncapi;
mod codegen;
mod enums;
mod error;
mod public_api;
mod spec;
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
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check } => write::codegen(&workspace_root(), check),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
