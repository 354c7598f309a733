//! The workbench's engine: one province loaded once, every edit judged by
//! the code of `reorg evaluate` ([`crate::evaluate::resolve`],
//! [`crate::validator::check_plan`], [`crate::evaluate::findings`]) on the
//! pipeline run with the edited groups fixed exactly.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::evaluate::{
    EvalFinding, Origin, ProposalFile, ProposalIssue, ProposalLayout, ProposalRow, Resolved,
    SourceCell, findings, origins, resolve,
};
use crate::geo::geojson::ProvinceGeometry;
use crate::geo::write::Prop;
use crate::geo::{Collection, FeatureIndex, GeoJsonError, load_geometry};
use crate::io::csv_out::{CsvStyle, CsvWriter};
use crate::io::output::{OutputError, write_file_atomic};
use crate::io::{LoadError, Severity, load_dir};
use crate::lang::Lang;
use crate::model::{Dataset, Level, UnitCode};
use crate::orchestrator::{EvaluateJob, OrchestratorError};
use crate::pipeline::{PipelineError, PlanResult};
use crate::rules::{RuleSet, RulesError};
use crate::scenario::{Scenario, ScenarioError};
use crate::validator::{CheckOptions, check_plan};

/// The workbench could not start or could not do what was asked.
#[derive(Debug, Error)]
pub enum WorkbenchError {
    /// The scenario file cannot be used.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The rule set cannot be loaded.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The dataset has errors.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// `--province` names no province of the dataset (or the dataset has
    /// none).
    #[error(transparent)]
    Province(#[from] crate::orchestrator::UnknownProvince),
    /// The province has no polygons in the dataset's `geometry/` folder.
    #[error(
        "the dataset has no map of province {0} (geometry/{0}.geojson); the workbench needs it"
    )]
    NoGeometry(UnitCode),
    /// The province's geometry cannot be read.
    #[error(transparent)]
    Geometry(#[from] GeoJsonError),
    /// The planner's settings or the locks are invalid.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The report could not be built or written.
    #[error(transparent)]
    Report(#[from] OrchestratorError),
    /// A file of the output folder could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// A table could not be encoded.
    #[error("cannot encode the table: {0}")]
    Encode(String),
}

/// One group of an edited plan, as the page sends it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditGroup {
    /// The group's label (its id in the findings and the exported file).
    pub id: String,
    /// Member codes.
    pub members: Vec<String>,
    /// The phase (`2023-2025`, `2026-2030`, or `1`, `2`); the rule set's
    /// first when absent.
    #[serde(default)]
    pub phase: Option<String>,
    /// The name given to the new unit, if any.
    #[serde(default)]
    pub new_name: Option<String>,
    /// The new unit's kind (`kind_after` of a proposal file: `xa`,
    /// `phuong`, ...), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_after: Option<String>,
    /// The member whose code the new unit keeps (`seat` of a proposal
    /// file, `new_code` of a change log), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
}

/// An edited plan: its groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditPlan {
    /// The groups, in the page's order.
    pub groups: Vec<EditGroup>,
    /// The language of the findings (`vi` default, or `en`).
    #[serde(default)]
    pub lang: Option<Lang>,
}

/// A problem of the edit as written (unknown code, member in two groups,
/// ...): the positioned issue of `reorg evaluate`, line = group's place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EditIssue {
    /// 1-based position of the group in the edit (the line of the file
    /// for an upload); 0 for the whole plan.
    pub line: u64,
    /// Error or warning.
    pub severity: Severity,
    /// A short token (`unknown-member`, ...).
    pub code: String,
    /// What was found and what was expected.
    pub message: String,
}

impl From<&ProposalIssue> for EditIssue {
    fn from(i: &ProposalIssue) -> EditIssue {
        EditIssue {
            line: i.line,
            severity: i.severity,
            code: i.code.to_string(),
            message: i.message.clone(),
        }
    }
}

