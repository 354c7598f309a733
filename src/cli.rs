//! Command-line flags (clap derive). No logic here: each subcommand's `<Name>Args`
//! lives in `cmd/<name>.rs` next to its `run`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use reorg::lang::Lang;
use reorg::lang::help::{localize_command, usage_error};

use crate::cmd;

/// Parses `args` with the help and usage errors in `lang`
/// ([`reorg::lang::help`]); on `--help`, `--version` or a usage error,
/// prints and returns the exit code (0, or 2 for an error).
pub fn parse(args: Vec<std::ffi::OsString>, lang: Lang) -> Result<Cli, ExitCode> {
    let mut command = localize_command(Cli::command(), lang);
    // The subcommand the user typed, for the usage line and `--help` hint.
    let sub = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .find(|a| command.find_subcommand(a).is_some());
    let found = match lang {
        Lang::Vi => sub.as_deref().and_then(|s| command.find_subcommand_mut(s)),
        Lang::En => None,
    };
    let (hint, usage) = match found {
        Some(s) => (
            format!("reorg {}", s.get_name()),
            Some(s.render_usage().to_string()),
        ),
        None if lang == Lang::Vi => (
            "reorg".to_string(),
            Some(command.render_usage().to_string()),
        ),
        None => ("reorg".to_string(), None),
    };
    let matches = command
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    matches.map_err(|e| match usage_error(&e, lang, &hint, usage) {
        Some(text) => {
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            ExitCode::from(2)
        }
        None => {
            let _ = e.print();
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
        }
    })
}

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
    /// Open the planner's workbench in the browser: click communes into groups, see the law's verdict at once.
    Serve(cmd::serve::ServeArgs),
    /// List a dataset's provinces: code, name, slug (each accepted by --province), numbers of districts and communes.
    Provinces(cmd::provinces::ProvincesArgs),
    /// Build adjacency.csv (pairs of communes and of districts, shared border in km) from GeoJSON polygons.
    Adjacency(cmd::adjacency::AdjacencyArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
        localize_command(Cli::command(), Lang::Vi).debug_assert();
    }

    #[test]
    fn every_command_and_flag_has_its_vietnamese_help() {
        let mut cmd = Cli::command();
        cmd.build();
        let keys = reorg::lang::help::needed_keys(&cmd);
        assert!(keys.iter().any(|(k, _)| k == "plan.province"), "{keys:?}");
        let missing: Vec<&String> = keys.iter().filter(|(_, ok)| !ok).map(|(k, _)| k).collect();
        assert!(missing.is_empty(), "no Vietnamese help for {missing:?}");
    }

    #[test]
    fn vietnamese_help_holds_no_english_word() {
        use reorg::lang::catalogue::english_words_in;
        let mut cmd = localize_command(Cli::command(), Lang::Vi);
        let mut texts = vec![cmd.render_help().to_string()];
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect();
        for n in names {
            if let Some(sub) = cmd.find_subcommand_mut(&n) {
                texts.push(sub.render_help().to_string());
            }
        }
        for text in texts {
            // Flags, file names and paths are what the user types, not words.
            let words: String = text
                .split_whitespace()
                .filter(|w| !w.contains("--") && !w.contains('.') && !w.contains('/'))
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains("Cách dùng"), "{text}");
            let found = english_words_in(&words);
            assert!(found.is_empty(), "{found:?} in\n{text}");
        }
    }
}
