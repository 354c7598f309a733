//! CSV encodings of a plan: `plan.csv`, `unresolved.csv`, `units.csv`,
//! `conversions.csv`.
//!
//! Encoders return bytes so that callers can write a report folder
//! atomically; rows come out in a fixed order (phase, level, group id / code),
//! numbers with a fixed number of decimals, so the same plan gives the same
//! bytes.

use serde::Serialize;

use crate::assess::Assessment;
use crate::io::rows::{encode_rows, fixed, joined};
use crate::lang::Lang;
use crate::planner::UnresolvedReason;

use super::changes::{UnitChange, kind_note};
use super::run::{PlanResult, PlannedGroup, UnresolvedTarget};
use crate::model::{Level, UnitCode};

/// One row of `plan.csv`: the contract columns first, then extras. The
/// header is the field names. `kind_after` is the new unit's kind (`kind`
/// is kept for older readers); `standard_tag` the weakest tag (V, S, U) of
/// the figures its verdict rests on; `name_reason` why the name is not the
/// one NQ 35/2023 Điều 6 gives (empty when it is, docs/legal-basis.md §2.7);
/// `kind_note` the urban conditions of a district merge into an urban kind,
/// judged or flagged as not judgeable (docs/legal-basis.md §2.11).
#[derive(Debug, Default, Serialize)]
struct PlanRow<'a> {
    phase: &'a str,
    level: &'a str,
    group_id: &'a str,
    parent_code: &'a str,
    members: String,
    proposed_name: &'a str,
    area_km2: String,
    population: Option<u64>,
    area_ratio: String,
    population_ratio: String,
    meets_standard: bool,
    province_code: &'a str,
    new_code: &'a str,
    kind: &'a str,
    member_names: String,
    targets: String,
    pulled_in: String,
    name_alternatives: String,
    standard_area_km2: String,
    standard_population: String,
    inner_border_km: String,
    depends_on: &'a str,
    year: Option<u16>,
    kind_after: &'a str,
    standard_tag: &'a str,
    name_reason: String,
    kind_note: String,
}

impl<'a> PlanRow<'a> {
    /// The row of a group taking effect in `year` (if scheduled);
    /// `parent_name` names the parent in the name reason.
    fn new(g: &'a PlannedGroup, year: Option<u16>, parent_name: &str, lang: Lang) -> Self {
        let codes = |target: Option<bool>| {
            joined(
                g.members
                    .iter()
                    .filter(|m| target.is_none_or(|t| m.is_target == t))
                    .map(|m| m.unit.code.as_str()),
                ";",
            )
        };
        PlanRow {
            phase: g.phase.as_str(),
            level: g.level.as_str(),
            group_id: &g.group_id,
            parent_code: g.parent_code.as_str(),
            members: codes(None),
            proposed_name: &g.proposed_name,
            area_km2: fixed(g.new_unit.area_km2, 2),
            population: g.new_unit.population,
            area_ratio: fixed(g.area_ratio, 4),
            population_ratio: fixed(g.population_ratio, 4),
            meets_standard: g.meets_standard,
            province_code: g.province_code.as_str(),
            new_code: g.new_unit.code.as_str(),
            kind: g.new_unit.kind.as_str(),
            member_names: joined(g.members.iter().map(|m| m.unit.name.as_str()), ";"),
            targets: codes(Some(true)),
            pulled_in: codes(Some(false)),
            name_alternatives: joined(&g.alternatives, ";"),
            standard_area_km2: format!("{:.2}", g.standard_area_km2),
            standard_population: format!("{:.0}", g.standard_population),
            inner_border_km: format!("{:.3}", g.inner_border_km),
            depends_on: g.depends_on.as_deref().unwrap_or_default(),
            year,
            kind_after: g.new_unit.kind.as_str(),
            standard_tag: g.standard_tag.as_str(),
            name_reason: g
                .name_change
                .as_ref()
                .map(|n| n.text(lang, parent_name))
                .unwrap_or_default(),
            kind_note: if g.level == Level::District {
                kind_note(g.new_unit.kind, g.urban.as_ref(), lang)
            } else {
                String::new()
            },
        }
    }
}