/// The figures of a new unit formed by a group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewUnitFigures {
    /// The edit's group label (`None` for a group reorg added).
    pub group: Option<String>,
    /// Whether the province (the edit) or reorg formed it.
    pub origin: Origin,
    /// Phase.
    pub phase: String,
    /// Level (`district` or `commune`).
    pub level: String,
    /// Member codes.
    pub members: Vec<String>,
    /// The new unit's name.
    pub name: String,
    /// Its kind (`xa`, `phuong`, ...) and the kind's label.
    pub kind: String,
    /// The kind's label in the request's language.
    pub kind_label: String,
    /// Area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// The area standard, km².
    pub standard_area_km2: f64,
    /// The population standard.
    pub standard_population: f64,
    /// Area ÷ standard.
    pub area_ratio: Option<f64>,
    /// Population ÷ standard.
    pub population_ratio: Option<f64>,
    /// Both ratios ≥ 1.
    pub meets_standard: bool,
    /// The standard's id.
    pub standard_id: String,
    /// The weakest tag (V, S, U) of the figures the verdict rests on.
    pub standard_tag: String,
}

/// The verdict on an edit: findings and the new units' figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EditVerdict {
    /// Problems of the edit as written; when one is an error nothing was
    /// evaluated (`findings` and `new_units` are empty).
    pub issues: Vec<EditIssue>,
    /// The findings of `reorg evaluate` (`findings.csv`'s rows).
    pub findings: Vec<EvalFinding>,
    /// Number of error findings (an illegal group).
    pub errors: usize,
    /// Number of warning findings.
    pub warnings: usize,
    /// The new units, in the plan's order.
    pub new_units: Vec<NewUnitFigures>,
}

/// A unit of the province with its figures and its status per phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitView {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level.
    pub level: String,
    /// Kind token.
    pub kind: String,
    /// Kind label (Vietnamese).
    pub kind_label: String,
    /// Parent code.
    pub parent: Option<String>,
    /// Parent name.
    pub parent_name: Option<String>,
    /// Area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// The assessment of each phase the unit is assessed in on the map as
    /// loaded (phase 1) and as the planner leaves it (phase 2).
    pub phases: Vec<UnitPhaseView>,
}

/// A unit's assessment in one phase.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UnitPhaseView {
    /// Phase.
    pub phase: String,
    /// Status token (`mandatory`, `below_standard`, `meets_standard`,
    /// `exempt`, `unknown`).
    pub status: String,
    /// Status label, Vietnamese.
    pub status_vi: String,
    /// Status label, English.
    pub status_en: String,
    /// Criterion (M1–M6) or exemption (E1–E6) id.
    pub rule: Option<String>,
    /// Area ÷ standard.
    pub area_ratio: Option<f64>,
    /// Population ÷ standard.
    pub population_ratio: Option<f64>,
    /// Area standard, km².
    pub standard_area_km2: f64,
    /// Population standard.
    pub standard_population: f64,
    /// The standard's id.
    pub standard_id: String,
    /// The weakest tag of the result.
    pub tag: String,
}

/// What the page shows in its header.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkbenchInfo {
    /// Province code.
    pub code: String,
    /// Province name.
    pub name: String,
    /// The rule set's name.
    pub rules: String,
    /// The scenario's name.
    pub scenario: String,
    /// The rule set's phases.
    pub phases: Vec<String>,
    /// The default language.
    pub lang: Lang,
    /// Communes of the province.
    pub communes: usize,
}

/// One province loaded for the workbench: the dataset, rules, scenario, its
/// map, its units' figures and the planner's proposal, computed once.
pub struct Workbench {
    dataset: Dataset,
    /// The province alone (see [`province_dataset`]): what every edit is
    /// planned, checked and judged on.
    local: Dataset,
    rules: RuleSet,
    scenario: Scenario,
    province: UnitCode,
    data_dir: PathBuf,
    out: PathBuf,
    map_json: String,
    districts_json: String,
    units: Vec<UnitView>,
    planner: EditPlan,
    /// Serialises the writes of the output folder: the files are written
    /// atomically (temporary file, then rename), and one writer at a time
    /// keeps two requests from sharing a temporary file.
    writing: std::sync::Mutex<()>,
    csv: CsvStyle,
}

/// A verdict with the plan run it rests on (none when the edit has errors
/// as written): the plan, the resolved edit and the scenario of the run.
type Judged = (EditVerdict, Option<(PlanResult, Resolved, Scenario)>);

