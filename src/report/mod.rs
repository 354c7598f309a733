//! Report rendering: `summary.md` and a self-contained, printable
//! `report.html`, in Vietnamese (default) or English, plus the comparison
//! of two scenarios.
//!
//! The caller fills a [`ReportData`]; [`render_markdown`] and
//! [`render_html`] format it (pure functions), [`write_report`] writes the
//! files atomically next to the charts and saves the data as
//! `report.json`, which [`load_report_data`] reads back for
//! `reorg compare`.
//!
//! All UI strings live in [`Strings`] (one table per language); every text
//! from the data is escaped.

mod compare;
mod data;
mod doc;
mod escape;
mod html;
mod markdown;
mod strings;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

pub use compare::{compare_html, compare_markdown};
pub use data::{
    ChangeRow, ChartRef, ConsultationSection, DraftPara, DraftText, LegalBasis, LegalMap,
    LevelCounts, MergeMember, MergeRow, ParentMerges, ProvinceLine, ProvincePhase, ReportData,
    StaffingLine, TargetUnit, UnresolvedUnit,
};
pub use escape::{html as escape_html, md as escape_md};

use crate::io::output::{OutputError, write_file_atomic};
use crate::lang::Lang;
pub use strings::{EN, Strings, VI};

/// File names inside a report folder.
pub const SUMMARY_MD: &str = "summary.md";
/// The HTML report.
pub const REPORT_HTML: &str = "report.html";
/// The report data, for `reorg compare`.
pub const REPORT_JSON: &str = "report.json";

/// What can go wrong while writing or reading a report folder.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A file could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// `report.json` is not valid.
    #[error("{}:{line}:{column}: invalid report data: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A report file could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A chart path is absolute or leaves the report folder.
    #[error("chart path {path:?} must be relative and stay inside the report folder")]
    ChartPath {
        /// The offending path.
        path: String,
    },
}

/// Renders `summary.md`.
///
/// # Complexity
/// O(size of the data).
pub fn render_markdown(data: &ReportData, lang: Lang) -> String {
    markdown::render(&doc::build(data, lang))
}

/// Renders `report.html`; `svgs` maps each chart's [`ChartRef::svg`] path
/// to the SVG text to inline (a chart without an entry shows a notice).
///
/// # Complexity
/// O(size of the data and the charts).
pub fn render_html(data: &ReportData, lang: Lang, svgs: &BTreeMap<String, String>) -> String {
    html::render(&doc::build(data, lang), lang, svgs, data.web_map.as_deref())
}

/// The files [`write_report`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportFiles {
    /// `summary.md`.
    pub summary: PathBuf,
    /// `report.html`.
    pub html: PathBuf,
    /// `report.json`.
    pub json: PathBuf,
}

fn safe_relative(p: &str) -> Result<&Path, ReportError> {
    let path = Path::new(p);
    if path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        Ok(path)
    } else {
        Err(ReportError::ChartPath {
            path: p.to_string(),
        })
    }
}

/// Writes `summary.md`, `report.html` (charts read from `dir` and inlined)
/// and `report.json` into `dir`, each atomically. Charts must already be
/// written (see [`crate::charts::Chart::write`]); a missing chart file is
/// shown as a notice in the HTML, not an error.
///
/// # Errors
/// [`ReportError::ChartPath`] for a chart path leaving `dir`;
/// [`ReportError::Io`] naming the file that could not be written.
pub fn write_report(dir: &Path, data: &ReportData, lang: Lang) -> Result<ReportFiles, ReportError> {
    let mut svgs = BTreeMap::new();
    for c in &data.charts {
        let rel = safe_relative(&c.svg)?;
        if let Ok(text) = std::fs::read_to_string(dir.join(rel)) {
            svgs.insert(c.svg.clone(), text);
        }
    }
    let files = ReportFiles {
        summary: dir.join(SUMMARY_MD),
        html: dir.join(REPORT_HTML),
        json: dir.join(REPORT_JSON),
    };
    std::fs::create_dir_all(dir).map_err(|error| ReportError::Io {
        path: dir.to_path_buf(),
        error,
    })?;
    let json = serde_json::to_string_pretty(data).map_err(|e| ReportError::Io {
        path: files.json.clone(),
        error: std::io::Error::other(e),
    })?;
    for (path, text) in [
        (&files.summary, render_markdown(data, lang)),
        (&files.html, render_html(data, lang, &svgs)),
        (&files.json, json + "\n"),
    ] {
        write_file_atomic(path, text.as_bytes())?;
    }
    Ok(files)
}

/// Reads the `report.json` of a report folder (or the file itself).
///
/// # Errors
/// [`ReportError::Io`] if it cannot be read, [`ReportError::Json`] with
/// line and column if it is not valid report data.
pub fn load_report_data(path: &Path) -> Result<ReportData, ReportError> {
    let file = if path.is_dir() {
        path.join(REPORT_JSON)
    } else {
        path.to_path_buf()
    };
    let text = crate::io::read::read_text_capped(&file, crate::io::read::MAX_JSON_BYTES).map_err(
        |error| ReportError::Io {
            path: file.clone(),
            error,
        },
    )?;
    serde_json::from_str(&text).map_err(|e| ReportError::Json {
        path: file,
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_paths_must_stay_inside() {
        assert!(safe_relative("charts/a.svg").is_ok());
        assert!(safe_relative("../a.svg").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
    }
}
