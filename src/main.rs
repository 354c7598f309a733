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

use reorg::lang::{Lang, Msg, terminal_lang};

mod app;
mod cli;
mod cmd;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The terminal's language before clap parses: `--lang` wherever it is,
    // else the locale (docs/architecture.md, "Languages").
    let lang = terminal_lang(lang_flag(&args));
    let cli = match cli::parse(args, lang) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match app::run(cli) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let message = cmd::error_text::describe(&err, lang);
            let _ = writeln!(
                std::io::stderr().lock(),
                "{}",
                Msg::ErrorLine.fill(lang, &[("message", &message)])
            );
            ExitCode::from(1)
        }
    }
}

/// The value of `--lang X` or `--lang=X` on the command line, if valid.
fn lang_flag(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            return Lang::parse(v);
        }
        if a == "--lang" {
            return it.next().and_then(|v| Lang::parse(&v));
        }
    }
    None
}

/// Whether the error comes from writing to a pipe whose reader has gone.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