/// The label given to the edited plan in messages.
const EDIT_LABEL: &str = "phuong-an";

/// The columns of an exported proposal (the members layout of `reorg
/// evaluate`).
pub const EXPORT_COLUMNS: [&str; 6] =
    ["group", "member", "phase", "new_name", "kind_after", "seat"];

/// The file the edit is exported to (CSV) in the output folder.
pub const EXPORT_CSV: &str = "phuong-an.csv";

impl Workbench {
    /// Loads `dir` for the province `province` (code or name; the first
    /// province of the dataset when `None`), the scenario file if given,
    /// and plans it once (the planner's proposal). Files the server writes
    /// go under `out`.
    ///
    /// # Errors
    /// [`WorkbenchError`]: the scenario, rules, dataset or geometry cannot
    /// be used, or the province is unknown.
    ///
    /// # Complexity
    /// One load of the dataset and one planning run of the province.
    pub fn open(
        dir: &Path,
        province: Option<&str>,
        scenario_file: Option<&Path>,
        out: &Path,
    ) -> Result<Workbench, WorkbenchError> {
        let scenario = match scenario_file {
            Some(p) => Scenario::load(p)?,
            None => Scenario::default(),
        };
        let rules = RuleSet::load(&scenario.rules)?;
        let dataset = load_dir(dir)?.dataset;
        let code = match province {
            Some(token) => crate::orchestrator::find_province(&dataset, token)?,
            None => dataset
                .units()
                .iter()
                .find(|u| u.level == Level::Province)
                .map(|u| u.code.clone())
                .ok_or_else(|| crate::orchestrator::UnknownProvince {
                    token: String::new(),
                    near: Vec::new(),
                })?,
        };
        let geometry = load_geometry(dir, Some(&code))?
            .into_iter()
            .next()
            .ok_or_else(|| WorkbenchError::NoGeometry(code.clone()))?;
        let map_json =
            std::fs::read_to_string(&geometry.source).map_err(|error| GeoJsonError::Io {
                file: geometry.source.clone(),
                error,
            })?;
        let local = province_dataset(&dataset, &code);
        let districts_json = district_outlines(&local, &code, std::slice::from_ref(&geometry));
        let mut wb = Workbench {
            local,
            dataset,
            rules,
            scenario,
            province: code,
            data_dir: dir.to_path_buf(),
            out: out.to_path_buf(),
            map_json,
            districts_json,
            units: Vec::new(),
            planner: EditPlan::default(),
            writing: std::sync::Mutex::new(()),
            csv: CsvStyle::default(),
        };
        let planned = wb.run(&wb.scenario.clone(), true)?;
        wb.units = wb.unit_views(&planned);
        wb.planner = EditPlan {
            groups: planned
                .groups
                .iter()
                .map(|g| EditGroup {
                    id: g.group_id.clone(),
                    members: g.member_codes().iter().map(|c| c.to_string()).collect(),
                    phase: Some(g.phase.as_str().to_string()),
                    new_name: None,
                    kind_after: None,
                    seat: None,
                })
                .collect(),
            lang: None,
        };
        Ok(wb)
    }

    /// Writes the CSV files (exports, `findings.csv`) in `csv`'s style
    /// (default: with a BOM).
    pub fn with_csv_style(mut self, csv: CsvStyle) -> Workbench {
        self.csv = csv;
        self
    }

    /// The header figures.
    pub fn info(&self) -> WorkbenchInfo {
        let name = self
            .dataset
            .get(self.province.as_str())
            .map_or_else(|| self.province.to_string(), |u| u.name.clone());
        WorkbenchInfo {
            code: self.province.to_string(),
            name,
            rules: self.rules.name.clone(),
            scenario: self.scenario.name.clone(),
            phases: self
                .rules
                .phases()
                .iter()
                .map(|p| p.as_str().to_string())
                .collect(),
            lang: self.scenario.language,
            communes: self
                .units
                .iter()
                .filter(|u| u.level == Level::Commune.as_str())
                .count(),
        }
    }

    /// The province's commune polygons: the dataset's GeoJSON as shipped.
    pub fn map_json(&self) -> &str {
        &self.map_json
    }

