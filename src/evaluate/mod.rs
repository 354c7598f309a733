//! A province's own proposal (`reorg evaluate`): read it ([`read`]),
//! resolve its members by code or by name ([`resolve`]), judge it with the
//! one plan validator ([`crate::validator::check_plan`]) and list the
//! findings with the proposal's lines ([`findings`]).
//!
//! The outputs of the proposal (plan.csv, report, workbook, ...) are the
//! ones of `reorg plan`, built from the pipeline run with every proposed
//! group fixed exactly (scenario `locks.fixed`) and, unless `--complete`,
//! no other merge.

pub mod names;
pub mod read;
pub mod report;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::PathBuf;

use serde::Serialize;
use thiserror::Error;

pub use names::{MemberMatch, NameIndex, find_province, fold, slug};
pub use read::{
    ProposalFile, ProposalLayout, ProposalRow, SourceCell, read_proposal, read_proposal_bytes,
};

use crate::assess::Status;
use crate::io::Severity;
use crate::lang::Lang;
use crate::model::{Dataset, Level, Phase, UnitCode, UnitKind};
use crate::pipeline::PlanResult;
use crate::planner::UnresolvedReason;
use crate::rules::RuleSet;
use crate::validator::{CheckReport, Proposal, ProposalPhase, ProposedGroup};

/// A proposal file could not be read at all.
#[derive(Debug, Error)]
pub enum EvaluateError {
    /// The file cannot be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV cannot be parsed.
    #[error("{}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// The workbook cannot be opened.
    #[error("{}: not a readable .xlsx workbook: {message}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// The reader's message.
        message: String,
    },
    /// `--sheet` names no sheet of the workbook.
    #[error("{}: no sheet '{sheet}' (sheets: {known})", path.display())]
    NoSheet {
        /// The file.
        path: PathBuf,
        /// The sheet asked for.
        sheet: String,
        /// The sheets of the workbook.
        known: String,
    },
}

/// A problem of the proposal as written (not of the plan it describes),
/// at a position: `file:line:column: error[code]: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalIssue {
    /// The file.
    pub file: PathBuf,
    /// 1-based line; 0 for the whole file.
    pub line: u64,
    /// 1-based column; 0 for the whole row.
    pub column: usize,
    /// Error (nothing is evaluated) or warning.
    pub severity: Severity,
    /// A short token (`unknown-member`, `ambiguous-name`, ...).
    pub code: &'static str,
    /// What was found and what was expected.
    pub message: String,
}

impl fmt::Display for ProposalIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {sev}[{}]: {}",
            self.file.display(),
            self.line,
            self.column,
            self.code,
            self.message
        )
    }
}

/// One group of the proposal as the file gives it, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceGroup {
    /// The group's label in the file (its id in the findings).
    pub id: String,
    /// The phase.
    pub phase: Phase,
    /// The line of its first row.
    pub line: u64,
    /// Member codes, sorted.
    pub members: Vec<UnitCode>,
    /// The name given for the new unit, if any.
    pub new_name: Option<String>,
}

/// A proposal resolved against a dataset.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// The plan to judge.
    pub proposal: Proposal,
    /// The groups with their lines, in file order.
    pub groups: Vec<SourceGroup>,
    /// Problems of the file (errors stop the evaluation).
    pub issues: Vec<ProposalIssue>,
}

impl Resolved {
    /// Number of errors among the issues.
    pub fn errors(&self) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }

    /// The province holding every member, if there is exactly one.
    pub fn single_province(&self, ds: &Dataset) -> Option<UnitCode> {
        let mut provinces: Vec<UnitCode> = self
            .groups
            .iter()
            .flat_map(|g| &g.members)
            .filter_map(|c| ds.id_of(c))
            .filter_map(|id| ds.province_of(id))
            .map(|id| ds.unit(id).code.clone())
            .collect();
        provinces.sort();
        provinces.dedup();
        match provinces.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }
}

