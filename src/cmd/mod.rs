//! One module per subcommand: a `<Name>Args` struct (clap) and a `run` function.

pub mod adjacency;
pub mod assess;
pub mod backtest;
pub mod calibrate;
pub mod check;
pub mod common;
pub mod compare;
pub mod error_text;
pub mod evaluate;
pub mod plan;
pub mod provinces;
pub mod regionalize;
pub mod rules;
pub mod serve;
