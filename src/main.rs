//! The `reorg` command-line tool: a thin front end over the library.

use std::process::ExitCode;

mod app;
mod cli;
mod cmd;

fn main() -> ExitCode {
    use clap::Parser;
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("reorg: error: {err:#}");
            ExitCode::from(1)
        }
    }
}
