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
use reorg::io::{Diagnostic, LoadError, Loaded, diagnostic_totals, load_dir, screenful};
use reorg::lang::{Lang, Msg, fmt_int};
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
    let _ = print_diagnostics(&loaded.warnings, lang);
}

/// At most this many lines of diagnostics reach standard error (a
/// screenful), the count of the rest and the summary line included.
pub const SCREEN_LINES: usize = 20;

/// Prints the diagnostics of a dataset to standard error, at most a
/// screenful ([`SCREEN_LINES`] with the caller's summary line): the most
/// informative first ([`reorg::io::screenful`]), then one line counting the
/// rest by kind. The one place where the loader's diagnostics are printed.
///
/// # Errors
/// The first write error (a closed standard error).
pub fn print_diagnostics(diags: &[Diagnostic], lang: Lang) -> std::io::Result<()> {
    let (e, w) = diagnostic_totals(diags);
    // Room for the summary line; one more for the count when not all fit.
    let limit = if e + w < SCREEN_LINES {
        SCREEN_LINES - 1
    } else {
        SCREEN_LINES - 2
    };
    let screen = screenful(diags, limit);
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for d in &screen.shown {
        writeln!(err, "{}", diagnostic_line(d, lang))?;
    }
    if screen.hidden > 0 {
        let kinds: Vec<String> = screen
            .hidden_kinds
            .iter()
            .map(|(k, n)| match lang {
                // Where a Vietnamese official reads: the kind in words, no key.
                Lang::Vi => format!(
                    "{}: {}",
                    super::error_text::kind_words(*k, lang),
                    fmt_int(*n as i64, lang)
                ),
                Lang::En => format!("{} {}", k.id(), fmt_int(*n as i64, lang)),
            })
            .collect();
        writeln!(
            err,
            "{}",
            Msg::MoreProblems.fill(
                lang,
                &[
                    ("n", &fmt_int(screen.hidden as i64, lang)),
                    ("kinds", &kinds.join(", "))
                ]
            )
        )?;
    }
    err.flush()
}

/// Prints the diagnostics of an invalid dataset folder (a screenful,
/// [`print_diagnostics`]), then their count, in `lang`.
pub fn report_invalid(dir: &Path, err: &LoadError, lang: Lang) {
    let LoadError::Invalid(diags) = err;
    let _ = print_diagnostics(diags, lang);
    let (errors, warnings) = diagnostic_totals(diags);
    note(format_args!(
        "{}",
        Msg::InvalidInput.fill(
            lang,
            &[
                ("dir", &dir.display()),
                ("errors", &errors),
                ("warnings", &warnings),
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
