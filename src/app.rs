//! Dispatch from parsed flags to the subcommands.

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::cmd;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let csv = reorg::io::csv_out::CsvStyle { bom: !cli.no_bom };
    match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Plan(args) => cmd::plan::run(&args, csv),
        Command::Backtest(args) => cmd::backtest::run(&args, csv),
        Command::Calibrate(args) => cmd::calibrate::run(&args),
        Command::Rules(args) => cmd::rules::run(&args),
        Command::Assess(args) => cmd::assess::run(&args, csv),
        Command::Compare(args) => cmd::compare::run(&args),
        Command::Evaluate(args) => cmd::evaluate::run(&args, csv),
        Command::Regionalize(args) => cmd::regionalize::run(&args, csv),
        Command::Serve(args) => cmd::serve::run(&args, csv),
        Command::Provinces(args) => cmd::provinces::run(&args),
        Command::Adjacency(args) => cmd::adjacency::run(&args, csv),
    }
}
