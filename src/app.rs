//! Dispatch from parsed flags to the subcommands.

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::cmd;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Regionalize(args) => cmd::regionalize::run(&args),
    }
}
