//! `reorg provinces DIR`: the provinces of a dataset with the codes, names
//! and slugs that `--province` accepts, and their numbers of districts and
//! communes.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::evaluate::slug;
use reorg::lang::{Lang, Msg, terminal_lang};
use reorg::model::{Dataset, Level, short_name_of};

use super::common::load_or_report;

/// Flags of `reorg provinces`.
#[derive(Debug, clap::Args)]
pub struct ProvincesArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
    /// Language of the headers (default: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// One province's row: code, name, slug, districts, communes.
type ProvinceCells = [String; 5];

/// The rows of `ds`'s provinces, by code.
///
/// # Complexity
/// O(u) for u units.
fn rows(ds: &Dataset) -> Vec<ProvinceCells> {
    let mut out: Vec<ProvinceCells> = ds
        .ids_at(Level::Province)
        .map(|p| {
            let u = ds.unit(p);
            let districts = ds.children(p);
            let communes: usize = districts.iter().map(|d| ds.children(*d).len()).sum();
            [
                u.code.as_str().to_string(),
                u.name.clone(),
                slug(short_name_of(&u.name)),
                districts.len().to_string(),
                communes.to_string(),
            ]
        })
        .collect();
    out.sort();
    out
}

/// Loads the dataset and prints one aligned line per province (standard
/// output; a closed pipe ends the listing quietly).
pub fn run(args: &ProvincesArgs) -> anyhow::Result<ExitCode> {
    let lang = terminal_lang(args.lang);
    let Some(loaded) = load_or_report(&args.dir, lang) else {
        return Ok(ExitCode::from(1));
    };
    let header: ProvinceCells = [
        Msg::ProvincesCode,
        Msg::ProvincesName,
        Msg::ProvincesSlug,
        Msg::ProvincesDistricts,
        Msg::ProvincesCommunes,
    ]
    .map(|m| m.text(lang).to_string());
    let rows = rows(&loaded.dataset);
    let mut width = [0usize; 5];
    for r in std::iter::once(&header).chain(&rows) {
        for (w, cell) in width.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for r in std::iter::once(&header).chain(&rows) {
        let pad = |i: usize| " ".repeat(width[i] - r[i].chars().count());
        writeln!(
            out,
            "{}{}  {}{}  {}{}  {}{}  {}{}",
            r[0],
            pad(0),
            r[1],
            pad(1),
            r[2],
            pad(2),
            pad(3),
            r[3],
            pad(4),
            r[4]
        )?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
