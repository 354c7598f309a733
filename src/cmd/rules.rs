//! `reorg rules`: print a rule set (standards with sources and tags,
//! reductions, criteria, exemptions).

use std::io::Write as _;
use std::process::ExitCode;

use reorg::lang::{Lang, terminal_lang};
use reorg::rules::{RuleSet, render_rules};

/// Flags of `reorg rules`.
#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// Built-in rule set to print (nq35-2023, nq653-2019, nq76-2025).
    #[arg(long, conflicts_with = "rules")]
    pub set: Option<String>,
    /// Rule set to print: a built-in name or a TOML file path.
    #[arg(long)]
    pub rules: Option<String>,
    /// Language of the labels (default: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Print the rule set as TOML instead (a starting point for a custom set).
    #[arg(long)]
    pub toml: bool,
}

/// Loads the rule set and prints it.
pub fn run(args: &RulesArgs) -> anyhow::Result<ExitCode> {
    let name = args
        .set
        .as_deref()
        .or(args.rules.as_deref())
        .unwrap_or("nq35-2023");
    let set = RuleSet::load(name)?;
    if args.toml {
        write!(std::io::stdout().lock(), "{}", set.to_toml_string()?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let lang = terminal_lang(args.lang);
    write!(std::io::stdout().lock(), "{}", render_rules(&set, lang))?;
    Ok(ExitCode::SUCCESS)
}