/// `plan.csv`: one row per merge group, with the effective year from
/// `years` (by group id; empty when a group is not scheduled).
///
/// # Errors
/// A CSV error (none is expected when writing to memory; it is not
/// swallowed).
pub fn encode_plan_with_years(
    result: &PlanResult,
    years: &std::collections::BTreeMap<String, u16>,
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    encode_rows(
        result.groups.iter().map(|g| {
            PlanRow::new(
                g,
                years.get(&g.group_id).copied(),
                parent_name(result, &g.parent_code),
                lang,
            )
        }),
        style,
    )
}

fn parent_name<'r>(result: &'r PlanResult, code: &'r UnitCode) -> &'r str {
    result.names.get(code).map_or(code.as_str(), String::as_str)
}

/// One row of `conversions.csv`: a unit not merged in the phase whose kind
/// changes (convert mode: xã → phường, thị trấn → phường or xã) or whose
/// name changes (a name taken in its new parent). `meets_standard` judges a
/// converted unit against the standard of its new kind (empty for a
/// rename); `reason` gives the rule, the article and the tag
/// (docs/legal-basis.md §2.11, §2.7).
#[derive(Debug, Default, Serialize)]
struct ConversionRow<'a> {
    phase: &'a str,
    code: &'a str,
    name: &'a str,
    kind_before: &'a str,
    kind_after: &'a str,
    name_after: &'a str,
    meets_standard: Option<bool>,
    reason: String,
    level: &'a str,
    parent_code: &'a str,
    area_ratio: String,
    population_ratio: String,
    standard_tag: &'a str,
}

impl<'a> ConversionRow<'a> {
    fn new(c: &'a UnitChange, parent_name: &str, lang: Lang) -> Self {
        let v = c.verdict.as_ref();
        ConversionRow {
            phase: c.phase.as_str(),
            code: c.code.as_str(),
            name: &c.name,
            kind_before: c.kind_before.as_str(),
            kind_after: c.kind_after.as_str(),
            name_after: &c.name_after,
            meets_standard: v.map(|v| v.meets),
            reason: c.reason(lang, parent_name),
            level: c.level.as_str(),
            parent_code: c.parent_code.as_str(),
            area_ratio: fixed(v.and_then(|v| v.area_ratio), 4),
            population_ratio: fixed(v.and_then(|v| v.population_ratio), 4),
            standard_tag: v.map_or("", |v| v.tag.as_str()),
        }
    }
}

/// `conversions.csv`: the kind conversions and renames of the plan.
///
/// # Errors
/// A CSV encoding error (none for these rows).
pub fn encode_conversions(
    result: &PlanResult,
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    encode_rows(
        result
            .changes
            .iter()
            .map(|c| ConversionRow::new(c, parent_name(result, &c.parent_code), lang)),
        style,
    )
}

/// A short, stable id of an unresolved reason (`no_neighbour`, ...).
pub fn reason_id(r: &UnresolvedReason) -> &'static str {
    match r {
        UnresolvedReason::TargetIneligible { .. } => "target_ineligible",
        UnresolvedReason::NoNeighbour => "no_neighbour",
        UnresolvedReason::NoEligibleNeighbour { .. } => "no_eligible_neighbour",
        UnresolvedReason::LocksExcludeAll => "locks_exclude_all",
        UnresolvedReason::CandidateCapReached => "candidate_cap_reached",
        UnresolvedReason::StandardUnreachableWithinK => "standard_unreachable_within_k",
        UnresolvedReason::DeferredByProvince => "deferred_by_province",
        UnresolvedReason::KindConflict => "kind_conflict",
        UnresolvedReason::ConflictWithOtherTargets { .. } => "conflict_with_other_targets",
        UnresolvedReason::ObjectiveTradeOff => "objective_trade_off",
        UnresolvedReason::NotProposed => "not_proposed",
        UnresolvedReason::ConsentNotReached => "consent_not_reached",
    }
}

