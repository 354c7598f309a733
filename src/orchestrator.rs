//! The one orchestrator of a planning run: load → assess → plan → schedule →
//! staffing → outputs → the report folder, written atomically.
//!
//! Every stage is driven from here (docs/architecture.md): [`crate::io`]
//! loads and validates the dataset, [`crate::pipeline::run()`] assesses and
//! plans both levels and phases, [`crate::outputs::build`] schedules, counts
//! the staffing, renders the files and runs the self-check, and
//! [`crate::io::output::AtomicDir`] writes the folder so that a failure never
//! leaves half a report. The command line (`reorg plan`, `reorg backtest`)
//! only parses its flags, calls [`plan`] or [`plan_round`] and prints;
//! `reorg evaluate` reads and resolves the proposal, then calls [`evaluate`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::evaluate::report::{OriginRow, add_to_report, origin_rows};
use crate::evaluate::{EvalFinding, Resolved};
use crate::geo::{GeoJsonError, ProvinceGeometry, load_geometry};
use crate::io::csv_out::CsvStyle;
use crate::io::output::{AtomicDir, OutputError, check_not_input, check_overwrite};
use crate::io::{LoadError, Loaded, load_dir};
use crate::lang::Lang;
use crate::model::{Dataset, Level, UnitCode};
use crate::outputs::geojson::{ExportLevel, plan_geojson};
use crate::outputs::{BuildError, OutputOptions, Outputs};
use crate::pipeline::{PipelineError, PlanResult, RunOptions};
use crate::rules::{RuleSet, RulesError};
use crate::scenario::Scenario;
use crate::validator::{CheckOptions, check_plan};