    /// The province's district outlines: a GeoJSON FeatureCollection, one
    /// feature per district (`code`, `name`), each the dissolve of its
    /// communes' shipped polygons.
    pub fn districts_json(&self) -> &str {
        &self.districts_json
    }

    /// The province's districts and communes with figures and statuses.
    pub fn units(&self) -> &[UnitView] {
        &self.units
    }

    /// The planner's proposal (`reorg plan` on the same scenario).
    pub fn planner(&self) -> &EditPlan {
        &self.planner
    }

    /// The folder the server writes into.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The province's code.
    pub fn province(&self) -> &UnitCode {
        &self.province
    }

    /// The pipeline run for this province under `scenario`, on the whole
    /// dataset (the planner's proposal: its search weighs the borders with
    /// the neighbouring provinces too) or on the province alone (an edit).
    fn run(&self, scenario: &Scenario, whole: bool) -> Result<PlanResult, WorkbenchError> {
        Ok(crate::orchestrator::plan_loaded(
            if whole { &self.dataset } else { &self.local },
            &self.rules,
            scenario,
            Some(self.province.clone()),
            None,
        )?)
    }

    fn unit_views(&self, planned: &PlanResult) -> Vec<UnitView> {
        let ds = &self.dataset;
        let mut by_code: BTreeMap<&str, Vec<UnitPhaseView>> = BTreeMap::new();
        for a in &planned.assessments {
            by_code
                .entry(a.code.as_str())
                .or_default()
                .push(UnitPhaseView {
                    phase: a.phase.as_str().to_string(),
                    status: a.status.as_str().to_string(),
                    status_vi: a.status.label(Lang::Vi).to_string(),
                    status_en: a.status.label(Lang::En).to_string(),
                    rule: a.rule.clone(),
                    area_ratio: a.area_ratio,
                    population_ratio: a.population_ratio,
                    standard_area_km2: a.standard.area_km2,
                    standard_population: a.standard.population,
                    standard_id: a.standard.id.clone(),
                    tag: a.tag.as_str().to_string(),
                });
        }
        let Some(pid) = ds.id_of(&self.province) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &d in ds.children(pid) {
            let mut ids = vec![d];
            ids.extend_from_slice(ds.children(d));
            for id in ids {
                let u = ds.unit(id);
                let parent = u.parent_code.as_ref().and_then(|p| ds.get(p.as_str()));
                out.push(UnitView {
                    code: u.code.to_string(),
                    name: u.name.clone(),
                    level: u.level.as_str().to_string(),
                    kind: u.kind.as_str().to_string(),
                    kind_label: u.kind.label_vi().to_string(),
                    parent: parent.map(|p| p.code.to_string()),
                    parent_name: parent.map(|p| p.name.clone()),
                    area_km2: u.area_km2,
                    population: u.population,
                    phases: by_code.remove(u.code.as_str()).unwrap_or_default(),
                });
            }
        }
        out
    }

