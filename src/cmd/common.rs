//! Helpers shared by the subcommands: loading a dataset with its
//! diagnostics, messages on standard error, progress bars.
//!
//! House style: standard output is written through a locked writer with
//! `writeln!` and `?` (a closed pipe is an `io::Error` that `main` turns into
//! exit 0, never a panic as with `println!`); messages on standard error
//! never change the exit code, so their write errors are ignored.

use std::io::Write as _;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use reorg::io::{LoadError, Loaded, load_dir};
use reorg::lang::{Lang, Msg};
use reorg::model::Level;

use super::error_text::diagnostic_line;

/// The name of a level in `lang` (`cấp xã`, `commune`).
pub fn level_label(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Province => Msg::LevelProvince,
        Level::District => Msg::LevelDistrict,
        Level::Commune => Msg::LevelCommune,
    }
    .text(lang)
}

/// Writes one line to standard error; a closed standard error is ignored
/// (a message never changes the exit code).
pub fn note(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// Loads a dataset folder, printing warnings to stderr in `lang`. On
/// invalid input, prints every diagnostic and a count and returns `None`
/// (exit code 1).
pub fn load_or_report(dir: &Path, lang: Lang) -> Option<Loaded> {
    match load_dir(dir) {
        Ok(loaded) => {
            report_warnings(&loaded, lang);
            Some(loaded)
        }
        Err(e) => {
            report_invalid(dir, &e, lang);
            None
        }
    }
}

/// Prints the warnings a dataset was accepted with (BOM, decimal comma,
/// …) in `lang`.
pub fn report_warnings(loaded: &Loaded, lang: Lang) {
    for w in &loaded.warnings {
        note(format_args!("{}", diagnostic_line(w, lang)));
    }
}

/// Prints every diagnostic of an invalid dataset folder, then their count,
/// in `lang`.
pub fn report_invalid(dir: &Path, err: &LoadError, lang: Lang) {
    let LoadError::Invalid(diags) = err;
    for d in diags {
        note(format_args!("{}", diagnostic_line(d, lang)));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    note(format_args!(
        "{}",
        Msg::InvalidInput.fill(
            lang,
            &[
                ("dir", &dir.display()),
                ("errors", &errors),
                ("warnings", &(diags.len() - errors)),
            ]
        )
    ));
}

/// A progress bar on standard error for a step of `len` items (0 when the
/// caller sets it later): hidden with `--quiet` or when standard error is not
/// a terminal, so pipes and tests see nothing.
pub fn progress_bar(quiet: bool, message: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    } else if let Ok(style) =
        ProgressStyle::with_template("{msg:>16} [{bar:40}] {pos}/{len} {elapsed}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar
}

/// A `(done, total)` callback that moves `bar`, for the library's progress hooks.
pub fn progress_of(bar: &ProgressBar) -> impl Fn(usize, usize) + Sync + '_ {
    move |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    }
}