/// A planning run could not be completed.
#[derive(Debug, Error)]
pub enum OrchestratorError {
    /// The rule set could not be loaded.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The dataset has errors (every diagnostic is listed).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The planner's settings or the scenario's locks are invalid.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    /// The report could not be built (e.g. an infeasible schedule).
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A province's geometry could not be read.
    #[error(transparent)]
    Geometry(#[from] GeoJsonError),
    /// The report folder could not be written (or would overwrite another
    /// scenario's report).
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The rule set names no criterion of units that must be arranged
    /// (e.g. `nq76-2025`, which sets only the standards of the new units):
    /// there is nothing for the phase planner to do; regionalization is the
    /// tool for such a round.
    #[error(
        "the rule set '{0}' names no criterion of units that must be arranged, so there is nothing to plan by phase; use 'reorg regionalize' to group the units to its standards"
    )]
    NoCriteria(String),
    /// A table of the evaluation could not be encoded.
    #[error("writing a table: {0}")]
    Csv(#[from] csv::Error),
    /// `--province` names no province of the dataset.
    #[error(transparent)]
    UnknownProvince(#[from] UnknownProvince),
}

/// `--province` names no province of the dataset: what was given and the
/// provinces whose code or name is near it.
#[derive(Debug, Error)]
#[error("{}", self.english())]
pub struct UnknownProvince {
    /// What was given.
    pub token: String,
    /// The provinces near it, `(code, name)`, nearest first; empty when
    /// none is near.
    pub near: Vec<(UnitCode, String)>,
}

impl UnknownProvince {
    /// The near provinces as `26 Tỉnh Vĩnh Phúc, 27 Tỉnh Bắc Ninh`.
    pub fn near_list(&self) -> String {
        self.near
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn english(&self) -> String {
        if self.near.is_empty() {
            format!(
                "no province '{}' in the dataset; 'reorg provinces DIR' lists their codes and names",
                self.token
            )
        } else {
            format!(
                "no province '{}' in the dataset; did you mean: {}",
                self.token,
                self.near_list()
            )
        }
    }
}

/// The province `token` names in `ds`: its code (`26`), its name (`Vĩnh
/// Phúc`, `Tỉnh Vĩnh Phúc`, any case or Unicode form) or its slug
/// (`vinh-phuc`). Every command's `--province` goes through here.
///
/// # Errors
/// [`UnknownProvince`] with the near provinces when none matches.
///
/// # Complexity
/// O(p · l²) for p provinces of names of l characters.
pub fn find_province(ds: &Dataset, token: &str) -> Result<UnitCode, UnknownProvince> {
    crate::evaluate::find_province(ds, token).map_err(|near| UnknownProvince {
        token: token.trim().to_string(),
        near,
    })
}

/// The province of a dataset that holds exactly one, else `None`.
///
/// # Complexity
/// O(p) for p provinces.
fn only_province(ds: &Dataset) -> Option<UnitCode> {
    let mut provinces = ds.ids_at(Level::Province);
    match (provinces.next(), provinces.next()) {
        (Some(id), None) => Some(ds.unit(id).code.clone()),
        _ => None,
    }
}

/// The default report folder of `reorg plan`: `reports/<scenario>/` for
/// the national plan, `reports/tinh-<code>/<scenario>/` for one province,
/// so that a province's plan never replaces (or lands inside) the national
/// report.
pub fn default_plan_out(scenario: &str, province: Option<&UnitCode>) -> PathBuf {
    let reports = PathBuf::from("reports");
    match province {
        Some(p) => reports.join(format!("tinh-{p}")).join(scenario),
        None => reports.join(scenario),
    }
}

/// The stage a progress report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunStage {
    /// Planning the merges: one step per parent.
    Planning,
    /// Building the per-province reports: one step per province.
    ProvinceReports,
}

/// What to plan and where to write it.
pub struct PlanJob<'a> {
    /// Dataset folder holding `units.csv`, `adjacency.csv` (and `geometry/`).
    pub dir: &'a Path,
    /// The scenario (its rule set, language, settings).
    pub scenario: &'a Scenario,
    /// Only this province (all when `None`), by code, name or slug; its
    /// report includes the map.
    pub province: Option<UnitCode>,
    /// One report per province under `out/<code>/`, plus the national one.
    pub each_province: bool,
    /// The report folder; `None`: [`default_plan_out`] (by province when
    /// [`PlanJob::province`] is given).
    pub out: Option<&'a Path>,
    /// Replace the report of another scenario in the output folder.
    pub force: bool,
    /// The scenario file read, if any (the output folder may not hold it).
    pub scenario_file: Option<&'a Path>,
    /// How CSV tables are written.
    pub csv: CsvStyle,
    /// Draw the charts.
    pub charts: bool,
    /// Write `plan.geojson`.
    pub geojson: bool,
    /// Called with (stage, done, total) as the run advances.
    pub progress: Option<&'a dyn Fn(RunStage, usize, usize)>,
}

/// A completed run: the dataset, the plan and the national report, already
/// written to [`PlanRun::out`].
pub struct PlanRun {
    /// The dataset as loaded, with the warnings it was accepted with.
    pub loaded: Loaded,
    /// The plan.
    pub result: PlanResult,
    /// The (national or single-province) report's files and figures.
    pub outputs: Outputs,
    /// Units without a polygon in `plan.geojson`, one list per report
    /// that lacks some (national first, then the provinces'), by code.
    pub missing_geometry: Vec<Vec<UnitCode>>,
    /// The folder written.
    pub out: PathBuf,
}