    /// The edit as the rows of a proposal file: one row per group, line =
    /// its 1-based place, columns those of [`Workbench::export_csv`].
    pub(crate) fn as_file(edit: &EditPlan) -> ProposalFile {
        let cell = |text: &str, column| SourceCell {
            text: text.to_string(),
            column,
        };
        ProposalFile {
            path: PathBuf::from(EDIT_LABEL),
            layout: ProposalLayout::Members,
            rows: edit
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| ProposalRow {
                    line: i as u64 + 1,
                    group: cell(&g.id, 1),
                    members: g.members.iter().map(|m| cell(m, 2)).collect(),
                    phase: g.phase.as_deref().map(|p| cell(p, 3)),
                    year: None,
                    new_name: g
                        .new_name
                        .as_deref()
                        .filter(|n| !n.trim().is_empty())
                        .map(|n| cell(n, 4)),
                    kind_after: g
                        .kind_after
                        .as_deref()
                        .filter(|k| !k.trim().is_empty())
                        .map(|k| cell(k, 5)),
                    seat: g
                        .seat
                        .as_deref()
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| cell(c, 6)),
                })
                .collect(),
            issues: Vec::new(),
        }
    }

    /// Resolves `file` against the province: the edit's groups with their
    /// issues (unknown codes, a member in two groups, ...). The province
    /// alone is enough: `resolve` matches codes and names within the
    /// province only and names no unit outside it but its parents.
    pub fn resolve(&self, file: &ProposalFile) -> Resolved {
        resolve(&self.local, &self.rules, Some(&self.province), file)
    }

    /// The plan an uploaded proposal describes, as the page's groups
    /// (members by code), with the file's issues.
    pub fn edit_of(&self, file: &ProposalFile) -> (EditPlan, Vec<EditIssue>) {
        let resolved = self.resolve(file);
        let issues = resolved.issues.iter().map(EditIssue::from).collect();
        // The kind and seat a group was given, by (phase, label).
        let given: HashMap<(crate::model::Phase, &str), &crate::validator::ProposedGroup> =
            resolved
                .proposal
                .phases
                .iter()
                .flat_map(|p| p.groups.iter().map(move |g| ((p.phase, g.id.as_str()), g)))
                .collect();
        let plan = EditPlan {
            groups: resolved
                .groups
                .iter()
                .map(|g| {
                    let p = given.get(&(g.phase, g.id.as_str()));
                    EditGroup {
                        id: g.id.clone(),
                        members: g.members.iter().map(|c| c.to_string()).collect(),
                        phase: Some(g.phase.as_str().to_string()),
                        new_name: g.new_name.clone(),
                        kind_after: p.and_then(|p| p.kind).map(|k| k.as_str().to_string()),
                        seat: p.and_then(|p| p.code.as_ref()).map(|c| c.to_string()),
                    }
                })
                .collect(),
            lang: None,
        };
        (plan, issues)
    }

    /// Judges `edit` as `reorg evaluate` judges a proposal: resolve, the
    /// pipeline with every group fixed exactly and no other merge, the
    /// validator, the findings (with the edit's group places as lines).
    ///
    /// # Errors
    /// [`WorkbenchError::Pipeline`] when the locks cannot be planned.
    ///
    /// # Complexity
    /// That of one pipeline run of the province with fixed groups plus the
    /// validator's replay: linear in the province's units and adjacency.
    pub fn evaluate(&self, edit: &EditPlan) -> Result<EditVerdict, WorkbenchError> {
        Ok(self.judge(edit)?.0)
    }

    /// [`Workbench::evaluate`] with the plan run, for the report.
    fn judge(&self, edit: &EditPlan) -> Result<Judged, WorkbenchError> {
        let lang = edit.lang.unwrap_or(self.scenario.language);
        let file = Self::as_file(edit);
        let resolved = self.resolve(&file);
        let issues: Vec<EditIssue> = resolved.issues.iter().map(EditIssue::from).collect();
        if resolved.errors() > 0 {
            return Ok((
                EditVerdict {
                    issues,
                    findings: Vec::new(),
                    errors: 0,
                    warnings: 0,
                    new_units: Vec::new(),
                },
                None,
            ));
        }
        let mut scenario = self.scenario.clone();
        scenario.language = lang;
        scenario.locks.fixed = resolved
            .groups
            .iter()
            .map(|g| (g.phase, g.members.clone()))
            .collect();
        scenario.locks.only_fixed = true;
        let mut result = self.run(&scenario, false)?;
        let named: BTreeMap<String, String> = origins(&result, &resolved.groups)
            .into_iter()
            .filter_map(|(id, _, s)| Some((id.to_string(), s?.new_name.clone()?)))
            .collect();
        for g in &mut result.groups {
            if let Some(name) = named.get(&g.group_id) {
                g.proposed_name = name.clone();
                g.new_unit.name = name.clone();
            }
        }
        let check = check_plan(
            &self.local,
            &self.rules,
            &resolved.proposal,
            &CheckOptions {
                province: Some(self.province.clone()),
                ..CheckOptions::from_scenario(&scenario)
            },
        );
        let found = findings(&self.local, &check, &resolved, &result, lang);
        let source: HashMap<&str, Option<String>> = origins(&result, &resolved.groups)
            .into_iter()
            .map(|(id, _, s)| (id, s.map(|s| s.id.clone())))
            .collect();
        let new_units = result
            .groups
            .iter()
            .map(|g| {
                let group = source.get(g.group_id.as_str()).cloned().flatten();
                NewUnitFigures {
                    origin: if group.is_some() {
                        Origin::Proposal
                    } else {
                        Origin::Reorg
                    },
                    group,
                    phase: g.phase.as_str().to_string(),
                    level: g.level.as_str().to_string(),
                    members: g.member_codes().iter().map(|c| c.to_string()).collect(),
                    name: g.new_unit.name.clone(),
                    kind: g.new_unit.kind.as_str().to_string(),
                    kind_label: match lang {
                        Lang::Vi => g.new_unit.kind.label_vi().to_string(),
                        Lang::En => g.new_unit.kind.as_str().replace('_', " "),
                    },
                    area_km2: g.new_unit.area_km2,
                    population: g.new_unit.population,
                    standard_area_km2: g.standard_area_km2,
                    standard_population: g.standard_population,
                    area_ratio: g.area_ratio,
                    population_ratio: g.population_ratio,
                    meets_standard: g.meets_standard,
                    standard_id: g.standard_id.clone(),
                    standard_tag: g.standard_tag.as_str().to_string(),
                }
            })
            .collect();
        let errors = found
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Ok((
            EditVerdict {
                issues,
                warnings: found.len() - errors,
                errors,
                findings: found,
                new_units,
            },
            Some((result, resolved, scenario)),
        ))
    }

    /// The edit as a proposal CSV ([`EXPORT_COLUMNS`], one row per member, in the project's CSV style) that `reorg evaluate` reads
    /// back.
    ///
    /// # Errors
    /// [`WorkbenchError::Encode`] if the CSV cannot be encoded.
    pub fn export_csv(&self, edit: &EditPlan) -> Result<Vec<u8>, WorkbenchError> {
        let enc = |e: csv::Error| WorkbenchError::Encode(e.to_string());
        let mut w = CsvWriter::new(Vec::new(), self.csv).map_err(enc)?;
        w.write_row(EXPORT_COLUMNS).map_err(enc)?;
        for g in &edit.groups {
            for m in &g.members {
                w.write_row(Self::export_row(g, m)).map_err(enc)?;
            }
        }
        w.finish().map_err(enc)
    }

    /// One member's row of an export, in [`EXPORT_COLUMNS`]' order.
    fn export_row<'a>(g: &'a EditGroup, member: &'a str) -> [&'a str; 6] {
        [
            g.id.as_str(),
            member,
            g.phase.as_deref().unwrap_or(""),
            g.new_name.as_deref().unwrap_or(""),
            g.kind_after.as_deref().unwrap_or(""),
            g.seat.as_deref().unwrap_or(""),
        ]
    }

    /// The edit as an Excel workbook with the same columns as
    /// [`Workbench::export_csv`] (codes as text).
    ///
    /// # Errors
    /// [`WorkbenchError::Encode`] if the workbook cannot be written.
    pub fn export_xlsx(edit: &EditPlan) -> Result<Vec<u8>, WorkbenchError> {
        use rust_xlsxwriter::Workbook;
        let enc = |e: rust_xlsxwriter::XlsxError| WorkbenchError::Encode(e.to_string());
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Phương án").map_err(enc)?;
        for (c, h) in EXPORT_COLUMNS.iter().enumerate() {
            ws.write_string(0, c as u16, *h).map_err(enc)?;
        }
        let mut row = 1u32;
        for g in &edit.groups {
            for m in &g.members {
                for (c, text) in Self::export_row(g, m).iter().enumerate() {
                    ws.write_string(row, c as u16, *text).map_err(enc)?;
                }
                row += 1;
            }
        }
        wb.save_to_buffer().map_err(enc)
    }

    /// Saves `bytes` as `name` (a fixed name chosen by the server, never
    /// the client's) in the output folder, atomically: two tabs saving at
    /// once leave one whole file.
    ///
    /// # Errors
    /// [`WorkbenchError::Output`] when the folder or file cannot be written.
    pub fn save(&self, name: &'static str, bytes: &[u8]) -> Result<PathBuf, WorkbenchError> {
        let _one_writer = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        std::fs::create_dir_all(&self.out).map_err(|e| {
            WorkbenchError::Output(OutputError::Io {
                action: "create folder",
                path: self.out.clone(),
                source: e,
            })
        })?;
        let path = self.out.join(name);
        write_file_atomic(&path, bytes)?;
        Ok(path)
    }

    /// Writes the report folder of `edit` (the files of `reorg evaluate`:
    /// plan.csv, report.html, charts, plan.xlsx, the draft resolution,
    /// plan.geojson, findings.csv) to `<out>/bao-cao/`, atomically. Returns
    /// the folder and the files written, or the verdict when the edit has
    /// errors as written.
    ///
    /// # Errors
    /// [`WorkbenchError`] when the report cannot be built or written.
    pub fn report(
        &self,
        edit: &EditPlan,
    ) -> Result<Result<Vec<String>, EditVerdict>, WorkbenchError> {
        let (verdict, run) = self.judge(edit)?;
        let Some((_result, resolved, judged)) = run else {
            return Ok(Err(verdict));
        };
        // The proposal the report rests on, as `reorg evaluate` would read it.
        let export = self.save(EXPORT_CSV, &self.export_csv(edit)?)?;
        let mut scenario = self.scenario.clone();
        scenario.language = judged.language;
        let target = self.out.join("bao-cao");
        let inputs: [&Path; 2] = [&self.data_dir, &export];
        let _one_writer = self
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let run = crate::orchestrator::evaluate(&EvaluateJob {
            dir: &self.data_dir,
            dataset: &self.dataset,
            rules: &self.rules,
            scenario: &scenario,
            resolved: &resolved,
            complete: false,
            province: Some(self.province.clone()),
            out: &target,
            force: false,
            inputs: &inputs,
            csv: self.csv,
            charts: true,
            geojson: true,
            progress: None,
        })?;
        Ok(Ok(run.outputs.files.into_iter().map(|(n, _)| n).collect()))
    }
}