/// A human explanation of an unresolved reason.
pub fn reason_text(r: &UnresolvedReason, lang: Lang) -> String {
    match r {
        UnresolvedReason::TargetIneligible { eligibility } => lang
            .pick(
                match eligibility {
                    crate::planner::EligibilityTag::Exempt => {
                        "đơn vị thuộc trường hợp không bắt buộc sắp xếp"
                    }
                    crate::planner::EligibilityTag::Locked => {
                        "đơn vị bị khóa trong phương án hoặc thiếu số liệu"
                    }
                },
                match eligibility {
                    crate::planner::EligibilityTag::Exempt => "the unit is exempt",
                    crate::planner::EligibilityTag::Locked => {
                        "the unit is locked by the scenario or lacks data"
                    }
                },
            )
            .to_string(),
        UnresolvedReason::NoNeighbour => lang
            .pick(
                "không có đơn vị liền kề cùng cấp trong cùng đơn vị cấp trên",
                "no adjacent unit of the same level inside the parent",
            )
            .to_string(),
        UnresolvedReason::NoEligibleNeighbour { exempt, locked } => match lang {
            Lang::Vi => format!(
                "mọi đơn vị liền kề đều không thể sắp xếp ({exempt} được miễn, {locked} bị khóa)"
            ),
            Lang::En => {
                format!("every adjacent unit is unavailable ({exempt} exempt, {locked} locked)")
            }
        },
        UnresolvedReason::LocksExcludeAll => lang
            .pick(
                "mọi phương án nhập đều vi phạm ràng buộc của phương án",
                "every possible group breaks a scenario lock",
            )
            .to_string(),
        UnresolvedReason::CandidateCapReached => lang
            .pick(
                "vượt giới hạn số phương án ứng viên",
                "the candidate cap was reached",
            )
            .to_string(),
        UnresolvedReason::DeferredByProvince => lang
            .pick(
                "tỉnh lùi việc sắp xếp sang giai đoạn sau",
                "deferred by the province",
            )
            .to_string(),
        UnresolvedReason::StandardUnreachableWithinK => lang
            .pick(
                "không nhóm nào trong giới hạn số đơn vị đạt tiêu chuẩn",
                "no group within the size limit meets the standard",
            )
            .to_string(),
        UnresolvedReason::KindConflict => lang
            .pick(
                "xung đột loại đơn vị: không loại đơn vị hành chính cấp huyện nào chứa được các đơn vị cấp xã của nhóm nhập mà không chuyển đổi loại (Hiến pháp 2013 Điều 110) hoặc không làm giảm tỷ lệ phường của thành phố dưới mức tối thiểu (NQ 1211/2016 Điều 5)",
                "kind conflict: no district kind can hold the merged communes without converting them (Constitution 2013, Article 110) or without lowering a city's ward share below its minimum (NQ 1211/2016, Article 5)",
            )
            .to_string(),
        UnresolvedReason::ConflictWithOtherTargets { blocking } => match lang {
            Lang::Vi => format!(
                "các đơn vị liền kề đã được nhập với {} đơn vị khác thuộc diện sắp xếp",
                blocking.len()
            ),
            Lang::En => format!(
                "its neighbours are taken by groups of {} other targets",
                blocking.len()
            ),
        },
        UnresolvedReason::ObjectiveTradeOff => lang
            .pick(
                "hàm mục tiêu của phương án ưu tiên không nhập",
                "the scenario's objective prefers leaving it",
            )
            .to_string(),
        UnresolvedReason::NotProposed => lang
            .pick(
                "phương án của tỉnh không sắp xếp đơn vị này",
                "the province's proposal does not arrange it",
            )
            .to_string(),
        UnresolvedReason::ConsentNotReached => lang
            .pick(
                "không quá nửa tổng số cử tri của đơn vị đồng ý với phương án nhập đề xuất: tạm hoãn, lấy ý kiến lại với phương án khác",
                "no more than half of the unit's voters agreed to the merge proposed: deferred until a new proposal is put to them",
            )
            .to_string(),
    }
}