/// Loads the dataset and plans it: the planning stages without the report,
/// for callers that judge the plan themselves (`reorg backtest`).
///
/// # Errors
/// [`OrchestratorError::Load`] for invalid input,
/// [`OrchestratorError::Pipeline`] for invalid settings.
///
/// # Complexity
/// That of [`crate::pipeline::run()`] plus linear loading.
pub fn plan_round(
    dir: &Path,
    rules: &RuleSet,
    scenario: &Scenario,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<(Loaded, PlanResult), OrchestratorError> {
    let loaded = load_dir(dir)?;
    let result = plan_loaded(&loaded.dataset, rules, scenario, None, progress)?;
    Ok((loaded, result))
}

/// Plans a dataset already in memory: the planning stages only, for
/// callers that plan one map many times (`reorg calibrate`).
///
/// # Errors
/// [`PipelineError`] for invalid settings or locks.
///
/// # Complexity
/// That of [`crate::pipeline::run()`].
pub fn plan_loaded(
    ds: &Dataset,
    rules: &RuleSet,
    scenario: &Scenario,
    province: Option<UnitCode>,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<PlanResult, PipelineError> {
    crate::pipeline::run(
        ds,
        &RunOptions {
            rules,
            scenario,
            province,
            progress,
        },
    )
}

/// Plans `ds` under `scenario` and returns the predicted groups of `level`
/// (member codes, sorted).
///
/// # Errors
/// [`PipelineError`] from the run.
///
/// # Complexity
/// One pipeline run (for `reorg calibrate`, which plans the map once per
/// trial of the weights) (see [`crate::pipeline::run()`]).
pub fn predicted_groups(
    ds: &Dataset,
    rules: &RuleSet,
    scenario: &Scenario,
    level: Level,
) -> Result<Vec<Vec<UnitCode>>, PipelineError> {
    let result = plan_loaded(ds, rules, scenario, None, None)?;
    Ok(result
        .groups
        .iter()
        .filter(|g| g.level == level)
        .map(|g| {
            let mut m = g.member_codes();
            m.sort();
            m
        })
        .collect())
}

/// Runs every stage for `job` and writes its report folder(s).
///
/// # Errors
/// [`OrchestratorError`]: the first stage that fails; nothing is written
/// then (the folder is committed only when every file is in place).
///
/// # Complexity
/// Dominated by the planner ([`crate::pipeline::run()`]) and the report
/// rendering ([`crate::outputs::build`]), once per province with
/// [`PlanJob::each_province`].
pub fn plan(job: &PlanJob<'_>) -> Result<PlanRun, OrchestratorError> {
    let sc = job.scenario;
    let rules = RuleSet::load(&sc.rules)?;
    if rules.criteria.is_empty() {
        return Err(OrchestratorError::NoCriteria(rules.name.clone()));
    }
    let loaded = load_dir(job.dir)?;
    let ds = &loaded.dataset;
    // The province by code, name or slug (`26`, `Vĩnh Phúc`, `vinh-phuc`).
    let province = match &job.province {
        Some(p) => Some(find_province(ds, p.as_str())?),
        None => None,
    };
    let out = job.out.map_or_else(
        || default_plan_out(&sc.name, province.as_ref()),
        Path::to_path_buf,
    );
    check_overwrite(&out, &sc.name, job.force)?;
    let mut inputs: Vec<&Path> = vec![job.dir];
    inputs.extend(job.scenario_file);
    check_not_input(&out, &inputs)?;
    let planning = |done: usize, total: usize| {
        if let Some(p) = job.progress {
            p(RunStage::Planning, done, total);
        }
    };
    let result = crate::pipeline::run(
        ds,
        &RunOptions {
            rules: &rules,
            scenario: sc,
            province: province.clone(),
            progress: Some(&planning),
        },
    )?;
    let ctx = ReportCtx {
        ds,
        rules: &rules,
        scenario: sc,
        dir: job.dir,
        charts: job.charts,
        geojson: job.geojson,
        csv: job.csv,
        province_reports: job.each_province,
    };
    // A dataset of one province (a province's own data) gets that
    // province's report, not a national one.
    let scope = province.clone().or_else(|| only_province(ds));
    let (outputs, missing) = ctx.build(&result, scope.as_ref())?;
    let mut missing_geometry: Vec<Vec<UnitCode>> = Vec::new();
    if !missing.is_empty() {
        missing_geometry.push(missing);
    }
    let dir = AtomicDir::new(&out)?;
    for (name, bytes) in &outputs.files {
        dir.write(name, bytes)?;
    }
    if job.each_province {
        let provinces: Vec<UnitCode> = ds
            .ids_at(Level::Province)
            .map(|id| ds.unit(id).code.clone())
            .collect();
        for (i, p) in provinces.iter().enumerate() {
            if let Some(f) = job.progress {
                f(RunStage::ProvinceReports, i, provinces.len());
            }
            let (o, missing) = ctx.build(&result.restricted_to(p), Some(p))?;
            if !missing.is_empty() {
                missing_geometry.push(missing);
            }
            for (name, bytes) in &o.files {
                dir.write(Path::new(p.as_str()).join(name), bytes)?;
            }
        }
    }
    let out = dir.commit(&sc.name, job.force)?;
    Ok(PlanRun {
        loaded,
        result,
        outputs,
        missing_geometry,
        out,
    })
}

/// A province's proposal to evaluate ([`evaluate`]): already read and
/// resolved against the dataset ([`crate::evaluate::resolve`]).
pub struct EvaluateJob<'a> {
    /// Dataset folder (for `geometry/`).
    pub dir: &'a Path,
    /// The dataset the proposal was resolved against.
    pub dataset: &'a Dataset,
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The scenario; its locks are replaced by the proposal's groups.
    pub scenario: &'a Scenario,
    /// The proposal, resolved.
    pub resolved: &'a Resolved,
    /// Let the planner arrange the mandatory units the proposal leaves out.
    pub complete: bool,
    /// The province evaluated (all when `None`).
    pub province: Option<UnitCode>,
    /// The report folder.
    pub out: &'a Path,
    /// Replace the report of another scenario in the output folder.
    pub force: bool,
    /// Files read (the dataset folder, the proposal, the scenario file): the
    /// output folder may not be or hold one of them.
    pub inputs: &'a [&'a Path],
    /// How CSV tables are written.
    pub csv: CsvStyle,
    /// Draw the charts.
    pub charts: bool,
    /// Write `plan.geojson`.
    pub geojson: bool,
    /// Called with (done, total) as the planning advances.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

/// An evaluated proposal, its report folder written to [`EvaluateRun::out`].
pub struct EvaluateRun {
    /// The plan: the proposal's groups, locked exactly (and, with
    /// [`EvaluateJob::complete`], the planner's groups for the rest).
    pub result: PlanResult,
    /// The report's files and figures.
    pub outputs: Outputs,
    /// The findings, errors first by proposal line.
    pub findings: Vec<EvalFinding>,
    /// Who proposed each group.
    pub origin: Vec<OriginRow>,
    /// Units without a polygon in `plan.geojson`.
    pub missing_geometry: Vec<UnitCode>,
    /// The folder written.
    pub out: PathBuf,
}

/// Evaluates a province's proposal: its groups are locked exactly, the
/// planner arranges the rest only with [`EvaluateJob::complete`], the
/// validator judges the proposal as given, and the report folder of
/// `reorg plan` is written with the findings and origins added.
///
/// # Errors
/// [`OrchestratorError`]: the first stage that fails; nothing is written.
///
/// # Complexity
/// That of [`crate::pipeline::run()`] with the proposal's groups fixed (and,
/// without `complete`, once more for the planner's own reasons of the
/// targets left out), plus the validator's replay (linear in the proposal) and the report.
pub fn evaluate(job: &EvaluateJob<'_>) -> Result<EvaluateRun, OrchestratorError> {
    let ds = job.dataset;
    let resolved = job.resolved;
    check_overwrite(job.out, &job.scenario.name, job.force)?;
    check_not_input(job.out, job.inputs)?;
    let mut scenario = job.scenario.clone();
    let lang = scenario.language;
    scenario.locks.fixed = resolved
        .groups
        .iter()
        .map(|g| (g.phase, g.members.clone()))
        .collect();
    scenario.locks.only_fixed = !job.complete;
    let mut result = crate::pipeline::run(
        ds,
        &RunOptions {
            rules: job.rules,
            scenario: &scenario,
            province: job.province.clone(),
            progress: job.progress,
        },
    )?;
    if !job.complete {
        // The planner's own plan says which left-out targets it could not
        // arrange either, and why.
        let own = crate::pipeline::run(
            ds,
            &RunOptions {
                rules: job.rules,
                scenario: job.scenario,
                province: job.province.clone(),
                progress: None,
            },
        )?;
        crate::evaluate::explain_unresolved(&mut result, &own);
    }
    // The names the province gave.
    let named: BTreeMap<String, String> = crate::evaluate::origins(&result, &resolved.groups)
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
        ds,
        job.rules,
        &resolved.proposal,
        &CheckOptions {
            province: job.province.clone(),
            ..CheckOptions::from_scenario(&scenario)
        },
    );
    let found = crate::evaluate::findings(ds, &check, resolved, &result, lang);
    let origin = origin_rows(&result, &resolved.groups, lang);
    let ctx = ReportCtx {
        ds,
        rules: job.rules,
        scenario: &scenario,
        dir: job.dir,
        charts: job.charts,
        geojson: job.geojson,
        csv: job.csv,
        province_reports: false,
    };
    let (mut outputs, missing_geometry) = ctx.build(&result, job.province.as_ref())?;
    add_to_report(&mut outputs.files, &found, &origin, lang, job.csv)?;
    let dir = AtomicDir::new(job.out)?;
    for (name, bytes) in &outputs.files {
        dir.write(name, bytes)?;
    }
    let out = dir.commit(&scenario.name, job.force)?;
    Ok(EvaluateRun {
        result,
        outputs,
        findings: found,
        origin,
        missing_geometry,
        out,
    })
}

