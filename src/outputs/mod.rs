//! Everything a report folder holds, built in memory from a plan.
//!
//! [`build`] runs the stages after the planner — schedule (years and caps),
//! stability measures, Decree 33 staffing — and renders every file of the
//! report folder as bytes: CSV tables, `summary.md`, `report.html`, the
//! charts (SVG and PNG). The caller writes them atomically
//! ([`crate::io::output::AtomicDir`]), so a failure never leaves half a report.
//!
//! | file | content |
//! |---|---|
//! | `plan.csv` | one row per merge (phase, level, members, new unit, ratios, year) |
//! | `unresolved.csv` | targets left without a merge, with the reason |
//! | `conversions.csv` | kind conversions and renames of units not merged |
//! | `units.csv` | status of every unit per phase on that phase's map |
//! | `plan.xlsx` | the đề án's annex tables (see [`crate::dossier`]) |
//! | `du-thao-nghi-quyet.docx` | the draft resolution, one section per phase |
//! | `schedule.csv` | effective year, priority and reason per merge |
//! | `stability.csv` | units and people touched, per plan, phase and year |
//! | `staffing.csv`, `staffing_years.csv` | Decree 33 quotas, surplus, roadmap; yearly totals |
//! | `summary.md`, `report.html` | the committee report (Vietnamese by default) |
//! | `report.json` | the report's data, read back by `reorg compare` |
//! | `charts/*.svg`, `charts/*.png` | quadrant, units per district, merges per year, surplus, map |

mod charts;
pub mod geojson;
mod phasemap;
mod report;
pub use report::gap_text;

use std::collections::BTreeMap;

use thiserror::Error;

use crate::charts::{Chart, ChartError};
use crate::geo::ProvinceGeometry;
use crate::io::csv_out::CsvStyle;
use crate::lang::Lang;
use crate::model::Dataset;
use crate::pipeline::PlanResult;
use crate::pipeline::output::{
    encode_conversions, encode_plan_with_years, encode_units, encode_unresolved,
};
use crate::report::{render_html, render_markdown};
use crate::rules::RuleSet;
use crate::scenario::Scenario;
use crate::schedule::measures::{MeasureError, MeasureReport, measure, write_stability_csv};
use crate::schedule::{
    Schedule, ScheduleError, measure_inputs, schedule, schedule_item, write_schedule_csv,
};
use crate::staffing::{
    StaffingError, StaffingReport, staffing, staffing_group, write_staffing_csv,
    write_staffing_years_csv,
};
use crate::validator::{CheckReport, check_result};