/// Resolves the rows of `file` against `ds`: members by code or by name
/// within `province` (all provinces when `None`), groups by label and
/// phase; a phase not given is the rule set's first.
///
/// Checked here, as positioned issues: unknown or ambiguous members (with
/// the candidates), a member twice in one group (warning), a member in two
/// groups of one phase, a one-member group, an unknown phase or kind, a
/// seat that is not a member, a group given two phases.
///
/// # Complexity
/// O(n + r · c) for n units, r rows and c candidates per name.
pub fn resolve(
    ds: &Dataset,
    rules: &RuleSet,
    province: Option<&UnitCode>,
    file: &ProposalFile,
) -> Resolved {
    let index = NameIndex::new(ds, province);
    let mut issues = file.issues.clone();
    let issue = |line: u64, column: usize, severity, code, message: String| ProposalIssue {
        file: file.path.clone(),
        line,
        column,
        severity,
        code,
        message,
    };
    let default_phase = rules
        .phases()
        .first()
        .copied()
        .unwrap_or(Phase::Phase2023To2025);
    struct Acc {
        line: u64,
        phase: Option<(Phase, u64)>,
        members: Vec<(UnitCode, u64, usize)>,
        pending: Vec<(Vec<UnitCode>, String, u64, usize)>,
        new_name: Option<String>,
        kind: Option<UnitKind>,
        seat: Option<(String, u64, usize)>,
        /// A member could not be read (its error stands; no second error
        /// for the group being too small).
        failed: bool,
    }
    let mut order: Vec<String> = Vec::new();
    let mut acc: HashMap<String, Acc> = HashMap::new();
    let mut year_noted = false;
    for row in &file.rows {
        let label = row.group.text.clone();
        let a = acc.entry(label.clone()).or_insert_with(|| {
            order.push(label.clone());
            Acc {
                line: row.line,
                phase: None,
                members: Vec::new(),
                pending: Vec::new(),
                new_name: None,
                kind: None,
                seat: None,
                failed: false,
            }
        });
        if let Some(p) = &row.phase {
            match parse_phase(&p.text, rules) {
                Some(ph) => match a.phase {
                    Some((old, line)) if old != ph => issues.push(issue(
                        row.line,
                        p.column,
                        Severity::Error,
                        "two-phases",
                        format!(
                            "group '{label}' is given phase {} here and {} on line {line}",
                            ph.as_str(),
                            old.as_str()
                        ),
                    )),
                    Some(_) => {}
                    None => a.phase = Some((ph, row.line)),
                },
                None => issues.push(issue(
                    row.line,
                    p.column,
                    Severity::Error,
                    "unknown-phase",
                    format!(
                        "phase '{}' is not a phase of rule set {}; expected one of {} (or 1, 2, ...)",
                        p.text,
                        rules.name,
                        rules
                            .phases()
                            .iter()
                            .map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )),
            }
        }
        if let Some(y) = &row.year {
            // The year is checked, not used: the schedule sets each
            // merge's year from the scenario's windows and caps.
            let phase = row
                .phase
                .as_ref()
                .and_then(|p| parse_phase(&p.text, rules))
                .or(a.phase.map(|p| p.0));
            let windows: Vec<Phase> = match phase {
                Some(p) => vec![p],
                None => rules.phases().to_vec(),
            };
            let year: Option<u16> = y.text.trim().parse().ok();
            let inside = year.is_some_and(|y| {
                windows.iter().any(|p| {
                    let (a, b) = p.years();
                    (a..=b).contains(&y)
                })
            });
            if !inside {
                issues.push(issue(
                    row.line,
                    y.column,
                    Severity::Error,
                    "bad-year",
                    format!(
                        "year '{}' is not a year of {}; expected a year from {}",
                        y.text,
                        windows
                            .iter()
                            .map(|p| p.as_str())
                            .collect::<Vec<_>>()
                            .join(" or "),
                        windows
                            .iter()
                            .map(|p| {
                                let (a, b) = p.years();
                                format!("{a} to {b}")
                            })
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                ));
            } else if !year_noted && file.layout != ProposalLayout::Plan {
                year_noted = true;
                issues.push(issue(
                    row.line,
                    y.column,
                    Severity::Warning,
                    "year-not-used",
                    "the 'year' column is checked against the phase but not used: each merge's year comes from the scenario's windows and caps (schedule.csv)".into(),
                ));
            }
        }
        if let Some(k) = &row.kind_after {
            match UnitKind::parse(&k.text) {
                Some(kind) => a.kind = a.kind.or(Some(kind)),
                None => issues.push(issue(
                    row.line,
                    k.column,
                    Severity::Error,
                    "unknown-kind",
                    format!(
                        "kind '{}' is not a unit kind; expected a kind token such as xa, phuong, thi_tran, huyen, quan, thi_xa, thanh_pho",
                        k.text
                    ),
                )),
            }
        }
        if let Some(n) = &row.new_name {
            a.new_name.get_or_insert_with(|| n.text.clone());
        }
        if let Some(s) = &row.seat {
            a.seat.get_or_insert((s.text.clone(), row.line, s.column));
        }
        for m in &row.members {
            match index.resolve(&m.text) {
                MemberMatch::Unit(code, note) => {
                    if let Some(note) = note {
                        issues.push(issue(
                            row.line,
                            m.column,
                            Severity::Warning,
                            "code-padded",
                            note,
                        ));
                    }
                    a.members.push((code, row.line, m.column));
                }
                MemberMatch::Ambiguous(cands) => {
                    a.pending.push((cands, m.text.clone(), row.line, m.column));
                }
                MemberMatch::Unknown(cands) => {
                    a.failed = true;
                    issues.push(issue(
                        row.line,
                        m.column,
                        Severity::Error,
                        "unknown-member",
                        format!(
                            "'{}' is no district or commune {}; expected a unit code or name{}",
                            m.text,
                            match province {
                                Some(p) => format!("of province {p}"),
                                None => "of the dataset".into(),
                            },
                            candidates_text(ds, &cands, ", did you mean: ")
                        ),
                    ));
                }
            }
        }
    }
    // Ambiguous names: a candidate sharing the parent of the group's other
    // members wins ("within the district"); otherwise an error.
    for label in &order {
        let Some(a) = acc.get_mut(label) else {
            continue;
        };
        let parents: Vec<Option<UnitCode>> = a
            .members
            .iter()
            .map(|(c, _, _)| ds.get(c.as_str()).and_then(|u| u.parent_code.clone()))
            .collect();
        for (cands, text, line, column) in std::mem::take(&mut a.pending) {
            let near: Vec<&UnitCode> = cands
                .iter()
                .filter(|c| {
                    let p = ds.get(c.as_str()).and_then(|u| u.parent_code.clone());
                    parents.contains(&p)
                })
                .collect();
            if let [one] = near.as_slice() {
                a.members.push(((*one).clone(), line, column));
            } else {
                a.failed = true;
                issues.push(issue(
                    line,
                    column,
                    Severity::Error,
                    "ambiguous-name",
                    format!(
                        "'{text}' names {} units{}; give the code, or the name with its district as 'Name (District)'",
                        cands.len(),
                        candidates_text(ds, &cands, ": ")
                    ),
                ));
            }
        }
    }
    // Groups: duplicates, one-member groups, seats; members in two groups.
    let mut groups = Vec::new();
    let mut owner: HashMap<(Phase, UnitCode), (String, u64)> = HashMap::new();
    for label in &order {
        let Some(a) = acc.get(label) else {
            continue;
        };
        let phase = a.phase.map_or(default_phase, |p| p.0);
        let mut members: Vec<UnitCode> = Vec::new();
        let mut failed = a.failed;
        for (code, line, column) in &a.members {
            if members.contains(code) {
                issues.push(issue(
                    *line,
                    *column,
                    Severity::Warning,
                    "member-repeated",
                    format!(
                        "{} is listed twice in group '{label}'; read once",
                        unit_label(ds, code)
                    ),
                ));
                continue;
            }
            if let Some((other, other_line)) = owner.get(&(phase, code.clone())) {
                issues.push(issue(
                    *line,
                    *column,
                    Severity::Error,
                    "member-in-two-groups",
                    format!(
                        "{} is in group '{label}' and in group '{other}' (line {other_line}) of phase {}; a unit joins one group per phase",
                        unit_label(ds, code),
                        phase.as_str()
                    ),
                ));
                failed = true;
                continue;
            }
            owner.insert((phase, code.clone()), (label.clone(), *line));
            members.push(code.clone());
        }
        if members.len() < 2 && !failed {
            issues.push(issue(
                a.line,
                0,
                Severity::Error,
                "one-member-group",
                format!(
                    "group '{label}' has {} distinct member(s) read; a merge needs at least two units",
                    members.len()
                ),
            ));
            continue;
        }
        let mut code = None;
        if let Some((seat, line, column)) = &a.seat {
            match index.resolve(seat) {
                MemberMatch::Unit(c, _) if members.contains(&c) => code = Some(c),
                _ => issues.push(issue(
                    *line,
                    *column,
                    Severity::Error,
                    "seat-not-member",
                    format!(
                        "seat '{seat}' of group '{label}' is not one of its members; expected the code or name of a member"
                    ),
                )),
            }
        }
        members.sort();
        let level = members
            .first()
            .and_then(|c| ds.get(c.as_str()))
            .map_or(Level::Commune, |u| u.level);
        groups.push((
            phase,
            ProposedGroup {
                id: label.clone(),
                level,
                members: members.clone(),
                kind: a.kind,
                name: a.new_name.clone(),
                code,
            },
            SourceGroup {
                id: label.clone(),
                phase,
                line: a.line,
                members,
                new_name: a.new_name.clone(),
            },
        ));
    }
    let mut phases: Vec<Phase> = groups.iter().map(|g| g.0).collect();
    phases.push(default_phase);
    phases.sort_unstable();
    phases.dedup();
    let proposal = Proposal {
        phases: phases
            .into_iter()
            .map(|phase| ProposalPhase {
                phase,
                groups: groups
                    .iter()
                    .filter(|g| g.0 == phase)
                    .map(|g| g.1.clone())
                    .collect(),
                changes: Vec::new(),
            })
            .collect(),
    };
    Resolved {
        proposal,
        groups: groups.into_iter().map(|g| g.2).collect(),
        issues,
    }
}

/// `1`, `2`, ... as the rule set's phases in order, or a phase token.
fn parse_phase(text: &str, rules: &RuleSet) -> Option<Phase> {
    let p = match text.parse::<usize>() {
        Ok(n) if n >= 1 => rules.phases().get(n - 1).copied(),
        _ => Phase::parse(text.trim()),
    }?;
    rules.phases().contains(&p).then_some(p)
}

/// `Xã A (00001, Huyện B)`.
fn unit_label(ds: &Dataset, code: &UnitCode) -> String {
    match ds.get(code.as_str()) {
        Some(u) => {
            let parent = u
                .parent_code
                .as_ref()
                .and_then(|p| ds.get(p.as_str()))
                .map(|p| format!(", {}", p.name))
                .unwrap_or_default();
            format!("{} ({}{parent})", u.name, u.code)
        }
        None => code.to_string(),
    }
}

fn candidates_text(ds: &Dataset, cands: &[UnitCode], lead: &str) -> String {
    if cands.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = cands.iter().take(8).map(|c| unit_label(ds, c)).collect();
    let more = if cands.len() > 8 {
        format!(" and {} more", cands.len() - 8)
    } else {
        String::new()
    };
    format!("{lead}{}{more}", shown.join("; "))
}

/// The reasons of the targets an evaluated proposal leaves unresolved.
///
/// `evaluated` is the run with only the proposal's groups; `own` the
/// planner's own run on the same data and scenario. A target the planner
/// leaves unresolved too keeps the planner's reason and best partial option
/// (so an unedited `plan.csv` gives back the plan's `unresolved.csv`); any
/// other target is [`UnresolvedReason::NotProposed`]: the proposal could
/// have arranged it.
///
/// # Complexity
/// O((u + v) log v) for u and v unresolved targets in the two runs.
pub fn explain_unresolved(evaluated: &mut PlanResult, own: &PlanResult) {
    let planner: BTreeMap<(Phase, &UnitCode), &crate::pipeline::UnresolvedTarget> = own
        .unresolved
        .iter()
        .map(|t| ((t.phase, &t.unit.code), t))
        .collect();
    for t in &mut evaluated.unresolved {
        match planner.get(&(t.phase, &t.unit.code)) {
            Some(p) => {
                t.reason = p.reason.clone();
                t.best_option = p.best_option.clone();
            }
            None => {
                t.reason = UnresolvedReason::NotProposed;
                t.best_option.clear();
            }
        }
    }
}

/// Where a group of the outputs came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A group of the province's proposal, kept exactly.
    Proposal,
    /// A group reorg proposed for what the proposal leaves out (`--complete`).
    Reorg,
}

impl Origin {
    /// The label shown to the reader.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Origin::Proposal => lang.pick("phương án của tỉnh", "the province's proposal"),
            Origin::Reorg => lang.pick("do reorg đề xuất", "proposed by reorg"),
        }
    }
}

