//! Command-line flags (clap derive). No logic here: each subcommand's `<Name>Args`
//! lives in `cmd/<name>.rs` next to its `run`.

use clap::{Parser, Subcommand};

use crate::cmd;

/// Plan the rearrangement of Vietnam's district- and commune-level
/// administrative units (NQ 35/2023/UBTVQH15).
///
/// Exit codes: 0 success; 1 invalid input or infeasible request; 2 usage error;
/// 3 (`evaluate`) the proposal was evaluated and a finding is an error.
#[derive(Debug, Parser)]
#[command(
    name = "reorg",
    version,
    about,
    long_about = None,
    after_help = "Exit codes: 0 success (also when the output pipe is closed early); 1 invalid input or infeasible request; 2 usage error; 3 (evaluate) the proposal was evaluated and written, but a finding is an error."
)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
    /// Write CSV files without the UTF-8 byte-order mark (for pipelines;
    /// by default it is written so that Excel reads Vietnamese text right).
    #[arg(long, global = true)]
    pub no_bom: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a dataset folder (units.csv, adjacency.csv) and print a summary.
    Check(cmd::check::CheckArgs),
    /// Plan the merges: both levels, both phases; writes plan.csv and more to a report folder.
    Plan(cmd::plan::PlanArgs),
    /// Plan a past round and compare with the merges actually decided.
    Backtest(cmd::backtest::BacktestArgs),
    /// Fit the objective's weights to a past round (backtest score) and print the table.
    Calibrate(cmd::calibrate::CalibrateArgs),
    /// Print a rule set: standards with sources and tags, criteria, exemptions.
    Rules(cmd::rules::RulesArgs),
    /// Assess every district and commune against a rule set, per phase.
    Assess(cmd::assess::AssessArgs),
    /// Check a province's own proposal (CSV or Excel: group, member), report its findings per line and build the plan's report from it.
    Evaluate(Box<cmd::evaluate::EvaluateArgs>),
    /// Compare two scenarios' report folders (counts, units and people touched, merges only in one, surplus).
    Compare(cmd::compare::CompareArgs),
    /// Merge units into the most connected regions that each meet a standard: population and area thresholds, or a rule set's (max-p).
    Regionalize(Box<cmd::regionalize::RegionalizeArgs>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