/// The province `code` alone: itself, its districts and communes, and the
/// borders between them.
///
/// An edit is judged on it rather than on the whole country: with every
/// group given exactly (`only_fixed`) nothing outside the province can
/// change a verdict — groups never cross a parent, names are made unique
/// within a parent, and the borders with other provinces only weigh in the
/// planner's search, which a fixed plan does not make. The tests compare
/// the findings with those of `reorg evaluate` on the whole dataset.
///
/// # Complexity
/// O(n + m) for the dataset's n units and m borders.
fn province_dataset(ds: &Dataset, code: &UnitCode) -> Dataset {
    let Some(pid) = ds.id_of(code) else {
        return Dataset::default();
    };
    let mut ids = vec![pid];
    for &d in ds.children(pid) {
        ids.push(d);
        ids.extend_from_slice(ds.children(d));
    }
    let inside: std::collections::HashSet<crate::model::UnitId> = ids.iter().copied().collect();
    let units = ids.iter().map(|&id| ds.unit(id).clone()).collect();
    let pairs = ds
        .edges()
        .filter(|e| inside.contains(&e.a) && inside.contains(&e.b))
        .map(|e| {
            (
                ds.unit(e.a).code.clone(),
                ds.unit(e.b).code.clone(),
                e.shared_border_km,
            )
        })
        .collect();
    Dataset::new(units, pairs)
}

/// The districts of `province` as GeoJSON: each the dissolve of its
/// communes' polygons in `geometry` (a district without any has a `null`
/// geometry), in code order.
///
/// # Complexity
/// O(E log E) for the E edges of the province's commune polygons.
fn district_outlines(ds: &Dataset, province: &UnitCode, geometry: &[ProvinceGeometry]) -> String {
    let index = FeatureIndex::new(geometry);
    let mut out = Collection::new();
    if let Some(pid) = ds.id_of(province) {
        for &d in ds.children(pid) {
            let u = ds.unit(d);
            let communes: Vec<UnitCode> = ds
                .children(d)
                .iter()
                .map(|&c| ds.unit(c).code.clone())
                .collect();
            let shape = out.dissolve(&index, &u.code, &u.name, &communes);
            out.push(
                &[
                    ("code", Prop::Str(u.code.to_string())),
                    ("name", Prop::Str(u.name.clone())),
                ],
                &shape.polygons,
            );
        }
    }
    out.finish().text
}