/// Each group of `result` with its origin and the proposal group (and
/// line) it comes from, in the result's order.
pub fn origins<'a>(
    result: &'a PlanResult,
    groups: &'a [SourceGroup],
) -> Vec<(&'a str, Origin, Option<&'a SourceGroup>)> {
    let by_members: HashMap<(Phase, &[UnitCode]), &SourceGroup> = groups
        .iter()
        .map(|g| ((g.phase, g.members.as_slice()), g))
        .collect();
    result
        .groups
        .iter()
        .map(|g| {
            let members = g.member_codes();
            match by_members.get(&(g.phase, members.as_slice())) {
                Some(s) => (g.group_id.as_str(), Origin::Proposal, Some(*s)),
                None => (g.group_id.as_str(), Origin::Reorg, None),
            }
        })
        .collect()
}

/// One finding on a proposal: a row of `findings.csv`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EvalFinding {
    /// The proposal's line (of the group's first row), if the finding
    /// concerns a group.
    pub line: Option<u64>,
    /// The group's label, if any.
    pub group: Option<String>,
    /// The codes of the units concerned, `;`-separated.
    pub code: String,
    /// Error (illegal) or warning (allowed but notable).
    pub severity: Severity,
    /// The rule: a validator rule token (`contiguity`, ...) or
    /// `not_arranged` / `not_required`.
    pub rule: String,
    /// What is found, with the article, in the report's language.
    pub message: String,
}

