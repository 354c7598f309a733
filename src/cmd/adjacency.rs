//! `reorg adjacency GEOJSON… --out adjacency.csv`: a dataset's adjacency
//! file built from its own polygons ([`reorg::geo::adjacency()`]).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use reorg::geo::{Feature, MIN_SHARED_KM, ProvinceGeometry, adjacency};
use reorg::io::csv_out::{CsvStyle, CsvWriter};
use reorg::io::output::write_file_atomic;
use reorg::lang::{Lang, Msg, terminal_lang};

use super::common::note;

/// Flags of `reorg adjacency`.
#[derive(Debug, clap::Args)]
pub struct AdjacencyArgs {
    /// GeoJSON files of commune polygons (properties code and
    /// district_code, as in geometry/<province>.geojson), or folders of
    /// them (every *.geojson file); borders between files count too.
    #[arg(required = true)]
    pub geojson: Vec<PathBuf>,
    /// Write the pairs to this CSV file (atomically); default: standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of the messages (default: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// The GeoJSON files named by `paths`: files as given, folders by their
/// `*.geojson` files in name order.
fn files_of(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot list {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|e| e == "geojson") && f.is_file())
                .collect();
            inner.sort();
            files.extend(inner);
        } else {
            files.push(p.clone());
        }
    }
    Ok(files)
}

/// Encodes the pairs in the shipped format (`code_a,code_b,level,shared_border_km`, 3 decimals).
fn encode(pairs: &[reorg::geo::Pair], style: CsvStyle) -> Result<Vec<u8>, csv::Error> {
    let mut w = CsvWriter::new(Vec::new(), style)?;
    w.write_row(["code_a", "code_b", "level", "shared_border_km"])?;
    for p in pairs {
        w.write_row([
            p.a.as_str(),
            p.b.as_str(),
            p.level.as_str(),
            &format!("{:.3}", p.km),
        ])?;
    }
    w.finish()
}

/// Reads the polygons, matches their shared edges, writes the pairs.
pub fn run(args: &AdjacencyArgs, csv: CsvStyle) -> anyhow::Result<ExitCode> {
    let lang = terminal_lang(args.lang);
    let files = files_of(&args.geojson)?;
    let geometries = files
        .iter()
        .map(|f| ProvinceGeometry::load(f))
        .collect::<Result<Vec<_>, _>>()?;
    let features: Vec<&Feature> = geometries.iter().flat_map(|g| &g.features).collect();
    let pairs = adjacency(&features, MIN_SHARED_KM);
    let bytes = encode(&pairs, csv)?;
    let missing: Vec<&str> = features
        .iter()
        .filter(|f| f.polygons.is_empty())
        .map(|f| f.code.as_str())
        .collect();
    if !missing.is_empty() {
        note(format_args!(
            "{}",
            Msg::AdjacencyNoPolygon.fill(
                lang,
                &[("n", &missing.len()), ("codes", &missing.join(", "))]
            )
        ));
    }
    match &args.out {
        Some(path) => {
            write_file_atomic(path, &bytes)?;
            report(path, &pairs, lang);
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The line on standard error after writing `path`.
fn report(path: &Path, pairs: &[reorg::geo::Pair], lang: Lang) {
    let communes = pairs
        .iter()
        .filter(|p| p.level == reorg::geo::PairLevel::Commune)
        .count();
    note(format_args!(
        "{}",
        Msg::AdjacencyWritten.fill(
            lang,
            &[
                ("path", &path.display()),
                ("communes", &communes),
                ("districts", &(pairs.len() - communes)),
            ]
        )
    ));
}
