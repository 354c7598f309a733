//! The report of an evaluated proposal: `origin.csv` and the sections of
//! `summary.md` and `report.html` that list who proposed each group and the
//! findings with the proposal's lines.

use crate::io::Severity;
use crate::io::csv_out::{CsvStyle, CsvWriter};
use crate::lang::Lang;

use super::{EvalFinding, Origin};

/// A row of `origin.csv`: who proposed a group of the evaluated plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginRow {
    /// The plan's group id.
    pub group_id: String,
    /// The province's proposal or the planner (`--complete`).
    pub origin: Origin,
    /// The origin in the report's language.
    pub label: String,
    /// The proposal's group name, for a group it gave.
    pub proposal_group: Option<String>,
    /// The proposal's first line of that group.
    pub line: Option<u64>,
}

/// `origin.csv`: one row per group of the evaluated plan.
///
/// # Errors
/// A CSV error (not expected when writing to memory).
pub fn encode_origin(rows: &[OriginRow], style: CsvStyle) -> Result<Vec<u8>, csv::Error> {
    let mut w = CsvWriter::new(Vec::new(), style)?;
    w.write_row([
        "group_id",
        "origin",
        "origin_label",
        "proposal_group",
        "line",
    ])?;
    for r in rows {
        w.write_row([
            r.group_id.as_str(),
            match r.origin {
                Origin::Proposal => "proposal",
                Origin::Reorg => "reorg",
            },
            r.label.as_str(),
            r.proposal_group.as_deref().unwrap_or(""),
            r.line.map(|l| l.to_string()).unwrap_or_default().as_str(),
        ])?;
    }
    w.finish()
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("lỗi", "error"),
        Severity::Warning => lang.pick("cảnh báo", "warning"),
    }
}

/// The evaluation's section of `summary.md`: the groups' origins and the
/// findings with their proposal lines.
pub fn markdown_section(found: &[EvalFinding], origin: &[OriginRow], lang: Lang) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut md = format!(
        "\n## {}\n\n",
        lang.pick(
            "Đánh giá phương án của tỉnh",
            "Evaluation of the province's proposal"
        )
    );
    md.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        lang.pick("Nhóm", "Group"),
        lang.pick("Nguồn", "Origin"),
        lang.pick("Nhóm trong phương án", "Proposal group"),
        lang.pick("Dòng", "Line"),
    ));
    for r in origin {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&r.group_id),
            r.label,
            cell(r.proposal_group.as_deref().unwrap_or("")),
            r.line.map(|l| l.to_string()).unwrap_or_default()
        ));
    }
    md.push('\n');
    if found.is_empty() {
        md.push_str(lang.pick("Không có lỗi hay cảnh báo.\n", "No error or warning.\n"));
        return md;
    }
    md.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        lang.pick("Dòng", "Line"),
        lang.pick("Nhóm", "Group"),
        lang.pick("Mức", "Severity"),
        lang.pick("Nội dung", "Finding"),
    ));
    for f in found {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            cell(f.group.as_deref().unwrap_or("")),
            severity_label(f.severity, lang),
            cell(&f.message)
        ));
    }
    md
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The evaluation's section of `report.html` (same content as
/// [`markdown_section`]).
pub fn html_section(found: &[EvalFinding], origin: &[OriginRow], lang: Lang) -> String {
    let mut h = format!(
        "<section id=\"danh-gia\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        lang.pick(
            "Đánh giá phương án của tỉnh",
            "Evaluation of the province's proposal"
        ),
        lang.pick("Nhóm", "Group"),
        lang.pick("Nguồn", "Origin"),
        lang.pick("Nhóm trong phương án", "Proposal group"),
        lang.pick("Dòng", "Line"),
    );
    for r in origin {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&r.group_id),
            esc(&r.label),
            esc(r.proposal_group.as_deref().unwrap_or("")),
            r.line.map(|l| l.to_string()).unwrap_or_default()
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    if found.is_empty() {
        h.push_str(&format!(
            "<p>{}</p>\n",
            lang.pick("Không có lỗi hay cảnh báo.", "No error or warning.")
        ));
    } else {
        h.push_str(&format!(
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            lang.pick("Dòng", "Line"),
            lang.pick("Nhóm", "Group"),
            lang.pick("Mức", "Severity"),
            lang.pick("Nội dung", "Finding"),
        ));
        for f in found {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                f.line.map(|l| l.to_string()).unwrap_or_default(),
                esc(f.group.as_deref().unwrap_or("")),
                severity_label(f.severity, lang),
                esc(&f.message)
            ));
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
    h
}

/// The rows of `origin.csv` for `result`, from [`super::origins`].
pub fn origin_rows(
    result: &crate::pipeline::PlanResult,
    groups: &[super::SourceGroup],
    lang: Lang,
) -> Vec<OriginRow> {
    super::origins(result, groups)
        .into_iter()
        .map(|(id, o, s)| OriginRow {
            group_id: id.to_string(),
            origin: o,
            label: o.label(lang).to_string(),
            proposal_group: s.map(|s| s.id.clone()),
            line: s.map(|s| s.line),
        })
        .collect()
}

/// Adds the evaluation's sections to the report's `summary.md` (at the end)
/// and `report.html` (before `</main>`), and `findings.csv` and `origin.csv`
/// to `files`.
///
/// # Errors
/// A CSV error (not expected when writing to memory).
///
/// # Complexity
/// Linear in the size of the two documents and the findings.
pub fn add_to_report(
    files: &mut Vec<(String, Vec<u8>)>,
    found: &[EvalFinding],
    origin: &[OriginRow],
    lang: Lang,
    style: CsvStyle,
) -> Result<(), csv::Error> {
    for (name, bytes) in files.iter_mut() {
        match name.as_str() {
            "summary.md" => bytes.extend(markdown_section(found, origin, lang).as_bytes()),
            "report.html" => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let section = html_section(found, origin, lang);
                *bytes = match text.rfind("</main>") {
                    Some(at) => format!("{}{section}{}", &text[..at], &text[at..]),
                    None => format!("{text}{section}"),
                }
                .into_bytes();
            }
            _ => {}
        }
    }
    files.push(("findings.csv".into(), super::encode_findings(found, style)?));
    files.push(("origin.csv".into(), encode_origin(origin, style)?));
    Ok(())
}