/// One row of `unresolved.csv`.
#[derive(Debug, Default, Serialize)]
struct UnresolvedRow<'a> {
    phase: &'a str,
    code: &'a str,
    reason: String,
    level: &'a str,
    name: &'a str,
    parent_code: &'a str,
    rule: &'a str,
    area_ratio: String,
    population_ratio: String,
    best_option: String,
}

impl<'a> UnresolvedRow<'a> {
    fn new(u: &'a UnresolvedTarget, lang: Lang) -> Self {
        UnresolvedRow {
            phase: u.phase.as_str(),
            code: u.unit.code.as_str(),
            reason: format!("{}: {}", reason_id(&u.reason), reason_text(&u.reason, lang)),
            level: u.unit.level.as_str(),
            name: &u.unit.name,
            parent_code: u.parent_code.as_str(),
            rule: u.assessment.rule.as_deref().unwrap_or_default(),
            area_ratio: fixed(u.assessment.area_ratio, 4),
            population_ratio: fixed(u.assessment.population_ratio, 4),
            best_option: joined(u.best_option.iter().map(|c| c.as_str()), ";"),
        }
    }
}

/// `unresolved.csv`: one row per target left without a merge.
///
/// # Errors
/// A CSV error (not swallowed).
pub fn encode_unresolved(
    result: &PlanResult,
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    encode_rows(
        result
            .unresolved
            .iter()
            .map(|u| UnresolvedRow::new(u, lang)),
        style,
    )
}

/// One row of the plan's `units.csv`: the assessment of a unit on the map
/// of a phase, with the unit's name on that map.
#[derive(Debug, Default, Serialize)]
struct UnitRow<'a> {
    code: &'a str,
    name: String,
    level: &'a str,
    phase: &'a str,
    status: &'a str,
    rule: &'a str,
    area_ratio: String,
    population_ratio: String,
    standard: &'a str,
    tag: &'a str,
    assumptions: String,
}

impl<'a> UnitRow<'a> {
    fn new(a: &'a Assessment, name: String, lang: Lang) -> Self {
        UnitRow {
            code: a.code.as_str(),
            name,
            level: a.level.as_str(),
            phase: a.phase.as_str(),
            status: a.status.as_str(),
            rule: a.rule.as_deref().unwrap_or_default(),
            area_ratio: fixed(a.area_ratio, 4),
            population_ratio: fixed(a.population_ratio, 4),
            standard: &a.standard.id,
            tag: a.tag.as_str(),
            assumptions: joined(a.notes.iter().map(|n| n.text(lang)), "; "),
        }
    }
}

/// `units.csv`: every assessment made during the run, in (phase, level,
/// code) order, with the unit's name on the map of its phase (a unit formed
/// in an earlier phase carries the name proposed for it).
///
/// # Errors
/// A CSV error (not swallowed).
///
/// # Complexity
/// O((a + g) log g) for a assessments and g merges.
pub fn encode_units(
    result: &PlanResult,
    ds: &crate::model::Dataset,
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    // Names given by earlier phases' merges, by (code, phase formed): a
    // binary search finds a code's merges (the scan of every merge for
    // every row was quadratic on large maps).
    let mut formed: Vec<(&str, crate::model::Phase, &str)> = result
        .groups
        .iter()
        .map(|g| (g.new_unit.code.as_str(), g.phase, g.proposed_name.as_str()))
        .collect();
    formed.sort_unstable();
    let name_of = |a: &Assessment| -> String {
        let code = a.code.as_str();
        let start = formed.partition_point(|(c, _, _)| *c < code);
        let end = formed.partition_point(|(c, _, _)| *c <= code);
        formed[start..end]
            .iter()
            .rev()
            .find(|(_, ph, _)| *ph < a.phase)
            .map(|(_, _, n)| (*n).to_string())
            .or_else(|| ds.get(code).map(|u| u.name.clone()))
            .unwrap_or_default()
    };
    let mut rows: Vec<&Assessment> = result.assessments.iter().collect();
    rows.sort_by(|a, b| (a.phase, a.level, &a.code).cmp(&(b.phase, b.level, &b.code)));
    encode_rows(
        rows.into_iter().map(|a| UnitRow::new(a, name_of(a), lang)),
        style,
    )
}