/// The findings of a proposal: the validator's ([`crate::validator`]),
/// each with its group's line, then the mandatory units the proposal
/// leaves unarranged (warning `not_arranged`, NQ 35/2023 Điều 3 khoản 1)
/// and the groups without a unit the law requires to be arranged (warning
/// `not_required`), from the assessments of `result` (the proposal run
/// through the pipeline).
///
/// # Complexity
/// O(f + g · k + a) for f findings, g groups of k members, a assessments.
pub fn findings(
    ds: &Dataset,
    check: &CheckReport,
    resolved: &Resolved,
    result: &PlanResult,
    lang: Lang,
) -> Vec<EvalFinding> {
    let line_of: HashMap<&str, u64> = resolved
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.line))
        .collect();
    // A finding on the map after a phase (structure, names) belongs to
    // the group that formed one of its units, if any: the latest such group
    // of that phase or before (its new unit keeps a member's code).
    let group_of = |phase: Phase, units: &[UnitCode]| -> Option<&SourceGroup> {
        resolved
            .groups
            .iter()
            .filter(|g| g.phase <= phase && units.iter().any(|u| g.members.contains(u)))
            .max_by_key(|g| g.phase)
    };
    let mut out: Vec<EvalFinding> = Vec::new();
    for f in &check.findings {
        let group = f
            .group
            .clone()
            .or_else(|| group_of(f.phase, &f.units).map(|g| g.id.clone()));
        let e = EvalFinding {
            line: group.as_deref().and_then(|g| line_of.get(g).copied()),
            group,
            code: join_codes(&f.units),
            severity: f.severity,
            rule: f.rule.as_str().to_string(),
            message: f.message.clone(),
        };
        // A problem still on the map in a later phase is listed once.
        if !out.contains(&e) {
            out.push(e);
        }
    }
    let status: BTreeMap<(Phase, &UnitCode), Status> = result
        .assessments
        .iter()
        .map(|a| ((a.phase, &a.code), a.status))
        .collect();
    let arranged: std::collections::HashSet<(Phase, &UnitCode)> = result
        .groups
        .iter()
        .flat_map(|g| g.members.iter().map(move |m| (g.phase, &m.unit.code)))
        .collect();
    for u in &result.unresolved {
        if u.assessment.status != Status::Mandatory || arranged.contains(&(u.phase, &u.unit.code)) {
            continue;
        }
        out.push(EvalFinding {
            line: None,
            group: None,
            code: u.unit.code.to_string(),
            severity: Severity::Warning,
            rule: "not_arranged".into(),
            message: match lang {
                Lang::Vi => format!(
                    "{} thuộc diện phải sắp xếp trong giai đoạn {} nhưng phương án không sắp xếp (NQ 35/2023 Điều 3 khoản 1)",
                    unit_label(ds, &u.unit.code),
                    u.phase.as_str(),
                ),
                Lang::En => format!(
                    "{} must be arranged in {} but the proposal leaves it out (NQ 35/2023 Article 3(1))",
                    unit_label(ds, &u.unit.code),
                    u.phase.as_str(),
                ),
            },
        });
    }
    for g in &resolved.groups {
        let known: Vec<Status> = g
            .members
            .iter()
            .filter_map(|c| status.get(&(g.phase, c)).copied())
            .collect();
        if known.len() == g.members.len() && known.iter().all(|s| *s != Status::Mandatory) {
            out.push(EvalFinding {
                line: Some(g.line),
                group: Some(g.id.clone()),
                code: join_codes(&g.members),
                severity: Severity::Warning,
                rule: "not_required".into(),
                message: match lang {
                    Lang::Vi => format!(
                        "nhóm {} không có đơn vị nào thuộc diện phải sắp xếp trong giai đoạn {}: luật không yêu cầu sắp xếp các đơn vị này (NQ 35/2023 Điều 3)",
                        g.id,
                        g.phase.as_str()
                    ),
                    Lang::En => format!(
                        "group {} holds no unit that must be arranged in {}: the law does not require arranging these units (NQ 35/2023 Article 3)",
                        g.id,
                        g.phase.as_str()
                    ),
                },
            });
        }
    }
    out
}

fn join_codes(codes: &[UnitCode]) -> String {
    codes
        .iter()
        .map(UnitCode::as_str)
        .collect::<Vec<_>>()
        .join(";")
}

/// `findings.csv`: `line,group,code,severity,rule,message`, one row per
/// finding, in the order given.
///
/// # Errors
/// A CSV encoding error.
pub fn encode_findings(
    findings: &[EvalFinding],
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    let mut w = crate::io::csv_out::CsvWriter::new(Vec::new(), style)?;
    w.write_row(["line", "group", "code", "severity", "rule", "message"])?;
    for f in findings {
        w.write_row([
            f.line.map(|l| l.to_string()).unwrap_or_default().as_str(),
            f.group.as_deref().unwrap_or(""),
            f.code.as_str(),
            match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            f.rule.as_str(),
            f.message.as_str(),
        ])?;
    }
    w.finish()
}
