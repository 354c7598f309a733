//! The `reorg` command-line tool: a thin front end over the library.
//!
//! # Exit codes
//! - `0`: success (also when the reader of standard output goes away early,
//!   e.g. `reorg check DIR | head -1`: a broken pipe is not an error, as in
//!   ripgrep and xsv);
//! - `1`: invalid input or infeasible request (the diagnostics are on
//!   standard error);
//! - `2`: usage error (unknown flag, missing argument; printed by clap).
//!
//! Nothing exits with Rust's panic code 101: the library never panics on user
//! input (the loader is fuzzed), and output goes through writers whose errors
//! are handled instead of `println!`, which panics on a closed pipe.

use std::io::Write;
use std::process::ExitCode;

mod app;
mod cli;
mod cmd;

fn main() -> ExitCode {
    use clap::Parser;
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(std::io::stderr().lock(), "reorg: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

/// Whether the error comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
