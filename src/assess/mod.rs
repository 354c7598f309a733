//! Assessment of units against a rule set: per unit and phase, whether the
//! law requires it to be rearranged ("thuộc diện sắp xếp"), and why.
//!
//! Semantics (NQ 35/2023 Điều 1, Điều 3; docs/legal-basis.md §2.2–2.3):
//! - `unknown`: area or population missing (never treated as zero);
//! - `mandatory`: a criterion of the phase holds and no exemption applies
//!   (`rule` = the first criterion in file order, e.g. M1 before M3);
//! - `exempt`: a criterion holds but an exemption applies (`rule` = the first
//!   exemption in file order, E1..E6);
//! - `meets_standard`: both ratios ≥ 1;
//! - `below_standard`: not mandatory and some ratio < 1.
//!
//! A set without criteria (`nq76-2025`: standards only) gives only
//! `meets_standard`, `below_standard` and `unknown`.

mod output;

use std::fmt;

pub use output::{AssessError, Summary, csv_header, encode_csv, summarize, write_csv};

use crate::lang::Lang;
use crate::model::{Dataset, Level, Phase, Unit, UnitCode, UnitKind};
use crate::rules::{AppliedStandard, Assumption, Flag, Placement, RuleSet, Tag};

/// Relative tolerance of the threshold comparisons, so that binary rounding
/// (21 / 30 vs 0.70) does not flip a strict "dưới X%".
const RATIO_EPS: f64 = 1e-9;

/// The outcome of assessing one unit in one phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// A criterion holds and no exemption applies: must be rearranged.
    Mandatory,
    /// A criterion holds but an exemption applies.
    Exempt,
    /// Area and population both at or above the standard.
    MeetsStandard,
    /// Not mandatory, but area or population below the standard.
    BelowStandard,
    /// Area or population unknown.
    Unknown,
}

impl Status {
    /// All statuses, in report order.
    pub const ALL: [Status; 5] = [
        Status::Mandatory,
        Status::Exempt,
        Status::BelowStandard,
        Status::MeetsStandard,
        Status::Unknown,
    ];

    /// `mandatory`, `exempt`, `meets_standard`, `below_standard`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Mandatory => "mandatory",
            Status::Exempt => "exempt",
            Status::MeetsStandard => "meets_standard",
            Status::BelowStandard => "below_standard",
            Status::Unknown => "unknown",
        }
    }

    /// A human label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::Mandatory, Lang::Vi) => "Thuộc diện phải sắp xếp",
            (Status::Exempt, Lang::Vi) => "Không bắt buộc (yếu tố đặc thù)",
            (Status::MeetsStandard, Lang::Vi) => "Đạt tiêu chuẩn",
            (Status::BelowStandard, Lang::Vi) => "Chưa đạt tiêu chuẩn",
            (Status::Unknown, Lang::Vi) => "Thiếu số liệu",
            (Status::Mandatory, Lang::En) => "Mandatory",
            (Status::Exempt, Lang::En) => "Exempt",
            (Status::MeetsStandard, Lang::En) => "Meets standard",
            (Status::BelowStandard, Lang::En) => "Below standard",
            (Status::Unknown, Lang::En) => "Unknown",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The assessment of one unit in one phase.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessment {
    /// Unit code.
    pub code: UnitCode,
    /// Level of the unit.
    pub level: Level,
    /// Phase assessed.
    pub phase: Phase,
    /// Outcome.
    pub status: Status,
    /// Criterion id (`mandatory`) or exemption id (`exempt`); `None` otherwise.
    pub rule: Option<String>,
    /// `area / area standard`, if the area is known.
    pub area_ratio: Option<f64>,
    /// `population / population standard`, if the population is known.
    pub population_ratio: Option<f64>,
    /// The standard applied.
    pub standard: AppliedStandard,
    /// Assumptions that bear on this result, as Vietnamese text (see `notes`).
    pub assumptions: Vec<String>,
    /// The same assumptions, typed (render with [`Assumption::text`]).
    pub notes: Vec<Assumption>,
    /// Kind of the unit.
    pub kind: UnitKind,
    /// The criterion that holds, also when an exemption applies.
    pub criterion: Option<String>,
    /// Weakest verification tag behind the result (standard and rule used).
    pub tag: Tag,
    /// `mountainous_basis` of the unit as given in the data.
    pub mountainous_basis: Option<String>,
}