/// A report could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    /// The schedule is infeasible or its input invalid.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// The staffing settings are invalid.
    #[error(transparent)]
    Staffing(#[from] StaffingError),
    /// The stability measures could not be computed.
    #[error(transparent)]
    Measure(#[from] MeasureError),
    /// A chart could not be drawn.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A CSV table could not be encoded.
    #[error("encoding a CSV table: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook or the draft resolution could not be rendered.
    #[error(transparent)]
    Dossier(#[from] crate::dossier::DossierError),
    /// The report data could not be serialised.
    #[error("encoding report.json: {0}")]
    Json(#[from] serde_json::Error),
}

/// What the report covers and how.
#[derive(Default)]
pub struct OutputOptions<'a> {
    /// Language of texts, charts and reasons.
    pub lang: Lang,
    /// The area covered: a province's name, or the whole country.
    pub area_label: String,
    /// The dataset, as shown in the report (e.g. `data/vn/2023`).
    pub dataset_label: String,
    /// The province's geometry, for the map (single-province reports).
    pub geometry: Option<&'a ProvinceGeometry>,
    /// Whether the report covers one province (charts by district) rather
    /// than the country (charts by province, report summarised by province).
    pub single_province: bool,
    /// The polygons of the scope's communes, for the interactive map of
    /// `report.html` (empty: no interactive map).
    pub geometries: &'a [ProvinceGeometry],
    /// Whether each province's report is written in a sub-folder named by
    /// its code (`--each-province`): the national report links to them.
    pub province_reports: bool,
    /// Whether to draw charts (off for quick runs and tests of the tables).
    pub charts: bool,
    /// How the CSV tables are written (byte-order mark or not).
    pub csv: CsvStyle,
}

/// The rendered report folder and the intermediate results.
pub struct Outputs {
    /// Files by path relative to the report folder, in a fixed order.
    pub files: Vec<(String, Vec<u8>)>,
    /// The schedule.
    pub schedule: Schedule,
    /// Staffing rows and yearly totals.
    pub staffing: StaffingReport,
    /// Stability measures.
    pub measures: MeasureReport,
    /// The self-check: the plan judged by the validator on the map it
    /// leaves after each phase ([`check_result`]); an error is shown in the
    /// report and the run summary, never silent.
    pub check: CheckReport,
}

fn csv_bytes(
    f: impl FnOnce(&mut Vec<u8>) -> Result<(), csv::Error>,
) -> Result<Vec<u8>, csv::Error> {
    let mut buf = Vec::new();
    f(&mut buf)?;
    Ok(buf)
}

/// Builds every file of the report folder for `result`.
///
/// # Errors
/// [`BuildError`]: an infeasible schedule (with the smallest caps that
/// would fit), invalid staffing settings, a chart that cannot be drawn.
///
/// # Complexity
/// Dominated by the schedule search and the chart rendering; linear in the
/// number of groups and units otherwise.
pub fn build(
    ds: &Dataset,
    result: &PlanResult,
    rules: &RuleSet,
    sc: &Scenario,
    opts: &OutputOptions<'_>,
) -> Result<Outputs, BuildError> {
    let lang = opts.lang;
    let items: Vec<_> = result.groups.iter().map(schedule_item).collect();
    let sched = schedule(&items, &sc.schedule)?;
    let years: BTreeMap<String, u16> = sched.years();
    let year_of = |id: &str| years.get(id).copied().unwrap_or(0);
    let measures = measure(&measure_inputs(ds, &result.groups, &years))?;
    let staff = staffing(
        &result
            .groups
            .iter()
            .map(|g| staffing_group(g, year_of(&g.group_id)))
            .collect::<Vec<_>>(),
        &sc.staffing,
    )?;

    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "plan.csv".into(),
            encode_plan_with_years(result, &years, lang, opts.csv)?,
        ),
        (
            "unresolved.csv".into(),
            encode_unresolved(result, lang, opts.csv)?,
        ),
        (
            "conversions.csv".into(),
            encode_conversions(result, lang, opts.csv)?,
        ),
        (
            "units.csv".into(),
            encode_units(result, ds, lang, opts.csv)?,
        ),
        (
            "schedule.csv".into(),
            csv_bytes(|b| write_schedule_csv(&sched, lang, b, opts.csv))?,
        ),
        (
            "stability.csv".into(),
            csv_bytes(|b| write_stability_csv(&measures, b, opts.csv))?,
        ),
        (
            "staffing.csv".into(),
            csv_bytes(|b| write_staffing_csv(&staff, lang, b, opts.csv))?,
        ),
        (
            "staffing_years.csv".into(),
            csv_bytes(|b| write_staffing_years_csv(&staff, b, opts.csv))?,
        ),
    ];

    // Conversions of kind and renames of units not merged (the draft's
    // "thành lập phường … trên cơ sở …" and "đổi tên …" articles).
    let conversions: Vec<crate::dossier::ConversionEntry> = result
        .changes
        .iter()
        .map(|c| crate::dossier::ConversionEntry {
            phase: c.phase,
            code: c.code.clone(),
            name: c.name.clone(),
            parent_code: c.parent_code.clone(),
            parent_name: String::new(),
            kind_before: c.kind_before,
            kind_after: c.kind_after,
            name_after: c.name_after.clone(),
            area_km2: ds.get(c.code.as_str()).and_then(|u| u.area_km2),
            population: ds.get(c.code.as_str()).and_then(|u| u.population),
            meets_standard: c.verdict.as_ref().is_some_and(|v| v.meets),
            reason: c.reason(
                lang,
                result
                    .names
                    .get(&c.parent_code)
                    .map_or(c.parent_code.as_str(), String::as_str),
            ),
        })
        .collect();
    let dossier = crate::dossier::from_plan(&crate::dossier::PlanInputs {
        ds,
        result,
        rules,
        encouraged: &sc.encouraged,
        years: &years,
        staffing: &staff,
        conversions: &conversions,
        lang,
        scope_name: opts.area_label.clone(),
    });
    files.extend(crate::dossier::render(&dossier)?);

    let check = check_result(ds, rules, sc, result);
    let mut data = report::report_data(ds, result, rules, sc, &years, &staff, opts);
    data.legal_map = report::legal_map(result, sc, &check, lang);
    data.consultation = report::consultation(result, rules, lang);
    data.draft = draft_text(&dossier.draft);
    let mut svgs = BTreeMap::new();
    if opts.charts {
        data.web_map = charts::web_map(ds, result, rules, &years, &staff, opts);
        for (stem, title, chart) in charts::chart_data(result, rules, &years, &staff, opts)? {
            let c = chart.as_chart();
            let svg = c.svg(lang)?;
            let png = c.png(lang)?;
            let svg_path = format!("charts/{stem}.svg");
            let png_path = format!("charts/{stem}.png");
            data.charts.push(crate::report::ChartRef {
                title,
                svg: svg_path.clone(),
                png: png_path.clone(),
            });
            svgs.insert(svg_path.clone(), svg.clone());
            files.push((svg_path, svg.into_bytes()));
            files.push((png_path, png));
        }
    }
    files.push((
        "summary.md".into(),
        render_markdown(&data, lang).into_bytes(),
    ));
    files.push((
        "report.html".into(),
        render_html(&data, lang, &svgs).into_bytes(),
    ));
    files.push(("report.json".into(), serde_json::to_vec_pretty(&data)?));
    Ok(Outputs {
        files,
        schedule: sched,
        staffing: staff,
        measures,
        check,
    })
}