/// What every report of one run shares.
struct ReportCtx<'a> {
    ds: &'a Dataset,
    rules: &'a RuleSet,
    scenario: &'a Scenario,
    dir: &'a Path,
    charts: bool,
    geojson: bool,
    csv: CsvStyle,
    /// Whether `--each-province` writes the province reports (the national
    /// report links to them).
    province_reports: bool,
}

impl ReportCtx<'_> {
    /// The files of the report on `result` (national or one province's),
    /// `plan.geojson` included, and the units `plan.geojson` lacks.
    fn build(
        &self,
        result: &PlanResult,
        province: Option<&UnitCode>,
    ) -> Result<(Outputs, Vec<UnitCode>), OrchestratorError> {
        let job = self;
        let lang = job.scenario.language;
        let geometries: Vec<ProvinceGeometry> = if job.charts || job.geojson {
            load_geometry(job.dir, province)?
        } else {
            Vec::new()
        };
        let geometry = match province {
            Some(_) if job.charts => geometries.first(),
            _ => None,
        };
        let area_label = match province {
            Some(p) => self
                .ds
                .get(p.as_str())
                .map_or_else(|| p.to_string(), |u| u.name.clone()),
            None => lang.pick("Toàn quốc", "Whole country").to_string(),
        };
        let mut outputs = crate::outputs::build(
            self.ds,
            result,
            self.rules,
            job.scenario,
            &OutputOptions {
                lang,
                area_label,
                dataset_label: dataset_label(job.dir, lang),
                geometry,
                single_province: province.is_some(),
                geometries: &geometries,
                province_reports: job.province_reports,
                charts: job.charts,
                csv: job.csv,
            },
        )?;
        let mut missing = Vec::new();
        if job.geojson && !geometries.is_empty() {
            let g = plan_geojson(&geometries, result, ExportLevel::Commune);
            missing = g.missing.iter().map(|m| m.code.clone()).collect();
            outputs
                .files
                .push(("plan.geojson".into(), g.text.into_bytes()));
        }
        Ok((outputs, missing))
    }
}

/// The dataset as the report names it, without a file path: the vintage
/// when the folder is named by a year (`data/vn/2023`), else the folder's
/// own name ([`crate::io::dataset_name`]).
fn dataset_label(dir: &Path, lang: Lang) -> String {
    let name = crate::io::dataset_name(dir);
    if name.len() == 4 && name.chars().all(|c| c.is_ascii_digit()) {
        match lang {
            Lang::Vi => format!("Số liệu đơn vị hành chính năm {name}"),
            Lang::En => format!("Administrative unit data of {name}"),
        }
    } else {
        match lang {
            Lang::Vi => format!("Bộ số liệu “{name}”"),
            Lang::En => format!("Dataset “{name}”"),
        }
    }
}
