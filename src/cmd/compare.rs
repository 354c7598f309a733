//! `reorg compare A B`: what differs between two scenarios' report folders.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use reorg::io::output::write_file_atomic;
use reorg::lang::{Lang, Msg, terminal_lang};
use reorg::report::{compare_html, compare_markdown, load_report_data};

/// Flags of `reorg compare`.
#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// Report folder of scenario A (holding report.json), or the file itself.
    pub a: PathBuf,
    /// Report folder of scenario B.
    pub b: PathBuf,
    /// Language of the comparison (files: Vietnamese by default; the
    /// terminal: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Write compare.md and compare.html into this folder instead of
    /// printing Markdown to standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn name(p: &std::path::Path) -> String {
    let p = if p.is_dir() {
        p
    } else {
        p.parent().unwrap_or(p)
    };
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Loads both reports and prints or writes the comparison.
pub fn run(args: &CompareArgs) -> anyhow::Result<ExitCode> {
    let a = load_report_data(&args.a)?;
    let b = load_report_data(&args.b)?;
    let (mut na, mut nb) = (name(&args.a), name(&args.b));
    if na == nb {
        na = format!("A ({na})");
        nb = format!("B ({nb})");
    }
    let lang = terminal_lang(args.lang);
    match &args.out {
        None => write!(
            std::io::stdout().lock(),
            "{}",
            compare_markdown(&a, &b, &na, &nb, lang)
        )?,
        Some(dir) => {
            let file_lang = args.lang.unwrap_or_default();
            std::fs::create_dir_all(dir)
                .with_context(|| Msg::CannotCreate.fill(lang, &[("path", &dir.display())]))?;
            for (file, text) in [
                ("compare.md", compare_markdown(&a, &b, &na, &nb, file_lang)),
                ("compare.html", compare_html(&a, &b, &na, &nb, file_lang)),
            ] {
                let path = dir.join(file);
                write_file_atomic(&path, text.as_bytes())
                    .with_context(|| Msg::CannotWrite.fill(lang, &[("path", &path.display())]))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