/// The draft resolution as the report shows it (the same text as the docx).
///
/// # Complexity
/// O(size of the text).
pub fn draft_text(d: &crate::dossier::Draft) -> Vec<crate::report::DraftText> {
    d.sections
        .iter()
        .map(|s| crate::report::DraftText {
            title: s.title.clone(),
            paragraphs: s
                .blocks
                .iter()
                .map(|b| crate::report::DraftPara {
                    heading: matches!(b, crate::dossier::DraftBlock::Article(_)),
                    text: b.text().to_string(),
                })
                .collect(),
        })
        .collect()
}

/// A chart to draw, owning its data (the map borrows the geometry).
pub enum OwnedChart<'g> {
    /// Area and population against the standard.
    Quadrant(crate::charts::QuadrantData),
    /// Commune-level units per district or province, before and after.
    Districts(crate::charts::UnitsPerDistrict),
    /// Commune-level units removed per year.
    Years(crate::charts::MergesPerYear),
    /// Surplus staff per year.
    Surplus(crate::charts::StaffSurplus),
    /// The map of one phase, on the province as that phase starts.
    Map(
        Box<crate::charts::MapData>,
        std::borrow::Cow<'g, ProvinceGeometry>,
    ),
}

/// One chart of the report before it is drawn.
pub struct PlannedChart<'g> {
    /// File stem under `charts/` (e.g. `units-per-district`).
    pub stem: String,
    /// The caption the report gives it.
    pub caption: String,
    /// Its numbers.
    pub chart: OwnedChart<'g>,
}

/// The charts [`build`] draws for `result` (when `opts.charts`), with their
/// numbers and captions but not drawn: what the chart-consistency tests
/// check against `units.csv` and `plan.csv`.
///
/// # Errors
/// [`BuildError`]: an infeasible schedule or invalid staffing settings.
///
/// # Complexity
/// The schedule search, then linear in the groups, units and vertices.
pub fn chart_inputs<'g>(
    result: &PlanResult,
    rules: &RuleSet,
    sc: &Scenario,
    opts: &OutputOptions<'g>,
) -> Result<Vec<PlannedChart<'g>>, BuildError> {
    let items: Vec<_> = result.groups.iter().map(schedule_item).collect();
    let years: BTreeMap<String, u16> = schedule(&items, &sc.schedule)?.years();
    let staff = staffing(
        &result
            .groups
            .iter()
            .map(|g| staffing_group(g, years.get(&g.group_id).copied().unwrap_or(0)))
            .collect::<Vec<_>>(),
        &sc.staffing,
    )?;
    Ok(charts::chart_data(result, rules, &years, &staff, opts)?
        .into_iter()
        .map(|(stem, caption, chart)| PlannedChart {
            stem,
            caption,
            chart,
        })
        .collect())
}

impl OwnedChart<'_> {
    /// The chart, ready to draw.
    pub fn as_chart(&self) -> Chart<'_> {
        match self {
            OwnedChart::Quadrant(d) => Chart::Quadrant(d),
            OwnedChart::Districts(d) => Chart::DistrictCounts(d),
            OwnedChart::Years(d) => Chart::MergesPerYear(d),
            OwnedChart::Surplus(d) => Chart::Surplus(d),
            OwnedChart::Map(d, g) => Chart::Map(g, d),
        }
    }
}