fn flag_value(unit: &Unit, flag: Flag) -> Option<bool> {
    let a = &unit.attrs;
    match flag {
        Flag::Isolated => a.isolated,
        Flag::Island => a.island,
        Flag::BoundaryUnchangedSince1945 => a.boundary_unchanged_since_1945,
        Flag::DefenseOrCultural => a.defense_or_cultural,
        Flag::PlannedUrban => a.planned_urban,
    }
}

/// Assesses one unit in one phase (NQ 35/2023 Điều 1 khoản 2–3 and Điều 3;
/// for `nq653-2019`, NQ 653/2019).
///
/// # Arguments
/// - `parent_kind`: the kind of the unit's parent (selects the phường standard);
/// - `phase`: the phase whose criteria and exemptions apply.
///
/// Assumptions that can only lower a standard (unknown ethnic share, coastal
/// status, region, border) are kept only when the unit does not meet its
/// standard: otherwise they cannot change the result.
///
/// # Complexity
/// O(s + r + c + e) over the rule set's sections.
pub fn assess_unit(
    rules: &RuleSet,
    unit: &Unit,
    parent_kind: Option<UnitKind>,
    phase: Phase,
) -> Assessment {
    assess_with_standard(rules, unit, rules.standard(unit, parent_kind), phase)
}

/// [`assess_unit`] for a unit placed in its parent and province (the
/// province matters for the 2025 phường standards, NQ 76/2025).
///
/// # Complexity
/// As [`assess_unit`].
pub fn assess_unit_at(
    rules: &RuleSet,
    unit: &Unit,
    placement: &crate::rules::Placement,
    phase: Phase,
) -> Assessment {
    assess_with_standard(rules, unit, rules.standard_at(unit, placement), phase)
}

/// [`assess_unit`] with the unit's standard already computed (it does not
/// depend on the phase).
fn assess_with_standard(
    rules: &RuleSet,
    unit: &Unit,
    standard: AppliedStandard,
    phase: Phase,
) -> Assessment {
    let area_ratio = unit.area_km2.map(|a| a / standard.area_km2);
    let population_ratio = unit.population.map(|p| p as f64 / standard.population);
    let mut tag = standard.area_tag.weakest(standard.population_tag);
    let mut notes = standard.notes.clone();
    let mut criterion = None;
    let mut rule = None;
    let status = match (area_ratio, population_ratio) {
        (Some(a), Some(p)) => {
            let below = |x: f64, bound: f64| x < bound * (1.0 - RATIO_EPS);
            criterion = rules
                .criteria
                .iter()
                .filter(|c| c.phase == phase && c.levels.contains(&unit.level))
                .find(|c| below(a, c.area_below) && below(p, c.population_below));
            match criterion {
                Some(c) => {
                    tag = tag.weakest(c.tag);
                    if c.tag == Tag::U {
                        notes.push(Assumption::Unverified { what: c.id.clone() });
                    }
                    match exemption_for(rules, unit, phase) {
                        Some(e) => {
                            tag = tag.weakest(e.tag);
                            if e.tag == Tag::U {
                                notes.push(Assumption::Unverified { what: e.id.clone() });
                            }
                            rule = Some(e.id.clone());
                            Status::Exempt
                        }
                        None => {
                            let mut unknown: Vec<String> = Vec::new();
                            for e in rules.exemptions.iter().filter(|e| {
                                (e.phases.is_empty() || e.phases.contains(&phase))
                                    && (e.kinds.is_empty() || e.kinds.contains(&unit.kind))
                            }) {
                                for f in &e.flags {
                                    let name = f.as_str().to_string();
                                    if flag_value(unit, *f).is_none() && !unknown.contains(&name) {
                                        unknown.push(name);
                                    }
                                }
                            }
                            if !unknown.is_empty() {
                                notes.push(Assumption::ExemptionFlagsUnknown { flags: unknown });
                            }
                            rule = Some(c.id.clone());
                            Status::Mandatory
                        }
                    }
                }
                None if a >= 1.0 - RATIO_EPS && p >= 1.0 - RATIO_EPS => Status::MeetsStandard,
                None => Status::BelowStandard,
            }
        }
        _ => Status::Unknown,
    };
    if status == Status::MeetsStandard {
        notes.retain(|n| !n.only_lowers_standards());
    }
    Assessment {
        code: unit.code.clone(),
        level: unit.level,
        phase,
        status,
        rule,
        area_ratio,
        population_ratio,
        assumptions: notes.iter().map(|n| n.text(Lang::Vi)).collect(),
        notes,
        standard,
        kind: unit.kind,
        criterion: criterion.map(|c| c.id.clone()),
        tag,
        mountainous_basis: unit.attrs.mountainous_basis.clone(),
    }
}

/// Assesses every district and commune of `ds` (of one province if given)
/// in each phase of `rules`, sorted by `(code, phase)`.
///
/// A province code that is not in `ds` gives an empty list.
///
/// # Complexity
/// O(n · f · (s + r + c + e)) for n units and f phases.
pub fn assess_dataset(
    rules: &RuleSet,
    ds: &Dataset,
    province: Option<&UnitCode>,
) -> Vec<Assessment> {
    let only = province.map(|code| ds.id_of(code));
    let mut out = Vec::new();
    for level in [Level::District, Level::Commune] {
        for id in ds.ids_at(level) {
            if let Some(want) = only
                && ds.province_of(id) != want
            {
                continue;
            }
            let unit = ds.unit(id);
            let standard = rules.standard_at(unit, &Placement::in_dataset(ds, id));
            for phase in rules.phases() {
                out.push(assess_with_standard(rules, unit, standard.clone(), *phase));
            }
        }
    }
    out.sort_by(|x, y| (&x.code, x.phase).cmp(&(&y.code, y.phase)));
    out
}

/// Every exemption of `rules` that applies to `unit` in `phase`, in file
/// order (a unit may be an island, E1, and already arranged, E5): a unit may
/// be a merge partner only if the scenario allows all of them.
///
/// # Complexity
/// O(e) for e exemptions.
pub fn exemptions_for<'r>(
    rules: &'r RuleSet,
    unit: &Unit,
    phase: Phase,
) -> Vec<&'r crate::rules::ExemptionDef> {
    rules
        .exemptions
        .iter()
        .filter(|e| exemption_applies(e, unit, phase))
        .collect()
}

fn exemption_applies(e: &crate::rules::ExemptionDef, unit: &Unit, phase: Phase) -> bool {
    (e.phases.is_empty() || e.phases.contains(&phase))
        && (e.kinds.is_empty() || e.kinds.contains(&unit.kind))
        && (e.flags.iter().any(|f| flag_value(unit, *f) == Some(true))
            || unit
                .attrs
                .arranged_in
                .is_some_and(|r| e.arranged_in.contains(&r)))
}

/// The first exemption of `rules` that applies to `unit` in `phase`, whether
/// or not a criterion holds (NQ 35/2023 Điều 3): used to keep exempt units out
/// of merges as partners.
///
/// # Complexity
/// O(e) for e exemptions.
pub fn exemption_for<'r>(
    rules: &'r RuleSet,
    unit: &Unit,
    phase: Phase,
) -> Option<&'r crate::rules::ExemptionDef> {
    rules
        .exemptions
        .iter()
        .find(|e| exemption_applies(e, unit, phase))
}
